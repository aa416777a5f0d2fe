//! Emits what a request builder does once it is configured: the per-request
//! settings (timeout, retries), `send_with_response` (the request, its
//! retries, and the response decoded by status with its headers), `send`,
//! `paginate` for cursor-paginated listings, `bytes_stream` for binary
//! downloads, and the struct of an operation's documented response headers.
//! Part of the emit stage: lowering decided all of it.
//!
//! An operation's code is synchronous (`prepare` builds the request,
//! `decode` reads the response); sending, retrying and reading is the
//! runtime's one shared future (`templates/response.rs`), so a large API does
//! not make the compiler check an `async` state machine per operation.

use super::request::request_setup;
use super::{docs, ident, ty};
use crate::ir::*;
use proc_macro2::TokenStream;
use quote::quote;

/// Whether the operation is retried by default, for its builder's docs
/// (the setters themselves are the runtime's `Request`).
pub(super) fn replay_doc(op: &Operation) -> &'static str {
    match op.replay {
        Replay::Safe => "This operation's method is idempotent: it is retried by default.",
        Replay::WithKey(_) => {
            "This operation is retried by default when its idempotency key is sent."
        }
        Replay::Unsafe => {
            "This operation is not retried by default: repeating it may repeat its effect; [`idempotent(true)`](super::request::Request::idempotent) says it is safe."
        }
    }
}

