//! The type arena and naming: how an inline schema gets its Rust name and
//! its slot in [`Lowerer::types`]. Every named type is allocated here, and an
//! identical inline schema met again under the same name reuses its slot.

use super::Lowerer;
use crate::ir::TypeId;
use crate::names::{pascal, singular};

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

    pub(super) fn first(&self) -> &str {
        &self.candidates[0]
    }
}

impl Lowerer<'_> {
    /// The inline type already lowered under the same name with the same
    /// schema (`shape`, its canonical JSON), or a new id and name. Component
    /// schemas (with a slot) are never shared.
    pub(super) fn reuse_or_allocate(&mut self, hint: &Hint, shape: String) -> Slot {
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
        let id = TypeId(self.types.len());
        self.types.push(None);
        (id, name)
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
