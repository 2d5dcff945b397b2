//! Integration tests of the service: the real router over a real (temporary) SQLite log, driven as a
//! client drives it.

mod connections;
mod hardening;
mod life_2017;
mod openapi;
mod pages;
mod permissions;
mod support;
