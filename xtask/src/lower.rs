//! Lower: the third pipeline stage. Turns a resolved [`Spec`] into the [`Api`] IR.
//!
//! All decisions are made here, once: which Rust type a schema becomes, what
//! every item is called, which fields are optional, which credentials an
//! operation sends. Component schemas get their names (and [`TypeId`]s) first,
//! so inline schemas never take a name a component wants and references can
//! point forward or at themselves. Inline schemas are named from context (the
//! property, the singular of an array property, the operation), and an
//! identical inline schema met again under the same name reuses the first type.
//! Unsupported constructs fall back to `serde_json::Value` with a warning, so the
//! output still compiles and round-trips.

use crate::diag::Diagnostics;
use crate::ir::*;
use crate::names::{pascal, singular, snake, Scope};
use crate::resolve::{Loc, Spec};
use serde_json::Value;
use std::collections::{BTreeSet, HashMap};

/// Schemas nested deeper than this are reported instead of lowered, so hostile
/// input cannot overflow the stack.
const MAX_DEPTH: usize = 200;

/// Names too generic to stand alone: an inline schema named after such a
/// property is prefixed with its parent's name (`type` → `NodeType`).
const GENERIC_NAMES: &[&str] = &[
    "Type", "Kind", "Data", "Value", "Values", "Item", "Items", "Error", "Result", "Option", "Box",
    "String", "Vec", "Object", "Inner", "Body", "Response", "Request", "Config", "Options",
    "Params",
];

/// Type names the generated `types` module defines itself.
const RESERVED_TYPE_NAMES: &[&str] = &["Base64"];

/// Names the client module defines itself.
const RESERVED_CLIENT_NAMES: &[&str] = &["Client", "ClientBuilder"];

/// Method names `Client` defines itself.
const RESERVED_METHODS: &[&str] = &["builder", "new", "base_url", "http_client", "clone", "fmt"];

/// Candidate names for an inline schema, most preferred first.
#[derive(Debug, Clone)]
struct Hint {
    candidates: Vec<String>,
    /// For a component schema: the pre-assigned id the top-level type must use.
    slot: Option<TypeId>,
    /// Where the schema appears, for the docs of a type the spec leaves undescribed.
    context: String,
}

impl Hint {
    fn new(name: String, context: String) -> Self {
        Hint {
            candidates: vec![name],
            slot: None,
            context,
        }
    }

    /// For a property `wire` of the type called `parent`.
    fn property(parent: &str, wire: &str) -> Self {
        let own = pascal(wire, "Value");
        let prefixed = format!("{parent}{own}");
        let context = format!("The `{wire}` property of `{parent}`.");
        if GENERIC_NAMES.contains(&own.as_str()) {
            Hint {
                candidates: vec![prefixed],
                slot: None,
                context,
            }
        } else {
            Hint {
                candidates: vec![own, prefixed],
                slot: None,
                context,
            }
        }
    }

    /// For the items of an array (or values of a map) named by this hint.
    fn items(&self) -> Self {
        let candidates = self
            .candidates
            .iter()
            .map(|c| match singular(c) {
                Some(s) if !GENERIC_NAMES.contains(&s.as_str()) && !s.is_empty() => s,
                _ => format!("{c}Item"),
            })
            .collect();
        Hint {
            candidates,
            slot: None,
            context: format!("An item of {}", lower_first(&self.context)),
        }
    }

    fn first(&self) -> &str {
        &self.candidates[0]
    }
}

/// Lowers `spec` to the IR, pushing problems to `diags`.
pub fn lower(spec: &Spec, diags: &mut Diagnostics) -> Api {
    let mut lowerer = Lowerer {
        spec,
        diags,
        types: Vec::new(),
        type_scope: Scope::with_reserved(RESERVED_TYPE_NAMES),
        components: HashMap::new(),
        memo: HashMap::new(),
        shapes: HashMap::new(),
        drop_tags: Vec::new(),
        pending_defaults: Vec::new(),
        uses_base64: false,
        depth: 0,
    };
    lowerer.run()
}

struct Lowerer<'a> {
    spec: &'a Spec,
    diags: &'a mut Diagnostics,
    /// Arena; `None` while a type is being lowered.
    types: Vec<Option<TypeDef>>,
    type_scope: Scope,
    /// `components/schemas` entries: location → (id, nullable).
    components: HashMap<Loc, (TypeId, bool)>,
    /// Non-component schemas reached through `$ref`, already lowered.
    memo: HashMap<Loc, Ty>,
    /// Whether any schema is `format: byte`.
    uses_base64: bool,
    /// (struct, field index, location, value) of `default:`s to resolve after lowering.
    pending_defaults: Vec<(TypeId, usize, Loc, Value)>,
    /// (struct, property) pairs to remove after lowering: the tag property of
    /// the members of internally tagged unions, which serde writes itself.
    drop_tags: Vec<(TypeId, usize, TypeId, String)>,
    /// (name, canonical JSON) of inline named types, for reuse.
    shapes: HashMap<(String, String), TypeId>,
    depth: usize,
}

fn str_field<'v>(v: &'v Value, key: &str) -> Option<&'v str> {
    v.get(key).and_then(Value::as_str)
}

/// Title, summary and description joined into one doc text.
fn doc_text(v: &Value, keys: &[&str]) -> Option<String> {
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
fn constraint_text(schema: &Value) -> Option<String> {
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
        [only] => constraint_text(only),
        _ => None,
    }
}

/// The one string a schema admits (`const: x` or `enum: [x]`), if that is all it admits.
fn single_string(v: &Value) -> Option<String> {
    if let Some(Value::String(s)) = v.get("const") {
        return Some(s.clone());
    }
    match v.get("enum") {
        Some(Value::Array(values)) if values.len() == 1 => values[0].as_str().map(str::to_string),
        _ => None,
    }
}

