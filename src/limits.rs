//! Every limit candor enforces on its input, in one place. Each breach is a diagnostic that
//! names the limit; none is a crash or a hang.

/// Deepest nesting of `{` blocks in a policy file. Real policies nest a few levels; the
/// parser is recursive, so this bounds its stack.
pub const POLICY_NESTING: usize = 32;

/// Longest chain of `include`s from the root policy file.
pub const INCLUDE_DEPTH: usize = 16;

/// Largest policy file read, in bytes.
pub const POLICY_BYTES: u64 = 8 * 1024 * 1024;
