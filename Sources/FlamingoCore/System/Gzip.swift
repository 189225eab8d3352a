import CFlamingo

/// gzip through zlib: user-data may be compressed (cloud-init accepts it, and so do clouds'
/// 16 KiB user-data limits encourage it).
public enum Gzip {
    public static func isCompressed(_ bytes: [UInt8]) -> Bool { bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B }

    /// Inflates `bytes`, refusing output larger than `limit` (a gzip bomb).
    public static func decompress(_ bytes: [UInt8], limit: Int) throws -> [UInt8] {
        var stream = z_stream()
        // 16 + MAX_WBITS: a gzip header, not a raw zlib stream.
        guard inflateInit2_(&stream, 16 + MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw GzipError.corrupt("cannot initialise zlib")
        }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        var input = bytes
        let status: Int32 = input.withUnsafeMutableBufferPointer { source in
            stream.next_in = source.baseAddress
            stream.avail_in = UInt32(source.count)
            while true {
                let result: Int32 = chunk.withUnsafeMutableBufferPointer { buffer in
                    stream.next_out = buffer.baseAddress
                    stream.avail_out = UInt32(buffer.count)
                    return inflate(&stream, Z_NO_FLUSH)
                }
                let produced = chunk.count - Int(stream.avail_out)
                if output.count + produced > limit { return Z_BUF_ERROR - 100 }
                output.append(contentsOf: chunk[0..<produced])
                if result == Z_STREAM_END { return Z_OK }
                if result != Z_OK { return result }
                if stream.avail_in == 0 && produced == 0 { return Z_DATA_ERROR }
            }
        }
        switch status {
        case Z_OK: return output
        case Z_BUF_ERROR - 100: throw GzipError.tooLarge(limit)
        default: throw GzipError.corrupt(stream.msg.map { String(cString: $0) } ?? "zlib error \(status)")
        }
    }
}

public enum GzipError: Error, CustomStringConvertible, Equatable {
    case corrupt(String)
    case tooLarge(Int)
    public var description: String {
        switch self {
        case .corrupt(let reason): return "invalid gzip data: \(reason)"
        case .tooLarge(let limit): return "gzip data inflates to more than \(limit) bytes"
        }
    }
}
