#!/usr/bin/env bash
# Memory stays bounded on any input: gzip's 32 MiB bound was per piece with no total, so many
# small bombs added up — 24 gzip MIME parts (1 MB of user-data) used 813 MiB, 40 gz+b64
# write_files 676 MB. One run now inflates 64 MiB in all (InflateBudget); the rest is refused
# with a clear error, and the peak RSS of `validate` and of a dry run stays under 192 MiB.
. "$(dirname "$0")/../device/lib.sh"

python3 - "$WORK" <<'PY'
import base64, gzip, sys
from email.mime.multipart import MIMEMultipart
from email.mime.application import MIMEApplication
work = sys.argv[1]
bomb = gzip.compress(b"#cloud-config\n" + b"#" * (32 * 1024 * 1024 - 100) + b"\n", 9)
message = MIMEMultipart()
for _ in range(24):
    message.attach(MIMEApplication(bomb, "gzip"))
open(f"{work}/mime-bombs", "w").write(message.as_string())
file_bomb = base64.b64encode(gzip.compress(b"x" * (16 * 1024 * 1024), 9)).decode()
with open(f"{work}/file-bombs", "w") as out:
    out.write("#cloud-config\nwrite_files:\n")
    for i in range(40):
        out.write(f"  - path: /srv/bomb-{i}\n    encoding: gz+b64\n    content: {file_bomb}\n")
PY
printf 'instance-id: iid-memory\n' > "$WORK/meta-data"
limit_kb=$((192 * 1024))
for input in mime-bombs file-bombs; do
    status=0
    /usr/bin/time -f '%M' -o "$WORK/$input.rss" "$FLAMINGO" validate "$WORK/$input" > "$WORK/$input.out" 2>&1 || status=$?
    assert_eq "$status" 1 "validate's exit status for $input"
    grep -q "inflates past the 67108864 bytes one run may inflate in all" "$WORK/$input.out" || fail "$input: no budget message: $(head -c 600 "$WORK/$input.out")"
    rss=$(tail -n1 "$WORK/$input.rss")
    [ "$rss" -lt "$limit_kb" ] || fail "$input: validate peaked at $((rss / 1024)) MiB"
    # The same through a dry run (the runner reads, splits and decodes it the same way).
    mkdir -p "$WORK/seed-$input" && cp "$WORK/meta-data" "$WORK/seed-$input/" && cp "$WORK/$input" "$WORK/seed-$input/user-data"
    make_sysroot "$WORK/root-$input"
    /usr/bin/time -f '%M' -o "$WORK/$input.run.rss" "$FLAMINGO" run --dry-run --sysroot "$WORK/root-$input" --seed "$WORK/seed-$input" \
        > /dev/null 2> "$WORK/$input.run.log" || true
    run_rss=$(tail -n1 "$WORK/$input.run.rss")
    [ "$run_rss" -lt "$limit_kb" ] || fail "$input: the dry run peaked at $((run_rss / 1024)) MiB"
    pass "$input: refused past 64 MiB inflated in all; peak RSS validate $((rss / 1024)) MiB, dry run $((run_rss / 1024)) MiB"
done
