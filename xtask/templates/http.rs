//! The HTTP plumbing every operation shares: credentials kept out of `Debug`,
//! path, query, header, cookie and form encoding, multipart text parts, and
//! reading a response to the end.
//!
//! This module is the same for every generated crate: the generator copies it
//! verbatim from `xtask/templates/http.rs`. Nothing here is public API.
// Each API uses only some of the helpers below.
#![allow(dead_code)]

use super::error::Error;

/// A credential, kept out of `Debug` output.
#[derive(Clone)]
pub(crate) struct Secret(pub(crate) String);

impl ::std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.write_str("Secret(\"***\")")
    }
}

/// A header value marked sensitive, so `Debug` and HTTP/2 tables skip it.
pub(crate) fn sensitive_header(value: &str) -> Result<::reqwest::header::HeaderValue, Error> {
    let mut header = ::reqwest::header::HeaderValue::from_str(value).map_err(|_| {
        Error::InvalidRequest(
            "a credential contains characters not allowed in an HTTP header".to_owned(),
        )
    })?;
    header.set_sensitive(true);
    Ok(header)
}

/// Standard base64, for HTTP basic credentials.
pub(crate) fn base64(bytes: &[u8]) -> String {
    use ::base64::Engine as _;
    ::base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// Checks a base URL (absolute, no query or fragment, since paths are
/// appended to it) and drops its trailing `/`.
pub(crate) fn base_url(url: &str) -> Result<String, Error> {
    let parsed = ::reqwest::Url::parse(url)
        .map_err(|e| Error::InvalidRequest(format!("base URL `{url}` is not a valid URL: {e}")))?;
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(Error::InvalidRequest(format!(
            "base URL `{url}` has a query or fragment; operation paths are appended to it"
        )));
    }
    Ok(url.trim_end_matches('/').to_owned())
}

/// The text form of a parameter value: strings as they are, numbers and
/// booleans in JSON notation, arrays and objects as their items joined by `,`.
fn text(value: &::serde_json::Value) -> String {
    match value {
        ::serde_json::Value::Null => String::new(),
        ::serde_json::Value::String(s) => s.clone(),
        ::serde_json::Value::Array(items) => items.iter().map(text).collect::<Vec<_>>().join(","),
        ::serde_json::Value::Object(map) => map
            .iter()
            .flat_map(|(k, v)| [k.clone(), text(v)])
            .collect::<Vec<_>>()
            .join(","),
        other => other.to_string(),
    }
}

fn to_value<T: ::serde::Serialize + ?Sized>(value: &T) -> Result<::serde_json::Value, Error> {
    ::serde_json::to_value(value)
        .map_err(|e| Error::InvalidRequest(format!("a parameter could not be serialized: {e}")))
}

/// Characters left as they are in a path segment: RFC 3986 unreserved.
const SEGMENT: &::percent_encoding::AsciiSet = &::percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A path parameter as one percent-encoded segment, so `/`, `?` and `#`
/// cannot change the path. Empty, `.` and `..` are refused: URL parsers treat
/// them (even percent-encoded) as "this" or "parent" segments, so no encoding
/// keeps them in place.
fn path_segment<T: ::serde::Serialize + ?Sized>(value: &T) -> Result<String, Error> {
    let raw = text(&to_value(value)?);
    if raw.is_empty() || raw == "." || raw == ".." {
        return Err(Error::InvalidRequest(format!(
            "a path parameter cannot be {raw:?}: it would change which resource the path names"
        )));
    }
    Ok(::percent_encoding::utf8_percent_encode(&raw, SEGMENT).to_string())
}

/// A cookie value, percent-encoded so `;`, `,`, spaces and quotes cannot end
/// the value or start another cookie.
pub(crate) fn cookie_value(value: &str) -> String {
    ::percent_encoding::utf8_percent_encode(value, SEGMENT).to_string()
}

/// How a query parameter's arrays and objects are spelled (OpenAPI `style`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    /// `form`: `a=1&a=2` exploded, `a=1,2` not.
    Form,
    /// `spaceDelimited`: `a=1 2`.
    SpaceDelimited,
    /// `pipeDelimited`: `a=1|2`.
    PipeDelimited,
    /// `deepObject`: `a[key]=value`.
    DeepObject,
}

