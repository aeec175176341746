//! `cargo bench --bench onenet_slow [-- --other=devices|cmd_status|cmds] [--count=N]`: 1,000
//! concurrent OneNET qos=1 commands to slow devices end with the right `cmd_status`, at the
//! right time, without slowing other requests.
//!
//! camsim (release) serves scenarios/bench-onenet-slow.yaml: 1,000 devices that answer a
//! command after 2 s, in a product that waits 5 s. One connection per device is opened first;
//! then all 1,000 `POST /ipc/video/cmds?qos=1` go out at once, twice:
//! 1. latency 2 s below the 5 s wait: every answer must be `cmd_status` 4, no earlier than 2 s;
//! 2. latency 8 s above the wait (set for each device through the control API): every answer
//!    must be `cmd_status` 2, no earlier than 5 s.
//!
//! Meanwhile a second client (16 keep-alive connections, closed loop) sends other requests of
//! the same world: `GET /devices/{id}` (default), `GET /ipc/video/cmd_status` (a read that is
//! served on main before devices.get is) or `POST /ipc/video/cmds?qos=0` (which also keeps a
//! command per request). Its latency and throughput are compared between the 3 s before each
//! burst and the burst itself (first send to last answer). The report gives the count per
//! status, the spread of the answers, the wall time, the other requests' p50/p99 and rate
//! before and during, and camsim's RSS. Exit code 1 if any command's answer is wrong or early,
//! or any other request fails; the p99 target (< 5 ms) is reported, not enforced, since a
//! shared machine can miss it for reasons that are not camsim's.

#[path = "support/keepalive.rs"]
mod keepalive;

#[path = "support/onenet_wire.rs"]
mod onenet_wire;

use bytes::Bytes;
use hdrhistogram::Histogram;
use http_body_util::Full;
use hyper::client::conn::http1::SendRequest;
use keepalive::{authority, connect, exchange};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, ExitCode, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};
use tokio::sync::Barrier;

const SCENARIO: &str = "scenarios/bench-onenet-slow.yaml";
/// The product of the slow world.
const PRODUCT_ID: &str = "375301";
const MASTER_KEY: &str = "BENCHSLOWMASTER37530100000000001";
/// The product's `cmdWaitMs` and its devices' `reply.latencyMs` in the scenario.
const WAIT_MS: u64 = 5_000;
const SCENARIO_LATENCY_MS: u64 = 2_000;
/// The second burst's latency, above the wait.
const LONG_LATENCY_MS: u64 = 8_000;
const COMMANDS: usize = 1_000;
/// The other client's connections. With the 1,000 command connections this stays under
/// camsim's default cap of 1,024 connections per listener.
const OTHER_CONNECTIONS: usize = 16;
const OTHER_WARM_UP: Duration = Duration::from_secs(1);
/// The "before" window of the other requests, right before each burst.
const BEFORE: Duration = Duration::from_secs(3);
const READY_TIMEOUT: Duration = Duration::from_secs(30);
const P99_TARGET_MS: f64 = 5.0;
/// Platform command 5 (make a key frame) on channel 1.
const KEY_FRAME: &[u8] = br#"{"cmdId":5,"channel_id":1}"#;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args = match Args::parse(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(problem) => {
            eprintln!("onenet_slow: {problem}");
            return ExitCode::FAILURE;
        }
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime for the client");
    match runtime.block_on(run(&args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(problem) => {
            eprintln!("onenet_slow FAILED: {problem}");
            ExitCode::FAILURE
        }
    }
}

struct Args {
    other: OtherKind,
    count: usize,
}

impl Args {
    /// `cargo bench` adds `--bench`, which is ignored.
    fn parse(args: impl Iterator<Item = String>) -> Result<Args, String> {
        let mut parsed = Args {
            other: OtherKind::DeviceGet,
            count: COMMANDS,
        };
        for arg in args {
            if let Some(kind) = arg.strip_prefix("--other=") {
                parsed.other = match kind {
                    "devices" => OtherKind::DeviceGet,
                    "cmd_status" => OtherKind::CmdStatus,
                    "cmds" => OtherKind::Command,
                    _ => return Err(format!("--other={kind}: devices, cmd_status or cmds")),
                };
            } else if let Some(n) = arg.strip_prefix("--count=") {
                parsed.count = n
                    .parse()
                    .ok()
                    .filter(|n| (1..=COMMANDS).contains(n))
                    .ok_or(format!("--count={n}: 1 to {COMMANDS}"))?;
            }
        }
        Ok(parsed)
    }
}

