//! The connection layer every listener shares, seen from raw sockets: half-closed clients,
//! header-read and idle timeouts, the connection cap, accept back-off when out of file
//! descriptors, and what a stop signal does to connections with and without a request in flight.

use crate::lifecycle::{CAMSIM, Served};
use crate::support::*;
use camsim::config::Config;
use camsim::{RunningSim, Simulator, Urls};
use serde_json::json;
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
fn complete_answer(bytes: &[u8]) -> Option<usize> {
    let head_end = bytes.windows(4).position(|w| w == b"\r\n\r\n")? + 4;
    let head = String::from_utf8_lossy(&bytes[..head_end]).to_ascii_lowercase();
    let length = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse::<usize>().ok())
        .unwrap_or(0);
    (bytes.len() >= head_end + length).then_some(head_end + length)
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
