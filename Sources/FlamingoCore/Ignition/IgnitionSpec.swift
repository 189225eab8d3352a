/// The shape of an Ignition spec-3 config, field by field, with the spec version that brought each
/// field in (Ignition's published specs 3.0.0–3.6.0: docs/ignition.md lists them). The decoder
/// checks a config against the fields of its own version, as Ignition does: a field from a later
/// version is a key that version does not know (a warning, and ignored).
public indirect enum IgnitionSchema: Sendable {
    case string
    case integer
    case boolean
    case list(IgnitionSchema)
    case object([IgnitionField])

    public var kindDescription: String {
        switch self {
        case .string: return "a string"
        case .integer: return "an integer"
        case .boolean: return "a boolean"
        case .list: return "a list"
        case .object: return "an object"
        }
    }
}

/// One key of an object: its name, its value's shape, and the minor version of spec 3 it appeared in.
public struct IgnitionField: Sendable {
    public let name: String
    public let schema: IgnitionSchema
    public let since: Int

    init(_ name: String, _ schema: IgnitionSchema, since: Int = 0) {
        self.name = name
        self.schema = schema
        self.since = since
    }
}

/// The schemas are computed, not stored: an `indirect` tree held in a static is reported as leaked by
/// LeakSanitizer (its boxes are referenced through tagged pointers), which the fuzzer counts as a finding.
public enum IgnitionSpec {
    /// The oldest and newest spec-3 minor versions read (3.0.0 … 3.6.0).
    public static let minors = 0...6

    public static var root: IgnitionSchema { .object([
        IgnitionField("ignition", ignition),
        IgnitionField("storage", storage),
        IgnitionField("systemd", .object([IgnitionField("units", .list(unit))])),
        IgnitionField("passwd", .object([IgnitionField("users", .list(user)), IgnitionField("groups", .list(group))])),
        IgnitionField("kernelArguments", .object([IgnitionField("shouldExist", .list(.string)),
                                                  IgnitionField("shouldNotExist", .list(.string))]), since: 3),
    ]) }

    /// Where data comes from: a URL, its compression, headers and expected hash. Merge/replace
    /// sources and CA bundles gained compression and headers in 3.1; file contents had
    /// compression from 3.0.
    static func resource(compressionSince: Int = 0) -> IgnitionSchema {
        .object([
            IgnitionField("source", .string),
            IgnitionField("compression", .string, since: compressionSince),
            IgnitionField("httpHeaders", .list(.object([IgnitionField("name", .string), IgnitionField("value", .string)])), since: 1),
            IgnitionField("verification", .object([IgnitionField("hash", .string)])),
        ])
    }

    static var ignition: IgnitionSchema { .object([
        IgnitionField("version", .string),
        IgnitionField("config", .object([
            IgnitionField("merge", .list(resource(compressionSince: 1))),
            IgnitionField("replace", resource(compressionSince: 1)),
        ])),
        IgnitionField("timeouts", .object([IgnitionField("httpResponseHeaders", .integer), IgnitionField("httpTotal", .integer)])),
        IgnitionField("security", .object([IgnitionField("tls", .object([
            IgnitionField("certificateAuthorities", .list(resource(compressionSince: 1))),
        ]))])),
        IgnitionField("proxy", .object([
            IgnitionField("httpProxy", .string), IgnitionField("httpsProxy", .string), IgnitionField("noProxy", .list(.string)),
        ]), since: 1),
    ]) }

    static var owner: IgnitionSchema { .object([IgnitionField("id", .integer), IgnitionField("name", .string)]) }

