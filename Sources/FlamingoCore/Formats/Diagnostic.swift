/// A problem with an input: where it is (file, line:column, key path) and what was expected.
/// Printed like a compiler message: `meta-data:3:5: error: public-keys[1]: expected a string, found a mapping`.
public struct Diagnostic: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Severity: String, Sendable { case error, warning }

    public var severity: Severity
    public var file: String
    public var mark: Mark?
    public var keyPath: KeyPath
    public var message: String

    public init(_ severity: Severity, file: String, mark: Mark?, keyPath: KeyPath = KeyPath(), _ message: String) {
        self.severity = severity
        self.file = file
        self.mark = mark
        self.keyPath = keyPath
        self.message = message
    }

    public var location: String {
        guard let mark else { return file }
        return "\(file):\(mark.line):\(mark.column)"
    }

    public var description: String { "\(location): \(severity.rawValue): \(detail)" }

    /// The message with its key path, without location or severity: `public-keys[1]: expected …`.
    public var detail: String { keyPath.isEmpty ? message : "\(keyPath): \(message)" }
}

/// Where a value sits in a document, written as people write it: `users[1].lock_passwd`.
public struct KeyPath: Equatable, Hashable, Sendable, CustomStringConvertible {
    public enum Component: Equatable, Hashable, Sendable {
        case key(String)
        case index(Int)
    }

    public var components: [Component]
    public init(_ components: [Component] = []) { self.components = components }

    public var isEmpty: Bool { components.isEmpty }
    public func appending(_ key: String) -> KeyPath { KeyPath(components + [.key(key)]) }
    public func appending(_ index: Int) -> KeyPath { KeyPath(components + [.index(index)]) }

    public var description: String {
        var text = ""
        for component in components {
            switch component {
            case .key(let key): text += text.isEmpty ? key : ".\(key)"
            case .index(let index): text += "[\(index)]"
            }
        }
        return text
    }
}

extension Log {
    /// A diagnostic at its own severity, with its file, line:column and key path.
    public func report(_ step: String, _ diagnostic: Diagnostic) {
        log(diagnostic.severity == .error ? .error : .warning, step, "\(diagnostic.location): \(diagnostic.detail)")
    }
}
