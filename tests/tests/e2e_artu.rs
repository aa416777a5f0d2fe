//! End-to-end tests of the generated `artu-api` client against an in-process
//! wiremock server on 127.0.0.1: the request it sends, how it decodes a
//! realistic execution payload, and how every failure mode surfaces as an
//! [`artu_api::Error`] rather than a panic. No test touches the network.

use artu_api::types::{
    Environment, NodeType, ProducedFileKind, Status, WorkflowsExecutionsRetrieveResponse,
};
use artu_api::{Client, Error};
use serde_json::{json, Value};
use uuid::Uuid;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "sk_live_7Qd2hV9xKc3mT8pZ1rY4";
const EXECUTION_ID: &str = "7b0e4c1a-3f2d-4e8b-9a6c-1d2e3f4a5b6c";

fn execution_id() -> Uuid {
    Uuid::parse_str(EXECUTION_ID).unwrap()
}

fn execution_path() -> String {
    format!("/workflows/executions/{EXECUTION_ID}")
}

fn client_for(server: &MockServer) -> Client {
    // One exchange per test: retries have their own tests (e2e_production.rs).
    Client::builder()
        .base_url(server.uri())
        .max_retries(0)
        .bearer_auth(TOKEN)
        .environment_header("live")
        .build()
        .expect("client builds")
}

/// Mounts a single GET on the execution path answering with `response`.
async fn serve(server: &MockServer, response: ResponseTemplate) {
    Mock::given(method("GET"))
        .and(path(execution_path()))
        .respond_with(response)
        .expect(1)
        .mount(server)
        .await;
}

/// The smallest body the spec accepts: required fields only.
fn minimal_body() -> Value {
    json!({
        "id": EXECUTION_ID,
        "organizationId": "org_2fK9xQ",
        "environment": "test",
        "workflowId": "c4a1e2b3-5d6f-4a7b-8c9d-0e1f2a3b4c5d",
        "eventId": "evt_01HZX3K8QW",
        "triggerType": "trigger.manual",
        "entityType": null,
        "entityId": null,
        "eventType": null,
        "status": "running",
        "error": null,
        "alertIds": [],
        "durationMs": null,
        "initiatedBy": null,
        "createdAt": "2025-01-15T10:30:00.000Z"
    })
}

/// A realistic, full execution as the server would send it.
fn full_body() -> Value {
    json!({
        "id": EXECUTION_ID,
        "organizationId": "org_2fK9xQ",
        "environment": "live",
        "workflowId": "c4a1e2b3-5d6f-4a7b-8c9d-0e1f2a3b4c5d",
        "eventId": "evt_01HZX3K8QW",
        "triggerType": "trigger.manual_file",
        "entityType": null,
        "entityId": "cli_88213",
        "eventType": "client.updated",
        "status": "paused",
        "error": null,
        "alertIds": ["alt_01HZX4", "alt_01HZX5"],
        "producedFiles": [
            {
                "fileId": "file_01HZX6",
                "nodeId": "n3",
                "columnName": "report",
                "filename": "structuring-alerts.csv",
                "contentType": "text/csv",
                "size": 5_368_709_120_u64
            },
            {
                "fileId": "file_01HZX7",
                "nodeId": "n1",
                "columnName": "upload",
                "filename": "transactions-2025-01.xlsx",
                "contentType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "size": 9_007_199_254_740_991_u64,
                "kind": "trigger_upload",
                "nodeLabel": "Monthly upload"
            }
        ],
        "durationMs": 9_007_199_254_740_991_i64,
        "inputs": {
            "threshold": 10000,
            "currency": "MXN",
            "filters": {"countries": ["MX", "US"], "includeClosed": false, "since": null}
        },
        "workflowTrace": {
            "workflowSnapshot": {
                "nodes": [
                    {"id": "n1", "type": "trigger.brand_new", "data": {"label": "Brand new trigger", "retries": 3}},
                    {"id": "n2", "type": "source.query_transactions"},
                    {"id": "n3", "type": "detect.structuring", "data": {}}
                ],
                "edges": [
                    {"id": "e1", "source": "n1", "target": "n2"},
                    {"id": "e2", "source": "n2", "target": "n3", "sourceHandle": "out", "targetHandle": "in", "shape": "table"}
                ]
            },
            "nodeTraces": [
                {"nodeId": "n1", "type": "trigger.brand_new", "durationMs": 0.25, "skipped": false},
                {
                    "nodeId": "n2",
                    "type": "source.query_transactions",
                    "durationMs": 153.27,
                    "rowCounts": {"output": 1250.5},
                    "columns": {"output": ["id", "amount", "currency"]},
                    "outputs": {
                        "output": {
                            "sql": "SELECT id, amount, currency FROM transactions WHERE organization_id = $1 AND amount >= $2",
                            "params": ["org_2fK9xQ", 10000, null, {"k": [1, 2]}]
                        },
                        "audit": {"sql": "SELECT 1"}
                    }
                },
                {"nodeId": "n3", "type": "detect.structuring", "durationMs": 12.5, "error": "timeout after 30s", "skipped": true}
            ],
            "durationMs": 166.02,
            "error": "node n3 failed"
        },
        "warnings": [
            {"kind": "row_limit", "nodeId": "n2", "limit": 10000, "details": {"truncated": true, "dropped": [7, 8]}},
            {"kind": "deprecated_node", "since": "2024-12-01"}
        ],
        "initiatedBy": null,
        "createdAt": "2025-01-15T10:30:00.000Z"
    })
}

