//! The load client of the benchmarks: N keep-alive connections, each sending an endpoint's
//! requests (a [`Requests`] of benches/load/vendor.rs) one after the other for a warm-up then a
//! measured time, the answers judged, latencies in a histogram, the server's CPU per request
//! from /proc; plus what a load needs from camsim first (the world's devices, a vendor's login,
//! one real answer for the bare server). benches/load.rs and benches/media.rs include this file
//! with `#[path]`, beside support/keepalive.rs (`keepalive`), support/procs.rs (`procs`) and
//! load/vendor.rs (`vendor`).

use super::keepalive::{authority, connect, exchange};
use super::procs::cpu_time;
use super::vendor::{Requests, Vendor};
use bytes::Bytes;
use hdrhistogram::Histogram;
use http_body_util::Full;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// How one load runs.
#[derive(Clone, Copy)]
pub struct Timing {
    pub connections: usize,
    pub warm_up: Duration,
    pub measured: Duration,
}

/// What every load task of one endpoint shares: the request builder and the counter.
pub struct Plan {
    pub requests: Arc<dyn Requests>,
    pub counter: Arc<AtomicU64>,
}

/// What counts as a good answer.
#[derive(Clone, Copy, PartialEq)]
pub enum Check {
    /// The vendor's success (HTTP status and vendor code).
    Camsim,
    /// HTTP 200 (the bare server's bytes are a success by construction).
    Status200,
}

impl Check {
    pub fn passes(self, requests: &dyn Requests, n: u64, status: u16, body: &[u8]) -> bool {
        match self {
            Check::Camsim => requests.success(n, status, body),
            Check::Status200 => status == 200,
        }
    }
}

/// One load task's tally; only requests that started after the warm-up and ended before the
/// deadline are measured, errors are counted over the whole run.
struct Tally {
    latency_us: Histogram<u64>,
    /// Every good answer, warm-up included (to share out the server's CPU time).
    answered: u64,
    errors: u64,
    first_error: Option<String>,
}

impl Tally {
    fn new() -> Tally {
        Tally {
            latency_us: Histogram::new_with_bounds(1, 60_000_000, 3).expect("valid bounds"),
            answered: 0,
            errors: 0,
            first_error: None,
        }
    }

    fn error(&mut self, what: String) {
        self.errors += 1;
        self.first_error.get_or_insert(what);
    }

    fn merge(mut self, other: Tally) -> Tally {
        self.latency_us
            .add(&other.latency_us)
            .expect("same histogram bounds");
        self.answered += other.answered;
        self.errors += other.errors;
        self.first_error = self.first_error.or(other.first_error);
        self
    }
}

pub struct LoadResult {
    pub requests_per_sec: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
    /// Server CPU time per answered request, in microseconds.
    pub cpu_us_per_request: Option<f64>,
    /// Good answers over the whole run (warm-up included), to put the errors in proportion.
    pub answered: u64,
    pub errors: u64,
    pub first_error: Option<String>,
}

impl LoadResult {
    /// The errors as a sentence (count, share of the requests, the first), if there were any.
    pub fn error_summary(&self) -> Option<String> {
        (self.errors > 0).then(|| {
            let share = self.errors as f64 / (self.errors + self.answered) as f64;
            format!(
                "{} errors ({:.1} % of its requests); first: {}",
                self.errors,
                share * 100.0,
                self.first_error.as_deref().unwrap_or("?")
            )
        })
    }
}

/// Drives `url` (served by process `pid`) with `timing.connections` tasks for the warm-up plus
/// the measured time.
pub async fn load(
    url: &str,
    pid: u32,
    plan: &Arc<Plan>,
    check: Check,
    timing: Timing,
) -> Result<LoadResult, String> {
    let cpu_before = cpu_time(pid);
    let start = Instant::now();
    let measure_from = start + timing.warm_up;
    let end = measure_from + timing.measured;
    let tasks: Vec<_> = (0..timing.connections)
        .map(|_| {
            let (url, plan) = (url.to_string(), plan.clone());
            tokio::spawn(async move { drive(&url, &plan, check, measure_from, end).await })
        })
        .collect();
    let mut total = Tally::new();
    for task in tasks {
        let tally = task.await.map_err(|e| format!("load task failed: {e}"))??;
        total = total.merge(tally);
    }
    let cpu_used = cpu_time(pid)
        .zip(cpu_before)
        .map(|(after, before)| after - before);
    let h = &total.latency_us;
    Ok(LoadResult {
        cpu_us_per_request: cpu_used
            .map(|cpu| cpu.as_secs_f64() * 1e6 / total.answered.max(1) as f64),
        requests_per_sec: h.len() as f64 / timing.measured.as_secs_f64(),
        p50_ms: h.value_at_quantile(0.50) as f64 / 1000.0,
        p99_ms: h.value_at_quantile(0.99) as f64 / 1000.0,
        max_ms: h.max() as f64 / 1000.0,
        answered: total.answered,
        errors: total.errors,
        first_error: total.first_error,
    })
}