/// True when `v` is a schema that only admits `null`.
fn is_null_schema(v: &Value) -> bool {
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

impl<'a> Lowerer<'a> {
    fn run(&mut self) -> Api {
        let root = self.spec.root();
        let root_value = self.spec.get(&root).cloned().unwrap_or(Value::Null);
        self.check_object(
            &root,
            &root_value,
            &["info", "paths", "components", "webhooks"],
        );
        if let Some(components) = root_value.get("components").filter(|c| c.is_object()) {
            let keys = [
                "schemas",
                "responses",
                "parameters",
                "requestBodies",
                "headers",
                "securitySchemes",
            ];
            self.check_object(&root.child("components"), components, &keys);
        }
        if let Some(security) = root_value.get("security").filter(|s| !s.is_array()) {
            let msg = format!(
                "`security` must be an array of requirement objects, found {}",
                crate::load::kind_of(security)
            );
            self.diags
                .push(self.spec.error(&root.child("security"), msg));
        }

        // Components first: every name and id is fixed before anything refers to it.
        let schemas_loc = root.child("components").child("schemas");
        let mut component_list = Vec::new();
        if let Some(Value::Object(schemas)) = self.spec.get(&schemas_loc) {
            // Names already in PascalCase are claimed first, so `FooBar` keeps
            // its name even when `foo_bar` comes earlier in the spec.
            let mut rust_names = HashMap::new();
            for exact in [true, false] {
                for name in schemas.keys() {
                    let candidate = pascal(name, "Schema");
                    if (candidate == *name) == exact {
                        rust_names.insert(name.clone(), self.type_scope.claim(&candidate));
                    }
                }
            }
            for (name, schema) in schemas {
                let loc = schemas_loc.child(name);
                let rust = rust_names.remove(name).unwrap_or_default();
                let id = TypeId(self.types.len());
                self.types.push(None);
                self.components
                    .insert(loc.clone(), (id, self.is_nullable(schema)));
                component_list.push((id, rust, loc));
            }
        }
        for (id, rust, loc) in component_list {
            let context = format!(
                "The `{}` schema.",
                loc.pointer
                    .rsplit('/')
                    .next()
                    .unwrap_or_default()
                    .replace("~1", "/")
                    .replace("~0", "~")
            );
            let hint = Hint {
                candidates: vec![rust],
                slot: Some(id),
                context,
            };
            self.lower_component(id, &loc, &hint);
        }

        let mut security_schemes = self.lower_security_schemes(&root);
        let mut operations = self.lower_operations(&root, &security_schemes);
        self.drop_unused_schemes(&mut security_schemes, &mut operations);

        let info = root_value.get("info").cloned().unwrap_or(Value::Null);
        let title = str_field(&info, "title").unwrap_or("API").to_string();
        // An unquoted `version: 1.0` is a YAML number; keep its text.
        let version = match info.get("version") {
            Some(Value::String(v)) => v.clone(),
            Some(Value::Number(n)) => n.to_string(),
            _ => "0.0.0".to_string(),
        };
        let description = doc_text(&info, &["description"]);
        let default_base_url = self.default_base_url(&root_value);

        self.resolve_defaults();
        self.separate_tags(&operations);
        let types = std::mem::take(&mut self.types)
            .into_iter()
            .enumerate()
            .map(|(i, t)| {
                t.unwrap_or_else(|| TypeDef {
                    name: format!("Unresolved{i}"),
                    docs: Docs::default(),
                    kind: TypeKind::Alias(Ty::Value),
                })
            })
            .collect();
        let mut api = Api {
            title,
            version,
            description,
            source: self.spec.files[0].doc_name.clone(),
            default_base_url,
            types,
            operations,
            security_schemes,
            uses_base64: self.uses_base64,
        };
        break_cycles(&mut api);
        api
    }

    /// Warns when the given keys of an object are present but not objects.
    fn check_object(&mut self, loc: &Loc, value: &Value, keys: &[&str]) {
        for key in keys {
            if let Some(v) = value.get(key) {
                if !v.is_object() {
                    let msg = format!(
                        "`{key}` must be an object, found {}",
                        crate::load::kind_of(v)
                    );
                    self.diags.push(self.spec.error(&loc.child(key), msg));
                }
            }
        }
    }

    fn default_base_url(&self, root: &Value) -> Option<String> {
        let server = root.get("servers")?.as_array()?.first()?;
        let mut url = str_field(server, "url")?.to_string();
        if let Some(Value::Object(vars)) = server.get("variables") {
            for (name, var) in vars {
                if let Some(default) = str_field(var, "default") {
                    url = url.replace(&format!("{{{name}}}"), default);
                }
            }
        }
        if url.starts_with("http://") || url.starts_with("https://") {
            Some(url.trim_end_matches('/').to_string())
        } else {
            None
        }
    }

    // ----- schemas -------------------------------------------------------

    fn is_nullable(&self, v: &Value) -> bool {
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
                if members.len() > 1 && members.iter().any(|m| is_null_schema(&self.deref_value(m)))
                {
                    return true;
                }
            }
        }
        false
    }

    /// `v` itself, or what its `$ref` chain leads to (refs inside `anyOf` members
    /// are followed relative to the root file; good enough for a null check).
    fn deref_value(&self, v: &Value) -> Value {
        match str_field(v, "$ref") {
            Some(r) => self
                .spec
                .target(&self.spec.root(), r)
                .and_then(|l| self.spec.follow(&l))
                .and_then(|l| self.spec.get(&l).cloned())
                .unwrap_or(Value::Null),
            None => v.clone(),
        }
    }

    fn lower_component(&mut self, id: TypeId, loc: &Loc, hint: &Hint) {
        let ty = self.lower_inner(loc, hint);
        if self.types[id.0].is_none() {
            let value = self.spec.get(loc).cloned().unwrap_or(Value::Null);
            let docs = self.type_docs(loc, &value, hint);
            self.types[id.0] = Some(TypeDef {
                name: hint.first().to_string(),
                docs,
                kind: TypeKind::Alias(ty),
            });
        }
    }

    /// Docs for a named type: the schema's own text, else where it appears.
    fn type_docs(&self, loc: &Loc, value: &Value, hint: &Hint) -> Docs {
        let mut docs = self.docs(loc, value);
        if docs.text.is_none() {
            docs.text = Some(hint.context.clone());
        }
        docs
    }

    fn docs(&self, loc: &Loc, value: &Value) -> Docs {
        Docs {
            text: doc_text(value, &["title", "description"]),
            source: self.spec.describe(loc),
        }
    }

    /// The Rust type for the schema at `loc`.
    fn lower(&mut self, loc: &Loc, hint: &Hint) -> Ty {
        let Some(value) = self.spec.get(loc) else {
            return Ty::Value;
        };
        if let Some(r) = str_field(value, "$ref") {
            let Some(target) = self.spec.target(loc, r) else {
                return Ty::Value;
            };
            if let Some(&(id, nullable)) = self.components.get(&target) {
                let ty = Ty::Named(id);
                let sibling_nullable = value.get("nullable") == Some(&Value::Bool(true));
                return if nullable || sibling_nullable {
                    ty.nullable()
                } else {
                    ty
                };
            }
            if let Some(ty) = self.memo.get(&target) {
                return ty.clone();
            }
            if self.depth > MAX_DEPTH {
                return Ty::Value;
            }
            let token = target
                .pointer
                .rsplit('/')
                .next()
                .unwrap_or("")
                .replace("~1", "/")
                .replace("~0", "~");
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
            self.memo.insert(target, ty.clone());
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
    fn lower_inner(&mut self, loc: &Loc, hint: &Hint) -> Ty {
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

    fn lower_inner_unguarded(&mut self, loc: &Loc, hint: &Hint) -> Ty {
        let Some(value) = self.spec.get(loc) else {
            return Ty::Value;
        };
        let value = value.clone();
        let schema = match &value {
            Value::Object(m) => m,
            Value::Bool(_) => return Ty::Value,
            other => {
                let msg = format!(
                    "a schema must be an object, found {}",
                    crate::load::kind_of(other)
                );
                self.diags.push(self.spec.error(loc, msg));
                return Ty::Value;
            }
        };
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
                let live: Vec<usize> = (0..members.len())
                    .filter(|&i| !is_null_schema(&self.deref_value(&members[i])))
                    .collect();
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

        if let Some(values) = schema.get("enum") {
            return self.lower_enum(loc, &value, values, hint);
        }
        if let Some(constant) = schema.get("const") {
            return match constant {
                Value::String(s) => self.lower_const(loc, &value, s, hint),
                Value::Bool(_) => Ty::Bool,
                Value::Number(n) if n.is_i64() || n.is_u64() => int_type(&value),
                Value::Number(_) => Ty::F64,
                _ => Ty::Value,
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
                let msg = format!(
                    "`type` must be a string or an array of strings, found {}",
                    crate::load::kind_of(other)
                );
                self.diags.push(self.spec.error(&loc.child("type"), msg));
                return Ty::Value;
            }
            None if schema.contains_key("properties")
                || schema.contains_key("additionalProperties") =>
            {
                vec!["object"]
            }
            None if schema.contains_key("items") => vec!["array"],
            None => return Ty::Value,
        };
        match types.as_slice() {
            ["string"] => match str_field(&value, "format") {
                Some("uuid") => Ty::Uuid,
                Some("date-time") => Ty::DateTime,
                Some("date") => Ty::Date,
                Some("byte") => {
                    self.uses_base64 = true;
                    Ty::Base64
                }
                Some("binary") => Ty::Binary,
                _ => Ty::String,
            },
            ["integer"] => int_type(&value),
            ["number"] => match str_field(&value, "format") {
                Some("float") => Ty::F32,
                _ => Ty::F64,
            },
            ["boolean"] => Ty::Bool,
            ["null"] => Ty::Value,
            ["array"] => match schema.get("items") {
                Some(_) => Ty::Vec(Box::new(self.lower(&loc.child("items"), &hint.items()))),
                None => Ty::Vec(Box::new(Ty::Value)),
            },
            ["object"] => self.lower_object(loc, &value, hint),
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
            several => self.lower_multi_type(loc, &value, several, hint),
        }
    }

    /// `type: [a, b]`: an untagged enum with one variant per type, integers
    /// before numbers so `5` stays an integer.
    fn lower_multi_type(&mut self, loc: &Loc, value: &Value, types: &[&str], hint: &Hint) -> Ty {
        let known = ["integer", "number", "string", "boolean", "array", "object"];
        if let Some(bad) = types.iter().find(|t| !known.contains(t)) {
            let msg = format!("`{bad}` is not a JSON Schema type; using serde_json::Value");
            self.diags.push(self.spec.warning(&loc.child("type"), msg));
            return Ty::Value;
        }
        let (id, name) = match self.reuse_or_allocate(hint, value.to_string()) {
            Slot::Existing(id) => return Ty::Named(id),
            Slot::New(id, name) => (id, name),
        };
        let mut variants = Vec::new();
        for t in known.iter().filter(|k| types.contains(k)) {
            let ty = match *t {
                "integer" => int_type(value),
                "number" => Ty::F64,
                "string" => match str_field(value, "format") {
                    Some("uuid") => Ty::Uuid,
                    Some("date-time") => Ty::DateTime,
                    _ => Ty::String,
                },
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
                docs: Docs {
                    text: Some(format!("A JSON {t}.")),
                    source: self.spec.describe(loc),
                },
            });
        }
        let docs = self.type_docs(loc, value, hint);
        self.types[id.0] = Some(TypeDef {
            name,
            docs,
            kind: TypeKind::Union {
                variants,
                tag: None,
                unknown: "Unknown".to_string(),
            },
        });
        Ty::Named(id)
    }

    fn lower_all_of(&mut self, loc: &Loc, members: &Value, hint: &Hint) -> Ty {
        let Some(list) = members.as_array() else {
            self.diags.push(
                self.spec
                    .error(&loc.child("allOf"), "`allOf` must be an array of schemas"),
            );
            return Ty::Value;
        };
        let own = self.spec.get(loc).cloned().unwrap_or(Value::Null);
        let own_properties = own
            .get("properties")
            .and_then(Value::as_object)
            .is_some_and(|m| !m.is_empty());
        if list.len() == 1 && !own_properties {
            return self.lower(&loc.child("allOf").child("0"), hint);
        }
        // Merge the properties of every member, and of their own allOf members
        // (following refs), into one struct.
        let mut parts = Vec::new();
        self.all_of_parts(loc, &mut parts);
        self.lower_struct(loc, &parts, hint)
    }

    /// `loc` and, recursively, the schemas its `allOf` lists (each once).
    fn all_of_parts(&self, loc: &Loc, parts: &mut Vec<Loc>) {
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

    fn lower_object(&mut self, loc: &Loc, value: &Value, hint: &Hint) -> Ty {
        if let Some(other) = value.get("properties").filter(|p| !p.is_object()) {
            let msg = format!(
                "`properties` must be an object, found {}",
                crate::load::kind_of(other)
            );
            self.diags
                .push(self.spec.error(&loc.child("properties"), msg));
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
    fn lower_struct(&mut self, loc: &Loc, parts: &[Loc], hint: &Hint) -> Ty {
        let value = self.spec.get(loc).cloned().unwrap_or(Value::Null);
        let (id, name) = match self.reuse_or_allocate(hint, value.to_string()) {
            Slot::Existing(id) => return Ty::Named(id),
            Slot::New(id, name) => (id, name),
        };

        let mut required = BTreeSet::new();
        let mut props: Vec<(String, Loc)> = Vec::new();
        let mut additional: Option<Ty> = None;
        // `oneOf`/`anyOf` beside properties (or inside an allOf member): a
        // single alternative merges like an allOf member; several become a
        // flattened union field, so their properties sit at the same level.
        let mut parts = parts.to_vec();
        let mut unions: Vec<(Loc, &'static str, Vec<usize>)> = Vec::new();
        let mut next = 0;
        while next < parts.len() {
            let part = parts[next].clone();
            next += 1;
            for key in ["oneOf", "anyOf"] {
                let Some(Value::Array(members)) =
                    self.spec.get(&part).and_then(|v| v.get(key)).cloned()
                else {
                    continue;
                };
                let live: Vec<usize> = (0..members.len())
                    .filter(|&i| !is_null_schema(&self.deref_value(&members[i])))
                    .collect();
                match live.as_slice() {
                    [] => {}
                    [only] => {
                        if let Some(member) =
                            self.spec.follow(&part.child(key).child(&only.to_string()))
                        {
                            self.all_of_parts(&member, &mut parts);
                        }
                    }
                    _ => {
                        // Only objects can be flattened into a struct.
                        let objects = live.iter().all(|i| {
                            self.spec
                                .follow(&part.child(key).child(&i.to_string()))
                                .is_some_and(|m| {
                                    let v = self.spec.get(&m).cloned().unwrap_or(Value::Null);
                                    v.get("properties").is_some()
                                        || v.get("allOf").is_some()
                                        || str_field(&v, "type") == Some("object")
                                })
                        });
                        if objects {
                            unions.push((part.clone(), key, live));
                        } else {
                            let msg = format!("`{key}` beside properties has members that are not objects; the alternatives are not represented");
                            self.diags.push(self.spec.warning(&part.child(key), msg));
                        }
                    }
                }
            }
        }
        // Properties the alternatives define (and a discriminator's tag) belong
        // to the flattened union: kept in the struct too, the struct would take
        // the key first and the alternative would never see it.
        let mut owned_by_union = BTreeSet::new();
        for (part, key, live) in &unions {
            if let Some(tag) = self
                .spec
                .get(part)
                .and_then(|v| v.get("discriminator"))
                .and_then(|d| str_field(d, "propertyName"))
            {
                owned_by_union.insert(tag.to_string());
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
                        owned_by_union.extend(props.keys().cloned());
                    }
                }
            }
        }
        for part in &parts {
            let Some(pv) = self.spec.get(part).cloned() else {
                continue;
            };
            match pv.get("required") {
                Some(Value::Array(req)) if req.iter().all(Value::is_string) => {
                    required.extend(req.iter().filter_map(Value::as_str).map(str::to_string));
                }
                Some(other) => {
                    let msg = format!(
                        "`required` must be an array of property names, found {}",
                        crate::load::kind_of(other)
                    );
                    self.diags.push(
                        self.spec
                            .error(&part.child("required"), msg)
                            .with_help("write `required: [a, b]`"),
                    );
                }
                None => {}
            }
            match pv.get("properties") {
                Some(Value::Object(map)) => {
                    for key in map.keys() {
                        let ploc = part.child("properties").child(key);
                        match props.iter_mut().find(|(k, _)| k == key) {
                            Some(slot) => slot.1 = ploc,
                            None => props.push((key.clone(), ploc)),
                        }
                    }
                }
                Some(other) => {
                    let msg = format!(
                        "`properties` must be an object, found {}",
                        crate::load::kind_of(other)
                    );
                    self.diags
                        .push(self.spec.error(&part.child("properties"), msg));
                }
                None => {}
            }
            match pv.get("additionalProperties") {
                Some(Value::Bool(true)) => additional = Some(Ty::Value),
                Some(Value::Object(m)) if m.is_empty() => additional = Some(Ty::Value),
                Some(Value::Object(_)) => {
                    let item_hint = Hint::new(
                        format!("{name}Value"),
                        format!("A value of an unlisted property of `{name}`."),
                    );
                    additional = Some(self.lower(&part.child("additionalProperties"), &item_hint));
                }
                _ => {}
            }
        }

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
        for (wire, ploc) in props {
            let pvalue = self.spec.get(&ploc).cloned().unwrap_or(Value::Null);
            let followed = self
                .spec
                .follow(&ploc)
                .and_then(|l| self.spec.get(&l).cloned())
                .unwrap_or(Value::Null);
            let ty = self.lower(&ploc, &Hint::property(&name, &wire));
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
                self.pending_defaults
                    .push((id, fields.len(), ploc.clone(), d));
            }
            let ty = match (pending, is_required, &ty) {
                (false, false, Ty::Option(_) | Ty::Value) => ty,
                (false, false, _) => Ty::Option(Box::new(ty)),
                _ => ty,
            };
            let deprecated = pvalue.get("deprecated") == Some(&Value::Bool(true));
            let mut docs = self.docs(&ploc, &pvalue);
            let access = if read_only {
                Some("Read-only: set by the server; leave it `None` in requests.".to_string())
            } else if write_only {
                Some("Write-only: sent in requests, never returned.".to_string())
            } else {
                None
            };
            // The schema's validation keywords are not enforced, but a caller
            // should know them (units and ranges are part of a field's shape).
            let constraints = constraint_text(&pvalue).or_else(|| constraint_text(&followed));
            for extra in [access, constraints].into_iter().flatten() {
                docs.text = Some(match docs.text {
                    Some(t) => format!("{t}\n\n{extra}"),
                    None => extra,
                });
            }
            fields.push(Field {
                name: field_scope.claim(&snake(&wire, "field")),
                wire,
                ty,
                required: is_required,
                default: FieldDefault::None,
                docs,
                deprecated,
                flatten: false,
            });
        }
        // After the properties, so the struct reads in spec order.
        for (part, key, live) in unions {
            let context = format!(
                "The alternatives (`{key}`) of `{name}`, whose properties sit beside its own."
            );
            let ty = self.lower_union(
                &part,
                key,
                &live,
                &Hint::new(format!("{name}Variant"), context),
            );
            fields.push(Field {
                name: field_scope.claim("variant"),
                wire: String::new(),
                ty,
                required: true,
                default: FieldDefault::None,
                docs: Docs {
                    text: Some(format!("Which of the `{key}` alternatives this is; its properties are flattened into `{name}`.")),
                    source: self.spec.describe(&part.child(key)),
                },
                deprecated: false,
                flatten: true,
            });
        }
        let docs = self.type_docs(loc, &value, hint);
        self.types[id.0] = Some(TypeDef {
            name,
            docs,
            kind: TypeKind::Struct { fields, additional },
        });
        Ty::Named(id)
    }

    /// The default for a field of type `ty`, or a warning and none if it does not fit.
    /// Takes the tag property out of the members of internally tagged unions
    /// (serde writes and reads the tag itself). A member that is also used on
    /// its own keeps its tag there: the union then carries a copy of it without
    /// the tag (`AnyPetCat`), so a `Cat` sent alone still says what it is.
    fn separate_tags(&mut self, operations: &[Operation]) {
        let tagged = std::mem::take(&mut self.drop_tags);
        let mut uses: HashMap<TypeId, usize> = HashMap::new();
        let mut count = |ty: &Ty| visit_named(ty, &mut |id| *uses.entry(id).or_default() += 1);
        for def in self.types.iter().flatten() {
            match &def.kind {
                TypeKind::Struct { fields, additional } => {
                    fields.iter().for_each(|f| count(&f.ty));
                    additional.iter().for_each(&mut count);
                }
                TypeKind::Union { variants, .. } => variants.iter().for_each(|v| count(&v.ty)),
                TypeKind::StatusEnum { variants, .. } => variants
                    .iter()
                    .filter_map(|v| v.ty.as_ref())
                    .for_each(&mut count),
                TypeKind::Alias(ty) => count(ty),
                _ => {}
            }
        }
        for op in operations {
            op.params.iter().for_each(|p| count(&p.ty));
            op.body.iter().for_each(|b| count(&b.ty));
            count(&op.success.ty);
        }
        let mut as_member: HashMap<TypeId, usize> = HashMap::new();
        let mut tags_of: HashMap<TypeId, BTreeSet<String>> = HashMap::new();
        for (_, _, member, tag) in &tagged {
            *as_member.entry(*member).or_default() += 1;
            tags_of.entry(*member).or_default().insert(tag.clone());
        }
        for (union_id, index, member, tag) in tagged {
            // A member of unions with different tags needs a copy per union:
            // each may drop only its own tag.
            let standalone = uses.get(&member).copied().unwrap_or(0)
                > as_member.get(&member).copied().unwrap_or(0)
                || tags_of.get(&member).is_some_and(|t| t.len() > 1);
            let Some(Some(def)) = self.types.get(member.0) else {
                continue;
            };
            let TypeKind::Struct { fields, additional } = &def.kind else {
                continue;
            };
            let kept: Vec<Field> = fields.iter().filter(|f| f.wire != tag).cloned().collect();
            if !standalone {
                if let Some(Some(TypeDef {
                    kind: TypeKind::Struct { fields, .. },
                    ..
                })) = self.types.get_mut(member.0)
                {
                    *fields = kept;
                }
                continue;
            }
            let (member_name, additional) = (def.name.clone(), additional.clone());
            let Some(Some(union)) = self.types.get(union_id.0) else {
                continue;
            };
            let TypeKind::Union { variants, .. } = &union.kind else {
                continue;
            };
            let variant_name = variants[index].name.clone();
            let name = self
                .type_scope
                .claim(&format!("{}{}", union.name, variant_name));
            let docs = Docs {
                text: Some(format!("[`{member_name}`] without its `{tag}` tag, as carried inside [`{}`], which writes the tag itself.", union.name)),
                source: def.docs.source.clone(),
            };
            let copy = TypeId(self.types.len());
            self.types.push(Some(TypeDef {
                name,
                docs,
                kind: TypeKind::Struct {
                    fields: kept,
                    additional,
                },
            }));
            if let Some(Some(TypeDef {
                kind: TypeKind::Union { variants, .. },
                ..
            })) = self.types.get_mut(union_id.0)
            {
                variants[index].ty = Ty::Named(copy);
            }
        }
    }

    /// Matches every recorded `default:` to its field's type, now that all
    /// types exist; a default that does not fit is dropped with a warning.
    fn resolve_defaults(&mut self) {
        for (id, index, loc, json) in std::mem::take(&mut self.pending_defaults) {
            let Some(Some(TypeDef {
                kind: TypeKind::Struct { fields, .. },
                ..
            })) = self.types.get(id.0)
            else {
                continue;
            };
            let Some(field) = fields.get(index) else {
                continue;
            };
            let (ty, required) = (field.ty.clone(), field.required);
            let default = self.field_default(&loc, &json, &ty);
            if let Some(Some(TypeDef {
                kind: TypeKind::Struct { fields, .. },
                ..
            })) = self.types.get_mut(id.0)
            {
                let field = &mut fields[index];
                if default == FieldDefault::None
                    && !required
                    && !matches!(ty, Ty::Option(_) | Ty::Value)
                {
                    field.ty = Ty::Option(Box::new(ty));
                }
                field.default = default;
            }
        }
    }

    fn field_default(&mut self, loc: &Loc, default: &Value, ty: &Ty) -> FieldDefault {
        let empty = matches!(default, Value::Array(a) if a.is_empty())
            || matches!(default, Value::Object(o) if o.is_empty());
        if empty && matches!(ty, Ty::Vec(_) | Ty::Map(_)) {
            return FieldDefault::Empty;
        }
        match self.literal(default, ty) {
            Some(literal) => FieldDefault::Value {
                json: default.clone(),
                literal,
            },
            None => {
                let msg = format!(
                    "`default: {default}` cannot be expressed for this field's type (or does not fit it); the field is optional instead"
                );
                self.diags
                    .push(self.spec.warning(&loc.child("default"), msg));
                FieldDefault::None
            }
        }
    }

    fn literal(&self, v: &Value, ty: &Ty) -> Option<Literal> {
        Some(match (ty, v) {
            // Maps (and lists of anything) decode from the JSON text at run
            // time, falling back to empty if the spec's value does not fit.
            (Ty::Map(_), Value::Object(_)) => Literal::Decode(v.to_string()),
            (Ty::Vec(inner), Value::Array(items))
                if items.iter().any(|i| self.literal(i, inner).is_none()) =>
            {
                Literal::Decode(v.to_string())
            }
            (Ty::Bool, Value::Bool(b)) => Literal::Bool(*b),
            (Ty::Int(int), Value::Number(n)) => {
                let i = n
                    .as_i64()
                    .map(i128::from)
                    .or_else(|| n.as_u64().map(i128::from))?;
                let (min, max) = int_bounds(*int);
                if i < min || i > max {
                    return None;
                }
                Literal::Int(i)
            }
            (Ty::F32 | Ty::F64, Value::Number(n)) => Literal::Float(n.as_f64()?),
            (Ty::String, Value::String(s)) => Literal::Str(s.clone()),
            (Ty::Value, v) => Literal::Json(v.clone()),
            (Ty::Option(inner), v) => Literal::Some(Box::new(self.literal(v, inner)?)),
            (Ty::Vec(inner), Value::Array(items)) => Literal::Vec(
                items
                    .iter()
                    .map(|i| self.literal(i, inner))
                    .collect::<Option<Vec<_>>>()?,
            ),
            (Ty::Named(id), v) => {
                let def = self.types.get(id.0)?.as_ref()?;
                let s = v.as_str().unwrap_or_default();
                match &def.kind {
                    TypeKind::StringEnum { variants, .. } if v.is_string() => {
                        let variant = variants.iter().find(|var| var.wire == s)?;
                        Literal::Variant {
                            ty: *id,
                            variant: variant.name.clone(),
                        }
                    }
                    TypeKind::Const { wire, variant } if wire == s && v.is_string() => {
                        Literal::Variant {
                            ty: *id,
                            variant: variant.clone(),
                        }
                    }
                    TypeKind::Alias(inner) => self.literal(v, &inner.clone())?,
                    TypeKind::Union {
                        variants,
                        tag: None,
                        ..
                    } => variants.iter().find_map(|var| {
                        let inner = self.literal(v, &var.ty)?;
                        Some(Literal::Union {
                            ty: *id,
                            variant: var.name.clone(),
                            inner: Box::new(inner),
                        })
                    })?,
                    _ => return None,
                }
            }
            _ => return None,
        })
    }

    fn lower_enum(&mut self, loc: &Loc, value: &Value, values: &Value, hint: &Hint) -> Ty {
        let Some(values) = values.as_array() else {
            self.diags.push(
                self.spec
                    .error(&loc.child("enum"), "`enum` must be an array"),
            );
            return Ty::Value;
        };
        let live: Vec<&Value> = values.iter().filter(|v| !v.is_null()).collect();
        if live.is_empty() {
            return Ty::Value;
        }
        if !live.iter().all(|v| v.is_string()) {
            if live.iter().all(|v| v.is_i64()) {
                let values: Vec<(Option<String>, i64)> = live
                    .iter()
                    .filter_map(|v| v.as_i64())
                    .map(|v| (None, v))
                    .collect();
                return self.lower_int_enum(loc, value, &values, hint);
            }
            let msg = "an `enum` of values other than strings or integers (booleans, numbers, objects, or a mix) is not supported; using serde_json::Value";
            self.diags.push(self.spec.warning(&loc.child("enum"), msg));
            return Ty::Value;
        }
        if live.len() == 1 {
            let only = live[0].as_str().unwrap_or_default().to_string();
            return self.lower_const(loc, value, &only, hint);
        }
        let (id, name) = match self.reuse_or_allocate(
            hint,
            Value::Array(live.iter().map(|v| (*v).clone()).collect()).to_string(),
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
            variants.push(Variant {
                name: scope.claim(&pascal(&wire, "Value")),
                wire,
            });
        }
        let unknown = "Unknown".to_string();
        let docs = self.type_docs(loc, value, hint);
        self.types[id.0] = Some(TypeDef {
            name,
            docs,
            kind: TypeKind::StringEnum { variants, unknown },
        });
        Ty::Named(id)
    }

    /// A type that accepts exactly one string.
    fn lower_const(&mut self, loc: &Loc, value: &Value, wire: &str, hint: &Hint) -> Ty {
        let (id, name) = match self.reuse_or_allocate(hint, format!("const:{wire}")) {
            Slot::Existing(id) => return Ty::Named(id),
            Slot::New(id, name) => (id, name),
        };
        let docs = self.type_docs(loc, value, hint);
        let kind = TypeKind::Const {
            wire: wire.to_string(),
            variant: pascal(wire, "Value"),
        };
        self.types[id.0] = Some(TypeDef { name, docs, kind });
        Ty::Named(id)
    }

    /// An integer enum; `values` pairs each value with a name from the spec, if any.
    fn lower_int_enum(
        &mut self,
        loc: &Loc,
        value: &Value,
        values: &[(Option<String>, i64)],
        hint: &Hint,
    ) -> Ty {
        let (id, name) = self.allocate(hint);
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
                None => format!("Value{}", v.to_string().replace('-', "Minus")),
            };
            variants.push((scope.claim(&base), *v));
        }
        let unknown = "Unknown".to_string();
        let docs = self.type_docs(loc, value, hint);
        self.types[id.0] = Some(TypeDef {
            name,
            docs,
            kind: TypeKind::IntEnum { variants, unknown },
        });
        Ty::Named(id)
    }

    /// `oneOf`/`anyOf` whose members are all `const`s (an enum spelled with
    /// titles, as Discord does) becomes an enum named by the titles.
    fn lower_const_union(
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
                Value::Number(n) => ints.push((label, n.as_i64()?)),
                _ => return None,
            }
        }
        let value = self.spec.get(loc).cloned().unwrap_or(Value::Null);
        if strings.is_empty() {
            return Some(self.lower_int_enum(loc, &value, &ints, hint));
        }
        if !ints.is_empty() {
            return None;
        }
        let (id, name) = self.allocate(hint);
        // The catch-all is always `Unknown`, so code matching on it survives a
        // spec that adds a value spelled "Unknown" (that value gets `Unknown2`).
        let mut scope = Scope::with_reserved(&["Unknown"]);
        let mut variants = Vec::new();
        for (label, wire) in strings {
            if variants.iter().any(|v: &Variant| v.wire == wire) {
                continue;
            }
            let base = pascal(label.as_deref().unwrap_or(&wire), "Value");
            variants.push(Variant {
                name: scope.claim(&base),
                wire,
            });
        }
        let unknown = "Unknown".to_string();
        let docs = self.type_docs(loc, &value, hint);
        self.types[id.0] = Some(TypeDef {
            name,
            docs,
            kind: TypeKind::StringEnum { variants, unknown },
        });
        Some(Ty::Named(id))
    }

    /// A Rust name for an inline union member, from its title, a tag-like
    /// single-value property, or its type.
    fn member_name(&self, member: &Value) -> String {
        if let Some(title) = str_field(member, "title") {
            return pascal(title, "Variant");
        }
        if let Some(Value::Object(props)) = member.get("properties") {
            for prop in props.values() {
                if let Some(v) = single_string(&self.deref_value(prop)) {
                    return pascal(&v, "Variant");
                }
            }
        }
        let ty = match member.get("type") {
            Some(Value::String(t)) => t.as_str(),
            _ if member.get("properties").is_some() => "object",
            _ => "",
        };
        match (ty, str_field(member, "format")) {
            ("string", Some("uuid")) => "Uuid".to_string(),
            ("string", Some("date-time")) => "DateTime".to_string(),
            ("string", Some("date")) => "Date".to_string(),
            ("string", _) if member.get("enum").is_some() => "Enum".to_string(),
            ("string", _) => "String".to_string(),
            ("integer", _) => "Integer".to_string(),
            ("number", _) => "Number".to_string(),
            ("boolean", _) => "Boolean".to_string(),
            ("array", _) => "Array".to_string(),
            ("object", _) => "Object".to_string(),
            _ => "Variant".to_string(),
        }
    }

    /// How narrowly an object schema matches: its required properties plus its
    /// properties that admit a single value (through `allOf` too).
    fn specificity(&self, loc: &Loc) -> usize {
        let mut parts = Vec::new();
        self.all_of_parts(loc, &mut parts);
        parts
            .iter()
            .filter_map(|p| self.spec.get(p))
            .map(|v| {
                let required = v
                    .get("required")
                    .and_then(Value::as_array)
                    .map_or(0, Vec::len);
                let constants = v
                    .get("properties")
                    .and_then(Value::as_object)
                    .map_or(0, |props| {
                        props
                            .values()
                            .filter(|p| single_string(&self.deref_value(p)).is_some())
                            .count()
                    });
                required + constants
            })
            .sum()
    }

    /// `oneOf`/`anyOf` with several members: an internally tagged enum when a
    /// `discriminator` names a property every member has, else an untagged enum.
    fn lower_union(&mut self, loc: &Loc, key: &str, live: &[usize], hint: &Hint) -> Ty {
        let value = self.spec.get(loc).cloned().unwrap_or(Value::Null);
        let (id, name) = match self.reuse_or_allocate(hint, value.to_string()) {
            Slot::Existing(id) => return Ty::Named(id),
            Slot::New(id, name) => (id, name),
        };
        let discriminator = value.get("discriminator");
        let mut tag = discriminator
            .and_then(|d| str_field(d, "propertyName"))
            .map(str::to_string);
        let mapping: Vec<(String, Option<Loc>)> = match discriminator.and_then(|d| d.get("mapping"))
        {
            Some(Value::Object(m)) => m
                .iter()
                .filter_map(|(k, v)| {
                    let r = v.as_str()?;
                    let target = self.spec.target(loc, r).and_then(|t| self.spec.follow(&t));
                    Some((k.clone(), target))
                })
                .collect(),
            _ => Vec::new(),
        };

        // The catch-all is always `Unknown`, so code matching on it survives a
        // spec that adds a value spelled "Unknown" (that value gets `Unknown2`).
        let mut scope = Scope::with_reserved(&["Unknown"]);
        let mut variants = Vec::new();
        let mut members_are_objects = true;
        let mut specificity = Vec::new();
        let mut tagged_ids = Vec::new();
        for &i in live {
            let mloc = loc.child(key).child(&i.to_string());
            let member = self.spec.get(&mloc).cloned().unwrap_or(Value::Null);
            let followed_loc = self.spec.follow(&mloc);
            let followed = followed_loc
                .as_ref()
                .and_then(|l| self.spec.get(l))
                .cloned()
                .unwrap_or(Value::Null);
            let is_ref = member.get("$ref").is_some();
            let object_like = followed.get("properties").is_some()
                || followed.get("allOf").is_some()
                || str_field(&followed, "type") == Some("object");
            members_are_objects &= object_like;
            let tag_value = tag.as_ref().and_then(|t| {
                mapping
                    .iter()
                    .find(|(_, target)| target.is_some() && *target == followed_loc)
                    .map(|(k, _)| k.clone())
                    .or_else(|| {
                        let prop = followed.get("properties").and_then(|p| p.get(t))?;
                        single_string(&self.deref_value(prop))
                    })
                    .or_else(|| {
                        is_ref.then(|| {
                            let token = followed_loc
                                .as_ref()?
                                .pointer
                                .rsplit('/')
                                .next()?
                                .to_string();
                            Some(token.replace("~1", "/").replace("~0", "~"))
                        })?
                    })
            });
            let base = match (&tag_value, is_ref) {
                (Some(tv), _) => pascal(tv, "Variant"),
                (None, true) => {
                    let token = followed_loc
                        .as_ref()
                        .and_then(|l| l.pointer.rsplit('/').next().map(str::to_string))
                        .unwrap_or_default();
                    pascal(&token.replace("~1", "/").replace("~0", "~"), "Variant")
                }
                (None, false) => self.member_name(&followed),
            };
            let variant_name = scope.claim(&base);
            let member_hint = Hint::new(
                format!("{name}{variant_name}"),
                format!("The `{variant_name}` variant of `{name}`."),
            );
            let ty = self.lower(&mloc, &member_hint);
            if let Ty::Named(member_id) = &ty {
                tagged_ids.push(*member_id);
            }
            let docs = Docs {
                text: doc_text(&member, &["title", "description"]),
                source: self.spec.describe(&mloc),
            };
            specificity.push(followed_loc.as_ref().map_or(0, |l| self.specificity(l)));
            variants.push(UnionVariant {
                name: variant_name,
                ty,
                tag_value,
                docs,
            });
        }
        let tag_values: BTreeSet<&str> = variants
            .iter()
            .filter_map(|v| v.tag_value.as_deref())
            .collect();
        let tag_usable = members_are_objects
            && tag_values.len() == variants.len()
            && tagged_ids.len() == variants.len();
        if tag.is_some() && !tag_usable {
            let msg = "the discriminator cannot be used (members are not all objects with distinct tags); decoding tries each member in turn";
            self.diags
                .push(self.spec.warning(&loc.child("discriminator"), msg));
            tag = None;
        }
        if let Some(t) = &tag {
            for (index, member_id) in tagged_ids.into_iter().enumerate() {
                self.drop_tags.push((id, index, member_id, t.clone()));
            }
        } else {
            // serde tries untagged variants in order and takes the first that
            // decodes: members with more required or constant properties go
            // first (an all-optional struct would match almost anything), and
            // catch-alls last. The sort is stable, so ties keep spec order.
            let mut ranked: Vec<(usize, UnionVariant)> =
                specificity.into_iter().zip(variants).collect();
            ranked.sort_by_key(|(spec, v)| (catch_all_rank(&v.ty), std::cmp::Reverse(*spec)));
            variants = ranked.into_iter().map(|(_, v)| v).collect();
            for v in variants.iter_mut() {
                v.tag_value = None;
            }
        }
        let unknown = "Unknown".to_string();
        let docs = self.type_docs(loc, &value, hint);
        self.types[id.0] = Some(TypeDef {
            name,
            docs,
            kind: TypeKind::Union {
                variants,
                tag,
                unknown,
            },
        });
        Ty::Named(id)
    }

    /// The inline type already lowered under the same name with the same
    /// schema (`shape`, its canonical JSON), or a new id and name. Component
    /// schemas (with a slot) are never shared.
    fn reuse_or_allocate(&mut self, hint: &Hint, shape: String) -> Slot {
        let key = (hint.first().to_string(), shape);
        if hint.slot.is_none() {
            if let Some(&id) = self.shapes.get(&key) {
                return Slot::Existing(id);
            }
        }
        let (id, name) = self.allocate(hint);
        if hint.slot.is_none() {
            self.shapes.insert(key, id);
        }
        Slot::New(id, name)
    }

    /// The id and name for a new named type: the component's slot, or a fresh one.
    fn allocate(&mut self, hint: &Hint) -> (TypeId, String) {
        if let Some(id) = hint.slot {
            return (id, hint.first().to_string());
        }
        let name = match hint
            .candidates
            .iter()
            .find(|c| !self.type_scope.contains(c))
        {
            Some(free) => self.type_scope.claim(free),
            None => self
                .type_scope
                .claim(hint.candidates.last().map(String::as_str).unwrap_or("Type")),
        };
        let id = TypeId(self.types.len());
        self.types.push(None);
        (id, name)
    }

    // ----- security ------------------------------------------------------

    fn lower_security_schemes(&mut self, root: &Loc) -> Vec<SecurityScheme> {
        let loc = root.child("components").child("securitySchemes");
        let Some(Value::Object(schemes)) = self.spec.get(&loc).cloned() else {
            return Vec::new();
        };
        let mut scope = Scope::with_reserved(&["base_url", "http_client", "build"]);
        let mut out = Vec::new();
        for (wire, _) in schemes {
            let sloc = loc.child(&wire);
            let Some(followed) = self.spec.follow(&sloc) else {
                continue;
            };
            let Some(scheme) = self.spec.get(&followed).cloned() else {
                continue;
            };
            let kind = match str_field(&scheme, "type") {
                Some("http") => match str_field(&scheme, "scheme")
                    .map(str::to_ascii_lowercase)
                    .as_deref()
                {
                    Some("basic") => SchemeKind::Basic,
                    Some("bearer") => SchemeKind::Bearer,
                    other => {
                        let msg = format!(
                            "HTTP authentication scheme `{}` is not supported (only basic and bearer); requests will not carry this credential",
                            other.unwrap_or("(missing)")
                        );
                        self.diags
                            .push(self.spec.warning(&sloc.child("scheme"), msg));
                        continue;
                    }
                },
                Some("oauth2") | Some("openIdConnect") => SchemeKind::Bearer,
                Some("apiKey") => {
                    let name = str_field(&scheme, "name").unwrap_or("").to_string();
                    if name.is_empty() {
                        self.diags.push(self.spec.error(
                            &sloc.child("name"),
                            "an apiKey security scheme needs a `name`",
                        ));
                        continue;
                    }
                    match str_field(&scheme, "in") {
                        Some("header") => SchemeKind::Header(name),
                        Some("query") => SchemeKind::Query(name),
                        Some("cookie") => SchemeKind::Cookie(name),
                        other => {
                            let msg = format!(
                                "apiKey `in` must be header, query or cookie, found `{}`",
                                other.unwrap_or("(missing)")
                            );
                            self.diags.push(self.spec.error(&sloc.child("in"), msg));
                            continue;
                        }
                    }
                }
                other => {
                    let msg = format!(
                        "security scheme type `{}` is not supported; requests will not carry this credential",
                        other.unwrap_or("(missing)")
                    );
                    self.diags.push(self.spec.warning(&sloc.child("type"), msg));
                    continue;
                }
            };
            out.push(SecurityScheme {
                name: scope.claim(&snake(&wire, "credential")),
                docs: Docs {
                    text: doc_text(&scheme, &["description"]),
                    source: self.spec.describe(&sloc),
                },
                wire,
                kind,
            });
        }
        out
    }

    /// Removes schemes no operation uses (a credential setter that does
    /// nothing would mislead) and renumbers the operations' references.
    fn drop_unused_schemes(
        &mut self,
        schemes: &mut Vec<SecurityScheme>,
        operations: &mut [Operation],
    ) {
        let used: BTreeSet<usize> = operations
            .iter()
            .flat_map(|o| o.security.iter().flatten().copied())
            .collect();
        let mut renumber = vec![None; schemes.len()];
        let mut kept = Vec::new();
        for (i, scheme) in std::mem::take(schemes).into_iter().enumerate() {
            if used.contains(&i) {
                renumber[i] = Some(kept.len());
                kept.push(scheme);
            } else {
                let pointer = scheme
                    .docs
                    .source
                    .split_once('#')
                    .map(|(_, p)| p.to_string())
                    .unwrap_or_default();
                let msg = format!("security scheme `{}` is not used by any operation; the client has no setter for it", scheme.wire);
                self.diags
                    .push(self.spec.warning(&Loc { file: 0, pointer }, msg));
            }
        }
        for op in operations.iter_mut() {
            for alternative in op.security.iter_mut() {
                *alternative = alternative.iter().filter_map(|i| renumber[*i]).collect();
            }
        }
        *schemes = kept;
    }

    // ----- operations ----------------------------------------------------

    fn lower_operations(&mut self, root: &Loc, schemes: &[SecurityScheme]) -> Vec<Operation> {
        let paths_loc = root.child("paths");
        let paths = match self.spec.get(&paths_loc) {
            Some(Value::Object(p)) => p.clone(),
            _ => return Vec::new(),
        };
        let root_security = self.spec.get(&root.child("security")).cloned();
        let mut method_scope = Scope::with_reserved(RESERVED_METHODS);
        let mut builder_scope = Scope::with_reserved(RESERVED_CLIENT_NAMES);
        let mut seen_ids: HashMap<String, Loc> = HashMap::new();
        let mut ops = Vec::new();
        for (path, _) in paths {
            let item_loc = paths_loc.child(&path);
            let Some(item_loc) = self.spec.follow(&item_loc) else {
                continue;
            };
            let Some(item) = self.spec.get(&item_loc).cloned() else {
                continue;
            };
            if !item.is_object() {
                let msg = format!(
                    "a path item must be an object, found {}",
                    crate::load::kind_of(&item)
                );
                self.diags.push(self.spec.error(&item_loc, msg));
                continue;
            }
            for method in [
                "get", "put", "post", "delete", "options", "head", "patch", "trace",
            ] {
                let Some(op) = item.get(method) else { continue };
                let op_loc = item_loc.child(method);
                if !op.is_object() {
                    let msg = format!(
                        "an operation must be an object, found {}",
                        crate::load::kind_of(op)
                    );
                    self.diags.push(self.spec.error(&op_loc, msg));
                    continue;
                }
                if let Some(other) = op.get("operationId").filter(|id| !id.is_string()) {
                    let msg = format!(
                        "`operationId` must be a string, found {}",
                        crate::load::kind_of(other)
                    );
                    self.diags
                        .push(self.spec.error(&op_loc.child("operationId"), msg));
                }
                let operation_id = match str_field(op, "operationId") {
                    Some(id) => {
                        if let Some(first) = seen_ids.get(id) {
                            let msg = format!(
                                "duplicate operationId `{id}`, first used at #{}",
                                first.pointer
                            );
                            self.diags.push(
                                self.spec
                                    .error(&op_loc.child("operationId"), msg)
                                    .with_help("operationIds must be unique"),
                            );
                        } else {
                            seen_ids.insert(id.to_string(), op_loc.clone());
                        }
                        id.to_string()
                    }
                    None => format!("{method} {path}"),
                };
                let method_name = method_scope.claim(&snake(&operation_id, "operation"));
                let builder_name = builder_scope.claim(&pascal(&operation_id, "Operation"));
                let security = self.op_security(&op_loc, op, root_security.as_ref(), schemes);
                let ctx = OpCtx {
                    loc: op_loc.clone(),
                    item_loc: item_loc.clone(),
                    type_base: pascal(&operation_id, "Operation"),
                    operation_id: operation_id.clone(),
                };
                if let Some(lowered) = self.lower_operation(
                    &ctx,
                    &path,
                    method,
                    op,
                    &item,
                    method_name,
                    builder_name,
                    operation_id,
                    security,
                ) {
                    ops.push(lowered);
                }
            }
        }
        ops.sort_by(|a, b| a.method_name.cmp(&b.method_name));
        ops
    }

    /// The operation's security requirement alternatives (its own `security`,
    /// else the root's), each a set of indices into `schemes`. Empty
    /// alternatives (`{}`: no credential needed) are dropped.
    fn op_security(
        &mut self,
        op_loc: &Loc,
        op: &Value,
        root: Option<&Value>,
        schemes: &[SecurityScheme],
    ) -> Vec<Vec<usize>> {
        let (requirements, loc) = match op.get("security") {
            Some(s) => (s.clone(), op_loc.child("security")),
            None => (
                root.cloned().unwrap_or(Value::Null),
                self.spec.root().child("security"),
            ),
        };
        let mut alternatives: Vec<Vec<usize>> = Vec::new();
        match requirements {
            Value::Array(reqs) => {
                for (i, req) in reqs.iter().enumerate() {
                    let Some(req) = req.as_object() else {
                        let msg = "a security requirement must be an object of scheme names";
                        self.diags
                            .push(self.spec.error(&loc.child(&i.to_string()), msg));
                        continue;
                    };
                    let mut set = Vec::new();
                    for name in req.keys() {
                        match schemes.iter().position(|s| &s.wire == name) {
                            Some(idx) => set.push(idx),
                            None => {
                                let msg = format!("security requirement names `{name}`, which is not a supported scheme in components/securitySchemes; it is ignored");
                                self.diags.push(
                                    self.spec
                                        .warning(&loc.child(&i.to_string()).child(name), msg),
                                );
                            }
                        }
                    }
                    set.sort_unstable();
                    if !set.is_empty() && !alternatives.contains(&set) {
                        alternatives.push(set);
                    }
                }
            }
            Value::Null => {}
            other => {
                let msg = format!(
                    "`security` must be an array of requirement objects, found {}",
                    crate::load::kind_of(&other)
                );
                self.diags.push(self.spec.error(&loc, msg));
            }
        }
        alternatives
    }

    #[allow(clippy::too_many_arguments)]
    fn lower_operation(
        &mut self,
        ctx: &OpCtx,
        path: &str,
        method: &str,
        op: &Value,
        item: &Value,
        method_name: String,
        builder_name: String,
        operation_id: String,
        security: Vec<Vec<usize>>,
    ) -> Option<Operation> {
        // Parameters: path-level first, overridden by operation-level ones with the same (name, in).
        let mut raw: Vec<(Loc, Value)> = Vec::new();
        for (owner, value) in [(&ctx.item_loc, item), (&ctx.loc, op)] {
            match value.get("parameters") {
                Some(Value::Array(list)) => {
                    for i in 0..list.len() {
                        let ploc = owner.child("parameters").child(&i.to_string());
                        let Some(followed) = self.spec.follow(&ploc) else {
                            continue;
                        };
                        let Some(p) = self.spec.get(&followed).cloned() else {
                            continue;
                        };
                        let key = (
                            str_field(&p, "name").map(str::to_string),
                            str_field(&p, "in").map(str::to_string),
                        );
                        raw.retain(|(_, q)| {
                            (
                                str_field(q, "name").map(str::to_string),
                                str_field(q, "in").map(str::to_string),
                            ) != key
                        });
                        raw.push((followed, p));
                    }
                }
                Some(other) => {
                    let msg = format!(
                        "`parameters` must be an array, found {}",
                        crate::load::kind_of(other)
                    );
                    self.diags
                        .push(self.spec.error(&owner.child("parameters"), msg));
                }
                None => {}
            }
        }

        let mut scope = Scope::with_reserved(&["client", "send", "body"]);
        let mut params = Vec::new();
        for (ploc, p) in raw {
            let Some(wire) = str_field(&p, "name").map(str::to_string) else {
                self.diags
                    .push(self.spec.error(&ploc, "a parameter needs a `name`"));
                continue;
            };
            let location = match str_field(&p, "in") {
                Some("path") => ParamIn::Path,
                Some("query") => ParamIn::Query,
                Some("header") => ParamIn::Header,
                Some("cookie") => ParamIn::Cookie,
                other => {
                    let msg = format!("parameter `{wire}` has `in: {other:?}`; expected path, query, header or cookie");
                    self.diags.push(self.spec.error(&ploc.child("in"), msg));
                    continue;
                }
            };
            if location == ParamIn::Header
                && ["accept", "content-type", "authorization"]
                    .contains(&wire.to_ascii_lowercase().as_str())
            {
                continue; // OpenAPI says these header parameters are ignored.
            }
            let schema_loc = if p.get("schema").is_some() {
                Some(ploc.child("schema"))
            } else if let Some(Value::Object(content)) = p.get("content") {
                content
                    .keys()
                    .next()
                    .map(|m| ploc.child("content").child(m).child("schema"))
            } else {
                None
            };
            let hint = Hint {
                candidates: vec![
                    pascal(&wire, "Param"),
                    format!("{}{}", ctx.type_base, pascal(&wire, "Param")),
                ],
                slot: None,
                context: format!("The `{wire}` parameter of `{}`.", ctx.operation_id),
            };
            let ty = match schema_loc {
                Some(l) => self.lower(&l, &hint),
                None => Ty::String,
            };
            let ty = match ty {
                Ty::Option(inner) => *inner,
                other => other,
            };
            let required =
                location == ParamIn::Path || p.get("required") == Some(&Value::Bool(true));
            let style = match str_field(&p, "style") {
                Some("spaceDelimited") => ParamStyle::SpaceDelimited,
                Some("pipeDelimited") => ParamStyle::PipeDelimited,
                Some("deepObject") => ParamStyle::DeepObject,
                _ => ParamStyle::Form,
            };
            let explode = match p.get("explode") {
                Some(Value::Bool(b)) => *b,
                _ => {
                    matches!(location, ParamIn::Query | ParamIn::Cookie)
                        && style == ParamStyle::Form
                }
            };
            params.push(Param {
                name: scope.claim(&snake(&wire, "param")),
                wire,
                location,
                ty,
                required,
                style,
                explode,
                docs: self.docs(&ploc, &p),
            });
        }

        // Path template.
        let mut pieces = Vec::new();
        let mut rest = path;
        let mut used = BTreeSet::new();
        while let Some(open) = rest.find('{') {
            if open > 0 {
                pieces.push(PathPiece::Literal(rest[..open].to_string()));
            }
            let Some(close) = rest[open..].find('}') else {
                self.diags.push(
                    self.spec
                        .error(&ctx.item_loc, format!("path `{path}` has an unclosed `{{`")),
                );
                return None;
            };
            let name = &rest[open + 1..open + close];
            match params
                .iter()
                .position(|p| p.location == ParamIn::Path && p.wire == name)
            {
                Some(i) => {
                    used.insert(i);
                    pieces.push(PathPiece::Param(i));
                }
                None => {
                    self.diags.push(
                        self.spec
                            .error(
                                &ctx.loc,
                                format!(
                                    "path template parameter `{name}` in `{path}` is not declared"
                                ),
                            )
                            .with_help(format!(
                                "add a parameter with `name: {name}` and `in: path`"
                            )),
                    );
                    return None;
                }
            }
            rest = &rest[open + close + 1..];
        }
        if !rest.is_empty() {
            pieces.push(PathPiece::Literal(rest.to_string()));
        }
        let unused: Vec<usize> = (0..params.len())
            .filter(|i| params[*i].location == ParamIn::Path && !used.contains(i))
            .collect();
        for &i in unused.iter().rev() {
            let msg = format!(
                "path parameter `{}` is declared but `{path}` has no `{{{}}}`; it is ignored",
                params[i].wire, params[i].wire
            );
            self.diags
                .push(self.spec.warning(&ctx.loc.child("parameters"), msg));
            params.remove(i);
            for piece in pieces.iter_mut() {
                if let PathPiece::Param(j) = piece {
                    if *j > i {
                        *j -= 1;
                    }
                }
            }
        }

        let body = self.lower_request_body(ctx, op);
        let (responses, success, error_type) = self.lower_responses(ctx, op);
        Some(Operation {
            method_name,
            builder_name,
            operation_id,
            http_method: match method {
                "get" => "GET",
                "put" => "PUT",
                "post" => "POST",
                "delete" => "DELETE",
                "options" => "OPTIONS",
                "head" => "HEAD",
                "patch" => "PATCH",
                _ => "TRACE",
            },
            path: path.to_string(),
            path_pieces: pieces,
            params,
            body,
            responses,
            success,
            error_type,
            security,
            docs: Docs {
                text: doc_text(op, &["summary", "description"]),
                source: self.spec.describe(&ctx.loc),
            },
            deprecated: op.get("deprecated") == Some(&Value::Bool(true)),
        })
    }

    fn lower_request_body(&mut self, ctx: &OpCtx, op: &Value) -> Option<RequestBody> {
        op.get("requestBody")?;
        let loc = self.spec.follow(&ctx.loc.child("requestBody"))?;
        let body = self.spec.get(&loc)?.clone();
        let Some(Value::Object(content)) = body.get("content") else {
            return None;
        };
        let (media, kind) = pick_media(content.keys())?;
        let schema_loc = loc.child("content").child(&media).child("schema");
        let ty = match kind {
            BodyKind::Json | BodyKind::Form | BodyKind::Multipart
                if self.spec.get(&schema_loc).is_some() =>
            {
                self.lower(
                    &schema_loc,
                    &Hint::new(
                        format!("{}Request", ctx.type_base),
                        format!("The request body of `{}`.", ctx.operation_id),
                    ),
                )
            }
            BodyKind::Json | BodyKind::Form | BodyKind::Multipart => Ty::Value,
            BodyKind::Text => Ty::String,
            _ => Ty::Vec(Box::new(Ty::Int(IntTy::U8))),
        };
        Some(RequestBody {
            media_type: media,
            kind,
            ty,
            required: body.get("required") == Some(&Value::Bool(true)),
        })
    }

    /// The documented responses, what a successful call returns, and the
    /// per-status error enum (if any error response has a JSON body).
    fn lower_responses(
        &mut self,
        ctx: &OpCtx,
        op: &Value,
    ) -> (Vec<Response>, Success, Option<TypeId>) {
        let mut found = Vec::new();
        if let Some(other) = op.get("responses").filter(|r| !r.is_object()) {
            let msg = format!(
                "`responses` must map status codes to responses, found {}",
                crate::load::kind_of(other)
            );
            self.diags
                .push(self.spec.error(&ctx.loc.child("responses"), msg));
        }
        if let Some(Value::Object(responses)) = op.get("responses") {
            for key in responses.keys() {
                let status = match key.as_str() {
                    "default" => StatusMatch::Default,
                    k if k.len() == 3 && (k.ends_with("XX") || k.ends_with("xx")) => {
                        match k[..1].parse::<u16>() {
                            Ok(d) if (1..=5).contains(&d) => StatusMatch::Range(d),
                            _ => continue,
                        }
                    }
                    k => match k.parse::<u16>() {
                        Ok(code) if (100..=599).contains(&code) => StatusMatch::Code(code),
                        _ => {
                            let msg = format!(
                                "`{k}` is not an HTTP status code; the response is ignored"
                            );
                            self.diags
                                .push(self.spec.warning(&ctx.loc.child("responses").child(k), msg));
                            continue;
                        }
                    },
                };
                let Some(rloc) = self.spec.follow(&ctx.loc.child("responses").child(key)) else {
                    continue;
                };
                let Some(response) = self.spec.get(&rloc).cloned() else {
                    continue;
                };
                let media = match response.get("content") {
                    Some(Value::Object(content)) if !content.is_empty() => {
                        pick_media(content.keys()).or(Some((String::new(), BodyKind::Bytes)))
                    }
                    _ => None,
                };
                found.push((key.clone(), status, rloc, response, media));
            }
        }
        found.sort_by_key(|f| f.1);
        let is_2xx =
            |s: StatusMatch| matches!(s, StatusMatch::Code(200..=299) | StatusMatch::Range(2));
        let any_2xx = found.iter().any(|f| is_2xx(f.1));
        // With no 2xx documented, `default` describes success.
        let is_success = |s: StatusMatch| is_2xx(s) || (!any_2xx && s == StatusMatch::Default);
        let json_successes = found
            .iter()
            .filter(|f| is_success(f.1) && matches!(f.4, Some((_, BodyKind::Json))))
            .count();

        let mut out = Vec::new();
        for (key, status, rloc, response, media) in found {
            let description = doc_text(&response, &["description"]);
            let media_type = media
                .as_ref()
                .map(|(m, _)| m.clone())
                .filter(|m| !m.is_empty() && !m.contains('*'));
            let (kind, ty) = match media {
                Some((media, BodyKind::Json)) => {
                    let schema_loc = rloc.child("content").child(&media).child("schema");
                    let name = if is_success(status) && json_successes == 1 {
                        format!("{}Response", ctx.type_base)
                    } else {
                        format!("{}{}Body", ctx.type_base, status_name(status))
                    };
                    let context = format!("The {key} response body of `{}`.", ctx.operation_id);
                    let ty = if self.spec.get(&schema_loc).is_some() {
                        self.lower(&schema_loc, &Hint::new(name, context))
                    } else {
                        Ty::Value
                    };
                    (BodyKind::Json, Some(ty))
                }
                Some((_, BodyKind::Multipart)) => (BodyKind::Bytes, None),
                Some((_, kind)) => (kind, None),
                None => (BodyKind::Empty, None),
            };
            out.push(Response {
                status,
                kind,
                media_type,
                ty,
                description,
            });
        }

        let successes: Vec<&Response> = out.iter().filter(|r| is_success(r.status)).collect();
        let success = self.success(ctx, &successes);
        let errors: Vec<&Response> = out
            .iter()
            .filter(|r| !is_success(r.status) && r.ty.is_some())
            .collect();
        let error_type = (!errors.is_empty()).then(|| {
            let context = format!(
                "The error bodies `{}` documents, by status.",
                ctx.operation_id
            );
            self.status_enum(
                ctx,
                &errors,
                format!("{}Error", ctx.type_base),
                context,
                true,
            )
        });
        (out, success, error_type)
    }

    /// What a call returns on success, and how each success status decodes.
    fn success(&mut self, ctx: &OpCtx, successes: &[&Response]) -> Success {
        let arm = |r: &Response, decode: Decode| SuccessArm {
            status: r.status,
            decode,
        };
        if successes.is_empty() {
            return Success {
                ty: Ty::Unit,
                arms: vec![SuccessArm {
                    status: StatusMatch::Range(2),
                    decode: Decode::Unit,
                }],
            };
        }
        let json: Vec<&Ty> = successes.iter().filter_map(|r| r.ty.as_ref()).collect();
        let kinds: BTreeSet<u8> = successes.iter().map(|r| r.kind as u8).collect();
        let same_kind = kinds.len() == 1;
        if json.is_empty() && same_kind {
            let (ty, decode) = match successes[0].kind {
                BodyKind::Text => (Ty::String, Decode::Text),
                BodyKind::Bytes | BodyKind::Form => {
                    (Ty::Vec(Box::new(Ty::Int(IntTy::U8))), Decode::Bytes)
                }
                _ => (Ty::Unit, Decode::Unit),
            };
            return Success {
                ty,
                arms: successes.iter().map(|r| arm(r, decode.clone())).collect(),
            };
        }
        let one_type = !json.is_empty() && json.iter().all(|t| *t == json[0]);
        if one_type && same_kind {
            return Success {
                ty: json[0].clone(),
                arms: successes.iter().map(|r| arm(r, Decode::Json)).collect(),
            };
        }
        let only_json_or_empty = successes
            .iter()
            .all(|r| matches!(r.kind, BodyKind::Json | BodyKind::Empty));
        if one_type && only_json_or_empty {
            let arms = successes
                .iter()
                .map(|r| {
                    arm(
                        r,
                        if r.kind == BodyKind::Json {
                            Decode::JsonSome
                        } else {
                            Decode::NoneValue
                        },
                    )
                })
                .collect();
            return Success {
                ty: json[0].clone().nullable(),
                arms,
            };
        }
        // Different bodies per status: an enum with a variant per status.
        let context = format!("What `{}` returns, by status.", ctx.operation_id);
        let id = self.status_enum(
            ctx,
            successes,
            format!("{}Response", ctx.type_base),
            context,
            false,
        );
        let arms = successes
            .iter()
            .map(|r| SuccessArm {
                status: r.status,
                decode: Decode::Variant(status_name(r.status)),
            })
            .collect();
        Success {
            ty: Ty::Named(id),
            arms,
        }
    }
}

