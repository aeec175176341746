//! `cargo bench --bench robustness -- long|soak`: camsim (release build) under hostile and
//! sustained load, for longer than the test suite can afford. See bench/README.md
//! ("Robustness: long run and soak").
//!
//! - `long`: the hostile-request generator of `tests/api/support/hostile.rs` (the same cases
//!   and oracle as the short run in `tests/api/robustness.rs`) for a duration or a case count.
//!   Prints requests, answers by status, closes and hangs per listener, the panics camsim
//!   printed, its peak RSS and every violation group; exit code 1 on any violation.
//! - `soak`: signed Gwell devInfo/devList calls from several keep-alive connections at a fixed
//!   rate against `scenarios/bench.yaml`, plus control-API churn (worlds created, reset and
//!   deleted, fault rules added and cleared, clocks moved, the journal read). Samples RSS every
//!   5 s, prints the curve, and fails if RSS (the median of 30 s of samples) grows more than
//!   the bound between the end of the warm-up and the end, or if any call gets a wrong answer.
//!
//! Settings (environment): `CAMSIM_ROBUST_SECS` (long run length, default 300),
//! `CAMSIM_ROBUST_CASES` (stop before this case index instead), `CAMSIM_ROBUST_FIRST` (first
//! case index, default 0), `CAMSIM_ROBUST_SEED` (default: from the clock, printed); `CAMSIM_SOAK_SECS` (default 300), `CAMSIM_SOAK_WARMUP_SECS`
//! (default 60), `CAMSIM_SOAK_RATE` (Gwell requests/s, default 1000).

#[path = "../tests/api/support/hostile.rs"]
mod hostile;

#[path = "support/keepalive.rs"]
mod keepalive;

use bytes::Bytes;
use hostile::process::Server;
use hostile::{Listener, run};
use http_body_util::Full;
use keepalive::{connect, exchange};
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

const CAMSIM: &str = env!("CARGO_BIN_EXE_camsim");
const BENCH_SCENARIO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/bench.yaml");

/// Long run: camsim's RSS at the end must stay under this (release build; big generated
/// worlds come and go).
const LONG_RSS_BOUND_KIB: u64 = 1024 * 1024;

/// Soak: RSS may grow by at most this share of the warm-up's end...
const SOAK_GROWTH_RATIO: f64 = 0.25;
/// ...or this much, whichever is larger (allocator noise on a small process).
const SOAK_GROWTH_FLOOR_KIB: u64 = 32 * 1024;
const SOAK_SAMPLE: Duration = Duration::from_secs(5);
/// RSS swings by ±15 MiB between samples (churn worlds, devList answers in flight), so each
/// end of the comparison is the median of the samples in a window this long.
const SOAK_WINDOW_SECS: u64 = 30;
const SOAK_CONNECTIONS: u64 = 8;

/// The credentials of scenarios/bench.yaml; the signer is its first user.
const APP_ID: &str = "00001bench0000000000000000000001";
const APP_TOKEN: &str = "bench0token000000000000000000000000000000000000000000000000001";
const APP_KEY: &str = "BenchSigningKey00000000000000001";
const SIGNER: &str = "-9223371990000000001";

fn env_u64(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.trim().parse().ok())
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

fn main() -> ExitCode {
    // `cargo bench` adds `--bench`; the mode is the first other argument.
    let mode = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with('-'))
        .unwrap_or_default();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let result = match mode.as_str() {
        "long" => runtime.block_on(long()),
        "soak" => runtime.block_on(soak()),
        _ => {
            eprintln!("usage: cargo bench --bench robustness -- long|soak (see bench/README.md)");
            return ExitCode::SUCCESS;
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(problem) => {
            eprintln!("robustness {mode} FAILED: {problem}");
            ExitCode::FAILURE
        }
    }
}

fn mib(kib: Option<u64>) -> String {
    kib.map_or("n/a".into(), |k| format!("{:.1} MiB", k as f64 / 1024.0))
}

// ---------------------------------------------------------------------------------------------
// Long run

