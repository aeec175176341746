//! The Tencent world hostile cases run in, and what they need from it: without a real API key
//! every call stops at `AuthFailure.*`, and without links handed out by the actions the media
//! host only ever says `NoSuchKey`. The world has a frozen clock (signatures are made for its
//! time, links never age during a run), rate limits off, an account with two API keys, a
//! video product with devices in every package state (continuous, event, expired, none,
//! queued, offline, a sleeping battery camera, one never activated, an NVR, one in another
//! time zone) and an image product.
//!
//! [`prepare`] creates the world (or resets it), asks every action once with no parameters
//! (an action that answers `InternalError` to that is not served yet: its cases accept any
//! catalogue code), and walks it to the state the cases expect: the keeper's playback base
//! (`VideoURL`) with a range, a signed playback link and a thumbnail link left to expire (the
//! clock then moves on), then valid signed playback, thumbnail and image-stream links, the
//! events actions name, and the answers the world must still give after the run
//! ([`check_world`]). An action camsim does not serve yet leaves its link empty (or a
//! stand-in), and the media cases then expect only the media host's envelope.
//!
//! Cases keep the world usable: a valid value sent to an action that changes a device
//! (packages created, reset or moved, users bound, events deleted or reset) names the
//! [`VICTIM`] (and [`SPARE`] as the device a package moves to), never the [`KEEPER`] or the
//! [`IMAGE_KEEPER`], whose answers and links the other cases expect. The run sets the world
//! up again every [`super::run::TENCENT_RENEW_EVERY`] cases (orders and queued packages add
//! up).

use super::run::{call, create_or_reset};
use super::tencent_sign::{self, Signing};
use super::wire::{self, Reply, Send};
use serde_json::{Value, json};

pub const WORLD: &str = "hostile-tencent";
pub const SECRET_ID: &str = "AKIDh0stileTencent000000000000001";
pub const SECRET_KEY: &str = "H0stileTencentSecretKey000000001";
/// The account's second key (as good as the first).
pub const SECRET_ID_2: &str = "AKIDh0stileTencent000000000000002";
pub const SECRET_KEY_2: &str = "H0stileTencentSecretKey000000002";
/// The default world's key (scenarios/default.yaml): another world's account.
pub const OTHER_WORLD_ID: &str = "AKIDEXAMPLEmock000000000000000000000";
pub const OTHER_WORLD_KEY: &str = "mockSecretKey0000000000000000000";
pub const APP_ID: &str = "100008409999";
pub const VERSION: &str = "2021-11-25";
/// The world clock at creation: 2026-11-22T08:00:00Z (16:00 in UTC+8, the devices' zone).
pub const FROZEN_AT: i64 = 1_795_334_400;
/// The devices' time zone (Tencent's days are UTC+8 unless a timeline says otherwise).
pub const UTC_OFFSET_SECS: i64 = 8 * 3600;

pub const PRODUCT: &str = "H0STILEV01";
pub const IMAGE_PRODUCT: &str = "H0STILEI01";
/// A continuous package 10 days in: its answers and links must survive every case.
pub const KEEPER: &str = "keeper";
/// What actions that change a device name.
pub const VICTIM: &str = "victim";
/// Where `TransferCloudStorage` moves the victim's package.
pub const SPARE: &str = "spare";
/// The image-stream device whose events, thumbnails and streams the cases open.
pub const IMAGE_KEEPER: &str = "img_keeper";
pub const IMAGE_VICTIM: &str = "img_victim";
/// The keeper's order (scenario).
pub const KEEPER_ORDER: &str = "hostile-order-keeper";
/// Devices of [`PRODUCT`] other than the keeper, victim and spare, each in its own state.
pub const OTHERS: &[&str] = &[
    "event_cam",
    "expired",
    "never",
    "queued",
    "offline",
    "battery",
    "inactive",
    "nvr_4ch",
    "west",
];

pub const SCENARIO: &str = r#"
seed: 31
clock: {mode: frozen, at: 2026-11-22T08:00:00Z}
rateLimits: false
timeline:
  recording: continuous
  eventsPerDay: 48
  eventKinds: [motion, human, sound]
