//! The `candor` command: parse the arguments, run, print, exit with the status.

#![forbid(unsafe_code)]

fn main() -> std::process::ExitCode {
    candor::cli::main()
}
