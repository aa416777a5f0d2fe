//! What the structs' `Serialize` and `Deserialize` impls share.
//!
//! The generator writes each struct's impls out instead of deriving them:
//! serde's derive runs as an unoptimised proc macro on every build and
//! emits a sequence visitor and a field enum per struct that JSON objects
//! never use. These impls read keys through one shared seed and do what the
//! derive does otherwise: unknown keys are skipped, a repeated key is an
//! error, and an absent field is read from nothing (`None` for an `Option`,
//! a "missing field" error for the rest).
// Each API uses only some of the helpers below.
#![allow(dead_code)]

use ::serde::de::Visitor;

/// Reads a map key as the index of the field it names in `.0`, or
/// `.0.len()` for a key the struct does not have.
pub struct Key(pub &'static [&'static str]);

impl<'de> ::serde::de::DeserializeSeed<'de> for Key {
    type Value = usize;

    fn deserialize<D: ::serde::Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for Key {
    type Value = usize;

    fn expecting(&self, formatter: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        formatter.write_str("field identifier")
    }

    fn visit_str<E: ::serde::de::Error>(self, value: &str) -> Result<Self::Value, E> {
        Ok(self.0.iter().position(|name| *name == value).unwrap_or(self.0.len()))
    }

    fn visit_bytes<E: ::serde::de::Error>(self, value: &[u8]) -> Result<Self::Value, E> {
        Ok(self.0.iter().position(|name| name.as_bytes() == value).unwrap_or(self.0.len()))
    }

    fn visit_u64<E: ::serde::de::Error>(self, value: u64) -> Result<Self::Value, E> {
        Ok(usize::try_from(value).ok().filter(|&i| i < self.0.len()).unwrap_or(self.0.len()))
    }
}

/// Refuses a key that came twice, as serde's derive does (before reading
/// its value), then reads the value of the field `name` into its slot.
pub fn set<'de, T: ::serde::Deserialize<'de>, A: ::serde::de::MapAccess<'de>>(
    slot: &mut Option<T>,
    map: &mut A,
    name: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(::serde::de::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// [`set`] for an optional nullable field (`Option<Option<T>>`): a key that
/// is present is `Some`, `null` included.
pub fn set_present<'de, T: ::serde::Deserialize<'de>, A: ::serde::de::MapAccess<'de>>(
    slot: &mut Option<Option<T>>,
    map: &mut A,
    name: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(::serde::de::Error::duplicate_field(name));
    }
    *slot = Some(Some(map.next_value()?));
    Ok(())
}

/// Skips the value of a key the struct does not have (the tolerant reader).
pub fn skip<'de, A: ::serde::de::MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<::serde::de::IgnoredAny>().map(drop)
}

/// A required field's value: what was read, or what its type reads from
/// nothing when the key was absent ([`missing`]). For the field types whose
/// answer the generator knows (an error, or `None`), it writes that answer
/// instead.
pub fn required<'de, T: ::serde::Deserialize<'de>, E: ::serde::de::Error>(
    slot: Option<T>,
    name: &'static str,
) -> Result<T, E> {
    match slot {
        Some(value) => Ok(value),
        None => missing(name),
    }
}

/// The value of a field that was absent: what `T` reads from nothing.
pub fn missing<'de, T: ::serde::Deserialize<'de>, E: ::serde::de::Error>(name: &'static str) -> Result<T, E> {
    T::deserialize(Missing::<E>(name, ::std::marker::PhantomData))
}

