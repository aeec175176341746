//! Regressions from the fuzzing and soak run (issue "Hardening"), one test or more per finding
//! that is not about a single vendor or the wire: time values that once panicked, fault
//! statuses no answer can carry, world names that need percent-encoding, `CONNECT`, and world
//! building that stalled the async workers. Finding 1 (the timestamp window) is in gwell.rs,
//! the connection findings in wire.rs and the journal's in journal.rs.

use crate::lifecycle::Served;
use crate::support::*;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

// ---------------------------------------------------------------------------------------------
// Finding 2: a multi-byte character after `now` panicked the time parser.

#[tokio::test]
async fn clock_post_answers_400_field_at_when_a_multibyte_character_follows_now() {
    let sim = TestSim::gwell().await;

    for at in ["now€", "now+€", "now-1€", "now€1d"] {
        let (status, body) = sim.post("worlds/default/clock", json!({ "at": at })).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{at}: {body}");
        assert_eq!(body["field"], "at", "{at}: {body}");
    }
    let (status, clock) = sim.get("worlds/default/clock").await;
    assert_eq!(status, StatusCode::OK, "the server is still there");
    assert_eq!(clock["nowMs"], FROZEN_AT * 1000, "nothing changed");
    sim.shutdown().await;
}

#[tokio::test]
async fn device_patch_answers_400_naming_the_time_field_when_a_multibyte_character_follows_now() {
    let sim = TestSim::gwell().await;

    let (status, body) = sim
        .call(
            Method::PATCH,
            "worlds/default/devices/gwell/5188001415988",
            json!({ "onlineUpdateTime": "now€" }),
        )
        .await;

    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["field"], "onlineUpdateTime", "{body}");
    sim.shutdown().await;
}

