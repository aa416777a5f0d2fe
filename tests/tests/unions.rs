//! Unions choose the member that keeps what the server sent: bare
//! discriminator mappings, listed enum values over catch-alls, members that
//! keep every key over ones that drop some, unknown tags kept whole, and
//! decode errors that say where inside the value decoding failed.

use artu_tests::unions::types::{Book, Card, CardType, Method, Resource, Scope, ScopeChat};
use serde_json::{json, Value};

/// Decodes `value` as `T` and encodes it back.
fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(value: &Value) -> (T, Value) {
    let decoded: T = serde_json::from_value(value.clone()).unwrap();
    let encoded = serde_json::to_value(&decoded).unwrap();
    (decoded, encoded)
}

#[test]
fn a_bare_mapping_name_is_the_tag_both_ways() {
    let wire = json!({"type": "chat", "chat_id": 7});
    let (scope, back) = round_trip::<Scope>(&wire);
    assert_eq!(scope, Scope::Chat(ScopeChat { chat_id: 7 }));
    assert_eq!(back, wire);
    let sent = serde_json::to_value(Scope::Chat(ScopeChat { chat_id: 1 })).unwrap();
    assert_eq!(sent, json!({"type": "chat", "chat_id": 1}));
}

#[test]
fn an_unknown_tag_keeps_its_payload_and_round_trips() {
    let wire = json!({"type": "channel", "channel_id": 3, "nested": {"a": [1]}});
    let (scope, back) = round_trip::<Scope>(&wire);
    assert_eq!(scope, Scope::Unknown(wire.clone()));
    assert_eq!(back, wire);
}

#[test]
fn a_listed_enum_value_wins_over_a_catch_all() {
    let wire = json!({"type": "scheme", "number": "4111"});
    let (method, back) = round_trip::<Method>(&wire);
    assert!(
        matches!(&method, Method::Card(Card { r#type: Some(CardType::Scheme), number: Some(n) }) if n == "4111"),
        "{method:?}"
    );
    assert_eq!(back, wire);
    // A value neither lists still decodes (leniently) and loses nothing.
    let odd = json!({"type": "wire_transfer"});
    let (_, back) = round_trip::<Method>(&odd);
    assert_eq!(back, odd);
}

#[test]
fn the_member_that_keeps_every_key_wins() {
    let wire = json!({"title": "Dune", "pages": 412});
    let (resource, back) = round_trip::<Resource>(&wire);
    assert!(
        matches!(
            resource,
            Resource::Book(Book {
                pages: Some(412),
                ..
            })
        ),
        "{resource:?}"
    );
    assert_eq!(back, wire);
    let film = json!({"title": "Alien", "minutes": 117});
    assert_eq!(round_trip::<Resource>(&film).1, film);
}

#[test]
fn a_failed_untagged_decode_names_the_inner_path() {
    let err = serde_json::from_value::<Resource>(json!({"title": 5}))
        .unwrap_err()
        .to_string();
    assert!(err.contains("`Resource`"), "{err}");
    assert!(err.contains("at `title`"), "{err}");
    let err = serde_json::from_value::<Scope>(json!({"type": "chat", "chat_id": "x"}))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("at `chat_id`") && err.contains("`chat`"),
        "{err}"
    );
}

#[test]
fn a_nested_union_keeps_the_outer_discriminator() {
    use artu_tests::unions::types::{Event, Message, MessageImage, Notice, Reaction};
    let image = json!({"kind": "image", "url": "https://x/y.png"});
    let (event, back) = round_trip::<Event>(&image);
    assert!(
        matches!(&event, Event::Message(Message::Image(MessageImage { url })) if url == "https://x/y.png"),
        "{event:?}"
    );
    assert_eq!(back, image);
    let leave = json!({"kind": "leave", "who": "ann"});
    let (event, back) = round_trip::<Event>(&leave);
    assert!(
        matches!(event, Event::Notice(Notice::Leave(_))),
        "{event:?}"
    );
    assert_eq!(back, leave);
    let reaction = json!({"kind": "reaction", "emoji": "+1"});
    let (event, back) = round_trip::<Event>(&reaction);
    assert!(
        matches!(event, Event::Reaction(Reaction { .. })),
        "{event:?}"
    );
    assert_eq!(back, reaction);
    let other = json!({"kind": "poll", "question": "?"});
    assert_eq!(
        round_trip::<Event>(&other),
        (Event::Unknown(other.clone()), other)
    );
}

#[test]
fn enum_variants_say_what_their_values_are() {
    use artu_tests::names::types::{Code, Language, Mood, Priority, Scale};
    let decode = |v: Value| serde_json::from_value::<Language>(v).unwrap();
    assert_eq!(decode(json!("c++")), Language::CPlusPlus);
    assert_eq!(decode(json!("c")), Language::C);
    assert_eq!(decode(json!("c#")), Language::CSharp);
    assert_eq!(decode(json!("")), Language::Empty);
    assert_eq!(serde_json::to_value(Priority::High).unwrap(), json!(2));
    assert_eq!(
        serde_json::from_value::<Priority>(json!(0)).unwrap(),
        Priority::Low
    );
    assert_eq!(
        serde_json::from_value::<Mood>(json!("-")).unwrap(),
        Mood::Sad
    );
    assert_eq!(
        serde_json::from_value::<Scale>(json!(0.5)).unwrap(),
        Scale::Half
    );
    // Two string members are one variant; the integer stays apart.
    assert_eq!(
        serde_json::from_value::<Code>(json!("ABC")).unwrap(),
        Code::String("ABC".into())
    );
    assert_eq!(
        serde_json::from_value::<Code>(json!(7)).unwrap(),
        Code::Integer(7)
    );
}

#[test]
fn builders_and_crate_names_never_read_like_models() {
    use artu_tests::names::client::TicketsCreateBuilder;
    use artu_tests::names::types::ErrorBody;
    let body: ErrorBody = serde_json::from_value(json!({"message": "no"})).unwrap();
    assert_eq!(body.message, "no");
    // The builder is the shared `Request` of the operation's own input
    // struct, never of the model it sends.
    assert_eq!(
        std::any::type_name::<TicketsCreateBuilder>(),
        "artu_tests::names::request::Request<artu_tests::names::client::TicketsCreateInput>"
    );
}
