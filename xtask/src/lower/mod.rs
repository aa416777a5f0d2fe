//! Lower: the third pipeline stage. Turns a resolved [`Spec`] into the [`Api`] IR.
//!
//! All decisions are made here, once: which Rust type a schema becomes, what
//! every item is called, which fields are optional, which credentials an
//! operation sends. Component schemas get their names (and [`TypeId`]s) first,
//! so inline schemas never take a name a component wants and references can
//! point forward or at themselves. Inline schemas are named from context (the
//! property, the singular of an array property, the operation), and an
//! identical inline schema met again under the same name reuses the first type.
//! Unsupported constructs fall back to `serde_json::Value` with a warning, so the
//! output still compiles and round-trips.

mod cycles;
mod defaults;
mod depth;
mod enums;
mod json;
mod keywords;
mod merge;
mod naming;
mod object;
mod operation;
mod pagination;
mod response;
mod schema;
mod security;
mod tags;
mod tuple;
mod union;

use crate::diag::{Diagnostic, Diagnostics};
use crate::ir::*;
use crate::names::Scope;
use crate::resolve::{Loc, Spec};
use cycles::{break_alias_cycles, break_cycles};
use defaults::{resolve_defaults, PendingDefault};
use json::{doc_text, str_field};
pub use naming::NameLock;
use naming::{LockUse, Seen, CRATE_ROOT_NAMES, PRELUDE_NAMES, RESERVED_TYPE_NAMES};
use operation::plan_multipart_parts;
use serde_json::Value;
use std::collections::HashMap;
use tags::{separate_tags, TagDrop};

pub use schema::int_bounds;

/// Schemas nested deeper than this are reported instead of lowered, so hostile
/// input cannot overflow the stack.
const MAX_DEPTH: usize = 200;

/// Lowers `spec` to the IR, pushing problems to `diags`. Schemas named in
/// `lock` (the previous generation's names) keep their names.
///
/// A locked name whose schema is gone is released: lowering runs again with
/// only the names still in use locked, so a removed schema's name goes back
/// to whichever schema the naming rules give it (a component keeps its own
/// key as its name). Only a spec change that removes a named schema pays for
/// the second run.
pub fn lower(spec: &Spec, diags: &mut Diagnostics, lock: &NameLock) -> Api {
    if lock.is_empty() {
        return lower_once(spec, diags, lock).0;
    }
    let mut first = Diagnostics::default();
    let (api, used) = lower_once(spec, &mut first, lock);
    if used.len() == lock.len() {
        for d in first.items() {
            diags.push(d.clone());
        }
        return api;
    }
    lower_once(spec, diags, &lock.only(&used)).0
}

/// One lowering run; also returns the lock keys it matched.
fn lower_once(
    spec: &Spec,
    diags: &mut Diagnostics,
    lock: &NameLock,
) -> (Api, std::collections::BTreeSet<String>) {
    let mut lowerer = Lowerer {
        spec,
        diags,
        lock,
        lock_use: LockUse::default(),
        lock_keys: HashMap::new(),
        locked_ids: HashMap::new(),
        types: Vec::new(),
        type_scope: Scope::with_reserved(
            &[RESERVED_TYPE_NAMES, CRATE_ROOT_NAMES, PRELUDE_NAMES].concat(),
        ),
        seen: Seen::default(),
        tag_drops: Vec::new(),
        pending_defaults: Vec::new(),
        uses_base64: false,
        depth: 0,
        keywords_checked: std::collections::HashSet::new(),
    };
    let api = lowerer.run();
    (api, lowerer.lock_use.into_used())
}

/// The state of one lowering run, shared by the `impl Lowerer` blocks of the
/// child modules.
struct Lowerer<'a> {
    spec: &'a Spec,
    diags: &'a mut Diagnostics,
    /// Names the previous generation gave, by schema location.
    lock: &'a NameLock,
    /// Which of them this run has handed out.
    lock_use: LockUse,
    /// The lock key of each type allocated from a schema location.
    lock_keys: HashMap<TypeId, String>,
    /// The type each locked location's name went to, by lock key: a schema
    /// that several operations reach (a shared parameter) is one type, as it
    /// was in the generation that named it.
    locked_ids: HashMap<String, TypeId>,
    /// Arena; `None` while a type is being lowered. Filled through
    /// [`Lowerer::define`].
    types: Vec<Option<TypeDef>>,
    type_scope: Scope,
    /// What has been lowered already: the one place to ask before lowering again.
    seen: Seen,
    /// Whether any schema is `format: byte`.
    uses_base64: bool,
    /// `default:`s to match to their fields' types once every type exists.
    pending_defaults: Vec<PendingDefault>,
    /// Tag properties to take out of the members of internally tagged unions,
    /// which serde writes itself.
    tag_drops: Vec<TagDrop>,
    depth: usize,
    /// Schema locations whose unmodelled keywords were reported already.
    keywords_checked: std::collections::HashSet<Loc>,
}

/// What [`Lowerer::value_at`] gives where the spec has no value.
static NULL: Value = Value::Null;

