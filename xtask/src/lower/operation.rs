//! Operations: every path item method becomes an [`Operation`] with its
//! parameters, path template and request body; responses are in `response`.

use super::json::{doc_text, str_field};
use super::naming::Hint;
use super::Lowerer;
use crate::ir::*;
use crate::names::{pascal, snake, Scope};
use crate::resolve::Loc;
use serde_json::Value;
use std::collections::{BTreeSet, HashMap};

/// Names the client module defines itself.
pub(super) const RESERVED_CLIENT_NAMES: &[&str] = &["Client", "ClientBuilder"];

/// Names a request builder defines itself (the runtime `Request`'s methods,
/// and the builder fields of earlier versions, kept so names stay stable),
/// so no parameter setter takes them.
const RESERVED_SETTERS: &[&str] = &[
    "client",
    "send",
    "body",
    "options",
    "timeout",
    "max_retries",
    "retry_policy",
    "idempotent",
    "send_with_response",
    "paginate",
    "bytes_stream",
    // Trait methods every builder has, which a setter would hide.
    "clone",
    "clone_from",
    "into_future",
    "fmt",
    "to_owned",
    "into",
    "try_into",
    "type_id",
    "borrow",
    "borrow_mut",
];

/// Method names `Client` defines itself.
pub(super) const RESERVED_METHODS: &[&str] = &[
    "builder",
    "new",
    "base_url",
    "http_client",
    "timeout",
    "retry_policy",
    "clone",
    "clone_from",
    "fmt",
    // Blanket trait methods, which an operation would hide.
    "to_owned",
    "into",
    "try_into",
    "type_id",
    "borrow",
    "borrow_mut",
];

