//! Behaviour of each type-mapping rule, exercised on the compiled snapshot
//! crates in `artu_tests::<fixture>` (see `tests/fixtures/`). The snapshot test
//! checks the text; these check that the text does the right thing.

use artu_tests::*;
use serde_json::json;
use std::collections::BTreeMap;

/// Rule 1: nullables are `Option`; a required `None` is written as `null`, an
/// absent optional field stays absent.
#[test]
fn nullable_fields_serialize_null_or_stay_absent() {
    use nullable::types::*;
    let value = Nullables {
        via_any_of: None,
        via_type_array: Some(7),
        via_nullable_keyword: None,
        required_object: None,
        optional_nullable: None,
        optional_plain: None,
        nullable_ref: Some(Some(Tag::A)),
    };
    let wire = serde_json::to_value(&value).unwrap();
    assert_eq!(
        wire,
        json!({"viaAnyOf": null, "viaTypeArray": 7, "viaNullableKeyword": null, "requiredObject": null, "nullableRef": "a"})
    );
    let back: Nullables = serde_json::from_value(wire).unwrap();
    assert_eq!(back, value);
    // A nullable component is `Option<NullableComponent>` wherever it is used.
    let uses: UsesNullableComponent = serde_json::from_value(json!({"inner": null})).unwrap();
    assert_eq!(uses.inner, None);
    // 3.0 `nullable: true`.
    let legacy: nullable_3_0::types::Legacy =
        serde_json::from_value(json!({"name": null, "count": 5})).unwrap();
    assert_eq!((legacy.name, legacy.count), (None, Some(Some(5i64))));
}

/// Rule 2: `{}` and `anyOf: [{}, null]` are `serde_json::Value`, never `Option<Value>`.
#[test]
fn any_value_is_json_value() {
    use any_value::types::Anything;
    let input =
        json!({"payload": {"a": [1, "x"]}, "nullablePayload": null, "params": [null, 1, "two"]});
    let decoded: Anything = serde_json::from_value(input.clone()).unwrap();
    let payload: &serde_json::Value = &decoded.payload;
    let nullable: &serde_json::Value = &decoded.nullable_payload;
    assert_eq!(payload, &json!({"a": [1, "x"]}));
    assert!(nullable.is_null());
    assert!(decoded.optional_payload.is_null());
    assert_eq!(serde_json::to_value(&decoded).unwrap(), input);
}

/// Rule 3: string enums round-trip exact wire values, keep unknown values, and
/// offer `as_str`, `Display` and `FromStr`.
#[test]
fn string_enums_are_forward_compatible() {
    use string_enum::types::*;
    let known: NodeType = serde_json::from_value(json!("trigger.event")).unwrap();
    assert_eq!(known, NodeType::TriggerEvent);
    assert_eq!(NodeType::TriggerManualFile.as_str(), "trigger.manual_file");
    assert_eq!(NodeType::WaitingForInput.to_string(), "waiting_for_input");
    let unknown: NodeType = serde_json::from_value(json!("trigger.added_next_month")).unwrap();
    assert_eq!(
        unknown,
        NodeType::Unknown("trigger.added_next_month".into())
    );
    assert_eq!(
        serde_json::to_value(&unknown).unwrap(),
        json!("trigger.added_next_month")
    );
    assert_eq!("ai.step".parse::<NodeType>().unwrap(), NodeType::AiStep);
    assert_eq!(
        "nope".parse::<NodeType>().unwrap(),
        NodeType::Unknown("nope".into())
    );
    // Colliding and non-identifier values get distinct variants that round-trip.
    let values = ["a-b", "a_b", "A B", "Unknown", "", "2fa", "café"];
    let mut seen = std::collections::BTreeSet::new();
    for v in values {
        let decoded: Colliding = serde_json::from_value(json!(v)).unwrap();
        assert!(
            !matches!(decoded, Colliding::Unknown(_)),
            "{v} fell through to the catch-all"
        );
        assert_eq!(decoded.as_str(), v);
        assert_eq!(serde_json::to_value(&decoded).unwrap(), json!(v));
        assert!(seen.insert(format!("{decoded:?}")), "{v} shares a variant");
    }
}

