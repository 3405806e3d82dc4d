//! Fuzzes policy parsing, includes, resolution, lint and every renderer.
#![no_main]

#[path = "../../tests/support/fuzz_bodies.rs"]
mod fuzz_bodies;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    fuzz_bodies::policy_input(data);
});
