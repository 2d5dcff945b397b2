//! Tests of the `plenary` binary as a user runs it (ripgrep style: the real binary on real files), and of
//! the workspace's architecture. One test binary for the crate.

mod architecture;
mod commands;
mod hostile;
mod projection;
mod replay;
mod search;
mod service;
mod snapshots;
mod tally;
mod transparency;
mod treaty;
mod votes;
