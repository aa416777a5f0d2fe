//! The defaults post-pass: a property's `default:` is matched to its field's
//! type once every type exists (a referenced component may be lowered later
//! than the struct that uses it).

use super::int_bounds;
use crate::diag::Diagnostics;
use crate::ir::*;
use crate::resolve::{Loc, Spec};
use serde_json::Value;

/// A property's `default:`, recorded while its struct is lowered.
pub(super) struct PendingDefault {
    /// The struct the field belongs to.
    pub(super) owner: TypeId,
    /// The field's index in the struct (valid until tags are separated).
    pub(super) field: usize,
    /// The property schema, for the warning when the default does not fit.
    pub(super) loc: Loc,
    /// The default, as the spec wrote it.
    pub(super) value: Value,
}

/// Proof that the defaults pass has run; the tag-separation pass demands it,
/// because it removes fields and would invalidate [`PendingDefault::field`].
pub(super) struct DefaultsResolved(());

/// Matches every recorded `default:` to its field's type, now that all
/// types exist; a default that does not fit is dropped with a warning (and
/// the field becomes optional, as it would have been without a default).
pub(super) fn resolve_defaults(
    types: &mut [Option<TypeDef>],
    pending: Vec<PendingDefault>,
    spec: &Spec,
    diags: &mut Diagnostics,
) -> DefaultsResolved {
    // Object defaults last: checking one reads the defaults of the fields it
    // leaves out, which the others (scalars, lists) set first.
    let mut pending = pending;
    pending.sort_by_key(|p| p.value.is_object());
    for PendingDefault {
        owner,
        field,
        loc,
        value,
    } in pending
    {
        let Some(Some(TypeDef {
            kind: TypeKind::Struct { fields, .. },
            ..
        })) = types.get(owner.0)
        else {
            continue;
        };
        let Some(current) = fields.get(field) else {
            continue;
        };
        let (ty, required) = (current.ty.clone(), current.required);
        let default = match field_default(types, &value, &ty) {
            Some(default) => default,
            None => {
                let msg = match struct_misfit(types, &value, &ty) {
                    Some(why) => format!(
                        "`default: {value}` does not fit this field's type: {why}; the field is optional instead"
                    ),
                    None => format!(
                        "`default: {value}` cannot be expressed for this field's type (or does not fit it); the field is optional instead"
                    ),
                };
                diags.push(spec.warning(&loc.child("default"), msg));
                FieldDefault::None
            }
        };
        if let Some(Some(TypeDef {
            kind: TypeKind::Struct { fields, .. },
            ..
        })) = types.get_mut(owner.0)
        {
            let slot = &mut fields[field];
            if default == FieldDefault::None && !required {
                slot.ty = ty.optional();
            }
            slot.default = default;
        }
    }
    DefaultsResolved(())
}

/// The default for a field of type `ty`, or `None` if it does not fit.
fn field_default(types: &[Option<TypeDef>], default: &Value, ty: &Ty) -> Option<FieldDefault> {
    let empty = matches!(default, Value::Array(a) if a.is_empty())
        || matches!(default, Value::Object(o) if o.is_empty());
    if empty && matches!(ty, Ty::Vec(_) | Ty::Map(_)) {
        return Some(FieldDefault::Empty);
    }
    literal(types, default, ty).map(|literal| FieldDefault::Value {
        json: default.clone(),
        literal,
    })
}

