//! `camsim sign tencent` and `camsim call tencent`: a request to any Tencent action, signed with
//! TC3-HMAC-SHA256 by camsim's own signing code (`sign.rs`), with an API key and the world's
//! time read from a running camsim's control API, so a frozen or moved clock signs right.
//! `sign` prints the request (headers, body and a ready curl command); `call` sends it.

use super::actions::Action;
use super::handlers::VERSION;
use super::sign;
use crate::client::{self, Answer};
use bytes::Bytes;
use http::{HeaderName, HeaderValue, Method};
use serde_json::{Map, Value};

/// The region sent unless the user picks another (`""` sends none): the one the official
/// examples use, and camsim accepts any.
pub const DEFAULT_REGION: &str = "ap-guangzhou";

/// A Tencent API key of a running world, and where and when to call with it.
#[derive(Debug, Clone)]
pub struct Target {
    pub secret_id: String,
    pub secret_key: String,
    /// The Tencent listener's base URL and its `host:port` (signed as `host`).
    pub base_url: String,
    pub host: String,
    /// The world's clock, Unix seconds.
    pub now_secs: i64,
}

/// Reads world `world` from the control API at `control`; the key is `secret_id` or the first.
pub async fn target(control: &str, world: &str, secret_id: Option<&str>) -> Result<Target, String> {
    let view = client::world_view(control, world).await?;
    let secret = client::pick(
        &view["tencent"]["secrets"],
        "secretId",
        secret_id,
        world,
        "Tencent SecretId",
    )?;
    let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
    let base_url = text(&view["urls"]["tencent"]);
    Ok(Target {
        secret_id: text(&secret["secretId"]),
        secret_key: text(&secret["secretKey"]),
        host: base_url.trim_start_matches("http://").to_string(),
        base_url,
        now_secs: view["clock"]["nowMs"]
            .as_i64()
            .ok_or("the world view has no clock")?
            .div_euclid(1000),
    })
}

/// The action `name` names (`DescribeDevice` or `tencent.DescribeDevice`).
pub fn action(name: &str) -> Result<&'static str, String> {
    Action::named(name.trim_start_matches("tencent."))
        .and_then(Action::name)
        .ok_or_else(|| {
            let names: Vec<&str> = super::actions::ALL
                .iter()
                .filter_map(|a| a.name())
                .collect();
            format!("no Tencent action `{name}`; one of: {}", names.join(", "))
        })
}

/// A parameter: `key=value` is a string, `key:=json` any JSON value (`Size:=10`,
/// `ThumbnailList:='["a","b"]'`), the convention of the other vendors' `camsim call`.
pub fn parse_param(text: &str) -> Result<(String, Value), String> {
    let (key, raw) = text.split_once('=').ok_or_else(|| {
        format!("`{text}` is not key=value or key:=json (e.g. ProductId=AQTV2839QJ, Size:=10)")
    })?;
    let (key, value) = match key.strip_suffix(':') {
        Some(key) => (
            key,
            serde_json::from_str(raw)
                .map_err(|e| format!("`{text}`: the value after := is not JSON: {e}"))?,
        ),
        None => (key, Value::from(raw)),
    };
    if key.is_empty() {
        return Err(format!("`{text}` names no parameter"));
    }
    Ok((key.to_string(), value))
}

/// How to send the request.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The GET form (parameters in the query) instead of a JSON POST.
    pub get: bool,
    /// `X-TC-Region`; `None` or `""` sends none.
    pub region: Option<String>,
    /// `X-TC-Language` (`zh-CN`, `en-US`); `None` sends none (camsim then answers in zh-CN).
    pub language: Option<String>,
    /// The timestamp to sign; default the world's time.
    pub timestamp: Option<i64>,
}

