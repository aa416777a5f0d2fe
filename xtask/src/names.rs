//! Identifiers: turning wire names from the spec into Rust names.
//!
//! Lowering calls these once per item, so every naming decision is made in one
//! place and the emitter only prints what the IR holds. A wire name is first
//! cleaned (every character that is not ASCII alphanumeric becomes a word
//! separator, accented Latin letters lose their accents, and other non-ASCII
//! letters become `U<hex>` words so identifiers stay
//! ASCII and free of rustc's confusable-script lints), then cased with heck.
//! Keywords become raw identifiers (`r#type`); the five that cannot be raw get
//! a suffix. [`Scope`] resolves the collisions that remain, deterministically,
//! by numbering later arrivals.

use heck::{ToSnakeCase, ToUpperCamelCase};
use std::collections::BTreeSet;

/// Every Rust keyword, strict and reserved, in all editions up to 2024.
pub const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "gen", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// Keywords that cannot be written as raw identifiers.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Splits a wire name into ASCII words, spelling non-ASCII characters as `U<hex>`.
fn clean(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if let Some(ascii) = fold_latin(c) {
            out.push_str(ascii);
        } else if c.is_alphanumeric() {
            out.push_str(&format!(" U{:x} ", c as u32));
        } else {
            out.push(' ');
        }
    }
    out
}

/// The ASCII spelling of a common accented Latin letter (`é` → `e`), so
/// `café` becomes `Cafe` rather than `CafUe9`.
fn fold_latin(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' | 'Ā' | 'Ă' | 'Ą' => "A",
        'æ' => "ae",
        'Æ' => "AE",
        'ç' | 'ć' | 'č' => "c",
        'Ç' | 'Ć' | 'Č' => "C",
        'ď' | 'đ' => "d",
        'Ď' | 'Đ' => "D",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
        'È' | 'É' | 'Ê' | 'Ë' | 'Ē' | 'Ė' | 'Ę' | 'Ě' => "E",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' => "i",
        'Ì' | 'Í' | 'Î' | 'Ï' | 'Ī' | 'Į' => "I",
        'ł' => "l",
        'Ł' => "L",
        'ñ' | 'ń' | 'ň' => "n",
        'Ñ' | 'Ń' | 'Ň' => "N",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'Ō' | 'Ő' => "O",
        'œ' => "oe",
        'Œ' => "OE",
        'ř' => "r",
        'Ř' => "R",
        'ś' | 'š' | 'ş' => "s",
        'Ś' | 'Š' | 'Ş' => "S",
        'ß' => "ss",
        'ť' | 'ţ' => "t",
        'Ť' | 'Ţ' => "T",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => "u",
        'Ù' | 'Ú' | 'Û' | 'Ü' | 'Ū' | 'Ů' | 'Ű' | 'Ų' => "U",
        'ý' | 'ÿ' => "y",
        'Ý' | 'Ÿ' => "Y",
        'ź' | 'ż' | 'ž' => "z",
        'Ź' | 'Ż' | 'Ž' => "Z",
        _ => return None,
    })
}

/// A PascalCase type or variant name. `fallback` is used for names with no
/// letters or digits at all, and prefixes names that start with a digit.
pub fn pascal(raw: &str, fallback: &str) -> String {
    let cased = clean(raw).to_upper_camel_case();
    if cased.is_empty() {
        return fallback.to_string();
    }
    if cased.starts_with(|c: char| c.is_ascii_digit()) {
        return format!("{fallback}{cased}");
    }
    if cased == "Self" {
        return format!("Self{fallback}");
    }
    cased
}

/// A snake_case field, method or module name, valid as written in Rust
/// (keywords become `r#kw`, or `kw_` where a raw identifier is not allowed).
pub fn snake(raw: &str, fallback: &str) -> String {
    let mut cased = clean(raw).to_snake_case();
    if cased.is_empty() {
        cased = fallback.to_string();
    }
    if cased.starts_with(|c: char| c.is_ascii_digit()) {
        cased = format!("_{cased}");
    }
    if NOT_RAW.contains(&cased.as_str()) {
        return format!("{cased}_");
    }
    if KEYWORDS.contains(&cased.as_str()) {
        return format!("r#{cased}");
    }
    cased
}

/// The singular of an English plural, for naming an array's item type
/// (`producedRecords` → `producedRecord`). Returns `None` when the word does not
/// look plural, so the caller can pick another name (`…Item`).
pub fn singular(word: &str) -> Option<String> {
    let lower = word.to_ascii_lowercase();
    let strip = |n: usize, add: &str| Some(format!("{}{add}", &word[..word.len() - n]));
    if lower.ends_with("ies") && word.len() > 4 {
        return strip(3, "y");
    }
    for suffix in ["sses", "shes", "ches", "xes", "zzes", "uses"] {
        if lower.ends_with(suffix) {
            return strip(2, "");
        }
    }
    if lower.ends_with('s')
        && !lower.ends_with("ss")
        && !lower.ends_with("us")
        && !lower.ends_with("is")
        && word.len() > 2
    {
        return strip(1, "");
    }
    None
}

/// One namespace (a module's types, a struct's fields, an enum's variants):
/// hands out names and numbers any that would collide.
#[derive(Debug, Default, Clone)]
pub struct Scope {
    taken: BTreeSet<String>,
    /// The next number to try for each base name, so numbering many
    /// colliding names stays linear.
    next: std::collections::HashMap<String, usize>,
}

