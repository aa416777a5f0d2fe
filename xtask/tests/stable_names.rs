//! Stable names (issue 12): regenerating after a spec change renames no
//! existing type and no existing field.
//!
//! Inline schemas are named from context, first come first served, so a new
//! operation placed early in the spec would take names existing types had.
//! `cargo xtask codegen` therefore passes the names of the crate it replaces
//! (`api.json`, as a [`NameLock`]) to lowering; these tests lower fixture
//! pairs in memory the same way. Field names that collide after case
//! conversion are decided by the names, never by their order.

use std::collections::BTreeMap;
use std::path::PathBuf;
use xtask::ir::{Api, TypeKind};
use xtask::lower::NameLock;
use xtask::summary::Summary;

fn options(path: PathBuf) -> xtask::Options {
    xtask::Options {
        spec_display: path.file_name().unwrap().to_string_lossy().into_owned(),
        spec: path,
        crate_name: "orders".into(),
    }
}

fn fixture(case: &str, side: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/changes")
        .join(case)
        .join(format!("{side}.yaml"))
}

/// The summary of the spec at `path`, lowered with `lock`. Sources are cut
/// to their pointer: the fixtures' file names differ, the schemas do not.
fn lower(path: PathBuf, lock: &NameLock) -> Summary {
    let (api, _) = xtask::lower_spec_locked(&options(path), lock).unwrap_or_else(|d| panic!("{d}"));
    let mut summary = Summary::from_api(&api);
    for t in summary.types.values_mut() {
        t.source = t
            .source
            .split_once('#')
            .map(|(_, p)| p.to_string())
            .unwrap_or_default();
    }
    for op in summary.operations.values_mut() {
        op.source = op
            .source
            .split_once('#')
            .map(|(_, p)| p.to_string())
            .unwrap_or_default();
    }
    summary.spec = "spec.yaml".into();
    summary
}

/// The lock `summary` gives, as `cargo xtask codegen` builds it from `api.json`.
fn lock_of(summary: &Summary) -> NameLock {
    let mut stored = summary.clone();
    for t in stored.types.values_mut() {
        t.source = format!("{}#{}", stored.spec, t.source);
    }
    stored.name_lock()
}

/// An unrelated operation inserted first, with inline names that collide with
/// existing ones, leaves every existing type exactly as it was: same name,
/// same schema location, same fields and variants with the same types.
#[test]
fn a_new_operation_renames_no_existing_type() {
    let before = lower(fixture("stable_names", "before"), &NameLock::default());
    let after = lower(fixture("stable_names", "after"), &lock_of(&before));
    for (name, old) in &before.types {
        let new = after
            .types
            .get(name)
            .unwrap_or_else(|| panic!("`{name}` disappeared; types now: {:?}", after.types.keys()));
        assert_eq!(new, old, "`{name}` changed");
    }
    assert!(
        after.types.len() > before.types.len(),
        "the new operation's types were added"
    );
    // The regeneration also reports no change to existing types: only additions.
    let report = xtask::report::compare(&before, &after).to_string();
    assert!(report.contains("0 breaking"), "{report}");
}

/// Without the lock the same edit does rename existing types, so the test
/// above exercises the problem the lock solves.
#[test]
fn without_the_previous_names_the_edit_would_rename_types() {
    let before = lower(fixture("stable_names", "before"), &NameLock::default());
    let fresh = lower(fixture("stable_names", "after"), &NameLock::default());
    let moved: Vec<&String> = before
        .types
        .iter()
        .filter(|(name, old)| fresh.types.get(*name).map(|t| &t.source) != Some(&old.source))
        .map(|(name, _)| name)
        .collect();
    assert!(
        !moved.is_empty(),
        "expected a name to move without the lock"
    );
}

/// Regenerating the same spec with its own names changes nothing, so
/// `--check` (which reads the same `api.json`) agrees with `codegen`.
#[test]
fn the_lock_of_a_spec_reproduces_it() {
    let path = fixture("stable_names", "after");
    let fresh = lower(path.clone(), &NameLock::default());
    assert_eq!(lower(path, &lock_of(&fresh)), fresh);
}

/// A removed schema's name is released in the same run: a new component
/// named like it gets its own key as its name (not `Status2`), and running
/// again with the new names changes nothing (`--check` agrees at once).
#[test]
fn a_removed_schemas_name_is_released_and_regeneration_is_idempotent() {
    let before = lower(fixture("released_name", "before"), &NameLock::default());
    assert_eq!(before.types["Status"].kind, "enum");
    let after = lower(fixture("released_name", "after"), &lock_of(&before));
    assert_eq!(after.types["Status"].source, "/components/schemas/Status");
    assert!(
        !after.types.contains_key("Status2"),
        "{:?}",
        after.types.keys()
    );
    assert_eq!(
        lower(fixture("released_name", "after"), &lock_of(&after)),
        after
    );
}

