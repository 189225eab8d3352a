extension String {
    /// The text with each Unicode scalar that `replacement` names written as what it returns
    /// (escapes for a file format or a message); every other scalar kept.
    func escapingScalars(_ replacement: (Unicode.Scalar) -> String?) -> String {
        var text = ""
        for scalar in unicodeScalars {
            if let replaced = replacement(scalar) { text += replaced } else { text.unicodeScalars.append(scalar) }
        }
        return text
    }
}
