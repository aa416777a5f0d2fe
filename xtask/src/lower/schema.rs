//! Schema dispatch: the entry point every other module calls to turn the
//! schema at a location into a [`Ty`], following `$ref`s and sending each
//! construct (unions, allOf, enums, objects, scalars) to its own module.

use super::json::{is_null_schema, last_token, str_field, string_ty};
use super::naming::{Component, Hint, Slot};
use super::{Lowerer, MAX_DEPTH};
use crate::ir::*;
use crate::names::pascal;
use crate::resolve::Loc;
use serde_json::Value;

impl<'a> Lowerer<'a> {
    /// Whether the schema also admits `null` (3.0 `nullable`, a `null` type,
    /// enum value or `anyOf`/`oneOf` member).
    pub(super) fn is_nullable(&self, v: &Value) -> bool {
        if v.get("nullable") == Some(&Value::Bool(true)) {
            return true;
        }
        if let Some(Value::Array(types)) = v.get("type") {
            if types.iter().any(|t| t == "null") && types.len() > 1 {
                return true;
            }
        }
        if let Some(Value::Array(values)) = v.get("enum") {
            if values.iter().any(Value::is_null) && values.len() > 1 {
                return true;
            }
        }
        for key in ["anyOf", "oneOf"] {
            if let Some(Value::Array(members)) = v.get(key) {
                if members.len() > 1 && members.iter().any(|m| is_null_schema(self.deref_value(m)))
                {
                    return true;
                }
            }
        }
        false
    }

    /// The indices of the `anyOf`/`oneOf` members that admit more than `null`
    /// (a null member only makes the whole nullable).
    pub(super) fn live_members(&self, members: &[Value]) -> Vec<usize> {
        (0..members.len())
            .filter(|&i| !is_null_schema(self.deref_value(&members[i])))
            .collect()
    }

