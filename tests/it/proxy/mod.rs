//! The proxy over real HTTP on loopback.

mod auth;
mod breaker;
mod cli;
mod edge_connections;
mod edge_headers;
mod edge_input;
mod edge_lifecycle;
mod edge_limits;
mod edge_slow_clients;
mod faults;
mod live;
mod load_durability;
mod participants;
mod readiness;
mod replicas;
mod router;
mod session_index;
mod sessions;
mod validation;
