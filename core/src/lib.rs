//! The rules of the connect form, with no web dependency: the same code runs in the browser (wasm)
//! and in the local API (native).
//!
//! The data flows one way: a [`catalog::Catalog`] gives a [`catalog::Provider`]; [`form::FormSpec`]
//! says which fields to ask; [`validate::validate`] checks what the user typed; [`assemble`] builds
//! the body the API receives; [`problem::Problem`] reads what the API answers when it refuses.

#![warn(missing_docs)]

mod open_enum;

pub mod api;
pub mod assemble;
pub mod catalog;
pub mod catalog_files;
pub mod config;
pub mod events;
pub mod form;
pub mod json;
pub mod origin;
pub mod problem;
pub mod search;
pub mod secret;
pub mod settings;
pub mod sign_in;
pub mod template;
pub mod time;
pub mod token;
pub mod validate;

pub use api::{Connection, ConnectionRequest, UpdateConnectionRequest};
pub use assemble::{AssembleError, Identity};
pub use catalog::{Catalog, Provider};
pub use config::Config;
pub use form::{FieldKind, FieldSpec, Flow, FormSpec, Target};
pub use problem::Problem;
pub use secret::Secret;
pub use validate::{FieldError, FieldErrorKind, FormValues, Validated};
