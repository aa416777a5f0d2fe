//! Responses: the documented statuses of an operation, what a successful
//! call returns, and the per-status enums for mixed success and error bodies.
//! Operations whose error enums come out the same share one enum; each
//! other operation's error type becomes an alias of it (see
//! [`share_error_enums`]), so every name still works and the crate has one
//! enum and one `from_error` instead of hundreds.

use super::json::doc_text;
use super::naming::Hint;
use super::operation::{pick_media, OpCtx};
use super::Lowerer;
use crate::ir::*;
use crate::resolve::Loc;
use serde_json::Value;
use std::collections::{BTreeSet, HashMap};

impl<'a> Lowerer<'a> {
    /// The documented responses, what a successful call returns, and the
    /// per-status error enum (if any error response has a JSON body).
    pub(super) fn lower_responses(
        &mut self,
        ctx: &OpCtx,
        op: &Value,
    ) -> (Vec<Response>, Success, Option<TypeId>) {
        let found = self.found_responses(ctx, op);
        let any_2xx = found.iter().any(|f| is_2xx(f.status));
        // With no 2xx documented, `default` describes success.
        let is_success = |s: StatusMatch| is_2xx(s) || (!any_2xx && s == StatusMatch::Default);
        let json_successes = found
            .iter()
            .filter(|f| is_success(f.status) && matches!(f.media, Some((_, BodyKind::Json))))
            .count();
        let out: Vec<Response> = found
            .into_iter()
            .map(|f| {
                // The only JSON success body is simply `…Response`.
                let only_success = is_success(f.status) && json_successes == 1;
                self.lower_response(ctx, f, only_success)
            })
            .collect();

        let successes: Vec<&Response> = out.iter().filter(|r| is_success(r.status)).collect();
        let success = self.success(ctx, &successes);
        let errors: Vec<&Response> = out
            .iter()
            .filter(|r| !is_success(r.status) && r.kind == BodyKind::Json && r.ty.is_some())
            .collect();
        let error_type = (!errors.is_empty()).then(|| {
            let context = format!(
                "The error bodies `{}` documents, by status.",
                ctx.operation_id
            );
            self.status_enum(
                ctx,
                &errors,
                format!("{}Error", ctx.type_base),
                context,
                true,
            )
        });
        (out, success, error_type)
    }