/// Inserting a parameter or a union member before existing ones shifts
/// array indices in their pointers; the lock keys them by what they are
/// (`query:sort`, a member's `$ref`, title or properties), so no name moves.
#[test]
fn inserted_array_elements_move_no_name() {
    let spec = |extra_param: &str, extra_member: &str| {
        format!(
            r#"openapi: 3.1.0
info: {{title: T, version: "1"}}
paths:
  /a:
    get:
      operationId: getA
      parameters:{extra_param}
        - {{name: sort, in: query, schema: {{type: string, enum: [asc, desc]}}}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                oneOf:{extra_member}
                  - {{type: object, title: Cat, properties: {{meow: {{type: string}}}}}}
                  - {{type: object, properties: {{bark: {{type: string}}}}}}
"#
        )
    };
    let dir = std::env::temp_dir().join(format!("stable-names-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (p0, p1) = (dir.join("p0.yaml"), dir.join("p1.yaml"));
    std::fs::write(&p0, spec("", "")).unwrap();
    let param = "\n        - {name: color, in: query, schema: {type: string, enum: [red, green]}}";
    let member = "\n                  - {type: object, properties: {hiss: {type: string}}}";
    std::fs::write(&p1, spec(param, member)).unwrap();
    let before = lower(p0, &NameLock::default());
    let after = lower(p1, &lock_of(&before));
    for (name, old) in &before.types {
        let new = &after.types[name];
        assert_eq!(new.key, old.key, "`{name}` moved");
        assert_eq!(new.fields, old.fields, "`{name}` changed");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Wire name → Rust field name, per struct.
fn field_names(api: &Api) -> BTreeMap<String, BTreeMap<String, String>> {
    api.types
        .iter()
        .filter_map(|t| match &t.kind {
            TypeKind::Struct { fields, .. } => Some((
                t.name.clone(),
                fields
                    .iter()
                    .map(|f| (f.wire.clone(), f.name.code().to_string()))
                    .collect(),
            )),
            _ => None,
        })
        .collect()
}

/// Properties that collide after case conversion (`next`/`Next`,
/// `ref`/`$ref`) keep their field names when the spec lists them in the
/// opposite order; the one already spelled in snake_case keeps the plain name.
#[test]
fn reversing_property_order_renames_no_field() {
    let spec = |props: &[(&str, &str)]| {
        let lines: Vec<String> = props
            .iter()
            .map(|(k, t)| format!("        {k:?}: {{type: {t}}}"))
            .collect();
        format!(
            "openapi: 3.1.0\ninfo: {{title: T, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n    Page:\n      type: object\n      properties:\n{}\n",
            lines.join("\n")
        )
    };
    let props = [
        ("Next", "string"),
        ("next", "integer"),
        ("$ref", "string"),
        ("ref", "boolean"),
        ("HTTPStatus", "integer"),
        ("http_status", "string"),
    ];
    let mut reversed = props;
    reversed.reverse();
    let names = |props: &[(&str, &str)]| {
        let (api, _) =
            xtask::lower_text(&spec(props), "page.yaml").unwrap_or_else(|d| panic!("{d}"));
        field_names(&api)
    };
    let forward = names(&props);
    assert_eq!(forward, names(&reversed));
    let page = &forward["Page"];
    assert_eq!(page["next"], "next");
    assert_eq!(page["Next"], "next_2");
    assert_eq!(page["ref"], "r#ref");
    assert_eq!(page["http_status"], "http_status");
    assert_eq!(page["HTTPStatus"], "http_status_2");
}

/// A parameter component with an inline schema, reached by several
/// operations, is one type; regenerating with its own names keeps it one
/// type under the same name instead of giving each later operation a type
/// of its own (which named it back the run after).
#[test]
fn a_shared_parameter_schema_stays_one_type() {
    let path = fixture("shared_parameter", "before");
    let fresh = lower(path.clone(), &NameLock::default());
    let named: Vec<&String> = fresh
        .types
        .keys()
        .filter(|n| n.contains("WorkflowId") || n.contains("Direction"))
        .collect();
    assert_eq!(named.len(), 2, "{:?}", fresh.types.keys());
    let again = lower(path.clone(), &lock_of(&fresh));
    assert_eq!(again, fresh);
    assert_eq!(lower(path, &lock_of(&again)), fresh);
}

/// Every fixture spec regenerates unchanged with its own names, as
/// `cargo xtask codegen` run twice does.
#[test]
fn every_fixture_regenerates_unchanged_with_its_own_names() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures");
    let mut specs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    specs.sort();
    assert!(specs.len() > 20, "{specs:?}");
    for path in specs {
        let fresh = lower(path.clone(), &NameLock::default());
        let again = lower(path.clone(), &lock_of(&fresh));
        assert_eq!(again, fresh, "{}", path.display());
    }
}
