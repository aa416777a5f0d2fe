//! Errors, and the request and response plumbing every operation shares.
//!
//! This module is the same for every generated crate: the generator copies it
//! verbatim. [`Error`] is the one error type of the crate.
// Each API uses only some of the crate-private helpers below.
#![allow(dead_code)]

/// Everything that can go wrong when calling the API.
///
/// Match on the variant, or use [`Error::status`] and [`Error::body`] to look
/// at a failed HTTP exchange without matching.
#[derive(Debug, ::thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The server answered with a status the operation does not document as
    /// success (a 404, a 502 page from a proxy, …).
    #[error("HTTP {status}: {}", excerpt(.body))]
    Status {
        /// The HTTP status code.
        status: u16,
        /// The response's `Content-Type`, if it had one.
        content_type: ::std::option::Option<::std::string::String>,
        /// The response headers (`Retry-After`, request ids, rate limits, …),
        /// boxed to keep `Error` small.
        headers: ::std::boxed::Box<::reqwest::header::HeaderMap>,
        /// The response body, decoded as UTF-8 with invalid bytes replaced.
        body: ::std::string::String,
    },
    /// A success response whose body does not match the spec's schema.
    #[error("could not decode the HTTP {status} response body at `{path}`: {source}")]
    Decode {
        /// The HTTP status code.
        status: u16,
        /// Path of the value that failed, such as `items[0].createdAt`
        /// (`.` when the body as a whole was wrong).
        path: ::std::string::String,
        /// What serde_json reported.
        #[source]
        source: ::serde_json::Error,
        /// The raw body, decoded as UTF-8 with invalid bytes replaced.
        body: ::std::string::String,
    },
    /// The request could not be sent or the response could not be read
    /// (DNS, TLS, connection reset, timeout, …).
    #[error("request failed: {0}")]
    Transport(#[from] ::reqwest::Error),
    /// The caller supplied something that cannot be sent: a base URL that
    /// does not parse, a header value with a newline, a missing base URL.
    #[error("invalid request: {0}")]
    InvalidRequest(::std::string::String),
}

impl Error {
    /// The HTTP status, for errors that came with a response.
    pub fn status(&self) -> ::std::option::Option<u16> {
        match self {
            Error::Status { status, .. } | Error::Decode { status, .. } => ::std::option::Option::Some(*status),
            Error::Transport(e) => e.status().map(|s| s.as_u16()),
            Error::InvalidRequest(_) => ::std::option::Option::None,
        }
    }

    /// The response headers of an [`Error::Status`], such as `Retry-After` or a request id.
    pub fn headers(&self) -> ::std::option::Option<&::reqwest::header::HeaderMap> {
        match self {
            Error::Status { headers, .. } => ::std::option::Option::Some(&**headers),
            _ => ::std::option::Option::None,
        }
    }

    /// The response body, for errors that came with a response.
    pub fn body(&self) -> ::std::option::Option<&str> {
        match self {
            Error::Status { body, .. } | Error::Decode { body, .. } => ::std::option::Option::Some(body),
            _ => ::std::option::Option::None,
        }
    }

    /// Decodes the body of a [`Error::Status`] as `T`, such as the error
    /// schema the spec documents for that status. `None` for other variants
    /// or when the body is not a `T`.
    pub fn decode_body<T: ::serde::de::DeserializeOwned>(&self) -> ::std::option::Option<T> {
        match self {
            Error::Status { body, .. } => ::serde_json::from_str(body).ok(),
            _ => ::std::option::Option::None,
        }
    }
}

/// At most 512 bytes of a body, on one line, for error messages.
fn excerpt(body: &str) -> ::std::string::String {
    const MAX: usize = 512;
    let flat: ::std::string::String = body.split_whitespace().collect::<::std::vec::Vec<_>>().join(" ");
    if flat.is_empty() {
        return "(empty body)".to_owned();
    }
    if flat.len() <= MAX {
        return flat;
    }
    let mut end = MAX;
    while !flat.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}… ({} bytes)", &flat[..end], body.len())
}

/// A credential, kept out of `Debug` output.
#[derive(Clone)]
pub(crate) struct Secret(pub(crate) ::std::string::String);

impl ::std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.write_str("Secret(\"***\")")
    }
}

/// A header value marked sensitive, so `Debug` and HTTP/2 tables skip it.
pub(crate) fn sensitive_header(value: &str) -> ::std::result::Result<::reqwest::header::HeaderValue, Error> {
    let mut header = ::reqwest::header::HeaderValue::from_str(value)
        .map_err(|_| Error::InvalidRequest("a credential contains characters not allowed in an HTTP header".to_owned()))?;
    header.set_sensitive(true);
    ::std::result::Result::Ok(header)
}

/// Standard base64, for HTTP basic credentials.
pub(crate) fn base64(bytes: &[u8]) -> ::std::string::String {
    use ::base64::Engine as _;
    ::base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// Checks a base URL and drops its trailing `/`.
/// Checks a base URL (absolute, no query or fragment, since paths are
/// appended to it) and drops its trailing `/`.
pub(crate) fn base_url(url: &str) -> ::std::result::Result<::std::string::String, Error> {
    let parsed = ::reqwest::Url::parse(url)
        .map_err(|e| Error::InvalidRequest(format!("base URL `{url}` is not a valid URL: {e}")))?;
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return ::std::result::Result::Err(Error::InvalidRequest(format!(
            "base URL `{url}` has a query or fragment; operation paths are appended to it"
        )));
    }
    ::std::result::Result::Ok(url.trim_end_matches('/').to_owned())
}

