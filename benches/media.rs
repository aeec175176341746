//! `cargo bench --bench media [-- sodalife|onenet]`: what camsim's media costs, and whether it
//! slows the API (issue 10, part 6). About a minute on 2 cores:
//!
//! 1. **Generation**, in this process through `camsim::media` (no HTTP, no cache): a JPEG at
//!    640x360 and 1280x720, a PNG at 1280x720, a 2-s live segment at 640x360 and 1280x720, a
//!    10-s VOD segment at 640x360, a 10-s MJPEG; each the median of 5 renders. Then
//!    `MediaCache::get` of a job the cache already holds: a hit's cost.
//! 2. **API with and without players**, against the release `camsim serve` in its own process
//!    (`scenarios/bench.yaml`, `--no-request-log`): Tencent's TC3-signed
//!    `DescribeCloudStorageTime` (benches/load/tencent.rs) on 50 keep-alive connections for
//!    10 s, first alone, then while 20 simulated hls.js players (benches/media/players.rs) pull
//!    live HLS of 5 cameras, their addresses asked from the vendor API (benches/media/links.rs:
//!    Sodalife `liveurl` or OneNET `play_address`, the first whose playlist lists segments,
//!    or the one named). Prints `api-with-20-players/api-alone ratio NN.N %` (target ≥ 80 %),
//!    what the players got, the media cache's stats (`GET /_camsim/media`) and camsim's peak RSS.
//! 3. **Media links against a bare server**: the live playlist, one live segment and the
//!    picture link, each loaded on camsim (answered from the cache) and on a bare hyper server
//!    sending the same bytes (benches/support/bare.rs), one
//!    `<vendor>.<link> camsim/bare ratio NN.N %` line each.
//!
//! `CAMSIM_MEDIA_SCENARIO=<file>` serves another scenario with the same apps, products and
//! devices (a comparison run, e.g. other journal settings).
//!
//! Any error (a refused API call, a player's failed fetch, a wrong media answer) fails the run;
//! missed targets are reported only. See bench/README.md, section "Media".

#[path = "support/keepalive.rs"]
mod keepalive;

#[path = "support/procs.rs"]
mod procs;

#[path = "support/bare.rs"]
mod bare;

#[path = "support/drive.rs"]
mod drive;

#[path = "load/vendor.rs"]
mod vendor;

#[path = "load/sodalife.rs"]
mod sodalife;

#[path = "load/tencent.rs"]
mod tencent;

#[path = "media/generation.rs"]
mod generation;

#[path = "media/links.rs"]
mod links;

#[path = "media/players.rs"]
mod players;

#[path = "media/get.rs"]
mod get;

use bare::BareServer;
use drive::{Check, LoadResult, Plan, Timing, devices, first_nonce, load, one_real_answer, shown};
use generation::{Generation, Hit};
use get::{Expect, MediaGet};
use links::Links;
use players::PlayerTally;
use procs::{Camsim, mib, peak_rss_kib, start_camsim, status_kib};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;
use std::time::Duration;
use vendor::Setup;

/// The same allocator as the camsim binary, so the bare server (this binary re-run) is
/// compared on equal terms.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const PLAYERS: usize = 20;
/// Players are dealt to this many cameras in turn, so players of one camera share the cache.
const CAMERAS: usize = 5;
/// The API load, alone and with the players.
const API_TIMING: Timing = Timing {
    connections: 50,
    warm_up: Duration::from_secs(2),
    measured: Duration::from_secs(10),
};
/// How long the players play before the API load starts (their first window, the first
/// encodes), so the measured 10 s see players in their steady state.
const PLAYERS_WARM_UP: Duration = Duration::from_secs(3);
/// Each media link's load, on camsim and on the bare server.
const MEDIA_TIMING: Timing = Timing {
    connections: 50,
    warm_up: Duration::from_secs(1),
    measured: Duration::from_secs(4),
};
const CAMSIM_FLAGS: &[&str] = &["--log-level", "warn", "--no-request-log"];
/// Another scenario for comparison runs (the same apps, products and devices as
/// scenarios/bench.yaml, e.g. other journal settings).
const SCENARIO_ENV: &str = "CAMSIM_MEDIA_SCENARIO";
/// API requests/s with players over without (issue 10: within 20 %).
const PLAYERS_RATIO_TARGET: f64 = 0.80;