async fn long() -> Result<(), String> {
    let secs = env_u64("CAMSIM_ROBUST_SECS").unwrap_or(300);
    let max_cases = env_u64("CAMSIM_ROBUST_CASES");
    let seed = env_u64("CAMSIM_ROBUST_SEED").unwrap_or_else(unix_now);
    println!(
        "robustness long: seed {seed}, {secs} s{}, camsim {CAMSIM}",
        max_cases.map_or(String::new(), |n| format!(" or {n} cases"))
    );
    let mut server = Server::start(Path::new(CAMSIM), &[])?;
    let target = run::prepare(server.addrs.clone()).await?;
    let started = Instant::now();
    let end = started + Duration::from_secs(secs);
    let mut next_report = started + Duration::from_secs(30);
    let first = env_u64("CAMSIM_ROBUST_FIRST").unwrap_or(0);
    let tally = run::run_cases(&server, &target, seed, first, |i| {
        let now = Instant::now();
        if now >= next_report {
            println!(
                "  {:>4.0} s: {i} cases, RSS {}",
                started.elapsed().as_secs_f64(),
                mib(server.rss_kib())
            );
            next_report = now + Duration::from_secs(30);
        }
        now < end && max_cases.is_none_or(|n| i < n)
    })
    .await;
    let took = started.elapsed();
    let process = run::process_checks(&mut server, LONG_RSS_BOUND_KIB).await;
    let (panics, first_panics) = server.panics();

    println!();
    println!(
        "{} cases in {:.0} s ({:.0} cases/s), seed {seed}",
        tally.cases,
        took.as_secs_f64(),
        tally.cases as f64 / took.as_secs_f64().max(0.001)
    );
    tally.print();
    let closes: u64 = tally.closes.values().sum();
    let hangs: u64 = tally.hangs.values().sum();
    println!("closes without an answer: {closes}; timeouts (hangs): {hangs}");
    println!("panics on camsim's stderr: {panics}");
    for p in first_panics.iter().take(5) {
        println!("  {p}");
    }
    println!("peak RSS (VmHWM): {}", mib(server.peak_rss_kib()));
    if !tally.violations.is_empty() {
        tally.print_violation_groups();
    }
    if tally.violations.is_empty() && process.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{} oracle violations; process: {process:?}",
            tally.violations.len()
        ))
    }
}

// ---------------------------------------------------------------------------------------------
// Soak

/// Counters shared by the soak's tasks.
#[derive(Default)]
struct Counts {
    gwell: AtomicU64,
    gwell_errors: AtomicU64,
    control: AtomicU64,
    control_errors: AtomicU64,
    first_error: std::sync::Mutex<Option<String>>,
}

impl Counts {
    fn error(&self, counter: &AtomicU64, what: String) {
        counter.fetch_add(1, Ordering::Relaxed);
        let mut first = self.first_error.lock().expect("first error");
        first.get_or_insert(what);
    }
}

