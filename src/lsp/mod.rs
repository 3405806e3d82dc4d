//! The language server (`candor lsp`).

/// Runs the server on standard input and output until the client exits.
pub fn run_stdio() -> Result<(), String> {
    Err("the language server is not available in this build yet".to_owned())
}
