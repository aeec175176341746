//! `cargo bench --bench load [-- VENDOR [ENDPOINT]]`: how fast camsim starts and how close each
//! vendor's hot endpoints come to a bare hyper server, measured in one run on this machine.
//!
//! 1. Start-to-ready of `camsim serve` with the embedded default scenario (target < 100 ms) and
//!    with each vendor's load scenario (`scenarios/bench.yaml`: 10,000 devices, target < 1 s).
//! 2. Per endpoint, a bare hyper 1 server, in a second process of this same binary (re-exec with
//!    [`BARE_BODY_ENV`]) so it has its own runtime as camsim does, answering every request with
//!    the exact bytes of a real camsim success answer of that endpoint.
//! 3. One load client (this process: 50 keep-alive HTTP/1.1 connections, 3 s warm-up, 10 s
//!    measured) drives both with the vendor's requests (benches/load/<vendor>.rs), so the
//!    client does the same work against both servers and the ratio is fair. A vendor whose
//!    requests need something from the server (Sodalife's access token) logs in to camsim
//!    once first; the bare server gets the same requests.
//! 4. Prints requests/s, p50/p99, errors, server CPU per request, one
//!    `<vendor>.<endpoint> camsim/bare ratio NN.N %` line per endpoint and the peak RSS.
//!
//! `--drive=<ready file> --count=N [--to=URL] VENDOR ENDPOINT` sends N requests one after the
//! other on one connection to an already running camsim (or, with `--to`, to a bare server)
//! and exits: the deterministic driver for instruction counts under callgrind (bench/README.md).
//!
//! Absolute figures depend on the machine (the client shares its cores with the servers); the
//! ratio and the CPU per request are the figures to watch. See bench/README.md.

#[path = "support/keepalive.rs"]
mod keepalive;

#[path = "../tests/api/support/gwell_sign.rs"]
mod gwell_sign;

#[path = "load/vendor.rs"]
mod vendor;

#[path = "load/gwell.rs"]
mod gwell;

#[path = "load/sodalife.rs"]
mod sodalife;

#[path = "load/onenet.rs"]
mod onenet;

#[path = "load/tencent.rs"]
mod tencent;

/// Every vendor the bench can load, in run order. A vendor adds its file above and a line here.
const VENDORS: &[&Vendor] = &[
    &gwell::VENDOR,
    &sodalife::VENDOR,
    &onenet::VENDOR,
    &tencent::VENDOR,
];

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
use vendor::{Requests, Setup, Vendor};

/// Set (to the path of the answer's bytes) when this binary runs as the bare server.
const BARE_BODY_ENV: &str = "CAMSIM_LOAD_BARE_BODY";
/// Another scenario for comparison runs (same apps, users and device ids; e.g. other journal
/// settings), instead of each vendor's own.
const SCENARIO_ENV: &str = "CAMSIM_LOAD_SCENARIO";

const CONNECTIONS: usize = 50;
const WARM_UP: Duration = Duration::from_secs(3);
const MEASURED: Duration = Duration::from_secs(10);
/// How many times each start-to-ready figure is taken (one start is too noisy to judge).
const STARTS: usize = 5;
const READY_TIMEOUT: Duration = Duration::from_secs(30);
/// Linux's USER_HZ: the unit of utime/stime in /proc/<pid>/stat.
const CLOCK_TICKS_PER_SEC: f64 = 100.0;