impl<'a> Lowerer<'a> {
    /// Every operation under `paths`, named uniquely, sorted by method name.
    pub(super) fn lower_operations(
        &mut self,
        root: &Loc,
        schemes: &[SecurityScheme],
    ) -> Vec<Operation> {
        let paths_loc = root.child("paths");
        let paths = match self.value(&paths_loc) {
            Some(Value::Object(p)) => p,
            _ => return Vec::new(),
        };
        let root_security = self.value(&root.child("security"));
        let mut method_scope = Scope::with_reserved(RESERVED_METHODS);
        let mut builder_scope = Scope::with_reserved(RESERVED_CLIENT_NAMES);
        let mut seen_ids: HashMap<String, Loc> = HashMap::new();
        let mut ops = Vec::new();
        for (path, _) in paths {
            let item_loc = paths_loc.child(path);
            let Some(item_loc) = self.spec.follow(&item_loc) else {
                continue;
            };
            let Some(item) = self.value(&item_loc) else {
                continue;
            };
            if !item.is_object() {
                self.push_kind_error(&item_loc, "a path item must be an object", item);
                continue;
            }
            for method in HttpMethod::ALL {
                let Some(op) = item.get(method.key()) else {
                    continue;
                };
                let op_loc = item_loc.child(method.key());
                if !op.is_object() {
                    self.push_kind_error(&op_loc, "an operation must be an object", op);
                    continue;
                }
                if let Some(other) = op.get("operationId").filter(|id| !id.is_string()) {
                    self.push_kind_error(
                        &op_loc.child("operationId"),
                        "`operationId` must be a string",
                        other,
                    );
                }
                let operation_id = match str_field(op, "operationId") {
                    Some(id) => {
                        if let Some(first) = seen_ids.get(id) {
                            let msg = format!(
                                "duplicate operationId `{id}`, first used at #{}",
                                first.pointer
                            );
                            self.diags.push(
                                self.spec
                                    .error(&op_loc.child("operationId"), msg)
                                    .with_help("operationIds must be unique"),
                            );
                        } else {
                            seen_ids.insert(id.to_string(), op_loc.clone());
                        }
                        id.to_string()
                    }
                    None => format!("{} {path}", method.key()),
                };
                let method_name = method_scope.claim(&snake(&operation_id, "operation"));
                // `…Builder`, so the builder never reads like the body type
                // of the same name (`client::SendMessageBuilder` sends a
                // `types::SendMessage`).
                let builder_name =
                    builder_scope.claim(&format!("{}Builder", pascal(&operation_id, "Operation")));
                let input_name =
                    builder_scope.claim(&format!("{}Input", pascal(&operation_id, "Operation")));
                let security = self.op_security(&op_loc, op, root_security, schemes);
                let ctx = OpCtx {
                    loc: op_loc.clone(),
                    item_loc: item_loc.clone(),
                    type_base: pascal(&operation_id, "Operation"),
                    operation_id: operation_id.clone(),
                };
                if let Some(lowered) = self.lower_operation(
                    &ctx,
                    path,
                    method,
                    op,
                    item,
                    method_name,
                    (builder_name, input_name),
                    operation_id,
                    security,
                ) {
                    let mut lowered = lowered;
                    if !lowered.response_headers.is_empty() {
                        let name = format!("{}Headers", pascal(&lowered.operation_id, "Operation"));
                        lowered.headers_name = Some(builder_scope.claim(&name));
                    }
                    ops.push(lowered);
                }
            }
        }
        ops.sort_by(|a, b| a.method_name.cmp(&b.method_name));
        ops
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn lower_operation(
        &mut self,
        ctx: &OpCtx,
        path: &str,
        method: HttpMethod,
        op: &Value,
        item: &Value,
        method_name: String,
        (builder_name, input_name): (String, String),
        operation_id: String,
        security: Vec<Vec<usize>>,
    ) -> Option<Operation> {
        let raw = self.collect_parameters(ctx, op, item);
        let mut params = self.lower_params(ctx, raw);
        let pieces = self.path_template(ctx, path, &mut params)?;
        let body = self.lower_request_body(ctx, op);
        let (responses, success, error_type) = self.lower_responses(ctx, op);
        let response_headers = self.lower_response_headers(ctx, op);
        let server = self
            .default_base_url(op)
            .or_else(|| self.default_base_url(item));
        Some(Operation {
            replay: replay(method, &params),
            server,
            response_headers,
            headers_name: None,
            // Decided on the finished API, by `plan_pagination`.
            pagination: None,
            method_name: method_name.into(),
            builder_name,
            input_name,
            operation_id,
            http_method: method,
            path: path.to_string(),
            path_pieces: pieces,
            params,
            body,
            accept: accept_header(&responses),
            responses,
            success,
            error_type,
            security,
            docs: Docs {
                text: doc_text(op, &["summary", "description"]),
                source: self.spec.describe(&ctx.loc),
                deprecated: None,
            },
            deprecated: op.get("deprecated") == Some(&Value::Bool(true)),
        })
    }

    /// The parameters of an operation, followed: path-level first,
    /// overridden by operation-level ones with the same (name, in).
    fn collect_parameters(
        &mut self,
        ctx: &OpCtx,
        op: &Value,
        item: &Value,
    ) -> Vec<(Loc, &'a Value)> {
        let mut raw: Vec<(Loc, &'a Value)> = Vec::new();
        for (owner, value) in [(&ctx.item_loc, item), (&ctx.loc, op)] {
            match value.get("parameters") {
                Some(Value::Array(list)) => {
                    for i in 0..list.len() {
                        let ploc = owner.child("parameters").child(&i.to_string());
                        let Some(followed) = self.spec.follow(&ploc) else {
                            continue;
                        };
                        let Some(p) = self.value(&followed) else {
                            continue;
                        };
                        let key = (
                            str_field(p, "name").map(str::to_string),
                            str_field(p, "in").map(str::to_string),
                        );
                        raw.retain(|(_, q)| {
                            (
                                str_field(q, "name").map(str::to_string),
                                str_field(q, "in").map(str::to_string),
                            ) != key
                        });
                        raw.push((followed, p));
                    }
                }
                Some(other) => {
                    self.push_kind_error(
                        &owner.child("parameters"),
                        "`parameters` must be an array",
                        other,
                    );
                }
                None => {}
            }
        }

        raw
    }

    /// The operation's parameters, named in one scope; ignored and invalid ones are left out.
    fn lower_params(&mut self, ctx: &OpCtx, raw: Vec<(Loc, &Value)>) -> Vec<Param> {
        let mut scope = Scope::with_reserved(RESERVED_SETTERS);
        raw.into_iter()
            .filter_map(|(ploc, p)| self.lower_param(ctx, &ploc, p, &mut scope))
            .collect()
    }

    /// One parameter (`p`, at `ploc`), or `None` when it is ignored or invalid.
    fn lower_param(
        &mut self,
        ctx: &OpCtx,
        ploc: &Loc,
        p: &Value,
        scope: &mut Scope,
    ) -> Option<Param> {
        let Some(wire) = str_field(p, "name").map(str::to_string) else {
            self.diags
                .push(self.spec.error(ploc, "a parameter needs a `name`"));
            return None;
        };
        let location = match str_field(p, "in") {
            Some("path") => ParamIn::Path,
            Some("query") => ParamIn::Query,
            Some("header") => ParamIn::Header,
            Some("cookie") => ParamIn::Cookie,
            other => {
                let msg = format!("parameter `{wire}` has `in: {other:?}`; expected path, query, header or cookie");
                self.diags.push(self.spec.error(&ploc.child("in"), msg));
                return None;
            }
        };
        if location == ParamIn::Header
            && ["accept", "content-type", "authorization"]
                .contains(&wire.to_ascii_lowercase().as_str())
        {
            return None; // OpenAPI says these header parameters are ignored.
        }
        let schema_loc = if p.get("schema").is_some() {
            Some(ploc.child("schema"))
        } else if let Some(Value::Object(content)) = p.get("content") {
            content
                .keys()
                .next()
                .map(|m| ploc.child("content").child(m).child("schema"))
        } else {
            None
        };
        let hint = Hint {
            candidates: vec![
                pascal(&wire, "Param"),
                format!("{}{}", ctx.type_base, pascal(&wire, "Param")),
            ],
            slot: None,
            context: format!("The `{wire}` parameter of `{}`.", ctx.operation_id),
        };
        let ty = match schema_loc {
            Some(l) => self.lower(&l, &hint),
            None => Ty::String,
        };
        let ty = match ty {
            Ty::Option(inner) => *inner,
            other => other,
        };
        // `content` instead of `schema`: the value is serialized as that media type.
        let json_content = p.get("schema").is_none()
            && match p.get("content") {
                Some(Value::Object(content)) => {
                    matches!(
                        pick_media(content.keys().take(1)),
                        Some((_, BodyKind::Json))
                    )
                }
                _ => false,
            };
        let required = location == ParamIn::Path || p.get("required") == Some(&Value::Bool(true));
        let form_default = matches!(location, ParamIn::Query | ParamIn::Cookie);
        let (style, explode) = style_and_explode(p, form_default);
        Some(Param {
            name: scope.claim(&snake(&wire, "param")).into(),
            wire,
            location,
            ty,
            required,
            style,
            explode,
            json_content,
            docs: self.docs(ploc, p),
        })
    }

    /// The pieces of `path`'s template, each `{name}` pointing into
    /// `params`; path parameters the template does not use are removed.
    /// `None` (with an error) when the template cannot be built.
    fn path_template(
        &mut self,
        ctx: &OpCtx,
        path: &str,
        params: &mut Vec<Param>,
    ) -> Option<Vec<PathPiece>> {
        let mut pieces = Vec::new();
        let mut rest = path;
        let mut used = BTreeSet::new();
        while let Some(open) = rest.find('{') {
            if open > 0 {
                pieces.push(PathPiece::Literal(rest[..open].to_string()));
            }
            let Some(close) = rest[open..].find('}') else {
                self.diags.push(
                    self.spec
                        .error(&ctx.item_loc, format!("path `{path}` has an unclosed `{{`")),
                );
                return None;
            };
            let name = &rest[open + 1..open + close];
            match params
                .iter()
                .position(|p| p.location == ParamIn::Path && p.wire == name)
            {
                Some(i) => {
                    used.insert(i);
                    pieces.push(PathPiece::Param(i));
                }
                None => {
                    self.diags.push(
                        self.spec
                            .error(
                                &ctx.loc,
                                format!(
                                    "path template parameter `{name}` in `{path}` is not declared"
                                ),
                            )
                            .with_help(format!(
                                "add a parameter with `name: {name}` and `in: path`"
                            )),
                    );
                    return None;
                }
            }
            rest = &rest[open + close + 1..];
        }
        if !rest.is_empty() {
            pieces.push(PathPiece::Literal(rest.to_string()));
        }
        let unused: Vec<usize> = (0..params.len())
            .filter(|i| params[*i].location == ParamIn::Path && !used.contains(i))
            .collect();
        for &i in unused.iter().rev() {
            let msg = format!(
                "path parameter `{}` is declared but `{path}` has no `{{{}}}`; it is ignored",
                params[i].wire, params[i].wire
            );
            self.diags
                .push(self.spec.warning(&ctx.loc.child("parameters"), msg));
            params.remove(i);
            for piece in pieces.iter_mut() {
                if let PathPiece::Param(j) = piece {
                    if *j > i {
                        *j -= 1;
                    }
                }
            }
        }

        Some(pieces)
    }

    /// The request body in its preferred media type, if the operation has one.
    pub(super) fn lower_request_body(&mut self, ctx: &OpCtx, op: &Value) -> Option<RequestBody> {
        op.get("requestBody")?;
        let loc = self.spec.follow(&ctx.loc.child("requestBody"))?;
        let body = self.value(&loc)?;
        let Some(Value::Object(content)) = body.get("content") else {
            return None;
        };
        let (media, kind) = pick_media(content.keys())?;
        let schema_loc = loc.child("content").child(&media).child("schema");
        let ty = match kind {
            BodyKind::Json | BodyKind::Form | BodyKind::Multipart
                if self.spec.get(&schema_loc).is_some() =>
            {
                self.lower(
                    &schema_loc,
                    &Hint::new(
                        format!("{}Request", ctx.type_base),
                        format!("The request body of `{}`.", ctx.operation_id),
                    ),
                )
            }
            BodyKind::Json | BodyKind::Form | BodyKind::Multipart => Ty::Value,
            BodyKind::Text | BodyKind::EventStream => Ty::String,
            _ => Ty::Body,
        };
        let encoding = body
            .get("content")
            .and_then(|c| c.get(&media))
            .and_then(|m| m.get("encoding"))
            .and_then(Value::as_object);
        let (form_encoding, part_types) = match encoding {
            Some(encoding) => body_encoding(encoding),
            None => (Vec::new(), Vec::new()),
        };
        Some(RequestBody {
            form_encoding: if kind == BodyKind::Form {
                form_encoding
            } else {
                Vec::new()
            },
            part_types,
            media_type: media,
            kind,
            ty,
            required: body.get("required") == Some(&Value::Bool(true)),
            // Filled by `plan_multipart_parts` once the body struct is final.
            parts: None,
        })
    }
}

/// The `encoding` map of a form or multipart body: the style and explode of
/// properties that set them, and the `contentType` of those that give one.
fn body_encoding(
    encoding: &serde_json::Map<String, Value>,
) -> (Vec<FormEncoding>, Vec<(String, String)>) {
    let mut form = Vec::new();
    let mut types = Vec::new();
    for (wire, entry) in encoding {
        if let Some(ct) = str_field(entry, "contentType") {
            types.push((wire.clone(), ct.to_string()));
        }
        if entry.get("style").is_none() && entry.get("explode").is_none() {
            continue;
        }
        let (style, explode) = style_and_explode(entry, true);
        form.push(FormEncoding {
            wire: wire.clone(),
            style,
            explode,
        });
    }
    (form, types)
}

/// The `style` and `explode` of a parameter or an `encoding` entry; without
/// `explode`, `form` explodes where `form_default` says it does by default.
fn style_and_explode(p: &Value, form_default: bool) -> (ParamStyle, bool) {
    let style = match str_field(p, "style") {
        Some("spaceDelimited") => ParamStyle::SpaceDelimited,
        Some("pipeDelimited") => ParamStyle::PipeDelimited,
        Some("deepObject") => ParamStyle::DeepObject,
        _ => ParamStyle::Form,
    };
    let explode = match p.get("explode") {
        Some(Value::Bool(b)) => *b,
        _ => form_default && style == ParamStyle::Form,
    };
    (style, explode)
}

/// Whether a failed request may be sent again: idempotent methods always;
/// POST and PATCH when they send an idempotency key.
fn replay(method: HttpMethod, params: &[Param]) -> Replay {
    match method {
        HttpMethod::Post | HttpMethod::Patch => params
            .iter()
            .position(|p| {
                p.location == ParamIn::Header
                    && p.wire.to_ascii_lowercase().contains("idempotency-key")
            })
            .map_or(Replay::Unsafe, Replay::WithKey),
        _ => Replay::Safe,
    }
}

/// The `Accept` header: the media types the documented responses come in, in
/// status order, each once (wildcards are not listed).
fn accept_header(responses: &[Response]) -> Option<String> {
    let mut media: Vec<&str> = Vec::new();
    for r in responses {
        if let Some(m) = r.media_type.as_deref() {
            if !media.contains(&m) {
                media.push(m);
            }
        }
    }
    (!media.is_empty()).then(|| media.join(", "))
}

/// Decides the parts of every `multipart/form-data` body: one per property
/// of the body struct, a file where the property is `format: binary`
/// (through aliases), one part per item for arrays. Runs on the finished
/// API, so the struct's fields are final.
pub(super) fn plan_multipart_parts(api: &mut Api) {
    let types = &api.types;
    for op in api.operations.iter_mut() {
        let Some(body) = op.body.as_mut().filter(|b| b.kind == BodyKind::Multipart) else {
            continue;
        };
        // File setters share the builder's namespace with the parameter setters.
        let mut setters = Scope::with_reserved(RESERVED_SETTERS);
        for p in &op.params {
            setters.claim(p.name.code());
        }
        let fields = match &body.ty {
            Ty::Named(id) => match &types[id.0].kind {
                TypeKind::Struct { fields, .. } => fields,
                _ => continue,
            },
            _ => continue,
        };
        let parts = fields
            .iter()
            .map(|f| {
                let (optional, inner) = match &f.ty {
                    Ty::Option(inner) => (true, inner.as_ref()),
                    other => (false, other),
                };
                let (nullable, inner) = match inner {
                    Ty::Option(inner) if optional => (true, inner.as_ref()),
                    other => (false, other),
                };
                let kind = match resolve_alias(types, inner) {
                    Ty::Binary => PartKind::File,
                    Ty::Vec(item) if resolve_alias(types, &item) == Ty::Binary => PartKind::Files,
                    Ty::Vec(_) => PartKind::TextList,
                    _ => PartKind::Text,
                };
                let content_type = body
                    .part_types
                    .iter()
                    .find(|(wire, _)| *wire == f.wire)
                    .map_or("application/octet-stream", |(_, ct)| ct.as_str())
                    .to_string();
                let file_setter = matches!(kind, PartKind::File | PartKind::Files)
                    .then(|| setters.claim(&format!("{}_file", f.name.bare())).into());
                MultipartPart {
                    field: f.name.clone(),
                    wire: f.wire.clone(),
                    optional,
                    nullable,
                    kind,
                    content_type,
                    file_setter,
                }
            })
            .collect();
        body.parts = Some(parts);
    }
}

/// `ty` with type aliases followed (`File = Vec<u8>` is binary too). The
/// walk is bounded: alias cycles are broken elsewhere, but a bound costs nothing.
fn resolve_alias(types: &[TypeDef], ty: &Ty) -> Ty {
    let mut ty = ty.clone();
    for _ in 0..16 {
        match &ty {
            Ty::Named(id) => match &types[id.0].kind {
                TypeKind::Alias(inner) => ty = inner.clone(),
                _ => break,
            },
            _ => break,
        }
    }
    ty
}

/// Context shared by the parts of one operation.
pub(super) struct OpCtx {
    pub(super) loc: Loc,
    pub(super) item_loc: Loc,
    /// PascalCase operation name, the prefix of its inline type names.
    pub(super) type_base: String,
    /// The operationId (or the synthesized one), for docs.
    pub(super) operation_id: String,
}

/// The media type to use from a `content` map, JSON first.
pub(super) fn pick_media<'k>(keys: impl Iterator<Item = &'k String>) -> Option<(String, BodyKind)> {
    let keys: Vec<&String> = keys.collect();
    let classify = |m: &str| {
        let m = m.to_ascii_lowercase();
        let essence = m.split(';').next().unwrap_or("").trim().to_string();
        if essence == "application/json" || essence.ends_with("+json") || essence == "*/*" {
            BodyKind::Json
        } else if essence == "application/x-www-form-urlencoded" {
            BodyKind::Form
        } else if essence == "multipart/form-data" {
            BodyKind::Multipart
        } else if essence == "text/event-stream" {
            BodyKind::EventStream
        } else if essence.starts_with("text/") {
            BodyKind::Text
        } else {
            BodyKind::Bytes
        }
    };
    for wanted in [
        BodyKind::Json,
        BodyKind::Form,
        BodyKind::Multipart,
        BodyKind::EventStream,
        BodyKind::Text,
        BodyKind::Bytes,
    ] {
        if let Some(k) = keys.iter().find(|k| classify(k) == wanted) {
            return Some(((*k).clone(), wanted));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_types_prefer_json() {
        let keys = [
            "text/plain".to_string(),
            "application/problem+json".to_string(),
        ];
        assert_eq!(pick_media(keys.iter()).unwrap().1, BodyKind::Json);
        let keys = ["application/octet-stream".to_string()];
        assert_eq!(pick_media(keys.iter()).unwrap().1, BodyKind::Bytes);
    }
}
