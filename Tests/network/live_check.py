#!/usr/bin/env python3
"""live_check.py ROOT STATE_DIR: what systemd-networkd did in its namespace (STATE_DIR: `ip -j`
dumps and networkd's debug log) against what flamingo's files under ROOT mean (semantics.py).
Prints one line per problem; exit 1 if any. Bonds and VLANs are checked only when the kernel
can create them (KERNEL_KINDS)."""
import json, os, re, sys
from semantics import read_networkd

root, state = sys.argv[1], sys.argv[2]
kernel_kinds = set(os.environ.get("KERNEL_KINDS", "bridge").split())
links = {l["ifname"]: l for l in json.load(open(os.path.join(state, "links.json")))}
addresses = {a["ifname"]: {f"{i['local']}/{i['prefixlen']}" for i in a.get("addr_info", []) if i.get("scope") == "global"}
             for a in json.load(open(os.path.join(state, "addresses.json")))}
routes = json.load(open(os.path.join(state, "routes4.json"))) + json.load(open(os.path.join(state, "routes6.json")))
log = open(os.path.join(state, "networkd.log")).read()
problems = []

for line in log.splitlines():
    # networkd's complaints about a file: unknown keys or sections, values it cannot parse.
    if "/etc/systemd/network/" in line and re.search(r"Unknown (key|section)|Failed to parse|Invalid|ignoring", line):
        problems.append(f"networkd: {line}")

expected = read_networkd(root)
for name, d in expected.items():
    if name == "(global)":
        continue
    if d["kind"] in ("bond", "vlan") and d["kind"] not in kernel_kinds:
        if f'{name}: loaded "{d["kind"]}"' not in log:
            problems.append(f"{name}: networkd did not load the {d['kind']} .netdev")
        continue
    # Physical NICs by their MAC: a set-name takes effect only when udev renames the NIC.
    by_mac = [l for l in links.values() if d["kind"] == "ethernet" and d["mac"] and l.get("address") == d["mac"]
              and l.get("linkinfo", {}).get("info_kind") == "veth"]
    link = by_mac[0] if by_mac else links.get(name)
    if link is None:
        problems.append(f"{name}: no such link after networkd ran")
        continue
    name = link["ifname"]
    if d["kind"] in ("bond", "vlan", "bridge"):
        kind = link.get("linkinfo", {}).get("info_kind")
        if kind != d["kind"]:
            problems.append(f"{name}: kind {kind}, expected {d['kind']}")
    if d["controller"]:
        controller = expected.get(d["controller"][0], {})
        if controller.get("kind") in ("bond", "vlan") and controller["kind"] not in kernel_kinds:
            continue  # the kernel cannot create the controller: nothing to join
        if link.get("master") != d["controller"][0]:
            problems.append(f"{name}: controller {link.get('master')}, expected {d['controller'][0]}")
        continue
    if d["mtu"] and str(link.get("mtu")) != str(d["mtu"]):
        problems.append(f"{name}: mtu {link.get('mtu')}, expected {d['mtu']}")
    for fam in ("ipv4", "ipv6"):
        f = d[fam]
        for address in f["addresses"]:
            if address not in addresses.get(name, set()):
                problems.append(f"{name}: address {address} missing (has {sorted(addresses.get(name, []))})")
        want = []
        if f["gateway"]:
            want.append(("default", f["gateway"], None))
        for r in f["routes"]:
            parts = r.split(",")
            destination = "default" if parts[0] in ("0.0.0.0/0", "::/0") else parts[0]
            want.append((destination, parts[1] if len(parts) > 1 and parts[1] else None, parts[2] if len(parts) > 2 else None))
        for destination, gateway, metric in want:
            found = any(r.get("dev") == name and (r["dst"] == destination or r["dst"] == destination.removesuffix("/32").removesuffix("/128"))
                        and r.get("gateway") == gateway and (metric is None or str(r.get("metric")) == metric) for r in routes)
            if not found:
                problems.append(f"{name}: route {destination} via {gateway} metric {metric} missing")
        methods = f["method"].split("+")
        if "dhcp" in methods and f"{name}: DHCPv4 client: STARTED" not in log:
            problems.append(f"{name}: no DHCPv4 client started")
        if "dhcp6" in methods and f"{name}: DHCPv6 client is configured" not in log:
            problems.append(f"{name}: no DHCPv6 client configured")
        if fam == "ipv6":
            ndisc = f"{name}: NDISC: Started IPv6 Router Solicitation client" in log
            if ("ra" in methods) != ndisc:
                problems.append(f"{name}: router solicitation {'started' if ndisc else 'not started'}, method {f['method']}")

for problem in problems:
    print(problem)
sys.exit(1 if problems else 0)
