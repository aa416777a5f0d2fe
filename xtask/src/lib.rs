//! `xtask`: an OpenAPI 3.0/3.1 → Rust generator, run as `cargo xtask codegen`.
//!
//! The pipeline is one module per stage, in order:
//! [`load`] (parse YAML/JSON) → [`resolve`] (find and check every `$ref`) →
//! [`lower`] (decide every type and name, producing the [`ir`]) → [`emit`]
//! (print tokens) → [`format`] (prettyplease) → [`write`] (swap files into
//! place, or `--check`). Beside emitting, [`summary`] digests the IR into
//! `api.json`, which [`report`] compares with the previous run's to say what
//! changed for callers. [`diag`] carries problems between stages and
//! [`names`] makes identifiers. [`generate`] runs the in-memory part and is
//! what the tests call; the binary adds the command line and the disk.

#![warn(missing_docs)]

pub mod diag;
pub mod emit;
pub mod format;
pub mod ir;
pub mod load;
pub mod lower;
pub mod names;
pub mod report;
pub mod resolve;
pub mod summary;
pub mod write;

use diag::{Diagnostic, Diagnostics};
use std::path::{Path, PathBuf};

/// What to generate.
#[derive(Debug, Clone)]
pub struct Options {
    /// The root spec file.
    pub spec: PathBuf,
    /// How to name the spec in diagnostics (the path as the user typed it).
    pub spec_display: String,
    /// Cargo package name of the generated crate (`artu-api`).
    pub crate_name: String,
}

/// A generated crate, in memory.
#[derive(Debug)]
pub struct Generated {
    /// File path relative to the crate directory → content.
    pub files: write::Files,
    /// Warnings (never errors) found along the way.
    pub diagnostics: Diagnostics,
    /// The API's summary, also in `files` as [`summary::FILE`]: what the
    /// change report compares with the previous run's.
    pub summary: summary::Summary,
}

/// The workspace root (the parent of `xtask/`).
pub fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// The value after a command-line flag such as `--out`, or the usage error.
pub fn flag_value(args: &mut std::slice::Iter<'_, String>, flag: &str) -> Result<String, String> {
    args.next()
        .cloned()
        .ok_or_else(|| format!("{flag} needs a value"))
}

/// The `[dependencies]` of every generated crate's `Cargo.toml`.
const GENERATED_DEPENDENCIES: &str = r#"backon = { version = "1", default-features = false, features = ["std"] }
base64 = "0.22"
bytes = "1"
chrono = { version = "0.4", default-features = false, features = ["serde", "std"] }
eventsource-stream = "0.2"
form_urlencoded = "1"
futures-util = { version = "0.3", default-features = false, features = ["std"] }
httpdate = "1"
percent-encoding = "2"
reqwest = { version = "0.12", default-features = false, features = ["json", "multipart", "rustls-tls", "http2", "stream"] }
serde = { version = "1.0.181", features = ["derive"] }
serde_json = "1"
serde_path_to_error = "0.1"
thiserror = "2"
tokio = { version = "1", features = ["time"] }
uuid = { version = "1", features = ["serde"] }
"#;

/// The standard library's crates: a generated crate may not take their
/// names, nor those of [`GENERATED_DEPENDENCIES`] (its `use ::serde` would
/// then name itself).
const STD_CRATES: &[&str] = &["std", "core", "alloc", "proc_macro", "test"];

/// Whether `name` (a library name, with `_`) is a standard library crate or
/// a dependency of the generated crate.
fn reserved_crate_name(name: &str) -> bool {
    STD_CRATES.contains(&name)
        || GENERATED_DEPENDENCIES
            .lines()
            .filter_map(|line| line.split_once(" = "))
            .any(|(dependency, _)| dependency.replace('-', "_") == name)
}

