//! Load: the first pipeline stage. Reads a spec file from disk and parses it.
//!
//! JSON and YAML are both accepted (JSON through serde_json for exact error
//! positions, everything else through serde_yaml), and the result is one
//! `serde_json::Value` tree so the later stages see a single data model. For
//! the root document this stage also checks that the file is an OpenAPI 3.0 or
//! 3.1 object, because every later diagnostic would be noise otherwise.

use crate::diag::Diagnostic;
use serde_json::Value;
use std::path::Path;

/// Parses the text of a spec file. `display` is the name used in diagnostics.
pub fn parse(display: &str, text: &str) -> Result<Value, Diagnostic> {
    if text.trim().is_empty() {
        return Err(Diagnostic::error(display, "", "the file is empty")
            .with_help("point --spec at an OpenAPI 3.0 or 3.1 document (YAML or JSON)"));
    }
    let looks_like_json = text.trim_start().starts_with('{') || text.trim_start().starts_with('[');
    if let Some((line, column)) = too_deep(text, !looks_like_json) {
        return Err(Diagnostic::error(
            display,
            "",
            format!("the document nests more than {MAX_JSON_DEPTH} levels deep"),
        )
        .at_line_col(line, column)
        .with_help("no real spec nests this deep; check that the file is not corrupt"));
    }
    if looks_like_json {
        // serde_json's own limit (128) is below what 100 nested schemas need
        // (about 3 levels each); `too_deep` bounds the recursion instead.
        let mut de = serde_json::Deserializer::from_str(text);
        de.disable_recursion_limit();
        // Through `Lenient` too, so duplicate keys are an error in JSON as in YAML.
        let parsed =
            serde::Deserialize::deserialize(&mut de).and_then(|Lenient(v)| de.end().map(|()| v));
        return parsed.map_err(|e| {
            Diagnostic::error(
                display,
                "",
                format!("invalid JSON: {}", strip_position(&e.to_string())),
            )
            .at_line_col(e.line(), e.column())
        });
    }
    match serde_yaml::from_str::<Lenient>(text) {
        Ok(l) => Ok(l.0),
        // serde_yaml stops at 128 levels (about 60 nested schemas); yaml-rust2
        // has no such limit, and our own bracket check bounds the depth.
        Err(e) if e.to_string().contains("recursion limit exceeded") => {
            parse_deep_yaml(display, text)
        }
        Err(e) => {
            let d = Diagnostic::error(
                display,
                "",
                format!("invalid YAML: {}", strip_position(&e.to_string())),
            );
            Err(match e.location() {
                Some(loc) => d.at_line_col(loc.line(), loc.column()),
                None => d,
            })
        }
    }
}

/// Parses YAML nested too deep for serde_yaml, with yaml-rust2.
fn parse_deep_yaml(display: &str, text: &str) -> Result<Value, Diagnostic> {
    // yaml-rust2 expands aliases without a limit (a "billion laughs" document
    // would exhaust memory), and nests block-by-block; both are bounded here.
    if has_alias(text) {
        return Err(Diagnostic::error(
            display,
            "",
            "the document nests deeper than 128 levels and uses YAML aliases",
        )
        .with_help("expand the aliases, or flatten the nesting with `$ref`s"));
    }
    if let Some((line, column)) = too_deep_blocks(text) {
        return Err(Diagnostic::error(
            display,
            "",
            format!("the document nests more than {MAX_YAML_INDENT} levels deep"),
        )
        .at_line_col(line, column)
        .with_help("no real spec nests this deep; check that the file is not corrupt"));
    }
    let docs = yaml_rust2::YamlLoader::load_from_str(text).map_err(|e| {
        let m = e.marker();
        Diagnostic::error(display, "", format!("invalid YAML: {}", e.info()))
            .at_line_col(m.line(), m.col() + 1)
    })?;
    Ok(docs
        .into_iter()
        .next()
        .map(rust2_to_json)
        .unwrap_or(Value::Null))
}

/// Converts yaml-rust2's tree to the JSON data model, like [`Lenient`] does.
fn rust2_to_json(yaml: yaml_rust2::Yaml) -> Value {
    use yaml_rust2::Yaml as Y;
    match yaml {
        Y::Real(r) => r
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number)
            .unwrap_or(Value::Null),
        Y::Integer(i) => Value::from(i),
        Y::String(s) => Value::String(s),
        Y::Boolean(b) => Value::Bool(b),
        Y::Array(items) => Value::Array(items.into_iter().map(rust2_to_json).collect()),
        Y::Hash(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| {
                    let key = match rust2_to_json(k) {
                        Value::String(s) => s,
                        other => other.to_string(),
                    };
                    (key, rust2_to_json(v))
                })
                .collect(),
        ),
        Y::Null | Y::BadValue | Y::Alias(_) => Value::Null,
    }
}

