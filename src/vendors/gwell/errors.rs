//! Gwell's error codes and envelope: `{"code":N,"msg":"...","requestId":"<uuid>"}`, always
//! HTTP 200 (gwell.md proposal: clients read `code`), except 404 for a path that is not an
//! endpoint. The catalogue is Gwell's documented error table; one place to change it.

use super::wire::ErrorEnvelope;
use crate::api::request::{DecodeError, ReadError};
use crate::api::response::ApiResponse;
use crate::sim::{Ids, SimError};
use crate::vendors::VendorError;
use http::StatusCode;

/// Why a signature check failed; the number ends the 10007 message (`signature validate fail:-3`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureFault {
    /// -1: the body could not be read.
    Unreadable,
    /// -2: the timestamp is outside the window (or missing).
    Expired,
    /// -3: the signature is wrong (bad key, tampered, replayed nonce, unknown app).
    Wrong,
}

impl SignatureFault {
    fn suffix(self) -> &'static str {
        match self {
            SignatureFault::Unreadable => "-1",
            SignatureFault::Expired => "-2",
            SignatureFault::Wrong => "-3",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GwellError {
    /// 10001
    MissingParameters,
    /// 10003, with what was wrong.
    ParameterFormat(String),
    /// 10007
    SignatureFailed(SignatureFault),
    /// 10010, with what was not found.
    NoRecord(String),
    /// 10012
    NoResults,
    /// 10015
    TooFrequent,
    /// 10016, naming the parameter.
    ParameterMissing(String),
    /// 10017, naming the parameter, with why.
    OutOfRange(String, String),
    /// 10020, naming the parameter.
    NotANumber(String),
    /// 10026
    TokenExpired,
    /// A catalogue code with a chosen message (fault rules).
    Coded { code: i64, msg: String },
    /// Not an endpoint: HTTP 404 with code 10010.
    UnknownEndpoint { method: String, path: String },
}

/// Every code the custCloud API answers, with its message (`%s` = the parameter's name).
pub const CATALOGUE: &[(i64, &str)] = &[
    (0, "ok"),
    (10001, "missing parameter"),
    (10003, "parameter format error"),
    (10007, "signature validate fail:-3"),
    (10010, "no record found"),
    (10012, "no relevant results found"),
    (10015, "frequent access denied"),
    (10016, "parameter %s missing"),
    (10017, "parameter %s out of range"),
    (10020, "parameter %s is not a number"),
    (10026, "signature fail: token is expired"),
];

fn catalogue_msg(code: i64) -> &'static str {
    CATALOGUE
        .iter()
        .find(|(c, _)| *c == code)
        .map_or("", |(_, m)| m)
}

/// `message: detail`, or the bare message when there is no detail.
fn with_detail(message: String, detail: &str) -> String {
    if detail.is_empty() {
        message
    } else {
        format!("{message}: {detail}")
    }
}

impl GwellError {
    pub fn code(&self) -> i64 {
        match self {
            GwellError::MissingParameters => 10001,
            GwellError::ParameterFormat(_) => 10003,
            GwellError::SignatureFailed(_) => 10007,
            GwellError::NoRecord(_) | GwellError::UnknownEndpoint { .. } => 10010,
            GwellError::NoResults => 10012,
            GwellError::TooFrequent => 10015,
            GwellError::ParameterMissing(_) => 10016,
            GwellError::OutOfRange(..) => 10017,
            GwellError::NotANumber(_) => 10020,
            GwellError::TokenExpired => 10026,
            GwellError::Coded { code, .. } => *code,
        }
    }

