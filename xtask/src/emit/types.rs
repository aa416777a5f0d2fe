//! Emits `types.rs`: one Rust item per named type in the IR.
//!
//! Structs derive `Debug`, `Clone` and `PartialEq`; their `Serialize` and
//! `Deserialize` are written out (one map visitor per struct, keys read
//! through the private `fields` module, see `templates/fields.rs`), which
//! compiles much faster than serde's derive; structs with flattened fields
//! derive serde's traits, with `#[serde(rename)]` only where the wire name
//! differs. String enums get a
//! catch-all variant, so a value the spec does not list decodes, keeps its
//! text and serializes back unchanged; plus `as_str`, `Display` and `FromStr`.
//! Unions decode by hand through the private `unions` module, so they choose
//! the member that loses nothing (see `templates/unions.rs`). Defaults other
//! than `[]`/`{}` become private associated functions, called when the
//! field is absent (or named in `#[serde(default = "…")]`).

use super::{docs, enums, ident, ty, unions};
use crate::ir::*;
use proc_macro2::{Literal as Lit, TokenStream};
use quote::quote;

/// The `types` module.
pub fn emit(api: &Api) -> TokenStream {
    let head = emit_head(api);
    let items = order(api)
        .into_iter()
        .map(|i| emit_type(api, &api.types[i]));
    quote! {
        #head
        #(#items)*
    }
}

/// The types in the order the file has them: by name.
pub fn order(api: &Api) -> Vec<usize> {
    let mut order: Vec<usize> = (0..api.types.len()).collect();
    order.sort_by(|a, b| api.types[*a].name.cmp(&api.types[*b].name));
    order
}

/// What `types.rs` has before the types: its docs and the helpers the types
/// share.
pub fn emit_head(api: &Api) -> TokenStream {
    let module_docs = docs::inner_attrs(&format!(
        "Models: one type per schema in `{}`, named after the component or, for inline schemas, after where they appear.",
        api.source
    ));
    let base64 = api.uses_base64.then(|| {
        quote! {
            /// Bytes that travel as a base64 string (`format: byte`).
            #[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
            pub struct Base64(pub Vec<u8>);

            impl ::serde::Serialize for Base64 {
                fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    use ::base64::Engine as _;
                    serializer.serialize_str(&::base64::engine::general_purpose::STANDARD.encode(&self.0))
                }
            }

            /// Decoding is lenient where servers are: padding may be left out, and the
            /// URL-safe alphabet (`-`, `_`) is accepted too. Encoding is always standard
            /// and padded.
            impl<'de> ::serde::Deserialize<'de> for Base64 {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    use ::base64::engine::{general_purpose::GeneralPurpose, DecodePaddingMode, GeneralPurposeConfig};
                    use ::base64::Engine as _;
                    const LENIENT: GeneralPurposeConfig = GeneralPurposeConfig::new()
                        .with_decode_padding_mode(DecodePaddingMode::Indifferent);
                    let text = <String as ::serde::Deserialize>::deserialize(deserializer)?;
                    let alphabet = if text.contains(['-', '_']) {
                        &::base64::alphabet::URL_SAFE
                    } else {
                        &::base64::alphabet::STANDARD
                    };
                    GeneralPurpose::new(alphabet, LENIENT)
                        .decode(text.as_bytes())
                        .map(Base64)
                        .map_err(<D::Error as ::serde::de::Error>::custom)
                }
            }
        }
    });
    let double_option = uses_double_option(api).then(double_option_module);
    let fields = (uses_written_out(api) || uses_string_enums(api)).then(fields_module);
    let unions = unions::unions_module(api);
    let allow_deprecated = docs::allow_deprecated(api);
    quote! {
        #module_docs
        #allow_deprecated
        #base64
        #double_option
        #fields
        #unions
    }
}

/// Whether some struct has its serde impls written out.
fn uses_written_out(api: &Api) -> bool {
    api.types.iter().any(|t| match &t.kind {
        TypeKind::Struct {
            flattened,
            additional,
            ..
        } => written_out(flattened, additional.as_ref()),
        _ => false,
    })
}

