//! Fuzzes reading `candor.yaml` (serde-saphyr into `Config`) and compiling its `exclude:` globs.
#![no_main]

#[path = "../../tests/support/fuzz_bodies.rs"]
mod fuzz_bodies;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    fuzz_bodies::config_input(data);
});
