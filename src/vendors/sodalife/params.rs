//! Where Sodalife's parameters come from and what they may hold: the token (query first, as
//! the later revision sends it, then the JSON body or form field, as seed 002 does), the token
//! endpoint's body (JSON as documented, or the form encoding OAuth libraries send),
//! `device_serial`, PTZ `action`/`command` (numbers or text), and `liveurl`'s protocols.

use super::errors::{SodalifeError, code};
use super::routes::Endpoint;
use crate::api::request::{ApiRequest, DecodeError};

pub const TOKEN_PARAM: &str = "access_token";
pub const VOICE_FIELD: &str = "voice_file";

/// The access token of a camera call.
pub fn access_token(req: &ApiRequest) -> Option<String> {
    if let Some(token) = req.query_param(TOKEN_PARAM).filter(|t| !t.is_empty()) {
        return Some(token.into_owned());
    }
    Some(req.params().ok()?.opt_str(TOKEN_PARAM).ok()??.to_string())
}

/// The token endpoint's parameters.
pub enum TokenParams<'a> {
    Json(crate::api::request::Params<'a>),
    Form(Vec<(String, String)>),
}

impl<'a> TokenParams<'a> {
    pub fn of(req: &'a ApiRequest) -> Result<TokenParams<'a>, DecodeError> {
        // Media types compare case-insensitively (RFC 9110 §8.3.1).
        let form = req.header(http::header::CONTENT_TYPE).is_some_and(|t| {
            t.trim_start()
                .to_ascii_lowercase()
                .starts_with("application/x-www-form-urlencoded")
        });
        if form {
            return Ok(TokenParams::Form(
                form_urlencoded::parse(&req.body).into_owned().collect(),
            ));
        }
        req.params().map(TokenParams::Json)
    }

    pub fn optional(&self, name: &str) -> Option<&str> {
        match self {
            TokenParams::Json(p) => p.opt_str(name).ok().flatten(),
            TokenParams::Form(pairs) => pairs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.as_str())
                .filter(|v| !v.is_empty()),
        }
    }

    /// An optional parameter that, when given, must be text (INVALID_REQUEST otherwise).
    pub fn optional_text(&self, name: &str) -> Result<Option<&str>, SodalifeError> {
        if let TokenParams::Json(p) = self {
            p.opt_str(name)
                .map_err(|e| SodalifeError::because(code::INVALID_REQUEST, e))?;
        }
        Ok(self.optional(name))
    }

    pub fn required(&self, name: &str) -> Result<&str, SodalifeError> {
        self.optional_text(name)?.ok_or_else(|| {
            SodalifeError::because(code::INVALID_REQUEST, DecodeError::Missing(name.into()))
        })
    }
}

/// `device_serial`: missing is 111010 for `sendvoice` (its table's code) and 10001 elsewhere.
pub fn device_serial(req: &ApiRequest, endpoint: Endpoint) -> Result<String, SodalifeError> {
    let serial = req.params()?.opt_str("device_serial")?;
    match serial {
        Some(s) => Ok(s.to_string()),
        None if endpoint == Endpoint::SendVoice => Err(SodalifeError::of(code::NO_SERIAL)),
        None => Err(DecodeError::Missing("device_serial".into()).into()),
    }
}

/// `action` (0 start, 1 stop) and `command`, each a number or text holding one.
pub fn ptz(req: &ApiRequest) -> Result<(i64, i64), SodalifeError> {
    let p = req.params()?;
    let action = p
        .opt_integer("action")?
        .ok_or_else(|| DecodeError::Missing("action".into()))?;
    if !(0..=1).contains(&action) {
        return Err(DecodeError::Invalid {
            name: "action".into(),
            reason: format!("{action} is not 0 (start) or 1 (stop)"),
        }
        .into());
    }
    let command = p
        .opt_integer("command")?
        .ok_or_else(|| DecodeError::Missing("command".into()))?;
    Ok((action, command))
}

/// A live-address protocol: seed 002's `hls` and `ezopen`, and the later revision's others.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    Ezopen { hd: bool },
    Hls { hd: bool },
    Rtmp { hd: bool },
    Flv { hd: bool },
    Rtsp,
}

pub const PROTOCOLS: &str = "ezopen, ezopenhd, hls, hlshd, rtmp, rtmphd, flv, flvhd, rtsp";

/// `protocol`, case-insensitive; `hls` when absent.
pub fn protocol(req: &ApiRequest) -> Result<Protocol, SodalifeError> {
    let text = req.params()?.opt_str("protocol")?.unwrap_or("hls");
    const NAMED: [(&str, Protocol); 9] = [
        ("hls", Protocol::Hls { hd: false }),
        ("hlshd", Protocol::Hls { hd: true }),
        ("ezopen", Protocol::Ezopen { hd: false }),
        ("ezopenhd", Protocol::Ezopen { hd: true }),
        ("rtmp", Protocol::Rtmp { hd: false }),
        ("rtmphd", Protocol::Rtmp { hd: true }),
        ("flv", Protocol::Flv { hd: false }),
        ("flvhd", Protocol::Flv { hd: true }),
        ("rtsp", Protocol::Rtsp),
    ];
    NAMED
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(text))
        .map(|(_, protocol)| *protocol)
        .ok_or_else(|| {
            DecodeError::Invalid {
                name: "protocol".into(),
                reason: format!("`{text}` is not one of {PROTOCOLS}"),
            }
            .into()
        })
}

impl Protocol {
    /// The address, as EZVIZ formats it, pointing at camsim (`host` with its port) where
    /// camsim serves the stream; RTMP and RTSP are formatted but not served.
    pub fn url(self, host: &str, hostname: &str, serial: &str, key: &str) -> String {
        let hd = |on: bool| if on { ".hd" } else { "" };
        match self {
            Protocol::Ezopen { hd: on } => {
                format!("ezopen://open.ys7.com/{serial}/1{}.live", hd(on))
            }
            Protocol::Hls { hd: on } => format!("http://{host}/openlive/{key}{}.m3u8", hd(on)),
            Protocol::Flv { hd: on } => format!("http://{host}/openlive/{key}{}.flv", hd(on)),
            Protocol::Rtmp { hd: on } => format!("rtmp://{hostname}:1935/openlive/{key}{}", hd(on)),
            Protocol::Rtsp => format!("rtsp://{hostname}:554/openUrl/{key}"),
        }
    }
}
