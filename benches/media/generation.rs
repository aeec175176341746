//! Part 1 of the media bench: what one piece of media costs to make, in this process, through
//! `camsim::media` directly (no HTTP, no cache): [`Job::render`] with a closure that encodes the
//! stretch itself, each job [`RUNS`] times at different instants, the median kept. Then the
//! cost of a cache hit: [`MediaCache::get`] of a job it already holds.

use bytes::Bytes;
use camsim::media::cache::{self, MediaCache};
use camsim::media::job::Stretch;
use camsim::media::{Format, Job, MAIN_SIZE, SUB_SIZE, Size, Subject};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Runs of each job (the median is reported).
const RUNS: usize = 5;
/// Gets of a cached job (the median is reported: one is below the clock's noise).
const HITS: usize = 1_000;
/// The world time of the first run (2026-11-22 00:00 UTC); run `i` is `i` stretches later, so
/// each run draws other clock text, as consecutive live segments do.
const FIRST_AT_MS: i64 = 1_795_305_600_000;
const STEP_MS: i64 = 2_000;

/// One job's figure.
pub struct Generation {
    pub name: String,
    pub median: Duration,
    pub min: Duration,
    pub max: Duration,
    /// Bytes of the first run's answer.
    pub bytes: usize,
}

/// A cache hit's figure for one job.
pub struct Hit {
    pub name: &'static str,
    /// The first get: rendered (encoded, muxed) on the blocking pool.
    pub miss: Duration,
    /// The median of [`HITS`] later gets of the same job.
    pub hit: Duration,
}

fn subject() -> Subject {
    Subject::new("bench-camera-01", 1, 42).at_offset(480)
}

fn picture(size: Size, format: Format) -> impl Fn(i64) -> Job {
    move |at_ms| Job::Picture {
        subject: subject(),
        at_ms,
        size,
        format,
    }
}

fn segment(size: Size, length_ms: i64) -> impl Fn(i64) -> Job {
    move |start_ms| {
        Job::Segment(Stretch {
            subject: subject(),
            start_ms,
            end_ms: start_ms + length_ms,
            size,
            audio: true,
        })
    }
}

fn mjpeg(size: Size, frames: u32) -> impl Fn(i64) -> Job {
    move |start_ms| Job::Mjpeg {
        subject: subject(),
        start_ms,
        frames,
        size,
    }
}

/// A job as a function of its instant (ms).
type JobAt = Box<dyn Fn(i64) -> Job>;

/// Every job of part 1, in report order.
fn jobs() -> Vec<(&'static str, JobAt)> {
    vec![
        (
            "JPEG picture 640x360",
            Box::new(picture(SUB_SIZE, Format::Jpeg)),
        ),
        (
            "JPEG picture 1280x720",
            Box::new(picture(MAIN_SIZE, Format::Jpeg)),
        ),
        (
            "PNG picture 1280x720",
            Box::new(picture(MAIN_SIZE, Format::Png)),
        ),
        (
            "live segment 2 s 640x360",
            Box::new(segment(SUB_SIZE, 2_000)),
        ),
        (
            "live segment 2 s 1280x720",
            Box::new(segment(MAIN_SIZE, 2_000)),
        ),
        (
            "VOD segment 10 s 640x360",
            Box::new(segment(SUB_SIZE, 10_000)),
        ),
        (
            "MJPEG 10 s (10 JPEG) 640x360",
            Box::new(mjpeg(SUB_SIZE, 10)),
        ),
    ]
}

/// Renders `job` as the pipeline would on a miss, the stretch encoded on the spot.
fn render(job: &Job) -> Result<Bytes, String> {
    job.render(|stretch| stretch.encode().map(Arc::new))
}

/// Every job of [`jobs`], [`RUNS`] times each.
pub fn measure() -> Result<Vec<Generation>, String> {
    let mut figures = Vec::new();
    for (name, job_at) in jobs() {
        let mut times = Vec::with_capacity(RUNS);
        let mut bytes = 0;
        for run in 0..RUNS {
            let job = job_at(FIRST_AT_MS + run as i64 * STEP_MS);
            let started = Instant::now();
            let answer = render(&job).map_err(|e| format!("{name}: {e}"))?;
            times.push(started.elapsed());
            if run == 0 {
                bytes = answer.len();
            }
        }
        times.sort();
        figures.push(Generation {
            name: name.to_string(),
            median: times[times.len() / 2],
            min: times[0],
            max: times[times.len() - 1],
            bytes,
        });
    }
    Ok(figures)
}

/// A miss then [`HITS`] hits of a 2-s live segment and of a JPEG, through one cache.
pub async fn cache_hits() -> Result<Vec<Hit>, String> {
    let cache = MediaCache::new(cache::DEFAULT_CAPACITY);
    let mut hits = Vec::new();
    let jobs: [(&str, Job); 2] = [
        (
            "live segment 2 s 640x360",
            segment(SUB_SIZE, 2_000)(FIRST_AT_MS),
        ),
        (
            "JPEG picture 1280x720",
            picture(MAIN_SIZE, Format::Jpeg)(FIRST_AT_MS),
        ),
    ];
    for (name, job) in jobs {
        let started = Instant::now();
        let first = cache.get(job.clone()).await?;
        let miss = started.elapsed();
        let mut times = Vec::with_capacity(HITS);
        for _ in 0..HITS {
            let started = Instant::now();
            let again = cache.get(job.clone()).await?;
            times.push(started.elapsed());
            if again.len() != first.len() {
                return Err(format!("{name}: a cache hit gave other bytes"));
            }
        }
        times.sort();
        hits.push(Hit {
            name,
            miss,
            hit: times[times.len() / 2],
        });
    }
    let stats = cache.stats();
    let expected_renders = hits.len() as u64;
    if stats.renders != expected_renders {
        return Err(format!(
            "the cache rendered {} times for {expected_renders} jobs: {stats:?}",
            stats.renders
        ));
    }
    Ok(hits)
}
