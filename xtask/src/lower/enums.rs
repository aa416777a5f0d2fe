//! Enums and `const`: string and integer enums, single-value types, and
//! unions of `const`s (an enum spelled with titles).

use super::json::str_field;
use super::naming::{Hint, Slot};
use super::{int_bounds, Lowerer};
use crate::ir::*;
use crate::names::{pascal, Scope};
use crate::resolve::Loc;
use serde_json::Value;
use std::collections::BTreeSet;

impl Lowerer<'_> {
    /// `enum:` values: a string enum, an integer enum, or (one value) a const.
    pub(super) fn lower_enum(
        &mut self,
        loc: &Loc,
        value: &Value,
        values: &Value,
        hint: &Hint,
    ) -> Ty {
        let Some(values) = values.as_array() else {
            self.diags.push(
                self.spec
                    .error(&loc.child("enum"), "`enum` must be an array"),
            );
            return Ty::Value;
        };
        let mut live: Vec<&Value> = Vec::new();
        for v in values.iter().filter(|v| !v.is_null()) {
            if !live.contains(&v) {
                live.push(v);
            }
        }
        if live.is_empty() {
            return Ty::Value;
        }
        if live.len() == 1 {
            return self.lower_const(loc, value, live[0], hint);
        }
        if !live.iter().all(|v| v.is_string()) {
            return self.lower_scalar_enum(loc, value, &live, hint);
        }
        let (id, name) = match self.reuse_or_allocate(
            hint,
            Value::Array(live.iter().map(|v| (*v).clone()).collect()).to_string(),
            loc,
        ) {
            Slot::Existing(id) => return Ty::Named(id),
            Slot::New(id, name) => (id, name),
        };
        // The catch-all is always `Unknown`, so code matching on it survives a
        // spec that adds a value spelled "Unknown" (that value gets `Unknown2`).
        let mut scope = Scope::with_reserved(&["Unknown"]);
        let mut seen = BTreeSet::new();
        let mut variants = Vec::new();
        for v in live {
            let wire = v.as_str().unwrap_or_default().to_string();
            if !seen.insert(wire.clone()) {
                continue;
            }
            let base =
                spec_label(value, v).map_or_else(|| value_variant(&wire), |l| pascal(&l, "Value"));
            variants.push(Variant {
                name: scope.claim(&base),
                wire,
            });
        }
        let unknown = "Unknown".to_string();
        self.define_schema(
            id,
            name,
            loc,
            value,
            hint,
            TypeKind::StringEnum { variants, unknown },
        )
    }

    /// An enum of values that are not all strings: integers, numbers, or
    /// booleans (both of which is just `bool`); a mix of JSON types is reported.
    fn lower_scalar_enum(&mut self, loc: &Loc, value: &Value, live: &[&Value], hint: &Hint) -> Ty {
        if live.iter().all(|v| v.is_i64() || v.is_u64()) {
            let values: Vec<(Option<String>, i128)> = live
                .iter()
                .filter_map(|v| Some((spec_label(value, v), int_value(v)?)))
                .collect();
            if let Some(ty) = self.lower_int_enum(loc, value, &values, hint) {
                return ty;
            }
            let msg = "an integer `enum` with both negative values and values beyond the 64-bit signed range (no 64-bit integer type holds them all) is not supported; using serde_json::Value";
            self.diags.push(self.spec.warning(&loc.child("enum"), msg));
            return Ty::Value;
        }
        if live.iter().all(|v| v.is_boolean()) {
            // Two distinct booleans: every boolean.
            return Ty::Bool;
        }
        if live.iter().all(|v| v.is_number()) {
            return self.lower_number_enum(loc, value, live, hint);
        }
        let msg = "an `enum` that mixes JSON types (strings with numbers, booleans, arrays or objects) is not supported; using serde_json::Value";
        self.diags.push(self.spec.warning(&loc.child("enum"), msg));
        Ty::Value
    }

    /// An enum of numbers, not all integers: one variant per value plus a
    /// catch-all that keeps other numbers.
    fn lower_number_enum(&mut self, loc: &Loc, value: &Value, live: &[&Value], hint: &Hint) -> Ty {
        let shape = format!(
            "number-enum:{}",
            Value::Array(live.iter().map(|v| (*v).clone()).collect())
        );
        let (id, name) = match self.reuse_or_allocate(hint, shape, loc) {
            Slot::Existing(id) => return Ty::Named(id),
            Slot::New(id, name) => (id, name),
        };
        let mut scope = Scope::with_reserved(&["Unknown"]);
        let variants = live
            .iter()
            .filter_map(|v| {
                let f = v.as_f64()?;
                let base = spec_label(value, v)
                    .map_or_else(|| number_variant(&f.to_string()), |l| pascal(&l, "Value"));
                Some((scope.claim(&base), f))
            })
            .collect();
        let docs = self.type_docs(loc, value, hint);
        let kind = TypeKind::NumberEnum {
            variants,
            unknown: "Unknown".to_string(),
        };
        self.define(id, TypeDef { name, docs, kind });
        Ty::Named(id)
    }

    /// A type that accepts exactly one value (`const: x`, `enum: [x]`), of any JSON type.
    pub(super) fn lower_const(
        &mut self,
        loc: &Loc,
        value: &Value,
        constant: &Value,
        hint: &Hint,
    ) -> Ty {
        let shape = match constant {
            Value::String(wire) => format!("const:{wire}"),
            other => format!("const-json:{other}"),
        };
        let (id, name) = match self.reuse_or_allocate(hint, shape, loc) {
            Slot::Existing(id) => return Ty::Named(id),
            Slot::New(id, name) => (id, name),
        };
        let docs = self.type_docs(loc, value, hint);
        let variant = match constant {
            Value::String(wire) => value_variant(wire),
            Value::Bool(true) => "True".to_string(),
            Value::Bool(false) => "False".to_string(),
            Value::Number(n) => number_variant(&n.to_string()),
            _ => "Value".to_string(),
        };
        let kind = TypeKind::Const {
            value: constant.clone(),
            variant,
        };
        self.define(id, TypeDef { name, docs, kind });
        Ty::Named(id)
    }

    /// An integer enum; `values` pairs each value with a name from the spec,
    /// if any. `None` when no 64-bit integer type holds every value (a
    /// negative one beside one beyond `i64::MAX`).
    pub(super) fn lower_int_enum(
        &mut self,
        loc: &Loc,
        value: &Value,
        values: &[(Option<String>, i128)],
        hint: &Hint,
    ) -> Option<Ty> {
        let repr = [IntTy::I64, IntTy::U64].into_iter().find(|&t| {
            let (min, max) = int_bounds(t);
            values.iter().all(|(_, v)| (min..=max).contains(v))
        })?;
        let (id, name) = self.allocate(hint, Some(loc));
        // The catch-all is always `Unknown`, so code matching on it survives a
        // spec that adds a value spelled "Unknown" (that value gets `Unknown2`).
        let mut scope = Scope::with_reserved(&["Unknown"]);
        let mut seen = BTreeSet::new();
        let mut variants = Vec::new();
        for (label, v) in values {
            if !seen.insert(*v) {
                continue;
            }
            let base = match label {
                Some(l) => pascal(l, "Value"),
                None => number_variant(&v.to_string()),
            };
            variants.push((scope.claim(&base), *v));
        }
        let unknown = "Unknown".to_string();
        Some(self.define_schema(
            id,
            name,
            loc,
            value,
            hint,
            TypeKind::IntEnum {
                variants,
                repr,
                unknown,
            },
        ))
    }

    /// `oneOf`/`anyOf` whose members are all `const`s (an enum spelled with
    /// titles, as Discord does) becomes an enum named by the titles.
    pub(super) fn lower_const_union(
        &mut self,
        loc: &Loc,
        key: &str,
        live: &[usize],
        hint: &Hint,
    ) -> Option<Ty> {
        let mut strings = Vec::new();
        let mut ints = Vec::new();
        for &i in live {
            let member = self.spec.get(&loc.child(key).child(&i.to_string()))?;
            let constant = member.get("const")?;
            let label = str_field(member, "title").map(str::to_string);
            match constant {
                Value::String(s) => strings.push((label, s.clone())),
                Value::Number(_) => ints.push((label, int_value(constant)?)),
                _ => return None,
            }
        }
        let value = self.value_at(loc);
        if strings.is_empty() {
            return self.lower_int_enum(loc, value, &ints, hint);
        }
        if !ints.is_empty() {
            return None;
        }
        let (id, name) = self.allocate(hint, Some(loc));
        // The catch-all is always `Unknown`, so code matching on it survives a
        // spec that adds a value spelled "Unknown" (that value gets `Unknown2`).
        let mut scope = Scope::with_reserved(&["Unknown"]);
        let mut variants = Vec::new();
        for (label, wire) in strings {
            if variants.iter().any(|v: &Variant| v.wire == wire) {
                continue;
            }
            let base = label.map_or_else(|| value_variant(&wire), |l| pascal(&l, "Value"));
            variants.push(Variant {
                name: scope.claim(&base),
                wire,
            });
        }
        let unknown = "Unknown".to_string();
        Some(self.define_schema(
            id,
            name,
            loc,
            value,
            hint,
            TypeKind::StringEnum { variants, unknown },
        ))
    }
}

