/// The typed model of an Ignition spec-3 config (every version: a field a version lacks is
/// absent), read from the canonical tree `IgnitionDecoder` leaves. Optional fields stay optional:
/// Ignition gives "absent" its own meaning in several places (a file's mode, `enabled`).
/// Every entry remembers where it is, for messages.
public struct IgnitionConfig: Sendable {
    public var version: IgnitionVersion
    public var file: String

    public var merge: [IgnitionResource] = []
    public var replace: IgnitionResource?
    /// `ignition.timeouts`, in seconds (0: none).
    public var httpResponseHeaders: Int?
    public var httpTotal: Int?
    public var certificateAuthorities: [IgnitionResource] = []
    public var proxy: IgnitionLocation?

    public var users: [IgnitionUser] = []
    public var groups: [IgnitionGroup] = []
    public var files: [IgnitionFile] = []
    public var directories: [IgnitionDirectory] = []
    public var links: [IgnitionLink] = []
    public var units: [IgnitionUnit] = []
    public var disks: [IgnitionDisk] = []
    public var filesystems: [IgnitionFilesystem] = []
    /// Sections flamingo refuses (docs/ignition.md), read only as far as Ignition's rules go.
    public var raid: [IgnitionRaid] = []
    public var luks: [IgnitionLuks] = []
    public var kernelArguments: IgnitionLocation?

    public init(tree: Node, version: IgnitionVersion, file: String) {
        self.version = version
        self.file = file
        let root = IgnitionNode(tree, KeyPath())
        let ignition = root.object("ignition")
        merge = ignition.object("config").list("merge").map(IgnitionResource.init)
        replace = ignition.object("config").optionalObject("replace").map(IgnitionResource.init)
        httpResponseHeaders = ignition.object("timeouts").int("httpResponseHeaders")
        httpTotal = ignition.object("timeouts").int("httpTotal")
        certificateAuthorities = ignition.object("security").object("tls").list("certificateAuthorities").map(IgnitionResource.init)
        proxy = ignition.optionalObject("proxy").map(\.location)

        let passwd = root.object("passwd")
        users = passwd.list("users").map(IgnitionUser.init)
        groups = passwd.list("groups").map(IgnitionGroup.init)
        let storage = root.object("storage")
        files = storage.list("files").map(IgnitionFile.init)
        directories = storage.list("directories").map(IgnitionDirectory.init)
        links = storage.list("links").map(IgnitionLink.init)
        disks = storage.list("disks").map(IgnitionDisk.init)
        filesystems = storage.list("filesystems").map(IgnitionFilesystem.init)
        raid = storage.list("raid").map(IgnitionRaid.init)
        luks = storage.list("luks").map(IgnitionLuks.init)
        units = root.object("systemd").list("units").map(IgnitionUnit.init)
        kernelArguments = root.optionalObject("kernelArguments").map(\.location)
    }
}

/// Where an entry is: its JSON path and line:column.
public struct IgnitionLocation: Sendable {
    public var path: KeyPath
    public var mark: Mark?
}

/// Where data comes from (`contents`, `append` items, merge and replace, CA bundles, key files).
public struct IgnitionResource: Sendable {
    public var source: String?
    public var compression: String?
    public var httpHeaders: [(name: String, value: String?)]
    public var hash: String?
    public var location: IgnitionLocation

    init(_ node: IgnitionNode) {
        source = node.string("source")
        compression = node.string("compression")
        httpHeaders = node.list("httpHeaders").map { ($0.string("name") ?? "", $0.string("value")) }
        hash = node.object("verification").string("hash")
        location = node.location
    }
}

/// A file's, directory's or link's owner: by id or by name.
public struct IgnitionOwner: Sendable, Equatable {
    public var id: Int?
    public var name: String?
}

public struct IgnitionFile: Sendable {
    public var path: String
    public var overwrite: Bool?
    public var contents: IgnitionResource?
    public var append: [IgnitionResource]
    public var mode: Int?
    public var user: IgnitionOwner
    public var group: IgnitionOwner
    public var location: IgnitionLocation

