//! Every limit candor enforces on its input, in one place. Each breach is a diagnostic that
//! names the limit; none is a crash or a hang.

/// Deepest nesting of `{` blocks in a policy file. Real policies nest a few levels; the
/// parser is recursive, so this bounds its stack.
pub const POLICY_NESTING: usize = 32;

/// Longest chain of `include`s from the root policy file.
pub const INCLUDE_DEPTH: usize = 16;

/// Largest policy file read, in bytes.
pub const POLICY_BYTES: u64 = 8 * 1024 * 1024;

/// Largest manifest read, in bytes; a larger file is refused before it is read.
pub const MANIFEST_BYTES: u64 = 4 * 1024 * 1024;

/// Deepest nesting of YAML collections in a manifest (the schema needs 3).
pub const YAML_DEPTH: usize = 32;

/// Most YAML nodes (scalars, sequences, mappings) in one manifest.
pub const YAML_NODES: usize = 100_000;

/// Most aliases (`*name`) and anchors (`&name`) in one manifest; aliases are how a small YAML
/// file expands into a huge one.
pub const YAML_ALIASES: usize = 1_000;

/// Longest glob pattern (`products:` `path`, `exclude`) in `candor.yaml`, in bytes. Checked
/// before the pattern is compiled, so the glob engine never sees a huge one.
pub const GLOB_BYTES: usize = 1024;

/// Deepest nesting of `{a,b}` alternatives in one glob pattern of `candor.yaml`. Each level is
/// a group in the compiled pattern; real patterns nest one or two.
pub const GLOB_NESTING: usize = 8;

/// Most alternatives (the comma-separated branches of every `{...}`) in one glob pattern of
/// `candor.yaml`.
pub const GLOB_ALTERNATIVES: usize = 64;

/// Most `contradiction` findings reported for one policy; the rest are counted in one more
/// finding. Identical grants and identical `never` rules are judged once.
pub const CONTRADICTIONS: usize = 1_000;

/// Most ids a "did you mean" suggestion compares a misspelt id with one by one. A longer list
/// is searched through an index of the ids one edit away and of the ids sharing a word, and
/// only those (at most this many) are compared.
pub const SUGGEST_SCAN: usize = 256;

/// Longest id (of a category, purpose, source, condition or product), in bytes, in a policy or
/// a manifest; a nested declaration counts with its parents' ids.
pub const ID_BYTES: usize = 256;

/// Most dot-separated parts of one id (`a.b.c` has 3), in a policy or a manifest.
pub const ID_PARTS: usize = 16;

/// Most worker threads `-j` asks for, per core the machine has; a larger `-j` is lowered to
/// this with a note on stderr.
pub const JOBS_PER_CORE: usize = 4;

/// Why `id` cannot be an id, when it crosses [`ID_BYTES`] or [`ID_PARTS`]: a message that
/// names the limit and shows the id's start only (an id over the limit may be megabytes).
/// `what` names the id (`id`, `category`).
pub fn id_breach(what: &str, id: &str) -> Option<String> {
    let shown = || {
        let mut end = id.len().min(40);
        while !id.is_char_boundary(end) {
            end -= 1;
        }
        let cut = if end < id.len() { "…" } else { "" };
        format!("`{}{cut}`", id.get(..end).unwrap_or_default())
    };
    if id.len() > ID_BYTES {
        return Some(format!(
            "{what} {} is {} bytes long, over candor's limit ID_BYTES ({ID_BYTES})",
            shown(),
            id.len()
        ));
    }
    let parts = id.split('.').count();
    (parts > ID_PARTS).then(|| {
        format!(
            "{what} {} has {parts} dot-separated parts, over candor's limit ID_PARTS \
             ({ID_PARTS})",
            shown()
        )
    })
}
