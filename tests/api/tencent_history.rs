//! Tencent cloud storage's history over real HTTP: the days with storage
//! (`DescribeCloudStorageDate`), a day's recordings (`DescribeCloudStorageTime`), and how they
//! agree with each other, with the events and with the packages of every fixture device.

use crate::assert_wire;
use crate::support::tencent_client::{IMAGE_PRODUCT, TencentClient, VIDEO_PRODUCT};
use crate::support::{FROZEN_AT, TENCENT_WORLD, TestSim};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

pub const WORLD: &str = "worlds/tencent-test";
const DAY: i64 = 86_400;
const HOUR: i64 = 3600;
/// UTC+8, the fixture devices' zone unless their timeline says.
const CHINA: i64 = 8 * HOUR;

/// The product of a fixture device (`sp01_*` are image-stream doorbells).
pub fn product(device: &str) -> &'static str {
    if device.starts_with("sp01") {
        IMAGE_PRODUCT
    } else {
        VIDEO_PRODUCT
    }
}

/// `{"ProductId", "DeviceName"}` plus `extra`'s members.
pub fn ask(device: &str, extra: Value) -> Value {
    let mut body = json!({"ProductId": product(device), "DeviceName": device});
    if let (Some(out), Value::Object(more)) = (body.as_object_mut(), extra) {
        out.extend(more);
    }
    body
}

/// `YYYY-MM-DD` of instant `t` in a zone `offset` seconds east of UTC.
pub fn local_day(t: i64, offset: i64) -> String {
    chrono::DateTime::from_timestamp(t + offset, 0)
        .expect("a time")
        .format("%Y-%m-%d")
        .to_string()
}

/// `[start, end)` of the local day `date` in a zone `offset` seconds east of UTC.
pub fn day_bounds(date: &str, offset: i64) -> (i64, i64) {
    let day = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").expect("a date");
    let start = day
        .and_hms_opt(0, 0, 0)
        .expect("midnight")
        .and_utc()
        .timestamp()
        - offset;
    (start, start + DAY)
}

/// The days `DescribeCloudStorageDate` lists.
pub async fn dates(client: &TencentClient, device: &str, extra: Value) -> Vec<String> {
    let answer = client
        .call("DescribeCloudStorageDate", ask(device, extra))
        .await;
    answer.ok()["Data"]
        .as_array()
        .unwrap_or_else(|| panic!("Data is a list: {}", answer.body))
        .iter()
        .map(|d| d.as_str().expect("a date").to_string())
        .collect()
}

/// The pieces `DescribeCloudStorageTime` answers for `date`.
pub async fn time_list(
    client: &TencentClient,
    device: &str,
    date: &str,
    extra: Value,
) -> Vec<(i64, i64)> {
    let mut body = ask(device, extra);
    body["Date"] = json!(date);
    let answer = client.call("DescribeCloudStorageTime", body).await;
    pieces_of(&answer.ok()["Data"]["TimeList"])
}

pub fn pieces_of(list: &Value) -> Vec<(i64, i64)> {
    list.as_array()
        .unwrap_or_else(|| panic!("a list: {list}"))
        .iter()
        .map(|p| {
            (
                p["StartTime"].as_i64().expect("StartTime"),
                p["EndTime"].as_i64().expect("EndTime"),
            )
        })
        .collect()
}

/// Every local day from `from` to `to` (instants), as `YYYY-MM-DD`.
fn days_between(from: i64, to: i64, offset: i64) -> Vec<String> {
    let mut out = Vec::new();
    let mut t = from;
    while t <= to + DAY {
        let day = local_day(t, offset);
        if day_bounds(&day, offset).0 <= to {
            out.push(day);
        }
        t += DAY;
    }
    out.dedup();
    out
}

