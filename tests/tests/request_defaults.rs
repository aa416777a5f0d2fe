//! Defaults never overwrite what the caller did not say: in a type callers
//! send, a property with a `default` is sent only when set (even to the
//! default), and a response that omits it still reads as the documented
//! value through `<field>_or_default()`. Types only received keep the plain
//! field filled in by serde. The partial update goes over the wire to a
//! wiremock server on 127.0.0.1.

use artu_tests::request_defaults::client::Client;
use artu_tests::request_defaults::types::{File, FileKind, List, RepliesPolicy};
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn a_partial_update_sends_exactly_the_field_set() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/lists/7"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"title": "Groceries"})))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .max_retries(0)
        .build()
        .expect("client builds");
    let update = List {
        title: Some("Groceries".into()),
        ..Default::default()
    };
    let back = client
        .lists_update("7", update)
        .await
        .expect("update succeeds");
    let requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 1);
    let sent: Value = serde_json::from_slice(&requests[0].body).unwrap();
    assert_eq!(sent, json!({"title": "Groceries"}));
    // The response left the defaults out: readers still get the documented values.
    assert_eq!(back.replies_policy, None);
    assert_eq!(back.replies_policy_or_default(), RepliesPolicy::List);
    assert_eq!(back.limit_or_default(), 50);
    assert_eq!(back.label_or_default(), "todo");
    assert_eq!(back.tags_or_default(), Vec::<String>::new());
    assert_eq!(back.note_or_default(), Some("n/a".to_string()));
}

#[test]
fn a_field_set_to_its_default_is_still_sent() {
    let list = List {
        replies_policy: Some(RepliesPolicy::List),
        exclusive: Some(false),
        note: Some(None),
        ..Default::default()
    };
    assert_eq!(
        serde_json::to_value(&list).unwrap(),
        json!({"replies_policy": "list", "exclusive": false, "note": null})
    );
    // null is what the server said: it is not replaced by the default.
    assert_eq!(list.note_or_default(), None);
}

#[test]
fn a_deprecated_field_left_unset_needs_no_mention() {
    // Compiles without naming `legacy`, and without a deprecation warning
    // (the test crate denies warnings under clippy).
    let list = List::default();
    assert!(list.legacy_or_default());
}

#[test]
fn a_type_only_received_keeps_its_serde_default() {
    let file: File = serde_json::from_value(json!({"id": "f1"})).unwrap();
    assert_eq!(file.kind, FileKind::Produced);
}
