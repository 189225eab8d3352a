#!/usr/bin/env python3
"""Reads what a network renderer wrote under a root directory back into its meaning, the same
shape for all four stacks, so that flamingo's files and cloud-init's can be compared by what the
booted system would do rather than by text:

    {device name: {"kind", "mac", "mtu", "ipv6mtu", "vlan": (id, parent), "bond": {kernel option: value},
                   "controller": (name, kind), "ipv4": {...}, "ipv6": {...}},
     "(global)": {"dns": [...], "search": [...]}}

with, per address family, "method" (a "+"-joined set of: dhcp, static, ra — router
advertisements decide, DHCPv6 included as they say —, ra-routes — their routes only —, dhcp6,
dhcp6-info; "none"), "addresses",
"gateway", "routes" ("dest/prefix,gateway[,metric]") and, where the stack keeps DNS per device,
"dns" and "search". A default route with a gateway and no metric counts as the gateway. Each
stack's defaults for what a file leaves out are spelled out (NetworkManager: a missing [ipv4] is
DHCPv4 and a missing [ipv6] is auto; networkd: router advertisements are accepted unless
IPv6AcceptRA=no; ifcfg: IPV6_AUTOCONF defaults to yes)."""
import configparser, glob, ipaddress, os, re, shlex

BOND_MODES = {"0": "balance-rr", "1": "active-backup", "2": "balance-xor", "3": "broadcast",
              "4": "802.3ad", "5": "balance-tlb", "6": "balance-alb"}


def bond_mode(value):
    return BOND_MODES.get(value, value) if value else None


# Linux bonding's options by the kernel's names, each stack's spelling read back into them.
BOND_WORDS = {
    "lacp_rate": {"0": "slow", "1": "fast"},
    "fail_over_mac": {"0": "none", "1": "active", "2": "follow"},
    "arp_validate": {"0": "none", "1": "active", "2": "backup", "3": "all", "4": "filter", "5": "filter_active", "6": "filter_backup"},
    "ad_select": {"0": "stable", "1": "bandwidth", "2": "count"},
    "primary_reselect": {"0": "always", "1": "better", "2": "failure"},
    "arp_all_targets": {"0": "any", "1": "all"},
    "xmit_hash_policy": {"0": "layer2", "1": "layer3+4", "2": "layer2+3", "3": "encap2+3", "4": "encap3+4"},
}
NETWORKD_BOND = {"Mode": "mode", "TransmitHashPolicy": "xmit_hash_policy", "LACPTransmitRate": "lacp_rate",
                 "MIIMonitorSec": "miimon", "UpDelaySec": "updelay", "DownDelaySec": "downdelay",
                 "ARPIntervalSec": "arp_interval", "LearnPacketIntervalSec": "lp_interval", "ARPIPTargets": "arp_ip_target",
                 "ARPValidate": "arp_validate", "ARPAllTargets": "arp_all_targets", "AdSelect": "ad_select",
                 "FailOverMACPolicy": "fail_over_mac", "PrimaryReselectPolicy": "primary_reselect",
                 "ResendIGMP": "resend_igmp", "PacketsPerSlave": "packets_per_slave", "GratuitousARP": "num_grat_arp",
                 "AllSlavesActive": "all_slaves_active", "MinLinks": "min_links", "AdActorSystemPriority": "ad_actor_sys_prio",
                 "AdUserPortKey": "ad_user_port_key", "AdActorSystem": "ad_actor_system",
                 "DynamicTransmitLoadBalancing": "tlb_dynamic_lb"}


def bond_option(name, value):
    """(kernel name, value in one spelling) of a bond option as some stack wrote it."""
    name = name.replace("-", "_")
    name = {"num_unsol_na": "num_grat_arp"}.get(name, name)
    value = str(value).strip()
    if name == "mode":
        return name, bond_mode(value)
    if name in BOND_WORDS:
        return name, BOND_WORDS[name].get(value, value)
    if name == "arp_ip_target":
        return name, ",".join(sorted(re.split(r"[,\s]+", value)))
    if value.lower() in ("yes", "true", "on"):
        return name, "1"
    if value.lower() in ("no", "false", "off"):
        return name, "0"
    return name, re.sub(r"(ms|s)$", "", value) if re.fullmatch(r"\d+(ms|s)", value) else value


def bond_options(pairs):
    return dict(bond_option(name, value) for name, value in pairs)


def mac_of(text):
    """A MAC address as compared: lower case, colons (NetworkManager and cloud-init accept dashes)."""
    return (text or "").lower().replace("-", ":") or None


def family_of(address):
    return "ipv6" if ":" in address else "ipv4"


def empty_family():
    return {"methods": set(), "addresses": set(), "gateway": None, "routes": set(), "dns": [], "search": []}


