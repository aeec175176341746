//! The camera timeline over the control API: `GET .../timeline` and `POST .../events`.
//! Deterministic (same seed, same history), consistent between windows, empty while a camera
//! is offline, and an overlay of raised events that survives clock moves until a reset.
//! Snapshots go to `snapshots/control/`.

use crate::support::*;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// Owned by user 1 in the fixture; online since an hour before the frozen instant.
const DEVICE: &str = "5188001415988";

fn timeline_path(world: &str, device: &str, query: &str) -> String {
    format!("worlds/{world}/devices/gwell/{device}/timeline?{query}")
}

async fn window(sim: &TestSim, query: &str) -> Value {
    let (status, body) = sim.get(&timeline_path("default", DEVICE, query)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

/// A world from `GWELL_WORLD` with its name, appId and seed replaced.
fn fixture_as(name: &str, app_id: &str, seed: u64) -> String {
    GWELL_WORLD
        .replace("name: gwell-test", &format!("name: {name}"))
        .replace(APP_ID, app_id)
        .replace("seed: 7", &format!("seed: {seed}"))
}

fn ids(body: &Value, list: &str) -> Vec<String> {
    body[list]
        .as_array()
        .unwrap_or_else(|| panic!("{list} is a list: {body}"))
        .iter()
        .map(|item| item["id"].as_str().expect("an id").to_string())
        .collect()
}

fn overlaps(item: &Value, from: i64, to: i64) -> bool {
    let start = item["start"]
        .as_i64()
        .or(item["at"].as_i64())
        .expect("start");
    let end = item["end"]
        .as_i64()
        .or_else(|| Some(start + item["durationSecs"].as_i64()?))
        .unwrap_or(start + 1);
    start < to && from < end.max(start + 1)
}

#[tokio::test]
async fn the_same_seed_gives_the_same_timeline_and_another_seed_another() {
    let a = fixture_as("a", "0000aaaa000000000000000000000001", 7);
    let b = fixture_as("b", "0000bbbb000000000000000000000002", 7);
    let c = fixture_as("c", "0000cccc000000000000000000000003", 8);
    let sim = TestSim::spawn_worlds(&[&a, &b, &c]).await;
    let query = "from=now-2d&to=now";
    let of = |world: &'static str| {
        let sim = &sim;
        async move {
            let (status, body) = sim.get(&timeline_path(world, DEVICE, query)).await;
            assert_eq!(status, StatusCode::OK, "{body}");
            body
        }
    };
    let (a, b, c) = (of("a").await, of("b").await, of("c").await);
    assert!(
        !ids(&a, "segments").is_empty() && !ids(&a, "events").is_empty(),
        "{a}"
    );
    assert_eq!(a, b, "two worlds with one seed tell one history");
    assert_ne!(
        ids(&a, "events"),
        ids(&c, "events"),
        "another seed, another history"
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn a_window_holds_exactly_the_items_of_a_wider_window_that_overlap_it() {
    let sim = TestSim::gwell().await;
    let wide = window(
        &sim,
        &format!("from={}&to={}", FROZEN_AT - 3 * 86_400, FROZEN_AT),
    )
    .await;
    let (from, to) = (FROZEN_AT - 50 * 3600, FROZEN_AT - 47 * 3600 + 17);
    let narrow = window(&sim, &format!("from={from}&to={to}")).await;
    for list in ["segments", "events", "pictures"] {
        let expected: Vec<&Value> = wide[list]
            .as_array()
            .expect("a list")
            .iter()
            .filter(|item| overlaps(item, from, to))
            .collect();
        let got: Vec<&Value> = narrow[list].as_array().expect("a list").iter().collect();
        assert_eq!(got, expected, "{list} of [{from}, {to})");
    }
    assert!(!ids(&narrow, "segments").is_empty(), "{narrow}");
    sim.shutdown().await;
}

#[tokio::test]
async fn an_offline_period_holds_no_recordings_or_generated_events() {
    let sim = TestSim::gwell().await;
    let device = format!("worlds/default/devices/gwell/{DEVICE}");
    let (status, body) = sim
        .call(Method::PATCH, &device, json!({"online": false}))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let went_offline = FROZEN_AT;
    sim.post("worlds/default/clock", json!({"advance": "3h"}))
        .await;
    let came_online = FROZEN_AT + 3 * 3600;
    let (status, body) = sim
        .call(Method::PATCH, &device, json!({"online": true}))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    sim.post("worlds/default/clock", json!({"advance": "1h"}))
        .await;

    let body = window(&sim, &format!("from={}&to=now", FROZEN_AT - 3600)).await;
    let inside = |item: &&Value| overlaps(item, went_offline, came_online);
    let segments = body["segments"].as_array().expect("segments");
    assert!(segments.iter().all(|s| !inside(&s)), "{body}");
    let events = body["events"].as_array().expect("events");
    assert!(events.iter().all(|e| !inside(&e)), "{body}");
    // Recording went on before and after.
    assert!(
        segments
            .iter()
            .any(|s| s["end"].as_i64() == Some(went_offline)),
        "{body}"
    );
    assert!(
        segments
            .iter()
            .any(|s| s["start"].as_i64() == Some(came_online)),
        "{body}"
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn a_raised_event_shows_up_survives_clock_moves_and_is_cleared_by_reset() {
    let sim = TestSim::gwell().await;
    let events = format!("worlds/default/devices/gwell/{DEVICE}/events");
    let (status, raised) = sim
        .post(
            &events,
            json!({"kind": "doorbell", "at": "now-10m", "durationSecs": 20}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{raised}");
    let id = raised["event"]["id"]
        .as_str()
        .expect("event id")
        .to_string();
    assert_eq!(raised["event"]["start"], json!(FROZEN_AT - 600));
    assert_eq!(raised["segment"]["eventId"], json!(id));
    assert_eq!(raised["segment"]["start"], json!(FROZEN_AT - 605));
    assert_eq!(raised["segment"]["end"], json!(FROZEN_AT - 570));

    let has_it = |body: &Value| ids(body, "events").contains(&id);
    assert!(has_it(&window(&sim, "from=now-1h").await));
    sim.post("worlds/default/clock", json!({"advance": "1d"}))
        .await;
    let body = window(&sim, &format!("from={}&to=now", FROZEN_AT - 3600)).await;
    assert!(
        has_it(&body),
        "the overlay survives the clock moving on: {body}"
    );
    assert!(
        ids(&body, "pictures").contains(&format!("{id}-p")),
        "{body}"
    );

    let (status, _) = sim.post("worlds/default/reset", Value::Null).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        !has_it(&window(&sim, "from=now-1h").await),
        "reset clears the overlay"
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn an_event_raised_for_later_shows_once_the_clock_reaches_it() {
    let sim = TestSim::gwell().await;
    let events = format!("worlds/default/devices/gwell/{DEVICE}/events");
    let (status, raised) = sim
        .post(
            &events,
            json!({"kind": "human", "at": "now+1h", "recording": false}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{raised}");
    assert_eq!(raised["segment"], Value::Null);
    let id = raised["event"]["id"].as_str().expect("id").to_string();
    assert!(!ids(&window(&sim, "from=now-1h&to=now+2h").await, "events").contains(&id));
    sim.post("worlds/default/clock", json!({"advance": "2h"}))
        .await;
    assert!(ids(&window(&sim, "from=now-3h").await, "events").contains(&id));
    sim.shutdown().await;
}

#[tokio::test]
async fn timeline_settings_come_from_the_scenario() {
    let scenario = GWELL_WORLD.replace(
        "      devices:\n",
        "      devices:\n        - devId: \"42\"\n          sn: \"QUIET42\"\n          timeline: {recording: none, sdCardMb: 0, eventsPerDay: 0}\n",
    );
    let scenario = format!("{scenario}\ntimeline:\n  recording: events\n  retentionDays: 3\n");
    let sim = TestSim::spawn(&scenario).await;
    let (status, quiet) = sim
        .get(&timeline_path("default", "42", "from=now-2d"))
        .await;
    assert_eq!(status, StatusCode::OK, "{quiet}");
    assert_eq!(quiet["segments"], json!([]));
    assert_eq!(quiet["events"], json!([]));
    assert_eq!(quiet["sdCard"]["status"], json!("none"));
    assert_eq!(
        quiet["settings"]["retentionDays"],
        json!(3),
        "world default"
    );

    let body = window(&sim, "from=now-4d").await;
    assert_eq!(body["settings"]["recording"], json!("events"));
    let segments = body["segments"].as_array().expect("segments");
    assert!(!segments.is_empty() && segments.iter().all(|s| s["cause"] == json!("event")));
    assert!(
        segments
            .iter()
            .all(|s| s["start"].as_i64() >= Some(FROZEN_AT - 3 * 86_400)),
        "nothing older than the retention: {body}"
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn timeline_answers_and_errors_match_their_snapshots() {
    let sim = TestSim::gwell().await;
    let snap = |name: &str, status: StatusCode, body: &Value| {
        snapshots("control").bind(|| {
            insta::assert_yaml_snapshot!(name, json!({"status": status.as_u16(), "body": body}));
        });
    };
    let (status, body) = sim
        .get(&timeline_path("default", DEVICE, "from=now-40m&to=now-10m"))
        .await;
    snap("timeline_window", status, &body);
    let (status, body) = sim
        .post(
            &format!("worlds/default/devices/gwell/{DEVICE}/events"),
            json!({"kind": "motion", "at": "now-1m"}),
        )
        .await;
    snap("timeline_event_raised", status, &body);
    for (name, query) in [
        ("timeline_from_not_a_time", "from=yesterday"),
        ("timeline_window_reversed", "from=now&to=now-1h"),
        ("timeline_window_too_long", "from=now-40d"),
    ] {
        let (status, body) = sim.get(&timeline_path("default", DEVICE, query)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        snap(name, status, &body);
    }
    let (status, body) = sim.get(&timeline_path("default", "1", "")).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    snap("timeline_device_not_found", status, &body);
    let events = format!("worlds/default/devices/gwell/{DEVICE}/events");
    for (name, raise) in [
        ("timeline_event_unknown_kind", json!({"kind": "bell"})),
        (
            "timeline_event_too_long",
            json!({"kind": "sound", "durationSecs": 301}),
        ),
        (
            "timeline_event_unknown_key",
            json!({"kind": "sound", "colour": "red"}),
        ),
    ] {
        let (status, body) = sim.post(&events, raise).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        snap(name, status, &body);
    }
    let (status, body) = sim.call(Method::DELETE, &events, Value::Null).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED, "{body}");
    sim.shutdown().await;
}
