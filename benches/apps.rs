//! The apps benchmark: `cargo bench --bench apps`.
//!
//! Generates two deterministic corpora of mobile apps for the Microsoft policy (kept in
//! `target/bench-apps/`). Each app has an Android manifest with 6 to 12 permissions and its
//! Play form, an iOS `Info.plist` with usage keys among 40 other keys, an entitlements file,
//! its own `PrivacyInfo.xcprivacy`, a `Pods/` tree of three real SDK manifests (from
//! `tests/platform/sdks/`) and a `Podfile.lock` naming them, and a `privacy.yaml` for its
//! backend. In the first corpus the labels leave out types the permissions reach (camera,
//! microphone, contacts: every app has evidence findings); in the second they declare every
//! type the evidence shows (evidence adds no finding, as in a repository whose check passes).
//!
//! Each corpus is written twice: `with/` has everything, `without/` the same tree with the
//! evidence files (`AndroidManifest.xml`, `Info.plist`, `*.entitlements`, `Podfile.lock`,
//! `Package.resolved`) under
//! names candor does not read (`Info.plist.unread`), so the two differ only by what candor makes
//! of evidence: the same folders and entries are walked, and the evidence files are read,
//! parsed and judged in `with/` alone. Each size is checked both ways in turn, round after round
//! (a warm-up, then 5 timed rounds): `candor check -j 1 --format json -o FILE .` in each folder.
//!
//! It prints the median wall time of each, the ratio (the cost of finding, reading and judging
//! evidence), peak memory, how many evidence files and findings each run had, and the wall time
//! of the evidence floor below, timed in the same rounds.
//!
//! With valgrind installed it also counts, on the smallest size, the instructions both checks
//! execute, and two references with walkdir, `std::fs` and quick-xml alone (none of candor's
//! code): the evidence floor, walking `with/` and reading every evidence file less walking
//! `without/` (what finding and reading the files costs before anything is made of them), and
//! reading the evidence files and running quick-xml's tokenizer over the XML ones to the end,
//! less walking `with/`.
//!
//! Then three real repositories (`benches/real/`, see its SOURCES.md), one with a `Pods/` tree,
//! each rebuilt from its file
//! list and its own evidence files with what a repository adopting candor adds, every other file
//! empty, and checked whole as a CI job checks one: `with/` against `without/` (its evidence files
//! renamed), in wall time and, with valgrind, instructions.
//!
//! `CANDOR_BENCH_APPS=500,2000` picks other sizes; `CANDOR_BENCH_RUNS=3` other round counts;
//! `CANDOR_BENCH_INSTRUCTIONS=0` skips the instruction counts.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a benchmark harness: failing loudly is right"
)]

#[path = "support/measure.rs"]
mod measure;

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use measure::ms;

const PERMISSIONS: &[&str] = &[
    "android.permission.INTERNET",
    "android.permission.ACCESS_NETWORK_STATE",
    "android.permission.ACCESS_FINE_LOCATION",
    "android.permission.ACCESS_COARSE_LOCATION",
    "android.permission.CAMERA",
    "android.permission.RECORD_AUDIO",
    "android.permission.READ_CONTACTS",
    "android.permission.POST_NOTIFICATIONS",
    "android.permission.VIBRATE",
    "android.permission.WAKE_LOCK",
    "android.permission.READ_MEDIA_IMAGES",
    "com.google.android.gms.permission.AD_ID",
];

/// The permissions of the corpus whose labels declare what they reach: location (declared in
/// every label) and permissions that reach no data type.
const DECLARED_PERMISSIONS: &[&str] = &[
    "android.permission.INTERNET",
    "android.permission.ACCESS_NETWORK_STATE",
    "android.permission.ACCESS_FINE_LOCATION",
    "android.permission.ACCESS_COARSE_LOCATION",
    "android.permission.POST_NOTIFICATIONS",
    "android.permission.VIBRATE",
    "android.permission.WAKE_LOCK",
];

/// The usage keys of that corpus: location, and keys that reach no data type.
const DECLARED_USAGE_KEYS: &[&str] = &[
    "NSLocationWhenInUseUsageDescription",
    "NSPhotoLibraryAddUsageDescription",
    "NSFaceIDUsageDescription",
    "NSLocationAlwaysAndWhenInUseUsageDescription",
];

const USAGE_KEYS: &[&str] = &[
    "NSLocationWhenInUseUsageDescription",
    "NSCameraUsageDescription",
    "NSPhotoLibraryAddUsageDescription",
    "NSMicrophoneUsageDescription",
    "NSUserTrackingUsageDescription",
    "NSFaceIDUsageDescription",
];

