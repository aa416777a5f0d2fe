//! `cargo xtask bench`: how fast generation is, and how much memory it takes,
//! on real specs.
//!
//! For each spec it runs the in-memory pipeline (load → resolve → lower →
//! emit → format, no disk writes) several times and reports the fastest run,
//! the lines generated, and the process's peak resident memory so far (Linux
//! `VmHWM`). Build with `--release` for meaningful numbers:
//! `cargo run --release -p xtask -- bench`.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};
use xtask::{generate, project_root, Options};

/// The peak resident set size of this process in KiB, where the OS reports it.
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Entry point of `cargo xtask bench [--runs N] [SPEC]...` (default: every corpus spec).
pub(crate) fn main(args: &[String]) -> ExitCode {
    let mut runs = 3usize;
    let mut specs: Vec<PathBuf> = Vec::new();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--runs" => match it.next().and_then(|n| n.parse().ok()) {
                Some(n) if n > 0 => runs = n,
                _ => {
                    eprintln!("error: --runs needs a positive number");
                    return ExitCode::from(2);
                }
            },
            other => specs.push(PathBuf::from(other)),
        }
    }
    if specs.is_empty() {
        let dir = project_root().join("../shared/corpus");
        let Ok(entries) = std::fs::read_dir(&dir) else {
            eprintln!("error: cannot read {}", dir.display());
            return ExitCode::from(2);
        };
        specs = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "json"))
            .collect();
        specs.push(project_root().join("openapi/artu.yaml"));
        specs.sort();
    }
    println!(
        "{:<36} {:>10} {:>10} {:>12} {:>14}",
        "spec", "input KiB", "lines", "best ms", "peak RSS MiB"
    );
    for spec in specs {
        let name = spec
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let size = std::fs::metadata(&spec)
            .map(|m| m.len() / 1024)
            .unwrap_or(0);
        let options = Options {
            spec: spec.clone(),
            spec_display: name.clone(),
            crate_name: "bench".into(),
        };
        let mut best = Duration::MAX;
        let mut lines = 0usize;
        for _ in 0..runs {
            let started = Instant::now();
            match generate(&options) {
                Ok(g) => lines = crate::write::rust_lines(&g.files),
                Err(d) => {
                    println!("{name:<36} failed: {}", d.errors().count());
                    break;
                }
            }
            best = best.min(started.elapsed());
        }
        let rss = peak_rss_kib()
            .map(|k| format!("{:.0}", k as f64 / 1024.0))
            .unwrap_or_else(|| "n/a".into());
        println!(
            "{name:<36} {size:>10} {lines:>10} {:>12.1} {rss:>14}",
            best.as_secs_f64() * 1000.0
        );
    }
    ExitCode::SUCCESS
}
