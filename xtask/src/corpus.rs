//! Corpus runner (`cargo xtask corpus`): generates every spec in a directory
//! and checks each resulting crate with clippy, warnings denied.
//!
//! This is the breadth test of the whole pipeline on real public specs
//! (`../shared/corpus`). The crates are generated into one scratch Cargo
//! workspace (default `target/corpus`) that shares a target directory and
//! this repository's `Cargo.lock`, so dependencies build once. It prints a
//! line per spec and ends with `N passed, M failed`.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;
use xtask::{generate, project_root, write, Options};

/// Parsed `cargo xtask corpus` arguments.
struct Args {
    dir: PathBuf,
    scratch: PathBuf,
    only: Vec<String>,
}

fn parse(args: &[String]) -> Result<Args, String> {
    let root = project_root();
    let mut parsed = Args {
        dir: root.join("../shared/corpus"),
        scratch: root.join("target/corpus"),
        only: Vec::new(),
    };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = |flag: &str| xtask::flag_value(&mut it, flag);
        match arg.as_str() {
            "--dir" => parsed.dir = PathBuf::from(value("--dir")?),
            "--scratch" => parsed.scratch = PathBuf::from(value("--scratch")?),
            "--only" => parsed.only.push(value("--only")?),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok(parsed)
}

/// The specs to run: `*.yaml`, `*.yml` and `*.json` in `dir`, sorted, filtered by `only` (file stems).
fn specs(dir: &Path, only: &[String]) -> std::io::Result<Vec<PathBuf>> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension()
                .is_some_and(|x| x == "yaml" || x == "yml" || x == "json")
        })
        .filter(|p| {
            only.is_empty()
                || p.file_stem()
                    .is_some_and(|s| only.iter().any(|o| o.as_str() == s))
        })
        .collect();
    out.sort();
    Ok(out)
}

/// A crate name from a file stem: `oai-petstore` → `corpus-oai-petstore`.
fn crate_name(spec: &Path) -> String {
    let stem = spec
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let clean: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    format!("corpus-{clean}")
}

/// Entry point of `cargo xtask corpus`.
pub(crate) fn main(args: &[String]) -> ExitCode {
    let args = match parse(args) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("error: {e}\nusage: cargo xtask corpus [--dir DIR] [--only NAME]... [--scratch DIR]");
            return ExitCode::from(2);
        }
    };
    let specs = match specs(&args.dir, &args.only) {
        Ok(s) if !s.is_empty() => s,
        Ok(_) if !args.only.is_empty() => {
            eprintln!(
                "error: no spec in {} matches --only {}",
                args.dir.display(),
                args.only.join(", ")
            );
            return ExitCode::from(2);
        }
        Ok(_) => {
            eprintln!("error: no specs in {}", args.dir.display());
            return ExitCode::from(2);
        }
        Err(e) => {
            eprintln!("error: cannot read {}: {e}", args.dir.display());
            return ExitCode::from(2);
        }
    };
    if let Err(e) = std::fs::create_dir_all(&args.scratch) {
        eprintln!("error: cannot create {}: {e}", args.scratch.display());
        return ExitCode::from(2);
    }

    // 1. Generate every crate.
    let mut generated = Vec::new();
    let mut failed = Vec::new();
    for spec in &specs {
        let name = crate_name(spec);
        let started = Instant::now();
        let options = Options {
            spec: spec.clone(),
            spec_display: spec.display().to_string(),
            crate_name: name.clone(),
        };
        match generate(&options) {
            Ok(g) => {
                let warnings = g.diagnostics.warnings().count();
                let lines = write::rust_lines(&g.files);
                if let Err(e) = write::write(&args.scratch.join(&name), &g.files) {
                    eprintln!("FAIL {name}: cannot write: {e}");
                    failed.push(name);
                    continue;
                }
                eprintln!(
                    "generated {name}: {lines} lines, {warnings} warning(s), {:.2}s",
                    started.elapsed().as_secs_f64()
                );
                generated.push(name);
            }
            Err(diags) => {
                eprintln!("FAIL {name}: generation failed\n{diags}");
                failed.push(name);
            }
        }
    }

    // 2. One scratch workspace; members share the target dir and our lock file.
    let members: Vec<String> = generated.iter().map(|n| format!("\"{n}\"")).collect();
    let manifest = format!(
        "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
        members.join(", ")
    );
    let lock = project_root().join("Cargo.lock");
    let setup = std::fs::write(args.scratch.join("Cargo.toml"), manifest)
        .and_then(|()| std::fs::copy(&lock, args.scratch.join("Cargo.lock")).map(|_| ()));
    if let Err(e) = setup {
        eprintln!("error: cannot set up {}: {e}", args.scratch.display());
        return ExitCode::from(2);
    }

    // 3. Check each crate with clippy, warnings denied.
    let mut passed = 0;
    for name in &generated {
        let started = Instant::now();
        let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .current_dir(&args.scratch)
            .args(["clippy", "--quiet", "-p", name, "--", "-D", "warnings"])
            .output();
        match output {
            Ok(o) if o.status.success() => {
                passed += 1;
                eprintln!(
                    "ok   {name} (clippy {:.1}s)",
                    started.elapsed().as_secs_f64()
                );
            }
            Ok(o) => {
                let text = String::from_utf8_lossy(&o.stderr);
                let excerpt: Vec<&str> = text.lines().take(60).collect();
                eprintln!("FAIL {name}: clippy -D warnings\n{}", excerpt.join("\n"));
                failed.push(name.clone());
            }
            Err(e) => {
                eprintln!("FAIL {name}: cannot run cargo: {e}");
                failed.push(name.clone());
            }
        }
    }
    if !failed.is_empty() {
        eprintln!("failed: {}", failed.join(", "));
    }
    println!("{passed} passed, {} failed", failed.len());
    if failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
