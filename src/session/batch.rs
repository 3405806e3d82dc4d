//! A batch run: every manifest under the paths checked, on the session's worker threads, with
//! only what will be reported kept.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::inputs::Input;
use crate::report::{Sink, Summary};

use super::*;

/// One manifest read and checked: its name, its text (kept only when it has findings) and
/// what the checks found. The manifest itself is not kept: nothing is shown from it.
#[derive(Debug, Clone)]
pub struct CheckedFile {
    /// The name it is shown by.
    pub name: String,
    /// Its text, or empty when nothing will be shown from it.
    pub text: String,
    /// Findings (before severity overrides) and coverage data.
    pub result: ManifestResult,
    /// What is judged once every file is read: a store file's label, an evidence file's keys.
    pub kept: Option<Kept>,
}

/// What a batch run keeps of a file to judge evidence once every file is read.
#[derive(Debug, Clone)]
pub enum Kept {
    /// What a store file declares.
    Label(rules::evidence::Label),
    /// The keys of an evidence file.
    Evidence(crate::evidence::Evidence),
}

/// What a check of many manifests found, ready to render.
#[derive(Debug)]
pub struct Analysis {
    /// The sorted findings and counts, severities overridden.
    pub report: Report,
    /// Every file read.
    pub sources: SourceMap,
    /// Whether the policy could not be used at all (exit status 2).
    pub unusable: bool,
    /// Warnings about the run itself, not about a file's content (nothing found, skipped
    /// near-miss names), for standard error.
    pub notes: Vec<String>,
}

/// What a streamed run read and said, beside the findings it wrote.
#[derive(Debug, Clone)]
pub struct Run {
    /// What it read and found, counted.
    pub summary: Summary,
    /// Whether the policy could not be used at all (exit status 2).
    pub unusable: bool,
    /// Warnings about the run itself, for standard error.
    pub notes: Vec<String>,
}

impl Session {
    /// Checks the policy and every manifest under `paths` on `jobs` threads (one per core when
    /// `None`); the result is the same for any number of threads.
    pub fn check(
        &self,
        files: &dyn Files,
        paths: &[PathBuf],
        jobs: Option<usize>,
    ) -> Result<Analysis, Fatal> {
        self.collect(files, paths, jobs, Inputs::All)
    }

    /// The findings of the store declarations and evidence files under `paths` alone, judged
    /// together as [`Session::check`] judges them (YAML manifests are not read): what the
    /// editor shows in a store or evidence document, whose findings depend on its app's other
    /// files.
    pub fn check_declarations(
        &self,
        files: &dyn Files,
        paths: &[PathBuf],
    ) -> Result<Analysis, Fatal> {
        self.collect(files, paths, Some(1), Inputs::Declarations)
    }

    /// Checks as [`Session::check`] does, writing each file's findings to `sink` as soon as
    /// they are known, in the report's order (DESIGN §6): the files in discovery's order (the
    /// policy's and candor.yaml's findings where their names fall among them), each file's by
    /// place and code, and the findings known only at the end of the run last. What is kept
    /// meanwhile is one batch of files' findings, the store and evidence files' (judged with
    /// their app's before the stream reaches them), and what the summary counts. The tree is
    /// walked once: when the stream meets the first store or evidence file, the walk is taken to
    /// its end for the declarations pass, and the paths it finds after that file are kept for
    /// the stream (a tree with none keeps no list of its files).
    pub fn stream(
        &self,
        files: &dyn Files,
        paths: &[PathBuf],
        jobs: Option<usize>,
        sink: &mut dyn Sink,
    ) -> Result<Run, Fatal> {
        self.stream_inputs(files, paths, jobs, Inputs::All, sink, false)
            .map(|(run, _)| run)
    }

    fn collect(
        &self,
        files: &dyn Files,
        paths: &[PathBuf],
        jobs: Option<usize>,
        inputs: Inputs,
    ) -> Result<Analysis, Fatal> {
        let mut sink = crate::report::Collect::default();
        let (run, sources) = self.stream_inputs(files, paths, jobs, inputs, &mut sink, true)?;
        let summary = run.summary;
        Ok(Analysis {
            report: Report {
                diagnostics: sink.diagnostics,
                files_checked: summary.files_checked(),
                policy_files: summary.policy_files,
                manifests: summary.manifests,
                suppressed: summary.suppressed,
                evidence: summary.evidence,
            },
            sources,
            unusable: run.unusable,
            notes: run.notes,
        })
    }

