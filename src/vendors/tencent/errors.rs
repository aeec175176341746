//! Tencent Cloud API 3.0 envelope `{"Response":{"Error":{"Code","Message"},"RequestId"}}`,
//! always HTTP 200 (the SDKs lose the code on any other status), common codes of
//! Tencent's API v3 documentation.

use crate::api::request::{DecodeError, ReadError};
use crate::api::response::ApiResponse;
use crate::sim::{Ids, SimError};
use crate::vendors::VendorError;
use http::StatusCode;
use serde::Serialize;

pub const CATALOGUE: &[(&str, &str)] = &[
    ("ActionOffline", "The action has been taken offline."),
    (
        "AuthFailure.InvalidAuthorization",
        "The Authorization header is invalid.",
    ),
    (
        "AuthFailure.InvalidSecretId",
        "The SecretId is not of a valid type.",
    ),
    ("AuthFailure.MFAFailure", "MFA authentication failed."),
    ("AuthFailure.SecretIdNotFound", "The SecretId is not found."),
    (
        "AuthFailure.SignatureExpire",
        "Signature expired. Timestamp is more than 5 minutes away from the server time.",
    ),
    (
        "AuthFailure.SignatureFailure",
        "The provided credentials could not be validated. Please check your signature is correct.",
    ),
    ("AuthFailure.TokenFailure", "The token is invalid."),
    (
        "AuthFailure.UnauthorizedOperation",
        "The request is not authorized by CAM.",
    ),
    (
        "DryRunOperation",
        "The request would have succeeded, but DryRun was set.",
    ),
    ("FailedOperation", "The operation failed."),
    ("InternalError", "An internal error occurred."),
    ("InvalidAction", "The action does not exist."),
    ("InvalidParameter", "A parameter is invalid."),
    ("InvalidParameterValue", "A parameter value is invalid."),
    ("InvalidRequest", "The multipart request body is invalid."),
    ("IpInBlacklist", "The IP is in the blacklist."),
    ("IpNotInWhitelist", "The IP is not in the whitelist."),
    ("LimitExceeded", "A quota limit was exceeded."),
    ("MissingParameter", "A required parameter is missing."),
    ("NoSuchProduct", "The product does not exist."),
    ("NoSuchVersion", "The API version does not exist."),
    (
        "RequestLimitExceeded",
        "Requests exceed the frequency limit.",
    ),
    (
        "RequestLimitExceeded.GlobalRegionUinLimitExceeded",
        "Requests exceed the global region frequency limit.",
    ),
    (
        "RequestLimitExceeded.IPLimitExceeded",
        "Requests from this IP exceed the frequency limit.",
    ),
    (
        "RequestLimitExceeded.UinLimitExceeded",
        "Requests of this account exceed the frequency limit.",
    ),
    ("RequestSizeLimitExceeded", "The request body is too large."),
    ("ResourceInUse", "The resource is in use."),
    ("ResourceInsufficient", "Resources are insufficient."),
    ("ResourceNotFound", "The resource does not exist."),
    ("ResourceUnavailable", "The resource is unavailable."),
    ("ResponseSizeLimitExceeded", "The response is too large."),
    (
        "ServiceUnavailable",
        "The service is temporarily unavailable.",
    ),
    ("UnauthorizedOperation", "The operation is not authorized."),
    ("UnknownParameter", "An unknown parameter was given."),
    ("UnsupportedOperation", "The operation is not supported."),
    ("UnsupportedProtocol", "The HTTP method is not supported."),
    ("UnsupportedRegion", "The region is not supported."),
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TencentError {
    pub code: String,
    pub message: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Envelope<'a> {
    response: Response<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Response<'a> {
    error: ErrorBody<'a>,
    request_id: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct ErrorBody<'a> {
    code: &'a str,
    message: &'a str,
}

impl TencentError {
    pub fn coded(code: &str, message: Option<&str>) -> Option<TencentError> {
        let (code, default) = CATALOGUE.iter().find(|(c, _)| *c == code)?;
        Some(TencentError {
            code: code.to_string(),
            message: message.unwrap_or(default).to_string(),
        })
    }

    fn of(code: &str, message: String) -> TencentError {
        TencentError {
            code: code.to_string(),
            message,
        }
    }
}

impl VendorError for TencentError {
    fn render(&self, ids: &Ids) -> ApiResponse {
        let body = Envelope {
            response: Response {
                error: ErrorBody {
                    code: &self.code,
                    message: &self.message,
                },
                request_id: ids.uuid(),
            },
        };
        ApiResponse::json(StatusCode::OK, &body).with_code(self.code.clone())
    }
}

impl From<DecodeError> for TencentError {
    fn from(e: DecodeError) -> Self {
        match e {
            DecodeError::Missing(name) => TencentError::of(
                "MissingParameter",
                format!("The parameter `{name}` is missing."),
            ),
            DecodeError::Invalid { .. } => TencentError::of("InvalidParameterValue", e.to_string()),
            other => TencentError::of("InvalidParameter", other.to_string()),
        }
    }
}

impl From<ReadError> for TencentError {
    fn from(e: ReadError) -> Self {
        match e {
            ReadError::TooLarge { limit, .. } => TencentError::of(
                "RequestSizeLimitExceeded",
                format!("The request body exceeds {limit} bytes."),
            ),
            ReadError::Malformed(_) | ReadError::Broken | ReadError::TimedOut => TencentError::of(
                "InvalidParameter",
                "The request body could not be read.".into(),
            ),
        }
    }
}

impl From<SimError> for TencentError {
    fn from(e: SimError) -> Self {
        match e {
            SimError::UnknownAccount(_) => {
                TencentError::of("AuthFailure.SecretIdNotFound", e.to_string())
            }
            _ => TencentError::of("InvalidParameter", e.to_string()),
        }
    }
}

/// Tencent picks the action from `X-TC-Action`; a request without one names none.
pub fn invalid_action(action: Option<&str>) -> TencentError {
    let message = match action {
        Some(a) => format!("The action `{a}` does not exist."),
        None => "The request has no X-TC-Action header naming an action.".to_string(),
    };
    TencentError::of("InvalidAction", message)
}