/// A JSON value read from YAML. Deserializing straight into
/// `serde_json::Value` rejects what real specs contain: integers beyond 64
/// bits (kept here as floats) and non-string mapping keys such as an unquoted
/// `200:` (kept as strings). YAML tags are dropped.
struct Lenient(Value);

impl<'de> serde::Deserialize<'de> for Lenient {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(LenientVisitor).map(Lenient)
    }
}

struct LenientVisitor;

impl<'de> serde::de::Visitor<'de> for LenientVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_i128<E: serde::de::Error>(self, v: i128) -> Result<Value, E> {
        self.visit_f64(v as f64)
    }
    fn visit_u128<E: serde::de::Error>(self, v: u128) -> Result<Value, E> {
        self.visit_f64(v as f64)
    }
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(v)
            .map(Value::Number)
            .unwrap_or(Value::Null))
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }
    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E: serde::de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(LenientVisitor)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(Lenient(v)) = seq.next_element()? {
            items.push(v);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = serde_json::Map::new();
        let mut merged = Vec::new();
        while let Some((Lenient(k), Lenient(v))) = map.next_entry()? {
            let key = match k {
                Value::String(s) => s,
                other => other.to_string(),
            };
            // YAML merge keys (`<<: *base`): the aliased mappings fill in
            // whatever this mapping does not set itself.
            if key == "<<" {
                match v {
                    Value::Object(m) => merged.push(m),
                    Value::Array(items) => {
                        merged.extend(items.into_iter().filter_map(|i| match i {
                            Value::Object(m) => Some(m),
                            _ => None,
                        }))
                    }
                    _ => {
                        return Err(serde::de::Error::custom(
                            "a `<<` merge key needs a mapping or a list of mappings",
                        ))
                    }
                }
                continue;
            }
            // One hash of the key, not two (every key of the spec passes here).
            match out.entry(key) {
                serde_json::map::Entry::Occupied(taken) => {
                    return Err(serde::de::Error::custom(format!(
                        "duplicate mapping key `{}`",
                        taken.key()
                    )));
                }
                serde_json::map::Entry::Vacant(slot) => {
                    slot.insert(v);
                }
            }
        }
        for m in merged {
            for (k, v) in m {
                out.entry(k).or_insert(v);
            }
        }
        Ok(Value::Object(out))
    }
    fn visit_enum<A: serde::de::EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        use serde::de::VariantAccess;
        let (_tag, variant): (Lenient, _) = data.variant()?;
        variant.newtype_variant::<Lenient>().map(|l| l.0)
    }
}

/// Deepest bracket nesting accepted: far beyond real specs (hundreds of
/// nested schemas), far below what would overflow a 2 MiB thread stack while
/// parsing JSON. For YAML it also keeps out flow collections nested so deep
/// that the YAML scanner slows down quadratically (30 000 levels take seconds).
pub const MAX_JSON_DEPTH: usize = 1000;