    /// The run: with `keep`, every file shown stays in the returned map (a report is built of
    /// it); without, each leaves it once its findings are written.
    fn stream_inputs(
        &self,
        files: &dyn Files,
        paths: &[PathBuf],
        jobs: Option<usize>,
        inputs: Inputs,
        sink: &mut dyn Sink,
        keep: bool,
    ) -> Result<(Run, SourceMap), Fatal> {
        workspace::check_paths(paths)?;
        let mut early = self.loaded.diagnostics.clone();
        early.extend(self.config_diagnostics.iter().cloned());
        if !self.is_unusable() {
            early.extend(self.binding_findings_first(paths));
        }
        let mut early = self.finish(early);
        crate::report::sort(&mut early, &self.sources);
        let mut out = Emitter {
            session: self,
            sink,
            base: self.sources.len(),
            sources: self.sources.clone(),
            keep,
            kept_ids: BTreeMap::new(),
            early: early.into(),
            summary: Summary {
                policy_files: self.loaded.files.len(),
                suppressed: self.loaded.suppressed,
                ..Summary::default()
            },
        };
        let unusable = self.is_unusable();
        let mut notes = Vec::new();
        if !unusable {
            let first = out.sources.next_id();
            // Store declarations and evidence are judged with their app's other files: when
            // the stream meets the first of them, all are read and judged, and held until
            // the stream reaches each. A run with none reads each file once.
            let mut declared: Option<Declared> = None;
            // The stream's provisional ids come after any the declarations take.
            let stream_first = FileId(first.0.saturating_add(DECLARATION_IDS));
            let mut tally = Tally::default();
            let mut next_declaration = first.0;
            let none = BTreeMap::new();
            // One walk for both passes: what the stream has not reached when it meets the first
            // declaration is kept for it then (a path per file candor reads).
            let excluded = |p: &Path| self.is_excluded(p);
            let source = std::cell::RefCell::new(Source {
                walk: workspace::walk(paths, &self.scope, &excluded),
                rest: std::collections::VecDeque::new(),
                declarations: Vec::new(),
                drained: false,
            });
            let found = std::iter::from_fn(|| source.borrow_mut().next());
            self.walk_stream(
                files,
                stream_first,
                found,
                jobs,
                inputs,
                true,
                |mut item| {
                    if let Some(counted) = item.declaration.take() {
                        // Read before; its findings were held.
                        let held = match &mut declared {
                            Some(held) => held,
                            None => {
                                let all = source.borrow_mut().all_declarations();
                                declared.insert(self.declarations(files, first, &all, jobs)?)
                            }
                        };
                        let id = FileId(next_declaration);
                        next_declaration = next_declaration.saturating_add(1);
                        if counted == Input::Evidence {
                            tally.evidence_files += 1;
                        } else {
                            tally.manifests += 1;
                        }
                        if let Some((file, found)) = held.held.remove(&id) {
                            out.file(id, file, found, &held.related)?;
                        }
                        return Ok(());
                    }
                    let mut one = item.tally;
                    let shown = std::mem::take(&mut one.shown);
                    tally = std::mem::take(&mut tally).merge(one);
                    for (id, file, found) in shown {
                        out.file(id, file, found, &none)?;
                    }
                    Ok(())
                },
            )?;
            // What the declarations add for the end of the run; the stream counted every file
            // found, declarations included.
            if let Some(declared) = declared {
                tally = tally.merge(declared.adds);
            }
            tally.near_misses.sort_unstable();
            tally.outside.sort_unstable();
            let nothing_found =
                tally.manifests == 0 && tally.evidence_files == 0 && tally.unreadable == 0;
            out.summary.manifests = tally.manifests;
            out.summary.evidence = tally.evidence_files;
            notes = discovery_notes(
                paths,
                tally.near_misses.iter().map(|(_, p)| p),
                tally.outside.iter().map(|(_, p)| p),
                nothing_found,
            );
            out.flush_early(None)?;
            // Known only now that every file is found.
            let mut end = Vec::new();
            let (bindings, unknown_products) = self.binding_findings_last(paths, &tally.bound);
            end.extend(bindings);
            if self.coverage {
                // A binding's unknown product is reported in candor.yaml, not in its files.
                tally.unknown_products.extend(unknown_products);
                let products: Vec<_> = tally.products.into_iter().collect();
                let used_grants: Vec<_> = tally.used_grants.into_iter().collect();
                let misspelt: Vec<_> = tally
                    .unknown_products
                    .iter()
                    .filter_map(|name| {
                        let policy = &self.loaded.policy;
                        let names = policy.products.iter().map(|p| p.id.as_str());
                        crate::suggest::nearest(name, names).and_then(|n| policy.product_id(n))
                    })
                    .collect();
                let (unused, follow_ons) = rules::unused::check(
                    &self.loaded.policy,
                    &products,
                    &used_grants,
                    (!tally.unknown_products.is_empty()).then_some(misspelt.as_slice()),
                );
                end.extend(unused);
                out.summary.suppressed += follow_ons;
            }
            out.end(end)?;
        } else {
            out.flush_early(None)?;
        }
        let summary = out.summary;
        let sources = std::mem::take(&mut out.sources);
        Ok((
            Run {
                summary,
                unusable,
                notes,
            },
            sources,
        ))
    }

    /// What discovery finds under `paths`, in its order.
    fn found(&self, paths: &[PathBuf]) -> Vec<Found> {
        let excluded = |p: &Path| self.is_excluded(p);
        workspace::walk(paths, &self.scope, &excluded).collect()
    }