impl Lowerer<'_> {
    /// An enum with one variant per response status (`errors`: the documented
    /// error bodies, which get `from_error`; else the success values).
    fn status_enum(
        &mut self,
        ctx: &OpCtx,
        responses: &[&Response],
        name: String,
        context: String,
        errors: bool,
    ) -> TypeId {
        let variants = responses
            .iter()
            .map(|r| StatusVariant {
                name: status_name(r.status),
                status: r.status,
                kind: r.kind,
                ty: r.ty.clone(),
            })
            .collect();
        let (id, name) = self.allocate(&Hint::new(name, context.clone()));
        let docs = Docs {
            text: Some(context),
            source: self.spec.describe(&ctx.loc.child("responses")),
        };
        self.types[id.0] = Some(TypeDef {
            name,
            docs,
            kind: TypeKind::StatusEnum { variants, errors },
        });
        id
    }
}

/// A readable name for a status: its reason phrase (`NotFound`), the class
/// for ranges (`ClientError`), or `Status418` for codes without a common phrase.
fn status_name(status: StatusMatch) -> String {
    match status {
        StatusMatch::Default => "Default".to_string(),
        StatusMatch::Range(1) => "Informational".to_string(),
        StatusMatch::Range(2) => "Success".to_string(),
        StatusMatch::Range(3) => "Redirection".to_string(),
        StatusMatch::Range(4) => "ClientError".to_string(),
        StatusMatch::Range(5) => "ServerError".to_string(),
        StatusMatch::Range(d) => format!("Status{d}xx"),
        StatusMatch::Code(code) => match code {
            200 => "Ok",
            201 => "Created",
            202 => "Accepted",
            203 => "NonAuthoritativeInformation",
            204 => "NoContent",
            205 => "ResetContent",
            206 => "PartialContent",
            301 => "MovedPermanently",
            302 => "Found",
            303 => "SeeOther",
            304 => "NotModified",
            307 => "TemporaryRedirect",
            308 => "PermanentRedirect",
            400 => "BadRequest",
            401 => "Unauthorized",
            402 => "PaymentRequired",
            403 => "Forbidden",
            404 => "NotFound",
            405 => "MethodNotAllowed",
            406 => "NotAcceptable",
            408 => "RequestTimeout",
            409 => "Conflict",
            410 => "Gone",
            412 => "PreconditionFailed",
            413 => "PayloadTooLarge",
            415 => "UnsupportedMediaType",
            422 => "UnprocessableEntity",
            423 => "Locked",
            428 => "PreconditionRequired",
            429 => "TooManyRequests",
            500 => "InternalServerError",
            501 => "NotImplemented",
            502 => "BadGateway",
            503 => "ServiceUnavailable",
            504 => "GatewayTimeout",
            _ => return format!("Status{code}"),
        }
        .to_string(),
    }
}

