//! Integration tests of the service: the real router over a real (temporary) SQLite log, driven as a
//! client drives it.

mod connections;
mod document_life;
mod gate;
mod hall;
mod hardening;
mod hostile_uploads;
mod life_2017;
mod openapi;
mod pages;
mod permissions;
mod record_proof;
mod snapshots;
mod support;
mod transparency;
