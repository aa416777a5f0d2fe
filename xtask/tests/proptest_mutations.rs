//! Property tests: mutated real specs never crash load → resolve → lower.
//!
//! Every spec in `tests/fixtures/`, `openapi/` and `fuzz/corpus/lower/` (the
//! fuzzer's extra seeds: small real specs and hand-made inputs), plus the specs
//! of the public corpus (`../shared/corpus`, or `$XTASK_CORPUS`) that are under
//! 1 MB when that directory exists, is parsed once. The fixtures are read where
//! they live, not copied, so the seeds follow every change to them. Each case picks one, mutates it, and
//! runs `xtask::lower_text` on the result. The only requirement is that
//! nothing panics (nor overflows the stack, nor hangs): an `Err` is fine, as
//! long as it carries an error diagnostic. When lowering succeeds the crate
//! is also emitted and formatted, and the formatted files must parse as Rust.
//!
//! Two generators:
//! * [`structural_mutations_never_panic`] edits the parsed tree: deletes,
//!   renames and duplicates keys, replaces values with random JSON, changes
//!   `type` to other strings or non-strings, adds `$ref`s to existing,
//!   missing, cyclic, remote and malformed pointers, and nests schemas deeply;
//!   then writes JSON or YAML text.
//! * [`byte_mutations_never_panic`] edits the text: inserts, deletes,
//!   overwrites, duplicates and truncates bytes (invalid UTF-8 is replaced).
//!
//! `PROPTEST_CASES=N` changes the case count (default 96 and 128); see
//! `fuzz/README.md`. Crashes found here belong in `fuzz_regressions.rs`.

use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::{Map, Value};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Specs larger than this are skipped: lowering one takes seconds in a debug build.
const MAX_SPEC_BYTES: u64 = 1_000_000;

/// Texts larger than this are written as JSON only and not formatted (time).
const MAX_SLOW_PATH_BYTES: usize = 150_000;

/// The name given to mutated specs. It does not exist on disk, so every file
/// `$ref` a mutation invents is reported as unreadable; nothing is read.
const DISPLAY: &str = "mutated.yaml";

struct Seed {
    name: String,
    /// Where the seed was read from: file `$ref`s in it resolve against this.
    path: PathBuf,
    text: String,
    value: Value,
}

fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn spec_files(dir: &Path, max: u64) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension()
                .is_some_and(|x| x == "yaml" || x == "yml" || x == "json")
        })
        .filter(|p| std::fs::metadata(p).is_ok_and(|m| m.len() <= max))
        .collect();
    out.sort();
    out
}

/// Every seed spec, parsed once for all cases.
fn seeds() -> &'static [Seed] {
    static SEEDS: OnceLock<Vec<Seed>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let root = xtask::project_root();
        let shared = std::env::var_os("XTASK_CORPUS")
            .map(PathBuf::from)
            .unwrap_or_else(|| root.join("../shared/corpus"));
        let mut paths = Vec::new();
        for dir in ["tests/fixtures", "openapi", "fuzz/corpus/lower"] {
            paths.extend(spec_files(&root.join(dir), MAX_SPEC_BYTES));
        }
        paths.extend(spec_files(&shared, MAX_SPEC_BYTES));
        let mut seeds: Vec<Seed> = Vec::new();
        for path in paths {
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            if seeds.iter().any(|s| s.text == text) {
                continue;
            }
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let Ok(value) = xtask::load::parse(&name, &text) else {
                continue;
            };
            seeds.push(Seed {
                name,
                path,
                text,
                value,
            });
        }
        assert!(
            seeds.len() >= 10,
            "expected the seed specs in tests/fixtures, openapi and fuzz/corpus/lower, found {}",
            seeds.len()
        );
        seeds
    })
}

