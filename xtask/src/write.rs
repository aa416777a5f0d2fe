//! Write: the last pipeline stage. Puts the generated files on disk, or checks them.
//!
//! The generator owns `Cargo.toml` and everything under `src/` in the output
//! directory; anything else there (a `target/`, a README) is left alone.
//! Writing is all-or-nothing from the user's point of view: the new `src/`
//! is written to a temporary sibling and swapped in with renames, after every
//! file has been generated in memory, so an error never leaves a half-written
//! crate. Files the generator no longer produces disappear with the old `src/`
//! and are listed. `--check` compares and writes nothing.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Generated files, keyed by path relative to the output directory (`src/lib.rs`).
pub type Files = BTreeMap<String, String>;

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
    if dir.join("Cargo.toml").exists() {
        owned.push("Cargo.toml".to_string());
    }
    let mut foreign = Vec::new();
    for rel in owned {
        let text = fs::read(dir.join(&rel)).unwrap_or_default();
        let first = text.split(|b| *b == b'\n').next().unwrap_or_default();
        if !String::from_utf8_lossy(first).contains("@generated") {
            foreign.push(rel);
        }
    }
    Ok(foreign)
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
    let result = (|| -> io::Result<()> {
        for (rel, content) in files {
            let target: PathBuf = match rel.strip_prefix("src/") {
                Some(inner) => staging.join(inner),
                None => continue,
            };
            if let Some(parent) = target.parent() {
                fs::create_dir_all(parent)?;
            }
            fs::write(&target, content)?;
        }
        // Top-level files (Cargo.toml) go through a temporary file and a rename.
        for (rel, content) in files.iter().filter(|(rel, _)| !rel.starts_with("src/")) {
            let tmp = dir.join(format!(".{}.codegen-new", rel.replace('/', "_")));
            fs::write(&tmp, content)?;
            fs::rename(&tmp, dir.join(rel))?;
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
    if result.is_err() && staging.exists() {
        let _ = fs::remove_dir_all(&staging);
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
}