// ---------------------------------------------------------------------------------------------
// The measurement

/// One burst: the devices' latency, and what every answer must say, and when.
struct Burst {
    latency_ms: u64,
    expect_status: u8,
    /// The earliest an answer may come: the latency or the wait, whichever is shorter.
    due: Duration,
}

const BURSTS: [Burst; 2] = [
    Burst {
        latency_ms: SCENARIO_LATENCY_MS,
        expect_status: 4,
        due: Duration::from_millis(SCENARIO_LATENCY_MS),
    },
    Burst {
        latency_ms: LONG_LATENCY_MS,
        expect_status: 2,
        due: Duration::from_millis(WAIT_MS),
    },
];

async fn run(args: &Args) -> Result<(), String> {
    onenet_wire::self_check()?;
    let scenario = Path::new(env!("CARGO_MANIFEST_DIR")).join(SCENARIO);
    let camsim = Camsim::start(&scenario)?;
    let (url, control) = (camsim.url("onenet")?, camsim.url("control")?);
    let ids = device_ids(&control).await?;
    if ids.len() < args.count {
        return Err(format!(
            "{SCENARIO} gives product {PRODUCT_ID} {} devices, not {}",
            ids.len(),
            args.count
        ));
    }
    let ids = &ids[..args.count];
    let other = Arc::new(Other::plan(args.other, &url, ids).await?);
    println!(
        "onenet_slow: {} concurrent qos=1 commands ({SCENARIO}, wait {WAIT_MS} ms); other \
         requests: {} on {OTHER_CONNECTIONS} connections",
        ids.len(),
        other.kind.name()
    );
    let rss_start = memory(camsim.id());
    // The command connections are opened once, before any burst, and kept: the bursts
    // measure commands, not 1,000 TCP handshakes.
    let mut senders = Vec::with_capacity(ids.len());
    for _ in ids {
        senders.push(connect(&url).await?);
    }
    let mut others = Vec::with_capacity(OTHER_CONNECTIONS);
    for _ in 0..OTHER_CONNECTIONS {
        others.push(connect(&url).await?);
    }
    let mut results = Vec::new();
    for burst in &BURSTS {
        if burst.latency_ms != SCENARIO_LATENCY_MS {
            set_latency(&control, ids, burst.latency_ms).await?;
        }
        let (result, back, kept) = measure(&url, ids, senders, others, &other).await?;
        senders = back;
        others = kept;
        results.push((burst, result, memory(camsim.id())));
    }
    let report = Report {
        rss_start,
        bursts: results,
    };
    report.print();
    report.verdict()
}

/// One burst with the other client running: the other client warms up, runs `BEFORE`, then
/// every command goes out at once; the other client stops at the last answer.
async fn measure(
    url: &str,
    ids: &[String],
    senders: Vec<SendRequest<Full<Bytes>>>,
    others: Vec<SendRequest<Full<Bytes>>>,
    other: &Arc<Other>,
) -> Result<
    (
        BurstResult,
        Vec<SendRequest<Full<Bytes>>>,
        Vec<SendRequest<Full<Bytes>>>,
    ),
    String,
