//! Issue 8, "schemas are faithful": one test per class of schema the
//! generator once got wrong, each on the compiled golden of its fixture in
//! `tests/fixtures/`. Every test round-trips real JSON and checks what is
//! accepted and what is rejected.

use artu_tests::*;
use serde_json::json;

/// Decodes `value` as `T`, panicking with serde's message if it fails.
fn decode<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> T {
    serde_json::from_value(value).unwrap_or_else(|e| panic!("should decode: {e}"))
}

/// Whether `value` decodes as `T`.
fn accepts<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> bool {
    serde_json::from_value::<T>(value).is_ok()
}

/// Decodes `value` as `T` and checks it is written back unchanged.
fn round_trips<T>(value: serde_json::Value) -> T
where
    T: serde::de::DeserializeOwned + serde::Serialize,
{
    let decoded: T = decode(value.clone());
    assert_eq!(serde_json::to_value(&decoded).unwrap(), value);
    decoded
}

/// Item 1: a schema that refers to itself only through maps and arrays (or
/// through another alias) is a newtype, so the crate compiles and the
/// recursive value round-trips.
#[test]
fn recursion_through_aliases_round_trips() {
    use recursion::types::*;
    let forest: Forest = round_trips(json!({
        "tree": {"a": {"b": {}}, "c": {}},
        "list": [[], [[]]],
        "cycle": {"x": [{"y": []}]},
        "maybe": [null, [null]],
    }));
    assert!(forest.tree["a"].contains_key("b"));
    assert_eq!(forest.list.len(), 2);
    assert_eq!(forest.cycle["x"][0]["y"], Vec::<MapOfB>::new());
    let built = Tree::from(std::collections::BTreeMap::from([(
        "k".to_string(),
        Tree::default(),
    )]));
    assert_eq!(serde_json::to_value(&built).unwrap(), json!({"k": {}}));
    assert!(!accepts::<Tree>(json!({"a": 1})));
    assert!(!accepts::<List>(json!([1])));
}

/// Item 7: an `allOf` of a string, an enum reference, an array or `{}` with
/// annotation-only members is that string, enum, array or any value (not
/// an empty struct), also inside an untagged union; members that conflict
/// are reported and decode as any value.
#[test]
fn all_of_merges_values_that_are_not_objects() {
    use all_of_values::types::*;
    let thing: Thing = round_trips(json!({
        "seq": "s-1", "color": "red", "tags": ["a", "b"], "any": {"x": [1]},
        "count": 3, "either": "green", "clash": 5,
    }));
    assert_eq!(thing.seq.as_deref(), Some("s-1"));
    assert_eq!(thing.color, Color::Red);
    assert_eq!(thing.either, Either::Variant(Color::Green));
    let other: Thing = round_trips(json!({
        "seq": null, "color": "blue", "tags": [], "any": null, "count": 0, "either": 7,
    }));
    assert_eq!(other.seq, None);
    assert_eq!(other.color, Color::Unknown("blue".into()));
    assert_eq!(other.either, Either::Integer(7));
    let base = json!({"seq": "s", "color": "red", "tags": [], "any": 1, "count": 1, "either": 1});
    for (key, bad) in [
        ("seq", json!(1)),
        ("tags", json!("a")),
        ("color", json!(1)),
        ("count", json!(1.5)),
    ] {
        let mut input = base.clone();
        input[key] = bad;
        assert!(!accepts::<Thing>(input), "{key} should be rejected");
    }
}

/// Item 8: a name in `required` with no schema in `properties` is a
/// required `serde_json::Value` field (reported), so a request can carry it.
#[test]
fn required_names_without_properties_are_fields() {
    use required_only::types::*;
    let hook = Hook {
        url: "https://x".into(),
        owner_id: json!(42),
    };
    assert_eq!(
        serde_json::to_value(&hook).unwrap(),
        json!({"url": "https://x", "owner_id": 42})
    );
    let named: Named = round_trips(json!({
        "url": "u", "name": "n", "owner_id": {"id": 1}, "label": ["l"],
    }));
    assert_eq!(named.label, json!(["l"]));
    assert!(!accepts::<Hook>(json!({"owner_id": 1})));
    assert!(!accepts::<Hook>(json!({"url": 1, "owner_id": 1})));
}