    init(_ node: IgnitionNode) {
        path = node.string("path") ?? ""
        overwrite = node.bool("overwrite")
        contents = node.optionalObject("contents").map(IgnitionResource.init)
        append = node.list("append").map(IgnitionResource.init)
        mode = node.int("mode")
        user = node.owner("user")
        group = node.owner("group")
        location = node.location
    }
}

public struct IgnitionDirectory: Sendable {
    public var path: String
    public var overwrite: Bool?
    public var mode: Int?
    public var user: IgnitionOwner
    public var group: IgnitionOwner
    public var location: IgnitionLocation

    init(_ node: IgnitionNode) {
        path = node.string("path") ?? ""
        overwrite = node.bool("overwrite")
        mode = node.int("mode")
        user = node.owner("user")
        group = node.owner("group")
        location = node.location
    }
}

public struct IgnitionLink: Sendable {
    public var path: String
    public var overwrite: Bool?
    public var target: String?
    public var hard: Bool?
    public var user: IgnitionOwner
    public var group: IgnitionOwner
    public var location: IgnitionLocation

    init(_ node: IgnitionNode) {
        path = node.string("path") ?? ""
        overwrite = node.bool("overwrite")
        target = node.string("target")
        hard = node.bool("hard")
        user = node.owner("user")
        group = node.owner("group")
        location = node.location
    }
}

public struct IgnitionUnit: Sendable {
    public var name: String
    public var enabled: Bool?
    public var mask: Bool?
    public var contents: String?
    public var dropins: [(name: String, contents: String?, location: IgnitionLocation)]
    public var location: IgnitionLocation

    init(_ node: IgnitionNode) {
        name = node.string("name") ?? ""
        enabled = node.bool("enabled")
        mask = node.bool("mask")
        contents = node.string("contents")
        dropins = node.list("dropins").map { ($0.string("name") ?? "", $0.string("contents"), $0.location) }
        location = node.location
    }
}

public struct IgnitionUser: Sendable {
    public var name: String
    public var passwordHash: String?
    public var sshAuthorizedKeys: [String]
    public var uid: Int?
    public var gecos: String?
    public var homeDir: String?
    public var noCreateHome: Bool?
    public var primaryGroup: String?
    public var groups: [String]
    public var noUserGroup: Bool?
    public var noLogInit: Bool?
    public var shell: String?
    public var system: Bool?
    public var shouldExist: Bool?
    public var location: IgnitionLocation

    init(_ node: IgnitionNode) {
        name = node.string("name") ?? ""
        passwordHash = node.string("passwordHash")
        sshAuthorizedKeys = node.strings("sshAuthorizedKeys")
        uid = node.int("uid")
        gecos = node.string("gecos")
        homeDir = node.string("homeDir")
        noCreateHome = node.bool("noCreateHome")
        primaryGroup = node.string("primaryGroup")
        groups = node.strings("groups")
        noUserGroup = node.bool("noUserGroup")
        noLogInit = node.bool("noLogInit")
        shell = node.string("shell")
        system = node.bool("system")
        shouldExist = node.bool("shouldExist")
        location = node.location
    }
}

public struct IgnitionGroup: Sendable {
    public var name: String
    public var gid: Int?
    public var passwordHash: String?
    public var system: Bool?
    public var shouldExist: Bool?
    public var location: IgnitionLocation

    init(_ node: IgnitionNode) {
        name = node.string("name") ?? ""
        gid = node.int("gid")
        passwordHash = node.string("passwordHash")
        system = node.bool("system")
        shouldExist = node.bool("shouldExist")
        location = node.location
    }
}

public struct IgnitionDisk: Sendable {
    public var device: String
    public var wipeTable: Bool?
    public var partitions: [IgnitionPartition]
    public var location: IgnitionLocation

    init(_ node: IgnitionNode) {
        device = node.string("device") ?? ""
        wipeTable = node.bool("wipeTable")
        partitions = node.list("partitions").map(IgnitionPartition.init)
        location = node.location
    }
}

