//! Sodalife under load: `liveurl` (the HLS address of one of the bench app's 300 cameras per
//! request, the cameras in turn) with the access token in the query string, as the later
//! revision of the camera API sends it. The token is asked for once, from the camsim under
//! load, with the app's client credentials (`POST /oauth2/access_token`); scenarios/bench.yaml
//! has `rateLimits: false`, so the seed's 4-second rule per camera never answers 20008.

use super::vendor::{Endpoint, Requests, Setup, Vendor};
use bytes::Bytes;
use http_body_util::Full;
use std::sync::Arc;

pub const VENDOR: Vendor = Vendor {
    name: "sodalife",
    scenario: "scenarios/bench.yaml",
    self_check: answer_check_works,
    login: Some(token_request),
    endpoints: &[Endpoint {
        name: "liveurl",
        plan,
    }],
};

/// The Sodalife app of scenarios/bench.yaml.
const CLIENT_ID: &str = "5bbe0000000000000000000000000001";
const CLIENT_SECRET: &str = "5ec0be0c000000000000000000000001";
/// Fewer cameras than this in the app means the world is not the bench's.
const MIN_CAMERAS: usize = 200;

/// The client-credentials grant, as Sodalife documents it (a JSON body).
fn token_request(host: &str) -> http::Request<Full<Bytes>> {
    let body = format!(
        r#"{{"grant_type":"client_credentials","client_id":"{CLIENT_ID}","client_secret":"{CLIENT_SECRET}"}}"#
    );
    http::Request::post("/oauth2/access_token")
        .header("Host", host)
        .header("Content-Type", "application/json")
        .body(Full::new(Bytes::from(body)))
        .expect("a valid request")
}

/// The success check must take a real answer and refuse near misses, or the bench would
/// count refusals (or other protocols' addresses) as answers.
fn answer_check_works() -> Result<(), String> {
    let good =
        br#"{"url":"http://127.0.0.1:12043/openlive/0123456789abcdef0123456789abcdef.m3u8"}"#;
    let bad = [
        r#"{"url":"http://127.0.0.1:12043/openlive/0123456789abcdef0123456789abcdef.hd.m3u8"}"#,
        r#"{"url":"http://127.0.0.1:12043/openlive/0123456789abcdef.m3u8"}"#,
        r#"{"url":"ezopen://open.ys7.com/L70000001/1.live"}"#,
        r#"{"error":"20008","error_description":"设备响应超时"}"#,
    ];
    if !is_live_url(good) {
        return Err("the liveurl check refuses a real answer".into());
    }
    match bad.iter().find(|b| is_live_url(b.as_bytes())) {
        Some(b) => Err(format!("the liveurl check takes {b}")),
        None => Ok(()),
    }
}

/// `{"url":"http://<host>/openlive/<32 hex>.m3u8"}`, checked byte by byte (no JSON parsing on
/// the client, which shares the cores with the servers).
fn is_live_url(body: &[u8]) -> bool {
    let Some(rest) = body
        .strip_prefix(br#"{"url":"http://"#)
        .and_then(|r| r.strip_suffix(br#".m3u8"}"#))
    else {
        return false;
    };
    let Some(slash) = rest.iter().position(|&b| b == b'/') else {
        return false;
    };
    let (host, path) = rest.split_at(slash);
    !host.is_empty()
        && !host.contains(&b'"')
        && path
            .strip_prefix(b"/openlive/")
            .is_some_and(|key| key.len() == 32 && key.iter().all(u8::is_ascii_hexdigit))
}

struct LiveUrl {
    /// `/iot/cameras/liveurl?access_token=…`
    path: String,
    /// One JSON body per camera, built once: the client's work per request stays small.
    bodies: Vec<Bytes>,
}

/// The app's online cameras, with the token from the login answer.
fn plan(setup: &Setup) -> Result<Arc<dyn Requests>, String> {
    let login = setup.login.ok_or("sodalife: no token answer")?;
    let answer: serde_json::Value = serde_json::from_slice(login).map_err(|e| {
        format!(
            "sodalife token answer: {e}: {}",
            String::from_utf8_lossy(login)
        )
    })?;
    let token = answer["access_token"]
        .as_str()
        .filter(|t| !t.is_empty())
        .ok_or_else(|| format!("sodalife token answer without access_token: {answer}"))?;
    let bodies: Vec<Bytes> = setup
        .devices
        .iter()
        .filter(|v| v["account"].as_str() == Some(CLIENT_ID) && v["online"] == true)
        .filter_map(|v| v["devId"].as_str())
        .map(|serial| {
            Bytes::from(format!(
                r#"{{"device_serial":"{serial}","protocol":"hls"}}"#
            ))
        })
        .collect();
    if bodies.len() < MIN_CAMERAS {
        return Err(format!(
            "the bench world gives app {CLIENT_ID} only {} online cameras",
            bodies.len()
        ));
    }
    Ok(Arc::new(LiveUrl {
        path: format!("/iot/cameras/liveurl?access_token={token}"),
        bodies,
    }))
}

impl Requests for LiveUrl {
    fn request(&self, host: &str, n: u64) -> http::Request<Full<Bytes>> {
        let body = self.bodies[(n % self.bodies.len() as u64) as usize].clone();
        http::Request::post(self.path.as_str())
            .header("Host", host)
            .header("Content-Type", "application/json")
            .body(Full::new(body))
            .expect("a valid request")
    }

    /// HTTP 200 and an HLS address: any other status (a 20008 included) is an error.
    fn success(&self, _n: u64, status: u16, body: &[u8]) -> bool {
        status == 200 && is_live_url(body)
    }
}
