//! The Sodalife world hostile cases run in, and the run-time credentials they need: without a
//! real access token every camera call stops at 10002 and nothing deeper is exercised. The
//! world has a frozen clock and no call-interval rule (so valid calls keep succeeding), apps
//! in every state the token check distinguishes, and devices in every state the camera API
//! does. [`prepare`] creates it and walks its clock forward to leave behind an expired and a
//! revoked token, a used and an expired authorization code, and pictures that are valid,
//! expired (403) and forgotten (404); no case moves its clock or resets it, so the suite's
//! token stays valid. [`refresh_other_world`] fetches again the token of the default world's
//! app (reset by control cases' clean-up), used as the "other world's token".

use super::run::{call, create_or_reset};
use serde_json::Value;

pub const WORLD: &str = "hostile-sodalife";

/// App A: its token is the suite's (camera calls). Its secret is never sent by a case: a new
/// token would revoke the suite's.
pub const CAMERA_APP: (&str, &str) = (
    "5eed00000000000000000000000000a1",
    "5eed00000000000000000000000000a2",
);
/// App T: the token endpoint's cases (every app scope, a user for the code grant).
pub const TOKEN_APP: (&str, &str) = (
    "5eed00000000000000000000000000b1",
    "5eed00000000000000000000000000b2",
);
pub const TOKEN_USER: &str = "20201221001";
/// App O: `iot:public` only, and a device of its own.
pub const PUBLIC_APP: (&str, &str) = (
    "5eed00000000000000000000000000c1",
    "5eed00000000000000000000000000c2",
);
/// App E: its one token is left to expire.
pub const EXPIRING_APP: (&str, &str) = (
    "5eed00000000000000000000000000d1",
    "5eed00000000000000000000000000d2",
);
/// App F: frozen (10005).
pub const FROZEN_APP: (&str, &str) = (
    "5eed00000000000000000000000000e1",
    "5eed00000000000000000000000000e2",
);
/// The default world's app (scenarios/default.yaml), for a token of another world.
pub const DEFAULT_APP: (&str, &str) = (
    "1db3265caf6368a60eb1719b5f34cf15",
    "5ebe2294ecd0e0f08eab7690d2a6ee69",
);

/// Devices of app A that can do everything, online with a good signal: valid calls use them.
pub const GOOD: &[&str] = &["HOSTILE01", "HOSTILE02", "HOSTILE03"];
/// Devices of app A (and the others' apps) in each state a call may meet.
pub const OTHERS: &[&str] = &[
    "PTZEDGE01",
    "NOPTZ0001",
    "NOTALK001",
    "OFFLINE01",
    "WEAK00001",
    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    "OTHERAPP1",
    "FROZEN001",
    "C80214452",
    "NOSUCHDEV",
];

pub const SCENARIO: &str = r#"
seed: 11
clock: {mode: frozen, at: 2026-11-22T08:00:00Z}
rateLimits: false
sodalife:
  apps:
    - clientId: 5eed00000000000000000000000000a1
      clientSecret: 5eed00000000000000000000000000a2
      scopes: [iot:public, iot:control]
      users: [{userId: "20201221001"}]
      devices:
        - serial: HOSTILE01
        - serial: HOSTILE02
        - serial: HOSTILE03
        - serial: PTZEDGE01
          ptz: {pan: 160, tilt: 0, zoom: 1, panMax: 170}
        - serial: NOPTZ0001
          capabilities: [capture, talk]
        - serial: NOTALK001
          capabilities: [ptz]
        - serial: OFFLINE01
          online: false
        - serial: WEAK00001
          signal: 5
        - serial: AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
    - clientId: 5eed00000000000000000000000000b1
      clientSecret: 5eed00000000000000000000000000b2
      scopes: [iot:public, iot:control, iot:premier]
      users: [{userId: "20201221001", name: Token tester}]
    - clientId: 5eed00000000000000000000000000c1
      clientSecret: 5eed00000000000000000000000000c2
      scopes: [iot:public]
      devices: [{serial: OTHERAPP1}]
    - clientId: 5eed00000000000000000000000000d1
      clientSecret: 5eed00000000000000000000000000d2
    - clientId: 5eed00000000000000000000000000e1
      clientSecret: 5eed00000000000000000000000000e2
      frozen: true
      devices: [{serial: FROZEN001}]
"#;

/// What the generator knows of the Sodalife world.
#[derive(Debug, Clone, Default)]
pub struct SodaTarget {
    /// App A's current token: valid, scope `iot:control`.
    pub token: String,
    /// App O's: valid, `iot:public` only.
    pub public_token: String,
    /// The frozen app's.
    pub frozen_token: String,
    /// A user token of app T (code grant): user scopes only.
    pub user_token: String,
    /// App E's, past its 2 hours.
    pub expired_token: String,
    /// App A's first, revoked by the next.
    pub revoked_token: String,
    /// The default world's app's token (another world); may be stale, see [`refresh_other_world`].
    pub other_world_token: String,
    /// A code of app T already exchanged, one past its 5 minutes, one issued to app A.
    pub used_code: String,
    pub expired_code: String,
    pub foreign_code: String,
    /// Picture keys: valid, expired (403), forgotten (404).
    pub picture: String,
    pub expired_picture: String,
    pub forgotten_picture: String,
    /// The stream key of `GOOD[0]`.
    pub live: String,
    /// A live segment of that stream the frozen clock keeps fetchable (`<n>.ts`: the last
    /// finished one).
    pub segment: String,
}

