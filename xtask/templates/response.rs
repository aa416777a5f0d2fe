//! What a call returns when the caller wants more than the decoded body:
//! [`Response`] (status, headers, request id, documented headers and the
//! body), and [`ByteStream`], a body read as it arrives; and the futures a
//! request builder's `send_with_response` and `send` return,
//! [`ResponseFuture`] and [`BodyFuture`].
//!
//! Sending, retrying and reading a response is one function for every
//! operation (`fetch`, not generic), and each operation contributes only
//! plain functions: one that prepares its request and one that decodes its
//! response. So the compiler checks one `async` state machine for the crate
//! instead of several per operation, which keeps large APIs quick to build.
//!
//! This module is the same for every generated crate: the generator copies it
//! verbatim from `xtask/templates/response.rs`.
// Each API uses only some of the helpers below.
#![allow(dead_code)]

/// A decoded response with its status and headers, from a request builder's
/// `send_with_response`. `H` holds the response headers the spec documents
/// for the operation, typed (`()` when it documents none).
#[derive(Debug, Clone)]
pub struct Response<T, H = ()> {
    status: u16,
    headers: ::reqwest::header::HeaderMap,
    documented: H,
    inner: T,
}

impl<T, H> Response<T, H> {
    pub(crate) fn new(
        status: u16,
        headers: ::reqwest::header::HeaderMap,
        documented: H,
        inner: T,
    ) -> Self {
        Response {
            status,
            headers,
            documented,
            inner,
        }
    }

    /// The HTTP status code.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// Every response header.
    pub fn headers(&self) -> &::reqwest::header::HeaderMap {
        &self.headers
    }

    /// The response headers the spec documents for this operation, parsed
    /// into their types (a header that is absent or does not parse is `None`).
    pub fn documented_headers(&self) -> &H {
        &self.documented
    }

    /// The request id the server sent, if any (see [`request_id`]).
    pub fn request_id(&self) -> Option<&str> {
        request_id(&self.headers)
    }

    /// The decoded body.
    pub fn inner(&self) -> &T {
        &self.inner
    }

    /// The decoded body, dropping status and headers.
    pub fn into_inner(self) -> T {
        self.inner
    }
}

/// The headers servers and proxies commonly put a request id in, in the
/// order they are looked up.
pub const REQUEST_ID_HEADERS: &[&str] = &[
    "x-request-id",
    "request-id",
    "x-amzn-requestid",
    "x-amz-request-id",
    "x-ms-request-id",
    "x-correlation-id",
    "cf-ray",
];

/// The first of [`REQUEST_ID_HEADERS`] present in `headers` as text.
pub fn request_id(headers: &::reqwest::header::HeaderMap) -> Option<&str> {
    REQUEST_ID_HEADERS
        .iter()
        .find_map(|name| headers.get(*name)?.to_str().ok())
}

/// A documented response header parsed as `T`: JSON text first (numbers,
/// booleans), then the raw text as a JSON string (strings, enums).
pub(crate) fn header<T: ::serde::de::DeserializeOwned>(
    headers: &::reqwest::header::HeaderMap,
    name: &str,
) -> Option<T> {
    let text = headers.get(name)?.to_str().ok()?;
    ::serde_json::from_str(text)
        .ok()
        .or_else(|| ::serde_json::from_value(::serde_json::Value::String(text.to_owned())).ok())
}

/// A response body read chunk by chunk as it arrives, for downloads too
/// large to hold at once (a request builder's `bytes_stream`).
pub type ByteStream = ::std::pin::Pin<
    Box<
        dyn ::futures_util::Stream<Item = Result<::bytes::Bytes, super::error::Error>>
            + Send
            + 'static,
    >,
>;

/// The body of `response` as a [`ByteStream`].
pub(crate) fn byte_stream(response: ::reqwest::Response) -> ByteStream {
    use ::futures_util::TryStreamExt as _;
    Box::pin(
        response
            .bytes_stream()
            .map_err(|e| super::error::Error::Transport(e.without_url())),
    )
}

/// A response read to the end, or why it could not be.
type Reading = ::std::pin::Pin<
    Box<
        dyn ::std::future::Future<Output = Result<super::http::RawResponse, super::error::Error>>
            + Send
            + 'static,
    >,
>;

/// What an operation's `decode` returns: its response, or why the response
/// is an error.
pub(crate) type Decoded<T, H = ()> = Result<Response<T, H>, super::error::Error>;

