//! Runs the usage example of README.md: `build.rs` copies the README's
//! ```rust block(s) verbatim into `$OUT_DIR`, and they are included below, so
//! editing the README edits what is compiled here. The example's `connect` and
//! `describe` run against a wiremock server on 127.0.0.1 (never the network);
//! its `main`, which targets production, is compiled but not run.

// At the crate root, as in a user's `main.rs`: the test harness supplies its
// own entry point and leaves the example's `main` as an ordinary function.
include!(concat!(env!("OUT_DIR"), "/readme_example.rs"));

use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const EXECUTION_ID: &str = "7b0e4c1a-3f2d-4e8b-9a6c-1d2e3f4a5b6c";

fn execution_id() -> artu_api::uuid::Uuid {
    EXECUTION_ID.parse().unwrap()
}

/// A server answering `GET /workflows/executions/<id>` with `response`, but only
/// when the credentials `connect` was given arrive in the headers.
async fn server_answering(response: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/workflows/executions/{EXECUTION_ID}")))
        .and(header("authorization", "Bearer sk_test_readme"))
        .and(header("x-environment", "live"))
        .respond_with(response)
        .expect(1)
        .mount(&server)
        .await;
    server
}

/// A 200 with a realistic execution is described by its id and status.
#[tokio::test]
async fn readme_example_describes_an_execution() {
    let body = serde_json::json!({
        "id": EXECUTION_ID,
        "organizationId": "org_2fK9xQ",
        "environment": "live",
        "workflowId": "c4a1e2b3-5d6f-4a7b-8c9d-0e1f2a3b4c5d",
        "eventId": "evt_01HZX3K8QW",
        "triggerType": "trigger.manual",
        "entityType": "client",
        "entityId": "cli_88213",
        "eventType": "client.updated",
        "status": "running",
        "error": null,
        "alertIds": ["alt_01HZX4"],
        "durationMs": null,
        "initiatedBy": null,
        "createdAt": "2025-01-15T10:30:00.000Z"
    });
    let server = server_answering(ResponseTemplate::new(200).set_body_json(body)).await;
    let client = connect(&server.uri(), "sk_test_readme").expect("client builds");
    let line = describe(&client, execution_id()).await;
    assert_eq!(line.unwrap(), format!("{EXECUTION_ID} is running"));
}

/// A 404 is an answer (`no execution <id>`), not an error.
#[tokio::test]
async fn readme_example_reports_a_missing_execution() {
    let body = r#"{"error":"Not found"}"#;
    let server =
        server_answering(ResponseTemplate::new(404).set_body_raw(body, "application/json")).await;
    let client = connect(&server.uri(), "sk_test_readme").expect("client builds");
    let line = describe(&client, execution_id()).await;
    assert_eq!(line.unwrap(), format!("no execution {EXECUTION_ID}"));
}

/// Other failures still reach the caller: a 400 (which the default retry
/// policy does not retry, so the server sees one request) is an `Err`
/// carrying its status.
#[tokio::test]
async fn readme_example_passes_other_errors_on() {
    let server = server_answering(ResponseTemplate::new(400)).await;
    let client = connect(&server.uri(), "sk_test_readme").expect("client builds");
    let err = describe(&client, execution_id()).await.unwrap_err();
    assert_eq!(err.status(), Some(400));
}

/// The example's `main` (production URL, key from the environment) type-checks;
/// it is never called, since it would use the network.
#[test]
fn readme_example_main_compiles() {
    let _: fn() -> Result<(), Box<dyn std::error::Error>> = main;
}

/// The "Production use" examples, verbatim from the README, on the client
/// generated from `tests/fixtures/production.yaml` (the README's examples
/// leave out their `use` lines; these are they). They are compiled and
/// type-checked here; `tests/e2e_production.rs` runs each feature.
mod production {
    use artu_tests::error::Error;
    use artu_tests::production::client::Client;
    use artu_tests::production::types::{
        CreateThingError, CreateThingRequest, SearchThingsRequest, Thing,
    };
    use artu_tests::retry::RetryPolicy;
    use futures_util::TryStreamExt as _;
    use std::time::Duration;

    include!(concat!(env!("OUT_DIR"), "/readme_production.rs"));

    /// Every example is a function of the expected type: referenced here so
    /// none is dead code and a changed signature fails to compile.
    #[test]
    fn readme_production_examples_compile() {
        let _ = (
            remaining,
            configured,
            long_poll,
            all_names,
            create,
            create_once,
            stream,
        );
    }
}
