//! Integration tests of the agreed-language index on real texts. One test binary for the crate.
//!
//! The shipped resolutions (`data/resolutions`) are always read; with `PLENARY_CORPUS_DIRS` set
//! (directories separated by colons, e.g. the corpus's `ga`, `ga-decisions` and `sc`), the corpus scan runs
//! on those texts too (`.ci/run` does, in a release build).

mod corpus;
mod scan;
mod torture;
