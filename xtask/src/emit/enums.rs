//! Emits the enums of `types.rs` whose variants are values: string enums
//! (with an `Unknown(String)` catch-all, `as_str`, `Display`, `FromStr`, and
//! serde by hand so the catch-all costs nothing on listed values),
//! integer and number enums (with a numeric catch-all), and `const`s of any
//! JSON type, which accept exactly their value and always write it.

use super::{docs, ident};
use crate::ir::{IntTy, Variant};
use proc_macro2::{Literal as Lit, TokenStream};
use quote::quote;
use serde_json::Value;

/// A string enum with its catch-all. An empty `unknown` name asks for a
/// closed enum instead ([`emit_closed_enum`]).
pub(super) fn emit_enum(
    name: &proc_macro2::Ident,
    doc: &TokenStream,
    variants: &[Variant],
    unknown: &str,
    strict: bool,
) -> TokenStream {
    if unknown.is_empty() {
        return emit_closed_enum(name, doc, variants);
    }
    let check = strict_check(name, unknown, strict);
    let unknown = ident(unknown);
    let decl = variants.iter().map(|v| {
        let vname = ident(&v.name);
        let vdoc = docs::doc_attr(&format!("`{}`", v.wire.replace('`', "'")));
        quote! {
            #vdoc
            #vname,
        }
    });
    let as_str = variants.iter().map(|v| {
        let vname = ident(&v.name);
        let wire = &v.wire;
        quote!(Self::#vname => #wire,)
    });
    let known = variants.iter().map(|v| {
        let vname = ident(&v.name);
        let wire = &v.wire;
        quote!(#wire => Self::#vname,)
    });
    // Serde by hand, not derived: decoding matches the text where the
    // deserializer holds it (borrowed from the input, or in its scratch
    // buffer) and allocates only for a value the spec does not list; an owned
    // string (from a `Value`) is kept without copying. Decoding into a
    // `String` first cost an allocation per value, 1.45x the instructions of
    // a closed enum (`tests/benches/decode/`); serde's `untagged` catch-all
    // costs more still. Encoding writes `as_str`. The visitor is generic, in
    // the `fields` module (`templates/fields.rs`), so each enum adds only its
    // value table: the compiler checks the visitor once, not once per enum.
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #(#decl)*
            /// A value this version of the spec does not list. It keeps the
            /// text as received and serializes back to it unchanged.
            #unknown(String),
        }

        impl #name {
            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#as_str)*
                    Self::#unknown(value) => value.as_str(),
                }
            }
        }

        impl fields::StringEnum for #name {
            fn known(value: &str) -> Option<Self> {
                Some(match value {
                    #(#known)*
                    _ => return None,
                })
            }

            fn unknown(value: String) -> Self {
                Self::#unknown(value)
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;

            /// Never fails: values the spec does not list become the catch-all variant.
            fn from_str(value: &str) -> Result<Self, ::std::convert::Infallible> {
                Ok(fields::parse_enum(value))
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = fields::string_enum(deserializer)?;
                #check
                Ok(value)
            }
        }
    }
}

/// A string enum without a catch-all, through serde's derives: a value it
/// does not list is an error. Lowering never asks for one (every catch-all
/// has a name); only the decode benchmark's baseline does, by clearing the
/// catch-all names in the IR, so it measures what the catch-all costs
/// against exactly what the generator would emit without it
/// (`tests/benches/decode/`).
fn emit_closed_enum(
    name: &proc_macro2::Ident,
    doc: &TokenStream,
    variants: &[Variant],
) -> TokenStream {
    let decl = variants.iter().map(|v| {
        let vname = ident(&v.name);
        let wire = &v.wire;
        let vdoc = docs::doc_attr(&format!("`{}`", wire.replace('`', "'")));
        quote! {
            #vdoc
            #[serde(rename = #wire)]
            #vname,
        }
    });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, ::serde::Serialize, ::serde::Deserialize)]
        pub enum #name {
            #(#decl)*
        }
    }
}