/// Where the text first nests `{`/`[` deeper than [`MAX_JSON_DEPTH`] (1-based
/// line and column), skipping quoted strings (and, for YAML, comments).
fn too_deep(text: &str, yaml: bool) -> Option<(usize, usize)> {
    // Byte by byte: every character that matters is ASCII, and no byte of a
    // multi-byte UTF-8 character is. The character before a `'` or `#`, and
    // the line and column of the answer, are worked out only when needed.
    let bytes = text.as_bytes();
    let prev_char = |i: usize| text[..i].chars().next_back().unwrap_or(' ');
    let mut depth = 0usize;
    let mut quote: Option<u8> = None;
    let (mut escaped, mut comment) = (false, false);
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' {
            comment = false;
        }
        if comment {
            continue;
        }
        if let Some(q) = quote {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') if q == b'"' => escaped = true,
                (false, b) if b == q => quote = None,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => quote = Some(b'"'),
            b'\'' if yaml && !prev_char(i).is_alphanumeric() => quote = Some(b'\''),
            b'#' if yaml && prev_char(i).is_whitespace() => comment = true,
            b'{' | b'[' => {
                depth += 1;
                if depth > MAX_JSON_DEPTH {
                    let line_start = text[..i].rfind('\n').map_or(0, |n| n + 1);
                    let line = text[..i].matches('\n').count() + 1;
                    let column = text[line_start..=i].chars().count();
                    return Some((line, column));
                }
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// Largest block nesting, measured as a line's indentation plus the compact
/// `- ` markers that open it, accepted by the deep-YAML fallback. Each level
/// takes at least one column, so this bounds the parser's recursion.
const MAX_YAML_INDENT: usize = 4000;

/// Where a line's indentation plus leading `- ` markers first exceeds
/// [`MAX_YAML_INDENT`].
fn too_deep_blocks(text: &str) -> Option<(usize, usize)> {
    for (i, line) in text.lines().enumerate() {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let mut rest = &line[indent..];
        let mut dashes = 0;
        while let Some(after) = rest.strip_prefix("- ").or_else(|| rest.strip_prefix("-\t")) {
            dashes += 2;
            rest = after.trim_start_matches(' ');
        }
        if indent + dashes > MAX_YAML_INDENT {
            return Some((i + 1, MAX_YAML_INDENT + 1));
        }
    }
    None
}

/// Whether YAML text has an alias (`*name`) outside quotes and comments:
/// a `*` that starts a token and is followed by an anchor name.
fn has_alias(text: &str) -> bool {
    let mut quote: Option<char> = None;
    let (mut comment, mut prev) = (false, '\n');
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\n' {
            comment = false;
            quote = None;
        }
        if comment {
            prev = c;
            continue;
        }
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => match c {
                '"' | '\'' if !prev.is_alphanumeric() => quote = Some(c),
                '#' if prev.is_whitespace() => comment = true,
                '*' if (prev.is_whitespace() || matches!(prev, '[' | '{' | ',' | ':' | '-'))
                    && chars
                        .peek()
                        .is_some_and(|n| n.is_alphanumeric() || *n == '_') =>
                {
                    return true;
                }
                _ => {}
            },
        }
        prev = c;
    }
    false
}

