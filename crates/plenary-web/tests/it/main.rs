//! Integration tests of the service: the real router over a real (temporary) SQLite log, driven as a
//! client drives it.

mod connections;
mod corpus;
mod document_life;
mod error_pages;
mod floor;
mod gate;
mod hall;
mod hardening;
mod hostile_uploads;
mod life_2017;
mod negotiation;
mod openapi;
mod pages;
mod permissions;
mod record_proof;
mod search;
mod search_page;
mod sitting;
mod snapshots;
mod support;
mod transparency;
mod treaties;