/// Runs the pipeline on `text`. Panics (failing the case) only on a bug.
fn check(text: &str) {
    match xtask::lower_text(text, DISPLAY) {
        Err(diags) => assert!(
            diags.has_errors(),
            "lowering failed without an error diagnostic: {diags:?}"
        ),
        Ok((api, _warnings)) => {
            let tokens = xtask::emit::emit(&api, "mutated");
            if text.len() > MAX_SLOW_PATH_BYTES {
                return;
            }
            // syn needs more stack than a 2 MiB test thread has to parse the
            // deeply nested generic types that deep `items` nesting produces
            // in a debug build (`fuzz_regressions::deep_array_and_map_nesting_generates`), so
            // formatting runs on a big stack; its output is still checked.
            let files = [
                ("src/lib.rs", tokens.lib.to_string()),
                ("src/types.rs", tokens.types.to_string()),
                ("src/client.rs", tokens.client.to_string()),
            ];
            let result = std::thread::Builder::new()
                .stack_size(256 << 20)
                .spawn(move || {
                    for (name, source) in files {
                        let stream = source.parse().map_err(|e| format!("{name}: {e}"))?;
                        xtask::format::file(name, DISPLAY, stream)?;
                    }
                    Ok::<(), String>(())
                })
                .unwrap()
                .join()
                .unwrap();
            if let Err(message) = result {
                panic!("lowering succeeded but the emitted crate is not Rust: {message}");
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Structural mutations.

/// Strings that mean something to the generator.
const WORDS: &[&str] = &[
    "",
    "type",
    "object",
    "array",
    "string",
    "integer",
    "number",
    "boolean",
    "null",
    "int8",
    "uint8",
    "int32",
    "int64",
    "uint64",
    "float",
    "double",
    "uuid",
    "byte",
    "binary",
    "date-time",
    "$ref",
    "properties",
    "items",
    "required",
    "enum",
    "const",
    "allOf",
    "oneOf",
    "anyOf",
    "not",
    "nullable",
    "discriminator",
    "propertyName",
    "mapping",
    "additionalProperties",
    "prefixItems",
    "default",
    "example",
    "examples",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "readOnly",
    "writeOnly",
    "in",
    "query",
    "path",
    "header",
    "cookie",
    "content",
    "application/json",
    "text/plain",
    "*/*",
    "multipart/form-data",
    "schema",
    "responses",
    "default",
    "200",
    "2XX",
    "4XX",
    "999",
    "parameters",
    "requestBody",
    "operationId",
    "security",
    "securitySchemes",
    "servers",
    "url",
    "{id}",
    "/pets/{id}",
    "self",
    "Self",
    "super",
    "crate",
    "_",
    "r#type",
    "fn",
    "0abc",
    "a b",
    "::",
    "x-rust-name",
    "\u{e9}t\u{e9}",
    "\u{1f600}",
    "\u{0}",
    "\\",
    "\"",
    "*/ /*",
    "3.0.3",
    "3.1.0",
    "2.0",
];

/// `$ref` strings that do not come from the document.
const REFS: &[&str] = &[
    "",
    "#",
    "#/",
    "#/components",
    "#/components/schemas",
    "#/components/schemas/Missing",
    "#/components/schemas/",
    "#/components/parameters/Missing",
    "#/components/responses/Missing",
    "#/paths/~1pets~1%7Bid%7D/get",
    "#/paths/~1pets/get/responses/200",
    "#/info",
    "#/openapi",
    "#anchor",
    "#/%zz",
    "#/~2",
    "#/a~",
    "other.yaml",
    "other.yaml#/components/schemas/Pet",
    "mutated.yaml#/components",
    "./mutated.yaml#/",
    "../outside.yaml#/x",
    "/etc/hostname",
    "http://example.com/spec.yaml#/x",
    "HTTPS://example.com/x",
    "//example.com/x",
    "file:///etc/passwd",
    "#/components/schemas/\u{1f600}",
];

fn arb_word() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(WORDS).prop_map(String::from),
        1 => "[a-zA-Z0-9_ ./{}-]{0,12}",
        1 => ".{0,8}",
    ]
}

fn arb_scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        prop_oneof![
            Just(0.5),
            Just(-1e300),
            Just(1e300),
            Just(1e-300),
            any::<f64>()
        ]
        .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        arb_word().prop_map(Value::String),
    ]
}

