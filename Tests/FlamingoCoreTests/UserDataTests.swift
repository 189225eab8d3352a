import Foundation
import Testing
@testable import FlamingoCore

@Suite struct UserDataTests {
    func split(_ text: String, file: String = "user-data") -> (parts: [UserDataPart], diagnostics: [Diagnostic]) {
        UserDataSplitter.split(RawInput(file: file, bytes: Array(text.utf8)))
    }

    @Test func typesByHowContentStarts() {
        #expect(split("#cloud-config\na: 1\n").parts.map(\.kind) == [.cloudConfig])
        #expect(split("  #!/bin/bash\necho hi\n").parts.map(\.kind) == [.script(.perInstance)])
        #expect(split("#cloud-boothook\necho hi\n").parts.map(\.kind) == [.boothook])
        #expect(split("").parts.isEmpty && split("").diagnostics.isEmpty)
        #expect(split("## template: jinja\n#cloud-config\n").diagnostics.map(\.message)
                == ["jinja templates (## template: jinja) are not supported: flamingo renders no templates; send plain #cloud-config"])
        #expect(split("#include\nhttp://example.com/x\n").diagnostics.first?.message
                == "#include user-data is not supported: cloud-config URLs are not fetched (no TLS, no name resolution in the initramfs)")
        #expect(split("just some text\n").diagnostics.first?.severity == .warning)
    }

    /// `#cloud-config-archive` (cloud-init's documented examples use it): each part read as a MIME
    /// part would be, named by its position; a document that is not a list is a located error.
    @Test func cloudConfigArchivePartsAreReadLikeMIMEParts() {
        let archive = "#cloud-config-archive\n- type: text/cloud-config\n  content: \"#cloud-config\\nhostname: archived\\n\"\n"
            + "- {type: text/x-shellscript, filename: go.sh, content: \"#!/bin/sh\\necho hi\\n\"}\n- \"#cloud-boothook\\necho hook\\n\"\n"
            + "- {type: text/cloud-config, launch-index: 1, content: \"#cloud-config\\ntimezone: UTC\\n\"}\n"
        let (parts, diagnostics) = split(archive)
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        #expect(parts.map(\.kind) == [.cloudConfig, .script(.perInstance), .boothook, .cloudConfig])
        #expect(parts[1].filename == "go.sh" && parts[1].name == "user-data part 2")
        let config = CloudConfigDecoder(UserDataBundle(userData: RawInput(file: "user-data", bytes: Array(archive.utf8)), vendorData: nil)).config
        #expect(config[SetHostname.Settings.self].hostname == "archived" && config[Timezone.Settings.self].timezone == "UTC")
        let notAList = split("#cloud-config-archive\n{a: 1}\n").diagnostics.map(\.description)
        #expect(notAList == ["user-data:2:1: error: a #cloud-config-archive is a list of parts, found a mapping"], "\(notAList)")
    }

    @Test func gzipIsInflated() throws {
        let bytes = try FileDescriptor.open(Fixtures.path("userdata/cloud-config.gz")).readAll(limit: 1 << 20)
        let result = UserDataSplitter.split(RawInput(file: "user-data", bytes: bytes))
        #expect(result.parts.first?.text == "#cloud-config\nhostname: from-gzip\n")
        let broken = UserDataSplitter.split(RawInput(file: "user-data", bytes: [0x1F, 0x8B, 0x08, 0, 1, 2, 3]))
        #expect(broken.diagnostics.first?.message.hasPrefix("invalid gzip data") == true)
    }

    static let multipart = """
        Content-Type: multipart/mixed; boundary="XYZ"
        MIME-Version: 1.0

        --XYZ
        Content-Type: text/cloud-config

        #cloud-config
        hostname: one
        runcmd: [a]
        --XYZ
        Content-Type: text/x-shellscript-per-boot
        Content-Disposition: attachment; filename="every-boot.sh"

        #!/bin/sh
        echo boot
        --XYZ
        Content-Type: text/cloud-config
        Content-Transfer-Encoding: base64

        I2Nsb3VkLWNvbmZpZwpob3N0bmFtZTogdHdvCg==
        --XYZ
        Content-Type: text/jinja2

        ## template: jinja
        --XYZ
        Content-Type: text/plain

        #cloud-boothook
        echo hook
        --XYZ--

        """

    @Test func mimeMultipartPartsAreTypedDecodedAndNamed() {
        let result = split(Self.multipart)
        #expect(result.parts.map(\.kind) == [.cloudConfig, .script(.perBoot), .cloudConfig, .boothook])
        #expect(result.parts[1].name == "user-data part 2 (every-boot.sh)")
        #expect(result.parts[1].text == "#!/bin/sh\necho boot")
        #expect(result.parts[2].text == "#cloud-config\nhostname: two\n")
        #expect(result.diagnostics.map(\.file) == ["user-data part 4"])
    }

    @Test func laterPartsReplaceTopLevelKeysAndScriptsAreKept() {
        let bundle = UserDataBundle(userData: RawInput(file: "user-data", bytes: Array(Self.multipart.utf8)), vendorData: nil)
        #expect(bundle["hostname"]?.value.scalar?.text == "two")
        #expect(bundle["hostname"]?.file == "user-data part 3")
        #expect(bundle["runcmd"] != nil)
        #expect(bundle.scripts.count == 2)
    }

    @Test func aBrokenMIMEMessageIsAnError() {
        let result = split("Content-Type: multipart/mixed; boundary=\"B\"\n\n--B\nContent-Type: text/cloud-config\n\n#cloud-config\n")
        #expect(result.diagnostics.first?.message == "invalid MIME user-data: the closing boundary \"--B--\" is missing")
    }

    @Test func vendorDataIsUnderUserData() {
        let vendor = RawInput(file: "openstack/latest/vendor_data.json",
                              bytes: Array(##"{"cloud-init": "#cloud-config\nhostname: vendor\ntimezone: UTC\nruncmd: [v]\n"}"##.utf8))
        let user = RawInput(file: "user_data", bytes: Array("#cloud-config\nhostname: user\n".utf8))
        let bundle = UserDataBundle(userData: user, vendorData: vendor)
        #expect(bundle["hostname"]?.value.scalar?.text == "user")
        #expect(bundle["runcmd"]?.file == "openstack/latest/vendor_data.json")
        let off = UserDataBundle(userData: RawInput(file: "u", bytes: Array("#cloud-config\nvendor_data: {enabled: false}\n".utf8)),
                                 vendorData: vendor)
        #expect(off["runcmd"] == nil)
    }

    @Test func mergeHowIsAWarning() {
        let bundle = UserDataBundle(userData: RawInput(file: "u", bytes: Array("#cloud-config\nmerge_how: dict(recurse_array)+list(append)\n".utf8)), vendorData: nil)
        #expect(bundle.diagnostics.map(\.description) == ["u:2:1: warning: merge_how: not supported: a later part's top-level keys replace an earlier part's"])
    }
}