fn main() -> ExitCode {
    if let Some(code) = bare::serve_if_asked() {
        return code;
    }
    let players_from = match parse_args(std::env::args().skip(1)) {
        Ok(source) => source,
        Err(problem) => {
            eprintln!("media: {problem}");
            return ExitCode::FAILURE;
        }
    };
    let result = generation::measure().and_then(|generated| {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .map_err(|e| format!("no tokio runtime: {e}"))?;
        runtime.block_on(run(players_from.as_deref(), generated))
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(problem) => {
            eprintln!("media FAILED: {problem}");
            ExitCode::FAILURE
        }
    }
}

/// `[sodalife|onenet]`: whose live HLS the players pull (default: the first of
/// [`links::SOURCES`] whose playlist lists segments); `cargo bench` adds `--bench`, ignored.
fn parse_args(args: impl Iterator<Item = String>) -> Result<Option<String>, String> {
    let mut source = None;
    for arg in args.filter(|a| !a.starts_with("--")) {
        if !links::SOURCES.contains(&arg.as_str()) || source.is_some() {
            return Err(format!(
                "unexpected `{arg}`; usage: cargo bench --bench media [-- {}]",
                links::SOURCES.join("|")
            ));
        }
        source = Some(arg);
    }
    Ok(source)
}

/// Parts 1 (its cache half) to 3; the children are killed by their guards however this ends.
async fn run(players_from: Option<&str>, generated: Vec<Generation>) -> Result<(), String> {
    let hits = generation::cache_hits().await?;
    print_generation(&generated, &hits);

    let scenario = std::env::var(SCENARIO_ENV).map_or_else(
        |_| Path::new(env!("CARGO_MANIFEST_DIR")).join(tencent::VENDOR.scenario),
        PathBuf::from,
    );
    println!("\ncamsim serve --scenario {}", scenario.display());
    let (camsim, _) = start_camsim(Some(&scenario), CAMSIM_FLAGS)?;
    let pid = camsim.child.id();
    let links = choose_links(players_from, &camsim).await?;
    let counter = Arc::new(AtomicU64::new(first_nonce()));
    let (api_id, api_url, api_plan) = api_plan(&camsim, &counter).await?;

    println!("\n{api_id}: alone ({} connections)", API_TIMING.connections);
    let alone = load(&api_url, pid, &api_plan, Check::Camsim, API_TIMING).await?;
    let before_players = Rss::of(pid);
    println!(
        "{api_id}: with {PLAYERS} players of {} live HLS over {CAMERAS} cameras",
        links.vendor
    );
    let players = players::start(&links.playlists);
    tokio::time::sleep(PLAYERS_WARM_UP).await;
    let with_players = load(&api_url, pid, &api_plan, Check::Camsim, API_TIMING).await?;
    let (played, played_for) = players.stop().await?;
    let cache = cache_stats(&camsim).await;
    let after_players = Rss::of(pid);

    let media = load_media_links(&links, &camsim, &counter).await?;
    let report = Report {
        api_id,
        alone,
        with_players,
        vendor: links.vendor,
        cameras: links.cameras.join(", "),
        played,
        played_for,
        cache,
        rss: [before_players, after_players, Rss::of(pid)],
        media,
    };
    report.print();
    report.verdict()
}

// ---------------------------------------------------------------------------------------------
// Setting up

/// The named source's links, or the first source whose live playlist lists segments (else the
/// first that answered, with a warning: the players then fetch empty playlists only).
async fn choose_links(named: Option<&str>, camsim: &Camsim) -> Result<Links, String> {
    let sources: Vec<&str> = match named {
        Some(name) => vec![name],
        None => links::SOURCES.to_vec(),
    };
    let mut fallback = None;
    for source in sources {
        let links = match links::ask(source, camsim, PLAYERS, CAMERAS).await {
            Ok(links) => links,
            Err(problem) => {
                println!("{source}: no live links: {problem}");
                continue;
            }
        };
        let first = fetch(&links.playlists[0]).await?;
        let text = String::from_utf8_lossy(&first.1);
        if links::lists_segments(&text) {
            println!(
                "players: {source} live HLS ({})",
                links.playlists[0].split('?').next().unwrap_or_default()
            );
            return Ok(links);
        }
        println!("{source}: its live playlist lists no segment yet (media not wired?):\n{text}");
        fallback.get_or_insert(links);
    }
    let links = fallback.ok_or("no vendor handed out live links")?;
    println!(
        "WARNING: no live playlist lists segments; the players of {} fetch playlists only",
        links.vendor
    );
    Ok(links)
}

/// Tencent's `DescribeCloudStorageTime` as benches/load/tencent.rs loads it.
async fn api_plan(
    camsim: &Camsim,
    counter: &Arc<AtomicU64>,
) -> Result<(String, String, Arc<Plan>), String> {
    let vendor = &tencent::VENDOR;
    (vendor.self_check)()?;
    let endpoint = &vendor.endpoints[0];
    let views = devices(&camsim.url("control")?, vendor.name).await?;
    let requests = (endpoint.plan)(&Setup {
        devices: &views,
        login: None,
    })?;
    let plan = Arc::new(Plan {
        requests,
        counter: counter.clone(),
    });
    Ok((
        format!("{}.{}", vendor.name, endpoint.name),
        camsim.url(vendor.name)?,
        plan,
    ))
}

/// One GET of a whole URL: status, body, Content-Type.
async fn fetch(url: &str) -> Result<(u16, bytes::Bytes, String), String> {
    let response = reqwest::get(url)
        .await
        .map_err(|e| format!("GET {url}: {e}"))?;
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get(http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("application/octet-stream")
        .to_string();
    let body = response
        .bytes()
        .await
        .map_err(|e| format!("GET {url}: {e}"))?;
    Ok((status, body, content_type))
}

/// `GET /_camsim/media` of the control API: the media cache's counters as camsim reports them.
async fn cache_stats(camsim: &Camsim) -> Result<serde_json::Value, String> {
    let url = format!("{}/_camsim/media", camsim.url("control")?);
    let (status, body, _) = fetch(&url).await?;
    if status != 200 {
        return Err(format!("GET /_camsim/media: HTTP {status}"));
    }
    serde_json::from_slice(&body).map_err(|e| format!("GET /_camsim/media: {e}"))
}

// ---------------------------------------------------------------------------------------------
// Part 3: media links, camsim against a bare server

struct MediaResult {
    /// `sodalife.segment`
    id: String,
    answer_bytes: usize,
    camsim: LoadResult,
    bare: LoadResult,
}

/// The first player's playlist, the newest segment it lists and the picture link, each loaded
/// on camsim then on a bare server sending the bytes camsim sent.
async fn load_media_links(
    links: &Links,
    camsim: &Camsim,
    counter: &Arc<AtomicU64>,
) -> Result<Vec<MediaResult>, String> {
    let playlist = &links.playlists[0];
    let (_, text, _) = fetch(playlist).await?;
    let newest_segment = String::from_utf8_lossy(&text)
        .lines()
        .rfind(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|uri| {
            reqwest::Url::parse(playlist)
                .and_then(|base| base.join(uri.trim()))
                .map(String::from)
                .map_err(|e| format!("segment URI {uri}: {e}"))
        })
        .transpose()?;
    let mut wanted = vec![("playlist", playlist.clone())];
    match newest_segment {
        Some(segment) => wanted.push(("segment", segment)),
        None => println!("no segment in the playlist: no segment figure"),
    }
    if let Some(picture) = &links.picture {
        wanted.push(("picture", picture.clone()));
    }
    let mut results = Vec::new();
    for (link, url) in wanted {
        let id = format!("{}.{link}", links.vendor);
        let (status, body, content_type) = fetch(&url).await?;
        if status != 200 {
            return Err(format!(
                "{id}: {url} answers HTTP {status} {}",
                shown(&body)
            ));
        }
        let expect = match link {
            "playlist" => Expect::Starts(b"#EXTM3U"),
            // A live cover shows the present second; a picture taken once never changes.
            "picture" if url.contains("/live_preview/") => Expect::Starts(b"\xFF\xD8\xFF"),
            _ => Expect::Bytes(body),
        };
        let (origin, get) = MediaGet::of(&url, expect)?;
        let plan = Arc::new(Plan {
            requests: Arc::new(get),
            counter: counter.clone(),
        });
        // A second answer must give the same bytes (a segment or picture) or be a playlist.
        let answer = one_real_answer(&origin, &*plan.requests, counter).await?;
        let bare = BareServer::start(&answer, &content_type)?;
        println!(
            "{id}: camsim at {origin}, then bare hyper ({} B answer)",
            answer.len()
        );
        let on_camsim = load(
            &origin,
            camsim.child.id(),
            &plan,
            Check::Camsim,
            MEDIA_TIMING,
        )
        .await?;
        let on_bare = load(
            &bare.url,
            bare.child.id(),
            &plan,
            Check::Status200,
            MEDIA_TIMING,
        )
        .await?;
        results.push(MediaResult {
            id,
            answer_bytes: answer.len(),
            camsim: on_camsim,
            bare: on_bare,
        });
    }
    Ok(results)
}

// ---------------------------------------------------------------------------------------------
// Report

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn pass(ok: bool) -> &'static str {
    if ok { "ok" } else { "MISSED" }
}

fn print_generation(generated: &[Generation], hits: &[Hit]) {
    println!(
        "media generation, in process (camsim::media::Job::render, stretch encoded, no cache)"
    );
    println!(
        "  {:<32} {:>9} {:>9} {:>9} {:>10}",
        "job", "median ms", "min ms", "max ms", "bytes"
    );
    for g in generated {
        println!(
            "  {:<32} {:>9.1} {:>9.1} {:>9.1} {:>10}",
            g.name,
            ms(g.median),
            ms(g.min),
            ms(g.max),
            g.bytes
        );
    }
    println!("media cache (MediaCache::get, the same job again; hit: median of the later gets)");
    for h in hits {
        println!(
            "  {:<32} miss {:>7.1} ms   hit {:>7.2} us",
            h.name,
            ms(h.miss),
            h.hit.as_secs_f64() * 1e6
        );
    }
}

/// A process's resident memory at one moment, KiB.
struct Rss {
    now: Option<u64>,
    peak: Option<u64>,
}

impl Rss {
    fn of(pid: u32) -> Rss {
        Rss {
            now: status_kib(pid, "VmRSS:"),
            peak: peak_rss_kib(pid),
        }
    }

    fn shown(&self) -> String {
        format!("{} / {}", mib(self.now), mib(self.peak))
    }
}

struct Report {
    api_id: String,
    alone: LoadResult,
    with_players: LoadResult,
    vendor: &'static str,
    /// The cameras the players watched.
    cameras: String,
    played: PlayerTally,
    played_for: Duration,
    cache: Result<serde_json::Value, String>,
    /// camsim's memory after the API alone, after the players, at the end.
    rss: [Rss; 3],
    media: Vec<MediaResult>,
}

impl Report {
    fn players_ratio(&self) -> f64 {
        self.with_players.requests_per_sec / self.alone.requests_per_sec
    }

    fn print(&self) {
        println!();
        print_load_header(&self.api_id, None);
        print_load_row("alone", &self.alone);
        print_load_row(&format!("with {PLAYERS} players"), &self.with_players);
        println!(
            "api-with-{PLAYERS}-players/api-alone ratio {:.1} %   (target >= {:.0} %) {}",
            self.players_ratio() * 100.0,
            PLAYERS_RATIO_TARGET * 100.0,
            pass(self.players_ratio() >= PLAYERS_RATIO_TARGET)
        );
        self.print_players();
        self.print_cache();
        let [before, after, end] = &self.rss;
        println!(
            "camsim RSS now / peak (VmRSS / VmHWM): after the API alone {}, after the players \
             {}, at the end {}",
            before.shown(),
            after.shown(),
            end.shown()
        );
        for m in &self.media {
            println!();
            print_load_header(&m.id, Some(m.answer_bytes));
            print_load_row("camsim", &m.camsim);
            print_load_row("bare hyper", &m.bare);
            println!(
                "{} camsim/bare ratio {:.1} %",
                m.id,
                m.camsim.requests_per_sec / m.bare.requests_per_sec * 100.0
            );
            if let (Some(c), Some(b)) = (m.camsim.cpu_us_per_request, m.bare.cpu_us_per_request) {
                println!(
                    "  server CPU per request, camsim/bare: {:.2}x (steadier than requests/s on a \
                     busy machine)",
                    c / b
                );
            }
        }
    }

    fn print_players(&self) {
        let p = &self.played;
        let secs = self.played_for.as_secs_f64();
        // A player gets the window's 3 segments at once, then one every 2 s.
        let expected = PLAYERS as f64 * (3.0 + (secs / 2.0).floor());
        println!(
            "players: {PLAYERS} over {CAMERAS} cameras ({} {}) for {secs:.1} s: {} playlists ({} \
             listing no segment), {} segments (about {expected:.0} expected), {}, {} errors",
            self.vendor,
            self.cameras,
            p.playlists,
            p.empty_playlists,
            p.segments,
            mib(Some(p.bytes / 1024)),
            p.errors
        );
        if p.segments > 0 {
            let h = &p.segment_us;
            println!(
                "  segment download p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms; longest wait for a \
                 new segment {:.1} s",
                h.value_at_quantile(0.5) as f64 / 1000.0,
                h.value_at_quantile(0.99) as f64 / 1000.0,
                h.max() as f64 / 1000.0,
                p.longest_wait.as_secs_f64()
            );
        }
        if let Some(first) = &p.first_error {
            println!("  first player error: {first}");
        }
    }

    fn print_cache(&self) {
        let stats = match &self.cache {
            Ok(stats) => stats,
            Err(problem) => {
                println!("media cache: n/a ({problem})");
                return;
            }
        };
        let hit_rate = stats["hitRate"]
            .as_f64()
            .map_or("n/a".into(), |r| format!("{:.1} %", r * 100.0));
        let number = |name: &str| match &stats[name] {
            serde_json::Value::Number(n) if n.is_f64() => {
                format!("{:.1}", n.as_f64().unwrap_or(0.0))
            }
            other => other.to_string(),
        };
        let megabytes = |name: &str| {
            stats[name]
                .as_u64()
                .map_or("n/a".into(), |b| format!("{:.1} MiB", b as f64 / 1048576.0))
        };
        let ideal = 100.0 * (1.0 - CAMERAS as f64 / PLAYERS as f64);
        println!(
            "media cache (GET /_camsim/media after the players): hit rate {hit_rate} (ideal \
             {ideal:.0} %: one render per camera's segment) of {} requests, {} renders, {} encodes (mean {} ms), mean render {} ms, {} entries, {} of {}",
            number("requests"),
            number("renders"),
            number("encodes"),
            number("meanEncodeMs"),
            number("meanRenderMs"),
            number("entries"),
            megabytes("bytes"),
            megabytes("capacityBytes")
        );
        println!("  as served: {stats}");
    }

    /// Errors fail the run (a fast wrong answer is no result); missed targets are only
    /// reported, since a shared machine can miss them for reasons that are not camsim's.
    fn verdict(&self) -> Result<(), String> {
        let loads = [("alone", &self.alone), ("with players", &self.with_players)]
            .into_iter()
            .map(|(name, r)| (format!("{} {name}", self.api_id), r))
            .chain(self.media.iter().flat_map(|m| {
                [
                    (format!("{} on camsim", m.id), &m.camsim),
                    (format!("{} on bare hyper", m.id), &m.bare),
                ]
            }));
        for (name, result) in loads {
            if let Some(errors) = result.error_summary() {
                return Err(format!("{name}: {errors}"));
            }
        }
        if let Some(first) = &self.played.first_error {
            return Err(format!(
                "the players met {} errors; first: {first}",
                self.played.errors
            ));
        }
        Ok(())
    }
}

fn print_load_header(id: &str, answer_bytes: Option<usize>) {
    println!(
        "{id:<34} requests/s    p50 ms    p99 ms    max ms    errors  server CPU/req{}",
        answer_bytes.map_or(String::new(), |b| format!("   ({b} B answer)"))
    );
}

fn print_load_row(name: &str, r: &LoadResult) {
    println!(
        "  {name:<32} {:>10.0} {:>9.2} {:>9.2} {:>9.2} {:>9} {:>11}",
        r.requests_per_sec,
        r.p50_ms,
        r.p99_ms,
        r.max_ms,
        r.errors,
        r.cpu_us_per_request
            .map_or("n/a".into(), |us| format!("{us:.1} us"))
    );
}
