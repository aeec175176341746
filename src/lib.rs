//! camsim: four camera-cloud vendor APIs simulated on one machine.
//!
//! How a vendor request flows (see `server::pipeline`):
//!
//! ```text
//! listener (server::listener) -> ApiRequest (body read once, within the vendor's limit)
//!   -> route (vendors::<v>::routes) -> world by credential (sim::Worlds)
//!   -> authenticate (vendors::<v>::auth) -> rate limit (sim::limits) -> fault rules (sim::faults)
//!   -> handler (vendors::<v>::handlers, under the world lock) -> vendor envelope (errors.rs)
//!   -> journal (sim::journal)
//! ```
//!
//! The control listener serves `admin` (`/_camsim/...`), which works on the same worlds.
//! Modules: `config` (what to start), `server` (HTTP), `sim` (worlds, vendor-neutral),
//! `vendors` (one folder per vendor), `media` (the bytes behind media links), `admin` (control API), `client` (the HTTP client of
//! `camsim call` and `camsim sign --control`).

pub mod admin;
pub mod api;
pub mod app;
pub mod client;
pub mod config;
pub mod cors;
pub mod media;
pub mod scenario;
pub mod server;
pub mod sim;
pub mod vendors;

pub use config::Config;
pub use server::{RunningSim, Simulator, Urls};
pub use sim::VendorId;
