//! Evidence judged twice (DESIGN §12): against the policy (does the statement let the bound
//! product collect what the key gives access to, for anything at all?) and against the app's
//! own label for the store (does it declare one of the key's data types?). What a key gives
//! access to is the evidence table's, in the store's data types; the policy's `map` block for
//! that store turns them into its categories, so no new mapping is written for evidence.
//!
//! The app's label is what its store files (under the same binding) declare: for Play, its data
//! safety forms; for Apple, its privacy manifests. A key reaching several data types (location:
//! precise or coarse) is disclosed when the label declares any one of them; a key the label
//! does not cover is `undisclosed-evidence` at the key. When the app has no label for the
//! store, one `undisclosed-evidence` per evidence file says so and lists the data types.

use std::collections::{BTreeSet, HashSet};

use crate::diagnostic::{Code, Diagnostic};
use crate::evidence::{Evidence, FileKind, Key};
use crate::platform::{Platform, ids};
use crate::policy::Policy;
use crate::policy::model::{NodeId, ProductId};
use crate::rules::platform::Bound;
use crate::source::Span;

/// What one store file of the app declares: its data types, and whether it says the app
/// tracks (Apple).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// The file, as it is shown.
    pub name: String,
    /// The store.
    pub platform: Platform,
    /// The declared data types, by the store's ids.
    pub types: BTreeSet<String>,
    /// Apple: `NSPrivacyTracking` true, or a data type used for tracking.
    pub tracking: bool,
    /// The SDK whose privacy manifest this is, when it is inside a dependency folder.
    pub sdk: Option<String>,
    /// The declared data types where they are written.
    pub written: Vec<crate::manifest::Str>,
}

impl Label {
    /// Whether this is fastlane's App Store label (`app_privacy_details.json`).
    pub fn is_fastlane(&self) -> bool {
        std::path::Path::new(&self.name)
            .file_name()
            .is_some_and(|n| n == crate::platform::fastlane::FILE_NAME)
    }
}

/// The findings for an SDK privacy manifest (`sdk_label`, file `sdk_file`) whose data types
/// the app's App Store label (`store_label`, file `store_file`) leaves out: the app's label
/// must declare what its SDKs collect.
pub fn sdk_against_store_label(
    sdk_label: &Label,
    store_file: crate::source::FileId,
    store_label: &Label,
) -> Vec<Diagnostic> {
    let sdk = sdk_label.sdk.as_deref().unwrap_or("an SDK");
    let mut out: Vec<Diagnostic> = Vec::new();
    for written in &sdk_label.written {
        if store_label.types.contains(&written.value)
            || out
                .iter()
                .any(|d| d.message.contains(&format!("`{}`", short(&written.value))))
        {
            continue;
        }
        out.push(
            Diagnostic::new(
                Code::UndisclosedEvidence,
                written.span,
                format!(
                    "the SDK `{sdk}` collects {}, which the app's App Store label does not declare",
                    labelled(Platform::Apple, &written.value)
                ),
            )
            .with_label("not on the App Store label")
            .with_related(
                Span::new(store_file, 0, 0),
                "the app's App Store label (`app_privacy_details.json`), which does not declare it",
            )
            .with_help(format!(
                "add `{}` to the app's `app_privacy_details.json` (fastlane uploads it as the App \
                 Store label), or drop the SDK",
                ids::FASTLANE_CATEGORIES
                    .iter()
                    .find(|(_, apple)| *apple == written.value)
                    .map_or(written.value.as_str(), |(id, _)| id)
            )),
        );
    }
    out
}

fn short(id: &str) -> &str {
    crate::platform::short_id(Platform::Apple, crate::platform::Vocabulary::DataType, id)
}

impl Label {
    /// What a platform declaration says, as a label.
    pub fn of(name: String, declaration: &crate::platform::Declaration) -> Label {
        Label {
            name,
            platform: declaration.platform,
            types: declaration
                .items
                .iter()
                .map(|i| i.data_type.value.clone())
                .collect(),
            tracking: declaration.tracking.is_some_and(|t| t.value)
                || declaration.items.iter().any(|i| {
                    i.uses
                        .iter()
                        .any(|u| u.kind == crate::platform::UseKind::Tracking)
                }),
            sdk: None,
            written: declaration
                .items
                .iter()
                .map(|i| i.data_type.clone())
                .collect(),
        }
    }
}

/// The finding for an evidence file no binding covers.
pub fn unbound(kind: FileKind, file: crate::source::FileId) -> Diagnostic {
    Diagnostic::new(
        Code::UnboundDeclaration,
        Span::new(file, 0, 0),
        format!(
            "this {} belongs to no product: no `products:` binding in candor.yaml covers it",
            kind.name()
        ),
    )
    .with_help("bind it in candor.yaml: `products: [{path: \"apps/android/**\", product: ...}]`")
}

