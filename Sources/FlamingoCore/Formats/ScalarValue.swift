/// The typed value of a scalar under YAML 1.1 resolution as PyYAML's SafeLoader does it, which is
/// what cloud-init users have written against for a decade.
public enum ScalarValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case float(Double)
    case string(String)

    public static let tagPrefix = "tag:yaml.org,2002:"

    public var kindDescription: String {
        switch self {
        case .null: return "null"
        case .bool(let value): return "a boolean (\(value))"
        case .int: return "an integer"
        case .float: return "a number"
        case .string: return "a string"
        }
    }

    static func resolve(_ scalar: Scalar) -> ScalarValue {
        let text = scalar.text
        switch scalar.tag {
        case tagPrefix + "str", tagPrefix + "binary": return .string(text)
        case tagPrefix + "null": return .null
        case tagPrefix + "bool": return bool(text).map(ScalarValue.bool) ?? .string(text)
        case tagPrefix + "int": return int(text).map(ScalarValue.int) ?? .string(text)
        case tagPrefix + "float": return (float(text) ?? Double(text)).map(ScalarValue.float) ?? .string(text)
        case nil where scalar.style == .plain: break
        default: return .string(text)
        }
        if let value = null(text) { return value }
        if let value = bool(text) { return .bool(value) }
        if let value = int(text) { return .int(value) }
        if let value = float(text) { return .float(value) }
        return .string(text)
    }

    private static func null(_ text: String) -> ScalarValue? {
        ["", "~", "null", "Null", "NULL"].contains(text) ? .null : nil
    }

    private static let trueWords: Set<String> = ["yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"]
    private static let falseWords: Set<String> = ["no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"]

    static func bool(_ text: String) -> Bool? {
        if trueWords.contains(text) { return true }
        if falseWords.contains(text) { return false }
        return nil
    }

    /// YAML 1.1 integers: decimal, `0b…`, `0x…`, leading-zero octal, `_` separators, base 60.
    static func int(_ text: String) -> Int? {
        var body = Substring(text)
        var negative = false
        if let sign = body.first, sign == "-" || sign == "+" { negative = sign == "-"; body = body.dropFirst() }
        guard let first = body.first, first.isASCII, first.isNumber else { return nil }
        let magnitude: Int?
        if body.contains(":") {
            magnitude = sexagesimal(body)
        } else {
            let digits = body.filter { $0 != "_" }
            if digits.hasPrefix("0b") { magnitude = Int(digits.dropFirst(2), radix: 2) }
            else if digits.hasPrefix("0x") { magnitude = Int(digits.dropFirst(2), radix: 16) }
            else if digits.count > 1 && digits.hasPrefix("0") { magnitude = Int(digits.dropFirst(), radix: 8) }
            else if body.first == "_" { magnitude = nil }
            else { magnitude = Int(digits, radix: 10) }
        }
        guard let magnitude else { return nil }
        return negative ? -magnitude : magnitude
    }

    /// `190:20:30` = 190 × 3600 + 20 × 60 + 30. A value beyond Int's range is no integer (as a
    /// decimal one is not): the scalar stays a string (a fuzzer found the overflow).
    private static func sexagesimal(_ body: Substring) -> Int? {
        let parts = body.split(separator: ":", omittingEmptySubsequences: false)
        guard let head = Int(parts[0].filter { $0 != "_" }), !parts[0].hasPrefix("0") else { return nil }
        var total = head
        for part in parts.dropFirst() {
            guard (1...2).contains(part.count), part.allSatisfy({ $0.isASCII && $0.isNumber }),
                  let value = Int(part), value < 60 else { return nil }
            let (shifted, overflowed) = total.multipliedReportingOverflow(by: 60)
            let (sum, overflowedAgain) = shifted.addingReportingOverflow(value)
            guard !overflowed, !overflowedAgain else { return nil }
            total = sum
        }
        return total
    }

    /// YAML 1.1 floats as PyYAML reads them: a `.` is required and an exponent needs its sign
    /// (so `1e3` stays a string, as it does for cloud-init).
    static func float(_ text: String) -> Double? {
        switch text {
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .infinity
        case "-.inf", "-.Inf", "-.INF": return -.infinity
        case ".nan", ".NaN", ".NAN": return .nan
        default: break
        }
        var body = Substring(text.filter { $0 != "_" })
        var sign = 1.0
        if let first = body.first, first == "-" || first == "+" { sign = first == "-" ? -1 : 1; body = body.dropFirst() }
        guard body.contains("."), !body.isEmpty else { return nil }
        let mantissaEnd = body.firstIndex { $0 == "e" || $0 == "E" } ?? body.endIndex
        let mantissa = body[..<mantissaEnd]
        guard mantissa.allSatisfy({ $0 == "." || ($0.isASCII && $0.isNumber) }),
              mantissa.filter({ $0 == "." }).count == 1, mantissa != "." else { return nil }
        if mantissaEnd != body.endIndex {
            let exponent = body[body.index(after: mantissaEnd)...]
            guard let signChar = exponent.first, signChar == "+" || signChar == "-",
                  exponent.count > 1, exponent.dropFirst().allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        }
        guard let value = Double(String(body)) else { return nil }
        return sign * value
    }
}