async fn soak() -> Result<(), String> {
    let secs = env_u64("CAMSIM_SOAK_SECS").unwrap_or(300);
    let warm_up = env_u64("CAMSIM_SOAK_WARMUP_SECS").unwrap_or(60).min(secs);
    let rate = env_u64("CAMSIM_SOAK_RATE").unwrap_or(1000).max(1);
    println!(
        "robustness soak: {secs} s ({warm_up} s warm-up), {rate} Gwell requests/s over \
         {SOAK_CONNECTIONS} connections, control churn, scenarios/bench.yaml"
    );
    let mut server = Server::start(Path::new(CAMSIM), &["--scenario", BENCH_SCENARIO])?;
    let gwell = server.addrs[&Listener::Gwell].clone();
    let control = server.addrs[&Listener::Control].clone();
    let devices = Arc::new(signer_devices(&control).await?);
    let counts = Arc::new(Counts::default());
    let stop = Arc::new(AtomicBool::new(false));
    let nonces = Arc::new(AtomicU64::new(unix_now().saturating_mul(1_000_000)));

    let mut tasks = Vec::new();
    for i in 0..SOAK_CONNECTIONS {
        let (gwell, devices, counts, stop, nonces) = (
            gwell.clone(),
            devices.clone(),
            counts.clone(),
            stop.clone(),
            nonces.clone(),
        );
        let period = Duration::from_secs_f64(SOAK_CONNECTIONS as f64 / rate as f64);
        tasks.push(tokio::spawn(async move {
            gwell_load(&gwell, &devices, i, period, &counts, &stop, &nonces).await
        }));
    }
    {
        let (control, counts, stop) = (control.clone(), counts.clone(), stop.clone());
        tasks.push(tokio::spawn(async move {
            churn(&control, &counts, &stop).await;
        }));
    }

    let started = Instant::now();
    // (seconds since start, RSS KiB) every SOAK_SAMPLE.
    let mut samples: Vec<(u64, u64)> = Vec::new();
    println!("    time    RSS MiB   gwell requests   control requests   errors");
    loop {
        tokio::time::sleep(SOAK_SAMPLE).await;
        let t = started.elapsed().as_secs();
        let rss = server.rss_kib();
        let errors = counts.gwell_errors.load(Ordering::Relaxed)
            + counts.control_errors.load(Ordering::Relaxed);
        println!(
            "  {t:>5} s {:>10} {:>16} {:>18} {:>8}",
            rss.map_or("n/a".into(), |k| format!("{:.1}", k as f64 / 1024.0)),
            counts.gwell.load(Ordering::Relaxed),
            counts.control.load(Ordering::Relaxed),
            errors
        );
        if let Some(kib) = rss {
            samples.push((t, kib));
        }
        if t >= secs || !server.alive() {
            break;
        }
    }
    stop.store(true, Ordering::Relaxed);
    for task in tasks {
        let _ = task.await;
    }
    let process = run::process_checks(&mut server, u64::MAX).await;
    let gwell_errors = counts.gwell_errors.load(Ordering::Relaxed);
    let control_errors = counts.control_errors.load(Ordering::Relaxed);
    let took = started.elapsed().as_secs_f64();
    println!();
    println!(
        "gwell: {} requests ({:.0}/s), {gwell_errors} errors; control: {} requests, {control_errors} errors",
        counts.gwell.load(Ordering::Relaxed),
        counts.gwell.load(Ordering::Relaxed) as f64 / took,
        counts.control.load(Ordering::Relaxed)
    );
    if let Some(first) = counts.first_error.lock().expect("first error").as_ref() {
        println!("first error: {first}");
    }
    println!("peak RSS (VmHWM): {}", mib(server.peak_rss_kib()));
    let last = samples.last().map_or(0, |s| s.0);
    let warm = median_in(&samples, warm_up.saturating_sub(SOAK_WINDOW_SECS), warm_up);
    let end = median_in(&samples, last.saturating_sub(SOAK_WINDOW_SECS), last);
    let (Some(warm), Some(end)) = (warm, end) else {
        return Err(format!(
            "too few RSS readings (camsim gone?); process: {process:?}"
        ));
    };
    let allowed = ((warm as f64 * SOAK_GROWTH_RATIO) as u64).max(SOAK_GROWTH_FLOOR_KIB);
    let growth = end.saturating_sub(warm);
    println!(
        "RSS (median of {SOAK_WINDOW_SECS} s) at the end of the warm-up {}, at the end {}: growth {} (allowed {}: {:.0} % or {} MiB, whichever is larger)",
        mib(Some(warm)),
        mib(Some(end)),
        mib(Some(growth)),
        mib(Some(allowed)),
        SOAK_GROWTH_RATIO * 100.0,
        SOAK_GROWTH_FLOOR_KIB / 1024
    );
    let mut problems = process;
    if growth > allowed {
        problems.push(format!(
            "RSS grew by {} after the warm-up (allowed {})",
            mib(Some(growth)),
            mib(Some(allowed))
        ));
    }
    if gwell_errors + control_errors > 0 {
        problems.push(format!(
            "{gwell_errors} Gwell and {control_errors} control errors"
        ));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("; "))
    }
}

/// The median RSS of the samples taken from `from` to `to` seconds (both included).
fn median_in(samples: &[(u64, u64)], from: u64, to: u64) -> Option<u64> {
    let mut window: Vec<u64> = samples
        .iter()
        .filter(|(t, _)| (from..=to).contains(t))
        .map(|(_, kib)| *kib)
        .collect();
    window.sort_unstable();
    window.get(window.len() / 2).copied()
}

/// The signer's device ids, from the control API.
async fn signer_devices(control: &str) -> Result<Vec<String>, String> {
    let (status, devices) = run::call(
        control,
        "GET",
        "/_camsim/worlds/default/devices?vendor=gwell&limit=10000",
        b"",
    )
    .await?;
    if status != 200 {
        return Err(format!("device list: {status}"));
    }
    let ids: Vec<String> = devices
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .filter(|d| d["owner"].as_str() == Some(SIGNER))
        .filter_map(|d| d["devId"].as_str().map(str::to_string))
        .collect();
    if ids.len() < 100 {
        return Err(format!(
            "the bench world gives {SIGNER} only {} devices",
            ids.len()
        ));
    }
    Ok(ids)
}