def device(kind=None):
    return {"kind": kind, "mac": None, "mtu": None, "ipv6mtu": None, "wol": None, "vlan": None, "bond": None, "bridge": None,
            "controller": None, "ipv4": empty_family(), "ipv6": empty_family(), "dhcp4": {}, "dhcp6": {}, "rules": set()}


def flag(value, inverted=False):
    """A yes/no setting as "1"/"0" (inverted for NetworkManager's ignore-* and initscripts' no-peer switches)."""
    on = str(value).strip().lower() in ("1", "yes", "true", "on")
    return "0" if on == inverted else "1"


def bridge_settings(stp_on, pairs):
    """A bridge's settings: stp ("1"/"0") and times in seconds, by one set of names."""
    settings = {"stp": "1" if stp_on else "0"}
    for key, value in pairs:
        if value is None:
            continue
        value = str(value).strip()
        if key == "stp":
            value = "1" if value.lower() in ("1", "yes", "on", "true") else "0"
        settings[key] = value
    return settings


def apply_ports(devices, ports):
    """Port settings found on members, [(bridge, "port_priority"|"path_cost", member, value)], onto their bridge."""
    for bridge, key, member, value in ports:
        if bridge in devices and devices[bridge]["bridge"] is not None:
            devices[bridge]["bridge"][f"{key}:{member}"] = str(value)


def canonical(address):
    """An address in one spelling (`::0` and `::` alike, IPv6 in lower case); text that is none as it is."""
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return address


def ip_words(words):
    """`ip route` option words (`via G metric M table T mtu N onlink …`) as a dict; onlink is a flag."""
    options, index = {}, 0
    while index < len(words):
        if words[index] == "onlink":
            options["onlink"], index = True, index + 1
        elif index + 1 < len(words):
            options[words[index]], index = words[index + 1], index + 2
        else:
            index += 1
    return options


def route(destination, gateway=None, metric=None, table=None, mtu=None, onlink=False):
    """"DEST/PREFIX,GATEWAY[,METRIC][;table=T][;mtu=N][;onlink]": one route, one spelling."""
    if "/" not in destination:
        destination += "/128" if ":" in destination else "/32"
    if destination in ("default", "0.0.0.0/0.0.0.0"):
        destination = "0.0.0.0/0"
    address, _, prefix = destination.partition("/")
    destination = canonical(address) + "/" + prefix
    gateway = canonical(gateway) if gateway else gateway
    text = ",".join(str(part) for part in (destination, gateway or "", metric) if part is not None).rstrip(",")
    extras = [f"table={table}" if table not in (None, "", "0", "254", "main") else None, f"mtu={mtu}" if mtu else None,
              "onlink" if str(onlink).lower() in ("true", "yes", "1") else None]
    return ";".join([text] + [extra for extra in extras if extra])


def rule(options):
    """A policy routing rule, one spelling: "from F to T tos N fwmark M table T priority P", the parts given."""
    names = {"from": "from", "From": "from", "to": "to", "To": "to", "tos": "tos", "TypeOfService": "tos",
             "fwmark": "fwmark", "FirewallMark": "fwmark", "table": "table", "Table": "table",
             "priority": "priority", "pref": "priority", "Priority": "priority"}
    given = {names[key]: str(value) for key, value in options.items() if key in names and value is not None}
    for key in ("from", "to"):
        if key in given and "/" not in given[key]:
            given[key] += "/128" if ":" in given[key] else "/32"
    return " ".join(f"{key} {given[key]}" for key in ("from", "to", "tos", "fwmark", "table", "priority") if key in given)


def finish(devices, global_dns=None, global_search=None, per_device_dns=True):
    """Folds default routes into gateways, turns sets into sorted lists, drops the addressing of
    bond and bridge members (they have none of their own), adds the global DNS entry."""
    result = {}
    for name, d in devices.items():
        for fam in ("ipv4", "ipv6"):
            f = d[fam]
            default = "::/0," if fam == "ipv6" else "0.0.0.0/0,"
            for r in sorted(f["routes"]):
                # A default route with nothing but its gateway (reached on link or not) is the gateway.
                plain = r[len(default):].replace(";onlink", " (onlink)")
                if r.startswith(default) and r.count(",") == 1 and ";" not in plain and f["gateway"] in (None, plain):
                    f["gateway"] = plain
                    f["routes"].discard(r)
            f["method"] = "+".join(sorted(f.pop("methods"))) or "none"
            if f["gateway"]:
                address, _, flag_ = f["gateway"].partition(" ")
                f["gateway"] = canonical(address) + (" " + flag_ if flag_ else "")
            f["addresses"], f["routes"] = sorted(f["addresses"]), sorted(f["routes"])
            if not per_device_dns:
                del f["dns"], f["search"]
            else:
                f["dns"], f["search"] = sorted(set(f["dns"])), sorted(set(f["search"]))
        d["rules"] = sorted(d["rules"])
        if d["controller"]:
            d["ipv4"] = d["ipv6"] = None
        result[name] = d
    if global_dns is not None:
        result["(global)"] = {"dns": sorted(set(global_dns)), "search": sorted(set(global_search or []))}
    return result


