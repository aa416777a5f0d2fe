//! The crate's one error type, [`Error`].
//!
//! This module is the same for every generated crate: the generator copies it
//! verbatim from `xtask/templates/error.rs`.

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
        content_type: Option<String>,
        /// The response headers (`Retry-After`, request ids, rate limits, …),
        /// boxed to keep `Error` small.
        headers: Box<::reqwest::header::HeaderMap>,
        /// The response body, decoded as UTF-8 with invalid bytes replaced.
        body: String,
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
        /// The raw body, decoded as UTF-8 with invalid bytes replaced.
        body: String,
    },
    /// The request could not be sent or the response could not be read
    /// (DNS, TLS, connection reset, timeout, …).
    #[error("request failed: {0}")]
    Transport(#[from] ::reqwest::Error),
    /// The caller supplied something that cannot be sent: a base URL that
    /// does not parse, a header value with a newline, a missing base URL.
    #[error("invalid request: {0}")]
    InvalidRequest(String),
}

impl Error {
    /// The HTTP status, for errors that came with a response.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Status { status, .. } | Error::Decode { status, .. } => Some(*status),
            Error::Transport(e) => e.status().map(|s| s.as_u16()),
            Error::InvalidRequest(_) => None,
        }
    }

    /// The response headers of an [`Error::Status`], such as `Retry-After` or a request id.
    pub fn headers(&self) -> Option<&::reqwest::header::HeaderMap> {
        match self {
            Error::Status { headers, .. } => Some(&**headers),
            _ => None,
        }
    }

    /// The response body, for errors that came with a response.
    pub fn body(&self) -> Option<&str> {
        match self {
            Error::Status { body, .. } | Error::Decode { body, .. } => Some(body),
            _ => None,
        }
    }

    /// Decodes the body of a [`Error::Status`] as `T`, such as the error
    /// schema the spec documents for that status. `None` for other variants
    /// or when the body is not a `T`.
    pub fn decode_body<T: ::serde::de::DeserializeOwned>(&self) -> Option<T> {
        match self {
            Error::Status { body, .. } => ::serde_json::from_str(body).ok(),
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