/// An integer enum with its catch-all, written as a number.
pub(super) fn emit_int_enum(
    name: &proc_macro2::Ident,
    doc: &TokenStream,
    variants: &[(String, i128)],
    repr: IntTy,
    unknown: &str,
    strict: bool,
) -> TokenStream {
    let check = strict_check(name, unknown, strict);
    let unknown = ident(unknown);
    // Unsuffixed literals, so one value list serves `i64` and `u64`.
    let lit = |value: i128| signed(value < 0, Lit::u128_unsuffixed(value.unsigned_abs()));
    let (int, serialize) = match repr {
        IntTy::U64 => (quote!(u64), quote!(serialize_u64)),
        _ => (quote!(i64), quote!(serialize_i64)),
    };
    let decl = variants.iter().map(|(v, value)| {
        let v = ident(v);
        let vdoc = docs::doc_attr(&format!("`{value}`"));
        quote!(#vdoc #v,)
    });
    let to = variants.iter().map(|(v, value)| {
        let v = ident(v);
        let value = lit(*value);
        quote!(Self::#v => #value,)
    });
    let from = variants.iter().map(|(v, value)| {
        let v = ident(v);
        let value = lit(*value);
        quote!(#value => Self::#v,)
    });
    quote! {
        #doc
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #(#decl)*
            /// A value this version of the spec does not list, kept as received.
            #unknown(#int),
        }

        impl #name {
            /// The value as it appears on the wire.
            pub fn value(&self) -> #int {
                match self {
                    #(#to)*
                    Self::#unknown(value) => *value,
                }
            }
        }

        impl From<#int> for #name {
            fn from(value: #int) -> Self {
                match value {
                    #(#from)*
                    other => Self::#unknown(other),
                }
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.#serialize(self.value())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = Self::from(<#int as ::serde::Deserialize>::deserialize(deserializer)?);
                #check
                Ok(value)
            }
        }
    }
}

