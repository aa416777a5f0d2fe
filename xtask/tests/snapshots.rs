//! Snapshot tests: every spec in `tests/fixtures/` generates exactly the golden
//! `tests/snapshots/<case>.rs` (the whole crate as one file of inline modules).
//!
//! The goldens are plain Rust that the `artu-tests` library (`tests/src/lib.rs`)
//! compiles, so a golden that stops building fails the build, not just this
//! test. This test lives in `xtask` rather than `tests/` so that it still runs,
//! and can rewrite the goldens, when a golden does not compile. To accept new
//! output: `UPDATE_EXPECT=1 cargo test -p xtask --test snapshots`, then review the diff.

use std::path::{Path, PathBuf};
use xtask::{generate_single_file, Options};

/// The `tests/` directory of the workspace.
fn package_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests")
}

/// Fixture names (file stems), sorted.
fn cases() -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(package_dir().join("fixtures"))
        .expect("tests/fixtures exists")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "json"))
        .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .collect();
    out.sort();
    out
}

fn fixture(case: &str) -> PathBuf {
    let dir = package_dir().join("fixtures");
    let yaml = dir.join(format!("{case}.yaml"));
    if yaml.exists() {
        yaml
    } else {
        dir.join(format!("{case}.json"))
    }
}

fn generate(case: &str) -> String {
    let spec = fixture(case);
    let options = Options {
        spec_display: format!(
            "tests/fixtures/{}",
            spec.file_name().unwrap().to_string_lossy()
        ),
        spec,
        crate_name: "snapshot".to_string(),
    };
    match generate_single_file(&options) {
        Ok((text, _warnings)) => text,
        Err(diags) => panic!("fixture {case} does not generate:\n{diags}"),
    }
}

/// Each fixture's output is byte-for-byte its golden.
#[test]
fn every_fixture_matches_its_snapshot() {
    let cases = cases();
    assert!(
        cases.len() >= 10,
        "expected the mapping fixtures, found {cases:?}"
    );
    for case in cases {
        let golden = package_dir().join("snapshots").join(format!("{case}.rs"));
        expect_test::expect_file![golden].assert_eq(&generate(&case));
    }
}

/// Every golden is compiled: `tests/src/lib.rs` declares a module for each fixture.
#[test]
fn every_snapshot_is_compiled_by_the_library() {
    let lib = std::fs::read_to_string(package_dir().join("src/lib.rs")).unwrap();
    for case in cases() {
        let decl = format!("#[path = \"../snapshots/{case}.rs\"]\npub mod {case};");
        assert!(
            lib.contains(&decl),
            "tests/src/lib.rs must contain:\n{decl}"
        );
    }
    let snapshots = std::fs::read_dir(package_dir().join("snapshots"))
        .unwrap()
        .count();
    assert_eq!(
        snapshots,
        cases().len(),
        "a snapshot without a fixture is left over in tests/snapshots"
    );
}

/// Generating the same spec twice gives identical bytes (single file and full crate).
#[test]
fn generation_is_deterministic() {
    for case in cases() {
        assert_eq!(generate(&case), generate(&case), "{case}");
    }
    let spec = package_dir().parent().unwrap().join("openapi/artu.yaml");
    let options = Options {
        spec,
        spec_display: "openapi/artu.yaml".into(),
        crate_name: "artu-api".into(),
    };
    let a = xtask::generate(&options).unwrap().files;
    let b = xtask::generate(&options).unwrap().files;
    assert_eq!(a, b);
}

/// `generated/` is exactly what the generator produces from `openapi/artu.yaml`
/// (the comparison `cargo xtask codegen --check` makes).
#[test]
fn generated_crate_is_fresh() {
    let root_dir = package_dir();
    let root: &Path = root_dir.parent().unwrap();
    let options = Options {
        spec: root.join("openapi/artu.yaml"),
        spec_display: "openapi/artu.yaml".into(),
        crate_name: "artu-api".into(),
    };
    // As `cargo xtask codegen --check` does: the committed crate's
    // `api.json` names the types, so they keep their names.
    let lock = match xtask::summary::read(&root.join("generated")) {
        xtask::summary::Previous::Summary(s) => s.name_lock(),
        other => panic!("generated/api.json is not readable: {other:?}"),
    };
    let generated = xtask::generate_locked(&options, &lock).unwrap();
    let drift = xtask::write::check(&root.join("generated"), &generated.files).unwrap();
    assert!(
        drift.is_clean(),
        "generated/ is stale ({drift:?}); run `cargo xtask codegen`"
    );
    assert_eq!(
        generated.diagnostics.items().len(),
        0,
        "the ARTU spec should generate without warnings"
    );
}

/// The decode benchmark's baseline, `tests/benches/decode/closed_types.rs`,
/// is the ARTU models as this generator emits them with closed string enums
/// (no catch-all: an empty catch-all name asks `emit` for serde's derives), so
/// the benchmark compares the generated models with what they would be
/// without forward compatibility, and nothing else.
#[test]
fn closed_enum_baseline_is_fresh() {
    let root_dir = package_dir();
    let root: &Path = root_dir.parent().unwrap();
    let options = Options {
        spec: root.join("openapi/artu.yaml"),
        spec_display: "openapi/artu.yaml".into(),
        crate_name: "artu-api".into(),
    };
    let lock = match xtask::summary::read(&root.join("generated")) {
        xtask::summary::Previous::Summary(s) => s.name_lock(),
        other => panic!("generated/api.json is not readable: {other:?}"),
    };
    let (mut api, _) = xtask::lower_spec_locked(&options, &lock).unwrap();
    let mut closed = 0;
    for def in &mut api.types {
        if let xtask::ir::TypeKind::StringEnum { unknown, .. } = &mut def.kind {
            unknown.clear();
            closed += 1;
        }
    }
    assert!(closed > 0, "the ARTU models have string enums to close");
    let text = xtask::format::file(
        "closed_types.rs",
        &api.source,
        xtask::emit::types::emit(&api),
    )
    .unwrap();
    let golden = package_dir().join("benches/decode/closed_types.rs");
    expect_test::expect_file![golden].assert_eq(&text);
}
