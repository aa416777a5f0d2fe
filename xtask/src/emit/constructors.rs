//! Emits constructors for request bodies: `Type::new(required fields…)`
//! plus one `with_<field>` setter per optional field, so a caller names only
//! what it sets and keeps compiling when the spec adds an optional property.
//! Printed into `client.rs` as extra `impl` blocks on the model types, so
//! the models' own emitter is untouched.

use super::{docs, ident, ty};
use crate::ir::*;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use std::collections::BTreeSet;

/// The constructors of every struct some operation takes as its body.
pub(super) fn emit(api: &Api, types: &TokenStream) -> TokenStream {
    let ids: BTreeSet<TypeId> = api
        .operations
        .iter()
        .filter_map(|op| match op.body.as_ref()?.ty {
            Ty::Named(id) => Some(id),
            _ => None,
        })
        .collect();
    let impls = ids.into_iter().filter_map(|id| constructor(api, id, types));
    quote!(#(#impls)*)
}

/// How a field starts out when `new` does not take it, if it can.
fn initial(field: &Field) -> Option<TokenStream> {
    match (&field.ty, &field.default) {
        (Ty::Option(_), _) => Some(quote!(None)),
        (_, FieldDefault::Empty) => Some(quote!(Default::default())),
        _ => None,
    }
}

fn constructor(api: &Api, id: TypeId, types: &TokenStream) -> Option<TokenStream> {
    let def = &api.types[id.0];
    let TypeKind::Struct {
        fields,
        flattened,
        additional,
    } = &def.kind
    else {
        return None;
    };
    if !flattened.is_empty() {
        return None;
    }
    let mut args = Vec::new();
    let mut inits = Vec::new();
    let mut setters = Vec::new();
    for f in fields {
        let n = ident(&f.name);
        let t = ty(api, &f.ty, types);
        if f.required {
            let (arg, convert) = match f.ty {
                Ty::String => (quote!(impl Into<String>), quote!(.into())),
                _ => (t, quote!()),
            };
            args.push(quote!(#n: #arg));
            inits.push(if convert.is_empty() {
                quote!(#n,)
            } else {
                quote!(#n: #n #convert,)
            });
            continue;
        }
        let start = initial(f)?;
        inits.push(quote!(#n: #start,));
        let setter = format_ident!("with_{}", f.name.bare());
        let doc = docs::plain(&format!("Sets `{}`.", f.wire.replace('`', "'")));
        let deprecated = f.deprecated.then(|| quote!(#[deprecated]));
        setters.push(match &f.ty {
            Ty::Option(inner) => {
                let inner = ty(api, inner, types);
                quote! {
                    #doc
                    #deprecated
                    pub fn #setter(mut self, value: #inner) -> Self {
                        self.#n = Some(value);
                        self
                    }
                }
            }
            _ => quote! {
                #doc
                #deprecated
                pub fn #setter(mut self, value: #t) -> Self {
                    self.#n = value;
                    self
                }
            },
        });
    }
    if additional.is_some() {
        inits.push(quote!(additional_properties: Default::default(),));
    }
    let name = ident(&def.name);
    let doc = docs::plain(&format!(
        "A `{}` with the required fields; the optional ones start unset (set them with the `with_…` methods).",
        def.name
    ));
    let many = (args.len() > 6).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let uses_deprecated = fields
        .iter()
        .any(|f| f.deprecated)
        .then(|| quote!(#[allow(deprecated)]));
    Some(quote! {
        #uses_deprecated
        impl #types #name {
            #doc
            #many
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits)* }
            }

            #(#setters)*
        }
    })
}