/// Appends the query pairs for parameter `name`.
pub(crate) fn push_query<T: ::serde::Serialize + ?Sized>(
    pairs: &mut Vec<(String, String)>,
    name: &str,
    value: &T,
    style: Style,
    explode: bool,
) -> Result<(), Error> {
    match to_value(value)? {
        ::serde_json::Value::Null => {}
        ::serde_json::Value::Array(items) => {
            let items: Vec<String> = items.iter().map(text).collect();
            match style {
                Style::Form if explode => {
                    pairs.extend(items.into_iter().map(|v| (name.to_owned(), v)))
                }
                Style::SpaceDelimited => pairs.push((name.to_owned(), items.join(" "))),
                Style::PipeDelimited => pairs.push((name.to_owned(), items.join("|"))),
                _ => pairs.push((name.to_owned(), items.join(","))),
            }
        }
        ::serde_json::Value::Object(map) => match style {
            Style::DeepObject => {
                for (key, v) in &map {
                    if !v.is_null() {
                        pairs.push((format!("{name}[{key}]"), text(v)));
                    }
                }
            }
            _ if explode => {
                for (key, v) in &map {
                    if !v.is_null() {
                        pairs.push((key.clone(), text(v)));
                    }
                }
            }
            _ => pairs.push((name.to_owned(), text(&::serde_json::Value::Object(map)))),
        },
        scalar => pairs.push((name.to_owned(), text(&scalar))),
    }
    Ok(())
}

/// The text of a multipart form field: strings as they are, other values as
/// JSON, and `None` for `null` (the part is left out).
pub(crate) fn part_text<T: ::serde::Serialize + ?Sized>(
    value: &T,
) -> Result<Option<String>, Error> {
    Ok(match to_value(value)? {
        ::serde_json::Value::Null => None,
        ::serde_json::Value::String(s) => Some(s),
        other => Some(other.to_string()),
    })
}

/// A multipart file part: `bytes`, named `file_name`, sent as `content_type`.
pub(crate) fn file_part(
    bytes: Vec<u8>,
    file_name: &str,
    content_type: &str,
) -> Result<::reqwest::multipart::Part, Error> {
    ::reqwest::multipart::Part::bytes(bytes)
        .file_name(file_name.to_owned())
        .mime_str(content_type)
        .map_err(|_| Error::InvalidRequest(format!("`{content_type}` is not a media type")))
}

/// A header parameter's value.
fn header_value<T: ::serde::Serialize + ?Sized>(
    name: &str,
    value: &T,
) -> Result<::reqwest::header::HeaderValue, Error> {
    let raw = text(&to_value(value)?);
    ::reqwest::header::HeaderValue::from_str(&raw).map_err(|_| {
        Error::InvalidRequest(format!(
            "the value of header `{name}` contains characters not allowed in HTTP headers"
        ))
    })
}

/// What an operation's parameters add to its request: the URL with its path
/// segments, the query pairs and the header parameters, gathered before the
/// request is built ([`build`](Self::build)).
///
/// Any parameter can fail to encode (a path segment of `..`, a header value
/// with a newline). Each step keeps the first such error, the fallible
/// steps after it do nothing, and `build` returns it: the same error, from
/// the same step, as returning at the first failure. That way an
/// operation's `prepare` has one early return instead of one `?` per
/// parameter, each of which the compiler checks as its own match and error
/// conversion, which adds up in APIs with thousands of parameters.
pub(crate) struct RequestParts {
    url: String,
    query: Vec<(String, String)>,
    headers: Vec<(&'static str, ::reqwest::header::HeaderValue)>,
    error: Option<Error>,
}

impl RequestParts {
    /// Starts at `base_url`, the client's base URL or the operation's server.
    pub(crate) fn new(base_url: String) -> Self {
        RequestParts {
            url: base_url,
            query: Vec::new(),
            headers: Vec::new(),
            error: None,
        }
    }

    /// Appends a literal part of the path, as the spec writes it.
    pub(crate) fn path(&mut self, literal: &str) {
        self.url.push_str(literal);
    }

    /// Runs the fallible `step` unless an earlier one failed, and keeps its
    /// error.
    fn step(&mut self, step: impl FnOnce(&mut Self) -> Result<(), Error>) {
        if self.error.is_none() {
            if let Err(e) = step(self) {
                self.error = Some(e);
            }
        }
    }

    /// Appends a path parameter as one percent-encoded segment
    /// ([`path_segment`]).
    pub(crate) fn segment<T: ::serde::Serialize + ?Sized>(&mut self, value: &T) {
        self.step(|parts| {
            parts.url.push_str(&path_segment(value)?);
            Ok(())
        });
    }

    /// Adds a query parameter in the default style: `form`, exploded
    /// (`a=1&a=2`). `None` adds nothing.
    pub(crate) fn query<T: ::serde::Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        self.query_styled(name, value, Style::Form, true);
    }

