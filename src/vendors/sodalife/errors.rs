//! Sodalife's error envelope `{"error":"<code>","error_description":"<text>"}`: the platform's
//! machine codes (general and OAuth) and the camera API's numeric codes (EZVIZ's, sent as
//! strings), each with the HTTP status proposed for it (Sodalife publishes none; RFC 6749 style).
//! Media links (pictures, streams) are refused the way a CDN does, not in this envelope.

use crate::api::request::{DecodeError, ReadError};
use crate::api::response::ApiResponse;
use crate::sim::{Ids, SimError};
use crate::vendors::VendorError;
use http::StatusCode;
use serde::Serialize;

/// The codes a handler names, by meaning.
pub mod code {
    pub const INVALID_REQUEST: &str = "INVALID_REQUEST";
    pub const INVALID_CLIENT: &str = "INVALID_CLIENT";
    pub const INVALID_GRANT: &str = "INVALID_GRANT";
    pub const INVALID_SCOPE: &str = "INVALID_SCOPE";
    pub const UNSUPPORTED_GRANT_TYPE: &str = "UNSUPPORTED_GRANT_TYPE";
    pub const UNAUTHORIZED_CLIENT: &str = "UNAUTHORIZED_CLIENT";
    pub const ACCESS_DENIED: &str = "ACCESS_DENIED";
    pub const NOT_FOUND: &str = "NOT_FOUND";
    pub const TEMPORARILY_UNAVAILABLE: &str = "TEMPORARILY_UNAVAILABLE";
    pub const BAD_PARAMETER: &str = "10001";
    pub const BAD_TOKEN: &str = "10002";
    pub const APP_FROZEN: &str = "10005";
    pub const NO_CAPTURE_PERMISSION: &str = "10051";
    pub const NO_DEVICE: &str = "20002";
    pub const NETWORK: &str = "20006";
    pub const OFFLINE: &str = "20007";
    pub const TOO_FREQUENT: &str = "20008";
    pub const BAD_SERIAL: &str = "20014";
    pub const NO_PTZ: &str = "60000";
    pub const NO_PTZ_PERMISSION: &str = "60001";
    pub const PTZ_FAILED: &str = "60006";
    pub const PRESET_MOVING: &str = "60009";
    pub const CAPTURE_FAILED: &str = "60017";
    pub const UNSUPPORTED: &str = "60020";
    pub const VOICE_FORMAT: &str = "111001";
    pub const VOICE_DURATION: &str = "111002";
    pub const VOICE_UPLOAD: &str = "111003";
    pub const VOICE_CONVERSION: &str = "111004";
    pub const VOICE_NO_DURATION: &str = "111005";
    pub const VOICE_EMPTY: &str = "111008";
    pub const NO_SERIAL: &str = "111010";
}

/// Every code: machine code, HTTP status, the vendor's description.
pub const CATALOGUE: &[(&str, u16, &str)] = &[
    // General (seed 002 通用异常).
    ("INTERNAL_SERVER_ERROR", 500, "服务内部异常"),
    ("TEMPORARILY_UNAVAILABLE", 503, "服务暂时无法访问"),
    ("TOO_MANY_REQUESTS", 429, "请求频率过高"),
    ("NOT_FOUND", 404, "找不到服务"),
    ("INVALID_RESOURCE", 404, "资源无效（如找不到资源）"),
    ("INVALID_REQUEST", 400, "请求不合法（如参数错误）"),
    (
        "UNAUTHORIZED_CLIENT",
        403,
        "应用未有权限做该操作(如应用未有获取授权凭证的权限)",
    ),
    ("ACCESS_DENIED", 403, "用户或授权服务器拒绝授予数据访问权限"),
    ("LOCKED", 423, "资源已被锁定"),
    ("GONE", 410, "资源已失效"),
    ("CANCELLED", 409, "操作已被取消"),
    ("COMPLETED", 409, "操作已被完成"),
    ("UNAUTHORIZED", 401, "当前会话无效（如已过期）"),
    ("UNAUTHORIZED_USER", 401, "当前会话用户无效（如未登录）"),
    ("EXTERNAL_SERVER_ERROR", 502, "外部服务异常"),
    // OAuth (seed 002 授权异常码).
    ("INVALID_CLIENT", 401, "client_id或client_secret参数无效"),
    (
        "INVALID_GRANT",
        400,
        "提供的AccessGrant(codeortoken)是无效的、过期的或已撤销的",
    ),
    ("INVALID_SCOPE", 400, "请求的scope无效"),
    (
        "INVALID_REDIRECT_URI",
        400,
        "提供的重定向地址与白名单不匹配",
    ),
    ("UNSUPPORTED_RESPONSE_TYPE", 400, "不支持的ResponseType"),
    ("UNSUPPORTED_GRANT_TYPE", 400, "不支持的GrantType"),
    // Camera API (seed 002 视频业务错误码).
    ("10001", 400, "参数错误"),
    ("10002", 401, "access_token异常或过期"),
    ("10005", 403, "appKey异常"),
    ("10051", 403, "无权限进行抓图"),
    ("20002", 404, "设备不存在"),
    ("20006", 502, "网络异常"),
    ("20007", 502, "设备不在线"),
    ("20008", 504, "设备响应超时"),
    ("20014", 400, "device_serial不合法"),
    ("49999", 502, "数据异常"),
    ("60017", 502, "设备抓图失败"),
    ("60020", 501, "不支持该命令"),
    ("60000", 501, "设备不支持云台控制"),
    ("60001", 403, "用户无云台控制权限"),
    ("60006", 502, "云台当前操作失败"),
    ("60009", 409, "正在调用预置点"),
    ("111001", 400, "语音文件格式错误"),
    ("111002", 400, "语音文件时长不合法"),
    ("111003", 400, "语音文件上传失败"),
    ("111004", 400, "语音文件转换失败"),
    ("111005", 400, "语音文件时长获取"),
    ("111006", 400, "语音文件列表获取失败"),
    ("111007", 400, "下发的语音文件URL不存在"),
    ("111008", 400, "参数错误，语音文件不能为空"),
    ("111009", 400, "参数错误，语音文件URL不能为空"),
    ("111010", 400, "参数错误，设备序列号不能为空"),
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SodalifeError {
    /// An answer in the API's envelope.
    Api {
        code: &'static str,
        status: u16,
        description: String,
    },
    /// A media link refused as the media host would: expired (403) or unknown (404).
    Media { status: StatusCode, message: String },
}

#[derive(Serialize)]
struct Envelope<'a> {
    error: &'a str,
    error_description: &'a str,
}

