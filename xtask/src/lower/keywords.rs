//! Keywords that shape what a value may be but that the generated types do
//! not model: each is reported with a warning that names its JSON pointer,
//! so nothing in a schema is dropped silently. Pure annotations (`title`,
//! `description`, `examples`, `deprecated`, `readOnly`, …) and validation
//! keywords the field docs list without enforcing (`minLength`, `pattern`,
//! `maximum`, …) are not reported; the README's keyword table says which is which.

use super::Lowerer;
use crate::resolve::Loc;
use serde_json::{Map, Value};

/// The keywords reported wherever they appear, with what the types do instead.
const UNMODELLED: &[(&str, &str)] = &[
    ("not", "`not` is not enforced: values it excludes still decode"),
    ("if", "`if`/`then`/`else` is not applied: values decode by the schema's other keywords only"),
    ("dependentSchemas", "`dependentSchemas` is not applied: the schemas a present property brings in are not decoded or checked"),
    ("dependentRequired", "`dependentRequired` is not enforced: properties stay optional when the property they depend on is present"),
    ("dependencies", "`dependencies` is not applied: the properties or schemas a present property brings in are not checked"),
    ("contains", "`contains` (and `minContains`/`maxContains`) is not enforced: an array decodes whichever items it holds"),
    ("unevaluatedItems", "`unevaluatedItems` is not applied: items decode by `items`/`prefixItems` alone"),
    ("$dynamicRef", "`$dynamicRef` is not resolved: the value decodes by the schema's other keywords, or as any value"),
];

impl Lowerer<'_> {
    /// Reports the keywords of the schema at `loc` that its type does not
    /// model, once per location (a schema lowered twice is reported once).
    /// Inline `allOf` members are part of the schema, and checked with it.
    pub(super) fn report_unmodelled(&mut self, loc: &Loc, schema: &Map<String, Value>) {
        if !self.keywords_checked.insert(loc.clone()) {
            return;
        }
        for (key, msg) in UNMODELLED {
            if schema.contains_key(*key) {
                self.diags.push(self.spec.warning(&loc.child(key), *msg));
            }
        }
        for key in ["then", "else"] {
            if schema.contains_key(key) && !schema.contains_key("if") {
                let msg = format!("`{key}` without `if` is not applied");
                self.diags.push(self.spec.warning(&loc.child(key), msg));
            }
        }
        for key in ["minContains", "maxContains"] {
            if schema.contains_key(key) && !schema.contains_key("contains") {
                let msg = format!("`{key}` without `contains` has no effect and is not enforced");
                self.diags.push(self.spec.warning(&loc.child(key), msg));
            }
        }
        self.report_key_keywords(loc, schema);
        if let Some(Value::Array(members)) = schema.get("allOf") {
            for (i, member) in members.iter().enumerate() {
                if let Value::Object(m) = member {
                    if !m.contains_key("$ref") {
                        self.report_unmodelled(&loc.child("allOf").child(&i.to_string()), m);
                    }
                }
            }
        }
    }

    /// `patternProperties` and `propertyNames`: partly modelled through the
    /// map or flattened map that keeps unknown keys, reported for what is lost.
    fn report_key_keywords(&mut self, loc: &Loc, schema: &Map<String, Value>) {
        if schema.contains_key("patternProperties") {
            let typed = schema
                .get("additionalProperties")
                .and_then(Value::as_object)
                .is_some_and(|m| !m.is_empty());
            let msg = if typed {
                "`patternProperties` is partly modelled: matching keys are kept as `additionalProperties` values, and the patterns and their schemas are not checked"
            } else {
                "`patternProperties` is partly modelled: matching keys are kept (with any other unknown key) as any value; the patterns and their schemas are not checked"
            };
            self.diags
                .push(self.spec.warning(&loc.child("patternProperties"), msg));
        }
        if let Some(Value::Object(names)) = schema.get("propertyNames") {
            let constrained = names.keys().any(|k| {
                !matches!(
                    k.as_str(),
                    "type" | "title" | "description" | "$comment" | "examples"
                )
            });
            if constrained {
                let msg = "`propertyNames` is not enforced: keys are any strings";
                self.diags
                    .push(self.spec.warning(&loc.child("propertyNames"), msg));
            }
        }
    }
}
