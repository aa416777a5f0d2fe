//! Tuples: an array schema with `prefixItems` becomes a tuple struct, one
//! field per position, so `[1, 2]` is a `Point(1.0, 2.0)` and `[[1, 2, 3]]`
//! is rejected rather than decoded as a list of anything.
//!
//! What comes after the prefix follows `items`: `items: false` means exactly
//! the prefix (serde's own tuple-struct decoding checks the length); a schema
//! means any number of further items of that type, kept in a last `Vec` field;
//! no `items` means JSON Schema allows anything after the prefix, so further
//! items are kept as `serde_json::Value`s and written back (the tolerant
//! reader rule that keeps unknown keys). Every prefix item is required: JSON
//! Schema would accept a shorter array unless `minItems` says otherwise, but a
//! tuple whose positions may be missing is not a tuple a caller can use.

use super::naming::{Hint, Slot};
use super::Lowerer;
use crate::ir::*;
use crate::resolve::Loc;
use serde_json::Value;

impl Lowerer<'_> {
    /// The tuple struct for an array schema with a non-empty `prefixItems`
    /// array, or `None` when `prefixItems` is not one (the caller reports
    /// it and falls back to a list).
    pub(super) fn lower_tuple(&mut self, loc: &Loc, value: &Value, hint: &Hint) -> Option<Ty> {
        let count = value
            .get("prefixItems")?
            .as_array()
            .filter(|p| !p.is_empty())?
            .len();
        let (id, name) = match self.reuse_or_allocate(hint, value.to_string(), loc) {
            Slot::Existing(id) => return Some(Ty::Named(id)),
            Slot::New(id, name) => (id, name),
        };
        let prefix = loc.child("prefixItems");
        let items = (0..count)
            .map(|i| {
                let item_hint =
                    Hint::new(format!("{name}Item{i}"), format!("Item {i} of `{name}`."));
                self.lower(&prefix.child(&i.to_string()), &item_hint)
            })
            .collect();
        let rest = match value.get("items") {
            Some(Value::Bool(false)) => None,
            None | Some(Value::Bool(true)) => Some(Ty::Value),
            Some(_) => {
                let rest_hint = Hint::new(
                    format!("{name}Rest"),
                    format!("An item of `{name}` after its prefix."),
                );
                Some(self.lower(&loc.child("items"), &rest_hint))
            }
        };
        Some(self.define_schema(id, name, loc, value, hint, TypeKind::Tuple { items, rest }))
    }
}
