import CFlamingo
import Glibc

/// Hashes plain-text passwords (`plain_text_passwd`, `chpasswd` type text, `password`) with
/// SHA-512 crypt through libcrypt, with a fresh salt from the kernel. Hashes given as hashes are
/// never passed through here.
public enum PasswordHasher {
    public static func sha512(_ password: String) throws -> String {
        var setting = [CChar](repeating: 0, count: Int(CRYPT_GENSALT_OUTPUT_SIZE))
        guard crypt_gensalt_rn("$6$", 0, nil, 0, &setting, Int32(setting.count)) != nil else {
            throw SystemError("crypt_gensalt")
        }
        let data = UnsafeMutablePointer<crypt_data>.allocate(capacity: 1)
        defer {
            memset(data, 0, MemoryLayout<crypt_data>.size)  // the phrase passed through it
            data.deallocate()
        }
        memset(data, 0, MemoryLayout<crypt_data>.size)
        guard let result = crypt_rn(password, setting, data, Int32(MemoryLayout<crypt_data>.size)),
              result.pointee != UInt8(ascii: "*") else {
            throw SystemError("crypt")
        }
        return String(cString: result)
    }

    /// Whether `password` hashes to `hash` (so a re-run need not re-hash it with a new salt).
    public static func matches(_ password: String, hash: String) -> Bool {
        // Not a hash (`!`, `*`, empty): crypt refuses it as a setting, with a failure token.
        guard hash.hasPrefix("$") || hash.utf8.count == 13 else { return false }
        let data = UnsafeMutablePointer<crypt_data>.allocate(capacity: 1)
        defer {
            memset(data, 0, MemoryLayout<crypt_data>.size)
            data.deallocate()
        }
        memset(data, 0, MemoryLayout<crypt_data>.size)
        guard let result = crypt_rn(password, hash, data, Int32(MemoryLayout<crypt_data>.size)) else { return false }
        return String(cString: result) == hash
    }

    /// The hash to store for `password`: the current one when it already matches, else a new one.
    public static func hash(_ password: String, keeping current: String?) throws -> String {
        if let current {
            let unlocked = current.hasPrefix("!") ? String(current.drop { $0 == "!" }) : current
            if matches(password, hash: unlocked) { return unlocked }
        }
        return try sha512(password)
    }
}
