//! Diagnostics: how every stage reports a problem in the user's spec.
//!
//! Each stage (load, resolve, lower) pushes [`Diagnostic`]s into a shared
//! [`Diagnostics`] list instead of returning at the first problem, so one run
//! shows the user everything that is wrong. A problem that still allows a
//! correct crate (an unsupported keyword that falls back to
//! `serde_json::Value`, say) is a warning; the run fails only when errors were
//! recorded. The printed form follows rustc: a headline, then
//! `--> file#/json/pointer`, then `= help:`.

use std::fmt;

/// How serious a [`Diagnostic`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// No correct output is possible; the run exits with status 1 and writes nothing.
    Error,
    /// The output is still correct and compiles, but something was approximated.
    Warning,
}

/// One problem found in a spec, located by file and JSON pointer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file the problem is in, as the user named it (or relative to it for `$ref`ed files).
    pub file: String,
    /// RFC 6901 JSON pointer to the offending value, `""` for the whole document.
    pub pointer: String,
    /// 1-based line and column, where the parser knows them.
    pub line_col: Option<(u32, u32)>,
    /// What is wrong, in one sentence.
    pub message: String,
    /// What to do about it, when there is something useful to say.
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error at `file#pointer`.
    pub fn error(
        file: impl Into<String>,
        pointer: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            pointer: pointer.into(),
            line_col: None,
            message: message.into(),
            help: None,
        }
    }

    /// A warning at `file#pointer`.
    pub fn warning(
        file: impl Into<String>,
        pointer: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, pointer, message)
        }
    }

    /// Adds the advice line.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds the 1-based line and column.
    pub fn at_line_col(mut self, line: usize, column: usize) -> Self {
        let clamp = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        self.line_col = Some((clamp(line), clamp(column)));
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        writeln!(f, "{level}: {}", self.message)?;
        write!(f, "  --> {}#{}", self.file, self.pointer)?;
        if let Some((line, column)) = self.line_col {
            write!(f, " (line {line}, column {column})")?;
        }
        if let Some(help) = &self.help {
            write!(f, "\n   = help: {help}")?;
        }
        Ok(())
    }
}

/// The diagnostics collected by one run, in the order they were found.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Records one diagnostic (once: a schema reached twice reports once).
    pub fn push(&mut self, diagnostic: Diagnostic) {
        if !self.items.contains(&diagnostic) {
            self.items.push(diagnostic);
        }
    }

    /// True when at least one error (not warning) was recorded.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// All diagnostics, in the order they were recorded.
    pub fn items(&self) -> &[Diagnostic] {
        &self.items
    }

    /// Only the errors.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| d.severity == Severity::Error)
    }

    /// Only the warnings.
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Warning)
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.items {
            writeln!(f, "{d}\n")?;
        }
        let errors = self.errors().count();
        let warnings = self.warnings().count();
        write!(f, "{errors} error(s), {warnings} warning(s)")
    }
}

/// Appends one reference token to a JSON pointer, escaping `~` and `/` (RFC 6901).
pub fn pointer_push(pointer: &str, token: &str) -> String {
    let mut out = String::with_capacity(pointer.len() + token.len() + 1);
    out.push_str(pointer);
    push_token(&mut out, token);
    out
}

/// Appends one escaped reference token to `pointer` in place. Walks over a
/// whole document use one buffer this way (push, recurse, truncate) instead
/// of a new string per node, which matters for multi-megabyte specs.
pub fn push_token(pointer: &mut String, token: &str) {
    pointer.push('/');
    if !token.contains(['~', '/']) {
        pointer.push_str(token);
        return;
    }
    for c in token.chars() {
        match c {
            '~' => pointer.push_str("~0"),
            '/' => pointer.push_str("~1"),
            c => pointer.push(c),
        }
    }
}

/// One JSON pointer reference token with its `~1` and `~0` escapes undone (RFC 6901).
pub fn unescape_token(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// Splits a JSON pointer into unescaped reference tokens; `None` if it does not start with `/`.
pub fn pointer_tokens(pointer: &str) -> Option<Vec<String>> {
    if pointer.is_empty() {
        return Some(Vec::new());
    }
    let rest = pointer.strip_prefix('/')?;
    Some(rest.split('/').map(unescape_token).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_escapes_round_trip() {
        let p = pointer_push(&pointer_push("", "paths"), "/pets/{id}~x");
        assert_eq!(p, "/paths/~1pets~1{id}~0x");
        assert_eq!(
            pointer_tokens(&p).unwrap(),
            vec!["paths".to_string(), "/pets/{id}~x".to_string()]
        );
        assert_eq!(pointer_tokens("no-slash"), None);
    }

    #[test]
    fn display_names_file_pointer_and_help() {
        let d = Diagnostic::error("openapi/a.yaml", "/paths/~1x", "bad thing")
            .with_help("fix it")
            .at_line_col(3, 4);
        assert_eq!(
            d.to_string(),
            "error: bad thing\n  --> openapi/a.yaml#/paths/~1x (line 3, column 4)\n   = help: fix it"
        );
    }
}
