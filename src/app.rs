//! What every request handler shares, the vendor pipeline and the control API alike: the
//! worlds, the listeners' URLs, CORS, the stop signal and the limits set at start. Its own
//! module, so that the server (which builds it) and the control API (which reads it) both
//! depend on it and not on each other.

use crate::cors::Cors;
use crate::sim::{Ids, Worlds};
use serde::Serialize;
use std::time::Instant;
use tokio::sync::watch;

/// Base URL of every listener: the ready line's content.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Urls {
    pub control: String,
    pub gwell: String,
    pub sodalife: String,
    pub onenet: String,
    pub tencent: String,
}

/// What every request handler shares.
pub struct App {
    pub worlds: Worlds,
    /// Ids for answers that belong to no world.
    pub fallback_ids: Ids,
    pub shutdown: watch::Receiver<bool>,
    pub cors: Cors,
    pub urls: Urls,
    pub seed_override: Option<u64>,
    pub started: Instant,
    /// Held while a world is built or rebuilt: one build at a time keeps a core (and the
    /// memory of only one half-built world) for the requests being served meanwhile.
    pub world_builds: parking_lot::Mutex<()>,
    /// How long a request's body may take to arrive once its head has.
    pub body_read_timeout: std::time::Duration,
    /// Rendered pictures and segments, shared by every world (keys carry the world's seed).
    pub media: std::sync::Arc<crate::media::cache::MediaCache>,
}
