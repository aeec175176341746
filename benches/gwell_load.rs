//! `cargo bench --bench gwell_load`: how fast camsim starts and how close its Gwell devInfo
//! pipeline comes to a bare hyper server, measured in one run on this machine.
//!
//! 1. Start-to-ready of `camsim serve` with the embedded default scenario (target < 100 ms) and
//!    with `scenarios/bench.yaml` (10,000 generated devices, target < 1 s).
//! 2. A bare hyper 1 server, in a second process of this same binary (re-exec with
//!    [`BARE_BODY_ENV`]) so it has its own runtime as camsim does, answering every POST with the
//!    exact bytes of a real camsim devInfo success answer.
//! 3. One load client (this process: 50 keep-alive HTTP/1.1 connections, 3 s warm-up, 10 s
//!    measured) drives both. Every request is a devInfo with a fresh nonce, the current time and
//!    its own HMAC-SHA1 signature, computed here from Gwell's documentation (never with camsim's auth
//!    code), so the client does the same work against both servers and the ratio is fair.
//! 4. Prints requests/s, p50/p99, errors, the camsim/bare ratio and camsim's peak RSS.
//!
//! Absolute figures depend on the machine (the client shares its cores with the servers); the
//! ratio is the figure to watch. See bench/README.md.

#[path = "support/keepalive.rs"]
mod keepalive;

use bytes::Bytes;
use hdrhistogram::Histogram;
use http_body_util::{BodyExt, Full};
use hyper_util::rt::TokioIo;
use keepalive::{authority, connect, exchange};
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

#[path = "../tests/api/support/gwell_sign.rs"]
mod gwell_sign;
use gwell_sign::gwell_signature;

/// Set (to the path of the answer's bytes) when this binary runs as the bare server.
const BARE_BODY_ENV: &str = "GWELL_LOAD_BARE_BODY";

const CONNECTIONS: usize = 50;
const WARM_UP: Duration = Duration::from_secs(3);
const MEASURED: Duration = Duration::from_secs(10);
/// How many times each start-to-ready figure is taken (one start is too noisy to judge).
const STARTS: usize = 5;
const READY_TIMEOUT: Duration = Duration::from_secs(30);

const BENCH_SCENARIO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/bench.yaml");
/// Another scenario for comparison runs (same app, users and device ids; e.g. other journal
/// settings), instead of scenarios/bench.yaml.
const SCENARIO_ENV: &str = "GWELL_LOAD_SCENARIO";
/// Linux's USER_HZ: the unit of utime/stime in /proc/<pid>/stat.
const CLOCK_TICKS_PER_SEC: f64 = 100.0;
/// The endpoints measured, each against a bare server answering that endpoint's real bytes.
const ENDPOINTS: [Endpoint; 2] = [Endpoint::DevInfo, Endpoint::DevList];

/// The credentials of scenarios/bench.yaml; the signer is its first user.
const APP_ID: &str = "00001bench0000000000000000000001";
const APP_TOKEN: &str = "bench0token000000000000000000000000000000000000000000000000001";
const APP_KEY: &str = "BenchSigningKey00000000000000001";
const SIGNER: &str = "-9223371990000000001";

/// Targets from the task (bench/README.md).
const DEFAULT_READY_TARGET: Duration = Duration::from_millis(100);
const BENCH_READY_TARGET: Duration = Duration::from_secs(1);
const RATIO_TARGET: f64 = 0.70;
const P99_TARGET_MS: f64 = 5.0;

/// The same allocator as the camsim binary, so the bare server (this binary re-run) is
/// compared on equal terms and the ratio measures camsim's own work.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    if let Ok(path) = std::env::var(BARE_BODY_ENV) {
        return bare::serve(Path::new(&path));
    }
    check_signing_against_gwell_md();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime for the load client");
    match runtime.block_on(run()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(problem) => {
            eprintln!("gwell_load FAILED: {problem}");
            ExitCode::FAILURE
        }
    }
}

