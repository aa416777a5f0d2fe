//! Retries and timeouts: [`RetryPolicy`], set on the `ClientBuilder` and
//! overridable per request, and the loop that sends a request again after a
//! connect error, a timeout, or a 408, 429, 500, 502, 503 or 504.
//!
//! The delays come from `backon`'s exponential backoff with jitter; the loop
//! is ours because it must look at responses (`Retry-After`) and not only at
//! errors, and because callers should not meet a middleware type. This
//! module is the same for every generated crate: the generator copies it
//! verbatim from `xtask/templates/retry.rs`.
// An API without operations sends nothing.
#![allow(dead_code)]

use super::error::Error;
use super::http::Prepared;
use ::backon::BackoffBuilder as _;
use ::std::time::Duration;

/// When and how often a failed request is sent again.
///
/// The default retries twice, waiting 0.5 s, then 1 s (each plus up to as
/// much again of random jitter, at most 8 s), or what the server's
/// `Retry-After` asks for, up to 60 s. Idempotent methods (GET, HEAD, PUT,
/// DELETE, OPTIONS, TRACE) are retried; POST and PATCH only when the
/// operation sends an idempotency key or the request builder's
/// `idempotent(true)` says the request is safe to repeat. A request whose
/// body is a stream cannot be replayed and is never retried.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_retries: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 2,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(8),
            max_retry_after: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries.
    pub fn none() -> Self {
        RetryPolicy::default().max_retries(0)
    }

    /// How many times a request is sent again at most (`0` disables retries).
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = max_retries;
        self
    }

    /// The wait before the first retry; each later one doubles it.
    pub fn initial_backoff(mut self, delay: Duration) -> Self {
        self.initial_backoff = delay;
        self
    }

    /// The longest wait between two attempts, before jitter.
    pub fn max_backoff(mut self, delay: Duration) -> Self {
        self.max_backoff = delay;
        self
    }

    /// The longest wait a server's `Retry-After` can ask for; longer ones are cut to it.
    pub fn max_retry_after(mut self, delay: Duration) -> Self {
        self.max_retry_after = delay;
        self
    }

    fn delays(&self, replay: bool) -> impl Iterator<Item = Duration> {
        let times = if replay { self.max_retries } else { 0 };
        ::backon::ExponentialBuilder::default()
            .with_min_delay(self.initial_backoff)
            .with_max_delay(self.max_backoff)
            .with_jitter()
            .with_max_times(times as usize)
            .build()
    }
}

/// A request builder's overrides of the client's settings.
#[derive(Debug, Clone, Default)]
pub(crate) struct RequestOptions {
    pub(crate) timeout: Option<Duration>,
    pub(crate) retry: Option<RetryPolicy>,
    pub(crate) idempotent: Option<bool>,
}

impl RequestOptions {
    /// Applies the timeout (the request's, else the client's; none for a
    /// streamed response unless the request sets one, since a total timeout
    /// would cut a live stream) and decides the policy (the request's, else
    /// the client's) and whether the request may be replayed.
    pub(crate) fn prepare(
        &self,
        request: ::reqwest::RequestBuilder,
        client_timeout: Option<Duration>,
        client_policy: &RetryPolicy,
        idempotent: bool,
        streamed: bool,
    ) -> Prepared {
        let timeout = match (self.timeout, streamed) {
            (Some(timeout), _) => Some(timeout),
            (None, false) => client_timeout,
            (None, true) => None,
        };
        let request = match timeout {
            Some(timeout) => request.timeout(timeout),
            None => request,
        };
        Prepared {
            request,
            policy: self.retry.as_ref().unwrap_or(client_policy).clone(),
            replay: self.idempotent.unwrap_or(idempotent),
        }
    }
}

/// Statuses worth another attempt: timeouts, rate limits, and server or gateway failures.
const RETRIED: [u16; 6] = [408, 429, 500, 502, 503, 504];

/// Sends the prepared request, again after a retryable failure as its policy allows, and
/// returns the last response (whatever its status) with its body unread.
pub(crate) async fn send(prepared: Prepared) -> Result<::reqwest::Response, Error> {
    let Prepared {
        mut request,
        policy,
        replay,
    } = prepared;
    let mut delays = policy.delays(replay);
    loop {
        // `None` for a streamed body: it cannot be sent twice.
        let again = if replay { request.try_clone() } else { None };
        let outcome = request.send().await;
        let wait = match (&again, &outcome) {
            (None, _) => None,
            (Some(_), Ok(response)) if RETRIED.contains(&response.status().as_u16()) => delays
                .next()
                .map(|backoff| match retry_after(response.headers()) {
                    Some(asked) => asked.min(policy.max_retry_after),
                    None => backoff,
                }),
            (Some(_), Err(e)) if e.is_connect() || e.is_timeout() => delays.next(),
            _ => None,
        };
        match (wait, again) {
            (Some(wait), Some(again)) => {
                ::tokio::time::sleep(wait).await;
                request = again;
            }
            // The URL can carry an API key in its query, so it is dropped from errors.
            _ => return outcome.map_err(|e| Error::Transport(e.without_url())),
        }
    }
}

/// The wait a response asks for: `retry-after-ms`, or `Retry-After` in
/// seconds or as an HTTP date.
fn retry_after(headers: &::reqwest::header::HeaderMap) -> Option<Duration> {
    let text = |name: &str| headers.get(name)?.to_str().ok().map(str::trim);
    if let Some(ms) = text("retry-after-ms").and_then(|v| v.parse::<f64>().ok()) {
        if ms.is_finite() && ms >= 0.0 {
            return Some(Duration::from_secs_f64(ms / 1000.0));
        }
    }
    let value = text("retry-after")?;
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when = ::httpdate::parse_http_date(value).ok()?;
    Some(
        when.duration_since(::std::time::SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}