/// Item 10: `format: byte` decodes unpadded and URL-safe base64 too, and
/// always encodes standard, padded base64.
#[test]
fn base64_decoding_is_lenient_and_encoding_standard() {
    use formats::types::Base64;
    // 0xfb 0xff: standard `+/8=`, URL-safe `-_8=`.
    for text in ["+/8=", "+/8", "-_8=", "-_8"] {
        let bytes: Base64 = decode(json!(text));
        assert_eq!(bytes.0, vec![0xfb, 0xff], "{text}");
        assert_eq!(serde_json::to_value(&bytes).unwrap(), json!("+/8="));
    }
    assert_eq!(decode::<Base64>(json!("aGk")).0, b"hi");
    for bad in ["a", "+/8=x", "%%%%", "+_8="] {
        assert!(!accepts::<Base64>(json!(bad)), "{bad}");
    }
}

/// Item 3: an optional nullable property keeps absent (`None`), `null`
/// (`Some(None)`) and a value (`Some(Some(v))`) apart, both ways, so a
/// PATCH body can clear a field; `Default` is absent.
#[test]
fn absent_null_and_value_are_three_states() {
    use tri_state::types::*;
    let absent: NotePatch = round_trips(json!({}));
    assert_eq!(absent, NotePatch::default());
    assert_eq!(absent.note, None);
    let null: NotePatch =
        round_trips(json!({"note": null, "level": null, "count": null, "tags": null}));
    assert_eq!(null.note, Some(None));
    assert_eq!(null.level, Some(None));
    assert_eq!(null.tags, Some(None));
    let value: NotePatch =
        round_trips(json!({"note": "n", "level": "high", "count": 3, "tags": ["a"], "plain": "p"}));
    assert_eq!(value.note, Some(Some("n".to_string())));
    assert_eq!(value.level, Some(Some(Level::High)));
    assert_eq!(value.count, Some(Some(3)));
    // Clearing one field and leaving the rest alone.
    let clear = NotePatch {
        note: Some(None),
        ..NotePatch::default()
    };
    assert_eq!(serde_json::to_value(&clear).unwrap(), json!({"note": null}));
    assert!(!accepts::<NotePatch>(json!({"note": 1})));
    // A property that is not nullable has two states; a stray `null` reads as absent.
    assert_eq!(decode::<NotePatch>(json!({"plain": null})).plain, None);
    assert!(!accepts::<NotePatch>(json!({"count": "1"})));
}

/// Item 4: a `const` or one-value `enum` of any JSON type accepts exactly
/// its value and always writes it (also as `Default`).
#[test]
fn constants_of_any_type_are_enforced() {
    use consts::types::*;
    let wire = json!({
        "version": 2, "enabled": true, "onlyTwo": 2, "negative": -3, "ratio": 0.25,
        "shape": {"kind": "square", "sides": [4]}, "half": 0.5, "flags": true, "bias": false,
        "huge": 18446744073709551615u64,
    });
    let settings: Settings = round_trips(wire.clone());
    assert_eq!(settings.version, Version::Value2);
    assert_eq!(serde_json::to_value(Version::default()).unwrap(), json!(2));
    assert_eq!(
        serde_json::to_value(Enabled::default()).unwrap(),
        json!(true)
    );
    assert_eq!(
        Shape::default().value(),
        json!({"kind": "square", "sides": [4]})
    );
    // A number equal in value is the same constant.
    assert_eq!(decode::<Version>(json!(2.0)), Version::Value2);
    for (key, bad) in [
        ("version", json!(3)),
        ("version", json!("2")),
        ("enabled", json!(false)),
        ("onlyTwo", json!(3)),
        ("negative", json!(3)),
        ("ratio", json!(0.5)),
        ("shape", json!({"kind": "square"})),
        ("flags", json!(false)),
    ] {
        let mut input = wire.clone();
        input[key] = bad.clone();
        assert!(
            !accepts::<Settings>(input),
            "{key}: {bad} should be rejected"
        );
    }
}

/// Item 5: enums of numbers and booleans are typed: a number enum keeps
/// its values (and unknown numbers, like every enum) but rejects strings.
#[test]
fn number_and_boolean_enums_are_typed() {
    use consts::types::*;
    assert_eq!(decode::<Half>(json!(-0.5)), Half::ValueMinus0_5);
    assert_eq!(decode::<Half>(json!(1)), Half::Value1);
    assert_eq!(serde_json::to_value(Half::Value1).unwrap(), json!(1));
    assert_eq!(serde_json::to_value(Half::Value0_5).unwrap(), json!(0.5));
    assert_eq!(decode::<Half>(json!(0.75)), Half::Unknown(0.75));
    assert_eq!(
        serde_json::to_value(Half::Unknown(0.75)).unwrap(),
        json!(0.75)
    );
    assert!(!accepts::<Half>(json!("0.5")));
    assert!(!accepts::<Flags>(json!("true")));
    let bias: bool = decode::<Settings>(json!({
        "version": 2, "enabled": true, "onlyTwo": 2, "ratio": 0.25, "half": 0.5,
        "flags": true, "bias": true,
    }))
    .bias;
    assert!(bias);
}

