//! The tag-separation post-pass: internally tagged unions write their tag
//! themselves, so their member structs must not carry it as a field.

use super::Lowerer;
use crate::ir::*;
use std::collections::{BTreeSet, HashMap};

impl Lowerer<'_> {
    /// Takes the tag property out of the members of internally tagged unions
    /// (serde writes and reads the tag itself). A member that is also used on
    /// its own keeps its tag there: the union then carries a copy of it without
    /// the tag (`AnyPetCat`), so a `Cat` sent alone still says what it is.
    pub(super) fn separate_tags(&mut self, operations: &[Operation]) {
        let tagged = std::mem::take(&mut self.drop_tags);
        let mut uses: HashMap<TypeId, usize> = HashMap::new();
        let mut count = |ty: &Ty| visit_named(ty, &mut |id| *uses.entry(id).or_default() += 1);
        for def in self.types.iter().flatten() {
            match &def.kind {
                TypeKind::Struct { fields, additional } => {
                    fields.iter().for_each(|f| count(&f.ty));
                    additional.iter().for_each(&mut count);
                }
                TypeKind::Union { variants, .. } => variants.iter().for_each(|v| count(&v.ty)),
                TypeKind::StatusEnum { variants, .. } => variants
                    .iter()
                    .filter_map(|v| v.ty.as_ref())
                    .for_each(&mut count),
                TypeKind::Alias(ty) => count(ty),
                _ => {}
            }
        }
        for op in operations {
            op.params.iter().for_each(|p| count(&p.ty));
            op.body.iter().for_each(|b| count(&b.ty));
            count(&op.success.ty);
        }
        let mut as_member: HashMap<TypeId, usize> = HashMap::new();
        let mut tags_of: HashMap<TypeId, BTreeSet<String>> = HashMap::new();
        for (_, _, member, tag) in &tagged {
            *as_member.entry(*member).or_default() += 1;
            tags_of.entry(*member).or_default().insert(tag.clone());
        }
        for (union_id, index, member, tag) in tagged {
            // A member of unions with different tags needs a copy per union:
            // each may drop only its own tag.
            let standalone = uses.get(&member).copied().unwrap_or(0)
                > as_member.get(&member).copied().unwrap_or(0)
                || tags_of.get(&member).is_some_and(|t| t.len() > 1);
            let Some(Some(def)) = self.types.get(member.0) else {
                continue;
            };
            let TypeKind::Struct { fields, additional } = &def.kind else {
                continue;
            };
            let kept: Vec<Field> = fields.iter().filter(|f| f.wire != tag).cloned().collect();
            if !standalone {
                if let Some(Some(TypeDef {
                    kind: TypeKind::Struct { fields, .. },
                    ..
                })) = self.types.get_mut(member.0)
                {
                    *fields = kept;
                }
                continue;
            }
            let (member_name, additional) = (def.name.clone(), additional.clone());
            let Some(Some(union)) = self.types.get(union_id.0) else {
                continue;
            };
            let TypeKind::Union { variants, .. } = &union.kind else {
                continue;
            };
            let variant_name = variants[index].name.clone();
            let name = self
                .type_scope
                .claim(&format!("{}{}", union.name, variant_name));
            let docs = Docs {
                text: Some(format!("[`{member_name}`] without its `{tag}` tag, as carried inside [`{}`], which writes the tag itself.", union.name)),
                source: def.docs.source.clone(),
            };
            let copy = TypeId(self.types.len());
            self.types.push(Some(TypeDef {
                name,
                docs,
                kind: TypeKind::Struct {
                    fields: kept,
                    additional,
                },
            }));
            if let Some(Some(TypeDef {
                kind: TypeKind::Union { variants, .. },
                ..
            })) = self.types.get_mut(union_id.0)
            {
                variants[index].ty = Ty::Named(copy);
            }
        }
    }
}

/// Calls `f` with every named type `ty` mentions.
pub(super) fn visit_named(ty: &Ty, f: &mut impl FnMut(TypeId)) {
    match ty {
        Ty::Named(id) => f(*id),
        Ty::Vec(inner) | Ty::Map(inner) | Ty::Option(inner) | Ty::Boxed(inner) => {
            visit_named(inner, f)
        }
        _ => {}
    }
}
