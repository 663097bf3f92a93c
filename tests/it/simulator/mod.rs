//! The SecureVideo simulator over real HTTP on loopback. Each test starts
//! its own simulator on a fresh temporary database file.

mod client_suite;
mod outbox;
mod participants;
mod recorded_replay;
mod scale;
mod server;
mod sessions;
mod users;
mod visit;