    /// Checks what discovery `found` (with `read_before`, not the store and evidence files,
    /// which were), handing `each` the checked items in discovery's order: on this thread with
    /// `-j 1`, else in batches checked on the pool and handed on in order. The `n`th thing
    /// taken gets the provisional id `first + n`.
    #[allow(
        clippy::too_many_arguments,
        reason = "one private walk, its callers' settings"
    )]
    fn walk_stream(
        &self,
        files: &dyn Files,
        first: FileId,
        found: impl Iterator<Item = Found>,
        jobs: Option<usize>,
        inputs: Inputs,
        read_before: bool,
        mut each: impl FnMut(Item) -> Result<(), Fatal>,
    ) -> Result<(), Fatal> {
        use rayon::prelude::*;
        let id = |n: usize| FileId(first.0.saturating_add(u32::try_from(n).unwrap_or(u32::MAX)));
        let found = found
            .filter(move |found| inputs == Inputs::All || is_declaration_found(found))
            .enumerate();
        let item = |n: usize, found: Found| -> Item {
            let declaration = match &found {
                Found::Manifest(path, _) if read_before => declaration(path),
                _ => None,
            };
            let mut tally = Tally::default();
            if declaration.is_none() {
                tally.add(self, files, id(n), n, found);
            }
            Item { declaration, tally }
        };
        if jobs == Some(1) {
            for (n, found) in found {
                each(item(n, found))?;
            }
            return Ok(());
        }
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(jobs.unwrap_or(0))
            .build()
            .map_err(|e| Fatal(format!("cannot start worker threads: {e}")))?;
        let batch = limits::STREAM_BATCH_PER_THREAD.saturating_mul(pool.current_num_threads());
        let mut found = found.peekable();
        while found.peek().is_some() {
            let chunk: Vec<(usize, Found)> = found.by_ref().take(batch).collect();
            let checked: Vec<(usize, Item)> = pool.install(|| {
                chunk
                    .into_par_iter()
                    .map(|(n, f)| (n, item(n, f)))
                    .collect()
            });
            for (_, checked) in checked {
                each(checked)?;
            }
        }
        Ok(())
    }

    /// The declarations pass: every store declaration and evidence file under `paths`, read
    /// and judged with its app's others (provisional ids from `first`, in discovery's order),
    /// their findings held for the stream.
    fn declarations(
        &self,
        files: &dyn Files,
        first: FileId,
        found: &[Found],
        jobs: Option<usize>,
    ) -> Result<Declared, Fatal> {
        let mut pre = self.check_found(files, first, found, jobs, Inputs::Declarations)?;
        if pre.manifests + pre.evidence_files > DECLARATION_IDS as usize {
            return Err(Fatal(format!(
                "more than {DECLARATION_IDS} store declarations and evidence files in one run"
            )));
        }
        let judged = self.judge_evidence(&mut pre);
        let mut held: BTreeMap<FileId, (SourceFile, Vec<Diagnostic>)> = pre
            .shown
            .drain(..)
            .map(|(id, file, found)| (id, (file, found)))
            .collect();
        for (id, name, text, found) in judged {
            held.entry(id)
                .or_insert_with(|| (SourceFile::new(name, text), Vec::new()))
                .1
                .extend(found);
        }
        // The files a held finding relates (an app's label), kept until the end.
        let related: BTreeSet<FileId> = held
            .values()
            .flat_map(|(_, found)| found.iter().flat_map(|d| d.related.iter()))
            .map(|r| r.span.file)
            .filter(|id| *id >= first)
            .collect();
        let related: BTreeMap<FileId, SourceFile> = related
            .into_iter()
            .filter_map(|id| held.get(&id).map(|(file, _)| (id, file.clone())))
            .collect();
        Ok(Declared {
            held,
            related,
            adds: Tally {
                products: pre.products,
                used_grants: pre.used_grants,
                unknown_products: pre.unknown_products,
                bound: pre.bound,
                ..Tally::default()
            },
        })
    }

    /// The findings of every evidence file with keys, judged with its app: the labels of the
    /// evidence's store under the same binding that share the longest folder prefix with it,
    /// and the Android permissions a manifest under the same binding removes. Each is the
    /// file's provisional id, name, text and findings; files with none are left out.
    fn judge_evidence(&self, tally: &mut Tally) -> Vec<(FileId, String, String, Vec<Diagnostic>)> {
        tally.labels.sort_by_key(|l| l.n);
        let mut removed: BTreeMap<Option<usize>, BTreeSet<String>> = BTreeMap::new();
        for kept in &tally.evidence {
            if kept.evidence.kind == crate::evidence::FileKind::AndroidManifest {
                removed.entry(kept.binding).or_default().extend(
                    kept.evidence
                        .keys
                        .iter()
                        .filter(|k| k.removed)
                        .map(|k| k.name.value.clone()),
                );
            }
        }
        let index = LabelIndex::new(&tally.labels);
        let mut out = Vec::new();
        let mut related: BTreeSet<usize> = BTreeSet::new();
        // What each set of labels declares, worked out once for the evidence files it judges.
        let mut declared: HashMap<Vec<usize>, rules::evidence::AppLabels<'_>> = HashMap::new();
        for kept in std::mem::take(&mut tally.evidence) {
            if !kept.evidence.sdks.is_empty() {
                let found = self.missing_sdk_manifests(&kept, &index);
                if !found.is_empty() {
                    out.push((kept.id, kept.name, kept.text, found));
                }
                continue;
            }
            let chosen = index.of(kept.binding, kept.evidence.kind.store(), &kept.path);
            let labels = declared.entry(chosen.clone()).or_insert_with(|| {
                let labels: Vec<(FileId, &rules::evidence::Label)> = chosen
                    .iter()
                    .filter_map(|n| tally.labels.get(*n))
                    .map(|l| (l.id, &l.label))
                    .collect();
                rules::evidence::AppLabels::new(&labels)
            });
            let none = BTreeSet::new();
            let found = rules::evidence::check(
                &self.loaded.policy,
                &kept.evidence,
                self.binding(&kept.path),
                labels,
                removed.get(&kept.binding).unwrap_or(&none),
            );
            if !found.is_empty() {
                let ids: BTreeSet<FileId> = found
                    .iter()
                    .flat_map(|d| d.related.iter().map(|r| r.span.file))
                    .collect();
                related.extend(
                    chosen
                        .iter()
                        .filter(|n| tally.labels.get(**n).is_some_and(|l| ids.contains(&l.id))),
                );
                out.push((kept.id, kept.name, kept.text, found));
            }
        }
        // An SDK's types the app's App Store label leaves out (once per SDK file).
        for store_label in tally.labels.iter().filter(|l| l.label.is_fastlane()) {
            let Some(root) = fastlane_app_root(&store_label.path) else {
                continue;
            };
            for sdk in tally.labels.iter().filter(|l| {
                l.binding == store_label.binding
                    && l.label.sdk.is_some()
                    && crate::evidence::sdk_app_root(&l.path).is_some_and(|r| r.starts_with(root))
            }) {
                let found = rules::evidence::sdk_against_store_label(
                    &sdk.label,
                    store_label.id,
                    &store_label.label,
                );
                if found.is_empty() {
                    continue;
                }
                match out.iter_mut().find(|(id, _, _, _)| *id == sdk.id) {
                    Some((_, _, _, existing)) => existing.extend(found),
                    None => out.push((sdk.id, sdk.name.clone(), sdk.text.clone(), found)),
                }
                if !out.iter().any(|(id, _, _, _)| *id == store_label.id) {
                    out.push((
                        store_label.id,
                        store_label.name.clone(),
                        store_label.text.clone(),
                        Vec::new(),
                    ));
                }
            }
        }
        // A file of one long line names as many keys as it likes: its findings are bounded.
        for (_, _, text, found) in &mut out {
            *found = crate::evidence::bound_judged(text, std::mem::take(found));
        }
        // The labels a finding relates are shown with it.
        let mut listed: BTreeSet<FileId> = out.iter().map(|(id, _, _, _)| *id).collect();
        for n in related {
            if let Some(l) = tally.labels.get(n)
                && listed.insert(l.id)
            {
                out.push((l.id, l.name.clone(), l.text.clone(), Vec::new()));
            }
        }
        out
    }

    /// The labels the evidence file at `path` is judged against, as a run over `paths` finds
    /// them: each with its name and text (empty for a binary file). The language server's
    /// hover on a key says which of them declares it.
    pub fn labels_of(
        &self,
        files: &dyn Files,
        paths: &[PathBuf],
        path: &Path,
    ) -> Vec<(String, String, rules::evidence::Label)> {
        let Some(kind) = path
            .file_name()
            .and_then(|n| crate::evidence::FileKind::of_file_name(&n.to_string_lossy()))
        else {
            return Vec::new();
        };
        let first = self.sources.next_id();
        let found = self.found(paths);
        let Ok(mut tally) = self.check_found(files, first, &found, Some(1), Inputs::Declarations)
        else {
            return Vec::new();
        };
        tally.labels.sort_by_key(|l| l.n);
        let chosen =
            LabelIndex::new(&tally.labels).of(self.binding_index(path), kind.store(), path);
        let mut labels: Vec<Option<KeptLabel>> = tally.labels.into_iter().map(Some).collect();
        chosen
            .into_iter()
            .filter_map(|n| labels.get_mut(n).and_then(Option::take))
            .map(|l| (l.name, l.text, l.label))
            .collect()
    }

    /// A lockfile's SDKs on Apple's list whose installed folder (beside the lockfile) holds no
    /// privacy manifest; nothing when the dependency folder is not there (CI clones often lack
    /// `Pods/`), or the SDK's own folder is not (an unsure match).
    fn missing_sdk_manifests(
        &self,
        kept: &KeptEvidence,
        index: &LabelIndex<'_>,
    ) -> Vec<Diagnostic> {
        let kind = kept.evidence.kind;
        let beside = kept.path.parent().unwrap_or(Path::new(""));
        let mut out = Vec::new();
        for folder in kind.dependency_folders() {
            let base = beside.join(folder);
            if !workspace::is_folder(&base) {
                continue;
            }
            // Each SDK's folder is looked for once, however many of its subspecs or versions the
            // lockfile lists (looking for one reads the dependency folder).
            let mut looked_for: HashSet<&str> = HashSet::new();
            for name in &kept.evidence.sdks {
                let listed = match kind {
                    crate::evidence::FileKind::PodfileLock => {
                        crate::evidence::sdks::pod(&name.value)
                    }
                    _ => crate::evidence::sdks::package(&name.value),
                };
                let Some(listed) = listed else { continue };
                let installed = name.value.split('/').next().unwrap_or(&name.value);
                if !looked_for.insert(installed) {
                    continue;
                }
                let Some(dir) = workspace::child_folder(&base, installed) else {
                    continue;
                };
                let has_manifest = index.holds_label(&dir);
                let reported = out
                    .iter()
                    .any(|d: &Diagnostic| d.message.contains(&format!("`{listed}`")));
                if !has_manifest && !reported {
                    out.push(rules::evidence::missing_sdk_manifest(
                        name,
                        listed,
                        &workspace::display(dir.strip_prefix(beside).unwrap_or(&dir)),
                    ));
                }
            }
        }
        out
    }

    /// Reads and checks every manifest discovery `found` (those `inputs` names) on `jobs`
    /// threads, into one tally. The `n`th taken gets the provisional id `first + n`.
    /// Only what will be shown is kept: files with findings, near-miss names, and (with
    /// coverage on) the products and grants used; a clean manifest costs nothing once it is
    /// checked.
    fn check_found(
        &self,
        files: &dyn Files,
        first: FileId,
        found: &[Found],
        jobs: Option<usize>,
        inputs: Inputs,
    ) -> Result<Tally, Fatal> {
        let mut tally = Tally::default();
        self.walk_stream(
            files,
            first,
            found.iter().cloned(),
            jobs,
            inputs,
            false,
            |item| {
                tally = std::mem::take(&mut tally).merge(item.tally);
                Ok(())
            },
        )?;
        Ok(tally)
    }
}

