/// `random_seed` (cloud-init's seed_random): `data` written to `file` — by default the running
/// kernel's /dev/urandom, which seeds the pool the booted system goes on using (from the
/// initramfs this is the live device, not a file in the sysroot); any other file is written in
/// the sysroot. `command` runs in the booted system (hand-off).
public enum RandomSeed: Module {
    public static let name = "random_seed"
    public static let frequency = Frequency.perInstance

    /// The cloud-config keys this module reads, and how each is decoded.
    public static let configKeys: [ConfigKey] = [
        ConfigKey("random_seed", Settings.self) { s, r, n, p in s.randomSeed = CloudConfigDecoder.decodeRandomSeed(&r, n, p) },
    ]

    /// What it reads from cloud-config, with cloud-init's defaults.
    public struct Settings: ModuleSettings {
        public var randomSeed: RandomSeedConfig?

        public init() {}
    }

    public static func plan(_ context: PlanContext) throws -> ModulePlan {
        var plan = ModulePlan()
        guard let seed = context.config[Settings.self].randomSeed else {
            plan.notes.append("no random_seed in the cloud-config: nothing to do")
            return plan
        }
        if !seed.data.isEmpty {
            if seed.file == "/dev/urandom" || seed.file == "/dev/random" {
                // Mixed into the running kernel's pool: not a change to the sysroot.
                plan.actions.append(.feedDevice(path: seed.file, contents: seed.data))
            } else {
                plan.actions.append(.writeFile(FileWrite(path: seed.file, contents: seed.data, mode: FileMode(0o600), owner: .root, isSecret: true)))
            }
        }
        if let command = seed.command, !command.isEmpty {
            let quoted = command.map(Handoff.shellQuote).joined(separator: " ")
            let script = "RANDOM_SEED_FILE=\(Handoff.shellQuote(seed.file)) \(quoted)" + (seed.commandRequired ? "\n" : " || echo 'random_seed: the command failed' >&2\n")
            context.handoffCommands.append(("random-seed-command", script, true))
        }
        return plan
    }
}