/// The whole benchmark; children are killed by their guards however this returns or panics.
async fn run() -> Result<(), String> {
    println!("gwell_load: {CONNECTIONS} connections, {WARM_UP:?} warm-up, {MEASURED:?} measured");

    let default_starts = time_starts(None, STARTS)?;
    let scenario = std::env::var(SCENARIO_ENV).unwrap_or_else(|_| BENCH_SCENARIO.to_string());
    println!("scenario under load: {scenario}");
    let (bench_starts, camsim) = time_starts_keep_last(Some(Path::new(&scenario)), STARTS)?;
    let gwell = camsim.urls.gwell.clone();

    let devices = signer_devices(&camsim.urls.control).await?;
    println!(
        "bench world: {} devices of user {SIGNER} to ask for",
        devices.len()
    );
    let devices = Arc::new(devices);
    // One counter for every phase: a nonce is never sent twice to the same world.
    let nonces = Arc::new(AtomicU64::new(first_nonce()));
    let mut endpoints = Vec::new();
    for endpoint in ENDPOINTS {
        let plan = Arc::new(Plan {
            endpoint,
            devices: devices.clone(),
            nonces: nonces.clone(),
        });
        let answer = one_real_answer(&gwell, &plan).await?;
        let bare = BareServer::start(&answer)?;
        println!("load {}: camsim at {gwell}", endpoint.id());
        let camsim_result = load(&gwell, camsim.child.id(), &plan, Check::CamsimSuccess).await?;
        println!("load {}: bare hyper at {}", endpoint.id(), bare.url);
        let bare_result = load(&bare.url, bare.child.id(), &plan, Check::Status200).await?;
        endpoints.push(EndpointResult {
            endpoint,
            answer_bytes: answer.len(),
            camsim: camsim_result,
            bare: bare_result,
            bare_peak_rss_kib: peak_rss_kib(bare.child.id()),
        });
    }

    let report = Report {
        default_starts,
        bench_starts,
        endpoints,
        camsim_peak_rss_kib: peak_rss_kib(camsim.child.id()),
    };
    report.print();
    report.verdict()
}

// ---------------------------------------------------------------------------------------------
// Children

/// Kills and reaps the child when dropped, so no server outlives the bench (panic included).
struct ChildGuard {
    child: Child,
}

impl ChildGuard {
    fn id(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for ChildGuard {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The listener URLs of camsim's ready line (only the two the bench uses).
#[derive(serde::Deserialize)]
struct Urls {
    control: String,
    gwell: String,
}

struct Camsim {
    child: ChildGuard,
    urls: Urls,
}

/// Spawns `camsim serve` on free ports and waits for its ready line; returns the time from
/// spawn to that line, which is printed right after the ready file is written.
fn start_camsim(scenario: Option<&Path>) -> Result<(Camsim, Duration), String> {
    let ready_file = temp_path("ready");
    let _ = std::fs::remove_file(&ready_file);
    let mut command = Command::new(env!("CARGO_BIN_EXE_camsim"));
    command.args([
        "serve",
        "--port-base",
        "0",
        "--log-level",
        "warn",
        "--ready-file",
    ]);
    command.arg(&ready_file);
    if let Some(path) = scenario {
        command.arg("--scenario").arg(path);
    }
    command.stdout(Stdio::piped()).stderr(Stdio::inherit());

    let started = Instant::now();
    let mut child = ChildGuard {
        child: command
            .spawn()
            .map_err(|e| format!("cannot spawn camsim: {e}"))?,
    };
    let line = first_line(&mut child.child, READY_TIMEOUT)
        .map_err(|e| format!("camsim ({scenario:?}) never got ready: {e}"))?;
    let ready_after = started.elapsed();

    let from_file = std::fs::read_to_string(&ready_file)
        .map_err(|e| format!("camsim printed its ready line but wrote no ready file: {e}"))?;
    let _ = std::fs::remove_file(&ready_file);
    if from_file.trim() != line.trim() {
        return Err(format!(
            "ready file `{from_file}` differs from ready line `{line}`"
        ));
    }
    let urls: Urls = serde_json::from_str(&line)
        .map_err(|e| format!("ready line `{line}` is not the URLs JSON: {e}"))?;
    Ok((Camsim { child, urls }, ready_after))
}

/// Reads the child's first stdout line on a helper thread, so a silent child cannot hang us.
fn first_line(child: &mut Child, timeout: Duration) -> Result<String, String> {
    let stdout = child.stdout.take().ok_or("stdout not piped")?;
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let read = BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(read.map(|_| line));
    });
    match rx.recv_timeout(timeout) {
        Ok(Ok(line)) if !line.is_empty() => Ok(line),
        Ok(Ok(_)) => Err(format!(
            "it exited first ({:?})",
            child.wait().map_err(|e| e.to_string())?
        )),
        Ok(Err(e)) => Err(e.to_string()),
        Err(_) => Err(format!("no ready line within {timeout:?}")),
    }
}

fn time_starts(scenario: Option<&Path>, times: usize) -> Result<Vec<Duration>, String> {
    (0..times)
        .map(|_| start_camsim(scenario).map(|(_, took)| took))
        .collect()
}

/// Like [`time_starts`], keeping the last camsim running for the load test.
fn time_starts_keep_last(
    scenario: Option<&Path>,
    times: usize,
) -> Result<(Vec<Duration>, Camsim), String> {
    let mut took = time_starts(scenario, times - 1)?;
    let (camsim, last) = start_camsim(scenario)?;
    took.push(last);
    Ok((took, camsim))
}

fn temp_path(what: &str) -> PathBuf {
    static N: AtomicU64 = AtomicU64::new(0);
    let n = N.fetch_add(1, Ordering::Relaxed);
    std::env::temp_dir().join(format!("gwell_load-{}-{n}.{what}", std::process::id()))
}

/// VmHWM (peak resident set) of a live process, in KiB.
fn peak_rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// CPU time (user + system) a live process has used so far. On a machine shared with other
/// work this is steadier than requests/s: it is what each request costs the server itself.
fn cpu_time(pid: u32) -> Option<Duration> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after the `(comm)`: state is field 3, utime 14, stime 15.
    let rest = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_secs_f64(ticks as f64 / CLOCK_TICKS_PER_SEC))
}