/// A device's packages as the control API shows them: `(start, end, look-back secs)` of `channel`.
pub async fn package_spans(sim: &TestSim, device: &str, channel: i64) -> Vec<(i64, i64, i64)> {
    let (status, body) = sim
        .get(&format!(
            "{WORLD}/devices/tencent/{}:{device}",
            product(device)
        ))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["packages"]
        .as_array()
        .expect("packages")
        .iter()
        .filter(|p| p["channel"].as_i64() == Some(channel))
        .map(|p| {
            let id = p["packageId"].as_str().expect("packageId");
            // `..{N}d`: the days kept.
            let digits: String = id
                .trim_end_matches('d')
                .chars()
                .rev()
                .take_while(char::is_ascii_digit)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            let keep: i64 = digits.parse().expect("look-back days");
            (
                p["start"].as_i64().expect("start"),
                p["end"].as_i64().expect("end"),
                keep * DAY,
            )
        })
        .collect()
}

/// Sorted, non-empty, apart (at most touching).
fn assert_in_order(pieces: &[(i64, i64)], what: &str) {
    for (s, e) in pieces {
        assert!(s < e, "{what}: empty piece {s}..{e}");
    }
    for w in pieces.windows(2) {
        assert!(w[0].1 <= w[1].0, "{what}: pieces out of order {w:?}");
    }
}

/// Checks Date against Time for one device space: every listed day has pieces, every other
/// day of the last 31 has none, every piece lies in its day, in a package span, within that
/// package's look-back and before now. Returns every piece.
async fn check_space(
    sim: &TestSim,
    client: &TencentClient,
    device: &str,
    extra: Value,
    offset: i64,
) -> Vec<(i64, i64)> {
    let now = client.now;
    let channel = extra["ChannelId"].as_i64().unwrap_or(0);
    let spans = package_spans(sim, device, channel).await;
    let listed = dates(client, device, extra.clone()).await;
    let mut sorted = listed.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(listed, sorted, "{device}: dates ascending, once each");
    let mut all = Vec::new();
    for day in days_between(now - 32 * DAY, now + DAY, offset) {
        let pieces = time_list(client, device, &day, extra.clone()).await;
        let what = format!("{device} {extra} {day}");
        assert_eq!(
            !pieces.is_empty(),
            listed.contains(&day),
            "{what}: listed by Date exactly when its TimeList has pieces: {pieces:?}"
        );
        assert_in_order(&pieces, &what);
        let (day_start, day_end) = day_bounds(&day, offset);
        for &(s, e) in &pieces {
            assert!(
                day_start <= s && e <= day_end,
                "{what}: {s}..{e} in the day"
            );
            assert!(e <= now, "{what}: {s}..{e} stored by now");
            assert!(
                spans
                    .iter()
                    .any(|&(ps, pe, keep)| ps.max(now - keep) <= s && e <= pe),
                "{what}: {s}..{e} inside a package's span and look-back {spans:?}"
            );
        }
        all.extend(pieces);
    }
    all
}

/// Every stored event `DescribeCloudStorageEvents` lists in `[from, to]`, all pages.
pub async fn all_events(
    client: &TencentClient,
    device: &str,
    from: i64,
    to: i64,
    extra: Value,
) -> Vec<Value> {
    let mut out = Vec::new();
    let mut context = String::new();
    for _ in 0..1000 {
        let mut body = ask(device, extra.clone());
        body["StartTime"] = json!(from);
        body["EndTime"] = json!(to);
        body["Size"] = json!(100);
        body["Context"] = json!(context);
        let answer = client.call("DescribeCloudStorageEvents", body).await;
        let r = answer.ok();
        out.extend(r["Events"].as_array().expect("Events").iter().cloned());
        if r["Listover"] == json!(true) {
            return out;
        }
        context = r["Context"].as_str().expect("Context").to_string();
    }
    panic!("{device}: the event list never ends");
}

