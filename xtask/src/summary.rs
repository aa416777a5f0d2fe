//! The API summary: a small, machine-readable digest of the IR that is
//! written beside the generated crate as `api.json`.
//!
//! It sits after [`crate::lower`] in the pipeline: [`Summary::from_api`] reads
//! an [`ir::Api`] and keeps what callers see (operations with their
//! arguments and return types, named types with their fields and variants),
//! the direction each type travels in, and each type's source pointer. The
//! next run reads the previous summary back ([`read`]) so
//! [`crate::report`] can say what changed for callers; the source pointers
//! let a later change keep a schema's Rust name stable across regenerations.
//! Every map is a `BTreeMap`, so the JSON is sorted and byte-for-byte
//! deterministic.

use crate::ir::{self, Api, Ty, TypeId, TypeKind};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// Name of the summary file in the output directory.
pub const FILE: &str = "api.json";

/// Version of the summary's layout; a summary with another version is not compared.
pub const FORMAT: u32 = 1;

/// The whole summary, as stored in `api.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    /// The marker that makes the file generator-owned (see [`crate::write`]).
    #[serde(rename = "@generated")]
    pub generated: String,
    /// [`FORMAT`] when written.
    pub format: u32,
    /// The root spec file as sources name it (`artu.yaml`), so the name lock
    /// still matches after the file is renamed.
    pub spec: String,
    /// Client methods by Rust name.
    pub operations: BTreeMap<String, OperationSummary>,
    /// Named types by Rust name.
    pub types: BTreeMap<String, TypeSummary>,
}

/// One client method.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OperationSummary {
    /// `GET /pets/{petId}`.
    pub http: String,
    /// The spec's operationId (or the synthesized one).
    pub operation_id: String,
    /// `file#/json/pointer` of the operation.
    pub source: String,
    /// The method's arguments in call order: required parameters, then a required body.
    pub arguments: Vec<Argument>,
    /// Optional parameters (builder setters) and an optional body, by Rust name → type.
    pub options: BTreeMap<String, String>,
    /// The type a successful call returns.
    pub success: String,
    /// The enum of documented error bodies, if any.
    pub error: Option<String>,
}

/// A positional argument of a client method.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Argument {
    /// Rust name.
    pub name: String,
    /// Rust type.
    pub r#type: String,
}

/// Which way values of a type travel, seen from the caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Only sent: parameters and request bodies (callers construct it).
    Request,
    /// Only received: success and error bodies (callers read and match it).
    Response,
    /// Both sent and received.
    Both,
    /// Used by no operation (a component schema nothing refers to).
    None,
}

impl Direction {
    /// The direction after also seeing a use in `other`.
    fn join(self, other: Direction) -> Direction {
        match (self, other) {
            (Direction::None, d) | (d, Direction::None) => d,
            (a, b) if a == b => a,
            _ => Direction::Both,
        }
    }

    /// True when callers construct values of the type.
    pub fn sent(self) -> bool {
        matches!(self, Direction::Request | Direction::Both)
    }
}

/// One named type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TypeSummary {
    /// `file#/json/pointer` of the schema the type comes from.
    pub source: String,
    /// The schema location the type's name is locked to in the next
    /// generation: the pointer with array indices replaced by what the
    /// elements are (`#/paths/~1pets/get/parameters/query:sort/schema`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// Which way the type travels.
    pub direction: Direction,
    /// `struct`, `enum`, `int-enum`, `const`, `union`, `status-enum`, `error-enum` or `alias`.
    pub kind: String,
    /// Struct fields by Rust name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, FieldSummary>,
    /// Variants by Rust name → wire value (enums, const) or payload type (unions, status enums).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub variants: BTreeMap<String, String>,
    /// The catch-all variant for values the spec does not list, if the type has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unknown: Option<String>,
    /// The aliased type, or the type of a struct's extra keys.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
}

