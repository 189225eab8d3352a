import CFlamingo
import Glibc

/// Undoes flamingo's changes to the mount table — a drive mounted, a filesystem mounted or
/// remounted read-write for the run — when a signal ends the process: most recent first, only
/// async-signal-safe calls in the handler.
///
/// Outside the initramfs the signal then ends the process as it would have (exit 128+N). In the
/// initramfs step (`decideExits`) every signal that ends the run — SIGTERM, the deadline's
/// SIGALRM, and a crash (SIGSEGV, SIGILL from a Swift trap, SIGABRT, …) — exits with the status
/// `ExitStatus.run` gives it, decided before the run began: 1 under `flamingo.strict=1`, else 0.
///
/// A signal the process inherited as ignored (`nohup`) stays ignored; SIGALRM, the initramfs
/// step's own deadline, excepted. Once nothing is armed and no exits are decided, every signal
/// gets back the disposition it had before flamingo first took it over.
enum SignalCleanup {
    private static let capacity = 32
    private enum Kind: UInt8 { case unmount, unmountAndRemoveDirectory, remount, interfaceReset }
    nonisolated(unsafe) private static let paths = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: capacity)
    nonisolated(unsafe) private static let kinds = UnsafeMutablePointer<Kind>.allocate(capacity: capacity)
    nonisolated(unsafe) private static let flags = UnsafeMutablePointer<UInt>.allocate(capacity: capacity)
    nonisolated(unsafe) private static var count = 0
    /// Per signal number (set by `decideExits`): the exit status the initramfs step ends with, and
    /// its one-line message. Raw memory: the handler must not touch Swift arrays' reference counts.
    private static let signalSlots = 65
    nonisolated(unsafe) private static var exitsDecided = false
    nonisolated(unsafe) private static let exitStatuses = UnsafeMutablePointer<Int32>.allocate(capacity: signalSlots)
    nonisolated(unsafe) private static let exitMessages = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: signalSlots)
    nonisolated(unsafe) private static var alternateStack: UnsafeMutableRawPointer?
    /// The dispositions found when flamingo took the signals over; nil while it has not.
    nonisolated(unsafe) private static var inherited: [Int32: sigaction]?

    /// Signals that end a run from outside; SIGALRM is the initramfs run's deadline.
    static let terminating = [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGALRM]
    /// Signals a crash raises (a Swift trap is SIGILL; a stack overflow SIGSEGV, on the alternate stack).
    static let crashes = [SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP]

    /// SIGALRM after `seconds`: the initramfs run's deadline (handled as a terminating signal).
    static func endAfter(seconds: Int) {
        alarm(UInt32(seconds))
    }

    /// A mount point to unmount (and, for a drive's private directory, to remove).
    static func arm(_ directory: String, removeDirectory: Bool) {
        push(directory, removeDirectory ? .unmountAndRemoveDirectory : .unmount, 0)
    }

    /// A remount to apply (`Remount.flags`): puts back the read-only state the run changed.
    static func armRemount(_ path: String, flags remountFlags: UInt) {
        push(path, .remount, remountFlags)
    }

    /// An interface the run set up for DHCP: its address removed and the interface set down.
    static func armInterfaceReset(_ name: String) {
        push(name, .interfaceReset, 0)
    }

    /// Forgets the interface armed with `armInterfaceReset` (undone normally, or kept).
    static func disarmInterfaceReset(_ name: String) {
        guard let index = (0..<count).last(where: { kinds[$0] == .interfaceReset && paths[$0].map { String(cString: $0) } == name }) else { return }
        free(paths[index])
        for later in index..<(count - 1) {
            paths[later] = paths[later + 1]
            kinds[later] = kinds[later + 1]
            flags[later] = flags[later + 1]
        }
        count -= 1
        paths[count] = nil
        if count == 0 && !exitsDecided { giveBack(terminating + crashes) }
    }

    /// Forgets the most recently armed entry (it was undone normally).
    static func disarm() {
        guard count > 0 else { return }
        count -= 1
        free(paths[count])
        paths[count] = nil
        if count == 0 && !exitsDecided { giveBack(terminating + crashes) }
    }

    /// The initramfs step: from now on every signal in `terminating` and `crashes` undoes what is
    /// armed and exits with `status(signal)` after printing one line on stderr.
    static func decideExits(_ status: (Int32) -> Int32) {
        exitMessages.initialize(repeating: nil, count: signalSlots)
        for signalNumber in terminating + crashes {
            let exit = status(signalNumber)
            let what = crashes.contains(signalNumber) ? "crashed (signal \(signalNumber))" : "ended by signal \(signalNumber)"
            exitStatuses[Int(signalNumber)] = exit
            exitMessages[Int(signalNumber)] = strdup("flamingo: run: error: \(what); mounts restored; exit status \(exit)\n")
        }
        exitsDecided = true
        // A stack overflow's SIGSEGV needs a stack of its own to run the handler on.
        let size = 64 << 10
        alternateStack = malloc(size)
        var stack = stack_t(ss_sp: alternateStack, ss_flags: 0, ss_size: size)
        sigaltstack(&stack, nil)
        takeOver()
        for signalNumber in terminating + crashes where signalNumber == SIGALRM || !wasIgnored(signalNumber) {
            install(signalNumber)
        }
    }

    /// The run is over: its deadline and its exit decisions end with it (a test process runs many).
    static func endDecidedExits() {
        guard exitsDecided else { return }
        alarm(0)
        exitsDecided = false
        giveBack(crashes + (count == 0 ? terminating : []))
        // What is still armed keeps its handlers, SIGALRM's only if it was not inherited ignored.
        if count > 0, wasIgnored(SIGALRM) { giveBack([SIGALRM]) }
    }

    private static func push(_ path: String, _ kind: Kind, _ remountFlags: UInt) {
        guard count < capacity else { return }
        paths[count] = strdup(path)
        kinds[count] = kind
        flags[count] = remountFlags
        count += 1
        takeOver()
        for signalNumber in terminating where !wasIgnored(signalNumber) { install(signalNumber) }
    }

    /// Notes every signal's disposition before the first handler goes in.
    private static func takeOver() {
        guard inherited == nil else { return }
        var found: [Int32: sigaction] = [:]
        for signalNumber in terminating + crashes {
            var current = sigaction()
            sigaction(signalNumber, nil, &current)
            found[signalNumber] = current
        }
        inherited = found
    }

    /// Puts back the dispositions noted by `takeOver`; once all are back, the next takeover notes afresh.
    private static func giveBack(_ signals: [Int32]) {
        guard let found = inherited else { return }
        for signalNumber in signals {
            guard var previous = found[signalNumber] else { continue }
            sigaction(signalNumber, &previous, nil)
        }
        if count == 0 && !exitsDecided { inherited = nil }
    }

    private static func wasIgnored(_ signalNumber: Int32) -> Bool {
        guard let handler = inherited?[signalNumber]?.__sigaction_handler.sa_handler else { return false }  // nil: SIG_DFL
        return unsafeBitCast(handler, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self)
    }

    private static func install(_ signalNumber: Int32) {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { received in SignalCleanup.handle(received) }
        action.sa_flags = Int32(SA_ONSTACK)
        sigemptyset(&action.sa_mask)
        sigaction(signalNumber, &action, nil)
    }

    private static func handle(_ received: Int32) {
        var index = count - 1
        while index >= 0 {
            if let path = paths[index] {
                switch kinds[index] {
                case .remount: Remount.applyInSignalHandler(path, flags: flags[index])
                case .unmount: umount2(path, Int32(MNT_DETACH))
                case .unmountAndRemoveDirectory: umount2(path, Int32(MNT_DETACH)); rmdir(path)
                case .interfaceReset: NetworkLink.resetInSignalHandler(path)
                }
            }
            index -= 1
        }
        if exitsDecided, received > 0, Int(received) < signalSlots, let message = exitMessages[Int(received)] {
            _ = write(2, message, strlen(message))
            _exit(exitStatuses[Int(received)])
        }
        signal(received, SIG_DFL)
        raise(received)
    }
}
