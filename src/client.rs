//! The small HTTP/1.1 client behind `camsim call` and `camsim sign --control`: one request on
//! one connection to a running camsim (plain HTTP on a host:port), the whole answer read back.
//! Not for anything else: no TLS, no redirects, no pooling.

use bytes::Bytes;
use http::{HeaderName, HeaderValue, Method, Request, Uri};
use http_body_util::{BodyExt, Full};
use hyper_util::rt::TokioIo;
use serde_json::Value;
use std::time::Duration;
use tokio::net::TcpStream;

/// How long one call to camsim may take, connection included.
const TIMEOUT: Duration = Duration::from_secs(30);

/// An answer: status, headers and body.
pub struct Answer {
    pub status: u16,
    pub headers: http::HeaderMap,
    pub body: Bytes,
}

impl Answer {
    pub fn json(&self) -> Result<Value, String> {
        serde_json::from_slice(&self.body).map_err(|e| {
            format!(
                "the answer is not JSON ({e}): {}",
                String::from_utf8_lossy(&self.body)
            )
        })
    }
}

/// Sends one request to `url` (`http://host:port/path?query`) and reads the whole answer.
pub async fn send(
    method: Method,
    url: &str,
    headers: &[(HeaderName, HeaderValue)],
    body: Bytes,
) -> Result<Answer, String> {
    tokio::time::timeout(TIMEOUT, exchange(method, url, headers, body))
        .await
        .map_err(|_| format!("{url}: no answer within {} s", TIMEOUT.as_secs()))?
}

async fn exchange(
    method: Method,
    url: &str,
    headers: &[(HeaderName, HeaderValue)],
    body: Bytes,
) -> Result<Answer, String> {
    let uri: Uri = url
        .parse()
        .map_err(|e| format!("`{url}` is not a URL: {e}"))?;
    if uri.scheme_str() != Some("http") {
        return Err(format!("`{url}`: camsim speaks plain http://"));
    }
    let authority = uri
        .authority()
        .ok_or_else(|| format!("`{url}` has no host"))?
        .clone();
    let port = authority.port_u16().unwrap_or(80);
    let stream = TcpStream::connect((authority.host(), port))
        .await
        .map_err(|e| format!("cannot connect to {authority}: {e} (is camsim serving?)"))?;
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .map_err(|e| format!("{authority}: {e}"))?;
    tokio::spawn(connection);
    let path = uri.path_and_query().map_or("/", |p| p.as_str());
    let mut request = Request::builder().method(method).uri(path);
    let has_host = headers.iter().any(|(n, _)| n == http::header::HOST);
    if !has_host {
        request = request.header(http::header::HOST, authority.as_str());
    }
    for (name, value) in headers {
        request = request.header(name, value);
    }
    let request = request
        .body(Full::new(body))
        .map_err(|e| format!("cannot build the request: {e}"))?;
    let response = sender
        .send_request(request)
        .await
        .map_err(|e| format!("{url}: {e}"))?;
    let status = response.status().as_u16();
    let (parts, body) = response.into_parts();
    let body = body
        .collect()
        .await
        .map_err(|e| format!("{url}: reading the answer: {e}"))?
        .to_bytes();
    Ok(Answer {
        status,
        headers: parts.headers,
        body,
    })
}

/// GET `url` and parse the JSON answer; a status other than 200 is an error naming it.
pub async fn get_json(url: &str) -> Result<Value, String> {
    let answer = send(Method::GET, url, &[], Bytes::new()).await?;
    let value = answer.json()?;
    if answer.status != 200 {
        return Err(format!("{url}: HTTP {}: {value}", answer.status));
    }
    Ok(value)
}

/// World `world`'s view from the control API at `control` (`GET /_camsim/worlds/{world}`):
/// where the CLI finds a vendor's credentials and the world clock.
pub async fn world_view(control: &str, world: &str) -> Result<Value, String> {
    let encoded = percent_encoding::utf8_percent_encode(world, percent_encoding::NON_ALPHANUMERIC);
    get_json(&format!(
        "{}/_camsim/worlds/{encoded}",
        control.trim_end_matches('/')
    ))
    .await
}

/// The item of `list` (a vendor section's apps, products or keys) whose `key` is `wanted`, or
/// the first one; `what` names such an item in the error (`Gwell app`).
pub fn pick<'a>(
    list: &'a Value,
    key: &str,
    wanted: Option<&str>,
    world: &str,
    what: &str,
) -> Result<&'a Value, String> {
    let items = list.as_array().map(Vec::as_slice).unwrap_or_default();
    match wanted {
        Some(id) => items
            .iter()
            .find(|item| item[key] == id)
            .ok_or_else(|| format!("world `{world}` has no {what} `{id}`")),
        None => items
            .first()
            .ok_or_else(|| format!("world `{world}` has no {what}")),
    }
}