/// One struct field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldSummary {
    /// The full Rust type, `Option` included.
    pub r#type: String,
    /// Listed in the schema's `required`.
    pub required: bool,
}

impl Summary {
    /// The type names this summary records, as a lock for the next
    /// generation: each schema location keeps its name.
    pub fn name_lock(&self) -> crate::lower::NameLock {
        crate::lower::NameLock::new(
            self.types
                .iter()
                .filter_map(|(name, t)| Some((t.key.as_deref()?, name.as_str()))),
        )
    }

    /// The summary of `api`.
    pub fn from_api(api: &Api) -> Summary {
        let directions = directions(api);
        let types = api
            .types
            .iter()
            .zip(directions)
            .enumerate()
            .map(|(i, (t, d))| {
                let mut summary = type_summary(api, t, d);
                summary.key = api.lock_keys.get(i).cloned().flatten();
                (t.name.clone(), summary)
            })
            .collect();
        let operations = api
            .operations
            .iter()
            .map(|op| {
                (
                    op.method_name.bare().to_string(),
                    operation_summary(api, op),
                )
            })
            .collect();
        Summary {
            generated: format!("by cargo xtask codegen from {}; do not edit", api.source),
            format: FORMAT,
            spec: api.source.clone(),
            operations,
            types,
        }
    }

    /// The file's text: pretty JSON with a final newline.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self)
            .unwrap_or_else(|e| unreachable!("a summary is plain data: {e}"));
        text.push('\n');
        text
    }
}

/// What the output directory held before this run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Previous {
    /// A summary to compare with.
    Summary(Summary),
    /// Nothing was generated there before (no `Cargo.toml`): nothing to compare.
    Fresh,
    /// A generated crate without `api.json` (from before summaries existed).
    Missing,
    /// An `api.json` that cannot be compared (edited, or another format version).
    Unreadable(String),
}

/// Reads `dir/api.json`.
pub fn read(dir: &Path) -> Previous {
    let text = match std::fs::read_to_string(dir.join(FILE)) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return match dir.join("Cargo.toml").exists() {
                true => Previous::Missing,
                false => Previous::Fresh,
            };
        }
        Err(e) => return Previous::Unreadable(e.to_string()),
    };
    match serde_json::from_str::<Summary>(&text) {
        Ok(s) if s.format == FORMAT => Previous::Summary(s),
        Ok(s) => Previous::Unreadable(format!("format {} (expected {FORMAT})", s.format)),
        Err(e) => Previous::Unreadable(e.to_string()),
    }
}

/// A Rust type as callers write it, without crate paths (`Option<Vec<Pet>>`).
pub fn ty_text(api: &Api, ty: &Ty) -> String {
    match ty {
        Ty::Bool => "bool".into(),
        Ty::Int(i) => format!("{i:?}").to_lowercase(),
        Ty::F32 => "f32".into(),
        Ty::F64 => "f64".into(),
        Ty::String => "String".into(),
        Ty::Uuid => "Uuid".into(),
        Ty::DateTime => "DateTime<Utc>".into(),
        Ty::Date => "NaiveDate".into(),
        Ty::Base64 => "Base64".into(),
        Ty::Binary => "Vec<u8>".into(),
        Ty::Value => "Value".into(),
        Ty::Vec(t) => format!("Vec<{}>", ty_text(api, t)),
        Ty::Map(t) => format!("BTreeMap<String, {}>", ty_text(api, t)),
        Ty::Option(t) => format!("Option<{}>", ty_text(api, t)),
        Ty::Boxed(t) => format!("Box<{}>", ty_text(api, t)),
        Ty::Named(id) => type_name(api, *id),
        Ty::Unit => "()".into(),
        Ty::Bytes => "Bytes".into(),
        Ty::Body => "Body".into(),
        Ty::EventStream(inner) => format!("EventStream<{}>", ty_text(api, inner)),
    }
}