tencent:
  appId: "100008409999"
  secrets:
    - secretId: AKIDh0stileTencent000000000000001
      secretKey: H0stileTencentSecretKey000000001
    - secretId: AKIDh0stileTencent000000000000002
      secretKey: H0stileTencentSecretKey000000002
  freePackages: {ye1w3d: 1000000, lye1w3d: 1000000}
  products:
    - productId: H0STILEV01
      name: hostile video
      streamType: video
      devices:
        - name: keeper
          packages: [{packageId: yc1m7d, start: now-10d, orderId: hostile-order-keeper}]
        - name: victim
          packages: [{packageId: yc1m7d, start: now-5d, orderId: hostile-order-victim}]
          users: [{userId: user_v, since: now-2d}]
        - name: spare
        - name: event_cam
          packages: [{packageId: ye1m3d, start: now-5d}]
        - name: expired
          packages: [{packageId: yc1m3d, start: now-40d}]
        - name: never
        - name: queued
          packages:
            - {packageId: yc1w7d, start: now-2d}
            - {packageId: ye1m7d}
        - name: offline
          online: false
          onlineUpdateTime: now-6h
          packages: [{packageId: yc1m7d, start: now-20d}]
        - name: battery
          online: false
          onlineUpdateTime: now-1h
          battery: 30
          packages: [{packageId: lye1m7d, start: now-3d}]
        - name: inactive
          activated: false
          online: false
        - name: nvr_4ch
          channels: 4
          packages: [{packageId: yc1m7d, start: now-3d, channel: 1}]
        - name: west
          packages: [{packageId: yc1m7d, start: now-4d}]
          timeline: {utcOffsetMinutes: -300}
    - productId: H0STILEI01
      name: hostile doorbell
      streamType: image
      devices:
        - name: img_keeper
          packages: [{packageId: lye1m7d, start: now-3d}]
        - name: img_victim
          packages: [{packageId: lye1m7d, start: now-3d}]
        - name: img_none
"#;

/// An event the actions name: `(EventId, StartTime, EndTime, Thumbnail)`.
#[derive(Debug, Clone, Default)]
pub struct Event {
    pub id: String,
    pub start: i64,
    pub end: i64,
    pub thumbnail: String,
}

/// What the generator knows of the Tencent world, obtained at set-up. Links are kept as the
/// path and query a client GETs (`/timeshift/live/...?...`); empty when the action that hands
/// them out is not served yet.
#[derive(Debug, Clone, Default)]
pub struct TencentTarget {
    /// The world clock (frozen): what requests are signed for.
    pub now: i64,
    /// Actions that answer `InternalError` to a request without parameters: not served yet.
    pub unserved: Vec<String>,
    /// The keeper's `VideoURL` with a stored range appended (a whole URL), and its media key.
    pub video_url: String,
    pub media_key: String,
    /// The keeper's signed playback link, one whose `ExpireTime` has passed, and the first
    /// segment of its playlist.
    pub play: String,
    pub play_expired: String,
    pub segment: String,
    /// Events of the image keeper (thumbnails, streams) and of the victim (deleted).
    pub events: Vec<Event>,
    pub victim_event: Event,
    /// Thumbnail links of the image keeper: valid, and one past its `ExpireTime`.
    pub thumbnail: String,
    pub thumbnail_expired: String,
    /// Image-stream links (`.mjpg`, `.aac`) of the image keeper, and ones handed out before
    /// the clock moved on (their lifetime is camsim's choice: they may still open).
    pub stream_video: String,
    pub stream_audio: String,
    pub stream_old: Vec<String>,
    /// `(action, body, Response without RequestId)` the keeper answers at set-up; the same
    /// requests must answer the same after the run.
    pub baseline: Vec<(String, String, Value)>,
}

impl TencentTarget {
    /// Whether `action` is served (its cases may expect its own codes).
    pub fn served(&self, action: &str) -> bool {
        !self.unserved.iter().any(|a| a == action)
    }

    /// The first event of the image keeper (a stand-in before the world is prepared).
    pub fn event(&self) -> Event {
        self.events.first().cloned().unwrap_or_default()
    }

    /// The devices' calendar day at the world clock (`YYYY-MM-DD`, UTC+8).
    pub fn today(&self) -> String {
        tencent_sign::utc_date(self.now.saturating_add(UTC_OFFSET_SECS))
    }
}

/// The headers of an API call signed with `id`/`key` at `timestamp`: the SDKs' set.
pub fn signed_headers(
    addr: &str,
    action: &str,
    body: &[u8],
    timestamp: i64,
    id: &str,
    key: &str,
) -> Vec<(String, String)> {
    let ts = timestamp.to_string();
    let date = tencent_sign::utc_date(timestamp);
    let authorization = tencent_sign::authorization(&Signing {
        secret_id: id,
        secret_key: key,
        method: "POST",
        query: "",
        headers: &[("content-type", "application/json"), ("host", addr)],
        body,
        timestamp: &ts,
        date: &date,
        service: tencent_sign::SERVICE,
    });
    vec![
        ("Content-Type".into(), "application/json".into()),
        ("X-TC-Action".into(), action.into()),
        ("X-TC-Version".into(), VERSION.into()),
        ("X-TC-Timestamp".into(), ts),
        ("X-TC-Region".into(), "ap-guangzhou".into()),
        ("Authorization".into(), authorization),
    ]
}