    /// `v` itself, or what its `$ref` chain leads to (refs inside `anyOf` members
    /// are followed relative to the root file; good enough for a null check).
    pub(super) fn deref_value<'v>(&self, v: &'v Value) -> &'v Value
    where
        'a: 'v,
    {
        match str_field(v, "$ref") {
            Some(r) => self
                .spec
                .target(&self.spec.root(), r)
                .and_then(|l| self.spec.follow(&l))
                .map_or(&super::NULL, |l| self.value_at(&l)),
            None => v,
        }
    }

    /// Lowers a component schema into its reserved slot; a component that
    /// is not itself a named type (a plain `string`, say) becomes an alias.
    pub(super) fn lower_component(&mut self, component: &Component) {
        let Component { id, rust_name, loc } = component;
        let context = format!("The `{}` schema.", last_token(loc));
        let hint = Hint {
            candidates: vec![rust_name.clone()],
            slot: Some(*id),
            context,
        };
        let ty = self.lower_inner(loc, &hint);
        if self.types[id.0].is_none() {
            let value = self.value_at(loc);
            let docs = self.type_docs(loc, value, &hint);
            let def = TypeDef {
                name: hint.first().to_string(),
                docs,
                kind: TypeKind::Alias(ty),
            };
            self.define(*id, def);
        }
    }

    /// The type of a string schema, by its `format` (see [`string_ty`]).
    fn string_type(&mut self, value: &Value) -> Ty {
        let ty = string_ty(str_field(value, "format"));
        if ty == Ty::Base64 {
            self.uses_base64 = true;
        }
        ty
    }

    /// The Rust type for the schema at `loc`.
    pub(super) fn lower(&mut self, loc: &Loc, hint: &Hint) -> Ty {
        let Some(value) = self.spec.get(loc) else {
            return Ty::Value;
        };
        if let Some(r) = str_field(value, "$ref") {
            if let Value::Object(schema) = value {
                // 3.1 allows keywords beside `$ref`.
                self.report_unmodelled(loc, schema);
            }
            let Some(target) = self.spec.target(loc, r) else {
                return Ty::Value;
            };
            let ref_nullable = value.get("nullable") == Some(&Value::Bool(true));
            if let Some(ty) = self.seen.at(&target, ref_nullable) {
                return ty;
            }
            if self.depth > MAX_DEPTH {
                return Ty::Value;
            }
            let token = last_token(&target);
            let name_hint = if token.is_empty() || token.chars().all(|c| c.is_ascii_digit()) {
                hint.clone()
            } else {
                Hint::new(
                    pascal(&token, "Schema"),
                    format!("The schema at `{}`.", self.spec.describe(&target)),
                )
            };
            self.depth += 1;
            let ty = self.lower(&target, &name_hint);
            self.depth -= 1;
            self.seen.remember_referenced(target, ty.clone());
            return ty;
        }
        let nullable = self.is_nullable(value);
        let ty = self.lower_inner(loc, hint);
        if nullable {
            ty.nullable()
        } else {
            ty
        }
    }

    /// The type of the schema at `loc` ignoring its nullability.
    pub(super) fn lower_inner(&mut self, loc: &Loc, hint: &Hint) -> Ty {
        if self.depth > MAX_DEPTH {
            let msg = format!("schemas are nested more than {MAX_DEPTH} levels deep here");
            self.diags.push(
                self.spec
                    .error(loc, msg)
                    .with_help("flatten the schema with `$ref`s to named components"),
            );
            return Ty::Value;
        }
        self.depth += 1;
        let ty = self.lower_inner_unguarded(loc, hint);
        self.depth -= 1;
        ty
    }

    /// [`Lowerer::lower_inner`] without the depth guard: the dispatch by keyword.
    pub(super) fn lower_inner_unguarded(&mut self, loc: &Loc, hint: &Hint) -> Ty {
        let Some(value) = self.spec.get(loc) else {
            return Ty::Value;
        };
        let schema = match value {
            Value::Object(m) => m,
            Value::Bool(_) => return Ty::Value,
            other => {
                self.push_kind_error(loc, "a schema must be an object", other);
                return Ty::Value;
            }
        };
        self.report_unmodelled(loc, schema);
        if schema.contains_key("$ref") {
            return self.lower(loc, hint);
        }

        let has_properties = schema
            .get("properties")
            .and_then(Value::as_object)
            .is_some_and(|p| !p.is_empty());
        for key in ["anyOf", "oneOf"] {
            if has_properties {
                // Properties beside the alternatives: a struct that flattens them (lower_struct).
                break;
            }
            if let Some(members) = schema.get(key) {
                let Some(members) = members.as_array() else {
                    let msg = format!("`{key}` must be an array of schemas");
                    self.diags.push(self.spec.error(&loc.child(key), msg));
                    return Ty::Value;
                };
                let live = self.live_members(members);
                if live.is_empty() {
                    return Ty::Value;
                }
                if live.len() == 1 && !schema.contains_key("properties") {
                    return self.lower(&loc.child(key).child(&live[0].to_string()), hint);
                }
                if let Some(ty) = self.lower_const_union(loc, key, &live, hint) {
                    return ty;
                }
                return self.lower_union(loc, key, &live, hint);
            }
        }

        if let Some(members) = schema.get("allOf") {
            return self.lower_all_of(loc, members, hint);
        }
        self.lower_after_all_of(loc, hint)
    }

    /// The type of a schema by the keywords that come after `allOf` in the
    /// dispatch (`enum`, `const`, `type`), ignoring any `allOf` it has.
    pub(super) fn lower_after_all_of(&mut self, loc: &Loc, hint: &Hint) -> Ty {
        let Some(value) = self.spec.get(loc) else {
            return Ty::Value;
        };
        let Value::Object(schema) = value else {
            return Ty::Value;
        };
        if let Some(values) = schema.get("enum") {
            return self.lower_enum(loc, value, values, hint);
        }
        if let Some(constant) = schema.get("const") {
            return match constant {
                Value::Null => Ty::Value,
                constant => self.lower_const(loc, value, constant, hint),
            };
        }

        let types: Vec<&str> = match schema.get("type") {
            Some(Value::String(t)) => vec![t.as_str()],
            Some(Value::Array(ts)) => ts
                .iter()
                .filter_map(Value::as_str)
                .filter(|t| *t != "null")
                .collect(),
            Some(other) => {
                self.push_kind_error(
                    &loc.child("type"),
                    "`type` must be a string or an array of strings",
                    other,
                );
                return Ty::Value;
            }
            None if schema.contains_key("properties")
                || schema.contains_key("additionalProperties") =>
            {
                vec!["object"]
            }
            None if schema.contains_key("items") || schema.contains_key("prefixItems") => {
                vec!["array"]
            }
            None => return Ty::Value,
        };
        self.lower_typed(loc, value, &types, hint)
    }

    /// The type of a schema by its (non-null) `type`s; `types` is empty when
    /// it lists only `null`.
    fn lower_typed(&mut self, loc: &Loc, value: &Value, types: &[&str], hint: &Hint) -> Ty {
        if value.get("prefixItems").is_some() {
            if types == ["array"] {
                if let Some(ty) = self.lower_tuple(loc, value, hint) {
                    return ty;
                }
            }
            let msg = "`prefixItems` is modelled only as a non-empty array of schemas on an array schema: every item decodes as the `items` schema, or as any value";
            self.diags
                .push(self.spec.warning(&loc.child("prefixItems"), msg));
        }
        match types {
            ["string"] => self.string_type(value),
            ["integer"] => int_type(value),
            ["number"] => match str_field(value, "format") {
                Some("float") => Ty::F32,
                _ => Ty::F64,
            },
            ["boolean"] => Ty::Bool,
            ["null"] => Ty::Value,
            ["array"] => match value.get("items") {
                Some(_) => Ty::Vec(Box::new(self.lower(&loc.child("items"), &hint.items()))),
                None => Ty::Vec(Box::new(Ty::Value)),
            },
            ["object"] => self.lower_object(loc, value, hint),
            [] => Ty::Value,
            [one] => {
                let msg = format!("`{one}` is not a JSON Schema type; using serde_json::Value");
                self.diags.push(
                    self.spec
                        .warning(&loc.child("type"), msg)
                        .with_help("use string, integer, number, boolean, array, object or null"),
                );
                Ty::Value
            }
            several => self.lower_multi_type(loc, value, several, hint),
        }
    }

    /// `type: [a, b]`: an untagged enum with one variant per type, integers
    /// before numbers so `5` stays an integer.
    pub(super) fn lower_multi_type(
        &mut self,
        loc: &Loc,
        value: &Value,
        types: &[&str],
        hint: &Hint,
    ) -> Ty {
        let known = ["integer", "number", "string", "boolean", "array", "object"];
        if let Some(bad) = types.iter().find(|t| !known.contains(t)) {
            let msg = format!("`{bad}` is not a JSON Schema type; using serde_json::Value");
            self.diags.push(self.spec.warning(&loc.child("type"), msg));
            return Ty::Value;
        }
        let (id, name) = match self.reuse_or_allocate(hint, value.to_string(), loc) {
            Slot::Existing(id) => return Ty::Named(id),
            Slot::New(id, name) => (id, name),
        };
        let mut variants = Vec::new();
        for t in known.iter().filter(|k| types.contains(k)) {
            let ty = match *t {
                "integer" => int_type(value),
                "number" => Ty::F64,
                "string" => self.string_type(value),
                "boolean" => Ty::Bool,
                "array" => match value.get("items") {
                    Some(_) => Ty::Vec(Box::new(self.lower(&loc.child("items"), &hint.items()))),
                    None => Ty::Vec(Box::new(Ty::Value)),
                },
                _ => self.lower_object(
                    loc,
                    value,
                    &Hint::new(format!("{name}Object"), hint.context.clone()),
                ),
            };
            variants.push(UnionVariant {
                name: pascal(t, "Variant"),
                ty,
                tag_value: None,
                nested_tags: None,
                docs: Docs {
                    text: Some(format!("A JSON {t}.")),
                    source: self.spec.describe(loc),
                    deprecated: None,
                },
            });
        }
        self.define_schema(
            id,
            name,
            loc,
            value,
            hint,
            TypeKind::Union {
                variants,
                tag: None,
                unknown: "Unknown".to_string(),
            },
        )
    }
}

