//! The `cargo xtask` command line: parses arguments, runs the pipeline in
//! [`xtask`], prints diagnostics and maps outcomes to exit codes
//! (0 success, 1 a problem in the spec or stale output, 2 a usage error).

// Developer tools for this repository, not part of the generator library's API.
mod bench;
mod corpus;
mod synth;

use std::path::PathBuf;
use std::process::ExitCode;
use xtask::{project_root, valid_crate_name, write, Options};

/// `eprintln!`, except that a closed stderr (`cargo xtask codegen 2>&1 | head`)
/// is ignored instead of panicking: the exit code still tells the outcome.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

/// `eprint!`, ignoring a closed stderr like [`say!`].
macro_rules! say_part {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stderr(), $($arg)*);
    }};
}

/// `println!`, ignoring a closed stdout like [`say!`].
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

/// Turns transparent huge pages off for this process. mimalloc asks for
/// them on its arena, and the kernel then zeroes 2 MiB for each first touch:
/// for a run this short that was a fifth of the CPU time, for no gain.
#[cfg(target_os = "linux")]
fn no_huge_pages() {
    // SAFETY: PR_SET_THP_DISABLE takes plain integer arguments and touches
    // no memory of ours; on a kernel without it the call fails, harmlessly.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

#[cfg(not(target_os = "linux"))]
fn no_huge_pages() {}

/// Generating is mostly building, parsing and dropping small token trees: a
/// third of glibc malloc's time went to allocating and freeing them.
/// mimalloc does the same work in a fraction of that.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "\
usage:
  cargo xtask codegen [--check] [--spec PATH --out DIR] [--crate-name NAME]
      Generate a crate from an OpenAPI 3.0/3.1 spec (default: openapi/artu.yaml into
      generated/ as artu-api; with --spec, --out is required and the crate is named after
      it). --check writes nothing and fails if the output is stale.
  cargo xtask corpus [--dir DIR] [--only NAME]... [--scratch DIR]
      Generate every spec in DIR (default: ../shared/corpus and tests/corpus) and run `cargo clippy` (warnings
      denied) and `cargo test --doc` on each crate. Prints `N passed, M failed`.
  cargo xtask bench [SPEC]... [--only NAME]... [--runs N] [--no-check] [--synthetic N,N,...]
      Time `codegen` processes (dev and release binaries, and cargo-progenitor when installed)
      on each spec (default: the corpus, artu.yaml and synthetic specs of 1k/5k/10k
      operations), with peak memory, lines generated and the crate's `cargo check` time.
      `cargo xtask bench --help` lists every option.
  cargo xtask synth N [--out FILE]
      Write the synthetic OpenAPI 3.1 spec with N operations that `bench` uses (default:
      to stdout).";

fn usage_error(message: &str) -> ExitCode {
    say!("error: {message}\n\n{USAGE}");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    no_huge_pages();
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("codegen") => codegen(&args[1..]),
        Some("corpus") => corpus::main(&args[1..]),
        Some("bench") => bench::main(&args[1..]),
        Some("synth") => synth_command(&args[1..]),
        Some("-h") | Some("--help") | Some("help") => {
            out!("{USAGE}");
            ExitCode::SUCCESS
        }
        Some(other) => usage_error(&format!("unknown command `{other}`")),
        None => usage_error("missing command"),
    }
}

/// `cargo xtask synth N [--out FILE]`: writes the synthetic spec.
fn synth_command(args: &[String]) -> ExitCode {
    let mut operations = None;
    let mut out = None;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let result = match arg.as_str() {
            "--out" => xtask::flag_value(&mut it, "--out").map(|v| out = Some(v)),
            n if operations.is_none() && !n.starts_with('-') => match n.parse::<usize>() {
                Ok(n) if (1..=1_000_000).contains(&n) => {
                    operations = Some(n);
                    Ok(())
                }
                _ => Err(format!(
                    "synth takes a number of operations from 1 to 1000000, not `{n}`"
                )),
            },
            other => Err(format!("unknown argument `{other}`")),
        };
        if let Err(message) = result {
            return usage_error(&message);
        }
    }
    let Some(operations) = operations else {
        return usage_error("synth needs a number of operations");
    };
    let text = match serde_json::to_string_pretty(&synth::spec(operations)) {
        Ok(t) => t,
        Err(e) => {
            say!("error: cannot serialize the spec: {e}");
            return ExitCode::from(1);
        }
    };
    match out {
        Some(path) => match std::fs::write(&path, text + "\n") {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                say!("error: cannot write {path}: {e}");
                ExitCode::from(1)
            }
        },
        None => {
            out!("{text}");
            ExitCode::SUCCESS
        }
    }
}

/// Parsed `cargo xtask codegen` arguments, before defaults are applied.
#[derive(Default)]
struct CodegenArgs {
    check: bool,
    spec: Option<String>,
    out: Option<String>,
    crate_name: Option<String>,
}