/// One connection's loop: build, send, read, check, record; reconnects after a broken
/// connection (counted as an error).
async fn drive(
    url: &str,
    plan: &Plan,
    check: Check,
    measure_from: Instant,
    end: Instant,
) -> Result<Tally, String> {
    let host = authority(url).to_string();
    let mut tally = Tally::new();
    let mut sender = connect(url).await?;
    while Instant::now() < end {
        let n = plan.counter.fetch_add(1, Ordering::Relaxed);
        let request = plan.requests.request(&host, n);
        let sent = Instant::now();
        let outcome = exchange(&mut sender, request).await;
        let done = Instant::now();
        match outcome {
            Ok((status, body)) if check.passes(&*plan.requests, n, status, &body) => {
                tally.answered += 1;
                if sent >= measure_from && done <= end {
                    let us = done.duration_since(sent).as_micros() as u64;
                    tally.latency_us.saturating_record(us.max(1));
                }
            }
            Ok((status, body)) => tally.error(format!("HTTP {status} {}", shown(&body))),
            Err(e) => {
                tally.error(format!("connection: {e}"));
                sender = connect(url).await?;
            }
        }
    }
    Ok(tally)
}

// ---------------------------------------------------------------------------------------------
// What a load needs from camsim first

/// The vendor's devices in the default world, as the control API shows them.
pub async fn devices(control: &str, vendor: &str) -> Result<Vec<serde_json::Value>, String> {
    let mut sender = connect(control).await?;
    let request = http::Request::get(format!(
        "/_camsim/worlds/default/devices?vendor={vendor}&limit=10000"
    ))
    .header("Host", authority(control))
    .body(Full::new(Bytes::new()))
    .expect("a valid request");
    let (status, body) = exchange(&mut sender, request).await?;
    if status != 200 {
        return Err(format!("device list: HTTP {status}"));
    }
    serde_json::from_slice(&body).map_err(|e| format!("device list: {e}"))
}

/// The answer to the vendor's login request (if it has one) from camsim, once per camsim.
pub async fn log_in(vendor: &Vendor, url: &str) -> Result<Option<Bytes>, String> {
    let Some(login) = vendor.login else {
        return Ok(None);
    };
    let mut sender = connect(url).await?;
    let (status, body) = exchange(&mut sender, login(authority(url))).await?;
    if status != 200 {
        return Err(format!(
            "{}: camsim refused the bench's login: HTTP {status} {}",
            vendor.name,
            String::from_utf8_lossy(&body)
        ));
    }
    Ok(Some(body))
}

/// A real success answer of the endpoint from camsim: the bytes the bare server sends.
pub async fn one_real_answer(
    url: &str,
    requests: &dyn Requests,
    counter: &AtomicU64,
) -> Result<Bytes, String> {
    let mut sender = connect(url).await?;
    let n = counter.fetch_add(1, Ordering::Relaxed);
    let (status, body) = exchange(&mut sender, requests.request(authority(url), n)).await?;
    if !requests.success(n, status, &body) {
        return Err(format!(
            "camsim refused a request the bench expects to succeed: HTTP {status} {}",
            shown(&body)
        ));
    }
    Ok(body)
}

/// An answer's body for a message: its text (cut after 300 characters), or its size when it
/// is not text (a picture or a segment).
pub fn shown(body: &[u8]) -> String {
    match std::str::from_utf8(body) {
        Ok(text) if text.chars().count() > 300 => {
            format!(
                "{}… ({} bytes)",
                text.chars().take(300).collect::<String>(),
                body.len()
            )
        }
        Ok(text) => text.to_string(),
        Err(_) => format!("<{} bytes, not text>", body.len()),
    }
}

pub fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Counters start at a value no earlier run against the same world can have used.
pub fn first_nonce() -> u64 {
    unix_now() * 1_000_000
}
