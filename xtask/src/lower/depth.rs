//! How deeply the generated types nest, and the `recursion_limit` that
//! makes the crate compile.
//!
//! rustc computes a struct's layout, and its drop-check rules, by recursing
//! into every field's type, one query inside the next, and stops at the
//! crate's `recursion_limit` (128 by default) with "queries overflow the depth
//! limit". A spec of 100 inline objects nested inside each other is valid
//! and lowers fine, so the crate must compile too: lowering measures the
//! longest chain of types held inside one another and raises the limit only
//! when that chain needs it, keeping ordinary crates free of the attribute.

use crate::ir::{Api, TypeId};

/// rustc's default `recursion_limit`.
const DEFAULT_LIMIT: usize = 128;

/// Queries rustc nests per level of the chain: a field `Option<Next>` costs
/// the `Option` and the struct inside it (measured: 200 nested optional
/// objects overflow the default limit at the 72nd level from the top).
const QUERIES_PER_LEVEL: usize = 2;

/// Room for the queries around the chain (the client's futures and
/// `Result`s that hold the outermost type).
const MARGIN: usize = 64;

/// The `recursion_limit` the generated crate needs, or `None` when the
/// default suffices.
pub(super) fn recursion_limit(api: &Api) -> Option<usize> {
    let needed = nesting_depth(api) * QUERIES_PER_LEVEL + MARGIN;
    (needed > DEFAULT_LIMIT).then(|| needed.next_power_of_two())
}

/// The length of the longest chain of named types each mentioned in the
/// previous one's fields, variants or target (through `Option`, `Vec`, maps
/// and `Box`, which drop checking also enters; see `TypeDef::children`). A cycle, which boxing
/// already broke, counts once.
pub(super) fn nesting_depth(api: &Api) -> usize {
    let mut memo: Vec<Option<usize>> = vec![None; api.types.len()];
    let mut on_path = vec![false; api.types.len()];
    (0..api.types.len())
        .map(|i| depth_of(api, TypeId(i), &mut memo, &mut on_path))
        .max()
        .unwrap_or(0)
}

/// The depth of one type: 1 plus the deepest type it mentions. Iterating
/// by hand would be longer; the recursion is bounded by lowering's schema
/// depth limit, and the pipeline runs on a large stack.
fn depth_of(api: &Api, id: TypeId, memo: &mut [Option<usize>], on_path: &mut [bool]) -> usize {
    if let Some(d) = memo[id.0] {
        return d;
    }
    if on_path[id.0] {
        return 0;
    }
    on_path[id.0] = true;
    let deepest = api.types[id.0]
        .children()
        .into_iter()
        .map(|child| depth_of(api, child, memo, on_path))
        .max()
        .unwrap_or(0);
    on_path[id.0] = false;
    memo[id.0] = Some(deepest + 1);
    deepest + 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Docs, Field, FieldDefault, Ident, Ty, TypeDef, TypeKind};

    /// A struct whose one optional field holds `inner`.
    fn wrapper(name: &str, inner: Option<usize>) -> TypeDef {
        let fields = inner
            .map(|i| Field {
                name: Ident::new("n"),
                wire: "n".into(),
                ty: Ty::Option(Box::new(Ty::Named(TypeId(i)))),
                required: false,
                default: FieldDefault::None,
                docs: Docs::default(),
                deprecated: false,
            })
            .into_iter()
            .collect();
        TypeDef {
            name: name.into(),
            docs: Docs::default(),
            kind: TypeKind::Struct {
                fields,
                flattened: Vec::new(),
                additional: None,
            },
        }
    }

    fn chain(levels: usize) -> Api {
        Api {
            title: String::new(),
            version: String::new(),
            description: None,
            source: String::new(),
            default_base_url: None,
            types: (0..levels)
                .map(|i| wrapper(&format!("N{i}"), i.checked_sub(1)))
                .collect(),
            operations: Vec::new(),
            security_schemes: Vec::new(),
            uses_base64: false,
            lock_keys: Vec::new(),
            recursion_limit: None,
        }
    }

    #[test]
    fn the_limit_is_raised_only_for_deep_chains() {
        assert_eq!(nesting_depth(&chain(3)), 3);
        assert_eq!(recursion_limit(&chain(3)), None);
        assert_eq!(recursion_limit(&chain(32)), None);
        assert_eq!(recursion_limit(&chain(100)), Some(512));
        let mut cyclic = chain(2);
        cyclic.types[0] = wrapper("N0", Some(1));
        assert_eq!(nesting_depth(&cyclic), 2);
    }
}