#[tokio::test]
async fn worlds_post_answers_400_with_the_place_when_a_scenario_time_has_a_multibyte_character() {
    let sim = TestSim::gwell().await;
    let scenario = "clock:\n  mode: frozen\n  at: \"now€\"\n";

    let (status, body) = sim.post_text("worlds?name=euro", scenario).await;

    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let problems = body["problems"].to_string();
    assert!(problems.contains("now€"), "{body}");
    assert!(
        body["problems"][0]
            .as_str()
            .is_some_and(|p| p.starts_with("3:")),
        "names line 3: {body}"
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn clock_post_answers_400_and_keeps_the_clock_when_a_change_would_overflow() {
    let sim = TestSim::gwell().await;

    let changes = [
        (json!({ "advance": i64::MAX }), "advance"),
        (json!({ "advance": -1e300 }), "advance"),
        (json!({ "advance": "9223372036854775807s" }), "advance"),
        (json!({ "at": i64::MAX }), "at"),
        (json!({ "at": i64::MIN }), "at"),
        (json!({ "at": "now+106751991167d" }), "at"),
        (
            json!({ "at": "9999-12-31T23:59:59Z", "advance": "1d" }),
            "advance",
        ),
    ];
    for (change, field) in changes {
        let (status, body) = sim.post("worlds/default/clock", change.clone()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{change}: {body}");
        assert_eq!(body["field"], field, "{change}: {body}");
    }
    let (_, clock) = sim.get("worlds/default/clock").await;
    assert_eq!(clock["nowMs"], FROZEN_AT * 1000, "nothing changed");
    sim.shutdown().await;
}

#[tokio::test]
async fn worlds_post_refuses_a_clock_offset_that_leaves_the_years_1_to_9999() {
    let sim = TestSim::gwell().await;

    for offset in [i64::MAX, i64::MIN, 400_000_000_000] {
        let scenario = format!("clock:\n  offsetSeconds: {offset}\n");
        let (status, body) = sim.post_text("worlds?name=far", &scenario).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{offset}: {body}");
        assert!(
            body["problems"].to_string().contains("clock.offsetSeconds"),
            "{offset}: {body}"
        );
    }
    sim.shutdown().await;
}

// ---------------------------------------------------------------------------------------------
// Finding 3: fault statuses 100-199 were accepted, then answered as an empty 500 or a 101.

#[tokio::test]
async fn faults_post_answers_400_naming_status_when_it_is_informational_or_out_of_range() {
    let sim = TestSim::gwell().await;

    for status_asked in [100, 101, 150, 199, 600, 0] {
        let rule = json!({ "endpoint": "gwell.devInfo", "status": status_asked });
        let (status, body) = sim.post("worlds/default/faults", rule).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{status_asked}: {body}");
        assert_eq!(body["field"], "status", "{body}");
        assert!(
            body["error"]
                .as_str()
                .is_some_and(|e| e.contains("200-599")),
            "the message gives the range: {body}"
        );
    }
    let (_, rules) = sim.get("worlds/default/faults").await;
    assert_eq!(rules, json!([]), "no rule was added");
    sim.shutdown().await;
}

#[tokio::test]
async fn worlds_post_refuses_a_scenario_whose_fault_answers_a_1xx_status() {
    let sim = TestSim::gwell().await;
    let scenario = "faults:\n  - endpoint: gwell.devInfo\n    status: 101\n";

    let (status, body) = sim.post_text("worlds?name=upgrade", scenario).await;

    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(body["problems"].to_string().contains("200-599"), "{body}");
    sim.shutdown().await;
}

#[tokio::test]
async fn a_fault_status_of_200_still_answers_the_gateway_page() {
    let sim = TestSim::gwell().await;
    let rule = json!({ "endpoint": "gwell.devInfo", "status": 200 });
    let (status, body) = sim.post("worlds/default/faults", rule).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");

    let client = sim.gwell_client();
    let response = client
        .send(&client.request(
            "devInfo",
            &json!({"appId": APP_ID, "appToken": APP_TOKEN, "accessId": USER_1, "devId": "5188001415988"}),
        ))
        .await;

    assert_eq!(response.status(), StatusCode::OK);
    let text = response.text().await.expect("body");
    assert!(text.contains("<h1>200 OK</h1>"), "{text}");
    sim.shutdown().await;
}

#[tokio::test]
async fn a_delay_past_ten_minutes_is_refused_naming_the_rule_key_or_the_header() {
    let sim = TestSim::gwell().await;

    let rule = json!({ "endpoint": "gwell.devInfo", "delayMs": u64::MAX });
    let (status, body) = sim.post("worlds/default/faults", rule).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["field"], "delayMs", "{body}");

    let client = sim.gwell_client();
    let mut request = client.request(
        "devInfo",
        &json!({"appId": APP_ID, "appToken": APP_TOKEN, "accessId": USER_1, "devId": "5188001415988"}),
    );
    request
        .extra_headers
        .push(("X-Camsim-Delay".into(), "600001".into()));
    let (status, body) = read_json(client.send(&request).await).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["code"], 10017, "{body}");
    assert!(
        body["msg"]
            .as_str()
            .is_some_and(|m| m.contains("X-Camsim-Delay") && m.contains("600000")),
        "{body}"
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn faults_post_answers_409_once_the_world_holds_1000_rules() {
    let sim = TestSim::gwell().await;
    let rule = json!({ "endpoint": "gwell.devList", "delayMs": 1 });

    for n in 0..1000 {
        let (status, body) = sim.post("worlds/default/faults", rule.clone()).await;
        assert_eq!(status, StatusCode::CREATED, "rule {n}: {body}");
    }
    let (status, body) = sim.post("worlds/default/faults", rule).await;

    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert!(
        body["error"].as_str().is_some_and(|e| e.contains("1000")),
        "{body}"
    );
    let (_, rules) = sim.get("worlds/default/faults").await;
    assert_eq!(rules.as_array().map(Vec::len), Some(1000));
    sim.shutdown().await;
}

// ---------------------------------------------------------------------------------------------
// Finding 4: world names that need percent-encoding were created but never reachable.

#[tokio::test]
async fn a_world_named_with_characters_that_need_encoding_is_reached_and_deleted_by_its_encoded_name()
 {
    let sim = TestSim::gwell().await;

    for (name, encoded) in [("café", "caf%C3%A9"), ("a b", "a%20b"), ("50%", "50%25")] {
        let (status, body) = sim.post_text(&format!("worlds?name={encoded}"), "{}").await;
        assert_eq!(status, StatusCode::CREATED, "{name}: {body}");
        assert_eq!(body["name"], name);

        let (status, body) = sim.get(&format!("worlds/{encoded}")).await;
        assert_eq!(status, StatusCode::OK, "{name}: {body}");
        assert_eq!(body["name"], name);
        let (status, _) = sim.get(&format!("worlds/{encoded}/clock")).await;
        assert_eq!(status, StatusCode::OK, "{name}");

        let (status, body) = sim
            .call(Method::DELETE, &format!("worlds/{encoded}"), Value::Null)
            .await;
        assert_eq!(status, StatusCode::OK, "{name}: {body}");
        assert_eq!(body["deleted"], name);
        let (status, _) = sim.get(&format!("worlds/{encoded}")).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{name} is gone");
    }
    sim.shutdown().await;
}

#[tokio::test]
async fn worlds_post_answers_400_field_name_when_the_name_could_not_be_addressed() {
    let sim = TestSim::gwell().await;
    let long = "x".repeat(65);

    for encoded in ["a%2Fb", "bell%07", "%20padded", long.as_str()] {
        let (status, body) = sim.post_text(&format!("worlds?name={encoded}"), "{}").await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{encoded}: {body}");
        assert_eq!(body["field"], "name", "{encoded}: {body}");
    }
    let (_, worlds) = sim.get("worlds").await;
    assert_eq!(worlds.as_array().map(Vec::len), Some(1), "none was created");
    sim.shutdown().await;
}

// ---------------------------------------------------------------------------------------------
// Finding 9: CONNECT got `200 OK` with no body and a closed connection (hyper's tunnel).

/// Sends `CONNECT` on a raw socket and reads the whole answer (the server closes or sends
/// Content-Length bytes).
async fn connect_answer(base: &str) -> String {
    let authority = base.trim_start_matches("http://");
    let mut stream = TcpStream::connect(authority).await.expect("connects");
    let request =
        format!("CONNECT {authority} HTTP/1.1\r\nHost: {authority}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.expect("sends");
    let mut answer = Vec::new();
    tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut answer))
        .await
        .expect("answers within 5 s")
        .expect("reads");
    String::from_utf8_lossy(&answer).into_owned()
}

#[tokio::test]
async fn connect_answers_405_in_the_vendor_envelope_on_every_vendor_listener() {
    let sim = TestSim::gwell().await;

    let cases = [
        (&sim.urls.gwell, "\"code\":10010"),
        (&sim.urls.sodalife, "\"error\":\"NOT_FOUND\""),
        (&sim.urls.onenet, "\"errno\":8"),
        (&sim.urls.tencent, "\"Code\":\"UnsupportedProtocol\""),
    ];
    for (base, envelope) in cases {
        let answer = connect_answer(base).await;
        let status_line = answer.lines().next().unwrap_or_default();
        assert!(
            status_line.starts_with("HTTP/1.1 4"),
            "{base}: refused, not a tunnel: {answer}"
        );
        assert!(answer.contains(envelope), "{base}: {answer}");
    }
    let onenet = connect_answer(&sim.urls.onenet).await;
    assert!(onenet.starts_with("HTTP/1.1 405"), "{onenet}");
    assert!(
        onenet.to_ascii_lowercase().contains("\r\nallow:"),
        "{onenet}"
    );
    sim.shutdown().await;
}

// ---------------------------------------------------------------------------------------------
// Finding 8: building a world ran on a request worker and stalled every listener.

/// A scenario of `count` generated devices under its own app.
fn generated_world(app: &str, count: u32) -> String {
    format!(
        "gwell:\n  apps:\n    - appId: {app}\n      appToken: t\n      appKey: k\n      users:\n        - accessId: \"-9223371980000099999\"\n          name: u\n      generate:\n        - count: {count}\n          idStart: \"7000000000000\"\n"
    )
}

/// The test runtime has one thread, shared by camsim and this client: a build that runs on it
/// stalls the probes completely, one that runs off it (on the blocking pool) does not.
#[tokio::test]
async fn vendor_requests_are_answered_at_once_while_big_worlds_are_being_built() {
    let sim = TestSim::gwell().await;
    let builds: Vec<_> = (0..2)
        .map(|i| {
            let http = sim.http.clone();
            let url = sim.control_url(&format!("worlds?name=big-{i}"));
            let scenario = generated_world(&format!("bigapp{i}"), 100_000);
            tokio::spawn(async move {
                let started = Instant::now();
                let response = http.post(url).body(scenario).send().await;
                (response.map(|r| r.status()), started.elapsed())
            })
        })
        .collect();
    // Each probe is due at a fixed instant; its wait counts from then, so a runtime too busy to
    // even send it on time counts as a slow answer.
    let started = Instant::now();
    let mut slowest = Duration::ZERO;
    let mut probes = 0;
    while builds.iter().any(|b| !b.is_finished()) && probes < 200 {
        probes += 1;
        let due = started + Duration::from_millis(100) * probes;
        tokio::time::sleep_until(due.into()).await;
        let response = sim
            .http
            .post(format!("{}/openapi/custCloud/oss/probe", sim.urls.gwell))
            .body("{}")
            .send()
            .await
            .expect("gwell answers");
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        slowest = slowest.max(due.elapsed());
    }
    let mut longest_build = Duration::ZERO;
    for build in builds {
        let (status, took) = build.await.expect("build task");
        assert_eq!(status.ok(), Some(StatusCode::CREATED));
        longest_build = longest_build.max(took);
    }

    assert!(
        longest_build > Duration::from_millis(500),
        "the builds ({longest_build:?}) took long enough to probe during them"
    );
    assert!(
        slowest < Duration::from_millis(1000),
        "a probe waited {slowest:?} while worlds were built ({longest_build:?} for the slower)"
    );
    sim.shutdown().await;
}

/// Resident memory of a process, in KiB.
fn rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|status| {
            let line = status
                .lines()
                .find(|l| l.starts_with("VmRSS:"))?
                .to_string();
            line.split_whitespace().nth(1)?.parse().ok()
        })
        .unwrap_or(0)
}

