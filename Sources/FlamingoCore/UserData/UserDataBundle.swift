/// Everything the instance's user-data and vendor-data say, unpacked: the cloud-config keys
/// merged across parts, the scripts and boothooks, and what could not be used.
///
/// Merging follows cloud-init's default: vendor-data first, then user-data parts in order; a
/// top-level key given again replaces the earlier value (`merge_how` is not supported). User-data
/// `vendor_data: {enabled: false}` drops vendor-data.
public struct UserDataBundle: Sendable {
    /// One top-level cloud-config key, with the part it came from (for messages).
    public struct Entry: Sendable {
        public var key: String
        public var keyNode: Node
        public var value: Node
        public var file: String
    }

    public var entries: [Entry] = []
    public var scripts: [UserDataPart] = []
    public var diagnostics: [Diagnostic] = []
    /// What gzip may still inflate in this run: user-data's parts spend it first, then
    /// write_files' gz contents (the decoder).
    public var budget = InflateBudget()

    public subscript(key: String) -> Entry? { entries.first { $0.key == key } }

    public init() {}

    public init(userData: RawInput?, vendorData: RawInput?, vendorData2: RawInput? = nil, budget: InflateBudget = InflateBudget()) {
        var user = UserDataBundle()
        if let userData { user.add(UserDataSplitter.split(userData, budget: budget)) }
        var vendor = UserDataBundle()
        for vendorData in [vendorData, vendorData2].compactMap({ $0 }) {
            for blob in Self.vendorBlobs(vendorData, diagnostics: &vendor.diagnostics) { vendor.add(UserDataSplitter.split(blob, budget: budget)) }
        }
        if let setting = user["vendor_data"]?.value["enabled"], case .bool(false) = setting.scalar?.resolved {
            vendor = UserDataBundle()
        }
        self = vendor
        self.budget = budget
        diagnostics += user.diagnostics
        scripts += user.scripts
        for entry in user.entries { set(entry) }
    }

    private mutating func set(_ entry: Entry) {
        if let index = entries.firstIndex(where: { $0.key == entry.key }) { entries[index] = entry } else { entries.append(entry) }
    }

    private mutating func add(_ split: (parts: [UserDataPart], diagnostics: [Diagnostic])) {
        diagnostics += split.diagnostics
        for part in split.parts {
            guard part.kind == .cloudConfig else { scripts.append(part); continue }
            do {
                let document = try Document.parse(RawInput(file: part.name, bytes: part.bytes), as: .yaml)
                diagnostics += document.warnings
                if document.root.isNull { continue }
                guard let pairs = document.root.mapping else {
                    diagnostics.append(Diagnostic(.error, file: part.name, mark: document.root.mark,
                                                  "cloud-config must be a mapping of keys, found \(document.root.kindDescription)"))
                    continue
                }
                for pair in pairs {
                    guard let key = pair.key.scalar?.text else { continue }
                    if key == "merge_how" || key == "merge_type" {
                        diagnostics.append(Diagnostic(.warning, file: part.name, mark: pair.key.mark, keyPath: KeyPath([.key(key)]),
                                                      "not supported: a later part's top-level keys replace an earlier part's"))
                        continue
                    }
                    set(Entry(key: key, keyNode: pair.key, value: pair.value, file: part.name))
                }
            } catch let diagnostic as Diagnostic {
                diagnostics.append(diagnostic)
            } catch {
                diagnostics.append(Diagnostic(.error, file: part.name, mark: nil, "\(error)"))
            }
        }
    }

    /// OpenStack's vendor_data.json holds a string of user-data, a list of them, or an object whose
    /// `cloud-init` key holds one (cloud-init's `convert_vendordata`); other vendor-data is user-data.
    static func vendorBlobs(_ input: RawInput, diagnostics: inout [Diagnostic]) -> [RawInput] {
        guard input.file.hasSuffix(".json") else { return [input] }
        let root: Node
        do {
            root = try JSONParser(file: input.file).parse(input.bytes)
        } catch let diagnostic as Diagnostic {
            diagnostics.append(diagnostic)
            return []
        } catch {
            return []
        }
        func blobs(_ node: Node, depth: Int) -> [RawInput] {
            guard depth < 4 else { return [] }
            switch node.content {
            case .scalar(let scalar) where !node.isNull: return [RawInput(file: input.file, bytes: Array(scalar.text.utf8))]
            case .sequence(let items): return items.flatMap { blobs($0, depth: depth + 1) }
            case .mapping: return node["cloud-init"].map { blobs($0, depth: depth + 1) } ?? []
            default: return []
            }
        }
        return blobs(root, depth: 0)
    }
}
