//! Fuzzes the Apple privacy manifest reader (XML property lists in UTF-8 and UTF-16, binary
//! property lists), the check of a bound declaration and every renderer.
#![no_main]

#[path = "../../tests/support/fuzz_bodies.rs"]
mod fuzz_bodies;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    fuzz_bodies::plist_input(data);
});