/// The request carries GET, `/workflows/executions/<uuid>`, no query, and exactly one each of `Authorization: Bearer <token>`, `X-Environment: live` and `Accept: application/json`.
#[tokio::test]
async fn request_line_and_headers() {
    let server = MockServer::start().await;
    serve(
        &server,
        ResponseTemplate::new(200).set_body_json(minimal_body()),
    )
    .await;

    let client = client_for(&server);
    let response = client.workflows_executions_retrieve(execution_id()).await;
    assert!(response.is_ok(), "{response:?}");

    let requests = server.received_requests().await.expect("recording on");
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(request.method.as_str(), "GET");
    assert_eq!(request.url.path(), execution_path());
    assert_eq!(request.url.query(), None);
    let only = |name: &str| -> String {
        let values: Vec<_> = request.headers.get_all(name).iter().collect();
        assert_eq!(values.len(), 1, "header {name}: {values:?}");
        values[0].to_str().unwrap().to_owned()
    };
    assert_eq!(only("authorization"), format!("Bearer {TOKEN}"));
    assert_eq!(only("x-environment"), "live");
    assert_eq!(only("accept"), "application/json");
    assert!(request.body.is_empty(), "a GET sends no body");
}

/// `send()` and a base URL with a path prefix and trailing `/` reach `<prefix>/workflows/executions/<uuid>` (no `//`).
#[tokio::test]
async fn send_and_base_url_with_path_prefix() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/api/v1{}", execution_path())))
        .respond_with(ResponseTemplate::new(200).set_body_json(minimal_body()))
        .expect(1)
        .mount(&server)
        .await;

    let client = Client::builder()
        .base_url(format!("{}/api/v1/", server.uri()))
        .bearer_auth(TOKEN)
        .environment_header("live")
        .build()
        .unwrap();
    assert_eq!(client.base_url(), format!("{}/api/v1", server.uri()));
    let execution = client
        .workflows_executions_retrieve(execution_id())
        .send()
        .await
        .expect("decodes");
    assert_eq!(execution.id, execution_id());
    assert_eq!(execution.environment, Environment::Test);
    assert_eq!(execution.status, Status::Running);
}

