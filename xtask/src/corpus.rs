//! Corpus runner (`cargo xtask corpus`): generates every spec in a directory
//! and checks each resulting crate with clippy, warnings denied, and by
//! compiling its doc examples (`cargo test --doc`).
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
    /// Where the specs are: `../shared/corpus` (real public APIs) and
    /// `tests/corpus` (the project's own edge cases), unless `--dir` says otherwise.
    dirs: Vec<PathBuf>,
    scratch: PathBuf,
    only: Vec<String>,
}

fn parse(args: &[String]) -> Result<Args, String> {
    let root = project_root();
    let mut parsed = Args {
        dirs: Vec::new(),
        scratch: root.join("target/corpus"),
        only: Vec::new(),
    };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = |flag: &str| xtask::flag_value(&mut it, flag);
        match arg.as_str() {
            "--dir" => parsed.dirs.push(PathBuf::from(value("--dir")?)),
            "--scratch" => parsed.scratch = PathBuf::from(value("--scratch")?),
            "--only" => parsed.only.push(value("--only")?),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    if parsed.dirs.is_empty() {
        parsed.dirs = vec![root.join("../shared/corpus"), root.join("tests/corpus")];
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
    let specs = match select_specs(&args) {
        Ok(s) => s,
        Err(code) => return code,
    };
    if let Err(e) = std::fs::create_dir_all(&args.scratch) {
        eprintln!("error: cannot create {}: {e}", args.scratch.display());
        return ExitCode::from(2);
    }
    let mut failed = Vec::new();
    let generated = generate_all(&specs, &args.scratch, &mut failed);
    if let Err(e) = set_up_workspace(&args.scratch, &generated) {
        eprintln!("error: cannot set up {}: {e}", args.scratch.display());
        return ExitCode::from(2);
    }
    let mut passed = 0;
    let mut totals = Timings::default();
    for name in &generated {
        match check_crate(&args.scratch, name) {
            Ok(t) => {
                passed += 1;
                eprintln!(
                    "ok   {name} (clippy {:.1}s, doctests {:.1}s)",
                    t.clippy, t.doctests
                );
                totals.clippy += t.clippy;
                totals.doctests += t.doctests;
            }
            Err(message) => {
                eprintln!("FAIL {name}: {message}");
                failed.push(name.clone());
            }
        }
    }
    eprintln!(
        "time in passing crates: clippy {:.0}s, doctests {:.0}s",
        totals.clippy, totals.doctests
    );
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

/// The specs to run, or the exit code for a usage problem (already printed).
fn select_specs(args: &Args) -> Result<Vec<PathBuf>, ExitCode> {
    let mut all = Vec::new();
    for dir in &args.dirs {
        match specs(dir, &args.only) {
            Ok(found) => all.extend(found),
            Err(e) => {
                eprintln!("error: cannot read {}: {e}", dir.display());
                return Err(ExitCode::from(2));
            }
        }
    }
    if !all.is_empty() {
        return Ok(all);
    }
    let dirs: Vec<String> = args.dirs.iter().map(|d| d.display().to_string()).collect();
    let dirs = dirs.join(" and ");
    if args.only.is_empty() {
        eprintln!("error: no specs in {dirs}");
    } else {
        let only = args.only.join(", ");
        eprintln!("error: no spec in {dirs} matches --only {only}");
    }
    Err(ExitCode::from(2))
}

/// Generates every spec into `scratch/<crate name>`, returning the crates that were
/// written; specs that fail are reported and pushed onto `failed`.
fn generate_all(specs: &[PathBuf], scratch: &Path, failed: &mut Vec<String>) -> Vec<String> {
    let mut generated = Vec::new();
    for spec in specs {
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
                if let Err(e) = write::write(&scratch.join(&name), &g.files) {
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
    generated
}

/// Makes `scratch` one Cargo workspace of the `members`, so they share a target
/// directory and this repository's lock file: dependencies build once, at the
/// versions the tests use.
fn set_up_workspace(scratch: &Path, members: &[String]) -> std::io::Result<()> {
    let members: Vec<String> = members.iter().map(|n| format!("\"{n}\"")).collect();
    // Doctests need the libraries built with code, not just checked. Debug info
    // makes that slower and nobody debugs these crates, so leave it out. The
    // crates are built once from scratch (in CI) or not at all (unchanged), so
    // incremental caches only cost time: 15-30% of a doctest build.
    let manifest = format!(
        "[workspace]\nresolver = \"2\"\nmembers = [{}]\n\n[profile.dev]\ndebug = false\nincremental = false\n",
        members.join(", ")
    );
    std::fs::write(scratch.join("Cargo.toml"), manifest)?;
    std::fs::copy(
        project_root().join("Cargo.lock"),
        scratch.join("Cargo.lock"),
    )?;
    Ok(())
}

/// Seconds spent on each check of one crate.
#[derive(Default)]
struct Timings {
    clippy: f64,
    doctests: f64,
}

/// Runs clippy (warnings denied) and then the doctests on one crate of the scratch
/// workspace. A failure is described with the command's output.
fn check_crate(scratch: &Path, name: &str) -> Result<Timings, String> {
    let clippy = run_cargo(
        scratch,
        &["clippy", "--quiet", "-p", name, "--", "-D", "warnings"],
    )
    .map_err(|output| format!("clippy -D warnings\n{output}"))?;
    // A doc example that does not compile is as much a bug in the generator as
    // a clippy warning, and only rustdoc compiles them.
    let doctests = run_cargo(scratch, &["test", "--quiet", "--doc", "-p", name])
        .map_err(|output| format!("doctests\n{output}"))?;
    Ok(Timings { clippy, doctests })
}

/// Runs cargo in `dir`: the seconds it took, or an excerpt of what it printed.
fn run_cargo(dir: &Path, args: &[&str]) -> Result<f64, String> {
    let started = Instant::now();
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .current_dir(dir)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if output.status.success() {
        return Ok(started.elapsed().as_secs_f64());
    }
    // rustdoc reports failing examples on stdout; compile errors go to stderr.
    let mut text = String::from_utf8_lossy(&output.stderr).into_owned();
    text.push_str(&String::from_utf8_lossy(&output.stdout));
    let excerpt: Vec<&str> = text.lines().take(80).collect();
    Err(excerpt.join("\n"))
}
