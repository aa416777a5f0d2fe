//! Resolve: the second pipeline stage. Finds every `$ref`, loads the files
//! they point into, and checks that each one lands on a value.
//!
//! The output is a [`Spec`]: the root document plus every file reached through
//! relative `$ref`s, addressed by [`Loc`] (file index + JSON pointer). Refs are
//! not inlined: lowering follows them through [`Spec::follow`], so a
//! `components/schemas` ref can become a named type. Literal data is never
//! searched for refs (`example`, `examples` values, `default`, `enum`,
//! `const` and `x-` extensions), because a `"$ref"` key inside an example is
//! just data. Remote (`http:`/`https:`) refs are refused outright so the
//! generator never touches the network, and file refs may not leave the
//! directory that holds the root spec.

use crate::diag::{pointer_push, push_token, Diagnostic, Diagnostics};
use crate::load::{self, Version};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A place in the spec: which file, and where in it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Loc {
    /// Index into [`Spec::files`].
    pub file: usize,
    /// RFC 6901 JSON pointer within that file.
    pub pointer: String,
}

impl Loc {
    /// The location of the child `token` of this value.
    pub fn child(&self, token: &str) -> Loc {
        Loc {
            file: self.file,
            pointer: pointer_push(&self.pointer, token),
        }
    }
}

/// One parsed file of the spec.
#[derive(Debug)]
pub struct SpecFile {
    /// Name used in diagnostics and generated docs: the path as the user gave
    /// it for the root, and relative to the root's directory for the others.
    pub display: String,
    /// Name used in generated docs: the file name for the root, so output does
    /// not depend on where the generator was run from.
    pub doc_name: String,
    /// Canonical path on disk, used to deduplicate files reached by several refs.
    pub path: PathBuf,
    /// The parsed document.
    pub value: Value,
}

/// A spec whose every `$ref` is known to resolve.
#[derive(Debug)]
pub struct Spec {
    /// The root document is file 0.
    pub files: Vec<SpecFile>,
    /// OpenAPI 3.0 or 3.1, from the root document.
    pub version: Version,
}

/// The value at an RFC 6901 `pointer` in `root`, as `Value::pointer` finds
/// it, without allocating a string per token: lowering looks values up by
/// pointer all the time, and serde_json's lookup unescapes (and so copies)
/// every token, which was half of lowering.
fn pointer<'v>(root: &'v Value, pointer: &str) -> Option<&'v Value> {
    if pointer.is_empty() {
        return Some(root);
    }
    pointer
        .strip_prefix('/')?
        .split('/')
        .try_fold(root, |target, token| {
            let token: std::borrow::Cow<'_, str> = if token.contains('~') {
                token.replace("~1", "/").replace("~0", "~").into()
            } else {
                token.into()
            };
            match target {
                Value::Object(map) => map.get(token.as_ref()),
                Value::Array(list) => array_index(&token).and_then(|i| list.get(i)),
                _ => None,
            }
        })
}

/// An array index token as RFC 6901 allows it: digits, no leading zero.
fn array_index(token: &str) -> Option<usize> {
    let digits = !token.is_empty() && token.bytes().all(|b| b.is_ascii_digit());
    if !digits || (token.len() > 1 && token.starts_with('0')) {
        return None;
    }
    token.parse().ok()
}

/// Pointer chains longer than this are reported instead of followed.
const MAX_REF_CHAIN: usize = 64;

impl Spec {
    /// The value at `loc`, if there is one.
    pub fn get(&self, loc: &Loc) -> Option<&Value> {
        pointer(&self.files.get(loc.file)?.value, &loc.pointer)
    }

    /// The root location.
    pub fn root(&self) -> Loc {
        Loc {
            file: 0,
            pointer: String::new(),
        }
    }

    /// `file#pointer` for generated docs.
    pub fn describe(&self, loc: &Loc) -> String {
        format!("{}#{}", self.files[loc.file].doc_name, loc.pointer)
    }

    /// An error diagnostic at `loc`.
    pub fn error(&self, loc: &Loc, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(&self.files[loc.file].display, &loc.pointer, message)
    }

    /// A warning diagnostic at `loc`.
    pub fn warning(&self, loc: &Loc, message: impl Into<String>) -> Diagnostic {
        Diagnostic::warning(&self.files[loc.file].display, &loc.pointer, message)
    }