/// A signed request, ready to send or print.
#[derive(Debug, Clone)]
pub struct Signed {
    pub method: Method,
    pub url: String,
    /// In the order printed: `Authorization`, `Content-Type`, `Host`, then `X-TC-*`.
    pub headers: Vec<(&'static str, String)>,
    pub body: String,
}

/// `action` with `params`, signed with the target's key at its world's time (or `timestamp`).
pub fn signed(
    t: &Target,
    action: &str,
    params: &[(String, Value)],
    opts: &Options,
) -> Result<Signed, String> {
    let timestamp = opts.timestamp.unwrap_or(t.now_secs);
    let date = sign::utc_date(timestamp).ok_or_else(|| format!("{timestamp} is not a time"))?;
    let (method, content_type, query, body) = if opts.get {
        let mut query = form_urlencoded::Serializer::new(String::new());
        for (key, value) in params {
            flatten(&mut query, key, value);
        }
        let query = query.finish();
        (
            Method::GET,
            "application/x-www-form-urlencoded",
            query,
            String::new(),
        )
    } else {
        let body: Map<String, Value> = params.iter().cloned().collect();
        (
            Method::POST,
            "application/json",
            String::new(),
            Value::Object(body).to_string(),
        )
    };
    let payload = sign::sha256_hex(body.as_bytes());
    let signed_headers = "content-type;host";
    let canonical = sign::canonical_request(&sign::Canonical {
        method: method.as_str(),
        query: &query,
        headers: &[("content-type", content_type), ("host", &t.host)],
        signed_headers,
        payload_hash: &payload,
    });
    let scope = sign::credential_scope(&date, sign::SERVICE);
    let to_sign = sign::string_to_sign(&timestamp.to_string(), &scope, &canonical);
    let signature = sign::signature(&t.secret_key, &date, sign::SERVICE, &to_sign);
    let mut headers = vec![
        (
            "Authorization",
            sign::authorization(&t.secret_id, &scope, signed_headers, &signature),
        ),
        ("Content-Type", content_type.to_string()),
        ("Host", t.host.clone()),
        ("X-TC-Action", action.to_string()),
        ("X-TC-Timestamp", timestamp.to_string()),
        ("X-TC-Version", VERSION.to_string()),
    ];
    if let Some(region) = opts.region.as_deref().filter(|r| !r.is_empty()) {
        headers.push(("X-TC-Region", region.to_string()));
    }
    if let Some(language) = opts.language.as_deref().filter(|l| !l.is_empty()) {
        headers.push(("X-TC-Language", language.to_string()));
    }
    let url = if query.is_empty() {
        format!("{}/", t.base_url)
    } else {
        format!("{}/?{query}", t.base_url)
    };
    Ok(Signed {
        method,
        url,
        headers,
        body,
    })
}

/// A value in the GET form, as the SDKs flatten it: lists as `Name.0`, objects as `Name.Key`,
/// strings as they are, other values as their JSON text.
fn flatten(query: &mut form_urlencoded::Serializer<'_, String>, key: &str, value: &Value) {
    match value {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                flatten(query, &format!("{key}.{i}"), item);
            }
        }
        Value::Object(members) => {
            for (name, item) in members {
                flatten(query, &format!("{key}.{name}"), item);
            }
        }
        Value::String(text) => {
            query.append_pair(key, text);
        }
        other => {
            query.append_pair(key, &other.to_string());
        }
    }
}

/// The request as text: the headers, a blank line, the body (if any), a blank line and a curl
/// command sending exactly this request.
pub fn print(s: &Signed) -> String {
    let mut out = String::new();
    for (name, value) in &s.headers {
        out.push_str(&format!("{name}: {value}\n"));
    }
    out.push('\n');
    if !s.body.is_empty() {
        out.push_str(&s.body);
        out.push_str("\n\n");
    }
    out.push_str(&curl(s));
    out.push('\n');
    out
}

/// `curl -sS -X METHOD 'url' -H '...' --data-raw '...'`, each part quoted for a POSIX shell.
pub fn curl(s: &Signed) -> String {
    let mut parts = vec![
        "curl -sS".to_string(),
        format!("-X {}", s.method),
        shell_quote(&s.url),
    ];
    for (name, value) in &s.headers {
        parts.push(format!("-H {}", shell_quote(&format!("{name}: {value}"))));
    }
    if !s.body.is_empty() {
        parts.push(format!("--data-raw {}", shell_quote(&s.body)));
    }
    parts.join(" ")
}

