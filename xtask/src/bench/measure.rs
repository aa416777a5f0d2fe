//! Running one measured process: wall time and peak resident memory.
//!
//! Peak memory comes from the kernel's accounting of the reaped child
//! (`wait4`'s `ru_maxrss`), which also covers the children that child
//! reaped itself: for `cargo check` that is the largest of cargo and its
//! rustc processes. Elsewhere than Linux the peak is not reported.

use std::io;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Instant;

/// What one process run cost.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Sample {
    /// Wall-clock seconds from spawn to reaping.
    pub(crate) secs: f64,
    /// Peak resident set size in KiB, where the OS reports it.
    pub(crate) peak_kib: Option<u64>,
    /// User plus system CPU seconds, where the OS reports them: steadier than
    /// wall time when other work shares the machine.
    pub(crate) cpu: Option<f64>,
}

/// Runs `cmd` to completion with its output in `log` (overwritten). `Err`
/// carries a one-line reason: the command could not start, or failed (then
/// with the most telling line of its log).
pub(crate) fn run(cmd: &mut Command, log: &Path) -> Result<Sample, String> {
    let file =
        std::fs::File::create(log).map_err(|e| format!("cannot create {}: {e}", log.display()))?;
    let err = file
        .try_clone()
        .map_err(|e| format!("cannot open {}: {e}", log.display()))?;
    cmd.stdin(Stdio::null())
        .stdout(Stdio::from(file))
        .stderr(Stdio::from(err));
    let started = Instant::now();
    let child = cmd
        .spawn()
        .map_err(|e| format!("cannot run {:?}: {e}", cmd.get_program()))?;
    let (ok, usage) =
        wait_with_usage(child).map_err(|e| format!("cannot wait for the process: {e}"))?;
    let secs = started.elapsed().as_secs_f64();
    if ok {
        Ok(Sample {
            secs,
            peak_kib: usage.map(|u| u.0),
            cpu: usage.map(|u| u.1),
        })
    } else {
        let text = std::fs::read_to_string(log).unwrap_or_default();
        Err(failure_line(&text))
    }
}

/// The line of a failed run's output that best says why: the first error
/// line, else the last line.
pub(crate) fn failure_line(text: &str) -> String {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    // A panic's message is on the line after `thread '…' panicked at file:line:`.
    if let Some(i) = lines.iter().position(|l| l.contains("panicked at")) {
        if let Some(message) = lines.get(i + 1) {
            return shorten(&format!("panicked: {message}"));
        }
    }
    let pick = lines
        .iter()
        .find(|l| {
            let lower = l.to_lowercase();
            lower.starts_with("error") || lower.starts_with("gen fail")
        })
        .or(lines.last())
        .copied()
        .unwrap_or("failed without output");
    shorten(pick)
}

/// `text` cut to 120 characters.
fn shorten(text: &str) -> String {
    let mut line: String = text.chars().take(120).collect();
    if text.chars().count() > 120 {
        line.push('…');
    }
    line
}

/// Waits for `child`, returning whether it exited with status 0, and its peak
/// resident memory in KiB and CPU seconds.
#[cfg(target_os = "linux")]
fn wait_with_usage(child: Child) -> io::Result<(bool, Option<(u64, f64)>)> {
    // std's `Child::wait` does not return resource usage, so reap the child
    // ourselves; std never waits for it afterwards (dropping a `Child` does not wait).
    let pid = libc::pid_t::try_from(child.id())
        .map_err(|_| io::Error::other("process id out of range"))?;
    let mut status: libc::c_int = 0;
    // SAFETY: `rusage` is plain old data, for which all-zero bytes are valid.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: `pid` is our own unreaped child; both pointers are to live locals.
        let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if reaped == pid {
            break;
        }
        let error = io::Error::last_os_error();
        if error.kind() != io::ErrorKind::Interrupted {
            return Err(error);
        }
    }
    let ok = libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
    let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    let cpu = seconds(usage.ru_utime) + seconds(usage.ru_stime);
    // Linux reports `ru_maxrss` in KiB.
    Ok((ok, u64::try_from(usage.ru_maxrss).ok().map(|k| (k, cpu))))
}

/// Waits for `child`; its resource usage is unknown on this OS.
#[cfg(not(target_os = "linux"))]
fn wait_with_usage(mut child: Child) -> io::Result<(bool, Option<(u64, f64)>)> {
    Ok((child.wait()?.success(), None))
}

