//! The cycle-breaking post-pass on the finished [`Api`]: turns one alias on
//! every cycle of aliases into a newtype (Rust cannot expand
//! `type Tree = BTreeMap<String, Tree>`), then boxes the fields that make a
//! type contain itself.
//!
//! Both questions are "is this edge on a cycle", answered for every type at
//! once from the graph's strongly connected components ([`components`]), so
//! the pass stays linear in the number of types: asking it type by type with
//! a search each was quadratic (0.2% of generation at 1,000 operations,
//! growing 17× for 4× the operations).

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
        let component = components(&alias_edges);
        let on_cycle = (0..api.types.len()).find(|&i| {
            alias_edges[i]
                .iter()
                .any(|t| component[t.0] == component[i])
        });
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

/// The strongly connected component of each node of the graph `edges`
/// (Tarjan's algorithm, iterative so long chains of types cannot exhaust the
/// stack): two nodes share a component exactly when each reaches the other,
/// so an edge `a → b` is on a cycle exactly when `a` and `b` share one.
fn components(edges: &[Vec<TypeId>]) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let n = edges.len();
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut component = vec![UNSEEN; n];
    let mut stack = Vec::new();
    let mut next_index = 0;
    let mut next_component = 0;
    // The search path: each node with how many of its edges it has followed.
    let mut path: Vec<(usize, usize)> = Vec::new();
    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        index[root] = next_index;
        low[root] = next_index;
        next_index += 1;
        stack.push(root);
        on_stack[root] = true;
        path.push((root, 0));
        while let Some((v, followed)) = path.last_mut() {
            let v = *v;
            if let Some(w) = edges[v].get(*followed).map(|t| t.0) {
                *followed += 1;
                if index[w] == UNSEEN {
                    index[w] = next_index;
                    low[w] = next_index;
                    next_index += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    path.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            path.pop();
            if let Some(&(parent, _)) = path.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component[w] = next_component;
                    if w == v {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
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
    let component = components(&edges);
    let mut boxes = Vec::new();
    for (i, t) in api.types.iter().enumerate() {
        for (slot, ty) in slots(&t.kind).into_iter().enumerate() {
            let mut targets = Vec::new();
            direct(ty, &mut targets);
            // `i → target` is an edge, so it closes a cycle exactly when the
            // target reaches `i` back: when they share a component.
            if targets.iter().any(|t| component[t.0] == component[i]) {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether `to` can be reached from `from` by a search (the definition
    /// the components must agree with).
    fn reaches(edges: &[Vec<TypeId>], from: usize, to: usize) -> bool {
        let mut stack = vec![from];
        let mut seen = vec![false; edges.len()];
        while let Some(t) = stack.pop() {
            if t == to {
                return true;
            }
            if !std::mem::replace(&mut seen[t], true) {
                stack.extend(edges[t].iter().map(|t| t.0));
            }
        }
        false
    }

    #[test]
    fn components_agree_with_reachability() {
        let graphs: Vec<Vec<Vec<usize>>> = vec![
            vec![],
            vec![vec![0]],
            vec![vec![1], vec![2], vec![0], vec![2]],
            vec![vec![1, 3], vec![2], vec![1], vec![4], vec![3, 0], vec![]],
            vec![vec![], vec![0, 1], vec![1, 3], vec![2]],
            // A long chain closed at the end: one component.
            (0..2000).map(|i| vec![(i + 1) % 2000]).collect(),
            // A long open chain: every node alone.
            (0..2000)
                .map(|i| if i + 1 < 2000 { vec![i + 1] } else { vec![] })
                .collect(),
        ];
        for graph in graphs {
            let edges: Vec<Vec<TypeId>> = graph
                .iter()
                .map(|out| out.iter().map(|&t| TypeId(t)).collect())
                .collect();
            let component = components(&edges);
            let n = edges.len().min(40);
            for a in 0..n {
                for b in 0..n {
                    let mutual = reaches(&edges, a, b) && reaches(&edges, b, a);
                    assert_eq!(component[a] == component[b], mutual, "{a} and {b}");
                }
            }
        }
    }
}
