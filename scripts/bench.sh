#!/usr/bin/env bash
# Benchmarks flamingo against Debian's cloud-init (22.4.2) on the same inputs, on this machine,
# and prints a table: medians over repeated runs and the ratio cloud-init/flamingo per row.
# Not a timed test: nothing here fails on a number. docs/performance.md records the results.
#
#   scripts/bench.sh            BENCH_RUNS (5) repetitions per row
set -uo pipefail
. "$(dirname "$0")/lib/common.sh"
[ "$(id -u)" = 0 ] || die "the benchmarks need root (a sysroot owned by root, apt)"

ensure_packages cloud-init valgrind time xz-utils python3 linux-image-amd64 dracut busybox-static
"$FLAMINGO_ROOT/scripts/build-static.sh" >&2 || die "static build failed"
work=$(mktemp -d /tmp/flamingo-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT

# What the module adds to an initramfs: the boot test's lean dracut build with and without it.
. "$FLAMINGO_ROOT/Tests/boot/lib.sh"
trap 'boot_teardown; rm -rf "$work"' EXIT
boot_setup >&2 || die "building the boot test's initramfs images failed"
initramfs_delta=$INITRD_DELTA
boot_teardown

# A realistic instance: 5 users with keys and sudo, write_files, a unit, network_data.json.
mkdir -p "$work/seed" "$work/sysroot/etc" "$work/sysroot/root" "$work/sysroot/usr/sbin"
printf 'root:x:0:0:root:/root:/bin/bash\n' > "$work/sysroot/etc/passwd"
printf 'root:x:0:\nadm:x:4:\n' > "$work/sysroot/etc/group"
printf 'ID=debian\n' > "$work/sysroot/etc/os-release"
printf '#!/bin/sh\n' > "$work/sysroot/usr/sbin/NetworkManager"; chmod 755 "$work/sysroot/usr/sbin/NetworkManager"
printf 'instance-id: iid-bench\nlocal-hostname: bench.example.com\n' > "$work/seed/meta-data"
python3 - "$work/seed/user-data" <<'PY'
import json, sys
users = [{"name": f"user{i}", "gecos": f"User {i}", "shell": "/bin/bash", "sudo": "ALL=(ALL) NOPASSWD:ALL", "groups": ["adm"],
          "ssh_authorized_keys": [f"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBenchKey{i}xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx user{i}@bench"]} for i in range(5)]
config = {"users": ["default"] + users,
          "write_files": [{"path": f"/etc/app/conf{i}.ini", "content": "[app]\nkey = value\n" * 20, "permissions": "0640"} for i in range(5)],
          "timezone": "UTC", "runcmd": ["echo done"],
          "systemd": {"units": [{"name": "app.service", "contents": "[Service]\nExecStart=/bin/true\n[Install]\nWantedBy=multi-user.target\n", "enabled": True}]}}
open(sys.argv[1], "w").write("#cloud-config\n" + json.dumps(config, indent=1) + "\n")
PY
mkdir -p "$work/sysroot/usr/share/zoneinfo" && cp /usr/share/zoneinfo/UTC "$work/sysroot/usr/share/zoneinfo/UTC"
cp "$FLAMINGO_ROOT/Tests/network/corpus/09-bond.json" "$work/seed/network-config"
cp -a "$work/sysroot" "$work/pristine"

INITRAMFS_DELTA=$initramfs_delta FLAMINGO_BIN=$FLAMINGO_ROOT/dist/flamingo WORK=$work CORPUS=$FLAMINGO_ROOT/Tests/network/corpus RUNS=${BENCH_RUNS:-5} python3 - <<'PY'
import os, statistics, subprocess, time, shutil, resource, glob, re, tempfile

flamingo, work, corpus, runs = os.environ["FLAMINGO_BIN"], os.environ["WORK"], os.environ["CORPUS"], int(os.environ["RUNS"])
macs = [l.split() for l in open(f"{corpus}/macs.txt") if l.strip()]

def timed(argv, repeat, ok=(0,)):
    """The median wall time of `repeat` runs; a run that fails is not a measurement: stop."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        times.append(time.perf_counter() - start)
        if result.returncode not in ok:
            raise SystemExit(f"bench: {' '.join(argv)} exited {result.returncode}: {result.stderr[-500:]}")
    return statistics.median(times)

rows = []
inputs = sorted(glob.glob(f"{corpus}/*.json") + glob.glob(f"{corpus}/*.yaml"))
names = {"nm": "network-manager", "ifcfg": "sysconfig", "networkd": "networkd", "eni": "eni"}
for ours, theirs in names.items():
    f_total = c_total = 0.0
    for path in inputs:
        kind = "network_data.json" if path.endswith(".json") else "yaml"
        out = f"{work}/net"
        f_total += timed([flamingo, "render-network", "--input", path, "--renderer", ours, "--out", out + "/f"]
                         + sum((["--mac", f"{n}={m}"] for n, m in macs), []), runs)
        c_total += timed(["cloud-init", "devel", "net-convert", "-p", path, "-k", kind, "-D", "centos", "-O", theirs, "-d", out + "/c"]
                         + sum((["-m", f"{n},{m}"] for n, m in macs), []), max(1, runs // 2))
    rows.append((f"render {len(inputs)} network inputs ({ours})", f_total, c_total))

examples = [p for p in glob.glob("/usr/share/doc/cloud-init/examples/cloud-config-*.txt")]
f_total = c_total = 0.0
for path in examples:
    # Both report what they find invalid in some examples (exit 1): that is their answer, not a failure.
    f_total += timed([flamingo, "validate", path], runs, ok=(0, 1))
    c_total += timed(["cloud-init", "schema", "--config-file", path], max(1, runs // 2), ok=(0, 1))
rows.append((f"validate {len(examples)} documented examples", f_total, c_total))

def reset():
    shutil.rmtree(f"{work}/sysroot")
    shutil.copytree(f"{work}/pristine", f"{work}/sysroot", symlinks=True)
run = [flamingo, "run", "--seed", f"{work}/seed", "--sysroot", f"{work}/sysroot"] + sum((["--mac", f"{n}={m}"] for n, m in macs), [])
walls, cpus, rss = [], [], []
for _ in range(runs):
    reset()
    # GNU time per run: the peak RSS of this process alone (getrusage's children maximum would
    # include the cloud-init processes measured above). CPU time from getrusage's children
    # totals (microseconds; GNU time prints hundredths).
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(["/usr/bin/time", "-f", "TIME %U %S %M"] + run, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    walls.append(time.perf_counter() - start)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # A run with errors (a file not written, a network not rendered) would be measuring less work.
    if result.returncode != 0 or ": error:" in result.stderr:
        raise SystemExit("bench: the full run failed:\n" + result.stderr[-2000:])
    peak = result.stderr.strip().splitlines()[-1].split()[3]
    cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    rss.append(int(peak))
# The same run with the sysroot on tmpfs: the work itself, without the disk's sync latency.
shm = tempfile.mkdtemp(prefix="flamingo-bench.", dir="/dev/shm")
try:
    tmpfs_walls = []
    tmpfs_run = [a.replace(f"{work}/sysroot", f"{shm}/sysroot") for a in run]
    for _ in range(runs):
        shutil.rmtree(f"{shm}/sysroot", ignore_errors=True)
        shutil.copytree(f"{work}/pristine", f"{shm}/sysroot", symlinks=True)
        start = time.perf_counter()
        result = subprocess.run(tmpfs_run, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        tmpfs_walls.append(time.perf_counter() - start)
        if result.returncode != 0:
            raise SystemExit("bench: the tmpfs run failed:\n" + result.stderr[-2000:])
finally:
    shutil.rmtree(shm, ignore_errors=True)
reset()
# valgrind has no openat2: paths are resolved by flamingo's userspace walk there (more instructions
# than on a real kernel); the count is for comparing versions, not for wall time.
out = subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={work}/callgrind.out"] + run, capture_output=True, text=True).stderr
instructions = re.search(r"Collected : (\d+)", out)
# Peak RSS counts the pages of the binary that the kernel maps around each page fault: the same
# measure for `flamingo --version` (start-up, no work) shows how much of it that is.
startup = subprocess.run(["/usr/bin/time", "-f", "TIME %M", flamingo, "--version"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
startup_rss = int(startup.stderr.strip().splitlines()[-1].split()[1])
size = os.path.getsize(flamingo)
xz = len(subprocess.run(["xz", "-9", "-c", flamingo], capture_output=True).stdout)

# The curve: the same kind of input at 1x, 10x and 100x. Linear work takes ~10x and ~100x as
# long (start-up, ~5 ms, flattens the small end); a quadratic one would take 10,000x at 100x.
curve_dir = tempfile.mkdtemp(prefix="curve.", dir=work)
def curve(name, sizes, make):
    times = []
    for n in sizes:
        argv = make(n, f"{curve_dir}/{name}-{n}")
        times.append(timed(argv, max(1, runs // 2), ok=(0, 1)))
    return (name, sizes, times)
def yaml_items(n, base):
    with open(base + ".yaml", "w") as out:
        out.write("#cloud-config\nruncmd:\n" + "".join(f"  - echo {i}\n" for i in range(n)))
    return [flamingo, "validate", base + ".yaml"]
def users(n, base):
    os.makedirs(f"{base}/seed"); os.makedirs(f"{base}/root/etc")
    open(f"{base}/seed/meta-data", "w").write("instance-id: iid-curve\n")
    open(f"{base}/root/etc/passwd", "w").write("root:x:0:0:root:/root:/bin/sh\n")
    open(f"{base}/root/etc/group", "w").write("root:x:0:\nwheel:x:10:\n")
    open(f"{base}/seed/user-data", "w").write("#cloud-config\nusers:\n" + "".join(
        f"  - {{name: u{i}, groups: [wheel], ssh_authorized_keys: ['ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI{i:08d} u{i}']}}\n" for i in range(n)))
    return [flamingo, "run", "--dry-run", "--sysroot", f"{base}/root", "--seed", f"{base}/seed"]
def keys(n, base):
    os.makedirs(f"{base}/seed"); os.makedirs(f"{base}/root/etc"); os.makedirs(f"{base}/root/root/.ssh")
    open(f"{base}/seed/meta-data", "w").write("instance-id: iid-curve\n")
    open(f"{base}/root/etc/passwd", "w").write("root:x:0:0:root:/root:/bin/sh\n")
    open(f"{base}/root/etc/group", "w").write("root:x:0:\n")
    open(f"{base}/root/root/.ssh/authorized_keys", "w").write("".join(f"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOld{i:08d} old{i}\n" for i in range(n)))
    open(f"{base}/seed/user-data", "w").write("#cloud-config\nssh_authorized_keys:\n" + "".join(
        f"  - ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAINew{i:08d} new{i}\n" for i in range(n)))
    return [flamingo, "run", "--dry-run", "--sysroot", f"{base}/root", "--seed", f"{base}/seed"]
curves = [curve("YAML list items (validate)", [1000, 10000, 100000], yaml_items),
          curve("users in one group, with keys (dry run)", [80, 800, 8000], users),
          curve("keys merged into as many (dry run)", [40, 400, 4000], keys)]
shutil.rmtree(curve_dir, ignore_errors=True)

print(f"{'benchmark':52} {'flamingo':>12} {'cloud-init':>12} {'ratio':>8}")
for name, f, c in rows:
    print(f"{name:52} {f*1000:10.1f}ms {c*1000:10.1f}ms {c/f:7.0f}x")
print(f"{'full run (5 users, keys, write_files, unit, network)':52} {statistics.median(walls)*1000:10.1f}ms wall, "
      f"{statistics.median(cpus)*1000:.1f} ms CPU, peak RSS {max(rss)/1024:.1f} MB, "
      f"{int(instructions.group(1)) if instructions else 0:,} instructions (callgrind)")
print(f"{'flamingo --version (start-up alone)':52} {'':12} peak RSS {startup_rss/1024:.1f} MB")
print(f"{'full run, sysroot on tmpfs (no sync latency)':52} {statistics.median(tmpfs_walls)*1000:10.1f}ms wall")
print(f"{'binary':52} {size/1048576:10.1f} MB stripped, {xz/1048576:.1f} MB xz -9")
print(f"{'initramfs (the boot test lean dracut build)':52} {int(os.environ['INITRAMFS_DELTA'])/1048576:10.1f} MB added by the module")
for name, sizes, times in curves:
    steps = ", ".join(f"{n:,}: {t*1000:.0f} ms" for n, t in zip(sizes, times))
    print(f"{'curve: ' + name:52} {steps} (100x input: {times[-1]/times[0]:.0f}x time)")
PY
