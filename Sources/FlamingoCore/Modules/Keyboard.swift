/// `keyboard`: the files localectl writes for `set-x11-keymap` — the X11 keyboard configuration
/// (/etc/X11/xorg.conf.d/00-keyboard.conf) and the console keymap (/etc/vconsole.conf `KEYMAP=`,
/// the layout, or layout-variant) — or on the Debian family /etc/default/keyboard.
public enum Keyboard: Module {
    public static let name = "keyboard"
    public static let frequency = Frequency.perInstance

    /// The cloud-config keys this module reads, and how each is decoded.
    public static let configKeys: [ConfigKey] = [
        ConfigKey("keyboard", Settings.self) { s, r, n, p in s.keyboard = CloudConfigDecoder.decodeKeyboard(&r, n, p) },
    ]

    /// What it reads from cloud-config, with cloud-init's defaults.
    public struct Settings: ModuleSettings {
        public var keyboard: KeyboardConfig?

        public init() {}
    }

    public static func plan(_ context: PlanContext) throws -> ModulePlan {
        var plan = ModulePlan()
        guard let keyboard = context.config[Settings.self].keyboard else {
            plan.notes.append("no keyboard in the cloud-config: nothing to do")
            return plan
        }
        func file(_ path: String, _ text: String) { plan.actions.append(.writeFile(FileWrite(path: path, text: text, mode: FileMode(0o644), owner: .root))) }
        if OSRelease(context.sysroot).isDebianFamily {
            file("/etc/default/keyboard", """
                # Written by flamingo from the instance's cloud-config (keyboard).
                XKBMODEL="\(keyboard.model)"
                XKBLAYOUT="\(keyboard.layout)"
                XKBVARIANT="\(keyboard.variant)"
                XKBOPTIONS="\(keyboard.options)"
                BACKSPACE="guess"

                """)
            return plan
        }
        var options = ["        Option \"XkbLayout\" \"\(keyboard.layout)\"", "        Option \"XkbModel\" \"\(keyboard.model)\""]
        if !keyboard.variant.isEmpty { options.append("        Option \"XkbVariant\" \"\(keyboard.variant)\"") }
        if !keyboard.options.isEmpty { options.append("        Option \"XkbOptions\" \"\(keyboard.options)\"") }
        file("/etc/X11/xorg.conf.d/00-keyboard.conf", """
            # Written by flamingo from the instance's cloud-config (keyboard), as localectl writes it.
            Section "InputClass"
                    Identifier "system-keyboard"
                    MatchIsKeyboard "on"
            \(options.joined(separator: "\n"))
            EndSection

            """)
        let existing = try context.sysroot.readText("/etc/vconsole.conf") ?? ""
        let kept = existing.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("KEYMAP=") }
        let keymap = keyboard.variant.isEmpty ? keyboard.layout : "\(keyboard.layout)-\(keyboard.variant)"
        file("/etc/vconsole.conf", (kept + ["KEYMAP=\(keymap)"]).joined(separator: "\n") + "\n")
        return plan
    }
}