/// Reads the arguments, or returns the exit code to stop with: `--help` and usage
/// errors have already been printed.
fn parse_codegen(args: &[String]) -> Result<CodegenArgs, ExitCode> {
    let mut parsed = CodegenArgs::default();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = |flag: &str| xtask::flag_value(&mut it, flag);
        let result = match arg.as_str() {
            "-h" | "--help" => {
                out!("{USAGE}");
                return Err(ExitCode::SUCCESS);
            }
            "--check" => {
                parsed.check = true;
                Ok(())
            }
            "--spec" => value("--spec").map(|v| parsed.spec = Some(v)),
            "--out" => value("--out").map(|v| parsed.out = Some(v)),
            "--crate-name" => value("--crate-name").map(|v| parsed.crate_name = Some(v)),
            other => Err(format!("unknown argument `{other}`")),
        };
        result.map_err(|message| usage_error(&message))?;
    }
    if parsed.spec.is_some() && parsed.out.is_none() {
        return Err(usage_error(
            "--spec needs --out: generated/ holds the bundled ARTU crate",
        ));
    }
    Ok(parsed)
}

/// Where to write, and how to name that place in messages.
struct Target {
    dir: PathBuf,
    display: String,
}

/// Applies the defaults (the bundled ARTU spec into `generated/`, or a crate named
/// after `--out`) and checks the crate name.
fn codegen_plan(parsed: CodegenArgs) -> Result<(Options, Target), ExitCode> {
    let root = project_root();
    let crate_name = parsed
        .crate_name
        .unwrap_or_else(|| match (&parsed.spec, &parsed.out) {
            (Some(_), Some(o)) => PathBuf::from(o)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            _ => "artu-api".to_string(),
        });
    if !valid_crate_name(&crate_name) {
        return Err(usage_error(&format!("`{crate_name}` is not a valid crate name (letters, digits, `-`, `_`; starting with a letter; not a standard library crate or a dependency of the generated crate such as `serde`)")));
    }
    let (spec, spec_display) = match parsed.spec {
        Some(s) => (PathBuf::from(&s), s),
        None => (
            root.join("openapi/artu.yaml"),
            "openapi/artu.yaml".to_string(),
        ),
    };
    let target = match parsed.out {
        Some(o) => Target {
            dir: PathBuf::from(&o),
            display: o,
        },
        None => Target {
            dir: root.join("generated"),
            display: "generated".to_string(),
        },
    };
    let options = Options {
        spec,
        spec_display,
        crate_name,
    };
    Ok((options, target))
}

fn codegen(args: &[String]) -> ExitCode {
    let parsed = match parse_codegen(args) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let check = parsed.check;
    let (options, target) = match codegen_plan(parsed) {
        Ok(plan) => plan,
        Err(code) => return code,
    };
    // The crate being replaced names the types it had; they keep those names.
    let previous = xtask::summary::read(&target.dir);
    let lock = match &previous {
        xtask::summary::Previous::Summary(s) => s.name_lock(),
        xtask::summary::Previous::Unreadable(why) => {
            say!(
                "warning: {}/{} cannot be read ({why}); type names are chosen afresh and may differ from the crate's\n  = help: restore it from version control to keep them, or delete it to accept new names\n",
                target.display,
                xtask::summary::FILE
            );
            xtask::lower::NameLock::default()
        }
        _ => xtask::lower::NameLock::default(),
    };
    let generated = match xtask::generate_locked(&options, &lock) {
        Ok(g) => g,
        Err(diags) => {
            say!("{diags}");
            say!("nothing was written to {}/", target.display);
            return ExitCode::from(1);
        }
    };
    for w in generated.diagnostics.warnings() {
        say!("{w}\n");
    }
    let report = xtask::report::render(&previous, &generated.summary, &target.display);
    if check {
        check_fresh(&target, &generated.files, &report, args)
    } else {
        write_out(&target, &generated.files, &report)
    }
}

/// `--check`: compares without writing; stale output lists what differs, a
/// diff excerpt of each stale file and the change report, and fails.
fn check_fresh(target: &Target, files: &write::Files, report: &str, args: &[String]) -> ExitCode {
    let out = &target.display;
    match write::check(&target.dir, files) {
        Ok(drift) if drift.is_clean() => {
            say!("{out}/ is up to date");
            ExitCode::SUCCESS
        }
        Ok(drift) => {
            say!("{out}/ is stale:");
            for f in &drift.changed {
                say!("  changed: {out}/{f}");
            }
            for f in &drift.missing {
                say!("  missing: {out}/{f}");
            }
            for f in &drift.extra {
                say!("  not generated any more: {out}/{f}");
            }
            say_part!("{}", write::stale_diffs(&target.dir, files, &drift, 40));
            say_part!("{report}");
            say!("run `{}` to update it", regenerate_command(args));
            ExitCode::from(1)
        }
        Err(e) => {
            say!("error: cannot read {out}/: {e}");
            ExitCode::from(1)
        }
    }
}

/// Writes the crate, lists the files created, updated or removed, then the
/// change report.
fn write_out(target: &Target, files: &write::Files, report: &str) -> ExitCode {
    let out = &target.display;
    match write::write(&target.dir, files) {
        Ok(drift) if drift.is_clean() => {
            say!("{out}/ is already up to date");
            ExitCode::SUCCESS
        }
        Ok(drift) => {
            for f in &drift.changed {
                say!("  updated: {out}/{f}");
            }
            for f in &drift.missing {
                say!("  created: {out}/{f}");
            }
            for f in &drift.extra {
                say!("  removed (no longer generated): {out}/{f}");
            }
            say_part!("{report}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            say!("error: cannot write {out}/: {e}");
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
