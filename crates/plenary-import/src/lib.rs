//! Readers and writers of resolution texts.