/// A realistic full payload decodes (unknown enum values, defaults, extra keys, big integers) and re-serializes to the input plus the spec's defaults, exactly.
#[tokio::test]
async fn full_payload_round_trips() {
    let server = MockServer::start().await;
    let input = full_body();
    serve(
        &server,
        ResponseTemplate::new(200).set_body_raw(input.to_string(), "application/json"),
    )
    .await;

    let client = client_for(&server);
    let execution: WorkflowsExecutionsRetrieveResponse = client
        .workflows_executions_retrieve(execution_id())
        .await
        .expect("decodes");

    // Typed view of the tricky parts.
    assert_eq!(execution.environment, Environment::Live);
    assert_eq!(execution.status, Status::Unknown("paused".to_owned()));
    assert_eq!(execution.entity_type, None);
    assert_eq!(execution.entity_id.as_deref(), Some("cli_88213"));
    assert_eq!(execution.duration_ms, Some(9_007_199_254_740_991));
    assert_eq!(execution.initiated_by, None);
    assert_eq!(execution.completed_at, None);
    assert!(execution.produced_records.is_empty());
    assert!(execution.resolved_variables.is_none());
    let files = &execution.produced_files;
    assert_eq!(files[0].kind, ProducedFileKind::Produced);
    assert_eq!(files[0].size, 5_368_709_120);
    assert_eq!(files[1].kind, ProducedFileKind::TriggerUpload);
    assert_eq!(files[1].size, 9_007_199_254_740_991);
    let trace = execution
        .workflow_trace
        .as_ref()
        .and_then(Option::as_ref)
        .expect("trace present");
    let nodes = &trace.workflow_snapshot.nodes;
    assert_eq!(
        nodes[0].r#type,
        NodeType::Unknown("trigger.brand_new".to_owned())
    );
    assert_eq!(nodes[1].r#type, NodeType::SourceQueryTransactions);
    assert!(nodes[1].data.is_empty());
    assert_eq!(nodes[2].r#type, NodeType::DetectStructuring);
    let n2 = &trace.node_traces[1];
    assert_eq!(n2.row_counts.as_ref().unwrap()["output"], 1250.5);
    assert_eq!(n2.outputs.as_ref().unwrap()["audit"].params, None);
    let warning = &execution.warnings[0];
    assert_eq!(warning.kind, "row_limit");
    assert_eq!(warning.node_id.as_deref(), Some("n2"));
    assert_eq!(warning.additional_properties["limit"], json!(10000));
    assert!(!warning.additional_properties.contains_key("kind"));
    assert!(!warning.additional_properties.contains_key("nodeId"));
    assert_eq!(
        execution.warnings[1].additional_properties["since"],
        json!("2024-12-01")
    );

    // Re-serialized: the input, plus the defaults the spec fills in.
    let mut expected = input;
    expected["producedRecords"] = json!([]);
    expected["producedFiles"][0]["kind"] = json!("produced");
    expected["workflowTrace"]["workflowSnapshot"]["nodes"][1]["data"] = json!({});
    let actual = serde_json::to_value(&execution).unwrap();
    assert_eq!(actual, expected);

    // And decoding that output again gives the same value.
    let again: WorkflowsExecutionsRetrieveResponse = serde_json::from_value(actual).unwrap();
    assert_eq!(again, execution);
}

/// Optional-and-nullable properties (`workflowTrace`, `inputs`, `resolvedVariables`, `completedAt`) accept an explicit `null`, kept apart from absent.
#[tokio::test]
async fn optional_nullable_properties_accept_null() {
    let server = MockServer::start().await;
    let mut body = minimal_body();
    body["workflowTrace"] = Value::Null;
    body["inputs"] = Value::Null;
    body["resolvedVariables"] = Value::Null;
    body["completedAt"] = Value::Null;
    serve(&server, ResponseTemplate::new(200).set_body_json(body)).await;

    let execution = client_for(&server)
        .workflows_executions_retrieve(execution_id())
        .await
        .expect("null is allowed for these properties");
    // `null` is `Some(None)`, apart from absent (`None`).
    assert_eq!(execution.workflow_trace, Some(None));
    assert_eq!(execution.inputs, Some(None));
    assert_eq!(execution.resolved_variables, Some(None));
    assert_eq!(execution.completed_at, Some(None));
    assert!(execution.warnings.is_empty());
    assert!(execution.produced_files.is_empty());
}

/// A 404 with a JSON body is `Error::Status` with status 404, its content type and body, and a Display naming both.
#[tokio::test]
async fn not_found_is_status_error() {
    let server = MockServer::start().await;
    let body = r#"{"error":"Execution not found","code":"not_found"}"#;
    serve(
        &server,
        ResponseTemplate::new(404)
            .set_body_raw(body, "application/json")
            .insert_header("x-request-id", "req_123"),
    )
    .await;

    let err = client_for(&server)
        .workflows_executions_retrieve(execution_id())
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(404));
    assert_eq!(err.body(), Some(body));
    assert_eq!(err.to_string(), format!("HTTP 404: {body}"));
    assert_eq!(
        err.decode_body::<Value>(),
        Some(json!({"error": "Execution not found", "code": "not_found"}))
    );
    let Error::Status {
        status,
        content_type,
        ..
    } = &err
    else {
        panic!("expected Error::Status, got {err:?}");
    };
    assert_eq!(*status, 404);
    assert_eq!(content_type.as_deref(), Some("application/json"));
    // Headers come along, for request ids and Retry-After.
    let headers = err.headers().expect("a status error has headers");
    assert_eq!(
        headers.get("x-request-id").and_then(|v| v.to_str().ok()),
        Some("req_123")
    );
}

/// An HTML 502 page from a proxy is `Error::Status` (no panic, no decode attempt) whose Display is one line starting `HTTP 502: `.
#[tokio::test]
async fn proxy_html_502_is_status_error() {
    let server = MockServer::start().await;
    let html = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
    serve(
        &server,
        ResponseTemplate::new(502).set_body_raw(html, "text/html; charset=utf-8"),
    )
    .await;

    let err = client_for(&server)
        .workflows_executions_retrieve(execution_id())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Status { status: 502, .. }), "{err:?}");
    assert_eq!(err.status(), Some(502));
    assert_eq!(err.body(), Some(html));
    assert_eq!(err.decode_body::<Value>(), None);
    let display = err.to_string();
    assert!(display.starts_with("HTTP 502: "), "{display}");
    assert!(display.contains("502 Bad Gateway"), "{display}");
    assert!(
        !display.contains('\n') && !display.contains('\r'),
        "{display}"
    );
    let Error::Status { content_type, .. } = &err else {
        unreachable!()
    };
    assert_eq!(content_type.as_deref(), Some("text/html; charset=utf-8"));
}

