//! The operation half of the IR: HTTP methods, parameters, bodies,
//! responses, pagination and the [`Operation`] that holds them, as lowering
//! decided them for the client emitter to print.

use super::*;

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
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
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
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
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
    /// PascalCase name of the request builder: an alias of the runtime's
    /// `Request<…>` of [`input_name`](Self::input_name).
    pub builder_name: String,
    /// PascalCase name of the struct holding the operation's parameters and
    /// body (`<Operation>Input`, aws-sdk-rust's word for it).
    pub input_name: String,
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
