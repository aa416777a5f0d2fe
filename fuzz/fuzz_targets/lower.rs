//! Fuzz target: load → resolve → lower, then emit and format, on arbitrary text.
//!
//! Any panic, stack overflow, timeout or out-of-memory is a bug: nothing a
//! user writes in a spec may crash the generator. Returning `Err` with
//! diagnostics is fine. A formatting failure after a successful lowering is
//! also treated as a crash, because it means the emitter printed tokens that
//! are not Rust (the generator calls that an internal error).
//!
//! Relative file `$ref`s resolve against the directory of the name passed to
//! `lower_text`, so the target names the root by an absolute path inside a
//! private scratch directory holding `fuzz.yaml` (so refs to the root file by
//! name work) and `other.yaml` (so multi-file specs are reachable); refs may
//! not leave that directory, so nothing else on disk can be read. The current
//! directory is left alone because libFuzzer writes its corpus relative to it.

#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

/// A second file that fuzzed specs can reach with `other.yaml#/...`.
const OTHER: &str = r##"openapi: 3.1.0
info: {title: other, version: "1"}
paths: {}
components:
  schemas:
    Pet:
      type: object
      required: [name]
      properties:
        name: {type: string}
        owner: {$ref: "fuzz.yaml#/components/schemas/Owner"}
        tags: {type: array, items: {$ref: "#/components/schemas/Tag"}}
    Tag:
      oneOf:
        - {type: string}
        - {$ref: "#/components/schemas/Pet"}
    Loop: {$ref: "#/components/schemas/Loop2"}
    Loop2: {$ref: "#/components/schemas/Loop"}
"##;

/// What `fuzz.yaml` holds on disk (the fuzzed text replaces it in memory).
const ROOT: &str = r##"openapi: 3.1.0
info: {title: root, version: "1"}
paths: {}
components:
  schemas:
    Owner: {type: object, properties: {pet: {$ref: "other.yaml#/components/schemas/Pet"}}}
"##;

static ROOT_PATH: OnceLock<String> = OnceLock::new();

/// The absolute path the fuzzed text is given as, creating the scratch directory once.
fn root_path() -> &'static str {
    ROOT_PATH.get_or_init(|| {
        let dir = std::env::temp_dir().join("xtask-fuzz-scratch");
        std::fs::create_dir_all(&dir).expect("create the fuzz scratch directory");
        std::fs::write(dir.join("fuzz.yaml"), ROOT).expect("write fuzz.yaml");
        std::fs::write(dir.join("other.yaml"), OTHER).expect("write other.yaml");
        dir.join("fuzz.yaml").to_string_lossy().into_owned()
    })
}

fuzz_target!(|data: &[u8]| {
    let root = root_path();
    // Spec files are UTF-8 text; `load::read` rejects anything else before parsing.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok((api, _warnings)) = xtask::lower_text(text, root) else {
        return;
    };
    let tokens = xtask::emit::emit(&api, "fuzz");
    for (name, stream) in [
        ("src/lib.rs", tokens.lib),
        ("src/types.rs", tokens.types),
        ("src/client.rs", tokens.client),
    ] {
        if let Err(message) = xtask::format::file(name, "fuzz.yaml", stream) {
            panic!("lowering succeeded but emission is not Rust: {message}");
        }
    }
});