/// A 200 whose `workflowTrace.nodeTraces[0].durationMs` is a string is `Error::Decode` naming exactly that path, with status 200 and the raw body kept.
#[tokio::test]
async fn wrong_type_deep_in_body_names_its_path() {
    let server = MockServer::start().await;
    let mut body = full_body();
    body["workflowTrace"]["nodeTraces"][0]["durationMs"] = json!("0.25");
    let raw = body.to_string();
    serve(
        &server,
        ResponseTemplate::new(200).set_body_raw(raw.clone(), "application/json"),
    )
    .await;

    let err = client_for(&server)
        .workflows_executions_retrieve(execution_id())
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(200));
    assert_eq!(err.body(), Some(raw.as_str()));
    let Error::Decode {
        status, path, body, ..
    } = &err
    else {
        panic!("expected Error::Decode, got {err:?}");
    };
    assert_eq!(*status, 200);
    assert_eq!(path, "workflowTrace.nodeTraces[0].durationMs");
    assert_eq!(body, &raw);
    let display = err.to_string();
    assert!(
        display.contains("HTTP 200")
            && display.contains("`workflowTrace.nodeTraces[0].durationMs`"),
        "{display}"
    );
}

/// `Debug` of the builder, the client and a request builder never shows the bearer token or the environment value.
#[tokio::test]
async fn debug_output_hides_credentials() {
    const ENVIRONMENT: &str = "live-canary-Zq81";
    let server = MockServer::start().await;
    let builder = Client::builder()
        .base_url(server.uri())
        .bearer_auth(TOKEN)
        .environment_header(ENVIRONMENT);
    let builder_debug = format!("{builder:?}");
    let client = builder.build().unwrap();
    let client_debug = format!("{client:?}");
    let request_debug = format!("{:?}", client.workflows_executions_retrieve(execution_id()));

    for (what, debug) in [
        ("builder", &builder_debug),
        ("client", &client_debug),
        ("request builder", &request_debug),
    ] {
        // The Debug output is real (shows the base URL), just without secrets.
        assert!(debug.contains(&server.uri()), "{what}: {debug}");
        assert!(!debug.contains(TOKEN), "{what} leaks the token: {debug}");
        assert!(
            !debug.contains("7Qd2hV9x"),
            "{what} leaks part of the token: {debug}"
        );
        assert!(
            !debug.contains(ENVIRONMENT),
            "{what} leaks the environment value: {debug}"
        );
    }

    // The client does hold both credentials: they are sent.
    serve(
        &server,
        ResponseTemplate::new(200).set_body_json(minimal_body()),
    )
    .await;
    client
        .workflows_executions_retrieve(execution_id())
        .await
        .unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(
        requests[0].headers.get("authorization").unwrap(),
        &format!("Bearer {TOKEN}")
    );
    assert_eq!(
        requests[0].headers.get("x-environment").unwrap(),
        ENVIRONMENT
    );
}

