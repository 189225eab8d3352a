#!/usr/bin/env python3
"""Compares two sysroots after the same Ignition config was applied to each (one by flamingo,
one by Debian's Ignition): every path either wrote, by type, mode, owner and contents or link
target; the account files entry by entry. Prints one line per difference; exit 1 if any.

    compare_trees.py FLAMINGO_ROOT IGNITION_ROOT --base BASE_ROOT [--ignore PATH]...

COMPARE_LIST=1 also lists every path either tool changed (on stderr), to see what was compared.
"""
import argparse, hashlib, os, stat, sys

p = argparse.ArgumentParser()
p.add_argument("flamingo")
p.add_argument("ignition")
p.add_argument("--base", required=True)
p.add_argument("--ignore", action="append", default=[])
args = p.parse_args()

ACCOUNT_FILES = ["etc/passwd", "etc/group", "etc/shadow", "etc/gshadow"]

def describe(root, rel):
    path = os.path.join(root, rel)
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return None
    mode = stat.S_IMODE(st.st_mode)
    owner = f"{st.st_uid}:{st.st_gid}"
    if stat.S_ISLNK(st.st_mode):
        return ("link", owner, os.readlink(path))
    if stat.S_ISDIR(st.st_mode):
        return ("dir", f"{mode:04o}", owner)
    with open(path, "rb") as f:
        data = f.read()
    return ("file", f"{mode:04o}", owner, hashlib.sha256(data).hexdigest()[:16], len(data))

def walk(root):
    out = set()
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            out.add(os.path.relpath(os.path.join(dirpath, name), root))
    return out

def ignored(rel):
    return any(rel == i or rel.startswith(i + "/") for i in args.ignore)

base = {rel: describe(args.base, rel) for rel in walk(args.base)}
changed = set()
for root in (args.flamingo, args.ignition):
    for rel in walk(root) | set(base):  # removed paths count too
        if base.get(rel) != describe(root, rel):
            changed.add(rel)
differences = []
for rel in sorted(changed):
    if ignored(rel) or rel in ACCOUNT_FILES:
        continue
    a, b = describe(args.flamingo, rel), describe(args.ignition, rel)
    if a != b:
        differences.append(f"{rel}: flamingo {a}, ignition {b}")

def entries(root, rel):
    try:
        with open(os.path.join(root, rel)) as f:
            return {line.split(":", 1)[0]: line.rstrip("\n") for line in f if line.strip() and not line.startswith("#")}
    except FileNotFoundError:
        return {}

for rel in ACCOUNT_FILES:
    a, b = entries(args.flamingo, rel), entries(args.ignition, rel)
    for name in sorted(set(a) | set(b)):
        if a.get(name) != b.get(name):
            differences.append(f"{rel} {name}: flamingo {a.get(name)!r}, ignition {b.get(name)!r}")

if os.environ.get("COMPARE_LIST"):
    for rel in sorted(changed):
        print("changed:", rel, describe(args.flamingo, rel), file=sys.stderr)
for line in differences:
    print(line)
print(f"{len(changed)} paths changed, {len(differences)} differences", file=sys.stderr)
sys.exit(1 if differences else 0)
