/// Every exit status flamingo documents (docs/usage.md), and the one place where outcomes become
/// them. The dracut unit and hook only look at zero or non-zero: what counts as a failure, and
/// whether a failure stops the boot, is decided here and nowhere else.
public enum ExitStatus {
    /// Done; for the initramfs step also every failure when `flamingo.strict=1` is not set.
    public static let success: Int32 = 0
    /// A failure that counts: the run failed (see `run`), the input is invalid (`validate`), no
    /// drive was found (`probe`), the last run failed (`status`).
    public static let failure: Int32 = 1
    /// Something to read could not be read: a file given to `validate`, the result record for
    /// `status` (there is none yet, or it is damaged).
    public static let unreadable: Int32 = 2
    /// The command line itself is wrong (unknown option, bad value, conflicting options):
    /// sysexits' EX_USAGE. Never a runtime outcome.
    public static let usage: Int32 = 64

    /// 128+N: ended by signal N (outside the initramfs step; mounts are undone first).
    public static func signal(_ number: Int32) -> Int32 { 128 + number }

    /// How a `flamingo run` ended.
    public enum RunEnd: Equatable, Sendable {
        /// It ran to its end; `failed`: a step failed or the input had errors.
        case completed(failed: Bool)
        /// A signal ended it: SIGTERM, the deadline's SIGALRM, or a crash (SIGSEGV, SIGILL, …).
        case signal(Int32)
    }

    /// The failure policy:
    /// - the initramfs step (`--initrd`): anything that goes wrong — a failed step, invalid input,
    ///   a crash, the deadline — is 1 under `flamingo.strict=1` (the unit fails and the boot
    ///   stops at the emergency target) and 0 without it (logged and recorded; the boot goes on);
    /// - any other run: a failure is 1 when the operator named the source (`--device`, `--seed`)
    ///   or asked for strictness (`--kernel-cmdline` with `flamingo.strict=1`); a drive that was
    ///   only discovered may fail quietly (0). A signal is 128+N.
    public static func run(_ end: RunEnd, initrd: Bool, strict: Bool, sourceNamed: Bool) -> Int32 {
        switch end {
        case .completed(failed: false):
            return success
        case .completed(failed: true):
            if initrd { return strict ? failure : success }
            return strict || sourceNamed ? failure : success
        case .signal(let number):
            if initrd { return strict ? failure : success }
            return signal(number)
        }
    }

    /// `flamingo status`: 2 when there is no record to read, 1 when the last run failed, else 0.
    public static func status(recordFound: Bool, runFailed: Bool) -> Int32 {
        guard recordFound else { return unreadable }
        return runFailed ? failure : success
    }

    /// `flamingo validate`: 2 when a file could not be read, 1 when there were errors, else 0.
    public static func validate(unreadable anyUnreadable: Bool, errors: Bool) -> Int32 {
        if anyUnreadable { return unreadable }
        return errors ? failure : success
    }

    /// `flamingo probe`: 1 when no candidate was found.
    public static func probe(found: Bool) -> Int32 { found ? success : failure }
}
