//! Tencent Cloud API 3.0 errors: `{"Response":{"Error":{"Code","Message"},"RequestId"}}`,
//! always HTTP 200 with exactly `Content-Type: application/json` (the Python SDK reads an
//! error only with that type, and every SDK loses the code on another status). Messages come
//! in the language `X-TC-Language` asks for: `zh-CN` (the SDKs' default) or `en-US`.
//!
//! The catalogue is the common code list of API 3.0 plus iotvideo's own codes; the messages
//! of the common codes follow Tencent's, the rest are camsim's and name the parameter.

use crate::api::request::{ApiRequest, DecodeError, ReadError};
use crate::api::response::ApiResponse;
use crate::sim::{Ids, SimError};
use crate::vendors::VendorError;
use http::StatusCode;
use serde::Serialize;

/// `(code, en-US message, zh-CN message)`: every code camsim answers.
pub const CATALOGUE: &[(&str, &str, &str)] = &[
    (
        "ActionOffline",
        "This action has been taken offline.",
        "接口已下线。",
    ),
    (
        "AuthFailure.InvalidAuthorization",
        "The `Authorization` header in the request does not conform to the TencentCloud standard.",
        "请求头部的 Authorization 不符合腾讯云标准。",
    ),
    (
        "AuthFailure.InvalidSecretId",
        "Invalid key (not a TencentCloud API key type).",
        "密钥非法（不是云 API 密钥类型）。",
    ),
    (
        "AuthFailure.MFAFailure",
        "MFA authentication failed.",
        "MFA 错误。",
    ),
    (
        "AuthFailure.SecretIdNotFound",
        "The SecretId is not found, please ensure that your SecretId is correct.",
        "密钥不存在。请在控制台检查密钥是否已被删除或者禁用，如状态正常，请检查密钥是否填写正确，注意前后不得有空格。",
    ),
    (
        "AuthFailure.SignatureExpire",
        "Signature expired. Timestamp and server time cannot differ by more than 5 minutes.",
        "签名过期。Timestamp 和服务器时间相差不得超过五分钟，请检查本地时间是否和标准时间同步。",
    ),
    (
        "AuthFailure.SignatureFailure",
        "The provided credentials could not be validated. Please check your signature is correct.",
        "请求签名验证失败，请检查您的签名计算是否正确。",
    ),
    ("AuthFailure.TokenFailure", "Token error.", "token 错误。"),
    (
        "AuthFailure.UnauthorizedOperation",
        "The request is not authorized by CAM.",
        "请求未授权。",
    ),
    (
        "DryRunOperation",
        "The request would have succeeded, but the DryRun parameter was set.",
        "DryRun 操作，代表请求将会是成功的，只是多传了 DryRun 参数。",
    ),
    ("FailedOperation", "The operation failed.", "操作失败。"),
    (
        "FailedOperation.DeviceFirmwareTaskAlreadDone",
        "The device already finished this firmware task.",
        "设备固件升级任务已经完成。",
    ),
    (
        "FailedOperation.DeviceIsUpdating",
        "The device is being upgraded.",
        "设备正在升级中。",
    ),
    (
        "FailedOperation.DeviceRunningOtherOtaTask",
        "The device is running another OTA task.",
        "设备正在运行其他升级任务。",
    ),
    (
        "FailedOperation.PermissionDenied",
        "Permission denied.",
        "没有权限。",
    ),
    ("InternalError", "Internal error.", "内部错误。"),
    (
        "InternalError.DBOperationError",
        "Database operation error.",
        "数据库操作错误。",
    ),
    (
        "InvalidAction",
        "The requested action does not exist.",
        "接口不存在。",
    ),
    ("InvalidParameter", "A parameter is invalid.", "参数错误。"),
    (
        "InvalidParameterValue",
        "A parameter value is invalid.",
        "参数取值错误。",
    ),
    (
        "InvalidParameterValue.FirmwareAlreadyExist",
        "The firmware already exists.",
        "固件已存在。",
    ),
    (
        "InvalidRequest",
        "The multipart request body is invalid.",
        "请求 body 的 multipart 格式错误。",
    ),
    (
        "IpInBlacklist",
        "Your IP is in the uin IP blacklist.",
        "IP地址在黑名单中。",
    ),
    (
        "IpNotInWhitelist",
        "Your IP is not in the uin IP whitelist.",
        "IP地址不在白名单中。",
    ),
    (
        "LimitExceeded",
        "A quota limit was exceeded.",
        "超过配额限制。",
    ),
    (
        "MissingParameter",
        "A required parameter is missing.",
        "缺少参数错误。",
    ),
    (
        "NoSuchProduct",
        "The product does not exist.",
        "产品不存在。",
    ),
    (
        "NoSuchVersion",
        "The API version does not exist.",
        "接口版本不存在。",
    ),
    (
        "RequestLimitExceeded",
        "Your current request times exceed the frequency limit.",
        "请求的次数超过了频率限制。",
    ),
    (
        "RequestLimitExceeded.GlobalRegionUinLimitExceeded",
        "Your account's requests in all regions exceed the frequency limit.",
        "主账号超过频率限制。",
    ),
    (
        "RequestLimitExceeded.IPLimitExceeded",
        "Requests from this IP exceed the frequency limit.",
        "IP限频。",
    ),
    (
        "RequestLimitExceeded.UinLimitExceeded",
        "Requests of this account exceed the frequency limit.",
        "主账号限频。",
    ),
    (
        "RequestSizeLimitExceeded",
        "The request size exceeds the limit.",
        "请求包超过限制大小。",
    ),
    ("ResourceInUse", "The resource is in use.", "资源被占用。"),
    (
        "ResourceInsufficient",
        "Resources are insufficient.",
        "资源不足。",
    ),
    (
        "ResourceNotFound",
        "The resource does not exist.",
        "资源不存在。",
    ),
    (
        "ResourceNotFound.DeviceFirmwareTaskNotExist",
        "The device firmware task does not exist.",
        "设备固件升级任务不存在。",
    ),
    (
        "ResourceNotFound.DeviceHasNoFirmware",
        "The device has no firmware.",
        "设备无固件版本。",
    ),
    (
        "ResourceNotFound.FirmwareNotExist",
        "The firmware does not exist.",
        "固件不存在。",
    ),
    (
        "ResourceNotFound.FirmwareTaskNotExist",
        "The firmware task does not exist.",
        "固件升级任务不存在。",
    ),
    (
        "ResourceUnavailable",
        "The resource is unavailable.",
        "资源不可用。",
    ),
    (
        "ResponseSizeLimitExceeded",
        "The response size exceeds the limit.",
        "返回包超过限制大小。",
    ),
    (
        "ServiceUnavailable",
        "The service is temporarily unavailable.",
        "当前服务暂时不可用。",
    ),
    (
        "UnauthorizedOperation",
        "The operation is not authorized.",
        "未授权操作。",
    ),
    (
        "UnknownParameter",
        "An unknown parameter was given.",
        "未知参数错误。",
    ),
    (
        "UnsupportedOperation",
        "The operation is not supported.",
        "操作不支持。",
    ),
    (
        "UnsupportedProtocol",
        "HTTP(S) request protocol error; only GET and POST requests are supported.",
        "HTTP(S) 请求协议错误，只支持 GET 和 POST 请求。",
    ),
    (
        "UnsupportedRegion",
        "The API does not support the requested region.",
        "接口不支持所传地域。",
    ),
];

