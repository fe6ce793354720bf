//! The API on real sockets: every endpoint's answers and refusals, checked against the reference
//! schema. One test binary (modules below) so the suite links once.

mod common;

mod auth;
mod bad_input;
mod concurrency;
mod connections;
mod custom_auth;
mod faults;
mod generate;
mod host;
mod oauth;
mod persistence;
mod providers;
mod session;
mod static_files;