/// Checks a Cargo package name: ASCII letters, digits, `-` and `_`, starting
/// with a letter, and not a name [`reserved_crate_name`] refuses.
pub fn valid_crate_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && name.len() <= 64
        && !reserved_crate_name(&name.replace('-', "_"))
}

/// Stack for the pipeline's thread. Parsing, resolving, lowering and
/// formatting all recurse with the input's nesting; input depth is bounded
/// (see `load::MAX_JSON_DEPTH` and `lower`'s schema depth limit), and this
/// stack is sized so the bounded depth fits whatever thread calls us (test
/// threads get 2 MiB). Only the pages actually used are committed.
const PIPELINE_STACK: usize = 256 * 1024 * 1024;

/// Runs `f` on a thread with [`PIPELINE_STACK`] bytes of stack. A panic in
/// `f` (a generator bug) is re-raised here unchanged.
fn with_big_stack<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|scope| match spawn_big(scope, f) {
        Some(h) => h
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
        // Only when the OS refuses a thread (out of memory or thread limits).
        None => panic!("cannot start the generator's thread; the system is out of resources"),
    })
}

/// Starts `f` on a scoped thread with [`PIPELINE_STACK`] bytes of stack, or
/// `None` when the OS refuses a thread.
fn spawn_big<'scope, T: Send + 'scope>(
    scope: &'scope std::thread::Scope<'scope, '_>,
    f: impl FnOnce() -> T + Send + 'scope,
) -> Option<std::thread::ScopedJoinHandle<'scope, T>> {
    std::thread::Builder::new()
        .name("xtask-pipeline".into())
        .stack_size(PIPELINE_STACK)
        .spawn_scoped(scope, f)
        .ok()
}

/// Runs load → resolve → lower, returning the IR or every diagnostic.
pub fn lower_spec(options: &Options) -> Result<(ir::Api, Diagnostics), Diagnostics> {
    with_big_stack(|| lower_spec_here(options, &lower::NameLock::default()))
}

/// [`lower_spec`], keeping the type names `lock` gives (a previous run's).
pub fn lower_spec_locked(
    options: &Options,
    lock: &lower::NameLock,
) -> Result<(ir::Api, Diagnostics), Diagnostics> {
    with_big_stack(|| lower_spec_here(options, lock))
}

fn lower_spec_here(
    options: &Options,
    lock: &lower::NameLock,
) -> Result<(ir::Api, Diagnostics), Diagnostics> {
    let mut diags = Diagnostics::default();
    let Some(spec) = resolve::resolve(&options.spec, &options.spec_display, &mut diags) else {
        return Err(diags);
    };
    let api = lower::lower(&spec, &mut diags, lock);
    if diags.has_errors() {
        return Err(diags);
    }
    Ok((api, diags))
}

/// Runs load → resolve → lower on spec text held in memory (for fuzzing and
/// property tests). Relative file `$ref`s resolve against the current directory.
pub fn lower_text(text: &str, display: &str) -> Result<(ir::Api, Diagnostics), Diagnostics> {
    with_big_stack(|| lower_text_here(text, display))
}

fn lower_text_here(text: &str, display: &str) -> Result<(ir::Api, Diagnostics), Diagnostics> {
    let mut diags = Diagnostics::default();
    let value = match load::parse(display, text) {
        Ok(v) => v,
        Err(d) => {
            diags.push(d);
            return Err(diags);
        }
    };
    let path = Path::new(".").join(display);
    let Some(spec) = resolve::resolve_value(value, &path, display, &mut diags) else {
        return Err(diags);
    };
    let api = lower::lower(&spec, &mut diags, &lower::NameLock::default());
    if diags.has_errors() {
        return Err(diags);
    }
    Ok((api, diags))
}

/// Generates the crate's files in memory, naming every type afresh. Errors
/// are the spec's problems.
pub fn generate(options: &Options) -> Result<Generated, Diagnostics> {
    generate_locked(options, &lower::NameLock::default())
}