/// `[StartTime, EndTime]` of listed events, joined where they overlap.
pub fn event_spans(events: &[Value]) -> Vec<(i64, i64)> {
    let mut spans: Vec<(i64, i64)> = events
        .iter()
        .map(|e| {
            (
                e["StartTime"].as_i64().expect("StartTime"),
                e["EndTime"].as_i64().expect("EndTime"),
            )
        })
        .collect();
    spans.sort_unstable();
    let mut out: Vec<(i64, i64)> = Vec::new();
    for (s, e) in spans {
        match out.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}

fn within(piece: (i64, i64), spans: &[(i64, i64)]) -> bool {
    spans.iter().any(|&(s, e)| s <= piece.0 && piece.1 <= e)
}

/// The answer as a snapshot records it: the Host the client called written `[host]`.
pub fn wire(client: &TencentClient, answer: &crate::support::tencent_client::Answer) -> Value {
    let text = answer.wire().to_string().replace(&client.host(), "[host]");
    serde_json::from_str(&text).expect("json")
}

/// Moves the world clock by `secs` and signs at the new time.
pub async fn advance(sim: &TestSim, client: &mut TencentClient, secs: i64) {
    let (status, body) = sim
        .post(
            &format!("{WORLD}/clock"),
            json!({"advance": format!("{secs}s")}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    client.now += secs;
}

#[tokio::test]
async fn describe_cloud_storage_date_lists_the_look_backs_days_ascending_when_a_continuous_package_runs()
 {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let answer = client
        .call("DescribeCloudStorageDate", ask("p2p_full", json!({})))
        .await;
    assert_eq!(answer.status, 200);
    // 7 days back from 2026-11-22 16:00 (UTC+8): from 2026-11-15 16:00 to now.
    let want: Vec<String> = (15..=22).map(|d| format!("2026-11-{d}")).collect();
    assert_eq!(answer.ok()["Data"], json!(want));
    assert_wire!("tencent", "history_dates", answer.wire());
    sim.shutdown().await;
}

#[tokio::test]
async fn describe_cloud_storage_date_answers_an_empty_list_when_nothing_is_stored() {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    // Never a package, a package that ran out 10 days ago (3-day look-back), never activated.
    for device in ["p2p_none", "sp01_none", "p2p_expired", "p2p_inactive"] {
        let answer = client
            .call("DescribeCloudStorageDate", ask(device, json!({})))
            .await;
        assert_eq!(answer.ok()["Data"], json!([]), "{device}");
        if device == "p2p_none" {
            assert_wire!("tencent", "history_dates_empty", answer.wire());
        }
    }
    sim.shutdown().await;
}

#[tokio::test]
async fn describe_cloud_storage_date_is_refused_when_the_device_or_channel_is_wrong() {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let answer = client
        .call("DescribeCloudStorageDate", ask("nvr_4ch", json!({})))
        .await;
    assert_eq!(answer.code(), Some("MissingParameter"));
    assert!(
        answer.message().contains("ChannelId"),
        "{}",
        answer.message()
    );
    assert_wire!("tencent", "history_dates_missing_channel", answer.wire());

    let answer = client
        .call(
            "DescribeCloudStorageDate",
            ask("nvr_4ch", json!({"ChannelId": 4})),
        )
        .await;
    assert_eq!(answer.code(), Some("InvalidParameterValue"));
    let answer = client
        .call(
            "DescribeCloudStorageDate",
            ask("p2p_full", json!({"ChannelId": 1})),
        )
        .await;
    assert_eq!(answer.code(), Some("InvalidParameterValue"));

    let answer = client
        .call("DescribeCloudStorageDate", ask("p2p_nobody", json!({})))
        .await;
    assert_eq!(answer.code(), Some("InvalidParameter"));
    assert_wire!("tencent", "history_dates_unknown_device", answer.wire());
    sim.shutdown().await;
}

#[tokio::test]
async fn describe_cloud_storage_time_answers_the_windows_pieces_and_the_playback_base() {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    // 2026-11-21 10:00 to 11:00 in UTC+8.
    let from = day_bounds("2026-11-21", CHINA).0 + 10 * HOUR;
    let answer = client
        .call(
            "DescribeCloudStorageTime",
            ask(
                "p2p_full",
                json!({"Date": "2026-11-21", "StartTime": from, "EndTime": from + HOUR}),
            ),
        )
        .await;
    let r = answer.ok();
    let url = r["Data"]["VideoURL"].as_str().expect("VideoURL");
    let prefix = format!("http://{}/timeshift/live/", client.host());
    let key = url
        .strip_prefix(&prefix)
        .and_then(|rest| rest.strip_suffix("/timeshift.m3u8"))
        .unwrap_or_else(|| panic!("a playback base on camsim: {url}"));
    assert_eq!(key.len(), 32, "{url}");
    let pieces = pieces_of(&r["Data"]["TimeList"]);
    assert!(!pieces.is_empty());
    assert!(
        pieces.iter().all(|&(s, e)| from <= s && e <= from + HOUR),
        "{pieces:?}"
    );
    assert_wire!("tencent", "history_time", wire(&client, &answer));

    // The GET form reads alike, and the same device channel keeps its playback base.
    let call = client.get(
        "DescribeCloudStorageTime",
        &format!(
            "ProductId={VIDEO_PRODUCT}&DeviceName=p2p_full&Date=2026-11-21&StartTime={from}&EndTime={}",
            from + HOUR
        ),
    );
    let again = client.send(&call).await;
    assert_eq!(again.ok()["Data"], r["Data"]);
    sim.shutdown().await;
}

#[tokio::test]
async fn describe_cloud_storage_time_answers_an_empty_time_list_when_nothing_is_stored() {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    for (device, date) in [
        ("p2p_none", "2026-11-22"),
        ("sp01_none", "2026-11-21"),
        ("p2p_full", "2026-11-23"),
        ("p2p_full", "2025-01-01"),
    ] {
        let answer = client
            .call(
                "DescribeCloudStorageTime",
                ask(device, json!({"Date": date})),
            )
            .await;
        let r = answer.ok();
        assert_eq!(r["Data"]["TimeList"], json!([]), "{device} {date}");
        assert!(
            r["Data"]["VideoURL"]
                .as_str()
                .is_some_and(|u| u.ends_with(".m3u8"))
        );
        if device == "p2p_none" {
            assert_wire!("tencent", "history_time_empty", wire(&client, &answer));
        }
    }
    sim.shutdown().await;
}

#[tokio::test]
async fn describe_cloud_storage_time_is_refused_when_the_date_is_not_a_real_yyyy_mm_dd() {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    for date in [
        "2026-11-31",
        "2026-02-29",
        "2026-1-05",
        "20261122",
        "2026/11/22",
        "2026-11-22T00:00",
        " 2026-11-22",
        "２０２６-11-22",
    ] {
        let answer = client
            .call(
                "DescribeCloudStorageTime",
                ask("p2p_full", json!({"Date": date})),
            )
            .await;
        assert_eq!(answer.code(), Some("InvalidParameterValue"), "{date}");
        assert!(answer.message().contains("Date"), "{}", answer.message());
        if date == "2026-11-31" {
            assert_wire!("tencent", "history_time_bad_date", answer.wire());
        }
    }
    let answer = client
        .call("DescribeCloudStorageTime", ask("p2p_full", json!({})))
        .await;
    assert_eq!(answer.code(), Some("MissingParameter"));
    let answer = client
        .call(
            "DescribeCloudStorageTime",
            ask("p2p_full", json!({"Date": 20261122})),
        )
        .await;
    assert_eq!(answer.code(), Some("InvalidParameter"));
    sim.shutdown().await;
}

#[tokio::test]
async fn describe_cloud_storage_time_is_refused_when_end_time_is_before_start_time() {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let answer = client
        .call(
            "DescribeCloudStorageTime",
            ask(
                "p2p_full",
                json!({"Date": "2026-11-22", "StartTime": FROZEN_AT, "EndTime": FROZEN_AT - 1}),
            ),
        )
        .await;
    assert_eq!(answer.code(), Some("InvalidParameterValue"));
    assert!(answer.message().contains("EndTime"), "{}", answer.message());
    assert_wire!("tencent", "history_time_end_before_start", answer.wire());
    // Hostile numbers: negative is refused, the largest is a window like any other.
    let answer = client
        .call(
            "DescribeCloudStorageTime",
            ask("p2p_full", json!({"Date": "2026-11-22", "StartTime": -1})),
        )
        .await;
    assert_eq!(answer.code(), Some("InvalidParameterValue"));
    let answer = client
        .call(
            "DescribeCloudStorageTime",
            ask(
                "p2p_full",
                json!({"Date": "2026-11-22", "StartTime": i64::MAX, "EndTime": i64::MAX}),
            ),
        )
        .await;
    assert_eq!(answer.ok()["Data"]["TimeList"], json!([]));
    sim.shutdown().await;
}

#[tokio::test]
async fn describe_cloud_storage_time_clips_pieces_to_the_day_when_they_cross_midnight() {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let days = dates(&client, "p2p_full", json!({})).await;
    // The full days between the first and today: a continuous recording runs through
    // midnight, so some day's first piece starts at 00:00 and some day's last ends at 24:00.
    let middle = &days[1..days.len() - 1];
    let mut starts_at_midnight = 0;
    let mut ends_at_midnight = 0;
    for day in middle {
        let (start, end) = day_bounds(day, CHINA);
        let pieces = time_list(&client, "p2p_full", day, json!({})).await;
        starts_at_midnight += usize::from(pieces.first().is_some_and(|p| p.0 == start));
        ends_at_midnight += usize::from(pieces.last().is_some_and(|p| p.1 == end));
    }
    assert!(starts_at_midnight > 0 && ends_at_midnight > 0, "{middle:?}");
    sim.shutdown().await;
}

#[tokio::test]
async fn describe_cloud_storage_date_and_time_agree_with_each_other_and_the_packages_for_every_fixture_device()
 {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let devices = [
        ("p2p_full", json!({}), CHINA, true),
        ("p2p_event", json!({}), CHINA, true),
        ("p2p_expired", json!({}), CHINA, false),
        ("p2p_none", json!({}), CHINA, false),
        ("p2p_queued", json!({}), CHINA, true),
        ("p2p_offline", json!({}), CHINA, true),
        ("p2p_battery", json!({}), CHINA, true),
        ("p2p_inactive", json!({}), CHINA, false),
        ("p2p_users", json!({}), CHINA, true),
        ("p2p_users", json!({"UserId": "user_a"}), CHINA, true),
        ("p2p_users", json!({"UserId": "user_b"}), CHINA, false),
        ("p2p_west", json!({}), -5 * HOUR, true),
        ("nvr_4ch", json!({"ChannelId": 0}), CHINA, false),
        ("nvr_4ch", json!({"ChannelId": 1}), CHINA, true),
        ("nvr_4ch", json!({"ChannelId": 2}), CHINA, false),
        ("sp01_event", json!({}), CHINA, true),
        ("sp01_none", json!({}), CHINA, false),
    ];
    for (device, extra, offset, stores) in devices {
        let pieces = check_space(&sim, &client, device, extra.clone(), offset).await;
        assert_eq!(!pieces.is_empty(), stores, "{device} {extra}: {pieces:?}");
    }
    sim.shutdown().await;
}

#[tokio::test]
async fn describe_cloud_storage_time_stores_nothing_after_expiry_or_beyond_the_look_back_when_a_package_ran_out()
 {
    // p2p_expired's month ran out a day ago here (not 10): its 3-day look-back still holds
    // the 2 days before the expiry.
    let scenario = TENCENT_WORLD.replace(
        "{ packageId: yc1m3d, start: now-40d, orderId: order-expired }",
        "{ packageId: yc1m3d, start: now-31d, orderId: order-expired }",
    );
    assert_ne!(scenario, TENCENT_WORLD);
    let sim = TestSim::spawn(&scenario).await;
    let client = sim.tencent_client();
    let expired = FROZEN_AT - DAY;
    let pieces = check_space(&sim, &client, "p2p_expired", json!({}), CHINA).await;
    assert!(!pieces.is_empty());
    assert!(
        pieces
            .iter()
            .all(|&(s, e)| s >= FROZEN_AT - 3 * DAY && e <= expired),
        "{pieces:?}"
    );
    // Recording went on until the expiry: the last piece ends there.
    assert_eq!(pieces.last().map(|p| p.1), Some(expired));
    sim.shutdown().await;
}

#[tokio::test]
async fn describe_cloud_storage_date_lists_no_day_when_the_camera_recorded_nothing() {
    // p2p_full records nothing here; its events are still stored.
    let line = "packages: [{ packageId: yc1m7d, start: now-10d, orderId: order-full }]";
    let scenario = TENCENT_WORLD.replace(
        line,
        &format!("{line}\n          timeline: {{ recording: none }}"),
    );
    assert_ne!(scenario, TENCENT_WORLD);
    let sim = TestSim::spawn(&scenario).await;
    let client = sim.tencent_client();
    let events = all_events(&client, "p2p_full", FROZEN_AT - DAY, FROZEN_AT, json!({})).await;
    assert!(!events.is_empty());
    // The days with storage are the days with recordings, so that each has a time line.
    assert_eq!(
        dates(&client, "p2p_full", json!({})).await,
        Vec::<String>::new()
    );
    assert!(
        time_list(&client, "p2p_full", "2026-11-22", json!({}))
            .await
            .is_empty()
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn describe_cloud_storage_time_holds_only_event_time_when_the_package_is_an_event_package() {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let mut pieces = Vec::new();
    for day in dates(&client, "p2p_event", json!({})).await {
        pieces.extend(time_list(&client, "p2p_event", &day, json!({})).await);
    }
    assert!(!pieces.is_empty());
    // 3-day look-back: the events of the last 3 days (and a bit) hold every piece.
    let events = all_events(
        &client,
        "p2p_event",
        FROZEN_AT - 4 * DAY,
        FROZEN_AT,
        json!({}),
    )
    .await;
    let spans = event_spans(&events);
    for piece in &pieces {
        assert!(within(*piece, &spans), "{piece:?} lies in a listed event");
    }
    // An event package stores far less than the day.
    let stored: i64 = pieces.iter().map(|(s, e)| e - s).sum();
    assert!(stored < DAY, "{stored}");
    sim.shutdown().await;
}

#[tokio::test]
async fn describe_cloud_storage_time_lists_records_of_at_most_10_seconds_when_the_device_streams_pictures()
 {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let mut pieces = Vec::new();
    for day in dates(&client, "sp01_event", json!({})).await {
        pieces.extend(time_list(&client, "sp01_event", &day, json!({})).await);
    }
    assert!(!pieces.is_empty());
    assert!(pieces.iter().all(|(s, e)| e - s <= 10), "{pieces:?}");
    let events = all_events(
        &client,
        "sp01_event",
        FROZEN_AT - 4 * DAY,
        FROZEN_AT,
        json!({}),
    )
    .await;
    assert!(!events.is_empty());
    for e in &events {
        let length = e["EndTime"].as_i64().unwrap() - e["StartTime"].as_i64().unwrap();
        assert!((0..=10).contains(&length), "{e}");
    }
    let spans = event_spans(&events);
    for piece in &pieces {
        assert!(within(*piece, &spans), "{piece:?} lies in a listed event");
    }
    sim.shutdown().await;
}

#[tokio::test]
async fn describe_cloud_storage_time_counts_days_from_local_midnight_when_the_device_is_west_of_utc()
 {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let west = -5 * HOUR;
    // Now is 2026-11-22 03:00 in UTC-5; the package started 4 days before.
    let days = dates(&client, "p2p_west", json!({})).await;
    let want: Vec<String> = (18..=22).map(|d| format!("2026-11-{d}")).collect();
    assert_eq!(days, want);
    let (start, end) = day_bounds("2026-11-20", west);
    assert_eq!(start, chrono_utc("2026-11-20T05:00:00Z"));
    let pieces = time_list(&client, "p2p_west", "2026-11-20", json!({})).await;
    assert!(!pieces.is_empty());
    assert!(
        pieces.iter().all(|&(s, e)| start <= s && e <= end),
        "{pieces:?}"
    );
    // Continuous recording through local midnight: the day begins and ends at 05:00 UTC.
    assert_eq!(pieces.first().map(|p| p.0), Some(start), "{pieces:?}");
    assert_eq!(pieces.last().map(|p| p.1), Some(end), "{pieces:?}");
    sim.shutdown().await;
}

fn chrono_utc(text: &str) -> i64 {
    chrono::DateTime::parse_from_rfc3339(text)
        .expect("a time")
        .timestamp()
}

#[tokio::test]
async fn describe_cloud_storage_time_reads_the_nvr_channel_asked_for_when_the_device_is_an_nvr() {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let one = dates(&client, "nvr_4ch", json!({"ChannelId": 1})).await;
    assert_eq!(one.len(), 4, "3 days back from 16:00: {one:?}");
    assert_eq!(
        dates(&client, "nvr_4ch", json!({"ChannelId": 2})).await,
        Vec::<String>::new()
    );
    assert!(
        time_list(&client, "nvr_4ch", "2026-11-22", json!({"ChannelId": 2}))
            .await
            .is_empty()
    );
    assert!(
        !time_list(&client, "nvr_4ch", "2026-11-22", json!({"ChannelId": 1}))
            .await
            .is_empty()
    );
    let answer = client
        .call(
            "DescribeCloudStorageTime",
            ask("nvr_4ch", json!({"Date": "2026-11-22"})),
        )
        .await;
    assert_eq!(answer.code(), Some("MissingParameter"));
    assert!(
        answer.message().contains("ChannelId"),
        "{}",
        answer.message()
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn describe_cloud_storage_time_splits_recordings_by_user_when_a_user_was_bound() {
    let sim = TestSim::tencent().await;
    let client = sim.tencent_client();
    let bound = FROZEN_AT - 2 * DAY;
    let mut default_space = Vec::new();
    for day in dates(&client, "p2p_users", json!({})).await {
        default_space.extend(time_list(&client, "p2p_users", &day, json!({})).await);
    }
    let mut user_a = Vec::new();
    let user = json!({"UserId": "user_a"});
    for day in dates(&client, "p2p_users", user.clone()).await {
        user_a.extend(time_list(&client, "p2p_users", &day, user.clone()).await);
    }
    assert!(!default_space.is_empty() && !user_a.is_empty());
    assert!(
        default_space.iter().all(|p| p.1 <= bound),
        "{default_space:?}"
    );
    assert!(user_a.iter().all(|p| p.0 >= bound), "{user_a:?}");
    // Recording ran through the binding: one space ends where the other begins.
    assert_eq!(default_space.last().map(|p| p.1), Some(bound));
    assert_eq!(user_a.first().map(|p| p.0), Some(bound));
    sim.shutdown().await;
}

#[tokio::test]
async fn describe_cloud_storage_date_moves_with_the_clock_when_time_passes() {
    let sim = TestSim::tencent().await;
    let mut client = sim.tencent_client();
    let before = dates(&client, "p2p_full", json!({})).await;
    let today = time_list(&client, "p2p_full", "2026-11-22", json!({})).await;
    assert_eq!(today.last().map(|p| p.1), Some(FROZEN_AT));
    advance(&sim, &mut client, DAY).await;
    let after = dates(&client, "p2p_full", json!({})).await;
    assert_eq!(before.first().map(String::as_str), Some("2026-11-15"));
    assert_eq!(after.first().map(String::as_str), Some("2026-11-16"));
    assert_eq!(after.last().map(String::as_str), Some("2026-11-23"));
    // The rest of 2026-11-22 was recorded meanwhile; the oldest day left the look-back.
    let later = time_list(&client, "p2p_full", "2026-11-22", json!({})).await;
    assert_eq!(
        later.last().map(|p| p.1),
        Some(day_bounds("2026-11-22", CHINA).1)
    );
    assert!(
        time_list(&client, "p2p_full", "2026-11-15", json!({}))
            .await
            .is_empty()
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn describe_cloud_storage_time_shows_a_gap_when_the_device_was_offline() {
    let sim = TestSim::tencent().await;
    let mut client = sim.tencent_client();
    let device = format!("{WORLD}/devices/tencent/{VIDEO_PRODUCT}:p2p_full");
    let (status, body) = sim
        .call(Method::PATCH, &device, json!({"online": false}))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    advance(&sim, &mut client, 3 * HOUR).await;
    let (status, body) = sim
        .call(Method::PATCH, &device, json!({"online": true}))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    advance(&sim, &mut client, HOUR).await;
    // 16:00 to 19:00 on 2026-11-22 (UTC+8) offline.
    let (went, came) = (FROZEN_AT, FROZEN_AT + 3 * HOUR);
    let pieces = time_list(&client, "p2p_full", "2026-11-22", json!({})).await;
    assert!(
        pieces.iter().all(|&(s, e)| e <= went || s >= came),
        "{pieces:?}"
    );
    assert!(pieces.iter().any(|p| p.1 == went), "{pieces:?}");
    assert!(pieces.iter().any(|p| p.0 == came), "{pieces:?}");
    assert_eq!(pieces.last().map(|p| p.1), Some(client.now));
    sim.shutdown().await;
}
