//! A deterministic monorepo for the Microsoft policy: `n` product manifests in nested service
//! folders (4 to 12 entries each, about 2% of manifests with one violation), with files beside
//! them that discovery must skip; and one where most manifests have findings. Used by the
//! tests and by `benches/monorepo.rs` and `benches/reports.rs`.

#![allow(dead_code, reason = "each user takes the corpus it needs")]

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// An entry template: `(category, purposes, source, conditions)`.
type Entry = (&'static str, &'static str, &'static str, &'static str);

/// Entries every product may collect (the default block).
const COMMON: &[Entry] = &[
    ("contact", "provide, support", "direct", ""),
    ("contact", "provide, marketing", "third_party.partners", ""),
    ("contact", "provide", "third_party.public", ""),
    (
        "interests",
        "personalize",
        "third_party.social_networks",
        "permission_granted",
    ),
    ("credentials", "authenticate", "direct", ""),
    ("demographic", "provide, personalize", "direct", ""),
    ("demographic", "personalize", "third_party.data_brokers", ""),
    ("payment", "commerce", "direct", ""),
    (
        "device_usage.product_use",
        "provide, improve, personalize",
        "observed",
        "",
    ),
    (
        "device_usage.device_config",
        "provide, troubleshoot, security",
        "observed",
        "",
    ),
    (
        "device_usage.error_reports",
        "troubleshoot, improve",
        "observed",
        "",
    ),
    ("interests", "personalize", "inferred", ""),
    (
        "location.precise",
        "provide",
        "observed",
        "location_enabled",
    ),
    (
        "location.imprecise",
        "provide, personalize",
        "third_party.service_providers",
        "",
    ),
    ("feedback.messages", "support, improve", "direct", ""),
];

/// Products with the entries only they may collect.
const PRODUCTS: &[(&str, &[Entry])] = &[
    ("microsoft_account", &[]),
    ("bing", &[]),
    ("cortana", &[]),
    ("office", &[]),
    ("msdn", &[]),
    ("msn_weather", &[]),
    ("msn_sports", &[]),
    ("msn_money", &[]),
    (
        "outlook",
        &[
            ("relationships", "provide", "direct", ""),
            ("content.email", "provide", "direct", ""),
        ],
    ),
    (
        "skype",
        &[
            ("content.messages", "provide", "direct", ""),
            ("content.files", "provide", "direct", ""),
        ],
    ),
    ("onedrive", &[("content.files", "provide", "direct", "")]),
    (
        "visual_studio_team_services",
        &[("relationships", "provide", "direct", "")],
    ),
    (
        "spend",
        &[("financial.receipts", "provide", "direct", "user_directed")],
    ),
    ("stores", &[("video", "safety, security", "observed", "")]),
    (
        "enterprise_online_services",
        &[("enterprise.customer_data", "provide, support", "direct", "")],
    ),
    (
        "support",
        &[(
            "device_usage.troubleshooting",
            "support, troubleshoot",
            "observed",
            "",
        )],
    ),
];

/// One deliberate violation each: an undeclared collection, purpose or source, a forbidden use,
/// a missing condition, an unknown category.
const VIOLATIONS: &[Entry] = &[
    ("content.email", "advertising", "direct", ""),
    ("credentials", "marketing", "direct", ""),
    (
        "credentials",
        "authenticate",
        "third_party.data_brokers",
        "",
    ),
    ("location.precise", "provide", "observed", ""),
    ("device_usage.eror_reports", "troubleshoot", "observed", ""),
    ("payment", "advertising", "direct", ""),
];

const AREAS: &[&str] = &[
    "consumer", "cloud", "devices", "retail", "platform", "ads-free", "identity",
];

/// What a generated corpus holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Corpus {
    /// Manifests written.
    pub manifests: usize,
    /// Of them, manifests with one deliberate violation.
    pub with_violation: usize,
    /// Other files written beside them.
    pub other_files: usize,
}

