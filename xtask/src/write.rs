//! Write: the last pipeline stage. Puts the generated files on disk, or checks them.
//!
//! The generator owns the top-level files in [`OWNED_TOP_LEVEL`] (`Cargo.toml`
//! and the API summary `api.json`) and everything under `src/` in the output
//! directory; anything else there (a `target/`, a README) is left alone.
//! Writing is all-or-nothing from the user's point of view: the new `src/`
//! and the new top-level files are all written to temporary siblings first,
//! after every file has been generated in memory, and only then renamed into
//! place, so an error never leaves a half-written crate. Files the generator
//! no longer produces disappear with the old `src/` and are listed.
//! `--check` compares and writes nothing; [`diff_excerpt`] shows how a stale
//! file differs.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Generated files, keyed by path relative to the output directory (`src/lib.rs`).
pub type Files = BTreeMap<String, String>;

/// Lines of Rust among `files` (what bench and corpus report as generated;
/// `Cargo.toml` and `api.json` are not code).
pub fn rust_lines(files: &Files) -> usize {
    files
        .iter()
        .filter(|(rel, _)| rel.ends_with(".rs"))
        .map(|(_, text)| text.lines().count())
        .sum()
}

/// What differs between the generated files and the output directory.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Drift {
    /// Generated files whose content differs on disk.
    pub changed: Vec<String>,
    /// Generated files missing on disk.
    pub missing: Vec<String>,
    /// Files on disk the generator does not produce (under `src/`).
    pub extra: Vec<String>,
}

impl Drift {
    /// True when the directory matches.
    pub fn is_clean(&self) -> bool {
        self.changed.is_empty() && self.missing.is_empty() && self.extra.is_empty()
    }
}

/// The files outside `src/` that the generator writes and may replace.
pub const OWNED_TOP_LEVEL: [&str; 2] = ["Cargo.toml", crate::summary::FILE];