/// The name the spec gives the enum value `wire` in `x-enum-varnames`
/// (openapi-generator) or `x-enumNames` (NSwag), lists parallel to `enum`.
fn spec_label(schema: &Value, wire: &Value) -> Option<String> {
    let values = schema.get("enum")?.as_array()?;
    let names = ["x-enum-varnames", "x-enumNames"]
        .iter()
        .find_map(|k| schema.get(*k)?.as_array())?;
    let i = values.iter().position(|v| v == wire)?;
    let name = names.get(i)?.as_str()?;
    (!pascal(name, "").is_empty()).then(|| name.to_string())
}

/// A variant name for a string value that says what the value is. Symbols
/// are spelled (`c++` → `CPlusPlus`, `c#` → `CSharp`, `>=` → `GreaterEquals`)
/// rather than dropped, so `c++` does not become `C` beside `c` and leave the
/// numbering to decide which is which; separators (`-`, `.`, `_`, `/`, `:`,
/// spaces) stay word breaks unless the value is nothing but symbols (`-` is
/// `Minus`), or a `-` starts a number (`-1` is `Minus1`). `""` is `Empty`.
pub(super) fn value_variant(wire: &str) -> String {
    if wire.is_empty() {
        return "Empty".to_string();
    }
    let only_symbols = !wire.chars().any(char::is_alphanumeric);
    let mut spelled = String::new();
    let mut previous: Option<char> = None;
    let mut chars = wire.chars().peekable();
    while let Some(c) = chars.next() {
        let starts_number = previous.is_none() && chars.peek().is_some_and(char::is_ascii_digit);
        let after_letter = previous.is_some_and(char::is_alphanumeric);
        previous = Some(c);
        let word = match c {
            '+' => "Plus",
            '#' if after_letter => "Sharp",
            '#' => "Hash",
            '*' => "Star",
            '@' => "At",
            '&' => "And",
            '%' => "Percent",
            '=' => "Equals",
            '<' => "Less",
            '>' => "Greater",
            '!' => "Not",
            '$' => "Dollar",
            '~' => "Tilde",
            '^' => "Caret",
            '|' => "Pipe",
            '?' => "Question",
            '-' if only_symbols || starts_number => "Minus",
            '.' if only_symbols => "Dot",
            '_' if only_symbols => "Underscore",
            '/' if only_symbols => "Slash",
            ':' if only_symbols => "Colon",
            ' ' if only_symbols => "Space",
            '"' if only_symbols => "Quote",
            '\'' if only_symbols => "Apostrophe",
            '\\' if only_symbols => "Backslash",
            '`' if only_symbols => "Backtick",
            ',' if only_symbols => "Comma",
            ';' if only_symbols => "Semicolon",
            '(' | '[' | '{' if only_symbols => "Open",
            ')' | ']' | '}' if only_symbols => "Close",
            _ => {
                spelled.push(c);
                continue;
            }
        };
        spelled.push(' ');
        spelled.push_str(word);
        spelled.push(' ');
    }
    pascal(&spelled, "Value")
}

