//! Cursor pagination: which operations list their results page by page, and
//! how to follow the pages. Decided on the finished API, since it reads the
//! final fields of the response and request structs.
//!
//! An operation is paginated when (all of):
//! - every success response decodes as one struct, the page, with exactly
//!   one array field (the items);
//! - the page has a next-cursor string (`nextCursor`, `next_cursor`, `next`,
//!   `cursor`, `nextPageToken`, `endCursor`, `after`; possibly nullable) at
//!   its top level or in one nested object such as `pagination` or `meta`,
//!   optionally beside a `hasMore`-style boolean (`hasMore`, `has_more`,
//!   `hasNextPage`, `more`);
//! - the request takes a cursor (`cursor`, `after`, `starting_after`,
//!   `pageToken`, `page_token`, `nextCursor`) as an optional string query
//!   parameter or as a string property of its required JSON body.

use crate::ir::*;

/// Response fields that hold the next page's cursor (compared without case, `_` or `-`).
const NEXT_CURSOR: &[&str] = &[
    "nextcursor",
    "next",
    "cursor",
    "nextpagetoken",
    "endcursor",
    "after",
];

/// Response fields that say whether another page follows.
const HAS_MORE: &[&str] = &["hasmore", "hasnextpage", "more"];

/// Request parameters or body properties that take the cursor.
const CURSOR_IN: &[&str] = &[
    "cursor",
    "after",
    "startingafter",
    "pagetoken",
    "nextcursor",
];

/// `name` lower-cased without `_` and `-`, for matching field names.
fn normal(name: &str) -> String {
    name.chars()
        .filter(|c| *c != '_' && *c != '-')
        .flat_map(char::to_lowercase)
        .collect()
}

/// Decides [`Operation::pagination`] for every operation.
pub(super) fn plan_pagination(api: &mut Api) {
    let plans: Vec<Option<Pagination>> = api
        .operations
        .iter()
        .map(|op| pagination(&api.types, op))
        .collect();
    for (op, plan) in api.operations.iter_mut().zip(plans) {
        op.pagination = plan;
    }
}

/// The fields of the struct `ty` names (through one `Option`), if it is one.
fn struct_fields<'t>(types: &'t [TypeDef], ty: &Ty) -> Option<&'t [Field]> {
    let ty = match ty {
        Ty::Option(inner) => inner,
        other => other,
    };
    match ty {
        Ty::Named(id) => match &types[id.0].kind {
            TypeKind::Struct { fields, .. } => Some(fields),
            _ => None,
        },
        _ => None,
    }
}

/// `ty` is `String`, `Option<String>` or `Option<Option<String>>`.
fn is_string(ty: &Ty) -> bool {
    *strip_option(ty) == Ty::String
}

/// How to reach `field` from its struct.
fn step(field: &Field) -> FieldStep {
    FieldStep {
        field: field.name.clone(),
        optional: matches!(field.ty, Ty::Option(_)),
        nullable: matches!(&field.ty, Ty::Option(inner) if matches!(**inner, Ty::Option(_))),
    }
}

/// The first field of `fields` named like one of `names` whose type passes `fits`.
fn find<'f>(fields: &'f [Field], names: &[&str], fits: impl Fn(&Ty) -> bool) -> Option<&'f Field> {
    names.iter().find_map(|name| {
        fields
            .iter()
            .find(|f| normal(&f.wire) == *name && fits(&f.ty))
    })
}

/// The paths to the next cursor and the `hasMore` flag: top level first,
/// then each nested struct field.
fn cursor_paths(
    types: &[TypeDef],
    page: &[Field],
) -> Option<(Vec<FieldStep>, Option<Vec<FieldStep>>)> {
    let is_bool = |t: &Ty| *strip_option(t) == Ty::Bool;
    if let Some(cursor) = find(page, NEXT_CURSOR, is_string) {
        let more = find(page, HAS_MORE, is_bool).map(|f| vec![step(f)]);
        return Some((vec![step(cursor)], more));
    }
    page.iter().find_map(|outer| {
        let inner = struct_fields(types, &outer.ty)?;
        let cursor = find(inner, NEXT_CURSOR, is_string)?;
        let more = find(inner, HAS_MORE, is_bool)
            .map(|f| vec![step(outer), step(f)])
            .or_else(|| find(page, HAS_MORE, is_bool).map(|f| vec![step(f)]));
        Some((vec![step(outer), step(cursor)], more))
    })
}

/// How `op` is paginated, if it is.
fn pagination(types: &[TypeDef], op: &Operation) -> Option<Pagination> {
    if !op.success.arms.iter().all(|a| a.decode == Decode::Json) {
        return None;
    }
    let page =
        struct_fields(types, &op.success.ty).filter(|_| !matches!(op.success.ty, Ty::Option(_)))?;
    let arrays: Vec<&Field> = page
        .iter()
        .filter(|f| matches!(strip_option(&f.ty), Ty::Vec(_)))
        .collect();
    let [items] = arrays.as_slice() else {
        return None;
    };
    let Ty::Vec(item_ty) = strip_option(&items.ty) else {
        return None;
    };
    let (cursor, has_more) = cursor_paths(types, page)?;
    let query = op.params.iter().position(|p| {
        p.location == ParamIn::Query
            && !p.required
            && p.ty == Ty::String
            && CURSOR_IN.contains(&normal(&p.wire).as_str())
    });
    let cursor_in = match query {
        Some(i) => CursorIn::Query(i),
        None => {
            let body = op
                .body
                .as_ref()
                .filter(|b| b.required && b.kind == BodyKind::Json)?;
            let fields =
                struct_fields(types, &body.ty).filter(|_| matches!(body.ty, Ty::Named(_)))?;
            CursorIn::Body(step(find(fields, CURSOR_IN, is_string)?))
        }
    };
    Some(Pagination {
        items: step(items),
        item_ty: (**item_ty).clone(),
        cursor,
        has_more,
        cursor_in,
    })
}

/// `ty` without its `Option`s (an optional nullable field has two).
fn strip_option(ty: &Ty) -> &Ty {
    match ty {
        Ty::Option(inner) => strip_option(inner),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::normal;

    #[test]
    fn names_match_without_case_or_separators() {
        assert_eq!(normal("next_cursor"), "nextcursor");
        assert_eq!(normal("nextCursor"), "nextcursor");
        assert_eq!(normal("page-token"), "pagetoken");
    }
}
