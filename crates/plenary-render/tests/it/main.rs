//! Integration tests of the writers, on real texts (one test binary for the crate).

mod charts;
mod pdf;
