#!/usr/bin/env python3
"""candor beside fides on the same N systems: one policy rule, N systems that declare the same data.

For each N, writes
  fides/       the fides policy (one rule: user content is never used for advertising) and one
               file per system with its privacy declarations (4 declarations, 6 data categories);
  candor/      the same in candor's terms: a policy with the same vocabulary, a default block
               granting what the systems declare, the same never rule, a product per system, and
               one privacy.yaml per system with the same 6 category / use pairs as entries;
then times `fides --local evaluate --dry fides/` and `candor check --format json` (on one thread
and on every core) round after round, the commands alternated, and prints wall times, peak memory
and the ratios. Both tools find every system compliant; the script checks that they say so.

Not run by the test suite. Setup (fides 2.86.2 needs Python 3.13):

    pip install uv
    uv python install 3.13             # or use any Python 3.13 already installed
    uv venv -p 3.13 fides-venv
    VIRTUAL_ENV=fides-venv uv pip install ethyca-fides==2.86.2
    cargo build --release
    python3 benches/fides/compare.py --fides fides-venv/bin/fides --candor target/release/candor 1000 10000
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

# (fides data categories, fides data use, candor categories, candor purpose, candor source)
DECLARATIONS = [
    (["user.contact.email", "user.contact.phone_number"], "essential.service",
     ["contact.email", "contact.phone_number"], "service", "direct"),
    (["user.device.cookie_id", "user.device.ip_address"], "functional.service.improve",
     ["device.cookie_id", "device.ip_address"], "improve", "observed"),
    (["user.location.imprecise"], "personalize",
     ["location.imprecise"], "personalize", "observed"),
    (["user.content.private"], "essential.service",
     ["content.private"], "service", "direct"),
]

FIDES_POLICY = """policy:
  - fides_key: bench_policy
    name: Bench policy
    description: One rule, as in the candor policy beside it
    rules:
      - fides_key: no_content_for_advertising
        name: Content is never used for advertising
        data_categories:
          matches: ANY
          values:
            - user.content
        data_uses:
          matches: ANY
          values:
            - marketing.advertising
        data_subjects:
          matches: ANY
          values:
            - customer
"""

CANDOR_VOCABULARY = """// The vocabulary the fides systems use, in candor's terms.
category contact "how to reach the person" {
    email "an email address"
    phone_number "a telephone number"
}
category device "the person's device" {
    cookie_id "a cookie identifier"
    ip_address "the network address"
}
category location "where the person is" {
    imprecise "an approximate location"
}
category content "what the person writes or stores" {
    private "content the person keeps private"
}
purpose service "provide the service"
purpose improve "improve the service"
purpose personalize "tailor the service"
purpose advertising "choose or target advertisements"
source direct "given by the person"
source observed "recorded while the person uses the service"

default {
    collect [contact.email, contact.phone_number, content.private] for service from direct
    collect [device.cookie_id, device.ip_address] for improve from observed
    collect location.imprecise for personalize from observed
}

