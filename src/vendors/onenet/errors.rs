//! OneNET's envelope `{"errno":N,"error":"<text>"}`: HTTP 200 for every errno of the generic
//! table (the official Android sample reads only 2xx bodies), except the object store (section
//! 16), whose codes are HTTP statuses and are mirrored in the status line. Texts are the
//! tables'; a detail naming the parameter follows after `: `.

use crate::api::request::{DecodeError, ReadError};
use crate::api::response::ApiResponse;
use crate::sim::{Ids, SimError};
use crate::vendors::VendorError;
use http::StatusCode;
use serde::Serialize;

/// Every errno OneNET's video API answers, with its table text: the generic HTTP API table
/// (1 to 23) and the object store's (200 to 1003).
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
    (400, "bad request"),
    (401, "auth failed"),
    (403, "access deny"),
    (404, "resource not found"),
    (405, "method not allow"),
    (413, "resource size is too big"),
    (500, "system internal error"),
    (502, "bad gateway"),
    (503, "service unavailable"),
    (504, "gateway timeout"),
    (1001, "invalid name, excluding special characters"),
    (1002, "invalid name, maximum limit is 256"),
    (1003, "invalid desc, maximum limit is 1024"),
];

/// The generic errnos by name.
pub mod errno {
    pub const INTERNAL: i64 = 1;
    pub const KEY_REQUIRED: i64 = 2;
    pub const AUTH_FAILED: i64 = 3;
    pub const INVALID_JSON: i64 = 4;
    pub const TOO_LARGE: i64 = 5;
    pub const INVALID: i64 = 6;
    pub const REQUIRED: i64 = 7;
    pub const NOT_FOUND: i64 = 8;
    pub const BODY_REQUIRED: i64 = 9;
    pub const OFFLINE: i64 = 10;
    pub const EXISTS: i64 = 12;
    pub const SYSTEM_LIMIT: i64 = 13;
    pub const FREQUENCY: i64 = 15;
    /// "device count limit by account policy": a product's device bound reached.
    pub const DEVICE_LIMIT: i64 = 19;
    /// The video API's "channel already exists" (section 2.3).
    pub const CHANNEL_EXISTS: i64 = 16;
    /// The video API's "channel not available under this device" (section 2.4).
    pub const CHANNEL_MISSING: i64 = 17;
    pub const FIELD_CONSTRAINT: i64 = 21;
    pub const INVALID_PROTOCOL: i64 = 22;
}

/// `play_address`'s own codes (section 4.1); the texts are the seed's, in English.
pub mod play {
    pub const PARAM: (i64, &str) = (1, "param error");
    pub const SERVER: (i64, &str) = (2, "server internal error");
    pub const NO_CHANNEL: (i64, &str) = (3, "channel not exist");
    pub const OFFLINE: (i64, &str) = (4, "device not online");
    pub const DEVICE_DATA: (i64, &str) = (5, "device data error");
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OnenetError {
    pub errno: i64,
    pub error: String,
    pub status: StatusCode,
}

#[derive(Serialize)]
struct Envelope<'a> {
    errno: i64,
    error: &'a str,
}

fn text_of(errno: i64) -> Option<&'static str> {
    CATALOGUE.iter().find(|(n, _)| *n == errno).map(|(_, t)| *t)
}

impl OnenetError {
    /// A catalogue code by its text (fault rules, `X-Camsim-Error`); an object-store code
    /// carries its HTTP status.
    pub fn coded(code: &str, message: Option<&str>) -> Option<OnenetError> {
        let errno: i64 = code.trim().parse().ok()?;
        let text = text_of(errno)?;
        Some(OnenetError {
            errno,
            error: message.unwrap_or(text).to_string(),
            status: store_status(errno),
        })
    }

    /// The generic `errno` with its table text.
    pub fn of(errno: i64) -> OnenetError {
        OnenetError {
            errno,
            error: text_of(errno).unwrap_or("unsuccess").to_string(),
            status: StatusCode::OK,
        }
    }

    /// The generic `errno`, its table text followed by `detail` (which names the parameter).
    pub fn because(errno: i64, detail: impl std::fmt::Display) -> OnenetError {
        let text = text_of(errno).unwrap_or("unsuccess");
        OnenetError {
            errno,
            error: format!("{text}: {detail}"),
            status: StatusCode::OK,
        }
    }

    /// An errno whose text is the endpoint's own (section 2's 16 and 17, `play_address`'s codes).
    pub fn own(errno: i64, text: &str) -> OnenetError {
        OnenetError {
            errno,
            error: text.to_string(),
            status: StatusCode::OK,
        }
    }

