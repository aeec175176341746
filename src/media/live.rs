//! A live HTTP-FLV stream: one header, then a stretch of tags every [`STRETCH_MS`] of world
//! time, for as long as the client reads (at most [`MAX_LIVE`] of real time) and camsim runs.
//! It keeps at most one stretch ahead of the world clock, so a frozen clock holds the stream
//! where it is (as a paused camera would) and moving the clock catches it up at once. It ends
//! when its camera goes offline or is removed, as a media host drops a stream whose source left.

use super::cache::MediaCache;
use super::job::{Job, Stretch};
use super::{Size, Subject, flv};
use crate::sim::VendorId;
use bytes::Bytes;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{mpsc, watch};

/// World time one stretch covers, milliseconds (the live HLS segment length too).
pub const STRETCH_MS: i64 = 2_000;
/// Longest one connection is fed.
pub const MAX_LIVE: Duration = Duration::from_secs(3_600);
/// How often a waiting feed looks at the world clock.
const CLOCK_POLL: Duration = Duration::from_millis(200);

/// What a vendor hands the pipeline for a live FLV answer.
#[derive(Clone, Debug)]
pub struct LiveFeed {
    pub subject: Subject,
    pub size: Size,
    pub audio: bool,
    /// The camera streaming (vendor and id in the world's camera list).
    pub camera: (VendorId, String),
}

/// The stretch of world time that holds `at_ms`.
pub fn stretch_start(at_ms: i64) -> i64 {
    at_ms.div_euclid(STRETCH_MS).saturating_mul(STRETCH_MS)
}

/// Feeds `feed` into `out` from the stretch holding `now()`, until the client goes, the
/// camera stops being `streaming()`, the stream has run [`MAX_LIVE`], or `shutdown` turns true.
pub async fn run(
    feed: LiveFeed,
    now: impl Fn() -> i64 + Send,
    streaming: impl Fn() -> bool + Send,
    cache: Arc<MediaCache>,
    out: mpsc::Sender<Bytes>,
    mut shutdown: watch::Receiver<bool>,
) {
    let stopped_at = tokio::time::Instant::now() + MAX_LIVE;
    let base = stretch_start(now());
    if out
        .send(Bytes::from(flv::header(feed.audio)))
        .await
        .is_err()
    {
        return;
    }
    let mut start = base;
    let mut first = true;
    loop {
        if !first && !streaming() {
            return;
        }
        let job = Job::FlvTags {
            stretch: Stretch {
                subject: feed.subject.clone(),
                start_ms: start,
                end_ms: start.saturating_add(STRETCH_MS),
                size: feed.size,
                audio: feed.audio,
            },
            base_ms: base,
            first,
        };
        let Ok(tags) = cache.get(job).await else {
            return;
        };
        // A client that stops reading holds this send; a stop signal still ends the stream.
        tokio::select! {
            sent = out.send(tags) => if sent.is_err() { return },
            _ = shutdown.wait_for(|stopping| *stopping) => return,
        }
        first = false;
        start = start.saturating_add(STRETCH_MS);
        // Wait for the world clock to reach the stretch just sent's end.
        while now() < start {
            tokio::select! {
                () = tokio::time::sleep(CLOCK_POLL) => {}
                () = out.closed() => return,
                _ = shutdown.wait_for(|stopping| *stopping) => return,
            }
            if tokio::time::Instant::now() >= stopped_at {
                return;
            }
        }
        if *shutdown.borrow() || tokio::time::Instant::now() >= stopped_at {
            return;
        }
    }
}
