//! Unions and discriminators: `oneOf`/`anyOf` with several members become an
//! internally tagged enum when a usable discriminator exists, else an
//! untagged enum whose members are ranked so serde tries the narrow ones first.

use super::json::{doc_text, last_token, single_string, str_field, string_ty};
use super::naming::{Hint, Slot};
use super::tags::TagDrop;
use super::Lowerer;
use crate::ir::*;
use crate::names::{pascal, Scope};
use crate::resolve::Loc;
use serde_json::Value;
use std::collections::BTreeSet;

impl Lowerer<'_> {
    /// A Rust name for an inline union member, from its title, a tag-like
    /// single-value property, or its type.
    pub(super) fn member_name(&self, member: &Value) -> String {
        if let Some(title) = str_field(member, "title") {
            return pascal(title, "Variant");
        }
        if let Some(Value::Object(props)) = member.get("properties") {
            for prop in props.values() {
                if let Some(v) = single_string(self.deref_value(prop)) {
                    return pascal(&v, "Variant");
                }
            }
        }
        let ty = match member.get("type") {
            Some(Value::String(t)) => t.as_str(),
            _ if member.get("properties").is_some() => "object",
            _ => "",
        };
        match (ty, str_field(member, "format")) {
            // Byte and binary members keep the name `String` they have always
            // had, so regenerating does not rename public variants.
            ("string", format) => match string_ty(format) {
                Ty::Uuid => "Uuid".to_string(),
                Ty::DateTime => "DateTime".to_string(),
                Ty::Date => "Date".to_string(),
                _ if member.get("enum").is_some() => "Enum".to_string(),
                _ => "String".to_string(),
            },
            ("integer", _) => "Integer".to_string(),
            ("number", _) => "Number".to_string(),
            ("boolean", _) => "Boolean".to_string(),
            ("array", _) => "Array".to_string(),
            ("object", _) => "Object".to_string(),
            _ => "Variant".to_string(),
        }
    }

    /// How narrowly an object schema matches: its required properties plus its
    /// properties that admit a single value (through `allOf` too).
    pub(super) fn specificity(&self, loc: &Loc) -> usize {
        let mut parts = Vec::new();
        self.all_of_parts(loc, &mut parts);
        parts
            .iter()
            .filter_map(|p| self.spec.get(p))
            .map(|v| {
                let required = v
                    .get("required")
                    .and_then(Value::as_array)
                    .map_or(0, Vec::len);
                let constants = v
                    .get("properties")
                    .and_then(Value::as_object)
                    .map_or(0, |props| {
                        props
                            .values()
                            .filter(|p| single_string(self.deref_value(p)).is_some())
                            .count()
                    });
                required + constants
            })
            .sum()
    }

    /// `oneOf`/`anyOf` with several members: an internally tagged enum when a
    /// `discriminator` names a property every member has, else an untagged enum.
    pub(super) fn lower_union(&mut self, loc: &Loc, key: &str, live: &[usize], hint: &Hint) -> Ty {
        let value = self.value_at(loc);
        let (id, name) = match self.reuse_or_allocate(hint, value.to_string(), loc) {
            Slot::Existing(id) => return Ty::Named(id),
            Slot::New(id, name) => (id, name),
        };
        let discriminator = value.get("discriminator");
        let mut tag = discriminator
            .and_then(|d| str_field(d, "propertyName"))
            .map(str::to_string);
        let mapping = self.discriminator_mapping(loc, discriminator);

        // The catch-all is always `Unknown`, so code matching on it survives a
        // spec that adds a value spelled "Unknown" (that value gets `Unknown2`).
        let mut scope = Scope::with_reserved(&["Unknown"]);
        let mut variants = Vec::new();
        let mut members_are_objects = true;
        let mut specificity = Vec::new();
        let mut tagged_ids = Vec::new();
        for &i in live {
            let mloc = loc.child(key).child(&i.to_string());
            let union = UnionCtx {
                name: &name,
                tag: tag.as_deref(),
                mapping: &mapping,
            };
            let member = self.lower_member(union, &mloc, &mut scope);
            members_are_objects &= member.is_object;
            tagged_ids.extend(member.named);
            specificity.push(member.specificity);
            variants.push(member.variant);
        }
        let all_tags: Vec<&str> = variants
            .iter()
            .flat_map(|v| v.tag_value.iter().chain(v.nested_tags.iter().flatten()))
            .map(String::as_str)
            .collect();
        let tag_values: BTreeSet<&str> = all_tags.iter().copied().collect();
        let tag_usable = members_are_objects
            && variants.iter().all(|v| v.tag_value.is_some())
            && tag_values.len() == all_tags.len()
            && tagged_ids.len() == variants.len();
        if tag.is_some() && !tag_usable {
            let msg = "the discriminator cannot be used (members are not all objects with distinct tags); decoding tries each member in turn";
            self.diags
                .push(self.spec.warning(&loc.child("discriminator"), msg));
            tag = None;
        }
        if let Some(t) = &tag {
            for (index, member_id) in tagged_ids.into_iter().enumerate() {
                self.tag_drops.push(TagDrop {
                    union: id,
                    variant: index,
                    member: member_id,
                    tag: t.clone(),
                });
            }
        } else {
            let (merged, specificity) = merge_same_type(variants, specificity);
            variants = rank_untagged(merged, specificity);
            for v in variants.iter_mut() {
                v.tag_value = None;
                v.nested_tags = None;
            }
        }
        let unknown = "Unknown".to_string();
        self.define_schema(
            id,
            name,
            loc,
            value,
            hint,
            TypeKind::Union {
                variants,
                tag,
                unknown,
            },
        )
    }

    /// The discriminator's explicit `mapping`: tag value → the member schema
    /// it names (followed), if the reference or bare schema name resolves.
    fn discriminator_mapping(
        &self,
        loc: &Loc,
        discriminator: Option<&Value>,
    ) -> Vec<(String, Option<Loc>)> {
        match discriminator.and_then(|d| d.get("mapping")) {
            Some(Value::Object(m)) => m
                .iter()
                .filter_map(|(k, v)| {
                    let r = v.as_str()?;
                    // A value without `#` or `/` is a bare schema name
                    // (`chat: ScopeChat`), which OpenAPI allows beside a reference.
                    let bare;
                    let r = if r.contains(['#', '/']) {
                        r
                    } else {
                        bare = format!("#/components/schemas/{}", escape_token(r));
                        &bare
                    };
                    let target = self.spec.target(loc, r).and_then(|t| self.spec.follow(&t));
                    Some((k.clone(), target))
                })
                .collect(),
            _ => Vec::new(),
        }
    }

    /// Lowers the member at `mloc` of `union` into a variant named in `scope`.
    fn lower_member(&mut self, union: UnionCtx<'_>, mloc: &Loc, scope: &mut Scope) -> Member {
        let UnionCtx { name, tag, mapping } = union;
        let member = self.value_at(mloc);
        let followed_loc = self.spec.follow(mloc);
        let followed = match &followed_loc {
            Some(l) => self.value_at(l),
            None => &super::NULL,
        };
        let is_ref = member.get("$ref").is_some();
        // A member that is itself a union is selected by its members' tags.
        let mut nested = match (tag, &followed_loc) {
            (Some(t), Some(l)) => {
                Some(self.nested_tag_values(l, t, mapping, 0)).filter(|tags| !tags.is_empty())
            }
            _ => None,
        };
        let nested_first = nested.as_mut().map(|tags| tags.remove(0));
        // The tag value: the mapping's, else the member's constant tag
        // property, else (for a reference) the referenced schema's name.
        let tag_value = nested_first.clone().or_else(|| {
            tag.and_then(|t| {
                mapping
                    .iter()
                    .find(|(_, target)| target.is_some() && *target == followed_loc)
                    .map(|(k, _)| k.clone())
                    .or_else(|| {
                        let prop = followed.get("properties").and_then(|p| p.get(t))?;
                        single_string(self.deref_value(prop))
                    })
                    .or_else(|| followed_loc.as_ref().filter(|_| is_ref).map(last_token))
            })
        });
        let base = match (&tag_value, is_ref) {
            (Some(_), true) if nested.is_some() => pascal(
                &followed_loc.as_ref().map(last_token).unwrap_or_default(),
                "Variant",
            ),
            (Some(tv), _) => pascal(tv, "Variant"),
            (None, true) => pascal(
                &followed_loc.as_ref().map(last_token).unwrap_or_default(),
                "Variant",
            ),
            (None, false) => self.member_name(followed),
        };
        let variant_name = scope.claim(&base);
        let member_hint = Hint::new(
            format!("{name}{variant_name}"),
            format!("The `{variant_name}` variant of `{name}`."),
        );
        let ty = self.lower(mloc, &member_hint);
        let named = match &ty {
            Ty::Named(member_id) => Some(*member_id),
            _ => None,
        };
        let docs = Docs {
            text: doc_text(member, &["title", "description"]),
            source: self.spec.describe(mloc),
            deprecated: None,
        };
        Member {
            is_object: nested.is_some()
                || followed_loc
                    .as_ref()
                    .is_some_and(|l| self.is_object_like(l)),
            named,
            specificity: followed_loc.as_ref().map_or(0, |l| self.specificity(l)),
            variant: UnionVariant {
                name: variant_name,
                ty,
                tag_value,
                nested_tags: nested,
                docs,
            },
        }
    }

    /// The tag values selecting a member that is itself a `oneOf`/`anyOf`:
    /// the mapping's entries naming it or one of its members (at any depth),
    /// and the values its members' tag property lists. Empty when `loc` is
    /// not such a union, or when nothing says which values select it.
    fn nested_tag_values(
        &self,
        loc: &Loc,
        tag: &str,
        mapping: &[(String, Option<Loc>)],
        depth: usize,
    ) -> Vec<String> {
        let Some(value) = self.spec.get(loc) else {
            return Vec::new();
        };
        let key = ["oneOf", "anyOf"].into_iter().find(|k| {
            value
                .get(*k)
                .and_then(Value::as_array)
                .is_some_and(|a| a.len() > 1)
        });
        // A union beside properties is an object with a flattened union.
        let (Some(key), None, true) = (key, value.get("properties"), depth < 4) else {
            return Vec::new();
        };
        let named = |l: &Loc| {
            mapping
                .iter()
                .filter(|(_, t)| t.as_ref() == Some(l))
                .map(|(k, _)| k.clone())
                .collect::<Vec<_>>()
        };
        let mut out = named(loc);
        let count = value[key].as_array().map_or(0, Vec::len);
        for i in 0..count {
            let Some(m) = self.spec.follow(&loc.child(key).child(&i.to_string())) else {
                continue;
            };
            let inner = self.nested_tag_values(&m, tag, mapping, depth + 1);
            if !inner.is_empty() {
                out.extend(inner);
                continue;
            }
            out.extend(named(&m));
            let prop = self
                .spec
                .get(&m)
                .and_then(|v| v.get("properties"))
                .and_then(|p| p.get(tag))
                .map(|p| self.deref_value(p));
            if let Some(prop) = prop {
                out.extend(single_string(prop));
                let listed = prop.get("enum").and_then(Value::as_array);
                out.extend(
                    listed
                        .into_iter()
                        .flatten()
                        .filter_map(|v| v.as_str().map(str::to_string)),
                );
            }
        }
        let mut seen = BTreeSet::new();
        out.retain(|t| seen.insert(t.clone()));
        out
    }
}