const SDKS: &[&str] = &[
    "countly",
    "revenuecat",
    "constructorio",
    "clevertap",
    "chartboost-mediation",
];

/// A small deterministic generator (xorshift).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn write(path: &Path, text: &str) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

/// The two corpora: labels that leave out types the apps' permissions reach (every app has
/// evidence findings), and labels that declare them (evidence adds no finding, as in a
/// repository whose check passes).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Labels {
    LeaveOut,
    Declare,
}

impl Labels {
    fn name(self) -> &'static str {
        match self {
            Labels::LeaveOut => "labels leave types out",
            Labels::Declare => "labels declare every type",
        }
    }

    fn folder(self) -> &'static str {
        match self {
            Labels::LeaveOut => "undeclared",
            Labels::Declare => "declared",
        }
    }

    fn permissions(self) -> &'static [&'static str] {
        match self {
            Labels::LeaveOut => PERMISSIONS,
            Labels::Declare => DECLARED_PERMISSIONS,
        }
    }

    fn usage_keys(self) -> &'static [&'static str] {
        match self {
            Labels::LeaveOut => USAGE_KEYS,
            Labels::Declare => DECLARED_USAGE_KEYS,
        }
    }
}

fn android_manifest(rng: &mut Rng, labels: Labels) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<manifest xmlns:android=\"http://schemas.android.com/apk/res/android\"\n    package=\"com.example.app\">\n",
    );
    let permissions = labels.permissions();
    let n = 6 + rng.below(7);
    for i in 0..n {
        let p = permissions[(i + rng.below(3)) % permissions.len()];
        let _ = writeln!(out, "    <uses-permission android:name=\"{p}\" />");
    }
    out.push_str("    <application android:label=\"App\">\n");
    for i in 0..20 {
        let _ = writeln!(
            out,
            "        <activity android:name=\".Screen{i}\" android:exported=\"false\" />"
        );
    }
    out.push_str("    </application>\n</manifest>\n");
    out
}

fn play_form(labels: Labels) -> String {
    let mut out = String::from(
        "Question ID (machine readable),Response ID (machine readable),Response value,Answer requirement,Human-friendly question label\n",
    );
    let approximate = (
        "PSL_DATA_TYPES_LOCATION",
        "PSL_APPROX_LOCATION",
        "PSL_APP_FUNCTIONALITY",
    );
    let declared = (labels == Labels::Declare).then_some(approximate);
    for (category, id, purpose) in declared.into_iter().chain([
        (
            "PSL_DATA_TYPES_LOCATION",
            "PSL_PRECISE_LOCATION",
            "PSL_APP_FUNCTIONALITY",
        ),
        (
            "PSL_DATA_TYPES_APP_PERFORMANCE",
            "PSL_CRASH_LOGS",
            "PSL_ANALYTICS",
        ),
        (
            "PSL_DATA_TYPES_PHOTOS_AND_VIDEOS",
            "PSL_PHOTOS",
            "PSL_APP_FUNCTIONALITY",
        ),
    ]) {
        let _ = writeln!(out, "{category},{id},true,MULTIPLE_CHOICE,Type");
        let _ = writeln!(
            out,
            "PSL_DATA_USAGE_RESPONSES:{id}:PSL_DATA_USAGE_COLLECTION_AND_SHARING,PSL_DATA_USAGE_ONLY_COLLECTED,true,MULTIPLE_CHOICE,Collected"
        );
        let _ = writeln!(
            out,
            "PSL_DATA_USAGE_RESPONSES:{id}:DATA_USAGE_COLLECTION_PURPOSE,{purpose},true,MULTIPLE_CHOICE,Purpose"
        );
    }
    out
}

fn info_plist(rng: &mut Rng, labels: Labels) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" \"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n<plist version=\"1.0\">\n<dict>\n",
    );
    for i in 0..40 {
        let _ = writeln!(
            out,
            "\t<key>CFBundleSetting{i}</key>\n\t<string>value {i}</string>"
        );
    }
    let keys = labels.usage_keys();
    for key in keys.iter().take(2 + rng.below(keys.len() - 1)) {
        let _ = writeln!(
            out,
            "\t<key>{key}</key>\n\t<string>Why the app asks.</string>"
        );
    }
    out.push_str("</dict>\n</plist>\n");
    out
}

