//! Shortens the emitted `::std::option::Option`, `::std::string::String` and
//! the other fully qualified paths of std's prelude items to their prelude
//! names (`Option`, `String`), except where an item of the generated crate
//! takes the name. Part of the emit stage, run on each block of tokens
//! before it is formatted.
//!
//! The emitters write every path in full, so a schema called `Option` or
//! `String` can never shadow what the generated code means; this pass then
//! gives back the short names wherever nothing shadows them, which is what a
//! person would write, and leaves a third fewer tokens for the generator to
//! parse and print and for the compiler to read.

use proc_macro2::{Group, Ident, Spacing, Span, TokenStream, TokenTree};
use std::collections::HashSet;

/// The std items every Rust edition's prelude has, by module and name, with
/// the variants the prelude also has (`Option::Some` is `Some`).
const PRELUDE: &[(&str, &str, &[&str])] = &[
    ("option", "Option", &["Some", "None"]),
    ("result", "Result", &["Ok", "Err"]),
    ("string", "String", &[]),
    ("string", "ToString", &[]),
    ("vec", "Vec", &[]),
    ("boxed", "Box", &[]),
    ("clone", "Clone", &[]),
    ("default", "Default", &[]),
    ("convert", "Into", &[]),
    ("convert", "From", &[]),
    ("convert", "AsRef", &[]),
    ("marker", "Send", &[]),
    ("marker", "Sync", &[]),
];

/// The names the pass must leave qualified: those some item of the
/// generated crate defines (a type called `Option`, a builder, …).
pub struct Shadowed(HashSet<String>);

impl Shadowed {
    /// Nothing may be shortened that is also one of `names`.
    pub fn new<'a>(names: impl IntoIterator<Item = &'a str>) -> Self {
        Shadowed(names.into_iter().map(str::to_owned).collect())
    }

    /// `tokens` with each unshadowed `::std::<module>::<Item>` (and
    /// `…::<Item>::<Variant>`) replaced by its prelude name.
    pub fn shorten(&self, tokens: TokenStream) -> TokenStream {
        let trees: Vec<TokenTree> = tokens.into_iter().collect();
        let mut out = Vec::with_capacity(trees.len());
        let mut i = 0;
        while i < trees.len() {
            if let Some((name, used)) = self.prelude_path(&trees[i..]) {
                out.push(TokenTree::Ident(Ident::new(name, Span::call_site())));
                i += used;
                continue;
            }
            out.push(match &trees[i] {
                TokenTree::Group(g) => {
                    let mut group = Group::new(g.delimiter(), self.shorten(g.stream()));
                    group.set_span(g.span());
                    TokenTree::Group(group)
                }
                other => other.clone(),
            });
            i += 1;
        }
        out.into_iter().collect()
    }

    /// The prelude name `trees` starts with, and how many tokens it replaces.
    /// `::std` is always a root path in emitted code: nothing the generator
    /// emits is called `std`.
    fn prelude_path(&self, trees: &[TokenTree]) -> Option<(&'static str, usize)> {
        if !(is_colons(trees, 0) && is_ident(trees.get(2), "std") && is_colons(trees, 3)) {
            return None;
        }
        let module = ident_text(trees.get(5))?;
        if !is_colons(trees, 6) {
            return None;
        }
        let item = ident_text(trees.get(8))?;
        let &(_, name, variants) = PRELUDE
            .iter()
            .find(|(m, n, _)| module == *m && item == *n)?;
        if self.0.contains(name) {
            return None;
        }
        if is_colons(trees, 9) {
            if let Some(variant) = ident_text(trees.get(11)) {
                if let Some(v) = variants.iter().find(|v| variant == **v) {
                    return (!self.0.contains(*v)).then_some((*v, 12));
                }
            }
        }
        Some((name, 9))
    }
}

/// Whether `trees[at..]` starts with `::`.
fn is_colons(trees: &[TokenTree], at: usize) -> bool {
    matches!(
        (trees.get(at), trees.get(at + 1)),
        (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b)))
            if a.as_char() == ':' && a.spacing() == Spacing::Joint && b.as_char() == ':'
    )
}

fn is_ident(tree: Option<&TokenTree>, text: &str) -> bool {
    matches!(tree, Some(TokenTree::Ident(i)) if i == text)
}

fn ident_text(tree: Option<&TokenTree>) -> Option<String> {
    match tree {
        Some(TokenTree::Ident(i)) => Some(i.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    fn text(tokens: TokenStream) -> String {
        tokens.to_string()
    }

    #[test]
    fn shortens_prelude_paths_and_variants() {
        let s = Shadowed::new([]);
        let out = s.shorten(quote! {
            fn f(x: ::std::option::Option<::std::string::String>) -> ::std::result::Result<(), ()> {
                let _ = ::std::option::Option::Some(::std::vec::Vec::<u8>::new());
                ::std::result::Result::Ok(())
            }
        });
        assert_eq!(
            text(out),
            text(quote! {
                fn f(x: Option<String>) -> Result<(), ()> {
                    let _ = Some(Vec::<u8>::new());
                    Ok(())
                }
            })
        );
    }

    #[test]
    fn leaves_shadowed_names_and_other_paths_qualified() {
        let s = Shadowed::new(["Option", "Ok"]);
        let tokens = quote! {
            ::std::option::Option<u8>, ::std::option::Option::None,
            ::std::result::Result::Ok(()), ::std::fmt::Result, ::std::time::Duration,
            ::serde::Serialize, ::std::collections::BTreeMap<u8, u8>
        };
        assert_eq!(
            text(s.shorten(tokens)),
            text(quote! {
                ::std::option::Option<u8>, ::std::option::Option::None,
                ::std::result::Result::Ok(()), ::std::fmt::Result, ::std::time::Duration,
                ::serde::Serialize, ::std::collections::BTreeMap<u8, u8>
            })
        );
    }
}
