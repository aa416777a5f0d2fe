//! The intermediate representation: what lowering decided, for emitting to print.
//!
//! Every name here is final (Rust name beside wire name), every type is
//! resolved to a [`Ty`], and named types live in one arena indexed by
//! [`TypeId`], as in typify's `TypeSpace`. Ids are assigned before a schema
//! is lowered, so forward and recursive references work. Emitting reads this
//! and never looks at the spec again.

use serde_json::Value;

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

/// An HTTP method an operation can use (the keys of a path item).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum HttpMethod {
    /// `get`
    Get,
    /// `put`
    Put,
    /// `post`
    Post,
    /// `delete`
    Delete,
    /// `options`
    Options,
    /// `head`
    Head,
    /// `patch`
    Patch,
    /// `trace`
    Trace,
}

impl HttpMethod {
    /// Every method, in the order a path item lists them in the OpenAPI specification.
    pub const ALL: [HttpMethod; 8] = [
        HttpMethod::Get,
        HttpMethod::Put,
        HttpMethod::Post,
        HttpMethod::Delete,
        HttpMethod::Options,
        HttpMethod::Head,
        HttpMethod::Patch,
        HttpMethod::Trace,
    ];

    /// The path item key (`get`).
    pub fn key(self) -> &'static str {
        match self {
            HttpMethod::Get => "get",
            HttpMethod::Put => "put",
            HttpMethod::Post => "post",
            HttpMethod::Delete => "delete",
            HttpMethod::Options => "options",
            HttpMethod::Head => "head",
            HttpMethod::Patch => "patch",
            HttpMethod::Trace => "trace",
        }
    }

    /// The method as sent on the wire and named by `reqwest::Method` (`GET`).
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Put => "PUT",
            HttpMethod::Post => "POST",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Options => "OPTIONS",
            HttpMethod::Head => "HEAD",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Trace => "TRACE",
        }
    }
}

impl std::fmt::Display for HttpMethod {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamIn {
    /// A path segment.
    Path,
    /// The query string.
    Query,
    /// A request header.
    Header,
    /// The `Cookie` header.
    Cookie,
}

/// How a parameter value is written (OpenAPI `style` + `explode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamStyle {
    /// `form` (query default) and `simple` (path/header default).
    Form,
    /// `spaceDelimited` arrays.
    SpaceDelimited,
    /// `pipeDelimited` arrays.
    PipeDelimited,
    /// `deepObject`: `name[key]=value`.
    DeepObject,
}

/// An operation parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// Name on the wire.
    pub wire: String,
    /// snake_case Rust name, unique in the operation.
    pub name: Ident,
    /// Location.
    pub location: ParamIn,
    /// Value type (never `Option`: optionality is `required`).
    pub ty: Ty,
    /// Required parameters are arguments of the client method; others are builder setters.
    pub required: bool,
    /// Serialization style.
    pub style: ParamStyle,
    /// Whether arrays and objects are exploded into several pairs.
    pub explode: bool,
    /// Declared with `content` and a JSON media type: the value is sent as
    /// its JSON text, one value (style and explode do not apply).
    pub json_content: bool,
    /// Docs and source pointer.
    pub docs: Docs,
}

/// A piece of a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathPiece {
    /// Literal text.
    Literal(String),
    /// The value of parameter `params[i]`.
    Param(usize),
}

/// How a request or response body is encoded. The order is the order of
/// preference when a body comes in several media types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum BodyKind {
    /// `application/json` and `+json`.
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `multipart/form-data`: one part per property; `format: binary` ones are files.
    Multipart,
    /// Raw bytes (`application/octet-stream` and any other media type).
    Bytes,
    /// `text/event-stream`: server-sent events.
    EventStream,
    /// `text/*`.
    Text,
    /// No body.
    Empty,
}