/// `text` in single quotes (a quote inside becomes `'\''`).
fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// Sends `s` and reads the answer.
pub async fn send(s: &Signed) -> Result<Answer, String> {
    let headers = s
        .headers
        .iter()
        .map(|(name, value)| {
            Ok((
                HeaderName::try_from(*name).map_err(|e| e.to_string())?,
                HeaderValue::try_from(value.as_str()).map_err(|e| format!("header {name}: {e}"))?,
            ))
        })
        .collect::<Result<Vec<_>, String>>()?;
    client::send(
        s.method.clone(),
        &s.url,
        &headers,
        Bytes::from(s.body.clone()),
    )
    .await
}

/// `Response.Error` of an answer, as `(Code, Message)`, when it is one.
pub fn error(answer: &Answer) -> Option<(String, String)> {
    let value = answer.json().ok()?;
    let error = &value["Response"]["Error"];
    let code = error["Code"].as_str()?;
    Some((
        code.to_string(),
        error["Message"].as_str().unwrap_or_default().to_string(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target() -> Target {
        Target {
            secret_id: "AKIDEXAMPLE".into(),
            secret_key: "mockSecretKey".into(),
            base_url: "http://127.0.0.1:12045".into(),
            host: "127.0.0.1:12045".into(),
            now_secs: 1_714_560_000,
        }
    }

    #[test]
    fn params_are_strings_or_json() {
        assert_eq!(
            parse_param("DeviceName=a=b").unwrap(),
            ("DeviceName".into(), Value::from("a=b"))
        );
        assert_eq!(
            parse_param("Size:=10").unwrap(),
            ("Size".into(), Value::from(10))
        );
        assert_eq!(
            parse_param("Data=x:=y").unwrap(),
            ("Data".into(), Value::from("x:=y"))
        );
        assert!(parse_param("Size:=ten").is_err());
        assert!(parse_param("nothing").is_err());
        assert!(parse_param("=v").is_err());
    }

    #[test]
    fn a_post_carries_a_compact_json_body_signed_at_the_worlds_date() {
        let s = signed(
            &target(),
            "DescribeDevice",
            &[("ProductId".into(), Value::from("AQTV2839QJ"))],
            &Options::default(),
        )
        .unwrap();
        assert_eq!(s.body, r#"{"ProductId":"AQTV2839QJ"}"#);
        assert!(s.headers[0].1.starts_with(
            "TC3-HMAC-SHA256 Credential=AKIDEXAMPLE/2024-05-01/iotvideo/tc3_request, SignedHeaders=content-type;host, Signature="
        ));
        assert!(!s.headers.iter().any(|(n, _)| *n == "X-TC-Region"));
    }

    #[test]
    fn the_get_form_flattens_lists_and_quotes_for_the_shell() {
        let s = signed(
            &target(),
            "DescribeCloudStorageThumbnailList",
            &[
                ("DeviceName".into(), Value::from("dev 1")),
                ("ThumbnailList".into(), serde_json::json!(["/a", "b'c"])),
                ("Size".into(), Value::from(5)),
            ],
            &Options {
                get: true,
                region: Some(DEFAULT_REGION.into()),
                ..Options::default()
            },
        )
        .unwrap();
        assert_eq!(
            s.url,
            "http://127.0.0.1:12045/?DeviceName=dev+1&ThumbnailList.0=%2Fa&ThumbnailList.1=b%27c&Size=5"
        );
        assert!(s.body.is_empty());
        assert!(curl(&s).contains("-H 'X-TC-Region: ap-guangzhou'"));
        assert_eq!(shell_quote("it's"), r"'it'\''s'");
    }

    #[test]
    fn actions_are_named_with_or_without_the_vendor() {
        assert_eq!(action("tencent.DescribeDevice").unwrap(), "DescribeDevice");
        assert_eq!(action("WakeUpDevice").unwrap(), "WakeUpDevice");
        let err = action("describeDevice").unwrap_err();
        assert!(err.contains("CreateCloudStorage"), "{err}");
    }
}