    /// The operation's responses with a usable status, followed, in status order.
    fn found_responses(&mut self, ctx: &OpCtx, op: &Value) -> Vec<FoundResponse<'a>> {
        let mut found = Vec::new();
        if let Some(other) = op.get("responses").filter(|r| !r.is_object()) {
            self.push_kind_error(
                &ctx.loc.child("responses"),
                "`responses` must map status codes to responses",
                other,
            );
        }
        let Some(Value::Object(responses)) = op.get("responses") else {
            return found;
        };
        for key in responses.keys() {
            let Some(status) = self.response_status(ctx, key) else {
                continue;
            };
            let Some(loc) = self.spec.follow(&ctx.loc.child("responses").child(key)) else {
                continue;
            };
            let Some(response) = self.value(&loc) else {
                continue;
            };
            let media = match response.get("content") {
                Some(Value::Object(content)) if !content.is_empty() => {
                    pick_media(content.keys()).or(Some((String::new(), BodyKind::Bytes)))
                }
                _ => None,
            };
            found.push(FoundResponse {
                key: key.clone(),
                status,
                loc,
                response,
                media,
            });
        }
        found.sort_by_key(|f| f.status);
        found
    }

    /// The status a `responses` key stands for; `None` (with a warning for
    /// what is not a status at all) when the response is skipped.
    fn response_status(&mut self, ctx: &OpCtx, key: &str) -> Option<StatusMatch> {
        match key {
            "default" => Some(StatusMatch::Default),
            k if k.len() == 3 && (k.ends_with("XX") || k.ends_with("xx")) => {
                match k[..1].parse::<u16>() {
                    Ok(d) if (1..=5).contains(&d) => Some(StatusMatch::Range(d)),
                    _ => None,
                }
            }
            k => match k.parse::<u16>() {
                Ok(code) if (100..=599).contains(&code) => Some(StatusMatch::Code(code)),
                _ => {
                    let msg = format!("`{k}` is not an HTTP status code; the response is ignored");
                    self.diags
                        .push(self.spec.warning(&ctx.loc.child("responses").child(k), msg));
                    None
                }
            },
        }
    }

    /// One response, its JSON body lowered; `only_success` when it is the
    /// operation's one JSON success body (named `…Response`, not by status).
    fn lower_response(
        &mut self,
        ctx: &OpCtx,
        found: FoundResponse,
        only_success: bool,
    ) -> Response {
        let FoundResponse {
            key,
            status,
            loc,
            response,
            media,
        } = found;
        let description = doc_text(response, &["description"]);
        let media_type = media
            .as_ref()
            .map(|(m, _)| m.clone())
            .filter(|m| !m.is_empty() && !m.contains('*'));
        let (kind, ty) = match media {
            Some((media, BodyKind::Json)) => {
                let schema_loc = loc.child("content").child(&media).child("schema");
                let name = if only_success {
                    format!("{}Response", ctx.type_base)
                } else {
                    format!("{}{}Body", ctx.type_base, status_name(status))
                };
                let context = format!("The {key} response body of `{}`.", ctx.operation_id);
                let ty = if self.spec.get(&schema_loc).is_some() {
                    self.lower(&schema_loc, &Hint::new(name, context))
                } else {
                    Ty::Value
                };
                (BodyKind::Json, Some(ty))
            }
            Some((_, BodyKind::Multipart)) => (BodyKind::Bytes, None),
            // The schema, if any, describes each event's data.
            Some((media, BodyKind::EventStream)) => {
                let schema_loc = loc.child("content").child(&media).child("schema");
                let hint = Hint::new(
                    format!("{}Event", ctx.type_base),
                    format!("The data of each event `{}` streams.", ctx.operation_id),
                );
                let has_schema = self.spec.get(&schema_loc).is_some();
                let ty = has_schema.then(|| self.lower(&schema_loc, &hint));
                (BodyKind::EventStream, ty)
            }
            Some((_, kind)) => (kind, None),
            None => (BodyKind::Empty, None),
        };
        Response {
            status,
            kind,
            media_type,
            ty,
            description,
        }
    }

    /// What a call returns on success, and how each success status decodes.
    pub(super) fn success(&mut self, ctx: &OpCtx, successes: &[&Response]) -> Success {
        let arm = |r: &Response, decode: Decode| SuccessArm {
            status: success_status(r.status),
            decode,
        };
        if successes.is_empty() {
            return Success {
                ty: Ty::Unit,
                arms: vec![SuccessArm {
                    status: StatusMatch::Range(2),
                    decode: Decode::Unit,
                }],
            };
        }
        if let [only] = successes {
            if only.kind == BodyKind::EventStream {
                let json = only.ty.is_some();
                return Success {
                    ty: Ty::EventStream(Box::new(only.ty.clone().unwrap_or(Ty::String))),
                    arms: vec![arm(only, Decode::EventStream { json })],
                };
            }
        }
        let json: Vec<&Ty> = successes
            .iter()
            .filter(|r| r.kind == BodyKind::Json)
            .filter_map(|r| r.ty.as_ref())
            .collect();
        let kinds: BTreeSet<BodyKind> = successes.iter().map(|r| r.kind).collect();
        let same_kind = kinds.len() == 1;
        if json.is_empty() && same_kind {
            let (ty, decode) = match successes[0].kind {
                BodyKind::Text => (Ty::String, Decode::Text),
                BodyKind::Bytes | BodyKind::Form | BodyKind::EventStream => {
                    (Ty::Bytes, Decode::Bytes)
                }
                _ => (Ty::Unit, Decode::Unit),
            };
            return Success {
                ty,
                arms: successes.iter().map(|r| arm(r, decode.clone())).collect(),
            };
        }
        let one_type = !json.is_empty() && json.iter().all(|t| *t == json[0]);
        if one_type && same_kind {
            return Success {
                ty: json[0].clone(),
                arms: successes.iter().map(|r| arm(r, Decode::Json)).collect(),
            };
        }
        let only_json_or_empty = successes
            .iter()
            .all(|r| matches!(r.kind, BodyKind::Json | BodyKind::Empty));
        if one_type && only_json_or_empty {
            let arms = successes
                .iter()
                .map(|r| {
                    arm(
                        r,
                        if r.kind == BodyKind::Json {
                            Decode::JsonSome
                        } else {
                            Decode::NoneValue
                        },
                    )
                })
                .collect();
            return Success {
                ty: json[0].clone().nullable(),
                arms,
            };
        }
        // Different bodies per status: an enum with a variant per status.
        let context = format!("What `{}` returns, by status.", ctx.operation_id);
        let id = self.status_enum(
            ctx,
            successes,
            format!("{}Response", ctx.type_base),
            context,
            false,
        );
        let arms = successes
            .iter()
            .map(|r| SuccessArm {
                status: success_status(r.status),
                decode: Decode::Variant {
                    name: status_name(r.status),
                    kind: payload_kind(r.kind),
                },
            })
            .collect();
        Success {
            ty: Ty::Named(id),
            arms,
        }
    }
}

