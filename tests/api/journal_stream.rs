//! `GET /_camsim/worlds/{w}/requests/stream`: the journal pushed as server-sent events, as the
//! dashboard reads it: each new matching request arrives as a `request` event without polling.

use crate::support::TestSim;
use crate::support::tencent_client::VIDEO_PRODUCT;
use serde_json::json;
use std::time::Duration;

const WORLD: &str = "tencent-test";

/// Reads the stream until `want` has appeared (at most 10 s), and answers all it read.
async fn read_until(stream: &mut reqwest::Response, want: &str) -> String {
    let mut text = String::new();
    let read = async {
        while !text.contains(want) {
            match stream.chunk().await {
                Ok(Some(bytes)) => text.push_str(&String::from_utf8_lossy(&bytes)),
                _ => break,
            }
        }
    };
    let _ = tokio::time::timeout(Duration::from_secs(10), read).await;
    text
}

async fn open(sim: &TestSim, query: &str) -> reqwest::Response {
    let url = sim.control_url(&format!("worlds/{WORLD}/requests/stream{query}"));
    sim.http.get(url).send().await.expect("stream")
}

#[tokio::test]
async fn requests_stream_pushes_each_new_matching_request_as_an_event() {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let body = json!({"ProductId": VIDEO_PRODUCT, "DeviceName": "p2p_full"});
    client.call("DescribeDevice", body.clone()).await;
    let mut all = open(&sim, "").await;
    let mut errors = open(&sim, "?status=200&code=InvalidParameter").await;
    let opened = read_until(&mut all, "retry:").await;

    client.call("DescribeCloudStorageDate", body.clone()).await;
    let wrong = json!({"ProductId": VIDEO_PRODUCT, "DeviceName": "nope"});
    client.call("DescribeDevice", wrong).await;
    let pushed = read_until(&mut all, "InvalidParameter").await;
    let filtered = read_until(&mut errors, "InvalidParameter").await;

    assert_eq!(all.headers()["content-type"], "text/event-stream");
    assert_eq!(all.headers()["cache-control"], "no-cache");
    assert!(
        !opened.contains("event: request"),
        "only requests after the stream opened: {opened}"
    );
    let events: Vec<&str> = pushed
        .split("\n\n")
        .filter(|e| e.contains("event: request"))
        .collect();
    assert_eq!(events.len(), 2, "{pushed}");
    assert!(
        events[0].contains("\"endpoint\":\"tencent.DescribeCloudStorageDate\""),
        "{pushed}"
    );
    assert!(
        events[1].contains("\"code\":\"InvalidParameter\""),
        "{pushed}"
    );
    let filtered: Vec<&str> = filtered
        .split("\n\n")
        .filter(|e| e.contains("event: request"))
        .collect();
    assert_eq!(filtered.len(), 1, "only the error matches: {filtered:?}");
    sim.shutdown().await;
}

#[tokio::test]
async fn requests_stream_resumes_after_the_last_event_id_and_ends_when_camsim_stops() {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let body = json!({"ProductId": VIDEO_PRODUCT, "DeviceName": "p2p_full"});
    client.call("DescribeDevice", body.clone()).await;
    client.call("DescribeCloudStorageDate", body).await;
    let (_, entries) = sim.get(&format!("worlds/{WORLD}/requests?limit=2")).await;
    let first = entries[0]["seq"].as_u64().expect("seq");
    let url = sim.control_url(&format!("worlds/{WORLD}/requests/stream"));
    let mut resumed = sim
        .http
        .get(&url)
        .header("Last-Event-ID", first.to_string())
        .send()
        .await
        .expect("stream");

    let text = read_until(&mut resumed, "DescribeCloudStorageDate").await;
    let stopped = tokio::time::timeout(Duration::from_secs(10), sim.shutdown()).await;
    let rest = tokio::time::timeout(Duration::from_secs(5), async {
        while let Ok(Some(_)) = resumed.chunk().await {}
    })
    .await;

    assert!(!text.contains(&format!("id: {first}\n")), "{text}");
    assert!(text.contains(&format!("id: {}\n", first + 1)), "{text}");
    assert!(
        stopped.is_ok() && rest.is_ok(),
        "the stream ends when camsim stops"
    );
}
