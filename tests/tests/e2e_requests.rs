//! End-to-end tests of the request side of the generated clients in
//! `artu_tests::{parameters, bodies, responses}` against an in-process
//! wiremock server on 127.0.0.1: what goes on the wire (path, query, headers,
//! cookies, bodies, as read back from `MockServer::received_requests`) and how
//! each documented status is turned into a value or an error.

use artu_tests::{bodies, parameters, responses};
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/// Mounts one mock that must be hit exactly once and answers with `response`.
async fn serve(server: &MockServer, verb: &str, route: &str, response: ResponseTemplate) {
    Mock::given(method(verb))
        .and(path(route))
        .respond_with(response)
        .expect(1)
        .mount(server)
        .await;
}

/// The single request the server received.
async fn only_request(server: &MockServer) -> Request {
    let mut requests = server
        .received_requests()
        .await
        .expect("request recording is on");
    assert_eq!(requests.len(), 1, "expected exactly one request");
    requests.remove(0)
}

/// A header's value as text, `None` when absent.
fn header(request: &Request, name: &str) -> Option<String> {
    let mut values = request.headers.get_all(name).iter();
    let first = values.next()?.to_str().expect("ASCII header").to_owned();
    assert!(
        values.next().is_none(),
        "header `{name}` sent more than once"
    );
    Some(first)
}

/// The values of query parameter `key`, decoded, in wire order.
fn query_values(request: &Request, key: &str) -> Vec<String> {
    request
        .url
        .query_pairs()
        .filter(|(k, _)| k == key)
        .map(|(_, v)| v.into_owned())
        .collect()
}

/// The decoded query keys, sorted and deduplicated.
fn query_keys(request: &Request) -> Vec<String> {
    let mut keys: Vec<String> = request
        .url
        .query_pairs()
        .map(|(k, _)| k.into_owned())
        .collect();
    keys.sort();
    keys.dedup();
    keys
}

// One exchange per test: retries have their own tests (e2e_production.rs).
fn parameters_client(server: &MockServer) -> parameters::client::Client {
    parameters::client::Client::builder()
        .base_url(server.uri())
        .max_retries(0)
        .build()
        .expect("client builds")
}

fn bodies_client(server: &MockServer) -> bodies::client::Client {
    bodies::client::Client::builder()
        .base_url(server.uri())
        .max_retries(0)
        .build()
        .expect("client builds")
}

fn responses_client(server: &MockServer) -> responses::client::Client {
    responses::client::Client::builder()
        .base_url(server.uri())
        .max_retries(0)
        .build()
        .expect("client builds")
}

/// One part of a `multipart/form-data` body.
#[derive(Debug)]
struct Part {
    /// The part's header block, as text.
    headers: String,
    /// The part's content, byte for byte.
    body: Vec<u8>,
}

impl Part {
    /// A parameter of the part's `Content-Disposition` header (`name`, `filename`).
    fn disposition_param(&self, param: &str) -> Option<String> {
        let line = self
            .headers
            .lines()
            .find(|l| l.to_ascii_lowercase().starts_with("content-disposition:"))?;
        line.split(';').skip(1).find_map(|p| {
            let (k, v) = p.trim().split_once('=')?;
            (k == param).then(|| v.trim_matches('"').to_owned())
        })
    }
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    haystack[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| i + from)
}

/// Splits a multipart body using the boundary from `content_type`, checking
/// the framing (delimiters, CRLFs, close delimiter) on the way.
fn multipart_parts(content_type: &str, body: &[u8]) -> Vec<Part> {
    let boundary = content_type
        .split(';')
        .find_map(|p| p.trim().strip_prefix("boundary="))
        .expect("Content-Type has a boundary")
        .trim_matches('"');
    assert!(!boundary.is_empty());
    let delimiter = format!("--{boundary}").into_bytes();
    let mut parts = Vec::new();
    let mut at = find(body, &delimiter, 0).expect("body has a first delimiter");
    loop {
        let after = at + delimiter.len();
        if body[after..].starts_with(b"--") {
            let rest = &body[after + 2..];
            assert!(
                rest.is_empty() || rest == b"\r\n",
                "junk after the close delimiter"
            );
            break;
        }
        assert!(
            body[after..].starts_with(b"\r\n"),
            "delimiter not followed by CRLF"
        );
        let start = after + 2;
        let next = find(body, &delimiter, start).expect("part is terminated");
        let segment = &body[start..next];
        let segment = segment
            .strip_suffix(b"\r\n")
            .expect("part content ends with CRLF before the delimiter");
        let split = find(segment, b"\r\n\r\n", 0).expect("part has a header block");
        parts.push(Part {
            headers: String::from_utf8(segment[..split].to_vec()).expect("ASCII headers"),
            body: segment[split + 4..].to_vec(),
        });
        at = next;
    }
    parts
}