/// A signed call of `action` with `body` at `now`: HTTP status and the answer's JSON.
pub async fn api(addr: &str, now: i64, action: &str, body: &str) -> Result<(u16, Value), String> {
    let headers = signed_headers(addr, action, body.as_bytes(), now, SECRET_ID, SECRET_KEY);
    let headers: Vec<(&str, &str)> = headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let bytes = wire::request("POST", addr, "/", &headers, body.as_bytes());
    match wire::exchange(addr, &bytes, Send::Whole, false, super::run::DEADLINE).await {
        Reply::Answer(a) => Ok((
            a.status,
            serde_json::from_slice(&a.body).unwrap_or(Value::Null),
        )),
        other => Err(format!("{action}: {}", other.summary())),
    }
}

/// The `Response` of a call that succeeded; `None` when it answered an error.
async fn ok(addr: &str, now: i64, action: &str, body: &Value) -> Result<Option<Value>, String> {
    let (status, json) = api(addr, now, action, &body.to_string()).await?;
    let response = &json["Response"];
    if status != 200 || !response.is_object() {
        return Err(format!("{action} {body}: {status} {json}"));
    }
    Ok(response["Error"].is_null().then(|| response.clone()))
}

/// The path and query of a link (`http://host/path?q` -> `/path?q`); `""` for no link.
pub fn link_path(url: &str) -> String {
    let rest = url
        .strip_prefix("http://")
        .or_else(|| url.strip_prefix("https://"));
    match rest {
        Some(rest) => rest
            .find('/')
            .map_or(String::new(), |i| rest[i..].to_string()),
        None if url.starts_with('/') => url.to_string(),
        None => String::new(),
    }
}

/// The media key of a link path (`/timeshift/live/<key>/...`).
fn key_of(path: &str, prefix: &str) -> String {
    path.strip_prefix(prefix)
        .and_then(|rest| rest.split(['/', '?']).next())
        .unwrap_or_default()
        .to_string()
}

fn text(v: &Value) -> String {
    v.as_str().unwrap_or_default().to_string()
}

async fn clock(control: &str, body: &str) -> Result<i64, String> {
    let path = format!("/_camsim/worlds/{WORLD}/clock");
    let (method, body) = if body.is_empty() {
        ("GET", "")
    } else {
        ("POST", body)
    };
    let (status, json) = call(control, method, &path, body.as_bytes()).await?;
    match json["nowMs"].as_i64() {
        Some(ms) if status == 200 => Ok(ms.div_euclid(1000)),
        _ => Err(format!("clock of {WORLD}: {status} {json}")),
    }
}

/// Events of a device in the last day (newest first as camsim answers them); a stand-in
/// when `DescribeCloudStorageEvents` is not served yet.
async fn events(
    api_addr: &str,
    now: i64,
    product: &str,
    device: &str,
) -> Result<Vec<Event>, String> {
    let body = json!({"ProductId": product, "DeviceName": device,
        "StartTime": now - 86_400, "EndTime": now, "Size": 20});
    let listed = ok(api_addr, now, "DescribeCloudStorageEvents", &body).await?;
    let mut out: Vec<Event> = listed
        .as_ref()
        .and_then(|r| r["Events"].as_array())
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .filter(|e| e["StartTime"].as_i64().is_some())
        .map(|e| Event {
            id: text(&e["EventId"]),
            start: e["StartTime"].as_i64().unwrap_or_default(),
            end: e["EndTime"].as_i64().unwrap_or_default(),
            thumbnail: text(&e["Thumbnail"]),
        })
        .collect();
    if out.is_empty() {
        let start = now - 3_600;
        out.push(Event {
            id: "motion".into(),
            start,
            end: start + 8,
            thumbnail: format!("/{APP_ID}/{product}/{device}/events/{start}.jpg"),
        });
    }
    Ok(out)
}

