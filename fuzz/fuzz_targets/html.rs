//! The html reader and the pipeline after it on arbitrary bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sourced::input::InputFormat;

fuzz_target!(|bytes: &[u8]| sourced_fuzz::check_reader(bytes, InputFormat::Html));
