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
    if looks_like_json {
        return serde_json::from_str(text).map_err(|e| {
            Diagnostic::error(
                display,
                "",
                format!("invalid JSON: {}", strip_position(&e.to_string())),
            )
            .at_line_col(e.line(), e.column())
        });
    }
    serde_yaml::from_str::<Value>(text).map_err(|e| {
        let d = Diagnostic::error(
            display,
            "",
            format!("invalid YAML: {}", strip_position(&e.to_string())),
        );
        match e.location() {
            Some(loc) => d.at_line_col(loc.line(), loc.column()),
            None => d,
        }
    })
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
    fn json_error_has_line_and_column() {
        let d = parse("x.json", "{\n  \"openapi\": }").unwrap_err();
        assert_eq!(d.line_col, Some((2, 14)));
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
