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
rules = json.load(open(os.path.join(state, "rules4.json"))) + json.load(open(os.path.join(state, "rules6.json")))
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
    # A bridge's STP settings as the kernel has them (times in hundredths of a second there).
    if d["kind"] == "bridge" and d.get("bridge"):
        data = link.get("linkinfo", {}).get("info_data", {})
        checks = {"stp": ("stp_state", 1), "priority": ("priority", 1), "forward_delay": ("forward_delay", 100),
                  "hello_time": ("hello_time", 100), "max_age": ("max_age", 100), "ageing_time": ("ageing_time", 100)}
        for key, value in d["bridge"].items():
            if key == "ageing_time" and d["bridge"].get("stp") == "1":
                continue  # with STP on, a topology change holds the ageing time at twice the forward delay for a while
            if key in checks:
                field, scale = checks[key]
                if field in data and int(data[field]) != int(value) * scale:
                    problems.append(f"{name}: bridge {field} {data[field]}, expected {int(value) * scale}")
            elif ":" in key:
                setting, port = key.split(":")
                port_data = links.get(port, {}).get("linkinfo", {}).get("info_slave_data", {})
                field = {"port_priority": "priority", "path_cost": "cost"}[setting]
                if str(port_data.get(field)) != str(value):
                    problems.append(f"{port}: bridge port {field} {port_data.get(field)}, expected {value}")
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
            gateway, _, onlink = f["gateway"].partition(" ")
            want.append(("default", gateway, None, {"onlink": True} if onlink else {}))
        for r in f["routes"]:
            route_, *extras = r.split(";")
            parts = route_.split(",")
            options = {e.partition("=")[0]: e.partition("=")[2] or True for e in extras}
            destination = "default" if parts[0] in ("0.0.0.0/0", "::/0") else parts[0]
            want.append((destination, parts[1] if len(parts) > 1 and parts[1] else None, parts[2] if len(parts) > 2 else None, options))
        for destination, gateway, metric, options in want:
            # `ip -j route show table all`: "table" only off main; the MTU among "metrics"; "onlink" among "flags".
            found = any(r.get("dev") == name and (r["dst"] == destination or r["dst"] == destination.removesuffix("/32").removesuffix("/128"))
                        and r.get("gateway") == gateway and (metric is None or str(r.get("metric")) == metric)
                        and str(r.get("table", "main")) == str(options.get("table", "main"))
                        and ("mtu" not in options or any(str(m.get("mtu")) == options["mtu"] for m in r.get("metrics", []) if isinstance(m, dict)))
                        and (not options.get("onlink") or "onlink" in r.get("flags", []))
                        for r in routes)
            if not found:
                problems.append(f"{name}: route {destination} via {gateway} metric {metric} {options} missing")
        for r in d.get("rules", []) if fam == "ipv4" else []:
            words = dict(zip(r.split()[::2], r.split()[1::2]))
            found = any(str(x.get("priority")) == words.get("priority", str(x.get("priority")))
                        and str(x.get("table")) == words.get("table", str(x.get("table")))
                        and ("from" not in words or f"{x.get('src')}/{x.get('srclen', 32 if ':' not in words['from'] else 128)}" == words["from"])
                        for x in rules)
            if not found:
                problems.append(f"{name}: routing rule {r} missing")
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