const ENTITLEMENTS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<plist version=\"1.0\">\n<dict>\n\t<key>aps-environment</key>\n\t<string>production</string>\n\t<key>com.apple.developer.associated-domains</key>\n\t<array><string>applinks:example.com</string></array>\n</dict>\n</plist>\n";

const SERVICE: &str = "product: msn_weather\ncollects:\n  - data: forecast_location\n    category: location.precise\n    purposes: [provide]\n    source: observed\n    conditions: [location_enabled]\n  - data: crash_reports\n    category: device_usage.error_reports\n    purposes: [troubleshoot]\n    source: observed\n";

/// Writes `apps` apps under `root`. The app's own privacy manifest is the first SDK's renamed
/// (`labels` leave types out) or the weather example's, which declares precise location.
fn generate(
    root: &Path,
    apps: usize,
    sdk_manifests: &[(String, String)],
    app_manifest: &str,
    labels: Labels,
    evidence: bool,
) {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    // Without evidence, the evidence files are written all the same, under names candor does
    // not read: the tree, its folders and its other files stay the same.
    let write_evidence = |path: &Path, text: &str| {
        if evidence {
            write(path, text);
        } else {
            let mut unread = path.as_os_str().to_owned();
            unread.push(".unread");
            write(Path::new(&unread), text);
        }
    };
    for n in 0..apps {
        let app = root.join(format!("apps/app{n:05}"));
        write_evidence(
            &app.join("android/app/src/main/AndroidManifest.xml"),
            &android_manifest(&mut rng, labels),
        );
        write(&app.join("android/data_safety.csv"), &play_form(labels));
        write_evidence(
            &app.join("ios/Runner/Info.plist"),
            &info_plist(&mut rng, labels),
        );
        write_evidence(&app.join("ios/Runner/Runner.entitlements"), ENTITLEMENTS);
        write(&app.join("ios/Runner/PrivacyInfo.xcprivacy"), app_manifest);
        let mut lock = String::from("PODS:\n");
        for k in 0..3 {
            let (name, text) = &sdk_manifests[(n + k) % sdk_manifests.len()];
            write(
                &app.join(format!("ios/Pods/{name}/PrivacyInfo.xcprivacy")),
                text,
            );
            let _ = writeln!(lock, "  - {name} (1.0.{k})");
        }
        lock.push_str("\nCOCOAPODS: 1.15.2\n");
        write_evidence(&app.join("ios/Podfile.lock"), &lock);
        write(&app.join("backend/privacy.yaml"), SERVICE);
    }
}