/// Generates the crate's files in memory, keeping the type names `lock`
/// gives: `cargo xtask codegen` passes the names of the crate it replaces
/// (its `api.json`), so regenerating renames no existing type.
pub fn generate_locked(
    options: &Options,
    lock: &lower::NameLock,
) -> Result<Generated, Diagnostics> {
    with_big_stack(|| generate_here(options, lock))
}

fn generate_here(options: &Options, lock: &lower::NameLock) -> Result<Generated, Diagnostics> {
    let (api, diagnostics) = lower_spec_here(options, lock)?;
    let mut files = write::Files::new();
    // The summary needs only the IR, so it is made while the files are formatted.
    let (formatted, summary) = std::thread::scope(|scope| {
        let summary = spawn_big(scope, || summary_of(&api));
        let formatted = format_crate(&api, &options.crate_name);
        let summary = match summary {
            Some(h) => h
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            None => summary_of(&api),
        };
        (formatted, summary)
    });
    match formatted {
        Ok(formatted) => files.extend(formatted),
        Err(message) => {
            let mut failures = Diagnostics::default();
            failures.push(Diagnostic::error(&options.spec_display, "", message));
            return Err(failures);
        }
    }
    for (stem, text) in emit::TEMPLATES {
        files.insert(
            format!("src/{stem}.rs"),
            format::template(&api.source, text),
        );
    }
    files.insert(
        "Cargo.toml".to_string(),
        cargo_toml(&api, &options.crate_name),
    );
    let (summary, summary_json) = summary;
    files.insert(summary::FILE.to_string(), summary_json);
    Ok(Generated {
        files,
        diagnostics,
        summary,
    })
}

/// The API's summary and its `api.json` text.
fn summary_of(api: &ir::Api) -> (summary::Summary, String) {
    let summary = summary::Summary::from_api(api);
    let json = summary.to_json();
    (summary, json)
}

/// At most this many threads emit and format. Each block of a file is
/// emitted and formatted by one thread ([`emit::Blocks`]), so threads share
/// the work without repeating any of it; more threads than cores only add
/// switching.
const MAX_FORMAT_THREADS: usize = 4;

/// Emits and formats `lib.rs`, `types.rs` and `client.rs` on up to
/// [`MAX_FORMAT_THREADS`] threads: path and text of each. Threads take the
/// next block from a shared counter, largest files first; the output does
/// not depend on the number of threads or on which one took which block.
fn format_crate(api: &ir::Api, crate_name: &str) -> Result<Vec<(String, String)>, String> {
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .clamp(1, MAX_FORMAT_THREADS);
    let blocks = emit::Blocks::new(api, crate_name);
    let jobs: Vec<(emit::SourceFile, usize)> = emit::SourceFile::ALL
        .iter()
        .flat_map(|&file| (0..blocks.count(file)).map(move |block| (file, block)))
        .collect();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let work = || -> Result<Vec<(usize, String)>, String> {
        let mut done = Vec::new();
        loop {
            let job = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(&(file, block)) = jobs.get(job) else {
                return Ok(done);
            };
            let (tokens, docs) = emit::docs::deferred(|| blocks.emit(file, block));
            let text = format::block(file.path(), tokens, block == 0)?;
            done.push((job, docs.fill(&text)?));
        }
    };
    let mut texts: Vec<(usize, String)> = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads)
            .filter_map(|_| spawn_big(scope, work))
            .collect();
        let mut texts = work()?;
        for helper in helpers {
            let more = helper
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
            texts.extend(more);
        }
        Ok::<_, String>(texts)
    })?;
    texts.sort_by_key(|(job, _)| *job);
    let mut texts = texts.into_iter().map(|(_, text)| text);
    Ok(emit::SourceFile::ALL
        .iter()
        .map(|&file| {
            let text = format::join(&api.source, texts.by_ref().take(blocks.count(file)));
            (file.path().to_string(), text)
        })
        .collect())
}

