//! End-to-end tests of what production SDKs do, on the client generated from
//! `tests/fixtures/production.yaml` (`artu_tests::production`), against an
//! in-process wiremock server on 127.0.0.1: responses with status and
//! headers, request ids, typed error bodies, retries, timeouts, cursor
//! pagination, form and `content` parameter encodings, an operation's own
//! server, streamed uploads and downloads, server-sent events and multipart
//! file parts. Retries use millisecond backoff so the suite stays fast.

use artu_tests::production::client::Client;
use artu_tests::production::types::{
    CreateOrderRequest, CreateThingError, CreateThingRequest, Filter, SearchJsonFilter,
    SearchThingsRequest, SubmitFormRequest, UploadPhotoRequest, XMeta,
};
use artu_tests::retry::RetryPolicy;
use futures_util::{StreamExt as _, TryStreamExt as _};
use serde_json::{json, Value};
use std::time::{Duration, Instant};
use wiremock::matchers::{body_partial_json, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// Retries after 1–2 ms, so tests that retry take no real time.
fn fast_retries() -> RetryPolicy {
    RetryPolicy::default()
        .initial_backoff(Duration::from_millis(1))
        .max_backoff(Duration::from_millis(2))
}

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .retry_policy(fast_retries())
        .build()
        .expect("client builds")
}

async fn requests(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.expect("recording is on")
}

fn page(ids: &[&str], next: Option<&str>, more: bool) -> Value {
    let data: Vec<Value> = ids.iter().map(|id| json!({"id": id, "name": id})).collect();
    json!({"data": data, "pagination": {"hasMore": more, "nextCursor": next}})
}

// ---------------------------------------------------------------------------
// 1. Response metadata, request ids, typed error bodies
// ---------------------------------------------------------------------------

#[tokio::test]
async fn send_with_response_keeps_status_headers_and_documented_headers() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/things"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(page(&["a"], None, false))
                .insert_header("X-Rate-Limit-Remaining", "42")
                .insert_header("x-request-id", "req-123"),
        )
        .mount(&server)
        .await;
    let response = client(&server)
        .list_things()
        .send_with_response()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.request_id(), Some("req-123"));
    assert_eq!(response.headers()["x-rate-limit-remaining"], "42");
    assert_eq!(
        response.documented_headers().x_rate_limit_remaining,
        Some(42)
    );
    assert_eq!(
        response.documented_headers().x_request_id.as_deref(),
        Some("req-123")
    );
    assert_eq!(response.into_inner().data[0].id, "a");
    // `.await` still returns the body alone.
    let body = client(&server).list_things().await.unwrap();
    assert_eq!(body.data.len(), 1);
}

#[tokio::test]
async fn error_exposes_request_id_and_its_documented_body_decoded_once() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/things"))
        .respond_with(
            ResponseTemplate::new(409)
                .set_body_json(json!({"code": "exists", "message": "taken"}))
                .insert_header("cf-ray", "ray-9"),
        )
        .mount(&server)
        .await;
    let err = client(&server)
        .create_thing(CreateThingRequest::new("n"))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(409));
    assert_eq!(err.request_id(), Some("ray-9"));
    match err.error_body::<CreateThingError>() {
        Some(CreateThingError::Conflict(problem)) => assert_eq!(problem.code, "exists"),
        other => panic!("expected the 409 body, got {other:?}"),
    }
    assert!(err.body_text().unwrap().contains("taken"));
    assert_eq!(err.body_bytes().unwrap().len(), err.body().unwrap().len());
}

// ---------------------------------------------------------------------------
// 2. Retries
// ---------------------------------------------------------------------------

#[tokio::test]
async fn get_is_retried_after_503_then_succeeds() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page(&["a"], None, false)))
        .mount(&server)
        .await;
    let things = client(&server).list_things().await.unwrap();
    assert_eq!(things.data.len(), 1);
    assert_eq!(requests(&server).await.len(), 2);
}

