//! OneNET's media over real HTTP (seed 003 sections 4, 5, 16 and 18): live play addresses and
//! the streams a client assembles from them, HLS preload, live covers, push addresses; device
//! pictures (timeline pictures and uploads) and their links; the product's object store with
//! its codes as HTTP statuses; storage used by the product and per device. Every documented
//! limit is tested at its boundary. The world clock is moved with the control API.

use crate::assert_wire;
use crate::support::onenet_client::*;
use crate::support::*;
use crate::wire::{parse_raw, raw_exchange};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const WORLD: &str = "onenet-test";
/// The Host the snapshot requests name, so addresses in answers are the same on every run.
const HOST: &str = "video.camsim.test:8080";
const MIB: usize = 1024 * 1024;

/// The answer as a snapshot records it.
fn wire(answer: &Answer) -> Wire {
    Wire {
        status: answer.status.as_u16(),
        content_type: answer.header("content-type").unwrap_or("").to_string(),
        body: if answer.json.is_null() {
            Value::String(format!("{} bytes", answer.bytes.len()))
        } else {
            answer.json.clone()
        },
    }
}

/// Reads a whole answer as a client sees it; of a live FLV stream (which never ends), its first
/// chunk.
async fn read(mut response: reqwest::Response) -> Answer {
    let status = response.status();
    let headers = response.headers().clone();
    let live = headers
        .get("content-type")
        .is_some_and(|t| t.as_bytes() == b"video/x-flv");
    let bytes = if live {
        let chunk = response.chunk().await.expect("a readable stream");
        chunk.map(|c| c.to_vec()).unwrap_or_default()
    } else {
        response.bytes().await.expect("body").to_vec()
    };
    let json = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    Answer {
        status,
        headers,
        bytes,
        json,
    }
}

/// `method path` with `key`, naming `HOST` as the host (answers then name it in addresses).
async fn hosted(sim: &TestSim, key: &str, method: Method, path: &str, body: Vec<u8>) -> Answer {
    let response = sim
        .http
        .request(method, format!("{}{path}", sim.urls.onenet))
        .header("Host", HOST)
        .header("api-key", key)
        .body(body)
        .send()
        .await
        .expect("onenet request");
    read(response).await
}

/// GET of a link camsim handed out (no key).
async fn fetch(sim: &TestSim, url: &str) -> Answer {
    read(sim.http.get(url).send().await.expect("media request")).await
}

/// A link handed out for `HOST`, as the client at the real address calls it.
fn at_sim(sim: &TestSim, url: &str) -> String {
    url.replace(&format!("http://{HOST}"), &sim.urls.onenet)
}

