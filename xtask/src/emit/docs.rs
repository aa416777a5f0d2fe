//! Doc comments for generated items: spec text made safe for rustdoc.
//!
//! Descriptions are untrusted data. Each line becomes its own `#[doc]`
//! attribute (a multi-line string would print as a `/** */` block). Code
//! fences are marked `text` so rustdoc never runs them as doctests, deep
//! indentation is capped so it cannot become an indented (Rust) code block,
//! `[`/`]`/`<`/`>` are escaped so they are not read as intra-doc links or HTML,
//! bare URLs are wrapped in `<…>`, and control characters are dropped.
//!
//! Doc comments are most of the generated text but need no formatting, so
//! while a block is emitted for formatting ([`deferred`]) each item's doc
//! lines stay out of the token stream: the item carries one placeholder
//! `#[doc]`, and the formatted text gets the lines back ([`Deferred::fill`])
//! exactly as prettyplease would have printed them. Otherwise syn and
//! prettyplease would escape, parse, unescape and print every line, about a
//! seventh of the generator's time.

use crate::ir::{Api, Docs};
use proc_macro2::TokenStream;
use quote::quote;
use std::cell::RefCell;

/// How a placeholder's line starts once printed: a doc comment whose text
/// begins with a control character, which no real doc line has (`lines`
/// drops them from spec text, the generator writes none, and a string
/// literal in code is printed escaped).
const PLACEHOLDER: &str = "///\u{1}";

thread_local! {
    /// The doc blocks held back on this thread while [`deferred`] runs,
    /// by placeholder number; `None` outside it.
    static HELD: RefCell<Option<Vec<Vec<String>>>> = const { RefCell::new(None) };
}

/// Runs `emit` with every doc block that [`attrs`], [`plain`] and
/// [`doc_attr`] make held back behind a placeholder; [`Deferred::fill`] puts
/// them into the formatted text. The formatting must happen on this thread's
/// output only: placeholders are numbered per call.
pub fn deferred<T>(emit: impl FnOnce() -> T) -> (T, Deferred) {
    let outer = HELD.replace(Some(Vec::new()));
    let out = emit();
    let held = HELD.replace(outer).unwrap_or_default();
    (out, Deferred(held))
}

/// The doc blocks [`deferred`] held back, by placeholder number.
#[derive(Debug, Default)]
pub struct Deferred(Vec<Vec<String>>);

impl Deferred {
    /// `text`, formatted from tokens emitted under [`deferred`], with each
    /// placeholder line replaced by its doc lines at the same indentation,
    /// each printed as prettyplease prints a `#[doc]` line: `///`, then the
    /// text without trailing spaces. A placeholder that is unknown, repeated
    /// or not on a line of its own (a generator bug) is an error.
    pub fn fill(&self, text: &str) -> Result<String, String> {
        let mut out = String::with_capacity(text.len() * 2);
        let mut used = vec![false; self.0.len()];
        let mut rest = text;
        while let Some(at) = rest.find(PLACEHOLDER) {
            let line_start = rest[..at].rfind('\n').map_or(0, |i| i + 1);
            let indent = &rest[line_start..at];
            let after = &rest[at + PLACEHOLDER.len()..];
            let end = after.find('\n').unwrap_or(after.len());
            // Each placeholder once, on a line of its own: anything else is a
            // generator bug (no doc text can hold the control character).
            let lines = after[..end]
                .parse::<usize>()
                .ok()
                .filter(|&n| indent.bytes().all(|b| b == b' ') && used.get(n) == Some(&false))
                .map(|n| {
                    used[n] = true;
                    &self.0[n]
                })
                .ok_or_else(|| {
                    format!(
                        "a doc placeholder was printed out of place: {:?}",
                        &rest[line_start..at + PLACEHOLDER.len() + end]
                    )
                })?;
            out.push_str(&rest[..line_start]);
            for line in lines {
                out.push_str(indent);
                out.push_str("///");
                out.push_str(line.trim_end_matches(' '));
                out.push('\n');
            }
            rest = after.get(end + 1..).unwrap_or("");
        }
        out.push_str(rest);
        Ok(out)
    }
}

