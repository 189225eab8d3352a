#!/usr/bin/env python3
"""Compares two sets of NetworkManager keyfiles by meaning, not by text: per device (the MAC for
ethernet connections, the interface name otherwise), its type, MTU, VLAN id and parent, bond mode
and miimon, controller, and per address family the method, addresses, gateway, routes and DNS.
Prints one line per difference; exit 1 if there is any not listed in --allow."""
import configparser, glob, os, sys

BOND_MODES = {"0": "balance-rr", "1": "active-backup", "2": "balance-xor", "3": "broadcast",
              "4": "802.3ad", "5": "balance-tlb", "6": "balance-alb"}

def load(directory):
    files = glob.glob(os.path.join(directory, "**", "*.nmconnection"), recursive=True)
    parsed = []
    for path in files:
        parser = configparser.ConfigParser(interpolation=None, strict=False)
        parser.optionxform = str
        parser.read(path)
        parsed.append(parser)
    uuid_to_key = {}
    for c in parsed:
        uuid_to_key[c.get("connection", "uuid", fallback="")] = identity(c)
    return {identity(c): summary(c, uuid_to_key) for c in parsed}

def identity(c):
    mac = c.get("ethernet", "mac-address", fallback=None)
    if c.get("connection", "type", fallback="") == "ethernet" and mac:
        return "mac " + mac.lower()
    return "dev " + c.get("connection", "interface-name", fallback="?")

def family(c, section):
    if not c.has_section(section):
        # No [ipv6] is NetworkManager's default `auto`; report it as absent, with empty settings.
        return {"method": "(absent)", "addresses": [], "gateway": None, "routes": [], "dns": []}
    get = lambda key: c.get(section, key, fallback=None)
    result = {"method": get("method") or "(absent)"}
    addresses, gateway = set(), get("gateway")
    routes, dns = set(), set()
    for key, value in c.items(section):
        if key.startswith("address"):
            parts = value.split(",")
            addresses.add(parts[0])
            if len(parts) > 1 and parts[1]:
                gateway = parts[1]
        elif key.startswith("route") and not key.endswith("_options"):
            parts = value.split(",")
            routes.add(",".join(p for p in parts if p != ""))
    for server in (get("dns") or "").split(";"):
        if server:
            dns.add(server)
    # A default route with a gateway and no metric is the same thing as `gateway=`.
    default = "::/0," if section == "ipv6" else "0.0.0.0/0,"
    for route in sorted(routes):
        if route.startswith(default) and route.count(",") == 1 and gateway in (None, route[len(default):]):
            gateway = route[len(default):]
            routes.discard(route)
    result.update({"addresses": sorted(addresses), "gateway": gateway, "routes": sorted(routes), "dns": sorted(dns)})
    return result

def summary(c, uuid_to_key):
    get = lambda section, key: c.get(section, key, fallback=None)
    mode = get("bond", "mode")
    return {
        "type": get("connection", "type"),
        "mtu": get("ethernet", "mtu"),
        "vlan": (get("vlan", "id"), uuid_to_key.get(get("vlan", "parent"), get("vlan", "parent"))) if c.has_section("vlan") else None,
        "bond": (BOND_MODES.get(mode, mode), get("bond", "miimon")) if c.has_section("bond") else None,
        "controller": (uuid_to_key.get(get("connection", "master"), get("connection", "master")), get("connection", "slave-type"))
                      if get("connection", "master") else None,
        "ipv4": family(c, "ipv4") if not get("connection", "master") else None,
        "ipv6": family(c, "ipv6") if not get("connection", "master") else None,
    }

def differences(ours, theirs):
    for device in sorted(set(ours) | set(theirs)):
        if device not in ours:
            yield f"{device}: only cloud-init configures it"
            continue
        if device not in theirs:
            yield f"{device}: only flamingo configures it"
            continue
        a, b = ours[device], theirs[device]
        for key in a:
            if key in ("ipv4", "ipv6") and a[key] and b[key]:
                if {a[key]["method"], b[key]["method"]} == {"ignore", "(absent)"} and not any(b[key][f] for f in ("addresses", "routes", "dns", "gateway")):
                    continue
                for field in a[key]:
                    if a[key].get(field) != b[key].get(field):
                        yield f"{device}: {key}.{field}: flamingo {a[key].get(field)!r}, cloud-init {b[key].get(field)!r}"
            elif a[key] != b[key]:
                yield f"{device}: {key}: flamingo {a[key]!r}, cloud-init {b[key]!r}"

if __name__ == "__main__":
    ours, theirs = load(sys.argv[1]), load(sys.argv[2])
    allowed = [line.strip() for line in open(sys.argv[3])] if len(sys.argv) > 3 else []
    unexplained = 0
    for line in differences(ours, theirs):
        explained = any(pattern and pattern in line for pattern in allowed)
        print(("allowed: " if explained else "DIFFERS: ") + line)
        unexplained += 0 if explained else 1
    sys.exit(1 if unexplained else 0)
