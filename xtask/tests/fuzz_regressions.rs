//! Regression tests for crashes, hangs and out-of-memory aborts found while
//! fuzzing the generator: by the fuzzer (`fuzz/`), the property tests
//! (`proptest_mutations.rs`), or the targeted probing done alongside them.
//! The four found so far came from probing (the first fuzzing runs found
//! none) and were fixed in 80a0233; each test failed before that commit.
//!
//! Each test feeds the exact (minimised) input to `xtask::lower_text` and
//! requires that it returns — `Err` with an error diagnostic, or `Ok` — instead
//! of panicking, overflowing the stack, running out of memory or hanging.
//! Inputs that abort the process (stack overflow, allocation failure) or
//! hang are run in a child process (this test binary, re-executed for one
//! test) under a memory limit and a timeout, so a regression fails one test
//! cleanly instead of taking the whole binary (or the machine) down.
//!
//! A new finding that is not fixed yet gets `#[ignore = "fuzz crash: …"]`
//! (remove it with the fix); run those with
//! `cargo test -p xtask --test fuzz_regressions -- --include-ignored`.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Set in the child process that runs one test's body.
const CHILD: &str = "XTASK_FUZZ_REGRESSION_CHILD";

/// Runs `body` in a child process limited to `mem_mb` MiB of address space
/// and `timeout`, and fails if the child crashes, is killed or times out.
/// In the child itself, just runs `body`.
fn isolated(test: &str, timeout: Duration, mem_mb: u64, body: impl FnOnce()) {
    if std::env::var_os(CHILD).is_some() {
        body();
        return;
    }
    if !cfg!(unix) {
        // No `sh`/`ulimit`: run in-process (a crash then takes the binary down).
        body();
        return;
    }
    let exe = std::env::current_exe().expect("the test binary's path");
    // Address space, not RSS: the pipeline thread reserves 256 MiB of stack.
    let script = format!("ulimit -v {} && exec \"$0\" \"$@\"", mem_mb * 1024);
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg(exe)
        .args([test, "--exact", "--include-ignored", "--test-threads=1"])
        .env(CHILD, "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("re-run the test binary");
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("wait for the child") {
            let mut stderr = String::new();
            if let Some(mut e) = child.stderr.take() {
                use std::io::Read;
                let _ = e.read_to_string(&mut stderr);
            }
            let tail: String = stderr
                .lines()
                .filter(|l| !l.trim().is_empty())
                .take(12)
                .collect::<Vec<_>>()
                .join("\n");
            assert!(
                status.success(),
                "`{test}` crashed ({status}) after {:.1?}:\n{tail}",
                start.elapsed()
            );
            return;
        }
        if start.elapsed() > timeout {
            let _ = child.kill();
            let _ = child.wait();
            panic!("`{test}` did not finish within {timeout:?} (a hang)");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The pipeline must return; an `Err` must carry an error diagnostic.
fn returns(text: &str) -> Result<(), String> {
    match xtask::lower_text(text, "regression.yaml") {
        Ok(_) => Ok(()),
        Err(diags) => {
            assert!(
                diags.has_errors(),
                "Err without an error diagnostic: {diags:?}"
            );
            let first = diags.errors().next().unwrap().message.clone();
            eprintln!("error: {first}");
            Err(first)
        }
    }
}

/// YAML nested deeper than serde_yaml's recursion limit is re-parsed with
/// yaml-rust2, which expands aliases by cloning the anchored node and has no
/// repetition limit: nine levels of ten aliases in 300 bytes make 10⁹ nodes.
/// serde_yaml refuses the same aliases ("repetition limit exceeded").
/// Was: allocation failure (OOM abort) in `load::parse_deep_yaml`.
#[test]
fn yaml_alias_bomb_after_deep_nesting() {
    isolated(
        "yaml_alias_bomb_after_deep_nesting",
        Duration::from_secs(60),
        3072,
        || {
            let mut text = format!("a:\n{}x\n", "- ".repeat(130));
            text.push_str("b: &b0 [x, x, x, x, x, x, x, x, x, x]\n");
            for i in 1..9 {
                let r = format!("*b{}", i - 1);
                text.push_str(&format!("c{i}: &b{i} [{}]\n", vec![r; 10].join(", ")));
            }
            returns(&text).expect_err("10⁹ nodes must be refused");
        },
    );
}

/// Only `{`/`[` nesting is bounded (`load::MAX_JSON_DEPTH`); compact
/// block sequences (`- - - x`) nest without brackets or indentation, and
/// past serde_yaml's limit the yaml-rust2 fallback accepts any depth. The
/// recursion that follows overflows even the 256 MiB pipeline stack (in a
/// release build too). 10⁶ levels: a 2 MB file. Was: stack overflow.
#[test]
fn deep_block_sequences_do_not_overflow() {
    isolated(
        "deep_block_sequences_do_not_overflow",
        Duration::from_secs(120),
        3072,
        || {
            let text = format!("openapi: 3.1.0\nx-deep:\n{}x\n", "- ".repeat(1_000_000));
            returns(&text).expect_err("a million levels must be refused");
        },
    );
}

/// A `$ref` to a missing component gets a "did you mean" suggestion from the
/// edit distance to every sibling name, with no bound on the names' lengths:
/// O(len²) per broken ref, and a YAML alias repeats the ref for free. This
/// 61 KB spec took about 55 s in a release build (minutes in debug).
#[test]
fn long_broken_refs_do_not_hang() {
    isolated(
        "long_broken_refs_do_not_hang",
        Duration::from_secs(20),
        3072,
        || {
            let long = 30_000;
            let mut text = format!(
                "openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n    ? {}\n    : {{type: string}}\n    S:\n      properties:\n        p0:\n          $ref: &r '#/components/schemas/{}'\n",
                "a".repeat(long),
                "b".repeat(long)
            );
            for i in 1..40 {
                text.push_str(&format!("        p{i}:\n          $ref: *r\n"));
            }
            let err = returns(&text).unwrap_err();
            assert!(err.contains("does not resolve"), "{err}");
        },
    );
}

/// Names that clean to the same identifier are numbered by trying `a_2`,
/// `a_3`, … from 2 for every newcomer (`names::Scope::claim`), so n colliding
/// names cost O(n²). 20 000 enum values that all become variant `A` (172 KB)
/// took about 23 s in a release build; fields, types and operation methods
/// are numbered the same way.
#[test]
fn many_colliding_names_do_not_hang() {
    isolated(
        "many_colliding_names_do_not_hang",
        Duration::from_secs(30),
        3072,
        || {
            let punct: Vec<char> = "!@$%^&*()+=,.;<>?|~".chars().collect();
            let mut values = Vec::new();
            'outer: for a in &punct {
                for b in &punct {
                    for c in &punct {
                        for d in [None, Some('-'), Some('/')] {
                            let mut v = format!("a{a}{b}{c}");
                            v.extend(d);
                            values.push(serde_json::Value::String(v));
                            if values.len() == 20_000 {
                                break 'outer;
                            }
                        }
                    }
                }
            }
            let spec = serde_json::json!({
                "openapi": "3.1.0",
                "info": {"title": "t", "version": "1"},
                "paths": {},
                "components": {"schemas": {"E": {"type": "string", "enum": values}}},
            });
            returns(&spec.to_string()).expect("a valid spec");
        },
    );
}

/// Deeply nested arrays and maps lower to deeply nested generic types, and
/// syn needs more than a 2 MiB (debug) test thread's stack to parse the
/// emitted `Vec<Vec<…>>` at about 52 levels. `generate` runs the whole
/// pipeline, formatting included, on its own big-stack thread; this keeps it
/// that way (it overflowed when emit + format ran on the caller's thread).
#[test]
fn deep_array_and_map_nesting_generates() {
    for (kind, depth) in [("items", 199), ("additionalProperties", 199), ("items", 60)] {
        let mut schema = serde_json::json!({"type": "string"});
        for _ in 0..depth {
            schema = match kind {
                "items" => serde_json::json!({"type": "array", "items": schema}),
                _ => serde_json::json!({"type": "object", "additionalProperties": schema}),
            };
        }
        let spec = serde_json::json!({
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1"},
            "paths": {},
            "components": {"schemas": {"Deep": schema}},
        });
        let dir = std::env::temp_dir().join(format!(
            "xtask-fuzz-regression-{}-{kind}-{depth}",
            std::process::id()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("deep.json");
        std::fs::write(&path, spec.to_string()).unwrap();
        let result = xtask::generate(&xtask::Options {
            spec: path.clone(),
            spec_display: "deep.json".to_string(),
            crate_name: "deep".to_string(),
        });
        std::fs::remove_dir_all(&dir).unwrap();
        let generated = result.unwrap_or_else(|d| panic!("{kind} × {depth}: {d}"));
        assert!(generated.files.contains_key("src/types.rs"));
    }
}

/// Self-referencing inline schemas (not components) reached twice from the
/// same object: lowering memoises refs, so this is linear, not 2^depth.
#[test]
fn inline_self_references_terminate() {
    let text = r##"
openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /x:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  a: {$ref: "#/paths/~1x/get/responses/200/content/application~1json/schema"}
                  b: {$ref: "#/paths/~1x/get/responses/200/content/application~1json/schema"}
                  c: {type: array, items: {$ref: "#/paths/~1x/get/responses/200/content/application~1json/schema/properties/c"}}
"##;
    let _ = returns(text);
}
