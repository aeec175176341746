//! Sodalife's error envelope `{"error":"<MACHINE_CODE>","error_description":"<text>"}` with the
//! HTTP statuses proposed for Sodalife (RFC 6749 style).

use crate::api::request::{DecodeError, ReadError};
use crate::api::response::ApiResponse;
use crate::sim::{Ids, SimError};
use crate::vendors::VendorError;
use http::StatusCode;
use serde::Serialize;

/// Machine code, HTTP status, default description.
pub const CATALOGUE: &[(&str, u16, &str)] = &[
    ("INVALID_REQUEST", 400, "invalid request"),
    ("INVALID_GRANT", 400, "invalid grant"),
    ("INVALID_SCOPE", 400, "invalid scope"),
    ("INVALID_REDIRECT_URI", 400, "invalid redirect uri"),
    ("UNSUPPORTED_GRANT_TYPE", 400, "unsupported grant type"),
    (
        "UNSUPPORTED_RESPONSE_TYPE",
        400,
        "unsupported response type",
    ),
    ("INVALID_CLIENT", 401, "invalid client"),
    ("UNAUTHORIZED", 401, "unauthorized"),
    ("UNAUTHORIZED_USER", 401, "unauthorized user"),
    ("UNAUTHORIZED_CLIENT", 403, "unauthorized client"),
    ("ACCESS_DENIED", 403, "access denied"),
    ("NOT_FOUND", 404, "not found"),
    ("INVALID_RESOURCE", 404, "invalid resource"),
    ("CANCELLED", 409, "cancelled"),
    ("COMPLETED", 409, "completed"),
    ("GONE", 410, "gone"),
    ("LOCKED", 423, "locked"),
    ("TOO_MANY_REQUESTS", 429, "too many requests"),
    ("INTERNAL_SERVER_ERROR", 500, "internal server error"),
    ("EXTERNAL_SERVER_ERROR", 502, "external server error"),
    ("TEMPORARILY_UNAVAILABLE", 503, "temporarily unavailable"),
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SodalifeError {
    pub error: String,
    pub description: String,
    pub status: u16,
}

#[derive(Serialize)]
struct Envelope<'a> {
    error: &'a str,
    error_description: &'a str,
}

impl SodalifeError {
    pub fn coded(code: &str, description: Option<&str>) -> Option<SodalifeError> {
        let (error, status, default) = CATALOGUE.iter().find(|(c, _, _)| *c == code)?;
        Some(SodalifeError {
            error: error.to_string(),
            description: description.unwrap_or(default).to_string(),
            status: *status,
        })
    }

    fn of(code: &str, description: String) -> SodalifeError {
        let mut e = SodalifeError::coded(code, None).expect("code is in the catalogue");
        e.description = description;
        e
    }
}

impl VendorError for SodalifeError {
    fn render(&self, _ids: &Ids) -> ApiResponse {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::BAD_REQUEST);
        let body = Envelope {
            error: &self.error,
            error_description: &self.description,
        };
        ApiResponse::json(status, &body).with_code(self.error.clone())
    }
}

impl From<DecodeError> for SodalifeError {
    fn from(e: DecodeError) -> Self {
        SodalifeError::of("INVALID_REQUEST", e.to_string())
    }
}

impl From<ReadError> for SodalifeError {
    fn from(e: ReadError) -> Self {
        match e {
            ReadError::TooLarge { limit } => SodalifeError::of(
                "INVALID_REQUEST",
                format!("request body exceeds {limit} bytes"),
            ),
            ReadError::Broken | ReadError::TimedOut => {
                SodalifeError::of("INVALID_REQUEST", "request body could not be read".into())
            }
        }
    }
}

impl From<SimError> for SodalifeError {
    fn from(e: SimError) -> Self {
        match e {
            SimError::UnknownAccount(_) => SodalifeError::of("INVALID_CLIENT", e.to_string()),
            _ => SodalifeError::of("NOT_FOUND", e.to_string()),
        }
    }
}

pub fn not_found(method: &str, path: &str) -> SodalifeError {
    SodalifeError::of("NOT_FOUND", format!("{method} {path} not found"))
}
