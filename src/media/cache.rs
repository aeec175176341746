//! The bounded cache of rendered media. Pictures and segments are made once per job, and a
//! stretch of encoded video once per camera and time, then kept (weighed in bytes; what is
//! least used goes first) so twenty players of one live stream cost one encode. A request for
//! something being rendered waits for that render instead of starting its own. Rendering runs
//! on the blocking pool, never on the async workers and never under a world lock (the pipeline
//! calls [`MediaCache::get`] after releasing it).

use super::frames::Chunk;
use super::job::{Job, Stretch};
use bytes::Bytes;
use quick_cache::Weighter;
use quick_cache::sync::Cache;
use serde::Serialize;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::time::Instant;

/// Default bound of the cache, bytes.
pub const DEFAULT_CAPACITY: u64 = 256 << 20;

#[derive(Clone, PartialEq, Eq, Hash)]
enum Key {
    Job(Job),
    Stretch(Stretch),
}

#[derive(Clone)]
enum Value {
    Bytes(Bytes),
    Chunk(Arc<Chunk>),
}

#[derive(Clone, Copy)]
struct ByBytes;

impl Weighter<Key, Value> for ByBytes {
    fn weight(&self, _key: &Key, value: &Value) -> u64 {
        // A little for the key and the entry, so empty values still count.
        let bytes = match value {
            Value::Bytes(b) => b.len(),
            Value::Chunk(c) => {
                let video: usize = c.video.iter().map(|f| f.annexb.len() + 48).sum();
                video + c.audio.len() * 48
            }
        };
        bytes as u64 + 256
    }
}

pub struct MediaCache {
    cache: Cache<Key, Value, ByBytes>,
    capacity: u64,
    requests: AtomicU64,
    renders: AtomicU64,
    render_micros: AtomicU64,
    encodes: AtomicU64,
    encode_micros: AtomicU64,
    /// Renders running at once: at most one core less than the machine has (at least one), so
    /// a crowd of players asking for new media leaves a core to the API.
    rendering: tokio::sync::Semaphore,
}

/// What the cache has done so far (for the benchmark and the control API).
#[derive(Clone, Copy, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CacheStats {
    pub requests: u64,
    pub renders: u64,
    /// Share of requests answered without rendering, 0..1.
    pub hit_rate: f64,
    /// Stretches of video encoded, and their mean time, milliseconds.
    pub encodes: u64,
    pub mean_encode_ms: f64,
    pub entries: usize,
    pub bytes: u64,
    pub capacity_bytes: u64,
    /// Mean time of one render (encoding included when it had to), milliseconds.
    pub mean_render_ms: f64,
}

fn render_slots() -> usize {
    std::thread::available_parallelism()
        .map_or(1, |n| n.get().saturating_sub(1))
        .max(1)
}

fn micros_since(started: Instant) -> u64 {
    u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX)
}

fn mean_ms(micros: u64, count: u64) -> f64 {
    if count == 0 {
        0.0
    } else {
        micros as f64 / count as f64 / 1000.0
    }
}

impl MediaCache {
    pub fn new(capacity_bytes: u64) -> Arc<MediaCache> {
        let capacity = capacity_bytes.max(1 << 20);
        Arc::new(MediaCache {
            // Items are tens of KB: the estimate only sizes the table up front.
            cache: Cache::with_weighter(1024, capacity, ByBytes),
            capacity,
            requests: AtomicU64::new(0),
            renders: AtomicU64::new(0),
            render_micros: AtomicU64::new(0),
            encodes: AtomicU64::new(0),
            encode_micros: AtomicU64::new(0),
            rendering: tokio::sync::Semaphore::new(render_slots()),
        })
    }