/// One keep-alive connection sending a signed devInfo (nine in ten) or devList every
/// `period`; every answer must be HTTP 200 with code 0.
async fn gwell_load(
    addr: &str,
    devices: &[String],
    task: u64,
    period: Duration,
    counts: &Counts,
    stop: &AtomicBool,
    nonces: &AtomicU64,
) {
    let mut sender = None;
    let mut tick = tokio::time::interval(period);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut n = task;
    while !stop.load(Ordering::Relaxed) {
        tick.tick().await;
        n = n.wrapping_add(SOAK_CONNECTIONS);
        let (path, body) = if n.is_multiple_of(10) {
            (
                "/openapi/custCloud/oss/devList",
                format!(r#"{{"appId":"{APP_ID}","appToken":"{APP_TOKEN}","accessId":"{SIGNER}"}}"#),
            )
        } else {
            let device = &devices[(n as usize) % devices.len()];
            (
                "/openapi/custCloud/oss/devInfo",
                format!(
                    r#"{{"appId":"{APP_ID}","appToken":"{APP_TOKEN}","accessId":"{SIGNER}","devId":"{device}"}}"#
                ),
            )
        };
        let nonce = nonces.fetch_add(1, Ordering::Relaxed).to_string();
        let ts = unix_now().to_string();
        let signature = hostile::gwell_sign::gwell_signature(
            APP_KEY,
            addr,
            APP_ID,
            &nonce,
            &ts,
            body.as_bytes(),
        );
        let request = http::Request::post(path)
            .header("Host", addr)
            .header("Content-Type", "application/json")
            .header("X-IotVideo-AccessID", APP_ID)
            .header("X-IotVideo-Nonce", nonce)
            .header("X-IotVideo-Timestamp", ts)
            .header("X-IotVideo-Signature", signature)
            .body(Full::new(Bytes::from(body)))
            .expect("a valid request");
        if sender.is_none() {
            sender = match connect(addr).await {
                Ok(s) => Some(s),
                Err(e) => {
                    counts.error(&counts.gwell_errors, e);
                    continue;
                }
            };
        }
        let Some(s) = sender.as_mut() else { continue };
        counts.gwell.fetch_add(1, Ordering::Relaxed);
        match exchange(s, request).await {
            Ok((200, body)) if body.starts_with(br#"{"code":0,"#) => {}
            Ok((status, body)) => counts.error(
                &counts.gwell_errors,
                format!(
                    "{path}: HTTP {status} {}",
                    String::from_utf8_lossy(&body[..body.len().min(200)])
                ),
            ),
            Err(e) => {
                counts.error(&counts.gwell_errors, format!("{path}: {e}"));
                sender = None;
            }
        }
    }
}

/// Control-API churn, one round every 100 ms: a world created (with generated devices), a
/// fault rule added and listed, its clock frozen and moved, the world reset, its faults
/// cleared, the world deleted, and the bench world's journal read. Each call must get the
/// status the README documents.
async fn churn(control: &str, counts: &Counts, stop: &AtomicBool) {
    let mut round = 0u64;
    while !stop.load(Ordering::Relaxed) {
        round = round.wrapping_add(1);
        let world = format!("churn-{round}");
        let base = format!("/_camsim/worlds/{world}");
        let scenario = format!(
            "seed: {round}\ngwell:\n  apps:\n    - users: [{{accessId: \"-1\"}}]\n      generate: [{{count: 200, idStart: \"9000\"}}]\n"
        );
        let calls: [(&str, String, Vec<u8>, u16); 9] = [
            (
                "POST",
                format!("/_camsim/worlds?name={world}"),
                scenario.into_bytes(),
                201,
            ),
            (
                "POST",
                format!("{base}/faults"),
                br#"{"endpoint":"gwell.devInfo","error":10015,"times":3}"#.to_vec(),
                201,
            ),
            ("GET", format!("{base}/faults"), Vec::new(), 200),
            (
                "POST",
                format!("{base}/clock"),
                br#"{"freeze":true,"advance":"-10m"}"#.to_vec(),
                200,
            ),
            (
                "POST",
                format!("{base}/clock"),
                br#"{"at":"now+1d"}"#.to_vec(),
                200,
            ),
            ("POST", format!("{base}/reset"), Vec::new(), 200),
            ("DELETE", format!("{base}/faults"), Vec::new(), 200),
            ("DELETE", base.clone(), Vec::new(), 200),
            (
                "GET",
                "/_camsim/worlds/default/requests?limit=20".to_string(),
                Vec::new(),
                200,
            ),
        ];
        for (method, path, body, expected) in calls {
            counts.control.fetch_add(1, Ordering::Relaxed);
            match run::call(control, method, &path, &body).await {
                Ok((status, _)) if status == expected => {}
                Ok((status, answer)) => counts.error(
                    &counts.control_errors,
                    format!("{method} {path}: {status} (expected {expected}) {answer}"),
                ),
                Err(e) => counts.error(&counts.control_errors, e),
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
