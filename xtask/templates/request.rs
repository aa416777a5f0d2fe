//! [`Request`]: the request builder every operation returns, and what all
//! of them share.
//!
//! `Client::some_operation(…)` returns a `Request` holding a clone of the
//! client, this request's settings, and the operation's input (its
//! parameters and body, a struct of `client.rs` named `<Operation>Input`).
//! The setters every request has (timeout, retries, idempotency) and the
//! ways to send it (`send`, `send_with_response`, `.await`) are written once
//! here, for every operation; `client.rs` adds each operation's own setters
//! (its optional parameters) in an `impl Request<…Input>` block of its own,
//! and names the builder `<Operation>Builder`, an alias of
//! `Request<<Operation>Input>`.
//!
//! So a large API costs the compiler one copy of these methods and one
//! `IntoFuture` impl, instead of one per operation.
//!
//! This module is the same for every generated crate: the generator copies it
//! verbatim from `xtask/templates/request.rs`.
// An API without operations builds no request.
#![allow(dead_code)]

use super::error::Error;
use sealed::Operation;
use super::response::{BodyFuture, ResponseFuture};
use super::retry::RetryPolicy;
use ::std::time::Duration;

/// A request to one operation, ready to be sent: await it, or call
/// [`send`](Self::send) or [`send_with_response`](Self::send_with_response).
///
/// `I` is the operation's input: its parameters and body, as the client
/// method and the setters of its `<Operation>Builder` alias set them. The
/// builder owns a clone of the client (cheap: the connection pool is
/// shared), so it can be sent from a spawned task, and it is `Clone` when
/// its input is (a streamed upload body is not).
///
/// Every operation's input implements this module's sealed `Operation`
/// trait, which `send`, `send_with_response` and `IntoFuture` below need,
/// except for event streams, whose builders have their own `async` `send`
/// and `send_with_response`. Code generic over builders can bound on
/// `Request<I>: IntoFuture<Output = Result<T, Error>>`.
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until it is awaited or sent"]
pub struct Request<I> {
    pub(crate) client: super::client::Client,
    pub(crate) options: super::retry::RequestOptions,
    pub(crate) input: I,
}

impl<I> Request<I> {
    /// Gives up on this request after `timeout` (connecting, sending and
    /// reading the response), instead of the client's timeout; for long
    /// polls and large transfers. The error is
    /// [`Error::Transport`].
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.options.timeout = Some(timeout);
        self
    }

    /// Retries this request at most `max_retries` times (`0`: never),
    /// instead of the client's policy's count.
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        let policy = match self.options.retry.take() {
            Some(policy) => policy,
            None => self.client.retry_policy().clone(),
        };
        self.options.retry = Some(policy.max_retries(max_retries));
        self
    }

    /// Retries this request as `policy` says, instead of the client's policy.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.options.retry = Some(policy);
        self
    }

    /// Says whether this request is safe to send twice, so whether a
    /// failed attempt may be retried. By default, operations whose method
    /// is idempotent (GET, HEAD, PUT, DELETE, OPTIONS, TRACE) are, and
    /// others only when they send an idempotency key; each builder's docs
    /// say which applies.
    pub fn idempotent(mut self, idempotent: bool) -> Self {
        self.options.idempotent = Some(idempotent);
        self
    }
}

impl<I: Operation> Request<I> {
    /// Sends the request and returns the decoded body with the status and
    /// headers ([`Response`](super::response::Response)).
    ///
    /// # Errors
    ///
    /// [`Error::Status`] for any status the spec does not document as success,
    /// [`Error::Decode`] when a success body does not match the schema,
    /// [`Error::Transport`] when the request fails, and
    /// [`Error::InvalidRequest`] when a parameter cannot be encoded.
    ///
    /// The error bodies the spec documents for the operation are decoded
    /// once, as the error type its builder's docs name:
    /// `error.error_body::<…Error>()`.
    pub fn send_with_response(self) -> ResponseFuture<I::Output, I::Headers> {
        ResponseFuture::new(I::prepare(self, false), I::decode)
    }

    /// Sends the request and decodes the response.
    ///
    /// # Errors
    ///
    /// As [`send_with_response`](Self::send_with_response).
    pub fn send(self) -> BodyFuture<I::Output, I::Headers> {
        BodyFuture::new(self.send_with_response())
    }
}

impl<I: Operation> ::std::future::IntoFuture for Request<I> {
    type Output = Result<I::Output, Error>;
    type IntoFuture = BodyFuture<I::Output, I::Headers>;

    fn into_future(self) -> Self::IntoFuture {
        self.send()
    }
}

/// What each operation's input implements (in `client.rs`) for [`Request`]
/// to send it. `pub` only because `Request`'s public methods are bounded by
/// these traits; the module is private to the crate, so callers can neither
/// name nor implement them (the "sealed trait" pattern).
pub(crate) mod sealed {
    /// An operation's input (`client.rs`, `<Operation>Input`): how its request
    /// is built. Every operation has it.
    pub trait Prepare: Sized {
        /// Builds the request of `request` (URL, query, headers, credentials,
        /// body) and decides how it is sent: its timeout (none for a `streamed`
        /// response unless the request sets one), retry policy, and whether it
        /// may be replayed. Synchronous, so an operation adds no `async` state
        /// machine of its own for the compiler to check.
        fn prepare(
            request: super::Request<Self>,
            streamed: bool,
        ) -> Result<super::super::http::Prepared, super::Error>;
    }

    /// An operation whose response is read to the end (every one but event
    /// streams): what `Request::send` decodes, and into what.
    pub trait Operation: Prepare {
        /// The decoded success body.
        type Output;
        /// The response headers the spec documents, typed (`()` for none).
        type Headers;
        /// Turns the response, read to the end, into the result: the success
        /// body decoded by status, or the error with its documented body.
        fn decode(
            response: super::super::http::RawResponse,
        ) -> super::super::response::Decoded<Self::Output, Self::Headers>;
    }
}