/// Whether some string enum has a catch-all (its serde impls use `fields`).
fn uses_string_enums(api: &Api) -> bool {
    api.types
        .iter()
        .any(|t| matches!(&t.kind, TypeKind::StringEnum { unknown, .. } if !unknown.is_empty()))
}

/// The helpers written-out serde impls share (`templates/fields.rs`), as
/// the private module `fields`.
fn fields_module() -> TokenStream {
    super::private_module("fields", include_str!("../../templates/fields.rs"))
}

/// Whether some struct with derived serde impls has an optional nullable
/// field (`Option<Option<T>>`).
fn uses_double_option(api: &Api) -> bool {
    api.types.iter().any(|t| match &t.kind {
        // Written-out impls read and write `Option<Option<T>>` themselves.
        TypeKind::Struct {
            fields,
            flattened,
            additional,
        } if !written_out(flattened, additional.as_ref()) => fields
            .iter()
            .any(|f| unset_is_none(f) && f.ty.is_double_option()),
        _ => false,
    })
}

/// The serde helper for optional nullable fields. With `#[serde(default)]`
/// an absent key is `None`; this reads a present key, `null` included, as
/// `Some(..)`, and writes `Some(None)` as `null` (`None` is skipped), so
/// absent, `null` and a value all round-trip.
fn double_option_module() -> TokenStream {
    quote! {
        /// Serde helpers for optional nullable properties (`Option<Option<T>>`):
        /// `None` is absent, `Some(None)` is `null`, `Some(Some(value))` is the value.
        mod double_option {
            pub fn serialize<T, S>(value: &Option<Option<T>>, serializer: S) -> Result<S::Ok, S::Error>
            where
                T: ::serde::Serialize,
                S: ::serde::Serializer,
            {
                match value {
                    Some(inner) => ::serde::Serialize::serialize(inner, serializer),
                    None => serializer.serialize_none(),
                }
            }

            pub fn deserialize<'de, T, D>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
            where
                T: ::serde::Deserialize<'de>,
                D: ::serde::Deserializer<'de>,
            {
                <Option<T> as ::serde::Deserialize>::deserialize(deserializer).map(Some)
            }
        }
    }
}

/// One type's items: its definition, impls and docs.
pub fn emit_type(api: &Api, def: &TypeDef) -> TokenStream {
    let name = ident(&def.name);
    let doc = docs::attrs(def.docs.text.as_deref(), Some(&def.docs.source));
    let deprecated = docs::deprecated(&def.docs);
    let doc = quote!(#doc #deprecated);
    let none = TokenStream::new();
    match &def.kind {
        TypeKind::Alias(t) => {
            let t = ty(api, t, &none);
            quote! {
                #doc
                pub type #name = #t;
            }
        }
        TypeKind::Newtype(t) => emit_newtype(api, &name, &doc, t),
        TypeKind::Tuple { items, rest } => {
            super::tuple::emit_tuple(api, &name, &doc, items, rest.as_ref())
        }
        TypeKind::StringEnum { variants, unknown } => {
            enums::emit_enum(&name, &doc, variants, unknown, unions::uses_unions(api))
        }
        TypeKind::Const { value, variant } => enums::emit_const(&name, &doc, value, variant),
        TypeKind::NumberEnum { variants, unknown } => {
            enums::emit_number_enum(&name, &doc, variants, unknown, unions::uses_unions(api))
        }
        TypeKind::IntEnum {
            variants,
            repr,
            unknown,
        } => enums::emit_int_enum(
            &name,
            &doc,
            variants,
            *repr,
            unknown,
            unions::uses_unions(api),
        ),
        TypeKind::StatusEnum { variants, errors } => {
            emit_status_enum(api, &name, &doc, variants, *errors)
        }
        TypeKind::Union {
            variants,
            tag,
            unknown,
        } => unions::emit_union(api, &name, &doc, variants, tag.as_deref(), unknown),
        TypeKind::Struct {
            fields,
            flattened,
            additional,
        } => emit_struct(api, &name, &doc, fields, flattened, additional.as_ref()),
    }
}

/// A transparent newtype (an alias on a cycle of aliases): it derefs to
/// its content and converts from it, so it reads almost like the alias.
fn emit_newtype(api: &Api, name: &proc_macro2::Ident, doc: &TokenStream, t: &Ty) -> TokenStream {
    let inner = ty(api, t, &TokenStream::new());
    let default = newtype_derives_default(t).then(|| quote!(Default,));
    quote! {
        #doc
        #[doc = ""]
        #[doc = " A newtype rather than an alias: the schema refers to itself through aliases only, which Rust cannot expand."]
        #[derive(Debug, Clone, PartialEq, #default ::serde::Serialize, ::serde::Deserialize)]
        #[serde(transparent)]
        pub struct #name(pub #inner);

        impl ::std::ops::Deref for #name {
            type Target = #inner;
            fn deref(&self) -> &Self::Target {
                &self.0
            }
        }

        impl ::std::ops::DerefMut for #name {
            fn deref_mut(&mut self) -> &mut Self::Target {
                &mut self.0
            }
        }

        impl From<#inner> for #name {
            fn from(value: #inner) -> Self {
                Self(value)
            }
        }
    }
}

