/// What the kernel command line asks of flamingo (see docs/boot.md):
///
/// | argument | meaning |
/// |---|---|
/// | `flamingo=0` | do nothing |
/// | `flamingo.timeout=S` | wait up to S seconds for a late drive (default 0) |
/// | `flamingo.label=L` | look for this label instead of the defaults (repeatable) |
/// | `flamingo.device=DEV` | use this device; its absence or failure is then an error |
/// | `flamingo.debug` | verbose messages |
/// | `flamingo.strict=1` | a failure stops the boot (emergency target) instead of being logged |
/// | `flamingo.network.renderer=NAME` | the network renderer, instead of detecting it |
/// | `flamingo.datasource=NAME` | read this metadata service (`Ec2`, `GCE`, …) instead of identifying the cloud; a drive's datasource (`NoCloud`, `ConfigDrive`): only its labels are looked for |
/// | `flamingo.metadata.timeout=S` | the whole reading of a metadata service (default 15) |
/// | `flamingo.ec2.imdsv1=1` | EC2: fall back to the token-less IMDSv1 when IMDSv2 is refused |
/// | `ds=nocloud;s=URL` | cloud-init's NoCloud seed (read by the `NoCloudNet` service) |
/// | `rd.neednet` | dracut's (bare or `=1`; `=0` is off): keep the initramfs' network for the booted system |
public struct BootOptions: Equatable, Sendable {
    public var enabled = true
    public var timeoutSeconds: Double?
    public var labels: [String] = []
    public var device: String?
    public var debug = false
    public var strict = false
    /// `flamingo.network.renderer=NAME`: overrides the detected network renderer.
    public var networkRenderer: String?
    /// `flamingo.datasource=NAME`.
    public var datasource: String?
    /// `flamingo.metadata.timeout=S`.
    public var metadataTimeoutSeconds: Double?
    /// `flamingo.ec2.imdsv1=1`.
    public var allowIMDSv1 = false
    /// cloud-init's `ds=…` (NoCloud's seed).
    public var seed: String?
    /// dracut's `rd.neednet` (bare, or any value but 0, no, off): the initramfs' network stays up
    /// for the booted system.
    public var keepNetwork = false
    /// The deployment path of an ostree boot (`ostree=/ostree/boot.1/…`), if any.
    public var ostree: String?
    /// Problems with `flamingo.*` arguments: unknown keys, bad values. They never stop a boot.
    public var warnings: [String] = []

    public static let knownKeys = ["flamingo", "flamingo.timeout", "flamingo.label", "flamingo.device",
                                   "flamingo.debug", "flamingo.strict", "flamingo.network.renderer",
                                   "flamingo.datasource", "flamingo.metadata.timeout", "flamingo.ec2.imdsv1"]

    public init() {}

    public init(_ commandLine: KernelCommandLine) {
        for argument in commandLine.arguments where argument.key == "flamingo" || argument.key.hasPrefix("flamingo.") {
            let value = argument.value
            switch argument.key {
            case "flamingo":
                switch value {
                case "0", "off", "no", "false": enabled = false
                case "1", "on", "yes", "true", nil: enabled = true
                default: warnings.append("flamingo=\(value!): expected 0 or 1; ignored")
                }
            case "flamingo.timeout":
                if let text = value, let seconds = Double(text), seconds >= 0, seconds <= 3600 {
                    timeoutSeconds = seconds
                } else {
                    warnings.append("flamingo.timeout=\(value ?? ""): expected seconds between 0 and 3600; ignored")
                }
            case "flamingo.label":
                if let label = value, !label.isEmpty { labels.append(label) } else { warnings.append("flamingo.label needs a value; ignored") }
            case "flamingo.device":
                if let device = value, device.hasPrefix("/") {
                    self.device = device
                } else {
                    warnings.append("flamingo.device=\(value ?? ""): expected an absolute device path; ignored")
                }
            case "flamingo.network.renderer":
                if let value, !value.isEmpty { networkRenderer = value } else { warnings.append("flamingo.network.renderer needs a value; ignored") }
            case "flamingo.datasource":
                if let value, !value.isEmpty { datasource = value } else { warnings.append("flamingo.datasource needs a value; ignored") }
            case "flamingo.metadata.timeout":
                if let text = value, let seconds = Double(text), seconds > 0, seconds <= 3600 {
                    metadataTimeoutSeconds = seconds
                } else {
                    warnings.append("flamingo.metadata.timeout=\(value ?? ""): expected seconds between 0 and 3600; ignored")
                }
            case "flamingo.ec2.imdsv1":
                allowIMDSv1 = value.map { ["1", "on", "yes", "true"].contains($0) } ?? true
            case "flamingo.debug":
                debug = value.map { !["0", "off", "no", "false"].contains($0) } ?? true
            case "flamingo.strict":
                strict = value.map { ["1", "on", "yes", "true"].contains($0) } ?? true
            default:
                var message = "\(argument.key): unknown flamingo argument; ignored"
                if let near = DocumentReader.closest(to: argument.key, in: Self.knownKeys) { message += " (did you mean \(near)?)" }
                warnings.append(message)
            }
        }
        ostree = commandLine.value("ostree")
        seed = commandLine.value("ds")
        // dracut's getargbool: the last one counts; bare or any value but 0, no, off is true.
        keepNetwork = commandLine.arguments.last { $0.key == "rd.neednet" }.map { !["0", "no", "off"].contains($0.value ?? "") } ?? false
    }
}
