/// A file as it must end up in the sysroot: its whole contents, mode and owner. What renderers,
/// the account database and modules produce, and what `Action.writeFile` carries to the writer.
public struct FileWrite: Sendable {
    public var path: String
    public var contents: [UInt8]
    public var mode: FileMode
    public var owner: Owner
    /// Contents that must never be printed (password hashes, private keys): shown as a size only.
    public var isSecret: Bool

    public init(path: String, contents: [UInt8], mode: FileMode, owner: Owner, isSecret: Bool = false) {
        self.path = path
        self.contents = contents
        self.mode = mode
        self.owner = owner
        self.isSecret = isSecret
    }

    public init(path: String, text: String, mode: FileMode, owner: Owner, isSecret: Bool = false) {
        self.init(path: path, contents: Array(text.utf8), mode: mode, owner: owner, isSecret: isSecret)
    }
}
