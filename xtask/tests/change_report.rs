//! The change report (`xtask::report`): for each spec pair in
//! `tests/fixtures/changes/<case>/{before,after}.yaml`, both IRs are lowered in
//! memory, summarized, compared, and the printed report must match exactly.
//! The summaries also survive a round trip through `api.json`.

use expect_test::{expect, Expect};
use std::path::PathBuf;
use xtask::summary::Summary;

fn summary(case: &str, side: &str) -> Summary {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/changes");
    let options = xtask::Options {
        spec: dir.join(case).join(format!("{side}.yaml")),
        spec_display: format!("{side}.yaml"),
        crate_name: "pets".into(),
    };
    let (api, _) = xtask::lower_spec(&options).unwrap_or_else(|d| panic!("{case}/{side}: {d}"));
    Summary::from_api(&api)
}

/// Compares `case`'s before and after specs, and checks the summary's JSON round trip.
fn check(case: &str, expected: Expect) {
    let (before, after) = (summary(case, "before"), summary(case, "after"));
    let json = after.to_json();
    let back: Summary = serde_json::from_str(&json).unwrap();
    assert_eq!(back, after, "api.json does not round-trip");
    expected.assert_eq(&xtask::report::compare(&before, &after).to_string());
}

/// A new operation is compatible.
#[test]
fn add_operation() {
    check(
        "add_operation",
        expect![[r#"
        API changes: 0 breaking, 1 compatible
          compatible  operation `delete_pet` added (DELETE /pets/{petId})
    "#]],
    );
}

/// A removed operation is breaking.
#[test]
fn remove_operation() {
    check(
        "remove_operation",
        expect![[r#"
        API changes: 1 breaking, 0 compatible
          breaking    operation `get_pet` removed (GET /pets/{petId})
    "#]],
    );
}

/// A new optional field in a response type is compatible.
#[test]
fn add_optional_response_field() {
    check(
        "add_optional_response_field",
        expect![[r#"
        API changes: 0 breaking, 1 compatible
          compatible  `Pet.color`: optional field added (`Option<String>`)
    "#]],
    );
}

/// A new required parameter is a new argument: breaking.
#[test]
fn add_required_parameter() {
    check(
        "add_required_parameter",
        expect![[r#"
        API changes: 1 breaking, 0 compatible
          breaking    `list_pets`: new required argument `owner: String`
    "#]],
    );
}

/// A new required field in a type callers send is breaking.
#[test]
fn add_required_request_field() {
    check(
        "add_required_request_field",
        expect![[r#"
            API changes: 1 breaking, 0 compatible
              breaking    `NewPet.species`: field callers must set added (`String`)
        "#]],
    );
}

/// Widening an integer (`u8` → `u64`) changes the field's Rust type: breaking.
#[test]
fn widen_integer() {
    check(
        "widen_integer",
        expect![[r#"
        API changes: 1 breaking, 0 compatible
          breaking    `Pet.age`: type `Option<u8>` → `Option<u64>` (a wider integer: old values still fit, but the Rust type changes)
    "#]],
    );
}

/// A new value in a response enum is compatible (callers handle `Unknown`);
/// in a request-only enum it is breaking (issue 12's rule).
#[test]
fn add_enum_value() {
    check(
        "add_enum_value",
        expect![[r#"
        API changes: 1 breaking, 1 compatible
          breaking    `SortOrder`: variant `Random` added (request-only enum)
          compatible  `PetStatus`: variant `Pending` added (callers already handle `Unknown`)
    "#]],
    );
}

/// Types are matched by Rust name: a renamed schema is one type removed and one
/// added, and every use of it changes type.
#[test]
fn rename_schema() {
    check(
        "rename_schema",
        expect![[r#"
        API changes: 2 breaking, 1 compatible
          breaking    `create_pet`: argument `body`: type `NewPet` → `PetDraft`
          breaking    type `NewPet` removed
          compatible  type `PetDraft` added (struct)
    "#]],
    );
}

/// Nothing changed: the report is empty (and prints nothing).
#[test]
fn no_change() {
    check("no_change", expect![[r#""#]]);
}

/// An operation whose error responses match an existing one's shares its
/// error enum, named after whichever sorts first: the old enum's name
/// becomes an alias of the same variants, which callers cannot tell apart.
#[test]
fn share_error_enum() {
    check(
        "share_error_enum",
        expect![[r#"
            API changes: 0 breaking, 3 compatible
              compatible  operation `get_a` added (GET /a)
              compatible  type `GetAError` added (error-enum)
              compatible  type `GetBError`: now an alias of `GetAError`, the shared error enum with the same variants
        "#]],
    );
}