/// Targets from the task (bench/README.md).
const DEFAULT_READY_TARGET: Duration = Duration::from_millis(100);
const LOAD_READY_TARGET: Duration = Duration::from_secs(1);
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
    let args = match Args::parse(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(problem) => {
            eprintln!("load: {problem}");
            return ExitCode::FAILURE;
        }
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime for the load client");
    let result = match &args.drive {
        Some(drive) => runtime.block_on(drive_only(&args, drive)),
        None => runtime.block_on(run(&args)),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(problem) => {
            eprintln!("load FAILED: {problem}");
            ExitCode::FAILURE
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Arguments

/// `[VENDOR [ENDPOINT]]` pick what is loaded (default: everything); `cargo bench` adds
/// `--bench`, which is ignored.
struct Args {
    vendor: Option<String>,
    endpoint: Option<String>,
    drive: Option<Drive>,
}

/// The `--drive` mode's settings.
struct Drive {
    ready_file: PathBuf,
    count: u64,
    to: Option<String>,
}

impl Args {
    fn parse(args: impl Iterator<Item = String>) -> Result<Args, String> {
        let (mut positional, mut ready_file, mut count, mut to) = (Vec::new(), None, 1000, None);
        for arg in args {
            if let Some(path) = arg.strip_prefix("--drive=") {
                ready_file = Some(PathBuf::from(path));
            } else if let Some(n) = arg.strip_prefix("--count=") {
                count = n
                    .parse()
                    .map_err(|_| format!("--count={n}: not a number"))?;
            } else if let Some(url) = arg.strip_prefix("--to=") {
                to = Some(url.to_string());
            } else if !arg.starts_with("--") {
                positional.push(arg);
            }
        }
        let mut positional = positional.into_iter();
        let args = Args {
            vendor: positional.next(),
            endpoint: positional.next(),
            drive: ready_file.map(|ready_file| Drive {
                ready_file,
                count,
                to,
            }),
        };
        if args.selected().next().is_none() {
            let known: Vec<String> = VENDORS
                .iter()
                .flat_map(|v| v.endpoints.iter().map(|e| format!("{} {}", v.name, e.name)))
                .collect();
            return Err(format!(
                "no endpoint matches {:?} {:?}; known: {}",
                args.vendor,
                args.endpoint,
                known.join(", ")
            ));
        }
        Ok(args)
    }

    /// The vendors to load, each with its selected endpoints.
    fn selected(&self) -> impl Iterator<Item = (&'static Vendor, Vec<&'static vendor::Endpoint>)> {
        VENDORS.iter().filter_map(|v| {
            if self.vendor.as_ref().is_some_and(|name| name != v.name) {
                return None;
            }
            let endpoints: Vec<_> = v
                .endpoints
                .iter()
                .filter(|e| self.endpoint.as_ref().is_none_or(|name| name == e.name))
                .collect();
            (!endpoints.is_empty()).then_some((*v, endpoints))
        })
    }
}

// ---------------------------------------------------------------------------------------------
// The benchmark

/// The whole benchmark; children are killed by their guards however this returns or panics.
async fn run(args: &Args) -> Result<(), String> {
    println!("load: {CONNECTIONS} connections, {WARM_UP:?} warm-up, {MEASURED:?} measured");
    let default_starts = time_starts(None, STARTS)?;
    // One counter for every phase: a nonce is never sent twice to the same world.
    let counter = Arc::new(AtomicU64::new(first_nonce()));
    let mut vendors = Vec::new();
    for (vendor, endpoints) in args.selected() {
        vendors.push(load_vendor(vendor, &endpoints, &counter).await?);
    }
    let report = Report {
        default_starts,
        vendors,
    };
    report.print();
    report.verdict()
}

/// Starts camsim on the vendor's scenario (timing the starts) and loads each endpoint, first
/// camsim, then a bare server with that endpoint's answer.
async fn load_vendor(
    vendor: &'static Vendor,
    endpoints: &[&'static vendor::Endpoint],
    counter: &Arc<AtomicU64>,
) -> Result<VendorResult, String> {
    (vendor.self_check)()?;
    let scenario = std::env::var(SCENARIO_ENV).map_or_else(
        |_| Path::new(env!("CARGO_MANIFEST_DIR")).join(vendor.scenario),
        PathBuf::from,
    );
    println!(
        "{}: scenario under load: {}",
        vendor.name,
        scenario.display()
    );
    let (starts, camsim) = time_starts_keep_last(Some(&scenario), STARTS)?;
    let url = camsim.url(vendor.name)?;
    let devices = devices(&camsim.url("control")?, vendor.name).await?;
    println!("{}: {} devices in the world", vendor.name, devices.len());
    let login = log_in(vendor, &url).await?;
    let setup = Setup {
        devices: &devices,
        login: login.as_deref(),
    };
    let mut results = Vec::new();
    for endpoint in endpoints {
        let id = format!("{}.{}", vendor.name, endpoint.name);
        let requests = (endpoint.plan)(&setup)?;
        let answer = one_real_answer(&url, &*requests, counter).await?;
        let bare = BareServer::start(&answer)?;
        let plan = Arc::new(Plan {
            requests,
            counter: counter.clone(),
        });
        println!("load {id}: camsim at {url}");
        let camsim_result = load(&url, camsim.child.id(), &plan, Check::Camsim).await?;
        println!("load {id}: bare hyper at {}", bare.url);
        let bare_result = load(&bare.url, bare.child.id(), &plan, Check::Status200).await?;
        results.push(EndpointResult {
            id,
            answer_bytes: answer.len(),
            camsim: camsim_result,
            bare: bare_result,
            bare_peak_rss_kib: peak_rss_kib(bare.child.id()),
        });
    }
    Ok(VendorResult {
        name: vendor.name,
        scenario,
        starts,
        endpoints: results,
        camsim_peak_rss_kib: peak_rss_kib(camsim.child.id()),
    })
}

/// `--drive`: N requests one after the other on one connection, then exit. Under callgrind
/// the difference between two counts gives camsim's instructions per request.
async fn drive_only(args: &Args, drive: &Drive) -> Result<(), String> {
    let (vendor, endpoints) = args.selected().next().ok_or("nothing selected")?;
    let endpoint = endpoints[0];
    let line = std::fs::read_to_string(&drive.ready_file)
        .map_err(|e| format!("{}: {e}", drive.ready_file.display()))?;
    let urls: serde_json::Value =
        serde_json::from_str(&line).map_err(|e| format!("ready line `{line}`: {e}"))?;
    let url_of = |name: &str| {
        urls[name]
            .as_str()
            .map(str::to_string)
            .ok_or(format!("no `{name}` URL in the ready line"))
    };
    let devices = devices(&url_of("control")?, vendor.name).await?;
    // Always against camsim: a bare server would answer the login with the endpoint's bytes.
    let login = log_in(vendor, &url_of(vendor.name)?).await?;
    let requests = (endpoint.plan)(&Setup {
        devices: &devices,
        login: login.as_deref(),
    })?;
    let (url, check) = match &drive.to {
        Some(url) => (url.clone(), Check::Status200),
        None => (url_of(vendor.name)?, Check::Camsim),
    };
    let host = authority(&url).to_string();
    let mut sender = connect(&url).await?;
    let first = first_nonce();
    let started = Instant::now();
    for n in first..first + drive.count {
        let (status, body) = exchange(&mut sender, requests.request(&host, n)).await?;
        if !check.passes(&*requests, n, status, &body) {
            return Err(format!(
                "request {}: HTTP {status} {}",
                n - first,
                String::from_utf8_lossy(&body)
            ));
        }
    }
    println!(
        "drove {} {}.{} requests to {url} in {:?}",
        drive.count,
        vendor.name,
        endpoint.name,
        started.elapsed()
    );
    Ok(())
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Counters start at a value no earlier run against the same world can have used.
fn first_nonce() -> u64 {
    unix_now() * 1_000_000
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

struct Camsim {
    child: ChildGuard,
    /// camsim's ready line: the URL of each listener by name.
    urls: serde_json::Value,
}

impl Camsim {
    fn url(&self, listener: &str) -> Result<String, String> {
        self.urls[listener]
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| format!("camsim's ready line has no `{listener}` URL"))
    }
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
    let urls = serde_json::from_str(&line)
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
    std::env::temp_dir().join(format!("camsim-load-{}-{n}.{what}", std::process::id()))
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
    use hyper::{Request, Response};
    use std::convert::Infallible;
    use tokio::net::TcpListener;

    /// Answers every request with `body` (application/json), nothing else: the ceiling
    /// camsim's pipeline is compared with. Prints its address as its first stdout line.
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

    /// Reads the request body (as camsim must) and sends the fixed answer, whatever the
    /// method (a vendor's hot endpoint may be a GET).
    async fn answer(
        req: Request<hyper::body::Incoming>,
        body: Bytes,
    ) -> Result<Response<Full<Bytes>>, Infallible> {
        let _ = req.into_body().collect().await;
        let mut response = Response::new(Full::new(body));
        response.headers_mut().insert(
            hyper::header::CONTENT_TYPE,
            hyper::header::HeaderValue::from_static("application/json"),
        );
        Ok(response)
    }
}

// ---------------------------------------------------------------------------------------------
// HTTP client plumbing

/// The vendor's devices in the default world, as the control API shows them.
async fn devices(control: &str, vendor: &str) -> Result<Vec<serde_json::Value>, String> {
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
async fn log_in(vendor: &Vendor, url: &str) -> Result<Option<Bytes>, String> {
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
async fn one_real_answer(
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
            String::from_utf8_lossy(&body)
        ));
    }
    Ok(body)
}

// ---------------------------------------------------------------------------------------------
// Load

/// What every load task of one endpoint shares: the request builder and the counter.
struct Plan {
    requests: Arc<dyn Requests>,
    counter: Arc<AtomicU64>,
}

/// What counts as a good answer.
#[derive(Clone, Copy, PartialEq)]
enum Check {
    /// The vendor's success (HTTP status and vendor code).
    Camsim,
    /// HTTP 200 (the bare server's bytes are a success by construction).
    Status200,
}

impl Check {
    fn passes(self, requests: &dyn Requests, n: u64, status: u16, body: &[u8]) -> bool {
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

struct LoadResult {
    requests_per_sec: f64,
    p50_ms: f64,
    p99_ms: f64,
    max_ms: f64,
    /// Server CPU time per answered request, in microseconds.
    cpu_us_per_request: Option<f64>,
    /// Good answers over the whole run (warm-up included), to put the errors in proportion.
    answered: u64,
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
        requests_per_sec: h.len() as f64 / MEASURED.as_secs_f64(),
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
    vendors: Vec<VendorResult>,
}

/// One vendor's camsim and its endpoints.
struct VendorResult {
    name: &'static str,
    scenario: PathBuf,
    starts: Vec<Duration>,
    endpoints: Vec<EndpointResult>,
    camsim_peak_rss_kib: Option<u64>,
}

/// Both servers under one endpoint's load.
struct EndpointResult {
    /// `gwell.devInfo`
    id: String,
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
        println!("start-to-ready ({STARTS} starts)          min       median    max       target");
        print_starts(
            "default scenario (embedded)",
            &self.default_starts,
            DEFAULT_READY_TARGET,
        );
        for v in &self.vendors {
            let file = v.scenario.file_name().unwrap_or_default().to_string_lossy();
            print_starts(
                &format!("{} load scenario ({file})", v.name),
                &v.starts,
                LOAD_READY_TARGET,
            );
        }
        for v in &self.vendors {
            for e in &v.endpoints {
                e.print();
            }
        }
        println!();
        for v in &self.vendors {
            println!(
                "peak RSS (VmHWM), {}: camsim {}, bare hyper {}",
                v.name,
                mib(v.camsim_peak_rss_kib),
                mib(v.endpoints.iter().filter_map(|e| e.bare_peak_rss_kib).max())
            );
        }
    }

    /// Errors fail the run (a fast wrong answer is no result); missed targets are only
    /// reported, since a shared machine can miss them for reasons that are not camsim's.
    fn verdict(&self) -> Result<(), String> {
        for e in self.vendors.iter().flat_map(|v| &v.endpoints) {
            for (name, r) in [("camsim", &e.camsim), ("bare hyper", &e.bare)] {
                if r.errors > 0 {
                    let share = r.errors as f64 / (r.errors + r.answered) as f64;
                    return Err(format!(
                        "{}: {name} answered {} errors ({:.1} % of its requests); first: {}",
                        e.id,
                        r.errors,
                        share * 100.0,
                        r.first_error.as_deref().unwrap_or("?")
                    ));
                }
            }
        }
        Ok(())
    }
}

fn print_starts(name: &str, starts: &[Duration], target: Duration) {
    let min = starts.iter().min().copied().unwrap_or_default();
    let max = starts.iter().max().copied().unwrap_or_default();
    let med = median(starts);
    println!(
        "  {name:<34} {:>7.1} ms {:>7.1} ms {:>7.1} ms < {:.0} ms {}",
        ms(min),
        ms(med),
        ms(max),
        ms(target),
        pass(med < target)
    );
}

impl EndpointResult {
    fn print(&self) {
        println!();
        println!(
            "{:<21} requests/s    p50 ms    p99 ms    max ms    errors  server CPU/req   ({} B answer)",
            self.id, self.answer_bytes
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
            "{} camsim/bare ratio {:.1} %   (target >= {:.0} %) {}",
            self.id,
            self.ratio() * 100.0,
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