/// Whether the newtype of `t` derives `Default`: where its content's default
/// is empty (`None` for an `Option`).
fn newtype_derives_default(t: &Ty) -> bool {
    matches!(t, Ty::Vec(_) | Ty::Map(_) | Ty::Option(_))
}

fn emit_struct(
    api: &Api,
    name: &proc_macro2::Ident,
    doc: &TokenStream,
    fields: &[Field],
    flattened: &[FlattenedField],
    additional: Option<&Ty>,
) -> TokenStream {
    let none = TokenStream::new();
    let mut defaults = Vec::new();
    // Flattened fields need serde's buffering; every other struct has its
    // impls written out (see `templates/fields.rs`).
    let derived = !written_out(flattened, additional);
    let derive_default = flattened.is_empty()
        && fields.iter().all(|f| {
            matches!(f.ty, Ty::Option(_) | Ty::Value)
                && (f.default == FieldDefault::None || unset_is_none(f))
                || f.default == FieldDefault::Empty
        });
    let mut field_tokens: Vec<TokenStream> = fields
        .iter()
        .map(|f| emit_field(api, name, f, &mut defaults, derived))
        .collect();
    field_tokens.extend(flattened.iter().map(|f| {
        let fname = ident(&f.name);
        let fty = ty(api, &f.ty, &none);
        let fdoc = docs::attrs(f.docs.text.as_deref(), Some(&f.docs.source));
        quote! {
            #fdoc
            #[serde(flatten)]
            pub #fname: #fty,
        }
    }));
    let additional_field = additional.map(|t| {
        let t = ty(api, t, &none);
        quote! {
            /// Properties not listed in the schema, kept so they round-trip.
            #[serde(flatten)]
            pub additional_properties: ::std::collections::BTreeMap<String, #t>,
        }
    });
    let default_derive = if derive_default {
        quote!(Default,)
    } else {
        quote!()
    };
    let impl_block = if defaults.is_empty() {
        quote!()
    } else {
        quote! {
            impl #name {
                #(#defaults)*
            }
        }
    };
    let allow_deprecated = if fields.iter().any(|f| f.deprecated) {
        quote!(#[allow(deprecated)])
    } else {
        quote!()
    };
    let (serde_derives, serde_impls) = if derived {
        (quote!(::serde::Serialize, ::serde::Deserialize), quote!())
    } else {
        (quote!(), serde_impls(api, name, fields, &allow_deprecated))
    };
    quote! {
        #doc
        #allow_deprecated
        #[derive(Debug, Clone, PartialEq, #default_derive #serde_derives)]
        pub struct #name {
            #(#field_tokens)*
            #additional_field
        }
        #impl_block
        #serde_impls
    }
}

