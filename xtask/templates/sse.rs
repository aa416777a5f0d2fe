//! Server-sent events (`text/event-stream` responses) as a stream of
//! [`Event`]s, each one's `data` decoded into the schema the spec gives.
//!
//! Parsing the event stream is `eventsource-stream`'s; this module only
//! decodes each event's data. It is the same for every generated crate: the
//! generator copies it verbatim from `xtask/templates/sse.rs`.
// Each API uses only some of the helpers below.
#![allow(dead_code)]

use super::error::Error;

/// One server-sent event.
#[derive(Debug, Clone, PartialEq)]
pub struct Event<T> {
    /// The `event:` field (`message` when the server gave none, as browsers do).
    pub event: String,
    /// The `data:` lines, decoded: JSON as the spec's schema, or the text as
    /// it came when the operation documents no schema (`T` is `String`).
    pub data: T,
    /// The `id:` field (empty when the server gave none).
    pub id: String,
    /// The `retry:` field: how long the server asks a reconnecting client to wait.
    pub retry: Option<::std::time::Duration>,
}

/// A stream of server-sent events, ending when the server closes the response.
pub type EventStream<T> = ::std::pin::Pin<
    Box<dyn ::futures_util::Stream<Item = Result<Event<T>, Error>> + Send + 'static>,
>;

/// The events of `response`, each one's data read by `decode`
/// ([`text`] or [`json`]).
pub(crate) fn events<T: Send + 'static>(
    response: ::reqwest::Response,
    decode: fn(String) -> Result<T, Error>,
) -> EventStream<T> {
    use ::eventsource_stream::Eventsource as _;
    use ::futures_util::StreamExt as _;
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    Box::pin(response.bytes_stream().eventsource().map(move |item| {
        let event = item.map_err(|e| match e {
            ::eventsource_stream::EventStreamError::Transport(e) => {
                Error::Transport(e.without_url())
            }
            other => Error::InvalidRequest(format!("the event stream is malformed: {other}")),
        })?;
        let data = decode(event.data).map_err(|e| match e {
            Error::Decode {
                path, source, body, ..
            } => Error::Decode {
                status,
                path,
                source,
                body,
                headers: Box::new(headers.clone()),
            },
            other => other,
        })?;
        Ok(Event {
            event: event.event,
            data,
            id: event.id,
            retry: event.retry,
        })
    }))
}

/// Keeps an event's data as text.
pub(crate) fn text(data: String) -> Result<String, Error> {
    Ok(data)
}

/// Decodes an event's data as JSON, naming the path of the value that failed.
pub(crate) fn json<T: ::serde::de::DeserializeOwned>(data: String) -> Result<T, Error> {
    let mut de = ::serde_json::Deserializer::from_str(&data);
    let decoded = ::serde_path_to_error::deserialize(&mut de);
    decoded.map_err(|e| Error::Decode {
        status: 200,
        path: e.path().to_string(),
        source: e.into_inner(),
        headers: Box::default(),
        body: ::bytes::Bytes::from(data.clone()),
    })
}
