//! Cursor pagination: the items of every page of a listing, as one stream.
//!
//! A request builder of a paginated operation has `paginate`, which fetches
//! the first page, then follows the page's next cursor until there is none
//! (or its `hasMore`-style flag is false). A cursor the server already gave
//! ends the stream with [`Error::RepeatedCursor`] instead of looping forever.
//! This module is the same for every generated crate: the generator copies
//! it verbatim from `xtask/templates/pagination.rs`.
// Each API uses only some of the helpers below.
#![allow(dead_code)]

use super::error::Error;

/// The items of every page, in order; an error ends the stream.
pub type Items<T> =
    ::std::pin::Pin<Box<dyn ::futures_util::Stream<Item = Result<T, Error>> + Send + 'static>>;

/// One fetched page: its items and, if there is a next page, its cursor and
/// the request that fetches it.
pub(crate) struct Page<B, T> {
    pub(crate) items: Vec<T>,
    pub(crate) next: Option<(String, B)>,
}

/// Every item of the pages that `send` fetches, starting with the request
/// `first`; `next_page` takes a copy of the request that fetched a page and
/// the page, and returns the page's items and the request for the page after
/// it. Both are plain functions of the operation, so the stream's state
/// machine is this one function's, whatever the operation.
pub(crate) fn items<B, P, T, Fut>(
    first: B,
    send: fn(B) -> Fut,
    next_page: fn(B, P) -> Page<B, T>,
) -> Items<T>
where
    B: Clone + Send + 'static,
    P: 'static,
    T: Send + 'static,
    Fut: ::std::future::Future<Output = Result<P, Error>> + Send + 'static,
{
    use ::futures_util::TryStreamExt as _;
    // The next request, or the repeated cursor that ends the stream once the
    // page that repeated it has been handed out.
    let start = (
        Some(Ok::<B, String>(first)),
        ::std::collections::HashSet::<String>::new(),
    );
    let pages = ::futures_util::stream::try_unfold(start, move |(next, mut seen)| async move {
        let request = match next {
            None => return Ok(None),
            Some(Err(cursor)) => return Err(Error::RepeatedCursor(cursor)),
            Some(Ok(request)) => request,
        };
        let copy = request.clone();
        let page = next_page(copy, send(request).await?);
        let next = page.next.map(|(cursor, request)| {
            if seen.insert(cursor.clone()) {
                Ok(request)
            } else {
                Err(cursor)
            }
        });
        Ok(Some((page.items, (next, seen))))
    });
    Box::pin(
        pages
            .map_ok(|items| ::futures_util::stream::iter(items.into_iter().map(Ok)))
            .try_flatten(),
    )
}
