//! The connection layer every listener shares, seen from raw sockets: half-closed clients,
//! header-read and idle timeouts, the connection cap, accept back-off when out of file
//! descriptors, and what a stop signal does to connections with and without a request in flight.

use crate::lifecycle::{CAMSIM, Served};
use crate::support::*;
use camsim::config::Config;
use camsim::{RunningSim, Simulator};
use serde_json::{Value, json};
use std::process::Command;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::task::JoinSet;

const HEALTH: &[u8] = b"GET /_camsim/health HTTP/1.1\r\nHost: camsim.test\r\n\r\n";
const GWELL_UNKNOWN: &[u8] = b"POST /camsim/no/such/endpoint HTTP/1.1\r\nHost: camsim.test\r\n\
      Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}";
/// A request line and half a header: a client that stalls mid-head.
const HALF_HEAD: &[u8] = b"GET /_camsim/health HTTP/1.1\r\nHost: camsim.te";

/// camsim in-process on free ports with the default scenario and `tune` applied to its config.
async fn start(tune: impl FnOnce(&mut Config)) -> RunningSim {
    let mut config = Config::with_default_scenario();
    config.port_base = 0;
    tune(&mut config);
    Simulator::start(config).await.expect("camsim starts")
}

fn host(url: &str) -> &str {
    url.trim_start_matches("http://")
}

async fn connect(url: &str) -> TcpStream {
    TcpStream::connect(host(url))
        .await
        .unwrap_or_else(|e| panic!("connect to {url}: {e}"))
}

/// Reads until camsim closes the connection (or `limit` passes: `None`).
async fn read_to_eof(stream: &mut TcpStream, limit: Duration) -> Option<String> {
    let mut bytes = Vec::new();
    match tokio::time::timeout(limit, stream.read_to_end(&mut bytes)).await {
        // A reset after the answer still ends the connection.
        Ok(_) => Some(String::from_utf8_lossy(&bytes).into_owned()),
        Err(_) => None,
    }
}

/// Reads one answer (head and a `Content-Length` body) without waiting for the connection to end.
async fn read_answer(stream: &mut TcpStream, limit: Duration) -> Option<String> {
    let mut bytes = Vec::new();
    let deadline = tokio::time::Instant::now() + limit;
    loop {
        if let Some(end) = complete_answer(&bytes) {
            return Some(String::from_utf8_lossy(&bytes[..end]).into_owned());
        }
        let mut chunk = [0u8; 4096];
        let n = tokio::time::timeout_at(deadline, stream.read(&mut chunk))
            .await
            .ok()?
            .ok()?;
        if n == 0 {
            return None;
        }
        bytes.extend_from_slice(&chunk[..n]);
    }
}

/// Where a complete answer ends in `bytes`, if it is all there.
pub(crate) fn complete_answer(bytes: &[u8]) -> Option<usize> {
    let head_end = bytes.windows(4).position(|w| w == b"\r\n\r\n")? + 4;
    let head = String::from_utf8_lossy(&bytes[..head_end]).to_ascii_lowercase();
    let length = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse::<usize>().ok())
        .unwrap_or(0);
    (bytes.len() >= head_end + length).then_some(head_end + length)
}

/// Writes `head` and `body` (in parts) on a raw connection to `url`, keeps the body unfinished
/// (write errors ignored: camsim may answer and close before the body is through) and reads one
/// answer, or `None` if none comes within 20 s.
pub(crate) async fn raw_exchange(url: &str, head: String, body: Vec<Vec<u8>>) -> Option<String> {
    let stream = TcpStream::connect(url.trim_start_matches("http://"))
        .await
        .expect("connects");
    let (mut reader, mut writer) = stream.into_split();
    let sender = tokio::spawn(async move {
        if writer.write_all(head.as_bytes()).await.is_err() {
            return;
        }
        for chunk in body {
            if writer.write_all(&chunk).await.is_err() {
                return;
            }
        }
        // Keep the connection open, the body unfinished, until the answer is read.
        std::future::pending::<()>().await;
    });
    let mut bytes = Vec::new();
    let answer = tokio::time::timeout(Duration::from_secs(20), async {
        loop {
            if let Some(end) = complete_answer(&bytes) {
                return Some(String::from_utf8_lossy(&bytes[..end]).into_owned());
            }
            let mut chunk = [0u8; 4096];
            match reader.read(&mut chunk).await {
                Ok(0) | Err(_) => return None,
                Ok(n) => bytes.extend_from_slice(&chunk[..n]),
            }
        }
    })
    .await
    .ok()
    .flatten();
    sender.abort();
    answer
}

