//! The OneNET world hostile cases run in, and the run-time credentials they need: without a
//! real key and real media tokens every call stops at errno 2 or 3, or at the media host's
//! 403, and nothing deeper is exercised. The world has a frozen clock (tokens and commands
//! never age), a product whose qos=1 commands wait only [`CMD_WAIT_MS`] (so no case waits
//! near the suite's 5 s deadline by design), devices of every reply behaviour with two or
//! more channels, an offline one, a register code, and a second product.
//!
//! [`prepare`] creates the world (or resets it) and walks it to the state the cases expect: a
//! live token and a VOD token left to expire (the clock moves an hour on), then valid live
//! tokens of two channels and of another device, one of a channel closed since, a VOD token
//! of a recording, picture tokens of two devices, an alarm id, a command's `cmd_uuid` and a
//! file in the product's object store.
//!
//! Cases keep the world usable: a valid value sent to a route that destroys something (a
//! device, a channel, a picture, a recording, an alarm, a camera switched off) names the
//! [`VICTIM`] device and its own picture, recording and alarm, never the [`KEEPER`] whose
//! links the media cases expect to open; `/devices/{id}`, which also answers DELETE, names
//! the [`SPARE`]. The run sets the world up again every
//! [`super::run::ONENET_RENEW_EVERY`] cases (created devices, uploads and media tokens add
//! up).

use super::run::{call, create_or_reset};
use super::wire::{self, Reply, Send};
use serde_json::Value;

pub const WORLD: &str = "hostile-onenet";
/// The product of every case.
pub const PRODUCT: &str = "990001";
pub const MASTER_KEY: &str = "H0stileOnenetMasterKey0000000001";
pub const REGISTER_CODE: &str = "H0stileOnenetRegisterCode01";
/// A second product of the same world, with a device of its own.
pub const OTHER_PRODUCT: &str = "990002";
pub const OTHER_MASTER_KEY: &str = "H0stileOnenetMasterKey0000000002";
pub const OTHER_DEVICE: &str = "77100001";
pub const OTHER_DEVICE_KEY: &str = "H0stileOnenetDevKey77100001";
/// The default world's master key and a device key of it (scenarios/default.yaml): another
/// world's credentials.
pub const DEFAULT_WORLD_MASTER_KEY: &str = "Zmx5bk5ZcG1hc3RlcktleURlZmF1bHQ=";
pub const DEFAULT_WORLD_DEVICE_KEY: &str = "b25lbmV0LWxvYmJ5LWRldmljZS1rZXk=";
/// How long a qos=1 command of [`PRODUCT`] waits for its device.
pub const CMD_WAIT_MS: u64 = 100;

/// The device whose links and recordings the media cases expect to open: online, channels 1
/// and 2, answers commands at once. No valid value of a destroying route names it.
pub const KEEPER: &str = "77000001";
/// The device destroying routes name: deleted, its channels removed, its camera closed.
pub const VICTIM: &str = "77000010";
/// The device of `/devices/{id}`: that path also answers DELETE, and a common case that bends
/// a request's method may send one.
pub const SPARE: &str = "77000011";

/// Every device of [`PRODUCT`]: (id, its api-key, what it is).
pub const DEVICES: &[(&str, &str, &str)] = &[
    (KEEPER, "H0stileOnenetDevKey77000001", "answers at once"),
    (
        "77000002",
        "H0stileOnenetDevKey77000002",
        "channels 1, 2, 5",
    ),
    ("77000003", "H0stileOnenetDevKey77000003", "offline"),
    (
        "77000004",
        "H0stileOnenetDevKey77000004",
        "slower than the wait",
    ),
    ("77000005", "H0stileOnenetDevKey77000005", "never answers"),
    (
        "77000006",
        "H0stileOnenetDevKey77000006",
        "garbles its replies",
    ),
    ("77000007", "H0stileOnenetDevKey77000007", "unreachable"),
    ("77000008", "H0stileOnenetDevKey77000008", "stays sending"),
    (
        "77000009",
        "H0stileOnenetDevKey77000009",
        "fixed user reply",
    ),
    (VICTIM, "H0stileOnenetDevKey77000010", "the victim"),
    (SPARE, "H0stileOnenetDevKey77000011", "the spare"),
];

/// The keeper's api-key.
pub const KEEPER_KEY: &str = "H0stileOnenetDevKey77000001";

pub const SCENARIO: &str = r#"
seed: 21
clock: {mode: frozen, at: 2026-11-22T08:00:00Z}
rateLimits: false
timeline:
  recording: continuous
  eventsPerDay: 24
  eventKinds: [motion, human, sound]
  retentionDays: 7