    pub fn msg(&self) -> String {
        let template = catalogue_msg(self.code());
        match self {
            GwellError::SignatureFailed(fault) => {
                format!("signature validate fail:{}", fault.suffix())
            }
            GwellError::ParameterFormat(detail) | GwellError::NoRecord(detail) => {
                with_detail(template.to_string(), detail)
            }
            GwellError::ParameterMissing(name) | GwellError::NotANumber(name) => {
                template.replace("%s", name)
            }
            GwellError::OutOfRange(name, why) => with_detail(template.replace("%s", name), why),
            GwellError::UnknownEndpoint { method, path } => {
                format!("{template}: {method} {path} is not a custCloud endpoint")
            }
            GwellError::Coded { msg, .. } => msg.clone(),
            _ => template.to_string(),
        }
    }

    /// A catalogue error code as a fault rule asks for it (0 is success, not an error);
    /// `%s` is filled with `appId`.
    pub fn coded(code: &str, message: Option<&str>) -> Option<GwellError> {
        let code: i64 = code.parse().ok().filter(|c| *c != 0)?;
        let template = CATALOGUE.iter().find(|(c, _)| *c == code)?.1;
        Some(GwellError::Coded {
            code,
            msg: message.map_or_else(|| template.replace("%s", "appId"), str::to_string),
        })
    }
}

impl VendorError for GwellError {
    fn render(&self, ids: &Ids) -> ApiResponse {
        let status = match self {
            GwellError::UnknownEndpoint { .. } => StatusCode::NOT_FOUND,
            _ => StatusCode::OK,
        };
        let envelope = ErrorEnvelope {
            code: self.code(),
            msg: self.msg(),
            request_id: ids.uuid(),
        };
        ApiResponse::json(status, &envelope).with_code(self.code().to_string())
    }
}

impl From<DecodeError> for GwellError {
    fn from(e: DecodeError) -> Self {
        match e {
            DecodeError::EmptyBody => GwellError::SignatureFailed(SignatureFault::Unreadable),
            DecodeError::Missing(name) => GwellError::ParameterMissing(name),
            DecodeError::Invalid { name, reason } => GwellError::OutOfRange(name, reason),
            other => GwellError::ParameterFormat(other.to_string()),
        }
    }
}

impl From<ReadError> for GwellError {
    fn from(_: ReadError) -> Self {
        GwellError::SignatureFailed(SignatureFault::Unreadable)
    }
}

impl From<SimError> for GwellError {
    fn from(e: SimError) -> Self {
        match e {
            // The appId was routed here, so an unknown app means a credential mismatch.
            SimError::UnknownAccount(_) => GwellError::SignatureFailed(SignatureFault::Wrong),
            SimError::UnknownUser(id) => GwellError::NoRecord(format!("accessId {id}")),
            SimError::DeviceNotFound(id) => GwellError::NoRecord(format!("device {id}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(e: GwellError) -> String {
        String::from_utf8(e.render(&Ids::new(1)).body.to_vec()).expect("utf-8")
    }

    #[test]
    fn signature_failures_carry_their_variant() {
        let text = body(GwellError::SignatureFailed(SignatureFault::Expired));
        assert!(
            text.starts_with(r#"{"code":10007,"msg":"signature validate fail:-2","requestId":""#),
            "{text}"
        );
    }

    #[test]
    fn parameter_errors_name_the_parameter() {
        assert_eq!(
            GwellError::from(DecodeError::Missing("accessId".into())).msg(),
            "parameter accessId missing"
        );
        assert_eq!(
            GwellError::NotANumber("devId".into()).msg(),
            "parameter devId is not a number"
        );
    }

    #[test]
    fn every_catalogue_code_can_be_injected() {
        for (code, _) in CATALOGUE.iter().filter(|(c, _)| *c != 0) {
            let e = GwellError::coded(&code.to_string(), None).expect("known code");
            assert_eq!(e.code(), *code);
        }
        assert!(GwellError::coded("99999", None).is_none());
        assert!(GwellError::coded("0", None).is_none());
        assert_eq!(
            GwellError::coded("10016", None).map(|e| e.msg()).as_deref(),
            Some("parameter appId missing")
        );
    }
}