impl<'a> Lowerer<'a> {
    /// The headers the success responses document (`Content-Type` aside),
    /// each once, typed and named as fields of the operation's headers struct.
    pub(super) fn lower_response_headers(
        &mut self,
        ctx: &OpCtx,
        op: &Value,
    ) -> Vec<ResponseHeader> {
        let mut out: Vec<ResponseHeader> = Vec::new();
        let mut scope = crate::names::Scope::with_reserved(&[]);
        let Some(Value::Object(responses)) = op.get("responses") else {
            return out;
        };
        for key in responses.keys().filter(|k| k.starts_with('2')) {
            let Some(loc) = self.spec.follow(&ctx.loc.child("responses").child(key)) else {
                continue;
            };
            let Some(Value::Object(headers)) = self.value(&loc.child("headers")) else {
                continue;
            };
            for wire in headers.keys() {
                let lower = wire.to_ascii_lowercase();
                if lower == "content-type" || out.iter().any(|h| h.wire.eq_ignore_ascii_case(wire))
                {
                    continue;
                }
                let Some(hloc) = self.spec.follow(&loc.child("headers").child(wire)) else {
                    continue;
                };
                let header = self.value_at(&hloc);
                let schema = hloc.child("schema");
                let hint = Hint::new(
                    format!(
                        "{}{}Header",
                        ctx.type_base,
                        crate::names::pascal(wire, "Header")
                    ),
                    format!("The `{wire}` response header of `{}`.", ctx.operation_id),
                );
                let ty = match self.spec.get(&schema) {
                    Some(_) => self.lower(&schema, &hint),
                    None => Ty::String,
                };
                let ty = match ty {
                    Ty::Option(inner) => *inner,
                    other => other,
                };
                out.push(ResponseHeader {
                    name: scope.claim(&crate::names::snake(wire, "header")).into(),
                    wire: wire.clone(),
                    ty,
                    docs: Docs {
                        text: doc_text(header, &["description"]),
                        source: self.spec.describe(&hloc),
                        deprecated: None,
                    },
                });
            }
        }
        out
    }

    /// An enum with one variant per response status (`errors`: the documented
    /// error bodies, which get `from_error`; else the success values).
    pub(super) fn status_enum(
        &mut self,
        ctx: &OpCtx,
        responses: &[&Response],
        name: String,
        context: String,
        errors: bool,
    ) -> TypeId {
        let variants = responses
            .iter()
            .map(|r| {
                let kind = payload_kind(r.kind);
                let payload = match kind {
                    BodyKind::Json => r.ty.clone(),
                    BodyKind::Text => Some(Ty::String),
                    BodyKind::Empty => None,
                    _ => Some(Ty::Vec(Box::new(Ty::Int(IntTy::U8)))),
                };
                StatusVariant {
                    name: status_name(r.status),
                    status: r.status,
                    kind,
                    payload,
                }
            })
            .collect();
        // Not locked by location: an operation's success and error enums share one.
        let (id, name) = self.allocate(&Hint::new(name, context.clone()), None);
        let docs = Docs {
            text: Some(context),
            source: self.spec.describe(&ctx.loc.child("responses")),
            deprecated: None,
        };
        self.define(
            id,
            TypeDef {
                name,
                docs,
                kind: TypeKind::StatusEnum { variants, errors },
            },
        );
        id
    }
}

/// How many operation ids the doc of a shared error enum names; the rest
/// are counted, not listed, since one enum may serve hundreds of operations.
const SHARED_NAMES_SHOWN: usize = 3;

