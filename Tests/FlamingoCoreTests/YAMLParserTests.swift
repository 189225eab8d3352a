import Testing
@testable import FlamingoCore

@Suite struct YAMLParserTests {
    @Test func resolvesYAML11ScalarsAsCloudInitUsersWriteThem() throws {
        let root = try parseYAML("""
            a: yes
            b: off
            c: 0644
            d: 42
            e: 1e3
            f: 1.5
            g: ~
            h: "yes"
            i: 0x1F
            j: 1_000
            k: 190:20:30
            l: .inf
            m: 08
            n: !!str 12
            """)
        #expect(root["a"]?.scalar?.resolved == .bool(true))
        #expect(root["b"]?.scalar?.resolved == .bool(false))
        #expect(root["c"]?.scalar?.resolved == .int(0o644))
        #expect(root["d"]?.scalar?.resolved == .int(42))
        #expect(root["e"]?.scalar?.resolved == .string("1e3"))
        #expect(root["f"]?.scalar?.resolved == .float(1.5))
        #expect(root["g"]?.isNull == true)
        #expect(root["h"]?.scalar?.resolved == .string("yes"))
        #expect(root["i"]?.scalar?.resolved == .int(31))
        #expect(root["j"]?.scalar?.resolved == .int(1000))
        #expect(root["k"]?.scalar?.resolved == .int(190 * 3600 + 20 * 60 + 30))
        #expect(root["l"]?.scalar?.resolved == .float(.infinity))
        #expect(root["m"]?.scalar?.resolved == .string("08"))
        #expect(root["n"]?.scalar?.resolved == .string("12"))
    }

    /// Found by fuzzing: base-60 values past Int's range trapped. They stay strings, as an
    /// out-of-range decimal does; a MAC address of decimal digits is still base 60 (YAML 1.1).
    @Test func sexagesimalOverflowStaysAString() throws {
        let root = try parseYAML("""
            big: 55555555555552:54:00:00:20:11
            mac: 52:54:00:12:34:56
            signed: 1:+5
            """)
        #expect(root["big"]?.scalar?.resolved == .string("55555555555552:54:00:00:20:11"))
        #expect(root["mac"]?.scalar?.resolved == .int(((((52 * 60 + 54) * 60 + 0) * 60 + 12) * 60 + 34) * 60 + 56))
        #expect(root["signed"]?.scalar?.resolved == .string("1:+5"))
    }

    @Test func everyNodeKnowsItsLineAndColumn() throws {
        let root = try parseYAML("top:\n  list:\n    - one\n    - two: 2\n")
        let list = try #require(root["top"]?["list"]?.sequence)
        #expect(list[0].mark == Mark(line: 3, column: 7))
        #expect(list[1].mark == Mark(line: 4, column: 7))
        #expect(list[1]["two"]?.mark == Mark(line: 4, column: 12))
    }

    @Test func syntaxErrorsNameFileLineAndColumn() {
        let error = diagnostic { try parseYAML("a: [1, 2\nb: 3\n", file: "user-data") }
        #expect(error?.file == "user-data")
        #expect(error?.mark?.line == 2)
        #expect(error?.description.hasPrefix("user-data:2:") == true)
        #expect(error?.message.contains("invalid YAML") == true)
    }

    @Test func anchorsAliasesAndMergeKeys() throws {
        let root = try parseYAML("""
            base: &base {shell: /bin/bash, groups: wheel}
            alice:
              <<: *base
              groups: admin
            copy: *base
            """)
        #expect(root["alice"]?["shell"]?.scalar?.text == "/bin/bash")
        #expect(root["alice"]?["groups"]?.scalar?.text == "admin")
        #expect(root["copy"]?["groups"]?.scalar?.text == "wheel")
    }

    @Test func billionLaughsIsRefused() {
        var text = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for level in 1...9 {
            let refs = Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ", ")
            text += "a\(level): &a\(level) [\(refs)]\n"
        }
        let error = diagnostic { try parseYAML(text) }
        #expect(error?.message.contains("expands to more than") == true)
    }

    @Test func deepNestingIsRefused() {
        let text = String(repeating: "[", count: 300) + String(repeating: "]", count: 300)
        #expect(diagnostic { try parseYAML(text) }?.message.contains("nesting deeper") == true)
    }

    @Test func pythonObjectTagsAreRefusedAsSafeLoadDoes() {
        let error = diagnostic { try parseYAML("x: !!python/object/apply:os.system [ls]\n") }
        #expect(error?.message.contains("!!python/object/apply:os.system") == true)
        #expect(error?.mark?.line == 1)
    }

    @Test func aSecondDocumentIsAnError() {
        #expect(diagnostic { try parseYAML("a: 1\n---\nb: 2\n") }?.message.contains("single YAML document") == true)
    }

    @Test func duplicateKeysKeepTheLastValueWithAWarning() throws {
        var warnings: [Diagnostic] = []
        let root = try YAMLParser(file: "f").parse(Array("a: 1\na: 2\n".utf8), warnings: &warnings)
        #expect(root["a"]?.scalar?.text == "2")
        #expect(warnings.count == 1)
        #expect(warnings.first?.mark == Mark(line: 2, column: 1))
    }

    @Test func invalidUTF8AndNULBytesAreErrorsNotCrashes() {
        #expect(diagnostic { try YAMLParser(file: "f").parse([0x61, 0x3A, 0x20, 0xFF, 0xFE, 0x0A]) } != nil)
        #expect(diagnostic { try YAMLParser(file: "f").parse(Array("a: b\0c\n".utf8)) } != nil)
    }

    @Test func emptyInputIsNull() throws {
        #expect(try parseYAML("").isNull)
        #expect(try parseYAML("# only a comment\n").isNull)
    }
}
