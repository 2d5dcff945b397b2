//! The vocabulary of resolutions (being written).