// ---------------------------------------------------------------------------------------------
// The bare server

/// This binary re-executed as a bare hyper server; it exits when its stdin closes (our end),
/// so even a bench killed with SIGKILL leaves no server behind.
struct BareServer {
    child: ChildGuard,
    url: String,
}

impl BareServer {
    fn start(answer: &Bytes) -> Result<BareServer, String> {
        let body_file = temp_path("answer.json");
        std::fs::write(&body_file, answer)
            .map_err(|e| format!("cannot write {body_file:?}: {e}"))?;
        let exe = std::env::current_exe().map_err(|e| e.to_string())?;
        let mut child = ChildGuard {
            child: Command::new(exe)
                .env(BARE_BODY_ENV, &body_file)
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::inherit())
                .spawn()
                .map_err(|e| format!("cannot spawn the bare server: {e}"))?,
        };
        let addr = first_line(&mut child.child, READY_TIMEOUT)
            .map_err(|e| format!("bare server never got ready: {e}"))?;
        let _ = std::fs::remove_file(&body_file);
        Ok(BareServer {
            child,
            url: format!("http://{}", addr.trim()),
        })
    }
}

mod bare {
    use super::*;
    use hyper::service::service_fn;
    use hyper::{Method, Request, Response, StatusCode};
    use std::convert::Infallible;
    use tokio::net::TcpListener;

    /// Answers every POST with `body` (application/json), nothing else: the ceiling camsim's
    /// pipeline is compared with. Prints its address as its first stdout line.
    pub fn serve(body_file: &Path) -> ExitCode {
        let body = match std::fs::read(body_file) {
            Ok(b) => Bytes::from(b),
            Err(e) => {
                eprintln!("bare server: cannot read {body_file:?}: {e}");
                return ExitCode::FAILURE;
            }
        };
        exit_when_stdin_closes();
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .expect("a tokio runtime for the bare server");
        runtime.block_on(accept_loop(body));
        ExitCode::SUCCESS
    }

    fn exit_when_stdin_closes() {
        std::thread::spawn(|| {
            let _ = std::io::stdin().read_to_end(&mut Vec::new());
            std::process::exit(0);
        });
    }

