/// cloud-init's `ds=` argument: `ds=nocloud;s=http://10.0.0.1:8000/;h=name;i=iid` (also
/// `nocloud-net`, and the long keys `seedfrom`, `local-hostname`, `instance-id`).
public struct SeedArgument: Sendable, Equatable {
    /// `nocloud`, `nocloud-net`, lower-cased.
    public var datasource: String
    public var seedFrom: String?
    public var localHostname: String?
    public var instanceID: String?

    /// From the argument's value (`nocloud;s=…`) or a DMI serial holding `ds=nocloud;…`.
    public init?(_ text: String) {
        var text = Substring(text.trimmingWhitespace())
        if !text.lowercased().hasPrefix("nocloud") {
            // A serial number may carry other words before it (cloud-init looks for `ds=` anywhere).
            guard let range = text.firstRange(of: "ds=") else { return nil }
            text = text[range.upperBound...]
        }
        var fields = text.split(separator: ";", omittingEmptySubsequences: true).map(String.init)
        guard !fields.isEmpty else { return nil }
        datasource = fields.removeFirst().lowercased()
        for field in fields {
            let pair = field.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2 else { continue }
            switch pair[0] {
            case "s", "seedfrom": seedFrom = pair[1]
            case "h", "local-hostname": localHostname = pair[1]
            case "i", "instance-id": instanceID = pair[1]
            default: continue
            }
        }
    }

    /// The DMI serial's seed and the command line's together, as cloud-init's NoCloud merges
    /// them: the serial is read first and its values win; the command line fills what it lacks.
    public static func merged(serial: SeedArgument?, commandLine: SeedArgument?) -> SeedArgument? {
        guard var seed = serial else { return commandLine }
        guard let other = commandLine else { return seed }
        seed.seedFrom = seed.seedFrom ?? other.seedFrom
        seed.localHostname = seed.localHostname ?? other.localHostname
        seed.instanceID = seed.instanceID ?? other.instanceID
        return seed
    }
}