/// What discovery finds, to the stream: the walk, and once the stream has met its first store
/// declaration or evidence file, what the walk found after it, so that the declarations pass
/// can have them all without walking the tree again.
struct Source<'w> {
    walk: workspace::Walk<'w>,
    /// What the walk found and the stream has not taken yet, once `drained`.
    rest: std::collections::VecDeque<Found>,
    /// The declarations handed to the stream so far, until `drained`.
    declarations: Vec<Found>,
    drained: bool,
}

impl Source<'_> {
    fn next(&mut self) -> Option<Found> {
        let found = self.rest.pop_front().or_else(|| self.walk.next())?;
        if !self.drained && is_declaration_found(&found) {
            self.declarations.push(found.clone());
        }
        Some(found)
    }

    /// Every declaration discovery finds, in its order: those handed on so far and those the
    /// rest of the walk finds, which is kept for the stream.
    fn all_declarations(&mut self) -> Vec<Found> {
        self.rest.extend(self.walk.by_ref());
        self.drained = true;
        let mut all = std::mem::take(&mut self.declarations);
        all.extend(
            self.rest
                .iter()
                .filter(|f| is_declaration_found(f))
                .cloned(),
        );
        all
    }
}

/// Whether discovery found a store declaration or an evidence file.
fn is_declaration_found(found: &Found) -> bool {
    matches!(found, Found::Manifest(path, _) if is_declaration(path))
}

