import CFlamingo

/// gzip through zlib: user-data may be compressed (cloud-init accepts it, and so do clouds'
/// 16 KiB user-data limits encourage it).
public enum Gzip {
    public static func isCompressed(_ bytes: [UInt8]) -> Bool { bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B }

    /// Inflates `bytes`, refusing output larger than `limit` (a gzip bomb), or than what is left
    /// of `budget` — the whole run's (many small bombs: 24 MIME parts of 32 MiB each).
    public static func decompress(_ bytes: [UInt8], limit: Int, budget: InflateBudget? = nil) throws -> [UInt8] {
        let limit = min(limit, budget?.remaining ?? limit)
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
        case Z_OK:
            budget?.spend(output.count)
            return output
        case Z_BUF_ERROR - 100:
            if let budget, budget.remaining == limit { throw GzipError.budgetSpent(InflateBudget.perRun) }
            throw GzipError.tooLarge(limit)
        default: throw GzipError.corrupt(stream.msg.map { String(cString: $0) } ?? "zlib error \(status)")
        }
    }
}

/// How many bytes gzip may still inflate in this run, across every part and file: memory stays
/// bounded whatever the number of compressed pieces. Made per run (or per `validate`) and
/// used on one thread.
public final class InflateBudget: @unchecked Sendable {
    /// The total for one run: twice the largest single piece (`UserDataSplitter.inflatedLimit`).
    public static let perRun = 64 << 20
    public private(set) var remaining: Int

    public init(bytes: Int = InflateBudget.perRun) { remaining = bytes }

    func spend(_ bytes: Int) { remaining = max(0, remaining - bytes) }
}

public enum GzipError: Error, CustomStringConvertible, Equatable {
    case corrupt(String)
    case budgetSpent(Int)
    case tooLarge(Int)
    public var description: String {
        switch self {
        case .corrupt(let reason): return "invalid gzip data: \(reason)"
        case .tooLarge(let limit): return "gzip data inflates to more than \(limit) bytes"
        case .budgetSpent(let total): return "gzip data inflates past the \(total) bytes one run may inflate in all (user-data parts and write_files together)"
        }
    }
}