/// The status and JSON body of a raw answer.
pub(crate) fn parse_raw(answer: &str) -> (u16, Value) {
    let status = answer
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = answer.split_once("\r\n\r\n").map_or("", |(_, b)| b);
    (status, serde_json::from_str(body).unwrap_or(Value::Null))
}

/// True once camsim has closed `stream` (EOF or reset) within `limit`.
async fn closed_within(stream: &mut TcpStream, limit: Duration) -> bool {
    let mut chunk = [0u8; 1024];
    let deadline = tokio::time::Instant::now() + limit;
    loop {
        match tokio::time::timeout_at(deadline, stream.read(&mut chunk)).await {
            Err(_) => return false,
            Ok(Ok(0)) | Ok(Err(_)) => return true,
            Ok(Ok(_)) => continue,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Half-closed clients

/// Sends `request` on its own connection, shuts the write half, reads to EOF: the raw answer.
async fn half_closed_exchange(url: String, request: &'static [u8]) -> String {
    let mut stream = connect(&url).await;
    stream.write_all(request).await.expect("request written");
    stream.shutdown().await.expect("write half shut");
    read_to_eof(&mut stream, Duration::from_secs(10))
        .await
        .unwrap_or_else(|| panic!("{url}: no EOF within 10 s"))
}

async fn two_hundred_half_closed(url: &str, request: &'static [u8]) -> Vec<String> {
    let mut exchanges = JoinSet::new();
    for _ in 0..200 {
        exchanges.spawn(half_closed_exchange(url.to_string(), request));
    }
    exchanges.join_all().await
}

#[tokio::test]
async fn gwell_answers_all_200_requests_when_each_client_half_closes_after_sending() {
    let sim = start(|_| {}).await;

    let answers = two_hundred_half_closed(&sim.urls.gwell, GWELL_UNKNOWN).await;

    let complete = answers
        .iter()
        .filter(|a| a.starts_with("HTTP/1.1 404") && a.contains("\"code\":10010"))
        .count();
    assert_eq!(
        complete,
        200,
        "first unanswered: {:?}",
        answers.iter().find(|a| !a.contains("10010"))
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn control_answers_all_200_health_checks_when_each_client_half_closes_after_sending() {
    let sim = start(|_| {}).await;

    let answers = two_hundred_half_closed(&sim.urls.control, HEALTH).await;

    let complete = answers
        .iter()
        .filter(|a| a.starts_with("HTTP/1.1 200") && a.contains("\"status\":\"ok\""))
        .count();
    assert_eq!(
        complete,
        200,
        "first unanswered: {:?}",
        answers.iter().find(|a| !a.contains("\"ok\""))
    );
    sim.shutdown().await;
}

// ---------------------------------------------------------------------------------------------
// Stopping

#[tokio::test]
async fn serve_closes_a_half_sent_request_at_once_and_finishes_the_delayed_one_when_sent_sigterm() {
    let mut served = Served::start(&["--scenario", "tests/api/fixtures/gwell.yaml"]);
    let gwell = served.url("gwell");
    let client = clients::GwellClient::new(&gwell, APP_ID, APP_KEY, FROZEN_AT);
    let mut request = client.request(
        "devInfo",
        &json!({"appId": APP_ID, "appToken": APP_TOKEN, "accessId": USER_1, "devId": "5188001415988"}),
    );
    request
        .extra_headers
        .push(("X-Camsim-Delay".into(), "2000".into()));
    let mut stalled = connect(&gwell).await;
    stalled.write_all(HALF_HEAD).await.expect("half a head");

    let delayed = tokio::spawn(async move { read_json(client.send(&request).await).await });
    tokio::time::sleep(Duration::from_millis(300)).await;
    let signalled = Instant::now();
    served.signal("TERM");
    let stalled_closed = closed_within(&mut stalled, Duration::from_secs(1)).await;
    let (status, body) = delayed.await.expect("delayed request task");
    let exit = served.exit_status().await;
    let took = signalled.elapsed();

    assert!(stalled_closed, "the half-sent request is closed at once");
    assert_eq!(status, 200);
    assert_eq!(body["code"], 0, "{body}");
    assert_eq!(exit.code(), Some(0), "stderr: {}", served.stderr_text());
    assert!(
        took < Duration::from_millis(3500),
        "exited {took:?} after SIGTERM; the 5 s grace is only for requests that arrived whole"
    );
}

// ---------------------------------------------------------------------------------------------
// Timeouts

#[tokio::test]
async fn a_connection_that_sends_half_a_head_is_closed_when_the_header_read_timeout_passes() {
    let sim = start(|c| c.header_read_timeout = Duration::from_millis(500)).await;

    for url in [&sim.urls.control, &sim.urls.gwell] {
        let mut stalled = connect(url).await;
        stalled.write_all(HALF_HEAD).await.expect("half a head");
        let sent = Instant::now();
        let closed = closed_within(&mut stalled, Duration::from_secs(3)).await;
        let took = sent.elapsed();

        assert!(closed, "{url}: still open 3 s after half a head");
        assert!(
            took >= Duration::from_millis(400),
            "{url}: closed after {took:?}, before the 500 ms timeout"
        );
    }
    sim.shutdown().await;
}

/// A head that announces 100 body bytes, then 10 of them: a client whose body never comes.
fn short_body(path: &str) -> Vec<u8> {
    format!(
        "POST {path} HTTP/1.1\r\nHost: camsim.test\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{{\"appId\":\""
    )
    .into_bytes()
}

#[tokio::test]
async fn a_body_that_never_arrives_whole_is_answered_as_unreadable_when_the_body_read_timeout_passes()
 {
    let sim = start(|c| c.body_read_timeout = Duration::from_millis(500)).await;

    let cases = [
        (
            &sim.urls.gwell,
            "/openapi/custCloud/oss/devInfo",
            "HTTP/1.1 200",
            "signature validate fail:-1",
        ),
        (
            &sim.urls.control,
            "/_camsim/worlds",
            "HTTP/1.1 408",
            "--body-read-timeout",
        ),
    ];
    for (url, path, status_line, text) in cases {
        let mut stalled = connect(url).await;
        stalled
            .write_all(&short_body(path))
            .await
            .expect("head and part of the body");
        let answer = read_answer(&mut stalled, Duration::from_secs(5))
            .await
            .unwrap_or_else(|| panic!("{url}: no answer 5 s after a body that stopped"));
        assert!(answer.starts_with(status_line), "{url}: {answer}");
        assert!(answer.contains(text), "{url}: {answer}");
    }
    sim.shutdown().await;
}

#[tokio::test]
async fn an_idle_keep_alive_connection_outlives_the_header_timeout_and_closes_at_the_idle_timeout()
{
    let sim = start(|c| {
        c.header_read_timeout = Duration::from_millis(300);
        c.idle_timeout = Duration::from_secs(2);
    })
    .await;
    let mut kept = connect(&sim.urls.control).await;
    kept.write_all(HEALTH).await.expect("first request");
    let first = read_answer(&mut kept, Duration::from_secs(2)).await;

    let closed_early = closed_within(&mut kept, Duration::from_secs(1)).await;
    kept.write_all(HEALTH).await.expect("second request");
    let second = read_answer(&mut kept, Duration::from_secs(2)).await;
    let answered = Instant::now();
    let closed = closed_within(&mut kept, Duration::from_secs(4)).await;
    let idle_for = answered.elapsed();

    assert!(first.is_some_and(|a| a.starts_with("HTTP/1.1 200")));
    assert!(!closed_early, "idle for 1 s is not a slow head");
    assert!(
        second.is_some_and(|a| a.starts_with("HTTP/1.1 200")),
        "the kept-alive connection serves a second request"
    );
    assert!(closed, "still open 4 s after the answer");
    assert!(
        idle_for >= Duration::from_millis(1800),
        "closed after {idle_for:?} idle, before the 2 s idle timeout"
    );
    sim.shutdown().await;
}

// ---------------------------------------------------------------------------------------------
// Connection cap

#[tokio::test]
async fn a_full_listener_makes_a_new_client_wait_until_a_connection_closes() {
    let sim = start(|c| c.max_connections = 2).await;
    let control = &sim.urls.control;
    let mut first = connect(control).await;
    let mut second = connect(control).await;
    first.write_all(HALF_HEAD).await.expect("half a head");
    second.write_all(HALF_HEAD).await.expect("half a head");
    tokio::time::sleep(Duration::from_millis(100)).await;

    let mut waiting = connect(control).await;
    waiting.write_all(HEALTH).await.expect("request");
    let too_early = read_answer(&mut waiting, Duration::from_millis(500)).await;
    first
        .write_all(b"st\r\n\r\n")
        .await
        .expect("rest of the head");
    let first_answer = read_answer(&mut first, Duration::from_secs(2)).await;
    let first_closed = closed_within(&mut first, Duration::from_secs(2)).await;
    let served = read_answer(&mut waiting, Duration::from_secs(2)).await;

    assert_eq!(
        too_early, None,
        "a third connection is served past a cap of 2"
    );
    assert!(first_answer.is_some_and(|a| a.starts_with("HTTP/1.1 200")));
    assert!(
        first_closed,
        "a full listener does not keep the connection alive"
    );
    assert!(
        served.is_some_and(|a| a.starts_with("HTTP/1.1 200")),
        "the waiting client is served once a slot is free"
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn a_full_listener_closes_its_idle_connections_so_a_new_client_gets_in_at_once() {
    let sim = start(|c| c.max_connections = 2).await;
    let control = &sim.urls.control;
    let mut idle = Vec::new();
    for _ in 0..2 {
        let mut kept = connect(control).await;
        kept.write_all(HEALTH).await.expect("request");
        assert!(
            read_answer(&mut kept, Duration::from_secs(2))
                .await
                .is_some()
        );
        idle.push(kept);
    }

    let mut newcomer = connect(control).await;
    newcomer.write_all(HEALTH).await.expect("request");
    let served = read_answer(&mut newcomer, Duration::from_secs(1)).await;
    let mut closed = Vec::new();
    for kept in &mut idle {
        closed.push(closed_within(kept, Duration::from_secs(1)).await);
    }

    assert!(
        served.is_some_and(|a| a.starts_with("HTTP/1.1 200")),
        "served within 1 s, not after the 60 s idle timeout"
    );
    assert_eq!(closed, [true, true], "idle connections make room");
    sim.shutdown().await;
}

// ---------------------------------------------------------------------------------------------
// The flags

#[tokio::test]
async fn serve_applies_the_timeout_and_cap_flags() {
    let served = Served::start(&[
        "--header-read-timeout",
        "0.3",
        "--idle-timeout",
        "0.8",
        "--max-connections",
        "1",
    ]);
    let control = served.url("control");
    let mut stalled = connect(&control).await;
    stalled.write_all(HALF_HEAD).await.expect("half a head");
    let opened = Instant::now();
    tokio::time::sleep(Duration::from_millis(50)).await;

    let mut waiting = connect(&control).await;
    waiting.write_all(HEALTH).await.expect("request");
    let answer = read_answer(&mut waiting, Duration::from_secs(3)).await;
    let answered_after = opened.elapsed();
    let stalled_closed = closed_within(&mut stalled, Duration::from_millis(500)).await;
    let answered = Instant::now();
    let idle_closed = closed_within(&mut waiting, Duration::from_secs(3)).await;
    let idle_for = answered.elapsed();

    assert!(answer.is_some_and(|a| a.starts_with("HTTP/1.1 200")));
    assert!(
        answered_after >= Duration::from_millis(250),
        "--max-connections 1: the second client waits for the first to time out ({answered_after:?})"
    );
    assert!(
        stalled_closed,
        "--header-read-timeout 0.3 closed the stalled head"
    );
    assert!(idle_closed, "--idle-timeout 0.8 closed the idle connection");
    assert!(
        idle_for < Duration::from_secs(2),
        "closed {idle_for:?} after the answer"
    );
}

// ---------------------------------------------------------------------------------------------
// Out of file descriptors

/// CPU time (user + system, clock ticks) process `pid` has used so far.
#[cfg(target_os = "linux")]
fn cpu_ticks(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).expect("/proc/<pid>/stat");
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .expect("stat has `(comm)`")
        .1
        .split_whitespace()
        .collect();
    // After `(comm)`: state is field 3, utime field 14, stime field 15.
    let ticks = |i: usize| fields[i - 3].parse::<u64>().expect("a tick count");
    ticks(14) + ticks(15)
}

#[cfg(target_os = "linux")]
#[tokio::test]
async fn serve_backs_off_quietly_and_recovers_when_it_runs_out_of_file_descriptors() {
    let mut launcher = Command::new("sh");
    launcher.args(["-c", "ulimit -n 40 && exec \"$@\"", "sh", CAMSIM]);
    let served = Served::start_by(launcher, &["--header-read-timeout", "60"]);
    let control = served.url("control");
    // About 24 descriptors are left after start-up: the rest of these wait in the backlog
    // while every accept fails with EMFILE.
    let mut hogs = Vec::new();
    for _ in 0..60 {
        hogs.push(connect(&control).await);
    }
    tokio::time::sleep(Duration::from_millis(500)).await;

    let before = cpu_ticks(served.pid());
    tokio::time::sleep(Duration::from_secs(1)).await;
    let spent = cpu_ticks(served.pid()) - before;
    let log = served.stderr_text();
    drop(hogs);
    let mut fresh = connect(&control).await;
    fresh.write_all(HEALTH).await.expect("request");
    let answer = read_answer(&mut fresh, Duration::from_secs(5)).await;

    assert!(
        spent < 20,
        "camsim used {spent} ticks of CPU in 1 s while out of descriptors"
    );
    assert_eq!(
        log.matches("cannot accept connections").count(),
        1,
        "one warning per burst of accept errors: {log}"
    );
    assert!(
        answer.is_some_and(|a| a.starts_with("HTTP/1.1 200")),
        "served once descriptors are free; log: {}",
        served.stderr_text()
    );
}