fn arb_json() -> impl Strategy<Value = Value> {
    arb_scalar().prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((arb_word(), inner), 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

/// What a `type` keyword becomes.
fn arb_type() -> impl Strategy<Value = Value> {
    let names = prop::sample::select(&WORDS[..20]).prop_map(Value::from);
    prop_oneof![
        4 => names.clone(),
        2 => prop::collection::vec(names, 0..4).prop_map(Value::Array),
        1 => arb_json(),
    ]
}

#[derive(Debug, Clone)]
enum RefTarget {
    /// A pointer to some node of the document (maybe the node itself or an ancestor).
    Node(Index),
    /// The node's own pointer, or an ancestor's: a cycle.
    Up(u8),
    /// A fixed string (missing, malformed, remote, another file).
    Text(&'static str),
    /// Random text.
    Random(String),
}

#[derive(Debug, Clone, Copy)]
enum Nest {
    Items,
    Properties,
    AllOf,
    OneOf,
    AnyOfNull,
    Additional,
    Not,
    PrefixItems,
    Array,
    /// A chain of `$defs` entries each holding a `$ref` to the next: long alias chains.
    RefChain,
}

#[derive(Debug, Clone)]
enum Mutation {
    /// Remove the node from its parent.
    Delete(Index),
    /// Replace the node with random JSON.
    Replace(Index, Value),
    /// Set `type` on an object (preferring objects that already have one).
    SetType(Index, Value),
    /// Move the node to a new key in its parent object.
    Rename(Index, String),
    /// Also store the node under another key of its parent object.
    CopyKey(Index, String),
    /// Replace the node at `to` with a copy of the node at `from`.
    Graft { from: Index, to: Index },
    /// Make an object a `$ref` (keeping its other keys or not).
    Ref(Index, RefTarget, bool),
    /// Wrap the node in `depth` levels of schema nesting.
    Nest(Index, Nest, usize),
}

fn arb_ref_target() -> impl Strategy<Value = RefTarget> {
    prop_oneof![
        3 => any::<Index>().prop_map(RefTarget::Node),
        2 => (0u8..4).prop_map(RefTarget::Up),
        2 => prop::sample::select(REFS).prop_map(RefTarget::Text),
        1 => "#/[a-zA-Z0-9~%/{}]{0,24}".prop_map(RefTarget::Random),
    ]
}

fn arb_nest() -> impl Strategy<Value = Nest> {
    prop::sample::select(vec![
        Nest::Items,
        Nest::Properties,
        Nest::AllOf,
        Nest::OneOf,
        Nest::AnyOfNull,
        Nest::Additional,
        Nest::Not,
        Nest::PrefixItems,
        Nest::Array,
        Nest::RefChain,
    ])
}

fn arb_mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        3 => any::<Index>().prop_map(Mutation::Delete),
        3 => (any::<Index>(), arb_json()).prop_map(|(i, v)| Mutation::Replace(i, v)),
        3 => (any::<Index>(), arb_type()).prop_map(|(i, v)| Mutation::SetType(i, v)),
        2 => (any::<Index>(), arb_word()).prop_map(|(i, k)| Mutation::Rename(i, k)),
        1 => (any::<Index>(), arb_word()).prop_map(|(i, k)| Mutation::CopyKey(i, k)),
        2 => (any::<Index>(), any::<Index>()).prop_map(|(from, to)| Mutation::Graft { from, to }),
        4 => (any::<Index>(), arb_ref_target(), any::<bool>())
            .prop_map(|(i, t, keep)| Mutation::Ref(i, t, keep)),
        2 => (
            any::<Index>(),
            arb_nest(),
            prop_oneof![3 => 1usize..40, 1 => 40usize..120, 1 => 190usize..260],
        )
            .prop_map(|(i, n, d)| Mutation::Nest(i, n, d)),
    ]
}

#[derive(Debug, Clone, Copy)]
enum Format {
    Json,
    JsonPretty,
    Yaml,
}

fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Every node's JSON pointer, parents before children (the root is "").
fn pointers(value: &Value) -> Vec<String> {
    fn walk(v: &Value, here: &str, out: &mut Vec<String>) {
        out.push(here.to_string());
        match v {
            Value::Object(m) => {
                for (k, child) in m {
                    walk(child, &format!("{here}/{}", escape(k)), out);
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    walk(child, &format!("{here}/{i}"), out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(value, "", &mut out);
    out
}

fn count_nodes(v: &Value) -> usize {
    1 + match v {
        Value::Object(m) => m.values().map(count_nodes).sum(),
        Value::Array(items) => items.iter().map(count_nodes).sum(),
        _ => 0,
    }
}

/// `(parent pointer, last token)`; `None` for the root.
fn split(pointer: &str) -> Option<(&str, String)> {
    let (parent, token) = pointer.rsplit_once('/')?;
    Some((parent, token.replace("~1", "/").replace("~0", "~")))
}

/// `v` wrapped in `depth` levels of `kind`; `at` is the pointer of the node it replaces.
fn nest(mut v: Value, kind: Nest, depth: usize, at: &str) -> Value {
    if let Nest::RefChain = kind {
        // `at/$defs/c0 → at/$defs/c1 → … → the value`.
        let mut defs = Map::new();
        for i in 0..depth {
            let next = serde_json::json!({ "$ref": format!("#{at}/$defs/c{}", i + 1) });
            defs.insert(format!("c{i}"), next);
        }
        defs.insert(format!("c{depth}"), v);
        return serde_json::json!({ "$ref": format!("#{at}/$defs/c0"), "$defs": defs });
    }
    for _ in 0..depth {
        v = match kind {
            Nest::Items => serde_json::json!({"type": "array", "items": v}),
            Nest::Properties => serde_json::json!({"type": "object", "properties": {"a": v}}),
            Nest::AllOf => serde_json::json!({"allOf": [v]}),
            Nest::OneOf => serde_json::json!({"oneOf": [v, {"type": "integer"}]}),
            Nest::AnyOfNull => serde_json::json!({"anyOf": [v, {"type": "null"}]}),
            Nest::Additional => serde_json::json!({"type": "object", "additionalProperties": v}),
            Nest::Not => serde_json::json!({"not": v}),
            Nest::PrefixItems => serde_json::json!({"type": "array", "prefixItems": [v]}),
            Nest::Array => Value::Array(vec![v]),
            Nest::RefChain => unreachable!(),
        };
    }
    v
}

fn apply(doc: &mut Value, mutation: &Mutation) {
    let ptrs = pointers(doc);
    let pick = |i: &Index| ptrs[i.index(ptrs.len())].clone();
    match mutation {
        Mutation::Delete(i) => {
            let p = pick(i);
            if let Some((parent, token)) = split(&p) {
                match doc.pointer_mut(parent) {
                    Some(Value::Object(m)) => {
                        m.shift_remove(&token);
                    }
                    Some(Value::Array(items)) => {
                        if let Ok(n) = token.parse::<usize>() {
                            if n < items.len() {
                                items.remove(n);
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        Mutation::Replace(i, v) => {
            if let Some(slot) = doc.pointer_mut(&pick(i)) {
                *slot = v.clone();
            }
        }
        Mutation::SetType(i, t) => {
            let typed: Vec<&String> = ptrs
                .iter()
                .filter(|p| p.ends_with("/type") && !p.ends_with("/properties/type"))
                .collect();
            let target = if typed.is_empty() {
                format!("{}/type", pick(i))
            } else {
                typed[i.index(typed.len())].clone()
            };
            if let Some((parent, _)) = split(&target) {
                if let Some(Value::Object(m)) = doc.pointer_mut(parent) {
                    m.insert("type".to_string(), t.clone());
                }
            }
        }
        Mutation::Rename(i, key) | Mutation::CopyKey(i, key) => {
            let p = pick(i);
            if let Some((parent, token)) = split(&p) {
                if let Some(Value::Object(m)) = doc.pointer_mut(parent) {
                    let moved = if matches!(mutation, Mutation::Rename(..)) {
                        m.shift_remove(&token)
                    } else {
                        m.get(&token).cloned()
                    };
                    if let Some(v) = moved {
                        m.insert(key.clone(), v);
                    }
                }
            }
        }
        Mutation::Graft { from, to } => {
            let Some(copy) = doc.pointer(&pick(from)).cloned() else {
                return;
            };
            if count_nodes(&copy) > 5_000 {
                return;
            }
            if let Some(slot) = doc.pointer_mut(&pick(to)) {
                *slot = copy;
            }
        }
        Mutation::Ref(i, target, keep) => {
            let p = pick(i);
            let reference = match target {
                RefTarget::Node(j) => format!("#{}", pick(j)),
                RefTarget::Up(n) => {
                    let mut up = p.as_str();
                    for _ in 0..*n {
                        up = split(up).map_or(up, |(parent, _)| parent);
                    }
                    format!("#{up}")
                }
                RefTarget::Text(t) => t.to_string(),
                RefTarget::Random(t) => t.clone(),
            };
            if let Some(slot) = doc.pointer_mut(&p) {
                match slot {
                    Value::Object(m) if *keep => {
                        m.insert("$ref".to_string(), Value::String(reference));
                    }
                    _ => {
                        let mut m = Map::new();
                        m.insert("$ref".to_string(), Value::String(reference));
                        *slot = Value::Object(m);
                    }
                }
            }
        }
        Mutation::Nest(i, kind, depth) => {
            let p = pick(i);
            if let Some(slot) = doc.pointer_mut(&p) {
                *slot = nest(slot.take(), *kind, *depth, &p);
            }
        }
    }
}

fn render(doc: &Value, format: Format) -> String {
    let json = serde_json::to_string(doc).unwrap();
    match format {
        Format::Json => json,
        _ if json.len() > MAX_SLOW_PATH_BYTES => json,
        Format::JsonPretty => serde_json::to_string_pretty(doc).unwrap(),
        Format::Yaml => serde_yaml::to_string(doc).unwrap_or(json),
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: cases(96),
        max_shrink_iters: 2_000,
        ..ProptestConfig::default()
    })]

    #[test]
    fn structural_mutations_never_panic(
        seed in any::<Index>(),
        mutations in prop::collection::vec(arb_mutation(), 1..8),
        format in prop::sample::select(vec![Format::Json, Format::JsonPretty, Format::Yaml]),
    ) {
        let seeds = seeds();
        let seed = &seeds[seed.index(seeds.len())];
        let mut doc = seed.value.clone();
        for m in &mutations {
            apply(&mut doc, m);
        }
        let text = render(&doc, format);
        let name = &seed.name;
        let result = std::panic::catch_unwind(|| check(&text));
        if let Err(panic) = result {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            let short: String = text.chars().take(2_000).collect();
            prop_assert!(false, "{name} mutated by {mutations:?} panicked: {message}\n--- input (first 2000 chars):\n{short}");
        }
    }
}

// ---------------------------------------------------------------------------
// Byte-level mutations.

/// Fragments that are meaningful to YAML and JSON parsers.
const SNIPPETS: &[&str] = &[
    ":",
    ": ",
    "- ",
    "\n",
    "\n  ",
    "  ",
    "\t",
    "{",
    "}",
    "[",
    "]",
    ",",
    "\"",
    "'",
    "#",
    "&a ",
    "*a",
    "<<: *a",
    "!!str ",
    "!!binary ",
    "!tag ",
    "|\n",
    ">-\n",
    "? ",
    "---\n",
    "...\n",
    "%YAML 1.2\n",
    "~",
    "null",
    "true",
    "1e999",
    "-0",
    "0x1F",
    ".inf",
    "\u{feff}",
    "\\u0000",
    "\u{0}",
    "$ref: ",
    "$ref: '#/components/schemas/",
    "type: ",
    "type: array\nitems: ",
    "allOf:\n- ",
    "'#/'",
    "openapi: 3.1.0\n",
    "openapi: 3.0.3\n",
];

#[derive(Debug, Clone)]
enum Edit {
    Insert(Index, Vec<u8>),
    Delete(Index, usize),
    Overwrite(Index, u8),
    Duplicate { from: Index, len: usize, to: Index },
    Truncate(Index),
}

fn arb_edit() -> impl Strategy<Value = Edit> {
    let bytes = prop_oneof![
        3 => prop::sample::select(SNIPPETS).prop_map(|s| s.as_bytes().to_vec()),
        1 => prop::collection::vec(any::<u8>(), 1..8),
    ];
    prop_oneof![
        4 => (any::<Index>(), bytes).prop_map(|(i, b)| Edit::Insert(i, b)),
        3 => (any::<Index>(), 1usize..64).prop_map(|(i, n)| Edit::Delete(i, n)),
        2 => (any::<Index>(), any::<u8>()).prop_map(|(i, b)| Edit::Overwrite(i, b)),
        2 => (any::<Index>(), 1usize..256, any::<Index>())
            .prop_map(|(from, len, to)| Edit::Duplicate { from, len, to }),
        1 => any::<Index>().prop_map(Edit::Truncate),
    ]
}

fn edit(bytes: &mut Vec<u8>, e: &Edit) {
    let at = |i: &Index, len: usize| if len == 0 { 0 } else { i.index(len + 1) };
    match e {
        Edit::Insert(i, b) => {
            let p = at(i, bytes.len());
            bytes.splice(p..p, b.iter().copied());
        }
        Edit::Delete(i, n) => {
            let p = at(i, bytes.len());
            let end = (p + n).min(bytes.len());
            bytes.drain(p..end);
        }
        Edit::Overwrite(i, b) => {
            if !bytes.is_empty() {
                let p = i.index(bytes.len());
                bytes[p] = *b;
            }
        }
        Edit::Duplicate { from, len, to } => {
            let p = at(from, bytes.len());
            let end = (p + len).min(bytes.len());
            let chunk = bytes[p..end].to_vec();
            let q = at(to, bytes.len());
            bytes.splice(q..q, chunk);
        }
        Edit::Truncate(i) => {
            let p = at(i, bytes.len());
            bytes.truncate(p);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: cases(128),
        max_shrink_iters: 2_000,
        ..ProptestConfig::default()
    })]

    #[test]
    fn byte_mutations_never_panic(
        seed in any::<Index>(),
        edits in prop::collection::vec(arb_edit(), 1..16),
    ) {
        let small: Vec<&Seed> = seeds().iter().filter(|s| s.text.len() <= 64_000).collect();
        let seed = small[seed.index(small.len())];
        let mut bytes = seed.text.as_bytes().to_vec();
        for e in &edits {
            edit(&mut bytes, e);
        }
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let name = &seed.name;
        let result = std::panic::catch_unwind(|| check(&text));
        if let Err(panic) = result {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            prop_assert!(false, "{name} edited by {edits:?} panicked: {message}\n--- input:\n{text}");
        }
    }
}

#[test]
fn seeds_are_found_and_lower() {
    // The unmutated seeds themselves must lower (they are real, valid specs),
    // so that mutations start from somewhere interesting.
    for seed in seeds().iter().filter(|s| s.text.len() <= 64_000) {
        // Named by its real path so that file `$ref`s (`tests/fixtures/refs.yaml`
        // → `shared/other.yaml`) resolve; mutated copies do not get that.
        let display = seed.path.display().to_string();
        if let Err(d) = xtask::lower_text(&seed.text, &display) {
            panic!("seed {} does not lower: {d:?}", seed.name);
        }
    }
}
