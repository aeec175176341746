//! `cargo bench --bench load [-- VENDOR [ENDPOINT]]`: how fast camsim starts and how close each
//! vendor's hot endpoints come to a bare hyper server, measured in one run on this machine.
//!
//! 1. Start-to-ready of `camsim serve` with the embedded default scenario (target < 100 ms) and
//!    with each vendor's load scenario (`scenarios/bench.yaml`: 10,000 devices, target < 1 s).
//! 2. Per endpoint, a bare hyper 1 server (benches/support/bare.rs), in a second process of
//!    this same binary so it has its own runtime as camsim does, answering every request with
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
//! The pieces benches/media.rs shares live in benches/support/: the processes (procs.rs), the
//! bare server (bare.rs) and the load client (drive.rs).
//!
//! Absolute figures depend on the machine (the client shares its cores with the servers); the
//! ratio and the CPU per request are the figures to watch. See bench/README.md.

#[path = "support/keepalive.rs"]
mod keepalive;

#[path = "support/procs.rs"]
mod procs;

#[path = "support/bare.rs"]
mod bare;

#[path = "support/drive.rs"]
mod drive;

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

use bare::BareServer;
use drive::{Check, LoadResult, Plan, Timing, devices, first_nonce, load, log_in, one_real_answer};
use keepalive::{authority, connect, exchange};
use procs::{Camsim, mib, peak_rss_kib, start_camsim};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;
use std::time::{Duration, Instant};
use vendor::{Setup, Vendor};

/// Another scenario for comparison runs (same apps, users and device ids; e.g. other journal
/// settings), instead of each vendor's own.
const SCENARIO_ENV: &str = "CAMSIM_LOAD_SCENARIO";

const CONNECTIONS: usize = 50;
const WARM_UP: Duration = Duration::from_secs(3);
const MEASURED: Duration = Duration::from_secs(10);
const TIMING: Timing = Timing {
    connections: CONNECTIONS,
    warm_up: WARM_UP,
    measured: MEASURED,
};
/// How many times each start-to-ready figure is taken (one start is too noisy to judge).
const STARTS: usize = 5;

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
    if let Some(code) = bare::serve_if_asked() {
        return code;
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
        let bare = BareServer::start(&answer, "application/json")?;
        let plan = Arc::new(Plan {
            requests,
            counter: counter.clone(),
        });
        println!("load {id}: camsim at {url}");
        let camsim_result = load(&url, camsim.child.id(), &plan, Check::Camsim, TIMING).await?;
        println!("load {id}: bare hyper at {}", bare.url);
        let bare_result = load(&bare.url, bare.child.id(), &plan, Check::Status200, TIMING).await?;
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

/// The flags every camsim of this bench gets after `--port-base 0 --ready-file …`.
const CAMSIM_FLAGS: &[&str] = &["--log-level", "warn"];

fn time_starts(scenario: Option<&Path>, times: usize) -> Result<Vec<Duration>, String> {
    (0..times)
        .map(|_| start_camsim(scenario, CAMSIM_FLAGS).map(|(_, took)| took))
        .collect()
}

/// Like [`time_starts`], keeping the last camsim running for the load test.
fn time_starts_keep_last(
    scenario: Option<&Path>,
    times: usize,
) -> Result<(Vec<Duration>, Camsim), String> {
    let mut took = time_starts(scenario, times - 1)?;
    let (camsim, last) = start_camsim(scenario, CAMSIM_FLAGS)?;
    took.push(last);
    Ok((took, camsim))
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
                if let Some(errors) = r.error_summary() {
                    return Err(format!("{}: {name} answered {errors}", e.id));
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