/// Rule 3 on every path serde_json decodes a string by: each value the ARTU
/// spec lists for each string enum of `artu-api` decodes to its own variant,
/// never the catch-all, whether the text arrives borrowed from the input,
/// through serde_json's scratch buffer (an escaped string, or a reader), or
/// owned (`from_value`); it encodes back to the same text. A value the spec
/// does not list is kept on every path and written back unchanged, and a
/// non-string is an error that says a string was expected.
#[test]
fn string_enums_decode_every_listed_value_on_every_path() {
    use artu_api::types::*;
    let root = xtask::project_root();
    let options = xtask::Options {
        spec: root.join("openapi/artu.yaml"),
        spec_display: "openapi/artu.yaml".into(),
        crate_name: "artu-api".into(),
    };
    let (api, _) = xtask::lower_spec(&options).unwrap();
    let listed: BTreeMap<&str, Vec<&str>> = api
        .types
        .iter()
        .filter_map(|t| match &t.kind {
            xtask::ir::TypeKind::StringEnum { variants, .. } => Some((
                t.name.as_str(),
                variants.iter().map(|v| v.wire.as_str()).collect(),
            )),
            _ => None,
        })
        .collect();
    let checked = [
        every_path::<Environment>("Environment", &listed, Environment::as_str),
        every_path::<NodeType>("NodeType", &listed, NodeType::as_str),
        every_path::<ProducedFileKind>("ProducedFileKind", &listed, ProducedFileKind::as_str),
        every_path::<Shape>("Shape", &listed, Shape::as_str),
        every_path::<Status>("Status", &listed, Status::as_str),
    ];
    assert_eq!(
        checked.len(),
        listed.len(),
        "an ARTU string enum is not checked: {listed:?}"
    );
    assert!(matches!(
        serde_json::from_str::<NodeType>("\"ai.step.v2\"").unwrap(),
        NodeType::Unknown(v) if v == "ai.step.v2"
    ));
}

/// Checks the enum `T` called `name` against the values `listed` gives it
/// (see `string_enums_decode_every_listed_value_on_every_path`), telling
/// listed from catch-all values by their `Debug` text.
fn every_path<T>(name: &str, listed: &BTreeMap<&str, Vec<&str>>, as_str: fn(&T) -> &str) -> usize
where
    T: serde::de::DeserializeOwned + serde::Serialize + std::fmt::Debug + PartialEq,
{
    let decodings = |wire: &str| -> Vec<T> {
        let text = serde_json::to_string(wire).unwrap();
        // The first character as a `\u` escape: serde_json unescapes into its
        // scratch buffer and hands over a transient `&str`.
        let escaped = match wire.chars().next() {
            Some(c) if c.len_utf16() == 1 => {
                format!("\"\\u{:04x}{}", c as u32, &text[1 + c.len_utf8()..])
            }
            _ => text.clone(),
        };
        vec![
            serde_json::from_str(&text).unwrap(),
            serde_json::from_str(&escaped).unwrap(),
            serde_json::from_reader(text.as_bytes()).unwrap(),
            serde_json::from_value(json!(wire)).unwrap(),
        ]
    };
    let values = &listed[name];
    assert!(!values.is_empty(), "{name} lists values");
    for wire in values {
        for decoded in decodings(wire) {
            assert!(
                !format!("{decoded:?}").starts_with("Unknown("),
                "{name}: `{wire}` fell through to the catch-all"
            );
            assert_eq!(as_str(&decoded), *wire, "{name}");
            assert_eq!(
                serde_json::to_value(&decoded).unwrap(),
                json!(wire),
                "{name}"
            );
        }
    }
    let unlisted = "not-listed \"yet\" ü";
    for decoded in decodings(unlisted) {
        assert!(format!("{decoded:?}").starts_with("Unknown("), "{name}");
        assert_eq!(as_str(&decoded), unlisted, "{name}");
        assert_eq!(
            serde_json::to_value(&decoded).unwrap(),
            json!(unlisted),
            "{name}"
        );
    }
    for wrong in [json!(5), json!(null), json!(["test"]), json!({"a": 1})] {
        let error = serde_json::from_value::<T>(wrong.clone())
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("expected a string"),
            "{name} from {wrong}: {error}"
        );
    }
    values.len()
}

/// Rule 4: `default: []`/`{}` use `Default`; other defaults call a function;
/// a missing field comes back with its default, and `[]` is written as `[]`.
#[test]
fn defaults_fill_missing_fields() {
    use defaults::types::*;
    let file: File = serde_json::from_value(json!({"id": "f1"})).unwrap();
    assert_eq!(file.kind, FileKind::Produced);
    assert_eq!(
        (file.retries, file.ratio, file.enabled, file.offset),
        (3u8, 0.5, true, -1i64)
    );
    assert_eq!(file.label, "untitled");
    assert_eq!(
        serde_json::to_value(&file).unwrap(),
        json!({"id": "f1", "kind": "produced", "tags": [], "data": {}, "retries": 3, "ratio": 0.5, "label": "untitled", "enabled": true, "offset": -1,
            "limits": {"daily": 10}, "windows": [["a", "b"]]})
    );
}

