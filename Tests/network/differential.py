#!/usr/bin/env python3
"""differential.py FLAMINGO WORK CASES_FILE RENDERER...

The differential test's engine (differential.sh runs it). CASES_FILE has one case per line,
"INPUT MACS [EXPECTED_DIR]": an input (network_data.json, v1 or v2), its NAME MAC map (lines
"NAME MAC" or "NAME=MAC") and, where cloud-init's newest tests assert a rendering of it, the
folder holding one tree per renderer (EXPECTED_DIR/nm/etc/…).

For every case and renderer: cloud-init 22.4.2 renders the input (its net-convert, run in this
one process: starting python 600 times would cost minutes), flamingo renders it
(`render-network`), and both trees are read back into their meaning (semantics.py) and compared
(compare.py), with the expected tree too where there is one. Every difference must match a line
of deviations/RENDERER.txt (deliberate, each explained in docs/network.md). An input that cloud-init refuses must be refused by flamingo too,
with a located message (FILE:LINE:COLUMN), unless accepted.txt lists it with the reason (then
flamingo's rendering is compared with the expected one where there is one); an input flamingo
refuses that cloud-init renders is a failure unless refusals.txt lists it with the reason.
Lines of both lists: "INPUT-STEM [RENDERER,...|*] reason"; every line must still be needed.

Prints one line per failure and a summary per renderer; exit 1 on any failure."""
import argparse, io, json, os, re, subprocess, sys, contextlib
from compare import differences, Deviations
from semantics import READERS

HERE = os.path.dirname(os.path.abspath(__file__))
CLOUD_INIT_NAMES = {"nm": "network-manager", "ifcfg": "sysconfig", "networkd": "networkd", "eni": "eni"}
MAC = re.compile(r"^[0-9a-fA-F]{2}([:-][0-9a-fA-F]{2}){5,19}$")


def read_macs(path):
    pairs = []
    for line in open(path):
        words = line.strip().replace("=", " ").split()
        if len(words) == 2:
            pairs.append((words[0], words[1]))
    return pairs


