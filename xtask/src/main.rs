//! The `cargo xtask` command line: parses arguments, runs the pipeline in
//! [`xtask`], prints diagnostics and maps outcomes to exit codes
//! (0 success, 1 a problem in the spec or stale output, 2 a usage error).

use std::path::PathBuf;
use std::process::ExitCode;
use xtask::{project_root, valid_crate_name, write, Options};

const USAGE: &str = "\
usage:
  cargo xtask codegen [--check] [--spec PATH --out DIR] [--crate-name NAME]
      Generate a crate from an OpenAPI 3.0/3.1 spec (default: openapi/artu.yaml into
      generated/ as artu-api; with --spec, --out is required and the crate is named after
      it). --check writes nothing and fails if the output is stale.
  cargo xtask corpus [--dir DIR] [--only NAME]... [--scratch DIR]
      Generate every spec in DIR (default: ../shared/corpus) and run `cargo clippy` on each
      crate with warnings denied. Prints `N passed, M failed`.
  cargo xtask bench [--runs N] [SPEC]...
      Time generation (in memory) on each spec (default: the corpus and artu.yaml) and
      report lines generated and peak memory. Use `cargo run --release -p xtask -- bench`.";

fn usage_error(message: &str) -> ExitCode {
    eprintln!("error: {message}\n\n{USAGE}");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("codegen") => codegen(&args[1..]),
        Some("corpus") => xtask::corpus::main(&args[1..]),
        Some("bench") => xtask::bench::main(&args[1..]),
        Some("-h") | Some("--help") | Some("help") => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        Some(other) => usage_error(&format!("unknown command `{other}`")),
        None => usage_error("missing command"),
    }
}

fn codegen(args: &[String]) -> ExitCode {
    let root = project_root();
    let mut check = false;
    let mut spec: Option<String> = None;
    let mut out: Option<String> = None;
    let mut crate_name: Option<String> = None;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = |flag: &str| xtask::flag_value(&mut it, flag);
        let result = match arg.as_str() {
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            "--check" => {
                check = true;
                Ok(())
            }
            "--spec" => value("--spec").map(|v| spec = Some(v)),
            "--out" => value("--out").map(|v| out = Some(v)),
            "--crate-name" => value("--crate-name").map(|v| crate_name = Some(v)),
            other => Err(format!("unknown argument `{other}`")),
        };
        if let Err(message) = result {
            return usage_error(&message);
        }
    }
    if spec.is_some() && out.is_none() {
        return usage_error("--spec needs --out: generated/ holds the bundled ARTU crate");
    }
    let crate_name = crate_name.unwrap_or_else(|| match (&spec, &out) {
        (Some(_), Some(o)) => PathBuf::from(o)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        _ => "artu-api".to_string(),
    });
    if !valid_crate_name(&crate_name) {
        return usage_error(&format!("`{crate_name}` is not a valid crate name (letters, digits, `-`, `_`; starting with a letter)"));
    }
    let (spec_path, spec_display) = match spec {
        Some(s) => (PathBuf::from(&s), s),
        None => (
            root.join("openapi/artu.yaml"),
            "openapi/artu.yaml".to_string(),
        ),
    };
    let (out_dir, out_display) = match out {
        Some(o) => (PathBuf::from(&o), o),
        None => (root.join("generated"), "generated".to_string()),
    };
    let options = Options {
        spec: spec_path,
        spec_display,
        crate_name,
    };
    // The crate being replaced names the types it had; they keep those names.
    let previous = xtask::summary::read(&out_dir);
    let lock = match &previous {
        xtask::summary::Previous::Summary(s) => s.name_lock(),
        _ => xtask::lower::NameLock::default(),
    };
    let generated = match xtask::generate_locked(&options, &lock) {
        Ok(g) => g,
        Err(diags) => {
            eprintln!("{diags}");
            eprintln!("nothing was written to {out_display}/");
            return ExitCode::from(1);
        }
    };
    for w in generated.diagnostics.warnings() {
        eprintln!("{w}\n");
    }
    if check {
        return match write::check(&out_dir, &generated.files) {
            Ok(drift) if drift.is_clean() => {
                eprintln!("{out_display}/ is up to date");
                ExitCode::SUCCESS
            }
            Ok(drift) => {
                eprintln!("{out_display}/ is stale:");
                for f in &drift.changed {
                    eprintln!("  changed: {out_display}/{f}");
                }
                for f in &drift.missing {
                    eprintln!("  missing: {out_display}/{f}");
                }
                for f in &drift.extra {
                    eprintln!("  not generated any more: {out_display}/{f}");
                }
                eprint!(
                    "{}",
                    write::stale_diffs(&out_dir, &generated.files, &drift, 40)
                );
                eprint!(
                    "{}",
                    xtask::report::render(&previous, &generated.summary, &out_display)
                );
                eprintln!("run `{}` to update it", regenerate_command(args));
                ExitCode::from(1)
            }
            Err(e) => {
                eprintln!("error: cannot read {out_display}/: {e}");
                ExitCode::from(1)
            }
        };
    }
    match write::write(&out_dir, &generated.files) {
        Ok(drift) if drift.is_clean() => {
            eprintln!("{out_display}/ is already up to date");
            ExitCode::SUCCESS
        }
        Ok(drift) => {
            for f in &drift.changed {
                eprintln!("  updated: {out_display}/{f}");
            }
            for f in &drift.missing {
                eprintln!("  created: {out_display}/{f}");
            }
            for f in &drift.extra {
                eprintln!("  removed (no longer generated): {out_display}/{f}");
            }
            eprint!(
                "{}",
                xtask::report::render(&previous, &generated.summary, &out_display)
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: cannot write {out_display}/: {e}");
            ExitCode::from(1)
        }
    }
}

/// The command that regenerates, given the arguments of a `--check` run.
fn regenerate_command(args: &[String]) -> String {
    let rest: Vec<&str> = args
        .iter()
        .map(String::as_str)
        .filter(|a| *a != "--check")
        .collect();
    if rest.is_empty() {
        "cargo xtask codegen".to_string()
    } else {
        format!("cargo xtask codegen {}", rest.join(" "))
    }
}
