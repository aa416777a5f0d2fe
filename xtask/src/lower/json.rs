//! JSON helpers: small, spec-independent questions about a schema value
//! (its doc text, its constraints, whether it only admits `null`), shared by
//! every lowering module.

use crate::diag::unescape_token;
use crate::ir::{IntTy, Ty};
use crate::resolve::Loc;
use serde_json::Value;

/// The last token of `loc`'s pointer, unescaped: a component's or a
/// property's name as the spec spells it.
pub(super) fn last_token(loc: &Loc) -> String {
    unescape_token(loc.pointer.rsplit('/').next().unwrap_or(""))
}

/// The Rust type for a `type: string` schema with this `format`. The one
/// table every string-typed schema goes through; `Ty::Base64` also needs
/// [`Lowerer::uses_base64`](super::Lowerer) set by the caller.
pub(super) fn string_ty(format: Option<&str>) -> Ty {
    match format {
        Some("uuid") => Ty::Uuid,
        Some("date-time") => Ty::DateTime,
        Some("date") => Ty::Date,
        Some("byte") => Ty::Base64,
        Some("binary") => Ty::Binary,
        _ => Ty::String,
    }
}

/// The string at `key`, if it is one.
pub(super) fn str_field<'v>(v: &'v Value, key: &str) -> Option<&'v str> {
    v.get(key).and_then(Value::as_str)
}

/// Title, summary and description joined into one doc text.
pub(super) fn doc_text(v: &Value, keys: &[&str]) -> Option<String> {
    let parts: Vec<&str> = keys
        .iter()
        .filter_map(|k| str_field(v, k))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    if parts.is_empty() {
        None
    } else {
        let mut unique: Vec<&str> = Vec::new();
        for p in parts {
            if !unique.contains(&p) {
                unique.push(p);
            }
        }
        Some(unique.join("\n\n"))
    }
}

/// "Constraints: `minimum: 0`, `maxLength: 64`." for a property schema's
/// validation keywords (looking through a nullable `anyOf`), if it has any.
/// A `format` that the field's type `ty` already states (`uuid` on a
/// `Uuid`, `int32` on an `i32`) is left out: the line would only repeat it.
pub(super) fn constraint_text(schema: &Value, ty: &Ty) -> Option<String> {
    const KEYS: &[&str] = &[
        "format",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "multipleOf",
        "minLength",
        "maxLength",
        "pattern",
        "minItems",
        "maxItems",
        "uniqueItems",
        "minProperties",
        "maxProperties",
    ];
    let own: Vec<String> = KEYS
        .iter()
        .filter(|k| {
            !(**k == "format"
                && str_field(schema, "format").is_some_and(|f| type_states_format(f, ty)))
        })
        .filter_map(|k| {
            schema
                .get(*k)
                .map(|v| format!("`{k}: {}`", v.to_string().replace('`', "'")))
        })
        .collect();
    if !own.is_empty() {
        return Some(format!("Constraints: {}.", own.join(", ")));
    }
    let members = schema
        .get("anyOf")
        .or_else(|| schema.get("oneOf"))?
        .as_array()?;
    let live: Vec<&Value> = members.iter().filter(|m| !is_null_schema(m)).collect();
    match live.as_slice() {
        [only] => constraint_text(only, ty),
        _ => None,
    }
}

/// True when a field of type `ty` already says what `format` says.
fn type_states_format(format: &str, ty: &Ty) -> bool {
    let ty = match ty {
        Ty::Option(inner) | Ty::Boxed(inner) => inner.as_ref(),
        other => other,
    };
    matches!(
        (format, ty),
        ("uuid", Ty::Uuid)
            | ("date-time", Ty::DateTime)
            | ("date", Ty::Date)
            | ("byte", Ty::Base64)
            | ("binary", Ty::Binary)
            | ("float", Ty::F32)
            | ("double", Ty::F64)
            | ("int8", Ty::Int(IntTy::I8))
            | ("int16", Ty::Int(IntTy::I16))
            | ("int32", Ty::Int(IntTy::I32))
            | ("int64", Ty::Int(IntTy::I64))
            | ("uint8", Ty::Int(IntTy::U8))
            | ("uint16", Ty::Int(IntTy::U16))
            | ("uint32", Ty::Int(IntTy::U32))
            | ("uint64", Ty::Int(IntTy::U64))
    )
}

/// The one string a schema admits (`const: x` or `enum: [x]`), if that is all it admits.
pub(super) fn single_string(v: &Value) -> Option<String> {
    if let Some(Value::String(s)) = v.get("const") {
        return Some(s.clone());
    }
    match v.get("enum") {
        Some(Value::Array(values)) if values.len() == 1 => values[0].as_str().map(str::to_string),
        _ => None,
    }
}

/// True when `v` is a schema that only admits `null`.
pub(super) fn is_null_schema(v: &Value) -> bool {
    match v.get("type") {
        Some(Value::String(t)) => t == "null",
        Some(Value::Array(ts)) => ts.len() == 1 && ts[0] == "null",
        _ => {
            v.get("const") == Some(&Value::Null)
                || v.get("enum")
                    .and_then(Value::as_array)
                    .is_some_and(|e| e.len() == 1 && e[0].is_null())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn constraints_leave_out_a_format_the_type_states() {
        let uuid = json!({"type": "string", "format": "uuid", "maxLength": 36});
        assert_eq!(
            constraint_text(&uuid, &Ty::Option(Box::new(Ty::Uuid))).as_deref(),
            Some("Constraints: `maxLength: 36`.")
        );
        // A format the type does not show stays: the reader needs it.
        let email = json!({"type": "string", "format": "email"});
        assert_eq!(
            constraint_text(&email, &Ty::String).as_deref(),
            Some("Constraints: `format: \"email\"`.")
        );
        assert_eq!(
            constraint_text(&json!({"format": "int32"}), &Ty::Int(IntTy::I32)),
            None
        );
        assert_eq!(
            constraint_text(&json!({"format": "int32"}), &Ty::Int(IntTy::I64)).as_deref(),
            Some("Constraints: `format: \"int32\"`.")
        );
    }
}