/// A small, fast, deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Writes a corpus of `n` manifests under `root`; the same `n` and `seed` give the same bytes.
pub fn generate(root: &Path, n: usize, seed: u64) -> io::Result<Corpus> {
    let mut rng = Rng(seed | 1);
    let mut corpus = Corpus {
        manifests: 0,
        with_violation: 0,
        other_files: 0,
    };
    for i in 0..n {
        let (product, own, dir) = service(&mut rng, root, i);
        let dir = if i % 5 == 0 { dir.join("service") } else { dir };
        fs::create_dir_all(&dir)?;
        let mut text =
            format!("# service {i} of product {product}\nproduct: {product}\ncollects:\n");
        let entries = 4 + rng.below(9);
        for e in 0..entries {
            let entry = pick(&mut rng, own);
            push_entry(&mut text, &format!("element_{e}"), entry);
        }
        if rng.below(50) == 0 {
            let bad = VIOLATIONS[rng.below(VIOLATIONS.len())];
            push_entry(&mut text, "suspicious_element", bad);
            corpus.with_violation += 1;
        }
        fs::write(dir.join("privacy.yaml"), text)?;
        corpus.manifests += 1;
        fs::write(dir.join("README.md"), format!("# {product} service {i}\n"))?;
        fs::write(
            dir.join("deploy.yaml"),
            format!("replicas: {}\nimage: svc-{i}\n", 1 + i % 3),
        )?;
        corpus.other_files += 2;
        if i % 10 == 0 {
            let build = dir.join("target");
            fs::create_dir_all(&build)?;
            fs::write(
                build.join("privacy.yaml"),
                "a build artefact discovery must skip: [",
            )?;
            corpus.other_files += 1;
        }
    }
    Ok(corpus)
}

/// The `i`th service: its product, the entries only that product may collect, and its folder.
fn service(rng: &mut Rng, root: &Path, i: usize) -> (&'static str, &'static [Entry], PathBuf) {
    let (product, own) = PRODUCTS[rng.below(PRODUCTS.len())];
    let area = AREAS[rng.below(AREAS.len())];
    let dir = root
        .join(area)
        .join(format!("team-{:03}", i % 97))
        .join(format!("{}-{i}", product.replace('_', "-")));
    (product, own, dir)
}

/// An entry every product may collect, or one of `own`.
fn pick(rng: &mut Rng, own: &[Entry]) -> Entry {
    let pick = rng.below(COMMON.len() + own.len());
    if pick < COMMON.len() {
        COMMON[pick]
    } else {
        own[pick - COMMON.len()]
    }
}

fn push_entry(text: &mut String, data: &str, (category, purposes, source, conditions): Entry) {
    text.push_str(&format!(
        "  - data: {data}\n    category: {category}\n    purposes: [{purposes}]\n    source: {source}\n"
    ));
    if !conditions.is_empty() {
        text.push_str(&format!("    conditions: [{conditions}]\n"));
    }
}

/// The children a broad grant of the Microsoft policy covers only vaguely: an entry naming one
/// of them is `vague-disclosure` advice.
const REFINED: &[(&str, &[&str])] = &[
    (
        "contact",
        &[
            "contact.name",
            "contact.email",
            "contact.phone",
            "contact.postal_address",
        ],
    ),
    (
        "demographic",
        &[
            "demographic.age",
            "demographic.gender",
            "demographic.country",
            "demographic.language",
        ],
    ),
    (
        "credentials",
        &["credentials.password", "credentials.security_info"],
    ),
    ("payment", &["payment.instrument"]),
];

/// Writes a corpus of `n` manifests whose teams name specific categories the policy grants only
/// broadly, so most manifests have findings: every entry of a broad category names one of its
/// children (advice), and about one manifest in six has a violation (an error). The same `n`
/// and `seed` give the same bytes.
pub fn generate_with_findings(root: &Path, n: usize, seed: u64) -> io::Result<Corpus> {
    let mut rng = Rng(seed | 1);
    let mut corpus = Corpus {
        manifests: 0,
        with_violation: 0,
        other_files: 0,
    };
    for i in 0..n {
        let (product, own, dir) = service(&mut rng, root, i);
        fs::create_dir_all(&dir)?;
        let mut text =
            format!("# service {i} of product {product}\nproduct: {product}\ncollects:\n");
        let entries = 4 + rng.below(9);
        for e in 0..entries {
            let (category, purposes, source, conditions) = pick(&mut rng, own);
            let category = match REFINED.iter().find(|(broad, _)| *broad == category) {
                Some((_, children)) => children[rng.below(children.len())],
                None => category,
            };
            push_entry(
                &mut text,
                &format!("element_{e}"),
                (category, purposes, source, conditions),
            );
        }
        if rng.below(13) < 2 {
            let bad = VIOLATIONS[rng.below(VIOLATIONS.len())];
            push_entry(&mut text, "suspicious_element", bad);
            corpus.with_violation += 1;
        }
        fs::write(dir.join("privacy.yaml"), text)?;
        corpus.manifests += 1;
    }
    Ok(corpus)
}