/// The references of the module's comment: walks `root` and reads every evidence file
/// (`Mode::Read`), also runs quick-xml's tokenizer over the XML ones (`Mode::Tokenize`), or only
/// walks (`Mode::Walk`). Prints what it saw, so nothing is left out.
fn reference(root: &Path, mode: &str) {
    let (mut files, mut bytes, mut events) = (0usize, 0usize, 0usize);
    for entry in walkdir::WalkDir::new(root).sort_by_file_name() {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() || mode == "--walk" {
            continue;
        }
        let name = entry.file_name().to_string_lossy();
        let xml = name == "AndroidManifest.xml"
            || name == "Info.plist"
            || name.ends_with(".entitlements");
        if !xml && name != "Podfile.lock" && name != "Package.resolved" {
            continue;
        }
        files += 1;
        let text = fs::read_to_string(entry.path()).unwrap();
        bytes += text.len();
        if !xml || mode != "--tokenize" {
            continue;
        }
        let mut reader = quick_xml::Reader::from_str(&text);
        loop {
            match reader.read_event().unwrap() {
                quick_xml::events::Event::Eof => break,
                _ => events += 1,
            }
        }
    }
    println!("{files} evidence files, {bytes} bytes, {events} XML events");
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(mode @ ("--walk" | "--read" | "--tokenize")) = args.get(1).map(String::as_str) {
        return reference(Path::new(&args[2]), mode);
    }
    let instructions = std::env::var("CANDOR_BENCH_INSTRUCTIONS").map_or(true, |v| v != "0");
    let me = std::env::current_exe().unwrap();
    let sizes = measure::sizes("CANDOR_BENCH_APPS", "500,2000");
    let runs = measure::runs(5);
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let candor = PathBuf::from(env!("CARGO_BIN_EXE_candor"));
    let sdk_manifests: Vec<(String, String)> = SDKS
        .iter()
        .map(|s| {
            let text = fs::read_to_string(
                manifest_dir.join(format!("tests/platform/sdks/{s}/PrivacyInfo.xcprivacy")),
            )
            .unwrap();
            (s.to_owned().to_owned(), text)
        })
        .collect();
    let weather =
        fs::read_to_string(manifest_dir.join("examples/apps/weather-ios/PrivacyInfo.xcprivacy"))
            .unwrap();
    let renamed = sdk_manifests[0].1.replace("Countly", "App");
    println!("candor apps benchmark (median of {runs} alternated rounds after a warm-up, -j 1)");
    let mut smallest: Vec<(Labels, usize, Vec<PathBuf>)> = Vec::new();
    for labels in [Labels::LeaveOut, Labels::Declare] {
        let app_manifest = match labels {
            Labels::LeaveOut => &renamed,
            Labels::Declare => &weather,
        };
        println!();
        println!("{}:", labels.name());
        println!(
            "{:>6} {:>12} {:>12} {:>8} {:>10} {:>10}",
            "apps", "with", "without", "ratio", "peak with", "peak w/o"
        );
        for &apps in &sizes {
            let base = manifest_dir.join(format!("target/bench-apps/{}/{apps}", labels.folder()));
            let roots = sides(
                &base,
                apps,
                &sdk_manifests,
                app_manifest,
                labels,
                manifest_dir,
            );
            measure_sides(&candor, &me, &roots, runs, apps);
            if smallest.iter().all(|(l, n, _)| *l != labels || apps < *n) {
                smallest.retain(|(l, _, _)| *l != labels);
                smallest.push((labels, apps, roots));
            }
        }
    }
    real_repositories(&candor, manifest_dir, runs, instructions);
    if !instructions {
        return;
    }
    for (labels, apps, roots) in smallest {
        let check = check_args("../callgrind.json");
        let with = measure::callgrind(&candor, &check, Some(&roots[0]));
        let without = measure::callgrind(&candor, &check, Some(&roots[1]));
        let run = |mode: &str, root: &Path| {
            let args = [mode.to_owned(), root.to_str().unwrap().to_owned()];
            measure::callgrind(&me, &args, None)
        };
        let walk_without = run("--walk", &roots[1]);
        let walk_with = run("--walk", &roots[0]);
        let read = run("--read", &roots[0]);
        let tokenize = run("--tokenize", &roots[0]);
        println!();
        match (with, without, walk_without, walk_with, read, tokenize) {
            (
                Some(with),
                Some(without),
                Some(walk_without),
                Some(walk_with),
                Some(read),
                Some(tokenize),
            ) => {
                let floor = read.saturating_sub(walk_without);
                let tokenizer = tokenize.saturating_sub(walk_with);
                let cost = with.saturating_sub(without);
                let share = |n: u64| 100.0 * n as f64 / without as f64;
                println!(
                    "instructions (callgrind), {apps} apps, {}, one thread:",
                    labels.name()
                );
                println!("  check without evidence:                 {without:>15}");
                println!(
                    "  check with evidence:                    {with:>15}  {:.3}x without",
                    with as f64 / without as f64
                );
                println!(
                    "  candor's cost of evidence:              {cost:>15}  {:.1}% of without",
                    share(cost)
                );
                println!(
                    "  evidence floor (walk and read):         {floor:>15}  {:.1}% of without",
                    share(floor)
                );
                println!(
                    "  reading, and quick-xml tokenizing:      {tokenizer:>15}  {:.1}% of without",
                    share(tokenizer)
                );
            }
            _ => {
                println!("(install valgrind for instruction counts)");
                return;
            }
        }
    }
}