    /// Where a `$ref` string written at `from` points. Only files already loaded
    /// by [`resolve`] are known, which is every file a valid ref can reach.
    pub fn target(&self, from: &Loc, reference: &str) -> Option<Loc> {
        let (file_part, pointer) = split_ref(reference);
        let file = if file_part.is_empty() {
            from.file
        } else {
            let base = self.files[from.file].path.parent()?.join(file_part);
            let canonical = base.canonicalize().ok()?;
            self.files.iter().position(|f| f.path == canonical)?
        };
        Some(Loc {
            file,
            pointer: decode_fragment(pointer),
        })
    }

    /// Follows `$ref`s from `loc` until a value that is not a ref; returns that
    /// value's location. `None` only for broken refs, which [`resolve`] has
    /// already reported (so lowering can skip them silently).
    pub fn follow(&self, loc: &Loc) -> Option<Loc> {
        let mut here = loc.clone();
        for _ in 0..MAX_REF_CHAIN {
            let value = self.get(&here)?;
            match value.get("$ref").and_then(Value::as_str) {
                Some(r) => here = self.target(&here, r)?,
                None => return Some(here),
            }
        }
        None
    }
}

/// Splits `other.yaml#/a/b` into the file part and the pointer part.
fn split_ref(reference: &str) -> (&str, &str) {
    match reference.split_once('#') {
        Some((file, pointer)) => (file, pointer),
        None => (reference, ""),
    }
}

/// Undoes URI percent-encoding in a fragment (`%7B` → `{`), as refs into
/// `paths` often need.
fn decode_fragment(pointer: &str) -> String {
    let bytes = pointer.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && bytes[i + 1].is_ascii_hexdigit()
            && bytes[i + 2].is_ascii_hexdigit()
        {
            let hex = |b: u8| (b as char).to_digit(16).unwrap_or(0) as u8;
            out.push(hex(bytes[i + 1]) * 16 + hex(bytes[i + 2]));
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| pointer.to_string())
}

/// Keys whose values are literal data, never searched for `$ref`.
fn is_literal_key(key: &str) -> bool {
    matches!(key, "example" | "default" | "enum" | "const") || key.starts_with("x-")
}

/// Keys whose value is a map from user-chosen names to objects: the names in
/// it are not keywords, so a property called `example` is still a schema.
fn is_name_map_key(key: &str) -> bool {
    matches!(
        key,
        "properties"
            | "patternProperties"
            | "$defs"
            | "definitions"
            | "dependentSchemas"
            | "schemas"
            | "responses"
            | "parameters"
            | "requestBodies"
            | "headers"
            | "securitySchemes"
            | "links"
            | "callbacks"
            | "pathItems"
            | "paths"
            | "webhooks"
            | "content"
            | "encoding"
            | "variables"
    )
}