/// Whether the request may be replayed unless the caller says otherwise.
fn replay_default(op: &Operation) -> TokenStream {
    match op.replay {
        Replay::Safe => quote!(true),
        Replay::Unsafe => quote!(false),
        Replay::WithKey(i) if op.params[i].required => quote!(true),
        Replay::WithKey(i) => {
            let n = ident(&op.params[i].name);
            quote!(this.input.#n.is_some())
        }
    }
}

/// The `Response` type `send_with_response` returns.
pub(super) fn response_ty(api: &Api, op: &Operation, types: &TokenStream) -> TokenStream {
    let out = ty(api, &op.success.ty, types);
    match &op.headers_name {
        Some(h) => {
            let h = ident(h);
            quote!(super::response::Response<#out, #h>)
        }
        None => quote!(super::response::Response<#out>),
    }
}

/// The documented headers of `headers` (the map's variable), or `()`.
fn documented(op: &Operation, headers: TokenStream) -> TokenStream {
    match &op.headers_name {
        Some(h) => {
            let h = ident(h);
            quote!(#h::from_headers(&#headers))
        }
        None => quote!(()),
    }
}

/// The error for a status that is not success, its documented body decoded once.
fn status_error(api: &Api, op: &Operation, response: TokenStream) -> TokenStream {
    match error_body_decoder(api, op) {
        Some(decode) => quote!(#response.into_status_error().with_error_body(#decode)),
        None => quote!(#response.into_status_error()),
    }
}

/// The function that decodes the error bodies `op` documents, if it does.
fn error_body_decoder(api: &Api, op: &Operation) -> Option<TokenStream> {
    let name = ident(&api.types[op.error_type?.0].name);
    Some(quote!(super::types::#name::from_error))
}

/// The base URL: the operation's own server unless the client was given one.
fn base_url(op: &Operation) -> TokenStream {
    match &op.server {
        Some(server) => quote! {
            if this.client.base_url_set {
                this.client.base_url.clone()
            } else {
                String::from(#server)
            }
        },
        None => quote!(this.client.base_url.clone()),
    }
}

/// `impl Prepare for <Operation>Input`: builds the request and decides how
/// it is sent (timeout, retries), without sending it. Synchronous, so an
/// operation adds no `async` state machine of its own for the compiler to
/// check.
pub(super) fn prepare_impl(api: &Api, op: &Operation) -> TokenStream {
    let input = ident(&op.input_name);
    let setup = request_setup(api, op, base_url(op));
    let replay = replay_default(op);
    quote! {
        impl super::request::sealed::Prepare for #input {
            fn prepare(this: super::request::Request<Self>, streamed: bool) -> Result<super::http::Prepared, super::error::Error> {
                #setup
                Ok(this.options.prepare(request, this.client.timeout, &this.client.retry, #replay, streamed))
            }
        }
    }
}

/// Sends the prepared request (retrying as planned): leaves the unread
/// `response` in scope. For streamed responses, which are not read to the end.
fn send_streamed() -> TokenStream {
    quote! {
        let response = super::retry::send(super::request::sealed::Prepare::prepare(self, true)?).await?;
    }
}

/// Where the error bodies the spec documents for `op` end up, for its docs.
pub(super) fn error_body_doc(api: &Api, op: &Operation) -> Option<String> {
    let id = op.error_type?;
    let name = &api.types[id.0].name;
    Some(format!(
        "The error bodies the spec documents are decoded once, as\n[`{name}`](super::types::{name}): `error.error_body::<{name}>()`."
    ))
}

/// The `# Errors` section of an event stream's `send` and `send_with_response`.
fn errors_doc(api: &Api, op: &Operation) -> Vec<TokenStream> {
    let mut errors_doc = String::from(
        " # Errors\n\n [`Error::Status`](super::error::Error::Status) for any status the spec does not document as success,\n [`Error::Decode`](super::error::Error::Decode) when a success body does not match the schema,\n [`Error::Transport`](super::error::Error::Transport) when the request fails, and\n [`Error::InvalidRequest`](super::error::Error::InvalidRequest) when a parameter cannot be encoded."
    );
    if let Some(text) = error_body_doc(api, op) {
        errors_doc.push_str("\n\n");
        errors_doc.push_str(&text);
    }
    errors_doc
        .split('\n')
        .map(|l| {
            let l = format!(" {}", l.trim_start());
            quote!(#[doc = #l])
        })
        .collect()
}

/// How the operation is sent: for a response read to the end (every body
/// but event streams), `impl Operation` for its input, whose plain `decode`
/// the runtime's generic `Request::send` calls through its one shared
/// future ([`ResponseFuture`] in `response.rs`); for an event stream, whose
/// body is handed out unread, its own `async` `send_with_response` and
/// `send` and an `IntoFuture` impl. The methods (empty for the former) go in
/// the `impl Request<…Input>` block, the impls beside it.
pub(super) fn send_fns(
    api: &Api,
    op: &Operation,
    types: &TokenStream,
    arms: Vec<TokenStream>,
) -> (TokenStream, TokenStream) {
    let input = ident(&op.input_name);
    let builder = ident(&op.builder_name);
    let out_ty = ty(api, &op.success.ty, types);
    let event_stream = matches!(op.success.ty, Ty::EventStream(_));
    if event_stream {
        let response_ty = response_ty(api, op, types);
        let errors_doc = errors_doc(api, op);
        let decode = match (&op.success.ty, op.success.arms.first().map(|a| &a.decode)) {
            (Ty::EventStream(data), Some(Decode::EventStream { json: true })) => {
                let data = ty(api, data, types);
                quote!(super::sse::json::<#data>)
            }
            _ => quote!(super::sse::text),
        };
        let body = streamed_body(api, op, quote!(super::sse::events(response, #decode)));
        let fns = quote! {
            /// Sends the request and returns the decoded body with the status and
            /// headers ([`Response`](super::response::Response)).
            #[doc = ""]
            #(#errors_doc)*
            pub async fn send_with_response(self) -> Result<#response_ty, super::error::Error> {
                #body
            }

            /// Sends the request and decodes the response.
            #[doc = ""]
            #(#errors_doc)*
            pub async fn send(self) -> Result<#out_ty, super::error::Error> {
                self.send_with_response().await.map(super::response::Response::into_inner)
            }
        };
        let into_future = quote! {
            impl ::std::future::IntoFuture for #builder {
                type Output = Result<#out_ty, super::error::Error>;
                type IntoFuture = ::std::pin::Pin<Box<dyn ::std::future::Future<Output = Self::Output> + Send>>;

                fn into_future(self) -> Self::IntoFuture {
                    Box::pin(self.send())
                }
            }
        };
        return (fns, into_future);
    }
    let headers = match &op.headers_name {
        Some(h) => {
            let h = ident(h);
            quote!(#h)
        }
        None => quote!(()),
    };
    let body = single_decode(api, op).unwrap_or_else(|| {
        let failed = status_error(api, op, quote!(response));
        let documented = documented(op, quote!(response.headers));
        // A `()` body is not bound (clippy: let_unit_value).
        let (bind, value) = if op.success.ty == Ty::Unit {
            (quote!(), quote!(()))
        } else {
            (quote!(let value =), quote!(value))
        };
        quote! {
            let documented = #documented;
            #bind match response.status {
                #(#arms)*
                _ => return Err(#failed),
            };
            Ok(super::response::Response::new(response.status, response.headers, documented, #value))
        }
    });
    let operation = quote! {
        impl super::request::sealed::Operation for #input {
            type Output = #out_ty;
            type Headers = #headers;

            fn decode(response: super::http::RawResponse) -> super::response::Decoded<Self::Output, Self::Headers> {
                #body
            }
        }
    };
    (quote!(), operation)
}

/// The body of `decode` for an operation with one documented success
/// status whose body is JSON or absent: a call of the runtime's generic
/// `response::single` (most operations), instead of a `match` of their own
/// for the compiler to check. `None` for any other shape.
fn single_decode(api: &Api, op: &Operation) -> Option<TokenStream> {
    let [arm] = op.success.arms.as_slice() else {
        return None;
    };
    let StatusMatch::Code(code) = arm.status else {
        return None;
    };
    let read = match arm.decode {
        Decode::Json => quote!(super::http::RawResponse::json),
        Decode::Unit => quote!(super::response::no_body),
        _ => return None,
    };
    let documented = match &op.headers_name {
        Some(h) => {
            let h = ident(h);
            quote!(#h::from_headers)
        }
        None => quote!(super::response::no_headers),
    };
    let error_body =
        error_body_decoder(api, op).unwrap_or_else(|| quote!(super::response::no_error_body));
    let code = proc_macro2::Literal::u16_unsuffixed(code);
    Some(quote!(super::response::single(response, #code, #read, #documented, #error_body)))
}

/// Sends the request, fails on a status that is not success, and turns the
/// unread response into `value` (a stream).
fn streamed_body(api: &Api, op: &Operation, value: TokenStream) -> TokenStream {
    let sent = send_streamed();
    let failed = status_error(api, op, quote!(super::http::read(response).await?));
    let patterns = op
        .success
        .arms
        .iter()
        .map(|a| super::status_pattern(a.status));
    let documented = documented(op, quote!(headers));
    quote! {
        #sent
        let status = response.status().as_u16();
        match status {
            #(#patterns)|* => {}
            _ => return Err(#failed),
        }
        let headers = response.headers().clone();
        let documented = #documented;
        Ok(super::response::Response::new(status, headers, documented, #value))
    }
}

/// `bytes_stream`, for operations whose success body is binary.
pub(super) fn bytes_stream_fn(api: &Api, op: &Operation) -> TokenStream {
    if op.success.ty != Ty::Bytes {
        return quote!();
    }
    let body = streamed_body(api, op, quote!(super::response::byte_stream(response)));
    let response_ty = match &op.headers_name {
        Some(h) => {
            let h = ident(h);
            quote!(super::response::Response<super::response::ByteStream, #h>)
        }
        None => quote!(super::response::Response<super::response::ByteStream>),
    };
    quote! {
        /// Sends the request and returns the body as a stream of chunks, read
        /// as they arrive, instead of holding it all in memory. No timeout
        /// applies unless [`timeout`](Self::timeout) sets one.
        ///
        /// # Errors
        ///
        /// As [`send`](Self::send); reading a chunk can also fail with
        /// [`Error::Transport`](super::error::Error::Transport).
        pub async fn bytes_stream(self) -> Result<#response_ty, super::error::Error> {
            #body
        }
    }
}

/// An expression of type `Option<&Leaf>`: the value at `steps` from `page`.
fn field_path(steps: &[FieldStep]) -> TokenStream {
    let mut expr = quote!(page);
    let mut optional = false;
    for s in steps {
        let f = ident(&s.field);
        expr = match (optional, s.optional) {
            (false, false) => quote!(#expr.#f),
            (false, true) => quote!(#expr.#f.as_ref()),
            (true, false) => quote!(#expr.map(|v| &v.#f)),
            (true, true) => quote!(#expr.and_then(|v| v.#f.as_ref())),
        };
        if s.nullable {
            // `Option<Option<T>>`: `null` reads as absent here.
            expr = quote!(#expr.and_then(|v| v.as_ref()));
        }
        optional |= s.optional;
    }
    if optional {
        expr
    } else {
        quote!(Some(&#expr))
    }
}

/// `paginate`, for cursor-paginated operations (a builder method), and the
/// input's `next_page`, which it follows (an associated function of the
/// input, so no parameter setter can clash with it).
pub(super) fn paginate_fn(
    api: &Api,
    op: &Operation,
    types: &TokenStream,
) -> (TokenStream, TokenStream) {
    let Some(p) = &op.pagination else {
        return (quote!(), quote!());
    };
    let input = ident(&op.input_name);
    let item = ty(api, &p.item_ty, types);
    let items_field = ident(&p.items.field);
    let items = if p.items.nullable {
        quote!(page.#items_field.flatten().unwrap_or_default())
    } else if p.items.optional {
        quote!(page.#items_field.unwrap_or_default())
    } else {
        quote!(page.#items_field)
    };
    let cursor = field_path(&p.cursor);
    let more = match &p.has_more {
        Some(steps) => {
            let path = field_path(steps);
            quote!(#path.copied() != Some(false))
        }
        None => quote!(true),
    };
    let set_cursor = match &p.cursor_in {
        CursorIn::Query(i) => {
            let n = ident(&op.params[*i].name);
            quote!(next.input.#n = Some(Clone::clone(&cursor));)
        }
        CursorIn::Body(step) => {
            let f = ident(&step.field);
            if step.nullable {
                quote!(next.input.body.#f = Some(Some(Clone::clone(&cursor)));)
            } else if step.optional {
                quote!(next.input.body.#f = Some(Clone::clone(&cursor));)
            } else {
                quote!(next.input.body.#f = Clone::clone(&cursor);)
            }
        }
    };
    let doc = docs::plain(
        "Every item of every page, as a stream: fetches this page, then follows the next-page cursor until there is none (or the page says it has no more). A page that repeats an earlier cursor ends the stream with [`Error::RepeatedCursor`](super::error::Error::RepeatedCursor). Each page is sent with this request's settings, retries included.",
    );
    let page_ty = ty(api, &op.success.ty, types);
    let paginate = quote! {
        #doc
        pub fn paginate(self) -> super::pagination::Items<#item> {
            super::pagination::items(self, Self::send, #input::next_page)
        }
    };
    let next_page = quote! {
        impl #input {
            /// The items of `page`, which `next` fetched, and the request for the
            /// page after it.
            fn next_page(
                mut next: super::request::Request<Self>,
                page: #page_ty,
            ) -> super::pagination::Page<super::request::Request<Self>, #item> {
                let cursor: Option<String> = #cursor.cloned();
                let more = #more;
                let next = match cursor {
                    Some(cursor) if more => {
                        #set_cursor
                        Some((cursor, next))
                    }
                    _ => None,
                };
                super::pagination::Page { items: #items, next }
            }
        }
    };
    (paginate, next_page)
}

/// The struct of an operation's documented response headers.
pub(super) fn headers_struct(api: &Api, op: &Operation, types: &TokenStream) -> TokenStream {
    let Some(name) = &op.headers_name else {
        return quote!();
    };
    let name = ident(name);
    let doc = docs::plain(&format!(
        "The response headers `{}` documents, from [`Response::documented_headers`](super::response::Response::documented_headers). A header that is absent or does not parse is `None`.",
        op.operation_id.replace('`', "'")
    ));
    let fields = op.response_headers.iter().map(|h| {
        let n = ident(&h.name);
        let t = ty(api, &h.ty, types);
        let intro = docs::plain(&format!("The `{}` header.", h.wire));
        let rest = docs::attrs(h.docs.text.as_deref(), None);
        quote!(#intro #[doc = ""] #rest pub #n: Option<#t>,)
    });
    let inits = op.response_headers.iter().map(|h| {
        let n = ident(&h.name);
        let wire = &h.wire;
        quote!(#n: super::response::header(headers, #wire),)
    });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Default)]
        pub struct #name {
            #(#fields)*
        }

        impl #name {
            fn from_headers(headers: &::reqwest::header::HeaderMap) -> Self {
                #name { #(#inits)* }
            }
        }
    }
}
