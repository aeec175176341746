//! `camsim call gwell` and `camsim sign gwell --control`: what a Gwell client needs, read from
//! a running camsim (an app's credentials, a user, the world's clock, the listener's address)
//! through the control API, and a request signed with it. The world's time is used, so a
//! frozen or moved clock signs right without the user looking it up.

use super::auth;
use crate::client::{self, Answer};
use bytes::Bytes;
use http::{HeaderName, HeaderValue, Method};
use serde_json::{Map, Value};

/// A Gwell app of a running world, and where and when to call it.
#[derive(Debug, Clone)]
pub struct Target {
    pub app_id: String,
    pub app_token: String,
    pub app_key: String,
    /// The app's first user, the default `accessId`.
    pub access_id: String,
    /// The Gwell listener's base URL and its `host:port` (signed as `Host`).
    pub base_url: String,
    pub host: String,
    /// The world's clock, Unix seconds.
    pub now_secs: i64,
}

/// Reads world `world` from the control API at `control`; the app is `app_id` or the first.
pub async fn target(control: &str, world: &str, app_id: Option<&str>) -> Result<Target, String> {
    let view = client::world_view(control, world).await?;
    let app = client::pick(&view["gwell"]["apps"], "appId", app_id, world, "Gwell app")?;
    let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
    let base_url = text(&view["urls"]["gwell"]);
    Ok(Target {
        app_id: text(&app["appId"]),
        app_token: text(&app["appToken"]),
        app_key: text(&app["appKey"]),
        access_id: text(&app["users"][0]["accessId"]),
        host: base_url.trim_start_matches("http://").to_string(),
        base_url,
        now_secs: view["clock"]["nowMs"]
            .as_i64()
            .ok_or("the world view has no clock")?
            .div_euclid(1000),
    })
}

/// The four `X-IotVideo-*` headers (and `Host`) for `body`, signed at the world's time.
pub fn signed_headers(t: &Target, body: &[u8], nonce: &str) -> Vec<(&'static str, String)> {
    let timestamp = t.now_secs.to_string();
    let parts = auth::SignedParts {
        host: &t.host,
        access_id: &t.app_id,
        nonce,
        timestamp: &timestamp,
        content: auth::Content::Body(body),
    };
    let signature = auth::sign(&t.app_key, &parts);
    vec![
        ("Host", t.host.clone()),
        (auth::ACCESS_ID, t.app_id.clone()),
        (auth::NONCE, nonce.to_string()),
        (auth::TIMESTAMP, timestamp),
        (auth::SIGNATURE, signature),
        ("Content-Type", "application/json".to_string()),
    ]
}

/// The body for `endpoint`: the app's `appId` and `appToken`, its first user as `accessId`,
/// then `params` (`key=value`, every Gwell parameter is a string), which may override them.
pub fn body(t: &Target, params: &[(String, String)]) -> Bytes {
    let mut body = Map::new();
    body.insert("appId".into(), Value::from(t.app_id.as_str()));
    body.insert("appToken".into(), Value::from(t.app_token.as_str()));
    body.insert("accessId".into(), Value::from(t.access_id.as_str()));
    for (key, value) in params {
        body.insert(key.clone(), Value::from(value.as_str()));
    }
    Bytes::from(Value::Object(body).to_string())
}

/// Signs and sends `endpoint` (`devInfo`, `devList`) with `params`.
pub async fn call(
    t: &Target,
    endpoint: &str,
    params: &[(String, String)],
) -> Result<Answer, String> {
    let body = body(t, params);
    let nonce = (rand::random::<u32>() | 1).to_string();
    let headers = signed_headers(t, &body, &nonce)
        .into_iter()
        .map(|(name, value)| {
            Ok((
                HeaderName::try_from(name).map_err(|e| e.to_string())?,
                HeaderValue::try_from(value).map_err(|e| e.to_string())?,
            ))
        })
        .collect::<Result<Vec<_>, String>>()?;
    let url = format!("{}/openapi/custCloud/oss/{endpoint}", t.base_url);
    client::send(Method::POST, &url, &headers, body).await
}

/// Why the world's newest request from this app was refused, if it was (from the journal).
pub async fn last_reason(control: &str, world: &str, app_id: &str) -> Option<String> {
    let url = format!(
        "{}/_camsim/worlds/{}/requests?limit=1&credential={}",
        control.trim_end_matches('/'),
        url_segment(world),
        url_segment(app_id)
    );
    let entries = client::get_json(&url).await.ok()?;
    entries[0]["authReason"].as_str().map(str::to_string)
}

/// `text` percent-encoded for one URL path segment or query value.
fn url_segment(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, percent_encoding::NON_ALPHANUMERIC).to_string()
}