/// `id` with the store's label: `` `PSL_PRECISE_LOCATION` (Precise location) ``.
fn labelled(platform: Platform, id: &str) -> String {
    let short = crate::platform::short_id(platform, crate::platform::Vocabulary::DataType, id);
    match ids::data_type(platform, id) {
        Some(t) => format!("`{short}` ({})", t.label),
        None => format!("`{short}`"),
    }
}

/// `a, b and c`.
fn listed_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// `a, b or c`.
fn listed(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

/// What an app's labels for one store declare together: worked out once for all the evidence
/// files they judge (an app with thousands of SDK manifests would otherwise have every label
/// read again for every key of every file).
#[derive(Debug)]
pub struct AppLabels<'l> {
    /// How many labels there are.
    count: usize,
    /// The data types any of them declares.
    types: HashSet<&'l str>,
    /// Whether any says the app tracks.
    tracking: bool,
    /// The app's own label files (not SDK manifests): each file's id and name.
    own: Vec<(crate::source::FileId, String)>,
    /// The name of the first label's file, for help.
    first: String,
}

impl<'l> AppLabels<'l> {
    /// The labels `labels` (each with its file), in the order the app's are chosen.
    pub fn new(labels: &[(crate::source::FileId, &'l Label)]) -> Self {
        let file_name = |l: &Label| {
            std::path::Path::new(&l.name)
                .file_name()
                .map_or_else(|| l.name.clone(), |n| n.to_string_lossy().into_owned())
        };
        AppLabels {
            count: labels.len(),
            types: labels
                .iter()
                .flat_map(|(_, l)| l.types.iter().map(String::as_str))
                .collect(),
            tracking: labels.iter().any(|(_, l)| l.tracking),
            own: labels
                .iter()
                .filter(|(_, l)| l.sdk.is_none())
                .map(|(id, l)| (*id, file_name(l)))
                .collect(),
            first: labels
                .first()
                .map(|(_, l)| file_name(l))
                .unwrap_or_default(),
        }
    }
}

/// Judges one evidence file of an app: `bound` is its binding, `labels` what the app's store
/// files for the evidence's store declare, and `removed` the Android permissions some manifest
/// of the app takes away.
pub fn check(
    policy: &Policy,
    evidence: &Evidence,
    bound: Option<&Bound>,
    labels: &AppLabels<'_>,
    removed: &BTreeSet<String>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let store = evidence.kind.store();
    let product = bound.and_then(|b| policy.product_id(&b.product));
    let mut unlabelled: Vec<(&Key, Vec<String>)> = Vec::new();
    let first = &labels.first;
    for key in evidence.data_keys() {
        if removed.contains(&key.name.value) {
            continue;
        }
        if let (Some(bound), Some(product)) = (bound, product) {
            out.extend(against_policy(policy, store, key, &bound.product, product));
        }
        if !evidence.kind.has_label() {
            continue;
        }
        if labels.count == 0 {
            if !key.entry.types.is_empty() {
                unlabelled.push((
                    key,
                    key.entry.types.iter().map(|t| (*t).to_owned()).collect(),
                ));
            }
            continue;
        }
        let declared = key.entry.types.iter().any(|t| labels.types.contains(t));
        let relate = |mut d: Diagnostic| {
            // The app's own label files; its SDKs' manifests count, but are not all listed.
            for (id, name) in &labels.own {
                d = d.with_related(
                    Span::new(*id, 0, 0),
                    format!(
                        "the app's {} label (`{name}`), which declares none of them",
                        store.name(),
                    ),
                );
            }
            d
        };
        if !key.entry.types.is_empty() && !declared {
            let types: Vec<String> = key.entry.types.iter().map(|t| labelled(store, t)).collect();
            out.push(relate(
                Diagnostic::new(
                    Code::UndisclosedEvidence,
                    key.name.span,
                    format!(
                        "`{}` gives the app access to {}, which the app's {} label does not \
                         declare",
                        key.name.value,
                        listed(&types),
                        store.name(),
                    ),
                )
                .with_label("not on the store label")
                .with_help(format!(
                    "declare {} in `{first}`, or remove the {} if the app does not use it",
                    listed(&types),
                    what_key(evidence.kind)
                )),
            ));
        }
        if key.entry.tracking && !labels.tracking {
            out.push(relate(
                Diagnostic::new(
                    Code::UndisclosedEvidence,
                    key.name.span,
                    format!(
                        "`{}` asks to track the person, but no privacy manifest of the app says \
                         it tracks",
                        key.name.value,
                    ),
                )
                .with_label("tracking not on the store label")
                .with_help(format!(
                    "set `NSPrivacyTracking` to true in `{first}` and list the tracking domains, \
                     or remove the key if the app does not track"
                )),
            ));
        }
    }
    if let Some((first, _)) = unlabelled.first() {
        let mut types: Vec<String> = Vec::new();
        for (_, ts) in &unlabelled {
            for t in ts {
                let t = labelled(store, t);
                if !types.contains(&t) {
                    types.push(t);
                }
            }
        }
        out.push(
            Diagnostic::new(
                Code::UndisclosedEvidence,
                first.name.span,
                format!(
                    "this {} gives the app access to {}, but no {} label of the app was found \
                     to declare {}",
                    evidence.kind.name(),
                    listed_and(&types),
                    store.name(),
                    if types.len() == 1 { "it" } else { "them" }
                ),
            )
            .with_label("first key with a data type")
            .with_help(format!(
                "add the app's {} under the same `products:` binding, so candor can check it",
                match store {
                    Platform::Apple => "`PrivacyInfo.xcprivacy`",
                    Platform::Play => "`data_safety.csv` (Play Console exports it)",
                }
            )),
        );
    }
    out
}

fn what_key(kind: FileKind) -> &'static str {
    match kind {
        FileKind::AndroidManifest => "permission",
        FileKind::InfoPlist => "usage description",
        FileKind::Entitlements => "entitlement",
        FileKind::Appx => "capability",
        FileKind::PodfileLock | FileKind::PackageResolved => "dependency",
    }
}

/// `missing-sdk-manifest` at a lockfile's entry `name` for the listed SDK `listed`, whose
/// folder `folder` (as shown) holds no privacy manifest.
pub fn missing_sdk_manifest(name: &crate::manifest::Str, listed: &str, folder: &str) -> Diagnostic {
    Diagnostic::new(
        Code::MissingSdkManifest,
        name.span,
        format!(
            "`{listed}` is on Apple's list of SDKs that must ship a privacy manifest, and `{folder}` \
             holds none"
        ),
    )
    .with_label("no privacy manifest")
    .with_help(format!(
        "update `{listed}` to a version that ships `PrivacyInfo.xcprivacy` (App Store Connect \
         rejects an app that adds it without one), then install it again"
    ))
}

/// Whether `policy` grants `product` `category` (or a broader one) for anything.
fn granted(policy: &Policy, product: ProductId, category: NodeId) -> bool {
    policy.effective_grants(product).any(|(_, g)| {
        g.categories
            .iter()
            .any(|c| policy.categories.is_within(category, c.id))
    })
}

/// `undeclared-collection` when no reading of any of the key's data types is a category the
/// policy grants the product for anything.
fn against_policy(
    policy: &Policy,
    store: Platform,
    key: &Key,
    product_name: &str,
    product: ProductId,
) -> Option<Diagnostic> {
    let map = policy.mapping(store)?;
    let mut categories: Vec<NodeId> = Vec::new();
    let mut first_line = None;
    let mut reasons: Vec<String> = Vec::new();
    for t in key.entry.types {
        if let Some(mapping) = map.data_type(t) {
            first_line.get_or_insert((mapping.span, *t));
            for target in &mapping.targets {
                if !categories.contains(&target.id) {
                    categories.push(target.id);
                }
            }
        } else if let Some(left) = map.unmapped(crate::platform::Vocabulary::DataType, t) {
            reasons.push(left.reason.clone());
        }
    }
    if categories.iter().any(|c| granted(policy, product, *c)) {
        return None;
    }
    if categories.is_empty() && reasons.is_empty() {
        // No reading at all: the map says nothing of these types (its own findings say so
        // when a store file uses them); the key is not judged.
        return None;
    }
    let names: Vec<String> = categories
        .iter()
        .map(|c| format!("`{}`", policy.categories.name(*c)))
        .collect();
    let what = if names.is_empty() {
        format!(
            "data the statement does not describe ({})",
            reasons.join("; ")
        )
    } else {
        listed(&names)
    };
    let mut diag = Diagnostic::new(
        Code::UndeclaredCollection,
        key.name.span,
        format!(
            "`{product_name}` can collect {what} through `{}`, which the policy does not grant \
             it for any purpose",
            key.name.value
        ),
    )
    .with_label("evidence of collection")
    .with_help(format!(
        "if `{product_name}` really collects this, the privacy statement must say so: add a \
         grant to product `{product_name}`; otherwise remove the {}",
        "permission or key"
    ));
    if let Some((span, t)) = first_line {
        diag = diag.with_related(
            span,
            format!(
                "`{}` means {} here",
                crate::platform::short_id(store, crate::platform::Vocabulary::DataType, t),
                listed(&names)
            ),
        );
    }
    Some(diag)
}
