//! A OneNET client as the official samples are: the `api-key` header, query parameters, JSON
//! bodies; every answer read whole with its status, headers and JSON (when it is JSON).

use reqwest::{Method, StatusCode};
use serde_json::Value;

pub const ONENET_PRODUCT: &str = "375201";
pub const ONENET_MASTER_KEY: &str = "MASTERKEY375201TEST0000000000000";
pub const ONENET_REGISTER_CODE: &str = "REGCODE375201";
/// Online, channels 1 and 2, replies at once.
pub const ONENET_DEVICE: &str = "25045682";
pub const ONENET_DEVICE_KEY: &str = "DEVKEY25045682TEST00000000000000";
pub const ONENET_OFFLINE_DEVICE: &str = "25045683";
pub const ONENET_OFFLINE_KEY: &str = "DEVKEY25045683TEST00000000000000";
/// Replies after the product's wait (1.5 s): 3 s.
pub const ONENET_SLOW_DEVICE: &str = "25045684";
pub const ONENET_SILENT_DEVICE: &str = "25045685";
pub const ONENET_GARBLED_DEVICE: &str = "25045686";
pub const ONENET_UNREACHABLE_DEVICE: &str = "25045687";
pub const ONENET_TEXT_REPLY_DEVICE: &str = "25045688";
/// Commands stay "sending" for 10 minutes (of world or real time).
pub const ONENET_QUEUED_DEVICE: &str = "25045689";
pub const ONENET_OTHER_PRODUCT: &str = "375999";
pub const ONENET_OTHER_MASTER_KEY: &str = "MASTERKEY375999TEST0000000000000";
pub const ONENET_OTHER_DEVICE: &str = "26000001";
pub const ONENET_OTHER_DEVICE_KEY: &str = "DEVKEY26000001TEST00000000000000";

/// What a client sees of one answer.
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub bytes: Vec<u8>,
    /// The body as JSON, or `Value::Null` when it is not JSON.
    pub json: Value,
}

impl Answer {
    /// A response read whole: status, headers, bytes and (when it is JSON) its value.
    pub async fn read(response: reqwest::Response) -> Answer {
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.bytes().await.expect("onenet body").to_vec();
        let json = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Answer {
            status,
            headers,
            bytes,
            json,
        }
    }
}

impl Answer {
    pub fn errno(&self) -> i64 {
        self.json["errno"].as_i64().unwrap_or(-1)
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

pub struct OnenetClient {
    pub base: String,
    pub key: Option<String>,
    http: reqwest::Client,
}

impl OnenetClient {
    pub fn new(base: &str, key: Option<&str>) -> OnenetClient {
        OnenetClient {
            base: base.trim_end_matches('/').to_string(),
            key: key.map(str::to_string),
            http: reqwest::Client::new(),
        }
    }

    /// The same client with another key (or none).
    pub fn with_key(&self, key: Option<&str>) -> OnenetClient {
        OnenetClient::new(&self.base, key)
    }

    /// `method path?query` with an optional body (sent as `application/json`).
    pub async fn send(
        &self,
        method: Method,
        path_and_query: &str,
        body: Option<Vec<u8>>,
    ) -> Answer {
        let mut request = self
            .http
            .request(method, format!("{}{}", self.base, path_and_query));
        if let Some(key) = &self.key {
            request = request.header("api-key", key);
        }
        if let Some(body) = body {
            request = request
                .header("Content-Type", "application/json")
                .body(body);
        }
        Answer::read(request.send().await.expect("onenet request")).await
    }

    pub async fn get(&self, path_and_query: &str) -> Answer {
        self.send(Method::GET, path_and_query, None).await
    }

    pub async fn delete(&self, path_and_query: &str) -> Answer {
        self.send(Method::DELETE, path_and_query, None).await
    }

    pub async fn post(&self, path_and_query: &str, body: &Value) -> Answer {
        self.send(
            Method::POST,
            path_and_query,
            Some(body.to_string().into_bytes()),
        )
        .await
    }

    pub async fn put(&self, path_and_query: &str, body: &Value) -> Answer {
        self.send(
            Method::PUT,
            path_and_query,
            Some(body.to_string().into_bytes()),
        )
        .await
    }

    /// A request with a raw body (binary uploads, bodies that are not JSON).
    pub async fn raw(&self, method: Method, path_and_query: &str, body: Vec<u8>) -> Answer {
        self.send(method, path_and_query, Some(body)).await
    }
}
