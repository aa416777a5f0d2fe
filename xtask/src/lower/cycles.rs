//! The cycle-breaking post-pass on the finished [`Api`]: turns one alias on
//! every cycle of aliases into a newtype (Rust cannot expand
//! `type Tree = BTreeMap<String, Tree>`), then boxes the fields that make a
//! type contain itself.

use crate::ir::*;

/// Makes one alias on each cycle that passes only through aliases a
/// [`TypeKind::Newtype`]: an alias is expanded where it is used, so a cycle
/// of them never ends (rustc's E0391), whatever containers it goes
/// through. A newtype is a real type, so the cycle stops there. The alias
/// chosen is the first in arena order on the cycle, so the choice is
/// deterministic; the rest stay aliases.
pub(super) fn break_alias_cycles(api: &mut Api) {
    loop {
        let alias_edges: Vec<Vec<TypeId>> = api
            .types
            .iter()
            .map(|t| match &t.kind {
                TypeKind::Alias(ty) => {
                    let mut out = Vec::new();
                    mentioned(ty, &mut out);
                    out.retain(|id| matches!(api.types[id.0].kind, TypeKind::Alias(_)));
                    out
                }
                _ => Vec::new(),
            })
            .collect();
        let on_cycle = (0..api.types.len()).find(|&i| reaches(&alias_edges, &alias_edges[i], i));
        let Some(i) = on_cycle else {
            return;
        };
        if let TypeKind::Alias(ty) = &api.types[i].kind {
            api.types[i].kind = TypeKind::Newtype(ty.clone());
        }
    }
}

/// Every named type `ty` mentions, through any container.
fn mentioned(ty: &Ty, out: &mut Vec<TypeId>) {
    match ty {
        Ty::Named(id) => out.push(*id),
        Ty::Vec(t) | Ty::Map(t) | Ty::Option(t) | Ty::Boxed(t) => mentioned(t, out),
        _ => {}
    }
}

/// Whether following `edges` from `start` arrives at `target`.
fn reaches(edges: &[Vec<TypeId>], start: &[TypeId], target: usize) -> bool {
    let mut stack = start.to_vec();
    let mut seen = vec![false; edges.len()];
    while let Some(t) = stack.pop() {
        if t.0 == target {
            return true;
        }
        if std::mem::replace(&mut seen[t.0], true) {
            continue;
        }
        stack.extend(edges[t.0].iter().copied());
    }
    false
}

/// Boxes struct fields that would make a type contain itself (directly or
/// through `Option` and other structs), so recursive schemas compile. `Vec` and
/// maps already allocate, so they break cycles without a `Box`.
pub(super) fn break_cycles(api: &mut Api) {
    /// The named types `ty` stores inline (through `Option`, not `Vec` or maps).
    fn direct(ty: &Ty, out: &mut Vec<TypeId>) {
        match ty {
            Ty::Named(id) => out.push(*id),
            Ty::Option(inner) => direct(inner, out),
            _ => {}
        }
    }
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
    let mut boxes = Vec::new();
    for (i, t) in api.types.iter().enumerate() {
        for (slot, ty) in slots(&t.kind).into_iter().enumerate() {
            let mut targets = Vec::new();
            direct(ty, &mut targets);
            if reaches(&edges, &targets, i) {
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
pub(super) fn slots(kind: &TypeKind) -> Vec<&Ty> {
    match kind {
        TypeKind::Struct {
            fields, flattened, ..
        } => fields
            .iter()
            .map(|f| &f.ty)
            .chain(flattened.iter().map(|f| &f.ty))
            .collect(),
        TypeKind::Union { variants, .. } => variants.iter().map(|v| &v.ty).collect(),
        TypeKind::Newtype(ty) => vec![ty],
        TypeKind::Tuple { items, rest } => items.iter().chain(rest).collect(),
        _ => Vec::new(),
    }
}

/// [`slots`], mutably, in the same order.
pub(super) fn slots_mut(kind: &mut TypeKind) -> Vec<&mut Ty> {
    match kind {
        TypeKind::Struct {
            fields, flattened, ..
        } => fields
            .iter_mut()
            .map(|f| &mut f.ty)
            .chain(flattened.iter_mut().map(|f| &mut f.ty))
            .collect(),
        TypeKind::Union { variants, .. } => variants.iter_mut().map(|v| &mut v.ty).collect(),
        TypeKind::Newtype(ty) => vec![ty],
        TypeKind::Tuple { items, rest } => items.iter_mut().chain(rest).collect(),
        _ => Vec::new(),
    }
}

/// `ty` with its named type boxed (inside an `Option`, if any).
pub(super) fn box_named(ty: Ty) -> Ty {
    match ty {
        Ty::Option(inner) => Ty::Option(Box::new(box_named(*inner))),
        named @ Ty::Named(_) => Ty::Boxed(Box::new(named)),
        other => other,
    }
}