/// The real repositories of `benches/real/` (see its SOURCES.md): each tree rebuilt with its
/// own evidence files, the files candor would add to it (the policy, `candor.yaml`, a store
/// label and a backend's manifest), and every other file empty, which candor walks past and
/// never opens. `without/` has the evidence files under names candor does not read. Each is
/// checked whole, as a CI job checks a repository: the wall time of both (median of `runs`
/// alternated rounds, after a warm-up) and, with valgrind, their instructions.
fn real_repositories(candor: &Path, repo: &Path, runs: usize, instructions: bool) {
    // Each repository, and where its labels go with the files they are copies of.
    const IOS: &str = "examples/apps/weather-ios/PrivacyInfo.xcprivacy";
    const ANDROID: &str = "examples/apps/weather-android/data_safety.csv";
    let repositories: [(&str, &[(&str, &str)]); 3] = [
        (
            "home-assistant-ios",
            &[("Sources/App/Resources/PrivacyInfo.xcprivacy", IOS)],
        ),
        ("wikipedia-android", &[("app/data_safety.csv", ANDROID)]),
        (
            "take-my-tym-user-app",
            &[
                ("ios/Runner/PrivacyInfo.xcprivacy", IOS),
                ("android/app/data_safety.csv", ANDROID),
            ],
        ),
    ];
    println!();
    println!("real repositories, each checked whole, as a CI job checks one:");
    println!(
        "  {:<20} {:>6} {:>9} {:>10} {:>10} {:>7} {:>14} {:>14} {:>7}",
        "repository",
        "paths",
        "evidence",
        "with",
        "without",
        "ratio",
        "instr. with",
        "instr. w/o",
        "ratio"
    );
    for (name, labels) in repositories {
        let source = repo.join("benches/real").join(name);
        let mut tree = String::new();
        let gzipped = fs::File::open(source.join("tree.txt.gz")).unwrap();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(gzipped), &mut tree)
            .unwrap();
        let base = repo.join("target/bench-apps/real").join(name);
        let mut roots = Vec::new();
        let mut evidence_files = 0;
        for (side, evidence) in [("with", true), ("without", false)] {
            let root = base.join(side);
            roots.push(root.clone());
            let stamp = root.join(".corpus.txt");
            if fs::read_to_string(&stamp).ok().as_deref() == Some(CORPUS) {
                continue;
            }
            let _ = fs::remove_dir_all(&root);
            for path in tree.lines() {
                let own = source.join("files").join(path);
                let mut at = root.join(path).into_os_string();
                if !evidence && is_evidence(path) {
                    at.push(".unread");
                }
                let text = if own.is_file() {
                    fs::read(&own).unwrap()
                } else {
                    Vec::new()
                };
                fs::create_dir_all(Path::new(&at).parent().unwrap()).unwrap();
                fs::write(&at, text).unwrap();
            }
            copy_policy(repo, &root);
            for (at, label) in labels {
                write(
                    &root.join(at),
                    &fs::read_to_string(repo.join(label)).unwrap(),
                );
            }
            write(&root.join("backend/privacy.yaml"), SERVICE);
            write(
                &root.join("candor.yaml"),
                "products:\n  - path: \"**\"\n    product: msn_weather\n    conditions: [location_enabled]\n",
            );
            write(&stamp, CORPUS);
        }
        evidence_files += tree.lines().filter(|path| is_evidence(path)).count();
        let mut walls = [Vec::new(), Vec::new()];
        for round in 0..=runs * 4 {
            for (i, root) in roots.iter().enumerate() {
                let start = Instant::now();
                let output = Command::new(candor)
                    .args(check_args("../report.json"))
                    .current_dir(root)
                    .output()
                    .unwrap();
                let wall = start.elapsed();
                assert!(matches!(output.status.code(), Some(0 | 1)), "{output:?}");
                if round > 0 {
                    walls[i].push(wall);
                }
            }
        }
        let median = |w: &mut Vec<Duration>| {
            w.sort();
            w[w.len() / 2]
        };
        let (with, without) = (median(&mut walls[0]), median(&mut walls[1]));
        let counts = if instructions {
            let check = check_args("../callgrind.json");
            measure::callgrind(candor, &check, Some(&roots[0])).zip(measure::callgrind(
                candor,
                &check,
                Some(&roots[1]),
            ))
        } else {
            None
        };
        let counted = counts.map_or_else(
            || format!("{:>14} {:>14} {:>7}", "-", "-", "-"),
            |(w, wo)| format!("{w:>14} {wo:>14} {:>6.3}x", w as f64 / wo as f64),
        );
        println!(
            "  {name:<20} {:>6} {evidence_files:>9} {:>8.1}ms {:>8.1}ms {:>6.3}x {counted}",
            tree.lines().count(),
            ms(with),
            ms(without),
            with.as_secs_f64() / without.as_secs_f64(),
        );
    }
}

/// Whether the file at `path` of a real repository is one of its evidence files (those of
/// `files/` but the SDK manifests under `Pods/`, which are labels).
fn is_evidence(path: &str) -> bool {
    let in_pods = path.split('/').any(|folder| folder == "Pods");
    let name = path.rsplit('/').next().unwrap_or(path);
    !in_pods
        && (name == "AndroidManifest.xml"
            || name == "Info.plist"
            || name.ends_with(".entitlements")
            || name == "Podfile.lock"
            || name == "Package.resolved")
}

/// The generator's version, kept beside a corpus: a corpus of another is written again.
const CORPUS: &str = "3: evidence files renamed in without/, real repositories\n";