/// The text form of a parameter value: strings as they are, numbers and
/// booleans in JSON notation, arrays and objects as their items joined by `,`.
fn text(value: &::serde_json::Value) -> ::std::string::String {
    match value {
        ::serde_json::Value::Null => ::std::string::String::new(),
        ::serde_json::Value::String(s) => s.clone(),
        ::serde_json::Value::Array(items) => items.iter().map(text).collect::<::std::vec::Vec<_>>().join(","),
        ::serde_json::Value::Object(map) => map
            .iter()
            .flat_map(|(k, v)| [k.clone(), text(v)])
            .collect::<::std::vec::Vec<_>>()
            .join(","),
        other => other.to_string(),
    }
}

fn to_value<T: ::serde::Serialize + ?Sized>(value: &T) -> ::std::result::Result<::serde_json::Value, Error> {
    ::serde_json::to_value(value).map_err(|e| Error::InvalidRequest(format!("a parameter could not be serialized: {e}")))
}

/// Characters left as they are in a path segment: RFC 3986 unreserved.
const SEGMENT: &::percent_encoding::AsciiSet =
    &::percent_encoding::NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// A path parameter as one percent-encoded segment, so `/`, `?` and `#`
/// cannot change the path. Empty, `.` and `..` are refused: URL parsers treat
/// them (even percent-encoded) as "this" or "parent" segments, so no encoding
/// keeps them in place.
pub(crate) fn path_segment<T: ::serde::Serialize + ?Sized>(value: &T) -> ::std::result::Result<::std::string::String, Error> {
    let raw = text(&to_value(value)?);
    if raw.is_empty() || raw == "." || raw == ".." {
        return ::std::result::Result::Err(Error::InvalidRequest(format!(
            "a path parameter cannot be {raw:?}: it would change which resource the path names"
        )));
    }
    ::std::result::Result::Ok(::percent_encoding::utf8_percent_encode(&raw, SEGMENT).to_string())
}

/// A cookie value, percent-encoded so `;`, `,`, spaces and quotes cannot end
/// the value or start another cookie.
pub(crate) fn cookie_value(value: &str) -> ::std::string::String {
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
    pairs: &mut ::std::vec::Vec<(::std::string::String, ::std::string::String)>,
    name: &str,
    value: &T,
    style: Style,
    explode: bool,
) -> ::std::result::Result<(), Error> {
    match to_value(value)? {
        ::serde_json::Value::Null => {}
        ::serde_json::Value::Array(items) => {
            let items: ::std::vec::Vec<::std::string::String> = items.iter().map(text).collect();
            match style {
                Style::Form if explode => pairs.extend(items.into_iter().map(|v| (name.to_owned(), v))),
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
    ::std::result::Result::Ok(())
}

/// The text of a multipart form field: strings as they are, other values as
/// JSON, and `None` for `null` (the part is left out).
pub(crate) fn part_text<T: ::serde::Serialize + ?Sized>(
    value: &T,
) -> ::std::result::Result<::std::option::Option<::std::string::String>, Error> {
    ::std::result::Result::Ok(match to_value(value)? {
        ::serde_json::Value::Null => ::std::option::Option::None,
        ::serde_json::Value::String(s) => ::std::option::Option::Some(s),
        other => ::std::option::Option::Some(other.to_string()),
    })
}

/// A header parameter's value.
pub(crate) fn header_value<T: ::serde::Serialize + ?Sized>(
    name: &str,
    value: &T,
) -> ::std::result::Result<::reqwest::header::HeaderValue, Error> {
    let raw = text(&to_value(value)?);
    ::reqwest::header::HeaderValue::from_str(&raw)
        .map_err(|_| Error::InvalidRequest(format!("the value of header `{name}` contains characters not allowed in HTTP headers")))
}

/// A response read to the end: status, content type and body.
pub(crate) struct RawResponse {
    pub(crate) status: u16,
    pub(crate) content_type: ::std::option::Option<::std::string::String>,
    pub(crate) headers: ::reqwest::header::HeaderMap,
    pub(crate) body: ::std::vec::Vec<u8>,
}

/// Sends `request` and reads the whole response.
pub(crate) async fn execute(request: ::reqwest::RequestBuilder) -> ::std::result::Result<RawResponse, Error> {
    // The URL can carry an API key in its query, so it is dropped from errors.
    let response = request.send().await.map_err(|e| Error::Transport(e.without_url()))?;
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get(::reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let headers = response.headers().clone();
    let body = response.bytes().await.map_err(|e| Error::Transport(e.without_url()))?.to_vec();
    ::std::result::Result::Ok(RawResponse { status, content_type, headers, body })
}

impl RawResponse {
    /// Decodes a JSON body, naming the path of the value that failed.
    pub(crate) fn json<T: ::serde::de::DeserializeOwned>(&self) -> ::std::result::Result<T, Error> {
        let mut de = ::serde_json::Deserializer::from_slice(&self.body);
        let value = ::serde_path_to_error::deserialize(&mut de)
            .map_err(|e| self.decode_error(e.path().to_string(), e.into_inner()))?;
        de.end().map_err(|e| self.decode_error(".".to_owned(), e))?;
        ::std::result::Result::Ok(value)
    }

    fn decode_error(&self, path: ::std::string::String, source: ::serde_json::Error) -> Error {
        Error::Decode {
            status: self.status,
            path,
            source,
            body: ::std::string::String::from_utf8_lossy(&self.body).into_owned(),
        }
    }

    /// The body as text.
    pub(crate) fn text(&self) -> ::std::string::String {
        ::std::string::String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The error for a status the operation does not treat as success.
    pub(crate) fn into_status_error(self) -> Error {
        Error::Status {
            status: self.status,
            body: ::std::string::String::from_utf8_lossy(&self.body).into_owned(),
            content_type: self.content_type,
            headers: ::std::boxed::Box::new(self.headers),
        }
    }
}
