//! Integration tests of the pure core: the procedure engine's worked cases, its invariants against a
//! reference model, the floor and presence, and the example meeting logs shipped in `data/meetings`.

mod analysis;
mod example_logs;
mod floor;
mod properties;
mod support;
mod treaties;
mod treaty_calls;
mod worked_cases;
