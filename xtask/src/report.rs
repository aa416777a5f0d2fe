//! The change report: what a regeneration means for callers.
//!
//! It runs after [`crate::write`] (or beside `--check`): [`compare`] takes the
//! [`Summary`] of the API the output directory held (read back from its
//! `api.json`) and the summary of the API just generated, and lists every
//! operation and type added or removed, every field, argument, variant and
//! return type that changed, each marked breaking or compatible from the
//! caller's point of view. It compares summaries of the IR, never Rust text.
//! Types and operations are matched by Rust name, so a renamed schema shows
//! as one type removed and one added.
//!
//! The rules, which the README repeats:
//! - anything removed (operation, type, field, argument, setter, variant) is breaking;
//! - anything added is compatible, except: a new required argument; a new
//!   field callers must fill in (not an `Option`) in a type they send; a new
//!   variant in a request-only enum (issue 12's rule: callers construct those
//!   values and never match on them, so the `Unknown` catch-all gives no
//!   cover); and a new variant in an enum without an `Unknown` catch-all
//!   (status enums, untagged unions), which an exhaustive `match` must name;
//! - a new variant in a string or integer enum (or tagged union) that callers
//!   receive is compatible: they already handle `Unknown`, which is where
//!   that value used to arrive;
//! - any change of a Rust type (field, argument, success or error type, alias)
//!   is breaking, widening an integer (`u8` → `u64`) included: every old
//!   value still fits, but the field's Rust type changes;
//! - a field that becomes required in a type callers send is breaking.

use crate::summary::{Direction, OperationSummary, Previous, Summary, TypeSummary};
use std::collections::BTreeMap;
use std::fmt;

/// One line of the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// True when existing callers may stop compiling or behave differently.
    pub breaking: bool,
    /// What changed, one line.
    pub text: String,
}

/// Every change between two summaries, in a fixed order: operations, then
/// types, each by Rust name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// The changes.
    pub changes: Vec<Change>,
}

impl Report {
    /// True when nothing a caller can see changed.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// How many changes are breaking.
    pub fn breaking(&self) -> usize {
        self.changes.iter().filter(|c| c.breaking).count()
    }

    fn push(&mut self, breaking: bool, text: String) {
        self.changes.push(Change { breaking, text });
    }
}

/// Breaking changes first (what a reviewer must see), then compatible ones;
/// nothing at all when nothing changed.
impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_empty() {
            return Ok(());
        }
        let breaking = self.breaking();
        writeln!(
            f,
            "API changes: {breaking} breaking, {} compatible",
            self.changes.len() - breaking
        )?;
        for want in [true, false] {
            for c in self.changes.iter().filter(|c| c.breaking == want) {
                let mark = if c.breaking { "breaking" } else { "compatible" };
                writeln!(f, "  {mark:<10}  {}", c.text)?;
            }
        }
        Ok(())
    }
}

/// The report printed after writing to (or checking) `dir_display`: the
/// changes since `previous`, or why there is no comparison. Empty when
/// nothing changed.
pub fn render(previous: &Previous, new: &Summary, dir_display: &str) -> String {
    match previous {
        Previous::Summary(old) => compare(old, new).to_string(),
        Previous::Fresh => String::new(),
        Previous::Missing => format!(
            "no change report: {dir_display}/{} did not exist before\n",
            crate::summary::FILE
        ),
        Previous::Unreadable(why) => format!(
            "no change report: {dir_display}/{} cannot be read ({why})\n",
            crate::summary::FILE
        ),
    }
}

/// Everything that changed from `old` to `new`.
pub fn compare(old: &Summary, new: &Summary) -> Report {
    let mut report = Report::default();
    for (name, side) in pair(&old.operations, &new.operations) {
        match side {
            (Some(o), None) => {
                report.push(true, format!("operation `{name}` removed ({})", o.http))
            }
            (None, Some(n)) => report.push(false, format!("operation `{name}` added ({})", n.http)),
            (Some(o), Some(n)) => operation(&mut report, name, o, n),
            (None, None) => {}
        }
    }
    for (name, side) in pair(&old.types, &new.types) {
        match side {
            (Some(_), None) => report.push(true, format!("type `{name}` removed")),
            (None, Some(n)) => report.push(false, format!("type `{name}` added ({})", n.kind)),
            (Some(o), Some(n)) => match same_enum_renamed(old, new, o, n) {
                Some(text) => report.push(false, format!("type `{name}`: {text}")),
                None => type_change(&mut report, name, o, n),
            },
            (None, None) => {}
        }
    }
    report
}