> {
    let stop = Arc::new(AtomicBool::new(false));
    let host = authority(url).to_string();
    let other_tasks: Vec<_> = others
        .into_iter()
        .enumerate()
        .map(|(i, sender)| {
            let (stop, other, host) = (stop.clone(), other.clone(), host.clone());
            tokio::spawn(async move { other_loop(sender, &other, &host, i, &stop).await })
        })
        .collect();
    tokio::time::sleep(OTHER_WARM_UP + BEFORE).await;

    let barrier = Arc::new(Barrier::new(ids.len() + 1));
    let command_tasks: Vec<_> = senders
        .into_iter()
        .zip(ids)
        .map(|(mut sender, id)| {
            let (barrier, host) = (barrier.clone(), host.clone());
            let path = format!("/ipc/video/cmds?device_id={id}&qos=1&type=0");
            tokio::spawn(async move {
                let request = command(&host, &path);
                barrier.wait().await;
                let sent = Instant::now();
                let answer = exchange(&mut sender, request).await;
                (sender, sent.elapsed(), answer)
            })
        })
        .collect();
    barrier.wait().await;
    let fired = Instant::now();
    let mut answers = Vec::with_capacity(ids.len());
    let mut back = Vec::with_capacity(ids.len());
    for (task, id) in command_tasks.into_iter().zip(ids) {
        let (sender, took, answer) = task.await.map_err(|e| format!("command task: {e}"))?;
        back.push(sender);
        answers.push(CommandAnswer {
            device: id.clone(),
            took,
            answer,
        });
    }
    let wall = fired.elapsed();
    let done = fired + wall;
    stop.store(true, Ordering::Relaxed);

    let mut samples = Vec::new();
    let mut kept = Vec::with_capacity(OTHER_CONNECTIONS);
    let (mut other_errors, mut first_errors) = (0, Vec::new());
    for task in other_tasks {
        let run = task.await.map_err(|e| format!("other task: {e}"))?;
        samples.extend(run.samples);
        other_errors += run.errors;
        first_errors.extend(run.first_errors);
        if let Some(sender) = run.sender {
            kept.push(sender);
        }
    }
    while kept.len() < OTHER_CONNECTIONS {
        kept.push(connect(url).await?);
    }
    let result = BurstResult {
        wall,
        answers,
        before: Window::of(&samples, fired.checked_sub(BEFORE).unwrap_or(fired), fired),
        during: Window::of(&samples, fired, done),
        other_errors,
        first_errors,
    };
    Ok((result, back, kept))
}

fn command(host: &str, path: &str) -> http::Request<Full<Bytes>> {
    http::Request::post(path)
        .header("Host", host)
        .header("api-key", MASTER_KEY)
        .header("Content-Type", "application/json")
        .body(Full::new(Bytes::from_static(KEY_FRAME)))
        .expect("a valid request")
}

struct CommandAnswer {
    device: String,
    took: Duration,
    answer: Result<(u16, Bytes), String>,
}

impl CommandAnswer {
    /// `Some(cmd_status)` of an HTTP 200 errno-0 answer.
    fn status(&self) -> Option<u8> {
        match &self.answer {
            Ok((200, body)) => onenet_wire::cmd_status(body),
            _ => None,
        }
    }

