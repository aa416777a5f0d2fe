//! One test per class of bad input: each gives a diagnostic naming the file,
//! the JSON pointer (and line/column where the parser knows them), and never
//! a panic.

use std::fs;
use std::path::PathBuf;
use xtask::diag::{Diagnostic, Diagnostics, Severity};
use xtask::{generate, lower_text, Options};

/// The errors for spec text, which must fail.
fn errors(text: &str) -> Vec<Diagnostic> {
    match lower_text(text, "spec.yaml") {
        Ok(_) => panic!("expected errors for:\n{text}"),
        Err(diags) => diags.errors().cloned().collect(),
    }
}

/// The one error whose message contains `needle`.
fn error_with(text: &str, needle: &str) -> Diagnostic {
    let all = errors(text);
    all.iter()
        .find(|d| d.message.contains(needle))
        .cloned()
        .unwrap_or_else(|| panic!("no error containing {needle:?} in {all:#?}"))
}

fn warnings(text: &str) -> Diagnostics {
    match lower_text(text, "spec.yaml") {
        Ok((_, diags)) => diags,
        Err(diags) => panic!("expected success, got:\n{diags}"),
    }
}

const HEAD: &str = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\n";

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("xtask-diag-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

/// Malformed YAML and JSON report the parser's line and column.
#[test]
fn malformed_yaml_and_json() {
    let d = error_with("openapi: 3.1.0\npaths:\n  /a: [unclosed\n", "invalid YAML");
    assert_eq!(
        (d.file.as_str(), d.line_col.map(|(l, _)| l)),
        ("spec.yaml", Some(4))
    );
    let d = error_with("{\"openapi\": \"3.1.0\",\n \"paths\": {,}}", "invalid JSON");
    assert_eq!(d.line_col, Some((2, 12)));
    assert!(
        d.to_string().contains("spec.yaml# (line 2, column 12)"),
        "{d}"
    );
}

/// An empty file, binary garbage and documents that are not OpenAPI objects.
#[test]
fn empty_garbage_and_not_openapi() {
    assert!(error_with("", "empty").help.is_some());
    assert!(error_with("  \n\n", "empty").message.contains("empty"));
    error_with("- just\n- a list\n", "found an array");
    error_with("42", "found a number");
    error_with(
        "title: not openapi\n",
        "missing the `openapi` version field",
    );
    let dir = scratch("garbage");
    let spec = dir.join("garbage.yaml");
    fs::write(&spec, [0xff, 0xfe, 0x00, 0x9f, 0x92, 0x96]).unwrap();
    let options = Options {
        spec,
        spec_display: "garbage.yaml".into(),
        crate_name: "x".into(),
    };
    let diags = generate(&options).unwrap_err();
    assert!(
        diags.errors().any(|d| d.message.contains("not UTF-8")),
        "{diags}"
    );
}

/// Swagger 2.0 and unknown versions are refused by name.
#[test]
fn swagger_2_and_unknown_versions() {
    let d = error_with(
        "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n",
        "Swagger 2.0",
    );
    assert_eq!(d.pointer, "/swagger");
    assert!(d.help.as_deref().unwrap_or("").contains("convert"));
    let d = error_with("openapi: 4.0.0\n", "unsupported OpenAPI version `4.0.0`");
    assert_eq!(d.pointer, "/openapi");
    error_with("openapi: 3.1\n", "must be a string");
}

/// A field of the wrong type names its pointer.
#[test]
fn wrong_types() {
    let d = error_with(
        &format!("{HEAD}paths:\n  /a:\n    get:\n      parameters: oops\n      responses: {{}}\n"),
        "`parameters` must be an array",
    );
    assert_eq!(d.pointer, "/paths/~1a/get/parameters");
    let d = error_with(&format!("{HEAD}paths: []\n"), "`paths` must be an object");
    assert_eq!(d.pointer, "/paths");
    let d = error_with(
        &format!("{HEAD}paths:\n  /a:\n    get:\n      responses: 200\n"),
        "`responses` must map",
    );
    assert_eq!(d.pointer, "/paths/~1a/get/responses");
    let d = error_with(&format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A: {{type: object, properties: [x]}}\n"), "`properties` must be an object");
    assert_eq!(d.pointer, "/components/schemas/A/properties");
    let d = error_with(
        &format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A: {{type: 7}}\n"),
        "`type` must be a string",
    );
    assert_eq!(d.pointer, "/components/schemas/A/type");
}

/// `required` as a string, a number as operationId, and duplicate keys are errors, not silently misread.
#[test]
fn misread_input_is_an_error() {
    let d = error_with(
        &format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A: {{type: object, required: a, properties: {{a: {{type: string}}}}}}\n"),
        "`required` must be an array",
    );
    assert_eq!(d.pointer, "/components/schemas/A/required");
    let d = error_with(
        &format!("{HEAD}paths:\n  /a:\n    get:\n      operationId: 7\n      responses: {{'204': {{description: ok}}}}\n"),
        "`operationId` must be a string",
    );
    assert_eq!(d.pointer, "/paths/~1a/get/operationId");
    let d = error_with(
        &format!("{HEAD}paths:\n  /a: {{}}\n  /a: {{}}\n"),
        "duplicate mapping key `/a`",
    );
    assert!(d.line_col.is_some());
    error_with(
        "{\"openapi\": \"3.1.0\", \"openapi\": \"3.0.0\"}",
        "duplicate mapping key `openapi`",
    );
}

/// A `$ref` that does not resolve names the ref and where it is used.
#[test]
fn unresolved_ref() {
    let text = format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        b: {{$ref: '#/components/schemas/Bee'}}\n");
    let d = error_with(&text, "`#/components/schemas/Bee` does not resolve");
    assert_eq!(d.pointer, "/components/schemas/A/properties/b/$ref");
    // A near miss gets a suggestion.
    let typo = text.replace("Bee", "AA");
    let d = error_with(&typo, "`#/components/schemas/AA` does not resolve");
    assert_eq!(
        d.help.as_deref(),
        Some("did you mean `#/components/schemas/A`?")
    );
}

/// Refs that only lead to each other (`A → B → A`) are a cycle with no schema.
#[test]
fn alias_cycles() {
    let text = format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A: {{$ref: '#/components/schemas/B'}}\n    B: {{$ref: '#/components/schemas/A'}}\n");
    let d = error_with(&text, "cycle with no schema");
    assert!(
        d.message.contains("/components/schemas/A") && d.message.contains("/components/schemas/B"),
        "{}",
        d.message
    );
    // A real recursive schema is fine.
    let ok = format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    N: {{type: object, properties: {{next: {{$ref: '#/components/schemas/N'}}}}}}\n");
    warnings(&ok);
}

/// Duplicate operationIds are an error at the second one.
#[test]
fn duplicate_operation_ids() {
    let op = "      operationId: same\n      responses: {'204': {description: ok}}\n";
    let text = format!("{HEAD}paths:\n  /a:\n    get:\n{op}  /b:\n    get:\n{op}");
    let d = error_with(&text, "duplicate operationId `same`");
    assert_eq!(d.pointer, "/paths/~1b/get/operationId");
}

/// Undeclared path template parameters are errors; declared but unused ones are warnings.
#[test]
fn path_template_parameters() {
    let text = format!(
        "{HEAD}paths:\n  /a/{{id}}:\n    get:\n      responses: {{'204': {{description: ok}}}}\n"
    );
    let d = error_with(&text, "`id` in `/a/{id}` is not declared");
    assert_eq!(d.pointer, "/paths/~1a~1{id}/get");
    let text = format!("{HEAD}paths:\n  /a:\n    get:\n      parameters: [{{name: x, in: path, required: true, schema: {{type: string}}}}]\n      responses: {{'204': {{description: ok}}}}\n");
    let w = warnings(&text);
    assert!(
        w.warnings().any(|d| d.message.contains("declared but")),
        "{w}"
    );
}

/// Remote refs are refused at once (no network, no hang), and file refs may not leave the spec's tree.
#[test]
fn remote_and_escaping_refs() {
    let started = std::time::Instant::now();
    let text = format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A: {{$ref: 'https://example.com/schemas.yaml#/A'}}\n");
    let d = error_with(&text, "remote `$ref`");
    assert!(started.elapsed().as_secs() < 5);
    assert_eq!(d.pointer, "/components/schemas/A/$ref");

    let dir = scratch("escape");
    fs::create_dir_all(dir.join("spec")).unwrap();
    fs::write(dir.join("outside.yaml"), "X: {type: string}\n").unwrap();
    let spec = dir.join("spec/api.yaml");
    fs::write(
        &spec,
        format!(
            "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A: {{$ref: '../outside.yaml#/X'}}\n"
        ),
    )
    .unwrap();
    let options = Options {
        spec,
        spec_display: "spec/api.yaml".into(),
        crate_name: "x".into(),
    };
    let diags = generate(&options).unwrap_err();
    let d = diags
        .errors()
        .find(|d| d.message.contains("leaves the directory"))
        .unwrap_or_else(|| panic!("{diags}"));
    assert_eq!(
        (d.file.as_str(), d.pointer.as_str()),
        ("spec/api.yaml", "/components/schemas/A/$ref")
    );
    fs::remove_dir_all(&dir).unwrap();
}

/// Every problem is collected before failing: three errors, one run.
#[test]
fn all_errors_are_reported_at_once() {
    let text = format!(
        "{HEAD}paths:\n  /a/{{id}}:\n    get:\n      responses: {{'200': {{description: ok, content: {{application/json: {{schema: {{$ref: '#/nope'}}}}}}}}}}\ncomponents:\n  schemas:\n    B: {{$ref: '#/also-nope'}}\n"
    );
    let all = errors(&text);
    assert!(all.len() >= 3, "{all:#?}");
    assert!(all
        .iter()
        .all(|d| d.severity == Severity::Error && d.file == "spec.yaml"));
}

/// Around 100 levels of inline schema nesting generate; thousands of levels are an error, not a crash.
#[test]
fn deep_nesting() {
    fn nested(levels: usize) -> String {
        let mut schema = String::from("{\"type\": \"string\"}");
        for _ in 0..levels {
            schema = format!("{{\"type\": \"object\", \"properties\": {{\"inner\": {schema}}}}}");
        }
        format!("{{\"openapi\": \"3.1.0\", \"info\": {{\"title\": \"t\", \"version\": \"1\"}}, \"paths\": {{}}, \"components\": {{\"schemas\": {{\"Deep\": {schema}}}}}}}")
    }
    let (api, _) = lower_text(&nested(100), "deep.json").unwrap_or_else(|d| panic!("{d}"));
    assert!(api.types.len() >= 100);
    let err = lower_text(&nested(5000), "deep.json").unwrap_err();
    assert!(
        err.errors().any(|d| d.message.contains("nests more than")),
        "{err}"
    );
    let err = lower_text(&nested(300), "deep.json").unwrap_err();
    assert!(
        err.errors().any(|d| d.message.contains("nested more than")),
        "{err}"
    );

    // Block-style YAML, deeper than serde_yaml's 128-level limit.
    let mut yaml = String::from(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Deep:\n",
    );
    let mut indent = "      ".to_string();
    for _ in 0..100 {
        yaml.push_str(&format!(
            "{indent}type: object\n{indent}properties:\n{indent}  inner:\n"
        ));
        indent.push_str("    ");
    }
    yaml.push_str(&format!("{indent}type: string\n"));
    let (api, _) = lower_text(&yaml, "deep.yaml").unwrap_or_else(|d| panic!("{d}"));
    assert!(api.types.len() >= 100);
}

/// Keywords the types do not model are reported at their own pointer, once
/// each (issue 8); annotations and documented-but-not-enforced validation
/// keywords beside them are not.
#[test]
fn unmodelled_keywords_are_reported() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/unmodelled.yaml");
    let text = fs::read_to_string(path).unwrap();
    let diags = warnings(&text);
    let mut pointers: Vec<&str> = diags.warnings().map(|d| d.pointer.as_str()).collect();
    pointers.sort();
    let base = "/components/schemas";
    let mut expected: Vec<String> = [
        "Conditional/if",
        "Conditional/dependentRequired",
        "Conditional/dependentSchemas",
        "Conditional/properties/kind/not",
        "Conditional/properties/tags/contains",
        "Labelled/patternProperties",
        "Keyed/propertyNames",
        "Merged/allOf/0/not",
        "Dynamic/$dynamicRef",
    ]
    .iter()
    .map(|p| format!("{base}/{p}"))
    .collect();
    expected.sort();
    assert_eq!(pointers, expected, "{diags}");
    // The same keywords inline in an operation, and beside a `$ref` (3.1).
    let inline = format!(
        "{HEAD}paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/A'\n                not: {{type: string}}\ncomponents:\n  schemas:\n    A: {{type: object, properties: {{b: {{type: array, items: {{type: string}}, unevaluatedItems: false}}}}}}\n"
    );
    let diags = warnings(&inline);
    let pointers: Vec<&str> = diags.warnings().map(|d| d.pointer.as_str()).collect();
    assert!(
        pointers.contains(&"/paths/~1a/get/responses/200/content/application~1json/schema/not"),
        "{diags}"
    );
    assert!(
        pointers.contains(&"/components/schemas/A/properties/b/unevaluatedItems"),
        "{diags}"
    );
}

/// An object default that would not decode says why, at its pointer.
#[test]
fn object_defaults_that_do_not_fit_say_why() {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/object_defaults.yaml");
    let diags = warnings(&fs::read_to_string(path).unwrap());
    let owner = diags
        .warnings()
        .find(|d| d.pointer == "/components/schemas/Settings/properties/owner/default")
        .unwrap_or_else(|| panic!("no warning for owner's default in {diags}"));
    assert!(
        owner.message.contains("leaves out the required `daily`"),
        "{}",
        owner.message
    );
}
