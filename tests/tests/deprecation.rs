//! Deprecation: deprecated schemas, parameters and fields carry
//! `#[deprecated]` with the spec's note, the generated crate's own uses of
//! them compile without warnings (the goldens are built under clippy with
//! `-D warnings`), and a caller who leaves a deprecated optional field or
//! parameter alone is not warned (this file is built the same way).

use artu_tests::deprecation::client::Client;
use artu_tests::deprecation::types::{NewThing, Thing};
use serde_json::json;

#[test]
fn leaving_deprecated_things_unset_needs_no_allow() {
    let body = NewThing::new("box".to_string());
    assert_eq!(serde_json::to_value(&body).unwrap(), json!({"name": "box"}));
    let client = Client::builder().build().unwrap();
    let _request = client.things_create("tenant-1", body).limit(3);
    let thing: Thing = serde_json::from_value(json!({"name": "t"})).unwrap();
    assert_eq!(thing.name, "t");
}

#[test]
#[allow(deprecated)]
fn deprecated_schemas_still_decode() {
    use artu_tests::deprecation::types::{Either, OldBox, OldShape};
    let thing: Thing =
        serde_json::from_value(json!({"name": "t", "shape": "round", "either": {"width": 2}}))
            .unwrap();
    assert_eq!(thing.shape, Some(OldShape::Round));
    assert_eq!(
        thing.either,
        Some(Either::OldBox(OldBox { width: Some(2) }))
    );
}
