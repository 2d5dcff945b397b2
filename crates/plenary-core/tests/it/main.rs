//! Integration tests of the pure core: the procedure engine's worked cases, its invariants against a
//! reference model, and the example meeting logs shipped in `data/meetings`.

mod example_logs;
mod properties;
mod support;
mod worked_cases;