/// The links a thumbnail and a stream-data call hand out for `event`: (thumbnail link, its
/// ExpireTime, video link, audio link).
async fn image_links(
    api_addr: &str,
    now: i64,
    event: &Event,
) -> Result<(String, Option<i64>, String, String), String> {
    let body = json!({"ProductId": IMAGE_PRODUCT, "DeviceName": IMAGE_KEEPER,
        "Thumbnail": event.thumbnail});
    let thumb = ok(api_addr, now, "DescribeCloudStorageThumbnail", &body).await?;
    let (thumbnail, expires) = thumb.map_or((String::new(), None), |r| {
        (
            link_path(&text(&r["ThumbnailURL"])),
            r["ExpireTime"].as_i64(),
        )
    });
    let body = json!({"ProductId": IMAGE_PRODUCT, "DeviceName": IMAGE_KEEPER,
        "StartTime": event.start});
    let stream = ok(api_addr, now, "DescribeCloudStorageStreamData", &body).await?;
    let (video, audio) = stream.map_or((String::new(), String::new()), |r| {
        (
            link_path(&text(&r["VideoStream"])),
            link_path(&text(&r["AudioStream"])),
        )
    });
    Ok((thumbnail, expires, video, audio))
}

/// A signed playback link of `video_url` until `expire` (`""` when not served).
async fn signed(api_addr: &str, now: i64, video_url: &str, expire: i64) -> Result<String, String> {
    let body = json!({"VideoURL": video_url, "ExpireTime": expire});
    let answer = ok(api_addr, now, "GenerateSignedVideoURL", &body).await?;
    Ok(answer.map_or(String::new(), |r| link_path(&text(&r["SignedVideoURL"]))))
}

/// The first segment of the playlist at `link` (`""` when it does not open).
async fn first_segment(api_addr: &str, link: &str) -> String {
    if link.is_empty() {
        return String::new();
    }
    let bytes = wire::request("GET", api_addr, link, &[], b"");
    let Reply::Answer(a) =
        wire::exchange(api_addr, &bytes, Send::Whole, false, super::run::DEADLINE).await
    else {
        return String::new();
    };
    if a.status != 200 {
        return String::new();
    }
    let text = String::from_utf8_lossy(&a.body).to_string();
    let Some(line) = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
    else {
        return String::new();
    };
    if line.starts_with("http") || line.starts_with('/') {
        return link_path(line);
    }
    // Relative to the playlist.
    let base = link.split('?').next().unwrap_or_default();
    match base.rsplit_once('/') {
        Some((dir, _)) => format!("{dir}/{line}"),
        None => String::new(),
    }
}

/// The keeper's answers the world must keep: its package, its device, its dates and today's
/// time line.
fn baseline_requests(t: &TencentTarget) -> Vec<(String, String)> {
    let keeper = json!({"ProductId": PRODUCT, "DeviceName": KEEPER});
    let today = json!({"ProductId": PRODUCT, "DeviceName": KEEPER, "Date": t.today()});
    vec![
        ("DescribeCloudStorage".into(), keeper.to_string()),
        ("DescribeDevice".into(), keeper.to_string()),
        ("DescribeCloudStorageDate".into(), keeper.to_string()),
        ("DescribeCloudStorageTime".into(), today.to_string()),
    ]
}

/// A `Response` without its `RequestId`.
fn without_id(json: &Value) -> Value {
    let mut response = json["Response"].clone();
    if let Some(members) = response.as_object_mut() {
        members.remove("RequestId");
    }
    response
}

/// Every action's name.
pub const ACTIONS: &[&str] = &[
    "CreateCloudStorage",
    "DescribeCloudStorageDate",
    "DescribeCloudStorageTime",
    "DescribeCloudStorageEvents",
    "GenerateSignedVideoURL",
    "DescribeCloudStorageThumbnail",
    "DescribeCloudStorageStreamData",
    "DescribeCloudStorage",
    "DescribeDevice",
    "DescribeCloudStorageThumbnailList",
    "DescribeCloudStorageMultiThumbnail",
    "DeleteCloudStorageEvent",
    "ResetCloudStorageEvent",
    "ResetCloudStorage",
    "TransferCloudStorage",
    "DescribeCloudStorageUsers",
    "BindCloudStorageUser",
    "InheritCloudStorageUser",
    "DescribeCloudStoragePackageConsumeDetails",
    "DescribeCloudStoragePackageConsumeStats",
    "DescribeCloudStorageOrder",
    "CreateFreeCloudStorage",
    "DescribeFreeCloudStorageNum",
    "WakeUpDevice",
];

/// The actions that change a device: their valid requests name the [`VICTIM`] (and a case
/// never sends one of them a body meant for another action).
pub const CHANGE_A_DEVICE: &[&str] = &[
    "CreateCloudStorage",
    "CreateFreeCloudStorage",
    "ResetCloudStorage",
    "TransferCloudStorage",
    "DeleteCloudStorageEvent",
    "ResetCloudStorageEvent",
    "BindCloudStorageUser",
    "InheritCloudStorageUser",
    "WakeUpDevice",
];