fn type_name(api: &Api, id: TypeId) -> String {
    api.types
        .get(id.0)
        .map_or_else(|| format!("#{}", id.0), |t| t.name.clone())
}

/// The body's type as the caller passes it (lowering decided it per encoding).
fn body_text(api: &Api, body: &ir::RequestBody) -> String {
    ty_text(api, &body.ty)
}

fn operation_summary(api: &Api, op: &ir::Operation) -> OperationSummary {
    let mut arguments = Vec::new();
    let mut options = BTreeMap::new();
    for p in &op.params {
        let ty = ty_text(api, &p.ty);
        if p.required {
            arguments.push(Argument {
                name: p.name.bare().to_string(),
                r#type: ty,
            });
        } else {
            options.insert(p.name.bare().to_string(), ty);
        }
    }
    if let Some(body) = &op.body {
        let ty = body_text(api, body);
        if body.required {
            arguments.push(Argument {
                name: "body".into(),
                r#type: ty,
            });
        } else {
            options.insert("body".into(), ty);
        }
    }
    OperationSummary {
        http: format!("{} {}", op.http_method, op.path),
        operation_id: op.operation_id.clone(),
        source: op.docs.source.clone(),
        arguments,
        options,
        success: ty_text(api, &op.success.ty),
        error: op.error_type.map(|id| type_name(api, id)),
    }
}