never content for advertising "content is never used for advertising"
"""


def generate(root, n):
    """Writes the fides resources and the candor policy and manifests for n systems."""
    fides = os.path.join(root, "fides")
    candor = os.path.join(root, "candor")
    os.makedirs(os.path.join(fides, "systems"))
    os.makedirs(os.path.join(candor, "systems"))
    with open(os.path.join(fides, "policy.yml"), "w") as f:
        f.write(FIDES_POLICY)
    products = []
    for i in range(n):
        key = f"system_{i}"
        lines = [
            "system:",
            f"  - fides_key: {key}",
            f"    name: System {i}",
            "    system_type: Service",
            "    privacy_declarations:",
        ]
        for categories, use, _, _, _ in DECLARATIONS:
            lines.append(f"      - name: {use} of {', '.join(categories)}")
            lines.append("        data_categories:")
            lines.extend(f"          - {c}" for c in categories)
            lines.append(f"        data_use: {use}")
            lines.append("        data_subjects:")
            lines.append("          - customer")
        with open(os.path.join(fides, "systems", f"{key}.yml"), "w") as f:
            f.write("\n".join(lines) + "\n")

        entries = [f"product: {key}", "collects:"]
        for _, _, categories, purpose, source in DECLARATIONS:
            for category in categories:
                entries.append(f"  - data: {category.replace('.', '_')}")
                entries.append(f"    category: {category}")
                entries.append(f"    purposes: [{purpose}]")
                entries.append(f"    source: {source}")
        folder = os.path.join(candor, "systems", key)
        os.makedirs(folder)
        with open(os.path.join(folder, "privacy.yaml"), "w") as f:
            f.write("\n".join(entries) + "\n")
        products.append(f'product {key} "system {i}" {{}}')
    with open(os.path.join(candor, "policy.candor"), "w") as f:
        f.write(CANDOR_VOCABULARY + "\n" + "\n".join(products) + "\n")
    return fides, candor


def timed(command, cwd):
    """Runs command; returns (seconds, peak MiB or None, exit code, stdout)."""
    use_time = os.path.exists("/usr/bin/time")
    full = (["/usr/bin/time", "-v"] if use_time else []) + command
    start = time.perf_counter()
    done = subprocess.run(full, cwd=cwd, capture_output=True, text=True)
    wall = time.perf_counter() - start
    peak = None
    if use_time:
        found = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
        peak = int(found.group(1)) / 1024 if found else None
    return wall, peak, done.returncode, done.stdout + done.stderr


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sizes", nargs="+", type=int)
    parser.add_argument("--fides", required=True, help="the fides executable")
    parser.add_argument("--candor", required=True, help="the candor executable")
    parser.add_argument("--rounds", type=int, default=1, help="timed rounds per size")
    parser.add_argument("--keep", help="write the corpora here and keep them")
    parser.add_argument("--settle", type=float, default=10, help="seconds to wait before each run")
    args = parser.parse_args()
    fides_bin = os.path.abspath(args.fides)
    candor_bin = os.path.abspath(args.candor)

    print(f"candor beside fides ({os.cpu_count()} cores; median of {args.rounds} "
          f"alternated round(s) after a warm-up of candor)")
    print(f"{'systems':>8}  {'fides':>10} {'MiB':>6}  {'candor -j 1':>11} {'MiB':>6}  "
          f"{'candor':>10} {'MiB':>6}  {'fides/candor -j 1':>17}  {'fides/candor':>12}")
    for n in args.sizes:
        root = os.path.join(args.keep, str(n)) if args.keep else tempfile.mkdtemp()
        if args.keep and os.path.exists(root):
            shutil.rmtree(root)
        fides_dir, candor_dir = generate(root, n)
        # fides reads its configuration from the working directory: give it an empty one.
        work = os.path.join(root, "work")
        os.makedirs(work)
        fides_cmd = [fides_bin, "--local", "evaluate", "--dry", fides_dir]
        out = os.path.join(root, "report.json")
        candor_cmd = [candor_bin, "check", "--policy", os.path.join(candor_dir, "policy.candor"),
                      "--format", "json", "-o", out, os.path.join(candor_dir, "systems")]
        runs = {"fides": [], "one": [], "all": []}
        timed(candor_cmd, work)
        for _ in range(args.rounds):
            for name, command in [("fides", fides_cmd), ("one", candor_cmd[:2] + ["-j", "1"]
                                                        + candor_cmd[2:]), ("all", candor_cmd)]:
                # A one-thread candor run started right after fides took 2.4 s, and 0.9 s ten
                # seconds later: let the machine settle before each run.
                time.sleep(args.settle)
                wall, peak, code, output = timed(command, work)
                if code != 0:
                    sys.exit(f"{' '.join(command)} exited {code}:\n{output[-3000:]}")
                if name == "fides" and "PASS" not in output.upper():
                    sys.exit(f"fides did not report a pass:\n{output[-3000:]}")
                runs[name].append((wall, peak))
        with open(out) as f:
            report = f.read()
        if f'"manifests": {n},' not in report or '"diagnostics": [],' not in report:
            sys.exit(f"candor did not check {n} clean manifests:\n{report[-2000:]}")

        def median(name):
            walls = [w for w, _ in runs[name]]
            peaks = [p for _, p in runs[name] if p is not None]
            return statistics.median(walls), (max(peaks) if peaks else float("nan"))

        (fw, fm), (ow, om), (aw, am) = median("fides"), median("one"), median("all")
        print(f"{n:>8}  {fw:>9.2f}s {fm:>6.1f}  {ow:>10.3f}s {om:>6.1f}  {aw:>9.3f}s {am:>6.1f}  "
              f"{fw / ow:>16.0f}x  {fw / aw:>11.0f}x", flush=True)
        if not args.keep:
            shutil.rmtree(root)


if __name__ == "__main__":
    main()
