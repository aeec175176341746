//! A Tencent Cloud API 3.0 client for tests, signing TC3-HMAC-SHA256 with the test suite's own
//! signer (`hostile/tencent_sign.rs`, not camsim's code) the way the official SDKs do: `POST /` with a JSON body, or `GET /` with the
//! parameters in the query; `content-type;host` signed. Answers keep status, headers and body.

use super::hostile::tencent_sign;
use reqwest::Method;
use serde_json::Value;

/// The test world's first API key (`fixtures/tencent.yaml`).
pub const SECRET_ID: &str = "AKIDcamsimTEST000000000000000000001";
pub const SECRET_KEY: &str = "camsimTestSecretKey0000000000001";
/// The account's second key.
pub const SECRET_ID_2: &str = "AKIDcamsimTEST000000000000000000002";
pub const SECRET_KEY_2: &str = "camsimTestSecretKey0000000000002";
pub const APP_ID: &str = "100008401725";
/// The video-stream and image-stream products.
pub const VIDEO_PRODUCT: &str = "AQTV2839QJ";
pub const IMAGE_PRODUCT: &str = "H541SOP191";
pub const VERSION: &str = "2021-11-25";

/// What a client sends, before it is signed (tests change parts of it).
#[derive(Debug, Clone)]
pub struct Call {
    pub method: Method,
    pub action: String,
    /// POST: the JSON body; GET: empty.
    pub body: String,
    /// GET: the query string (without `?`); POST: empty.
    pub query: String,
    pub content_type: String,
    pub timestamp: i64,
    pub version: Option<String>,
    pub language: Option<String>,
    pub region: Option<String>,
}

/// The answer, as a client sees it.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub content_type: String,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
}

impl Answer {
    /// `Response`.
    pub fn response(&self) -> &Value {
        &self.body["Response"]
    }

    /// `Response.Error.Code`, when the answer is an error.
    pub fn code(&self) -> Option<&str> {
        self.body["Response"]["Error"]["Code"].as_str()
    }

    pub fn message(&self) -> &str {
        self.body["Response"]["Error"]["Message"]
            .as_str()
            .unwrap_or("")
    }

    /// The answer's `Response` with its `RequestId` checked as a UUID and replaced, for
    /// snapshots.
    pub fn wire(&self) -> Value {
        let mut body = self.body.clone();
        if let Some(id) = body["Response"]["RequestId"].as_str() {
            assert!(uuid_like(id), "RequestId {id} is a UUID");
            body["Response"]["RequestId"] = Value::String("[request id]".into());
        }
        serde_json::json!({
            "status": self.status,
            "contentType": self.content_type,
            "body": body,
        })
    }

    /// Panics unless the answer is a success; returns `Response`.
    pub fn ok(&self) -> &Value {
        assert_eq!(self.status, 200);
        assert!(
            self.code().is_none(),
            "expected a success, got {}",
            self.body
        );
        self.response()
    }
}

fn uuid_like(id: &str) -> bool {
    id.len() == 36 && id.chars().filter(|c| *c == '-').count() == 4
}

pub struct TencentClient {
    pub http: reqwest::Client,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    pub secret_id: String,
    pub secret_key: String,
    /// The timestamp signed (the world clock's).
    pub now: i64,
}

impl TencentClient {
    pub fn new(base: &str, now: i64) -> TencentClient {
        TencentClient {
            http: reqwest::Client::new(),
            base: base.trim_end_matches('/').to_string(),
            secret_id: SECRET_ID.into(),
            secret_key: SECRET_KEY.into(),
            now,
        }
    }

    pub fn with_key(mut self, id: &str, key: &str) -> TencentClient {
        self.secret_id = id.into();
        self.secret_key = key.into();
        self
    }

    /// The host the client signs and sends (`127.0.0.1:PORT`).
    pub fn host(&self) -> String {
        self.base.trim_start_matches("http://").to_string()
    }

    /// A POST of `body` (JSON) to `action`.
    pub fn post(&self, action: &str, body: &Value) -> Call {
        Call {
            method: Method::POST,
            action: action.into(),
            body: body.to_string(),
            query: String::new(),
            content_type: "application/json".into(),
            timestamp: self.now,
            version: Some(VERSION.into()),
            language: None,
            region: Some("ap-guangzhou".into()),
        }
    }

    /// A GET of `action` with `query` (form-encoded, as written).
    pub fn get(&self, action: &str, query: &str) -> Call {
        Call {
            method: Method::GET,
            action: action.into(),
            body: String::new(),
            query: query.into(),
            content_type: "application/x-www-form-urlencoded".into(),
            timestamp: self.now,
            version: Some(VERSION.into()),
            language: None,
            region: Some("ap-guangzhou".into()),
        }
    }

    /// The `Authorization` header for `call`, signed with `key` over `host` and `service`.
    pub fn authorization_with(&self, call: &Call, key: &str, host: &str, service: &str) -> String {
        let date = tencent_sign::utc_date(call.timestamp);
        let timestamp = call.timestamp.to_string();
        tencent_sign::authorization(&tencent_sign::Signing {
            secret_id: &self.secret_id,
            secret_key: key,
            method: call.method.as_str(),
            query: &call.query,
            headers: &[("content-type", &call.content_type), ("host", host)],
            body: call.body.as_bytes(),
            timestamp: &timestamp,
            date: &date,
            service,
        })
    }

    pub fn authorization(&self, call: &Call) -> String {
        self.authorization_with(call, &self.secret_key, &self.host(), "iotvideo")
    }

    /// Sends `call` with `authorization` (None: no header).
    pub async fn send_with(&self, call: &Call, authorization: Option<&str>) -> Answer {
        let url = if call.query.is_empty() {
            format!("{}/", self.base)
        } else {
            format!("{}/?{}", self.base, call.query)
        };
        let mut req = self
            .http
            .request(call.method.clone(), url)
            .header("content-type", &call.content_type)
            .header("x-tc-action", &call.action)
            .header("x-tc-timestamp", call.timestamp.to_string());
        if let Some(v) = &call.version {
            req = req.header("x-tc-version", v);
        }
        if let Some(l) = &call.language {
            req = req.header("x-tc-language", l);
        }
        if let Some(r) = &call.region {
            req = req.header("x-tc-region", r);
        }
        if let Some(a) = authorization {
            req = req.header("authorization", a);
        }
        if !call.body.is_empty() {
            req = req.body(call.body.clone());
        }
        let response = req.send().await.expect("camsim answers");
        Answer::of(response).await
    }

    /// Signs and sends `call`.
    pub async fn send(&self, call: &Call) -> Answer {
        let auth = self.authorization(call);
        self.send_with(call, Some(&auth)).await
    }

    /// Signs and POSTs `body` to `action`.
    pub async fn call(&self, action: &str, body: Value) -> Answer {
        self.send(&self.post(action, &body)).await
    }

    /// A plain GET of a URL camsim handed out (media links).
    pub async fn fetch(&self, url: &str) -> reqwest::Response {
        self.http.get(url).send().await.expect("camsim answers")
    }
}

impl Answer {
    pub async fn of(response: reqwest::Response) -> Answer {
        let headers = response.headers().clone();
        let wire = super::Wire::of(response).await;
        Answer {
            status: wire.status,
            content_type: wire.content_type,
            headers,
            body: wire.body,
        }
    }
}