fn type_summary(api: &Api, t: &ir::TypeDef, direction: Direction) -> TypeSummary {
    let mut s = TypeSummary {
        source: t.docs.source.clone(),
        key: None,
        direction,
        kind: String::new(),
        fields: BTreeMap::new(),
        variants: BTreeMap::new(),
        unknown: None,
        target: None,
    };
    let (kind, unknown) = match &t.kind {
        TypeKind::Struct {
            fields,
            flattened,
            additional,
        } => {
            s.fields = struct_fields(api, fields, flattened);
            s.target = additional.as_ref().map(|a| ty_text(api, a));
            ("struct", None)
        }
        TypeKind::StringEnum { variants, unknown } => {
            s.variants = variants
                .iter()
                .map(|v| (v.name.clone(), v.wire.clone()))
                .collect();
            ("enum", Some(unknown))
        }
        TypeKind::IntEnum {
            variants, unknown, ..
        } => {
            s.variants = variants
                .iter()
                .map(|(n, v)| (n.clone(), v.to_string()))
                .collect();
            ("int-enum", Some(unknown))
        }
        TypeKind::Const { value, variant } => {
            let wire = match value {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            s.variants.insert(variant.clone(), wire);
            ("const", None)
        }
        TypeKind::NumberEnum { variants, unknown } => {
            s.variants = variants
                .iter()
                .map(|(n, v)| (n.clone(), v.to_string()))
                .collect();
            ("number-enum", Some(unknown))
        }
        TypeKind::Alias(ty) => {
            s.target = Some(ty_text(api, ty));
            ("alias", None)
        }
        TypeKind::Newtype(ty) => {
            s.target = Some(ty_text(api, ty));
            ("newtype", None)
        }
        TypeKind::Tuple { items, rest } => {
            let mut parts: Vec<String> = items.iter().map(|t| ty_text(api, t)).collect();
            parts.extend(rest.iter().map(|t| format!("..{}", ty_text(api, t))));
            s.target = Some(format!("({})", parts.join(", ")));
            ("tuple", None)
        }
        TypeKind::Union {
            variants,
            tag,
            unknown,
        } => {
            s.variants = variants
                .iter()
                .map(|v| (v.name.clone(), ty_text(api, &v.ty)))
                .collect();
            ("union", tag.as_ref().map(|_| unknown))
        }
        TypeKind::StatusEnum { variants, errors } => {
            s.variants = variants
                .iter()
                .map(|v| {
                    let ty = v
                        .payload
                        .as_ref()
                        .map_or_else(|| "()".into(), |t| ty_text(api, t));
                    (v.name.clone(), ty)
                })
                .collect();
            (if *errors { "error-enum" } else { "status-enum" }, None)
        }
    };
    s.kind = kind.to_string();
    s.unknown = unknown.cloned();
    s
}

/// A struct's fields by Rust name: its properties, then its flattened unions
/// (fields the caller always fills in).
fn struct_fields(
    api: &Api,
    fields: &[ir::Field],
    flattened: &[ir::FlattenedField],
) -> BTreeMap<String, FieldSummary> {
    let properties = fields.iter().map(|f| (&f.name, &f.ty, f.required));
    let unions = flattened.iter().map(|f| (&f.name, &f.ty, true));
    properties
        .chain(unions)
        .map(|(name, ty, required)| {
            let summary = FieldSummary {
                r#type: ty_text(api, ty),
                required,
            };
            (name.bare().to_string(), summary)
        })
        .collect()
}

/// The direction of every type in `api.types`: seeded from the operations'
/// parameters and bodies (request) and success and error types (response),
/// then spread through fields, variants and aliases.
pub(crate) fn directions(api: &Api) -> Vec<Direction> {
    let mut dirs = vec![Direction::None; api.types.len()];
    let mut work: Vec<(TypeId, Direction)> = Vec::new();
    for op in &api.operations {
        let mut sent = Vec::new();
        op.params.iter().for_each(|p| p.ty.collect_named(&mut sent));
        op.body.iter().for_each(|b| b.ty.collect_named(&mut sent));
        let mut received = Vec::new();
        op.success.ty.collect_named(&mut received);
        op.responses
            .iter()
            .flat_map(|r| &r.ty)
            .for_each(|t| t.collect_named(&mut received));
        received.extend(op.error_type);
        work.extend(sent.into_iter().map(|id| (id, Direction::Request)));
        work.extend(received.into_iter().map(|id| (id, Direction::Response)));
    }
    // Each type changes direction at most twice (None → one → Both), so this ends.
    while let Some((id, d)) = work.pop() {
        let Some(slot) = dirs.get_mut(id.0) else {
            continue;
        };
        let joined = slot.join(d);
        if joined == *slot {
            continue;
        }
        *slot = joined;
        work.extend(api.types[id.0].children().into_iter().map(|c| (c, joined)));
    }
    dirs
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Directions spread from operations through fields; a type sent and
    /// received is `both`; an unused component is `none`.
    #[test]
    fn directions_follow_operations_transitively() {
        let spec = r#"
openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /a:
    post:
      operationId: makeA
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: '#/components/schemas/Wrapper'}}}
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/Shared'}}}
        '404':
          description: missing
          content: {application/json: {schema: {$ref: '#/components/schemas/Problem'}}}
components:
  schemas:
    Wrapper: {type: object, properties: {inner: {$ref: '#/components/schemas/Shared'}}}
    Shared: {type: object, properties: {kind: {$ref: '#/components/schemas/Kind'}}}
    Kind: {type: string, enum: [a, b]}
    Problem: {type: object, properties: {detail: {type: string}}}
    Unused: {type: object, properties: {x: {type: string}}}
"#;
        let (api, _) = crate::lower_text(spec, "t.yaml").unwrap();
        let s = Summary::from_api(&api);
        let dir = |n: &str| s.types[n].direction;
        assert_eq!(dir("Wrapper"), Direction::Request);
        assert_eq!(dir("Shared"), Direction::Both);
        assert_eq!(dir("Kind"), Direction::Both);
        assert_eq!(dir("Problem"), Direction::Response);
        assert_eq!(dir("MakeAError"), Direction::Response);
        assert_eq!(dir("Unused"), Direction::None);
        assert_eq!(s.types["Kind"].source, "t.yaml#/components/schemas/Kind");
        assert_eq!(s.operations["make_a"].error.as_deref(), Some("MakeAError"));
        assert_eq!(s.to_json(), Summary::from_api(&api).to_json());
    }
}
