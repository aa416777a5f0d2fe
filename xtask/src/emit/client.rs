//! Emits `client.rs`: the `Client`, its builder, and one request builder per operation.
//!
//! `Client::builder()` takes the base URL (default: the spec's first server)
//! and one setter per security scheme, named after the scheme. Each operation
//! is a `Client` method taking the required parameters and body, returning a
//! request builder with one setter per optional parameter; awaiting the builder
//! (it implements `IntoFuture`) or calling `send` performs the request. Adding
//! an optional parameter to the spec therefore never breaks a caller. The
//! builder is the runtime's generic `Request` of the operation's input struct
//! (`emit::request`), so what every builder has is written once.

use super::request::emit_builder;
use super::{docs, ident, ty};
use crate::ir::*;
use proc_macro2::TokenStream;
use quote::quote;

/// The `client` module.
pub fn emit(api: &Api) -> TokenStream {
    let head = emit_head(api);
    let units = (0..units(api)).map(|i| emit_unit(api, i));
    quote! {
        #head
        #(#units)*
    }
}

/// How many units follow the head of `client.rs`: one per operation (its
/// request builder), then the constructors of request bodies.
pub fn units(api: &Api) -> usize {
    api.operations.len() + 1
}

/// Unit `i` of `client.rs` (see [`units`]).
pub fn emit_unit(api: &Api, i: usize) -> TokenStream {
    let types = quote!(super::types::);
    match api.operations.get(i) {
        Some(op) => emit_builder(api, op, &types),
        None => super::constructors::emit(api, &types),
    }
}

