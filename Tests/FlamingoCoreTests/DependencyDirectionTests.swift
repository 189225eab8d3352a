import Foundation
import Testing

/// FlamingoCore's folders follow the flow (docs/architecture.md): a folder may use what the
/// folders before it declare, never what a later stage declares. Found from the sources: every
/// type declared at the top level of a file belongs to its folder, and a file that names a type
/// of a later folder is a dependency the wrong way.
@Suite struct DependencyDirectionTests {
    /// The flow, first to last (what a stage uses comes before it: the datasources declare the
    /// labels discovery looks for, so `Datasources/` precedes `Discover/`).
    static let order = ["Layout", "System", "Formats", "Model", "Services", "Datasources", "Discover", "Connect", "Mount", "UserData", "Ignition",
                        "CloudConfig", "Network", "Disks", "Plan", "Accounts", "Modules", "Apply", "Run", "CommandLine"]

    /// Dependencies the wrong way allowed to stay: none. An entry here needs a reason.
    static let stillBackwards: Set<String> = []

    @Test func noFolderDependsOnALaterStage() throws {
        let files = try ArchitectureTests.swiftFiles(under: "FlamingoCore").map { (path: String($0.path.dropFirst("FlamingoCore/".count)), text: Self.code($0.text)) }
        var folderOfType: [String: String] = [:]
        for file in files {
            let folder = String(file.path.prefix { $0 != "/" })
            #expect(Self.order.contains(folder), "\(folder)/ is not in the flow's order: add it where it belongs")
            for name in Self.topLevelDeclarations(file.text) where folderOfType[name] == nil { folderOfType[name] = folder }
        }
        var backwards: Set<String> = []
        for file in files {
            let folder = String(file.path.prefix { $0 != "/" })
            guard let position = Self.order.firstIndex(of: folder) else { continue }
            for name in Self.typeNames(file.text) {
                guard let owner = folderOfType[name], owner != folder,
                      let ownerPosition = Self.order.firstIndex(of: owner), ownerPosition > position else { continue }
                backwards.insert("\(file.path): \(name)")
            }
        }
        for entry in backwards.subtracting(Self.stillBackwards).sorted() {
            Issue.record("\(entry): this folder comes before \(folderOfType[String(entry.split(separator: " ").last!)] ?? "?")/ in the flow; move the type earlier or the code later")
        }
        for entry in Self.stillBackwards.subtracting(backwards).sorted() {
            Issue.record("\(entry) no longer depends the wrong way: remove it from stillBackwards")
        }
    }

    /// The text without comments and string literals (a type named in a message is no dependency).
    static func code(_ text: String) -> String {
        var result = ""
        var index = text.startIndex
        while index < text.endIndex {
            let rest = text[index...]
            if rest.hasPrefix("//") {
                index = rest.firstIndex(of: "\n") ?? text.endIndex
            } else if rest.hasPrefix("\"\"\"") {
                let after = text.index(index, offsetBy: 3)
                index = text[after...].range(of: "\"\"\"").map { $0.upperBound } ?? text.endIndex
                result += "\"\""
            } else if rest.hasPrefix("\"") {
                var cursor = text.index(after: index)
                while cursor < text.endIndex, text[cursor] != "\"", text[cursor] != "\n" {
                    cursor = text.index(after: text[cursor] == "\\" && text.index(after: cursor) < text.endIndex ? text.index(after: cursor) : cursor)
                }
                index = cursor < text.endIndex ? text.index(after: cursor) : cursor
                result += "\"\""
            } else {
                result.append(text[index])
                index = text.index(after: index)
            }
        }
        return result
    }

    /// Types declared at the start of a line (top level): `struct X`, `public enum X`, ….
    static func topLevelDeclarations(_ code: String) -> [String] {
        let modifiers: Set<Substring> = ["public", "private", "fileprivate", "internal", "final", "indirect"]
        let kinds: Set<Substring> = ["struct", "enum", "class", "protocol", "typealias", "actor"]
        return code.split(separator: "\n").compactMap { line in
            guard let first = line.first, !first.isWhitespace else { return nil }
            var words = line.split(separator: " ")[...]
            while let word = words.first, modifiers.contains(word) { words = words.dropFirst() }
            guard let kind = words.first, kinds.contains(kind), words.count > 1 else { return nil }
            let name = words[words.startIndex + 1].prefix { $0.isLetter || $0.isNumber || $0 == "_" }
            return name.first?.isUppercase == true ? String(name) : nil
        }
    }

    /// Every capitalised identifier in the code.
    static func typeNames(_ code: String) -> Set<String> {
        var names: Set<String> = []
        var current = ""
        for character in code + " " {
            if character.isLetter || character.isNumber || character == "_" {
                current.append(character)
            } else {
                if current.first?.isUppercase == true { names.insert(current) }
                current = ""
            }
        }
        return names
    }
}
