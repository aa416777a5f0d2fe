//! The tag-separation post-pass: internally tagged unions write their tag
//! themselves, so their member structs must not carry it as a field. Runs
//! after the defaults pass (see [`DefaultsResolved`]).

use super::defaults::DefaultsResolved;
use crate::ir::*;
use crate::names::Scope;
use std::collections::{BTreeSet, HashMap};

/// A tag property to take out of a member of an internally tagged union,
/// recorded when the union is lowered.
pub(super) struct TagDrop {
    /// The tagged union.
    pub(super) union: TypeId,
    /// The index of the member's variant in the union.
    pub(super) variant: usize,
    /// The member's struct.
    pub(super) member: TypeId,
    /// The tag property's wire name.
    pub(super) tag: String,
}

/// Takes the tag property out of the members of internally tagged unions
/// (serde writes and reads the tag itself). A member that is also used on
/// its own keeps its tag there: the union then carries a copy of it without
/// the tag (`AnyPetCat`), so a `Cat` sent alone still says what it is.
/// New copies are appended to `types` and named in `type_scope`.
pub(super) fn separate_tags(
    types: &mut Vec<Option<TypeDef>>,
    type_scope: &mut Scope,
    drops: Vec<TagDrop>,
    operations: &[Operation],
    _after: DefaultsResolved,
) {
    let uses = count_uses(types, operations);
    let mut as_member: HashMap<TypeId, usize> = HashMap::new();
    let mut tags_of: HashMap<TypeId, BTreeSet<String>> = HashMap::new();
    for drop in &drops {
        *as_member.entry(drop.member).or_default() += 1;
        tags_of
            .entry(drop.member)
            .or_default()
            .insert(drop.tag.clone());
    }
    for drop in drops {
        let member = drop.member;
        // A member of unions with different tags needs a copy per union:
        // each may drop only its own tag.
        let standalone = uses.get(&member).copied().unwrap_or(0)
            > as_member.get(&member).copied().unwrap_or(0)
            || tags_of.get(&member).is_some_and(|t| t.len() > 1);
        let Some(Some(def)) = types.get(member.0) else {
            continue;
        };
        let TypeKind::Struct { fields, .. } = &def.kind else {
            continue;
        };
        let kept: Vec<Field> = fields
            .iter()
            .filter(|f| f.wire != drop.tag)
            .cloned()
            .collect();
        if standalone {
            add_untagged_copy(types, type_scope, &drop, kept);
        } else if let Some(Some(TypeDef {
            kind: TypeKind::Struct { fields, .. },
            ..
        })) = types.get_mut(member.0)
        {
            *fields = kept;
        }
    }
}

/// Appends a copy of `drop.member` with only the `kept` fields, and points
/// the union's variant at it.
fn add_untagged_copy(
    types: &mut Vec<Option<TypeDef>>,
    type_scope: &mut Scope,
    drop: &TagDrop,
    kept: Vec<Field>,
) {
    let Some(Some(def)) = types.get(drop.member.0) else {
        return;
    };
    let TypeKind::Struct {
        flattened,
        additional,
        ..
    } = &def.kind
    else {
        return;
    };
    let member_name = def.name.clone();
    let (flattened, additional) = (flattened.clone(), additional.clone());
    let Some(Some(union)) = types.get(drop.union.0) else {
        return;
    };
    let TypeKind::Union { variants, .. } = &union.kind else {
        return;
    };
    let variant_name = variants[drop.variant].name.clone();
    let name = type_scope.claim(&format!("{}{}", union.name, variant_name));
    let docs = Docs {
        text: Some(format!(
            "[`{member_name}`] without its `{}` tag, as carried inside [`{}`], which writes the tag itself.",
            drop.tag, union.name
        )),
        source: def.docs.source.clone(),
        deprecated: None,
    };
    let copy = TypeId(types.len());
    types.push(Some(TypeDef {
        name,
        docs,
        kind: TypeKind::Struct {
            fields: kept,
            flattened,
            additional,
        },
    }));
    if let Some(Some(TypeDef {
        kind: TypeKind::Union { variants, .. },
        ..
    })) = types.get_mut(drop.union.0)
    {
        variants[drop.variant].ty = Ty::Named(copy);
    }
}

/// How many times each named type is mentioned, by types and operations.
fn count_uses(types: &[Option<TypeDef>], operations: &[Operation]) -> HashMap<TypeId, usize> {
    let mut mentions: Vec<TypeId> = types.iter().flatten().flat_map(TypeDef::children).collect();
    for op in operations {
        op.params
            .iter()
            .for_each(|p| p.ty.collect_named(&mut mentions));
        op.body
            .iter()
            .for_each(|b| b.ty.collect_named(&mut mentions));
        op.success.ty.collect_named(&mut mentions);
    }
    let mut uses: HashMap<TypeId, usize> = HashMap::new();
    for id in mentions {
        *uses.entry(id).or_default() += 1;
    }
    uses
}