// ---------------------------------------------------------------------------
// Parameters: path, query, header, cookie
// ---------------------------------------------------------------------------

/// `items/get item` sends both path parameters, every query style, both headers and the cookie exactly as OpenAPI specifies, and a 204 yields `()`.
#[tokio::test]
async fn items_get_item_serializes_every_parameter_style() {
    let server = MockServer::start().await;
    serve(
        &server,
        "GET",
        "/orgs/acme/items/42",
        ResponseTemplate::new(204),
    )
    .await;
    let client = parameters_client(&server);

    let () = client
        .items_get_item("acme".to_owned(), 42, 10, "trace-1".to_owned())
        .tags(vec!["a".to_owned(), "b".to_owned()])
        .ids(vec![1, 2])
        .words(vec!["a".to_owned(), "b".to_owned()])
        .pipes(vec!["x".to_owned(), "y".to_owned()])
        .filter(parameters::types::Filter {
            status: Some("active".to_owned()),
            min_age: Some(3),
        })
        .x_request_id("req-7".to_owned())
        .session("abc123".to_owned())
        .await
        .expect("204 is success");

    let request = only_request(&server).await;
    let raw = request.url.query().expect("a query string").to_owned();

    // The exact wire form: pairs in the spec's order, each encoded as below.
    assert_eq!(request.url.path(), "/orgs/acme/items/42");
    assert_eq!(
        raw,
        "tags=a&tags=b&ids=1%2C2&words=a+b&pipes=x%7Cy&filter%5Bstatus%5D=active&filter%5BminAge%5D=3&limit=10"
    );

    // Exploded form: one pair per item, in order.
    assert_eq!(query_values(&request, "tags"), ["a", "b"]);
    assert!(raw.contains("tags=a&tags=b"), "raw query: {raw}");
    // Non-exploded form: one pair, comma-joined.
    assert_eq!(query_values(&request, "ids"), ["1,2"]);
    // spaceDelimited: one pair joined by a space (`+` or `%20` on the wire).
    assert_eq!(query_values(&request, "words"), ["a b"]);
    assert!(
        raw.contains("words=a+b") || raw.contains("words=a%20b"),
        "raw query: {raw}"
    );
    // pipeDelimited: one pair joined by `|`.
    assert_eq!(query_values(&request, "pipes"), ["x|y"]);
    // deepObject: `filter[key]=value` per property.
    assert_eq!(query_values(&request, "filter[status]"), ["active"]);
    assert_eq!(query_values(&request, "filter[minAge]"), ["3"]);
    assert!(query_values(&request, "filter").is_empty());
    // Required scalar.
    assert_eq!(query_values(&request, "limit"), ["10"]);
    // Nothing else, and no header or cookie leaked into the query.
    assert_eq!(
        query_keys(&request),
        [
            "filter[minAge]",
            "filter[status]",
            "ids",
            "limit",
            "pipes",
            "tags",
            "words"
        ]
    );

    assert_eq!(header(&request, "x-trace").as_deref(), Some("trace-1"));
    assert_eq!(header(&request, "x-request-id").as_deref(), Some("req-7"));
    assert_eq!(
        header(&request, "cookie").as_deref(),
        Some("session=abc123")
    );
}

/// With only the required parameters set, no optional query pair, header or cookie is sent.
#[tokio::test]
async fn items_get_item_omits_absent_optional_parameters() {
    let server = MockServer::start().await;
    serve(
        &server,
        "GET",
        "/orgs/acme/items/7",
        ResponseTemplate::new(204),
    )
    .await;
    let client = parameters_client(&server);

    client
        .items_get_item("acme".to_owned(), 7, 100, "t".to_owned())
        .send()
        .await
        .expect("204 is success");

    let request = only_request(&server).await;
    assert_eq!(request.url.query(), Some("limit=100"));
    assert_eq!(header(&request, "x-trace").as_deref(), Some("t"));
    assert_eq!(header(&request, "x-request-id"), None);
    assert_eq!(header(&request, "cookie"), None);
}

