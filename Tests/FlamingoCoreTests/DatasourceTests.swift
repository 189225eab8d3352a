import Foundation
import Testing
@testable import FlamingoCore

@Suite struct DatasourceTests {
    func reading(_ fixture: String) throws -> DatasourceReading {
        let drive = try DriveContents(directory: Fixtures.path(fixture), name: fixture)
        let datasource = try #require(try DatasourceRegistry.detect(drive))
        return try datasource.read(drive)
    }

    @Test func noCloudReadsMetaDataAndKeepsTheRest() throws {
        let result = try reading("nocloud-basic")
        #expect(result.diagnostics.isEmpty)
        #expect(result.instance.datasource == "NoCloud")
        #expect(result.instance.instanceID == "iid-nocloud-0001")
        #expect(result.instance.localHostname == "web1.example.com")
        #expect(result.instance.publicKeys.count == 2)
        #expect(result.instance.publicKeys[0].hasSuffix("alice@laptop"))
        #expect(result.instance.userData?.file == "nocloud-basic:user-data")
        #expect(result.instance.userData.map { String(decoding: $0.bytes, as: UTF8.self) }?.hasPrefix("#cloud-config") == true)
        #expect(result.instance.vendorData != nil)
        #expect(result.instance.networkConfig != nil)
    }

    @Test func noCloudPublicKeysAsAMappingAndNumbersAsIDs() throws {
        let result = try reading("nocloud-keys-mapping")
        #expect(result.diagnostics.isEmpty)
        #expect(result.instance.instanceID == "1234")
        #expect(result.instance.localHostname == "db2")
        #expect(result.instance.publicKeys.map { $0.split(separator: " ").last! } == ["alice@laptop", "ci@runner"])
    }

    @Test func publicKeysAsOneMultiLineString() throws {
        let root = try parseYAML("k: |\n  ssh-ed25519 AAAA a\n\n  ssh-ed25519 BBBB b\n")
        var reader = DocumentReader(file: "m")
        #expect(PublicKeys.read(root["k"]!, at: KeyPath([.key("k")]), reader: &reader) == ["ssh-ed25519 AAAA a", "ssh-ed25519 BBBB b"])
    }

    @Test func publicKeysOfTheWrongShapeAreErrorsWithTheirPath() throws {
        let root = try parseYAML("public-keys:\n  - ssh-rsa AAAA x\n  - {nested: map}\n")
        var reader = DocumentReader(file: "meta-data")
        let keys = PublicKeys.read(root["public-keys"]!, at: KeyPath([.key("public-keys")]), reader: &reader)
        #expect(keys == ["ssh-rsa AAAA x"])
        #expect(reader.diagnostics.map(\.description) == ["meta-data:3:5: error: public-keys[1]: expected a string, found a mapping"])
    }

    @Test func malformedMetaDataFailsWithFileLineAndColumn() {
        let error = diagnostic { try reading("nocloud-broken") }
        #expect(error?.file == "nocloud-broken:meta-data")
        #expect(error?.mark?.line == 3)
        #expect(error?.severity == .error)
    }

    @Test func missingInstanceIDIsAnError() throws {
        let directory = TemporaryDirectory()
        directory.write("meta-data", "local-hostname: h\n")
        let result = try NoCloud.read(DriveContents(directory: directory.path, name: "seed"))
        #expect(result.diagnostics.map(\.message) == ["required key missing: NoCloud meta-data must give an instance-id"])
        #expect(result.instance.localHostname == "h")
    }

    @Test func configDriveReadsTheNewestKnownVersion() throws {
        let drive = try DriveContents(directory: Fixtures.path("configdrive-versions"), name: "cd")
        #expect(try ConfigDrive.versionDirectory(drive) == "openstack/2018-08-27")
        let result = try ConfigDrive.read(drive)
        #expect(result.instance.instanceID == "uuid-from-2018-08-27")
        // vendor_data2.json is read from the drive too, as cloud-init reads it (and the service).
        #expect(result.instance.vendorData2?.file == "cd:openstack/2018-08-27/vendor_data2.json")
        #expect(result.instance.vendorData == nil)
    }

    @Test func configDriveFallsBackToLatest() throws {
        let result = try reading("configdrive-latest")
        #expect(result.diagnostics.isEmpty)
        #expect(result.instance.datasource == "ConfigDrive")
        #expect(result.instance.instanceID == "83679162-1378-4288-a2d4-70e13ec132aa")
        #expect(result.instance.localHostname == "test.novalocal")
        #expect(result.instance.publicKeys == ["ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQDfakeKeyForTestsOnly Generated-by-Nova"])
        #expect(result.instance.userData != nil)
        #expect(result.instance.networkConfig?.file == "configdrive-latest:openstack/latest/network_data.json")
        #expect(result.instance.vendorData != nil)
    }

    @Test func configDriveWithPublicKeysAsAListIsAnError() throws {
        let directory = TemporaryDirectory()
        directory.write("openstack/latest/meta_data.json", "{\"uuid\": \"u\",\n \"public_keys\": [\"ssh-rsa AAAA\"]}")
        let result = try ConfigDrive.read(DriveContents(directory: directory.path, name: "cd"))
        #expect(result.diagnostics.map(\.description) == [
            "cd:openstack/latest/meta_data.json:2:17: error: public_keys: expected a mapping from key names to keys, found a list",
        ])
    }

    @Test func aDriveWithNoKnownLayoutIsDetectedAsNothing() throws {
        let directory = TemporaryDirectory()
        directory.write("README", "hello")
        #expect(try DatasourceRegistry.detect(try DriveContents(directory: directory.path)) == nil)
    }

    @Test func driveFilesAreReadConfinedAndBounded() throws {
        let directory = TemporaryDirectory()
        let outside = TemporaryDirectory()
        outside.write("secret", "host file")
        directory.symlink("meta-data", to: outside.path + "/secret")
        directory.symlink("user-data", to: "../../../../../../" + outside.path + "/secret")
        let drive = try DriveContents(directory: directory.path, name: "drive")
        #expect(try drive.read("meta-data") == nil)
        #expect(try drive.read("user-data") == nil)
        mkfifo(directory.path + "/vendor-data", 0o644)
        #expect(diagnostic { try drive.read("vendor-data") as Any }?.message == "not a regular file")
        let big = FileManager.default.createFile(atPath: directory.path + "/network-config", contents: nil)
        #expect(big)
        truncate(directory.path + "/network-config", off_t(DriveContents.fileLimit + 1))
        #expect(diagnostic { try drive.read("network-config") as Any }?.message.contains("limit") == true)
    }

    /// Adding a datasource is one file plus one line in the registry: this notices a missing line.
    @Test func everyDatasourceFileIsRegistered() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Fixtures.sources + "/Datasources")
        let infrastructure: Set = ["Datasource.swift", "DatasourceRegistry.swift", "DriveContents.swift",
                                   "MetadataService.swift", "MetadataClient.swift", "MachineIdentity.swift", "SeedArgument.swift"]
        let expected = Set(files.filter { $0.hasSuffix(".swift") && !infrastructure.contains($0) }.map { String($0.dropLast(6)) })
        let registered = Set(DatasourceRegistry.all.map { String(describing: $0) } + DatasourceRegistry.services.map { String(describing: $0) }
                             + DatasourceRegistry.firmware.map { String(describing: $0) })
        #expect(registered == expected)
    }
}
