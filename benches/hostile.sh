#!/usr/bin/env bash
# Measures `candor check` on each hostile input in every output format (human, concise, json,
# sarif, github): wall time, peak memory (/usr/bin/time -v, "Maximum resident set size"), the
# bytes written to stdout and the exit status.
#
# The small inputs (one manifest or policy each) are checked against the Microsoft policy. The
# large ones are built as the tests build them, a folder per case:
#   play-csv-80k          a Play data safety CSV of 80,000 distinct `PSL_ACM_SPECIFY,{i},` rows,
#                         bound to a product by candor.yaml (tests/store_hostile.rs);
#   plist-entities-1line  a PrivacyInfo.xcprivacy with 20,000 unknown `&foo;` entities and 2,000
#                         `&amp;&bar;` on one line, bound by candor.yaml (tests/store_hostile.rs);
#   purposes-1k-1line     a manifest whose one flow-style entry lists 1,000 unknown purposes
#                         (tests/untrusted.rs), beside the good manifest;
#   typos-20k-of-50k      a policy of 50,000 categories and four manifests with 20,000 typos of
#                         them, each in the id's first letter (tests/limits.rs);
#   ids-100k-parts-3mb    a manifest with a category of 100,000 dotted parts and one of 3 MB
#                         (tests/limits.rs, there in the policy), beside the good manifest;
#   grants-x-rules-2k     2,000 identical grants against 2,000 identical `never` rules
#                         (tests/limits.rs);
#   column-70k-x8         8 manifests, each with a finding past column 70,000 (tests/untrusted.rs);
#   links-up-x10-root     10 links to `..` and one to `/` in a repository, found by discovery
#                         (tests/untrusted.rs);
#   evidence-1line-60k    an AndroidManifest.xml of one line requesting READ_CONTACTS 60,000
#                         times, bound to msn_weather, which may not collect contacts;
#   podfile-dup-40k       a Podfile.lock listing FirebaseCore 40,000 times beside a Pods/ of 1,000
#                         other folders (each lookup of a missing pod reads the folder);
#   sdks-5k-x-plists-300  an app with 5,000 SDK privacy manifests in Pods/ and 300 Info.plist
#                         files, each judged against all of them.
# Usage: bash benches/hostile.sh   (builds the release binary first)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x /usr/bin/time ]; then
    echo "hostile.sh needs GNU time at /usr/bin/time (apt-get install time)" >&2
    exit 2
fi
cargo build --release --quiet
candor="$PWD/target/release/candor"
policy="$PWD/policies/microsoft.candor"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export NO_COLOR=1

python3 - "$work" "$PWD/policies" <<'PY'
import os, shutil, sys
root, policies = sys.argv[1], sys.argv[2]

def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())

# The small inputs: one file each, checked against the Microsoft policy.
def put(name, data):
    write(os.path.join(root, name, "privacy.yaml"), data)
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
write(os.path.join(root, "policy", "braces.candor"), 'category a "x" ' + "{" * 100_000)
write(os.path.join(root, "policy", "garbage.candor"),
      os.urandom(1 << 20).replace(b"\0", b" ").decode("latin-1").encode())

# The large cases: a folder each, checked from inside it.
def case(name):
    folder = os.path.join(root, "cases", name)
    os.makedirs(folder)
    return folder

def microsoft(folder):
    shutil.copytree(policies, os.path.join(folder, "policies"))

def bound(name):
    """The Microsoft policy and a candor.yaml binding every file to msn_weather."""
    folder = case(name)
    microsoft(folder)
    write(os.path.join(folder, "candor.yaml"),
          'policy: policies/microsoft.candor\nproducts:\n  - path: "**"\n    product: msn_weather\n')
    return folder

GOOD = ("product: outlook\ncollects:\n  - data: body\n    category: content.email\n"
        "    purposes: [provide, advertising]\n")

def repository(name):
    """A repository (it has .git) with the Microsoft policy and the good manifest."""
    folder = case(name)
    microsoft(folder)
    os.makedirs(os.path.join(folder, ".git"))
    write(os.path.join(folder, "good", "privacy.yaml"), GOOD)
    return folder

POLICY = ('category content "what users write"\ncategory content.email "mail"\n'
          'purpose provide "the service"\npurpose advertising "ads"\nsource direct "the user"\n'
          'product outlook "mail" {\n    collect content.email for provide from direct\n}\n'
          'never content for advertising "content is never used for ads"\n')

def workspace(name, policy):
    """policies/test.candor and the good manifest."""
    folder = case(name)
    write(os.path.join(folder, "policies", "test.candor"), policy)
    write(os.path.join(folder, "good", "privacy.yaml"), GOOD)
    return folder

folder = bound("play-csv-80k")
header = ("Question ID (machine readable),Response ID (machine readable),Response value,"
          "Answer requirement,Human-friendly question label\n")
write(os.path.join(folder, "data_safety.csv"),
      header + "".join(f"PSL_ACM_SPECIFY,{i},\n" for i in range(80_000)))

folder = bound("plist-entities-1line")
write(os.path.join(folder, "PrivacyInfo.xcprivacy"),
      '<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0"><dict>'
      '<key>NSPrivacyTracking</key><false/><key>NSPrivacyTrackingDomains</key><array>'
      '<string>x' + "&foo;" * 20_000 + '</string><string>' + "&amp;&bar;" * 2_000
      + '</string></array><key>NSPrivacyCollectedDataTypes</key><array/></dict></plist>\n')

folder = repository("purposes-1k-1line")
write(os.path.join(folder, "bad", "privacy.yaml"),
      "product: outlook\ncollects:\n  - {data: x, category: content.email, source: direct, purposes: ["
      + ", ".join(f"p{n}" for n in range(1_000)) + "]}\n")

