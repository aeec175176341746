//! `ApiRequest`: one vendor or control request with its body read once (within a limit), and
//! typed access to its parameters. Decoding problems come back as `DecodeError`, which every
//! vendor turns into its own "invalid parameter" answer naming the parameter.

use bytes::Bytes;
use http::{HeaderMap, Method, Request};
use http_body_util::{BodyExt, Limited};
use hyper::body::Incoming;
use serde_json::{Map, Value};
use std::fmt;
use std::sync::OnceLock;
use std::time::Duration;

pub struct ApiRequest {
    pub method: Method,
    /// Path with repeated slashes collapsed (`//devices` -> `/devices`), as some SDKs send.
    pub path: String,
    pub raw_query: String,
    pub query: Vec<(String, String)>,
    pub headers: HeaderMap,
    pub body: Bytes,
    json: OnceLock<Result<Value, DecodeError>>,
}

/// Why a body could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    TooLarge {
        limit: usize,
    },
    Broken,
    /// The body did not arrive whole within the body-read timeout.
    TimedOut,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    EmptyBody,
    NotJson(String),
    NotObject,
    Missing(String),
    WrongType {
        name: String,
        expected: &'static str,
    },
    Invalid {
        name: String,
        reason: String,
    },
    /// Two parameters that exclude each other were both given.
    Conflict(String, String),
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::EmptyBody => f.write_str("request body is empty"),
            DecodeError::NotJson(e) => write!(f, "request body is not valid JSON: {e}"),
            DecodeError::NotObject => f.write_str("request body is not a JSON object"),
            DecodeError::Missing(n) => write!(f, "parameter {n} missing"),
            DecodeError::WrongType { name, expected } => {
                write!(f, "parameter {name} must be {expected}")
            }
            DecodeError::Invalid { name, reason } => write!(f, "parameter {name} {reason}"),
            DecodeError::Conflict(a, b) => {
                write!(f, "parameters {a} and {b} exclude each other: give one")
            }
        }
    }
}

impl ApiRequest {
    /// Reads the request, refusing a body over `limit` bytes without buffering it whole, or one
    /// that takes longer than `timeout` to arrive (a client that announces a body and sends it
    /// slowly, or never, would otherwise hold its connection for good).
    /// On a read error the request comes back with an empty body, for the journal.
    pub async fn read(
        req: Request<Incoming>,
        limit: usize,
        timeout: Duration,
    ) -> (ApiRequest, Option<ReadError>) {
        let (parts, body) = req.into_parts();
        let declared = parts
            .headers
            .get(http::header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        let (body, error) = if declared.is_some_and(|n| n > limit as u64) {
            (Bytes::new(), Some(ReadError::TooLarge { limit }))
        } else {
            match tokio::time::timeout(timeout, Limited::new(body, limit).collect()).await {
                Ok(Ok(collected)) => (collected.to_bytes(), None),
                Ok(Err(e)) if e.is::<http_body_util::LengthLimitError>() => {
                    (Bytes::new(), Some(ReadError::TooLarge { limit }))
                }
                Ok(Err(_)) => (Bytes::new(), Some(ReadError::Broken)),
                Err(_) => (Bytes::new(), Some(ReadError::TimedOut)),
            }
        };
        let raw_query = parts.uri.query().unwrap_or("").to_string();
        let request = ApiRequest {
            method: parts.method,
            path: collapse_slashes(parts.uri.path()),
            query: form_urlencoded::parse(raw_query.as_bytes())
                .into_owned()
                .collect(),
            raw_query,
            headers: parts.headers,
            body,
            json: OnceLock::new(),
        };
        (request, error)
    }

    /// A request built in memory (unit tests, the control API's own checks).
    pub fn new(
        method: Method,
        path_and_query: &str,
        headers: HeaderMap,
        body: Bytes,
    ) -> ApiRequest {
        let (path, raw_query) = path_and_query
            .split_once('?')
            .unwrap_or((path_and_query, ""));
        ApiRequest {
            method,
            path: collapse_slashes(path),
            query: form_urlencoded::parse(raw_query.as_bytes())
                .into_owned()
                .collect(),
            raw_query: raw_query.to_string(),
            headers,
            body,
            json: OnceLock::new(),
        }
    }

    /// A header's value as text. Takes a `HeaderName` constant on hot paths (no name parsing)
    /// or a `&str`.
    pub fn header<K: http::header::AsHeaderName>(&self, name: K) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The Host the client sent (port included), as it signs it.
    pub fn host(&self) -> &str {
        self.header(http::header::HOST).unwrap_or("")
    }

    pub fn query_param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The body as JSON, parsed once however often it is asked for.
    pub fn json(&self) -> Result<&Value, DecodeError> {
        self.json
            .get_or_init(|| {
                if self.body.iter().all(u8::is_ascii_whitespace) {
                    return Err(DecodeError::EmptyBody);
                }
                serde_json::from_slice(&self.body).map_err(|e| DecodeError::NotJson(e.to_string()))
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// The body as a JSON object's parameters.
    pub fn params(&self) -> Result<Params<'_>, DecodeError> {
        match self.json()? {
            Value::Object(map) => Ok(Params(map)),
            _ => Err(DecodeError::NotObject),
        }
    }

    /// A top-level parameter from the JSON body or, failing that, the query, as text
    /// (what fault rules match on). Never fails: a bad body simply has no parameters.
    pub fn param_text(&self, name: &str) -> Option<String> {
        let from_body = match self.json() {
            Ok(Value::Object(map)) => map.get(name).map(|v| match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            }),
            _ => None,
        };
        from_body.or_else(|| self.query_param(name).map(str::to_string))
    }
}

fn collapse_slashes(path: &str) -> String {
    if !path.is_empty() && !path.contains("//") {
        return path.to_string();
    }
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        if !(c == '/' && out.ends_with('/')) {
            out.push(c);
        }
    }
    if out.is_empty() {
        out.push('/');
    }
    out
}

/// Typed, named access to a JSON object's fields.
#[derive(Clone, Copy)]
pub struct Params<'a>(pub &'a Map<String, Value>);

impl<'a> Params<'a> {
    /// A string parameter; absent, `null` and `""` all count as not given.
    pub fn opt_str(&self, name: &str) -> Result<Option<&'a str>, DecodeError> {
        match self.0.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) if s.is_empty() => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.as_str())),
            Some(_) => Err(DecodeError::WrongType {
                name: name.to_string(),
                expected: "a string",
            }),
        }
    }

    pub fn str(&self, name: &str) -> Result<&'a str, DecodeError> {
        self.opt_str(name)?
            .ok_or_else(|| DecodeError::Missing(name.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_slashes_collapse() {
        assert_eq!(collapse_slashes("//devices//1"), "/devices/1");
        assert_eq!(collapse_slashes(""), "/");
    }

    #[test]
    fn params_name_the_field_in_errors() {
        let req = ApiRequest::new(
            Method::POST,
            "/x",
            HeaderMap::new(),
            Bytes::from_static(br#"{"a":"x","b":1,"c":""}"#),
        );
        let p = req.params().expect("object");
        assert_eq!(p.str("a"), Ok("x"));
        assert_eq!(p.str("c"), Err(DecodeError::Missing("c".into())));
        assert!(matches!(p.str("b"), Err(DecodeError::WrongType { .. })));
        assert_eq!(req.param_text("b").as_deref(), Some("1"));
    }
}