    /// The job's bytes, from the cache or rendered on the blocking pool.
    pub async fn get(self: &Arc<Self>, job: Job) -> Result<Bytes, String> {
        self.requests.fetch_add(1, Relaxed);
        if !job.shared() {
            return self.render_off_workers(job).await;
        }
        let key = Key::Job(job.clone());
        let value = self
            .cache
            .get_or_insert_async(&key, async {
                self.render_off_workers(job).await.map(Value::Bytes)
            })
            .await?;
        match value {
            Value::Bytes(bytes) => Ok(bytes),
            Value::Chunk(_) => Err("the media cache mixed up a job and a stretch".into()),
        }
    }

    /// Makes `job` in the background unless it is held already (a live playlist's next
    /// segment): the check is a lookup, so a playlist asked for again costs no task.
    pub fn warm(self: &Arc<Self>, job: Job) {
        let key = Key::Job(job);
        if self.cache.contains_key(&key) {
            return;
        }
        let Key::Job(job) = key else {
            return;
        };
        let this = Arc::clone(self);
        tokio::spawn(async move {
            let _ = this.get(job).await;
        });
    }

    async fn render_off_workers(self: &Arc<Self>, job: Job) -> Result<Bytes, String> {
        let _slot = self
            .rendering
            .acquire()
            .await
            .map_err(|e| format!("rendering media failed: {e}"))?;
        let this = Arc::clone(self);
        tokio::task::spawn_blocking(move || {
            let started = Instant::now();
            let rendered = job.render(|stretch| this.encoded(stretch));
            this.renders.fetch_add(1, Relaxed);
            this.render_micros.fetch_add(micros_since(started), Relaxed);
            rendered
        })
        .await
        .map_err(|e| format!("rendering media failed: {e}"))?
    }

    /// A stretch's frames, encoded once (on the blocking pool: this may wait and encode).
    fn encoded(&self, stretch: &Stretch) -> Result<Arc<Chunk>, String> {
        let key = Key::Stretch(stretch.clone());
        let value = self.cache.get_or_insert_with(&key, || {
            let started = Instant::now();
            let chunk = stretch.encode().map(Arc::new);
            self.encodes.fetch_add(1, Relaxed);
            self.encode_micros.fetch_add(micros_since(started), Relaxed);
            chunk.map(Value::Chunk)
        })?;
        match value {
            Value::Chunk(chunk) => Ok(chunk),
            Value::Bytes(_) => Err("the media cache mixed up a stretch and a job".into()),
        }
    }

    pub fn stats(&self) -> CacheStats {
        let requests = self.requests.load(Relaxed);
        let renders = self.renders.load(Relaxed);
        let encodes = self.encodes.load(Relaxed);
        CacheStats {
            requests,
            renders,
            hit_rate: if requests == 0 {
                0.0
            } else {
                requests.saturating_sub(renders) as f64 / requests as f64
            },
            encodes,
            mean_encode_ms: mean_ms(self.encode_micros.load(Relaxed), encodes),
            entries: self.cache.len(),
            bytes: self.cache.weight(),
            capacity_bytes: self.capacity,
            mean_render_ms: mean_ms(self.render_micros.load(Relaxed), renders),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::media::{Format, Size, Subject};

    fn picture(at_ms: i64) -> Job {
        Job::Picture {
            subject: Subject::new("C1", 1, 1),
            at_ms,
            size: Size::bounded(160, 90),
            format: Format::Jpeg,
        }
    }

    #[tokio::test]
    async fn a_job_is_rendered_once_and_the_cache_stays_within_its_bound() {
        let cache = MediaCache::new(1 << 20);
        let (a, b) = tokio::join!(cache.get(picture(0)), cache.get(picture(0)));
        assert_eq!(a.unwrap(), b.unwrap());
        assert_eq!(
            cache.stats().renders,
            1,
            "the second request waited for the first"
        );
        for at in 0..400 {
            cache.get(picture(at * 1000)).await.unwrap();
        }
        let stats = cache.stats();
        assert!(stats.bytes <= stats.capacity_bytes, "{stats:?}");
        assert_eq!(stats.requests, 402);
    }
}