impl Scope {
    /// A scope where `reserved` names are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Scope {
            taken: reserved.iter().map(|s| s.to_string()).collect(),
            next: Default::default(),
        }
    }

    /// True when `name` is already in use here.
    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(name)
    }

    /// Takes `name`, or `name2`, `name3`, … if it is in use (`name_2` for snake_case names).
    pub fn claim(&mut self, name: &str) -> String {
        if self.taken.insert(name.to_string()) {
            return name.to_string();
        }
        let snake = name.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
            || name.starts_with("r#");
        // `self_` numbers as `self_2`, not `self__2` (rustc's non_snake_case).
        let base = name.trim_start_matches("r#").trim_end_matches('_');
        let start = self.next.get(base).copied().unwrap_or(2);
        for n in start.. {
            let candidate = if snake {
                format!("{base}_{n}")
            } else {
                format!("{base}{n}")
            };
            if self.taken.insert(candidate.clone()) {
                self.next.insert(base.to_string(), n + 1);
                return candidate;
            }
        }
        unreachable!("an unbounded counter always finds a free name")
    }

    /// Claims a name for each `(wire, candidate)` pair and returns them in
    /// the same order. Who wins a collision depends on the names, never on
    /// their order: a candidate that spells its wire name exactly (`next`
    /// for `next`, bare of any `r#`) is claimed first, the rest in order of
    /// their wire names. So reordering properties, or adding one, never
    /// renames another.
    pub fn claim_all(&mut self, pairs: &[(&str, String)]) -> Vec<String> {
        let exact = |(wire, candidate): &(&str, String)| {
            candidate.strip_prefix("r#").unwrap_or(candidate) == *wire
        };
        let mut order: Vec<usize> = (0..pairs.len()).collect();
        order.sort_by(|&a, &b| {
            let key = |i: usize| (!exact(&pairs[i]), pairs[i].0, i);
            key(a).cmp(&key(b))
        });
        let mut out = vec![String::new(); pairs.len()];
        for i in order {
            out[i] = self.claim(&pairs[i].1);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collisions_are_decided_by_names_not_order() {
        let forward = [("Next", snake("Next", "f")), ("next", snake("next", "f"))];
        let backward = [("next", snake("next", "f")), ("Next", snake("Next", "f"))];
        assert_eq!(Scope::default().claim_all(&forward), ["next_2", "next"]);
        assert_eq!(Scope::default().claim_all(&backward), ["next", "next_2"]);
        // Neither is exact: the wire names decide (`$ref` < `REF`), not the order.
        let a = [("REF", snake("REF", "f")), ("$ref", snake("$ref", "f"))];
        let b = [("$ref", snake("$ref", "f")), ("REF", snake("REF", "f"))];
        assert_eq!(Scope::default().claim_all(&a), ["ref_2", "r#ref"]);
        assert_eq!(Scope::default().claim_all(&b), ["r#ref", "ref_2"]);
    }

    #[test]
    fn every_keyword_becomes_a_valid_identifier() {
        for kw in KEYWORDS {
            let name = snake(kw, "field");
            let parsed = syn::parse_str::<syn::Ident>(&name);
            assert!(parsed.is_ok() || name.starts_with("r#"), "{kw} -> {name}");
            if name.starts_with("r#") {
                assert!(
                    syn::parse_str::<syn::Ident>(&name).is_ok(),
                    "{kw} -> {name} does not parse"
                );
            }
        }
        assert_eq!(snake("type", "f"), "r#type");
        assert_eq!(snake("self", "f"), "self_");
        assert_eq!(snake("crate", "f"), "crate_");
        assert_eq!(pascal("self", "Value"), "SelfValue");
    }

    #[test]
    fn wire_names_are_cased_and_cleaned() {
        assert_eq!(pascal("trigger.event", "V"), "TriggerEvent");
        assert_eq!(pascal("waiting_for_input", "V"), "WaitingForInput");
        assert_eq!(snake("organizationId", "f"), "organization_id");
        assert_eq!(snake("X-Environment", "f"), "x_environment");
        assert_eq!(snake("1st", "f"), "_1st");
        assert_eq!(pascal("2xx", "Value"), "Value2xx");
        assert_eq!(pascal("", "Empty"), "Empty");
        assert_eq!(snake("*/", "field"), "field");
        assert_eq!(pascal("café", "V"), "Cafe");
        assert_eq!(snake("naïve Straße", "f"), "naive_strasse");
        assert_eq!(pascal("日本", "V"), "U65e5U672c");
    }

    #[test]
    fn singulars() {
        assert_eq!(
            singular("producedRecords").as_deref(),
            Some("producedRecord")
        );
        assert_eq!(singular("nodeTraces").as_deref(), Some("nodeTrace"));
        assert_eq!(singular("entries").as_deref(), Some("entry"));
        assert_eq!(singular("addresses").as_deref(), Some("address"));
        assert_eq!(singular("statuses").as_deref(), Some("status"));
        assert_eq!(singular("status"), None);
        assert_eq!(singular("data"), None);
    }

    #[test]
    fn scope_numbers_collisions() {
        let mut s = Scope::with_reserved(&["Client"]);
        assert_eq!(s.claim("Client"), "Client2");
        assert_eq!(s.claim("name"), "name");
        assert_eq!(s.claim("name"), "name_2");
        assert_eq!(s.claim("r#type"), "r#type");
        assert_eq!(s.claim("r#type"), "type_2");
        assert_eq!(s.claim("self_"), "self_");
        assert_eq!(s.claim("self_"), "self_2");
    }
}