/// A path parameter containing `/`, space, `?` and `#` is percent-encoded into exactly one segment and cannot reach the query.
#[tokio::test]
async fn path_parameter_is_one_percent_encoded_segment() {
    let server = MockServer::start().await;
    serve(
        &server,
        "GET",
        "/orgs/a%2Fb%20c%3Fd%23e/items/-5",
        ResponseTemplate::new(204),
    )
    .await;
    let client = parameters_client(&server);

    client
        .items_get_item("a/b c?d#e".to_owned(), -5, 1, "t".to_owned())
        .await
        .expect("204 is success");

    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/orgs/a%2Fb%20c%3Fd%23e/items/-5");
    assert_eq!(request.url.query(), Some("limit=1"));
    assert_eq!(request.url.fragment(), None);
}

/// A path parameter of `.` or `..` cannot remove or climb out of its segment: it is refused, or the path keeps all its segments.
#[tokio::test]

async fn dot_segment_path_parameter_cannot_change_the_path() {
    for org_id in [".", ".."] {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(204))
            .mount(&server)
            .await;
        let client = parameters_client(&server);

        let result = client
            .items_get_item(org_id.to_owned(), 1, 1, "t".to_owned())
            .await;

        match result {
            Err(parameters::error::Error::InvalidRequest(_)) => {
                assert!(server.received_requests().await.unwrap().is_empty());
            }
            Ok(()) => {
                let request = only_request(&server).await;
                let segments: Vec<&str> = request.url.path().split('/').collect();
                assert_eq!(segments.len(), 5, "path: {}", request.url.path());
                assert_eq!(segments[..2], ["", "orgs"], "path: {}", request.url.path());
                assert_eq!(
                    segments[3..],
                    ["items", "1"],
                    "path: {}",
                    request.url.path()
                );
            }
            Err(other) => panic!("unexpected error for {org_id:?}: {other:?}"),
        }
    }
}

/// Query values containing `&`, `=`, `#` and non-ASCII are encoded, so they arrive intact and cannot add parameters.
#[tokio::test]
async fn query_values_with_reserved_characters_cannot_inject_pairs() {
    let server = MockServer::start().await;
    serve(
        &server,
        "GET",
        "/orgs/acme/items/1",
        ResponseTemplate::new(204),
    )
    .await;
    let client = parameters_client(&server);

    client
        .items_get_item("acme".to_owned(), 1, 5, "t".to_owned())
        .tags(vec!["x&limit=99".to_owned(), "é#frag".to_owned()])
        .await
        .expect("204 is success");

    let request = only_request(&server).await;
    assert_eq!(query_values(&request, "tags"), ["x&limit=99", "é#frag"]);
    assert_eq!(query_values(&request, "limit"), ["5"]);
    assert_eq!(query_keys(&request), ["limit", "tags"]);
}

/// A header value with a newline is rejected as `InvalidRequest` before anything is sent.
#[tokio::test]
async fn header_value_with_newline_is_invalid_request() {
    let server = MockServer::start().await;
    let client = parameters_client(&server);

    let err = client
        .items_get_item("acme".to_owned(), 1, 5, "ok\r\nX-Evil: 1".to_owned())
        .await
        .expect_err("a newline cannot go in a header");
    assert_eq!(
        invalid_request(err),
        "the value of header `X-Trace` contains characters not allowed in HTTP headers"
    );
    assert!(server.received_requests().await.unwrap().is_empty());
}

/// The message of an `InvalidRequest`; panics on any other error.
fn invalid_request(err: parameters::error::Error) -> String {
    match err {
        parameters::error::Error::InvalidRequest(message) => message,
        other => panic!("expected InvalidRequest, got {other:?}"),
    }
}