impl<'a> Lowerer<'a> {
    /// The value at `loc`, or `null` where there is none. It is borrowed
    /// from the spec, not from `self`, so lowering can go on while it is
    /// held: copying a schema here instead would copy its whole subtree at
    /// every level of nesting.
    fn value_at(&self, loc: &Loc) -> &'a Value {
        self.value(loc).unwrap_or(&NULL)
    }

    /// The value at `loc`, if there is one, borrowed from the spec like
    /// [`Lowerer::value_at`]'s.
    fn value(&self, loc: &Loc) -> Option<&'a Value> {
        self.spec.get(loc)
    }

    /// The pass order, written out once.
    fn run(&mut self) -> Api {
        let root = self.spec.root();
        let root_value = self.value_at(&root);
        self.check_root(&root, root_value);

        // Locked names first, so nothing new takes one; then components:
        // every name and id is fixed before anything refers to it.
        self.claim_locked_names();
        for component in self.register_components(&root) {
            self.lower_component(&component);
        }

        let mut security_schemes = self.lower_security_schemes(&root);
        let mut operations = self.lower_operations(&root, &security_schemes);
        self.drop_unused_schemes(&mut security_schemes, &mut operations);

        let info = root_value.get("info").cloned().unwrap_or(Value::Null);
        let title = str_field(&info, "title").unwrap_or("API").to_string();
        // An unquoted `version: 1.0` is a YAML number; keep its text.
        let version = match info.get("version") {
            Some(Value::String(v)) => v.clone(),
            Some(Value::Number(n)) => n.to_string(),
            _ => "0.0.0".to_string(),
        };
        let description = doc_text(&info, &["description"]);
        let default_base_url = self.default_base_url(root_value);

        let types = self.post_passes(&operations);
        let mut api = Api {
            title,
            version,
            description,
            source: self.spec.files[0].doc_name.clone(),
            default_base_url,
            types,
            operations,
            security_schemes,
            uses_base64: self.uses_base64,
            lock_keys: Vec::new(),
            recursion_limit: None,
        };
        api.lock_keys = (0..api.types.len())
            .map(|i| self.lock_keys.remove(&TypeId(i)))
            .collect();
        // On the final payload types and the sorted operations.
        response::share_error_enums(&mut api);
        // Directions need the finished operations; parts and pages below
        // read the fields' final optionality.
        defaults::leave_defaults_unsent(&mut api);
        // Last, on the finished types: boxing needs to see every edge, and a
        // multipart body's parts follow its struct's final fields.
        break_alias_cycles(&mut api);
        break_cycles(&mut api);
        plan_multipart_parts(&mut api);
        pagination::plan_pagination(&mut api);
        api.recursion_limit = depth::recursion_limit(&api);
        api
    }

    /// Runs the passes that need every type to exist, and empties the arena.
    ///
    /// Defaults must resolve before tags are separated: a pending default
    /// names its field by index, and taking a tag field out shifts the
    /// indices after it. [`tags::separate_tags`] takes the
    /// [`DefaultsResolved`] that [`defaults::resolve_defaults`] returns, so
    /// the other order does not compile.
    fn post_passes(&mut self, operations: &[Operation]) -> Vec<TypeDef> {
        let resolved = resolve_defaults(
            &mut self.types,
            std::mem::take(&mut self.pending_defaults),
            self.spec,
            self.diags,
        );
        separate_tags(
            &mut self.types,
            &mut self.type_scope,
            std::mem::take(&mut self.tag_drops),
            operations,
            resolved,
        );
        std::mem::take(&mut self.types)
            .into_iter()
            .enumerate()
            .map(|(i, t)| {
                t.unwrap_or_else(|| TypeDef {
                    name: format!("Unresolved{i}"),
                    docs: Docs::default(),
                    kind: TypeKind::Alias(Ty::Value),
                })
            })
            .collect()
    }

    /// Reports the top-level sections that have the wrong JSON kind.
    fn check_root(&mut self, root: &Loc, root_value: &Value) {
        self.check_object(
            root,
            root_value,
            &["info", "paths", "components", "webhooks"],
        );
        if let Some(components) = root_value.get("components").filter(|c| c.is_object()) {
            let keys = [
                "schemas",
                "responses",
                "parameters",
                "requestBodies",
                "headers",
                "securitySchemes",
            ];
            self.check_object(&root.child("components"), components, &keys);
        }
        if let Some(security) = root_value.get("security").filter(|s| !s.is_array()) {
            self.push_kind_error(
                &root.child("security"),
                "`security` must be an array of requirement objects",
                security,
            );
        }
    }

    /// The error for a value of the wrong JSON kind: `requirement` states
    /// what it must be ("`paths` must be an object"), and the message adds
    /// what was found instead.
    fn kind_error(&self, loc: &Loc, requirement: &str, found: &Value) -> Diagnostic {
        let msg = format!("{requirement}, found {}", crate::load::kind_of(found));
        self.spec.error(loc, msg)
    }

    /// Reports a value of the wrong JSON kind (see [`Lowerer::kind_error`]).
    fn push_kind_error(&mut self, loc: &Loc, requirement: &str, found: &Value) {
        let error = self.kind_error(loc, requirement, found);
        self.diags.push(error);
    }

    /// Reports the given keys of an object that are present but not objects.
    fn check_object(&mut self, loc: &Loc, value: &Value, keys: &[&str]) {
        for key in keys {
            if let Some(v) = value.get(key) {
                if !v.is_object() {
                    self.push_kind_error(&loc.child(key), &format!("`{key}` must be an object"), v);
                }
            }
        }
    }

    /// The first server's URL with its variables at their defaults, if it is
    /// absolute, from the `servers` of `root` (the document, a path item or an operation).
    pub(super) fn default_base_url(&self, root: &Value) -> Option<String> {
        let server = root.get("servers")?.as_array()?.first()?;
        let mut url = str_field(server, "url")?.to_string();
        if let Some(Value::Object(vars)) = server.get("variables") {
            for (name, var) in vars {
                if let Some(default) = str_field(var, "default") {
                    url = url.replace(&format!("{{{name}}}"), default);
                }
            }
        }
        if url.starts_with("http://") || url.starts_with("https://") {
            Some(url.trim_end_matches('/').to_string())
        } else {
            None
        }
    }
}
