//! Integration tests of the importers, on real UN texts copied into `tests/fixtures` (one test binary for
//! the crate, as rust-analyzer does).

mod bad_input;
mod compare;
mod fuzz;
mod hostile;
mod mutations;
mod real_texts;
mod support;