onenet:
  products:
    - productId: "990001"
      masterKey: "H0stileOnenetMasterKey0000000001"
      registerCodes: ["H0stileOnenetRegisterCode01"]
      cmdWaitMs: 100
      devices:
        - id: "77000001"
          title: keeper
          channels: [{id: 1, title: wide}, {id: 2, title: door}]
          keys: [{key: "H0stileOnenetDevKey77000001"}]
          reply: {latencyMs: 0}
        - id: "77000002"
          title: three-lenses
          channels: [{id: 1}, {id: 2}, {id: 5}]
          keys: [{key: "H0stileOnenetDevKey77000002"}]
          reply: {latencyMs: 30}
        - id: "77000003"
          title: offline
          online: false
          onlineUpdateTime: now-14h
          channels: [{id: 1}, {id: 2}]
          keys: [{key: "H0stileOnenetDevKey77000003"}]
        - id: "77000004"
          title: slow
          reply: {latencyMs: 3000}
          keys: [{key: "H0stileOnenetDevKey77000004"}]
        - id: "77000005"
          title: silent
          reply: {dropRate: 1.0}
          keys: [{key: "H0stileOnenetDevKey77000005"}]
        - id: "77000006"
          title: garbled
          reply: {malformedRate: 1.0, latencyMs: 0}
          keys: [{key: "H0stileOnenetDevKey77000006"}]
        - id: "77000007"
          title: unreachable
          reply: {sendFailRate: 1.0}
          keys: [{key: "H0stileOnenetDevKey77000007"}]
        - id: "77000008"
          title: sending
          reply: {sendDelayMs: 600000, latencyMs: 600000}
          keys: [{key: "H0stileOnenetDevKey77000008"}]
        - id: "77000009"
          title: user-reply
          channels: [{id: 1}, {id: 2}]
          reply: {userReply: "OK", latencyMs: 0}
          keys: [{key: "H0stileOnenetDevKey77000009"}]
        - id: "77000010"
          title: victim
          channels: [{id: 1}, {id: 2}]
          keys: [{key: "H0stileOnenetDevKey77000010"}]
          reply: {latencyMs: 0}
        - id: "77000011"
          title: spare
          keys: [{key: "H0stileOnenetDevKey77000011"}]
    - productId: "990002"
      masterKey: "H0stileOnenetMasterKey0000000002"
      devices:
        - id: "77100001"
          title: other-product
          keys: [{key: "H0stileOnenetDevKey77100001"}]
"#;

/// What the generator knows of the OneNET world, obtained at set-up.
#[derive(Debug, Clone, Default)]
pub struct OnenetTarget {
    /// Live tokens of the keeper's channels 1 and 2 (valid), of `77000002` channel 1.
    pub live: String,
    pub live2: String,
    pub other_live: String,
    /// A live token past its timeout; one of `77000002` channel 5, closed since.
    pub expired_live: String,
    pub closed_live: String,
    /// A recording of the keeper's channel 1, its VOD token, and one that expired.
    pub video: String,
    pub vod: String,
    pub expired_vod: String,
    /// A timeline picture of the keeper's channel 1 (name, format), the keeper's picture
    /// token, and `77000002`'s.
    pub picture: String,
    pub picture_format: String,
    pub picture_token: String,
    pub other_picture_token: String,
    /// An alarm of the keeper's channel 1 (marks read harm nothing).
    pub alarm: String,
    /// The victim's recording, picture and alarm (destroying routes name them).
    pub victim_video: String,
    pub victim_picture: String,
    pub victim_alarm: String,
    /// A qos=1 command of the keeper, answered.
    pub cmd_uuid: String,
}

/// A request with an `api-key` and its JSON answer.
async fn api(
    addr: &str,
    method: &str,
    path: &str,
    key: &str,
    body: &[u8],
) -> Result<(u16, Value), String> {
    let headers = [("api-key", key), ("Content-Type", "application/json")];
    let bytes = wire::request(method, addr, path, &headers, body);
    match wire::exchange(addr, &bytes, Send::Whole, false, super::run::DEADLINE).await {
        Reply::Answer(a) => Ok((
            a.status,
            serde_json::from_slice(&a.body).unwrap_or(Value::Null),
        )),
        other => Err(format!("{method} {path}: {}", other.summary())),
    }
}

/// A master-key call that must answer errno 0 (or the store's 200).
async fn ok(addr: &str, method: &str, path: &str, body: &str) -> Result<Value, String> {
    let (status, json) = api(addr, method, path, MASTER_KEY, body.as_bytes()).await?;
    let errno = json["errno"].as_i64();
    if status == 200 && matches!(errno, Some(0) | Some(200)) {
        Ok(json)
    } else {
        Err(format!("{method} {path}: {status} {json}"))
    }
}