/// Where an untagged union member goes, given that serde takes the first one
/// that decodes: narrow scalars (UUIDs, dates, integers) before the wider ones
/// that would also accept their values (strings, floats), and `Value` and maps last.
fn catch_all_rank(ty: &Ty) -> u8 {
    match ty {
        Ty::Uuid | Ty::DateTime | Ty::Date | Ty::Int(_) | Ty::Base64 => 0,
        Ty::String | Ty::F32 | Ty::F64 => 1,
        Ty::Map(_) => 2,
        Ty::Value => 3,
        _ => 0,
    }
}

/// Calls `f` with every named type `ty` mentions.
fn visit_named(ty: &Ty, f: &mut impl FnMut(TypeId)) {
    match ty {
        Ty::Named(id) => f(*id),
        Ty::Vec(inner) | Ty::Map(inner) | Ty::Option(inner) | Ty::Boxed(inner) => {
            visit_named(inner, f)
        }
        _ => {}
    }
}

/// What [`Lowerer::reuse_or_allocate`] found.
enum Slot {
    /// An identical inline schema already has this type.
    Existing(TypeId),
    /// A fresh type: its id and name.
    New(TypeId, String),
}

/// Context shared by the parts of one operation.
struct OpCtx {
    loc: Loc,
    item_loc: Loc,
    /// PascalCase operation name, the prefix of its inline type names.
    type_base: String,
    /// The operationId (or the synthesized one), for docs.
    operation_id: String,
}