#[tokio::test]
async fn a_deleted_world_gives_its_memory_back_within_seconds() {
    let served = Served::start(&[]);
    let http = reqwest::Client::new();
    let worlds = format!("{}/_camsim/worlds", served.url("control"));
    let before = rss_kib(served.pid());

    let created = http
        .post(format!("{worlds}?name=big"))
        .body(generated_world("bigapp", 150_000))
        .send()
        .await
        .expect("control answers");
    assert_eq!(created.status(), StatusCode::CREATED);
    let built = rss_kib(served.pid());
    let deleted = http
        .delete(format!("{worlds}/big"))
        .send()
        .await
        .expect("control answers");
    assert_eq!(deleted.status(), StatusCode::OK);

    let grown = built.saturating_sub(before);
    assert!(grown > 50_000, "a 150,000-device world took {grown} KiB");
    let mut after = rss_kib(served.pid());
    let waited = Instant::now();
    while after > before + grown / 4 && waited.elapsed() < Duration::from_secs(5) {
        tokio::time::sleep(Duration::from_millis(200)).await;
        after = rss_kib(served.pid());
    }
    assert!(
        after <= before + grown / 4,
        "RSS {before} KiB before, {built} KiB with the world, still {after} KiB 5 s after deleting it"
    );
}

#[tokio::test]
async fn worlds_post_answers_409_once_camsim_holds_256_worlds() {
    let sim = TestSim::gwell().await;

    // The default world is the first of the 256.
    for n in 1..256 {
        let (status, body) = sim.post_text(&format!("worlds?name=w{n}"), "{}").await;
        assert_eq!(status, StatusCode::CREATED, "world {n}: {body}");
    }
    let (status, body) = sim.post_text("worlds?name=one-too-many", "{}").await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert!(
        body["error"].as_str().is_some_and(|e| e.contains("256")),
        "{body}"
    );

    let (status, _) = sim.call(Method::DELETE, "worlds/w1", Value::Null).await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = sim.post_text("worlds?name=one-too-many", "{}").await;
    assert_eq!(
        status,
        StatusCode::CREATED,
        "room again after a delete: {body}"
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn worlds_post_answers_400_naming_generate_count_when_the_world_would_be_too_big() {
    let sim = TestSim::gwell().await;
    let two_entries = format!(
        "{}        - count: 600000\n          idStart: \"8000000000000\"\n",
        generated_world("tooBig", 600_000)
    );

    let (status, body) = sim.post_text("worlds?name=too-big", &two_entries).await;

    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let problems = body["problems"].to_string();
    assert!(problems.contains("generate.count"), "{body}");
    assert!(problems.contains("1000000"), "states the limit: {body}");
    sim.shutdown().await;
}