/// Every file under `dir/src`, relative to `dir`, with `/` separators.
fn existing_src(dir: &Path) -> io::Result<Vec<String>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.join("src")];
    while let Some(d) = stack.pop() {
        let entries = match fs::read_dir(&d) {
            Ok(e) => e,
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e),
        };
        for entry in entries {
            let entry = entry?;
            let path = entry.path();
            if entry.file_type()?.is_dir() {
                stack.push(path);
            } else if let Ok(rel) = path.strip_prefix(dir) {
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Compares `files` with `dir` without writing anything.
pub fn check(dir: &Path, files: &Files) -> io::Result<Drift> {
    let mut drift = Drift::default();
    for (rel, content) in files {
        match fs::read(dir.join(rel)) {
            Ok(bytes) if bytes == content.as_bytes() => {}
            Ok(_) => drift.changed.push(rel.clone()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => drift.missing.push(rel.clone()),
            Err(e) => return Err(e),
        }
    }
    drift.extra = existing_src(dir)?
        .into_iter()
        .filter(|f| !files.contains_key(f))
        .collect();
    Ok(drift)
}

/// Files under `dir` that the generator would replace or delete but did not
/// write itself (no `@generated` marker on their first line).
pub fn foreign_files(dir: &Path) -> io::Result<Vec<String>> {
    let mut owned = existing_src(dir)?;
    for top in OWNED_TOP_LEVEL {
        if dir.join(top).exists() {
            owned.push(top.to_string());
        }
    }
    let mut foreign = Vec::new();
    for rel in owned {
        // The marker is at the start: a large `types.rs` or `api.json` is
        // not read whole just to find it (`check` reads what it compares).
        let mut start = Vec::new();
        if let Ok(file) = fs::File::open(dir.join(&rel)) {
            io::Read::read_to_end(&mut io::Read::take(file, MARKER_WINDOW), &mut start)?;
        }
        if !has_marker(&rel, &start) {
            foreign.push(rel);
        }
    }
    foreign.sort();
    Ok(foreign)
}

/// How much of a file [`has_marker`] reads: the header line, or the JSON
/// object's first key, is far shorter.
const MARKER_WINDOW: u64 = 4096;

/// Whether a file, from its first bytes, says the generator wrote it:
/// `@generated` on the first line, or, for JSON (which has no comments), an
/// object whose first key is `"@generated"`.
fn has_marker(rel: &str, text: &[u8]) -> bool {
    if rel.ends_with(".json") {
        let rest = text.trim_ascii_start();
        return rest
            .strip_prefix(b"{")
            .map(<[u8]>::trim_ascii_start)
            .and_then(|rest| rest.strip_prefix(b"\"@generated\""))
            .is_some_and(|rest| rest.trim_ascii_start().starts_with(b":"));
    }
    let first = text.split(|b| *b == b'\n').next().unwrap_or_default();
    String::from_utf8_lossy(first).contains("@generated")
}

/// The first `max_lines` lines of a unified diff from `old` (on disk) to
/// `new` (generated), labelled with `rel`, and a line saying how many more
/// there are.
pub fn diff_excerpt(rel: &str, old: &str, new: &str, max_lines: usize) -> String {
    let diff = similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(2)
        .header(&format!("{rel} (on disk)"), &format!("{rel} (generated)"))
        .to_string();
    let lines: Vec<&str> = diff.lines().collect();
    let mut out: String = lines
        .iter()
        .take(max_lines)
        .map(|l| format!("{l}\n"))
        .collect();
    if lines.len() > max_lines {
        out.push_str(&format!("… {} more diff lines\n", lines.len() - max_lines));
    }
    out
}

/// [`diff_excerpt`] for each file in `drift.changed`, reading the old text from `dir`.
pub fn stale_diffs(dir: &Path, files: &Files, drift: &Drift, max_lines: usize) -> String {
    drift
        .changed
        .iter()
        .filter_map(|rel| {
            let new = files.get(rel)?;
            let old = fs::read(dir.join(rel)).ok()?;
            Some(diff_excerpt(
                rel,
                &String::from_utf8_lossy(&old),
                new,
                max_lines,
            ))
        })
        .collect()
}

/// Where a top-level file waits before it is renamed into place.
fn staged_top_level(dir: &Path, rel: &str) -> PathBuf {
    dir.join(format!(".{}.codegen-new", rel.replace('/', "_")))
}

/// Writes `files` into `dir`, replacing `dir/src` as a whole. Returns what
/// changed. Refuses, writing nothing, when `Cargo.toml` or anything under
/// `src/` was not written by the generator: that is someone's own code.
pub fn write(dir: &Path, files: &Files) -> io::Result<Drift> {
    let foreign = foreign_files(dir)?;
    if !foreign.is_empty() {
        return Err(io::Error::other(format!(
            "refusing to replace files the generator did not write: {} (choose an empty directory, or delete them)",
            foreign.join(", ")
        )));
    }
    let drift = check(dir, files)?;
    if drift.is_clean() {
        return Ok(drift);
    }
    fs::create_dir_all(dir)?;
    let staging = dir.join(".src.codegen-new");
    let retired = dir.join(".src.codegen-old");
    for stale in [&staging, &retired] {
        if stale.exists() {
            fs::remove_dir_all(stale)?;
        }
    }
    // Top-level files (Cargo.toml, api.json) go through temporary files that
    // are renamed only once everything is on disk.
    let top_level: Vec<(PathBuf, PathBuf)> = files
        .keys()
        .filter(|rel| !rel.starts_with("src/"))
        .map(|rel| (staged_top_level(dir, rel), dir.join(rel)))
        .collect();
    let result = (|| -> io::Result<()> {
        // `src/` is replaced as a whole, even by an empty one.
        fs::create_dir_all(&staging)?;
        for (rel, content) in files {
            let target: PathBuf = match rel.strip_prefix("src/") {
                Some(inner) => staging.join(inner),
                None => staged_top_level(dir, rel),
            };
            if let Some(parent) = target.parent() {
                fs::create_dir_all(parent)?;
            }
            fs::write(&target, content)?;
        }
        for (tmp, target) in &top_level {
            fs::rename(tmp, target)?;
        }
        let src = dir.join("src");
        if src.exists() {
            fs::rename(&src, &retired)?;
        }
        fs::rename(&staging, &src)?;
        if retired.exists() {
            fs::remove_dir_all(&retired)?;
        }
        Ok(())
    })();
    if result.is_err() {
        if staging.exists() {
            let _ = fs::remove_dir_all(&staging);
        }
        for (tmp, _) in &top_level {
            let _ = fs::remove_file(tmp);
        }
    }
    result.map(|()| drift)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-write-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn write_refuses_to_replace_foreign_files() {
        let dir = scratch("foreign");
        fs::create_dir_all(dir.join("src")).unwrap();
        fs::write(dir.join("src/main.rs"), "fn main() {}").unwrap();
        let files: Files = [("src/lib.rs".to_string(), "// @generated\n".to_string())].into();
        let err = write(&dir, &files).unwrap_err();
        assert!(err.to_string().contains("src/main.rs"), "{err}");
        assert_eq!(
            fs::read_to_string(dir.join("src/main.rs")).unwrap(),
            "fn main() {}"
        );
        assert!(!dir.join("src/lib.rs").exists());
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn write_replaces_src_removes_stale_and_keeps_other_files() {
        let dir = scratch("replace");
        fs::create_dir_all(dir.join("src")).unwrap();
        fs::create_dir_all(dir.join("target")).unwrap();
        fs::write(dir.join("src/old.rs"), "// @generated old").unwrap();
        fs::write(dir.join("target/keep"), "keep").unwrap();
        let files: Files = [
            ("Cargo.toml".to_string(), "[package]".to_string()),
            ("src/lib.rs".to_string(), "lib".to_string()),
        ]
        .into();
        let drift = write(&dir, &files).unwrap();
        assert_eq!(drift.extra, vec!["src/old.rs"]);
        assert_eq!(drift.missing, vec!["Cargo.toml", "src/lib.rs"]);
        assert!(!dir.join("src/old.rs").exists());
        assert_eq!(fs::read_to_string(dir.join("target/keep")).unwrap(), "keep");
        assert!(check(&dir, &files).unwrap().is_clean());
        fs::write(dir.join("src/lib.rs"), "// @generated, then edited").unwrap();
        assert_eq!(check(&dir, &files).unwrap().changed, vec!["src/lib.rs"]);
        fs::remove_dir_all(&dir).unwrap();
    }

    /// `api.json` is generator-owned: replaced when it has the `"@generated"`
    /// first key, refused (like hand-written code) when it has not.
    #[test]
    fn api_json_needs_its_marker_key() {
        assert!(has_marker(
            "api.json",
            b"{\n  \"@generated\": \"x\",\n  \"a\": 1\n}\n"
        ));
        assert!(!has_marker(
            "api.json",
            b"{\"a\": 1, \"@generated\": \"x\"}"
        ));
        assert!(!has_marker("api.json", b"// @generated\n"));
        let dir = scratch("api-json");
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("api.json"), "{\"mine\": true}\n").unwrap();
        let files: Files = [("api.json".to_string(), "{}".to_string())].into();
        let err = write(&dir, &files).unwrap_err();
        assert!(err.to_string().contains("api.json"), "{err}");
        fs::write(dir.join("api.json"), "{\"@generated\": \"old\"}\n").unwrap();
        assert_eq!(write(&dir, &files).unwrap().changed, vec!["api.json"]);
        assert_eq!(fs::read_to_string(dir.join("api.json")).unwrap(), "{}");
        assert!(!dir.join(".api.json.codegen-new").exists());
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn diff_excerpt_is_unified_and_cut() {
        let old: String = (0..100).map(|i| format!("{i}\n")).collect();
        let new = old.replace("10\n", "ten\n").replace("60\n", "sixty\n");
        let diff = diff_excerpt("src/a.rs", &old, &new, 8);
        assert_eq!(
            diff,
            "--- src/a.rs (on disk)\n+++ src/a.rs (generated)\n@@ -9,5 +9,5 @@\n 8\n 9\n-10\n+ten\n 11\n… 8 more diff lines\n"
        );
    }
}
