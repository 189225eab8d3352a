import FlamingoFuzzTargets
import Glibc

// libFuzzer's callbacks (built only by scripts/fuzz.sh, with -sanitize=fuzzer,address; CFuzzerMain
// starts libFuzzer's driver). The target comes from FLAMINGO_FUZZ_TARGET, one of FuzzTarget's names.

nonisolated(unsafe) private var selected: FuzzTarget = .yaml

@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>) -> Int32 {
    let name = getenv("FLAMINGO_FUZZ_TARGET").map { String(cString: $0) } ?? ""
    guard let target = FuzzTarget(rawValue: name) else {
        let known = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
        let message = Array("flamingo-fuzz: set FLAMINGO_FUZZ_TARGET to one of: \(known)\n".utf8)
        _ = write(2, message, message.count)
        exit(2)
    }
    selected = target
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    selected.run(size == 0 || data == nil ? [] : Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