/// Rule 5: integers get the narrowest type for their range or format; numbers are `f64`.
#[test]
fn integer_types_follow_range_and_format() {
    use integers::types::Numbers;
    fn types(n: Numbers) -> (u64, i64, u8, i64, i32, i64, f64, f32, i8) {
        (
            n.size, n.delta, n.small, n.plain, n.int32, n.int64, n.ratio, n.single, n.percent,
        )
    }
    let max = 9007199254740991i64;
    let n: Numbers = serde_json::from_value(json!({
        "size": max, "delta": -max, "small": 100, "plain": -1, "int32": 2147483647,
        "int64": max, "ratio": 0.25, "single": 1.5, "percent": -100
    }))
    .unwrap();
    assert_eq!(
        types(n),
        (max as u64, -max, 100, -1, i32::MAX, max, 0.25, 1.5, -100)
    );
    let too_big = serde_json::from_value::<Numbers>(json!({
        "size": -1, "delta": 0, "small": 1, "plain": 0, "int32": 0, "int64": 0, "ratio": 0, "single": 0, "percent": 0
    }));
    assert!(too_big.is_err(), "a negative size must not decode into u64");
}

/// Rule 6: `format: uuid` is `uuid::Uuid` in models and parameters.
#[test]
fn uuids_in_models_and_parameters() {
    let id = ::uuid::Uuid::from_u128(0x1234);
    let thing: artu_tests::uuid::types::Thing =
        serde_json::from_value(json!({"id": id.to_string(), "related": [id.to_string()]})).unwrap();
    assert_eq!(thing.id, id);
    assert_eq!(thing.related, Some(vec![id]));
    let client = artu_tests::uuid::client::Client::builder().build().unwrap();
    // Compiles only if the path parameter and the optional query parameter are typed as Uuid.
    let _request = client.things_get(id).parent(id);
    assert_eq!(client.base_url(), "https://api.example.com/v1");
}

/// Rule 7: maps are `BTreeMap<String, T>`; an object with properties and
/// `additionalProperties: {}` keeps unknown keys in a flattened map.
#[test]
fn maps_and_open_objects() {
    use maps::types::*;
    let m: Maps = serde_json::from_value(json!({
        "free": {"x": [1]}, "counts": {"a": 1.5}, "columns": {"c": ["x", "y"]},
        "outputs": {"n1": {"sql": "select 1"}}
    }))
    .unwrap();
    let counts: &BTreeMap<String, f64> = &m.counts;
    assert_eq!(counts["a"], 1.5);
    assert_eq!(m.columns["c"], vec!["x".to_string(), "y".to_string()]);
    assert_eq!(m.outputs.as_ref().unwrap()["n1"].sql, "select 1");
    let input = json!({"kind": "skipped", "nodeId": "n1", "reason": "no rows", "count": 3});
    let warning: OpenWarning = serde_json::from_value(input.clone()).unwrap();
    assert_eq!(warning.additional_properties["reason"], json!("no rows"));
    assert_eq!(serde_json::to_value(&warning).unwrap(), input);
    let closed: Closed = serde_json::from_value(json!({"a": "x", "b": "dropped"})).unwrap();
    assert_eq!(serde_json::to_value(&closed).unwrap(), json!({"a": "x"}));
}

