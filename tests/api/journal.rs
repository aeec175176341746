//! The request journal's bounds over real HTTP: long client text cut with a marker, bodies cut
//! to the body limit (invalid UTF-8 included), the total bytes bound (`journal.maxBytes`), and
//! paging the list with `limit` and `since`. Requests go to the Gwell listener's unknown paths,
//! which answer 404 `{"code":10010,...}` and are journaled (auth `skipped`) in the default world.

use crate::support::*;
use reqwest::StatusCode;
use serde_json::{Value, json};

/// A world with no accounts and 64-byte journal bodies; `maxBytes` when given.
fn small_journal(max_bytes: Option<usize>) -> String {
    let max_bytes = max_bytes.map_or(String::new(), |n| format!("  maxBytes: {n}\n"));
    format!(
        "name: journal-test
clock:
  mode: frozen
  at: 2026-11-22T08:00:00Z
journal:
  capacity: 1000
  bodyLimit: 64
{max_bytes}"
    )
}

/// POSTs `body` to `path` on the Gwell listener; asserts the unknown-endpoint answer.
async fn unknown_path(sim: &TestSim, path: &str, body: Vec<u8>) {
    let response = sim
        .http
        .post(format!("{}{path}", sim.urls.gwell))
        .header("Content-Type", "application/json")
        .body(body)
        .send()
        .await
        .expect("gwell listener answers");
    let (status, answer) = read_json(response).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{answer}");
    assert_eq!(answer["code"], 10010);
}

async fn entries(sim: &TestSim, query: &str) -> Vec<Value> {
    let (status, body) = sim.get(&format!("worlds/default/requests?{query}")).await;
    assert_eq!(status, StatusCode::OK, "{query}: {body}");
    body.as_array().expect("a JSON array").clone()
}

fn seqs(entries: &[Value]) -> Vec<u64> {
    entries.iter().filter_map(|e| e["seq"].as_u64()).collect()
}

#[tokio::test]
async fn journal_cuts_a_65_kb_path_and_a_long_credential_with_a_marker_when_listed() {
    let sim = TestSim::gwell().await;
    let path = format!("/{}", "a".repeat(65_000));
    // Without an AccessID header, the body's appId is the credential.
    let body = json!({ "appId": "é".repeat(3000) });

    unknown_path(&sim, &path, body.to_string().into_bytes()).await;

    let listed = entries(&sim, "").await;
    assert_eq!(listed.len(), 1);
    let entry = &listed[0];
    assert_eq!(entry["auth"], "skipped");
    assert_eq!(entry["status"], 404);
    // 1,024 bytes kept; the marker keeps the length: 1,024 + 63,977 = 65,001.
    let expected_path = format!("/{}…[truncated 63977 bytes]", "a".repeat(1023));
    let listed_path = entry["path"].as_str().unwrap_or_default();
    assert!(
        listed_path == expected_path,
        "path of {} bytes ending {:?}",
        listed_path.len(),
        listed_path.get(listed_path.len().saturating_sub(40)..)
    );
    // `é` is 2 bytes: 512 of them fill the 1,024 bytes, the other 2,488 bytes are cut.
    let expected_credential = format!("{}…[truncated 4976 bytes]", "é".repeat(512));
    assert_eq!(entry["credential"], expected_credential.as_str());
    let by_path = sim.count("default", json!({ "path": expected_path })).await;
    assert_eq!(by_path, 1, "the path as listed filters");
    sim.shutdown().await;
}

