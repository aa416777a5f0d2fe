//! The cycle-breaking post-pass: boxes the fields that make a type contain
//! itself, on the finished [`Api`].

use crate::ir::*;

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