fn text(json: &Value, pointer: &str) -> Result<String, String> {
    json.pointer(pointer)
        .and_then(Value::as_str)
        .map(str::to_string)
        .ok_or_else(|| format!("no `{pointer}` in {json}"))
}

/// The `token` query parameter of a link.
fn token_of(url: &str) -> String {
    url.split_once("token=")
        .map(|(_, t)| t.split('&').next().unwrap_or_default().to_string())
        .unwrap_or_default()
}

async fn live_token(addr: &str, device: &str, channel: u32, extra: &str) -> Result<String, String> {
    let path = format!("/ipc/video/play_address?device_id={device}&channel_id={channel}{extra}");
    text(&ok(addr, "GET", &path, "").await?, "/data/accessToken")
}

/// The first recording of a device's channel 1.
async fn video(addr: &str, device: &str) -> Result<String, String> {
    let path = format!("/ipc/video/vod/get_video_list?device_id={device}&channel_id=1&page_size=2");
    text(&ok(addr, "GET", &path, "").await?, "/data/videos/0/videoid")
}

async fn vod_token(addr: &str, device: &str, video: &str) -> Result<String, String> {
    let path =
        format!("/ipc/video/vod/get_play_token?device_id={device}&channel_id=1&video_id={video}");
    text(&ok(addr, "GET", &path, "").await?, "/data/token")
}

/// The newest picture of a device's channel 1: (name, format, its link's token).
async fn picture(addr: &str, device: &str) -> Result<(String, String, String), String> {
    let path = format!("/ipc/video/picture/get_list?device_id={device}&channel_id=1&page_size=1");
    let json = ok(addr, "GET", &path, "").await?;
    Ok((
        text(&json, "/data/0/name")?,
        text(&json, "/data/0/format")?,
        token_of(&text(&json, "/data/0/url")?),
    ))
}

async fn alarm(addr: &str, device: &str) -> Result<String, String> {
    let path = format!(
        "/ipc/video/alarm/list?product_id={PRODUCT}&device_id={device}&channel_id=1\
         &start_time=2026-11-22&end_time=2026-11-22&per_page=1"
    );
    text(&ok(addr, "GET", &path, "").await?, "/data/item/0/alarm_id")
}

/// Creates (or resets) the world and walks it to the state described in the module doc.
pub async fn prepare(control: &str, api_addr: &str) -> Result<OnenetTarget, String> {
    create_or_reset(control, WORLD, SCENARIO).await?;
    let a = api_addr;
    let mut t = OnenetTarget {
        expired_live: live_token(a, KEEPER, 1, "&timeout=1000").await?,
        video: video(a, KEEPER).await?,
        ..OnenetTarget::default()
    };
    t.expired_vod = vod_token(a, KEEPER, &t.video).await?;
    // Past the hour a VOD token lives and the second the first live token did.
    let clock = format!("/_camsim/worlds/{WORLD}/clock");
    let (status, json) = call(control, "POST", &clock, br#"{"advance":3605}"#).await?;
    if status != 200 {
        return Err(format!("advance {WORLD}: {status} {json}"));
    }
    t.live = live_token(a, KEEPER, 1, "&protocol_type=1").await?;
    t.live2 = live_token(a, KEEPER, 2, "").await?;
    t.other_live = live_token(a, "77000002", 1, "").await?;
    t.closed_live = live_token(a, "77000002", 5, "").await?;
    let close = format!(
        "/ipc/video/access_control/closecamera?product_id={PRODUCT}&device_id=77000002&id=5"
    );
    ok(a, "PUT", &close, r#"{"type":1}"#).await?;
    t.video = video(a, KEEPER).await?;
    t.vod = vod_token(a, KEEPER, &t.video).await?;
    (t.picture, t.picture_format, t.picture_token) = picture(a, KEEPER).await?;
    t.other_picture_token = picture(a, "77000002").await?.2;
    t.alarm = alarm(a, KEEPER).await?;
    t.victim_video = video(a, VICTIM).await?;
    t.victim_picture = picture(a, VICTIM).await?.0;
    t.victim_alarm = alarm(a, VICTIM).await?;
    let cmds = format!("/ipc/video/cmds?device_id={KEEPER}&qos=1");
    let sent = ok(a, "POST", &cmds, r#"{"cmdId":20,"channel_id":1}"#).await?;
    t.cmd_uuid = text(&sent, "/data/cmd_uuid")?;
    let upload = format!("/ipc/video/file/upload?product_id={PRODUCT}&name={FILE}");
    ok(a, "PUT", &upload, "hostile file").await?;
    Ok(t)
}

/// The file [`prepare`] keeps in the product's object store.
pub const FILE: &str = "hostile.bin";