    /// `play_address`'s code (see [`play`]), with a detail.
    pub fn play((errno, text): (i64, &str), detail: impl std::fmt::Display) -> OnenetError {
        OnenetError::own(errno, &format!("{text}: {detail}"))
    }

    pub fn channel_exists() -> OnenetError {
        OnenetError::own(
            errno::CHANNEL_EXISTS,
            "The channel already exists,cannot add again!",
        )
    }

    pub fn channel_missing() -> OnenetError {
        OnenetError::own(
            errno::CHANNEL_MISSING,
            "This channel is not available under this device!",
        )
    }

    /// An object-store code (section 16), mirrored in the HTTP status.
    pub fn store(code: i64, detail: impl std::fmt::Display) -> OnenetError {
        let text = text_of(code).unwrap_or("bad request");
        OnenetError {
            errno: code,
            error: format!("{text}: {detail}"),
            status: store_status(code),
        }
    }

    /// The same error as the object store words it: a generic errno becomes its store code.
    pub fn in_store(self) -> OnenetError {
        if self.status != StatusCode::OK {
            return self;
        }
        let code = match self.errno {
            errno::KEY_REQUIRED | errno::AUTH_FAILED => 401,
            errno::NOT_FOUND => 404,
            errno::TOO_LARGE => 413,
            errno::INTERNAL => 500,
            _ => 400,
        };
        let detail = self
            .error
            .split_once(": ")
            .map_or(self.error.as_str(), |(_, d)| d);
        OnenetError::store(code, detail)
    }
}

/// The HTTP status of a code: the object store's are statuses (1001-1003 are 400s); the rest
/// answer 200.
fn store_status(code: i64) -> StatusCode {
    match code {
        1001..=1003 => StatusCode::BAD_REQUEST,
        400..=599 => u16::try_from(code)
            .ok()
            .and_then(|c| StatusCode::from_u16(c).ok())
            .unwrap_or(StatusCode::OK),
        _ => StatusCode::OK,
    }
}

impl VendorError for OnenetError {
    fn render(&self, _ids: &Ids) -> ApiResponse {
        let body = Envelope {
            errno: self.errno,
            error: &self.error,
        };
        ApiResponse::json(self.status, &body).with_code(self.errno.to_string())
    }
}

impl From<DecodeError> for OnenetError {
    fn from(e: DecodeError) -> Self {
        match &e {
            DecodeError::EmptyBody => OnenetError::of(errno::BODY_REQUIRED),
            DecodeError::NotJson(_) | DecodeError::NotObject => {
                OnenetError::because(errno::INVALID_JSON, e)
            }
            DecodeError::Missing(name) => OnenetError::because(errno::REQUIRED, name),
            _ => OnenetError::because(errno::INVALID, e),
        }
    }
}

impl From<ReadError> for OnenetError {
    fn from(e: ReadError) -> Self {
        match e {
            ReadError::TooLarge { limit, .. } => {
                OnenetError::because(errno::TOO_LARGE, format!("the body is over {limit} bytes"))
            }
            ReadError::Malformed(why) => OnenetError::because(errno::INVALID, why),
            ReadError::Broken => OnenetError::because(errno::BODY_REQUIRED, "the body broke off"),
            ReadError::TimedOut => {
                OnenetError::because(errno::BODY_REQUIRED, "the body did not arrive in time")
            }
        }
    }
}

impl From<SimError> for OnenetError {
    fn from(e: SimError) -> Self {
        match e {
            SimError::UnknownAccount(_) => OnenetError::of(errno::AUTH_FAILED),
            SimError::DeviceNotFound(id) => {
                OnenetError::because(errno::NOT_FOUND, format!("device {id}"))
            }
            other => OnenetError::because(errno::INTERNAL, other),
        }
    }
}

pub fn not_found() -> OnenetError {
    OnenetError::of(errno::NOT_FOUND)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn store_codes_are_statuses_and_the_rest_answer_200() {
        assert_eq!(
            OnenetError::coded("404", None).map(|e| e.status),
            Some(StatusCode::NOT_FOUND)
        );
        assert_eq!(
            OnenetError::coded("1002", None).map(|e| e.status),
            Some(StatusCode::BAD_REQUEST)
        );
        assert_eq!(
            OnenetError::coded("3", None).map(|e| e.status),
            Some(StatusCode::OK)
        );
        assert_eq!(OnenetError::coded("24", None), None);
        assert_eq!(OnenetError::of(errno::NOT_FOUND).in_store().errno, 404);
    }
}