/// A request body.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestBody {
    /// Media type sent as `Content-Type`.
    pub media_type: String,
    /// Encoding.
    pub kind: BodyKind,
    /// Rust type of the body as the caller passes it: the schema's type for
    /// JSON, form and multipart bodies, `String` for text, `Vec<u8>` for bytes.
    pub ty: Ty,
    /// Whether the body must be sent.
    pub required: bool,
    /// For `multipart/form-data`: one part per property of the body struct,
    /// or `None` when the body is not a struct (it is then sent as one `body`
    /// part holding its JSON).
    pub parts: Option<Vec<MultipartPart>>,
    /// For `application/x-www-form-urlencoded`: the properties whose
    /// `encoding` sets a style or explode; the others are `form`, exploded.
    pub form_encoding: Vec<FormEncoding>,
    /// The `encoding.contentType` of properties that give one (property
    /// wire name, media type), for the parts of a multipart body.
    pub part_types: Vec<(String, String)>,
}

/// How one property of a form body is written (its `encoding` entry).
#[derive(Debug, Clone, PartialEq)]
pub struct FormEncoding {
    /// The property's wire name.
    pub wire: String,
    /// `style` (`form` by default).
    pub style: ParamStyle,
    /// `explode` (true for `form` by default).
    pub explode: bool,
}

/// One property of a `multipart/form-data` body.
#[derive(Debug, Clone, PartialEq)]
pub struct MultipartPart {
    /// The body struct's field.
    pub field: Ident,
    /// The part's name on the wire.
    pub wire: String,
    /// The field is an `Option`: the part is sent only when it is `Some`.
    pub optional: bool,
    /// The field is an optional nullable `Option<Option<T>>`: the part is
    /// sent only when it is `Some(Some(_))` (multipart has no `null`).
    pub nullable: bool,
    /// What the part carries.
    pub kind: PartKind,
    /// The `Content-Type` of file parts: the `encoding.contentType` the spec
    /// gives, else `application/octet-stream`.
    pub content_type: String,
    /// For file parts: the request builder setter (`<field>_file`) that sets
    /// the part's file name and content type (defaults: the part's name and
    /// [`MultipartPart::content_type`]), unique among the builder's setters.
    pub file_setter: Option<Ident>,
}

/// How a multipart property becomes parts (RFC 7578).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartKind {
    /// `format: binary` (through aliases too): one file part of raw bytes.
    File,
    /// An array of `format: binary`: one file part per item.
    Files,
    /// Any other array: one text part per item.
    TextList,
    /// Anything else: one text part (strings as they are, other values as JSON).
    Text,
}

/// Which statuses a response covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum StatusMatch {
    /// One status code.
    Code(u16),
    /// `2XX` etc.: the hundreds digit.
    Range(u16),
    /// `default`.
    Default,
}

/// The return type of an operation and how each success status decodes.
#[derive(Debug, Clone, PartialEq)]
pub struct Success {
    /// The type `send` returns.
    pub ty: Ty,
    /// One arm per success status.
    pub arms: Vec<SuccessArm>,
}

/// How one success status is turned into the return value.
#[derive(Debug, Clone, PartialEq)]
pub struct SuccessArm {
    /// Which statuses: a code or a range (a `default` response that stands
    /// for success is lowered to `2XX`).
    pub status: StatusMatch,
    /// What to do with the body.
    pub decode: Decode,
}

/// What to do with a success body.
#[derive(Debug, Clone, PartialEq)]
pub enum Decode {
    /// Decode JSON as the return type.
    Json,
    /// Decode JSON, wrapped in `Some` (other statuses have no body).
    JsonSome,
    /// No body: `None`.
    NoneValue,
    /// No body: `()`.
    Unit,
    /// The body as text.
    Text,
    /// The body as bytes.
    Bytes,
    /// A stream of server-sent events; `json` decodes each event's data as
    /// the schema, otherwise the data stays text.
    EventStream {
        /// Decode data as JSON.
        json: bool,
    },
    /// A variant of the operation's status enum.
    Variant {
        /// The variant's Rust name.
        name: String,
        /// How its body is read: `Json` decodes it as the payload, `Text`
        /// and `Bytes` keep it as a `String` or `Vec<u8>`, `Empty` has none.
        kind: BodyKind,
    },
}

/// One status of a status enum (several success bodies, or the error bodies).
#[derive(Debug, Clone, PartialEq)]
pub struct StatusVariant {
    /// PascalCase name (`NotFound`).
    pub name: String,
    /// Which statuses.
    pub status: StatusMatch,
    /// How the body is encoded.
    pub kind: BodyKind,
    /// The variant's payload: the decoded type of a JSON body, `String` for
    /// text, `Vec<u8>` for other bodies, `None` without a body.
    pub payload: Option<Ty>,
}