/// Creates (or resets) the world and walks it to the state described in the module doc.
pub async fn prepare(control: &str, api_addr: &str) -> Result<TencentTarget, String> {
    create_or_reset(control, WORLD, SCENARIO).await?;
    let a = api_addr;
    let mut t = TencentTarget {
        now: clock(control, "").await?,
        ..TencentTarget::default()
    };
    for action in ACTIONS {
        let (status, json) = api(a, t.now, action, "{}").await?;
        let code = &json["Response"]["Error"]["Code"];
        if status != 200 || code.as_str().is_some_and(|c| c.starts_with("AuthFailure")) {
            return Err(format!("{action} with no parameters: {status} {json}"));
        }
        if code == "InternalError" {
            t.unserved.push((*action).to_string());
        }
    }
    // The keeper's playback base and a stored range of today.
    let today = json!({"ProductId": PRODUCT, "DeviceName": KEEPER, "Date": t.today()});
    let time = ok(a, t.now, "DescribeCloudStorageTime", &today).await?;
    let base = time
        .as_ref()
        .map_or(String::new(), |r| text(&r["Data"]["VideoURL"]));
    let range = time
        .as_ref()
        .and_then(|r| r["Data"]["TimeList"].as_array()?.first().cloned())
        .and_then(|piece| Some((piece["StartTime"].as_i64()?, piece["EndTime"].as_i64()?)));
    let (start, end) = range.map_or((t.now - 3_600, t.now - 3_000), |(s, e)| {
        (s, e.min(s.saturating_add(1_800)))
    });
    t.video_url = if base.is_empty() {
        format!(
            "http://{a}/timeshift/live/{}/timeshift.m3u8?starttime_epoch={start}&endtime_epoch={end}",
            "0".repeat(32)
        )
    } else {
        format!("{base}?starttime_epoch={start}&endtime_epoch={end}")
    };
    t.media_key = key_of(&link_path(&base), "/timeshift/live/");
    t.events = events(a, t.now, IMAGE_PRODUCT, IMAGE_KEEPER).await?;
    t.victim_event = events(a, t.now, PRODUCT, VICTIM)
        .await?
        .first()
        .cloned()
        .unwrap_or_default();
    // Links left to expire: a playback link signed for two minutes and a thumbnail link; the
    // clock then moves past both.
    t.play_expired = signed(a, t.now, &t.video_url, t.now + 120).await?;
    let (thumbnail, expires, video, audio) = image_links(a, t.now, &t.event()).await?;
    let advance = match expires {
        Some(e) if e > t.now && e - t.now <= MAX_LINK_WAIT => e - t.now + 5,
        _ => 3_605,
    };
    if expires.is_some_and(|e| e - t.now <= MAX_LINK_WAIT) {
        t.thumbnail_expired = thumbnail;
    }
    t.stream_old = [video, audio]
        .into_iter()
        .filter(|l| !l.is_empty())
        .collect();
    t.now = clock(control, &format!(r#"{{"advance":{}}}"#, advance.max(125))).await?;
    // Valid links now, lasting past any run (the clock stays frozen).
    t.play = signed(a, t.now, &t.video_url, t.now + 30 * 86_400).await?;
    t.segment = first_segment(a, &t.play).await;
    let (thumbnail, _, video, audio) = image_links(a, t.now, &t.event()).await?;
    (t.thumbnail, t.stream_video, t.stream_audio) = (thumbnail, video, audio);
    for (action, body) in baseline_requests(&t) {
        let (_, json) = api(a, t.now, &action, &body).await?;
        t.baseline.push((action, body, without_id(&json)));
    }
    Ok(t)
}

/// The longest a thumbnail link may live for [`prepare`] to wait it out (by moving the clock).
const MAX_LINK_WAIT: i64 = 7 * 86_400;

/// After a run: the keeper answers exactly as at set-up (no case corrupted the world), and
/// those answers are successes wherever the action is served. Each problem as text.
pub async fn check_world(t: &TencentTarget, api_addr: &str) -> Vec<String> {
    let mut problems = Vec::new();
    for (action, body, before) in &t.baseline {
        let after = match api(api_addr, t.now, action, body).await {
            Ok((200, json)) => without_id(&json),
            Ok((status, json)) => {
                problems.push(format!("{action} {body}: HTTP {status} {json}"));
                continue;
            }
            Err(e) => {
                problems.push(e);
                continue;
            }
        };
        if after != *before {
            problems.push(format!(
                "{action} {body} answered {before} before the run and {after} after it"
            ));
        }
        let code = after["Error"]["Code"].as_str();
        if t.served(action) && code.is_some() {
            problems.push(format!("the keeper's {action} {body} answers {after}"));
        }
    }
    problems
}