/// What `client.rs` has before the request builders: its docs, the `Client`
/// with one method per operation, and the `ClientBuilder`.
pub fn emit_head(api: &Api) -> TokenStream {
    let types = quote!(super::types::);
    let title = &api.title;
    // The title is spec text (escaped); the rest is ours (links kept).
    let title_doc = docs::attrs(Some(&format!("A client for the {title}.")), None);
    let usage_doc = docs::plain(
        "\nCreate one with [`Client::builder`]. Cloning is cheap: clones share the connection pool.",
    );
    let client_doc = quote!(#title_doc #usage_doc);
    let scheme_fields = api.security_schemes.iter().map(|s| {
        let name = ident(&s.name);
        quote!(#name: Option<::reqwest::header::HeaderValue>,)
    });
    let builder_fields = api.security_schemes.iter().map(|s| {
        let name = ident(&s.name);
        quote!(#name: Option<super::http::Secret>,)
    });
    let builder_impl = client_builder_impl(api);
    let base_url_set_field = if has_servers(api) {
        quote! {
            /// The caller chose the base URL, so it wins over operations' own servers.
            base_url_set: bool,
        }
    } else {
        quote!()
    };
    let methods = api.operations.iter().map(|op| emit_method(api, op, &types));

    let allow_deprecated = docs::allow_deprecated(api);
    quote! {
        //! The API client and one request builder per operation.
        #allow_deprecated

        #client_doc
        #[derive(Debug, Clone)]
        pub struct Client {
            http: ::reqwest::Client,
            base_url: String,
            #base_url_set_field
            timeout: Option<::std::time::Duration>,
            retry: super::retry::RetryPolicy,
            #(#scheme_fields)*
        }

        /// Configures and builds a [`Client`]. Credentials are kept out of `Debug` output.
        ///
        /// Defaults: a 60 s timeout per request (connect, send, read the whole
        /// response), a 10 s connect timeout, and [`RetryPolicy::default`](super::retry::RetryPolicy):
        /// two retries with exponential backoff and jitter, honouring `Retry-After`.
        #[derive(Debug, Default)]
        pub struct ClientBuilder {
            base_url: Option<String>,
            http_client: Option<::reqwest::Client>,
            timeout: Option<Option<::std::time::Duration>>,
            connect_timeout: Option<::std::time::Duration>,
            retry: Option<super::retry::RetryPolicy>,
            #(#builder_fields)*
        }

        #builder_impl

        impl Client {
            /// Starts configuring a client.
            pub fn builder() -> ClientBuilder {
                ClientBuilder::default()
            }

            /// The base URL requests go to, without a trailing `/`.
            pub fn base_url(&self) -> &str {
                &self.base_url
            }

            /// The timeout of each request, unless a request builder sets its own.
            pub fn timeout(&self) -> Option<::std::time::Duration> {
                self.timeout
            }

            /// The retry policy of each request, unless a request builder sets its own.
            pub fn retry_policy(&self) -> &super::retry::RetryPolicy {
                &self.retry
            }

            /// The underlying `reqwest::Client`, for requests the spec does not describe.
            pub fn http_client(&self) -> &::reqwest::Client {
                &self.http
            }

            #(#methods)*
        }
    }
}

/// `impl ClientBuilder`: the base URL, HTTP client and timeout setters, one
/// setter per security scheme, and `build`, which checks them all.
fn client_builder_impl(api: &Api) -> TokenStream {
    let setters = api.security_schemes.iter().map(emit_scheme_setter);
    let settings = builder_settings();
    let build_schemes = api.security_schemes.iter().map(build_scheme);
    let scheme_names = api.security_schemes.iter().map(|s| ident(&s.name));
    let base_url_set_init = if has_servers(api) {
        quote!(base_url_set: self.base_url.is_some(),)
    } else {
        quote!()
    };
    let default_base = match &api.default_base_url {
        Some(url) => quote!(Some(#url)),
        None => quote!(None),
    };
    let base_doc = match &api.default_base_url {
        Some(url) => format!(
            "Sets the base URL requests go to; defaults to `{url}`, the spec's first server."
        ),
        None => {
            "Sets the base URL requests go to. Required: the spec names no absolute server URL."
                .to_string()
        }
    };
    let base_doc = docs::doc_attr(&base_doc);
    let user_agent = format!(
        "{}/{} (generated by cargo xtask codegen)",
        api.title.replace(|c: char| !c.is_ascii_graphic(), "-"),
        api.version.replace(|c: char| !c.is_ascii_graphic(), "-")
    );
    quote! {
        impl ClientBuilder {
            #base_doc
            pub fn base_url(mut self, url: impl Into<String>) -> Self {
                self.base_url = Some(url.into());
                self
            }

            /// Uses this `reqwest::Client` (for proxies, custom TLS, connection
            /// pool settings, …) instead of a default one.
            pub fn http_client(mut self, client: ::reqwest::Client) -> Self {
                self.http_client = Some(client);
                self
            }

            #settings

            #(#setters)*

            /// Builds the client.
            ///
            /// # Errors
            ///
            /// [`Error::InvalidRequest`](super::error::Error::InvalidRequest) when the base URL is missing or
            /// does not parse, or a credential cannot be sent in an HTTP header;
            /// [`Error::Transport`](super::error::Error::Transport) when the default HTTP client cannot be created.
            pub fn build(self) -> Result<Client, super::error::Error> {
                let default_base: Option<&str> = #default_base;
                let base_url = match (&self.base_url, default_base) {
                    (Some(url), _) => url.as_str(),
                    (None, Some(url)) => url,
                    (None, None) => {
                        return Err(super::error::Error::InvalidRequest(
                            "no base URL: call ClientBuilder::base_url".to_owned(),
                        ))
                    }
                };
                let base_url = super::http::base_url(base_url)?;
                #(#build_schemes)*
                let http = match self.http_client {
                    Some(client) => client,
                    None => ::reqwest::Client::builder()
                        .user_agent(#user_agent)
                        .connect_timeout(self.connect_timeout.unwrap_or(::std::time::Duration::from_secs(10)))
                        .build()?,
                };
                Ok(Client {
                    http,
                    base_url,
                    #base_url_set_init
                    timeout: self.timeout.unwrap_or(Some(::std::time::Duration::from_secs(60))),
                    retry: self.retry.unwrap_or_default(),
                    #(#scheme_names),*
                })
            }
        }
    }
}

/// In `build`: the credential's header value, checked (a value that is not
/// valid header text is an error) and marked sensitive.
fn build_scheme(s: &SecurityScheme) -> TokenStream {
    let name = ident(&s.name);
    let value = match &s.kind {
        SchemeKind::Bearer => quote!(format!("Bearer {}", secret.0)),
        SchemeKind::Basic => quote!(secret.0.clone()),
        SchemeKind::Cookie(cookie) => {
            quote!(format!("{}={}", #cookie, super::http::cookie_value(&secret.0)))
        }
        SchemeKind::Header(_) | SchemeKind::Query(_) => quote!(secret.0.clone()),
    };
    quote! {
        let #name = match &self.#name {
            Some(secret) => Some(super::http::sensitive_header(&#value)?),
            None => None,
        };
    }
}

/// Some operation has its own server, so the client must know whether the
/// caller chose the base URL.
fn has_servers(api: &Api) -> bool {
    api.operations.iter().any(|op| op.server.is_some())
}

/// The `ClientBuilder` setters of timeouts and the retry policy.
fn builder_settings() -> TokenStream {
    quote! {
            /// Gives up on a request (connect, send and read the whole
            /// response) after `timeout`; the error is
            /// [`Error::Transport`](super::error::Error::Transport). 60 s by
            /// default; a request builder's `timeout` overrides it for one
            /// request. Streamed responses (`bytes_stream`, server-sent events)
            /// have no timeout unless their request sets one.
            pub fn timeout(mut self, timeout: ::std::time::Duration) -> Self {
                self.timeout = Some(Some(timeout));
                self
            }

            /// Removes the default 60 s timeout: requests wait as long as the server takes.
            pub fn no_timeout(mut self) -> Self {
                self.timeout = Some(None);
                self
            }

            /// Gives up on connecting after `timeout` (10 s by default). Ignored
            /// when [`http_client`](Self::http_client) supplies the client.
            pub fn connect_timeout(mut self, timeout: ::std::time::Duration) -> Self {
                self.connect_timeout = Some(timeout);
                self
            }

            /// Retries failed requests as `policy` says (default:
            /// [`RetryPolicy::default`](super::retry::RetryPolicy)); request builders can override it.
            pub fn retry_policy(mut self, policy: super::retry::RetryPolicy) -> Self {
                self.retry = Some(policy);
                self
            }

            /// Retries a failed request at most `max_retries` times (default 2; `0` disables retries).
            pub fn max_retries(mut self, max_retries: u32) -> Self {
                self.retry = Some(self.retry.unwrap_or_default().max_retries(max_retries));
                self
            }
    }
}

fn emit_scheme_setter(s: &SecurityScheme) -> TokenStream {
    let name = ident(&s.name);
    let how = match &s.kind {
        SchemeKind::Bearer => "sent as `Authorization: Bearer {value}`".to_string(),
        SchemeKind::Basic => "sent as HTTP basic `Authorization`".to_string(),
        SchemeKind::Header(h) => format!("sent in the `{h}` header"),
        SchemeKind::Query(q) => format!("sent as the `{q}` query parameter"),
        SchemeKind::Cookie(c) => format!("sent as the `{c}` cookie"),
    };
    let intro = docs::plain(&format!(
        "Sets the `{}` credential, {how} on the operations that use it.",
        s.wire
    ));
    let doc = docs::attrs(s.docs.text.as_deref(), Some(&s.docs.source));
    let doc = quote!(#intro #[doc = ""] #doc);
    match s.kind {
        SchemeKind::Basic => quote! {
            #doc
            pub fn #name(mut self, username: impl AsRef<str>, password: impl AsRef<str>) -> Self {
                let raw = format!("{}:{}", username.as_ref(), password.as_ref());
                self.#name = Some(super::http::Secret(format!("Basic {}", super::http::base64(raw.as_bytes()))));
                self
            }
        },
        _ => quote! {
            #doc
            pub fn #name(mut self, value: impl Into<String>) -> Self {
                self.#name = Some(super::http::Secret(value.into()));
                self
            }
        },
    }
}

/// The parameters that are arguments of the client method: required ones, in order.
pub(super) fn arguments(op: &Operation) -> impl Iterator<Item = &Param> {
    op.params.iter().filter(|p| p.required)
}

/// The stored type of a parameter.
pub(super) fn param_ty(api: &Api, p: &Param, types: &TokenStream) -> TokenStream {
    ty(api, &p.ty, types)
}

/// How a method or setter takes a parameter, and the conversion to its
/// stored type: strings as `impl Into<String>` (so `"abc"` works), everything
/// else as itself (an `impl Into<u64>` would make `5` fail to infer).
pub(super) fn argument(api: &Api, p: &Param, types: &TokenStream) -> (TokenStream, TokenStream) {
    match p.ty {
        Ty::String => (quote!(impl Into<String>), quote!(.into())),
        _ => (param_ty(api, p, types), quote!()),
    }
}

fn emit_method(api: &Api, op: &Operation, types: &TokenStream) -> TokenStream {
    let method = ident(&op.method_name);
    let builder = ident(&op.builder_name);
    let input = ident(&op.input_name);
    let args = arguments(op).map(|p| {
        let n = ident(&p.name);
        let (t, _) = argument(api, p, types);
        quote!(#n: #t)
    });
    let body_arg = op.body.as_ref().filter(|b| b.required).map(|b| {
        let (t, _) = body_argument(api, b, types);
        quote!(body: #t)
    });
    let all_args: Vec<TokenStream> = args.chain(body_arg).collect();
    let inits = op.params.iter().map(|p| {
        let n = ident(&p.name);
        if p.required {
            match argument(api, p, types).1 {
                convert if convert.is_empty() => quote!(#n,),
                convert => quote!(#n: #n #convert,),
            }
        } else {
            quote!(#n: None,)
        }
    });
    let file_inits = super::request::file_setters(op).map(|(_, setter)| {
        let n = ident(setter);
        quote!(#n: None,)
    });
    let body_init = op
        .body
        .as_ref()
        .map(|b| match (b.required, b.ty == Ty::Body) {
            (true, false) => quote!(body,),
            (true, true) => quote!(body: body.into(),),
            (false, _) => quote!(body: None,),
        });
    let mut text = op
        .docs
        .text
        .clone()
        .unwrap_or_else(|| format!("Calls `{}`.", op.operation_id));
    text.push_str(&format!("\n\n`{} {}`", op.http_method, op.path));
    if !op.responses.is_empty() {
        text.push_str("\n\nResponses:");
        for r in &op.responses {
            let status = match r.status {
                StatusMatch::Code(c) => c.to_string(),
                StatusMatch::Range(d) => format!("{d}XX"),
                StatusMatch::Default => "default".to_string(),
            };
            let what = r
                .description
                .as_deref()
                .unwrap_or("")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            text.push_str(&format!("\n- `{status}`: {what}"));
        }
    }
    // A required parameter is an argument, which cannot carry
    // `#[deprecated]`: the method's docs say it instead.
    let deprecated_args: Vec<String> = op
        .params
        .iter()
        .filter(|p| p.required)
        .filter_map(|p| Some(format!("\n- `{}`: {}", p.wire, p.docs.deprecated.as_ref()?)))
        .collect();
    if !deprecated_args.is_empty() {
        text.push_str("\n\nDeprecated parameters (the spec still requires them):");
        deprecated_args.iter().for_each(|d| text.push_str(d));
    }
    let doc = docs::attrs(Some(&text), Some(&op.docs.source));
    let deprecated = if op.deprecated {
        quote!(#[deprecated])
    } else {
        quote!()
    };
    let many = if all_args.len() > 6 {
        quote!(#[allow(clippy::too_many_arguments)])
    } else {
        quote!()
    };
    quote! {
        #doc
        #[doc = ""]
        #[doc = " Returns a request builder: set optional parameters on it, then `.await` it (or call `send`)."]
        #[doc = " The builder owns a clone of the client (cheap: the connection pool is shared), so"]
        #[doc = " the request can be sent from a spawned task."]
        #deprecated
        #many
        pub fn #method(&self, #(#all_args),*) -> #builder {
            super::request::Request {
                client: Clone::clone(self),
                options: Default::default(),
                input: #input {
                    #(#inits)*
                    #body_init
                    #(#file_inits)*
                },
            }
        }
    }
}

/// The type the caller passes a request body as (lowering decided it per encoding).
pub(super) fn body_ty(api: &Api, b: &RequestBody, types: &TokenStream) -> TokenStream {
    ty(api, &b.ty, types)
}

/// How a method or setter takes the body, and the conversion to its stored
/// type: a binary body as anything that becomes a `reqwest::Body` (bytes,
/// a `Vec<u8>`, a stream), without a copy.
pub(super) fn body_argument(
    api: &Api,
    b: &RequestBody,
    types: &TokenStream,
) -> (TokenStream, TokenStream) {
    match b.ty {
        Ty::Body => (quote!(impl Into<::reqwest::Body>), quote!(.into())),
        _ => (body_ty(api, b, types), quote!()),
    }
}