/// One thing the walk found, checked, or (a store or evidence file read before) only named.
struct Item {
    /// A store or evidence file's kind, when it was read before: counted, not checked again.
    declaration: Option<Input>,
    /// What checking it found.
    tally: Tally,
}

/// Writes a run's findings to its sink file by file, each file in the source map only while
/// its findings are written (unless the run is kept whole).
struct Emitter<'s, 'k> {
    session: &'s Session,
    sink: &'k mut dyn Sink,
    /// How many files the map holds before the run's: the policy's and candor.yaml.
    base: usize,
    sources: SourceMap,
    keep: bool,
    /// With `keep`: where each file shown went in the map, by provisional id.
    kept_ids: BTreeMap<FileId, FileId>,
    /// The policy's and candor.yaml's findings, written where their files' names fall.
    early: std::collections::VecDeque<Diagnostic>,
    summary: Summary,
}

impl Emitter<'_, '_> {
    fn write(&mut self, diagnostics: Vec<Diagnostic>) -> Result<(), Fatal> {
        if diagnostics.is_empty() {
            return Ok(());
        }
        self.summary.count(&diagnostics);
        self.sink
            .write(diagnostics, &self.sources)
            .map_err(|e| Fatal(format!("cannot write the output: {e}")))
    }

    /// Writes the policy's and candor.yaml's findings in files named before `name` (all of
    /// them with `None`).
    fn flush_early(&mut self, name: Option<&str>) -> Result<(), Fatal> {
        let mut batch = Vec::new();
        while let Some(d) = self.early.front() {
            let before = name.is_none_or(|name| {
                crate::report::compare_names(self.sources.name(d.primary.span.file), name).is_lt()
            });
            if !before {
                break;
            }
            batch.extend(self.early.pop_front());
        }
        self.write(batch)
    }

    /// Writes the findings of the file with provisional id `id`.
    fn file(
        &mut self,
        id: FileId,
        file: SourceFile,
        found: Vec<Diagnostic>,
        related: &BTreeMap<FileId, SourceFile>,
    ) -> Result<(), Fatal> {
        let mut found = self.session.finish(found);
        if found.is_empty() {
            return Ok(());
        }
        let name = file.name().to_owned();
        self.flush_early(Some(&name))?;
        let mut ids: BTreeMap<FileId, FileId> = BTreeMap::new();
        let at = self.place(id, file);
        ids.insert(id, at);
        let first = FileId(u32::try_from(self.base).unwrap_or(u32::MAX));
        for d in &found {
            for label in &d.related {
                let other = label.span.file;
                if other >= first
                    && !ids.contains_key(&other)
                    && let Some(file) = related.get(&other)
                {
                    let at = self.place(other, file.clone());
                    ids.insert(other, at);
                }
            }
        }
        found = found.into_iter().map(|d| renumber(d, &ids)).collect();
        crate::report::sort(&mut found, &self.sources);
        self.write(found)?;
        if !self.keep {
            self.sources.truncate(self.base);
        }
        Ok(())
    }

