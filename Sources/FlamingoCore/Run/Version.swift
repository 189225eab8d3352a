/// flamingo's version, printed by `--version` and recorded with every run.
public enum FlamingoVersion {
    public static let current = "0.1.0"
}
