//! Filled in by the OpenAPI work.
