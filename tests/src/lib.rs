//! Snapshot goldens, compiled: each `tests/snapshots/<case>.rs` is a generated
//! crate's `types` and `client` modules in one file, included here as a module
//! so `cargo build` (and clippy with `-D warnings`) checks that every golden is
//! valid Rust. The runtime modules, the same in every crate, are compiled once
//! below and reached by each golden as `crate::error` and `crate::http`; all
//! but `request`, which each golden compiles itself.
//! `xtask/tests/snapshots.rs` checks that the generator still produces them.

#![warn(missing_docs)]
// Each golden compiles the `request` template as a module of its own, on
// purpose: its `Request` holds that golden's `Client`.
#![allow(clippy::duplicate_mod)]

// The runtime modules every generated crate copies verbatim, compiled once
// here; each golden reaches them as `crate::error` and `crate::http`.
#[path = "../../xtask/templates/error.rs"]
pub mod error;
#[path = "../../xtask/templates/http.rs"]
mod http;
#[path = "../../xtask/templates/pagination.rs"]
pub mod pagination;
#[path = "../../xtask/templates/response.rs"]
pub mod response;
#[path = "../../xtask/templates/retry.rs"]
pub mod retry;
#[path = "../../xtask/templates/sse.rs"]
pub mod sse;

/// Golden for `tests/fixtures/all_of_values.yaml`.
#[path = "../snapshots/all_of_values.rs"]
pub mod all_of_values;
/// Golden for `tests/fixtures/any_value.yaml`.
#[path = "../snapshots/any_value.rs"]
pub mod any_value;
/// Golden for `tests/fixtures/bodies.yaml`.
#[path = "../snapshots/bodies.rs"]
pub mod bodies;
/// Golden for `tests/fixtures/composition.yaml`.
#[path = "../snapshots/composition.rs"]
pub mod composition;
/// Golden for `tests/fixtures/consts.yaml`.
#[path = "../snapshots/consts.rs"]
pub mod consts;
/// Golden for `tests/fixtures/defaults.yaml`.
#[path = "../snapshots/defaults.rs"]
pub mod defaults;
/// Golden for `tests/fixtures/deprecation.yaml`.
#[path = "../snapshots/deprecation.rs"]
pub mod deprecation;
/// Golden for `tests/fixtures/docs.yaml`.
#[path = "../snapshots/docs.rs"]
pub mod docs;
/// Golden for `tests/fixtures/enums.yaml`.
#[path = "../snapshots/enums.rs"]
pub mod enums;
/// Golden for `tests/fixtures/fields.yaml`.
#[path = "../snapshots/fields.rs"]
pub mod fields;
/// Golden for `tests/fixtures/format_defaults.yaml`.
#[path = "../snapshots/format_defaults.rs"]
pub mod format_defaults;
/// Golden for `tests/fixtures/formats.yaml`.
#[path = "../snapshots/formats.rs"]
pub mod formats;
/// Golden for `tests/fixtures/hostile.yaml`.
#[path = "../snapshots/hostile.rs"]
pub mod hostile;
/// Golden for `tests/fixtures/inline_names.yaml`.
#[path = "../snapshots/inline_names.rs"]
pub mod inline_names;
/// Golden for `tests/fixtures/integers.yaml`.
#[path = "../snapshots/integers.rs"]
pub mod integers;
/// Golden for `tests/fixtures/maps.yaml`.
#[path = "../snapshots/maps.rs"]
pub mod maps;
/// Golden for `tests/fixtures/names.yaml`.
#[path = "../snapshots/names.rs"]
pub mod names;
/// Golden for `tests/fixtures/nullable.yaml`.
#[path = "../snapshots/nullable.rs"]
pub mod nullable;
/// Golden for `tests/fixtures/nullable_3_0.yaml`.
#[path = "../snapshots/nullable_3_0.rs"]
pub mod nullable_3_0;
/// Golden for `tests/fixtures/object_defaults.yaml`.
#[path = "../snapshots/object_defaults.rs"]
pub mod object_defaults;
/// Golden for `tests/fixtures/objects.yaml`.
#[path = "../snapshots/objects.rs"]
pub mod objects;
/// Golden for `tests/fixtures/parameters.yaml`.
#[path = "../snapshots/parameters.rs"]
pub mod parameters;
/// Golden for `tests/fixtures/production.yaml`.
#[path = "../snapshots/production.rs"]
pub mod production;
/// Golden for `tests/fixtures/recursion.yaml`.
#[path = "../snapshots/recursion.rs"]
pub mod recursion;
/// Golden for `tests/fixtures/refs.yaml`.
#[path = "../snapshots/refs.rs"]
pub mod refs;
/// Golden for `tests/fixtures/request_defaults.yaml`.
#[path = "../snapshots/request_defaults.rs"]
pub mod request_defaults;
/// Golden for `tests/fixtures/required_only.yaml`.
#[path = "../snapshots/required_only.rs"]
pub mod required_only;
/// Golden for `tests/fixtures/responses.yaml`.
#[path = "../snapshots/responses.rs"]
pub mod responses;
/// Golden for `tests/fixtures/security.yaml`.
#[path = "../snapshots/security.rs"]
pub mod security;
/// Golden for `tests/fixtures/string_enum.yaml`.
#[path = "../snapshots/string_enum.rs"]
pub mod string_enum;
/// Golden for `tests/fixtures/tri_state.yaml`.
#[path = "../snapshots/tri_state.rs"]
pub mod tri_state;
/// Golden for `tests/fixtures/tuples.yaml`.
#[path = "../snapshots/tuples.rs"]
pub mod tuples;
/// Golden for `tests/fixtures/unions.yaml`.
#[path = "../snapshots/unions.rs"]
pub mod unions;
/// Golden for `tests/fixtures/unmodelled.yaml`.
#[path = "../snapshots/unmodelled.rs"]
pub mod unmodelled;
/// Golden for `tests/fixtures/uuid.yaml`.
#[path = "../snapshots/uuid.rs"]
pub mod uuid;
