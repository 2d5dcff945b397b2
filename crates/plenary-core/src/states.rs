//! Member states and observer states (being written).
