//! Emits tuple structs (`prefixItems`). Without a tail, serde's derived
//! tuple-struct (de)serialization is exactly right: it reads and writes a
//! JSON array of that length and rejects any other. With a tail (`items`
//! after the prefix), the last field is a `Vec` that serde's derive would
//! nest as an array of its own, so the type gets a hand-written
//! `Serialize` (the prefix, then the tail's items, in one array) and a
//! `Deserialize` that requires the prefix and collects the rest.

use super::ty;
use crate::ir::Api;
use crate::ir::Ty;
use proc_macro2::{Ident, Literal as Lit, TokenStream};
use quote::quote;

/// The tuple struct `name` with `items` by position and an optional tail.
pub fn emit_tuple(
    api: &Api,
    name: &Ident,
    doc: &TokenStream,
    items: &[Ty],
    rest: Option<&Ty>,
) -> TokenStream {
    let none = TokenStream::new();
    let item_tys: Vec<TokenStream> = items.iter().map(|t| ty(api, t, &none)).collect();
    let Some(rest) = rest else {
        return quote! {
            #doc
            #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
            pub struct #name(#(pub #item_tys),*);
        };
    };
    let rest_ty = ty(api, rest, &none);
    let count = items.len();
    let rest_index = Lit::usize_unsuffixed(count);
    let indices: Vec<Lit> = (0..count).map(Lit::usize_unsuffixed).collect();
    let locals: Vec<Ident> = (0..count)
        .map(|i| quote::format_ident!("item{}", i))
        .collect();
    let plural = if count == 1 { "" } else { "s" };
    let expecting = format!("an array of at least {count} item{plural}");
    quote! {
        #doc
        #[doc = ""]
        #[doc = " The last field holds the items after the fixed ones (it may be empty)."]
        #[derive(Debug, Clone, PartialEq)]
        pub struct #name(#(pub #item_tys,)* pub Vec<#rest_ty>);

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use ::serde::ser::SerializeSeq;
                let mut seq = serializer.serialize_seq(Some(#count + self.#rest_index.len()))?;
                #(seq.serialize_element(&self.#indices)?;)*
                for item in &self.#rest_index {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Visitor;
                impl<'de> ::serde::de::Visitor<'de> for Visitor {
                    type Value = #name;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(#expecting)
                    }
                    fn visit_seq<A: ::serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<#name, A::Error> {
                        #(
                            let #locals = seq
                                .next_element()?
                                .ok_or_else(|| ::serde::de::Error::invalid_length(#indices, &self))?;
                        )*
                        let mut rest = Vec::new();
                        while let Some(item) = seq.next_element()? {
                            rest.push(item);
                        }
                        Ok(#name(#(#locals,)* rest))
                    }
                }
                deserializer.deserialize_seq(Visitor)
            }
        }
    }
}
