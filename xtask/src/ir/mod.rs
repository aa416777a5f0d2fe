//! The intermediate representation: what lowering decided, for emitting to print.
//!
//! Every name here is final (Rust name beside wire name), every type is
//! resolved to a [`Ty`], and named types live in one arena indexed by
//! [`TypeId`], as in typify's `TypeSpace`. Ids are assigned before a schema
//! is lowered, so forward and recursive references work. Emitting reads this
//! and never looks at the spec again.

use serde_json::Value;

mod operation;
pub use operation::*;

/// Index of a named type in [`Api::types`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId(pub usize);

/// A snake_case Rust identifier lowering chose (a field, parameter, method or
/// credential setter). Keywords must be spelled raw in code (`r#type`), while
/// serde renames, docs and links want the bare text (`type`); keeping both
/// forms here means no stage derives one from the other by trimming strings.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ident(String);

impl Ident {
    /// The identifier from its code form, as [`crate::names::snake`] and
    /// [`crate::names::Scope::claim`] return it (`r#type` or `id`).
    pub fn new(code: impl Into<String>) -> Ident {
        Ident(code.into())
    }

    /// How code spells it: `r#type`, `id`.
    pub fn code(&self) -> &str {
        &self.0
    }

    /// The text without the raw prefix: `type`, `id`.
    pub fn bare(&self) -> &str {
        self.0.strip_prefix("r#").unwrap_or(&self.0)
    }
}

impl From<String> for Ident {
    fn from(code: String) -> Ident {
        Ident(code)
    }
}

impl AsRef<str> for Ident {
    /// The code form, so an `Ident` can be printed wherever code names it.
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// A fixed-width integer type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IntTy {
    /// `i8`
    I8,
    /// `i16`
    I16,
    /// `i32`
    I32,
    /// `i64`
    I64,
    /// `u8`
    U8,
    /// `u16`
    U16,
    /// `u32`
    U32,
    /// `u64`
    U64,
}

/// The Rust type of a value.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Ty {
    /// `bool`
    Bool,
    /// An integer; see [`IntTy`].
    Int(IntTy),
    /// `f32`
    F32,
    /// `f64`
    F64,
    /// `String`
    String,
    /// `uuid::Uuid` (`format: uuid`)
    Uuid,
    /// `chrono::DateTime<chrono::Utc>` (`format: date-time`, RFC 3339)
    DateTime,
    /// `chrono::NaiveDate` (`format: date`, `YYYY-MM-DD`)
    Date,
    /// The generated `Base64` newtype (`format: byte`): bytes, base64 on the wire.
    Base64,
    /// `Vec<u8>` (`format: binary`): raw bytes, for files in multipart bodies.
    Binary,
    /// `serde_json::Value`: any JSON value (`{}`).
    Value,
    /// `Vec<T>`
    Vec(Box<Ty>),
    /// `BTreeMap<String, T>`
    Map(Box<Ty>),
    /// `Option<T>`: a nullable value.
    Option(Box<Ty>),
    /// `Box<T>`, where a recursive type would otherwise contain itself.
    Boxed(Box<Ty>),
    /// A generated type.
    Named(TypeId),
    /// `()`: no body.
    Unit,
    /// `bytes::Bytes`: a binary response body, kept without a copy.
    Bytes,
    /// `reqwest::Body`: a binary request body, taken as anything that
    /// converts into one (bytes, a `String`, a stream) without a copy.
    Body,
    /// `sse::EventStream<T>`: a `text/event-stream` response, each event's
    /// data decoded as `T` (`String` when the spec gives no schema).
    EventStream(Box<Ty>),
}

impl Ty {
    /// Pushes every named type this type mentions (through `Option`, `Vec`,
    /// maps and `Box`) onto `out`, once per mention.
    pub fn collect_named(&self, out: &mut Vec<TypeId>) {
        match self {
            Ty::Named(id) => out.push(*id),
            Ty::Vec(t) | Ty::Map(t) | Ty::Option(t) | Ty::Boxed(t) => t.collect_named(out),
            _ => {}
        }
    }

    /// `Option<self>`, without doubling an `Option` and without wrapping
    /// `Value` (which already has `null`).
    pub fn nullable(self) -> Ty {
        match self {
            Ty::Option(_) | Ty::Value => self,
            other => Ty::Option(Box::new(other)),
        }
    }

    /// The type of a property that may be absent: `Option<self>`. A
    /// nullable type becomes `Option<Option<T>>`, so absent (`None`),
    /// `null` (`Some(None)`) and a value stay three states; `Value`, which
    /// has its own `null`, stays as it is.
    pub fn optional(self) -> Ty {
        match self {
            Ty::Value => self,
            other => Ty::Option(Box::new(other)),
        }
    }

    /// Whether this is `Option<Option<T>>`: an optional nullable property.
    pub fn is_double_option(&self) -> bool {
        matches!(self, Ty::Option(inner) if matches!(**inner, Ty::Option(_)))
    }
}

