//! The defaults post-pass: a property's `default:` is matched to its field's
//! type once every type exists (a referenced component may be lowered later
//! than the struct that uses it).

use super::int_bounds;
use super::Lowerer;
use crate::ir::*;
use crate::resolve::Loc;
use serde_json::Value;

impl Lowerer<'_> {
    /// Matches every recorded `default:` to its field's type, now that all
    /// types exist; a default that does not fit is dropped with a warning.
    pub(super) fn resolve_defaults(&mut self) {
        for (id, index, loc, json) in std::mem::take(&mut self.pending_defaults) {
            let Some(Some(TypeDef {
                kind: TypeKind::Struct { fields, .. },
                ..
            })) = self.types.get(id.0)
            else {
                continue;
            };
            let Some(field) = fields.get(index) else {
                continue;
            };
            let (ty, required) = (field.ty.clone(), field.required);
            let default = self.field_default(&loc, &json, &ty);
            if let Some(Some(TypeDef {
                kind: TypeKind::Struct { fields, .. },
                ..
            })) = self.types.get_mut(id.0)
            {
                let field = &mut fields[index];
                if default == FieldDefault::None
                    && !required
                    && !matches!(ty, Ty::Option(_) | Ty::Value)
                {
                    field.ty = Ty::Option(Box::new(ty));
                }
                field.default = default;
            }
        }
    }

    /// The default for a field of type `ty`, or a warning and none if it does not fit.
    pub(super) fn field_default(&mut self, loc: &Loc, default: &Value, ty: &Ty) -> FieldDefault {
        let empty = matches!(default, Value::Array(a) if a.is_empty())
            || matches!(default, Value::Object(o) if o.is_empty());
        if empty && matches!(ty, Ty::Vec(_) | Ty::Map(_)) {
            return FieldDefault::Empty;
        }
        match self.literal(default, ty) {
            Some(literal) => FieldDefault::Value {
                json: default.clone(),
                literal,
            },
            None => {
                let msg = format!(
                    "`default: {default}` cannot be expressed for this field's type (or does not fit it); the field is optional instead"
                );
                self.diags
                    .push(self.spec.warning(&loc.child("default"), msg));
                FieldDefault::None
            }
        }
    }

    pub(super) fn literal(&self, v: &Value, ty: &Ty) -> Option<Literal> {
        Some(match (ty, v) {
            // Maps (and lists of anything) decode from the JSON text at run
            // time, falling back to empty if the spec's value does not fit.
            (Ty::Map(_), Value::Object(_)) => Literal::Decode(v.to_string()),
            (Ty::Vec(inner), Value::Array(items))
                if items.iter().any(|i| self.literal(i, inner).is_none()) =>
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
            (Ty::Value, v) => Literal::Json(v.clone()),
            (Ty::Option(inner), v) => Literal::Some(Box::new(self.literal(v, inner)?)),
            (Ty::Vec(inner), Value::Array(items)) => Literal::Vec(
                items
                    .iter()
                    .map(|i| self.literal(i, inner))
                    .collect::<Option<Vec<_>>>()?,
            ),
            (Ty::Named(id), v) => {
                let def = self.types.get(id.0)?.as_ref()?;
                let s = v.as_str().unwrap_or_default();
                match &def.kind {
                    TypeKind::StringEnum { variants, .. } if v.is_string() => {
                        let variant = variants.iter().find(|var| var.wire == s)?;
                        Literal::Variant {
                            ty: *id,
                            variant: variant.name.clone(),
                        }
                    }
                    TypeKind::Const { wire, variant } if wire == s && v.is_string() => {
                        Literal::Variant {
                            ty: *id,
                            variant: variant.clone(),
                        }
                    }
                    TypeKind::Alias(inner) => self.literal(v, &inner.clone())?,
                    TypeKind::Union {
                        variants,
                        tag: None,
                        ..
                    } => variants.iter().find_map(|var| {
                        let inner = self.literal(v, &var.ty)?;
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
}
