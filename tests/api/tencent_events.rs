//! Tencent cloud storage's events over real HTTP: the list (`DescribeCloudStorageEvents`,
//! newest first, paged by `Context`), deleting one (`DeleteCloudStorageEvent`) and clearing them
//! (`ResetCloudStorageEvent`), and what each does to the days and time lines.

use crate::assert_wire;
use crate::support::tencent_client::{APP_ID, Answer, IMAGE_PRODUCT, TencentClient};
use crate::support::{FROZEN_AT, TestSim};
use crate::tencent_history::{
    WORLD, advance, all_events, ask, dates, event_spans, product, time_list, wire,
};
use reqwest::StatusCode;
use serde_json::{Value, json};

const DAY: i64 = 86_400;

async fn list(client: &TencentClient, device: &str, extra: Value) -> Answer {
    client
        .call("DescribeCloudStorageEvents", ask(device, extra))
        .await
}

fn events_of(answer: &Answer) -> Vec<Value> {
    answer.ok()["Events"].as_array().expect("Events").clone()
}

fn starts(events: &[Value]) -> Vec<i64> {
    events
        .iter()
        .map(|e| e["StartTime"].as_i64().expect("StartTime"))
        .collect()
}

/// Raises an event on a fixture device through the control API.
async fn raise(sim: &TestSim, device: &str, body: Value) -> Value {
    let (status, raised) = sim
        .post(
            &format!(
                "{WORLD}/devices/tencent/{}:{device}/events",
                product(device)
            ),
            body,
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{raised}");
    raised
}

#[tokio::test]
async fn describe_cloud_storage_events_lists_the_last_day_newest_first_when_no_window_is_given() {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let answer = list(&client, "p2p_full", json!({})).await;
    let r = answer.ok();
    let events = events_of(&answer);
    assert_eq!(events.len(), 10, "the default page size");
    assert_eq!(r["Total"], json!(10), "Total counts the page");
    assert_eq!(r["Listover"], json!(false));
    assert!(r["Context"].as_str().is_some_and(|c| !c.is_empty()));
    assert!(
        r["VideoURL"]
            .as_str()
            .is_some_and(|u| u.ends_with("/timeshift.m3u8"))
    );
    let s = starts(&events);
    assert!(s.windows(2).all(|w| w[0] >= w[1]), "newest first: {s:?}");
    assert!(s.iter().all(|t| (FROZEN_AT - DAY..=FROZEN_AT).contains(t)));
    for e in &events {
        let start = e["StartTime"].as_i64().unwrap();
        assert!(e["EndTime"].as_i64().unwrap() >= start, "{e}");
        assert_eq!(
            e["Thumbnail"],
            json!(format!("/{APP_ID}/AQTV2839QJ/p2p_full/events/{start}.jpg"))
        );
        assert!(["motion", "human", "sound"].contains(&e["EventId"].as_str().unwrap()));
        assert!(["Finished", "Partial"].contains(&e["UploadStatus"].as_str().unwrap()));
        assert_eq!(e["Data"], Value::Null);
    }
    // The whole last day, in one page: the same events first.
    let whole = events_of(&list(&client, "p2p_full", json!({"Size": 100})).await);
    assert_eq!(whole[..10], events[..]);

    // A small page, for the record.
    let answer = list(&client, "p2p_full", json!({"Size": 2})).await;
    assert_wire!("tencent", "events_first_page", wire(&client, &answer));
    sim.shutdown().await;
}

#[tokio::test]
async fn describe_cloud_storage_events_pages_through_the_whole_list_when_context_is_given_back() {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let window = json!({"StartTime": FROZEN_AT - 3 * DAY, "EndTime": FROZEN_AT});
    let mut whole = window.clone();
    whole["Size"] = json!(100);
    let one_page = list(&client, "p2p_full", whole).await;
    assert_eq!(one_page.ok()["Listover"], json!(true));
    assert_eq!(one_page.ok()["Context"], json!(""));
    let expected = events_of(&one_page);
    assert!(expected.len() > 30, "{}", expected.len());

    let mut pages = Vec::new();
    let mut context = String::new();
    loop {
        let mut body = window.clone();
        body["Size"] = json!(7);
        body["Context"] = json!(context);
        let answer = list(&client, "p2p_full", body).await;
        let r = answer.ok();
        let events = events_of(&answer);
        assert_eq!(r["Total"], json!(events.len()));
        pages.extend(events);
        if r["Listover"] == json!(true) {
            assert_eq!(r["Context"], json!(""));
            break;
        }
        assert_eq!(r["Total"], json!(7));
        context = r["Context"].as_str().expect("Context").to_string();
        assert!(
            context
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
            "base64url without padding: {context}"
        );
    }
    assert_eq!(pages, expected, "pages concatenated are the whole list");
    sim.shutdown().await;
}

#[tokio::test]
async fn describe_cloud_storage_events_keeps_the_first_pages_window_when_the_clock_moves() {
    let sim = TestSim::tencent().await;
    let mut client = sim.tencent_client();
    let first = list(&client, "p2p_full", json!({"Size": 5})).await;
    let whole = events_of(&list(&client, "p2p_full", json!({"Size": 100})).await);
    let context = first.ok()["Context"].as_str().expect("Context").to_string();
    advance(&sim, &mut client, 6 * 3600).await;
    raise(&sim, "p2p_full", json!({"kind": "human", "at": "now-1m"})).await;
    let second = list(&client, "p2p_full", json!({"Size": 5, "Context": context})).await;
    // Events that ended meanwhile answer their new end: compare starts and types.
    let key = |events: &[Value]| -> Vec<(i64, String)> {
        events
            .iter()
            .map(|e| (e["StartTime"].as_i64().unwrap(), e["EventId"].to_string()))
            .collect()
    };
    assert_eq!(
        key(&events_of(&second)),
        key(&whole[5..10]),
        "{}",
        second.body
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn describe_cloud_storage_events_lists_one_type_when_event_id_is_given() {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let all = events_of(&list(&client, "p2p_full", json!({"Size": 100})).await);
    let motion = events_of(
        &list(
            &client,
            "p2p_full",
            json!({"Size": 100, "EventId": "motion"}),
        )
        .await,
    );
    assert!(!motion.is_empty());
    assert!(motion.iter().all(|e| e["EventId"] == "motion"));
    let want: Vec<&Value> = all.iter().filter(|e| e["EventId"] == "motion").collect();
    assert_eq!(motion.iter().collect::<Vec<_>>(), want);
    let answer = list(&client, "p2p_full", json!({"EventId": "low_voltage"})).await;
    assert_eq!(answer.ok()["Events"], json!([]));
    assert_eq!(answer.ok()["Listover"], json!(true));
    sim.shutdown().await;
}

#[tokio::test]
async fn describe_cloud_storage_events_answers_an_empty_list_when_nothing_is_stored() {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    for device in ["p2p_none", "sp01_none", "p2p_expired", "p2p_inactive"] {
        let answer = list(&client, device, json!({})).await;
        let r = answer.ok();
        assert_eq!(r["Events"], json!([]), "{device}");
        assert_eq!(r["Listover"], json!(true));
        assert_eq!(r["Total"], json!(0));
        if device == "sp01_none" {
            assert_wire!("tencent", "events_empty", wire(&client, &answer));
        }
    }
    // An NVR channel without a package, and one with.
    let answer = list(&client, "nvr_4ch", json!({"ChannelId": 2})).await;
    assert_eq!(answer.ok()["Events"], json!([]));
    let answer = list(&client, "nvr_4ch", json!({"ChannelId": 1})).await;
    assert!(!events_of(&answer).is_empty());
    let answer = list(&client, "nvr_4ch", json!({})).await;
    assert_eq!(answer.code(), Some("MissingParameter"));
    sim.shutdown().await;
}

#[tokio::test]
async fn describe_cloud_storage_events_lists_records_of_at_most_10_seconds_when_the_device_streams_pictures()
 {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let answer = list(&client, "sp01_event", json!({"Size": 100})).await;
    let events = events_of(&answer);
    assert!(!events.is_empty());
    for e in &events {
        let start = e["StartTime"].as_i64().unwrap();
        let length = e["EndTime"].as_i64().unwrap() - start;
        assert!((0..=10).contains(&length), "{e}");
        assert_eq!(
            e["Thumbnail"],
            json!(format!(
                "/{APP_ID}/{IMAGE_PRODUCT}/sp01_event/events/{start}.jpg"
            ))
        );
    }
    sim.shutdown().await;
}

#[tokio::test]
async fn describe_cloud_storage_events_marks_an_event_partial_while_it_goes_on() {
    let sim = TestSim::tencent().await;
    let mut client = sim.tencent_client();
    raise(
        &sim,
        "p2p_full",
        json!({"kind": "sound", "at": "now-5s", "durationSecs": 60}),
    )
    .await;
    let start = FROZEN_AT - 5;
    let body = json!({"StartTime": start, "EndTime": start, "EventId": "sound"});
    let answer = list(&client, "p2p_full", body.clone()).await;
    let events = events_of(&answer);
    assert_eq!(events.len(), 1, "{}", answer.body);
    assert_eq!(events[0]["UploadStatus"], "Partial");
    assert_eq!(events[0]["EndTime"], json!(FROZEN_AT));
    assert_wire!("tencent", "events_partial", wire(&client, &answer));
    advance(&sim, &mut client, 120).await;
    let events = events_of(&list(&client, "p2p_full", body).await);
    assert_eq!(events[0]["UploadStatus"], "Finished");
    assert_eq!(events[0]["EndTime"], json!(start + 60));
    sim.shutdown().await;
}

#[tokio::test]
async fn describe_cloud_storage_events_is_refused_when_size_or_the_window_is_out_of_range() {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    for size in [0, 101, -1] {
        let answer = list(&client, "p2p_full", json!({"Size": size})).await;
        assert_eq!(answer.code(), Some("InvalidParameterValue"), "{size}");
        assert!(answer.message().contains("Size"), "{}", answer.message());
        if size == 101 {
            assert_wire!("tencent", "events_bad_size", answer.wire());
        }
    }
    assert!(
        list(&client, "p2p_full", json!({"Size": 100}))
            .await
            .code()
            .is_none()
    );
    assert!(
        list(&client, "p2p_full", json!({"Size": 1}))
            .await
            .code()
            .is_none()
    );

    let answer = list(
        &client,
        "p2p_full",
        json!({"StartTime": FROZEN_AT, "EndTime": FROZEN_AT - 1}),
    )
    .await;
    assert_eq!(answer.code(), Some("InvalidParameterValue"));
    assert!(answer.message().contains("EndTime"), "{}", answer.message());
    assert_wire!("tencent", "events_end_before_start", answer.wire());
    // StartTime alone, after now: the window would end (now) before it starts.
    let answer = list(&client, "p2p_full", json!({"StartTime": FROZEN_AT + 60})).await;
    assert_eq!(answer.code(), Some("InvalidParameterValue"));

    let answer = list(
        &client,
        "p2p_full",
        json!({"StartTime": FROZEN_AT - 31 * DAY - 1, "EndTime": FROZEN_AT}),
    )
    .await;
    assert_eq!(answer.code(), Some("InvalidParameterValue"));
    assert!(answer.message().contains("EndTime"), "{}", answer.message());
    assert_wire!("tencent", "events_window_too_long", answer.wire());
    let answer = list(
        &client,
        "p2p_full",
        json!({"StartTime": FROZEN_AT - 31 * DAY, "EndTime": FROZEN_AT}),
    )
    .await;
    assert!(answer.code().is_none(), "31 days exactly: {}", answer.body);
    // Hostile times: no overflow, just nothing stored then.
    let answer = list(
        &client,
        "p2p_full",
        json!({"StartTime": i64::MAX - 10, "EndTime": i64::MAX}),
    )
    .await;
    assert_eq!(answer.ok()["Events"], json!([]));
    sim.shutdown().await;
}

#[tokio::test]
async fn describe_cloud_storage_events_is_refused_when_the_context_is_not_this_querys() {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let first = list(&client, "p2p_full", json!({"Size": 3, "EventId": "motion"})).await;
    let context = first.ok()["Context"].as_str().expect("Context").to_string();
    let ok = list(
        &client,
        "p2p_full",
        json!({"Size": 3, "EventId": "motion", "Context": context}),
    )
    .await;
    assert!(ok.code().is_none(), "{}", ok.body);

    let garbage = list(
        &client,
        "p2p_full",
        json!({"Context": "DnF1ZXJ5VGhlbkZldGNo"}),
    )
    .await;
    assert_eq!(garbage.code(), Some("InvalidParameterValue"));
    assert!(
        garbage.message().contains("Context"),
        "{}",
        garbage.message()
    );
    assert_wire!("tencent", "events_bad_context", garbage.wire());

    // Tampered: one character changed.
    let mut chars: Vec<char> = context.chars().collect();
    chars[10] = if chars[10] == 'A' { 'B' } else { 'A' };
    let tampered: String = chars.into_iter().collect();
    let cases = [
        (
            "p2p_full",
            json!({"EventId": "motion", "Context": tampered}),
        ),
        // Another query: the type, the window, the space differ; another device.
        ("p2p_full", json!({"EventId": "human", "Context": context})),
        ("p2p_full", json!({"Context": context})),
        (
            "p2p_full",
            json!({"EventId": "motion", "StartTime": FROZEN_AT - 3600, "Context": context}),
        ),
        (
            "p2p_full",
            json!({"EventId": "motion", "UserId": "user_a", "Context": context}),
        ),
        (
            "p2p_event",
            json!({"EventId": "motion", "Context": context}),
        ),
    ];
    for (device, body) in cases {
        let answer = list(&client, device, body.clone()).await;
        assert_eq!(
            answer.code(),
            Some("InvalidParameterValue"),
            "{device} {body}"
        );
        assert!(answer.message().contains("Context"), "{}", answer.message());
    }
    sim.shutdown().await;
}

#[tokio::test]
async fn delete_cloud_storage_event_removes_the_event_and_an_event_packages_recording_of_it() {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let events = all_events(&client, "p2p_event", FROZEN_AT - DAY, FROZEN_AT, json!({})).await;
    // An event that overlaps no other: its time is its own.
    let spans = event_spans(&events);
    let lonely = events
        .iter()
        .find(|e| {
            let (s, t) = (
                e["StartTime"].as_i64().unwrap(),
                e["EndTime"].as_i64().unwrap(),
            );
            t > s && spans.contains(&(s, t))
        })
        .expect("an event on its own")
        .clone();
    let (start, end) = (
        lonely["StartTime"].as_i64().unwrap(),
        lonely["EndTime"].as_i64().unwrap(),
    );
    let day = crate::tencent_history::local_day(start, 8 * 3600);
    let recorded = |pieces: &[(i64, i64)]| pieces.iter().any(|&(s, e)| s < end && start < e);
    assert!(recorded(
        &time_list(&client, "p2p_event", &day, json!({})).await
    ));

    let answer = client
        .call(
            "DeleteCloudStorageEvent",
            ask(
                "p2p_event",
                json!({"EventId": lonely["EventId"], "StartTime": start, "EndTime": end}),
            ),
        )
        .await;
    answer.ok();
    assert_wire!("tencent", "events_delete", answer.wire());

    let after = all_events(&client, "p2p_event", FROZEN_AT - DAY, FROZEN_AT, json!({})).await;
    assert!(!after.contains(&lonely));
    assert_eq!(after.len(), events.len() - 1);
    assert!(!recorded(
        &time_list(&client, "p2p_event", &day, json!({})).await
    ));

    // Deleted already: nothing matches any more.
    let again = client
        .call(
            "DeleteCloudStorageEvent",
            ask(
                "p2p_event",
                json!({"EventId": lonely["EventId"], "StartTime": start, "EndTime": end}),
            ),
        )
        .await;
    assert_eq!(again.code(), Some("InvalidParameterValue"));
    assert!(again.message().contains("EventId"), "{}", again.message());
    assert_wire!("tencent", "events_delete_no_match", again.wire());
    sim.shutdown().await;
}

#[tokio::test]
async fn delete_cloud_storage_event_keeps_a_continuous_packages_recording() {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let event = events_of(&list(&client, "p2p_full", json!({"Size": 1})).await)[0].clone();
    let (start, end) = (
        event["StartTime"].as_i64().unwrap(),
        event["EndTime"].as_i64().unwrap(),
    );
    let day = crate::tencent_history::local_day(start, 8 * 3600);
    let before = time_list(&client, "p2p_full", &day, json!({})).await;
    // The wrong type or end matches nothing.
    for body in [
        json!({"EventId": "fire", "StartTime": start, "EndTime": end}),
        json!({"EventId": event["EventId"], "StartTime": start, "EndTime": end + 1}),
    ] {
        let answer = client
            .call("DeleteCloudStorageEvent", ask("p2p_full", body))
            .await;
        assert_eq!(answer.code(), Some("InvalidParameterValue"));
    }
    let answer = client
        .call(
            "DeleteCloudStorageEvent",
            ask(
                "p2p_full",
                json!({"EventId": event["EventId"], "StartTime": start, "EndTime": end}),
            ),
        )
        .await;
    answer.ok();
    let first = events_of(&list(&client, "p2p_full", json!({"Size": 1})).await)[0].clone();
    assert_ne!(first, event);
    assert_eq!(
        time_list(&client, "p2p_full", &day, json!({})).await,
        before
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn delete_cloud_storage_event_is_refused_when_a_parameter_is_missing() {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let whole = json!({"EventId": "motion", "StartTime": FROZEN_AT, "EndTime": FROZEN_AT});
    for name in ["EventId", "StartTime", "EndTime"] {
        let mut body = whole.clone();
        body.as_object_mut().unwrap().remove(name);
        let answer = client
            .call("DeleteCloudStorageEvent", ask("p2p_full", body))
            .await;
        assert_eq!(answer.code(), Some("MissingParameter"), "{name}");
        assert!(answer.message().contains(name), "{}", answer.message());
        if name == "EventId" {
            assert_wire!("tencent", "events_delete_missing_event_id", answer.wire());
        }
    }
    let answer = client
        .call("DeleteCloudStorageEvent", ask("nvr_4ch", whole.clone()))
        .await;
    assert_eq!(answer.code(), Some("MissingParameter"));
    sim.shutdown().await;
}

#[tokio::test]
async fn reset_cloud_storage_event_clears_the_events_stored_so_far_and_lets_later_ones_show() {
    let sim = TestSim::tencent().await;
    let mut client = sim.tencent_client();
    assert!(!events_of(&list(&client, "p2p_event", json!({})).await).is_empty());
    let today = dates(&client, "p2p_event", json!({})).await;
    assert!(!today.is_empty());

    let answer = client
        .call("ResetCloudStorageEvent", ask("p2p_event", json!({})))
        .await;
    answer.ok();
    assert_wire!("tencent", "events_reset", answer.wire());
    let answer = list(&client, "p2p_event", json!({})).await;
    assert_eq!(answer.ok()["Events"], json!([]));
    assert_eq!(answer.ok()["Listover"], json!(true));
    // An event package's recordings went with their events.
    assert_eq!(
        dates(&client, "p2p_event", json!({})).await,
        Vec::<String>::new()
    );
    // Another device keeps its events.
    assert!(!events_of(&list(&client, "p2p_full", json!({})).await).is_empty());

    advance(&sim, &mut client, 600).await;
    raise(
        &sim,
        "p2p_event",
        json!({"kind": "human", "at": "now-2m", "durationSecs": 30}),
    )
    .await;
    let events = events_of(&list(&client, "p2p_event", json!({})).await);
    assert!(!events.is_empty());
    let s = starts(&events);
    assert!(s.iter().all(|t| *t > FROZEN_AT), "only later events: {s:?}");
    assert_eq!(
        dates(&client, "p2p_event", json!({})).await,
        vec!["2026-11-22"]
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn reset_cloud_storage_event_is_refused_when_the_nvr_channel_is_missing() {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let answer = client
        .call("ResetCloudStorageEvent", ask("nvr_4ch", json!({})))
        .await;
    assert_eq!(answer.code(), Some("MissingParameter"));
    assert_wire!("tencent", "events_reset_missing_channel", answer.wire());
    let answer = client
        .call(
            "ResetCloudStorageEvent",
            ask("nvr_4ch", json!({"ChannelId": 1})),
        )
        .await;
    answer.ok();
    let answer = list(&client, "nvr_4ch", json!({"ChannelId": 1})).await;
    assert_eq!(answer.ok()["Events"], json!([]));
    sim.shutdown().await;
}
