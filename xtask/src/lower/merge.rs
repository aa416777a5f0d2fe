//! `allOf` of things that are not objects. An `allOf` merges whatever its
//! members are: a string with an annotation-only member is that string, a
//! `$ref` to an enum plus `{description: x}` is that enum, an array plus a
//! note is that array, `{}` plus a note is any value. Only members that say
//! something about the value's JSON type count; when two of them disagree
//! (a string and an array), no value satisfies both and the spec is
//! reported. Objects keep the struct merge of [`super::object`].

use super::naming::Hint;
use super::Lowerer;
use crate::ir::*;
use crate::resolve::Loc;
use serde_json::Value;

/// What a schema says about the JSON type of its values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Shape {
    /// Nothing: only annotations (`description`, `nullable`, `default`, …)
    /// or validation keywords that do not fix a type.
    Any,
    /// An object: properties, `additionalProperties`, `required` or `type: object`.
    Object,
    /// A `oneOf`/`anyOf` without properties.
    Union,
    /// One or more JSON types other than object, sorted (`"integer"`, `"array"`,
    /// `"integer|string"`).
    Json(String),
}

impl Shape {
    /// The shape of one schema value, ignoring its `allOf` (and its refs: the
    /// caller follows them).
    fn of(v: &Value) -> Shape {
        const OBJECT_KEYS: &[&str] = &[
            "properties",
            "additionalProperties",
            "patternProperties",
            "unevaluatedProperties",
            "propertyNames",
            "required",
        ];
        if OBJECT_KEYS.iter().any(|k| v.get(k).is_some()) {
            return Shape::Object;
        }
        let mut types: Vec<&str> = match v.get("type") {
            Some(Value::String(t)) => vec![t.as_str()],
            Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        if types.is_empty() {
            let values = match (v.get("const"), v.get("enum")) {
                (Some(c), _) => vec![c],
                (None, Some(Value::Array(e))) => e.iter().collect(),
                _ => Vec::new(),
            };
            types = values.into_iter().map(json_type).collect();
        }
        if types.is_empty() && (v.get("items").is_some() || v.get("prefixItems").is_some()) {
            types.push("array");
        }
        if types.is_empty() && (v.get("oneOf").is_some() || v.get("anyOf").is_some()) {
            return Shape::Union;
        }
        // `null` only widens: nullability is the members' own business.
        types.retain(|t| *t != "null");
        types.sort_unstable();
        types.dedup();
        match types.as_slice() {
            [] => Shape::Any,
            ts if ts.contains(&"object") => Shape::Object,
            ts => Shape::Json(ts.join("|")),
        }
    }

    /// The meet of two shapes, or `None` when no value has both.
    fn meet(self, other: Shape) -> Option<Shape> {
        match (self, other) {
            (Shape::Any, s) | (s, Shape::Any) => Some(s),
            (a, b) if a == b => Some(a),
            // Every integer is a number.
            (Shape::Json(a), Shape::Json(b))
                if [a.as_str(), b.as_str()] == ["integer", "number"]
                    || [a.as_str(), b.as_str()] == ["number", "integer"] =>
            {
                Some(Shape::Json("integer".to_string()))
            }
            _ => None,
        }
    }
}

/// The JSON type of a value, as `type:` spells it.
fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

impl Lowerer<'_> {
    /// The shape of the schema at `loc` with its `allOf` members merged in
    /// (following refs), or `None` when the members conflict.
    pub(super) fn merged_shape(&self, loc: &Loc) -> Option<Shape> {
        let mut parts = Vec::new();
        self.all_of_parts(loc, &mut parts);
        parts
            .iter()
            .filter_map(|p| self.spec.get(p))
            .map(Shape::of)
            .try_fold(Shape::Any, Shape::meet)
    }

    /// Whether the schema at `loc` (followed), `allOf` members merged, is
    /// an object and so becomes a struct. An `allOf` of a union, or of
    /// members that conflict, is merged into a struct too.
    pub(super) fn is_object_like(&self, loc: &Loc) -> bool {
        match self.merged_shape(loc) {
            Some(Shape::Object) | None => true,
            Some(Shape::Union) => self.spec.get(loc).is_some_and(|v| v.get("allOf").is_some()),
            Some(Shape::Any | Shape::Json(_)) => false,
        }
    }

    /// `allOf` whose merged shape is not an object: the type of the member
    /// that carries the most (a `$ref`, an `enum` or `const`, an integer
    /// rather than a number), or any value when no member fixes a type.
    /// `None` means the merge is an object: the caller builds a struct.
    pub(super) fn lower_all_of_value(
        &mut self,
        loc: &Loc,
        count: usize,
        hint: &Hint,
    ) -> Option<Ty> {
        let own = self.value_at(loc);
        let own_shape = Shape::of(own);
        let mut members = Vec::new();
        for i in 0..count {
            let member = loc.child("allOf").child(&i.to_string());
            let shape = self.spec.follow(&member).map(|f| self.merged_shape(&f));
            members.push((member, shape.flatten()?));
        }
        let shapes = || std::iter::once(&own_shape).chain(members.iter().map(|(_, s)| s));
        let typed = shapes().filter(|s| **s != Shape::Any).count();
        // Objects, and unions beside anything that fixes a type, are merged
        // into a struct (flattening the alternatives), as before.
        if shapes().any(|s| *s == Shape::Object)
            || (shapes().any(|s| *s == Shape::Union) && typed > 1)
        {
            return None;
        }
        let merged = shapes().cloned().try_fold(Shape::Any, Shape::meet);
        let Some(merged) = merged else {
            let kinds: Vec<String> = shapes()
                .filter(|s| **s != Shape::Any)
                .map(describe)
                .collect();
            let msg = format!(
                "the `allOf` members conflict ({}): no value satisfies them all; using serde_json::Value",
                kinds.join(", ")
            );
            self.diags.push(self.spec.warning(&loc.child("allOf"), msg));
            return Some(Ty::Value);
        };
        if merged == Shape::Any {
            return Some(Ty::Value);
        }
        let best = members
            .iter()
            .filter(|(_, s)| *s == merged)
            .max_by_key(|(m, _)| self.weight(m))
            .map(|(m, _)| m.clone());
        Some(match best {
            Some(member) if own_shape != merged || self.weight(&member) > 0 => {
                self.lower(&member, hint)
            }
            // The schema itself fixes the type (`type: string, allOf: [{maxLength: 3}]`).
            _ => self.lower_after_all_of(loc, hint),
        })
    }

    /// How much a member says beyond its type: a reference names a type, an
    /// `enum` or `const` restricts the values, a `format` refines them.
    fn weight(&self, member: &Loc) -> usize {
        let Some(v) = self.spec.get(member) else {
            return 0;
        };
        let followed = self.deref_value(v);
        [
            v.get("$ref").is_some(),
            followed.get("enum").is_some() || followed.get("const").is_some(),
            followed.get("format").is_some(),
            followed.get("items").is_some(),
        ]
        .iter()
        .filter(|b| **b)
        .count()
    }
}

/// A shape as the conflict warning names it.
fn describe(shape: &Shape) -> String {
    match shape {
        Shape::Any => "any value".to_string(),
        Shape::Object => "an object".to_string(),
        Shape::Union => "a `oneOf`/`anyOf`".to_string(),
        Shape::Json(t) => format!("`{t}`"),
    }
}
