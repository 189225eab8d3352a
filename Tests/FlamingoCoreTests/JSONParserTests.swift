import Testing
@testable import FlamingoCore

@Suite struct JSONParserTests {
    @Test func parsesValuesWithTypesAndPositions() throws {
        let root = try parseJSON("""
            {
              "uuid": "abc",
              "n": 12, "f": -1.5e3, "t": true, "z": null,
              "list": [1, "two", {"three": 3}]
            }
            """)
        #expect(root["uuid"]?.scalar?.resolved == .string("abc"))
        #expect(root["n"]?.scalar?.resolved == .int(12))
        #expect(root["f"]?.scalar?.resolved == .float(-1500))
        #expect(root["t"]?.scalar?.resolved == .bool(true))
        #expect(root["z"]?.isNull == true)
        #expect(root["uuid"]?.mark == Mark(line: 2, column: 11))
        #expect(root["list"]?.sequence?[2]["three"]?.mark == Mark(line: 4, column: 32))
    }

    @Test func stringsThatLookLikeYAMLBooleansStayStrings() throws {
        #expect(try parseJSON(#"{"a": "yes", "b": "0644"}"#)["b"]?.scalar?.resolved == .string("0644"))
    }

    @Test func escapesAndSurrogatePairs() throws {
        let root = try parseJSON(#"["a\"b\\c\/d\n", "\u00e9\ud83d\ude00"]"#)
        #expect(root.sequence?[0].scalar?.text == "a\"b\\c/d\n")
        #expect(root.sequence?[1].scalar?.text == "é😀")
    }

    @Test(arguments: [
        (#"{"a": 1,}"#, 1, 9, "expected a string key"),
        ("{\n  \"a\": tru\n}", 2, 8, "expected true"),
        (#"[1 2]"#, 1, 4, "expected ',' or ']'"),
        (#"{"a": 01}"#, 1, 7, "cannot start with 0"),
        ("\"unterminated", 1, 14, "end of input inside a string"),
        (#"{"a": 1} x"#, 1, 10, "unexpected text after"),
    ])
    func errorsCarryLineAndColumn(input: String, line: Int, column: Int, message: String) {
        let error = diagnostic { try parseJSON(input, file: "meta_data.json") }
        #expect(error?.mark == Mark(line: line, column: column))
        #expect(error?.message.contains(message) == true, "\(String(describing: error))")
        #expect(error?.file == "meta_data.json")
    }

    @Test func sharedNetworkDataDocumentsParse() throws {
        for name in ["bond-vlans.json", "vlan.json", "ipv6-mixed.json"] {
            let path = Fixtures.path("network-data-json/" + name)
            let bytes = try FileDescriptor.open(path).readAll(limit: 1 << 20)
            let root = try JSONParser(file: name).parse(bytes)
            #expect(root["links"]?.sequence?.isEmpty == false, "\(name)")
        }
    }

    /// The writer (the result record) escapes what JSON requires and nothing else, and what it
    /// writes parses back to the same strings.
    @Test func writerEscapesAndRoundTrips() throws {
        let tricky = "quote \" backslash \\ nl \n cr \r tab \t bell \u{07} nul \u{00} é 🦩"
        let value = JSONValue.object([("s", .string(tricky)), ("n", .number(42)), ("f", .number(1.5)),
                                      ("a", .array([.bool(true), .null])), ("o", .object([]))])
        let text = value.text()
        #expect(text.contains(#""quote \" backslash \\ nl \n cr \r tab \t bell \u0007 nul \u0000 é 🦩""#))
        #expect(text.hasSuffix("}\n"))
        #expect(value.bytes() == Array(text.utf8))
        let parsed = try parseJSON(text)
        #expect(parsed["s"]?.scalar?.text == tricky)
        #expect(parsed["n"]?.scalar?.text == "42")
        #expect(parsed["f"]?.scalar?.text == "1.5")
    }
}