# NetworkManager keyfiles ------------------------------------------------------------------------

def read_nm(root, names_by_mac):
    files = glob.glob(os.path.join(root, "etc/NetworkManager/system-connections/*.nmconnection"))
    parsed = []
    for path in files:
        c = configparser.ConfigParser(interpolation=None, strict=False)
        c.optionxform = str
        c.read(path)
        parsed.append(c)

    def name_of(c):
        mac = c.get("ethernet", "mac-address", fallback=None) or c.get("infiniband", "mac-address", fallback=None)
        bound = c.get("connection", "interface-name", fallback=None) or names_by_mac.get((mac or "").lower())
        if not bound and mac:  # bound to a MAC the map does not know (an InfiniBand GUID): its id names it
            bound = re.sub(r"^(cloud-init|flamingo) ", "", c.get("connection", "id", fallback=mac))
        # A profile bound to no device is one NetworkManager may activate on any NIC.
        return bound or "(bound to no device: %s)" % c.get("connection", "id", fallback="?")

    by_uuid = {c.get("connection", "uuid", fallback=""): c for c in parsed}
    devices, ports = {}, []
    for c in parsed:
        get = lambda section, key: c.get(section, key, fallback=None)
        d = device({"ethernet": "ethernet", "bond": "bond", "vlan": "vlan", "bridge": "bridge",
                    "infiniband": "infiniband"}.get(get("connection", "type")))
        link = "infiniband" if d["kind"] == "infiniband" else "ethernet"
        d["mac"] = mac_of(get(link, "mac-address")) if d["kind"] in ("ethernet", "infiniband") else None
        d["mtu"] = get(link, "mtu")
        d["ipv6mtu"] = get("ipv6", "mtu")
        wol = get(link, "wake-on-lan")
        d["wol"] = "magic" if wol and int(wol) & 64 else None
        if c.has_section("vlan"):
            parent = get("vlan", "parent")
            d["vlan"] = (get("vlan", "id"), name_of(by_uuid[parent]) if parent in by_uuid else parent)
        if c.has_section("bond"):
            d["bond"] = bond_options(c.items("bond"))
        if d["kind"] == "bridge":  # NetworkManager's default: STP on
            d["bridge"] = bridge_settings(get("bridge", "stp") in (None, "true", "yes", "1"),
                                          [(key.replace("-", "_"), get("bridge", key)) for key in
                                           ("priority", "forward-delay", "hello-time", "max-age", "ageing-time")])
        master = get("connection", "master")
        if master:
            d["controller"] = (name_of(by_uuid[master]) if master in by_uuid else master, get("connection", "slave-type"))
            for key, name in (("priority", "port_priority"), ("path-cost", "path_cost")):
                if get("bridge-port", key) is not None:
                    ports.append((d["controller"][0], name, name_of(c), get("bridge-port", key)))
        for fam in ("ipv4", "ipv6"):
            f = d[fam]
            method = get(fam, "method") if c.has_section(fam) else None
            method = method or ("auto" if fam == "ipv6" or not c.has_section(fam) else "auto")
            f["methods"] = {"auto": {"dhcp"} if fam == "ipv4" else {"ra"}, "manual": {"static"}, "dhcp": {"dhcp6"},
                            "link-local": set(), "disabled": set(), "ignore": set(), "shared": {"shared"}}[method]
            if not c.has_section(fam):
                continue
            if any(re.fullmatch(r"address\d*", key) for key, _ in c.items(fam)):
                f["methods"].add("static")  # addresses with any method (auto: plus what routers advertise)
            f["gateway"] = get(fam, "gateway")
            for key, value in c.items(fam):
                if re.fullmatch(r"address\d*", key):
                    parts = value.split(",")
                    f["addresses"].add(parts[0])
                    if len(parts) > 1 and parts[1]:
                        f["gateway"] = parts[1]
                elif re.fullmatch(r"route\d*", key):
                    parts = value.split(",")
                    extra = dict(option.split("=", 1) for option in (get(fam, key + "_options") or "").split(",") if "=" in option)
                    f["routes"].add(route(parts[0], parts[1] if len(parts) > 1 else None, parts[2] if len(parts) > 2 else None,
                                          extra.get("table"), extra.get("mtu"), extra.get("onlink", False)))
                elif re.fullmatch(r"routing-rule\d*", key):
                    words = value.split()
                    d["rules"].add(rule(ip_words(words)))
            dhcp = d["dhcp4" if fam == "ipv4" else "dhcp6"]
            for key, setting, invert in (("ignore-auto-dns", "use_dns", True), ("ignore-auto-routes", "use_routes", True),
                                         ("dhcp-send-hostname", "send_hostname", False)):
                if get(fam, key) is not None:
                    dhcp[setting] = flag(get(fam, key), invert)
            for key, setting in (("route-metric", "route_metric"), ("dhcp-hostname", "hostname")):
                if get(fam, key) is not None and get(fam, key) != "-1":
                    dhcp[setting] = get(fam, key)
            f["dns"] = [s for s in (get(fam, "dns") or "").split(";") if s]
            f["search"] = [s for s in (get(fam, "dns-search") or "").split(";") if s]
        devices[name_of(c)] = d
    apply_ports(devices, ports)
    return finish(devices)


