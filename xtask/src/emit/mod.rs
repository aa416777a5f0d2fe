//! Emit: the fourth pipeline stage. Prints the [`Api`] IR as Rust tokens.
//!
//! One token stream per file of the generated crate ([`SourceFile`]): `lib.rs`
//! (crate docs and re-exports), `types.rs` (models) and `client.rs` (the
//! client and one request builder per operation). Beside them, the crate gets
//! the runtime modules every crate shares, copied as text from
//! `xtask/templates/` ([`TEMPLATES`]): the error type,
//! the HTTP plumbing, the generic request builder, responses with headers,
//! retries, server-sent events and pagination. Emitting makes no decisions and does no I/O:
//! names, types and defaults all come from the IR. The std prelude's names
//! (`Option`, `String`, `Ok`, …) are written short, as a person would: no
//! schema takes one of them (lowering gives such a schema `Body`, see
//! `lower::naming::PRELUDE_NAMES`), so nothing in the crate shadows them;
//! every other path outside the crate is fully qualified
//! (`::std::collections::BTreeMap`). The client reaches the models
//! through `super::types`, which also lets the snapshot tests inline the
//! modules into one file.

pub mod client;
pub mod constructors;
pub mod docs;
mod enums;
pub mod request;
pub mod send;
mod tuple;
pub mod types;
mod unions;

use crate::ir::{Api, IntTy, Ty};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

/// The generated crate's source files, as token streams (before formatting).
pub struct CrateTokens {
    /// `src/lib.rs`
    pub lib: TokenStream,
    /// `src/types.rs`
    pub types: TokenStream,
    /// `src/client.rs`
    pub client: TokenStream,
}

/// The runtime modules every crate shares, by file stem, with their text.
/// They are copied as they are (see [`crate::format::template`]);
/// `tests/src/lib.rs` compiles them once for the goldens, all but `request`,
/// which each golden compiles as its own module.
pub const TEMPLATES: [(&str, &str); 7] = [
    ("error", include_str!("../../templates/error.rs")),
    ("http", include_str!("../../templates/http.rs")),
    ("request", include_str!("../../templates/request.rs")),
    ("response", include_str!("../../templates/response.rs")),
    ("retry", include_str!("../../templates/retry.rs")),
    ("sse", include_str!("../../templates/sse.rs")),
    ("pagination", include_str!("../../templates/pagination.rs")),
];

/// A source file of the generated crate that emitting writes (the runtime
/// modules are [`TEMPLATES`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceFile {
    /// `src/lib.rs`: crate docs and re-exports.
    Lib,
    /// `src/types.rs`: the models.
    Types,
    /// `src/client.rs`: the client and its request builders.
    Client,
}

impl SourceFile {
    /// Every emitted file, largest first (the order threads take them in).
    pub const ALL: [SourceFile; 3] = [SourceFile::Client, SourceFile::Types, SourceFile::Lib];

    /// The file's path in the crate.
    pub fn path(self) -> &'static str {
        match self {
            SourceFile::Lib => "src/lib.rs",
            SourceFile::Types => "src/types.rs",
            SourceFile::Client => "src/client.rs",
        }
    }
}

/// How many types or operations are emitted, parsed and printed together:
/// enough to keep the per-block overhead small, few enough that threads
/// share the work evenly and one block's syntax tree stays small.
const UNITS_PER_BLOCK: usize = 8;

/// The emitted files cut into blocks that are emitted and formatted on their
/// own, so threads can share the work with each item emitted once (token
/// streams cannot cross threads). Block 0 of a file is its head (inner
/// attributes and the items every API gets); each later block holds the items
/// of up to [`UNITS_PER_BLOCK`] types or operations. A file's blocks, in
/// order, are the file ([`emit_file`]).
pub struct Blocks<'a> {
    api: &'a Api,
    crate_name: &'a str,
    /// `types.rs` has the types by name ([`types::order`]); sorted once here.
    type_order: Vec<usize>,
}

impl<'a> Blocks<'a> {
    /// The blocks of the crate named `crate_name`.
    pub fn new(api: &'a Api, crate_name: &'a str) -> Self {
        Blocks {
            api,
            crate_name,
            type_order: types::order(api),
        }
    }