    /// The id of the file with provisional id `id` in the map, added if it is not there.
    fn place(&mut self, id: FileId, file: SourceFile) -> FileId {
        if self.keep {
            if let Some(at) = self.kept_ids.get(&id) {
                return *at;
            }
            let at = self.sources.push(file);
            self.kept_ids.insert(id, at);
            at
        } else {
            self.sources.push(file)
        }
    }

    /// Writes the findings known only at the end of the run.
    fn end(&mut self, found: Vec<Diagnostic>) -> Result<(), Fatal> {
        let mut found = self.session.finish(found);
        crate::report::sort(&mut found, &self.sources);
        self.write(found)
    }
}

/// The labels of a run indexed so each evidence file finds its app's in the depth of its path:
/// the app's own labels by every folder above them (binding, store, folder), the SDK manifests
/// by the folder of the app that ships them, fastlane's by its app's folder; and every folder
/// that holds a label somewhere below it. Folders are keyed by their paths' bytes (`folders`),
/// which discovery writes the same way for every file.
struct LabelIndex<'l> {
    own: Fast<(Option<usize>, Platform), ByFolder<&'l [u8]>>,
    sdk_at: Fast<Option<usize>, ByFolder<Vec<u8>>>,
    fastlane_at: Fast<Option<usize>, ByFolder<&'l [u8]>>,
    holds_label: HashSet<&'l [u8], foldhash::fast::RandomState>,
}

/// A map hashed with foldhash, seeded at random per process: its keys are paths, so a
/// repository cannot pick colliding ones.
type Fast<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// Labels (by their positions) keyed by a folder's path bytes.
type ByFolder<K> = Fast<K, Vec<usize>>;

impl<'l> LabelIndex<'l> {
    /// The index of `labels`, by their positions in it.
    fn new(labels: &'l [KeptLabel]) -> Self {
        let mut index = LabelIndex {
            own: Fast::default(),
            sdk_at: Fast::default(),
            fastlane_at: Fast::default(),
            holds_label: HashSet::default(),
        };
        for (n, l) in labels.iter().enumerate() {
            let path = l.path.as_os_str().as_encoded_bytes();
            let parent = folders(path).nth(1).unwrap_or_default();
            index.holds_label.extend(folders(parent));
            if l.label.sdk.is_some() {
                if let Some(root) = crate::evidence::sdk_app_root(&l.path) {
                    let root = root.into_os_string().into_encoded_bytes();
                    let at = index.sdk_at.entry(l.binding).or_default();
                    at.entry(root).or_default().push(n);
                }
            } else if l.label.is_fastlane() {
                if let Some(root) = fastlane_app_root(&l.path) {
                    let root = root.as_os_str().as_encoded_bytes();
                    let at = index.fastlane_at.entry(l.binding).or_default();
                    at.entry(root).or_default().push(n);
                }
            } else {
                let own = index.own.entry((l.binding, l.label.platform)).or_default();
                for a in folders(parent) {
                    own.entry(a).or_default().push(n);
                }
            }
        }
        index
    }

    /// Whether a label is in the folder `dir` or below it.
    fn holds_label(&self, dir: &Path) -> bool {
        self.holds_label
            .contains(dir.as_os_str().as_encoded_bytes())
    }

    /// The labels of `store` an evidence file at `path` under `binding` is judged against.
    fn of(&self, binding: Option<usize>, store: Platform, path: &Path) -> Vec<usize> {
        let path = path.as_os_str().as_encoded_bytes();
        let folder = folders(path).nth(1).unwrap_or_default();
        // The app's own labels: those in the deepest folder above the evidence that holds
        // any, which are the ones sharing the longest folder prefix with it.
        let mut chosen: Vec<usize> = self
            .own
            .get(&(binding, store))
            .and_then(|own| folders(folder).find_map(|a| own.get(a)))
            .cloned()
            .unwrap_or_default();
        // Apple's label is the app's own manifests and those of the SDKs it ships, as
        // Xcode's privacy report merges them, and fastlane's App Store label of the app
        // (in a `fastlane/` folder of the app or above it).
        if store == Platform::Apple {
            let fastlane = self.fastlane_at.get(&binding);
            let sdk = self.sdk_at.get(&binding);
            if fastlane.is_some() || sdk.is_some() {
                for a in folders(folder) {
                    chosen.extend(fastlane.and_then(|f| f.get(a)).into_iter().flatten());
                    chosen.extend(sdk.and_then(|s| s.get(a)).into_iter().flatten());
                }
            }
        }
        chosen
    }
}

/// `path` and the folders above it, deepest first, as `Path::ancestors` names them for the
/// clean relative paths discovery writes: `a/b/c`, `a/b`, `a`, then the empty path.
fn folders(path: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut next = Some(path);
    std::iter::from_fn(move || {
        let current = next?;
        next = if current.is_empty() {
            None
        } else {
            let cut = current
                .iter()
                .rposition(|b| std::path::is_separator(char::from(*b)))
                .unwrap_or(0);
            Some(current.get(..cut).unwrap_or_default())
        };
        Some(current)
    })
}

/// Which of the files found a run reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Inputs {
    /// Every input.
    All,
    /// Store declarations and evidence files only.
    Declarations,
}

/// What the file at `path` is when it is a store declaration or an evidence file, the inputs
/// judged with their app's others.
fn declaration(path: &Path) -> Option<Input> {
    let name = path.file_name()?.to_string_lossy();
    crate::inputs::of(&name).filter(|input| matches!(input, Input::Store | Input::Evidence))
}

