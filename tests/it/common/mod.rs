//! `common`: the participant rules and the wire readers.

mod fixtures;
mod properties;
mod rules;