/// A deserializer of nothing: `None` for an `Option`, else "missing field".
struct Missing<E>(&'static str, ::std::marker::PhantomData<E>);

impl<'de, E: ::serde::de::Error> ::serde::Deserializer<'de> for Missing<E> {
    type Error = E;

    fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, E> {
        Err(E::missing_field(self.0))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        visitor.visit_none()
    }

    ::serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

/// A string enum with a catch-all variant, as the shared serde code sees it.
pub trait StringEnum: Sized {
    /// The listed value spelled `value`, if any.
    fn known(value: &str) -> Option<Self>;
    /// The catch-all variant, holding a value the spec does not list.
    fn unknown(value: String) -> Self;
}

/// Reads a string enum. Listed values are matched where the deserializer
/// holds the text, with no allocation; only other values are copied into
/// the catch-all, and an owned string is moved there as it is.
pub fn string_enum<'de, T: StringEnum, D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_str(EnumVisitor(::std::marker::PhantomData))
}

/// The text of a string enum: never fails (other values are the catch-all).
pub fn parse_enum<T: StringEnum>(value: &str) -> T {
    T::known(value).unwrap_or_else(|| T::unknown(value.to_owned()))
}

struct EnumVisitor<T>(::std::marker::PhantomData<T>);

impl<T: StringEnum> Visitor<'_> for EnumVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.write_str("a string")
    }

    // `visit_borrowed_str` forwards here.
    fn visit_str<E: ::serde::de::Error>(self, value: &str) -> Result<T, E> {
        Ok(parse_enum(value))
    }

    fn visit_string<E: ::serde::de::Error>(self, value: String) -> Result<T, E> {
        Ok(match T::known(&value) {
            Some(known) => known,
            None => T::unknown(value),
        })
    }
}

/// A struct's `Serialize` state that keeps the first error: writing a
/// field is one call without `?`, so a large API's `Serialize` impls stay
/// small for the compiler. The fields after a failed one are not written,
/// and [`end`](Self::end) returns the error.
pub struct Fields<S: ::serde::ser::SerializeStruct>(Result<S, S::Error>);

impl<S: ::serde::ser::SerializeStruct> Fields<S> {
    /// The state `serialize_struct` returned.
    pub fn new(state: Result<S, S::Error>) -> Self {
        Fields(state)
    }

    /// Writes `value` as the field `name`, unless an earlier field failed.
    pub fn field<T: ::serde::Serialize + ?Sized>(&mut self, name: &'static str, value: &T) {
        let written = match &mut self.0 {
            Ok(state) => state.serialize_field(name, value),
            Err(_) => return,
        };
        if let Err(e) = written {
            self.0 = Err(e);
        }
    }

    /// Writes `value` as the field `name` unless it is unset: an optional
    /// field that was absent stays absent.
    pub fn optional<T: ::serde::Serialize + Unset>(&mut self, name: &'static str, value: &T) {
        if !value.is_unset() {
            self.field(name, value);
        }
    }

    /// Ends the struct, or returns the first error.
    pub fn end(self) -> Result<S::Ok, S::Error> {
        self.0?.end()
    }
}

/// The value of an optional field that leaves the key out: `None`, or
/// `null` for a field that holds any JSON value.
pub trait Unset {
    /// Whether the field is left out.
    fn is_unset(&self) -> bool;
}

impl<T> Unset for Option<T> {
    fn is_unset(&self) -> bool {
        self.is_none()
    }
}

impl Unset for ::serde_json::Value {
    fn is_unset(&self) -> bool {
        self.is_null()
    }
}

/// The length of a struct's `Serialize`: its `all` fields but those whose
/// flag in `unset` is true (the optional fields it leaves out).
pub fn len(all: usize, unset: &[bool]) -> usize {
    all - unset.iter().filter(|unset| **unset).count()
}

/// The error of a required field whose key is absent, for a field whose
/// type cannot be read from nothing (see [`missing`] for the others).
pub fn absent<T, E: ::serde::de::Error>(name: &'static str) -> Result<T, E> {
    Err(E::missing_field(name))
}

/// A struct whose `Deserialize` is written out: its name, its fields' wire
/// names, and how it reads them from a map. Its `Deserialize` calls
/// [`deserialize`], so every struct shares one visitor.
pub trait Struct: Sized {
    /// The struct's name, for "invalid type: …, expected struct X".
    const NAME: &'static str;
    /// The wire names of its fields, numbered as [`Key`] numbers them.
    const FIELDS: &'static [&'static str];
    /// Reads the struct from a map's keys and values.
    fn visit<'de, A: ::serde::de::MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// Reads a [`Struct`] from a map (a JSON object).
pub fn deserialize<'de, T: Struct, D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_struct(T::NAME, T::FIELDS, StructVisitor(::std::marker::PhantomData))
}

/// The visitor of every [`Struct`].
struct StructVisitor<T>(::std::marker::PhantomData<T>);

impl<'de, T: Struct> Visitor<'de> for StructVisitor<T> {
    type Value = T;

    fn expecting(&self, formatter: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        write!(formatter, "struct {}", T::NAME)
    }

    fn visit_map<A: ::serde::de::MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::visit(map)
    }
}