/// Whether the file at `path` is a store declaration or an evidence file.
fn is_declaration(path: &Path) -> bool {
    declaration(path).is_some()
}

/// How many provisional ids the declarations pass may take: the stream's come after them.
const DECLARATION_IDS: u32 = 1 << 30;

/// What the declarations pass found: the findings of each declaration by provisional id,
/// the files they relate, and what they add for the end of the run.
struct Declared {
    held: BTreeMap<FileId, (SourceFile, Vec<Diagnostic>)>,
    related: BTreeMap<FileId, SourceFile>,
    adds: Tally,
}

/// What checking the manifests found that will be shown or counted.
#[derive(Debug, Default)]
struct Tally {
    /// Manifests checked.
    manifests: usize,
    /// Paths discovery could not search.
    unreadable: usize,
    /// Files with findings (unsearchable paths included), by provisional id, ready to render.
    shown: Vec<(FileId, SourceFile, Vec<Diagnostic>)>,
    /// Files named like manifests but for their case, in discovery order.
    near_misses: Vec<(usize, PathBuf)>,
    /// Links to folders outside the repository, not followed, in discovery order.
    outside: Vec<(usize, PathBuf)>,
    /// With coverage on: the products the manifests belong to.
    products: BTreeSet<ProductId>,
    /// With coverage on: the grants that covered an entry.
    used_grants: BTreeSet<GrantId>,
    /// With coverage on: the product names manifests gave that the policy does not define.
    unknown_products: BTreeSet<String>,
    /// The `products:` bindings (by index) whose pattern matched a store declaration found.
    bound: BTreeSet<usize>,
    /// Evidence files read.
    evidence_files: usize,
    /// What each store file declares, with its path and binding, in discovery order.
    labels: Vec<KeptLabel>,
    /// Each evidence file with keys: its provisional id, path, binding, name, text and keys.
    evidence: Vec<KeptEvidence>,
}

/// A store file kept as a label its app's evidence is judged against.
#[derive(Debug)]
struct KeptLabel {
    n: usize,
    id: FileId,
    path: PathBuf,
    binding: Option<usize>,
    name: String,
    text: String,
    label: rules::evidence::Label,
}

/// An evidence file kept to be judged with the rest of its app.
#[derive(Debug)]
struct KeptEvidence {
    id: FileId,
    path: PathBuf,
    binding: Option<usize>,
    name: String,
    text: String,
    evidence: crate::evidence::Evidence,
}

impl Tally {
    /// Takes in the `n`th thing discovery found, checking it as file `id` if it is a manifest.
    fn add(&mut self, session: &Session, files: &dyn Files, id: FileId, n: usize, found: Found) {
        match found {
            Found::Manifest(path, scope) => {
                let file_name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let is_evidence = crate::evidence::FileKind::of_file_name(&file_name).is_some();
                if is_evidence {
                    self.evidence_files += 1;
                } else {
                    self.manifests += 1;
                }
                if is_evidence || Platform::of_file_name(&file_name).is_some() {
                    self.bound.extend(session.matching_bindings(&path));
                }
                let mut checked = session.check_file(files, id, &path, &scope);
                match checked.kept.take() {
                    Some(Kept::Label(label)) => {
                        self.labels.push(KeptLabel {
                            n,
                            id,
                            binding: session.binding_index(&path),
                            path: path.clone(),
                            name: checked.name.clone(),
                            text: checked.text.clone(),
                            label,
                        });
                    }
                    Some(Kept::Evidence(evidence))
                        if !evidence.keys.is_empty() || !evidence.sdks.is_empty() =>
                    {
                        self.evidence.push(KeptEvidence {
                            id,
                            binding: session.binding_index(&path),
                            path: path.clone(),
                            name: checked.name.clone(),
                            text: checked.text.clone(),
                            evidence,
                        });
                    }
                    _ => {}
                }
                if session.coverage {
                    self.unknown_products.extend(
                        checked
                            .result
                            .diagnostics
                            .iter()
                            .filter(|d| d.code == Code::UnknownProduct)
                            .filter_map(|d| {
                                checked.text.get(d.primary.span.start..d.primary.span.end)
                            })
                            .map(|name| name.trim_matches(['"', '\'']).to_owned()),
                    );
                    self.products.extend(checked.result.product);
                    self.used_grants
                        .extend(checked.result.used_grants.iter().copied());
                }
                if !checked.result.diagnostics.is_empty() {
                    // Made ready to render here, on the thread that read it.
                    let file = SourceFile::new(checked.name, checked.text);
                    self.shown.push((id, file, checked.result.diagnostics));
                }
            }
            Found::Error(path, error) => {
                self.unreadable += 1;
                let name = workspace::display(&path);
                let diagnostic = workspace::unreadable(id, &error, &name);
                self.shown
                    .push((id, SourceFile::new(name, ""), vec![diagnostic]));
            }
            Found::NearMiss(path) => self.near_misses.push((n, path)),
            Found::Outside(path) => self.outside.push((n, path)),
        }
    }

    /// Both tallies in one.
    fn merge(mut self, mut other: Tally) -> Tally {
        self.manifests += other.manifests;
        self.unreadable += other.unreadable;
        self.shown.append(&mut other.shown);
        self.near_misses.append(&mut other.near_misses);
        self.outside.append(&mut other.outside);
        self.products.append(&mut other.products);
        self.used_grants.append(&mut other.used_grants);
        self.unknown_products.append(&mut other.unknown_products);
        self.bound.append(&mut other.bound);
        self.evidence_files += other.evidence_files;
        self.labels.append(&mut other.labels);
        self.evidence.append(&mut other.evidence);
        self
    }
}

