#!/usr/bin/env python3
"""compare.py RENDERER FLAMINGO_ROOT CLOUD_INIT_ROOT DEVIATIONS MACS

Reads both renderers' files back into their meaning (semantics.py) and prints one line per
difference, "allowed: …" when a line of DEVIATIONS explains it, "DIFFERS: …" otherwise; exit 1
if any difference is unexplained.

A line of DEVIATIONS is a substring of the differences it explains, or, after "re: ", a regular
expression searched in them; "#" starts a comment line."""
import re, sys
from semantics import READERS


class Deviations:
    def __init__(self, path):
        self.lines = [line.rstrip("\n") for line in open(path) if line.strip() and not line.startswith("#")]
        self.seen = set()

    def explains(self, difference):
        for line in self.lines:
            if re.search(line[4:], difference) if line.startswith("re: ") else line in difference:
                self.seen.add(line)
                return True
        return False

    def unused(self):
        return [line for line in self.lines if line not in self.seen]


def differences(ours, theirs):
    for name in sorted(set(ours) | set(theirs), key=str):
        if name not in ours:
            yield f"{name}: only cloud-init configures it"
            continue
        if name not in theirs:
            yield f"{name}: only flamingo configures it"
            continue
        a, b = ours[name], theirs[name]
        # A different kind of device, or a member on one side only, explains every other field of
        # the device: report the cause, not its echoes.
        if a.get("kind") != b.get("kind"):
            yield f"{name}: kind: flamingo {a.get('kind')!r}, cloud-init {b.get('kind')!r}"
            continue
        if a.get("controller") != b.get("controller"):
            yield f"{name}: controller: flamingo {a.get('controller')!r}, cloud-init {b.get('controller')!r}"
            a = {k: v for k, v in a.items() if k not in ("ipv4", "ipv6", "dns", "search")}
            b = {k: v for k, v in b.items() if k not in ("ipv4", "ipv6", "dns", "search")}
        for key in sorted(set(a) | set(b)):
            if isinstance(a.get(key), dict) and isinstance(b.get(key), dict):
                for field in sorted(set(a[key]) | set(b[key])):
                    if a[key].get(field) != b[key].get(field):
                        yield from difference(f"{name}: {key}.{field}", field, a[key].get(field), b[key].get(field))
            elif a.get(key) != b.get(key) and key != "controller":
                yield from difference(f"{name}: {key}", key, a.get(key), b.get(key))


def difference(where, field, ours, theirs):
    """DNS servers and search domains differ by what one side adds or lacks (a deviation can then
    allow flamingo's additions without allowing anything missing); other fields by their values."""
    if field in ("dns", "search") and isinstance(ours, list) and isinstance(theirs, list):
        added = [value for value in ours if value not in theirs]
        lacking = [value for value in theirs if value not in ours]
        if added:
            yield f"{where}: flamingo adds {added!r}"
        if lacking:
            yield f"{where}: flamingo lacks {lacking!r}"
        return
    yield f"{where}: flamingo {ours!r}, cloud-init {theirs!r}"


if __name__ == "__main__":
    renderer, ours_root, theirs_root, deviations, macs_file = sys.argv[1:6]
    names_by_mac = {}
    for line in open(macs_file):
        if line.split():
            name, mac = line.split()
            names_by_mac[mac.lower()] = name
    read = READERS[renderer]
    ours, theirs = read(ours_root, names_by_mac), read(theirs_root, names_by_mac)
    allowed = Deviations(deviations)
    unexplained = 0
    for line in differences(ours, theirs):
        explained = allowed.explains(line)
        print(("allowed: " if explained else "DIFFERS: ") + line)
        unexplained += 0 if explained else 1
    sys.exit(1 if unexplained else 0)