/// An empty, `.` or `..` path parameter is refused with `InvalidRequest`
/// naming the value, and nothing is sent.
#[tokio::test]
async fn empty_or_dot_path_parameter_is_invalid_request() {
    for org_id in ["", ".", ".."] {
        let server = MockServer::start().await;
        let client = parameters_client(&server);

        let err = client
            .items_get_item(org_id.to_owned(), 1, 5, "t".to_owned())
            .await
            .expect_err("the path cannot hold this segment");
        assert_eq!(
            invalid_request(err),
            format!(
                "a path parameter cannot be {org_id:?}: it would change which resource the path names"
            )
        );
        assert!(server.received_requests().await.unwrap().is_empty());
    }
}

/// With several invalid parameters, the error is the first one's in the
/// order they are encoded: path, then query, then headers in spec order.
#[tokio::test]
async fn first_invalid_parameter_is_the_error() {
    let server = MockServer::start().await;
    let client = parameters_client(&server);

    // A bad path segment wins over a bad header after it.
    let err = client
        .items_get_item("..".to_owned(), 1, 5, "bad\n".to_owned())
        .x_request_id("bad\n".to_owned())
        .await
        .expect_err("invalid");
    assert_eq!(
        invalid_request(err),
        "a path parameter cannot be \"..\": it would change which resource the path names"
    );

    // `X-Request-Id` comes before `X-Trace` in the spec, so its error wins.
    let err = client
        .items_get_item("acme".to_owned(), 1, 5, "bad\n".to_owned())
        .x_request_id("bad\n".to_owned())
        .await
        .expect_err("invalid");
    assert_eq!(
        invalid_request(err),
        "the value of header `X-Request-Id` contains characters not allowed in HTTP headers"
    );
    assert!(server.received_requests().await.unwrap().is_empty());
}

/// A cookie value containing `;` cannot smuggle a second cookie: it is either encoded or refused.
#[tokio::test]

async fn cookie_value_cannot_inject_another_cookie() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let client = parameters_client(&server);

    let result = client
        .items_get_item("acme".to_owned(), 1, 5, "t".to_owned())
        .session("abc; admin=1".to_owned())
        .await;

    match result {
        Err(parameters::error::Error::InvalidRequest(_)) => {
            assert!(server.received_requests().await.unwrap().is_empty());
        }
        Ok(()) => {
            let request = only_request(&server).await;
            let cookie = header(&request, "cookie").expect("cookie sent");
            let names: Vec<&str> = cookie
                .split(';')
                .map(|c| c.trim().split('=').next().unwrap_or(""))
                .collect();
            assert_eq!(names, ["session"], "Cookie header: {cookie}");
        }
        Err(other) => panic!("unexpected error: {other:?}"),
    }
}

/// The operation without an operationId (`GET /legacy/things.list`) hits that exact path and decodes a bare JSON array.
#[tokio::test]
async fn synthesized_operation_decodes_bare_array() {
    let server = MockServer::start().await;
    serve(
        &server,
        "GET",
        "/legacy/things.list",
        ResponseTemplate::new(200).set_body_json(json!(["alpha", "beta", ""])),
    )
    .await;
    let client = parameters_client(&server);

    let things: Vec<String> = client.get_legacy_things_list().await.expect("200");
    assert_eq!(things, ["alpha", "beta", ""]);

    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/legacy/things.list");
    assert_eq!(request.url.query(), None);
    assert_eq!(
        header(&request, "accept").as_deref(),
        Some("application/json")
    );
}

// ---------------------------------------------------------------------------
// Request bodies
// ---------------------------------------------------------------------------

/// `createThing` POSTs exactly the JSON body with `Content-Type: application/json` and decodes the 201 body.
#[tokio::test]
async fn create_thing_sends_json_body() {
    let server = MockServer::start().await;
    serve(
        &server,
        "POST",
        "/json",
        ResponseTemplate::new(201).set_body_json(json!({"id": "t-1"})),
    )
    .await;
    let client = bodies_client(&server);

    let created = client
        .create_thing(bodies::types::CreateThingRequest {
            name: "widget \"w\"".to_owned(),
            count: Some(3),
        })
        .await
        .expect("201 is success");
    assert_eq!(created.id.as_deref(), Some("t-1"));

    let request = only_request(&server).await;
    assert_eq!(
        header(&request, "content-type").as_deref(),
        Some("application/json")
    );
    let sent: Value = serde_json::from_slice(&request.body).expect("JSON body");
    assert_eq!(sent, json!({"name": "widget \"w\"", "count": 3}));
}

