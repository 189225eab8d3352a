/// What says which cloud a machine is on without asking the network, as cloud-init's ds-identify
/// reads it: the firmware's DMI strings (`/sys/class/dmi/id`), Xen's hypervisor UUID, a
/// `ds=` seed on the kernel command line or in the DMI serial number, and the machine's NICs
/// (a metadata service's per-MAC network description is matched against them).
public struct MachineIdentity: Sendable {
    public var sysVendor = ""
    public var productName = ""
    public var productSerial = ""
    public var productUUID = ""
    public var chassisAssetTag = ""
    /// `/sys/hypervisor/uuid` (Xen guests, older EC2 instances).
    public var hypervisorUUID = ""
    /// `ds=…` from the DMI serial number and the kernel command line (the serial's values first).
    public var seed: SeedArgument?
    public var interfaces: [NetworkLink] = []
    /// `flamingo.ec2.imdsv1=1`: the operator allows EC2's token-less IMDSv1 when IMDSv2 is refused.
    public var allowsIMDSv1 = false

    public init() {}

    /// Reads `dmi` (`/sys/class/dmi/id`), `hypervisor` and the interfaces in `net`; `ds` is the
    /// kernel command line's `ds=` value, if any.
    public static func read(dmi: String = "/sys/class/dmi/id", hypervisor: String = "/sys/hypervisor/uuid",
                            net: String = "/sys/class/net", ds: String?) -> MachineIdentity {
        func value(_ name: String) -> String { FileSystem.readSmallFile("\(dmi)/\(name)")?.trimmingWhitespace() ?? "" }
        var machine = MachineIdentity()
        machine.sysVendor = value("sys_vendor")
        machine.productName = value("product_name")
        machine.productSerial = value("product_serial")
        machine.productUUID = value("product_uuid")
        machine.chassisAssetTag = value("chassis_asset_tag")
        machine.hypervisorUUID = FileSystem.readSmallFile(hypervisor)?.trimmingWhitespace() ?? ""
        machine.seed = SeedArgument.merged(serial: SeedArgument(machine.productSerial), commandLine: ds.flatMap(SeedArgument.init))
        machine.interfaces = NetworkLink.ethernet(in: net)
        return machine
    }

    /// The DMI strings in one line, for the debug log.
    public var summary: String {
        "vendor \"\(sysVendor)\", product \"\(productName)\", asset tag \"\(chassisAssetTag)\""
    }
}