/// A documented response.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// Which statuses.
    pub status: StatusMatch,
    /// Encoding of the body.
    pub kind: BodyKind,
    /// The media type the body comes as, for `Accept` (`None` without a body).
    pub media_type: Option<String>,
    /// Decoded type, for JSON bodies.
    pub ty: Option<Ty>,
    /// The response `description`.
    pub description: Option<String>,
}

/// A client method.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// snake_case method name on `Client`.
    pub method_name: Ident,
    /// PascalCase name of the request builder type.
    pub builder_name: String,
    /// The spec's operationId, or the one synthesized from method and path.
    pub operation_id: String,
    /// HTTP method, upper case.
    pub http_method: HttpMethod,
    /// Path template as written in the spec.
    pub path: String,
    /// The template split into literals and parameters.
    pub path_pieces: Vec<PathPiece>,
    /// Parameters: path ones first in template order, then the rest in spec order.
    pub params: Vec<Param>,
    /// The request body, if the operation takes one.
    pub body: Option<RequestBody>,
    /// Documented responses, in status order.
    pub responses: Vec<Response>,
    /// The `Accept` header: the media types the documented responses come in.
    pub accept: Option<String>,
    /// What a successful call returns.
    pub success: Success,
    /// The per-status enum of documented error bodies, if there are any.
    pub error_type: Option<TypeId>,
    /// Security requirement alternatives, each a set of indices into
    /// [`Api::security_schemes`]: the request carries the credentials of the
    /// first alternative whose credentials are all configured.
    pub security: Vec<Vec<usize>>,
    /// Summary, description and source pointer.
    pub docs: Docs,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// Whether the request may be sent again after a retryable failure.
    pub replay: Replay,
    /// The operation's own server (`servers` on the operation or its path
    /// item), variables filled in with their defaults: its default base URL.
    pub server: Option<String>,
    /// The response headers the success responses document, typed.
    pub response_headers: Vec<ResponseHeader>,
    /// The struct holding [`Operation::response_headers`] (`<OperationId>Headers`),
    /// when there are any.
    pub headers_name: Option<String>,
    /// How to follow the pages of a cursor-paginated listing.
    pub pagination: Option<Pagination>,
}

/// Whether a request is replayed after a retryable failure by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Replay {
    /// An idempotent method (GET, HEAD, PUT, DELETE, OPTIONS, TRACE).
    Safe,
    /// POST or PATCH with an idempotency-key header parameter (`params[i]`):
    /// replayed when the key is sent.
    WithKey(usize),
    /// POST or PATCH without one: only when the caller says so.
    Unsafe,
}

/// A documented response header.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseHeader {
    /// The header's name on the wire.
    pub wire: String,
    /// snake_case field name.
    pub name: Ident,
    /// Its type (never `Option`: every header may be absent).
    pub ty: Ty,
    /// The header's description and source pointer.
    pub docs: Docs,
}

/// One step from a page to a value inside it: a struct field.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldStep {
    /// The field.
    pub field: Ident,
    /// The field's type is an `Option`.
    pub optional: bool,
    /// The field is optional and nullable, `Option<Option<T>>` (absent,
    /// `null` and a value are three states); `optional` is then true too.
    pub nullable: bool,
}

/// Where the request carries the cursor.
#[derive(Debug, Clone, PartialEq)]
pub enum CursorIn {
    /// An optional string query parameter, `params[i]`.
    Query(usize),
    /// A string property of the required JSON body.
    Body(FieldStep),
}

/// How a cursor-paginated operation's pages are followed.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    /// The items field of the page (a `Vec`, or an optional one).
    pub items: FieldStep,
    /// The item type.
    pub item_ty: Ty,
    /// The path from the page to the next cursor (a string).
    pub cursor: Vec<FieldStep>,
    /// The path from the page to the `hasMore`-style flag, if there is one.
    pub has_more: Option<Vec<FieldStep>>,
    /// Where the next request takes the cursor.
    pub cursor_in: CursorIn,
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