    async fn accept_loop(body: Bytes) {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("a bound address");
        println!("{addr}");
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                continue;
            };
            let _ = stream.set_nodelay(true);
            let body = body.clone();
            tokio::spawn(async move {
                let service = service_fn(move |req| answer(req, body.clone()));
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    }

    /// Reads the request body (as camsim must) and sends the fixed answer.
    async fn answer(
        req: Request<hyper::body::Incoming>,
        body: Bytes,
    ) -> Result<Response<Full<Bytes>>, Infallible> {
        let is_post = req.method() == Method::POST;
        let _ = req.into_body().collect().await;
        let mut response = Response::new(Full::new(if is_post { body } else { Bytes::new() }));
        if is_post {
            response.headers_mut().insert(
                hyper::header::CONTENT_TYPE,
                hyper::header::HeaderValue::from_static("application/json"),
            );
        } else {
            *response.status_mut() = StatusCode::METHOD_NOT_ALLOWED;
        }
        Ok(response)
    }
}

// ---------------------------------------------------------------------------------------------
// Gwell signing, written from Gwell's documentation (not camsim's auth.rs)

/// The shared signing (tests/api/support/gwell_sign.rs) must reproduce Gwell's documented POST
/// test vector, or every figure would measure camsim refusing signatures.
fn check_signing_against_gwell_md() {
    let seed_body = "{\n    \"appId\":\"0000175a370xxxxxxxc1cd1b0b877e\",\n    \"appToken\":\"a844e8320c75a5cxxxxxxxxxxxxxxxxxce9e347xxxxx041a05a7053\",\n    \"sn\":\"876xxxxxxx347\",\n    \"devId\":\"\",\n    \"accessId\":\"-922337198xxxxx56044\"\n}";
    let signature = gwell_signature(
        "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE",
        "localhost:12042",
        "0000175a370efbbe852dc1cd1b0b877e",
        "1212",
        "1696757960",
        seed_body.as_bytes(),
    );
    assert_eq!(
        signature, "mN3qQM0w/DDUe8NvJVR+PLnWN6g=",
        "bench signing disagrees with Gwell's documentation"
    );
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Nonces start at a value no earlier run against the same world can have used.
fn first_nonce() -> u64 {
    unix_now() * 1_000_000
}

/// A device of the signer, asked for by devId or by sn (both forms are on the hot path).
enum Device {
    Id(String),
    Sn(String),
}

/// A Gwell endpoint under load.
#[derive(Clone, Copy)]
enum Endpoint {
    /// One device of the signer per request, by devId and by sn in turn.
    DevInfo,
    /// Every device of the signer (2,500 in the bench world): the heaviest answer.
    DevList,
}

impl Endpoint {
    fn id(self) -> &'static str {
        match self {
            Endpoint::DevInfo => "gwell.devInfo",
            Endpoint::DevList => "gwell.devList",
        }
    }

    fn path(self) -> &'static str {
        match self {
            Endpoint::DevInfo => "/openapi/custCloud/oss/devInfo",
            Endpoint::DevList => "/openapi/custCloud/oss/devList",
        }
    }
}

/// What every load task of one endpoint shares: the devices to ask for and the nonce counter.
struct Plan {
    endpoint: Endpoint,
    devices: Arc<Vec<Device>>,
    nonces: Arc<AtomicU64>,
}

