//! Extracts the ```rust blocks of the workspace README into `$OUT_DIR`
//! (`readme_example.rs` for the usage example, `readme_production.rs` for the
//! "Production use" section), so `tests/readme.rs` compiles and runs the
//! README's own text rather than a copy that could drift from it.

use std::path::Path;

fn main() {
    let readme = Path::new(env!("CARGO_MANIFEST_DIR")).join("../README.md");
    println!("cargo:rerun-if-changed={}", readme.display());
    println!("cargo:rerun-if-changed=build.rs");
    let text = std::fs::read_to_string(&readme)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", readme.display()));
    // The "Production use" section's examples run on the `production`
    // fixture's client, the rest on `artu-api`: two files, included in two
    // places by `tests/readme.rs`.
    let split = text
        .find("\n## Production use")
        .expect("README.md has a \"## Production use\" section");
    let end = text[split + 1..]
        .find("\n## ")
        .map_or(text.len(), |i| split + 1 + i);
    let usage = format!("{}{}", &text[..split], &text[end..]);
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    for (file, markdown) in [
        ("readme_example.rs", usage.as_str()),
        ("readme_production.rs", &text[split..end]),
    ] {
        let code = rust_blocks(markdown);
        // An empty extraction would let the test pass while checking nothing.
        assert!(
            !code.trim().is_empty(),
            "README.md has no ```rust block for {file}"
        );
        let out = Path::new(&out_dir).join(file);
        std::fs::write(&out, code)
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", out.display()));
    }
}

/// The contents of every fenced block whose info string is exactly `rust`, in
/// order, with their fences removed.
fn rust_blocks(markdown: &str) -> String {
    let mut code = String::new();
    let mut inside = false;
    for line in markdown.lines() {
        let fence = line.trim_start();
        if inside {
            if fence.starts_with("```") {
                inside = false;
            } else {
                code.push_str(line);
                code.push('\n');
            }
        } else if fence.strip_prefix("```").map(str::trim) == Some("rust") {
            inside = true;
        }
    }
    assert!(!inside, "README.md has an unclosed ```rust block");
    code
}