/// Where a generated item comes from, for its doc comment.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Docs {
    /// Title, summary and description from the spec, joined by blank lines.
    pub text: Option<String>,
    /// `file#/json/pointer` of the schema or operation.
    pub source: String,
    /// `deprecated: true`: the note for `#[deprecated]` (the spec's
    /// `x-deprecated-message`, else a plain one).
    pub deprecated: Option<String>,
}

/// A generated type (struct, enum or alias).
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// Rust name, unique in the `types` module.
    pub name: String,
    /// Docs and source pointer.
    pub docs: Docs,
    /// What the type is.
    pub kind: TypeKind,
}

impl TypeDef {
    /// The named types its fields, variants, payloads or target mention
    /// (through `Option`, `Vec`, maps and `Box`), once per mention.
    pub fn children(&self) -> Vec<TypeId> {
        let mut out = Vec::new();
        let mut add = |t: &Ty| t.collect_named(&mut out);
        match &self.kind {
            TypeKind::Struct {
                fields,
                flattened,
                additional,
            } => {
                fields.iter().for_each(|f| add(&f.ty));
                flattened.iter().for_each(|f| add(&f.ty));
                additional.iter().for_each(add);
            }
            TypeKind::Alias(t) | TypeKind::Newtype(t) => add(t),
            TypeKind::Tuple { items, rest } => items.iter().chain(rest).for_each(add),
            TypeKind::Union { variants, .. } => variants.iter().for_each(|v| add(&v.ty)),
            TypeKind::StatusEnum { variants, .. } => {
                variants.iter().flat_map(|v| &v.payload).for_each(add)
            }
            TypeKind::StringEnum { .. }
            | TypeKind::IntEnum { .. }
            | TypeKind::NumberEnum { .. }
            | TypeKind::Const { .. } => {}
        }
        out
    }
}

/// The shape of a generated type.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// An object with known properties.
    Struct {
        /// The properties, in spec order.
        fields: Vec<Field>,
        /// The `oneOf`/`anyOf` alternatives beside the properties, each a
        /// union whose variants carry their own properties
        /// (`#[serde(flatten)]`, after the fields).
        flattened: Vec<FlattenedField>,
        /// Type of the values kept for unknown keys (`additionalProperties`),
        /// collected in a flattened map so they round-trip.
        additional: Option<Ty>,
    },
    /// A string enum with a catch-all variant for values the spec does not list.
    StringEnum {
        /// The listed values.
        variants: Vec<Variant>,
        /// Rust name of the catch-all variant that keeps unknown strings.
        unknown: String,
    },
    /// `pub type Name = Ty;` for component schemas that are not objects or enums.
    Alias(Ty),
    /// `pub struct Name(pub Ty);`, `#[serde(transparent)]`: an alias that
    /// lies on a cycle of aliases (`Tree = BTreeMap<String, Tree>`), which
    /// Rust cannot expand, so one alias per cycle becomes a real type.
    Newtype(Ty),
    /// `prefixItems`: a JSON array whose items have types by position,
    /// `pub struct Name(pub A, pub B);`. Decoding requires every prefix item
    /// and no more, unless `rest` keeps the items after them.
    Tuple {
        /// The types of the items, by position.
        items: Vec<Ty>,
        /// The type of each item after the prefix (`items: <schema>`, or
        /// `Value` when `items` is absent), collected in a last `Vec` field;
        /// `None` for `items: false` (exactly `items.len()` items).
        rest: Option<Ty>,
    },
    /// A `const` or single-value enum, of any JSON type: accepts exactly
    /// that value and always writes it.
    Const {
        /// The value on the wire.
        value: Value,
        /// The Rust name of the only variant.
        variant: String,
    },
    /// An enum of numbers (not all integers) with a catch-all variant: a
    /// number the spec does not list is kept as received.
    NumberEnum {
        /// The listed values, each with its variant name.
        variants: Vec<(String, f64)>,
        /// Rust name of the catch-all variant.
        unknown: String,
    },
    /// An integer enum with a catch-all variant.
    IntEnum {
        /// The listed values (each fits `repr`).
        variants: Vec<(String, i128)>,
        /// The integer type that holds every value: `i64`, or `u64` when a
        /// value is beyond `i64` (all are then non-negative).
        repr: IntTy,
        /// Rust name of the catch-all variant.
        unknown: String,
    },
    /// An operation's responses by status: the success values when they differ
    /// per status, or the documented error bodies.
    StatusEnum {
        /// One variant per documented status.
        variants: Vec<StatusVariant>,
        /// True for the error enum (it gets `from_error`).
        errors: bool,
    },
    /// `oneOf`/`anyOf` with several schemas.
    Union {
        /// The member schemas, one variant each.
        variants: Vec<UnionVariant>,
        /// With a `discriminator`: the tag property (an internally tagged enum
        /// whose variants' structs do not repeat it). Without: untagged.
        tag: Option<String>,
        /// Rust name of the catch-all variant that keeps an unknown tag's whole
        /// object (tagged unions only).
        unknown: String,
    },
}

/// One member of a union.
#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    /// PascalCase variant name.
    pub name: String,
    /// The member's type.
    pub ty: Ty,
    /// The discriminator value selecting this variant (tagged unions).
    pub tag_value: Option<String>,
    /// A member that is itself a union (tagged unions only): it reads and
    /// writes the tag itself, so it gets the whole object, and these further
    /// tag values (its members' beyond `tag_value`) select it too.
    pub nested_tags: Option<Vec<String>>,
    /// Docs of the member schema.
    pub docs: Docs,
}

