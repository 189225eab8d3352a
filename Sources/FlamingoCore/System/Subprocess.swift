import Glibc

/// Runs a program (found in PATH) and waits for it, with its output captured: for the few tools
/// flamingo hands work to (setfiles; resize2fs and the like for disks). Arguments are passed as
/// an argument vector, never through a shell.
public enum Subprocess {
    public struct Result: Sendable {
        public var status: Int32
        public var output: String
    }

    /// The first executable `name` in PATH (or the usual sbin directories, which an initramfs or a
    /// rescue shell may leave out of PATH).
    public static func find(_ name: String) -> String? {
        let path = getenv("PATH").map { String(cString: $0) } ?? ""
        let directories = path.split(separator: ":").map(String.init) + Programs.searchPath
        return directories.map { "\($0)/\(name)" }.first { access($0, X_OK) == 0 }
    }

    public static func run(_ program: String, _ arguments: [String]) throws -> Result {
        var pipeEnds: [Int32] = [0, 0]
        guard pipe(&pipeEnds) == 0 else { throw SystemError("pipe") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], 1)
        posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], 2)
        posix_spawn_file_actions_addclose(&actions, pipeEnds[0])
        let argv = ([program] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, program, &actions, nil, argv, environ)
        close(pipeEnds[1])
        let reader = FileDescriptor(adopting: pipeEnds[0])
        guard spawned == 0 else { throw SystemError("posix_spawn", path: program, code: spawned) }
        let output = (try? reader.readAll(limit: 1 << 20)) ?? []
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { throw SystemError("waitpid", path: program) }
        }
        let exitCode = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return Result(status: exitCode, output: String(decoding: output, as: UTF8.self))
    }
}
