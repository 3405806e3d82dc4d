//! Fuzzes the Google Play data safety CSV reader, the check of a bound declaration and every renderer.
#![no_main]

#[path = "../../tests/support/fuzz_bodies.rs"]
mod fuzz_bodies;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    fuzz_bodies::play_input(data);
});