/// One signed request of the plan's endpoint, with a fresh nonce and the current time.
fn signed_request(
    host: &str,
    plan: &Plan,
    device: &Device,
    nonce: u64,
) -> http::Request<Full<Bytes>> {
    let which = match (plan.endpoint, device) {
        (Endpoint::DevList, _) => String::new(),
        (Endpoint::DevInfo, Device::Id(id)) => format!(r#","devId":"{id}""#),
        (Endpoint::DevInfo, Device::Sn(sn)) => format!(r#","sn":"{sn}""#),
    };
    let body =
        format!(r#"{{"appId":"{APP_ID}","appToken":"{APP_TOKEN}","accessId":"{SIGNER}"{which}}}"#);
    let nonce = nonce.to_string();
    let timestamp = unix_now().to_string();
    let signature = gwell_signature(APP_KEY, host, APP_ID, &nonce, &timestamp, body.as_bytes());
    http::Request::post(plan.endpoint.path())
        .header("Host", host)
        .header("Content-Type", "application/json")
        .header("X-IotVideo-AccessID", APP_ID)
        .header("X-IotVideo-Nonce", nonce)
        .header("X-IotVideo-Timestamp", timestamp)
        .header("X-IotVideo-Signature", signature)
        .body(Full::new(Bytes::from(body)))
        .expect("a valid request")
}

// ---------------------------------------------------------------------------------------------
// HTTP client plumbing

/// The signer's devices, from the control API; every other one asked for by sn.
async fn signer_devices(control: &str) -> Result<Vec<Device>, String> {
    #[derive(serde::Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct View {
        dev_id: String,
        sn: String,
        owner: Option<String>,
    }
    let mut sender = connect(control).await?;
    let request = http::Request::get("/_camsim/worlds/default/devices?vendor=gwell&limit=10000")
        .header("Host", authority(control))
        .body(Full::new(Bytes::new()))
        .expect("a valid request");
    let (status, body) = exchange(&mut sender, request).await?;
    if status != 200 {
        return Err(format!("device list: HTTP {status}"));
    }
    let views: Vec<View> =
        serde_json::from_slice(&body).map_err(|e| format!("device list: {e}"))?;
    let devices: Vec<Device> = views
        .into_iter()
        .filter(|v| v.owner.as_deref() == Some(SIGNER))
        .enumerate()
        .map(|(i, v)| {
            if i % 2 == 0 {
                Device::Id(v.dev_id)
            } else {
                Device::Sn(v.sn)
            }
        })
        .collect();
    if devices.len() < 1000 {
        return Err(format!(
            "the bench world gives user {SIGNER} only {} devices",
            devices.len()
        ));
    }
    Ok(devices)
}

/// A real success answer of the plan's endpoint from camsim: the bytes the bare server sends.
async fn one_real_answer(gwell: &str, plan: &Plan) -> Result<Bytes, String> {
    let mut sender = connect(gwell).await?;
    let nonce = plan.nonces.fetch_add(1, Ordering::Relaxed);
    let request = signed_request(authority(gwell), plan, &plan.devices[0], nonce);
    let (status, body) = exchange(&mut sender, request).await?;
    if status != 200 || !is_success(&body) {
        return Err(format!(
            "camsim refused a signed {}: HTTP {status} {}",
            plan.endpoint.id(),
            String::from_utf8_lossy(&body)
        ));
    }
    Ok(body)
}

// ---------------------------------------------------------------------------------------------
// Load

/// What counts as a good answer.
#[derive(Clone, Copy, PartialEq)]
enum Check {
    /// HTTP 200 and Gwell `code` 0.
    CamsimSuccess,
    /// HTTP 200 (the bare server's bytes are a success by construction).
    Status200,
}

/// Gwell's envelope puts `code` first: `{"code":0,` is a success, without parsing the JSON.
fn is_success(body: &[u8]) -> bool {
    body.starts_with(br#"{"code":0,"#)
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

struct LoadResult {
    requests_per_sec: f64,
    p50_ms: f64,
    p99_ms: f64,
    max_ms: f64,
    /// Server CPU time per answered request, in microseconds.
    cpu_us_per_request: Option<f64>,
    errors: u64,
    first_error: Option<String>,
}

/// Drives `url` (served by process `pid`) with [`CONNECTIONS`] tasks for the warm-up plus
/// the measured time.
async fn load(url: &str, pid: u32, plan: &Arc<Plan>, check: Check) -> Result<LoadResult, String> {
    let cpu_before = cpu_time(pid);
    let start = Instant::now();
    let measure_from = start + WARM_UP;
    let end = measure_from + MEASURED;
    let tasks: Vec<_> = (0..CONNECTIONS)
        .map(|i| {
            let (url, plan) = (url.to_string(), plan.clone());
            tokio::spawn(async move { drive(&url, &plan, i, check, measure_from, end).await })
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
        requests_per_sec: h.len() as f64 / MEASURED.as_secs_f64(),
        p50_ms: h.value_at_quantile(0.50) as f64 / 1000.0,
        p99_ms: h.value_at_quantile(0.99) as f64 / 1000.0,
        max_ms: h.max() as f64 / 1000.0,
        errors: total.errors,
        first_error: total.first_error,
    })
}

/// One connection's loop: sign, send, read, check, record; reconnects after a broken
/// connection (counted as an error). Task `i` walks the devices from its own offset.
async fn drive(
    url: &str,
    plan: &Plan,
    i: usize,
    check: Check,
    measure_from: Instant,
    end: Instant,
) -> Result<Tally, String> {
    let host = authority(url).to_string();
    let mut tally = Tally::new();
    let mut sender = connect(url).await?;
    let mut next_device = i * plan.devices.len() / CONNECTIONS;
    while Instant::now() < end {
        let device = &plan.devices[next_device % plan.devices.len()];
        next_device += 1;
        let nonce = plan.nonces.fetch_add(1, Ordering::Relaxed);
        let request = signed_request(&host, plan, device, nonce);
        let sent = Instant::now();
        let outcome = exchange(&mut sender, request).await;
        let done = Instant::now();
        match outcome {
            Ok((status, body))
                if status == 200 && (check != Check::CamsimSuccess || is_success(&body)) =>
            {
                tally.answered += 1;
                if sent >= measure_from && done <= end {
                    let us = done.duration_since(sent).as_micros() as u64;
                    tally.latency_us.saturating_record(us.max(1));
                }
            }
            Ok((status, body)) => {
                tally.error(format!("HTTP {status} {}", String::from_utf8_lossy(&body)))
            }
            Err(e) => {
                tally.error(format!("connection: {e}"));
                sender = connect(url).await?;
            }
        }
    }
    Ok(tally)
}

// ---------------------------------------------------------------------------------------------
// Report

struct Report {
    default_starts: Vec<Duration>,
    bench_starts: Vec<Duration>,
    endpoints: Vec<EndpointResult>,
    camsim_peak_rss_kib: Option<u64>,
}

/// Both servers under one endpoint's load.
struct EndpointResult {
    endpoint: Endpoint,
    answer_bytes: usize,
    camsim: LoadResult,
    bare: LoadResult,
    bare_peak_rss_kib: Option<u64>,
}

impl EndpointResult {
    fn ratio(&self) -> f64 {
        self.camsim.requests_per_sec / self.bare.requests_per_sec
    }
}

fn median(durations: &[Duration]) -> Duration {
    let mut sorted = durations.to_vec();
    sorted.sort();
    sorted[sorted.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn mib(kib: Option<u64>) -> String {
    kib.map_or("n/a".into(), |k| format!("{:.1} MiB", k as f64 / 1024.0))
}

fn pass(ok: bool) -> &'static str {
    if ok { "ok" } else { "MISSED" }
}

impl Report {
    fn print(&self) {
        println!();
        println!("start-to-ready ({STARTS} starts)      min       median    max       target");
        for (name, starts, target) in [
            (
                "default scenario (embedded)",
                &self.default_starts,
                DEFAULT_READY_TARGET,
            ),
            (
                "load scenario (10,000 dev.)",
                &self.bench_starts,
                BENCH_READY_TARGET,
            ),
        ] {
            let min = starts.iter().min().copied().unwrap_or_default();
            let max = starts.iter().max().copied().unwrap_or_default();
            let med = median(starts);
            println!(
                "  {name:<30} {:>7.1} ms {:>7.1} ms {:>7.1} ms < {:.0} ms {}",
                ms(min),
                ms(med),
                ms(max),
                ms(target),
                pass(med < target)
            );
        }
        for e in &self.endpoints {
            e.print();
        }
        println!();
        println!(
            "peak RSS (VmHWM): camsim {}, bare hyper {}",
            mib(self.camsim_peak_rss_kib),
            mib(self
                .endpoints
                .iter()
                .filter_map(|e| e.bare_peak_rss_kib)
                .max())
        );
    }

    /// Errors fail the run (a fast wrong answer is no result); missed targets are only
    /// reported, since a shared machine can miss them for reasons that are not camsim's.
    fn verdict(&self) -> Result<(), String> {
        for e in &self.endpoints {
            for (name, r) in [("camsim", &e.camsim), ("bare hyper", &e.bare)] {
                if r.errors > 0 {
                    return Err(format!(
                        "{}: {name} answered {} errors; first: {}",
                        e.endpoint.id(),
                        r.errors,
                        r.first_error.as_deref().unwrap_or("?")
                    ));
                }
            }
        }
        Ok(())
    }
}

impl EndpointResult {
    fn print(&self) {
        println!();
        println!(
            "{:<21} requests/s    p50 ms    p99 ms    max ms    errors  server CPU/req   ({} B answer)",
            self.endpoint.id(),
            self.answer_bytes
        );
        for (name, r) in [("camsim", &self.camsim), ("bare hyper", &self.bare)] {
            println!(
                "  {name:<18} {:>11.0} {:>9.2} {:>9.2} {:>9.2} {:>9} {:>11}",
                r.requests_per_sec,
                r.p50_ms,
                r.p99_ms,
                r.max_ms,
                r.errors,
                r.cpu_us_per_request
                    .map_or("n/a".into(), |us| format!("{us:.1} us"))
            );
        }
        println!(
            "  camsim/bare ratio  {:>10.1} %   ({}, target >= {:.0} %) {}",
            self.ratio() * 100.0,
            self.endpoint.id(),
            RATIO_TARGET * 100.0,
            pass(self.ratio() >= RATIO_TARGET)
        );
        println!(
            "  camsim p99         {:>10.2} ms  (target < {P99_TARGET_MS} ms) {}",
            self.camsim.p99_ms,
            pass(self.camsim.p99_ms < P99_TARGET_MS)
        );
        if let (Some(c), Some(b)) = (self.camsim.cpu_us_per_request, self.bare.cpu_us_per_request) {
            println!(
                "  server CPU per request, camsim/bare: {:.2}x (steadier than requests/s on a busy machine)",
                c / b
            );
        }
    }
}