public struct IgnitionPartition: Sendable {
    public var label: String?
    public var number: Int
    public var sizeMiB: Int?
    public var startMiB: Int?
    public var typeGuid: String?
    public var guid: String?
    public var wipePartitionEntry: Bool?
    public var shouldExist: Bool?
    public var resize: Bool?
    public var location: IgnitionLocation

    init(_ node: IgnitionNode) {
        label = node.string("label")
        number = node.int("number") ?? 0
        sizeMiB = node.int("sizeMiB")
        startMiB = node.int("startMiB")
        typeGuid = node.string("typeGuid")
        guid = node.string("guid")
        wipePartitionEntry = node.bool("wipePartitionEntry")
        shouldExist = node.bool("shouldExist")
        resize = node.bool("resize")
        location = node.location
    }
}

public struct IgnitionFilesystem: Sendable {
    public var device: String
    public var format: String?
    public var path: String?
    public var wipeFilesystem: Bool?
    public var label: String?
    public var uuid: String?
    public var options: [String]
    public var mountOptions: [String]
    public var location: IgnitionLocation

    init(_ node: IgnitionNode) {
        device = node.string("device") ?? ""
        format = node.string("format")
        path = node.string("path")
        wipeFilesystem = node.bool("wipeFilesystem")
        label = node.string("label")
        uuid = node.string("uuid")
        options = node.strings("options")
        mountOptions = node.strings("mountOptions")
        location = node.location
    }
}

public struct IgnitionRaid: Sendable {
    public var name: String
    public var level: String?
    public var devices: [String]
    public var spares: Int?
    public var location: IgnitionLocation

    init(_ node: IgnitionNode) {
        name = node.string("name") ?? ""
        level = node.string("level")
        devices = node.strings("devices")
        spares = node.int("spares")
        location = node.location
    }
}

public struct IgnitionLuks: Sendable {
    public var name: String
    public var device: String?
    public var label: String?
    public var keyFile: IgnitionResource
    public var clevisCustomPin: String?
    public var clevisOthers: Bool
    public var location: IgnitionLocation

    init(_ node: IgnitionNode) {
        name = node.string("name") ?? ""
        device = node.string("device")
        label = node.string("label")
        keyFile = IgnitionResource(node.object("keyFile"))
        let clevis = node.object("clevis")
        clevisCustomPin = clevis.object("custom").string("pin")
        clevisOthers = !clevis.list("tang").isEmpty || clevis.bool("tpm2") == true || (clevis.int("threshold") ?? 0) != 0
        location = node.location
    }
}

/// Reading the canonical tree: keys are the spec's, types already checked, absent is nil.
struct IgnitionNode {
    let node: Node?
    let path: KeyPath

    init(_ node: Node?, _ path: KeyPath) {
        self.node = node
        self.path = path
    }

    var location: IgnitionLocation { IgnitionLocation(path: path, mark: node?.mark) }

    func object(_ key: String) -> IgnitionNode { IgnitionNode(node?[key], path.appending(key)) }
    func optionalObject(_ key: String) -> IgnitionNode? { node?[key].map { IgnitionNode($0, path.appending(key)) } }

    func list(_ key: String) -> [IgnitionNode] {
        (node?[key]?.sequence ?? []).enumerated().map { IgnitionNode($1, path.appending(key).appending($0)) }
    }

    func string(_ key: String) -> String? {
        if case .string(let text)? = node?[key]?.scalar?.resolved { return text }
        return nil
    }

    func strings(_ key: String) -> [String] {
        (node?[key]?.sequence ?? []).compactMap { if case .string(let text)? = $0.scalar?.resolved { return text } else { return nil } }
    }

    func int(_ key: String) -> Int? {
        if case .int(let value)? = node?[key]?.scalar?.resolved { return value }
        return nil
    }

    func bool(_ key: String) -> Bool? {
        if case .bool(let value)? = node?[key]?.scalar?.resolved { return value }
        return nil
    }

    func owner(_ key: String) -> IgnitionOwner {
        let owner = object(key)
        return IgnitionOwner(id: owner.int("id"), name: owner.string("name"))
    }
}
