//! The clerk's commands: write entries into unit ledgers, and find one's way.
pub mod edit;
pub mod scalar;