/// Loads the root spec at `path` and every file its refs reach, and checks each ref.
/// Errors are pushed to `diags`; `None` means nothing usable could be loaded.
pub fn resolve(path: &Path, display: &str, diags: &mut Diagnostics) -> Option<Spec> {
    let value = match load::read(path, display) {
        Ok(v) => v,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    resolve_value(value, path, display, diags)
}

/// Like [`resolve`], for a root document already parsed; `path` locates
/// files that relative `$ref`s name (it need not exist when there are none).
pub fn resolve_value(
    value: Value,
    path: &Path,
    display: &str,
    diags: &mut Diagnostics,
) -> Option<Spec> {
    let version = match load::check_root(display, &value) {
        Ok(v) => v,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let canonical = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    let root_dir = canonical
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let doc_name = canonical
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| display.to_string());
    let mut spec = Spec {
        files: vec![SpecFile {
            display: display.to_string(),
            doc_name,
            path: canonical,
            value,
        }],
        version,
    };

    // Files are appended as refs reach them; index-based so the loop sees new ones.
    // Every file's refs, kept for the cycle check (one walk per file, not two).
    let mut all_refs = Vec::new();
    let mut next = 0;
    while next < spec.files.len() {
        let mut refs = Vec::new();
        collect_refs(
            &spec.files[next].value,
            &Loc {
                file: next,
                pointer: String::new(),
            },
            false,
            &mut refs,
        );
        for (at, reference) in &refs {
            check_ref(&mut spec, &root_dir, at, reference, diags);
        }
        all_refs.extend(refs.into_iter().map(|(at, _)| at));
        next += 1;
    }
    check_alias_cycles(&spec, &all_refs, diags);
    Some(spec)
}

/// Collects `(location of the object holding $ref, ref string)` pairs under `value`.
fn collect_refs(value: &Value, loc: &Loc, names: bool, out: &mut Vec<(Loc, String)>) {
    let mut pointer = loc.pointer.clone();
    collect_refs_at(value, loc.file, &mut pointer, names, out);
}

/// [`collect_refs`] with the pointer of `value` in a buffer it extends and
/// restores: one string for the whole walk, not one per node.
fn collect_refs_at(
    value: &Value,
    file: usize,
    pointer: &mut String,
    names: bool,
    out: &mut Vec<(Loc, String)>,
) {
    let here = |pointer: &str| Loc {
        file,
        pointer: pointer.to_string(),
    };
    match value {
        Value::Object(map) => {
            if !names {
                if let Some(Value::String(r)) = map.get("$ref") {
                    out.push((here(pointer), r.clone()));
                }
            }
            for (key, child) in map {
                if !names && is_literal_key(key) {
                    continue;
                }
                let len = pointer.len();
                push_token(pointer, key);
                if !names && key == "examples" {
                    // Schema `examples` is an array of literals; elsewhere it maps
                    // names to Example objects whose `value` is literal, so only a
                    // `$ref` standing for a whole Example is followed.
                    if let Value::Object(entries) = child {
                        for (name, example) in entries {
                            if let Some(Value::String(r)) = example.get("$ref") {
                                out.push((here(&pointer_push(pointer, name)), r.clone()));
                            }
                        }
                    }
                } else {
                    let child_names = !names && is_name_map_key(key);
                    collect_refs_at(child, file, pointer, child_names, out);
                }
                pointer.truncate(len);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let len = pointer.len();
                push_token(pointer, &i.to_string());
                collect_refs_at(item, file, pointer, false, out);
                pointer.truncate(len);
            }
        }
        _ => {}
    }
}

fn check_ref(spec: &mut Spec, root_dir: &Path, at: &Loc, reference: &str, diags: &mut Diagnostics) {
    let ref_loc = at.child("$ref");
    let (file_part, pointer) = split_ref(reference);
    let lower = file_part.to_ascii_lowercase();
    if lower.contains("://") || lower.starts_with("//") {
        diags.push(
            spec.error(&ref_loc, format!("remote `$ref` `{reference}` is not supported: the generator never uses the network"))
                .with_help("download the document into openapi/ and refer to it by a relative path"),
        );
        return;
    }
    if !pointer.is_empty() && !pointer.starts_with('/') {
        diags.push(
            spec.error(&ref_loc, format!("`$ref` `{reference}` has a fragment that is not a JSON pointer"))
                .with_help("write refs as `#/components/schemas/Name` or `file.yaml#/path`; anchors are not supported"),
        );
        return;
    }
    if !file_part.is_empty() {
        let Some(dir) = spec.files[at.file].path.parent().map(Path::to_path_buf) else {
            return;
        };
        let joined = dir.join(file_part);
        let canonical = match joined.canonicalize() {
            Ok(c) => c,
            Err(e) => {
                diags.push(spec.error(
                    &ref_loc,
                    format!("`$ref` `{reference}` names a file that cannot be read: {e}"),
                ));
                return;
            }
        };
        if !canonical.starts_with(root_dir) {
            diags.push(
                spec.error(
                    &ref_loc,
                    format!("`$ref` `{reference}` leaves the directory that holds the root spec"),
                )
                .with_help("keep every referenced file in the spec's directory or below it"),
            );
            return;
        }
        if !spec.files.iter().any(|f| f.path == canonical) {
            let display = match canonical.strip_prefix(root_dir) {
                Ok(rel) => rel.display().to_string(),
                Err(_) => canonical.display().to_string(),
            };
            match load::read(&canonical, &display) {
                Ok(value) => spec.files.push(SpecFile {
                    doc_name: display.clone(),
                    display,
                    path: canonical,
                    value,
                }),
                Err(d) => {
                    diags.push(d);
                    return;
                }
            }
        }
    }
    match spec.target(at, reference) {
        Some(target) if spec.get(&target).is_some() => {}
        target => {
            let help = target
                .and_then(|t| suggest(spec, &t))
                .map(|near| format!("did you mean `{near}`?"))
                .unwrap_or_else(|| {
                    "check the spelling against the names under `components`".to_string()
                });
            diags.push(
                spec.error(
                    &ref_loc,
                    format!("`$ref` `{reference}` does not resolve: nothing is at that pointer"),
                )
                .with_help(help),
            );
        }
    }
}

/// The closest existing sibling of a missing pointer target (`#/components/schemas/Pett`
/// → `#/components/schemas/Pet`), if one is within a few edits.
fn suggest(spec: &Spec, missing: &Loc) -> Option<String> {
    let (parent, last) = missing.pointer.rsplit_once('/')?;
    let siblings = spec
        .get(&Loc {
            file: missing.file,
            pointer: parent.to_string(),
        })?
        .as_object()?;
    let wanted = last.replace("~1", "/").replace("~0", "~");
    // Edit distance is quadratic in the names' lengths: only plausible
    // candidates are compared, and only for names of a sensible length.
    let n = wanted.chars().count();
    if n > 200 {
        return None;
    }
    let (best, distance) = siblings
        .keys()
        .filter(|k| k.chars().count().abs_diff(n) <= 2)
        .take(10_000)
        .map(|k| (k, edit_distance(&k.to_lowercase(), &wanted.to_lowercase())))
        .min_by_key(|(k, d)| (*d, (*k).clone()))?;
    (distance <= 2.max(wanted.len() / 4))
        .then(|| format!("#{}", crate::diag::pointer_push(parent, best)))
}

/// Levenshtein distance, by characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let next = (row[j + 1] + 1)
                .min(row[j] + 1)
                .min(prev + usize::from(ca != *cb));
            prev = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

/// Reports refs that only ever lead to other refs (`A → B → A`).
/// `refs` are the locations of every `$ref` in the spec, file by file.
fn check_alias_cycles(spec: &Spec, refs: &[Loc], diags: &mut Diagnostics) {
    let mut reported = BTreeMap::new();
    for at in refs {
        let mut seen = vec![at.clone()];
        let mut here = at.clone();
        while let Some(r) = spec
            .get(&here)
            .and_then(|v| v.get("$ref"))
            .and_then(Value::as_str)
        {
            let Some(next) = spec.target(&here, r) else {
                break;
            };
            if let Some(start) = seen.iter().position(|l| *l == next) {
                let mut cycle: Vec<Loc> = seen[start..].to_vec();
                let min = cycle.iter().min().cloned().unwrap_or(next.clone());
                if reported.insert(min.clone(), ()).is_none() {
                    cycle.push(next.clone());
                    let path: Vec<String> = cycle
                        .iter()
                        .map(|l| format!("{}#{}", spec.files[l.file].display, l.pointer))
                        .collect();
                    diags.push(
                        spec.error(&min, format!("`$ref` cycle with no schema in it: {}", path.join(" → ")))
                            .with_help("one of these must define a schema instead of only referring to another"),
                    );
                }
                break;
            }
            if seen.len() > MAX_REF_CHAIN {
                break;
            }
            seen.push(next.clone());
            here = next;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The allocation-free lookup finds exactly what serde_json's does.
    #[test]
    fn pointer_agrees_with_serde_json() {
        let doc = serde_json::json!({
            "paths": {"/pets/{id}": {"get": {"x": [10, {"a~b": 1, "c/d": 2}]}}},
            "": {"": 3}, "0": [4], "~01": 5
        });
        for p in [
            "",
            "/",
            "//",
            "/paths",
            "/paths/~1pets~1{id}/get/x/1/a~0b",
            "/paths/~1pets~1{id}/get/x/1/c~1d",
            "/paths/~1pets~1{id}/get/x/0",
            "/paths/~1pets~1{id}/get/x/01",
            "/paths/~1pets~1{id}/get/x/+1",
            "/paths/~1pets~1{id}/get/x/9",
            "/paths/~1pets~1{id}/get/x/-",
            "/0/0",
            "/~001",
            "/missing",
            "paths",
            "/paths/~1pets~1{id}/get/x/1/a~0b/deeper",
        ] {
            assert_eq!(pointer(&doc, p), doc.pointer(p), "{p}");
        }
    }

    #[test]
    fn edit_distances() {
        assert_eq!(edit_distance("pett", "pet"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
    }

    #[test]
    fn fragments_are_percent_decoded() {
        assert_eq!(
            decode_fragment("/paths/~1pets~1%7Bid%7D"),
            "/paths/~1pets~1{id}"
        );
        assert_eq!(decode_fragment("/a%"), "/a%");
    }

    #[test]
    fn refs_inside_examples_and_extensions_are_data() {
        let v: Value = serde_json::json!({
            "properties": {"example": {"$ref": "#/a"}, "$ref": {"type": "string"}},
            "example": {"$ref": "#/nope"},
            "examples": {"one": {"value": {"$ref": "#/nope"}}, "two": {"$ref": "#/b"}},
            "x-thing": {"$ref": "#/nope"},
            "default": {"$ref": "#/nope"},
        });
        let mut out = Vec::new();
        collect_refs(
            &v,
            &Loc {
                file: 0,
                pointer: String::new(),
            },
            false,
            &mut out,
        );
        let found: Vec<&str> = out.iter().map(|(_, r)| r.as_str()).collect();
        assert_eq!(found, vec!["#/a", "#/b"]);
    }
}