/// Parsers append " at line X column Y"; diagnostics print the position on their own line.
fn strip_position(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

/// Reads and parses a file, with a diagnostic naming it when that fails.
pub fn read(path: &Path, display: &str) -> Result<Value, Diagnostic> {
    let bytes = std::fs::read(path).map_err(|e| {
        Diagnostic::error(display, "", format!("cannot read the file: {e}"))
            .with_help("check the path passed to --spec (the default is openapi/artu.yaml)")
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        Diagnostic::error(
            display,
            "",
            format!(
                "the file is not UTF-8 text (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
        )
        .with_help("OpenAPI documents are YAML or JSON text")
    })?;
    parse(display, text.strip_prefix('\u{feff}').unwrap_or(&text))
}

/// Which OpenAPI line a document follows; the differences matter when lowering
/// (`nullable` and boolean `exclusiveMinimum` are 3.0 idioms that 3.1 documents still use).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    /// OpenAPI 3.0.x
    V3_0,
    /// OpenAPI 3.1.x
    V3_1,
}

/// Checks that a parsed root document is an OpenAPI 3.0 or 3.1 object.
pub fn check_root(display: &str, root: &Value) -> Result<Version, Diagnostic> {
    let Some(obj) = root.as_object() else {
        return Err(Diagnostic::error(
            display,
            "",
            format!(
                "expected an OpenAPI object at the top level, found {}",
                kind_of(root)
            ),
        )
        .with_help("the document must be a mapping with `openapi`, `info` and `paths`"));
    };
    if let Some(swagger) = obj.get("swagger") {
        return Err(Diagnostic::error(
            display,
            "/swagger",
            format!(
                "this is a Swagger {} document; only OpenAPI 3.0 and 3.1 are supported",
                scalar_text(swagger)
            ),
        )
        .with_help("convert it to OpenAPI 3 first, for example with swagger2openapi"));
    }
    let Some(version) = obj.get("openapi") else {
        return Err(Diagnostic::error(
            display,
            "",
            "missing the `openapi` version field; this does not look like an OpenAPI document",
        )
        .with_help("add `openapi: 3.1.0` (or 3.0.3) at the top level"));
    };
    let Some(text) = version.as_str() else {
        return Err(Diagnostic::error(
            display,
            "/openapi",
            format!(
                "`openapi` must be a string such as \"3.1.0\", found {}",
                kind_of(version)
            ),
        )
        .with_help("quote the version in YAML: `openapi: '3.0.3'`"));
    };
    if text.starts_with("3.0.") || text == "3.0" {
        Ok(Version::V3_0)
    } else if text.starts_with("3.1.") || text == "3.1" {
        Ok(Version::V3_1)
    } else {
        Err(Diagnostic::error(
            display,
            "/openapi",
            format!("unsupported OpenAPI version `{text}`; supported: 3.0.x and 3.1.x"),
        ))
    }
}

/// "a string", "an array", … for messages.
pub fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn scalar_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_error_has_line_and_column() {
        let d = parse("x.yaml", "openapi: 3.1.0\ninfo: [unclosed\n").unwrap_err();
        assert!(d.message.starts_with("invalid YAML"), "{}", d.message);
        assert!(d.line_col.is_some());
    }

    #[test]
    fn yaml_keys_and_huge_integers_are_kept() {
        let v = parse(
            "x.yaml",
            "responses:\n  200: ok\nmin: -9223372036854776000\n",
        )
        .unwrap();
        assert_eq!(v["responses"]["200"], "ok");
        assert!(v["min"].as_f64().unwrap() < -9.2e18);
    }

    #[test]
    fn deep_yaml_fallback_is_bounded() {
        assert!(has_alias("a: &x 1\nb: *x\n"));
        assert!(!has_alias("a: '*x'\nb: \"*y\" # *z\nc: 2*3\n"));
        assert_eq!(
            too_deep_blocks(&format!("{}x", "- ".repeat(3000))),
            Some((1, MAX_YAML_INDENT + 1))
        );
        assert_eq!(too_deep_blocks("- - - x\n    y: 1\n"), None);
    }

    #[test]
    fn yaml_merge_keys_and_duplicate_keys() {
        let v = parse(
            "x.yaml",
            "base: &b {type: string, description: d}\nuse: {<<: *b, description: own}\n",
        )
        .unwrap();
        assert_eq!(v["use"]["type"], "string");
        assert_eq!(v["use"]["description"], "own");
        let d = parse("x.yaml", "paths:\n  /a: {}\n  /a: {}\n").unwrap_err();
        assert!(
            d.message.contains("duplicate mapping key `/a`"),
            "{}",
            d.message
        );
        assert!(d.line_col.is_some());
    }

    #[test]
    fn json_error_has_line_and_column() {
        let d = parse("x.json", "{\n  \"openapi\": }").unwrap_err();
        assert_eq!(d.line_col, Some((2, 14)));
    }

    #[test]
    fn pathologically_deep_json_is_an_error_not_a_crash() {
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let d = parse("x.json", &deep).unwrap_err();
        assert!(d.message.contains("nests more than"), "{}", d.message);
        assert_eq!(d.line_col, Some((1, MAX_JSON_DEPTH as u32 + 1)));
        // The column counts characters, not bytes.
        let wide = format!("{{\n  \"é\": {}", "[".repeat(2000));
        let d = parse("x.json", &wide).unwrap_err();
        assert_eq!(d.line_col, Some((2, 7 + MAX_JSON_DEPTH as u32)));
        let fine = format!("{}{}", "[".repeat(500), "]".repeat(500));
        assert!(parse("x.json", &fine).is_ok());
        let yaml = format!("a: {}{}", "[".repeat(100_000), "]".repeat(100_000));
        let d = parse("x.yaml", &yaml).unwrap_err();
        assert!(d.message.contains("nests more than"), "{}", d.message);
        let quoted = format!(
            "a: '{}'\nb: \"{}\" # {}\n",
            "[".repeat(5000),
            "{".repeat(5000),
            "[".repeat(5000)
        );
        assert!(parse("x.yaml", &quoted).is_ok());
    }

    #[test]
    fn versions() {
        let v = |s: &str| check_root("x", &parse("x", s).unwrap());
        assert_eq!(v("openapi: 3.0.3").unwrap(), Version::V3_0);
        assert_eq!(v("openapi: 3.1.1").unwrap(), Version::V3_1);
        assert!(v("swagger: '2.0'")
            .unwrap_err()
            .message
            .contains("Swagger 2.0"));
        assert!(v("openapi: 4.0.0").unwrap_err().message.contains("4.0.0"));
        assert!(v("- a").unwrap_err().message.contains("an array"));
    }
}