def cloud_init_render(net_convert, path, kind, macs, renderer, out):
    """cloud-init's net-convert, in this process; returns None or the error it raised."""
    args = ["-p", path, "-k", kind, "-D", "centos", "-O", CLOUD_INIT_NAMES[renderer], "-d", out]
    for name, mac in macs:
        args += ["-m", f"{name},{mac}"]
    parsed = net_convert.get_parser().parse_args(args)
    try:
        with contextlib.redirect_stderr(io.StringIO()):
            net_convert.handle_args("net-convert", parsed)
        return None
    except Exception as error:  # cloud-init refuses the input
        return f"{type(error).__name__}: {error}"
    finally:
        parsed.network_data.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("flamingo")
    parser.add_argument("work")
    parser.add_argument("cases")
    parser.add_argument("renderers", nargs="+")
    options = parser.parse_args()

    import logging
    from cloudinit.cmd.devel import net_convert
    logging.disable(logging.CRITICAL)

    def exceptions(name):
        """{(input stem, renderer or "*")} from refusals.txt or accepted.txt."""
        entries = set()
        for line in open(os.path.join(HERE, name)):
            if line.strip() and not line.startswith("#"):
                stem, renderers = line.split()[:2]
                entries |= {(stem, renderer) for renderer in renderers.split(",")}
        return entries
    refusals, accepted = exceptions("refusals.txt"), exceptions("accepted.txt")
    listed = lambda entries, stem, renderer: (stem, renderer) in entries or (stem, "*") in entries
    cases = [line.split() for line in open(options.cases) if line.strip()]
    failures, summary, seen = [], {}, set()
    deviations = {r: Deviations(os.path.join(HERE, "deviations", r + ".txt")) for r in options.renderers}
    for fields in cases:
        path, macs_path = fields[0], fields[1]
        expected = fields[2] if len(fields) > 2 else None
        name = os.path.basename(path)
        stem = os.path.splitext(name)[0]
        kind = "network_data.json" if name.endswith(".json") else "yaml"
        macs = read_macs(macs_path)
        names_by_mac = {mac.lower(): nic for nic, mac in macs}
        flamingo_macs = [arg for nic, mac in macs if MAC.match(mac) for arg in ("--mac", f"{nic}={mac}")]
        # No map: NICs this test's inputs do not name (never the host's own, which flamingo would read).
        flamingo_macs = flamingo_macs or ["--mac", "unnamed0=02:00:00:00:00:00"]
        for renderer in options.renderers:
            out = os.path.join(options.work, renderer, stem)
            os.makedirs(out, exist_ok=True)
            theirs = os.path.join(out, "cloud-init")
            ours = os.path.join(out, "flamingo")
            refused_by_cloud_init = cloud_init_render(net_convert, path, kind, macs, renderer, theirs)
            run = subprocess.run([options.flamingo, "render-network", "--input", path, "--renderer", renderer,
                                  "--out", ours] + flamingo_macs, capture_output=True, text=True)
            counts = summary.setdefault(renderer, {"inputs": 0, "compared": 0, "expected": 0, "refused": 0, "allowed": 0, "listed": 0})
            counts["inputs"] += 1
            if run.returncode != 0:
                message = run.stderr.strip().splitlines()[-1] if run.stderr.strip() else f"exit {run.returncode}"
                if not re.search(re.escape(path) + r":\d+:\d+: error: ", run.stderr):
                    failures.append(f"{renderer} {stem}: refused without a location: {message}")
                elif refused_by_cloud_init is None and not listed(refusals, stem, renderer):
                    failures.append(f"{renderer} {stem}: flamingo refuses what cloud-init renders: {message}")
                elif refused_by_cloud_init is None:
                    seen.add(("refusals.txt", stem, renderer))
                    counts["listed"] += 1
                else:
                    counts["refused"] += 1
                continue
            if refused_by_cloud_init is not None:
                if not listed(accepted, stem, renderer):
                    failures.append(f"{renderer} {stem}: flamingo renders what cloud-init refuses ({refused_by_cloud_init})")
                    continue
                seen.add(("accepted.txt", stem, renderer))
                counts["listed"] += 1
                theirs = None
            with open(os.path.join(out, "diff"), "w") as diff:
                for label, root in (("cloud-init 22.4.2", theirs), ("cloud-init's tests", expected and os.path.join(expected, renderer))):
                    if not root or not os.path.isdir(root):
                        continue
                    os.makedirs(ours, exist_ok=True)  # flamingo wrote nothing at all: compare as empty
                    counts["compared" if root == theirs else "expected"] += 1
                    read = READERS[renderer]
                    for line in differences(read(ours, names_by_mac), read(root, names_by_mac)):
                        if deviations[renderer].explains(line):
                            diff.write(f"allowed ({label}): {line}\n")
                            counts["allowed"] += 1
                        else:
                            diff.write(f"DIFFERS ({label}): {line}\n")
                            failures.append(f"{renderer} {stem}: against {label}: {line}")
    for renderer in options.renderers:
        for line in deviations[renderer].unused():
            failures.append(f"{renderer}: deviation no longer seen: {line}")
    stems = {os.path.splitext(os.path.basename(c[0]))[0] for c in cases}
    for name, entries in (("refusals.txt", refusals), ("accepted.txt", accepted)):
        for stem, renderer in sorted(entries):
            used = any(s == (name, stem, r) for s in seen for r in (options.renderers if renderer == "*" else [renderer]))
            if stem in stems and (renderer == "*" or renderer in options.renderers) and not used:
                failures.append(f"{name}: {stem} {renderer} is no longer needed")
    for failure in failures:
        print("FAIL " + failure)
    for renderer, c in summary.items():
        print(f"  {renderer}: {c['inputs']} inputs, {c['compared']} compared with cloud-init 22.4.2 and {c['expected']} "
              f"with cloud-init's tests' renderings, {c['refused']} refused as cloud-init refuses them, "
              f"{c['allowed']} documented deviations, {c['listed']} refused by one side only (refusals.txt, accepted.txt)")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