/// The narrowest integer type for a schema's `format` or `minimum`/`maximum`.
pub(super) fn int_type(v: &Value) -> Ty {
    let explicit = match str_field(v, "format") {
        Some("int8") => Some(IntTy::I8),
        Some("int16") => Some(IntTy::I16),
        Some("int32") => Some(IntTy::I32),
        Some("int64") => Some(IntTy::I64),
        Some("uint8") => Some(IntTy::U8),
        Some("uint16") => Some(IntTy::U16),
        Some("uint32") => Some(IntTy::U32),
        Some("uint64") => Some(IntTy::U64),
        _ => None,
    };
    if let Some(t) = explicit {
        return Ty::Int(t);
    }
    let bound = |key: &str, exclusive: &str, lower: bool| -> Option<f64> {
        let plain = v.get(key).and_then(Value::as_f64);
        match v.get(exclusive) {
            Some(Value::Number(n)) => n.as_f64().map(|x| if lower { x + 1.0 } else { x - 1.0 }),
            Some(Value::Bool(true)) => plain.map(|x| if lower { x + 1.0 } else { x - 1.0 }),
            _ => plain,
        }
    };
    let min = bound("minimum", "exclusiveMinimum", true);
    let max = bound("maximum", "exclusiveMaximum", false);
    let fits = |t: IntTy| {
        let (lo, hi) = int_bounds(t);
        min.is_some_and(|m| m >= lo as f64) && max.is_some_and(|m| m <= hi as f64)
    };
    if min.is_some_and(|m| m >= 0.0) {
        for t in [IntTy::U8, IntTy::U16, IntTy::U32] {
            if fits(t) {
                return Ty::Int(t);
            }
        }
        return Ty::Int(IntTy::U64);
    }
    for t in [IntTy::I8, IntTy::I16, IntTy::I32] {
        if fits(t) {
            return Ty::Int(t);
        }
    }
    Ty::Int(IntTy::I64)
}

