#!/usr/bin/env bash
# Rows (or entries) per second of the two store readers at two sizes, through the release binary:
# `candor check` on a folder whose candor.yaml binds the file to a product, human format (the one
# whose snippets once read the file from its start for every finding) written to /dev/null.
#   Play:  a data safety CSV of N distinct `PSL_ACM_SPECIFY,{i},` rows, a finding per row;
#   Apple: a privacy manifest whose one data type lists N unknown purposes, one per line, a
#          finding (with a "did you mean") per entry.
# Linear reading gives the same rate at both sizes; the script prints the 10k/100k ratio.
# Usage: bash benches/readers.sh [RUNS]   (builds the release binary first; median of RUNS, 3)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
cargo build --release --quiet
candor="$PWD/target/release/candor"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$work" "$PWD/policies" <<'PY'
import os, shutil, sys
root, policies = sys.argv[1], sys.argv[2]
header = ("Question ID (machine readable),Response ID (machine readable),Response value,"
          "Answer requirement,Human-friendly question label\n")
for n in (10_000, 100_000):
    for reader in ("play", "apple"):
        folder = os.path.join(root, f"{reader}-{n}")
        shutil.copytree(policies, os.path.join(folder, "policies"))
        with open(os.path.join(folder, "candor.yaml"), "w") as f:
            f.write('policy: policies/microsoft.candor\n'
                    'products:\n  - path: "**"\n    product: msn_weather\n')
        if reader == "play":
            with open(os.path.join(folder, "data_safety.csv"), "w") as f:
                f.write(header + "".join(f"PSL_ACM_SPECIFY,{i},\n" for i in range(n)))
        else:
            purposes = "".join(f"<string>Purpose{i}</string>\n" for i in range(n))
            with open(os.path.join(folder, "PrivacyInfo.xcprivacy"), "w") as f:
                f.write('<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0">\n<dict>\n'
                        '<key>NSPrivacyCollectedDataTypes</key>\n<array>\n<dict>\n'
                        '<key>NSPrivacyCollectedDataType</key>'
                        '<string>NSPrivacyCollectedDataTypeEmailAddress</string>\n'
                        '<key>NSPrivacyCollectedDataTypeLinked</key><false/>\n'
                        '<key>NSPrivacyCollectedDataTypeTracking</key><false/>\n'
                        '<key>NSPrivacyCollectedDataTypePurposes</key>\n<array>\n'
                        + purposes + '</array>\n</dict>\n</array>\n</dict>\n</plist>\n')
PY

# The median wall time of `candor check` in a folder, in seconds.
median() {
    local folder=$1 times=()
    for _ in $(seq "$runs"); do
        local start end
        start=$(date +%s%N)
        (cd "$folder" && "$candor" check . >/dev/null 2>&1) || true
        end=$(date +%s%N)
        times+=("$(( end - start ))")
    done
    printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.4f", a[int((NR+1)/2)]/1e9}'
}

printf 'candor store readers: rows (entries) per second, median of %s runs\n' "$runs"
printf '%-7s %12s %12s %14s %14s %10s\n' reader "10k wall" "100k wall" "10k rows/s" "100k rows/s" "10k/100k"
for reader in play apple; do
    median "$work/$reader-10000" >/dev/null # warm-up
    small=$(median "$work/$reader-10000")
    large=$(median "$work/$reader-100000")
    awk -v r="$reader" -v s="$small" -v l="$large" 'BEGIN {
        rs = 10000 / s; rl = 100000 / l
        printf "%-7s %11.3fs %11.3fs %14.0f %14.0f %9.2fx\n", r, s, l, rs, rl, rs / rl
    }'
done