/// Rule 8: inline schemas are named from context, components keep their names.
#[test]
fn inline_schema_names() {
    use inline_names::types::*;
    let run: RunsRetrieveResponse = serde_json::from_value(json!({
        "status": "running",
        "producedRecords": [{"id": "r1"}],
        "trace": {"nodeTraces": [{"status": "ok", "type": "a"}]},
        "entries": [{"key": "k"}]
    }))
    .unwrap();
    let records: Vec<ProducedRecord> = run.produced_records.unwrap();
    let traces: Vec<NodeTrace> = run.trace.unwrap().node_traces.unwrap();
    assert_eq!(traces[0].status, Some(NodeTraceStatus::Ok));
    assert_eq!(traces[0].r#type, Some(NodeTraceType::A));
    let entries: Vec<Entry> = run.entries.unwrap();
    assert_eq!(
        (records[0].id.as_deref(), entries[0].key.as_deref()),
        (Some("r1"), Some("k"))
    );
    // The component `Status` keeps its name; identical inline enums share one type.
    let _component = Status { code: Some(1) };
    let jobs: JobsListResponse = serde_json::from_value(json!({"status": "done"})).unwrap();
    let shared: Option<RunsRetrieveResponseStatus> = jobs.status;
    assert_eq!(shared, Some(RunsRetrieveResponseStatus::Done));
}

/// Rule 9: snake_case fields with renames; keywords and odd names are safe.
#[test]
fn field_names_round_trip() {
    use fields::types::*;
    let input = json!({
        "type": "t", "self": "s", "organizationId": "o", "1st": "first", "X-Rate-Limit": 5,
        "name": "lower", "Name": "upper", "café": "c", "additional_properties": "p", "async": true
    });
    let f: Fields = serde_json::from_value(input.clone()).unwrap();
    assert_eq!(
        (f.r#type.as_str(), f.self_.as_str(), f._1st.as_deref()),
        ("t", "s", Some("first"))
    );
    assert_eq!(
        (f.name.as_deref(), f.name_2.as_deref()),
        (Some("lower"), Some("upper"))
    );
    assert_eq!(serde_json::to_value(&f).unwrap(), input);
    // Schemas named like std prelude types get `Body`, so `use types::*`
    // shadows nothing (`Result` here is still std's), and they nest.
    let r: ResultBody = serde_json::from_value(json!({"ok": {"value": "v"}})).unwrap();
    assert_eq!(r.ok.unwrap().value.as_deref(), Some("v"));
    let list: VecBody = serde_json::from_value(json!([{"value": "a"}])).unwrap();
    let parsed: Result<StringBody, serde_json::Error> = serde_json::from_value(json!("s"));
    assert_eq!((list.len(), parsed.unwrap().as_str()), (1, "s"));
}

/// An absent required field is an error naming its key, whichever way the
/// struct takes it out of its slot, and whatever its type is behind aliases,
/// newtypes and unions; an absent required nullable field reads as `None`,
/// as serde's derive reads it, through an alias or a newtype too.
#[test]
fn absent_required_fields() {
    let missing = |e: serde_json::Error, key: &str| {
        assert!(
            e.to_string().contains(&format!("missing field `{key}`")),
            "{e}"
        );
    };
    let without = json!({"self": "s", "organizationId": "o"});
    missing(
        serde_json::from_value::<fields::types::Fields>(without).unwrap_err(),
        "type",
    );
    let nulls: nullable::types::Nullables = serde_json::from_value(json!({})).unwrap();
    assert_eq!((nulls.via_any_of, nulls.required_object), (None, None));
    // `plain` is an alias of a struct, `nullable` an alias of an `Option`.
    let aliased = serde_json::from_value::<nullable::types::Aliased>(json!({"nullable": null}));
    missing(aliased.unwrap_err(), "plain");
    let aliased: nullable::types::Aliased =
        serde_json::from_value(json!({"plain": {"inner": null}})).unwrap();
    assert_eq!((aliased.plain.inner, aliased.nullable), (None, None));
    // `tree` is a newtype of a map; `chain` a newtype of an `Option`.
    let forest =
        serde_json::from_value::<recursion::types::Forest>(json!({"list": [], "cycle": {}}));
    missing(forest.unwrap_err(), "tree");
    let links: recursion::types::Links = serde_json::from_value(json!({})).unwrap();
    assert_eq!(links.chain, recursion::types::MaybeChain(None));
    // `either` is an untagged union.
    let thing = json!({"seq": null, "color": "red", "tags": [], "any": 1, "count": 2});
    missing(
        serde_json::from_value::<all_of_values::types::Thing>(thing).unwrap_err(),
        "either",
    );
}

/// A field that fails to serialize fails the struct with that error, and no
/// later field is written (the written-out `Serialize` keeps the first error
/// instead of returning at each field).
#[test]
fn serializing_stops_at_the_first_failing_field() {
    use fields::types::*;
    /// Accepts `room` bytes, then fails every write, counting them.
    struct Full {
        room: usize,
        refused: usize,
    }
    impl std::io::Write for Full {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            if buf.len() > self.room {
                self.refused += 1;
                return Err(std::io::Error::other("full"));
            }
            self.room -= buf.len();
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let input = json!({
        "type": "t", "self": "s", "organizationId": "o", "1st": "first", "X-Rate-Limit": 5,
        "name": "lower", "Name": "upper", "café": "c", "additional_properties": "p", "async": true
    });
    let f: Fields = serde_json::from_value(input).unwrap();
    let whole = serde_json::to_vec(&f).unwrap();
    let mut out = Full {
        room: whole.len() / 3,
        refused: 0,
    };
    let e = serde_json::to_writer(&mut out, &f).unwrap_err();
    assert!(e.is_io(), "{e}");
    assert_eq!(out.refused, 1, "a field after the failing one was written");
}

/// A struct's `Serialize` announces as many fields as it writes: the
/// length it passes to `serialize_struct` counts only the optional fields
/// that are set (`None` and an optional `null` value are left out), as
/// formats that write the length first need.
#[test]
fn serialized_length_counts_the_fields_written() {
    use any_value::types::Anything;
    use serde::ser::{Error as _, Impossible, SerializeStruct, Serializer};
    type Refused = Impossible<(usize, usize), serde_json::Error>;
    /// Takes only a struct: its announced length and the fields written.
    struct Count;
    struct Fields(usize, usize);
    macro_rules! refuse {
        ($($method:ident($($arg:ty),*) -> $ok:ty;)*) => {$(
            fn $method(self, $(_: $arg),*) -> Result<$ok, serde_json::Error> {
                Err(serde_json::Error::custom("not a struct"))
            }
        )*};
    }
    impl Serializer for Count {
        type Ok = (usize, usize);
        type Error = serde_json::Error;
        type SerializeSeq = Refused;
        type SerializeTuple = Refused;
        type SerializeTupleStruct = Refused;
        type SerializeTupleVariant = Refused;
        type SerializeMap = Refused;
        type SerializeStruct = Fields;
        type SerializeStructVariant = Refused;
        fn serialize_struct(
            self,
            _: &'static str,
            len: usize,
        ) -> Result<Fields, serde_json::Error> {
            Ok(Fields(len, 0))
        }
        fn serialize_some<T: serde::Serialize + ?Sized>(
            self,
            _: &T,
        ) -> Result<Self::Ok, serde_json::Error> {
            Err(serde_json::Error::custom("not a struct"))
        }
        fn serialize_newtype_struct<T: serde::Serialize + ?Sized>(
            self,
            _: &'static str,
            _: &T,
        ) -> Result<Self::Ok, serde_json::Error> {
            Err(serde_json::Error::custom("not a struct"))
        }
        fn serialize_newtype_variant<T: serde::Serialize + ?Sized>(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: &T,
        ) -> Result<Self::Ok, serde_json::Error> {
            Err(serde_json::Error::custom("not a struct"))
        }
        refuse! {
            serialize_bool(bool) -> Self::Ok;
            serialize_i8(i8) -> Self::Ok;
            serialize_i16(i16) -> Self::Ok;
            serialize_i32(i32) -> Self::Ok;
            serialize_i64(i64) -> Self::Ok;
            serialize_u8(u8) -> Self::Ok;
            serialize_u16(u16) -> Self::Ok;
            serialize_u32(u32) -> Self::Ok;
            serialize_u64(u64) -> Self::Ok;
            serialize_f32(f32) -> Self::Ok;
            serialize_f64(f64) -> Self::Ok;
            serialize_char(char) -> Self::Ok;
            serialize_str(&str) -> Self::Ok;
            serialize_bytes(&[u8]) -> Self::Ok;
            serialize_none() -> Self::Ok;
            serialize_unit() -> Self::Ok;
            serialize_unit_struct(&'static str) -> Self::Ok;
            serialize_unit_variant(&'static str, u32, &'static str) -> Self::Ok;
            serialize_seq(Option<usize>) -> Refused;
            serialize_tuple(usize) -> Refused;
            serialize_tuple_struct(&'static str, usize) -> Refused;
            serialize_tuple_variant(&'static str, u32, &'static str, usize) -> Refused;
            serialize_map(Option<usize>) -> Refused;
            serialize_struct_variant(&'static str, u32, &'static str, usize) -> Refused;
        }
    }
    impl SerializeStruct for Fields {
        type Ok = (usize, usize);
        type Error = serde_json::Error;
        fn serialize_field<T: serde::Serialize + ?Sized>(
            &mut self,
            _: &'static str,
            _: &T,
        ) -> Result<(), serde_json::Error> {
            self.1 += 1;
            Ok(())
        }
        fn end(self) -> Result<(usize, usize), serde_json::Error> {
            Ok((self.0, self.1))
        }
    }
    for (input, written) in [
        (json!({"payload": 1, "nullablePayload": null}), 2),
        (
            json!({"payload": 1, "nullablePayload": 2, "optionalPayload": 3}),
            3,
        ),
        (json!({"payload": 1, "nullablePayload": 2, "params": []}), 3),
        (
            json!({"payload": 1, "nullablePayload": 2, "optionalPayload": 3, "params": [4]}),
            4,
        ),
    ] {
        let anything: Anything = serde_json::from_value(input.clone()).unwrap();
        let counted = serde::Serialize::serialize(&anything, Count).unwrap();
        assert_eq!(counted, (written, written), "{input}");
    }
}

/// allOf merges (recursively) into one struct; a discriminated oneOf is an
/// internally tagged enum whose variants do not repeat the tag.
#[test]
fn all_of_and_tagged_one_of() {
    use composition::types::*;
    let cat = AnyPetCat {
        name: "Tom".into(),
        age: Some(3),
        indoor: Some(true),
    };
    let wire = serde_json::to_value(AnyPet::Cat(cat.clone())).unwrap();
    assert_eq!(
        wire,
        json!({"petType": "cat", "name": "Tom", "age": 3, "indoor": true})
    );
    assert_eq!(
        serde_json::from_value::<AnyPet>(wire.clone()).unwrap(),
        AnyPet::Cat(cat)
    );
    // Cat is also used on its own (CatOwner), so it keeps its tag there.
    let alone: Cat = serde_json::from_value(wire.clone()).unwrap();
    assert_eq!(alone.pet_type, "cat");
    assert_eq!(
        serde_json::to_value(CatOwner { cat: alone }).unwrap(),
        json!({"cat": wire})
    );
    // Dog appears only in the union: its struct has no tag field at all.
    let dog: AnyPet =
        serde_json::from_value(json!({"petType": "dog", "name": "Rex", "barks": false})).unwrap();
    assert!(matches!(
        dog,
        AnyPet::Dog(Dog {
            barks: Some(false),
            ..
        })
    ));
    // A tag the spec does not list still decodes, and keeps its payload.
    let parrot = json!({"petType": "parrot", "name": "Polly"});
    let new: AnyPet = serde_json::from_value(parrot.clone()).unwrap();
    assert_eq!(new, AnyPet::Unknown(parrot));
    // Pet itself merged Named's properties.
    let pet: Pet = serde_json::from_value(json!({"name": "n", "petType": "cat"})).unwrap();
    assert_eq!((pet.name.as_str(), pet.pet_type.as_str()), ("n", "cat"));
}

/// Untagged unions pick the member that fits, with meaningful variant names;
/// consts accept exactly their value; recursion is boxed.
#[test]
fn untagged_unions_consts_and_recursion() {
    use composition::types::*;
    assert_eq!(
        serde_json::from_value::<Content>(json!("hi")).unwrap(),
        Content::String("hi".into())
    );
    let parts: Content = serde_json::from_value(json!([
        {"type": "text", "text": "a"},
        {"type": "image_url", "url": "https://x"}
    ]))
    .unwrap();
    let Content::Array(parts) = parts else {
        panic!("expected parts")
    };
    assert!(matches!(&parts[0], Part::Text(PartText { text, .. }) if text == "a"));
    assert!(matches!(&parts[1], Part::ImageUrl(PartImageUrl { url, .. }) if url == "https://x"));
    // The const tag decides: an unknown type matches no member.
    assert!(serde_json::from_value::<Part>(json!({"type": "audio", "text": "a"})).is_err());
    // Filter-style union: a bare UUID or an operator object.
    let id = ::uuid::Uuid::from_u128(7);
    assert_eq!(
        serde_json::from_value::<IdFilter>(json!(id.to_string())).unwrap(),
        IdFilter::Uuid(id)
    );
    let filter: IdFilter = serde_json::from_value(json!({"in": [id.to_string()]})).unwrap();
    assert_eq!(
        filter,
        IdFilter::Object(IdFilterObject {
            r#in: Some(vec![id]),
            ..Default::default()
        })
    );
    assert_eq!(
        serde_json::to_value(&filter).unwrap(),
        json!({"in": [id.to_string()]})
    );
    // const and single-value enums accept exactly their value.
    let o: Object = serde_json::from_value(json!({"object": "list", "kind": "page"})).unwrap();
    assert_eq!((o.object, o.kind), (ObjectObject::List, ObjectKind::Page));
    assert!(serde_json::from_value::<Object>(json!({"object": "other", "kind": "page"})).is_err());
    // Recursive schemas.
    let tree: TreeNode = serde_json::from_value(
        json!({"value": "leaf", "parent": {"value": "root"}, "children": [{"value": "c"}]}),
    )
    .unwrap();
    let parent: Box<TreeNode> = tree.parent.unwrap();
    assert_eq!(parent.value, "root");
}

/// Integer enums are numbers with a catch-all; an enum with null is an Option;
/// oneOf-of-consts enums take their variant names from the titles.
#[test]
fn integer_nullable_and_titled_enums() {
    use enums::types::*;
    assert_eq!(serde_json::to_value(Priority::Value2).unwrap(), json!(2));
    assert_eq!(
        serde_json::from_value::<Priority>(json!(9)).unwrap(),
        Priority::Unknown(9)
    );
    assert_eq!(
        serde_json::to_value(Priority::Unknown(9)).unwrap(),
        json!(9)
    );
    let c: MaybeColor = serde_json::from_value(json!({"color": null})).unwrap();
    assert_eq!(c.color, None);
    let c: MaybeColor = serde_json::from_value(json!({"color": "green"})).unwrap();
    assert_eq!(c.color, Some(Color::Green));
    assert_eq!(
        serde_json::from_value::<ChannelType>(json!(2)).unwrap(),
        ChannelType::GuildVoice
    );
    assert_eq!(ChannelType::Dm.value(), 1);
    for v in [
        "with space",
        "dotted.value",
        "slash/value",
        "colon:value",
        "9lives",
        "",
        "naïve",
        "UPPER",
        "upper",
    ] {
        let w: Weird = serde_json::from_value(json!(v)).unwrap();
        assert!(!matches!(w, Weird::Unknown(_)), "{v} fell through");
        assert_eq!(w.as_str(), v);
    }
}

/// readOnly/writeOnly fields are optional (a create request need not set the
/// id); additionalProperties true/false/schema behave as declared; formats map
/// to chrono, base64 and fixed-width numbers.
#[test]
fn objects_and_formats() {
    use objects::types::*;
    // A create request sets neither the read-only id nor createdAt.
    #[allow(deprecated)]
    let request = Account {
        id: None,
        email: "a@b.c".into(),
        password: Some("pw".into()),
        created_at: None,
        legacy_name: None,
    };
    assert_eq!(
        serde_json::to_value(&request).unwrap(),
        json!({"email": "a@b.c", "password": "pw"})
    );
    let response: Account = serde_json::from_value(
        json!({"id": "u1", "email": "a@b.c", "createdAt": "2024-05-01T10:00:00+02:00"}),
    )
    .unwrap();
    assert_eq!(
        response.created_at.unwrap().to_rfc3339(),
        "2024-05-01T08:00:00+00:00"
    );
    let open: OpenTyped = serde_json::from_value(json!({"a": "x", "n": 5})).unwrap();
    assert_eq!(open.additional_properties["n"], 5i32);
    assert!(serde_json::from_value::<OpenTyped>(json!({"n": "not a number"})).is_err());
    let open: OpenTrue = serde_json::from_value(json!({"any": [1]})).unwrap();
    assert_eq!(open.additional_properties["any"], json!([1]));
    let map: MapOnlyTyped = serde_json::from_value(json!({"x": true})).unwrap();
    assert!(map["x"]);

    use formats::types::*;
    let input = json!({
        "at": "2024-01-02T03:04:05Z", "day": "2024-02-29", "blob": "aGVsbG8=", "id": "00000000-0000-0000-0000-000000000007",
        "i32": -1, "i64": -2, "u32": 3, "u64": 4, "f32": 1.5, "f64": 2.25, "maybeAt": null
    });
    let f: Formats = serde_json::from_value(input).unwrap();
    assert_eq!(f.blob, Base64(b"hello".to_vec()));
    assert_eq!(f.day.to_string(), "2024-02-29");
    let (_, _, _, _): (u32, u64, f32, f64) = (f.u32, f.u64, f.f32, f.f64);
    let back = serde_json::to_value(&f).unwrap();
    assert_eq!(back["blob"], json!("aGVsbG8="));
    assert_eq!(back["at"], json!("2024-01-02T03:04:05Z"));
    assert!(serde_json::from_value::<Formats>(json!({"at": "yesterday"})).is_err());
}

/// Hostile names and values are data: they round-trip through renames.
#[test]
fn hostile_names_round_trip() {
    use hostile::types::*;
    let input = json!({"*/": "a", "\"": "b", "\\": "c", "#[x]": "d", "{}": "e", "": "f", "123": "g", "mode": "#[x]"});
    let w: WeirdName = serde_json::from_value(input.clone()).unwrap();
    assert_eq!(w.mode, Some(Mode::HashX));
    assert_eq!(serde_json::to_value(&w).unwrap(), input);
}

/// An operation or parameter named like a trait method every client or
/// builder has is renamed, so the trait method still works; schemas named
/// like prelude traits take `Body`, so `use types::*` hides no prelude name.
#[test]
fn trait_methods_are_never_hidden() {
    use hostile::types::*;
    let client = hostile::client::Client::builder()
        .base_url("http://127.0.0.1:9")
        .build()
        .unwrap();
    let builder = client
        .to_owned_2()
        .clone_2("c")
        .into_future_2("f")
        .fmt_2("x");
    // `Clone::clone` and `ToOwned::to_owned`, not the setter or the operation.
    let copy: hostile::client::ToOwnedBuilder = builder.clone();
    let _: hostile::client::Client = client.to_owned();
    drop(std::future::IntoFuture::into_future(copy));
    let it: IteratorBody = serde_json::from_value(json!({"next": "n"})).unwrap();
    let c: CopyBody = "c".into();
    // `Iterator` and `Copy` are still the prelude's here.
    let mut letters = c.chars();
    assert_eq!(
        (Iterator::next(&mut letters), it.next.as_deref()),
        (Some('c'), Some("n"))
    );
}

/// Untagged members with required properties are tried before all-optional ones.
#[test]
fn strict_union_members_are_tried_first() {
    use composition::types::*;
    let strict: Loose = serde_json::from_value(json!({"code": 7})).unwrap();
    assert_eq!(strict, Loose::Strict(LooseStrict { code: 7 }));
    let loose: Loose = serde_json::from_value(json!({"note": "n"})).unwrap();
    assert!(matches!(loose, Loose::Anything(LooseAnything { note: Some(ref n) }) if n == "n"));
}

/// Untagged scalar unions try narrow types first; `type: [a, b]` is an enum per type.
#[test]
fn scalar_unions_prefer_narrow_types() {
    use composition::types::*;
    let id = ::uuid::Uuid::from_u128(9);
    assert_eq!(
        serde_json::from_value::<Scalar>(json!(id.to_string())).unwrap(),
        Scalar::Uuid(id)
    );
    assert_eq!(
        serde_json::from_value::<Scalar>(json!(5)).unwrap(),
        Scalar::Integer(5)
    );
    assert_eq!(
        serde_json::from_value::<Scalar>(json!(5.5)).unwrap(),
        Scalar::Number(5.5)
    );
    assert_eq!(
        serde_json::from_value::<Scalar>(json!("x")).unwrap(),
        Scalar::String("x".into())
    );
    let v: Option<StringOrInt> = serde_json::from_value(json!(3)).unwrap();
    assert_eq!(v, Some(StringOrInt::Integer(3)));
    let v: Option<StringOrInt> = serde_json::from_value(json!(null)).unwrap();
    assert_eq!(v, None);
    // The catch-all keeps its name when a value is spelled "Unknown".
    use string_enum::types::HasUnknown;
    assert_eq!(
        serde_json::from_value::<HasUnknown>(json!("Unknown")).unwrap(),
        HasUnknown::Unknown2
    );
    assert_eq!(
        serde_json::from_value::<HasUnknown>(json!("new")).unwrap(),
        HasUnknown::Unknown("new".into())
    );
}

/// A oneOf inside an allOf is a flattened union field: its properties sit beside the others.
#[test]
fn all_of_with_one_of_flattens_the_alternatives() {
    use composition::types::*;
    let input = json!({"amount": 100, "iban": "DE00"});
    let p: Payment = serde_json::from_value(input.clone()).unwrap();
    assert_eq!(p.amount, 100);
    assert_eq!(
        p.variant,
        PaymentVariant::Bank(PaymentVariantBank {
            iban: "DE00".into()
        })
    );
    assert_eq!(serde_json::to_value(&p).unwrap(), input);
}

/// A discriminator beside the struct's own tag property: the flattened union owns the
/// tag; a member of two unions with different tags keeps both when used alone.
#[test]
fn discriminators_beside_properties_and_shared_members() {
    use composition::types::*;
    let input = json!({"type": "BesideA", "id": "1", "a": "x"});
    let beside: Beside = serde_json::from_value(input.clone()).unwrap();
    assert_eq!(beside.id, "1");
    assert!(matches!(&beside.variant, BesideVariant::BesideA(v) if v.a == "x"));
    assert_eq!(serde_json::to_value(&beside).unwrap(), input);

    let shared = json!({"kind": "shared", "type": "shared", "name": "n"});
    let alone: Shared = serde_json::from_value(shared.clone()).unwrap();
    assert_eq!(serde_json::to_value(&alone).unwrap(), shared);
    let by_kind: UnionByKind = serde_json::from_value(shared.clone()).unwrap();
    assert_eq!(serde_json::to_value(&by_kind).unwrap(), shared);
    let by_type: UnionByType = serde_json::from_value(shared.clone()).unwrap();
    assert_eq!(serde_json::to_value(&by_type).unwrap(), shared);
}