/// One value of a string enum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    /// PascalCase Rust name.
    pub name: String,
    /// The value on the wire.
    pub wire: String,
}

/// How a missing field is filled in when decoding.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldDefault {
    /// No default: required fields must be present; optional ones become `None`.
    None,
    /// `default: []` or `default: {}`: the type's `Default`.
    Empty,
    /// Any other `default:`: a function returns this Rust expression's value.
    Value {
        /// The spec's default value, for the docs.
        json: Value,
        /// A literal the emitter prints; lowering checked it fits the type.
        literal: Literal,
    },
    /// A `default:` of an optional property in a type callers send: the
    /// field is an `Option`, sent only when set (a partial update must not
    /// reset what the caller left alone), and `<field>_or_default()` gives
    /// the spec's value when it is `None`.
    Unsent {
        /// The spec's default value, for the docs.
        json: Value,
        /// The default as a value of the field's type inside the `Option`;
        /// `None` for `[]`/`{}`, the type's `Default`.
        literal: Option<Literal>,
    },
}

/// A constant value, already matched to the field's type.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    /// `true` / `false`
    Bool(bool),
    /// An integer of the field's integer type.
    Int(i128),
    /// A float.
    Float(f64),
    /// An owned `String`.
    Str(String),
    /// A variant of a generated string enum.
    Variant {
        /// The enum.
        ty: TypeId,
        /// The variant's Rust name.
        variant: String,
    },
    /// A variant of a generated untagged union: `Union::Variant(inner)`.
    Union {
        /// The union.
        ty: TypeId,
        /// The variant's Rust name.
        variant: String,
        /// The payload.
        inner: Box<Literal>,
    },
    /// `Some(inner)`.
    Some(Box<Literal>),
    /// `vec![…]`.
    Vec(Vec<Literal>),
    /// A map or list decoded from this JSON text at run time (empty if it does not fit).
    Decode(String),
    /// A struct decoded from this JSON text at run time. Lowering checked
    /// that it decodes (every required field given, every value fitting its
    /// field), since a struct with required fields has no `Default` to fall
    /// back on.
    DecodeChecked(String),
    /// `serde_json::json!(…)` for `Value` fields.
    Json(Value),
}

/// A struct field.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// snake_case Rust name (may be a raw identifier).
    pub name: Ident,
    /// Property name on the wire.
    pub wire: String,
    /// The field's full Rust type, `Option` included where the field may be absent or null.
    pub ty: Ty,
    /// Listed in the schema's `required`.
    pub required: bool,
    /// What to use when the property is absent.
    pub default: FieldDefault,
    /// Docs and source pointer of the property schema.
    pub docs: Docs,
    /// `deprecated: true` in the spec.
    pub deprecated: bool,
}

/// A struct field that holds a union of alternatives whose properties sit
/// beside the struct's own: it has no wire name, serde flattens it.
#[derive(Debug, Clone, PartialEq)]
pub struct FlattenedField {
    /// snake_case Rust name (`variant`), unique among the struct's fields.
    pub name: Ident,
    /// The union's type.
    pub ty: Ty,
    /// Docs and the pointer of the `oneOf`/`anyOf`.
    pub docs: Docs,
}

/// How a credential is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemeKind {
    /// `Authorization: Bearer <token>` (http bearer, oauth2, openIdConnect).
    Bearer,
    /// `Authorization: Basic …` (http basic).
    Basic,
    /// An API key in the named header.
    Header(String),
    /// An API key in the named query parameter.
    Query(String),
    /// An API key in the named cookie.
    Cookie(String),
}

/// A security scheme, as a credential setter on the client builder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecurityScheme {
    /// Name in `components/securitySchemes`.
    pub wire: String,
    /// snake_case setter and field name.
    pub name: Ident,
    /// How the credential is sent.
    pub kind: SchemeKind,
    /// Docs and source pointer.
    pub docs: Docs,
}

/// Everything the emitter needs.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// `info.description`.
    pub description: Option<String>,
    /// The spec file as named in docs (`artu.yaml`).
    pub source: String,
    /// The first server's URL with variables filled in, if absolute.
    pub default_base_url: Option<String>,
    /// The type arena.
    pub types: Vec<TypeDef>,
    /// Operations, sorted by method name.
    pub operations: Vec<Operation>,
    /// Security schemes, in spec order.
    pub security_schemes: Vec<SecurityScheme>,
    /// Some type is `format: byte`, so `types` defines the `Base64` newtype.
    pub uses_base64: bool,
    /// For each type in [`Api::types`], where it comes from in a form that
    /// survives unrelated edits (see `lower::NameLock`); `None` for types
    /// derived from others (status enums, tag-less copies).
    pub lock_keys: Vec<Option<String>>,
    /// The crate's `#![recursion_limit]`, when its types nest too deeply
    /// for rustc's default (see `lower::depth`).
    pub recursion_limit: Option<usize>,
}