/// A JSON pointer token for `name` (RFC 6901: `~` and `/` escaped).
fn escape_token(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

/// Where an untagged union member goes, given that serde takes the first one
/// that decodes: narrow scalars (UUIDs, dates, integers) before the wider ones
/// that would also accept their values (strings, floats), and `Value` and maps last.
pub(super) fn catch_all_rank(ty: &Ty) -> u8 {
    match ty {
        Ty::Uuid | Ty::DateTime | Ty::Date | Ty::Int(_) | Ty::Base64 => 0,
        Ty::String | Ty::F32 | Ty::F64 => 1,
        Ty::Map(_) => 2,
        Ty::Value => 3,
        _ => 0,
    }
}

/// One lowered union member and what the union needs to know about it.
struct Member {
    /// Whether its schema describes an object (a tag needs all members to be).
    is_object: bool,
    /// Its named type, if it has one (a tag is taken out of named structs).
    named: Option<TypeId>,
    /// How narrowly it matches (see [`Lowerer::specificity`]).
    specificity: usize,
    /// The variant itself.
    variant: UnionVariant,
}

/// Untagged variants in the order serde should try them: it takes the first
/// that decodes, so members with more required or constant properties
/// (`specificity`, one per variant) go first (an all-optional struct would
/// match almost anything), and catch-alls last. The sort is stable, so ties
/// keep spec order.
fn rank_untagged(variants: Vec<UnionVariant>, specificity: Vec<usize>) -> Vec<UnionVariant> {
    let mut ranked: Vec<(usize, UnionVariant)> = specificity.into_iter().zip(variants).collect();
    ranked.sort_by_key(|(spec, v)| (catch_all_rank(&v.ty), std::cmp::Reverse(*spec)));
    ranked.into_iter().map(|(_, v)| v).collect()
}

/// Untagged members of the same Rust type (`oneOf` of two strings that
/// differ in `format` or `pattern`) become one variant: the second could
/// never be chosen, and `String`/`String2` would claim a difference that
/// decoding cannot see. The variant keeps the first member's name and notes
/// the others.
fn merge_same_type(
    variants: Vec<UnionVariant>,
    specificity: Vec<usize>,
) -> (Vec<UnionVariant>, Vec<usize>) {
    let mut kept: Vec<UnionVariant> = Vec::new();
    let mut kept_spec = Vec::new();
    for (v, spec) in variants.into_iter().zip(specificity) {
        if let Some(first) = kept.iter_mut().find(|k| k.ty == v.ty) {
            let note = format!(
                "Also `{}`, which has the same Rust type and so decodes the same values.",
                v.docs.source
            );
            first.docs.text = Some(match first.docs.text.take() {
                Some(text) => format!("{text}\n\n{note}"),
                None => note,
            });
            continue;
        }
        kept.push(v);
        kept_spec.push(spec);
    }
    (kept, kept_spec)
}

/// What lowering one member needs to know about its union.
#[derive(Clone, Copy)]
struct UnionCtx<'u> {
    /// The union's type name, the prefix of inline member names.
    name: &'u str,
    /// The discriminator's property, while it may still be used.
    tag: Option<&'u str>,
    /// The discriminator's explicit tag value → member mapping.
    mapping: &'u [(String, Option<Loc>)],
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An untagged variant.
    fn variant(name: &str, ty: Ty) -> UnionVariant {
        UnionVariant {
            name: name.to_string(),
            ty,
            tag_value: None,
            nested_tags: None,
            docs: Docs::default(),
        }
    }

    /// The variant names in ranked order.
    fn order(variants: Vec<UnionVariant>, specificity: Vec<usize>) -> Vec<String> {
        rank_untagged(variants, specificity)
            .into_iter()
            .map(|v| v.name)
            .collect()
    }

    #[test]
    fn narrow_scalars_go_before_the_wide_ones_that_accept_them() {
        let variants = vec![
            variant("Any", Ty::Value),
            variant("Map", Ty::Map(Box::new(Ty::Value))),
            variant("Text", Ty::String),
            variant("Id", Ty::Uuid),
            variant("Float", Ty::F64),
            variant("Int", Ty::Int(IntTy::I64)),
        ];
        assert_eq!(
            order(variants, vec![0; 6]),
            ["Id", "Int", "Text", "Float", "Map", "Any"]
        );
    }

    #[test]
    fn more_specific_objects_go_first_and_ties_keep_spec_order() {
        let variants = vec![
            variant("Loose", Ty::Named(TypeId(0))),
            variant("Strict", Ty::Named(TypeId(1))),
            variant("AlsoLoose", Ty::Named(TypeId(2))),
            variant("Fallback", Ty::Value),
        ];
        assert_eq!(
            order(variants, vec![1, 3, 1, 9]),
            ["Strict", "Loose", "AlsoLoose", "Fallback"]
        );
    }

    #[test]
    fn members_of_the_same_rust_type_are_one_variant() {
        let variants = vec![
            variant("String", Ty::String),
            variant("Integer", Ty::Int(IntTy::I64)),
            variant("String2", Ty::String),
        ];
        let (merged, spec) = merge_same_type(variants, vec![0, 1, 2]);
        let names: Vec<&str> = merged.iter().map(|v| v.name.as_str()).collect();
        assert_eq!((names, spec), (vec!["String", "Integer"], vec![0, 1]));
        assert!(merged[0]
            .docs
            .text
            .as_deref()
            .unwrap_or("")
            .contains("same Rust type"));
    }

    #[test]
    fn catch_all_rank_orders_value_and_maps_last() {
        assert!(catch_all_rank(&Ty::Uuid) < catch_all_rank(&Ty::String));
        assert!(catch_all_rank(&Ty::Int(IntTy::U8)) < catch_all_rank(&Ty::F32));
        assert!(catch_all_rank(&Ty::String) < catch_all_rank(&Ty::Map(Box::new(Ty::Value))));
        assert!(catch_all_rank(&Ty::Map(Box::new(Ty::Value))) < catch_all_rank(&Ty::Value));
    }
}
