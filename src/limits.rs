//! Every limit candor enforces on its input, in one place. Each breach is a diagnostic that
//! names the limit; none is a crash or a hang.

/// Deepest nesting of `{` blocks in a policy file. Real policies nest a few levels; the
/// parser is recursive, so this bounds its stack.
pub const POLICY_NESTING: usize = 32;

/// Longest chain of `include`s from the root policy file.
pub const INCLUDE_DEPTH: usize = 16;

/// Largest policy file read, in bytes.
pub const POLICY_BYTES: u64 = 8 * 1024 * 1024;

/// Largest manifest (or store file, or `candor.yaml`) read, in bytes; a larger file is refused
/// before it is read.
pub const MANIFEST_BYTES: u64 = 4 * 1024 * 1024;

/// Deepest nesting of YAML collections in a manifest or `candor.yaml` (the schemas need 3).
pub const YAML_DEPTH: usize = 32;

/// Most YAML nodes (scalars, sequences, mappings) in one manifest or `candor.yaml`.
pub const YAML_NODES: usize = 100_000;

/// Most XML elements read in one evidence file (`AndroidManifest.xml`, a Windows package
/// manifest); a real one has a few hundred.
pub const EVIDENCE_ELEMENTS: usize = 100_000;

/// Most aliases (`*name`) and anchors (`&name`) in one manifest or `candor.yaml`; aliases are how a small YAML
/// file expands into a huge one.
pub const YAML_ALIASES: usize = 1_000;

/// Findings of one code in one file the human format draws with a snippet; the rest are shown
/// in plain lines, so one file cannot make the report repeat its lines without end.
pub const SNIPPETS_PER_CODE: usize = 20;

/// Most lines one span may cover and still be drawn as a snippet.
pub const SNIPPET_LINES: usize = 40;

/// The most report bytes any format writes per byte of input checked (beyond
/// [`OUTPUT_BASE`]): findings are bounded by what the input holds, snippets by
/// [`SNIPPETS_PER_CODE`] and [`SNIPPET_LINE_BYTES`]. The test suite holds every format to it on
/// hostile input.
pub const OUTPUT_PER_INPUT_BYTE: usize = 512;

/// Report bytes allowed whatever the input: summaries, SARIF's rule descriptions.
pub const OUTPUT_BASE: usize = 256 * 1024;

/// Largest body of one language-server message, in bytes. A frame whose `Content-Length` is
/// over it gets an error answer and its body is never read into memory.
pub const LSP_MESSAGE_BYTES: u64 = 64 * 1024 * 1024;

/// Longest header of one language-server message (all its lines), in bytes. Real headers are
/// under 100 bytes; this bounds what is buffered before a `Content-Length` is known.
pub const LSP_HEADER_BYTES: u64 = 8 * 1024;

/// Most values (dictionaries, arrays, strings, booleans, keys, ...) read from one binary
/// property list, and never more than one per byte of the file. A binary property list names
/// each value by number and may name one many times, so a small file could otherwise stand for
/// a huge tree. A file that names each array and dictionary once has fewer values than bytes
/// (every reference to a value takes a byte at least), and a privacy manifest holds a few
/// hundred.
pub const PLIST_VALUES: usize = 100_000;

/// Most lines one quoted cell of a store's CSV may span. Play Console writes every cell on one
/// line; a quote that stays open longer is a stray quote, reported at the quote, and costs its
/// row only instead of swallowing the rows after it.
pub const CSV_CELL_LINES: usize = 8;

/// Most findings a store declaration (a property list or a data safety CSV) or an evidence
/// file gets on one line from its reader, and an evidence file of each code from its judgement. A real declaration writes a value or a row per line; a file written on one
/// line could otherwise get a finding, each drawn with a snippet of that whole line, for every
/// few bytes. The findings past this many are counted in one more finding on the line.
pub const FINDINGS_PER_LINE: usize = 10;

/// Most bytes the human format shows on each side of a finding's span when the lines of its
/// snippet are together longer than four times this: a snippet of a file written on one line
/// shows the finding's surroundings, not the whole file.
pub const SNIPPET_LINE_BYTES: usize = 240;

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

/// How many files each thread checks in one batch of a streamed run: the findings of a batch
/// are what a run holds before writing them, in discovery's order.
pub const STREAM_BATCH_PER_THREAD: usize = 32;

/// The help of a finding about an id over [`ID_BYTES`] or [`ID_PARTS`].
pub fn id_help() -> String {
    format!("the policy's ids have at most {ID_BYTES} bytes and {ID_PARTS} dot-separated parts")
}

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
    // As many parts as dots and one (`split('.').count()`, without a searcher per id); more
    // than ID_PARTS parts take at least ID_PARTS bytes of dots.
    if id.len() < ID_PARTS {
        return None;
    }
    let parts = id.bytes().filter(|b| *b == b'.').count() + 1;
    (parts > ID_PARTS).then(|| {
        format!(
            "{what} {} has {parts} dot-separated parts, over candor's limit ID_PARTS \
             ({ID_PARTS})",
            shown()
        )
    })
}