/// An absent optional JSON property is omitted from the body, not sent as `null`.
#[tokio::test]
async fn create_thing_omits_absent_optional_property() {
    let server = MockServer::start().await;
    serve(
        &server,
        "POST",
        "/json",
        ResponseTemplate::new(201).set_body_json(json!({})),
    )
    .await;
    let client = bodies_client(&server);

    let created = client
        .create_thing(bodies::types::CreateThingRequest {
            name: "n".to_owned(),
            count: None,
        })
        .await
        .expect("201 is success");
    assert_eq!(created.id, None);

    let request = only_request(&server).await;
    assert_eq!(request.body, br#"{"name":"n"}"#);
}

/// `deleteThings` sends its JSON body on a DELETE and returns `()` on 204.
#[tokio::test]
async fn delete_things_sends_json_body_on_delete() {
    let server = MockServer::start().await;
    serve(&server, "DELETE", "/json", ResponseTemplate::new(204)).await;
    let client = bodies_client(&server);

    let () = client
        .delete_things(bodies::types::DeleteThingsRequest {
            ids: vec!["a".to_owned(), "b".to_owned()],
        })
        .await
        .expect("204 is success");

    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "DELETE");
    assert_eq!(
        header(&request, "content-type").as_deref(),
        Some("application/json")
    );
    let sent: Value = serde_json::from_slice(&request.body).expect("JSON body");
    assert_eq!(sent, json!({"ids": ["a", "b"]}));
}

/// `submitForm` sends an `application/x-www-form-urlencoded` body with each field encoded.
#[tokio::test]
async fn submit_form_sends_urlencoded_body() {
    let server = MockServer::start().await;
    serve(&server, "POST", "/form", ResponseTemplate::new(200)).await;
    let client = bodies_client(&server);

    client
        .submit_form()
        .body(bodies::types::SubmitFormRequest {
            grant_type: Some("authorization_code".to_owned()),
            code: Some("a b&c=d/é".to_owned()),
        })
        .await
        .expect("200 is success");

    let request = only_request(&server).await;
    assert_eq!(
        header(&request, "content-type").as_deref(),
        Some("application/x-www-form-urlencoded")
    );
    let body = String::from_utf8(request.body.clone()).expect("ASCII body");
    assert_eq!(
        body,
        "grant_type=authorization_code&code=a+b%26c%3Dd%2F%C3%A9"
    );
}

/// `uploadFile` sends `multipart/form-data` with the exact file bytes (with a filename) and the `purpose` text part.
#[tokio::test]
async fn upload_file_sends_multipart_parts() {
    let server = MockServer::start().await;
    serve(
        &server,
        "POST",
        "/upload",
        ResponseTemplate::new(200).set_body_json(json!({"size": 9})),
    )
    .await;
    let client = bodies_client(&server);

    // Not UTF-8, and containing CRLF and a fake delimiter prefix.
    let file: Vec<u8> = vec![0x00, 0xff, 0xfe, b'\r', b'\n', b'-', b'-', 0x89, b'P'];
    let response = client
        .upload_file(bodies::types::UploadFileRequest {
            file: file.clone(),
            purpose: "fine-tune".to_owned(),
            tags: None,
            labels: Vec::new(),
            attachments: None,
            note: serde_json::Value::Null,
        })
        .await
        .expect("200 is success");
    assert_eq!(response.size, Some(9));

    let request = only_request(&server).await;
    let content_type = header(&request, "content-type").expect("Content-Type");
    assert!(
        content_type.starts_with("multipart/form-data;"),
        "{content_type}"
    );
    let parts = multipart_parts(&content_type, &request.body);
    let names: Vec<Option<String>> = parts.iter().map(|p| p.disposition_param("name")).collect();
    assert_eq!(
        names,
        [Some("file".to_owned()), Some("purpose".to_owned())],
        "no `tags` part when tags is None"
    );

    let file_part = &parts[0];
    assert_eq!(file_part.body, file);
    let filename = file_part.disposition_param("filename");
    assert!(
        filename.as_deref().is_some_and(|f| !f.is_empty()),
        "file part has a filename: {}",
        file_part.headers
    );

    let purpose = &parts[1];
    assert_eq!(purpose.body, b"fine-tune");
    assert_eq!(purpose.disposition_param("filename"), None);
}