folder = workspace("typos-20k-of-50k",
                   POLICY + "".join(f'category c{i}_alpha "c"\n' for i in range(50_000)))
for m in range(4):
    write(os.path.join(folder, f"typos{m}", "privacy.yaml"),
          "product: outlook\ncollects:\n" + "".join(
              f"  - data: d{n}\n    category: x{n}_alpha\n    purposes: [provide]\n"
              for n in range(m * 5000, (m + 1) * 5000)))

folder = workspace("ids-100k-parts-3mb", POLICY)
write(os.path.join(folder, "bad", "privacy.yaml"),
      "product: outlook\ncollects:\n"
      "  - data: x\n    category: " + ".".join(["a"] * 100_000) + "\n    purposes: [provide]\n"
      "  - data: y\n    category: " + "c" * 3_000_000 + "\n    purposes: [provide]\n"
      "  - data: z\n    category: content.email\n    purposes: [provide, advertising]\n")

workspace("grants-x-rules-2k",
          POLICY.replace("    collect content.email for provide from direct\n",
                         "    collect content.email for [provide, advertising] from direct\n" * 2000)
          + "never content for advertising\n" * 2000)

folder = repository("column-70k-x8")
pad = " " * 70_000
for n in range(8):
    write(os.path.join(folder, "wide", f"{n}.privacy.yaml"),
          "product: outlook\ncollects:\n  - {data: x, category: content.email, purposes: [provide],"
          + pad + "source: nowhere}\n")

folder = bound("evidence-1line-60k")
write(os.path.join(folder, "app", "src", "main", "AndroidManifest.xml"),
      "<manifest>" + '<uses-permission android:name="android.permission.READ_CONTACTS"/>' * 60_000
      + "</manifest>")

folder = bound("podfile-dup-40k")
for n in range(1_000):
    os.makedirs(os.path.join(folder, "ios", "Pods", f"Dependency{n}"))
write(os.path.join(folder, "ios", "Podfile.lock"),
      "PODS:\n" + "".join(f"  - FirebaseCore (1.{n})\n" for n in range(40_000)))

folder = bound("sdks-5k-x-plists-300")
sdk = open(os.path.join(os.path.dirname(policies), "tests", "platform", "sdks", "countly",
                        "PrivacyInfo.xcprivacy")).read()
for n in range(5_000):
    write(os.path.join(folder, "ios", "Pods", f"Sdk{n}", "PrivacyInfo.xcprivacy"), sdk)
keys = "".join(f"<key>NS{k}UsageDescription</key><string>x</string>\n"
               for k in ["Camera", "Microphone", "Contacts", "LocationWhenInUse", "PhotoLibrary"])
for n in range(300):
    write(os.path.join(folder, "ios", f"Target{n}", "Info.plist"),
          "<plist><dict>\n" + keys + "</dict></plist>\n")

folder = repository("links-up-x10-root")
os.symlink("/", os.path.join(folder, "good", "all"))
for n in range(10):
    os.symlink("..", os.path.join(folder, "good", f"up{n}"))
PY

formats=(human concise json sarif github)
printf '%-22s %-8s %10s %9s %13s %5s\n' case format "wall ms" "peak MiB" "stdout bytes" exit
# measure CASE FORMAT FOLDER ARGS...: runs ARGS in FOLDER under /usr/bin/time -v, stdout to a
# file, stderr discarded, and prints one row of the table. candor's exit status is reported,
# not fatal.
measure() {
    local name=$1 format=$2 folder=$3; shift 3
    local start end status rss bytes
    start=$(date +%s%N)
    set +e
    (cd "$folder" && /usr/bin/time -v -o "$work/time.txt" "$@" >"$work/stdout" 2>/dev/null)
    status=$?
    set -e
    end=$(date +%s%N)
    rss=$(awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}' "$work/time.txt")
    bytes=$(stat -c %s "$work/stdout")
    awk -v n="$name" -v f="$format" -v ns="$(( end - start ))" -v kb="${rss:-0}" -v b="$bytes" \
        -v s="$status" 'BEGIN { printf "%-22s %-8s %10.1f %9.1f %13d %5s\n", n, f, ns / 1e6, kb / 1024, b, s }'
    rm -f "$work/stdout"
}
for dir in billion-laughs anchor-reused-100k flow-nesting-100k block-nesting-100k size-50mb binary many-entries; do
    for format in "${formats[@]}"; do
        measure "$dir" "$format" "$work" "$candor" check --policy "$policy" --format "$format" "$work/$dir"
    done
done
for format in "${formats[@]}"; do
    measure policy-braces-100k "$format" "$work" \
        "$candor" check --policy "$work/policy/braces.candor" --format "$format" "$work/billion-laughs"
done
for format in "${formats[@]}"; do
    measure policy-garbage-1mb "$format" "$work" \
        "$candor" check --policy "$work/policy/garbage.candor" --format "$format" "$work/billion-laughs"
done
# Each large case: its folder, and the paths to check in it.
cases=(
    "play-csv-80k|."
    "plist-entities-1line|."
    "purposes-1k-1line|bad good"
    "typos-20k-of-50k|good typos0 typos1 typos2 typos3"
    "ids-100k-parts-3mb|bad good"
    "grants-x-rules-2k|good"
    "column-70k-x8|wide good"
    "links-up-x10-root|."
    "evidence-1line-60k|."
    "podfile-dup-40k|."
    "sdks-5k-x-plists-300|."
)
for entry in "${cases[@]}"; do
    name=${entry%%|*}
    read -r -a paths <<<"${entry#*|}"
    for format in "${formats[@]}"; do
        measure "$name" "$format" "$work/cases/$name" "$candor" check --format "$format" "${paths[@]}"
    done
done