    /// How many blocks `file` has (at least its head).
    pub fn count(&self, file: SourceFile) -> usize {
        let units = match file {
            SourceFile::Lib => 0,
            SourceFile::Types => self.type_order.len(),
            SourceFile::Client => client::units(self.api),
        };
        1 + units.div_ceil(UNITS_PER_BLOCK)
    }

    /// Block `block` of `file`.
    pub fn emit(&self, file: SourceFile, block: usize) -> TokenStream {
        let api = self.api;
        let first = block.saturating_sub(1) * UNITS_PER_BLOCK;
        match (file, block) {
            (SourceFile::Lib, _) => emit_lib(api, self.crate_name),
            (SourceFile::Types, 0) => types::emit_head(api),
            (SourceFile::Types, _) => {
                let items = self
                    .type_order
                    .iter()
                    .skip(first)
                    .take(UNITS_PER_BLOCK)
                    .map(|&i| types::emit_type(api, &api.types[i]));
                quote!(#(#items)*)
            }
            (SourceFile::Client, 0) => client::emit_head(api),
            (SourceFile::Client, _) => {
                let items = (first..client::units(api))
                    .take(UNITS_PER_BLOCK)
                    .map(|i| client::emit_unit(api, i));
                quote!(#(#items)*)
            }
        }
    }
}

/// Emits one file of the crate named `crate_name` (the library name, snake_case).
pub fn emit_file(api: &Api, crate_name: &str, file: SourceFile) -> TokenStream {
    match file {
        SourceFile::Lib => emit_lib(api, crate_name),
        SourceFile::Types => types::emit(api),
        SourceFile::Client => client::emit(api),
    }
}

/// Emits every file of the crate named `crate_name` (the library name, snake_case).
pub fn emit(api: &Api, crate_name: &str) -> CrateTokens {
    CrateTokens {
        lib: emit_file(api, crate_name, SourceFile::Lib),
        types: emit_file(api, crate_name, SourceFile::Types),
        client: emit_file(api, crate_name, SourceFile::Client),
    }
}

/// A template from `xtask/templates/` as the private module `name` of
/// `types.rs` (helpers the written-out impls call). The templates are part
/// of the generator, so one that does not tokenize is a generator bug (and
/// fails every test).
fn private_module(name: &str, text: &str) -> TokenStream {
    let body: TokenStream = text
        .parse()
        .unwrap_or_else(|e| panic!("xtask/templates/{name}.rs does not tokenize: {e}"));
    let name = Ident::new(name, Span::call_site());
    quote! {
        mod #name {
            #body
        }
    }
}

/// The crate root: docs from `info`, modules and re-exports.
fn emit_lib(api: &Api, crate_name: &str) -> TokenStream {
    let mut text = format!("# {}\n\nAn async client for version {} of the {}, generated from its OpenAPI document `{}`.", api.title, api.version, api.title, api.source);
    if let Some(d) = &api.description {
        text.push_str("\n\n");
        text.push_str(d);
    }
    let docs = docs::inner_attrs(&text);
    let lib = crate_name.replace('-', "_");
    let example = example_doc(api, &lib);
    let recursion_limit = api.recursion_limit.map(|n| {
        let n = n.to_string();
        quote!(#![recursion_limit = #n])
    });
    quote! {
        #docs
        #example
        #recursion_limit
        #![forbid(unsafe_code)]
        #![warn(missing_docs)]

        pub mod client;
        pub mod error;
        mod http;
        pub mod pagination;
        pub mod request;
        pub mod response;
        pub mod retry;
        pub mod sse;
        pub mod types;

        pub use client::{Client, ClientBuilder};
        pub use error::Error;
        pub use response::Response;
        pub use retry::RetryPolicy;

        /// The `bytes` crate of binary bodies ([`bytes::Bytes`]), re-exported.
        pub use ::bytes;
        /// The `futures-util` crate, re-exported for its `StreamExt`, to read
        /// paginated listings, event streams and downloads.
        pub use ::futures_util;

        /// The `chrono` crate the models use for `date-time` and `date`, re-exported
        /// so callers need no dependency of their own (and get the same version).
        pub use ::chrono;
        /// The `uuid` crate the models use for `format: uuid`, re-exported likewise.
        pub use ::uuid;
    }
}

/// A compiled (not run) usage example for the crate docs.
fn example_doc(api: &Api, lib: &str) -> TokenStream {
    let mut lines = vec![
        String::new(),
        "# Example".to_string(),
        String::new(),
        "```no_run".to_string(),
        format!("# async fn example() -> Result<(), {lib}::Error> {{"),
        format!("let client = {lib}::Client::builder()"),
    ];
    if api.default_base_url.is_none() {
        lines.push("    .base_url(\"https://api.example.com\")".to_string());
    }
    for scheme in &api.security_schemes {
        let args = match scheme.kind {
            crate::ir::SchemeKind::Basic => "\"user\", \"password\"",
            _ => "\"…\"",
        };
        // Code, so a scheme called `type` is called as `.r#type(…)`.
        lines.push(format!("    .{}({args})", scheme.name.code()));
    }
    lines.push("    .build()?;".to_string());
    lines.push("# let _ = client;".to_string());
    lines.push("# Ok(())".to_string());
    lines.push("# }".to_string());
    lines.push("```".to_string());
    let attrs = lines.iter().map(|l| docs::inner_doc_attr(l));
    quote!(#(#attrs)*)
}

/// The match pattern for a status: `404`, `400..=499`, or `_` for `default`.
pub fn status_pattern(status: crate::ir::StatusMatch) -> TokenStream {
    use crate::ir::StatusMatch;
    match status {
        StatusMatch::Code(c) => {
            let lit = proc_macro2::Literal::u16_unsuffixed(c);
            quote!(#lit)
        }
        StatusMatch::Range(d) => {
            let lo = proc_macro2::Literal::u16_unsuffixed(d * 100);
            let hi = proc_macro2::Literal::u16_unsuffixed(d * 100 + 99);
            quote!(#lo..=#hi)
        }
        StatusMatch::Default => quote!(_),
    }
}

/// An identifier from a name lowering made valid (`r#type` becomes a raw
/// identifier): a type or variant name, or an [`ir::Ident`](crate::ir::Ident).
pub fn ident(name: impl AsRef<str>) -> Ident {
    let name = name.as_ref();
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// The Rust type for `ty`; named types are prefixed with `prefix` (empty inside
/// `types`, `super::types::` elsewhere).
pub fn ty(api: &Api, t: &Ty, prefix: &TokenStream) -> TokenStream {
    match t {
        Ty::Bool => quote!(bool),
        Ty::Int(i) => match i {
            IntTy::I8 => quote!(i8),
            IntTy::I16 => quote!(i16),
            IntTy::I32 => quote!(i32),
            IntTy::I64 => quote!(i64),
            IntTy::U8 => quote!(u8),
            IntTy::U16 => quote!(u16),
            IntTy::U32 => quote!(u32),
            IntTy::U64 => quote!(u64),
        },
        Ty::F32 => quote!(f32),
        Ty::F64 => quote!(f64),
        Ty::String => quote!(String),
        Ty::Uuid => quote!(::uuid::Uuid),
        Ty::DateTime => quote!(::chrono::DateTime<::chrono::Utc>),
        Ty::Date => quote!(::chrono::NaiveDate),
        Ty::Base64 => quote!(#prefix Base64),
        Ty::Binary => quote!(Vec<u8>),
        Ty::Value => quote!(::serde_json::Value),
        Ty::Vec(inner) => {
            let inner = ty(api, inner, prefix);
            quote!(Vec<#inner>)
        }
        Ty::Map(inner) => {
            let inner = ty(api, inner, prefix);
            quote!(::std::collections::BTreeMap<String, #inner>)
        }
        Ty::Option(inner) => {
            let inner = ty(api, inner, prefix);
            quote!(Option<#inner>)
        }
        Ty::Boxed(inner) => {
            let inner = ty(api, inner, prefix);
            quote!(Box<#inner>)
        }
        Ty::Named(id) => {
            let name = ident(&api.types[id.0].name);
            quote!(#prefix #name)
        }
        Ty::Unit => quote!(()),
        Ty::Bytes => quote!(::bytes::Bytes),
        Ty::Body => quote!(::reqwest::Body),
        Ty::EventStream(inner) => {
            let inner = ty(api, inner, prefix);
            quote!(super::sse::EventStream<#inner>)
        }
    }
}
