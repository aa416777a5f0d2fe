//! The type arena and naming: how an inline schema gets its Rust name and
//! its slot in [`Lowerer::types`]. Every named type is allocated here, and an
//! identical inline schema met again under the same name reuses its slot.

use super::json::doc_text;
use super::Lowerer;
use crate::ir::{Docs, Ty, TypeDef, TypeId, TypeKind};
use crate::names::{pascal, singular};
use crate::resolve::Loc;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Names too generic to stand alone: an inline schema named after such a
/// property is prefixed with its parent's name (`type` → `NodeType`).
pub(super) const GENERIC_NAMES: &[&str] = &[
    "Type", "Kind", "Data", "Value", "Values", "Item", "Items", "Error", "Result", "Option", "Box",
    "String", "Vec", "Object", "Inner", "Body", "Response", "Request", "Config", "Options",
    "Params",
];

/// Type names the generated `types` module defines itself.
pub(super) const RESERVED_TYPE_NAMES: &[&str] = &["Base64"];

/// Names the generated crate exports at its root. A schema never takes one,
/// so `artu_api::Error` (the crate's error) and the model of an error body
/// are never two things spelled the same: a component named so gets `Body`
/// (`Error` → `ErrorBody`), an inline schema the next candidate.
pub(super) const CRATE_ROOT_NAMES: &[&str] = &[
    "Error",
    "Response",
    "RetryPolicy",
    "Client",
    "ClientBuilder",
];