/// An error enum that became an alias of an identical one, or the reverse:
/// operations with the same error responses share one enum, named after the
/// first of them, so adding an operation can move which name is the enum and
/// which the alias. The name still means the same type, variants and all
/// (`Alias::Variant` works), so callers see no change. The note, if so.
fn same_enum_renamed(
    old_all: &Summary,
    new_all: &Summary,
    old: &TypeSummary,
    new: &TypeSummary,
) -> Option<String> {
    // The enum a summary names: itself, or the error enum it aliases.
    let resolve =
        |all: &'_ Summary, t: &'_ TypeSummary| -> Option<(String, BTreeMap<String, String>)> {
            match t.kind.as_str() {
                "error-enum" => Some((String::new(), t.variants.clone())),
                "alias" => {
                    let target = t.target.as_deref()?;
                    let aliased = all.types.get(target)?;
                    (aliased.kind == "error-enum")
                        .then(|| (target.to_string(), aliased.variants.clone()))
                }
                _ => None,
            }
        };
    if old.kind == new.kind {
        return None;
    }
    let (_, before) = resolve(old_all, old)?;
    let (target, after) = resolve(new_all, new)?;
    (before == after).then(|| {
        if target.is_empty() {
            "now the shared error enum it was an alias of (same variants)".to_string()
        } else {
            format!("now an alias of `{target}`, the shared error enum with the same variants")
        }
    })
}

/// A key's value before and after (`None` where it is absent).
type Sides<'a, V> = (Option<&'a V>, Option<&'a V>);

/// The union of two maps' keys, sorted, each with its value on either side.
fn pair<'a, V>(
    old: &'a BTreeMap<String, V>,
    new: &'a BTreeMap<String, V>,
) -> Vec<(&'a str, Sides<'a, V>)> {
    let mut keys: Vec<&str> = old.keys().chain(new.keys()).map(String::as_str).collect();
    keys.sort_unstable();
    keys.dedup();
    keys.into_iter()
        .map(|k| (k, (old.get(k), new.get(k))))
        .collect()
}