impl SodalifeError {
    /// The catalogue's error for `code`, with its own description or `description`.
    pub fn coded(code: &str, description: Option<&str>) -> Option<SodalifeError> {
        let (code, status, text) = CATALOGUE.iter().find(|(c, _, _)| *c == code)?;
        Some(SodalifeError::Api {
            code,
            status: *status,
            description: description.unwrap_or(text).to_string(),
        })
    }

    /// `code` (one of [`code`]) with the catalogue's description.
    pub fn of(code: &str) -> SodalifeError {
        SodalifeError::coded(code, None).unwrap_or_else(|| SodalifeError::Api {
            code: "INTERNAL_SERVER_ERROR",
            status: 500,
            description: format!("camsim has no Sodalife code `{code}`"),
        })
    }

    /// `code` with the catalogue's description followed by what exactly was wrong.
    pub fn because(code: &str, detail: impl std::fmt::Display) -> SodalifeError {
        match SodalifeError::of(code) {
            SodalifeError::Api {
                code,
                status,
                description,
            } => SodalifeError::Api {
                code,
                status,
                description: format!("{description}: {detail}"),
            },
            media => media,
        }
    }

    /// A media link that never existed, or no longer does.
    pub fn media_not_found() -> SodalifeError {
        SodalifeError::Media {
            status: StatusCode::NOT_FOUND,
            message: "NoSuchKey: The specified key does not exist.".into(),
        }
    }

    /// A media link past its expiry on the world clock.
    pub fn media_expired() -> SodalifeError {
        SodalifeError::Media {
            status: StatusCode::FORBIDDEN,
            message: "AccessDenied: Request has expired.".into(),
        }
    }
}

impl VendorError for SodalifeError {
    fn render(&self, _ids: &Ids) -> ApiResponse {
        match self {
            SodalifeError::Api {
                code,
                status,
                description,
            } => {
                let status = StatusCode::from_u16(*status).unwrap_or(StatusCode::BAD_REQUEST);
                let body = Envelope {
                    error: code,
                    error_description: description,
                };
                ApiResponse::json(status, &body).with_code(*code)
            }
            SodalifeError::Media { status, message } => {
                let (code, text) = message.split_once(": ").unwrap_or(("Error", message));
                let body = format!(
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error>\n  <Code>{code}</Code>\n  <Message>{text}</Message>\n</Error>\n"
                );
                ApiResponse::text(*status, "application/xml", body)
            }
        }
    }
}

impl From<DecodeError> for SodalifeError {
    /// A parameter the camera API cannot read: 10001 naming it (the token endpoint turns it
    /// into INVALID_REQUEST itself).
    fn from(e: DecodeError) -> Self {
        SodalifeError::because(code::BAD_PARAMETER, e)
    }
}

impl From<SimError> for SodalifeError {
    fn from(e: SimError) -> Self {
        match e {
            SimError::UnknownAccount(_) => SodalifeError::of(code::BAD_TOKEN),
            SimError::UnknownUser(_) => SodalifeError::because(code::INVALID_GRANT, e),
            SimError::DeviceNotFound(_) => SodalifeError::because(code::NO_DEVICE, e),
        }
    }
}

/// A body that could not be read: over the size limit, cut short, or not multipart.
pub fn unreadable(err: &ReadError, upload: bool) -> SodalifeError {
    match err {
        ReadError::TooLarge { limit, field } if upload => SodalifeError::because(
            code::VOICE_UPLOAD,
            format!(
                "{} exceeds {} bytes (voice files are at most 20 MB)",
                field.as_deref().unwrap_or("request body"),
                limit
            ),
        ),
        ReadError::TooLarge { limit, .. } => SodalifeError::because(
            code::INVALID_REQUEST,
            format!("request body exceeds {limit} bytes"),
        ),
        ReadError::Malformed(why) if upload => {
            SodalifeError::because(code::VOICE_UPLOAD, format!("multipart body: {why}"))
        }
        ReadError::Malformed(why) => SodalifeError::because(code::INVALID_REQUEST, why),
        ReadError::Broken | ReadError::TimedOut => {
            SodalifeError::because(code::INVALID_REQUEST, "request body could not be read")
        }
    }
}

pub fn not_found(method: &str, path: &str) -> SodalifeError {
    SodalifeError::because(code::NOT_FOUND, format!("{method} {path}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_named_code_is_in_the_catalogue_once() {
        for (i, (c, _, _)) in CATALOGUE.iter().enumerate() {
            assert!(
                CATALOGUE[i + 1..].iter().all(|(other, _, _)| other != c),
                "{c} twice"
            );
        }
        for c in [code::BAD_TOKEN, code::NO_SERIAL, code::PRESET_MOVING] {
            assert!(SodalifeError::coded(c, None).is_some(), "{c}");
        }
    }
}
