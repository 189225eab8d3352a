/// `locale` and `locale_configfile`: `LANG=` in the file localectl writes (/etc/locale.conf), or
/// on the Debian family /etc/default/locale, with the locale enabled in /etc/locale.gen and
/// `locale-gen` handed to the booted system (generating locales needs the booted system's tools).
public enum Locale: Module {
    public static let name = "locale"
    public static let frequency = Frequency.perInstance

    /// The cloud-config keys this module reads, and how each is decoded.
    public static let configKeys: [ConfigKey] = [
        ConfigKey("locale", Settings.self) { s, r, n, p in s.locale = CloudConfigDecoder.decodeLocale(&r, n, p) },
        ConfigKey("locale_configfile", Settings.self) { s, r, n, p in s.localeConfigFile = CloudConfigDecoder.decodeAbsolutePath(&r, n, p) },
    ]

    /// What it reads from cloud-config, with cloud-init's defaults.
    public struct Settings: ModuleSettings {
        public var locale: String?
        public var localeConfigFile: String?

        public init() {}
    }

    public static func plan(_ context: PlanContext) throws -> ModulePlan {
        var plan = ModulePlan()
        guard let locale = context.config[Settings.self].locale else {
            plan.notes.append("no locale in the cloud-config: nothing to do")
            return plan
        }
        let debian = OSRelease(context.sysroot).isDebianFamily
        let file = context.config[Settings.self].localeConfigFile ?? (debian ? "/etc/default/locale" : "/etc/locale.conf")
        let existing = try context.sysroot.readText(file) ?? ""
        // Keep the file's other settings (LC_*); replace LANG.
        let kept = existing.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter { !$0.hasPrefix("LANG=") && !$0.isEmpty }
        let text = (kept + ["LANG=\(locale)"]).joined(separator: "\n") + "\n"
        plan.actions.append(.writeFile(FileWrite(path: file, text: text, mode: FileMode(0o644), owner: .root)))
        if debian, let generated = try context.sysroot.readText("/etc/locale.gen") {
            let charset = locale.split(separator: ".").dropFirst().first.map { $0.uppercased() == "UTF-8" || $0.lowercased() == "utf8" ? "UTF-8" : String($0) } ?? "ISO-8859-1"
            let wanted = "\(locale) \(charset)"
            var lines = generated.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            if let index = lines.firstIndex(where: { $0.trimmingWhitespace() == "# \(wanted)" || $0.trimmingWhitespace() == "#\(wanted)" }) {
                lines[index] = wanted
            } else if !lines.contains(wanted) {
                if lines.last == "" { lines.insert(wanted, at: lines.count - 1) } else { lines.append(wanted) }
            }
            let updated = lines.joined(separator: "\n")
            if updated != generated {
                plan.actions.append(.writeFile(FileWrite(path: "/etc/locale.gen", text: updated, mode: FileMode(0o644), owner: .root)))
                context.handoffCommands.append(("locale-gen", "locale-gen\n", true))
            }
        }
        return plan
    }
}