/// An array property of a multipart body is sent as one part per item (the OpenAPI/RFC 7578 convention), not as a JSON text.
#[tokio::test]

async fn upload_file_sends_array_property_as_repeated_parts() {
    let server = MockServer::start().await;
    serve(
        &server,
        "POST",
        "/upload",
        ResponseTemplate::new(200).set_body_json(json!({})),
    )
    .await;
    let client = bodies_client(&server);

    client
        .upload_file(bodies::types::UploadFileRequest {
            file: b"x".to_vec(),
            purpose: "p".to_owned(),
            tags: Some(vec!["a".to_owned(), "b".to_owned()]),
            labels: vec!["x".to_owned(), "y".to_owned()],
            attachments: Some(vec![b"one".to_vec(), b"two".to_vec()]),
            note: serde_json::Value::Null,
        })
        .await
        .expect("200 is success");

    let request = only_request(&server).await;
    let content_type = header(&request, "content-type").expect("Content-Type");
    let parts = multipart_parts(&content_type, &request.body);
    let tags: Vec<&[u8]> = parts
        .iter()
        .filter(|p| p.disposition_param("name").as_deref() == Some("tags"))
        .map(|p| p.body.as_slice())
        .collect();
    assert_eq!(tags, [b"a".as_slice(), b"b".as_slice()]);
    // A required array is repeated the same way.
    let labels: Vec<&[u8]> = parts
        .iter()
        .filter(|p| p.disposition_param("name").as_deref() == Some("labels"))
        .map(|p| p.body.as_slice())
        .collect();
    assert_eq!(labels, [b"x".as_slice(), b"y".as_slice()]);
    // `attachments` are files through a `$ref` to a binary schema: file parts.
    let attachments: Vec<(&[u8], Option<String>)> = parts
        .iter()
        .filter(|p| p.disposition_param("name").as_deref() == Some("attachments"))
        .map(|p| (p.body.as_slice(), p.disposition_param("filename")))
        .collect();
    assert_eq!(
        attachments,
        [
            (b"one".as_slice(), Some("attachments".to_owned())),
            (b"two".as_slice(), Some("attachments".to_owned()))
        ]
    );
    // A null `note` is left out rather than sent as the text "null".
    assert!(!parts
        .iter()
        .any(|p| p.disposition_param("name").as_deref() == Some("note")));
}

/// `putRaw` sends the exact bytes with `Content-Type: application/octet-stream`.
#[tokio::test]
async fn put_raw_sends_exact_octet_stream() {
    let server = MockServer::start().await;
    serve(&server, "PUT", "/raw", ResponseTemplate::new(204)).await;
    let client = bodies_client(&server);

    let bytes: Vec<u8> = (0..=255).collect();
    client.put_raw(bytes.clone()).await.expect("204 is success");

    let request = only_request(&server).await;
    assert_eq!(
        header(&request, "content-type").as_deref(),
        Some("application/octet-stream")
    );
    assert_eq!(request.body, bytes);
}

// ---------------------------------------------------------------------------
// Responses: statuses, error bodies, several success bodies
// ---------------------------------------------------------------------------

/// `getPet` encodes its id into the path, asks for JSON and decodes a 200 `Pet`.
#[tokio::test]
async fn get_pet_200_decodes_pet() {
    let server = MockServer::start().await;
    serve(
        &server,
        "GET",
        "/pets/rex%2F1",
        ResponseTemplate::new(200).set_body_json(json!({"name": "Rex"})),
    )
    .await;
    let client = responses_client(&server);

    let pet = client.get_pet("rex/1".to_owned()).await.expect("200");
    assert_eq!(
        pet,
        responses::types::Pet {
            name: "Rex".to_owned()
        }
    );

    let request = only_request(&server).await;
    // Accept lists every media type the operation documents, success and error.
    assert_eq!(
        header(&request, "accept").as_deref(),
        Some("application/json, application/problem+json")
    );
}