/// Seconds of CPU the calling thread has used (Linux), or wall seconds since
/// an arbitrary start elsewhere: differences of two calls time a stage.
pub(crate) fn thread_cpu() -> f64 {
    #[cfg(target_os = "linux")]
    {
        let mut t = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: `t` is a live, writable timespec; the clock id is a constant.
        if unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) } == 0 {
            return t.tv_sec as f64 + t.tv_nsec as f64 / 1e9;
        }
    }
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    START.get_or_init(Instant::now).elapsed().as_secs_f64()
}

/// Summary of repeated samples.
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub(crate) struct Stats {
    /// Fastest run, seconds.
    pub(crate) best: f64,
    /// Median run, seconds.
    pub(crate) median: f64,
    /// Largest peak resident memory over the runs, MiB.
    pub(crate) peak_mib: Option<f64>,
    /// Median CPU seconds (user + system), where known.
    pub(crate) cpu_median: Option<f64>,
    /// How many runs.
    pub(crate) runs: usize,
}

impl Stats {
    /// `None` without samples.
    pub(crate) fn of(samples: &[Sample]) -> Option<Stats> {
        let mut secs: Vec<f64> = samples.iter().map(|s| s.secs).collect();
        secs.sort_by(f64::total_cmp);
        let mid = median(&secs)?;
        let mut cpu: Vec<f64> = samples.iter().filter_map(|s| s.cpu).collect();
        cpu.sort_by(f64::total_cmp);
        let cpu_median = median(&cpu);
        let peak_mib = samples
            .iter()
            .filter_map(|s| s.peak_kib)
            .max()
            .map(|k| k as f64 / 1024.0);
        Some(Stats {
            best: secs[0],
            median: mid,
            peak_mib,
            cpu_median,
            runs: secs.len(),
        })
    }
}

/// The median of sorted numbers.
fn median(sorted: &[f64]) -> Option<f64> {
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2]),
        _ => Some((sorted[n / 2 - 1] + sorted[n / 2]) / 2.0),
    }
}

/// Lines in the `.rs` files under `dir` (recursively), 0 if unreadable.
pub(crate) fn rust_lines(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .map(|p| {
            if p.is_dir() {
                rust_lines(&p)
            } else if p.extension().is_some_and(|x| x == "rs") {
                std::fs::read_to_string(&p)
                    .map(|t| t.lines().count())
                    .unwrap_or(0)
            } else {
                0
            }
        })
        .sum()
}

/// Sets `path`'s modification time to now, so cargo rechecks its crate.
pub(crate) fn touch(path: &Path) -> io::Result<()> {
    std::fs::OpenOptions::new()
        .append(true)
        .open(path)?
        .set_modified(std::time::SystemTime::now())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stats_take_best_median_and_largest_peak() {
        let s = |secs, peak_kib| Sample {
            secs,
            peak_kib,
            cpu: peak_kib.map(|_| secs / 2.0),
        };
        let stats = Stats::of(&[s(3.0, Some(1024)), s(1.0, None), s(2.0, Some(4096))]).unwrap();
        assert_eq!((stats.best, stats.median, stats.runs), (1.0, 2.0, 3));
        assert_eq!((stats.peak_mib, stats.cpu_median), (Some(4.0), Some(1.25)));
        let even = Stats::of(&[s(1.0, None), s(2.0, None)]).unwrap();
        assert_eq!((even.median, even.peak_mib), (1.5, None));
        assert!(Stats::of(&[]).is_none());
    }

    #[test]
    fn failure_line_prefers_the_error() {
        let text = "TYPE SPACE\n  0 Foo\nError: unexpected version 3.1.0\n  caused by x\n";
        assert_eq!(failure_line(text), "Error: unexpected version 3.1.0");
        assert_eq!(failure_line("a\nlast\n"), "last");
        let panic = "thread 'main' (1) panicked at src/method.rs:1220:9:\nassertion failed: x <= 1\nstack backtrace:\n";
        assert_eq!(failure_line(panic), "panicked: assertion failed: x <= 1");
        assert_eq!(failure_line(""), "failed without output");
    }

    #[test]
    fn thread_cpu_time_advances_with_work() {
        let before = thread_cpu();
        let mut x = 0u64;
        for i in 0..5_000_000u64 {
            x = std::hint::black_box(x.wrapping_mul(31).wrapping_add(i));
        }
        assert!(thread_cpu() > before, "{x}");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_process_reports_its_peak_memory() {
        let log = std::env::temp_dir().join(format!("xtask-measure-{}.log", std::process::id()));
        let sample = run(Command::new("true").arg("x"), &log).unwrap();
        assert!(sample.peak_kib.is_some_and(|k| k > 0));
        assert!(sample.cpu.is_some_and(|c| c >= 0.0));
        let failed = run(&mut Command::new("false"), &log).unwrap_err();
        assert_eq!(failed, "failed without output");
        let _ = std::fs::remove_file(&log);
    }
}