/// The folder of the app whose fastlane label is at `path` (`ios/fastlane/...` is `ios`).
fn fastlane_app_root(path: &Path) -> Option<&Path> {
    let folder = path.parent()?;
    if folder.file_name().is_some_and(|n| n == "fastlane") {
        folder.parent()
    } else {
        Some(folder)
    }
}

/// `diagnostic` with every place in a file read by the run moved from its provisional id to its
/// id in the source map.
fn renumber(mut diagnostic: Diagnostic, ids: &BTreeMap<FileId, FileId>) -> Diagnostic {
    for label in std::iter::once(&mut diagnostic.primary).chain(&mut diagnostic.related) {
        if let Some(to) = ids.get(&label.span.file) {
            label.span.file = *to;
        }
    }
    if let Some(fix) = &mut diagnostic.fix
        && let Some(to) = ids.get(&fix.span.file)
    {
        fix.span.file = *to;
    }
    diagnostic
}

/// The YAML manifests under some paths, read (not checked): what `export` writes from.
#[derive(Debug, Default)]
pub struct ReadManifests {
    /// Each manifest that could be read, with the problems of reading it.
    pub manifests: Vec<(Option<Manifest>, Vec<Diagnostic>)>,
    /// Files and folders that could not be read, as `io-error` findings.
    pub problems: Vec<Diagnostic>,
    /// What discovery says about the run (near-miss names, links out of the repository), as
    /// `check` says it.
    pub notes: Vec<String>,
    /// The evidence files found (`AndroidManifest.xml`, `Info.plist`, ...), read.
    pub evidence: Vec<crate::evidence::Evidence>,
}

impl Session {
    /// Finds and reads the YAML manifests under `paths` (store files are left out: they are
    /// what an export writes), and the evidence files, adding each to `sources`.
    pub fn read_manifests(
        &self,
        files: &dyn Files,
        paths: &[PathBuf],
        sources: &mut SourceMap,
    ) -> ReadManifests {
        let discovery = self.discover(paths);
        let mut read = ReadManifests::default();
        for (path, error) in &discovery.errors {
            let name = workspace::display(path);
            let file = sources.add(name.clone(), "");
            read.problems
                .push(workspace::unreadable(file, error, &name));
        }
        let evidence = discovery.manifests.iter().filter_map(|(p, scope)| {
            let name = p.file_name()?.to_string_lossy().into_owned();
            crate::evidence::FileKind::of_file_name(&name).map(|kind| (p, scope, kind))
        });
        for (path, scope, kind) in evidence {
            let name = workspace::display(path);
            match files.read(path, limits::MANIFEST_BYTES, scope) {
                Ok(text) => {
                    let file = sources.add(name, text.as_str());
                    let (found, problems) = crate::evidence::load(kind, file, &text);
                    read.problems.extend(problems);
                    read.evidence.extend(found);
                }
                Err(error) => {
                    let file = sources.add(name.clone(), error.partial.as_str());
                    read.problems
                        .push(workspace::unreadable(file, &error, &name));
                }
            }
        }
        let yaml = discovery.manifests.iter().filter(|(p, _)| {
            p.file_name().is_none_or(|n| {
                let n = n.to_string_lossy();
                Platform::of_file_name(&n).is_none()
                    && crate::evidence::FileKind::of_file_name(&n).is_none()
            })
        });
        for (path, scope) in yaml {
            let name = workspace::display(path);
            match files.read(path, limits::MANIFEST_BYTES, scope) {
                Ok(text) => {
                    let file = sources.add(name, text.as_str());
                    read.manifests.push(crate::manifest::load(file, &text));
                }
                Err(error) => {
                    let file = sources.add(name.clone(), error.partial.as_str());
                    read.problems
                        .push(workspace::unreadable(file, &error, &name));
                }
            }
        }
        read.notes = discovery_notes(
            paths,
            discovery.near_misses.iter(),
            discovery.outside.iter(),
            false,
        );
        read
    }
}

/// Warnings about what discovery did not find: names that are manifest names but for their
/// case, and nothing found at all.
fn discovery_notes<'p>(
    paths: &[PathBuf],
    near_misses: impl Iterator<Item = &'p PathBuf>,
    outside: impl Iterator<Item = &'p PathBuf>,
    nothing_found: bool,
) -> Vec<String> {
    let mut notes: Vec<String> = near_misses
        .map(|p| workspace::near_miss_note(p))
        .chain(outside.map(|p| workspace::outside_note(p)))
        .collect();
    if nothing_found {
        let shown: Vec<String> = paths
            .iter()
            .map(|p| format!("`{}`", workspace::display(p)))
            .collect();
        notes.push(format!(
            "no manifest found under {} (manifests are named `privacy.yaml`, `privacy.yml`, \
             `*.privacy.yaml` or `*.privacy.yml`, store declarations `PrivacyInfo.xcprivacy` or \
             `data_safety.csv`; hidden folders, `target/`, `node_modules/` and `exclude:` \
             patterns are skipped)",
            shown.join(", ")
        ));
    }
    notes
}