/// The codes camsim's own checks answer, by name (each is in [`CATALOGUE`]).
pub mod code {
    pub const INVALID_AUTHORIZATION: &str = "AuthFailure.InvalidAuthorization";
    pub const INVALID_SECRET_ID: &str = "AuthFailure.InvalidSecretId";
    pub const SECRET_ID_NOT_FOUND: &str = "AuthFailure.SecretIdNotFound";
    pub const SIGNATURE_EXPIRE: &str = "AuthFailure.SignatureExpire";
    pub const SIGNATURE_FAILURE: &str = "AuthFailure.SignatureFailure";
    pub const TOKEN_FAILURE: &str = "AuthFailure.TokenFailure";
    pub const INTERNAL_ERROR: &str = "InternalError";
    pub const INVALID_ACTION: &str = "InvalidAction";
    pub const INVALID_PARAMETER: &str = "InvalidParameter";
    pub const INVALID_PARAMETER_VALUE: &str = "InvalidParameterValue";
    pub const LIMIT_EXCEEDED: &str = "LimitExceeded";
    pub const MISSING_PARAMETER: &str = "MissingParameter";
    pub const NO_SUCH_VERSION: &str = "NoSuchVersion";
    pub const REQUEST_LIMIT_EXCEEDED: &str = "RequestLimitExceeded";
    pub const REQUEST_SIZE_LIMIT_EXCEEDED: &str = "RequestSizeLimitExceeded";
    pub const RESOURCE_NOT_FOUND: &str = "ResourceNotFound";
    pub const UNKNOWN_PARAMETER: &str = "UnknownParameter";
    pub const UNSUPPORTED_OPERATION: &str = "UnsupportedOperation";
    pub const UNSUPPORTED_PROTOCOL: &str = "UnsupportedProtocol";
}

