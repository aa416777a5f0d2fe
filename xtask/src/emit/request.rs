//! Emits the request builders of `client.rs`: one struct per operation that
//! holds the client, the parameters and the body, and whose `send` encodes the
//! path, query, headers, cookies, credentials and body, then decodes the
//! response by status. Part of the emit stage; the types and names it prints
//! were all decided while lowering.

use super::client::{argument, body_ty, param_ty};
use super::{docs, ident, ty};
use crate::ir::*;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// Builds a `multipart/form-data` body from `body`, one part per property as
/// lowering decided: files as bytes, everything else as text (strings as
/// they are, other values as JSON). A body that is not a struct is sent as
/// one `body` part holding its JSON.
fn multipart(parts: Option<&[MultipartPart]>) -> TokenStream {
    let Some(parts) = parts else {
        return quote! {
            let form = ::reqwest::multipart::Form::new().text("body", super::http::part_text(body)?.unwrap_or_default());
            request = request.multipart(form);
        };
    };
    let parts = parts.iter().map(|part| {
        let name = ident(&part.field);
        let wire = &part.wire;
        let content_type = &part.content_type;
        // The caller's file name and type, else the part's name and the spec's type.
        let meta = match &part.file_setter {
            Some(setter) => {
                let setter = ident(setter);
                quote! {
                    let (file_name, content_type) = match &this.input.#setter {
                        Some((name, media)) => (name.as_str(), media.as_str()),
                        None => (#wire, #content_type),
                    };
                }
            }
            None => quote!(let (file_name, content_type) = (#wire, #content_type);),
        };
        // Arrays become one part per item (RFC 7578 §4.3), files are bytes.
        let add = |value: TokenStream| match part.kind {
            PartKind::File => quote! {
                #meta
                form = form.part(#wire, super::http::file_part(Clone::clone(#value), file_name, content_type)?);
            },
            PartKind::Files => quote! {
                #meta
                for item in #value {
                    form = form.part(#wire, super::http::file_part(Clone::clone(item), file_name, content_type)?);
                }
            },
            PartKind::TextList => quote! {
                for item in #value {
                    if let Some(text) = super::http::part_text(item)? {
                        form = form.text(#wire, text);
                    }
                }
            },
            PartKind::Text => quote! {
                if let Some(text) = super::http::part_text(#value)? {
                    form = form.text(#wire, text);
                }
            },
        };
        if part.optional {
            let add = add(quote!(value));
            let pattern = if part.nullable {
                quote!(Some(Some(value)))
            } else {
                quote!(Some(value))
            };
            quote! {
                if let #pattern = &body.#name {
                    #add
                }
            }
        } else {
            add(quote!(&body.#name))
        }
    });
    quote! {
        let mut form = ::reqwest::multipart::Form::new();
        #(#parts)*
        request = request.multipart(form);
    }
}

/// Adds credential `i`, held in the variable `value`, to `request` (or to `cookies`).
fn credential_statement(api: &Api, i: usize, value: &proc_macro2::Ident) -> TokenStream {
    let invalid = quote!(super::error::Error::InvalidRequest(
        "a credential is not valid text".to_owned()
    ));
    match &api.security_schemes[i].kind {
        SchemeKind::Bearer | SchemeKind::Basic => {
            quote!(request = request.header(::reqwest::header::AUTHORIZATION, #value.clone());)
        }
        SchemeKind::Header(h) => quote!(request = request.header(#h, #value.clone());),
        SchemeKind::Cookie(_) => {
            quote!(cookies.push(#value.to_str().map_err(|_| #invalid)?.to_owned());)
        }
        SchemeKind::Query(q) => quote! {
            let value = #value.to_str().map_err(|_| #invalid)?;
            request = request.query(&[(#q, value)]);
        },
    }
}

/// Adds credential `i`, if it is configured.
fn apply_credential(api: &Api, i: usize) -> TokenStream {
    let n = ident(&api.security_schemes[i].name);
    let value = format_ident!("value");
    let statement = credential_statement(api, i, &value);
    quote! {
        if let Some(value) = &this.client.#n {
            #statement
        }
    }
}

/// The match arms that turn each success status into the return value.
fn success_arms(api: &Api, op: &Operation, types: &TokenStream) -> Vec<TokenStream> {
    op.success
        .arms
        .iter()
        .map(|arm| {
            let pattern = super::status_pattern(arm.status);
            // Each arm is the value itself (errors leave through `?`), so
            // the match's type is the return type without naming it.
            let value = match &arm.decode {
                Decode::Json => quote!(response.json()?),
                Decode::JsonSome => quote!(Some(response.json()?)),
                Decode::NoneValue => quote!(None),
                Decode::Unit => quote!(()),
                Decode::Text => quote!(response.text()),
                Decode::Bytes => quote!(response.body),
                // Streamed: `send::send_fns` never reads the body.
                Decode::EventStream { .. } => quote!(return Err(response.into_status_error())),
                Decode::Variant { name, kind } => {
                    let enum_ty = ty(api, &op.success.ty, types);
                    let v = ident(name);
                    match kind {
                        BodyKind::Json => quote!(#enum_ty::#v(response.json()?)),
                        BodyKind::Text => quote!(#enum_ty::#v(response.text())),
                        BodyKind::Empty => quote!(#enum_ty::#v),
                        _ => quote!(#enum_ty::#v(response.body.to_vec())),
                    }
                }
            };
            quote!(#pattern => #value,)
        })
        .collect()
}

/// One operation's request builder: the struct of its input (parameters
/// and body), the builder `<Operation>Builder` as an alias of the runtime's
/// `Request<…Input>`, the setters of its optional parameters, and how it is
/// prepared and decoded. What every builder has (timeout and retry
/// settings, `send`, `IntoFuture`) is the runtime's, written once
/// (`templates/request.rs`).
pub fn emit_builder(api: &Api, op: &Operation, types: &TokenStream) -> TokenStream {
    let builder = ident(&op.builder_name);
    let input = ident(&op.input_name);
    // Intra-doc links name a method by its bare text (`Client::match`);
    // rustdoc does not resolve the raw form.
    let method = op.method_name.bare();
    // An event stream's `send` is its own, not `Request`'s.
    let send = if matches!(op.success.ty, Ty::EventStream(_)) {
        "`send`"
    } else {
        "[`send`](super::request::Request::send)"
    };
    let mut doc = format!(
        "Request builder for [`Client::{method}`]: `{} {}`.\n\nAwait it, or call {send}, to perform the request. {}",
        op.http_method,
        op.path.replace('`', "'"),
        super::send::replay_doc(op),
    );
    if let Some(errors) = super::send::error_body_doc(api, op) {
        doc.push_str("\n\n");
        doc.push_str(&errors);
    }
    let doc = docs::plain(&doc);
    let input_doc = docs::plain(&format!(
        "The parameters and body of [`Client::{method}`], which its [`{}`] holds.",
        op.builder_name
    ));
    let fields = builder_fields(api, op, types);
    let setters = builder_setters(api, op, types);
    let (send, send_impl) = super::send::send_fns(api, op, types, success_arms(api, op, types));
    let prepare = super::send::prepare_impl(api, op);
    let (paginate, next_page) = super::send::paginate_fn(api, op, types);
    let bytes_stream = super::send::bytes_stream_fn(api, op);
    let headers = super::send::headers_struct(api, op, types);
    // A streamed upload body cannot be cloned, so neither can its request.
    let derives = if op.body.as_ref().is_some_and(|b| b.ty == Ty::Body) {
        quote!(#[derive(Debug)])
    } else {
        quote!(#[derive(Debug, Clone)])
    };
    let methods = quote! {
        #(#setters)*
        #send
        #paginate
        #bytes_stream
    };
    let methods = if methods.is_empty() {
        quote!()
    } else {
        let doc = docs::plain(&format!(
            "What the builder of [`Client::{method}`] ([`{}`]) adds: the setters of its optional parameters and body, and its own ways to send.",
            op.builder_name
        ));
        quote! {
            #doc
            impl super::request::Request<#input> {
                #methods
            }
        }
    };
    quote! {
        #doc
        pub type #builder = super::request::Request<#input>;

        #input_doc
        #derives
        pub struct #input {
            #(#fields)*
        }

        #methods

        #next_page

        #prepare

        #send_impl

        #headers
    }
}

/// The file setters of a multipart body's file parts.
pub(super) fn file_setters(op: &Operation) -> impl Iterator<Item = (&MultipartPart, &Ident)> {
    op.body
        .iter()
        .flat_map(|b| b.parts.iter().flatten())
        .filter_map(|p| Some((p, p.file_setter.as_ref()?)))
}

/// The builder's fields: every parameter (optional ones as `Option`), then the body.
fn builder_fields(api: &Api, op: &Operation, types: &TokenStream) -> Vec<TokenStream> {
    let params = op.params.iter().map(|p| {
        let n = ident(&p.name);
        let t = param_ty(api, p, types);
        if p.required {
            quote!(#n: #t,)
        } else {
            quote!(#n: Option<#t>,)
        }
    });
    let body = op.body.as_ref().map(|b| {
        let t = body_ty(api, b, types);
        if b.required {
            quote!(body: #t,)
        } else {
            quote!(body: Option<#t>,)
        }
    });
    let files = file_setters(op).map(|(_, setter)| {
        let n = ident(setter);
        quote!(#n: Option<(String, String)>,)
    });
    params.chain(body).chain(files).collect()
}

/// One setter per optional parameter, and `body` when the body is optional.
fn builder_setters(api: &Api, op: &Operation, types: &TokenStream) -> Vec<TokenStream> {
    let params = op.params.iter().filter(|p| !p.required).map(|p| {
        let n = ident(&p.name);
        let where_ = match p.location {
            ParamIn::Query => "query parameter",
            ParamIn::Header => "header",
            ParamIn::Cookie => "cookie",
            ParamIn::Path => "path parameter",
        };
        let intro = docs::plain(&format!("Sets the `{}` {where_}.", p.wire));
        let rest = docs::attrs(p.docs.text.as_deref(), None);
        let d = if p.docs.text.is_some() {
            quote!(#intro #[doc = ""] #rest)
        } else {
            intro
        };
        let (arg, convert) = argument(api, p, types);
        let deprecated = docs::deprecated(&p.docs);
        quote! {
            #d
            #deprecated
            pub fn #n(mut self, value: #arg) -> Self {
                self.input.#n = Some(value #convert);
                self
            }
        }
    });
    let body = op.body.as_ref().filter(|b| !b.required).map(|b| {
        let (t, convert) = super::client::body_argument(api, b, types);
        quote! {
            /// Sets the request body.
            pub fn body(mut self, value: #t) -> Self {
                self.input.body = Some(value #convert);
                self
            }
        }
    });
    let files = file_setters(op).map(|(part, setter)| {
        let n = ident(setter);
        let doc = docs::plain(&format!(
            "Sends the `{}` file part as `file_name`, of media type `content_type` (by default it is named `{}` and sent as `{}`).",
            part.wire.replace('`', "'"),
            part.wire.replace('`', "'"),
            part.content_type.replace('`', "'"),
        ));
        quote! {
            #doc
            pub fn #n(
                mut self,
                file_name: impl Into<String>,
                content_type: impl Into<String>,
            ) -> Self {
                self.input.#n = Some((file_name.into(), content_type.into()));
                self
            }
        }
    });
    params.chain(body).chain(files).collect()
}

/// Whether the URL and parameter headers are gathered in the runtime's
/// `RequestParts`, which keeps the first encoding error: when some path,
/// query or header parameter is sent. Otherwise the URL is literal text and
/// nothing can fail before the request is built.
fn uses_parts(op: &Operation) -> bool {
    op.path_pieces
        .iter()
        .any(|piece| matches!(piece, PathPiece::Param(_)))
        || op
            .params
            .iter()
            .any(|p| matches!(p.location, ParamIn::Query | ParamIn::Header))
}

/// Statements that start from the base URL `base` and append the path:
/// into `RequestParts` named `parts` (path parameters as encoded segments)
/// when `parts` is set, else into the `String` named `url`.
fn url_statements(op: &Operation, base: TokenStream, parts: bool) -> TokenStream {
    let pieces = op.path_pieces.iter().map(|piece| match piece {
        PathPiece::Literal(text) if parts => quote!(parts.path(#text);),
        // clippy: single_char_add_str.
        PathPiece::Literal(text) if text.chars().count() == 1 => {
            let c = text.chars().next().unwrap_or('/');
            quote!(url.push(#c);)
        }
        PathPiece::Literal(text) => quote!(url.push_str(#text);),
        PathPiece::Param(i) => {
            let n = ident(&op.params[*i].name);
            quote!(parts.segment(&this.input.#n);)
        }
    });
    if parts {
        quote! {
            let mut parts = super::http::RequestParts::new(#base);
            #(#pieces)*
        }
    } else {
        quote! {
            let mut url = #base;
            #(#pieces)*
        }
    }
}

/// The `Style` variant for a parameter style.
fn style_tokens(style: ParamStyle) -> TokenStream {
    match style {
        ParamStyle::Form => quote!(Form),
        ParamStyle::SpaceDelimited => quote!(SpaceDelimited),
        ParamStyle::PipeDelimited => quote!(PipeDelimited),
        ParamStyle::DeepObject => quote!(DeepObject),
    }
}

/// A reference to what is sent for cookie parameter `p`: its value, or for
/// a `content: application/json` parameter its JSON text (`None` stays
/// `None`).
fn cookie_param_value(p: &Param) -> TokenStream {
    let n = ident(&p.name);
    match (p.json_content, p.required) {
        (false, _) => quote!(&this.input.#n),
        (true, true) => quote!(&super::http::json_text(&this.input.#n)?),
        (true, false) => quote!(&this.input.#n.as_ref().map(super::http::json_text).transpose()?),
    }
}

/// Adds each query and header parameter to `parts`, in the spec's order
/// (queries first). An absent optional parameter adds nothing: `None`
/// serializes to no query pair, and an absent header is skipped here (its
/// value may itself serialize to `null`, sent as an empty header).
fn parameter_statements(op: &Operation) -> Vec<TokenStream> {
    let queries = op
        .params
        .iter()
        .filter(|p| p.location == ParamIn::Query)
        .map(|p| {
            let n = ident(&p.name);
            let wire = &p.wire;
            match (p.json_content, p.required) {
                (true, true) => quote!(parts.query_json(#wire, &this.input.#n);),
                (true, false) => quote! {
                    if let Some(value) = &this.input.#n {
                        parts.query_json(#wire, value);
                    }
                },
                (false, _) if p.style == ParamStyle::Form && p.explode => {
                    quote!(parts.query(#wire, &this.input.#n);)
                }
                (false, _) => {
                    let style = style_tokens(p.style);
                    let explode = p.explode;
                    quote!(parts.query_styled(#wire, &this.input.#n, super::http::Style::#style, #explode);)
                }
            }
        });
    let headers = op
        .params
        .iter()
        .filter(|p| p.location == ParamIn::Header)
        .map(|p| {
            let n = ident(&p.name);
            let wire = &p.wire;
            let add = if p.json_content {
                quote!(header_json)
            } else {
                quote!(header)
            };
            if p.required {
                quote!(parts.#add(#wire, &this.input.#n);)
            } else {
                quote! {
                    if let Some(value) = &this.input.#n {
                        parts.#add(#wire, value);
                    }
                }
            }
        });
    queries.chain(headers).collect()
}

/// Adds the credentials of the first security alternative whose credentials
/// are all configured.
fn auth_block(api: &Api, op: &Operation) -> TokenStream {
    let alternatives: Vec<TokenStream> = op
        .security
        .iter()
        .map(|alternative| {
            let names: Vec<proc_macro2::Ident> = alternative
                .iter()
                .map(|&i| ident(&api.security_schemes[i].name))
                .collect();
            let bindings: Vec<proc_macro2::Ident> = (0..alternative.len())
                .map(|k| format_ident!("credential{}", k))
                .collect();
            let apply: Vec<TokenStream> = alternative
                .iter()
                .zip(&bindings)
                .map(|(&i, value)| credential_statement(api, i, value))
                .collect();
            if names.len() == 1 {
                let (n, b) = (&names[0], &bindings[0]);
                quote!(if let Some(#b) = &this.client.#n { #(#apply)* })
            } else {
                let somes = bindings.iter().map(|b| quote!(Some(#b)));
                quote!(if let (#(#somes),*) = (#(&this.client.#names),*) { #(#apply)* })
            }
        })
        .collect();
    // When no alternative is complete, whatever the first one has configured is
    // still sent, so a half-configured client gets the server's 401 rather
    // than a silent unauthenticated request.
    let partial: Vec<TokenStream> = op
        .security
        .first()
        .filter(|first| first.len() > 1)
        .map(|first| first.iter().map(|&i| apply_credential(api, i)).collect())
        .unwrap_or_default();
    match (alternatives.is_empty(), partial.is_empty()) {
        (true, _) => quote!(),
        (false, true) => quote!(#(#alternatives)else*),
        (false, false) => quote!(#(#alternatives)else* else { #(#partial)* }),
    }
}

/// Cookie parameters and cookie credentials, sent as one `Cookie` header
/// marked sensitive: the statements that start the list and that finish it
/// (around the credentials, which may add to it). Both empty without cookies.
fn cookie_blocks(api: &Api, op: &Operation) -> (TokenStream, TokenStream) {
    let cookies: Vec<TokenStream> = op
        .params
        .iter()
        .filter(|p| p.location == ParamIn::Cookie)
        .map(|p| {
            let wire = &p.wire;
            let value = cookie_param_value(p);
            quote! {
                let mut pairs = Vec::new();
                super::http::push_query(&mut pairs, #wire, #value, super::http::Style::Form, false)?;
                cookies.extend(pairs.into_iter().map(|(k, v)| format!("{k}={}", super::http::cookie_value(&v))));
            }
        })
        .collect();
    let uses_cookie_scheme = op
        .security
        .iter()
        .flatten()
        .any(|&i| matches!(api.security_schemes[i].kind, SchemeKind::Cookie(_)));
    if cookies.is_empty() && !uses_cookie_scheme {
        return (quote!(), quote!());
    }
    let start = quote!(let mut cookies: Vec<String> = Vec::new(););
    let end = quote! {
        #(#cookies)*
        if !cookies.is_empty() {
            request = request.header(::reqwest::header::COOKIE, super::http::sensitive_header(&cookies.join("; "))?);
        }
    };
    (start, end)
}

/// Attaches the body, if there is one, in its encoding.
fn body_statements(op: &Operation) -> Option<TokenStream> {
    op.body.as_ref().map(|b| {
        let media = &b.media_type;
        let attach = match b.kind {
            BodyKind::Json => quote!(request = request.json(body);),
            BodyKind::Form => {
                let fields = b.form_encoding.iter().map(|e| {
                    let wire = &e.wire;
                    let style = style_tokens(e.style);
                    let explode = e.explode;
                    quote!(super::http::FormField { name: #wire, style: super::http::Style::#style, explode: #explode },)
                });
                quote! {
                    let form = super::http::form_body(body, &[#(#fields)*])?;
                    request = request.header(::reqwest::header::CONTENT_TYPE, #media).body(form);
                }
            }
            BodyKind::Multipart => multipart(b.parts.as_deref()),
            // Moved, not copied: a `reqwest::Body` may be a stream.
            _ if b.ty == Ty::Body && b.required => {
                return quote!(request = request.header(::reqwest::header::CONTENT_TYPE, #media).body(this.input.body););
            }
            _ if b.ty == Ty::Body => {
                return quote! {
                    if let Some(body) = this.input.body {
                        request = request.header(::reqwest::header::CONTENT_TYPE, #media).body(body);
                    }
                };
            }
            _ => quote!(request = request.header(::reqwest::header::CONTENT_TYPE, #media).body(body.clone());),
        };
        if b.required {
            quote! {
                let body = &this.input.body;
                #attach
            }
        } else {
            quote! {
                if let Some(body) = &this.input.body {
                    #attach
                }
            }
        }
    })
}

/// Sets `Accept` to the media types the documented responses come in.
fn accept_statement(op: &Operation) -> TokenStream {
    match &op.accept {
        Some(value) => quote!(request = request.header(::reqwest::header::ACCEPT, #value);),
        None => quote!(),
    }
}

/// Creates `request` from the base URL `base`, the path and the
/// parameters, and adds credentials, cookies, the body and `Accept` to it.
/// The path, query and header parameters are all encoded before the one
/// `?` that returns the first of their errors (`RequestParts::build`), and
/// before anything else can fail, as if each had its own `?`.
pub(super) fn request_setup(api: &Api, op: &Operation, base: TokenStream) -> TokenStream {
    let http_method = format_ident!("{}", op.http_method.as_str());
    let parts = uses_parts(op);
    let url = url_statements(op, base, parts);
    let (params, request) = if parts {
        (
            parameter_statements(op),
            quote!(parts.build(&this.client.http, ::reqwest::Method::#http_method)?),
        )
    } else {
        (
            Vec::new(),
            quote!(this.client.http.request(::reqwest::Method::#http_method, url)),
        )
    };
    let auth = auth_block(api, op);
    let (cookie_start, cookie_end) = cookie_blocks(api, op);
    let body_send = body_statements(op);
    let accept = accept_statement(op);
    let mutates =
        !(cookie_start.is_empty() && auth.is_empty() && body_send.is_none() && accept.is_empty());
    if !mutates {
        return quote! {
            #url
            #(#params)*
            let request = #request;
        };
    }
    quote! {
        #url
        #(#params)*
        let mut request = #request;
        #cookie_start
        #auth
        #cookie_end
        #body_send
        #accept
    }
}