/// Whether a struct's serde impls are written out rather than derived: all
/// but those with flattened fields or additional properties.
fn written_out(flattened: &[FlattenedField], additional: Option<&Ty>) -> bool {
    flattened.is_empty() && additional.is_none()
}

/// A struct's `Serialize` and `Deserialize`, written out as serde's derive
/// would write them for its `#[serde(...)]` attributes (see `serde_args`),
/// minus the parts JSON objects never use: the derive is a proc macro that
/// runs unoptimised on every build of the crate, and its output per struct
/// (a field enum with its visitor, a sequence visitor) is most of what the
/// compiler checks in large APIs.
fn serde_impls(
    api: &Api,
    name: &proc_macro2::Ident,
    fields: &[Field],
    allow_deprecated: &TokenStream,
) -> TokenStream {
    let name_str = name.to_string();
    let name_str = name_str.trim_start_matches("r#");
    let wires: Vec<&str> = fields.iter().map(|f| f.wire.as_str()).collect();
    let count = fields.len();
    // Serialize: every field, but `None` (or a `null` value) where absence
    // is `None`. Such a field is one call, `optional`, which leaves it out
    // when unset, and its share of the length is one flag in one slice: an
    // `if` and a checked subtraction per field cost rustc 12 MB of peak on
    // the GitHub crate.
    let mut skips = Vec::new();
    let writes = fields
        .iter()
        .map(|f| {
            let fname = ident(&f.name);
            let wire = &f.wire;
            if !unset_is_none(f) {
                return quote!(state.field(#wire, &self.#fname););
            }
            skips.push(if f.ty == Ty::Value {
                quote!(self.#fname.is_null())
            } else {
                quote!(self.#fname.is_none())
            });
            quote!(state.optional(#wire, &self.#fname);)
        })
        .collect::<Vec<_>>();
    let len = if skips.is_empty() {
        quote!(#count)
    } else {
        quote!(fields::len(#count, &[#(#skips),*]))
    };
    // A struct without fields writes nothing into its state.
    let state_binding = if count == 0 {
        quote!(state)
    } else {
        quote!(mut state)
    };
    let serialize = quote! {
        #allow_deprecated
        impl ::serde::Serialize for #name {
            fn serialize<__S: ::serde::Serializer>(&self, serializer: __S) -> Result<__S::Ok, __S::Error> {
                let #state_binding = fields::Fields::new(serializer.serialize_struct(#name_str, #len));
                #(#writes)*
                state.end()
            }
        }
    };
    // Deserialize: one slot per field, filled from the map's keys.
    let slots: Vec<proc_macro2::Ident> = (0..count)
        .map(|i| quote::format_ident!("field{}", i))
        .collect();
    // The slots' types are inferred from the fields they fill (written out,
    // nested `Option`s of long paths trip clippy's `type_complexity`).
    let slot_decls = slots.iter().map(|slot| quote!(let mut #slot = None;));
    let arms = fields.iter().zip(&slots).enumerate().map(|(i, (f, slot))| {
        let i = proc_macro2::Literal::usize_unsuffixed(i);
        let wire = &f.wire;
        // A present key of an optional nullable field is `Some`, `null` included.
        if unset_is_none(f) && f.ty.is_double_option() {
            quote!(#i => fields::set_present(&mut #slot, &mut map, #wire),)
        } else {
            quote!(#i => fields::set(&mut #slot, &mut map, #wire),)
        }
    });
    // What an absent key reads as, for a required field (`FromNothing`).
    // One that cannot be read from nothing is taken out of its slot by a
    // `let … else` before the struct is built, and one that reads as `None`
    // is its type's default: no `?` per field, each of which costs the
    // compiler a branch to build and borrow-check (about 110 MB of rustc's
    // peak on the GitHub crate, and 16 MB more for its 403 required
    // nullable fields).
    let absent = |f: &Field| {
        let required = matches!(f.default, FieldDefault::None | FieldDefault::Unsent { .. })
            && !unset_is_none(f);
        required.then(|| from_nothing(api, &f.ty))
    };
    let take_outs = fields
        .iter()
        .zip(&slots)
        .filter(|(f, _)| absent(f) == Some(FromNothing::Error))
        .map(|(f, slot)| {
            let wire = &f.wire;
            quote!(let Some(#slot) = #slot else { return fields::absent(#wire); };)
        });
    let inits = fields.iter().zip(&slots).map(|(f, slot)| {
        let fname = ident(&f.name);
        let wire = &f.wire;
        let value = match (absent(f), &f.default) {
            (Some(FromNothing::Error), _) => quote!(#slot),
            (Some(FromNothing::Unknown), _) => quote!(fields::required(#slot, #wire)?),
            (None, FieldDefault::Value { .. }) => {
                let fn_name = quote::format_ident!("default_{}", f.name.bare());
                quote!(#slot.unwrap_or_else(#name::#fn_name))
            }
            // `None` (a required nullable field, or an optional one) or
            // empty (`[]`/`{}`).
            _ => quote!(#slot.unwrap_or_default()),
        };
        quote!(#fname: #value,)
    });
    let read_keys = if count == 0 {
        quote! {
            while map.next_key::<::serde::de::IgnoredAny>()?.is_some() {
                map.next_value::<::serde::de::IgnoredAny>()?;
            }
        }
    } else {
        quote! {
            #(#slot_decls)*
            while let Some(key) = map.next_key_seed(fields::Key(Self::FIELDS))? {
                // One `?` for the whole match, not one per field: each
                // `?` is a branch the compiler builds and borrow-checks
                // (about 100 MB of rustc's peak on the GitHub crate).
                match key {
                    #(#arms)*
                    _ => fields::skip(&mut map),
                }?;
            }
        }
    };
    // Generic parameters have names no schema can take (`__D`, not `D`):
    // the body names the struct, which may be called `D`. The visitor is
    // `fields`' one generic visitor, so a struct adds no visitor type and
    // impl of its own for the compiler to check.
    let deserialize = quote! {
        #allow_deprecated
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<__D: ::serde::Deserializer<'de>>(deserializer: __D) -> Result<Self, __D::Error> {
                fields::deserialize(deserializer)
            }
        }

        #allow_deprecated
        impl fields::Struct for #name {
            const NAME: &'static str = #name_str;
            const FIELDS: &'static [&'static str] = &[#(#wires),*];

            fn visit<'de, __A: ::serde::de::MapAccess<'de>>(mut map: __A) -> Result<Self, __A::Error> {
                #read_keys
                #(#take_outs)*
                Ok(#name { #(#inits)* })
            }
        }
    };
    quote!(#serialize #deserialize)
}

/// What a value of some type reads as from nothing (an absent key), as
/// `fields::missing` reads it: its deserializer of nothing answers
/// `deserialize_option` with `None` and every other request with "missing
/// field".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FromNothing {
    /// "missing field": the type's `Deserialize` does not begin by asking
    /// for an `Option`.
    Error,
    /// `None`, which is also the type's `Default`: an `Option`.
    Default,
    /// Not known here; `fields::required` asks at run time.
    Unknown,
}

/// What reading `ty` from nothing gives. Every type here but an `Option`
/// fails, reached directly or through aliases, newtypes
/// (`#[serde(transparent)]`) and boxes, which are followed to what they
/// hold. Unions of every kind begin by reading a `serde_json::Value`, so they
/// fail too, even with a `null` member. An `Option` reads as `None`, its
/// default, and so does a newtype of one (it derives `Default`). Types that
/// never are fields (no `Deserialize`), and an alias that leads back to
/// itself, are [`FromNothing::Unknown`].
fn from_nothing(api: &Api, ty: &Ty) -> FromNothing {
    from_nothing_via(api, ty, &mut Vec::new())
}

/// [`from_nothing`], with the aliases and newtypes followed so far, so a
/// chain that comes back to one of them ends.
fn from_nothing_via(api: &Api, ty: &Ty, followed: &mut Vec<TypeId>) -> FromNothing {
    match ty {
        Ty::Bool
        | Ty::Int(_)
        | Ty::F32
        | Ty::F64
        | Ty::String
        | Ty::Uuid
        | Ty::DateTime
        | Ty::Date
        | Ty::Base64
        | Ty::Binary
        | Ty::Value
        | Ty::Vec(_)
        | Ty::Map(_) => FromNothing::Error,
        Ty::Option(_) => FromNothing::Default,
        Ty::Unit | Ty::Bytes | Ty::Body | Ty::EventStream(_) => FromNothing::Unknown,
        // `Box<T>` reads as `T` does, and its default is `T`'s, boxed.
        Ty::Boxed(inner) => from_nothing_via(api, inner, followed),
        Ty::Named(id) => match &api.types[id.0].kind {
            _ if followed.contains(id) => FromNothing::Unknown,
            TypeKind::Alias(target) => {
                followed.push(*id);
                from_nothing_via(api, target, followed)
            }
            TypeKind::Newtype(target) => {
                followed.push(*id);
                match from_nothing_via(api, target, followed) {
                    FromNothing::Default if !newtype_derives_default(target) => {
                        FromNothing::Unknown
                    }
                    found => found,
                }
            }
            TypeKind::Struct { .. }
            | TypeKind::StringEnum { .. }
            | TypeKind::NumberEnum { .. }
            | TypeKind::IntEnum { .. }
            | TypeKind::Const { .. }
            | TypeKind::Tuple { .. }
            | TypeKind::Union { .. } => FromNothing::Error,
            TypeKind::StatusEnum { .. } => FromNothing::Unknown,
        },
    }
}

/// One struct field: its docs (what absence means), serde attributes, and,
/// for a spec default, the function that returns it (pushed to `defaults`).
fn emit_field(
    api: &Api,
    name: &proc_macro2::Ident,
    f: &Field,
    defaults: &mut Vec<TokenStream>,
    derived: bool,
) -> TokenStream {
    let fname = ident(&f.name);
    let fty = ty(api, &f.ty, &TokenStream::new());
    // A plain required field's type already says it is required: the line
    // is kept only where presence means more than the type shows, or as the
    // doc of a property the spec leaves undescribed.
    let wire = f.wire.replace('`', "'");
    let presence = match (f.required, &f.ty) {
        (true, Ty::Option(_)) => Some("required, may be `null`"),
        (true, _) => None,
        (false, _) if matches!(f.default, FieldDefault::Unsent { .. }) => {
            Some("optional, sent only when set")
        }
        (false, _) if f.default != FieldDefault::None => Some("optional"),
        (false, t) if t.is_double_option() => {
            Some("optional and nullable: `None` when absent, `Some(None)` when `null`")
        }
        (false, Ty::Option(_)) => Some("optional (`None` when absent)"),
        (false, _) => Some("optional"),
    };
    let shape = match presence {
        Some(presence) => docs::plain(&format!("`{wire}`: {presence}.")),
        None if f.docs.text.is_none() => docs::plain(&format!("The `{wire}` property.")),
        None => quote!(),
    };
    // A default line right after the description would join its last
    // paragraph (or list item); it gets a paragraph of its own.
    let description_last = shape.is_empty() && f.docs.text.is_some();
    let fdoc = match &f.docs.text {
        Some(text) if !shape.is_empty() => {
            let text = docs::attrs(Some(text), None);
            quote!(#text #[doc = ""] #shape)
        }
        Some(text) => docs::attrs(Some(text), None),
        None => shape,
    };
    let serde_args = serde_args(api, name, f, &fty, defaults);
    let serde_attr = if serde_args.is_empty() || !derived {
        quote!()
    } else {
        quote!(#[serde(#(#serde_args),*)])
    };
    if let FieldDefault::Unsent { json, literal } = &f.default {
        defaults.push(or_default(api, f, json, literal.as_ref()));
    }
    let default_doc = match &f.default {
        FieldDefault::None => quote!(),
        FieldDefault::Empty | FieldDefault::Value { .. } | FieldDefault::Unsent { .. } => {
            let d = match &f.default {
                FieldDefault::Value { json, .. } => {
                    format!("Defaults to `{json}` when absent.")
                }
                FieldDefault::Unsent { json, .. } => format!(
                    "The spec's default, `{json}`, applies when absent: `{}_or_default()` gives it. Left unset, it is not sent, so the server keeps its own value.",
                    f.name.bare()
                ),
                _ => "Defaults to empty when absent.".to_string(),
            };
            let d = docs::doc_attr(&d);
            if description_last {
                quote!(#[doc = ""] #d)
            } else {
                d
            }
        }
    };
    let deprecated = match (f.deprecated, &f.docs.deprecated) {
        (true, Some(_)) => docs::deprecated(&f.docs),
        (true, None) => quote!(#[deprecated]),
        (false, _) => quote!(),
    };
    quote! {
        #fdoc
        #default_doc
        #deprecated
        #serde_attr
        pub #fname: #fty,
    }
}

/// The arguments of a field's `#[serde(…)]`: its wire name where it differs,
/// and how absence reads and writes; a spec default's function is pushed to
/// `defaults`.
fn serde_args(
    api: &Api,
    name: &proc_macro2::Ident,
    f: &Field,
    fty: &TokenStream,
    defaults: &mut Vec<TokenStream>,
) -> Vec<TokenStream> {
    let mut serde_args = Vec::new();
    if f.name.bare() != f.wire {
        let wire = &f.wire;
        serde_args.push(quote!(rename = #wire));
    }
    match &f.default {
        _ if unset_is_none(f) => match f.ty {
            Ty::Value => serde_args.push(quote!(
                default,
                skip_serializing_if = "::serde_json::Value::is_null"
            )),
            _ if f.ty.is_double_option() => serde_args.push(quote!(
                default,
                skip_serializing_if = "Option::is_none",
                with = "double_option"
            )),
            _ => serde_args.push(quote!(default, skip_serializing_if = "Option::is_none")),
        },
        FieldDefault::None | FieldDefault::Unsent { .. } => {}
        FieldDefault::Empty => serde_args.push(quote!(default)),
        FieldDefault::Value { json, literal } => {
            let fn_name = quote::format_ident!("default_{}", f.name.bare());
            let path = format!("{name}::{fn_name}");
            serde_args.push(quote!(default = #path));
            let value = literal_tokens(api, literal);
            let fn_doc =
                docs::doc_attr(&format!("The spec's default for `{}`: `{}`.", f.wire, json));
            defaults.push(quote! {
                #fn_doc
                fn #fn_name() -> #fty { #value }
            });
        }
    }
    serde_args
}

/// Whether an absent property is `None` for this field: optional without
/// a default, or with a default it does not send ([`FieldDefault::Unsent`]).
fn unset_is_none(f: &Field) -> bool {
    !f.required && matches!(f.default, FieldDefault::None | FieldDefault::Unsent { .. })
}

/// `<field>_or_default()` of a [`FieldDefault::Unsent`] field: the value
/// when set, else the spec's default.
fn or_default(
    api: &Api,
    f: &Field,
    json: &serde_json::Value,
    literal: Option<&Literal>,
) -> TokenStream {
    let fname = ident(&f.name);
    let method = quote::format_ident!("{}_or_default", f.name.bare());
    let inner = match &f.ty {
        Ty::Option(inner) => inner.as_ref(),
        other => other,
    };
    let t = ty(api, inner, &TokenStream::new());
    let fallback = match literal {
        Some(l) => literal_tokens(api, l),
        None => quote!(Default::default()),
    };
    let doc = docs::doc_attr(&format!(
        "`{}`, or the spec's default `{json}` when it is not set.",
        f.wire.replace('`', "'")
    ));
    // The generated crate's own reads of a deprecated field must not warn.
    let allow = f.deprecated.then(|| quote!(#[allow(deprecated)]));
    quote! {
        #doc
        #allow
        pub fn #method(&self) -> #t {
            // Spelled out rather than `clone().unwrap_or(…)`, which clippy
            // would flag differently for `Copy` types and cheap defaults.
            match &self.#fname {
                Some(value) => Clone::clone(value),
                None => #fallback,
            }
        }
    }
}

fn emit_status_enum(
    api: &Api,
    name: &proc_macro2::Ident,
    doc: &TokenStream,
    variants: &[StatusVariant],
    errors: bool,
) -> TokenStream {
    let none = TokenStream::new();
    let payload = |v: &StatusVariant| v.payload.as_ref().map(|t| ty(api, t, &none));
    let decl = variants.iter().map(|v| {
        let vname = ident(&v.name);
        let status = match v.status {
            StatusMatch::Code(c) => format!(" Status {c}."),
            StatusMatch::Range(d) => format!(" Any {d}xx status not listed separately."),
            StatusMatch::Default => " Any other status (`default`).".to_string(),
        };
        match payload(v) {
            Some(t) => quote!(#[doc = #status] #vname(#t),),
            None => quote!(#[doc = #status] #vname,),
        }
    });
    let from_error = errors.then(|| {
        let arms = variants.iter().map(|v| {
            let vname = ident(&v.name);
            let pattern = super::status_pattern(v.status);
            quote!(#pattern => ::serde_json::from_slice(body).ok().map(Self::#vname),)
        });
        let fallback = if variants.iter().any(|v| v.status == StatusMatch::Default) {
            quote!()
        } else {
            quote!(_ => None,)
        };
        // A lone `default` needs no match on the status (clippy: match_single_binding).
        let body = match variants {
            [only] if only.status == StatusMatch::Default => {
                let vname = ident(&only.name);
                quote! {
                    let super::error::Error::Status { body, .. } = error else {
                        return None;
                    };
                    ::serde_json::from_slice(body).ok().map(Self::#vname)
                }
            }
            _ => quote! {
                let super::error::Error::Status { status, body, .. } = error else {
                    return None;
                };
                match *status {
                    #(#arms)*
                    #fallback
                }
            },
        };
        quote! {
            impl #name {
                /// Decodes the body of an [`Error::Status`](super::error::Error::Status) as the
                /// type the spec documents for its status. `None` for other errors, for
                /// undocumented statuses, and for bodies that do not match.
                pub fn from_error(error: &super::error::Error) -> Option<Self> {
                    #body
                }
            }
        }
    });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#decl)*
        }
        #from_error
    }
}

/// A Rust expression for a default value.
fn literal_tokens(api: &Api, literal: &Literal) -> TokenStream {
    match literal {
        Literal::Bool(b) => quote!(#b),
        Literal::Int(i) => {
            let lit = Lit::u128_unsuffixed(i.unsigned_abs());
            if *i < 0 {
                quote!(-#lit)
            } else {
                quote!(#lit)
            }
        }
        Literal::Float(f) => {
            let lit = Lit::f64_unsuffixed(*f);
            quote!(#lit)
        }
        Literal::Str(s) => quote!(String::from(#s)),
        Literal::Variant { ty, variant } => {
            let t = ident(&api.types[ty.0].name);
            let v = ident(variant);
            quote!(#t::#v)
        }
        Literal::Union { ty, variant, inner } => {
            let t = ident(&api.types[ty.0].name);
            let v = ident(variant);
            let inner = literal_tokens(api, inner);
            quote!(#t::#v(#inner))
        }
        Literal::Some(inner) => {
            let inner = literal_tokens(api, inner);
            quote!(Some(#inner))
        }
        Literal::Vec(items) => {
            let items = items.iter().map(|i| literal_tokens(api, i));
            quote!(::std::vec![#(#items),*])
        }
        Literal::Decode(text) => quote!(::serde_json::from_str(#text).unwrap_or_default()),
        Literal::DecodeChecked(text) => quote!(::serde_json::from_str(#text)
            .expect("the spec's default decodes (checked when the crate was generated)")),
        Literal::Json(v) => {
            let text = v.to_string();
            quote!(::serde_json::from_str(#text).unwrap_or(::serde_json::Value::Null))
        }
    }
}