/// A connection refused on 127.0.0.1 is `Error::Transport`, with no status and no body.
#[tokio::test]
async fn connection_refused_is_transport_error() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let client = Client::builder()
        .base_url(format!("http://127.0.0.1:{port}"))
        .bearer_auth(TOKEN)
        .environment_header("live")
        .build()
        .unwrap();

    let err = client
        .workflows_executions_retrieve(execution_id())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert_eq!(err.status(), None);
    assert_eq!(err.body(), None);
    assert!(err.to_string().starts_with("request failed: "), "{err}");
}

/// A valid object followed by trailing garbage is `Error::Decode` for the body as a whole (path `.`), not a silent success.
#[tokio::test]
async fn trailing_garbage_is_decode_error() {
    let server = MockServer::start().await;
    let raw = format!("{} <!-- cached by edge -->", minimal_body());
    serve(
        &server,
        ResponseTemplate::new(200).set_body_raw(raw.clone(), "application/json"),
    )
    .await;

    let err = client_for(&server)
        .workflows_executions_retrieve(execution_id())
        .await
        .unwrap_err();
    let Error::Decode {
        status, path, body, ..
    } = &err
    else {
        panic!("expected Error::Decode, got {err:?}");
    };
    assert_eq!(*status, 200);
    assert_eq!(path, ".");
    assert_eq!(body, &raw);
}

/// An empty 200 body is `Error::Decode` with status 200 and an empty body.
#[tokio::test]
async fn empty_body_is_decode_error() {
    let server = MockServer::start().await;
    serve(
        &server,
        ResponseTemplate::new(200).insert_header("content-type", "application/json"),
    )
    .await;

    let err = client_for(&server)
        .workflows_executions_retrieve(execution_id())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
    assert_eq!(err.status(), Some(200));
    assert_eq!(err.body(), Some(""));
}

/// `ClientBuilder::timeout` bounds a slow response: a transport error that says it timed out.
#[tokio::test]
async fn slow_response_times_out() {
    let server = MockServer::start().await;
    serve(
        &server,
        ResponseTemplate::new(200)
            .set_body_json(minimal_body())
            .set_delay(std::time::Duration::from_secs(5)),
    )
    .await;
    let client = Client::builder()
        .base_url(server.uri())
        .timeout(std::time::Duration::from_millis(200))
        .max_retries(0)
        .build()
        .unwrap();
    let started = std::time::Instant::now();
    let err = client
        .workflows_executions_retrieve(execution_id())
        .await
        .unwrap_err();
    assert!(started.elapsed() < std::time::Duration::from_secs(3));
    match err {
        Error::Transport(e) => assert!(e.is_timeout(), "{e}"),
        other => panic!("expected a transport timeout, got {other:?}"),
    }
}

/// A request builder owns what it needs, so the request can run on a spawned task.
#[tokio::test]
async fn requests_can_be_spawned() {
    let server = MockServer::start().await;
    serve(
        &server,
        ResponseTemplate::new(200).set_body_json(minimal_body()),
    )
    .await;
    let client = client_for(&server);
    let task = tokio::spawn(client.workflows_executions_retrieve(execution_id()).send());
    drop(client);
    let execution = task.await.expect("the task ran").expect("200 decodes");
    assert_eq!(execution.id, execution_id());
}