async fn ok(control_or_api: &str, method: &str, path: &str, body: &str) -> Result<Value, String> {
    let (status, json) = call(control_or_api, method, path, body.as_bytes()).await?;
    if (200..300).contains(&status) {
        Ok(json)
    } else {
        Err(format!("{method} {path}: {status} {json}"))
    }
}

fn text(json: &Value, field: &str) -> Result<String, String> {
    json[field]
        .as_str()
        .map(str::to_string)
        .ok_or_else(|| format!("no `{field}` in {json}"))
}

/// A client-credentials token of `app` on the listener at `api`.
pub async fn token(api: &str, app: (&str, &str)) -> Result<String, String> {
    let body = format!(
        r#"{{"grant_type":"client_credentials","client_id":"{}","client_secret":"{}"}}"#,
        app.0, app.1
    );
    text(
        &ok(api, "POST", "/oauth2/access_token", &body).await?,
        "access_token",
    )
}

/// The key in a link `http://host/<prefix>/<key>[.suffix]`.
fn key_of(url: &str) -> String {
    url.rsplit('/')
        .next()
        .and_then(|last| last.split('.').next())
        .unwrap_or_default()
        .to_string()
}

async fn capture(api: &str, token: &str, serial: &str) -> Result<String, String> {
    let body = format!(r#"{{"access_token":"{token}","device_serial":"{serial}"}}"#);
    let json = ok(api, "POST", "/iot/cameras/capture", &body).await?;
    Ok(key_of(&text(&json, "picUrl")?))
}

/// Moves the world clock on by `secs`; returns the world time then, milliseconds.
async fn advance(control: &str, secs: i64) -> Result<i64, String> {
    let path = format!("/_camsim/worlds/{WORLD}/clock");
    let view = ok(control, "POST", &path, &format!(r#"{{"advance":{secs}}}"#)).await?;
    view["nowMs"]
        .as_i64()
        .ok_or_else(|| format!("no `nowMs` in {view}"))
}

async fn code(control: &str, client_id: &str) -> Result<String, String> {
    let path = format!("/_camsim/worlds/{WORLD}/vendors/sodalife/authorize");
    let body = format!(r#"{{"clientId":"{client_id}","userId":"{TOKEN_USER}"}}"#);
    text(&ok(control, "POST", &path, &body).await?, "code")
}

/// Creates (or resets) the world and walks it to the state described in the module doc.
pub async fn prepare(control: &str, api: &str) -> Result<SodaTarget, String> {
    create_or_reset(control, WORLD, SCENARIO).await?;
    let mut t = SodaTarget {
        expired_token: token(api, EXPIRING_APP).await?,
        revoked_token: token(api, CAMERA_APP).await?,
        ..SodaTarget::default()
    };
    t.forgotten_picture = capture(api, &t.revoked_token, GOOD[0]).await?;
    // Past the first picture's 2 hours and the further day it answers 403.
    advance(control, 86_400 + 7_200 + 10).await?;
    let first = token(api, CAMERA_APP).await?;
    // This capture forgets the first picture.
    t.expired_picture = capture(api, &first, GOOD[0]).await?;
    t.expired_code = code(control, TOKEN_APP.0).await?;
    // Past the second picture's 2 hours, app E's token and the second code.
    let now_ms = advance(control, 7_200 + 10).await?;
    // Live segments last 2 s of world time; the one before the current one is finished.
    t.segment = format!("{}.ts", now_ms.div_euclid(2_000) - 1);
    t.token = token(api, CAMERA_APP).await?;
    t.public_token = token(api, PUBLIC_APP).await?;
    t.frozen_token = token(api, FROZEN_APP).await?;
    t.foreign_code = code(control, CAMERA_APP.0).await?;
    t.used_code = code(control, TOKEN_APP.0).await?;
    let body = format!(
        r#"{{"grant_type":"authorization_code","client_id":"{}","client_secret":"{}","code":"{}"}}"#,
        TOKEN_APP.0, TOKEN_APP.1, t.used_code
    );
    t.user_token = text(
        &ok(api, "POST", "/oauth2/access_token", &body).await?,
        "access_token",
    )?;
    t.picture = capture(api, &t.token, GOOD[0]).await?;
    let body = format!(
        r#"{{"access_token":"{}","device_serial":"{}"}}"#,
        t.token, GOOD[0]
    );
    t.live = key_of(&text(
        &ok(api, "POST", "/iot/cameras/liveurl", &body).await?,
        "url",
    )?);
    refresh_other_world(&mut t, api).await;
    Ok(t)
}

/// A new token of the default world's app (the last one died with a reset, or lives on).
pub async fn refresh_other_world(t: &mut SodaTarget, api: &str) {
    if let Ok(token) = token(api, DEFAULT_APP).await {
        t.other_world_token = token;
    }
}