async fn advance(sim: &TestSim, secs: i64) {
    let (status, body) = sim
        .post(&format!("worlds/{WORLD}/clock"), json!({ "advance": secs }))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

async fn set_online(sim: &TestSim, device: &str, online: bool) {
    let (status, body) = sim
        .call(
            Method::PATCH,
            &format!("worlds/{WORLD}/devices/onenet/{device}"),
            json!({ "online": online }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

fn succeeded(answer: &Answer) {
    assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.json);
    assert_eq!(answer.errno(), 0, "{:?}", answer.json);
}

// ---------------------------------------------------------------------------------------------
// 4.1 play_address and the streams a client assembles

async fn play_address(sim: &TestSim, query: &str) -> Answer {
    sim.onenet_client()
        .get(&format!("/ipc/video/play_address?{query}"))
        .await
}

#[tokio::test]
async fn play_address_answers_addr_token_type_and_coveraddr_when_the_channel_can_play() {
    let sim = TestSim::onenet().await;

    let rtmp = hosted(
        &sim,
        ONENET_MASTER_KEY,
        Method::GET,
        &format!("/ipc/video/play_address?device_id={ONENET_DEVICE}&channel_id=1&protocol_type=0"),
        Vec::new(),
    )
    .await;

    succeeded(&rtmp);
    assert_eq!(rtmp.json["data"]["addr"], "video.camsim.test:1935");
    assert_eq!(rtmp.json["data"]["coveraddr"], HOST);
    assert_eq!(
        rtmp.json["data"]["accessToken"].as_str().map(str::len),
        Some(32)
    );
    assert_wire!("onenet", "live_play_address_rtmp", &wire(&rtmp));
    let mut types = Vec::new();
    for protocol in 1..=4 {
        let answer = hosted(
            &sim,
            ONENET_MASTER_KEY,
            Method::GET,
            &format!(
                "/ipc/video/play_address?device_id={ONENET_DEVICE}&channel_id=2&protocol_type={protocol}"
            ),
            Vec::new(),
        )
        .await;
        succeeded(&answer);
        assert_eq!(answer.json["data"]["addr"], HOST, "{protocol}");
        types.push(
            answer.json["data"]["type"]
                .as_str()
                .unwrap_or("")
                .to_string(),
        );
    }
    assert_eq!(types, ["hls", "https-hls", "flv", "https-flv"]);
    sim.shutdown().await;
}

#[tokio::test]
async fn play_address_answers_type_rtmpe_when_the_products_encryption_is_on() {
    let world = ONENET_WORLD.replace(
        "      cmdWaitMs: 1500\n",
        "      cmdWaitMs: 1500\n      encrypted: true\n      storageBytes: 2000000000000\n",
    );
    assert_ne!(world, ONENET_WORLD, "the fixture still has the line");
    let sim = TestSim::spawn(&world).await;

    let rtmp = play_address(&sim, &format!("device_id={ONENET_DEVICE}&channel_id=1")).await;
    let flv = play_address(
        &sim,
        &format!("device_id={ONENET_DEVICE}&channel_id=1&protocol_type=3"),
    )
    .await;
    let total = capacity(&sim).await;

    succeeded(&rtmp);
    assert_eq!(rtmp.json["data"]["type"], "rtmpe", "{:?}", rtmp.json);
    assert_eq!(flv.json["data"]["type"], "flv", "{:?}", flv.json);
    assert_eq!(
        total.json["total"], 2_000_000_000_000_u64,
        "{:?}",
        total.json
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn play_address_answers_play_1_when_a_parameter_is_missing_or_out_of_range() {
    let sim = TestSim::onenet().await;
    let d = ONENET_DEVICE;

    let missing = play_address(&sim, "channel_id=1&protocol_type=1").await;
    let cases = [
        format!("device_id={d}&protocol_type=1"),
        format!("device_id={d}&channel_id=x"),
        format!("device_id={d}&channel_id=0"),
        format!("device_id={d}&channel_id=1&protocol_type=5"),
        format!("device_id={d}&channel_id=1&protocol_type=-1"),
        format!("device_id={d}&channel_id=1&timeout=0"),
        format!("device_id={d}&channel_id=1&timeout=-2"),
        format!("device_id={d}&channel_id=1&timeout=2592000001"),
    ];

    assert_eq!(missing.status, StatusCode::OK);
    assert_eq!(missing.errno(), 1, "{:?}", missing.json);
    assert_wire!("onenet", "live_play_address_param_error", &wire(&missing));
    for query in &cases {
        let answer = play_address(&sim, query).await;
        assert_eq!(answer.errno(), 1, "{query}: {:?}", answer.json);
        assert!(
            answer.json["error"]
                .as_str()
                .is_some_and(|e| e.starts_with("param error: ")),
            "{query}: {:?}",
            answer.json
        );
    }
    for ok in ["timeout=2592000000", "timeout=-1", "timeout=1"] {
        let answer = play_address(&sim, &format!("device_id={d}&channel_id=1&{ok}")).await;
        succeeded(&answer);
    }
    sim.shutdown().await;
}

#[tokio::test]
async fn play_address_answers_play_3_when_the_device_has_no_such_channel() {
    let sim = TestSim::onenet().await;

    let answer = play_address(&sim, &format!("device_id={ONENET_DEVICE}&channel_id=3")).await;

    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.errno(), 3, "{:?}", answer.json);
    assert_wire!("onenet", "live_play_address_no_channel", &wire(&answer));
    sim.shutdown().await;
}

#[tokio::test]
async fn play_address_answers_play_4_when_the_device_is_offline() {
    let sim = TestSim::onenet().await;

    let answer = play_address(
        &sim,
        &format!("device_id={ONENET_OFFLINE_DEVICE}&channel_id=1&protocol_type=1"),
    )
    .await;

    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.errno(), 4, "{:?}", answer.json);
    assert_wire!("onenet", "live_play_address_offline", &wire(&answer));
    sim.shutdown().await;
}

#[tokio::test]
async fn play_address_answers_errno_3_when_a_device_key_asks_for_another_device() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client().with_key(Some(ONENET_DEVICE_KEY));

    let own = client
        .get(&format!(
            "/ipc/video/play_address?device_id={ONENET_DEVICE}&channel_id=1"
        ))
        .await;
    let other = client
        .get(&format!(
            "/ipc/video/play_address?device_id={ONENET_SLOW_DEVICE}&channel_id=1"
        ))
        .await;
    let unknown = play_address(&sim, "device_id=99999999&channel_id=1").await;

    succeeded(&own);
    assert_eq!(other.errno(), 3, "{:?}", other.json);
    assert_eq!(unknown.errno(), 8, "{:?}", unknown.json);
    sim.shutdown().await;
}

/// The live URL a client builds from `play_address`'s answer by section 4.1's rules.
async fn assembled(
    sim: &TestSim,
    device: &str,
    channel: u32,
    protocol: u32,
    extra: &str,
) -> String {
    let answer = play_address(
        sim,
        &format!("device_id={device}&channel_id={channel}&protocol_type={protocol}{extra}"),
    )
    .await;
    succeeded(&answer);
    let data = &answer.json["data"];
    let (addr, token) = (
        data["addr"].as_str().expect("addr"),
        data["accessToken"].as_str().expect("accessToken"),
    );
    match protocol {
        1 => format!("http://{addr}/live/live_{device}_{channel}/index.m3u8?{token}"),
        3 => format!("http://{addr}/live/{device}-{channel}.flv?{token}"),
        other => panic!("protocol {other} is not served over http"),
    }
}

#[tokio::test]
async fn live_stream_answers_the_playlist_and_the_flv_when_the_client_assembles_play_address() {
    let sim = TestSim::onenet().await;

    let hls = fetch(&sim, &assembled(&sim, ONENET_DEVICE, 2, 1, "").await).await;
    let flv = fetch(&sim, &assembled(&sim, ONENET_DEVICE, 1, 3, "").await).await;

    assert_eq!(hls.status, StatusCode::OK);
    assert_eq!(
        hls.header("content-type"),
        Some("application/vnd.apple.mpegurl")
    );
    assert_eq!(
        hls.header("content-length"),
        Some(hls.bytes.len().to_string().as_str())
    );
    assert!(
        hls.bytes.starts_with(b"#EXTM3U\n"),
        "{:?}",
        String::from_utf8_lossy(&hls.bytes)
    );
    assert_eq!(flv.status, StatusCode::OK);
    assert_eq!(flv.header("content-type"), Some("video/x-flv"));
    assert_eq!(
        flv.header("content-length"),
        None,
        "a live stream has no end"
    );
    assert!(flv.bytes.starts_with(b"FLV\x01"));
    sim.shutdown().await;
}

#[tokio::test]
async fn live_stream_answers_403_when_the_token_is_wrong_or_opens_another_device_or_channel() {
    let sim = TestSim::onenet().await;
    let slow = assembled(&sim, ONENET_SLOW_DEVICE, 1, 1, "").await;
    let other_token = slow.rsplit_once('?').expect("a token").1;
    let channel_2 = assembled(&sim, ONENET_DEVICE, 2, 3, "").await;
    let channel_2_token = channel_2.rsplit_once('?').expect("a token").1;
    let base = &sim.urls.onenet;

    let unknown = fetch(
        &sim,
        &format!("{base}/live/live_{ONENET_DEVICE}_1/index.m3u8?0123456789abcdef0123456789abcdef"),
    )
    .await;
    let other_device = fetch(
        &sim,
        &format!("{base}/live/live_{ONENET_DEVICE}_1/index.m3u8?{other_token}"),
    )
    .await;
    let other_channel = fetch(
        &sim,
        &format!("{base}/live/{ONENET_DEVICE}-1.flv?{channel_2_token}"),
    )
    .await;

    for answer in [&unknown, &other_device, &other_channel] {
        assert_eq!(answer.status, StatusCode::FORBIDDEN, "{:?}", answer.json);
        assert_eq!(answer.errno(), 403, "{:?}", answer.json);
    }
    assert_wire!("onenet", "live_stream_unknown_token", &wire(&unknown));
    assert_wire!("onenet", "live_stream_other_device", &wire(&other_device));
    sim.shutdown().await;
}

#[tokio::test]
async fn live_stream_answers_403_when_the_token_expired_on_the_world_clock() {
    let sim = TestSim::onenet().await;
    let short = assembled(&sim, ONENET_DEVICE, 1, 1, "&timeout=60000").await;
    let default = assembled(&sim, ONENET_DEVICE, 1, 3, "").await;
    let never = assembled(&sim, ONENET_DEVICE, 1, 3, "&timeout=-1").await;

    advance(&sim, 59).await;
    let before = fetch(&sim, &short).await;
    advance(&sim, 1).await;
    let at_expiry = fetch(&sim, &short).await;
    advance(&sim, 3540 - 1).await;
    let default_before = fetch(&sim, &default).await;
    advance(&sim, 1).await;
    let default_after = fetch(&sim, &default).await;
    advance(&sim, 86_400 * 30).await;
    let never_after = fetch(&sim, &never).await;

    assert_eq!(before.status, StatusCode::OK);
    assert_eq!(
        at_expiry.status,
        StatusCode::FORBIDDEN,
        "{:?}",
        at_expiry.json
    );
    assert_wire!("onenet", "live_stream_expired", &wire(&at_expiry));
    assert_eq!(default_before.status, StatusCode::OK, "an hour by default");
    assert_eq!(default_after.status, StatusCode::FORBIDDEN);
    assert_eq!(
        never_after.status,
        StatusCode::OK,
        "timeout -1 never expires"
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn live_stream_answers_404_and_play_address_play_4_when_the_device_goes_offline() {
    let sim = TestSim::onenet().await;
    let hls = assembled(&sim, ONENET_DEVICE, 1, 1, "").await;

    set_online(&sim, ONENET_DEVICE, false).await;
    let stream = fetch(&sim, &hls).await;
    let address = play_address(&sim, &format!("device_id={ONENET_DEVICE}&channel_id=1")).await;
    set_online(&sim, ONENET_DEVICE, true).await;
    let back = fetch(&sim, &hls).await;

    assert_eq!(stream.status, StatusCode::NOT_FOUND, "{:?}", stream.json);
    assert_wire!("onenet", "live_stream_offline", &wire(&stream));
    assert_eq!(address.errno(), 4, "{:?}", address.json);
    assert_eq!(
        back.status,
        StatusCode::OK,
        "the token still opens it once online"
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn live_stream_answers_404_when_the_path_is_not_an_assembled_form() {
    let sim = TestSim::onenet().await;
    let hls = assembled(&sim, ONENET_DEVICE, 1, 1, "").await;
    let token = hls.rsplit_once('?').expect("a token").1;
    let base = &sim.urls.onenet;

    for path in [
        format!("/live/{ONENET_DEVICE}-1"),
        format!("/live/live_{ONENET_DEVICE}_1/segment0.ts"),
        format!("/live/live_{ONENET_DEVICE}_1.flv"),
        format!("/live/{ONENET_DEVICE}_1/index.m3u8"),
    ] {
        let answer = fetch(&sim, &format!("{base}{path}?{token}")).await;
        assert_eq!(
            answer.status,
            StatusCode::NOT_FOUND,
            "{path}: {:?}",
            answer.json
        );
    }
    let named = fetch(
        &sim,
        &format!("{base}/live/live_{ONENET_DEVICE}_1/index.m3u8?token={token}"),
    )
    .await;
    assert_eq!(
        named.status,
        StatusCode::OK,
        "the token also works as ?token="
    );
    sim.shutdown().await;
}

// ---------------------------------------------------------------------------------------------
// 4.3 live cover, 4.2 HLS preload, 4.4 push address

#[tokio::test]
async fn live_preview_answers_a_fresh_jpeg_when_the_token_is_the_channels() {
    let sim = TestSim::onenet().await;
    let answer = play_address(
        &sim,
        &format!("device_id={ONENET_DEVICE}&channel_id=1&protocol_type=1"),
    )
    .await;
    let data = &answer.json["data"];
    let (cover, token) = (
        data["coveraddr"].as_str().expect("coveraddr"),
        data["accessToken"].as_str().expect("accessToken"),
    );

    let dash = fetch(
        &sim,
        &format!("http://{cover}/live_preview/{ONENET_DEVICE}-1?token={token}"),
    )
    .await;
    let underscore = fetch(
        &sim,
        &format!("http://{cover}/live_preview/{ONENET_DEVICE}_1?token={token}"),
    )
    .await;
    let wrong = fetch(
        &sim,
        &format!("http://{cover}/live_preview/{ONENET_DEVICE}_2?token={token}"),
    )
    .await;
    let none = fetch(
        &sim,
        &format!("http://{cover}/live_preview/{ONENET_DEVICE}_1"),
    )
    .await;

    for jpeg in [&dash, &underscore] {
        assert_eq!(jpeg.status, StatusCode::OK);
        assert_eq!(jpeg.header("content-type"), Some("image/jpeg"));
        assert_eq!(jpeg.header("cache-control"), Some("no-cache"));
        assert_eq!(
            jpeg.header("content-length"),
            Some(jpeg.bytes.len().to_string().as_str())
        );
        assert_eq!(&jpeg.bytes[..2], &[0xFF, 0xD8]);
    }
    assert_eq!(dash.bytes, underscore.bytes);
    assert_eq!(wrong.status, StatusCode::FORBIDDEN);
    assert_wire!("onenet", "live_preview_other_channel", &wire(&wrong));
    assert_eq!(none.status, StatusCode::FORBIDDEN);
    sim.shutdown().await;
}

async fn preload(sim: &TestSim, key: Option<&str>, channel: u32, query: &str) -> Answer {
    sim.onenet_client()
        .with_key(key)
        .get(&format!(
            "/live/live_{ONENET_DEVICE}_{channel}/preload?{query}"
        ))
        .await
}

#[tokio::test]
async fn hls_preload_answers_succ_when_idle_time_is_120_and_errno_6_when_121() {
    let sim = TestSim::onenet().await;
    let hls = assembled(&sim, ONENET_DEVICE, 1, 1, "").await;
    let token = hls.rsplit_once('?').expect("a token").1.to_string();
    let key = Some(ONENET_MASTER_KEY);

    let at_limit = preload(&sim, key, 1, &format!("token={token}&idle_time=120")).await;
    let over = preload(&sim, key, 1, &format!("token={token}&idle_time=121")).await;
    let zero = preload(&sim, key, 1, &format!("token={token}&idle_time=0")).await;
    let default = preload(&sim, key, 1, &format!("token={token}")).await;
    let device_key = preload(
        &sim,
        Some(ONENET_DEVICE_KEY),
        1,
        &format!("token={token}&idle_time=1"),
    )
    .await;

    succeeded(&at_limit);
    assert_wire!("onenet", "live_preload_succ", &wire(&at_limit));
    assert_eq!(over.errno(), 6, "{:?}", over.json);
    assert_wire!("onenet", "live_preload_idle_time_over", &wire(&over));
    assert_eq!(zero.errno(), 6, "{:?}", zero.json);
    succeeded(&default);
    succeeded(&device_key);
    sim.shutdown().await;
}

#[tokio::test]
async fn hls_preload_answers_errno_3_when_the_token_does_not_open_the_channel() {
    let sim = TestSim::onenet().await;
    let hls = assembled(&sim, ONENET_DEVICE, 1, 1, "&timeout=1000").await;
    let token = hls.rsplit_once('?').expect("a token").1.to_string();
    let key = Some(ONENET_MASTER_KEY);

    let other_channel = preload(&sim, key, 2, &format!("token={token}")).await;
    let unknown = preload(&sim, key, 1, "token=nope").await;
    let missing = preload(&sim, key, 1, "idle_time=10").await;
    let no_key = preload(&sim, None, 1, &format!("token={token}")).await;
    advance(&sim, 1).await;
    let expired = preload(&sim, key, 1, &format!("token={token}")).await;

    assert_eq!(other_channel.errno(), 3, "{:?}", other_channel.json);
    assert_wire!("onenet", "live_preload_token", &wire(&other_channel));
    assert_eq!(unknown.errno(), 3);
    assert_eq!(missing.errno(), 7, "{:?}", missing.json);
    assert_eq!(no_key.errno(), 2, "{:?}", no_key.json);
    assert_eq!(expired.errno(), 3, "{:?}", expired.json);
    sim.shutdown().await;
}

#[tokio::test]
async fn push_address_answers_the_same_rtmp_url_when_asked_again_later_or_for_another_isp() {
    let sim = TestSim::onenet().await;
    let path = |isp: &str| {
        format!("/ipc/video/get_push_address?device_id={ONENET_DEVICE}&channel=2&isp={isp}")
    };

    let first = hosted(
        &sim,
        ONENET_MASTER_KEY,
        Method::GET,
        &path("cm"),
        Vec::new(),
    )
    .await;
    advance(&sim, 86_400 * 400).await;
    let later = hosted(
        &sim,
        ONENET_MASTER_KEY,
        Method::GET,
        &path("other"),
        Vec::new(),
    )
    .await;
    let wrong_isp = sim.onenet_client().get(&path("cmcc")).await;
    let no_channel = sim
        .onenet_client()
        .get(&format!(
            "/ipc/video/get_push_address?device_id={ONENET_DEVICE}&channel=9&isp=ct"
        ))
        .await;

    succeeded(&first);
    let url = first.json["data"]["url"].as_str().expect("url");
    assert!(
        url.starts_with(&format!(
            "rtmp://video.camsim.test:1935/live/{ONENET_DEVICE}-2?"
        )),
        "{url}"
    );
    assert_wire!("onenet", "live_push_address", &wire(&first));
    assert_eq!(later.json, first.json, "no time limit");
    assert_eq!(wrong_isp.errno(), 6, "{:?}", wrong_isp.json);
    assert_wire!("onenet", "live_push_address_isp", &wire(&wrong_isp));
    assert_eq!(no_channel.errno(), 17, "{:?}", no_channel.json);
    sim.shutdown().await;
}

// ---------------------------------------------------------------------------------------------
// 5 pictures

async fn upload_picture(sim: &TestSim, query: &str, body: Vec<u8>) -> Answer {
    sim.onenet_client()
        .raw(
            Method::PUT,
            &format!("/ipc/video/picture/upload?{query}"),
            body,
        )
        .await
}

const PNG: &[u8] = b"\x89PNG\r\n\x1a\nnot really a picture";

#[tokio::test]
async fn picture_link_answers_the_uploaded_bytes_when_the_picture_was_uploaded_and_404_once_deleted()
 {
    let sim = TestSim::onenet().await;
    let d = ONENET_DEVICE;

    let uploaded = upload_picture(
        &sim,
        &format!("device_id={d}&channel_id=2&format=png&name=door-1&desc=front%20door"),
        PNG.to_vec(),
    )
    .await;
    let listed = sim
        .onenet_client()
        .get(&format!(
            "/ipc/video/picture/get_list?device_id={d}&channel_id=2"
        ))
        .await;
    let info = hosted(
        &sim,
        ONENET_MASTER_KEY,
        Method::GET,
        &format!("/ipc/video/picture/get_info?device_id={d}&channel_id=2&name=door-1"),
        Vec::new(),
    )
    .await;
    let link = at_sim(&sim, info.json["data"]["url"].as_str().expect("url"));
    let bytes = fetch(&sim, &link).await;
    let deleted = sim
        .onenet_client()
        .delete(&format!(
            "/ipc/video/picture/delete_pictrue?device_id={d}&channel_id=2&name=door-1"
        ))
        .await;
    let after = fetch(&sim, &link).await;
    let info_after = sim
        .onenet_client()
        .get(&format!(
            "/ipc/video/picture/get_info?device_id={d}&channel_id=2&name=door-1"
        ))
        .await;

    succeeded(&uploaded);
    assert_wire!("onenet", "picture_upload_succ", &wire(&uploaded));
    succeeded(&listed);
    assert_eq!(
        listed.json["page_info"]["total_num"], 1,
        "{:?}",
        listed.json
    );
    assert_eq!(listed.json["data"][0]["name"], "door-1");
    succeeded(&info);
    assert_wire!("onenet", "picture_info_upload", &wire(&info));
    assert_eq!(bytes.status, StatusCode::OK);
    assert_eq!(bytes.header("content-type"), Some("image/png"));
    assert_eq!(bytes.bytes, PNG);
    succeeded(&deleted);
    assert_wire!("onenet", "picture_delete_succ", &wire(&deleted));
    assert_eq!(after.status, StatusCode::NOT_FOUND);
    assert_wire!("onenet", "picture_fetch_not_found", &wire(&after));
    assert_eq!(info_after.errno(), 8, "{:?}", info_after.json);
    assert_wire!("onenet", "picture_info_not_found", &wire(&info_after));
    sim.shutdown().await;
}

#[tokio::test]
async fn picture_upload_answers_errno_12_when_the_device_has_the_name_already() {
    let sim = TestSim::onenet().await;
    let query = format!("device_id={ONENET_DEVICE}&channel_id=1&format=jpg&name=same");

    let first = upload_picture(&sim, &query, vec![0xFF, 0xD8, 0xFF, 0xD9]).await;
    let again = upload_picture(&sim, &query, vec![0xFF, 0xD8, 0xFF, 0xD9]).await;
    let other_channel = upload_picture(
        &sim,
        &format!("device_id={ONENET_DEVICE}&channel_id=2&format=jpg&name=same"),
        vec![1],
    )
    .await;
    let other_device = upload_picture(
        &sim,
        &format!("device_id={ONENET_SLOW_DEVICE}&channel_id=1&format=jpg&name=same"),
        vec![1],
    )
    .await;

    succeeded(&first);
    assert_eq!(again.errno(), 12, "{:?}", again.json);
    assert_wire!("onenet", "picture_upload_exists", &wire(&again));
    assert_eq!(other_channel.errno(), 12, "names are unique per device");
    succeeded(&other_device);
    sim.shutdown().await;
}

#[tokio::test]
async fn picture_upload_answers_errno_6_when_a_parameter_is_wrong() {
    let sim = TestSim::onenet().await;
    let d = ONENET_DEVICE;
    let long_name = "n".repeat(256);
    let longer_name = "n".repeat(257);
    let long_desc = "描".repeat(1024);
    let longer_desc = "描".repeat(1025);

    let gif = upload_picture(
        &sim,
        &format!("device_id={d}&channel_id=1&format=gif&name=a"),
        vec![1],
    )
    .await;
    let name_256 = upload_picture(
        &sim,
        &format!("device_id={d}&channel_id=1&format=jpg&name={long_name}"),
        vec![1],
    )
    .await;
    let name_257 = upload_picture(
        &sim,
        &format!("device_id={d}&channel_id=1&format=jpg&name={longer_name}"),
        vec![1],
    )
    .await;
    let desc_1024 = upload_picture(
        &sim,
        &format!("device_id={d}&channel_id=1&format=jpg&name=d1&desc={long_desc}"),
        vec![1],
    )
    .await;
    let desc_1025 = upload_picture(
        &sim,
        &format!("device_id={d}&channel_id=1&format=jpg&name=d2&desc={longer_desc}"),
        vec![1],
    )
    .await;
    let empty = upload_picture(
        &sim,
        &format!("device_id={d}&channel_id=1&format=jpg&name=e"),
        Vec::new(),
    )
    .await;
    let no_channel = upload_picture(
        &sim,
        &format!("device_id={d}&channel_id=5&format=jpg&name=c"),
        vec![1],
    )
    .await;
    let no_name = upload_picture(
        &sim,
        &format!("device_id={d}&channel_id=1&format=jpg"),
        vec![1],
    )
    .await;

    assert_eq!(gif.errno(), 6, "{:?}", gif.json);
    assert_wire!("onenet", "picture_upload_format", &wire(&gif));
    succeeded(&name_256);
    assert_eq!(name_257.errno(), 6, "{:?}", name_257.json);
    succeeded(&desc_1024);
    assert_eq!(desc_1025.errno(), 6, "{:?}", desc_1025.json);
    assert_eq!(empty.errno(), 9, "{:?}", empty.json);
    assert_eq!(no_channel.errno(), 17, "{:?}", no_channel.json);
    assert_eq!(no_name.errno(), 7, "{:?}", no_name.json);
    sim.shutdown().await;
}

/// A PUT announcing `length` bytes of which only 1 KiB comes: the answer cannot wait for the rest.
async fn announced_put(sim: &TestSim, path: &str, length: usize) -> (u16, Value) {
    let head = format!(
        "PUT {path} HTTP/1.1\r\nHost: camsim.test\r\napi-key: {ONENET_MASTER_KEY}\r\nContent-Type: application/octet-stream\r\nContent-Length: {length}\r\n\r\n"
    );
    let answer = raw_exchange(&sim.urls.onenet, head, vec![vec![0u8; 1024]])
        .await
        .expect("an answer before the body is through");
    parse_raw(&answer)
}

#[tokio::test]
async fn picture_upload_takes_8_mib_and_answers_errno_5_at_once_when_8_mib_and_1_are_announced() {
    let sim = TestSim::onenet().await;
    let d = ONENET_DEVICE;

    let at_limit = upload_picture(
        &sim,
        &format!("device_id={d}&channel_id=1&format=jpg&name=big"),
        vec![0xAB; 8 * MIB],
    )
    .await;
    let (status, over) = announced_put(
        &sim,
        &format!("/ipc/video/picture/upload?device_id={d}&channel_id=1&format=jpg&name=bigger"),
        8 * MIB + 1,
    )
    .await;

    succeeded(&at_limit);
    assert_eq!((status, over["errno"].as_i64()), (200, Some(5)), "{over}");
    assert_wire!(
        "onenet",
        "picture_upload_too_large",
        &Wire {
            status,
            content_type: "application/json".into(),
            body: over
        }
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn picture_list_answers_timeline_pictures_newest_first_when_paged_and_filtered() {
    let sim = TestSim::onenet().await;
    let d = ONENET_DEVICE;
    let all = sim
        .onenet_client()
        .get(&format!(
            "/ipc/video/picture/get_list?device_id={d}&page_size=100"
        ))
        .await;

    let page = hosted(
        &sim,
        ONENET_MASTER_KEY,
        Method::GET,
        &format!("/ipc/video/picture/get_list?device_id={d}&channel_id=1&page_start=2&page_size=2"),
        Vec::new(),
    )
    .await;
    let channel_2 = sim
        .onenet_client()
        .get(&format!(
            "/ipc/video/picture/get_list?device_id={d}&channel_id=2"
        ))
        .await;
    let dates: Vec<i64> = all.json["data"]
        .as_array()
        .expect("data")
        .iter()
        .map(|p| p["date"].as_i64().expect("date"))
        .collect();
    let (newest, third) = (dates[0], dates[2]);
    let span = sim
        .onenet_client()
        .get(&format!(
            "/ipc/video/picture/get_list?device_id={d}&start_time={third}&end_time={newest}"
        ))
        .await;

    succeeded(&all);
    let total = all.json["page_info"]["total_num"]
        .as_u64()
        .expect("total_num");
    assert!(total > 100, "a week of 24 events a day: {total}");
    assert_eq!(all.json["page_info"]["page_total"], total.div_ceil(100));
    assert!(
        dates.windows(2).all(|w| w[0] >= w[1]),
        "newest first: {dates:?}"
    );
    assert!(dates[0] <= FROZEN_AT);
    succeeded(&page);
    assert_eq!(page.json["data"][0]["name"], all.json["data"][2]["name"]);
    assert_wire!("onenet", "picture_list_page", &wire(&page));
    assert_eq!(
        channel_2.json["page_info"]["total_num"], 0,
        "timeline pictures are channel 1's"
    );
    assert_eq!(
        span.json["page_info"]["total_num"], 3,
        "both ends count: {:?}",
        span.json
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn picture_list_answers_errno_6_when_page_size_is_over_100_or_the_span_reversed() {
    let sim = TestSim::onenet().await;
    let d = ONENET_DEVICE;
    let client = sim.onenet_client();

    let at_limit = client
        .get(&format!(
            "/ipc/video/picture/get_list?device_id={d}&page_size=100"
        ))
        .await;
    let over = client
        .get(&format!(
            "/ipc/video/picture/get_list?device_id={d}&page_size=101"
        ))
        .await;
    let reversed = client
        .get(&format!(
            "/ipc/video/picture/get_list?device_id={d}&start_time=20&end_time=10"
        ))
        .await;

    succeeded(&at_limit);
    assert_eq!(over.errno(), 6, "{:?}", over.json);
    assert_wire!("onenet", "picture_list_page_size", &wire(&over));
    assert_eq!(reversed.errno(), 6, "{:?}", reversed.json);
    sim.shutdown().await;
}

#[tokio::test]
async fn picture_fetch_answers_the_cards_jpeg_when_a_timeline_picture_is_listed_and_404_once_deleted()
 {
    let sim = TestSim::onenet().await;
    let d = ONENET_DEVICE;
    let listed = sim
        .onenet_client()
        .get(&format!(
            "/ipc/video/picture/get_list?device_id={d}&page_size=1"
        ))
        .await;
    let newest = listed.json["data"][0].clone();
    let name = newest["name"].as_str().expect("name").to_string();

    let jpeg = fetch(&sim, newest["url"].as_str().expect("url")).await;
    let info = hosted(
        &sim,
        ONENET_MASTER_KEY,
        Method::GET,
        &format!("/ipc/video/picture/get_info?device_id={d}&channel_id=1&name={name}"),
        Vec::new(),
    )
    .await;
    let deleted = sim
        .onenet_client()
        .delete(&format!(
            "/ipc/video/picture/delete_pictrue?device_id={d}&channel_id=1&name={name}"
        ))
        .await;
    let gone = fetch(&sim, newest["url"].as_str().expect("url")).await;
    let relisted = sim
        .onenet_client()
        .get(&format!(
            "/ipc/video/picture/get_list?device_id={d}&page_size=1"
        ))
        .await;

    assert_eq!(jpeg.status, StatusCode::OK);
    assert_eq!(jpeg.header("content-type"), Some("image/jpeg"));
    // Listed with the estimate of a 1280x720 card (onenet_media_play checks it against the bytes).
    assert_eq!(newest["size"].as_u64(), Some(1280 * 720 / 50 + 27 * 1280));
    assert_eq!(&jpeg.bytes[..2], &[0xFF, 0xD8]);
    succeeded(&info);
    assert_wire!("onenet", "picture_info_timeline", &wire(&info));
    succeeded(&deleted);
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
    assert_ne!(relisted.json["data"][0]["name"], name.as_str());
    assert_eq!(
        relisted.json["page_info"]["total_num"].as_u64(),
        listed.json["page_info"]["total_num"]
            .as_u64()
            .map(|n| n - 1)
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn picture_fetch_answers_403_when_the_token_is_another_devices() {
    let sim = TestSim::onenet().await;
    let listed = sim
        .onenet_client()
        .get(&format!(
            "/ipc/video/picture/get_list?device_id={ONENET_DEVICE}&page_size=1"
        ))
        .await;
    let other = sim
        .onenet_client()
        .get(&format!(
            "/ipc/video/picture/get_list?device_id={ONENET_SLOW_DEVICE}&page_size=1"
        ))
        .await;
    let url = listed.json["data"][0]["url"].as_str().expect("url");
    let other_token = other.json["data"][0]["url"]
        .as_str()
        .and_then(|u| u.rsplit_once("token="))
        .expect("a token")
        .1;
    let (link, _) = url.rsplit_once("token=").expect("a token");

    let answer = fetch(&sim, &format!("{link}token={other_token}")).await;
    let unknown = fetch(&sim, &format!("{link}token=0000")).await;

    assert_eq!(answer.status, StatusCode::FORBIDDEN, "{:?}", answer.json);
    assert_wire!("onenet", "picture_fetch_other_device", &wire(&answer));
    assert_eq!(unknown.status, StatusCode::FORBIDDEN);
    sim.shutdown().await;
}

// ---------------------------------------------------------------------------------------------
// 16 object store

fn file_path(route: &str, query: &str) -> String {
    format!("/ipc/video/file/{route}?product_id={ONENET_PRODUCT}&{query}")
}

#[tokio::test]
async fn file_routes_answer_the_stores_codes_when_a_file_is_uploaded_listed_downloaded_and_deleted()
{
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();
    let body = b"firmware image".to_vec();

    let uploaded = client
        .raw(
            Method::PUT,
            &file_path("upload", "name=fw-1.3.4.bin&desc=build%2042"),
            body.clone(),
        )
        .await;
    let second = client
        .raw(
            Method::PUT,
            &file_path("upload", "name=a.txt"),
            b"a".to_vec(),
        )
        .await;
    let downloaded = client
        .get(&file_path("download", "name=fw-1.3.4.bin"))
        .await;
    let listed = client.get(&file_path("list", "")).await;
    let prefixed = client.get(&file_path("list", "name=fw")).await;
    let deleted = client
        .delete(&file_path("delete", "name=fw-1.3.4.bin"))
        .await;
    let again = client
        .delete(&file_path("delete", "name=fw-1.3.4.bin"))
        .await;
    let download_gone = client
        .get(&file_path("download", "name=fw-1.3.4.bin"))
        .await;

    assert_eq!((uploaded.status, uploaded.errno()), (StatusCode::OK, 200));
    assert_wire!("onenet", "file_upload_succ", &wire(&uploaded));
    assert_eq!(second.errno(), 200);
    assert_eq!(downloaded.status, StatusCode::OK);
    assert_eq!(
        downloaded.header("content-type"),
        Some("application/octet-stream")
    );
    assert_eq!(downloaded.bytes, body);
    succeeded(&listed);
    assert_wire!("onenet", "file_list", &wire(&listed));
    assert_eq!(
        prefixed.json["page_info"]["total_num"], 1,
        "{:?}",
        prefixed.json
    );
    assert_eq!((deleted.status, deleted.errno()), (StatusCode::OK, 200));
    assert_wire!("onenet", "file_delete_succ", &wire(&deleted));
    assert_eq!((again.status, again.errno()), (StatusCode::NOT_FOUND, 404));
    assert_wire!("onenet", "file_delete_not_found", &wire(&again));
    assert_eq!(download_gone.status, StatusCode::NOT_FOUND);
    sim.shutdown().await;
}

#[tokio::test]
async fn file_upload_takes_8_mib_and_answers_413_at_once_when_8_mib_and_1_are_announced() {
    let sim = TestSim::onenet().await;

    let at_limit = sim
        .onenet_client()
        .raw(
            Method::PUT,
            &file_path("upload", "name=eight"),
            vec![7u8; 8 * MIB],
        )
        .await;
    let (status, over) = announced_put(&sim, &file_path("upload", "name=nine"), 8 * MIB + 1).await;

    assert_eq!(
        (at_limit.status, at_limit.errno()),
        (StatusCode::OK, 200),
        "{:?}",
        at_limit.json
    );
    assert_eq!((status, over["errno"].as_i64()), (413, Some(413)), "{over}");
    assert_wire!(
        "onenet",
        "file_upload_too_large",
        &Wire {
            status,
            content_type: "application/json".into(),
            body: over
        }
    );
    sim.shutdown().await;
}

#[tokio::test]
async fn file_upload_answers_1001_1002_1003_when_name_or_desc_break_the_rules() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();
    let put = |query: String| {
        let client = &client;
        async move {
            client
                .raw(Method::PUT, &file_path("upload", &query), b"x".to_vec())
                .await
        }
    };

    let name_256 = put(format!("name={}", "n".repeat(256))).await;
    let name_257 = put(format!("name={}", "n".repeat(257))).await;
    let special = put("name=a%2Fb".to_string()).await;
    let chinese = put("name=%E5%9B%BE%E7%89%87-1".to_string()).await;
    let desc_1024 = put(format!("name=d&desc={}", "d".repeat(1024))).await;
    let desc_1025 = put(format!("name=d&desc={}", "d".repeat(1025))).await;
    let no_name = put(String::new()).await;

    assert_eq!(name_256.errno(), 200, "{:?}", name_256.json);
    assert_eq!(
        (name_257.status, name_257.errno()),
        (StatusCode::BAD_REQUEST, 1002)
    );
    assert_wire!("onenet", "file_upload_name_too_long", &wire(&name_257));
    assert_eq!(
        (special.status, special.errno()),
        (StatusCode::BAD_REQUEST, 1001)
    );
    assert_wire!("onenet", "file_upload_name_special", &wire(&special));
    assert_eq!(
        chinese.errno(),
        200,
        "letters of any script: {:?}",
        chinese.json
    );
    assert_eq!(desc_1024.errno(), 200, "{:?}", desc_1024.json);
    assert_eq!(
        (desc_1025.status, desc_1025.errno()),
        (StatusCode::BAD_REQUEST, 1003)
    );
    assert_wire!("onenet", "file_upload_desc_too_long", &wire(&desc_1025));
    assert_eq!(
        (no_name.status, no_name.errno()),
        (StatusCode::BAD_REQUEST, 400)
    );
    assert_wire!("onenet", "file_upload_name_missing", &wire(&no_name));
    sim.shutdown().await;
}

#[tokio::test]
async fn file_routes_answer_401_when_the_key_is_missing_or_wrong_and_403_when_not_the_products() {
    let sim = TestSim::onenet().await;
    let path = file_path("list", "");

    let missing = sim.onenet_client().with_key(None).get(&path).await;
    let wrong = sim
        .onenet_client()
        .with_key(Some("not-a-key"))
        .get(&path)
        .await;
    let device_key = sim
        .onenet_client()
        .with_key(Some(ONENET_DEVICE_KEY))
        .get(&path)
        .await;
    let other_product = sim
        .onenet_client()
        .with_key(Some(ONENET_OTHER_MASTER_KEY))
        .get(&path)
        .await;
    let upload_missing = sim
        .onenet_client()
        .with_key(None)
        .raw(Method::PUT, &file_path("upload", "name=x"), b"x".to_vec())
        .await;

    assert_eq!(
        (missing.status, missing.errno()),
        (StatusCode::UNAUTHORIZED, 401)
    );
    assert_wire!("onenet", "file_key_missing", &wire(&missing));
    assert_eq!(
        (wrong.status, wrong.errno()),
        (StatusCode::UNAUTHORIZED, 401)
    );
    assert_wire!("onenet", "file_key_wrong", &wire(&wrong));
    assert_eq!(
        (device_key.status, device_key.errno()),
        (StatusCode::FORBIDDEN, 403)
    );
    assert_wire!("onenet", "file_device_key", &wire(&device_key));
    assert_eq!(
        (other_product.status, other_product.errno()),
        (StatusCode::FORBIDDEN, 403)
    );
    assert_eq!(upload_missing.status, StatusCode::UNAUTHORIZED);
    sim.shutdown().await;
}

// ---------------------------------------------------------------------------------------------
// 18 storage

async fn capacity(sim: &TestSim) -> Answer {
    sim.onenet_client()
        .get(&format!(
            "/ipc/video/storage/capacity?product_id={ONENET_PRODUCT}"
        ))
        .await
}

async fn device_used(sim: &TestSim, device: &str) -> u64 {
    let answer = sim
        .onenet_client()
        .get(&format!(
            "/ipc/video/storage/qry_dev_list?product_id={ONENET_PRODUCT}&device_id={device}"
        ))
        .await;
    succeeded(&answer);
    answer.json["result"]["data"][0]["used"]
        .as_u64()
        .expect("used")
}

#[tokio::test]
async fn storage_capacity_answers_total_and_used_when_the_product_is_the_keys() {
    let sim = TestSim::onenet().await;

    let answer = capacity(&sim).await;
    let list = sim
        .onenet_client()
        .get(&format!(
            "/ipc/video/storage/qry_dev_list?product_id={ONENET_PRODUCT}&per_page=100"
        ))
        .await;

    succeeded(&answer);
    assert_wire!("onenet", "storage_capacity", &wire(&answer));
    let per_device: u64 = list.json["result"]["data"]
        .as_array()
        .expect("data")
        .iter()
        .map(|d| d["used"].as_u64().expect("used"))
        .sum();
    assert_eq!(answer.json["used"].as_u64(), Some(per_device));
    assert!(per_device > 0);
    sim.shutdown().await;
}

#[tokio::test]
async fn storage_capacity_used_grows_by_the_size_when_a_picture_or_file_is_uploaded() {
    let sim = TestSim::onenet().await;
    let before = capacity(&sim).await.json["used"].as_u64().expect("used");
    let device_before = device_used(&sim, ONENET_DEVICE).await;

    let picture = upload_picture(
        &sim,
        &format!("device_id={ONENET_DEVICE}&channel_id=1&format=jpg&name=grow"),
        vec![1u8; 1000],
    )
    .await;
    let with_picture = capacity(&sim).await.json["used"].as_u64().expect("used");
    let device_after = device_used(&sim, ONENET_DEVICE).await;
    let file = sim
        .onenet_client()
        .raw(
            Method::PUT,
            &file_path("upload", "name=grow"),
            vec![2u8; 300],
        )
        .await;
    let with_file = capacity(&sim).await.json["used"].as_u64().expect("used");
    let listed = sim
        .onenet_client()
        .get(&format!(
            "/ipc/video/picture/get_list?device_id={ONENET_DEVICE}&page_size=1"
        ))
        .await;
    let name = listed.json["data"][0]["name"]
        .as_str()
        .expect("name")
        .to_string();
    let size = listed.json["data"][0]["size"].as_u64().expect("size");
    let deleted = sim
        .onenet_client()
        .delete(&format!(
            "/ipc/video/picture/delete_pictrue?device_id={ONENET_DEVICE}&channel_id=1&name={name}"
        ))
        .await;
    let after_delete = capacity(&sim).await.json["used"].as_u64().expect("used");

    succeeded(&picture);
    assert_eq!(with_picture, before + 1000);
    assert_eq!(device_after, device_before + 1000);
    assert_eq!(file.errno(), 200);
    assert_eq!(with_file, with_picture + 300, "files count for the product");
    assert_eq!(name, "grow", "the upload is the newest picture");
    assert_eq!(size, 1000);
    succeeded(&deleted);
    assert_eq!(after_delete, with_file - 1000);
    sim.shutdown().await;
}

#[tokio::test]
async fn storage_qry_dev_list_answers_each_devices_use_when_paged_or_filtered() {
    let sim = TestSim::onenet().await;
    let client = sim.onenet_client();
    let path = |query: &str| {
        format!("/ipc/video/storage/qry_dev_list?product_id={ONENET_PRODUCT}&{query}")
    };

    let page = client.get(&path("page=2&per_page=3")).await;
    let at_limit = client.get(&path("per_page=100")).await;
    let over = client.get(&path("per_page=101")).await;
    let named = client.get(&path("dev_name=pool")).await;
    let own = client
        .with_key(Some(ONENET_DEVICE_KEY))
        .get(&path(""))
        .await;
    let other_product = client
        .get("/ipc/video/storage/qry_dev_list?product_id=375999")
        .await;

    succeeded(&page);
    assert_wire!("onenet", "storage_devices_page", &wire(&page));
    assert_eq!(page.json["result"]["total_count"], 8);
    succeeded(&at_limit);
    assert_eq!(over.errno(), 6, "{:?}", over.json);
    assert_wire!("onenet", "storage_devices_per_page", &wire(&over));
    assert_eq!(named.json["result"]["data"][0]["device_id"], 25045684);
    assert_eq!(named.json["result"]["total_count"], 1);
    assert_eq!(own.json["result"]["total_count"], 1, "{:?}", own.json);
    assert_eq!(own.json["result"]["data"][0]["device_id"], 25045682);
    assert_eq!(other_product.errno(), 3, "{:?}", other_product.json);
    sim.shutdown().await;
}

#[tokio::test]
async fn storage_capacity_answers_errno_7_without_product_id() {
    let sim = TestSim::onenet().await;

    let answer = sim.onenet_client().get("/ipc/video/storage/capacity").await;

    assert_eq!((answer.status, answer.errno()), (StatusCode::OK, 7));
    assert_wire!("onenet", "storage_capacity_product_missing", &wire(&answer));
    sim.shutdown().await;
}
