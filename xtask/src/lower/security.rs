//! Security: the supported `securitySchemes` become client credentials, and
//! each operation's requirements become alternatives over them.

use super::json::{doc_text, str_field};
use super::Lowerer;
use crate::ir::*;
use crate::names::{snake, Scope};
use crate::resolve::Loc;
use serde_json::Value;
use std::collections::BTreeSet;

impl Lowerer<'_> {
    /// The supported `components/securitySchemes`; unsupported ones are reported and skipped.
    pub(super) fn lower_security_schemes(&mut self, root: &Loc) -> Vec<SecurityScheme> {
        let loc = root.child("components").child("securitySchemes");
        let Some(Value::Object(schemes)) = self.value(&loc) else {
            return Vec::new();
        };
        // A credential is a `Client` field and a `ClientBuilder` setter: it
        // must not take a name either already has (`emit/client.rs`), nor
        // `default`, which `Client::builder()` calls on `ClientBuilder`.
        let mut scope = Scope::with_reserved(&[
            "base_url",
            "http_client",
            "http",
            "timeout",
            "connect_timeout",
            "no_timeout",
            "retry",
            "retry_policy",
            "max_retries",
            "build",
            "builder",
            "default",
            "clone",
            "fmt",
        ]);
        let mut out = Vec::new();
        for (wire, _) in schemes {
            let sloc = loc.child(wire);
            let Some(followed) = self.spec.follow(&sloc) else {
                continue;
            };
            let Some(scheme) = self.value(&followed) else {
                continue;
            };
            let kind = match str_field(scheme, "type") {
                Some("http") => match str_field(scheme, "scheme")
                    .map(str::to_ascii_lowercase)
                    .as_deref()
                {
                    Some("basic") => SchemeKind::Basic,
                    Some("bearer") => SchemeKind::Bearer,
                    other => {
                        let msg = format!(
                            "HTTP authentication scheme `{}` is not supported (only basic and bearer); requests will not carry this credential",
                            other.unwrap_or("(missing)")
                        );
                        self.diags
                            .push(self.spec.warning(&sloc.child("scheme"), msg));
                        continue;
                    }
                },
                Some("oauth2") | Some("openIdConnect") => SchemeKind::Bearer,
                Some("apiKey") => {
                    let name = str_field(scheme, "name").unwrap_or("").to_string();
                    if name.is_empty() {
                        self.diags.push(self.spec.error(
                            &sloc.child("name"),
                            "an apiKey security scheme needs a `name`",
                        ));
                        continue;
                    }
                    match str_field(scheme, "in") {
                        Some("header") => SchemeKind::Header(name),
                        Some("query") => SchemeKind::Query(name),
                        Some("cookie") => SchemeKind::Cookie(name),
                        other => {
                            let msg = format!(
                                "apiKey `in` must be header, query or cookie, found `{}`",
                                other.unwrap_or("(missing)")
                            );
                            self.diags.push(self.spec.error(&sloc.child("in"), msg));
                            continue;
                        }
                    }
                }
                other => {
                    let msg = format!(
                        "security scheme type `{}` is not supported; requests will not carry this credential",
                        other.unwrap_or("(missing)")
                    );
                    self.diags.push(self.spec.warning(&sloc.child("type"), msg));
                    continue;
                }
            };
            out.push(SecurityScheme {
                name: scope.claim(&snake(wire, "credential")).into(),
                docs: Docs {
                    text: doc_text(scheme, &["description"]),
                    source: self.spec.describe(&sloc),
                    deprecated: None,
                },
                wire: wire.clone(),
                kind,
            });
        }
        out
    }

    /// Removes schemes no operation uses (a credential setter that does
    /// nothing would mislead) and renumbers the operations' references.
    pub(super) fn drop_unused_schemes(
        &mut self,
        schemes: &mut Vec<SecurityScheme>,
        operations: &mut [Operation],
    ) {
        let used: BTreeSet<usize> = operations
            .iter()
            .flat_map(|o| o.security.iter().flatten().copied())
            .collect();
        let mut renumber = vec![None; schemes.len()];
        let mut kept = Vec::new();
        for (i, scheme) in std::mem::take(schemes).into_iter().enumerate() {
            if used.contains(&i) {
                renumber[i] = Some(kept.len());
                kept.push(scheme);
            } else {
                let pointer = scheme
                    .docs
                    .source
                    .split_once('#')
                    .map(|(_, p)| p.to_string())
                    .unwrap_or_default();
                let msg = format!("security scheme `{}` is not used by any operation; the client has no setter for it", scheme.wire);
                self.diags
                    .push(self.spec.warning(&Loc { file: 0, pointer }, msg));
            }
        }
        for op in operations.iter_mut() {
            for alternative in op.security.iter_mut() {
                *alternative = alternative.iter().filter_map(|i| renumber[*i]).collect();
            }
        }
        *schemes = kept;
    }
    /// The operation's security requirement alternatives (its own `security`,
    /// else the root's), each a set of indices into `schemes`. Empty
    /// alternatives (`{}`: no credential needed) are dropped.
    pub(super) fn op_security(
        &mut self,
        op_loc: &Loc,
        op: &Value,
        root: Option<&Value>,
        schemes: &[SecurityScheme],
    ) -> Vec<Vec<usize>> {
        let (requirements, loc) = match op.get("security") {
            Some(s) => (s.clone(), op_loc.child("security")),
            None => (
                root.cloned().unwrap_or(Value::Null),
                self.spec.root().child("security"),
            ),
        };
        let mut alternatives: Vec<Vec<usize>> = Vec::new();
        match requirements {
            Value::Array(reqs) => {
                for (i, req) in reqs.iter().enumerate() {
                    let Some(req) = req.as_object() else {
                        let msg = "a security requirement must be an object of scheme names";
                        self.diags
                            .push(self.spec.error(&loc.child(&i.to_string()), msg));
                        continue;
                    };
                    let mut set = Vec::new();
                    for name in req.keys() {
                        match schemes.iter().position(|s| &s.wire == name) {
                            Some(idx) => set.push(idx),
                            None => {
                                let msg = format!("security requirement names `{name}`, which is not a supported scheme in components/securitySchemes; it is ignored");
                                self.diags.push(
                                    self.spec
                                        .warning(&loc.child(&i.to_string()).child(name), msg),
                                );
                            }
                        }
                    }
                    set.sort_unstable();
                    if !set.is_empty() && !alternatives.contains(&set) {
                        alternatives.push(set);
                    }
                }
            }
            Value::Null => {}
            other => {
                self.push_kind_error(
                    &loc,
                    "`security` must be an array of requirement objects",
                    &other,
                );
            }
        }
        alternatives
    }
}
