#!/usr/bin/env bash
# Measures candor on each hostile input: wall time and peak memory (/usr/bin/time -v).
# Usage: bash benches/hostile.sh   (builds the release binary first)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
candor="$PWD/target/release/candor"
policy="$PWD/policies/microsoft.candor"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$work" <<'PY'
import os, sys
root = sys.argv[1]
def put(name, data):
    path = os.path.join(root, name, "privacy.yaml")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())
laughs = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
for n, p in zip("bcdefghi", "abcdefgh"):
    laughs += f"{n}: &{n} [" + ",".join([f"*{p}"] * 9) + "]\n"
put("billion-laughs", laughs)
put("anchor-reused-100k", "product: &p bing\ncollects:\n" + "  - *p\n" * 100_000)
put("flow-nesting-100k", "product: " + "[" * 100_000)
put("block-nesting-100k", "product: bing\ncollects:\n" + "- " * 100_000 + "x\n")
put("size-50mb", b"product: bing\ncollects:\n" + b"#" * (50 * 1024 * 1024))
put("binary", os.urandom(1 << 20))
put("many-entries", "product: bing\ncollects:\n" + "  - data: q\n    category: contact\n    purposes: [provide]\n" * 20_000)
os.makedirs(os.path.join(root, "policy"), exist_ok=True)
with open(os.path.join(root, "policy", "braces.candor"), "w") as f:
    f.write('category a "x" ' + "{" * 100_000)
with open(os.path.join(root, "policy", "garbage.candor"), "wb") as f:
    f.write(os.urandom(1 << 20).replace(b"\0", b" ").decode("latin-1").encode())
PY

printf '%-22s %10s %12s %6s\n' input wall "peak MiB" exit
measure() {
    local name=$1; shift
    local start end status rss
    start=$(date +%s%N)
    set +e
    /usr/bin/time -v "$@" >/dev/null 2>"$work/time.txt"
    status=$?
    set -e
    end=$(date +%s%N)
    rss=$(awk -F: '/Maximum resident set size/ {print $2}' "$work/time.txt")
    printf '%-22s %8.1fms %12.1f %6s\n' "$name" "$(( (end - start) / 1000 ))e-3" "$(echo "$rss / 1024" | bc -l)" "$status"
}
for dir in billion-laughs anchor-reused-100k flow-nesting-100k block-nesting-100k size-50mb binary many-entries; do
    measure "$dir" "$candor" check --policy "$policy" --format json "$work/$dir"
done
measure "policy-braces-100k" "$candor" check --policy "$work/policy/braces.candor" --format json "$work/billion-laughs"
measure "policy-garbage-1mb" "$candor" check --policy "$work/policy/garbage.candor" --format json "$work/billion-laughs"