    fn shown(&self) -> String {
        match &self.answer {
            Ok((status, body)) => format!(
                "device {} after {} ms: HTTP {status} {}",
                self.device,
                self.took.as_millis(),
                String::from_utf8_lossy(body)
            ),
            Err(e) => format!("device {}: connection: {e}", self.device),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The other requests

#[derive(Clone, Copy)]
enum OtherKind {
    DeviceGet,
    CmdStatus,
    Command,
}

impl OtherKind {
    fn name(self) -> &'static str {
        match self {
            OtherKind::DeviceGet => "GET /devices/{id}",
            OtherKind::CmdStatus => "GET /ipc/video/cmd_status",
            OtherKind::Command => "POST /ipc/video/cmds?qos=0",
        }
    }
}

/// The other client's requests, one per device, built once.
struct Other {
    kind: OtherKind,
    /// (device id, path and query)
    targets: Vec<(String, String)>,
}

impl Other {
    /// cmd_status needs a command to ask about: one qos=0 command per device is sent first.
    /// camsim keeps it 60 s after it settled, longer than the whole run takes.
    async fn plan(kind: OtherKind, url: &str, ids: &[String]) -> Result<Other, String> {
        let host = authority(url).to_string();
        let mut sender = connect(url).await?;
        let mut targets = Vec::with_capacity(ids.len());
        for id in ids {
            let path = match kind {
                OtherKind::DeviceGet => format!("/devices/{id}"),
                OtherKind::Command => format!("/ipc/video/cmds?device_id={id}&qos=0&type=0"),
                OtherKind::CmdStatus => {
                    let path = format!("/ipc/video/cmds?device_id={id}&qos=0&type=0");
                    let (status, body) = exchange(&mut sender, command(&host, &path)).await?;
                    let uuid = uuid_of(&body).filter(|_| status == 200).ok_or_else(|| {
                        format!(
                            "a qos=0 command to {id}: HTTP {status} {}",
                            String::from_utf8_lossy(&body)
                        )
                    })?;
                    format!("/ipc/video/cmd_status?device_id={id}&cmd_uuid={uuid}")
                }
            };
            targets.push((id.clone(), path));
        }
        let other = Other { kind, targets };
        let (status, body) = exchange(&mut sender, other.request(&host, 0)).await?;
        if !other.success(0, status, &body) {
            return Err(format!(
                "the other requests ({}) fail before any command: HTTP {status} {}{}",
                kind.name(),
                String::from_utf8_lossy(&body),
                match kind {
                    OtherKind::DeviceGet =>
                        " (until devices.get is served, use --other=cmd_status)",
                    _ => "",
                }
            ));
        }
        Ok(other)
    }

    fn request(&self, host: &str, n: usize) -> http::Request<Full<Bytes>> {
        let (_, path) = &self.targets[n % self.targets.len()];
        match self.kind {
            OtherKind::Command => command(host, path),
            OtherKind::DeviceGet | OtherKind::CmdStatus => http::Request::get(path.as_str())
                .header("Host", host)
                .header("api-key", MASTER_KEY)
                .body(Full::new(Bytes::new()))
                .expect("a valid request"),
        }
    }

    fn success(&self, n: usize, status: u16, body: &[u8]) -> bool {
        let (id, _) = &self.targets[n % self.targets.len()];
        status == 200
            && match self.kind {
                OtherKind::DeviceGet => onenet_wire::is_device(body, id),
                OtherKind::Command => onenet_wire::cmd_status(body) == Some(2),
                OtherKind::CmdStatus => {
                    body.starts_with(br#"{"errno":0,"error":"succ","data":{"status":2,"#)
                }
            }
    }
}

/// The `cmd_uuid` of an errno-0 cmds answer.
fn uuid_of(body: &[u8]) -> Option<String> {
    onenet_wire::cmd_status(body)?;
    let text = std::str::from_utf8(body).ok()?;
    let (_, rest) = text.split_once(r#""cmd_uuid":""#)?;
    let (uuid, _) = rest.split_once('"')?;
    Some(uuid.to_string())
}

/// One other-client connection's run: when each good answer's request went out and how long
/// it took; the first few errors.
struct OtherRun {
    sender: Option<SendRequest<Full<Bytes>>>,
    samples: Vec<(Instant, Duration)>,
    errors: u64,
    first_errors: Vec<String>,
}

/// Error texts kept per connection (every error is counted).
const ERRORS_KEPT: usize = 3;

async fn other_loop(
    mut sender: SendRequest<Full<Bytes>>,
    other: &Other,
    host: &str,
    first: usize,
    stop: &AtomicBool,
) -> OtherRun {
    let mut run = OtherRun {
        sender: None,
        samples: Vec::new(),
        errors: 0,
        first_errors: Vec::new(),
    };
    // Each connection starts at its own device and steps by the connection count.
    let mut n = first;
    while !stop.load(Ordering::Relaxed) {
        let sent = Instant::now();
        match exchange(&mut sender, other.request(host, n)).await {
            Ok((status, body)) if other.success(n, status, &body) => {
                run.samples.push((sent, sent.elapsed()));
            }
            Ok((status, body)) => {
                run.errors += 1;
                if run.first_errors.len() < ERRORS_KEPT {
                    run.first_errors
                        .push(format!("HTTP {status} {}", String::from_utf8_lossy(&body)));
                }
            }
            Err(e) => {
                run.errors += 1;
                run.first_errors.push(format!("connection: {e}"));
                return run;
            }
        }
        n = n.wrapping_add(OTHER_CONNECTIONS);
    }
    run.sender = Some(sender);
    run
}

/// The other requests sent within a time window (and answered well, whenever).
struct Window {
    span: Duration,
    count: u64,
    p50_ms: f64,
    p99_ms: f64,
    max_ms: f64,
}

impl Window {
    fn of(samples: &[(Instant, Duration)], from: Instant, to: Instant) -> Window {
        let mut h = Histogram::<u64>::new_with_bounds(1, 60_000_000, 3).expect("valid bounds");
        for (sent, took) in samples {
            if *sent >= from && *sent < to {
                h.saturating_record((took.as_micros() as u64).max(1));
            }
        }
        Window {
            span: to - from,
            count: h.len(),
            p50_ms: h.value_at_quantile(0.50) as f64 / 1000.0,
            p99_ms: h.value_at_quantile(0.99) as f64 / 1000.0,
            max_ms: h.max() as f64 / 1000.0,
        }
    }

    fn per_sec(&self) -> f64 {
        self.count as f64 / self.span.as_secs_f64().max(1e-9)
    }

    fn line(&self) -> String {
        format!(
            "{:>7.0} req/s  p50 {:>6.2} ms  p99 {:>6.2} ms  max {:>7.2} ms  ({} requests in {:.2} s)",
            self.per_sec(),
            self.p50_ms,
            self.p99_ms,
            self.max_ms,
            self.count,
            self.span.as_secs_f64()
        )
    }
}

// ---------------------------------------------------------------------------------------------
// Report

struct BurstResult {
    wall: Duration,
    answers: Vec<CommandAnswer>,
    before: Window,
    during: Window,
    /// Other requests that failed over the whole run of this burst, and the first texts.
    other_errors: u64,
    first_errors: Vec<String>,
}

struct Report {
    rss_start: Memory,
    bursts: Vec<(&'static Burst, BurstResult, Memory)>,
}

impl Report {
    fn print(&self) {
        println!();
        println!("camsim RSS after start: {}", mib(self.rss_start.rss_kib));
        for (burst, r, memory) in &self.bursts {
            let mut by_status: BTreeMap<String, usize> = BTreeMap::new();
            for a in &r.answers {
                let key = a
                    .status()
                    .map_or("not errno 0".to_string(), |s| s.to_string());
                *by_status.entry(key).or_default() += 1;
            }
            let counts: Vec<String> = by_status
                .iter()
                .map(|(status, n)| format!("{status}: {n}"))
                .collect();
            let took: Vec<Duration> = r.answers.iter().map(|a| a.took).collect();
            let min = took.iter().min().copied().unwrap_or_default();
            let max = took.iter().max().copied().unwrap_or_default();
            let wrong = wrong(burst, r).count();
            println!();
            println!(
                "{} qos=1 commands, device latency {} ms, wait {WAIT_MS} ms: expect cmd_status {} \
                 no earlier than {} ms",
                r.answers.len(),
                burst.latency_ms,
                burst.expect_status,
                burst.due.as_millis()
            );
            println!(
                "  cmd_status counts   {}   wrong or early: {wrong} {}",
                counts.join(", "),
                if wrong == 0 { "ok" } else { "FAILED" }
            );
            println!(
                "  answered after      {} - {} ms (due {} ms; the last {} ms late); wall time {} ms",
                min.as_millis(),
                max.as_millis(),
                burst.due.as_millis(),
                max.saturating_sub(burst.due).as_millis(),
                r.wall.as_millis()
            );
            println!("  other before        {}", r.before.line());
            println!("  other during        {}", r.during.line());
            println!(
                "  other p99 during {:.2} ms vs before {:.2} ms (target < {P99_TARGET_MS} ms) {}; \
                 rate during/before {:.1} %; errors {}",
                r.during.p99_ms,
                r.before.p99_ms,
                if r.during.p99_ms < P99_TARGET_MS {
                    "ok"
                } else {
                    "MISSED"
                },
                100.0 * r.during.per_sec() / r.before.per_sec().max(1e-9),
                r.other_errors
            );
            println!(
                "  camsim RSS          {} now, peak (VmHWM) {}",
                mib(memory.rss_kib),
                mib(memory.peak_kib)
            );
        }
    }

    /// Wrong or early answers and failed other requests fail the run; a missed p99 target does
    /// not (a shared machine can miss it for reasons that are not camsim's).
    fn verdict(&self) -> Result<(), String> {
        for (burst, r, _) in &self.bursts {
            let wrong: Vec<&CommandAnswer> = wrong(burst, r).collect();
            if let Some(first) = wrong.first() {
                return Err(format!(
                    "{} of {} answers are not cmd_status {} after {} ms; first: {}",
                    wrong.len(),
                    r.answers.len(),
                    burst.expect_status,
                    burst.due.as_millis(),
                    first.shown()
                ));
            }
            if r.other_errors > 0 {
                return Err(format!(
                    "{} other requests failed around the {} ms burst; first: {}",
                    r.other_errors,
                    burst.latency_ms,
                    r.first_errors.first().map_or("?", String::as_str)
                ));
            }
        }
        Ok(())
    }
}

fn wrong<'a>(burst: &'a Burst, r: &'a BurstResult) -> impl Iterator<Item = &'a CommandAnswer> {
    r.answers
        .iter()
        .filter(|a| a.status() != Some(burst.expect_status) || a.took < burst.due)
}

// ---------------------------------------------------------------------------------------------
// camsim and its control API

/// Kills and reaps camsim when dropped, so it never outlives the bench (panic included).
struct Camsim {
    child: Child,
    /// The ready line: the URL of each listener by name.
    urls: serde_json::Value,
}

impl Drop for Camsim {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Camsim {
    /// `camsim serve` on free ports, up once its ready line is out.
    fn start(scenario: &Path) -> Result<Camsim, String> {
        let mut child = Command::new(env!("CARGO_BIN_EXE_camsim"))
            .args([
                "serve",
                "--port-base",
                "0",
                "--log-level",
                "warn",
                "--scenario",
            ])
            .arg(scenario)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| format!("cannot spawn camsim: {e}"))?;
        let stdout = child.stdout.take().ok_or("stdout not piped")?;
        let mut camsim = Camsim {
            child,
            urls: serde_json::Value::Null,
        };
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let read = BufReader::new(stdout).read_line(&mut line);
            let _ = tx.send(read.map(|_| line));
        });
        let line = match rx.recv_timeout(READY_TIMEOUT) {
            Ok(Ok(line)) if !line.is_empty() => line,
            Ok(Ok(_)) => return Err("camsim exited before its ready line".into()),
            Ok(Err(e)) => return Err(format!("camsim's stdout: {e}")),
            Err(_) => return Err(format!("camsim not ready within {READY_TIMEOUT:?}")),
        };
        camsim.urls = serde_json::from_str(&line)
            .map_err(|e| format!("ready line `{line}` is not the URLs JSON: {e}"))?;
        Ok(camsim)
    }

    fn url(&self, listener: &str) -> Result<String, String> {
        self.urls[listener]
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| format!("camsim's ready line has no `{listener}` URL"))
    }

    fn id(&self) -> u32 {
        self.child.id()
    }
}

/// The slow product's device ids, in order, from the control API.
async fn device_ids(control: &str) -> Result<Vec<String>, String> {
    let mut sender = connect(control).await?;
    let request = http::Request::get("/_camsim/worlds/default/devices?vendor=onenet&limit=10000")
        .header("Host", authority(control))
        .body(Full::new(Bytes::new()))
        .expect("a valid request");
    let (status, body) = exchange(&mut sender, request).await?;
    if status != 200 {
        return Err(format!("device list: HTTP {status}"));
    }
    let views: Vec<serde_json::Value> =
        serde_json::from_slice(&body).map_err(|e| format!("device list: {e}"))?;
    Ok(views
        .iter()
        .filter(|v| v["productId"].as_str() == Some(PRODUCT_ID) && v["online"] == true)
        .filter_map(|v| v["devId"].as_str().map(str::to_string))
        .collect())
}

/// Every device's reply latency, through the control API (`PATCH .../devices/onenet/{id}`).
async fn set_latency(control: &str, ids: &[String], latency_ms: u64) -> Result<(), String> {
    let mut sender = connect(control).await?;
    let body = Bytes::from(format!(r#"{{"reply":{{"latencyMs":{latency_ms}}}}}"#));
    for id in ids {
        let request = http::Request::patch(format!("/_camsim/worlds/default/devices/onenet/{id}"))
            .header("Host", authority(control))
            .header("Content-Type", "application/json")
            .body(Full::new(body.clone()))
            .expect("a valid request");
        let (status, answer) = exchange(&mut sender, request).await?;
        if status != 200 {
            return Err(format!(
                "PATCH device {id} latency {latency_ms}: HTTP {status} {}",
                String::from_utf8_lossy(&answer)
            ));
        }
    }
    Ok(())
}

/// camsim's resident and peak resident memory (`VmRSS`, `VmHWM`).
struct Memory {
    rss_kib: Option<u64>,
    peak_kib: Option<u64>,
}

fn memory(pid: u32) -> Memory {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
    };
    Memory {
        rss_kib: field("VmRSS:"),
        peak_kib: field("VmHWM:"),
    }
}

fn mib(kib: Option<u64>) -> String {
    kib.map_or("n/a".into(), |k| format!("{:.1} MiB", k as f64 / 1024.0))
}