    /// Adds a query parameter in `style` ([`push_query`]). `None` adds nothing.
    pub(crate) fn query_styled<T: ::serde::Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
        style: Style,
        explode: bool,
    ) {
        self.step(|parts| push_query(&mut parts.query, name, value, style, explode));
    }

    /// Adds a `content: application/json` query parameter: its JSON text as
    /// one value ([`json_text`]).
    pub(crate) fn query_json<T: ::serde::Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        self.step(|parts| {
            parts.query.push((name.to_owned(), json_text(value)?));
            Ok(())
        });
    }

    /// Adds a header parameter ([`header_value`]).
    pub(crate) fn header<T: ::serde::Serialize + ?Sized>(&mut self, name: &'static str, value: &T) {
        self.step(|parts| {
            parts.headers.push((name, header_value(name, value)?));
            Ok(())
        });
    }

    /// Adds a `content: application/json` header parameter: its JSON text.
    pub(crate) fn header_json<T: ::serde::Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) {
        self.step(|parts| {
            parts
                .headers
                .push((name, header_value(name, &json_text(value)?)?));
            Ok(())
        });
    }

    /// Starts the `method` request to the URL and adds the query pairs (if
    /// any), then the headers, in the order they were added; or returns the
    /// first error a step kept, before building anything.
    pub(crate) fn build(
        self,
        http: &::reqwest::Client,
        method: ::reqwest::Method,
    ) -> Result<::reqwest::RequestBuilder, Error> {
        if let Some(error) = self.error {
            return Err(error);
        }
        let mut request = http.request(method, self.url);
        if !self.query.is_empty() {
            request = request.query(&self.query);
        }
        for (name, value) in self.headers {
            request = request.header(name, value);
        }
        Ok(request)
    }
}

/// A response read to the end: status, content type, headers and body.
pub struct RawResponse {
    pub(crate) status: u16,
    pub(crate) content_type: Option<String>,
    pub(crate) headers: ::reqwest::header::HeaderMap,
    pub(crate) body: ::bytes::Bytes,
}

/// Reads the whole of `response`.
pub(crate) async fn read(response: ::reqwest::Response) -> Result<RawResponse, Error> {
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get(::reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let headers = response.headers().clone();
    let body = response
        .bytes()
        .await
        .map_err(|e| Error::Transport(e.without_url()))?;
    Ok(RawResponse {
        status,
        content_type,
        headers,
        body,
    })
}

/// A parameter declared with `content: application/json`: its JSON text,
/// sent as one value.
pub(crate) fn json_text<T: ::serde::Serialize + ?Sized>(value: &T) -> Result<String, Error> {
    ::serde_json::to_string(value)
        .map_err(|e| Error::InvalidRequest(format!("a parameter could not be serialized: {e}")))
}

/// How one property of an `application/x-www-form-urlencoded` body is
/// written (the body's `encoding` entry, else `form` exploded).
pub(crate) struct FormField {
    pub(crate) name: &'static str,
    pub(crate) style: Style,
    pub(crate) explode: bool,
}

/// An `application/x-www-form-urlencoded` body: each property of `body` by
/// the query rules of its `encoding` (arrays `ids=1&ids=2` by default,
/// objects as `key=value` pairs, or `name[key]=value` with `deepObject`).
/// A body that is not an object is [`Error::InvalidRequest`].
pub(crate) fn form_body<T: ::serde::Serialize + ?Sized>(
    body: &T,
    fields: &[FormField],
) -> Result<String, Error> {
    let ::serde_json::Value::Object(map) = to_value(body)? else {
        return Err(Error::InvalidRequest(
            "a form body must be an object of fields".to_owned(),
        ));
    };
    let mut pairs = Vec::new();
    for (name, value) in &map {
        let (style, explode) = fields
            .iter()
            .find(|f| f.name == name)
            .map_or((Style::Form, true), |f| (f.style, f.explode));
        push_query(&mut pairs, name, value, style, explode)?;
    }
    Ok(::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish())
}

impl RawResponse {
    /// Decodes a JSON body, naming the path of the value that failed.
    pub(crate) fn json<T: ::serde::de::DeserializeOwned>(&self) -> Result<T, Error> {
        let mut de = ::serde_json::Deserializer::from_slice(&self.body);
        let value = ::serde_path_to_error::deserialize(&mut de)
            .map_err(|e| self.decode_error(e.path().to_string(), e.into_inner()))?;
        de.end().map_err(|e| self.decode_error(".".to_owned(), e))?;
        Ok(value)
    }

    fn decode_error(&self, path: String, source: ::serde_json::Error) -> Error {
        Error::Decode {
            status: self.status,
            path,
            source,
            headers: Box::new(self.headers.clone()),
            body: self.body.clone(),
        }
    }

    /// The body as text.
    pub(crate) fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The error for a status the operation does not treat as success.
    pub(crate) fn into_status_error(self) -> Error {
        Error::Status {
            status: self.status,
            body: self.body,
            content_type: self.content_type,
            headers: Box::new(self.headers),
            typed: None,
        }
    }
}

/// A request ready to send: the request with its timeout applied, the
/// retry policy it is sent with, and whether it may be replayed. Owned, so
/// sending it borrows nothing from the request builder.
pub struct Prepared {
    pub(crate) request: ::reqwest::RequestBuilder,
    pub(crate) policy: super::retry::RetryPolicy,
    pub(crate) replay: bool,
}