/// A variant name for a number: `Value2`, `ValueMinus0_5`, `Value1e100`.
fn number_variant(text: &str) -> String {
    let spelled: String = text
        .replace('-', "Minus")
        .replace('+', "")
        .chars()
        .map(|c| if c == '.' { '_' } else { c })
        .collect();
    format!("Value{spelled}")
}

/// An integer JSON value as an `i128` (which holds every `i64` and `u64`).
fn int_value(v: &Value) -> Option<i128> {
    v.as_i64()
        .map(i128::from)
        .or_else(|| v.as_u64().map(i128::from))
}

#[cfg(test)]
mod tests {
    use crate::diag::Diagnostics;
    use crate::ir::{Api, TypeKind};
    use serde_json::json;
    use std::path::Path;

    /// Lowers a spec whose only content is the given component schemas.
    fn lower_schemas(schemas: serde_json::Value) -> Api {
        let doc = json!({
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1"},
            "paths": {},
            "components": {"schemas": schemas},
        });
        let mut diags = Diagnostics::default();
        let spec = crate::resolve::resolve_value(doc, Path::new("t.json"), "t.json", &mut diags)
            .expect("spec resolves");
        super::super::lower(&spec, &mut diags, &super::super::NameLock::default())
    }

    /// The kind of the type called `name`.
    fn kind_of<'a>(api: &'a Api, name: &str) -> &'a TypeKind {
        &api.types.iter().find(|t| t.name == name).expect(name).kind
    }

    #[test]
    fn string_enum_variants_are_pascal_unique_and_keep_unknown_free() {
        let api = lower_schemas(json!({
            "Color": {"type": "string", "enum": ["dark-red", "Unknown", "dark-red", null, "blue"]}
        }));
        let TypeKind::StringEnum { variants, unknown } = kind_of(&api, "Color") else {
            panic!("not a string enum");
        };
        let names: Vec<(&str, &str)> = variants
            .iter()
            .map(|v| (v.name.as_str(), v.wire.as_str()))
            .collect();
        assert_eq!(
            names,
            [
                ("DarkRed", "dark-red"),
                ("Unknown2", "Unknown"),
                ("Blue", "blue")
            ]
        );
        assert_eq!(unknown, "Unknown");
    }

    #[test]
    fn value_variants_spell_symbols_and_name_the_empty_string() {
        use super::value_variant;
        let names: Vec<String> = ["c++", "c", "c#", "", "-", "-1", ">=", "in-progress", "a.b"]
            .iter()
            .map(|w| value_variant(w))
            .collect();
        assert_eq!(
            names,
            [
                "CPlusPlus",
                "C",
                "CSharp",
                "Empty",
                "Minus",
                "Minus1",
                "GreaterEquals",
                "InProgress",
                "AB"
            ]
        );
    }

    #[test]
    fn spec_variant_names_name_string_and_integer_enums() {
        let api = lower_schemas(json!({
            "Priority": {"type": "integer", "enum": [0, 1, 2], "x-enum-varnames": ["Low", "Normal", "High"]},
            "Mood": {"type": "string", "enum": ["+", "-"], "x-enumNames": ["Happy", "Sad"]}
        }));
        let TypeKind::IntEnum { variants, .. } = kind_of(&api, "Priority") else {
            panic!("not an int enum");
        };
        let names: Vec<&str> = variants.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["Low", "Normal", "High"]);
        let TypeKind::StringEnum { variants, .. } = kind_of(&api, "Mood") else {
            panic!("not a string enum");
        };
        let names: Vec<&str> = variants.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(names, ["Happy", "Sad"]);
    }

    #[test]
    fn int_enum_variants_spell_out_the_sign() {
        let api = lower_schemas(json!({
            "Level": {"type": "integer", "enum": [1, -1, 0, 1]}
        }));
        let TypeKind::IntEnum { variants, .. } = kind_of(&api, "Level") else {
            panic!("not an int enum");
        };
        let names: Vec<(&str, i128)> = variants.iter().map(|(n, v)| (n.as_str(), *v)).collect();
        assert_eq!(names, [("Value1", 1), ("ValueMinus1", -1), ("Value0", 0)]);
    }

    #[test]
    fn const_union_takes_variant_names_from_titles() {
        let api = lower_schemas(json!({
            "Mode": {"oneOf": [
                {"const": "a", "title": "First Mode"},
                {"const": "b"},
            ]}
        }));
        let TypeKind::StringEnum { variants, .. } = kind_of(&api, "Mode") else {
            panic!("not a string enum");
        };
        let names: Vec<&str> = variants.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(names, ["FirstMode", "B"]);
    }
}