/// `text` with its first letter in lower case ("The x" → "the x").
fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The media type to use from a `content` map, JSON first.
fn pick_media<'k>(keys: impl Iterator<Item = &'k String>) -> Option<(String, BodyKind)> {
    let keys: Vec<&String> = keys.collect();
    let classify = |m: &str| {
        let m = m.to_ascii_lowercase();
        let essence = m.split(';').next().unwrap_or("").trim().to_string();
        if essence == "application/json" || essence.ends_with("+json") || essence == "*/*" {
            BodyKind::Json
        } else if essence == "application/x-www-form-urlencoded" {
            BodyKind::Form
        } else if essence == "multipart/form-data" {
            BodyKind::Multipart
        } else if essence.starts_with("text/") {
            BodyKind::Text
        } else {
            BodyKind::Bytes
        }
    };
    for wanted in [
        BodyKind::Json,
        BodyKind::Form,
        BodyKind::Multipart,
        BodyKind::Text,
        BodyKind::Bytes,
    ] {
        if let Some(k) = keys.iter().find(|k| classify(k) == wanted) {
            return Some(((*k).clone(), wanted));
        }
    }
    None
}

/// The narrowest integer type for a schema's `format` or `minimum`/`maximum`.
fn int_type(v: &Value) -> Ty {
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

/// Boxes struct fields that would make a type contain itself (directly or
/// through `Option` and other structs), so recursive schemas compile. `Vec` and
/// maps already allocate, so they break cycles without a `Box`.
fn break_cycles(api: &mut Api) {
    fn direct(ty: &Ty, out: &mut Vec<TypeId>) {
        match ty {
            Ty::Named(id) => out.push(*id),
            Ty::Option(inner) => direct(inner, out),
            _ => {}
        }
    }
    let n = api.types.len();
    let edges: Vec<Vec<TypeId>> = api
        .types
        .iter()
        .map(|t| {
            let mut out = Vec::new();
            slots(&t.kind)
                .into_iter()
                .for_each(|ty| direct(ty, &mut out));
            if let TypeKind::Alias(ty) = &t.kind {
                direct(ty, &mut out);
            }
            out
        })
        .collect();
    let reaches = |from: TypeId, to: TypeId| -> bool {
        let mut stack = vec![from];
        let mut seen = vec![false; n];
        while let Some(t) = stack.pop() {
            if t == to {
                return true;
            }
            if std::mem::replace(&mut seen[t.0], true) {
                continue;
            }
            stack.extend(edges[t.0].iter().copied());
        }
        false
    };
    let mut boxes = Vec::new();
    for (i, t) in api.types.iter().enumerate() {
        for (slot, ty) in slots(&t.kind).into_iter().enumerate() {
            let mut targets = Vec::new();
            direct(ty, &mut targets);
            if targets.iter().any(|&target| reaches(target, TypeId(i))) {
                boxes.push((i, slot));
            }
        }
    }
    for (i, slot) in boxes {
        if let Some(ty) = slots_mut(&mut api.types[i].kind).into_iter().nth(slot) {
            let owned = std::mem::replace(ty, Ty::Value);
            *ty = box_named(owned);
        }
    }
}

/// The types a struct or union stores inline (fields, variant payloads).
fn slots(kind: &TypeKind) -> Vec<&Ty> {
    match kind {
        TypeKind::Struct { fields, .. } => fields.iter().map(|f| &f.ty).collect(),
        TypeKind::Union { variants, .. } => variants.iter().map(|v| &v.ty).collect(),
        _ => Vec::new(),
    }
}

fn slots_mut(kind: &mut TypeKind) -> Vec<&mut Ty> {
    match kind {
        TypeKind::Struct { fields, .. } => fields.iter_mut().map(|f| &mut f.ty).collect(),
        TypeKind::Union { variants, .. } => variants.iter_mut().map(|v| &mut v.ty).collect(),
        _ => Vec::new(),
    }
}

fn box_named(ty: Ty) -> Ty {
    match ty {
        Ty::Option(inner) => Ty::Option(Box::new(box_named(*inner))),
        named @ Ty::Named(_) => Ty::Boxed(Box::new(named)),
        other => other,
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

    #[test]
    fn media_types_prefer_json() {
        let keys = [
            "text/plain".to_string(),
            "application/problem+json".to_string(),
        ];
        assert_eq!(pick_media(keys.iter()).unwrap().1, BodyKind::Json);
        let keys = ["application/octet-stream".to_string()];
        assert_eq!(pick_media(keys.iter()).unwrap().1, BodyKind::Bytes);
    }
}
