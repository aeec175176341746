//! `camsim sign onenet` and `camsim call onenet`: a product's master key (or a device's key)
//! read from a running camsim's control API, and a call to any OneNET endpoint with it (query
//! parameters as `key=value`, a body with `--body`). OneNET signs nothing: the key travels as
//! it is in the `api-key` header.

use super::routes::ALL;
use crate::client::{self, Answer};
use crate::vendors::Endpoint;
use bytes::Bytes;
use http::{HeaderName, HeaderValue, Method};
use serde_json::Value;

/// A OneNET key of a running world, and where to call it.
#[derive(Debug, Clone)]
pub struct Target {
    pub key: String,
    pub product_id: String,
    /// The OneNET listener's base URL.
    pub base_url: String,
}

/// Reads world `world` from the control API at `control`: the master key of `product` (default
/// the first), or with `device` that device's first key.
pub async fn target(
    control: &str,
    world: &str,
    product: Option<&str>,
    device: Option<&str>,
) -> Result<Target, String> {
    let view = client::world_view(control, world).await?;
    let chosen = client::pick(
        &view["onenet"]["products"],
        "productId",
        product,
        world,
        "OneNET product",
    )?;
    let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
    let key = match device {
        None => text(&chosen["masterKey"]),
        Some(id) => {
            let devices = chosen["devices"].as_array().cloned().unwrap_or_default();
            let found = devices
                .iter()
                .find(|d| d["id"] == id)
                .ok_or_else(|| format!("product {} has no device `{id}`", chosen["productId"]))?;
            found["keys"][0]
                .as_str()
                .ok_or_else(|| format!("device `{id}` has no api-key"))?
                .to_string()
        }
    };
    Ok(Target {
        key,
        product_id: text(&chosen["productId"]),
        base_url: text(&view["urls"]["onenet"]),
    })
}

/// The endpoint an id names: `onenet.devices.get`, `devices.get` or a path's last part
/// (`QryChannel`, `cmds`).
pub fn endpoint(name: &str) -> Result<super::routes::Endpoint, String> {
    let name = name.trim_start_matches("onenet.");
    ALL.iter()
        .copied()
        .find(|e| e.id().trim_start_matches("onenet.") == name)
        .or_else(|| {
            ALL.iter()
                .copied()
                .find(|e| e.path().rsplit('/').next() == Some(name))
        })
        .ok_or_else(|| {
            let ids: Vec<&str> = ALL
                .iter()
                .map(|e| e.id().trim_start_matches("onenet."))
                .collect();
            format!("no OneNET endpoint `{name}`; one of: {}", ids.join(", "))
        })
}

/// Calls `endpoint` with `params` (`key=value`: into the path's `{...}` where it has one, else
/// the query) and `body`, with the target's key.
pub async fn call(
    t: &Target,
    endpoint: super::routes::Endpoint,
    params: &[(String, String)],
    body: Option<Vec<u8>>,
) -> Result<Answer, String> {
    let mut path = endpoint.path().to_string();
    let mut query = form_urlencoded::Serializer::new(String::new());
    for (key, value) in params {
        let hole = format!("{{{key}}}");
        if path.contains(&hole) {
            let encoded: String = form_urlencoded::byte_serialize(value.as_bytes()).collect();
            path = path.replace(&hole, &encoded);
        } else {
            query.append_pair(key, value);
        }
    }
    if let Some(hole) = path
        .split('{')
        .nth(1)
        .and_then(|rest| rest.split('}').next())
    {
        return Err(format!("{} needs {hole}=... for its path", endpoint.id()));
    }
    let query = query.finish();
    let url = if query.is_empty() {
        format!("{}{path}", t.base_url)
    } else {
        format!("{}{path}?{query}", t.base_url)
    };
    let method = Method::from_bytes(endpoint.method().as_bytes()).map_err(|e| e.to_string())?;
    let mut headers: Vec<(HeaderName, HeaderValue)> = vec![(
        HeaderName::from_static("api-key"),
        HeaderValue::try_from(t.key.as_str()).map_err(|e| e.to_string())?,
    )];
    if body.is_some() {
        headers.push((
            http::header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        ));
    }
    client::send(
        method,
        &url,
        &headers,
        Bytes::from(body.unwrap_or_default()),
    )
    .await
}
