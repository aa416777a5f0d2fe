//! Objects and `allOf`: schemas with properties become structs, the members
//! of an `allOf` merge into one, and `oneOf`/`anyOf` beside properties become
//! a flattened union field.

use super::defaults::PendingDefault;
use super::json::{constraint_text, str_field};
use super::naming::{Hint, Slot};
use super::{Lowerer, MAX_DEPTH};
use crate::ir::*;
use crate::names::{snake, Scope};
use crate::resolve::Loc;
use serde_json::Value;
use std::collections::BTreeSet;

impl Lowerer<'_> {
    /// `allOf`: one member alone is that member; several merge into a struct.
    pub(super) fn lower_all_of(&mut self, loc: &Loc, members: &Value, hint: &Hint) -> Ty {
        let Some(list) = members.as_array() else {
            self.diags.push(
                self.spec
                    .error(&loc.child("allOf"), "`allOf` must be an array of schemas"),
            );
            return Ty::Value;
        };
        let own = self.value_at(loc);
        let own_properties = own
            .get("properties")
            .and_then(Value::as_object)
            .is_some_and(|m| !m.is_empty());
        if list.len() == 1 && !own_properties {
            return self.lower(&loc.child("allOf").child("0"), hint);
        }
        if let Some(ty) = self.lower_all_of_value(loc, list.len(), hint) {
            return ty;
        }
        // Merge the properties of every member, and of their own allOf members
        // (following refs), into one struct.
        let mut parts = Vec::new();
        self.all_of_parts(loc, &mut parts);
        self.lower_struct(loc, &parts, hint)
    }

    /// `loc` and, recursively, the schemas its `allOf` lists (each once).
    pub(super) fn all_of_parts(&self, loc: &Loc, parts: &mut Vec<Loc>) {
        if parts.contains(loc) || parts.len() > MAX_DEPTH {
            return;
        }
        parts.push(loc.clone());
        let count = match self.spec.get(loc).and_then(|v| v.get("allOf")) {
            Some(Value::Array(list)) => list.len(),
            _ => return,
        };
        for i in 0..count {
            if let Some(member) = self.spec.follow(&loc.child("allOf").child(&i.to_string())) {
                self.all_of_parts(&member, parts);
            }
        }
    }

    /// An object schema: a struct with its properties, else a map.
    pub(super) fn lower_object(&mut self, loc: &Loc, value: &Value, hint: &Hint) -> Ty {
        if let Some(other) = value.get("properties").filter(|p| !p.is_object()) {
            self.push_kind_error(
                &loc.child("properties"),
                "`properties` must be an object",
                other,
            );
            return Ty::Value;
        }
        let has_props = value
            .get("properties")
            .and_then(Value::as_object)
            .is_some_and(|p| !p.is_empty());
        if !has_props {
            return match value.get("additionalProperties") {
                Some(Value::Object(m)) if !m.is_empty() => Ty::Map(Box::new(
                    self.lower(&loc.child("additionalProperties"), &hint.items()),
                )),
                _ => Ty::Map(Box::new(Ty::Value)),
            };
        }
        self.lower_struct(loc, std::slice::from_ref(loc), hint)
    }

    /// A struct from the properties of `parts` (one schema, or all `allOf` members).
    pub(super) fn lower_struct(&mut self, loc: &Loc, parts: &[Loc], hint: &Hint) -> Ty {
        let value = self.value_at(loc);
        let (id, name) = match self.reuse_or_allocate(hint, value.to_string(), loc) {
            Slot::Existing(id) => return Ty::Named(id),
            Slot::New(id, name) => (id, name),
        };
        let mut parts = parts.to_vec();
        let unions = self.flattened_alternatives(&mut parts);
        let owned_by_union = self.owned_by_unions(&unions);
        let Properties {
            required,
            required_at,
            mut props,
            mut additional,
        } = self.gather_properties(&parts, &name);

        let mut field_scope = Scope::with_reserved(&["additional_properties"]);
        let mut fields = Vec::new();
        props.retain(|(wire, _)| !owned_by_union.contains(wire));
        if !unions.is_empty() && additional.is_some() {
            // serde would hand the same unknown keys to both flattened fields
            // and write them twice; the alternatives take precedence.
            let msg = "`additionalProperties` beside `oneOf`/`anyOf` is not kept: unknown keys go to the alternatives";
            self.diags.push(self.spec.warning(loc, msg));
            additional = None;
        }
        // Named all at once, so collisions are decided by the names alone.
        let candidates: Vec<(&str, String)> = props
            .iter()
            .map(|(wire, _)| (wire.as_str(), snake(wire, "field")))
            .collect();
        let field_names = field_scope.claim_all(&candidates);
        for ((wire, ploc), field_name) in props.into_iter().zip(field_names) {
            let owner = (id, fields.len(), name.as_str());
            let field = self.lower_field(owner, wire, ploc, &required, field_name);
            fields.push(field);
        }
        for (wire, at) in required_at {
            if owned_by_union.contains(&wire) || fields.iter().any(|f| f.wire == wire) {
                continue;
            }
            fields.push(self.required_only_field(wire, &at, &mut field_scope));
        }
        // After the properties, so the struct reads in spec order.
        let flattened = unions
            .into_iter()
            .map(|union| self.union_field(&name, union, &mut field_scope))
            .collect();
        self.define_schema(
            id,
            name,
            loc,
            value,
            hint,
            TypeKind::Struct {
                fields,
                flattened,
                additional,
            },
        )
    }

    /// The `oneOf`/`anyOf`s beside properties (or inside an allOf member): a
    /// single alternative merges like an allOf member (appended to `parts`);
    /// several become a flattened union field, so their properties sit at
    /// the same level.
    fn flattened_alternatives(&mut self, parts: &mut Vec<Loc>) -> Vec<FlattenedUnion> {
        let mut unions = Vec::new();
        let mut next = 0;
        while next < parts.len() {
            let part = parts[next].clone();
            next += 1;
            for key in ["oneOf", "anyOf"] {
                let Some(Value::Array(members)) = self.spec.get(&part).and_then(|v| v.get(key))
                else {
                    continue;
                };
                let live = self.live_members(members);
                match live.as_slice() {
                    [] => {}
                    [only] => {
                        if let Some(member) =
                            self.spec.follow(&part.child(key).child(&only.to_string()))
                        {
                            self.all_of_parts(&member, parts);
                        }
                    }
                    _ => {
                        // Only objects can be flattened into a struct.
                        let objects = live.iter().all(|i| {
                            self.spec
                                .follow(&part.child(key).child(&i.to_string()))
                                .is_some_and(|m| self.is_object_like(&m))
                        });
                        if objects {
                            unions.push(FlattenedUnion {
                                part: part.clone(),
                                key,
                                live,
                            });
                        } else {
                            let msg = format!("`{key}` beside properties has members that are not objects; the alternatives are not represented");
                            self.diags.push(self.spec.warning(&part.child(key), msg));
                        }
                    }
                }
            }
        }
        unions
    }

    /// Properties the alternatives define (and a discriminator's tag): they
    /// belong to the flattened union. Kept in the struct too, the struct would
    /// take the key first and the alternative would never see it.
    fn owned_by_unions(&self, unions: &[FlattenedUnion]) -> BTreeSet<String> {
        let mut owned = BTreeSet::new();
        for FlattenedUnion { part, key, live } in unions {
            if let Some(tag) = self
                .spec
                .get(part)
                .and_then(|v| v.get("discriminator"))
                .and_then(|d| str_field(d, "propertyName"))
            {
                owned.insert(tag.to_string());
            }
            for i in live {
                let Some(member) = self.spec.follow(&part.child(key).child(&i.to_string())) else {
                    continue;
                };
                let mut member_parts = Vec::new();
                self.all_of_parts(&member, &mut member_parts);
                for mp in member_parts {
                    if let Some(Value::Object(props)) =
                        self.spec.get(&mp).and_then(|v| v.get("properties"))
                    {
                        owned.extend(props.keys().cloned());
                    }
                }
            }
        }
        owned
    }

    /// The required names, properties (a later part's wins) and the type of
    /// unlisted properties, merged over `parts`, for the struct `name`.
    fn gather_properties(&mut self, parts: &[Loc], name: &str) -> Properties {
        let mut gathered = Properties {
            required: BTreeSet::new(),
            required_at: Vec::new(),
            props: Vec::new(),
            additional: None,
        };
        for part in parts {
            let Some(pv) = self.value(part) else {
                continue;
            };
            match pv.get("required") {
                Some(Value::Array(req)) if req.iter().all(Value::is_string) => {
                    for name in req.iter().filter_map(Value::as_str) {
                        if gathered.required.insert(name.to_string()) {
                            gathered
                                .required_at
                                .push((name.to_string(), part.child("required")));
                        }
                    }
                }
                Some(other) => {
                    let what = "`required` must be an array of property names";
                    let error = self.kind_error(&part.child("required"), what, other);
                    self.diags.push(error.with_help("write `required: [a, b]`"));
                }
                None => {}
            }
            match pv.get("properties") {
                Some(Value::Object(map)) => {
                    for key in map.keys() {
                        let ploc = part.child("properties").child(key);
                        match gathered.props.iter_mut().find(|(k, _)| k == key) {
                            Some(slot) => slot.1 = ploc,
                            None => gathered.props.push((key.clone(), ploc)),
                        }
                    }
                }
                Some(other) => {
                    self.push_kind_error(
                        &part.child("properties"),
                        "`properties` must be an object",
                        other,
                    );
                }
                None => {}
            }
            // `unevaluatedProperties` (2020-12) over the merged struct means
            // what `additionalProperties` means: the keys no part lists.
            let key = ["additionalProperties", "unevaluatedProperties"]
                .into_iter()
                .find(|k| pv.get(k).is_some())
                .unwrap_or("additionalProperties");
            match pv.get(key) {
                Some(Value::Bool(true)) => gathered.additional = Some(Ty::Value),
                Some(Value::Object(m)) if m.is_empty() => gathered.additional = Some(Ty::Value),
                Some(Value::Object(_)) => {
                    let item_hint = Hint::new(
                        format!("{name}Value"),
                        format!("A value of an unlisted property of `{name}`."),
                    );
                    let ty = self.lower(&part.child(key), &item_hint);
                    gathered.additional = Some(ty);
                }
                // Keys matching `patternProperties` are data the schema
                // describes: kept as any value (unknown keys with them),
                // rather than dropped as unknown keys are without this.
                None | Some(Value::Bool(false))
                    if pv
                        .get("patternProperties")
                        .and_then(Value::as_object)
                        .is_some_and(|p| !p.is_empty()) =>
                {
                    gathered.additional = Some(Ty::Value);
                }
                _ => {}
            }
        }
        gathered
    }

    /// The field for property `wire` (schema at `ploc`); `owner` is the
    /// struct's id, this field's index in it, and its name.
    fn lower_field(
        &mut self,
        (id, index, name): (TypeId, usize, &str),
        wire: String,
        ploc: Loc,
        required: &BTreeSet<String>,
        field_name: String,
    ) -> Field {
        let pvalue = self.value_at(&ploc);
        let followed = match self.spec.follow(&ploc) {
            Some(l) => self.value_at(&l),
            None => &super::NULL,
        };
        let ty = self.lower(&ploc, &Hint::property(name, &wire));
        // Server-set (readOnly) and request-only (writeOnly) properties are
        // optional in the one type used both ways, so a create request
        // need not invent an id and a response need not echo a password.
        let flag = |key: &str| {
            pvalue.get(key) == Some(&Value::Bool(true))
                || followed.get(key) == Some(&Value::Bool(true))
        };
        let (read_only, write_only) = (flag("readOnly"), flag("writeOnly"));
        let is_required = required.contains(&wire) && !read_only && !write_only;
        let default_value = pvalue
            .get("default")
            .or_else(|| followed.get("default"))
            .cloned();
        // Defaults are matched to types after every type is lowered (a
        // referenced component may not be yet); until then the field is
        // not wrapped in Option.
        let pending = matches!(&default_value, Some(d) if !d.is_null());
        if let Some(d) = default_value.filter(|_| pending) {
            self.pending_defaults.push(PendingDefault {
                owner: id,
                field: index,
                loc: ploc.clone(),
                value: d,
            });
        }
        let ty = match (pending, is_required) {
            (false, false) => ty.optional(),
            _ => ty,
        };
        let deprecated = pvalue.get("deprecated") == Some(&Value::Bool(true));
        let mut docs = self.docs(&ploc, pvalue);
        let access = if read_only {
            Some("Read-only: set by the server; leave it `None` in requests.".to_string())
        } else if write_only {
            Some("Write-only: sent in requests, never returned.".to_string())
        } else {
            None
        };
        // The schema's validation keywords are not enforced, but a caller
        // should know them (units and ranges are part of a field's shape).
        let constraints = constraint_text(pvalue, &ty).or_else(|| constraint_text(followed, &ty));
        for extra in [access, constraints].into_iter().flatten() {
            docs.text = Some(match docs.text {
                Some(t) => format!("{t}\n\n{extra}"),
                None => extra,
            });
        }
        Field {
            name: field_name.into(),
            wire,
            ty,
            required: is_required,
            default: FieldDefault::None,
            docs,
            deprecated,
        }
    }

    /// A field for a name `required` lists (at `at`) with no schema in
    /// `properties`: any value, required, so a request the spec demands
    /// can still be sent. Reported, since the spec says nothing of its type.
    fn required_only_field(&mut self, wire: String, at: &Loc, field_scope: &mut Scope) -> Field {
        let msg = format!(
            "`{wire}` is `required` but has no schema in `properties`; it is a required `serde_json::Value` field"
        );
        self.diags.push(
            self.spec
                .warning(at, msg)
                .with_help(format!("describe `{wire}` under `properties`")),
        );
        Field {
            name: field_scope.claim(&snake(&wire, "field")).into(),
            wire: wire.clone(),
            ty: Ty::Value,
            required: true,
            default: FieldDefault::None,
            docs: Docs {
                text: Some(format!(
                    "Required by the schema, which does not describe `{}`: any JSON value.",
                    wire.replace('`', "'")
                )),
                source: self.spec.describe(at),
                deprecated: None,
            },
            deprecated: false,
        }
    }

    /// The flattened field of struct `name` that holds one of its alternatives.
    fn union_field(
        &mut self,
        name: &str,
        union: FlattenedUnion,
        field_scope: &mut Scope,
    ) -> FlattenedField {
        let FlattenedUnion { part, key, live } = union;
        let context =
            format!("The alternatives (`{key}`) of `{name}`, whose properties sit beside its own.");
        let ty = self.lower_union(
            &part,
            key,
            &live,
            &Hint::new(format!("{name}Variant"), context),
        );
        FlattenedField {
            name: field_scope.claim("variant").into(),
            ty,
            docs: Docs {
                text: Some(format!("Which of the `{key}` alternatives this is; its properties are flattened into `{name}`.")),
                source: self.spec.describe(&part.child(key)),
                deprecated: None,
            },
        }
    }
}

/// A `oneOf`/`anyOf` of objects beside properties, to become a flattened field.
struct FlattenedUnion {
    /// The schema (a struct part) that lists the alternatives.
    part: Loc,
    /// `oneOf` or `anyOf`.
    key: &'static str,
    /// The indices of its members that admit more than `null`.
    live: Vec<usize>,
}

/// What the parts of a struct say about its properties, merged.
struct Properties {
    /// Property names listed as `required` by any part.
    required: BTreeSet<String>,
    /// The same names in first-seen order, each with the `required` that lists it.
    required_at: Vec<(String, Loc)>,
    /// (wire name, schema location), in first-seen order.
    props: Vec<(String, Loc)>,
    /// The type of unlisted properties, if the struct keeps them.
    additional: Option<Ty>,
}
