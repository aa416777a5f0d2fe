//! The `cargo xtask codegen` command line: exit codes, `--check`, and
//! all-or-nothing writes.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .output()
        .expect("xtask runs")
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("xtask-cli-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

fn artu_spec() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../openapi/artu.yaml")
        .display()
        .to_string()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// `--spec/--out/--crate-name` writes a standalone crate; `--check` then passes,
/// fails with exit 1 after an edit (naming the file and the fix), and never writes.
#[test]
fn generate_then_check() {
    let out = scratch("check");
    let out_s = out.display().to_string();
    let spec = artu_spec();
    let o = xtask(&[
        "codegen",
        "--spec",
        &spec,
        "--out",
        &out_s,
        "--crate-name",
        "my-api",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let manifest = fs::read_to_string(out.join("Cargo.toml")).unwrap();
    assert!(manifest.contains("name = \"my-api\""), "{manifest}");
    for f in ["lib.rs", "types.rs", "client.rs", "error.rs"] {
        let text = fs::read_to_string(out.join("src").join(f)).unwrap();
        assert!(
            text.starts_with("// @generated"),
            "{f} lacks the @generated line"
        );
    }
    let check = [
        "codegen",
        "--check",
        "--spec",
        &spec,
        "--out",
        &out_s,
        "--crate-name",
        "my-api",
    ];
    assert!(xtask(&check).status.success());

    fs::write(out.join("src/types.rs"), "// edited by hand\n").unwrap();
    fs::write(out.join("src/stray.rs"), "").unwrap();
    let o = xtask(&check);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("changed: ") && err.contains("src/types.rs"),
        "{err}"
    );
    assert!(err.contains("src/stray.rs"), "{err}");
    assert!(err.contains("run `cargo xtask codegen --spec"), "{err}");
    assert_eq!(
        fs::read_to_string(out.join("src/types.rs")).unwrap(),
        "// edited by hand\n",
        "--check wrote"
    );

    // A real run repairs it and reports the removed file.
    let o = xtask(&[
        "codegen",
        "--spec",
        &spec,
        "--out",
        &out_s,
        "--crate-name",
        "my-api",
    ]);
    assert!(o.status.success());
    assert!(
        stderr(&o).contains("removed (no longer generated)"),
        "{}",
        stderr(&o)
    );
    assert!(!out.join("src/stray.rs").exists());
    assert!(xtask(&check).status.success());
    fs::remove_dir_all(&out).unwrap();
}

/// A spec with errors exits 1, prints file#pointer diagnostics, and leaves the output untouched.
#[test]
fn bad_spec_writes_nothing() {
    let dir = scratch("bad");
    let spec = dir.join("bad.yaml");
    fs::write(
        &spec,
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Missing'}\n",
    )
    .unwrap();
    let out = dir.join("out");
    fs::create_dir_all(out.join("src")).unwrap();
    fs::write(out.join("src/lib.rs"), "keep me").unwrap();
    let o = xtask(&[
        "codegen",
        "--spec",
        &spec.display().to_string(),
        "--out",
        &out.display().to_string(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("#/components/schemas/Missing")
            && err.contains("bad.yaml#/paths/~1a/get/responses/200"),
        "{err}"
    );
    assert_eq!(
        fs::read_to_string(out.join("src/lib.rs")).unwrap(),
        "keep me"
    );
    assert!(!out.join("Cargo.toml").exists());
    fs::remove_dir_all(&dir).unwrap();
}

/// Usage errors exit 2 with the usage text.
#[test]
fn usage_errors_exit_2() {
    for args in [
        &["codegen", "--bogus"][..],
        &["codegen", "--spec"],
        &["frobnicate"],
        &[],
        &["codegen", "--crate-name", "1bad"],
    ] {
        let o = xtask(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(stderr(&o).contains("usage:"), "{args:?}");
    }
}
