//! Where the media bench's links come from: the vendor API's own answers, as an app gets them.
//! Each simulated player asks for its camera's live HLS address once (players spread over a few
//! cameras, so players of one camera share the cache's work), and one picture link is asked
//! for the picture figure:
//! - **Sodalife** (scenarios/bench.yaml's app, through benches/load/sodalife.rs: its token
//!   request and its `liveurl` requests, `protocol: hls`): the `url` of the answer; the picture
//!   is `capture`'s `picUrl` for the first camera.
//! - **OneNET** (the world's first online OneNET devices, each asking with its own device key):
//!   `play_address` with `protocol_type=1` gives `addr` and `accessToken`, from which the
//!   client builds `http://{addr}/live/live_{d}_1/index.m3u8?{accessToken}` (seed 003 §4.1);
//!   the picture is the live cover `http://{coveraddr}/live_preview/{d}-1?token={accessToken}`.
//!
//! A vendor whose live playlist lists no segment yet (its media links not wired) is reported as
//! such; the bench then takes the next one.

use super::drive::{devices, log_in};
use super::keepalive::{authority, connect, exchange};
use super::procs::Camsim;
use super::sodalife;
use super::vendor::Setup;
use http_body_util::BodyExt;

/// The vendors that hand out live HLS, in the order the bench tries them.
pub const SOURCES: &[&str] = &["sodalife", "onenet"];

/// What the players and the picture figure use.
pub struct Links {
    /// `sodalife` or `onenet`.
    pub vendor: &'static str,
    /// Each player's live playlist URL (player `p` watches camera `p % cameras`).
    pub playlists: Vec<String>,
    /// The cameras the players watch.
    pub cameras: Vec<String>,
    /// A picture link of the first camera, if the vendor gave one.
    pub picture: Option<String>,
}

/// The links of `vendor` for `players` players over `cameras` cameras.
pub async fn ask(
    vendor: &str,
    camsim: &Camsim,
    players: usize,
    cameras: usize,
) -> Result<Links, String> {
    match vendor {
        "sodalife" => ask_sodalife(camsim, players, cameras).await,
        "onenet" => ask_onenet(camsim, players, cameras).await,
        other => Err(format!(
            "no live source `{other}`; known: {}",
            SOURCES.join(", ")
        )),
    }
}

/// Whether `playlist` (a live playlist's text) lists at least one segment.
pub fn lists_segments(playlist: &str) -> bool {
    playlist
        .lines()
        .any(|line| !line.trim().is_empty() && !line.starts_with('#'))
}

// ---------------------------------------------------------------------------------------------
// Sodalife

async fn ask_sodalife(camsim: &Camsim, players: usize, cameras: usize) -> Result<Links, String> {
    let vendor = &sodalife::VENDOR;
    (vendor.self_check)()?;
    let url = camsim.url(vendor.name)?;
    let views = devices(&camsim.url("control")?, vendor.name).await?;
    let login = log_in(vendor, &url).await?;
    let requests = (vendor.endpoints[0].plan)(&Setup {
        devices: &views,
        login: login.as_deref(),
    })?;
    let host = authority(&url).to_string();
    let mut sender = connect(&url).await?;
    let mut playlists = Vec::with_capacity(players);
    let mut serials = Vec::with_capacity(cameras);
    for player in 0..players {
        let n = (player % cameras) as u64;
        let request = requests.request(&host, n);
        if serials.len() < cameras {
            serials.push(serial_of(&requests.request(&host, n)).await?);
        }
        let (status, body) = exchange(&mut sender, request).await?;
        if !requests.success(n, status, &body) {
            return Err(format!(
                "sodalife liveurl: HTTP {status} {}",
                String::from_utf8_lossy(&body)
            ));
        }
        playlists.push(string_field(&body, "url")?);
    }
    let token = string_field(login.as_deref().unwrap_or_default(), "access_token")?;
    let capture = http::Request::post(format!("/iot/cameras/capture?access_token={token}"))
        .header("Host", &host)
        .header("Content-Type", "application/json")
        .body(http_body_util::Full::new(bytes::Bytes::from(
            serde_json::json!({ "device_serial": serials[0] }).to_string(),
        )))
        .map_err(|e| e.to_string())?;
    let (status, body) = exchange(&mut sender, capture).await?;
    let picture = (status == 200)
        .then(|| string_field(&body, "picUrl").ok())
        .flatten();
    if picture.is_none() {
        println!(
            "sodalife capture gave no picture link (HTTP {status} {}): no picture figure",
            String::from_utf8_lossy(&body)
        );
    }
    Ok(Links {
        vendor: vendor.name,
        playlists,
        cameras: serials,
        picture,
    })
}