/// The std prelude's names, which the generated code writes short
/// (`Option<String>`, `Ok(…)`). A schema never takes one, for the same reason as
/// [`CRATE_ROOT_NAMES`]: a component named so gets `Body` (`String` →
/// `StringBody`), an inline schema the next candidate. So no generated item
/// shadows the prelude, in the crate or in a caller's `use types::*`.
pub(super) const PRELUDE_NAMES: &[&str] = &[
    // Every edition's prelude.
    "Copy",
    "Send",
    "Sized",
    "Sync",
    "Unpin",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "Box",
    "ToOwned",
    "Clone",
    "PartialEq",
    "PartialOrd",
    "Eq",
    "Ord",
    "AsRef",
    "AsMut",
    "Into",
    "From",
    "Default",
    "Iterator",
    "Extend",
    "IntoIterator",
    "DoubleEndedIterator",
    "ExactSizeIterator",
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "String",
    "ToString",
    "Vec",
    // 2021's additions, and 2024's (for a caller's `use types::*`).
    "TryFrom",
    "TryInto",
    "FromIterator",
    "Future",
    "IntoFuture",
];

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
    pub(super) fn reuse_or_allocate(&mut self, hint: &Hint, shape: String, loc: &Loc) -> Slot {
        if hint.slot.is_none() {
            // Without a lock (a first generation) there is no key to ask about.
            let key = (!self.lock.is_empty()).then(|| self.lock_key(loc));
            // Reached again: the type the lock named for this location.
            if let Some(&id) = key.as_ref().and_then(|k| self.locked_ids.get(k)) {
                return Slot::Existing(id);
            }
            // A location the previous generation named keeps its own type,
            // even when an identical schema earlier in the spec already has one.
            if !key.is_some_and(|k| self.lock.types.contains_key(&k)) {
                if let Some(id) = self.seen.shape(hint.first(), &shape) {
                    return Slot::Existing(id);
                }
            }
        }
        let (id, name) = self.allocate(hint, Some(loc));
        if hint.slot.is_none() {
            self.seen.remember_shape(hint.first(), shape, id);
        }
        Slot::New(id, name)
    }

    /// The id and name for a new named type: the component's slot, or a
    /// fresh one. A schema at `loc` that the previous generation named keeps
    /// that name (see [`NameLock`]); other types take the first free candidate.
    pub(super) fn allocate(&mut self, hint: &Hint, loc: Option<&Loc>) -> (TypeId, String) {
        if let Some(id) = hint.slot {
            return (id, hint.first().to_string());
        }
        if let Some(loc) = loc {
            if let Some(name) = self.locked_name(loc) {
                let id = self.reserve();
                self.record_key(id, loc);
                self.locked_ids.insert(self.lock_key(loc), id);
                return (id, name);
            }
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
        let id = self.reserve();
        if let Some(loc) = loc {
            self.record_key(id, loc);
        }
        (id, name)
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

    /// Fills slot `id` with the type `name` lowered from the schema `value`
    /// at `loc` (documented from the schema, else from where it appears) and
    /// returns a reference to it.
    pub(super) fn define_schema(
        &mut self,
        id: TypeId,
        name: String,
        loc: &Loc,
        value: &Value,
        hint: &Hint,
        kind: TypeKind,
    ) -> Ty {
        let docs = self.type_docs(loc, value, hint);
        self.define(id, TypeDef { name, docs, kind });
        Ty::Named(id)
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
        let deprecated = (value.get("deprecated") == Some(&Value::Bool(true))).then(|| {
            [
                "x-deprecated-message",
                "x-deprecation-message",
                "x-deprecated-reason",
            ]
            .iter()
            .find_map(|k| value.get(*k)?.as_str())
            .unwrap_or("deprecated in the API description")
            .to_string()
        });
        Docs {
            text: doc_text(value, &["title", "description"]),
            source: self.spec.describe(loc),
            deprecated,
        }
    }

    /// Names and reserves a slot for every `components/schemas` entry, so
    /// references can point forward or at themselves.
    pub(super) fn register_components(&mut self, root: &Loc) -> Vec<Component> {
        let schemas_loc = root.child("components").child("schemas");
        let Some(Value::Object(schemas)) = self.spec.get(&schemas_loc) else {
            return Vec::new();
        };
        // A component the previous generation named keeps that name. Of
        // the rest, names already in PascalCase are claimed first, so
        // `FooBar` keeps its name even when `foo_bar` comes earlier in the spec.
        let mut rust_names = HashMap::new();
        for name in schemas.keys() {
            if let Some(locked) = self.locked_name(&schemas_loc.child(name)) {
                rust_names.insert(name.clone(), locked);
            }
        }
        for exact in [true, false] {
            let unlocked: Vec<&String> = schemas
                .keys()
                .filter(|n| !rust_names.contains_key(*n))
                .collect();
            for name in unlocked {
                let candidate = pascal(name, "Schema");
                if (candidate == *name) == exact {
                    let candidate = if CRATE_ROOT_NAMES.contains(&candidate.as_str())
                        || PRELUDE_NAMES.contains(&candidate.as_str())
                    {
                        format!("{candidate}Body")
                    } else {
                        candidate
                    };
                    rust_names.insert(name.clone(), self.type_scope.claim(&candidate));
                }
            }
        }
        let mut components = Vec::new();
        for (name, schema) in schemas {
            let loc = schemas_loc.child(name);
            let id = self.reserve();
            self.record_key(id, &loc);
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

/// The type names a previous generation gave, by the JSON pointer of the
/// schema they came from (read back from `api.json`).
///
/// Inline schemas are named from context, first come first served, so
/// without this a new operation placed early in the spec could take a name
/// an existing type had (`Status`), renaming that type or, worse, giving its
/// name to another. With it, a location named once keeps its name, and only
/// new locations get new names, chosen to avoid the locked ones. A pointer
/// that several types shared (an operation's success and error enums) is
/// not locked: its types are named by their own rules, which do not depend
/// on the rest of the spec.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NameLock {
    /// Source pointer (`artu.yaml#/paths/…`) → Rust type name.
    types: BTreeMap<String, String>,
}

impl NameLock {
    /// A lock from `(source pointer, type name)` pairs; pointers that occur
    /// more than once are left out, since they do not say which type is which.
    /// Names that are not a type name this generator could have made (not
    /// PascalCase, a keyword, a name the crate defines itself: a hand-edited
    /// `api.json`) are ignored, so they cannot break the generated code.
    pub fn new<'s>(types: impl IntoIterator<Item = (&'s str, &'s str)>) -> NameLock {
        let mut by_source: BTreeMap<String, Option<String>> = BTreeMap::new();
        let valid = |name: &str| {
            !name.is_empty()
                && pascal(name, "") == name
                && !RESERVED_TYPE_NAMES.contains(&name)
                && !CRATE_ROOT_NAMES.contains(&name)
                && !PRELUDE_NAMES.contains(&name)
        };
        for (source, name) in types.into_iter().filter(|(_, n)| valid(n)) {
            by_source
                .entry(source.to_string())
                .and_modify(|n| *n = None)
                .or_insert_with(|| Some(name.to_string()));
        }
        NameLock {
            types: by_source
                .into_iter()
                .filter_map(|(source, name)| Some((source, name?)))
                .collect(),
        }
    }

    /// True when nothing is locked (a first generation).
    pub fn is_empty(&self) -> bool {
        self.types.is_empty()
    }

    /// How many locations are locked.
    pub fn len(&self) -> usize {
        self.types.len()
    }

    /// The lock restricted to the keys in `keys`.
    pub(super) fn only(&self, keys: &BTreeSet<String>) -> NameLock {
        NameLock {
            types: self
                .types
                .iter()
                .filter(|(k, _)| keys.contains(*k))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        }
    }

    /// Every locked name.
    fn names(&self) -> impl Iterator<Item = &str> {
        self.types.values().map(String::as_str)
    }
}

/// Which locked names this run has handed out, so a name goes to one type only.
#[derive(Debug, Default)]
pub(super) struct LockUse {
    used: BTreeSet<String>,
}

impl LockUse {
    /// The lock keys that matched a schema.
    pub(super) fn into_used(self) -> BTreeSet<String> {
        self.used
    }
}

impl Lowerer<'_> {
    /// Takes every locked name out of the type scope before anything is
    /// named, so no new type can take one.
    pub(super) fn claim_locked_names(&mut self) {
        for name in self.lock.names() {
            self.type_scope.claim(name);
        }
    }

    /// The locked name of the schema at `loc`, the first time it is asked.
    fn locked_name(&mut self, loc: &Loc) -> Option<String> {
        let key = self.lock_key(loc);
        let name = self.lock.types.get(&key)?;
        self.lock_use.used.insert(key).then(|| name.clone())
    }

    /// Where a named type comes from, in a form that survives unrelated
    /// edits: the schema's JSON pointer, except that an array index is
    /// replaced by what the element is, because inserting an element shifts
    /// the indices after it. A parameter is named by `in` and `name`
    /// (`parameters/query:sort`); a `oneOf`/`anyOf`/`allOf` member by its
    /// `$ref` or `title` (or keeps its index when it has neither). Locations
    /// in the root file are keyed without the file name, so renaming the
    /// spec keeps its names.
    pub(super) fn lock_key(&self, loc: &Loc) -> String {
        let mut key = String::new();
        let mut prefix = String::new();
        let mut parent = "";
        for token in loc.pointer.split('/').skip(1) {
            prefix.push('/');
            prefix.push_str(token);
            key.push('/');
            let stable = token
                .bytes()
                .all(|b| b.is_ascii_digit())
                .then(|| {
                    let element = self.spec.get(&Loc {
                        file: loc.file,
                        pointer: prefix.clone(),
                    })?;
                    stable_element(parent, element)
                })
                .flatten();
            key.push_str(stable.as_deref().unwrap_or(token));
            parent = token;
        }
        match loc.file {
            0 => format!("#{key}"),
            _ => format!("{}#{key}", self.spec.files[loc.file].doc_name),
        }
    }

    /// Records the lock key of the type at slot `id`, lowered from `loc`.
    pub(super) fn record_key(&mut self, id: TypeId, loc: &Loc) {
        let key = self.lock_key(loc);
        self.lock_keys.insert(id, key);
    }
}

/// A stable token for element `element` of the array `parent` (see
/// [`Lowerer::lock_key`]), escaped like a JSON-pointer token.
fn stable_element(parent: &str, element: &Value) -> Option<String> {
    let escape = |s: &str| s.replace('~', "~0").replace('/', "~1");
    let field = |k: &str| element.get(k).and_then(Value::as_str);
    let text = match parent {
        "parameters" => match field("$ref") {
            Some(r) => format!("ref:{r}"),
            None => format!("{}:{}", field("in")?, field("name")?),
        },
        "oneOf" | "anyOf" | "allOf" => match (field("$ref"), field("title")) {
            (Some(r), _) => format!("ref:{r}"),
            (None, Some(t)) => format!("title:{t}"),
            // Untitled: what it holds. Two alike members give the same key,
            // which the lock then leaves out (it does not say which is which).
            _ => match element.get("properties").and_then(Value::as_object) {
                Some(props) => {
                    let names: Vec<&str> = props.keys().map(String::as_str).collect();
                    format!("properties:{}", names.join(","))
                }
                None => format!("type:{}", field("type")?),
            },
        },
        _ => return None,
    };
    Some(escape(&text))
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