#[tokio::test]
async fn retries_stop_after_max_retries_and_zero_disables_them() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(500))
        .mount(&server)
        .await;
    let err = client(&server).list_things().await.unwrap_err();
    assert_eq!(err.status(), Some(500));
    assert_eq!(
        requests(&server).await.len(),
        3,
        "one attempt and two retries"
    );

    server.reset().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let no_retries = Client::builder()
        .base_url(server.uri())
        .max_retries(0)
        .build()
        .unwrap();
    assert_eq!(
        no_retries.list_things().await.unwrap_err().status(),
        Some(503)
    );
    assert_eq!(requests(&server).await.len(), 1);

    // Per request too.
    server.reset().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let _ = client(&server).list_things().max_retries(0).await;
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn retry_after_is_honoured_in_seconds_and_as_a_date_up_to_the_cap() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "1"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page(&[], None, false)))
        .mount(&server)
        .await;
    // The server asks for 1 s; the cap (150 ms) wins over the 1 ms backoff.
    let policy = fast_retries().max_retry_after(Duration::from_millis(150));
    let started = Instant::now();
    client(&server)
        .list_things()
        .retry_policy(policy.clone())
        .await
        .unwrap();
    let waited = started.elapsed();
    assert!(waited >= Duration::from_millis(150), "waited {waited:?}");
    assert!(waited < Duration::from_millis(900), "waited {waited:?}");

    server.reset().await;
    let date = httpdate::fmt_http_date(std::time::SystemTime::now() + Duration::from_secs(5));
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503).insert_header("Retry-After", date.as_str()))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page(&[], None, false)))
        .mount(&server)
        .await;
    let started = Instant::now();
    client(&server)
        .list_things()
        .retry_policy(policy)
        .await
        .unwrap();
    assert!(started.elapsed() >= Duration::from_millis(150));
    assert_eq!(requests(&server).await.len(), 2);
}

#[tokio::test]
async fn post_is_not_retried_unless_idempotent() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let order = || CreateOrderRequest { item: "x".into() };
    let err = client(&server).create_order(order()).await.unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(requests(&server).await.len(), 1, "POST is not retried");

    let _ = client(&server).create_order(order()).idempotent(true).await;
    assert_eq!(requests(&server).await.len(), 4, "opted in: 1 + 3 attempts");
}

#[tokio::test]
async fn post_with_an_idempotency_key_is_retried() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(502))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"id": "1", "name": "n"})))
        .mount(&server)
        .await;
    let thing = client(&server)
        .create_thing(CreateThingRequest::new("n"))
        .idempotency_key("key-1")
        .await
        .unwrap();
    assert_eq!(thing.id, "1");
    let sent = requests(&server).await;
    assert_eq!(sent.len(), 2);
    assert!(sent.iter().all(|r| r.headers["idempotency-key"] == "key-1"));

    // Without the key, the POST is not retried.
    server.reset().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(502))
        .mount(&server)
        .await;
    let _ = client(&server)
        .create_thing(CreateThingRequest::new("n"))
        .await;
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn connect_errors_are_retried_then_reported_as_transport() {
    // Nothing listens on port 1.
    let client = Client::builder()
        .base_url("http://127.0.0.1:1")
        .retry_policy(fast_retries())
        .build()
        .unwrap();
    let err = client.list_things().await.unwrap_err();
    assert!(matches!(err, artu_tests::error::Error::Transport(ref e) if e.is_connect()));
}

// ---------------------------------------------------------------------------
// 3. Timeouts
// ---------------------------------------------------------------------------

#[tokio::test]
async fn client_timeout_and_per_request_override() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/jobs/j1/wait"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"state": "done"}))
                .set_delay(Duration::from_millis(300)),
        )
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .timeout(Duration::from_millis(100))
        .max_retries(0)
        .build()
        .unwrap();
    assert_eq!(client.timeout(), Some(Duration::from_millis(100)));
    let err = client.wait_job("j1").await.unwrap_err();
    assert!(matches!(err, artu_tests::error::Error::Transport(ref e) if e.is_timeout()));
    // The long poll asks for longer.
    let job = client
        .wait_job("j1")
        .timeout(Duration::from_secs(5))
        .await
        .unwrap();
    assert_eq!(job.state.as_deref(), Some("done"));
    // The default is 60 s.
    let default = Client::builder().build().unwrap();
    assert_eq!(default.timeout(), Some(Duration::from_secs(60)));
    assert_eq!(default.retry_policy(), &RetryPolicy::default());
}

// ---------------------------------------------------------------------------
// 4. Pagination
// ---------------------------------------------------------------------------

#[tokio::test]
async fn query_cursor_pagination_follows_three_pages() {
    let server = MockServer::start().await;
    for (cursor, ids, next) in [
        (None, ["a", "b"], Some("c1")),
        (Some("c1"), ["c", "d"], Some("c2")),
        (Some("c2"), ["e", "f"], None),
    ] {
        let mock = Mock::given(method("GET")).and(path("/things"));
        let mock = match cursor {
            Some(c) => mock.and(query_param("cursor", c)),
            None => mock.and(query_param_is_missing("cursor")),
        };
        mock.respond_with(ResponseTemplate::new(200).set_body_json(page(
            &ids,
            next,
            next.is_some(),
        )))
        .expect(1)
        .mount(&server)
        .await;
    }
    let ids: Vec<String> = client(&server)
        .list_things()
        .limit(2)
        .paginate()
        .map_ok(|thing| thing.id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids, ["a", "b", "c", "d", "e", "f"]);
    let sent = requests(&server).await;
    assert!(sent
        .iter()
        .all(|r| r.url.query().unwrap_or("").contains("limit=2")));
}