/// Generates the crate's models and client as one file with inline modules,
/// the form the snapshot tests keep. It compiles as a module of a crate that
/// declares the runtime modules ([`emit::TEMPLATES`], from `xtask/templates/`) at
/// its root, as `tests/src/lib.rs` does once for every golden, when the file
/// is in `tests/snapshots/` (it reaches the `request` template by a relative
/// path).
pub fn generate_single_file(options: &Options) -> Result<(String, Diagnostics), Diagnostics> {
    with_big_stack(|| generate_single_file_here(options))
}

fn generate_single_file_here(options: &Options) -> Result<(String, Diagnostics), Diagnostics> {
    let (api, diagnostics) = lower_spec_here(options, &lower::NameLock::default())?;
    let (t, docs) = emit::docs::deferred(|| emit::emit(&api, &options.crate_name));
    let (types, client) = (t.types, t.client);
    // The runtime modules are the same for every crate: the crate that
    // compiles the snapshots declares them once at its root, so each golden
    // holds only what the spec decided. All but `request`, whose `Request`
    // holds the crate's own `Client`: each golden compiles the template as
    // its own module, by a path relative to `tests/snapshots/`.
    let tokens = quote::quote! {
        pub mod types { #types }
        pub mod client { #client }
        #[path = "../../xtask/templates/request.rs"]
        pub mod request;
        pub use crate::error;
        use crate::http;
        pub use crate::pagination;
        pub use crate::response;
        pub use crate::retry;
        pub use crate::sse;
    };
    match format::file("snapshot", &api.source, tokens).and_then(|text| docs.fill(&text)) {
        Ok(text) => Ok((text, diagnostics)),
        Err(message) => {
            let mut d = Diagnostics::default();
            d.push(Diagnostic::error(&options.spec_display, "", message));
            Err(d)
        }
    }
}

/// The generated crate's manifest. The version follows `info.version` when that is semver.
fn cargo_toml(api: &ir::Api, crate_name: &str) -> String {
    let semver = {
        let core = api.version.split(['-', '+']).next().unwrap_or("");
        let parts: Vec<&str> = core.split('.').collect();
        parts.len() == 3
            && parts
                .iter()
                .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
    };
    let version = if semver {
        api.version.as_str()
    } else {
        "0.1.0"
    };
    let description = format!(
        "Async client for the {}, generated from its OpenAPI document.",
        api.title
    )
    .replace('\\', "\\\\")
    .replace('"', "\\\"")
    .replace(|c: char| c.is_control(), " ");
    format!(
        r#"# @generated by `cargo xtask codegen` from {source}. Do not edit: change the spec and regenerate.
[package]
name = "{crate_name}"
version = "{version}"
edition = "2021"
description = "{description}"
publish = false

[dependencies]
{dependencies}"#,
        source = api.source,
        dependencies = GENERATED_DEPENDENCIES,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The threaded path by blocks prints every file exactly as formatting
    /// the whole file does: no block is lost, repeated or out of order. The
    /// spec has more operations and types than one block holds.
    #[test]
    fn blocks_print_the_whole_files() {
        // `hostile` quotes wire names with control characters in its docs,
        // which must not be taken for the deferred docs' placeholders.
        for fixture in ["production", "hostile"] {
            let spec = project_root().join(format!("tests/fixtures/{fixture}.yaml"));
            let options = Options {
                spec_display: spec.display().to_string(),
                spec,
                crate_name: fixture.into(),
            };
            let (api, _) = lower_spec(&options).unwrap();
            assert!(api.types.len() > 8);
            let blocked = format_crate(&api, fixture).unwrap();
            for (file, (path, text)) in emit::SourceFile::ALL.iter().zip(&blocked) {
                assert_eq!(path, file.path());
                let tokens = emit::emit_file(&api, fixture, *file);
                let whole = format::file(path, &api.source, tokens).unwrap();
                assert_eq!(text, &whole, "{fixture}: {path}");
            }
        }
    }
}