/// The range of an integer type.
pub fn int_bounds(t: IntTy) -> (i128, i128) {
    match t {
        IntTy::I8 => (i8::MIN as i128, i8::MAX as i128),
        IntTy::I16 => (i16::MIN as i128, i16::MAX as i128),
        IntTy::I32 => (i32::MIN as i128, i32::MAX as i128),
        IntTy::I64 => (i64::MIN as i128, i64::MAX as i128),
        IntTy::U8 => (0, u8::MAX as i128),
        IntTy::U16 => (0, u16::MAX as i128),
        IntTy::U32 => (0, u32::MAX as i128),
        IntTy::U64 => (0, u64::MAX as i128),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn integer_ranges_pick_the_narrowest_type() {
        let max = 9007199254740991i64;
        assert_eq!(
            int_type(&json!({"minimum": 0, "maximum": max})),
            Ty::Int(IntTy::U64)
        );
        assert_eq!(
            int_type(&json!({"minimum": -max, "maximum": max})),
            Ty::Int(IntTy::I64)
        );
        assert_eq!(int_type(&json!({"format": "int32"})), Ty::Int(IntTy::I32));
        assert_eq!(int_type(&json!({})), Ty::Int(IntTy::I64));
        assert_eq!(int_type(&json!({"minimum": 0})), Ty::Int(IntTy::U64));
        assert_eq!(
            int_type(&json!({"minimum": 1, "maximum": 100})),
            Ty::Int(IntTy::U8)
        );
        assert_eq!(
            int_type(&json!({"minimum": -5, "maximum": 40000})),
            Ty::Int(IntTy::I32)
        );
        assert_eq!(
            int_type(&json!({"exclusiveMinimum": -1, "maximum": 255})),
            Ty::Int(IntTy::U8)
        );
    }
}