#[tokio::test]
async fn body_cursor_pagination_stops_when_has_more_is_false() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/things/list"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page(&["a"], Some("c1"), true)))
        .with_priority(10)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(body_partial_json(json!({"cursor": "c1", "query": "q"})))
        .respond_with(ResponseTemplate::new(200).set_body_json(page(&["b"], Some("c2"), true)))
        .mount(&server)
        .await;
    // A cursor beside `hasMore: false` is not followed.
    Mock::given(method("POST"))
        .and(body_partial_json(json!({"cursor": "c2"})))
        .respond_with(ResponseTemplate::new(200).set_body_json(page(&["c"], Some("c3"), false)))
        .mount(&server)
        .await;
    let body = SearchThingsRequest {
        query: Some("q".into()),
        cursor: None,
    };
    let things: Vec<_> = client(&server)
        .search_things(body)
        .paginate()
        .try_collect()
        .await
        .unwrap();
    let ids: Vec<&str> = things.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["a", "b", "c"]);
    assert_eq!(requests(&server).await.len(), 3);
}

#[tokio::test]
async fn a_repeated_cursor_ends_the_stream_with_an_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(query_param_is_missing("cursor"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page(&["a"], Some("c1"), true)))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(query_param("cursor", "c1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page(&["b"], Some("c1"), true)))
        .mount(&server)
        .await;
    let items: Vec<_> = client(&server).list_things().paginate().collect().await;
    assert_eq!(items.len(), 3, "{items:?}");
    assert_eq!(items[0].as_ref().unwrap().id, "a");
    assert_eq!(items[1].as_ref().unwrap().id, "b");
    assert!(matches!(
        &items[2],
        Err(artu_tests::error::Error::RepeatedCursor(c)) if c == "c1"
    ));
    assert_eq!(requests(&server).await.len(), 2);
}

// ---------------------------------------------------------------------------
// 5. Encodings: form bodies, `content` parameters, operation servers
// ---------------------------------------------------------------------------

#[tokio::test]
async fn form_body_follows_the_spec_encoding() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let body = SubmitFormRequest {
        ids: Some(vec![1, 2]),
        tags: Some(vec!["a".into(), "b c".into()]),
        filter: Some(Filter {
            status: Some("open".into()),
            kind: None,
        }),
        note: Some("x&y".into()),
    };
    client(&server).submit_form(body).await.unwrap();
    let request = requests(&server).await.remove(0);
    assert_eq!(
        request.headers["content-type"],
        "application/x-www-form-urlencoded"
    );
    let pairs: Vec<(String, String)> = form_urlencoded::parse(&request.body)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let expected = [
        ("ids", "1"),
        ("ids", "2"),
        ("tags", "a|b c"),
        ("filter[status]", "open"),
        ("note", "x&y"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let mut sorted = pairs.clone();
    sorted.sort();
    let mut want = expected.clone();
    want.sort();
    assert_eq!(sorted, want, "sent {pairs:?}");
}

#[tokio::test]
async fn json_content_parameters_are_sent_as_one_json_value() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    client(&server)
        .search_json(XMeta { trace: Some(true) })
        .filter(SearchJsonFilter {
            status: Some("open".into()),
            tags: Some(vec!["a".into(), "b".into()]),
        })
        .await
        .unwrap();
    let request = requests(&server).await.remove(0);
    let filter: Vec<String> = request
        .url
        .query_pairs()
        .filter(|(k, _)| k == "filter")
        .map(|(_, v)| v.into_owned())
        .collect();
    assert_eq!(
        filter.len(),
        1,
        "one value, not exploded: {:?}",
        request.url
    );
    let value: Value = serde_json::from_str(&filter[0]).unwrap();
    assert_eq!(value, json!({"status": "open", "tags": ["a", "b"]}));
    assert_eq!(request.headers["x-meta"], r#"{"trace":true}"#);
}

#[tokio::test]
async fn an_operation_server_is_its_default_base_url() {
    // The fixture's `/status` is served by `http://127.0.0.1:{port}/alt`, port 47391.
    let listener = match std::net::TcpListener::bind("127.0.0.1:47391") {
        Ok(l) => l,
        Err(e) => panic!("port 47391 (the fixture's operation server) is busy: {e}"),
    };
    let server = MockServer::builder().listener(listener).start().await;
    Mock::given(method("GET"))
        .and(path("/alt/status"))
        .respond_with(ResponseTemplate::new(200).set_body_string("ok"))
        .mount(&server)
        .await;
    // No base URL: the rest of the API would go to api.example.com, `/status` to its own server.
    let default = Client::builder().build().unwrap();
    assert_eq!(default.base_url(), "https://api.example.com");
    assert_eq!(default.get_status().await.unwrap(), "ok");
    // A base URL chosen by the caller overrides it.
    Mock::given(method("GET"))
        .and(path("/status"))
        .respond_with(ResponseTemplate::new(200).set_body_string("proxied"))
        .mount(&server)
        .await;
    assert_eq!(client(&server).get_status().await.unwrap(), "proxied");
}

// ---------------------------------------------------------------------------
// 6. Streaming and bytes
// ---------------------------------------------------------------------------

#[tokio::test]
async fn upload_takes_a_stream_and_is_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/files/a.bin"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> =
        vec![Ok(b"hello ".to_vec()), Ok(b"world".to_vec())];
    let body = reqwest::Body::wrap_stream(futures_util::stream::iter(chunks));
    let err = client(&server)
        .upload_file("a.bin", body)
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    let sent = requests(&server).await;
    assert_eq!(sent.len(), 1, "a streamed body cannot be replayed");
    assert_eq!(sent[0].body, b"hello world");
    assert_eq!(sent[0].headers["content-type"], "application/octet-stream");

    // Bytes are replayable, so they are retried.
    server.reset().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let _ = client(&server)
        .upload_file("a.bin", bytes::Bytes::from_static(b"x"))
        .await;
    assert_eq!(requests(&server).await.len(), 3);
}

#[tokio::test]
async fn download_reads_bytes_or_a_stream() {
    let server = MockServer::start().await;
    let payload: Vec<u8> = (0..=255u8).cycle().take(100_000).collect();
    Mock::given(method("GET"))
        .and(path("/files/big.bin"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(payload.clone()))
        .mount(&server)
        .await;
    let bytes: bytes::Bytes = client(&server).download_file("big.bin").await.unwrap();
    assert_eq!(bytes, payload);
    let stream = client(&server)
        .download_file("big.bin")
        .bytes_stream()
        .await
        .unwrap();
    assert_eq!(stream.status(), 200);
    let chunks: Vec<bytes::Bytes> = stream.into_inner().try_collect().await.unwrap();
    assert_eq!(chunks.concat(), payload);
}

#[tokio::test]
async fn server_sent_events_are_a_stream_of_decoded_events() {
    let server = MockServer::start().await;
    let body = "event: tick\ndata: {\"value\":1}\nid: 1\n\n: a comment\ndata: {\"value\":2}\nretry: 250\n\n";
    Mock::given(method("GET"))
        .and(path("/events"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-type", "text/event-stream")
                .set_body_string(body),
        )
        .mount(&server)
        .await;
    let events: Vec<_> = client(&server)
        .stream_events()
        .await
        .unwrap()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(events.len(), 2);
    assert_eq!(events[0].event, "tick");
    assert_eq!(events[0].data.value, 1);
    assert_eq!(events[0].id, "1");
    assert_eq!(events[1].event, "message");
    assert_eq!(events[1].data.value, 2);
    assert_eq!(events[1].retry, Some(Duration::from_millis(250)));
    let request = requests(&server).await.remove(0);
    assert_eq!(request.headers["accept"], "text/event-stream");
}

#[tokio::test]
async fn an_event_whose_data_does_not_match_is_a_decode_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_string("data: {\"value\":\"x\"}\n\n"))
        .mount(&server)
        .await;
    let mut events = client(&server).stream_events().await.unwrap();
    let err = events.next().await.unwrap().unwrap_err();
    assert!(matches!(err, artu_tests::error::Error::Decode { ref path, .. } if path == "value"));
}

#[tokio::test]
async fn multipart_file_parts_carry_file_name_and_content_type() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let body = UploadPhotoRequest {
        photo: b"PNG".to_vec(),
        raw: Some(b"RAW".to_vec()),
        caption: Some("hi".into()),
    };
    client(&server).upload_photo(body).await.unwrap();
    let request = requests(&server).await.remove(0);
    let text = String::from_utf8_lossy(&request.body).to_lowercase();
    let photo = text.find("name=\"photo\"").expect("photo part");
    let raw = text.find("name=\"raw\"").expect("raw part");
    assert!(text[photo..raw].contains("filename=\"photo\""));
    assert!(text[photo..raw].contains("content-type: image/png"));
    assert!(text[raw..].contains("content-type: application/octet-stream"));
    assert!(text[raw..].contains("filename=\"raw\""));

    // The caller names the file and its type.
    server.reset().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let body = UploadPhotoRequest::new(b"JPG".to_vec());
    client(&server)
        .upload_photo(body)
        .photo_file("cat.jpg", "image/jpeg")
        .await
        .unwrap();
    let request = requests(&server).await.remove(0);
    let text = String::from_utf8_lossy(&request.body).to_lowercase();
    assert!(text.contains("filename=\"cat.jpg\""), "{text}");
    assert!(text.contains("content-type: image/jpeg"), "{text}");
    assert!(
        !text.contains("name=\"raw\""),
        "an absent optional file is not sent"
    );
}
