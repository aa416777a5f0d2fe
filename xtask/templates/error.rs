//! The crate's one error type, [`Error`].
//!
//! This module is the same for every generated crate: the generator copies it
//! verbatim from `xtask/templates/error.rs`.

/// Everything that can go wrong when calling the API.
///
/// Match on the variant, or use [`Error::status`], [`Error::body`],
/// [`Error::request_id`] and [`Error::error_body`] to look at a failed HTTP
/// exchange without matching.
#[derive(Debug, ::thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The server answered with a status the operation does not document as
    /// success (a 404, a 502 page from a proxy, …).
    #[error("HTTP {status}: {}", excerpt(&String::from_utf8_lossy(.body)))]
    Status {
        /// The HTTP status code.
        status: u16,
        /// The response's `Content-Type`, if it had one.
        content_type: Option<String>,
        /// The response headers (`Retry-After`, request ids, rate limits, …),
        /// boxed to keep `Error` small.
        headers: Box<::reqwest::header::HeaderMap>,
        /// The response body as it came (see [`Error::body_text`] for text).
        body: ::bytes::Bytes,
        /// The body decoded once as the error type the spec documents for
        /// this status (see [`Error::error_body`]), when it matched.
        typed: Option<ErrorBody>,
    },
    /// A success response whose body does not match the spec's schema.
    #[error("could not decode the HTTP {status} response body at `{path}`: {source}")]
    Decode {
        /// The HTTP status code.
        status: u16,
        /// Path of the value that failed, such as `items[0].createdAt`
        /// (`.` when the body as a whole was wrong).
        path: String,
        /// What serde_json reported.
        #[source]
        source: ::serde_json::Error,
        /// The response headers, boxed to keep `Error` small.
        headers: Box<::reqwest::header::HeaderMap>,
        /// The raw body.
        body: ::bytes::Bytes,
    },
    /// The request could not be sent or the response could not be read
    /// (DNS, TLS, connection reset, timeout, …).
    #[error("request failed: {0}")]
    Transport(#[from] ::reqwest::Error),
    /// The caller supplied something that cannot be sent: a base URL that
    /// does not parse, a header value with a newline, a missing base URL.
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    /// A paginated listing returned a next-page cursor it had already
    /// returned; following it would loop forever, so the listing stops.
    #[error("pagination stopped: the server repeated the cursor `{0}`")]
    RepeatedCursor(String),
}

/// An operation's documented error body, decoded once when the error was
/// made; [`Error::error_body`] hands it out by type.
pub struct ErrorBody(Box<dyn AnyBody>);

/// What an error body must be to be kept in an [`ErrorBody`].
trait AnyBody: ::std::any::Any + ::std::fmt::Debug + Send + Sync {}

impl<T: ::std::any::Any + ::std::fmt::Debug + Send + Sync> AnyBody for T {}

impl ::std::fmt::Debug for ErrorBody {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        self.0.fmt(f)
    }
}

impl Error {
    /// The HTTP status, for errors that came with a response.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Status { status, .. } | Error::Decode { status, .. } => Some(*status),
            Error::Transport(e) => e.status().map(|s| s.as_u16()),
            Error::InvalidRequest(_) | Error::RepeatedCursor(_) => None,
        }
    }

    /// The request id the server sent (`x-request-id`, `request-id`,
    /// `x-amzn-requestid`, `cf-ray`, …), to quote when reporting a problem.
    pub fn request_id(&self) -> Option<&str> {
        super::response::request_id(self.headers()?)
    }

    /// The documented error body of an [`Error::Status`], decoded when the
    /// error was made (no second parse): `T` is the operation's error enum
    /// (`<OperationId>Error`). `None` when the status is not documented, the
    /// body did not match, or `T` is another type.
    pub fn error_body<T: ::std::any::Any>(&self) -> Option<&T> {
        match self {
            Error::Status {
                typed: Some(typed), ..
            } => {
                let any: &dyn ::std::any::Any = &*typed.0;
                any.downcast_ref::<T>()
            }
            _ => None,
        }
    }

    /// Keeps `decode`'s reading of this error's body for [`Error::error_body`].
    // Only APIs that document error bodies use it.
    #[allow(dead_code)]
    pub(crate) fn with_error_body<T: ::std::any::Any + ::std::fmt::Debug + Send + Sync>(
        mut self,
        decode: impl FnOnce(&Error) -> Option<T>,
    ) -> Error {
        let decoded = decode(&self).map(|body| ErrorBody(Box::new(body)));
        if let Error::Status { typed, .. } = &mut self {
            *typed = decoded;
        }
        self
    }

    /// The response headers, for errors that came with a response, such as
    /// `Retry-After` or a request id.
    pub fn headers(&self) -> Option<&::reqwest::header::HeaderMap> {
        match self {
            Error::Status { headers, .. } | Error::Decode { headers, .. } => Some(&**headers),
            _ => None,
        }
    }

    /// The response body, for errors that came with a response whose body
    /// is UTF-8 text; [`Error::body_bytes`] has any body.
    pub fn body(&self) -> Option<&str> {
        ::std::str::from_utf8(self.body_bytes()?).ok()
    }

    /// The response body as it came, for errors that came with a response.
    pub fn body_bytes(&self) -> Option<&::bytes::Bytes> {
        match self {
            Error::Status { body, .. } | Error::Decode { body, .. } => Some(body),
            _ => None,
        }
    }

    /// The response body as text, invalid UTF-8 replaced by `�`.
    pub fn body_text(&self) -> Option<::std::borrow::Cow<'_, str>> {
        self.body_bytes().map(|b| String::from_utf8_lossy(b))
    }

    /// Decodes the body of a [`Error::Status`] as `T`, such as the error
    /// schema the spec documents for that status. `None` for other variants
    /// or when the body is not a `T`.
    pub fn decode_body<T: ::serde::de::DeserializeOwned>(&self) -> Option<T> {
        match self {
            Error::Status { body, .. } => ::serde_json::from_slice(body).ok(),
            _ => None,
        }
    }
}

/// At most 512 bytes of a body, on one line, for error messages.
fn excerpt(body: &str) -> String {
    const MAX: usize = 512;
    let flat: String = body.split_whitespace().collect::<Vec<_>>().join(" ");
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