/// Item 11: `unevaluatedProperties` keeps unknown keys like
/// `additionalProperties`; `unevaluatedProperties: false` (like
/// `additionalProperties: false`) does not make decoding reject them.
#[test]
fn unevaluated_properties_are_modelled() {
    use unmodelled::types::*;
    let open: Open = round_trips(json!({"id": "a", "count": 3}));
    assert_eq!(open.additional_properties["count"], 3);
    assert!(!accepts::<Open>(json!({"id": "a", "count": "x"})));
    let closed: Closed = decode(json!({"id": "a", "added_later": true}));
    assert_eq!(closed.id.as_deref(), Some("a"));
}

/// Item 6: `date-time`, `date` and `uuid` defaults, and defaults of integer
/// enum fields, are applied: `{}` decodes to the documented values.
#[test]
fn format_and_enum_defaults_are_applied() {
    use format_defaults::types::*;
    let job: Job = decode(json!({}));
    assert_eq!(job.starts_at.to_rfc3339(), "2024-01-02T03:04:05+00:00");
    assert_eq!(job.day.to_string(), "2024-02-29");
    assert_eq!(
        job.owner.to_string(),
        "123e4567-e89b-12d3-a456-426614174000"
    );
    assert_eq!(job.priority, Priority::Value2);
    let set: Job = decode(json!({"priority": 3, "day": "2025-01-01"}));
    assert_eq!(
        (set.priority, set.day.to_string()),
        (Priority::Value3, "2025-01-01".into())
    );
    assert!(!accepts::<Job>(json!({"day": "tomorrow"})));
}

/// Item 12: `prefixItems` is a tuple struct. With `items: false` the array
/// has exactly the prefix's length; with an `items` schema the items after
/// the prefix are a last `Vec` of that type; without `items` they are kept
/// as values. A tuple that refers to itself is boxed.
#[test]
fn prefix_items_are_tuples() {
    use tuples::types::*;
    let point: Point = round_trips(json!([1.5, 2.0]));
    assert_eq!(point, Point(1.5, 2.0));
    assert!(!accepts::<Point>(json!([[1, 2, 3]])));
    assert!(!accepts::<Point>(json!([1, 2, 3])));
    assert!(!accepts::<Point>(json!([1])));
    assert!(!accepts::<Point>(json!(["a", 2])));

    let row: Row = round_trips(json!(["a", 2, true, false]));
    assert_eq!(row, Row("a".into(), 2, vec![true, false]));
    let short: Row = round_trips(json!(["a", 2]));
    assert!(short.2.is_empty());
    assert!(!accepts::<Row>(json!(["a"])));
    assert!(!accepts::<Row>(json!(["a", 2, "yes"])));
    assert!(!accepts::<Row>(json!({"0": "a"})));

    let open: Open = round_trips(json!(["a", 1, {"b": null}]));
    assert_eq!(open.1, vec![json!(1), json!({"b": null})]);
    assert!(!accepts::<Open>(json!([1])));

    let chain: Chain = round_trips(json!(["a", ["b", null]]));
    assert_eq!(chain.1.as_ref().map(|c| c.0.as_str()), Some("b"));
    assert!(!accepts::<Chain>(json!(["a", ["b"]])));

    let shape: Shape = round_trips(json!({
        "corners": [[0.0, 0.0], [1.0, 1.0]],
        "origin": [2.0, 3.0],
        "label": ["x", "123e4567-e89b-12d3-a456-426614174000"],
    }));
    assert_eq!(shape.corners[1], Point(1.0, 1.0));
    let defaulted: Shape = decode(json!({"corners": []}));
    assert_eq!(defaulted.origin, Point(0.0, 0.5));
    assert!(!accepts::<Shape>(json!({"corners": [[0.0]]})));
    assert!(!accepts::<Shape>(
        json!({"corners": [], "label": ["x", "not-a-uuid"]})
    ));
}