/// The language of error messages (`X-TC-Language`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    ZhCn,
    EnUs,
}

impl Language {
    /// `en-US` when the request asks for it; `zh-CN` otherwise (the SDKs' default; camsim does
    /// not refuse another value).
    pub fn of(req: &ApiRequest) -> Language {
        match req.header(super::auth::header::LANGUAGE) {
            Some(l) if l.trim().eq_ignore_ascii_case("en-US") => Language::EnUs,
            _ => Language::ZhCn,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Message {
    /// The catalogue's message for the code.
    Standard,
    /// One text for both languages (a fault rule's message).
    Fixed(String),
    Localized {
        en: String,
        zh: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TencentError {
    pub code: &'static str,
    message: Message,
    /// A media link refused: the HTTP status its host answers (403, 404) instead of the API
    /// envelope.
    media_status: Option<u16>,
}

/// How a media host (COS-style) refuses a link: `(status, code)`.
pub mod media {
    pub const DENIED: (u16, &str) = (403, "AccessDenied");
    pub const NOT_FOUND: (u16, &str) = (404, "NoSuchKey");
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

fn entry(code: &str) -> Option<&'static (&'static str, &'static str, &'static str)> {
    CATALOGUE.iter().find(|(c, _, _)| *c == code)
}

impl TencentError {
    /// A catalogue code with its standard message. Panics in tests on a code not in the
    /// catalogue (a typo in camsim); answers InternalError otherwise.
    pub fn of(code: &'static str) -> TencentError {
        debug_assert!(entry(code).is_some(), "{code} is not in the catalogue");
        TencentError {
            code,
            message: Message::Standard,
            media_status: None,
        }
    }

    /// A catalogue code with camsim's own message in both languages.
    pub fn new(code: &'static str, en: impl Into<String>, zh: impl Into<String>) -> TencentError {
        debug_assert!(entry(code).is_some(), "{code} is not in the catalogue");
        TencentError {
            code,
            message: Message::Localized {
                en: en.into(),
                zh: zh.into(),
            },
            media_status: None,
        }
    }

    /// The error for a catalogue code (fault rules, `X-Camsim-Error`); `None` if unknown.
    pub fn coded(code: &str, message: Option<&str>) -> Option<TencentError> {
        let (code, _, _) = entry(code)?;
        Some(TencentError {
            code,
            message: message.map_or(Message::Standard, |m| Message::Fixed(m.to_string())),
            media_status: None,
        })
    }

    /// The message in `language`.
    pub fn message(&self, language: Language) -> &str {
        match (&self.message, language) {
            (Message::Fixed(text), _) => text,
            (Message::Localized { en, .. }, Language::EnUs) => en,
            (Message::Localized { zh, .. }, Language::ZhCn) => zh,
            (Message::Standard, language) => match entry(self.code) {
                Some((_, en, _)) if language == Language::EnUs => en,
                Some((_, _, zh)) => zh,
                None => "",
            },
        }
    }

    /// A media link refused the way its host does: `kind` is [`media::DENIED`] or
    /// [`media::NOT_FOUND`], `why` says what was wrong (in the XML body).
    pub fn media(kind: (u16, &'static str), why: impl Into<String>) -> TencentError {
        TencentError {
            code: kind.1,
            message: Message::Fixed(why.into()),
            media_status: Some(kind.0),
        }
    }

    fn render_in(&self, language: Language, ids: &Ids) -> ApiResponse {
        if let Some(status) = self.media_status {
            let body = format!(
                "<?xml version='1.0' encoding='utf-8' ?>\n<Error>\n\t<Code>{}</Code>\n\t<Message>{}</Message>\n\t<RequestId>{}</RequestId>\n</Error>\n",
                self.code,
                xml_escape(self.message(language)),
                ids.uuid()
            );
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::FORBIDDEN);
            return ApiResponse::text(status, "application/xml", body).with_code(status.as_str());
        }
        let body = Envelope {
            response: Response {
                error: ErrorBody {
                    code: self.code,
                    message: self.message(language),
                },
                request_id: ids.uuid(),
            },
        };
        ApiResponse::json(StatusCode::OK, &body).with_code(self.code)
    }

    /// `MissingParameter` naming the parameter.
    pub fn missing(name: &str) -> TencentError {
        TencentError::new(
            code::MISSING_PARAMETER,
            format!("The request is missing a required parameter `{name}`."),
            format!("缺少必填参数`{name}`。"),
        )
    }

    /// `UnknownParameter` naming the parameter.
    pub fn unknown_parameter(name: &str) -> TencentError {
        TencentError::new(
            code::UNKNOWN_PARAMETER,
            format!("The parameter `{name}` is not recognized."),
            format!("未定义的参数`{name}`。"),
        )
    }

    /// `InvalidParameter`: the parameter is not of its type (`expected` in each language).
    pub fn wrong_type(name: &str, expected_en: &str, expected_zh: &str) -> TencentError {
        TencentError::new(
            code::INVALID_PARAMETER,
            format!("The type of parameter `{name}` is invalid: it must be {expected_en}."),
            format!("参数`{name}`类型错误，应为{expected_zh}。"),
        )
    }

    /// `InvalidParameterValue`: the parameter's value is not allowed, and why.
    pub fn invalid_value(name: &str, why_en: &str, why_zh: &str) -> TencentError {
        TencentError::new(
            code::INVALID_PARAMETER_VALUE,
            format!("The value of parameter `{name}` is invalid: {why_en}."),
            format!("参数`{name}`取值错误：{why_zh}。"),
        )
    }

    /// `InvalidParameter` for a device the account does not have (proposal: iotvideo lists no
    /// device-not-found code for these actions).
    pub fn no_device(product: &str, device: &str) -> TencentError {
        TencentError::new(
            code::INVALID_PARAMETER,
            format!("The device `{product}/{device}` does not exist."),
            format!("设备`{product}/{device}`不存在。"),
        )
    }

    /// `UnsupportedOperation` with camsim's reason.
    pub fn unsupported(why_en: &str, why_zh: &str) -> TencentError {
        TencentError::new(code::UNSUPPORTED_OPERATION, why_en, why_zh)
    }
}

impl VendorError for TencentError {
    fn render(&self, ids: &Ids) -> ApiResponse {
        self.render_in(Language::ZhCn, ids)
    }

    /// On a media link, any error (a fault rule's, a bad `X-Camsim-*` header, a body that
    /// could not be read) comes as the media host's XML page with a status that fits its code:
    /// a player never sees the API's envelope.
    fn render_for(&self, req: &ApiRequest, ids: &Ids) -> ApiResponse {
        let on_media_link =
            super::actions::route(&req.method, req).is_some_and(super::actions::Action::is_media);
        if self.media_status.is_none() && on_media_link {
            let as_media = TencentError {
                media_status: Some(media_status_of(self.code)),
                ..self.clone()
            };
            return as_media
                .render_in(Language::of(req), ids)
                .with_code(self.code);
        }
        self.render_in(Language::of(req), ids)
    }
}

impl From<DecodeError> for TencentError {
    fn from(e: DecodeError) -> Self {
        match e {
            DecodeError::Missing(name) => TencentError::missing(&name),
            DecodeError::Invalid { name, reason } => TencentError::new(
                code::INVALID_PARAMETER_VALUE,
                format!("The value of parameter `{name}` is invalid: {reason}."),
                format!("参数`{name}`取值错误：{reason}。"),
            ),
            DecodeError::WrongType { name, expected } => {
                TencentError::wrong_type(&name, expected, expected)
            }
            other => TencentError::new(
                code::INVALID_PARAMETER,
                format!("The request is invalid: {other}."),
                format!("请求参数错误：{other}。"),
            ),
        }
    }
}

impl From<ReadError> for TencentError {
    fn from(e: ReadError) -> Self {
        match e {
            ReadError::TooLarge { limit, .. } => TencentError::new(
                code::REQUEST_SIZE_LIMIT_EXCEEDED,
                format!("The request body exceeds {limit} bytes."),
                format!("请求包超过 {limit} 字节。"),
            ),
            ReadError::Malformed(_) | ReadError::Broken | ReadError::TimedOut => TencentError::new(
                code::INVALID_PARAMETER,
                "The request body could not be read.",
                "无法读取请求 body。",
            ),
        }
    }
}

impl From<SimError> for TencentError {
    fn from(e: SimError) -> Self {
        match e {
            SimError::UnknownAccount(_) => TencentError::of(code::SECRET_ID_NOT_FOUND),
            other => TencentError::new(
                code::INVALID_PARAMETER,
                other.to_string(),
                other.to_string(),
            ),
        }
    }
}

/// The HTTP status a media host answers for an API code asked of a media link.
fn media_status_of(code: &str) -> u16 {
    let family = code.split('.').next().unwrap_or(code);
    match family {
        "AuthFailure" | "UnauthorizedOperation" | "IpInBlacklist" | "IpNotInWhitelist" => 403,
        "ResourceNotFound" | "InvalidAction" | "ActionOffline" => 404,
        "RequestLimitExceeded" | "ServiceUnavailable" | "ResourceUnavailable" => 503,
        "InternalError" | "FailedOperation" => 500,
        "RequestSizeLimitExceeded" => 413,
        _ => 400,
    }
}

fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Tencent picks the action from `X-TC-Action`; a request without one names none.
pub fn invalid_action(action: Option<&str>) -> TencentError {
    match action.map(str::trim).filter(|a| !a.is_empty()) {
        Some(a) => TencentError::new(
            code::INVALID_ACTION,
            format!("The requested action `{a}` does not exist."),
            format!("接口`{a}`不存在。"),
        ),
        None => TencentError::new(
            code::INVALID_ACTION,
            "The request has no X-TC-Action header naming an action.",
            "请求缺少 X-TC-Action 头部，未指定接口。",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_catalogue_code_is_listed_once_with_both_messages() {
        let mut seen = std::collections::HashSet::new();
        for (code, en, zh) in CATALOGUE {
            assert!(seen.insert(code), "{code} listed twice");
            assert!(!en.is_empty() && !zh.is_empty(), "{code} lacks a message");
        }
    }

    #[test]
    fn messages_follow_the_language() {
        let e = TencentError::of(code::SIGNATURE_FAILURE);
        assert!(
            e.message(Language::EnUs)
                .starts_with("The provided credentials")
        );
        assert!(e.message(Language::ZhCn).starts_with("请求签名验证失败"));
        let m = TencentError::missing("ProductId");
        assert!(m.message(Language::EnUs).contains("`ProductId`"));
        assert!(m.message(Language::ZhCn).contains("`ProductId`"));
        let f = TencentError::coded("InternalError", Some("boom")).expect("known");
        assert_eq!(f.message(Language::ZhCn), "boom");
        assert!(TencentError::coded("Nope", None).is_none());
    }
}
