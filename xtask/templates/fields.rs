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

/// Reads a map key as the index of the field it names in `.0`, or `None`
/// for a key the struct does not have.
pub struct Key(pub &'static [&'static str]);

impl<'de> ::serde::de::DeserializeSeed<'de> for Key {
    type Value = Option<usize>;

    fn deserialize<D: ::serde::Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for Key {
    type Value = Option<usize>;

    fn expecting(&self, formatter: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        formatter.write_str("field identifier")
    }

    fn visit_str<E: ::serde::de::Error>(self, value: &str) -> Result<Self::Value, E> {
        Ok(self.0.iter().position(|name| *name == value))
    }

    fn visit_bytes<E: ::serde::de::Error>(self, value: &[u8]) -> Result<Self::Value, E> {
        Ok(self.0.iter().position(|name| name.as_bytes() == value))
    }

    fn visit_u64<E: ::serde::de::Error>(self, value: u64) -> Result<Self::Value, E> {
        Ok(usize::try_from(value).ok().filter(|&i| i < self.0.len()))
    }
}

/// Stores a field's value, refusing a key that came twice.
pub fn set<T, E: ::serde::de::Error>(slot: &mut Option<T>, name: &'static str, value: T) -> Result<(), E> {
    if slot.is_some() {
        return Err(E::duplicate_field(name));
    }
    *slot = Some(value);
    Ok(())
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
