/// How often a step runs, as cloud-init's module frequencies:
/// - `perInstance`: once for each instance id; again only when the id changes, or with `--force`.
/// - `perBoot`: every run.
/// - `once`: once for the life of the root filesystem, or again with `--force`.
public enum Frequency: String, Sendable {
    case perInstance = "per-instance"
    case perBoot = "per-boot"
    case once
}