#[tokio::test]
async fn journal_keeps_only_the_body_limit_when_a_body_is_near_1_mib() {
    // Sodalife reads bodies up to 1 MiB and journals them in the default world.
    let sim = TestSim::spawn(&small_journal(None)).await;
    let body = vec![b'x'; 1_000_000];

    let response = sim
        .http
        .post(format!("{}/camsim/no/such/endpoint", sim.urls.sodalife))
        .body(body)
        .send()
        .await
        .expect("sodalife listener answers");
    assert_eq!(response.status(), StatusCode::NOT_FOUND);

    let listed = entries(&sim, "").await;
    assert_eq!(
        listed[0]["requestBody"],
        format!("{}…[truncated 999936 bytes]", "x".repeat(64)).as_str()
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn journal_counts_exactly_the_bytes_cut_when_a_cut_body_has_invalid_utf8() {
    let sim = TestSim::spawn(&small_journal(None)).await;
    // 10 invalid bytes (shown as 3-byte U+FFFD each), then 100 ASCII bytes: 64 kept, 46 cut.
    let mut body = vec![0xff_u8; 10];
    body.extend(std::iter::repeat_n(b'a', 100));

    unknown_path(&sim, "/camsim/no/such/endpoint", body).await;

    let listed = entries(&sim, "").await;
    let expected = format!(
        "{}{}…[truncated 46 bytes]",
        "\u{fffd}".repeat(10),
        "a".repeat(54)
    );
    assert_eq!(listed[0]["requestBody"], expected.as_str());
    sim.shutdown().await;
}

#[tokio::test]
async fn journal_keeps_its_bytes_under_max_bytes_and_the_newest_entries_when_paths_are_long() {
    // Each entry holds at least its 1,024-byte cut path, so 20,000 bytes hold at most 19.
    let max_bytes = 20_000;
    let sim = TestSim::spawn(&small_journal(Some(max_bytes))).await;
    let path = format!("/{}", "p".repeat(5000));

    for _ in 0..40 {
        unknown_path(&sim, &path, b"{}".to_vec()).await;
    }

    let listed = entries(&sim, "").await;
    let kept = seqs(&listed);
    assert!(
        (2..=max_bytes / 1024).contains(&kept.len()),
        "kept {} entries",
        kept.len()
    );
    let newest: Vec<u64> = (41 - kept.len() as u64..=40).collect();
    assert_eq!(kept, newest, "the newest entries are the ones kept");
    let shown: usize = listed
        .iter()
        .map(|e| e["path"].as_str().map_or(0, str::len))
        .sum();
    assert!(shown < max_bytes, "{shown} bytes of paths");
    assert_eq!(sim.count("default", json!({})).await, kept.len() as u64);
    sim.shutdown().await;
}

#[tokio::test]
async fn worlds_post_answers_400_naming_max_bytes_when_it_cannot_hold_one_entry() {
    let sim = TestSim::gwell().await;

    let (status, body) = sim.post_text("worlds", &small_journal(Some(1000))).await;

    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let problems = body["problems"].as_array().expect("problems");
    assert_eq!(problems.len(), 1, "{body}");
    let problem = problems[0].as_str().unwrap_or_default();
    assert!(
        problem.contains("journal.maxBytes: must be at least "),
        "{problem}"
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn requests_list_answers_400_naming_limit_when_it_is_over_the_maximum() {
    let sim = TestSim::gwell().await;

    let (ok, _) = sim.get("worlds/default/requests?limit=1000").await;
    let (status, body) = sim.get("worlds/default/requests?limit=1001").await;

    assert_eq!(ok, StatusCode::OK);
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["field"], "limit");
    snapshots("control").bind(|| {
        insta::assert_yaml_snapshot!(
            "requests_limit_over_maximum",
            json!({ "status": status.as_u16(), "body": body })
        );
    });
    sim.shutdown().await;
}

#[tokio::test]
async fn requests_list_walks_every_entry_once_when_paged_forward_with_since() {
    let sim = TestSim::spawn(&small_journal(None)).await;
    for i in 0..25 {
        unknown_path(&sim, &format!("/walk/{i}"), b"{}".to_vec()).await;
    }

    let mut walked = Vec::new();
    let mut since = 0;
    loop {
        let page = entries(&sim, &format!("since={since}&limit=10")).await;
        let Some(last) = page.last() else { break };
        assert!(page.len() <= 10);
        since = last["seq"].as_u64().expect("seq");
        walked.extend(page.iter().map(|e| e["path"].as_str().map(str::to_string)));
    }

    let expected: Vec<Option<String>> = (0..25).map(|i| Some(format!("/walk/{i}"))).collect();
    assert_eq!(walked, expected, "every entry once, oldest first");
    let newest = entries(&sim, "limit=10").await;
    assert_eq!(
        seqs(&newest),
        (16..=25).collect::<Vec<u64>>(),
        "no since: most recent"
    );
    sim.shutdown().await;
}
