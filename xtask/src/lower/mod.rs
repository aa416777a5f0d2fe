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

mod cycles;
mod defaults;
mod enums;
mod json;
mod naming;
mod object;
mod operation;
mod response;
mod schema;
mod security;
mod tags;
mod union;

use crate::diag::Diagnostics;
use crate::ir::*;
use crate::names::{pascal, Scope};
use crate::resolve::{Loc, Spec};
use cycles::break_cycles;
use json::{doc_text, str_field};
use naming::{Hint, RESERVED_TYPE_NAMES};
use serde_json::Value;
use std::collections::HashMap;

pub use schema::int_bounds;

/// Schemas nested deeper than this are reported instead of lowered, so hostile
/// input cannot overflow the stack.
const MAX_DEPTH: usize = 200;

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
}
