//! `camsim sign sodalife` and `camsim call sodalife`: an app's client id and secret read from
//! a running camsim's control API, an access token asked for as a client does (the token
//! endpoint), and a camera call made with it (JSON, or multipart for `sendvoice`).

use super::params::VOICE_FIELD;
use super::routes::TOKEN_PATH;
use crate::client::{self, Answer};
use bytes::Bytes;
use http::{HeaderName, HeaderValue, Method};
use serde_json::{Map, Value, json};

/// A Sodalife app of a running world, and where to call it.
#[derive(Debug, Clone)]
pub struct Target {
    pub client_id: String,
    pub client_secret: String,
    /// The Sodalife listener's base URL.
    pub base_url: String,
}

/// Reads world `world` from the control API at `control`; the app is `client_id` or the first.
pub async fn target(control: &str, world: &str, client_id: Option<&str>) -> Result<Target, String> {
    let view = client::world_view(control, world).await?;
    let app = client::pick(
        &view["sodalife"]["apps"],
        "clientId",
        client_id,
        world,
        "Sodalife app",
    )?;
    let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
    Ok(Target {
        client_id: text(&app["clientId"]),
        client_secret: text(&app["clientSecret"]),
        base_url: text(&view["urls"]["sodalife"]),
    })
}

/// Asks the token endpoint for an app token (client credentials); `Err` carries the answer.
pub async fn token(t: &Target, scope: Option<&str>) -> Result<String, String> {
    let mut body = json!({
        "grant_type": "client_credentials",
        "client_id": t.client_id,
        "client_secret": t.client_secret,
    });
    if let Some(scope) = scope {
        body["scope"] = json!(scope);
    }
    let answer = send_json(&format!("{}{TOKEN_PATH}", t.base_url), &body).await?;
    let value = answer.json()?;
    match value["access_token"].as_str() {
        Some(token) => Ok(token.to_string()),
        None => Err(format!(
            "the token endpoint answered HTTP {}: {value}",
            answer.status
        )),
    }
}

/// A `key=value` (text) or `key:=json` (a number, ...) parameter; `voice_file=@path` for a file.
pub enum Param {
    Value(String, Value),
    File(String, std::path::PathBuf),
}

pub fn parse_param(text: &str) -> Result<Param, String> {
    if let Some((key, raw)) = text.split_once(":=") {
        let value = serde_json::from_str(raw)
            .map_err(|e| format!("`{text}`: the value after := is not JSON: {e}"))?;
        return Ok(Param::Value(key.to_string(), value));
    }
    match text.split_once('=') {
        Some((key, file)) if file.starts_with('@') => {
            Ok(Param::File(key.to_string(), file[1..].into()))
        }
        Some((key, value)) => Ok(Param::Value(key.to_string(), Value::from(value))),
        None => Err(format!(
            "`{text}` is not key=value, key:=json or key=@file (e.g. device_serial=C80214452)"
        )),
    }
}

/// Calls `endpoint` (`capture`, `controlling`, `sendvoice`, `liveurl`) with `token` in the
/// query string and `params` in the body (a multipart form for `sendvoice`).
pub async fn call(
    t: &Target,
    token: &str,
    endpoint: &str,
    params: &[Param],
) -> Result<Answer, String> {
    let url = format!("{}/iot/cameras/{endpoint}?access_token={token}", t.base_url);
    if endpoint != "sendvoice" {
        let mut body = Map::new();
        for p in params {
            match p {
                Param::Value(key, value) => {
                    body.insert(key.clone(), value.clone());
                }
                Param::File(key, _) => {
                    return Err(format!("{endpoint} takes no file (`{key}=@...`)"));
                }
            }
        }
        return send_json(&url, &Value::Object(body)).await;
    }
    let boundary = format!("camsim{:016x}", rand::random::<u64>());
    let mut body = Vec::new();
    for p in params {
        let (disposition, content) = match p {
            Param::Value(key, value) => {
                let text = value
                    .as_str()
                    .map_or_else(|| value.to_string(), str::to_string);
                (format!("form-data; name=\"{key}\""), text.into_bytes())
            }
            Param::File(key, path) => {
                let bytes = std::fs::read(path)
                    .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
                let name = path.file_name().map_or_else(
                    || VOICE_FIELD.to_string(),
                    |n| n.to_string_lossy().into_owned(),
                );
                (
                    format!("form-data; name=\"{key}\"; filename=\"{name}\""),
                    bytes,
                )
            }
        };
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: {disposition}\r\n\r\n").as_bytes(),
        );
        body.extend_from_slice(&content);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    let content_type = format!("multipart/form-data; boundary={boundary}");
    let headers = vec![(
        http::header::CONTENT_TYPE,
        HeaderValue::try_from(content_type).map_err(|e| e.to_string())?,
    )];
    client::send(Method::POST, &url, &headers, Bytes::from(body)).await
}

async fn send_json(url: &str, body: &Value) -> Result<Answer, String> {
    let headers: Vec<(HeaderName, HeaderValue)> = vec![(
        http::header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    )];
    client::send(Method::POST, url, &headers, Bytes::from(body.to_string())).await
}
