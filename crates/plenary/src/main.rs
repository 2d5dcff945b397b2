//! The `plenary` command line.

fn main() {}