fn operation(report: &mut Report, name: &str, old: &OperationSummary, new: &OperationSummary) {
    let args = |s: &OperationSummary| -> BTreeMap<String, String> {
        s.arguments
            .iter()
            .map(|a| (a.name.clone(), a.r#type.clone()))
            .collect()
    };
    let (old_args, new_args) = (args(old), args(new));
    for (arg, side) in pair(&old_args, &new_args) {
        match side {
            (None, Some(t)) if old.options.contains_key(arg) => report.push(
                true,
                format!("`{name}`: optional `{arg}` is now a required argument (`{t}`)"),
            ),
            (None, Some(t)) => report.push(
                true,
                format!("`{name}`: new required argument `{arg}: {t}`"),
            ),
            (Some(_), None) if new.options.contains_key(arg) => report.push(
                true,
                format!("`{name}`: argument `{arg}` is now optional (a setter on the builder)"),
            ),
            (Some(_), None) => report.push(true, format!("`{name}`: argument `{arg}` removed")),
            (Some(a), Some(b)) if a != b => report.push(
                true,
                format!(
                    "`{name}`: argument `{arg}`: type `{a}` → `{b}`{}",
                    int_note(a, b)
                ),
            ),
            _ => {}
        }
    }
    let names = |s: &OperationSummary| {
        s.arguments
            .iter()
            .map(|a| a.name.clone())
            .collect::<Vec<_>>()
    };
    let (mut o, mut n) = (names(old), names(new));
    o.retain(|a| new_args.contains_key(a));
    n.retain(|a| old_args.contains_key(a));
    if o != n {
        report.push(
            true,
            format!("`{name}`: arguments reordered ({})", n.join(", ")),
        );
    }
    setters(report, name, old, new);
    if old.success != new.success {
        let note = int_note(&old.success, &new.success);
        report.push(
            true,
            format!(
                "`{name}`: success type `{}` → `{}`{note}",
                old.success, new.success
            ),
        );
    }
    match (&old.error, &new.error) {
        (None, Some(e)) => report.push(
            false,
            format!("`{name}`: error bodies now documented (`{e}`)"),
        ),
        (Some(e), None) => report.push(true, format!("`{name}`: error type `{e}` removed")),
        (Some(a), Some(b)) if a != b => {
            report.push(true, format!("`{name}`: error type `{a}` → `{b}`"))
        }
        _ => {}
    }
    if old.http != new.http {
        report.push(
            false,
            format!("`{name}`: now `{}` (was `{}`)", new.http, old.http),
        );
    }
}

/// Optional parameters (builder setters); moves to and from the arguments
/// are reported by [`operation`].
fn setters(report: &mut Report, name: &str, old: &OperationSummary, new: &OperationSummary) {
    let is_arg = |s: &OperationSummary, p: &str| s.arguments.iter().any(|a| a.name == p);
    for (p, side) in pair(&old.options, &new.options) {
        match side {
            (None, Some(t)) if !is_arg(old, p) => report.push(
                false,
                format!("`{name}`: optional parameter `{p}: {t}` added"),
            ),
            (Some(_), None) if !is_arg(new, p) => {
                report.push(true, format!("`{name}`: optional parameter `{p}` removed"))
            }
            (Some(a), Some(b)) if a != b => report.push(
                true,
                format!(
                    "`{name}`: optional parameter `{p}`: type `{a}` → `{b}`{}",
                    int_note(a, b)
                ),
            ),
            _ => {}
        }
    }
}

const INTS: [&str; 8] = ["i8", "i16", "i32", "i64", "u8", "u16", "u32", "u64"];

/// Says why an integer change breaks callers although the values still fit.
fn int_note(old: &str, new: &str) -> &'static str {
    let strip = |t: &str| -> String {
        t.strip_prefix("Option<")
            .and_then(|t| t.strip_suffix('>'))
            .unwrap_or(t)
            .to_string()
    };
    let (a, b) = (strip(old), strip(new));
    let width = |t: &str| t[1..].parse::<u32>().unwrap_or(0);
    if INTS.contains(&a.as_str()) && INTS.contains(&b.as_str()) && width(&b) > width(&a) {
        " (a wider integer: old values still fit, but the Rust type changes)"
    } else {
        ""
    }
}

fn type_change(report: &mut Report, name: &str, old: &TypeSummary, new: &TypeSummary) {
    if old.kind != new.kind {
        report.push(
            true,
            format!(
                "type `{name}`: was {} {}, now {} {}",
                article(&old.kind),
                old.kind,
                article(&new.kind),
                new.kind
            ),
        );
        return;
    }
    if old.target != new.target {
        let show = |t: &Option<String>| {
            t.as_deref()
                .map_or("none".to_string(), |t| format!("`{t}`"))
        };
        let what = if new.kind == "alias" {
            "aliased type"
        } else {
            "type of extra keys"
        };
        let note = match (&old.target, &new.target) {
            (Some(a), Some(b)) => int_note(a, b),
            _ => "",
        };
        report.push(
            true,
            format!(
                "`{name}`: {what} {} → {}{note}",
                show(&old.target),
                show(&new.target)
            ),
        );
    }
    fields(report, name, old, new);
    variants(report, name, old, new);
}

fn fields(report: &mut Report, name: &str, old: &TypeSummary, new: &TypeSummary) {
    let sent = new.direction.sent();
    for (field, side) in pair(&old.fields, &new.fields) {
        let at = format!("`{name}.{field}`");
        match side {
            (Some(_), None) => report.push(true, format!("{at}: field removed")),
            (None, Some(f)) => {
                let must_fill = !f.r#type.starts_with("Option<") && f.r#type != "Value";
                // "Optional" describes the wire; a field the caller sends and
                // must fill in (not an `Option`) is named for what it asks.
                let which = match (f.required, sent && must_fill) {
                    (_, true) => "field callers must set",
                    (true, false) => "required field",
                    (false, false) => "optional field",
                };
                let text = format!("{at}: {which} added (`{}`)", f.r#type);
                report.push(sent && must_fill, text);
            }
            (Some(a), Some(b)) => {
                if a.r#type != b.r#type {
                    let how = match (a.required, b.required) {
                        (false, true) => ", now required",
                        (true, false) => ", now optional",
                        _ => "",
                    };
                    let note = int_note(&a.r#type, &b.r#type);
                    report.push(
                        true,
                        format!("{at}: type `{}` → `{}`{how}{note}", a.r#type, b.r#type),
                    );
                } else if a.required != b.required {
                    // Same Rust type (`Option` either way, e.g. readOnly):
                    // only the server's expectation changed.
                    let now = if b.required { "required" } else { "optional" };
                    report.push(
                        b.required && sent,
                        format!("{at}: now {now} (Rust type unchanged)"),
                    );
                }
            }
            (None, None) => {}
        }
    }
}

fn variants(report: &mut Report, name: &str, old: &TypeSummary, new: &TypeSummary) {
    let payload = matches!(new.kind.as_str(), "union" | "status-enum" | "error-enum");
    for (variant, side) in pair(&old.variants, &new.variants) {
        match side {
            (Some(_), None) => report.push(true, format!("`{name}`: variant `{variant}` removed")),
            (None, Some(_)) => {
                let (breaking, why) = added_variant(new);
                report.push(
                    breaking,
                    format!("`{name}`: variant `{variant}` added ({why})"),
                );
            }
            (Some(a), Some(b)) if a != b && payload => {
                report.push(true, format!("`{name}::{variant}`: payload `{a}` → `{b}`"))
            }
            (Some(a), Some(b)) if a != b => report.push(
                true,
                format!("`{name}::{variant}`: value `{a}` → `{b}` on the wire"),
            ),
            _ => {}
        }
    }
}

/// Whether a new variant breaks callers, and why.
fn added_variant(t: &TypeSummary) -> (bool, &'static str) {
    match (t.direction, &t.unknown) {
        (Direction::Request, _) => (true, "request-only enum"),
        (_, Some(_)) => (false, "callers already handle `Unknown`"),
        (_, None) => (true, "no `Unknown` catch-all: a `match` must name it"),
    }
}

/// "a" or "an" before a type kind (`an enum`, `a struct`).
fn article(kind: &str) -> &'static str {
    match kind.chars().next() {
        Some('a' | 'e' | 'i' | 'o' | 'u') => "an",
        _ => "a",
    }
}