/// Item 13: an object `default:` (inline, or beside `allOf: [$ref]`) is
/// applied: `{}` decodes to the documented value, which is checked when
/// generating (a default missing a required field is reported and the
/// field stays optional); a given value still wins and is checked.
#[test]
fn object_defaults_are_applied() {
    use object_defaults::types::*;
    let settings: Settings = decode(json!({}));
    assert_eq!(
        settings.limits,
        Limits {
            daily: 10,
            burst: Some(2),
            window: "1m".into()
        }
    );
    assert_eq!(
        (
            settings.retry.attempts,
            settings.retry.backoff.clone(),
            settings.retry.jitter
        ),
        (3, Backoff::Exponential, Some(None))
    );
    assert_eq!(settings.owner, None);
    assert_eq!(settings.nested.inner.daily, 1);
    assert_eq!(settings.nested.inner.window, "1m");
    assert_eq!(
        serde_json::to_value(&settings).unwrap(),
        json!({
            "limits": {"daily": 10, "burst": 2, "window": "1m"},
            "retry": {"attempts": 3, "backoff": "exponential", "jitter": null},
            "nested": {"inner": {"daily": 1, "window": "1m"}},
        })
    );
    let given: Settings = decode(json!({"limits": {"daily": 5}, "owner": {"daily": 7}}));
    assert_eq!((given.limits.daily, given.limits.burst), (5, None));
    assert_eq!(given.owner.map(|o| o.daily), Some(7));
    assert!(!accepts::<Settings>(json!({"limits": {"burst": 1}})));
    assert!(!accepts::<Settings>(json!({"retry": {"attempts": 3}})));
    // A required field with no schema must be given too (`null` counts).
    let hooks: Hooks = decode(json!({}));
    assert_eq!(hooks.hook, None);
    assert_eq!(hooks.given.owner, serde_json::Value::Null);
}

/// Item 14: an integer enum with values beyond `i64` (all non-negative)
/// is a `u64` enum: the listed values have variants, others are kept, and
/// negative numbers, floats and strings are rejected.
#[test]
fn integer_enums_beyond_i64_are_u64() {
    use consts::types::*;
    let max: Huge = round_trips(json!(18446744073709551615u64));
    assert_eq!(max, Huge::Value18446744073709551615);
    assert_eq!(max.value(), u64::MAX);
    assert_eq!(round_trips::<Huge>(json!(1)), Huge::Value1);
    assert_eq!(round_trips::<Huge>(json!(7)), Huge::Unknown(7));
    assert_eq!(Huge::from(1u64), Huge::Value1);
    assert!(!accepts::<Huge>(json!(-1)));
    assert!(!accepts::<Huge>(json!(1.5)));
    assert!(!accepts::<Huge>(json!("1")));
    // Negative beside beyond-i64: reported, any value.
    let mut wire = json!({
        "version": 2, "enabled": true, "onlyTwo": 2, "negative": -3, "ratio": 0.25,
        "shape": {"kind": "square", "sides": [4]}, "half": 0.5, "flags": true, "bias": false,
        "huge": 1, "wide": -1,
    });
    assert_eq!(decode::<Settings>(wire.clone()).wide, json!(-1));
    wire["wide"] = json!(18446744073709551615u64);
    assert!(accepts::<Settings>(wire));
}

/// Item 15: keywords the types do not model (`not`, `if`/`then`/`else`,
/// `dependent*`, `contains`, `patternProperties` beside properties,
/// constrained `propertyNames`, `$dynamicRef`) are reported when generating
/// (see `xtask/tests/diagnostics.rs`); the types follow the other keywords.
#[test]
fn unmodelled_keywords_leave_the_other_keywords_in_force() {
    use unmodelled::types::*;
    // `not: {const: forbidden}` and `if`/`then` are not enforced...
    let c: Conditional = round_trips(json!({"kind": "forbidden"}));
    assert_eq!(c.kind, "forbidden");
    // ...but `type` and `required` still are.
    assert!(!accepts::<Conditional>(json!({"kind": 1})));
    assert!(!accepts::<Conditional>(json!({"tags": ["primary"]})));
    // Keys matching `patternProperties` are kept, as any value: the
    // pattern and its schema are not checked (reported).
    let labelled: Labelled = round_trips(json!({"id": "a", "x-note": "b", "other": 1}));
    assert_eq!(labelled.additional_properties["x-note"], "b");
    assert!(!accepts::<Labelled>(json!({"id": 1})));
    // `propertyNames` does not restrict keys; `additionalProperties` types values.
    let keyed: Keyed = round_trips(json!({"UPPER": 1}));
    assert_eq!(keyed["UPPER"], 1);
    assert!(!accepts::<Keyed>(json!({"a": "x"})));
    let merged: Merged = round_trips(json!({"id": "m"}));
    assert_eq!(merged.id.as_deref(), Some("m"));
    assert!(!accepts::<Merged>(json!({"id": 3})));
    let dynamic: Dynamic = round_trips(json!({"any": [1]}));
    assert_eq!(dynamic["any"][0], 1);
}