# systemd-networkd -------------------------------------------------------------------------------

def read_unit(path):
    """A systemd unit-style file: [(section, key, value)], repeated sections kept apart."""
    entries, section = [], None
    for line in open(path):
        line = line.strip()
        if not line or line[0] in "#;":
            continue
        if line.startswith("["):
            section = line.strip("[]")
            entries.append((section, None, None))
        elif "=" in line:
            key, value = line.split("=", 1)
            entries.append((section, key.strip(), value.strip()))
    return entries


def sections(entries, name):
    """Each [name] section as a dict of lists."""
    result, current = [], None
    for section, key, value in entries:
        if key is None:
            current = {} if section == name else None
            if current is not None:
                result.append(current)
        elif current is not None:
            current.setdefault(key, []).append(value)
    return result


def read_networkd(root):
    directory = os.path.join(root, "etc/systemd/network")
    devices = {}
    netdevs = {}
    for path in glob.glob(os.path.join(directory, "*.netdev")):
        entries = read_unit(path)
        netdev = sections(entries, "NetDev")[0]
        name = netdev["Name"][0]
        d = device({"bond": "bond", "vlan": "vlan", "bridge": "bridge"}.get(netdev["Kind"][0], netdev["Kind"][0]))
        d["mtu"] = (netdev.get("MTUBytes") or [None])[0]
        if d["kind"] == "bond":
            bond = (sections(entries, "Bond") or [{}])[0]
            d["bond"] = bond_options((NETWORKD_BOND.get(key, "networkd:" + key), values[-1]) for key, values in bond.items())
        if d["kind"] == "vlan":
            d["vlan"] = ((sections(entries, "VLAN")[0].get("Id") or [None])[0], None)
        if d["kind"] == "bridge":  # networkd's default: STP off
            bridge = (sections(entries, "Bridge") or [{}])[0]
            one = lambda key: (bridge.get(key) or [None])[-1]
            d["bridge"] = bridge_settings((one("STP") or "no").lower() in ("yes", "true", "1", "on"),
                                          [("priority", one("Priority")), ("forward_delay", one("ForwardDelaySec")),
                                           ("hello_time", one("HelloTimeSec")), ("max_age", one("MaxAgeSec")),
                                           ("ageing_time", one("AgeingTimeSec"))])
        netdevs[name] = d
    vlan_parent = {}
    member_options, bridge_ports = [], []
    for path in sorted(glob.glob(os.path.join(directory, "*.network"))):
        entries = read_unit(path)
        match = sections(entries, "Match")[0] if sections(entries, "Match") else {}
        name = (match.get("Name") or [None])[0] or re.sub(r"^\d+-(cloud-init|flamingo)-|\.network$", "", os.path.basename(path))
        d = netdevs.get(name) or devices.get(name) or device("ethernet")
        mac = (match.get("MACAddress") or [None])[0]
        if d["kind"] == "ethernet":
            d["mac"] = mac_of(mac)
        link = (sections(entries, "Link") or [{}])[0]
        d["mtu"] = (link.get("MTUBytes") or [d["mtu"]])[0]
        if (link.get("RequiredForOnline") or ["yes"])[0].lower() in ("no", "false", "0"):
            d["optional"] = "1"
        network = {}
        for s in sections(entries, "Network"):
            for key, values in s.items():
                network.setdefault(key, []).extend(values)
        for kind in ("Bond", "Bridge"):
            if kind in network:
                d["controller"] = (network[kind][0], kind.lower())
        port = (sections(entries, "Bridge") or [{}])[0]
        for key, setting in (("Priority", "port_priority"), ("Cost", "path_cost")):
            if port.get(key) and "Bridge" in network:
                bridge_ports.append((network["Bridge"][0], setting, name, port[key][-1]))
        for key, option in (("PrimarySlave", "primary"), ("ActiveSlave", "active_slave")):
            if (network.get(key) or ["no"])[0].lower() in ("yes", "true", "1") and "Bond" in network:
                member_options.append((network["Bond"][0], option, name))
        for vlan in network.get("VLAN", []):
            vlan_parent[vlan] = name
        d["ipv6mtu"] = (network.get("IPv6MTUBytes") or [None])[0]
        for section, family in (("DHCPv4", "dhcp4"), ("DHCPv6", "dhcp6")):
            for key, values in ((sections(entries, section) or [{}])[0]).items():
                setting = {"UseDNS": "use_dns", "UseNTP": "use_ntp", "UseHostname": "use_hostname", "SendHostname": "send_hostname",
                           "UseMTU": "use_mtu", "UseRoutes": "use_routes", "UseDomains": "use_domains", "Hostname": "hostname",
                           "RouteMetric": "route_metric"}.get(key, "networkd:" + key)
                value = values[-1]
                if setting.startswith("use_") or setting == "send_hostname":
                    value = value.lower() if value.lower() == "route" else flag(value)
                d[family][setting] = value
        dhcp = (network.get("DHCP") or ["no"])[0].lower()
        if dhcp in ("yes", "ipv4", "true", "1", "on"):
            d["ipv4"]["methods"].add("dhcp")
        if dhcp in ("yes", "ipv6", "true", "1", "on"):
            d["ipv6"]["methods"].add("dhcp6")
        if (network.get("IPv6AcceptRA") or ["yes"])[0].lower() in ("yes", "true", "1", "on"):
            d["ipv6"]["methods"].add("ra")
        addresses = list(network.get("Address", [])) + [a for s in sections(entries, "Address") for a in s.get("Address", [])]
        for address in addresses:
            d[family_of(address)]["addresses"].add(address)
            d[family_of(address)]["methods"].add("static")
        for gateway in network.get("Gateway", []):
            d[family_of(gateway)]["gateway"] = gateway
        for s in sections(entries, "Route"):
            gateway = (s.get("Gateway") or [None])[0]
            destination = (s.get("Destination") or [None])[0] or ("::/0" if gateway and ":" in gateway else "0.0.0.0/0")
            one = lambda key: (s.get(key) or [None])[0]
            d[family_of(destination)]["routes"].add(route(destination, gateway, one("Metric"), one("Table"), one("MTUBytes"), one("GatewayOnLink") or False))
        for s in sections(entries, "RoutingPolicyRule"):
            d["rules"].add(rule({key: values[-1] for key, values in s.items()}))
        servers = [server for value in network.get("DNS", []) for server in value.split()]
        for server in servers:
            d[family_of(server)]["dns"].append(server)
        for domains in network.get("Domains", []):
            for fam in ("ipv4", "ipv6"):
                d[fam]["search"] += domains.split()
        devices[name] = d
    for name, d in netdevs.items():
        devices.setdefault(name, d)
    apply_ports(devices, bridge_ports)
    # Wake-on-LAN lives in .link files (udev applies them), matched by MAC or by the kernel's name.
    for path in glob.glob(os.path.join(directory, "*.link")):
        entries = read_unit(path)
        match, link = (sections(entries, "Match") or [{}])[0], (sections(entries, "Link") or [{}])[0]
        wol = (link.get("WakeOnLan") or [None])[-1]
        target = (match.get("OriginalName") or [None])[0] or next(
            (n for n, d in devices.items() if d["mac"] and d["mac"] == mac_of((match.get("MACAddress") or [""])[0])), None)
        if wol and target in devices:
            devices[target]["wol"] = "magic" if "magic" in wol else None
    for bond, option, member in member_options:
        if bond in devices and devices[bond]["bond"] is not None:
            devices[bond]["bond"][option] = member
    for name, parent in vlan_parent.items():
        if name in devices and devices[name]["vlan"]:
            devices[name]["vlan"] = (devices[name]["vlan"][0], parent)
    # networkd keeps DNS per link; the families only tell where a server is reachable: merge them.
    for d in devices.values():
        d["ipv4"]["dns"] = d["ipv6"]["dns"] = d["ipv4"]["dns"] + d["ipv6"]["dns"]
        d["ipv4"]["search"] = d["ipv6"]["search"] = sorted(set(d["ipv4"]["search"]))
    result = finish(devices)
    for d in result.values():
        if d.get("ipv4") and d.get("ipv6"):
            # Family placement of a DNS server means nothing to systemd-resolved: one list per link.
            d["dns"], d["search"] = d["ipv4"].pop("dns"), d["ipv4"].pop("search")
            del d["ipv6"]["dns"], d["ipv6"]["search"]
    return result


