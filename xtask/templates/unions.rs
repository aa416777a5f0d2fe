//! How unions decode without losing what the server sent.
//!
//! An untagged union buffers the value and tries every member. Each member is
//! tried strictly first (enums reject values they do not list, so a listed
//! value wins over a catch-all that would accept anything), then leniently.
//! Of the members that decode, the one whose re-encoding drops the fewest of
//! the input's keys wins, then a strict match over a lenient one, then the
//! earlier member. A tagged union reads its tag, decodes the member it names,
//! and keeps a tag it does not know as the whole value.

use ::serde::de::DeserializeOwned;
use ::serde::ser::SerializeMap as _;
use ::serde::Serialize;
use ::serde_json::Value;
use ::std::cell::Cell;

::std::thread_local! {
    /// Set while a union tries a member strictly.
    static STRICT: Cell<bool> = const { Cell::new(false) };
}

/// Whether enums must reject the values they do not list: true only while
/// a union tries its members strictly (callers never see strict decoding).
pub fn strict() -> bool {
    STRICT.with(Cell::get)
}

/// Decodes one member: the value and whether to decode strictly, to the
/// union's variant or a message naming where decoding failed.
pub type Member<U> = fn(&Value, bool) -> Result<U, String>;

/// Decodes `value` as `T`, strictly or not, restoring the mode of the
/// caller after (a union inside a member tries its own members). The error
/// names the path inside the value that failed.
pub fn attempt<T: DeserializeOwned>(value: &Value, strict: bool) -> Result<T, String> {
    let previous = STRICT.with(|s| s.replace(strict));
    let result = ::serde_path_to_error::deserialize::<_, T>(value);
    STRICT.with(|s| s.set(previous));
    result.map_err(|e| match e.path().to_string().as_str() {
        "." => e.inner().to_string(),
        path => format!("at `{path}`: {}", e.inner()),
    })
}

/// How many object keys of `input` are missing from `output`, at any depth
/// (a `null` that became an absent key counts as kept).
pub fn lost(input: &Value, output: &Value) -> usize {
    match (input, output) {
        (Value::Object(i), Value::Object(o)) => i
            .iter()
            .map(|(key, v)| match o.get(key) {
                Some(w) => lost(v, w),
                None if v.is_null() => 0,
                None => 1,
            })
            .sum(),
        (Value::Array(i), Value::Array(o)) => i.iter().zip(o).map(|(a, b)| lost(a, b)).sum(),
        _ => 0,
    }
}

/// Chooses the member of the untagged union `union` that `value` decodes to
/// (see the module docs), or says why none does, member by member.
pub fn choose<U: Serialize>(union: &str, value: &Value, members: &[(&str, Member<U>)]) -> Result<U, String> {
    // Inside a member being tried strictly, only strict matches count.
    let outer_strict = strict();
    let mut best: Option<((usize, bool), U)> = None;
    let mut errors = Vec::new();
    for (name, decode) in members {
        let decoded = match decode(value, true) {
            Ok(u) => Ok((u, false)),
            Err(e) if outer_strict => Err(e),
            Err(_) => decode(value, false).map(|u| (u, true)),
        };
        let (u, lenient) = match decoded {
            Ok(found) => found,
            Err(e) => {
                errors.push(format!("`{name}`: {e}"));
                continue;
            }
        };
        let dropped = ::serde_json::to_value(&u).map_or(usize::MAX, |out| lost(value, &out));
        let score = (dropped, lenient);
        if score == (0, false) {
            return Ok(u);
        }
        if best.as_ref().is_none_or(|(b, _)| score < *b) {
            best = Some((score, u));
        }
    }
    best.map(|(_, u)| u).ok_or_else(|| {
        format!("data did not match any variant of untagged enum `{union}`: {}", errors.join("; "))
    })
}

/// Splits the tag off an object: its value and the other keys, or `None`
/// when `value` is not an object with a string at `tag`.
pub fn split_tag(value: &Value, tag: &str) -> Option<(String, Value)> {
    let mut map = value.as_object()?.clone();
    let Value::String(found) = map.remove(tag)? else {
        return None;
    };
    Some((found, Value::Object(map)))
}

/// Writes a tagged member: the tag first, then the member's own keys. A
/// member that writes the tag itself (a nested union) says which value it is.
pub fn tagged<S: ::serde::Serializer, T: Serialize>(
    serializer: S,
    tag: &str,
    tag_value: &str,
    member: &T,
) -> Result<S::Ok, S::Error> {
    use ::serde::ser::Error as _;
    let Value::Object(map) = ::serde_json::to_value(member).map_err(S::Error::custom)? else {
        return Err(S::Error::custom("a tagged union member must be an object"));
    };
    let own = map.get(tag).and_then(Value::as_str);
    let mut out = serializer.serialize_map(Some(map.len() + 1))?;
    out.serialize_entry(tag, own.unwrap_or(tag_value))?;
    for (key, v) in map.iter().filter(|(key, _)| key.as_str() != tag) {
        out.serialize_entry(key, v)?;
    }
    out.end()
}