    static var storage: IgnitionSchema { .object([
        IgnitionField("disks", .list(.object([
            IgnitionField("device", .string),
            IgnitionField("wipeTable", .boolean),
            IgnitionField("partitions", .list(.object([
                IgnitionField("label", .string), IgnitionField("number", .integer), IgnitionField("sizeMiB", .integer),
                IgnitionField("startMiB", .integer), IgnitionField("typeGuid", .string), IgnitionField("guid", .string),
                IgnitionField("wipePartitionEntry", .boolean), IgnitionField("shouldExist", .boolean),
                IgnitionField("resize", .boolean, since: 2),
            ]))),
        ]))),
        IgnitionField("raid", .list(.object([
            IgnitionField("name", .string), IgnitionField("level", .string), IgnitionField("devices", .list(.string)),
            IgnitionField("spares", .integer), IgnitionField("options", .list(.string)),
        ]))),
        IgnitionField("filesystems", .list(.object([
            IgnitionField("device", .string), IgnitionField("format", .string), IgnitionField("path", .string),
            IgnitionField("wipeFilesystem", .boolean), IgnitionField("label", .string), IgnitionField("uuid", .string),
            IgnitionField("options", .list(.string)), IgnitionField("mountOptions", .list(.string), since: 1),
        ]))),
        IgnitionField("files", .list(.object([
            IgnitionField("path", .string), IgnitionField("overwrite", .boolean),
            IgnitionField("contents", resource()), IgnitionField("append", .list(resource())),
            IgnitionField("mode", .integer), IgnitionField("user", owner), IgnitionField("group", owner),
        ]))),
        IgnitionField("directories", .list(.object([
            IgnitionField("path", .string), IgnitionField("overwrite", .boolean), IgnitionField("mode", .integer),
            IgnitionField("user", owner), IgnitionField("group", owner),
        ]))),
        IgnitionField("links", .list(.object([
            IgnitionField("path", .string), IgnitionField("overwrite", .boolean), IgnitionField("user", owner),
            IgnitionField("group", owner), IgnitionField("target", .string), IgnitionField("hard", .boolean),
        ]))),
        IgnitionField("luks", .list(.object([
            IgnitionField("name", .string), IgnitionField("device", .string), IgnitionField("keyFile", resource()),
            IgnitionField("label", .string), IgnitionField("uuid", .string), IgnitionField("options", .list(.string)),
            IgnitionField("discard", .boolean, since: 4), IgnitionField("openOptions", .list(.string), since: 4),
            IgnitionField("wipeVolume", .boolean),
            IgnitionField("clevis", .object([
                IgnitionField("tang", .list(.object([
                    IgnitionField("url", .string), IgnitionField("thumbprint", .string),
                    IgnitionField("advertisement", .string, since: 4),
                ]))),
                IgnitionField("tpm2", .boolean), IgnitionField("threshold", .integer),
                IgnitionField("custom", .object([
                    IgnitionField("pin", .string), IgnitionField("config", .string), IgnitionField("needsNetwork", .boolean),
                ])),
            ])),
            IgnitionField("cex", .object([IgnitionField("enabled", .boolean)]), since: 5),
        ])), since: 2),
    ]) }

    static var unit: IgnitionSchema { .object([
        IgnitionField("name", .string), IgnitionField("enabled", .boolean), IgnitionField("mask", .boolean),
        IgnitionField("contents", .string),
        IgnitionField("dropins", .list(.object([IgnitionField("name", .string), IgnitionField("contents", .string)]))),
    ]) }

    static var user: IgnitionSchema { .object([
        IgnitionField("name", .string), IgnitionField("passwordHash", .string), IgnitionField("sshAuthorizedKeys", .list(.string)),
        IgnitionField("uid", .integer), IgnitionField("gecos", .string), IgnitionField("homeDir", .string),
        IgnitionField("noCreateHome", .boolean), IgnitionField("primaryGroup", .string), IgnitionField("groups", .list(.string)),
        IgnitionField("noUserGroup", .boolean), IgnitionField("noLogInit", .boolean), IgnitionField("shell", .string),
        IgnitionField("system", .boolean), IgnitionField("shouldExist", .boolean, since: 2),
    ]) }

    static var group: IgnitionSchema { .object([
        IgnitionField("name", .string), IgnitionField("gid", .integer), IgnitionField("passwordHash", .string),
        IgnitionField("system", .boolean), IgnitionField("shouldExist", .boolean, since: 2),
    ]) }
}