/// The camera a `liveurl` request of the load bench names (its body's `device_serial`).
async fn serial_of(
    request: &http::Request<http_body_util::Full<bytes::Bytes>>,
) -> Result<String, String> {
    let body = request
        .body()
        .clone()
        .collect()
        .await
        .map_err(|e| e.to_string())?
        .to_bytes();
    string_field(&body, "device_serial")
}

// ---------------------------------------------------------------------------------------------
// OneNET

async fn ask_onenet(camsim: &Camsim, players: usize, cameras: usize) -> Result<Links, String> {
    let url = camsim.url("onenet")?;
    let views = devices(&camsim.url("control")?, "onenet").await?;
    let chosen: Vec<(&str, &str)> = views
        .iter()
        .filter(|v| v["online"] == true)
        .filter_map(|v| Some((v["devId"].as_str()?, v["keys"][0]["key"].as_str()?)))
        .take(cameras)
        .collect();
    if chosen.len() < cameras {
        return Err(format!(
            "onenet: the world has {} online devices with a key, {cameras} wanted",
            chosen.len()
        ));
    }
    let host = authority(&url).to_string();
    let mut sender = connect(&url).await?;
    let mut playlists = Vec::with_capacity(players);
    let mut picture = None;
    for player in 0..players {
        let (device, key) = chosen[player % cameras];
        let request = http::Request::get(format!(
            "/ipc/video/play_address?device_id={device}&channel_id=1&protocol_type=1"
        ))
        .header("Host", &host)
        .header("api-key", key)
        .body(http_body_util::Full::new(bytes::Bytes::new()))
        .map_err(|e| e.to_string())?;
        let (status, body) = exchange(&mut sender, request).await?;
        let answer: serde_json::Value = serde_json::from_slice(&body).map_err(|e| {
            format!(
                "onenet play_address: {e}: HTTP {status} {}",
                String::from_utf8_lossy(&body)
            )
        })?;
        let data = &answer["data"];
        let (Some(addr), Some(token)) = (data["addr"].as_str(), data["accessToken"].as_str())
        else {
            return Err(format!("onenet play_address: HTTP {status} {answer}"));
        };
        playlists.push(format!(
            "http://{addr}/live/live_{device}_1/index.m3u8?{token}"
        ));
        if let (None, Some(cover)) = (&picture, data["coveraddr"].as_str()) {
            picture = Some(format!(
                "http://{cover}/live_preview/{device}-1?token={token}"
            ));
        }
    }
    Ok(Links {
        vendor: "onenet",
        playlists,
        cameras: chosen.iter().map(|(d, _)| d.to_string()).collect(),
        picture,
    })
}

/// A string field anywhere in a JSON answer (vendors nest it in `data` or not).
fn string_field(body: &[u8], name: &str) -> Result<String, String> {
    fn find<'a>(value: &'a serde_json::Value, name: &str) -> Option<&'a str> {
        match value {
            serde_json::Value::Object(map) => map
                .get(name)
                .and_then(|v| v.as_str())
                .or_else(|| map.values().find_map(|v| find(v, name))),
            serde_json::Value::Array(items) => items.iter().find_map(|v| find(v, name)),
            _ => None,
        }
    }
    let value: serde_json::Value = serde_json::from_slice(body)
        .map_err(|e| format!("{e}: {}", String::from_utf8_lossy(body)))?;
    find(&value, name)
        .map(str::to_string)
        .ok_or_else(|| format!("no `{name}` in {value}"))
}