/// A 404 is `Error::Status` with the body, and `GetPetError::from_error` decodes it as `NotFound`.
#[tokio::test]
async fn get_pet_404_is_status_error_with_not_found_body() {
    let server = MockServer::start().await;
    serve(
        &server,
        "GET",
        "/pets/ghost",
        ResponseTemplate::new(404).set_body_json(json!({"message": "no such pet"})),
    )
    .await;
    let client = responses_client(&server);

    let err = client.get_pet("ghost".to_owned()).await.expect_err("404");
    match &err {
        responses::error::Error::Status {
            status,
            content_type,
            body,
            ..
        } => {
            assert_eq!(*status, 404);
            assert_eq!(content_type.as_deref(), Some("application/json"));
            let body: Value = serde_json::from_slice(body).unwrap();
            assert_eq!(body, json!({"message": "no such pet"}));
        }
        other => panic!("expected Error::Status, got {other:?}"),
    }
    assert_eq!(err.status(), Some(404));
    assert_eq!(
        responses::types::GetPetError::from_error(&err),
        Some(responses::types::GetPetError::NotFound(
            responses::types::NotFound {
                message: "no such pet".to_owned()
            }
        ))
    );
}

/// A 422 falls under the `4XX` range and decodes as `ClientError(Problem)`.
#[tokio::test]
async fn get_pet_422_is_client_error_problem() {
    let server = MockServer::start().await;
    serve(
        &server,
        "GET",
        "/pets/bad",
        ResponseTemplate::new(422).set_body_json(json!({"title": "Invalid id", "status": 422})),
    )
    .await;
    let client = responses_client(&server);

    let err = client.get_pet("bad".to_owned()).await.expect_err("422");
    assert!(
        matches!(err, responses::error::Error::Status { status: 422, .. }),
        "{err:?}"
    );
    assert_eq!(
        responses::types::GetPetError::from_error(&err),
        Some(responses::types::GetPetError::ClientError(
            responses::types::Problem {
                title: Some("Invalid id".to_owned()),
                status: Some(422),
            }
        ))
    );
}

/// A 500 with an `application/problem+json` body is `Error::Status` and decodes as `Default(Problem)`.
#[tokio::test]
async fn get_pet_500_is_default_problem() {
    let server = MockServer::start().await;
    serve(
        &server,
        "GET",
        "/pets/boom",
        ResponseTemplate::new(500).set_body_raw(
            r#"{"title":"Internal","status":500}"#,
            "application/problem+json",
        ),
    )
    .await;
    let client = responses_client(&server);

    let err = client.get_pet("boom".to_owned()).await.expect_err("500");
    match &err {
        responses::error::Error::Status {
            status,
            content_type,
            ..
        } => {
            assert_eq!(*status, 500);
            assert_eq!(content_type.as_deref(), Some("application/problem+json"));
        }
        other => panic!("expected Error::Status, got {other:?}"),
    }
    assert_eq!(
        responses::types::GetPetError::from_error(&err),
        Some(responses::types::GetPetError::Default(
            responses::types::Problem {
                title: Some("Internal".to_owned()),
                status: Some(500),
            }
        ))
    );
}

/// `updatePet` documents the same error responses as `getPet` and `deletePet`,
/// so its `UpdatePetError` is an alias of the one shared enum: the body
/// decodes through the alias name, and the other names are the same type.
#[tokio::test]
async fn update_pet_404_decodes_through_its_alias_of_the_shared_error_enum() {
    use responses::types::{DeletePetError, GetPetError, NotFound, UpdatePetError};
    let server = MockServer::start().await;
    serve(
        &server,
        "PATCH",
        "/pets/ghost",
        ResponseTemplate::new(404).set_body_json(json!({"message": "no such pet"})),
    )
    .await;
    let client = responses_client(&server);

    let err = client
        .update_pet("ghost")
        .body(responses::types::Pet {
            name: "Ghost".to_owned(),
        })
        .await
        .expect_err("404");
    assert_eq!(err.status(), Some(404));
    let expected = UpdatePetError::NotFound(NotFound {
        message: "no such pet".to_owned(),
    });
    assert_eq!(err.error_body::<UpdatePetError>(), Some(&expected));
    assert_eq!(err.error_body::<GetPetError>(), Some(&expected));
    assert_eq!(err.error_body::<DeletePetError>(), Some(&expected));
    assert_eq!(UpdatePetError::from_error(&err), Some(expected));
}