/// In crates with unions, decoding an enum checks the unions' strict mode:
/// while a union tries a member strictly, a value the enum does not list is
/// an error, so a member that lists it wins over one whose catch-all takes it.
fn strict_check(name: &proc_macro2::Ident, unknown: &str, strict: bool) -> TokenStream {
    if !strict {
        return TokenStream::new();
    }
    let unknown = ident(unknown);
    let message = format!("a value `{name}` does not list");
    quote! {
        if ::std::matches!(value, Self::#unknown(_)) && unions::strict() {
            return Err(<D::Error as ::serde::de::Error>::custom(#message));
        }
    }
}

/// A signed literal: the magnitude, with a `-` token in front when negative
/// (a literal token itself cannot carry the sign reliably).
fn signed(negative: bool, magnitude: Lit) -> TokenStream {
    if negative {
        quote!(-#magnitude)
    } else {
        quote!(#magnitude)
    }
}

/// A float literal.
fn float(f: f64) -> TokenStream {
    signed(f.is_sign_negative(), Lit::f64_unsuffixed(f.abs()))
}

/// A `const` (or one-value enum): a one-variant enum that is its own
/// `Default`. A string uses serde's derive; any other value gets impls that
/// write it and accept exactly it (a number equal in value, `2.0` for `2`, too).
pub(super) fn emit_const(
    name: &proc_macro2::Ident,
    doc: &TokenStream,
    value: &Value,
    variant: &str,
) -> TokenStream {
    let variant = ident(variant);
    let text = value.to_string();
    if let Value::String(wire) = value {
        let vdoc = docs::doc_attr(&format!("Always `{}`.", wire.replace('`', "'")));
        return quote! {
            #doc
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, ::serde::Serialize, ::serde::Deserialize)]
            pub enum #name {
                #vdoc
                #[default]
                #[serde(rename = #wire)]
                #variant,
            }
        };
    }
    let vdoc = docs::doc_attr(&format!("Always `{}`.", text.replace('`', "'")));
    let (write, matches) = match value {
        Value::Bool(b) => (
            quote!(serializer.serialize_bool(#b)),
            quote!(value.as_bool() == Some(#b)),
        ),
        Value::Number(n) if n.is_u64() && !n.is_i64() => {
            let lit = Lit::u64_unsuffixed(n.as_u64().unwrap_or_default());
            (
                quote!(serializer.serialize_u64(#lit)),
                quote!(value.as_u64() == Some(#lit)),
            )
        }
        Value::Number(n) if n.is_i64() => {
            let i = n.as_i64().unwrap_or_default();
            let lit = signed(i < 0, Lit::u64_unsuffixed(i.unsigned_abs()));
            let as_float = float(i as f64);
            (
                quote!(serializer.serialize_i64(#lit)),
                quote!(value.as_i64() == Some(#lit) || (value.is_f64() && value.as_f64() == Some(#as_float))),
            )
        }
        Value::Number(n) => {
            let lit = float(n.as_f64().unwrap_or_default());
            (
                quote!(serializer.serialize_f64(#lit)),
                quote!(value.as_f64() == Some(#lit)),
            )
        }
        _ => (
            quote!(::serde::Serialize::serialize(&self.value(), serializer)),
            quote!(value == Self::#variant.value()),
        ),
    };
    let expected = format!("the constant `{text}`");
    quote! {
        #doc
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
        pub enum #name {
            #vdoc
            #[default]
            #variant,
        }

        impl #name {
            /// The value, as JSON.
            pub fn value(&self) -> ::serde_json::Value {
                ::serde_json::from_str(#text).unwrap_or(::serde_json::Value::Null)
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                #write
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                if #matches {
                    Ok(Self::#variant)
                } else {
                    Err(<D::Error as ::serde::de::Error>::invalid_value(
                        ::serde::de::Unexpected::Other(&value.to_string()),
                        &#expected,
                    ))
                }
            }
        }
    }
}

/// An enum of numbers with a catch-all: any number decodes (a value the
/// spec does not list is kept), anything else is rejected. A whole number
/// is written without a fraction, as the spec lists it.
pub(super) fn emit_number_enum(
    name: &proc_macro2::Ident,
    doc: &TokenStream,
    variants: &[(String, f64)],
    unknown: &str,
    strict: bool,
) -> TokenStream {
    let check = strict_check(name, unknown, strict);
    let unknown = ident(unknown);
    let decl = variants.iter().map(|(v, value)| {
        let v = ident(v);
        let vdoc = docs::doc_attr(&format!("`{value}`"));
        quote!(#vdoc #v,)
    });
    let to = variants.iter().map(|(v, value)| {
        let v = ident(v);
        let lit = float(*value);
        quote!(Self::#v => #lit,)
    });
    let from = variants.iter().map(|(v, value)| {
        let v = ident(v);
        let lit = float(*value);
        quote!(if value == #lit { return Self::#v; })
    });
    quote! {
        #doc
        #[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
        pub enum #name {
            #(#decl)*
            /// A number this version of the spec does not list, kept as received.
            #unknown(f64),
        }

        impl #name {
            /// The value as it appears on the wire.
            pub fn value(&self) -> f64 {
                match self {
                    #(#to)*
                    Self::#unknown(value) => *value,
                }
            }
        }

        impl From<f64> for #name {
            fn from(value: f64) -> Self {
                #(#from)*
                Self::#unknown(value)
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let value = self.value();
                // Whole numbers within f64's exact range are written as integers (`1`, not `1.0`).
                if value.fract() == 0.0 && value.abs() < 9_007_199_254_740_992.0 {
                    serializer.serialize_i64(value as i64)
                } else {
                    serializer.serialize_f64(value)
                }
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = Self::from(<f64 as ::serde::Deserialize>::deserialize(deserializer)?);
                #check
                Ok(value)
            }
        }
    }
}