/// The two folders of one corpus (generated once): `with/` has everything, `without/` the
/// same tree with the evidence files under names candor does not read.
fn sides(
    base: &Path,
    apps: usize,
    sdk_manifests: &[(String, String)],
    app_manifest: &str,
    labels: Labels,
    repo: &Path,
) -> Vec<PathBuf> {
    let mut roots = Vec::new();
    for (side, evidence) in [("with", true), ("without", false)] {
        let root = base.join(side);
        // Written again when the generator has changed since.
        let stamp = root.join("corpus.txt");
        if fs::read_to_string(&stamp).ok().as_deref() != Some(CORPUS) {
            let _ = fs::remove_dir_all(&root);
            generate(&root, apps, sdk_manifests, app_manifest, labels, evidence);
            copy_policy(repo, &root);
            write(&stamp, CORPUS);
        }
        write(
            &root.join("candor.yaml"),
            "products:\n  - path: \"apps/**\"\n    product: msn_weather\n    conditions: [location_enabled]\n",
        );
        roots.push(root);
    }
    roots
}

/// Checks both sides of a corpus in alternated rounds and prints their row, with the wall time
/// of the evidence floor (`me --read` on `with/` less `me --walk` on `without/`) timed in the
/// same rounds.
fn measure_sides(candor: &Path, me: &Path, roots: &[PathBuf], runs: usize, apps: usize) {
    let mut floors = [Vec::new(), Vec::new()];
    let mut walls = [Vec::new(), Vec::new()];
    let mut peaks = [0u64; 2];
    let mut summaries = [String::new(), String::new()];
    for round in 0..=runs {
        for (i, root) in roots.iter().enumerate() {
            let start = Instant::now();
            let output = Command::new("/usr/bin/time")
                .arg("-v")
                .arg(candor)
                .args(check_args("../report.json"))
                .current_dir(root)
                .output()
                .expect("/usr/bin/time runs (apt-get install time)");
            let wall = start.elapsed();
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(matches!(output.status.code(), Some(0 | 1)), "{stderr}");
            let rss = measure::peak_kib(&stderr);
            if round > 0 {
                walls[i].push(wall);
                peaks[i] = peaks[i].max(rss);
            }
            let mode = if i == 0 { "--read" } else { "--walk" };
            let start = Instant::now();
            let floor = Command::new(me).arg(mode).arg(root).output().unwrap();
            assert!(floor.status.success());
            if round > 0 {
                floors[i].push(start.elapsed());
            }
            let report = fs::read_to_string(root.join("../report.json")).unwrap();
            let doc: serde_json::Value = serde_json::from_str(&report).unwrap();
            summaries[i] = format!(
                "{} evidence files, {} manifests, {} findings",
                doc["summary"]["evidence"],
                doc["summary"]["manifests"],
                doc["diagnostics"].as_array().map_or(0, Vec::len)
            );
        }
    }
    let median = |w: &mut Vec<Duration>| {
        w.sort();
        w[w.len() / 2]
    };
    let (with, without) = (median(&mut walls[0]), median(&mut walls[1]));
    println!(
        "{apps:>6} {:>10.1}ms {:>10.1}ms {:>7.2}x {:>7.1}MiB {:>7.1}MiB",
        ms(with),
        ms(without),
        with.as_secs_f64() / without.as_secs_f64(),
        peaks[0] as f64 / 1024.0,
        peaks[1] as f64 / 1024.0,
    );
    println!("       with: {}; without: {}", summaries[0], summaries[1]);
    let floor = median(&mut floors[0]).saturating_sub(median(&mut floors[1]));
    println!(
        "       evidence floor (walkdir and std::fs walk and read the files): {:.1}ms, {:.1}% of without",
        ms(floor),
        100.0 * floor.as_secs_f64() / without.as_secs_f64()
    );
}

/// The check each side runs, in its folder, writing JSON to `out`.
fn check_args(out: &str) -> Vec<String> {
    ["check", "-j", "1", "--format", "json", "-o", out, "."]
        .map(str::to_owned)
        .to_vec()
}

fn copy_policy(repo: &Path, root: &Path) {
    for file in [
        "microsoft.candor",
        "microsoft/taxonomy.candor",
        "microsoft/products.candor",
        "microsoft/platforms.candor",
    ] {
        let to = root.join("policies").join(file);
        fs::create_dir_all(to.parent().unwrap()).unwrap();
        fs::copy(repo.join("policies").join(file), to).unwrap();
    }
}