/// `#[doc]` attributes for `texts` (each already a [`doc_text`]): one
/// placeholder while [`deferred`] runs, else one attribute per line.
fn doc_block(texts: Vec<String>) -> TokenStream {
    if texts.is_empty() {
        return TokenStream::new();
    }
    if HELD.with_borrow(Option::is_none) {
        let attrs = texts.iter().map(|text| quote!(#[doc = #text]));
        return quote!(#(#attrs)*);
    }
    let n = HELD.with_borrow_mut(|held| {
        let blocks = held.get_or_insert_with(Vec::new);
        blocks.push(texts);
        blocks.len() - 1
    });
    let marker = format!("\u{1}{n}");
    quote!(#[doc = #marker])
}

/// Rustdoc-safe lines for `text`.
pub fn lines(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut fence: Option<String> = None;
    let mut list_content: Option<usize> = None;
    for raw in text.replace("\r\n", "\n").replace('\r', "\n").split('\n') {
        let line: String = raw
            .replace('\t', "    ")
            .chars()
            .filter(|c| !c.is_control())
            .collect();
        let trimmed = line.trim_start();
        let marker = if trimmed.starts_with("```") {
            Some("```")
        } else if trimmed.starts_with("~~~") {
            Some("~~~")
        } else {
            None
        };
        if let Some(marker) = marker {
            match &fence {
                Some(open) if open == marker => {
                    fence = None;
                    out.push(marker.to_string());
                }
                Some(_) => out.push(line.trim_end().to_string()),
                None => {
                    fence = Some(marker.to_string());
                    out.push(format!("{marker}text"));
                }
            }
            continue;
        }
        if fence.is_some() {
            out.push(line.trim_end().to_string());
            continue;
        }
        let text = escape_inline(trimmed.trim_end());
        if text.is_empty() {
            list_content = None;
            out.push(String::new());
            continue;
        }
        // Indentation is capped so it never turns into an indented (Rust) code
        // block; inside a list item, following lines are indented to the
        // item's content so they continue it (clippy's doc_lazy_continuation).
        let raw_indent = line.len() - trimmed.len();
        let indent = match (list_marker(trimmed), list_content) {
            (Some(_), Some(content)) => raw_indent.min(content),
            (Some(_), None) => raw_indent.min(3),
            (None, Some(content)) => content,
            (None, None) => raw_indent.min(3),
        };
        if let Some(marker_len) = list_marker(trimmed) {
            list_content = Some(indent + marker_len);
        }
        out.push(format!("{}{}", " ".repeat(indent), text));
    }
    if let Some(marker) = fence {
        out.push(marker);
    }
    // Drop leading and trailing blank lines; collapse runs of blank lines.
    let mut cleaned: Vec<String> = Vec::new();
    for line in out {
        if line.trim().is_empty() && cleaned.last().is_none_or(|l: &String| l.trim().is_empty()) {
            continue;
        }
        cleaned.push(line);
    }
    while cleaned.last().is_some_and(|l| l.trim().is_empty()) {
        cleaned.pop();
    }
    cleaned
}

/// The width of a list marker and the spaces after it (`- `, `*   `, `1. `,
/// `2) `) at the start of `line`: where the item's content starts.
fn list_marker(line: &str) -> Option<usize> {
    let bullet = if line.starts_with(['-', '*', '+']) {
        1
    } else {
        let digits = line.chars().take_while(char::is_ascii_digit).count();
        if !(1..=9).contains(&digits) || !line[digits..].starts_with(['.', ')']) {
            return None;
        }
        digits + 1
    };
    let spaces = line[bullet..].chars().take_while(|c| *c == ' ').count();
    if spaces == 0 || bullet + spaces == line.len() {
        return None;
    }
    Some(bullet + spaces.min(4))
}

/// The length of a Markdown link `[text](https://…)` at the start of `rest`, if there is one.
fn link_len(rest: &str) -> Option<usize> {
    let close = rest.find(']')?;
    if rest[1..close].contains('[') {
        return None;
    }
    let after = &rest[close + 1..];
    let url = after.strip_prefix('(')?;
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        return None;
    }
    let end = url.find(')')?;
    if url[..end].contains(char::is_whitespace) || url[..end].contains(['<', '>', '(']) {
        return None;
    }
    Some(close + 1 + 1 + end + 1)
}

/// Escapes brackets and angle brackets, and wraps bare URLs in `<…>`.
fn escape_inline(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut rest = line;
    while !rest.is_empty() {
        let at_url = (rest.starts_with("http://") || rest.starts_with("https://"))
            && !out.ends_with(|c: char| c.is_alphanumeric());
        if at_url {
            let end = rest
                .find(|c: char| {
                    c.is_whitespace()
                        || matches!(
                            c,
                            '<' | '>' | '"' | '\'' | '`' | '[' | ']' | '(' | ')' | '{' | '}'
                        )
                })
                .unwrap_or(rest.len());
            let url = rest[..end].trim_end_matches(['.', ',', ';', ':']);
            out.push('<');
            out.push_str(url);
            out.push('>');
            rest = &rest[url.len()..];
            continue;
        }
        if rest.starts_with('[') {
            if let Some(len) = link_len(rest) {
                out.push_str(&rest[..len].replace('<', "&lt;").replace('>', "&gt;"));
                rest = &rest[len..];
                continue;
            }
        }
        let c = rest.chars().next().unwrap_or(' ');
        match c {
            '[' => out.push_str("\\["),
            ']' => out.push_str("\\]"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// `#[doc]` attributes for `text` followed by the `Source:` line.
pub fn attrs(text: Option<&str>, source: Option<&str>) -> TokenStream {
    let mut all = text.map(lines).unwrap_or_default();
    if let Some(source) = source {
        if !all.is_empty() {
            all.push(String::new());
        }
        all.push(format!("Source: `{}`", source.replace('`', "'")));
    }
    doc_block(all.iter().map(|l| doc_text(l)).collect())
}

/// One `#[doc]` line; the leading space makes it print as `/// text`.
pub fn doc_attr(line: &str) -> TokenStream {
    doc_block(vec![doc_text(line)])
}

/// One `#![doc]` line, for module docs.
pub fn inner_doc_attr(line: &str) -> TokenStream {
    let text = doc_text(line);
    quote!(#![doc = #text])
}

/// A doc line as printed after `///`. Characters that change the direction
/// of text are written as `\u{…}` escapes: rustc rejects them in comments
/// (`text_direction_codepoint_in_comment`, deny by default), and spec text
/// may carry them. So are control characters (`\n`, `\r`, `\t`, `\u{1}`),
/// which spec text cut by [`lines`] no longer has but a wire name quoted in
/// generated text (an enum value, a property name) may: a raw one would end
/// the line, be refused by rustc (a bare CR), or forge a placeholder.
fn doc_text(line: &str) -> String {
    if line.is_empty() {
        return String::new();
    }
    // Direction marks are encoded starting with 0xE2, C1 controls with 0xC2,
    // C0 controls below 0x20 and DEL as 0x7F; most lines have none of these
    // bytes, and are copied whole.
    if !line
        .bytes()
        .any(|b| b < 0x20 || b == 0x7F || b == 0xC2 || b == 0xE2)
    {
        return format!(" {line}");
    }
    let mut text = String::with_capacity(line.len() + 8);
    text.push(' ');
    for c in line.chars() {
        match c {
            '\n' => text.push_str("\\n"),
            '\r' => text.push_str("\\r"),
            '\t' => text.push_str("\\t"),
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => {
                text.push_str(&format!("\\u{{{:X}}}", c as u32));
            }
            c if c.is_control() => text.push_str(&format!("\\u{{{:X}}}", c as u32)),
            c => text.push(c),
        }
    }
    text
}

/// `#[doc]` attributes for text the generator wrote itself (trusted, so
/// intra-doc links and code spans are kept as written).
pub fn plain(text: &str) -> TokenStream {
    doc_block(text.split('\n').map(doc_text).collect())
}

/// Inner (`#![doc]`) attributes for module docs.
pub fn inner_attrs(text: &str) -> TokenStream {
    let attrs = lines(text).into_iter().map(|l| inner_doc_attr(&l));
    quote!(#(#attrs)*)
}

/// `#[deprecated(note = …)]` for an item the spec marks `deprecated: true`.
pub fn deprecated(d: &Docs) -> TokenStream {
    match &d.deprecated {
        Some(note) => quote!(#[deprecated(note = #note)]),
        None => TokenStream::new(),
    }
}

/// `#![allow(deprecated)]` for the `types` and `client` modules when the
/// spec deprecates a schema or parameter: the crate's own uses of them
/// (fields, variants, methods, impls) must not warn; callers still are warned.
pub fn allow_deprecated(api: &Api) -> TokenStream {
    let any = api.types.iter().any(|t| t.docs.deprecated.is_some())
        || api
            .operations
            .iter()
            .flat_map(|op| &op.params)
            .any(|p| p.docs.deprecated.is_some());
    if any {
        quote!(#![allow(deprecated)])
    } else {
        TokenStream::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Held-back docs come back as prettyplease prints `#[doc]` lines: at
    /// the item's indentation, trailing spaces trimmed, empty lines as `///`.
    #[test]
    fn deferred_docs_print_as_doc_attributes_do() {
        let emit = || {
            let outer = attrs(Some("Outer text  \n\nsecond"), Some("spec.yaml#/a"));
            let inner = plain("A field.");
            quote! {
                #outer
                pub struct S {
                    #inner
                    pub f: u8,
                }
            }
        };
        let print =
            |tokens: TokenStream| prettyplease::unparse(&syn::parse2::<syn::File>(tokens).unwrap());
        let (tokens, held) = deferred(emit);
        assert!(
            HELD.with_borrow(Option::is_none),
            "deferred restores the thread's state"
        );
        let filled = held.fill(&print(tokens)).unwrap();
        assert_eq!(filled, print(emit()));
        assert!(filled.contains("    /// A field.\n"), "{filled}");
        assert!(
            filled.contains("/// Outer text\n///\n/// second\n"),
            "{filled}"
        );
    }

    #[test]
    fn a_placeholder_without_its_docs_is_an_error() {
        let (tokens, held) = deferred(|| plain("x"));
        let text = prettyplease::unparse(&syn::parse2(quote!(#tokens struct S;)).unwrap());
        assert_eq!(held.fill(&text).unwrap(), "/// x\nstruct S;\n");
        assert!(Deferred::default().fill(&text).is_err());
    }

    #[test]
    fn direction_marks_are_escaped() {
        let text = doc_attr("a\u{202E}b\u{2066}c").to_string();
        assert!(text.contains(r"a\\u{202E}b\\u{2066}c"), "{text}");
        assert!(!text.contains('\u{202E}'), "{text}");
    }

    #[test]
    fn hostile_text_is_inert() {
        let got = lines("See https://docs.artu.ai.\n```\nfn main() { panic!() }\n```\n[x] and <T> */\n        indented");
        assert_eq!(
            got,
            vec![
                "See <https://docs.artu.ai>.",
                "```text",
                "fn main() { panic!() }",
                "```",
                "\\[x\\] and &lt;T&gt; */",
                "   indented",
            ]
        );
    }

    #[test]
    fn links_are_kept_and_list_continuations_indented() {
        assert_eq!(
            lines("See [the docs](https://x.io/a_b) or [x].\n- item one\ncontinues\n10. ten\n  more\n\n*   wide\nnext"),
            vec!["See [the docs](https://x.io/a_b) or \\[x\\].", "- item one", "  continues", "10. ten", "    more", "", "*   wide", "    next"]
        );
    }

    #[test]
    fn unclosed_fence_is_closed_and_blank_runs_collapse() {
        assert_eq!(
            lines("a\n\n\n\nb\n~~~\ncode"),
            vec!["a", "", "b", "~~~text", "code", "~~~"]
        );
    }
}
