//! A local stand-in for the hosted connection API: the part of `/v1` a connect form uses, checked
//! with the same `connect-core` rules as the form, stored in SQLite, with dev pages for the OAuth
//! and custom-auth popups, fault injection, and optional bearer tokens, answering only to its own
//! loopback address. See the README.

#![warn(missing_docs)]

pub mod auth;
pub mod clock;
pub mod config;
pub mod connections;
pub mod custom_auth;
pub mod dev;
pub mod extract;
pub mod faults;
pub mod host;
pub mod messages;
pub mod oauth;
pub mod pages;
pub mod problem;
pub mod providers;
pub mod random;
pub mod received;
pub mod record;
pub mod routes;
pub mod server;
pub mod session;
pub mod site_headers;
pub mod state;
pub mod static_files;
pub mod store;
pub mod token_endpoint;

pub use config::{Config, Database};
pub use server::{ServerHandle, serve};
