//! Emits unions: the enum of members, and its hand-written serde impls,
//! which call the helpers of `templates/unions.rs` (inlined as the private
//! module `types::unions`). An untagged union decodes by trying every member
//! and keeping the one that loses nothing; a tagged one reads its tag and
//! keeps an unknown tag's whole object.

use super::{docs, ident, ty};
use crate::ir::*;
use proc_macro2::TokenStream;
use quote::quote;

/// Unions get `#[allow(clippy::large_enum_variant)]`: the variants mirror the
/// spec's members, whose sizes the generator cannot weigh, and boxing every
/// member would make matching clumsier for no measured gain. Decoding is
/// written out (see `templates/unions.rs`) rather than derived: serde's
/// untagged derive takes the first member that decodes even when it drops
/// keys, and its tagged derive cannot keep an unknown tag's payload.
pub(super) fn emit_union(
    api: &Api,
    name: &proc_macro2::Ident,
    doc: &TokenStream,
    variants: &[UnionVariant],
    tag: Option<&str>,
    unknown: &str,
) -> TokenStream {
    let none = TokenStream::new();
    let decl = variants.iter().map(|v| {
        let vname = ident(&v.name);
        let t = ty(api, &v.ty, &none);
        let vdoc = docs::attrs(v.docs.text.as_deref(), Some(&v.docs.source));
        quote! {
            #vdoc
            #vname(#t),
        }
    });
    match tag {
        Some(tag) => {
            let unknown = ident(unknown);
            let unknown_doc = docs::doc_attr(&format!("A `{tag}` this version of the spec does not list: the whole object, tag included, so it serializes back unchanged."));
            let tag_doc = docs::doc_attr(&format!(
                "Internally tagged by `{tag}`: the variants' types do not repeat it."
            ));
            let codec = tagged_codec(api, name, variants, tag, &unknown);
            quote! {
                #doc
                #[doc = ""]
                #tag_doc
                #[derive(Debug, Clone, PartialEq)]
                #[allow(clippy::large_enum_variant)]
                pub enum #name {
                    #(#decl)*
                    #unknown_doc
                    #unknown(::serde_json::Value),
                }
                #codec
            }
        }
        None => {
            let members = variants.iter().map(|v| {
                let vname = ident(&v.name);
                let label = &v.name;
                let t = ty(api, &v.ty, &none);
                quote!((#label, |value, strict| unions::attempt::<#t>(value, strict).map(Self::#vname)),)
            });
            let union = name.to_string();
            quote! {
                #doc
                #[doc = ""]
                #[doc = " Decoding tries every member and keeps the one that loses nothing the server sent (see the crate's README)."]
                #[derive(Debug, Clone, PartialEq, ::serde::Serialize)]
                #[allow(clippy::large_enum_variant)]
                #[serde(untagged)]
                pub enum #name {
                    #(#decl)*
                }

                impl<'de> ::serde::Deserialize<'de> for #name {
                    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                        let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                        let members: &[(&str, unions::Member<Self>)] = &[#(#members)*];
                        unions::choose(#union, &value, members).map_err(<D::Error as ::serde::de::Error>::custom)
                    }
                }
            }
        }
    }
}

/// `Serialize` and `Deserialize` of a tagged union: the tag written first,
/// and a tag the spec does not list kept whole in the catch-all (rejected
/// only while an enclosing union tries its members strictly).
fn tagged_codec(
    api: &Api,
    name: &proc_macro2::Ident,
    variants: &[UnionVariant],
    tag: &str,
    unknown: &proc_macro2::Ident,
) -> TokenStream {
    let none = TokenStream::new();
    let union = name.to_string();
    let write = variants.iter().map(|v| {
        let vname = ident(&v.name);
        let value = v.tag_value.as_deref().unwrap_or(&v.name);
        quote!(Self::#vname(inner) => unions::tagged(serializer, #tag, #value, inner),)
    });
    let read = variants.iter().map(|v| {
        let vname = ident(&v.name);
        let value = v.tag_value.as_deref().unwrap_or(&v.name);
        let more = v.nested_tags.iter().flatten();
        // A nested union reads the tag itself; other members never see it.
        let input = match v.nested_tags {
            Some(_) => quote!(&value),
            None => quote!(&rest),
        };
        let t = ty(api, &v.ty, &none);
        let context = format!("variant `{value}` of `{union}`");
        quote! {
            #value #(| #more)* => unions::attempt::<#t>(#input, unions::strict())
                .map(Self::#vname)
                .map_err(|e| ::std::format!("{} {e}", #context)),
        }
    });
    let missing = format!("`{union}` needs a string `{tag}`");
    quote! {
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(#write)*
                    Self::#unknown(value) => ::serde::Serialize::serialize(value, serializer),
                }
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                use ::serde::de::Error as _;
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                let Some((found, rest)) = unions::split_tag(&value, #tag) else {
                    return Err(D::Error::custom(#missing));
                };
                let decoded = match found.as_str() {
                    #(#read)*
                    other if unions::strict() => Err(::std::format!("`{other}` is not a `{}` of `{}`", #tag, #union)),
                    _ => Ok(Self::#unknown(value)),
                };
                decoded.map_err(D::Error::custom)
            }
        }
    }
}

/// The helpers unions decode with (`templates/unions.rs`), as the private
/// module `types::unions`, in crates that have a union.
pub(super) fn unions_module(api: &Api) -> Option<TokenStream> {
    if !uses_unions(api) {
        return None;
    }
    let module = super::private_module("unions", include_str!("../../templates/unions.rs"));
    Some(quote! {
        // Each crate uses the helpers its unions need; the rest stay unused.
        #[allow(dead_code)]
        #module
    })
}

/// Whether some type is a union (so `types::unions` is emitted and enums
/// honour its strict mode).
pub(super) fn uses_unions(api: &Api) -> bool {
    api.types
        .iter()
        .any(|t| matches!(t.kind, TypeKind::Union { .. }))
}
