//! Credentials on the wire: security requirement alternatives, cookie and
//! query API keys, and operations that need none (the `security` fixture).

use artu_tests::security::client::Client;
use artu_tests::security::error::Error;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    server
}

async fn only_request(server: &MockServer) -> wiremock::Request {
    let mut requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    requests.remove(0)
}

fn header_values(request: &wiremock::Request, name: &str) -> Vec<String> {
    request
        .headers
        .get_all(name)
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect()
}

/// `security: [{oauth}, {basic}]` sends the first alternative that is configured, never both.
#[tokio::test]
async fn alternatives_send_one_credential() {
    let s = server().await;
    let client = Client::builder()
        .base_url(s.uri())
        .oauth("tok")
        .basic("user", "pw")
        .build()
        .unwrap();
    client.either().await.unwrap();
    assert_eq!(
        header_values(&only_request(&s).await, "authorization"),
        vec!["Bearer tok"]
    );

    let s = server().await;
    let client = Client::builder()
        .base_url(s.uri())
        .basic("user", "pw")
        .build()
        .unwrap();
    client.either().await.unwrap();
    assert_eq!(
        header_values(&only_request(&s).await, "authorization"),
        vec!["Basic dXNlcjpwdw=="]
    );
}

/// A cookie parameter and a cookie API key share one encoded `Cookie` header.
#[tokio::test]
async fn cookies_are_merged_and_encoded() {
    let s = server().await;
    let client = Client::builder()
        .base_url(s.uri())
        .ckey("abc; admin=1")
        .build()
        .unwrap();
    client.with_cookies().session("s 1").await.unwrap();
    let request = only_request(&s).await;
    assert_eq!(
        header_values(&request, "cookie"),
        vec!["ckey=abc%3B%20admin%3D1; session=s%201"]
    );
}

/// A query API key goes in the query, and never into error messages.
#[tokio::test]
async fn query_keys_stay_out_of_errors() {
    let s = server().await;
    let client = Client::builder()
        .base_url(s.uri())
        .qkey("SUPERSECRET")
        .build()
        .unwrap();
    client.with_query_key().await.unwrap();
    assert_eq!(
        only_request(&s).await.url.query(),
        Some("api_key=SUPERSECRET")
    );

    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = Client::builder()
        .base_url(format!("http://127.0.0.1:{port}"))
        .qkey("SUPERSECRET")
        .build()
        .unwrap();
    let err = client.with_query_key().await.unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert!(!format!("{err} {err:?}").contains("SUPERSECRET"), "{err:?}");
}

/// `security: []` sends no credentials even when some are configured.
#[tokio::test]
async fn public_operations_send_no_credentials() {
    let s = server().await;
    let client = Client::builder()
        .base_url(s.uri())
        .oauth("tok")
        .ckey("c")
        .qkey("q")
        .build()
        .unwrap();
    client.public().await.unwrap();
    let request = only_request(&s).await;
    assert!(request.headers.get("authorization").is_none());
    assert!(request.headers.get("cookie").is_none());
    assert_eq!(request.url.query(), None);
}
