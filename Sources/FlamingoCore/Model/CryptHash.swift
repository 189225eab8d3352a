/// crypt(3) password hashes. flamingo writes them unchanged, never re-hashed.
public enum CryptHash {
    /// The schemes libxcrypt knows by prefix: MD5, SHA-256, SHA-512, yescrypt, gost-yescrypt,
    /// bcrypt, scrypt, and the older SHA-1 and Sun MD5 ones.
    static let prefixes = ["$1$", "$5$", "$6$", "$y$", "$gy$", "$2a$", "$2b$", "$2y$", "$7$", "$sha1$", "$md5"]

    public static func isHash(_ text: String) -> Bool {
        if prefixes.contains(where: text.hasPrefix) {
            return !text.contains(":") && !text.contains(where: \.isWhitespace)
        }
        // Traditional DES: 13 characters of [./0-9A-Za-z].
        return text.utf8.count == 13 && text.unicodeScalars.allSatisfy {
            $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "." || $0 == "/")
        }
    }
}
