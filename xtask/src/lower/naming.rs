//! The type arena and naming: how an inline schema gets its Rust name and
//! its slot in [`Lowerer::types`]. Every named type is allocated here, and an
//! identical inline schema met again under the same name reuses its slot.

use super::json::doc_text;
use super::Lowerer;
use crate::ir::{Docs, Ty, TypeDef, TypeId};
use crate::names::{pascal, singular};
use crate::resolve::Loc;
use serde_json::Value;
use std::collections::HashMap;

/// Names too generic to stand alone: an inline schema named after such a
/// property is prefixed with its parent's name (`type` → `NodeType`).
pub(super) const GENERIC_NAMES: &[&str] = &[
    "Type", "Kind", "Data", "Value", "Values", "Item", "Items", "Error", "Result", "Option", "Box",
    "String", "Vec", "Object", "Inner", "Body", "Response", "Request", "Config", "Options",
    "Params",
];

/// Type names the generated `types` module defines itself.
pub(super) const RESERVED_TYPE_NAMES: &[&str] = &["Base64"];

/// Candidate names for an inline schema, most preferred first.
#[derive(Debug, Clone)]
pub(super) struct Hint {
    pub(super) candidates: Vec<String>,
    /// For a component schema: the pre-assigned id the top-level type must use.
    pub(super) slot: Option<TypeId>,
    /// Where the schema appears, for the docs of a type the spec leaves undescribed.
    pub(super) context: String,
}

impl Hint {
    /// One candidate name, with `context` for undescribed types.
    pub(super) fn new(name: String, context: String) -> Self {
        Hint {
            candidates: vec![name],
            slot: None,
            context,
        }
    }

    /// For a property `wire` of the type called `parent`.
    pub(super) fn property(parent: &str, wire: &str) -> Self {
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
    pub(super) fn items(&self) -> Self {
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

    /// The preferred name (a component's own).
    pub(super) fn first(&self) -> &str {
        &self.candidates[0]
    }
}

impl Lowerer<'_> {
    /// The inline type already lowered under the same name with the same
    /// schema (`shape`, its canonical JSON), or a new id and name. Component
    /// schemas (with a slot) are never shared.
    pub(super) fn reuse_or_allocate(&mut self, hint: &Hint, shape: String) -> Slot {
        if hint.slot.is_none() {
            if let Some(id) = self.seen.shape(hint.first(), &shape) {
                return Slot::Existing(id);
            }
        }
        let (id, name) = self.allocate(hint);
        if hint.slot.is_none() {
            self.seen.remember_shape(hint.first(), shape, id);
        }
        Slot::New(id, name)
    }

    /// The id and name for a new named type: the component's slot, or a fresh one.
    pub(super) fn allocate(&mut self, hint: &Hint) -> (TypeId, String) {
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
        (self.reserve(), name)
    }

    /// A new, still empty arena slot.
    fn reserve(&mut self) -> TypeId {
        let id = TypeId(self.types.len());
        self.types.push(None);
        id
    }

    /// Fills the arena slot `id` (reserved by [`Lowerer::allocate`] or
    /// [`Lowerer::register_components`]) with its finished type.
    pub(super) fn define(&mut self, id: TypeId, def: TypeDef) {
        self.types[id.0] = Some(def);
    }

    /// Docs for a named type: the schema's own text, else where it appears.
    pub(super) fn type_docs(&self, loc: &Loc, value: &Value, hint: &Hint) -> Docs {
        let mut docs = self.docs(loc, value);
        if docs.text.is_none() {
            docs.text = Some(hint.context.clone());
        }
        docs
    }

    /// Docs from a schema's (or parameter's) own title and description.
    pub(super) fn docs(&self, loc: &Loc, value: &Value) -> Docs {
        Docs {
            text: doc_text(value, &["title", "description"]),
            source: self.spec.describe(loc),
        }
    }

    /// Names and reserves a slot for every `components/schemas` entry, so
    /// references can point forward or at themselves.
    pub(super) fn register_components(&mut self, root: &Loc) -> Vec<Component> {
        let schemas_loc = root.child("components").child("schemas");
        let Some(Value::Object(schemas)) = self.spec.get(&schemas_loc) else {
            return Vec::new();
        };
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
        let mut components = Vec::new();
        for (name, schema) in schemas {
            let loc = schemas_loc.child(name);
            let id = self.reserve();
            let nullable = self.is_nullable(schema);
            self.seen.add_component(loc.clone(), id, nullable);
            components.push(Component {
                id,
                rust_name: rust_names.remove(name).unwrap_or_default(),
                loc,
            });
        }
        components
    }
}

/// A `components/schemas` entry whose name and slot are fixed, waiting to be lowered.
pub(super) struct Component {
    /// Its reserved arena slot.
    pub(super) id: TypeId,
    /// Its claimed Rust name.
    pub(super) rust_name: String,
    /// Where the schema is.
    pub(super) loc: Loc,
}

/// The one answer to "have I lowered this schema already?", by location (for
/// `$ref` targets) and by shape (for inline schemas).
#[derive(Default)]
pub(super) struct Seen {
    /// `components/schemas` entries: location → (id, nullable).
    components: HashMap<Loc, (TypeId, bool)>,
    /// Non-component schemas reached through `$ref`, already lowered.
    referenced: HashMap<Loc, Ty>,
    /// (name, canonical JSON) of inline named types, for reuse.
    shapes: HashMap<(String, String), TypeId>,
}

impl Seen {
    /// The type a `$ref` to `target` stands for, if that schema has one
    /// already: a component's type (nullable when the component is, or when
    /// the reference says so with `ref_nullable`), else an earlier lowering's.
    pub(super) fn at(&self, target: &Loc, ref_nullable: bool) -> Option<Ty> {
        if let Some(&(id, nullable)) = self.components.get(target) {
            let ty = Ty::Named(id);
            return Some(if nullable || ref_nullable {
                ty.nullable()
            } else {
                ty
            });
        }
        self.referenced.get(target).cloned()
    }

    /// Records a component schema's reserved slot.
    fn add_component(&mut self, loc: Loc, id: TypeId, nullable: bool) {
        self.components.insert(loc, (id, nullable));
    }

    /// Records what the non-component schema at `target` lowered to.
    pub(super) fn remember_referenced(&mut self, target: Loc, ty: Ty) {
        self.referenced.insert(target, ty);
    }

    /// The inline type named `name` whose schema is `shape` (canonical JSON).
    fn shape(&self, name: &str, shape: &str) -> Option<TypeId> {
        self.shapes
            .get(&(name.to_string(), shape.to_string()))
            .copied()
    }

    /// Records the inline type named `name` with schema `shape`.
    fn remember_shape(&mut self, name: &str, shape: String, id: TypeId) {
        self.shapes.insert((name.to_string(), shape), id);
    }
}

/// What [`Lowerer::reuse_or_allocate`] found.
pub(super) enum Slot {
    /// An identical inline schema already has this type.
    Existing(TypeId),
    /// A fresh type: its id and name.
    New(TypeId, String),
}

/// `text` with its first letter in lower case ("The x" → "the x").
pub(super) fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}