/// Makes operations whose error enums are the same (variants with the same
/// names, statuses, body kinds and payload types, in the same order) share
/// one: the first operation's, in method order, stays an enum with
/// `from_error`, and every other's becomes `pub type …Error = First;`.
/// An alias is the same type, so `error_body::<…Error>()` works under every
/// operation's name, while the crate compiles one enum instead of one per
/// operation. Payloads that are inline schemas are types of their own per
/// operation, so such enums never match.
///
/// Runs on the finished API: payload types are final (tag-less copies
/// included), and `operations` are sorted, so which name is kept is
/// deterministic.
pub(super) fn share_error_enums(api: &mut Api) {
    let mut groups: HashMap<&[StatusVariant], Vec<usize>> = HashMap::new();
    let mut order: Vec<&[StatusVariant]> = Vec::new();
    for (i, op) in api.operations.iter().enumerate() {
        let Some(id) = op.error_type else { continue };
        let TypeKind::StatusEnum {
            variants,
            errors: true,
        } = &api.types[id.0].kind
        else {
            continue;
        };
        let group = groups.entry(variants.as_slice()).or_default();
        if group.is_empty() {
            order.push(variants.as_slice());
        }
        group.push(i);
    }
    let shared: Vec<Vec<usize>> = order
        .into_iter()
        .filter_map(|key| groups.remove(key))
        .filter(|ops| ops.len() > 1)
        .collect();
    for ops in shared {
        let op_id = |i: usize| api.operations[i].operation_id.as_str();
        let Some(first) = api.operations[ops[0]].error_type else {
            continue;
        };
        let first_name = api.types[first.0].name.clone();
        let others: Vec<String> = ops[1..]
            .iter()
            .take(SHARED_NAMES_SHOWN)
            .map(|&i| format!("`{}`", op_id(i)))
            .collect();
        let more = match ops.len() - 1 - others.len() {
            0 => String::new(),
            n => format!(" and {n} more"),
        };
        let (who, whose) = match ops.len() - 1 {
            1 => (
                "One other operation documents".to_string(),
                "its error type is an alias",
            ),
            n => (
                format!("{n} other operations document"),
                "their error types are aliases",
            ),
        };
        let shared_doc = format!(
            "The error bodies `{}` documents, by status. {who} the same ones ({}{more}); \
             {whose} of this one.",
            op_id(ops[0]),
            others.join(", "),
        );
        for &i in &ops[1..] {
            let Some(id) = api.operations[i].error_type else {
                continue;
            };
            let def = &mut api.types[id.0];
            def.docs.text = Some(format!(
                "The error bodies `{}` documents, by status: an alias of `{first_name}`, \
                 which {} operations with the same error responses share.",
                op_id(i),
                ops.len(),
            ));
            def.kind = TypeKind::Alias(Ty::Named(first));
        }
        api.types[first.0].docs.text = Some(shared_doc);
    }
}

/// The statuses a success arm matches: a `default` response stands for
/// success only when no 2xx is documented, and then it still means 2xx.
fn success_status(status: StatusMatch) -> StatusMatch {
    match status {
        StatusMatch::Default => StatusMatch::Range(2),
        other => other,
    }
}

/// How a status-enum variant's body is kept: JSON decoded, text as a
/// `String`, no body as a unit variant, anything else as bytes.
fn payload_kind(kind: BodyKind) -> BodyKind {
    match kind {
        BodyKind::Json | BodyKind::Text | BodyKind::Empty => kind,
        _ => BodyKind::Bytes,
    }
}

/// A readable name for a status: its reason phrase (`NotFound`), the class
/// for ranges (`ClientError`), or `Status418` for codes without a common phrase.
pub(super) fn status_name(status: StatusMatch) -> String {
    match status {
        StatusMatch::Default => "Default".to_string(),
        StatusMatch::Range(1) => "Informational".to_string(),
        StatusMatch::Range(2) => "Success".to_string(),
        StatusMatch::Range(3) => "Redirection".to_string(),
        StatusMatch::Range(4) => "ClientError".to_string(),
        StatusMatch::Range(5) => "ServerError".to_string(),
        StatusMatch::Range(d) => format!("Status{d}xx"),
        StatusMatch::Code(code) => match code {
            200 => "Ok",
            201 => "Created",
            202 => "Accepted",
            203 => "NonAuthoritativeInformation",
            204 => "NoContent",
            205 => "ResetContent",
            206 => "PartialContent",
            301 => "MovedPermanently",
            302 => "Found",
            303 => "SeeOther",
            304 => "NotModified",
            307 => "TemporaryRedirect",
            308 => "PermanentRedirect",
            400 => "BadRequest",
            401 => "Unauthorized",
            402 => "PaymentRequired",
            403 => "Forbidden",
            404 => "NotFound",
            405 => "MethodNotAllowed",
            406 => "NotAcceptable",
            408 => "RequestTimeout",
            409 => "Conflict",
            410 => "Gone",
            412 => "PreconditionFailed",
            413 => "PayloadTooLarge",
            415 => "UnsupportedMediaType",
            422 => "UnprocessableEntity",
            423 => "Locked",
            428 => "PreconditionRequired",
            429 => "TooManyRequests",
            500 => "InternalServerError",
            501 => "NotImplemented",
            502 => "BadGateway",
            503 => "ServiceUnavailable",
            504 => "GatewayTimeout",
            _ => return format!("Status{code}"),
        }
        .to_string(),
    }
}

/// True for the 2xx statuses, single or ranged.
fn is_2xx(status: StatusMatch) -> bool {
    matches!(status, StatusMatch::Code(200..=299) | StatusMatch::Range(2))
}

/// A documented response with a usable status, before its body is lowered.
struct FoundResponse<'a> {
    /// The `responses` key as written (`404`, `4XX`, `default`).
    key: String,
    /// What the key stands for.
    status: StatusMatch,
    /// The response object, followed.
    loc: Loc,
    /// The response object itself.
    response: &'a Value,
    /// The chosen media type and its kind, if it has content.
    media: Option<(String, BodyKind)>,
}