/// `adoptPet` documents other error responses, so its enum is its own:
/// the shared enum does not claim its body.
#[tokio::test]
async fn adopt_pet_409_decodes_as_its_own_error_enum() {
    use responses::types::{AdoptPetConflictBody, AdoptPetError, DeletePetError};
    let server = MockServer::start().await;
    serve(
        &server,
        "POST",
        "/pets/rex/adopt",
        ResponseTemplate::new(409).set_body_json(json!({"owner": "ann"})),
    )
    .await;
    let client = responses_client(&server);

    let err = client.adopt_pet("rex").await.expect_err("409");
    assert_eq!(
        err.error_body::<AdoptPetError>(),
        Some(&AdoptPetError::Conflict(AdoptPetConflictBody {
            owner: "ann".to_owned()
        }))
    );
    assert_eq!(err.error_body::<DeletePetError>(), None);
}

/// A 200 whose body does not match `Pet` is `Error::Decode` naming the failing field.
#[tokio::test]
async fn get_pet_200_with_wrong_body_is_decode_error() {
    let server = MockServer::start().await;
    serve(
        &server,
        "GET",
        "/pets/odd",
        ResponseTemplate::new(200).set_body_json(json!({"name": 7})),
    )
    .await;
    let client = responses_client(&server);

    let err = client
        .get_pet("odd".to_owned())
        .await
        .expect_err("bad body");
    match &err {
        responses::error::Error::Decode { status, path, .. } => {
            assert_eq!(*status, 200);
            assert_eq!(path, "name");
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
    assert_eq!(responses::types::GetPetError::from_error(&err), None);
}

/// `putPet` maps 200, 202 and 204 to the matching `PutPetResponse` variants.
#[tokio::test]
async fn put_pet_maps_each_success_status_to_its_variant() {
    use responses::types::{Pet, PutPetAcceptedBody, PutPetResponse};

    let cases = [
        (
            ResponseTemplate::new(200).set_body_json(json!({"name": "Rex"})),
            PutPetResponse::Ok(Pet {
                name: "Rex".to_owned(),
            }),
        ),
        (
            ResponseTemplate::new(202).set_body_json(json!({"jobId": "job-9"})),
            PutPetResponse::Accepted(PutPetAcceptedBody {
                job_id: "job-9".to_owned(),
            }),
        ),
        (ResponseTemplate::new(204), PutPetResponse::NoContent),
    ];
    for (template, expected) in cases {
        let server = MockServer::start().await;
        serve(&server, "POST", "/pets", template).await;
        let client = responses_client(&server);

        let got = client.put_pet().await.expect("documented success");
        assert_eq!(got, expected);
    }
}

/// `currentPet` decodes a JSON `null` body as `None` and an object as `Some(Pet)`.
#[tokio::test]
async fn current_pet_null_is_none() {
    let server = MockServer::start().await;
    serve(
        &server,
        "GET",
        "/pets/current",
        ResponseTemplate::new(200).set_body_raw("null", "application/json"),
    )
    .await;
    let client = responses_client(&server);
    assert_eq!(client.current_pet().await.expect("200"), None);

    let server = MockServer::start().await;
    serve(
        &server,
        "GET",
        "/pets/current",
        ResponseTemplate::new(200).set_body_json(json!({"name": "Rex"})),
    )
    .await;
    let client = responses_client(&server);
    assert_eq!(
        client.current_pet().await.expect("200"),
        Some(responses::types::Pet {
            name: "Rex".to_owned()
        })
    );
}

/// `petPhoto` returns the response body byte for byte, even when it is not UTF-8.
#[tokio::test]
async fn pet_photo_returns_exact_bytes() {
    let server = MockServer::start().await;
    let png: Vec<u8> = vec![
        0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n', 0x00, 0xff,
    ];
    serve(
        &server,
        "GET",
        "/pets/p%201/photo",
        ResponseTemplate::new(200).set_body_raw(png.clone(), "image/png"),
    )
    .await;
    let client = responses_client(&server);

    let bytes = client.pet_photo("p 1".to_owned()).await.expect("200");
    assert_eq!(bytes, png);
}
