#![no_main]
//! See `elevenlabs_user_tests::fuzz::prepare` for what this target checks.

libfuzzer_sys::fuzz_target!(|data: &[u8]| elevenlabs_user_tests::fuzz::prepare(data));