/// How an operation turns the response it read into its result.
type Decode<T, H> = fn(super::http::RawResponse) -> Decoded<T, H>;

/// The `decode` of most operations, written once: one documented success
/// status, whose body `read` turns into the result and whose documented
/// headers `documented` reads; any other status is
/// [`Error::Status`](super::error::Error::Status), its body decoded by
/// `error_body` when the spec documents one. Generic, so the compiler checks it once instead of
/// once per operation.
pub(crate) fn single<T, H, E: ::std::any::Any + ::std::fmt::Debug + Send + Sync>(
    response: super::http::RawResponse,
    success: u16,
    read: fn(&super::http::RawResponse) -> Result<T, super::error::Error>,
    documented: fn(&::reqwest::header::HeaderMap) -> H,
    error_body: fn(&super::error::Error) -> Option<E>,
) -> Decoded<T, H> {
    if response.status != success {
        return Err(response.into_status_error().with_error_body(error_body));
    }
    let value = read(&response)?;
    let documented = documented(&response.headers);
    Ok(Response::new(
        response.status,
        response.headers,
        documented,
        value,
    ))
}

/// [`single`]'s `read` for a response without a body (or whose body is
/// not read): `()`.
pub(crate) fn no_body(_: &super::http::RawResponse) -> Result<(), super::error::Error> {
    Ok(())
}

/// [`single`]'s `documented` for an operation that documents no response
/// headers.
pub(crate) fn no_headers(_: &::reqwest::header::HeaderMap) {}

/// [`single`]'s `error_body` for an operation whose spec documents no error
/// body: nothing to decode.
pub(crate) fn no_error_body(_: &super::error::Error) -> Option<()> {
    None
}

/// Sends a prepared request (retrying as it allows) and reads the response.
async fn fetch(
    prepared: Result<super::http::Prepared, super::error::Error>,
) -> Result<super::http::RawResponse, super::error::Error> {
    let response = super::retry::send(prepared?).await?;
    super::http::read(response).await
}

/// The future of a request builder's `send_with_response`: the decoded body
/// with the status and headers. The request is sent when it is first polled.
#[must_use = "futures do nothing unless you `.await` or poll them"]
pub struct ResponseFuture<T, H = ()> {
    reading: Reading,
    decode: Decode<T, H>,
}

impl<T, H> ResponseFuture<T, H> {
    /// The future that sends `prepared` and decodes the response with `decode`.
    pub(crate) fn new(
        prepared: Result<super::http::Prepared, super::error::Error>,
        decode: Decode<T, H>,
    ) -> Self {
        ResponseFuture {
            reading: Box::pin(fetch(prepared)),
            decode,
        }
    }
}

impl<T, H> ::std::fmt::Debug for ResponseFuture<T, H> {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.debug_struct("ResponseFuture").finish_non_exhaustive()
    }
}

impl<T, H> ::std::future::Future for ResponseFuture<T, H> {
    type Output = Result<Response<T, H>, super::error::Error>;

    fn poll(
        mut self: ::std::pin::Pin<&mut Self>,
        cx: &mut ::std::task::Context<'_>,
    ) -> ::std::task::Poll<Self::Output> {
        let decode = self.decode;
        self.reading
            .as_mut()
            .poll(cx)
            .map(|read| read.and_then(decode))
    }
}

/// The future of a request builder's `send` (and of awaiting the builder):
/// the decoded body alone.
#[must_use = "futures do nothing unless you `.await` or poll them"]
pub struct BodyFuture<T, H = ()>(ResponseFuture<T, H>);

impl<T, H> ::std::fmt::Debug for BodyFuture<T, H> {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.debug_struct("BodyFuture").finish_non_exhaustive()
    }
}

impl<T, H> BodyFuture<T, H> {
    /// The body of what `response` resolves to.
    pub(crate) fn new(response: ResponseFuture<T, H>) -> Self {
        BodyFuture(response)
    }
}

impl<T, H> ::std::future::Future for BodyFuture<T, H> {
    type Output = Result<T, super::error::Error>;

    fn poll(
        mut self: ::std::pin::Pin<&mut Self>,
        cx: &mut ::std::task::Context<'_>,
    ) -> ::std::task::Poll<Self::Output> {
        ::std::pin::Pin::new(&mut self.0)
            .poll(cx)
            .map(|response| response.map(Response::into_inner))
    }
}