/// The Rust literal for JSON `v` as a value of `ty`, if it fits.
fn literal(types: &[Option<TypeDef>], v: &Value, ty: &Ty) -> Option<Literal> {
    Some(match (ty, v) {
        // Maps (and lists of anything) decode from the JSON text at run
        // time, falling back to empty if the spec's value does not fit.
        (Ty::Map(_), Value::Object(_)) => Literal::Decode(v.to_string()),
        (Ty::Vec(inner), Value::Array(items))
            if items.iter().any(|i| literal(types, i, inner).is_none()) =>
        {
            Literal::Decode(v.to_string())
        }
        (Ty::Bool, Value::Bool(b)) => Literal::Bool(*b),
        (Ty::Int(int), Value::Number(n)) => {
            let i = n
                .as_i64()
                .map(i128::from)
                .or_else(|| n.as_u64().map(i128::from))?;
            let (min, max) = int_bounds(*int);
            if i < min || i > max {
                return None;
            }
            Literal::Int(i)
        }
        (Ty::F32 | Ty::F64, Value::Number(n)) => Literal::Float(n.as_f64()?),
        (Ty::String, Value::String(s)) => Literal::Str(s.clone()),
        // Checked here, so the run-time parse cannot fall back to the type's `Default`.
        (Ty::Uuid | Ty::Date | Ty::DateTime, Value::String(s)) if well_formed(ty, s) => {
            Literal::Decode(v.to_string())
        }
        (Ty::Value, v) => Literal::Json(v.clone()),
        (Ty::Option(inner), v) => Literal::Some(Box::new(literal(types, v, inner)?)),
        (Ty::Vec(inner), Value::Array(items)) => Literal::Vec(
            items
                .iter()
                .map(|i| literal(types, i, inner))
                .collect::<Option<Vec<_>>>()?,
        ),
        (Ty::Named(id), v) => {
            let def = types.get(id.0)?.as_ref()?;
            let s = v.as_str().unwrap_or_default();
            match &def.kind {
                TypeKind::StringEnum { variants, .. } if v.is_string() => {
                    let variant = variants.iter().find(|var| var.wire == s)?;
                    Literal::Variant {
                        ty: *id,
                        variant: variant.name.clone(),
                    }
                }
                TypeKind::Const { value, variant } if value == v => Literal::Variant {
                    ty: *id,
                    variant: variant.clone(),
                },
                TypeKind::IntEnum { variants, .. } => {
                    let wanted = v
                        .as_i64()
                        .map(i128::from)
                        .or_else(|| v.as_u64().map(i128::from))?;
                    let (variant, _) = variants.iter().find(|(_, n)| *n == wanted)?;
                    Literal::Variant {
                        ty: *id,
                        variant: variant.clone(),
                    }
                }
                TypeKind::Alias(inner) => literal(types, v, &inner.clone())?,
                TypeKind::Struct {
                    fields,
                    flattened,
                    additional,
                } if v.is_object() && flattened.is_empty() => {
                    struct_fits(types, v, fields, additional.as_ref())
                        .then(|| Literal::DecodeChecked(v.to_string()))?
                }
                TypeKind::Tuple { items, rest } => {
                    let values = v.as_array()?;
                    let fit = values.len() >= items.len()
                        && (rest.is_some() || values.len() == items.len())
                        && values.iter().enumerate().all(|(i, value)| {
                            items
                                .get(i)
                                .or(rest.as_ref())
                                .is_some_and(|t| fits(types, value, t))
                        });
                    fit.then(|| Literal::DecodeChecked(v.to_string()))?
                }
                TypeKind::Union {
                    variants,
                    tag: None,
                    ..
                } => variants.iter().find_map(|var| {
                    let inner = literal(types, v, &var.ty)?;
                    Some(Literal::Union {
                        ty: *id,
                        variant: var.name.clone(),
                        inner: Box::new(inner),
                    })
                })?,
                _ => return None,
            }
        }
        _ => return None,
    })
}

/// Whether object `v` decodes as a struct with these fields: every field
/// that must be present is, every value fits its field's type (or the type
/// of unknown keys, if they are kept). Unknown keys of a struct that does
/// not keep them are ignored, as when decoding.
fn struct_fits(
    types: &[Option<TypeDef>],
    v: &Value,
    fields: &[Field],
    additional: Option<&Ty>,
) -> bool {
    let Value::Object(object) = v else {
        return false;
    };
    let fields_fit = fields.iter().all(|f| match object.get(&f.wire) {
        Some(value) => fits(types, value, &f.ty),
        None => may_be_absent(f),
    });
    let extra_fit = object
        .iter()
        .filter(|(key, _)| !fields.iter().any(|f| &f.wire == *key))
        .all(|(_, value)| additional.is_none_or(|t| fits(types, value, t)));
    fields_fit && extra_fit
}

/// Whether a field may be missing when decoding: an `Option`, a field with
/// a default, or an optional `Value` (a required `Value` field has no
/// `#[serde(default)]`, so absent, it fails).
fn may_be_absent(f: &Field) -> bool {
    matches!(f.ty, Ty::Option(_))
        || (f.ty == Ty::Value && !f.required)
        || f.default != FieldDefault::None
}

/// Why object `v` does not decode as the struct `ty` is (a required field
/// it leaves out, or a value that does not fit its field), for the warning.
fn struct_misfit(types: &[Option<TypeDef>], v: &Value, ty: &Ty) -> Option<String> {
    let (Ty::Named(id), Value::Object(object)) = (ty, v) else {
        return None;
    };
    let Some(Some(TypeDef {
        kind: TypeKind::Struct {
            fields, flattened, ..
        },
        ..
    })) = types.get(id.0)
    else {
        return None;
    };
    if !flattened.is_empty() {
        return Some("its struct has `oneOf`/`anyOf` alternatives".to_string());
    }
    fields.iter().find_map(|f| match object.get(&f.wire) {
        Some(value) if !fits(types, value, &f.ty) => {
            Some(format!("`{}: {value}` does not fit its field", f.wire))
        }
        None if !may_be_absent(f) => Some(format!("it leaves out the required `{}`", f.wire)),
        _ => None,
    })
}

