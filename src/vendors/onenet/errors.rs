//! OneNET's envelope `{"errno":N,"error":"<text>"}`, HTTP 200 for every errno (the official
//! Android sample reads only 2xx bodies), with OneNET's generic errno table.

use crate::api::request::{DecodeError, ReadError};
use crate::api::response::ApiResponse;
use crate::sim::{Ids, SimError};
use crate::vendors::VendorError;
use http::StatusCode;
use serde::Serialize;

pub const CATALOGUE: &[(i64, &str)] = &[
    (1, "internal server error"),
    (2, "api-key required"),
    (3, "auth failed"),
    (4, "invalid JSON"),
    (5, "request entity too large"),
    (6, "invalid parameter"),
    (7, "parameter required"),
    (8, "not found"),
    (9, "entity data required"),
    (10, "device not online"),
    (11, "datastream already exists"),
    (12, "already exists"),
    (13, "system limit"),
    (14, "network latency"),
    (15, "api freq out of limit"),
    (16, "unsuccess"),
    (17, "nbiot server error"),
    (18, "hs server error"),
    (19, "device count limit by account policy"),
    (20, "max device count limit is 1000 for one time"),
    (21, "device field constraint violation"),
    (22, "invalid protocol"),
    (23, "contain sensitive words"),
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OnenetError {
    pub errno: i64,
    pub error: String,
}

#[derive(Serialize)]
struct Envelope<'a> {
    errno: i64,
    error: &'a str,
}

impl OnenetError {
    pub fn coded(code: &str, message: Option<&str>) -> Option<OnenetError> {
        let errno: i64 = code.parse().ok()?;
        let (_, text) = CATALOGUE.iter().find(|(n, _)| *n == errno)?;
        Some(OnenetError {
            errno,
            error: message.unwrap_or(text).to_string(),
        })
    }

    fn of(errno: i64, detail: String) -> OnenetError {
        OnenetError {
            errno,
            error: detail,
        }
    }
}

impl VendorError for OnenetError {
    fn render(&self, _ids: &Ids) -> ApiResponse {
        let body = Envelope {
            errno: self.errno,
            error: &self.error,
        };
        ApiResponse::json(StatusCode::OK, &body).with_code(self.errno.to_string())
    }
}

impl From<DecodeError> for OnenetError {
    fn from(e: DecodeError) -> Self {
        match e {
            DecodeError::EmptyBody => OnenetError::of(9, "entity data required".into()),
            DecodeError::NotJson(_) | DecodeError::NotObject => {
                OnenetError::of(4, "invalid JSON".into())
            }
            DecodeError::Missing(name) => OnenetError::of(7, format!("parameter required: {name}")),
            other => OnenetError::of(6, format!("invalid parameter: {other}")),
        }
    }
}

impl From<ReadError> for OnenetError {
    fn from(e: ReadError) -> Self {
        match e {
            ReadError::TooLarge { .. } => OnenetError::of(5, "request entity too large".into()),
            ReadError::Malformed(_) | ReadError::Broken | ReadError::TimedOut => {
                OnenetError::of(9, "entity data required".into())
            }
        }
    }
}

impl From<SimError> for OnenetError {
    fn from(e: SimError) -> Self {
        match e {
            SimError::UnknownAccount(_) => OnenetError::of(3, "auth failed".into()),
            _ => OnenetError::of(8, "not found".into()),
        }
    }
}

pub fn not_found() -> OnenetError {
    OnenetError::of(8, "not found".into())
}