# ifcfg ------------------------------------------------------------------------------------------

def read_shell_vars(path):
    values = {}
    for line in open(path):
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, value = line.split("=", 1)
        parts = shlex.split(value) if value else [""]
        values[key] = " ".join(parts)
    return values


def prefix_of(netmask):
    return sum(bin(int(octet)).count("1") for octet in netmask.split("."))


def read_ifcfg(root, names_by_mac):
    directory = os.path.join(root, "etc/sysconfig/network-scripts")
    devices, dns, search, ifcfg_ports = {}, [], [], []
    for path in sorted(glob.glob(os.path.join(directory, "ifcfg-*"))):
        v = read_shell_vars(path)
        file_name = v.get("DEVICE") or os.path.basename(path)[len("ifcfg-"):]
        # A NIC bound by HWADDR is the NIC with that MAC, whatever DEVICE says.
        name = names_by_mac.get(mac_of(v.get("HWADDR")) or "", file_name)
        kind = "vlan" if v.get("VLAN") == "yes" else {"Ethernet": "ethernet", "Bond": "bond", "Bridge": "bridge",
                                                       "InfiniBand": "infiniband"}.get(v.get("TYPE"), "ethernet")
        d = device(kind)
        d["mac"] = mac_of(v.get("HWADDR"))
        d["mtu"] = v.get("MTU")
        d["ipv6mtu"] = v.get("IPV6_MTU")
        d["wol"] = "magic" if re.search(r"\bwol [a-z]*g", v.get("ETHTOOL_OPTS", "")) else None
        if kind == "vlan":
            d["vlan"] = (v.get("VLAN_ID") or name.rsplit(".", 1)[-1], v.get("PHYSDEV") or name.rsplit(".", 1)[0])
        if kind == "bond":
            d["bond"] = bond_options(option.split("=", 1) for option in v.get("BONDING_OPTS", "").split() if "=" in option)
        if v.get("MASTER"):
            d["controller"] = (v["MASTER"], "bond")
        if v.get("BRIDGE"):
            d["controller"] = (v["BRIDGE"], "bridge")
            for option in v.get("BRIDGING_OPTS", "").split():
                key, _, value = option.partition("=")
                if key in ("priority", "path_cost"):
                    ifcfg_ports.append((v["BRIDGE"], "port_priority" if key == "priority" else "path_cost", name, value))
        if kind == "bridge":
            # what initscripts' ifup-eth applies: STP and DELAY (brctl), BRIDGING_OPTS into sysfs (hundredths of a second)
            sysfs = dict(option.partition("=")[::2] for option in v.get("BRIDGING_OPTS", "").split())
            seconds = lambda key: str(int(sysfs[key]) // 100) if key in sysfs else None
            d["bridge"] = bridge_settings((v.get("STP") or "no").lower() in ("yes", "on", "1"),
                                          [("priority", sysfs.get("priority")), ("forward_delay", v.get("DELAY")),
                                           ("hello_time", seconds("hello_time")), ("max_age", seconds("max_age")),
                                           ("ageing_time", seconds("ageing_time"))])
        four, six = d["ipv4"], d["ipv6"]
        if v.get("BOOTPROTO") in ("dhcp", "bootp"):
            four["methods"].add("dhcp")
            for key, setting in (("PEERDNS", "use_dns"), ("PEERROUTES", "use_routes"), ("DHCP_SEND_HOSTNAME", "send_hostname")):
                if v.get(key):
                    d["dhcp4"][setting] = flag(v[key])
            for key, setting in (("METRIC", "route_metric"), ("DHCP_HOSTNAME", "hostname")):
                if v.get(key):
                    d["dhcp4"][setting] = v[key]
        for key, address in v.items():
            m = re.fullmatch(r"IPADDR(\d*)", key)
            if m and address:
                n = m.group(1)
                prefix = v.get("PREFIX" + n) or (prefix_of(v["NETMASK" + n]) if v.get("NETMASK" + n) else None)
                four["addresses"].add(f"{address}/{prefix}")
                four["methods"].add("static")
        four["gateway"] = v.get("GATEWAY")
        if v.get("IPV6INIT") == "yes":
            for address in [v.get("IPV6ADDR")] + v.get("IPV6ADDR_SECONDARIES", "").split():
                if address:
                    six["addresses"].add(address)
                    six["methods"].add("static")
            six["gateway"] = (v.get("IPV6_DEFAULTGW") or "").split("%")[0] or None
            if v.get("IPV6_AUTOCONF", "yes") == "yes":
                six["methods"].add("ra")
            elif v.get("IPV6_FORCE_ACCEPT_RA") == "yes":
                six["methods"].add("ra-routes")  # the advertisement's routes, no SLAAC address
            if v.get("DHCPV6C") == "yes":
                six["methods"].add("dhcp6-info" if "-S" in v.get("DHCPV6C_OPTIONS", "") else "dhcp6")
        dns += [v[key] for key in sorted(v) if re.fullmatch(r"DNS\d+", key)]
        search += v.get("DOMAIN", "").split()
        route_file = os.path.join(directory, "route-" + file_name)
        if os.path.exists(route_file) and any("=" in line for line in open(route_file) if not line.startswith("#")):
            r = read_shell_vars(route_file)
            for key, address in r.items():
                m = re.fullmatch(r"ADDRESS(\d+)", key)
                if m:
                    n = m.group(1)
                    four["routes"].add(route(f"{address}/{prefix_of(r.get('NETMASK' + n, '255.255.255.255'))}", r.get("GATEWAY" + n), r.get("METRIC" + n)))
        elif os.path.exists(route_file):  # the `ip` format: one `ip route add` argument list a line
            for line in open(route_file):
                words = line.split()
                if words and not words[0].startswith("#"):
                    options = ip_words(words[1:])
                    four["routes"].add(route(words[0], options.get("via"), options.get("metric"), options.get("table"),
                                             options.get("mtu"), options.get("onlink", False)))
        for rule_file in ("rule-", "rule6-"):
            path_ = os.path.join(directory, rule_file + file_name)
            if os.path.exists(path_):
                for line in open(path_):
                    if line.split() and not line.startswith("#"):
                        d["rules"].add(rule(ip_words(line.split())))
        route6_file = os.path.join(directory, "route6-" + file_name)
        if os.path.exists(route6_file):
            for line in open(route6_file):
                words = line.split()
                if not words or words[0].startswith("#"):
                    continue
                options = ip_words(words[1:])
                six["routes"].add(route(words[0], options.get("via"), options.get("metric"), options.get("table"),
                                        options.get("mtu"), options.get("onlink", False)))
        devices[name] = d
    apply_ports(devices, ifcfg_ports)
    resolv = os.path.join(root, "etc/resolv.conf")
    if os.path.isfile(resolv) and not os.path.islink(resolv):
        for line in open(resolv):
            words = line.split()
            if words[:1] == ["nameserver"]:
                dns.append(words[1])
            elif words[:1] in (["search"], ["domain"]):
                search += words[1:]
    # initscripts write every DNSn and resolv.conf into one /etc/resolv.conf: DNS is global.
    return finish(devices, dns, search, per_device_dns=False)


# ENI --------------------------------------------------------------------------------------------

def read_eni(root):
    paths = [os.path.join(root, "etc/network/interfaces")] + sorted(glob.glob(os.path.join(root, "etc/network/interfaces.d/*")))
    stanzas, current = [], None
    for path in paths:
        if not os.path.isfile(path):
            continue
        for line in open(path):
            words = line.split()
            if not words or words[0].startswith("#"):
                continue
            if words[0] == "iface":
                current = {"name": words[1], "family": words[2], "method": words[3], "options": []}
                stanzas.append(current)
            elif words[0] in ("auto", "allow-hotplug", "source", "source-directory", "mapping"):
                continue
            elif current is not None:
                current["options"].append((words[0].replace("_", "-"), words[1:]))
    devices, dns, search = {}, [], []
    bond_master = {}
    bond_stanza_options = {}
    eni_bridge = {}
    for s in stanzas:
        name = s["name"]
        if name == "lo":
            for key, args in s["options"]:
                dns += args if key == "dns-nameservers" else []
                search += args if key == "dns-search" else []
            continue
        d = devices.setdefault(name, device("ethernet"))
        fam = d["ipv6" if s["family"] == "inet6" else "ipv4"]
        method = {"static": {"static"}, "dhcp": {"dhcp"} if s["family"] == "inet" else {"dhcp6"}, "auto": {"ra"},
                  "manual": set(), "loopback": set()}[s["method"]]
        fam["methods"] |= method
        options = dict(s["options"])
        if s["family"] == "inet6" and s["method"] == "auto" and options.get("dhcp") == ["1"]:
            fam["methods"].add("dhcp6-info")
        # ifupdown's accept_ra: 0 ignores router advertisements, 1 and 2 accept them (any method);
        # its default: 1 for dhcp, 2 for auto, 0 for static
        accept = options.get("accept-ra") or (["1"] if s["method"] == "dhcp" else None)
        if s["family"] == "inet6" and accept:
            if accept[0] == "0":
                fam["methods"].discard("ra")
            else:
                fam["methods"].add("ra")
        for key, args in s["options"]:
            if key == "address":
                fam["addresses"].add(args[0] if "/" in args[0] else args[0] + "/" + str(prefix_of(options["netmask"][0]) if "netmask" in options else "?"))
            elif key == "gateway":
                fam["gateway"] = args[0]
            elif key == "mtu":
                d["mtu"] = args[0]  # ifupdown sets the link's MTU from either family's stanza
            elif key in ("hostname", "metric") and s["method"] == "dhcp":
                d["dhcp6" if s["family"] == "inet6" else "dhcp4"]["hostname" if key == "hostname" else "route_metric"] = args[0]
            elif key == "ethernet-wol":
                d["wol"] = "magic" if "g" in args[0] else None
            elif key == "bond-master":
                bond_master[name] = args[0]
            elif key == "bond-slaves":
                for member in args if args != ["none"] else []:
                    bond_master[member] = name
                d["kind"] = "bond"
            elif key.startswith("bond-"):
                # ifenslave's options: those of the bond's own stanza (cloud-init repeats them on members)
                bond_stanza_options.setdefault(name, []).append((key[len("bond-"):], " ".join(args)))
            elif key == "vlan-raw-device":
                d["kind"] = "vlan"
                d["vlan"] = (options.get("vlan-id", [name.rsplit(".", 1)[-1]])[0], args[0])
            elif key in ("bridge-stp", "bridge-bridgeprio", "bridge-fd", "bridge-hello", "bridge-maxage", "bridge-ageing",
                         "bridge-portprio", "bridge-pathcost"):
                eni_bridge.setdefault(name, []).append((key, args))
            elif key == "bridge-ports":
                d["kind"] = "bridge"
                for member in args:
                    if member != "none":
                        devices.setdefault(member, device("ethernet"))["controller"] = (name, "bridge")
            elif key == "dns-nameservers":
                dns += args
            elif key == "dns-search":
                search += args
            elif key in ("post-up", "up") and args[:3] in (["ip", "rule", "add"], ["ip", "-6", "rule"]):
                words = [w for w in args if w not in ("ip", "-6", "rule", "add", "||", "true")]
                d["rules"].add(rule(ip_words(words)))
            elif key in ("post-up", "up"):
                parsed = eni_route(args)
                if parsed:
                    d[family_of(parsed.split(",")[0]) if not parsed.startswith("default6") else "ipv6"]["routes"].add(parsed.replace("default6", "::/0"))
    for member, master in bond_master.items():
        if member != master and master in devices:
            devices[master]["kind"] = "bond"  # ifenslave makes the bond its members name
    for name, d in devices.items():
        if d["kind"] == "bridge":  # bridge-utils' default: STP off
            given = {key: args for key, args in eni_bridge.get(name, [])}
            d["bridge"] = bridge_settings((given.get("bridge-stp") or ["off"])[0] in ("on", "yes", "1"),
                                          [(setting, (given.get(key) or [None])[0]) for key, setting in
                                           (("bridge-bridgeprio", "priority"), ("bridge-fd", "forward_delay"), ("bridge-hello", "hello_time"),
                                            ("bridge-maxage", "max_age"), ("bridge-ageing", "ageing_time"))])
            for key, args in eni_bridge.get(name, []):
                if key in ("bridge-portprio", "bridge-pathcost") and len(args) == 2:
                    d["bridge"][("port_priority:" if key == "bridge-portprio" else "path_cost:") + args[0]] = args[1]
    for name, pairs in bond_stanza_options.items():
        if devices[name]["kind"] == "bond":
            devices[name]["bond"] = bond_options(pairs)
        if member != master:
            devices.setdefault(member, device("ethernet"))["controller"] = (master, "bond")
            devices[member]["bond"] = None
            devices[member]["kind"] = "ethernet"
    for d in devices.values():
        d["mac"] = None  # ENI binds nothing to a MAC
    # resolvconf merges every stanza's dns-* into one resolv.conf: DNS is global.
    return finish(devices, dns, search, per_device_dns=False)


def eni_route(args):
    """`ip [-6] route add DEST [via GW] [metric M] ...` or `route add [-A inet6] [-net] DEST|default gw GW [metric M]`."""
    words = [w for w in args if w != "||" and w != "true"]
    if words[:1] == ["ip"]:
        six = "-6" in words or "inet6" in words
        words = [w for w in words if w not in ("-6", "-family", "inet6", "inet")]
        if words[1:3] != ["route", "add"]:
            return None
        destination = words[3]
        options = ip_words(words[4:])
        if destination == "default":
            destination = "::/0" if six else "0.0.0.0/0"
        return route(destination, options.get("via"), options.get("metric"), options.get("table"), options.get("mtu"),
                     options.get("onlink", False))
    if words[:2] == ["route", "add"]:
        six = "inet6" in words
        words = [w for w in words[2:] if w not in ("-A", "inet6", "-net", "-host")]
        destination = words[0]
        options = dict(zip(words[1::2], words[2::2]))
        if destination == "default":
            destination = "::/0" if six else "0.0.0.0/0"
        elif "netmask" in options:
            destination += "/" + str(prefix_of(options["netmask"]))
        return route(destination, options.get("gw"), options.get("metric"))
    return None


READERS = {"nm": lambda root, macs: read_nm(root, macs), "networkd": lambda root, macs: read_networkd(root),
           "ifcfg": lambda root, macs: read_ifcfg(root, macs), "eni": lambda root, macs: read_eni(root)}
