#!/usr/bin/env bash
# Golden trees: for each case in Tests/golden/<case>/, the drive (`drive/`), the sysroot before
# (`before/` + `before.manifest`) and the sysroot flamingo must leave (`after/` +
# `after.manifest`), as directories in the repository, so that a change of behaviour shows in a
# review as a diff. Git keeps neither owners, most modes nor empty directories: the manifests do
# (one line per entry: type, mode, uid:gid, path, link target). The run's own record
# (var/lib/flamingo/result.json, results/) holds times and is left out; in /etc/shadow the date of
# the last password change of the accounts the run made (today) reads `TODAY`.
#
#   FLAMINGO_GOLDEN_RECORD=1 Tests/golden/golden.sh     re-records every case's after/ from a run
#
# A new case: Tests/golden/NAME/ with drive/ (a seed directory), before/ made with the owners and
# modes it needs, and optionally `args` (more `flamingo run` arguments); the first recording
# writes before.manifest from before/ as it is on disk, then after/ and after.manifest.
. "$(dirname "$0")/../device/lib.sh"

GOLDEN=$ROOT/Tests/golden
# The run's record: times and durations, different on every run.
VOLATILE='^\./var/lib/flamingo/(result\.json|results(/.*)?)$'

# normalized ROOT PATH: the file's contents, with the one field that depends on the day — the
# shadow entries' date of the last password change, for accounts made by the run — as `TODAY`.
normalized() {
    case $2 in
        ./etc/shadow)
            local today=$(( $(date +%s) / 86400 ))
            awk -F: -v OFS=: -v t="$today" '$3 == t || $3 == t - 1 {$3 = "TODAY"} {print}' "$1/$2" ;;
        *) cat "$1/$2" ;;
    esac
}

# manifest DIR: every entry below DIR but the volatile ones, sorted.
manifest() {
    (cd "$1" && find . -mindepth 1 -printf '%y %m %U:%G %p\t%l\n') | awk -F'\t' -v v="$VOLATILE" '{split($1, f, " "); if (f[4] !~ v) print}' \
        | sed 's/\t$//; s/\t/ -> /' | LC_ALL=C sort -k4
}

# materialize SRC MANIFEST DEST: DEST made from SRC's files with the manifest's directories,
# modes and owners.
materialize() {
    mkdir -p "$3"
    cp -a "$1/." "$3/"
    local type mode owner path rest
    while read -r type mode owner path rest; do
        case $type in
            d) mkdir -p "$3/$path" ;;
            f) [ -f "$3/$path" ] || fail "$2: $path is in the manifest but not in $1" ;;
        esac
        if [ "$type" = l ]; then chown -h "$owner" "$3/$path"; else chown "$owner" "$3/$path"; chmod "$mode" "$3/$path"; fi
    done < "$2"
}

[ -x "$FLAMINGO" ] || fail "no flamingo binary"
cases=0
for dir in "$GOLDEN"/*/; do
    name=$(basename "$dir")
    sysroot=$WORK/$name
    if [ -n "${FLAMINGO_GOLDEN_RECORD:-}" ] && [ ! -f "$dir/before.manifest" ]; then
        manifest "$dir/before" > "$dir/before.manifest"
    fi
    materialize "$dir/before" "$dir/before.manifest" "$sysroot"
    [ "$(manifest "$sysroot")" = "$(cat "$dir/before.manifest")" ] || fail "$name: before/ and before.manifest disagree: $(diff <(manifest "$sysroot") "$dir/before.manifest" | head -n 5)"
    args=(); [ -f "$dir/args" ] && read -r -a args < "$dir/args"
    "$FLAMINGO" run --sysroot "$sysroot" --seed "$dir/drive" "${args[@]}" > "$WORK/$name.out" 2> "$WORK/$name.log" \
        || fail "$name: the run failed: $(grep -E 'error|warning' "$WORK/$name.log" | head -n 20)"
    if [ -n "${FLAMINGO_GOLDEN_RECORD:-}" ]; then
        rm -rf "$dir/after"; mkdir -p "$dir/after"
        manifest "$sysroot" > "$dir/after.manifest"
        while read -r type mode owner path rest; do
            if [ "$type" = f ]; then mkdir -p "$(dirname "$dir/after/$path")"; normalized "$sysroot" "$path" > "$dir/after/$path"; fi
            if [ "$type" = l ]; then mkdir -p "$(dirname "$dir/after/$path")"; ln -s "${rest#-> }" "$dir/after/$path"; fi
        done < "$dir/after.manifest"
        echo "recorded $name"
        cases=$((cases + 1))
        continue
    fi
    diff -u "$dir/after.manifest" <(manifest "$sysroot") > "$WORK/$name.manifest.diff" \
        || fail "$name: entries, modes or owners differ from after.manifest:
$(head -n 40 "$WORK/$name.manifest.diff")"
    while read -r type mode owner path rest; do
        [ "$type" = f ] || continue
        normalized "$sysroot" "$path" > "$WORK/file"
        cmp -s "$dir/after/$path" "$WORK/file" || fail "$name: $path differs from the golden tree:
$(diff -u "$dir/after/$path" "$WORK/file" | head -n 30)"
    done < "$dir/after.manifest"
    # A second run with the same drive changes nothing.
    "$FLAMINGO" run --sysroot "$sysroot" --seed "$dir/drive" "${args[@]}" > /dev/null 2> "$WORK/$name.log2" || fail "$name: the second run failed"
    [ "$(manifest "$sysroot" | grep -v ' \./var/lib/flamingo/')" = "$(grep -v ' \./var/lib/flamingo/' "$dir/after.manifest")" ] || fail "$name: a second run changed the tree"
    cases=$((cases + 1))
done
[ $cases -gt 0 ] || fail "no golden cases in $GOLDEN"
[ -n "${FLAMINGO_GOLDEN_RECORD:-}" ] && exit 0
pass "$cases golden trees: each run leaves exactly the recorded tree (contents, modes, owners, links), and a second run changes nothing"