/// Whether JSON `v` decodes as `ty` (`null` as an `Option`, anything else as
/// [`literal`] can express it).
fn fits(types: &[Option<TypeDef>], v: &Value, ty: &Ty) -> bool {
    match (ty, v) {
        (Ty::Option(_), Value::Null) => true,
        (Ty::Option(inner) | Ty::Boxed(inner), v) => fits(types, v, inner),
        _ => literal(types, v, ty).is_some(),
    }
}

/// Whether `s` is a well-formed `uuid`, `date` (`YYYY-MM-DD`) or
/// `date-time` (RFC 3339) for `ty`, as the generated crate will parse it.
fn well_formed(ty: &Ty, s: &str) -> bool {
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    let date = |d: &str| {
        let p: Vec<&str> = d.split('-').collect();
        matches!(p.as_slice(), [y, m, day] if y.len() == 4 && m.len() == 2 && day.len() == 2
            && digits(y) && digits(m) && digits(day)
            && (1..=12).contains(&m.parse::<u8>().unwrap_or(0))
            && (1..=31).contains(&day.parse::<u8>().unwrap_or(0)))
    };
    let time = |t: &str| {
        let (clock, zone) = match t.find(['Z', 'z', '+', '-']) {
            Some(i) => t.split_at(i),
            None => return false,
        };
        let clock = clock.split('.').next().unwrap_or("");
        let hms: Vec<&str> = clock.split(':').collect();
        let zone_ok = matches!(zone, "Z" | "z")
            || (zone.len() == 6
                && zone.as_bytes()[3] == b':'
                && digits(&zone[1..3])
                && digits(&zone[4..]));
        zone_ok && hms.len() == 3 && hms.iter().all(|p| p.len() == 2 && digits(p))
    };
    match ty {
        Ty::Uuid => {
            s.len() == 36
                && s.char_indices().all(|(i, c)| match i {
                    8 | 13 | 18 | 23 => c == '-',
                    _ => c.is_ascii_hexdigit(),
                })
        }
        Ty::Date => date(s),
        Ty::DateTime => match s.split_once(['T', 't']) {
            Some((d, t)) => date(d) && time(t),
            None => false,
        },
        _ => false,
    }
}

/// Defaults in the types callers send become [`FieldDefault::Unsent`]: a
/// field that always held its default was always sent, so a partial update
/// (`PUT /lists/{id}` with only `title` set) also sent `replies_policy:
/// "list"` and reset a value the caller never touched. The field becomes an
/// `Option` that is sent exactly when set (even to the default), and the
/// emitted `<field>_or_default()` gives readers the documented value. Types
/// only received keep the plain field filled in by `#[serde(default)]`.
/// `Value` fields (their own `null` is "unset") keep their default.
pub(super) fn leave_defaults_unsent(api: &mut Api) {
    let directions = crate::summary::directions(api);
    for (def, direction) in api.types.iter_mut().zip(directions) {
        let TypeKind::Struct { fields, .. } = &mut def.kind else {
            continue;
        };
        if !direction.sent() {
            continue;
        }
        for f in fields
            .iter_mut()
            .filter(|f| !f.required && f.ty != Ty::Value)
        {
            let (json, literal) = match &f.default {
                FieldDefault::Value { json, literal } => (json.clone(), Some(literal.clone())),
                FieldDefault::Empty if matches!(f.ty, Ty::Map(_)) => {
                    (Value::Object(Default::default()), None)
                }
                FieldDefault::Empty => (Value::Array(Vec::new()), None),
                FieldDefault::None | FieldDefault::Unsent { .. } => continue,
            };
            f.ty = f.ty.clone().optional();
            f.default = FieldDefault::Unsent { json, literal };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_defaults_are_checked_before_they_are_kept() {
        assert!(well_formed(
            &Ty::Uuid,
            "123e4567-e89b-12d3-a456-426614174000"
        ));
        assert!(!well_formed(&Ty::Uuid, "123e4567e89b12d3a456426614174000"));
        assert!(well_formed(&Ty::Date, "2024-02-29"));
        assert!(!well_formed(&Ty::Date, "2024-13-01"));
        assert!(well_formed(&Ty::DateTime, "2024-01-02T03:04:05Z"));
        assert!(well_formed(&Ty::DateTime, "2024-01-02T03:04:05.5+02:00"));
        assert!(!well_formed(&Ty::DateTime, "2024-01-02 03:04:05"));
        assert!(!well_formed(&Ty::DateTime, "now"));
    }
}
