//! Section 1's device fields as a client sends them to 1.1 (create), 1.2 (register) and 1.3
//! (update): each is checked (type, length, allowed value) before anything changes, so a
//! refused request changes nothing. `null` and `""` count as not given, as everywhere in
//! OneNET's parameters. Limits the seed leaves open are proposals that bound what one device
//! may hold.

use crate::api::request::{ApiRequest, DecodeError};
use crate::vendors::onenet::errors::{OnenetError, errno};
use crate::vendors::onenet::params::shown;
use crate::vendors::onenet::state::{Location, OnenetDevice};
use crate::vendors::onenet::validate;
use serde_json::{Map, Value};

/// Longest free text (`desc`, `url`, `idsn`, `route_to`, `activate_code`): not published.
pub const MAX_TEXT: usize = 1024;
/// Most tags a device holds, and the longest tag: not published.
pub const MAX_TAGS: usize = 32;
pub const MAX_TAG: usize = 64;
/// Largest JSON object (`other`, an object `auth_info`), bytes as written: not published.
pub const MAX_JSON_BYTES: usize = 2048;
/// Longest text `auth_info`: as `register_de`'s `sn`, which becomes one.
pub const MAX_AUTH_INFO: usize = 512;
/// Longest area number, digits.
pub const MAX_AREA_DIGITS: usize = 10;

/// The fields a request gives; `None` for one it leaves out.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct DeviceInput {
    pub title: Option<String>,
    pub desc: Option<String>,
    pub tags: Option<Vec<String>>,
    pub location: Option<Location>,
    pub private: Option<bool>,
    pub protocol: Option<String>,
    pub auth_info: Option<Value>,
    pub area: Option<Value>,
    pub other: Option<Value>,
    pub url: Option<String>,
    pub idsn: Option<String>,
    pub route_to: Option<String>,
    pub interval: Option<Value>,
    pub activate_code: Option<String>,
}

/// The body as a JSON object: 9 when there is none, 4 when it is not a JSON object
/// (pretty-printed JSON is JSON).
pub fn body(req: &ApiRequest) -> Result<Map<String, Value>, OnenetError> {
    if req.body.iter().all(u8::is_ascii_whitespace) {
        return Err(DecodeError::EmptyBody.into());
    }
    match serde_json::from_slice::<Value>(&req.body) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(DecodeError::NotObject.into()),
        Err(e) => Err(DecodeError::NotJson(e.to_string()).into()),
    }
}

fn invalid(detail: impl std::fmt::Display) -> OnenetError {
    OnenetError::because(errno::INVALID, detail)
}

/// A member that is neither absent nor `null`.
fn given<'a>(body: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    body.get(name).filter(|v| !v.is_null())
}

/// A text member of at most `max` characters; `""` counts as not given.
pub fn text(
    body: &Map<String, Value>,
    name: &str,
    max: usize,
) -> Result<Option<String>, OnenetError> {
    match given(body, name) {
        None => Ok(None),
        Some(Value::String(s)) if s.is_empty() => Ok(None),
        Some(Value::String(s)) => {
            let n = s.chars().count();
            if n > max {
                return Err(invalid(format!("{name}: {n} characters, at most {max}")));
            }
            Ok(Some(s.clone()))
        }
        Some(_) => Err(invalid(format!("{name} must be a string"))),
    }
}

/// `area`: "必须是合法的区域号", a number written as digits or as a JSON integer (the seed
/// shows both), kept as sent.
pub fn area(body: &Map<String, Value>) -> Result<Option<Value>, OnenetError> {
    let ok = match given(body, "area") {
        None => return Ok(None),
        Some(Value::String(s)) if s.is_empty() => return Ok(None),
        Some(v @ Value::String(s)) => validate::is_digits(s, MAX_AREA_DIGITS).then_some(v),
        Some(v @ Value::Number(n)) => n
            .as_u64()
            .filter(|n| n.to_string().len() <= MAX_AREA_DIGITS)
            .map(|_| v),
        Some(_) => None,
    };
    ok.cloned().map(Some).ok_or_else(|| {
        invalid(format!(
            "area must be an area number (1-{MAX_AREA_DIGITS} digits)"
        ))
    })
}

/// A JSON object member of at most `MAX_JSON_BYTES`.
fn object(body: &Map<String, Value>, name: &str) -> Result<Option<Value>, OnenetError> {
    match given(body, name) {
        None => Ok(None),
        Some(v @ Value::Object(_)) => {
            let size = v.to_string().len();
            if size > MAX_JSON_BYTES {
                return Err(invalid(format!(
                    "{name}: {size} bytes of JSON, at most {MAX_JSON_BYTES}"
                )));
            }
            Ok(Some(v.clone()))
        }
        Some(_) => Err(invalid(format!("{name} must be a JSON object"))),
    }
}

/// `auth_info`: a text (the seed's `"auth123"`) or an object (1.5's `{"SYS":"..."}`).
fn auth_info(body: &Map<String, Value>) -> Result<Option<Value>, OnenetError> {
    match given(body, "auth_info") {
        Some(Value::Object(_)) => object(body, "auth_info"),
        Some(Value::String(_)) | None => {
            Ok(text(body, "auth_info", MAX_AUTH_INFO)?.map(Value::String))
        }
        Some(_) => Err(invalid("auth_info must be a string or a JSON object")),
    }
}

fn tags(body: &Map<String, Value>) -> Result<Option<Vec<String>>, OnenetError> {
    let Some(value) = given(body, "tags") else {
        return Ok(None);
    };
    let Value::Array(items) = value else {
        return Err(invalid("tags must be an array of strings"));
    };
    if items.len() > MAX_TAGS {
        return Err(invalid(format!(
            "tags: {} tags, at most {MAX_TAGS}",
            items.len()
        )));
    }
    items
        .iter()
        .map(|item| match item {
            Value::String(t) if !t.is_empty() && t.chars().count() <= MAX_TAG => Ok(t.clone()),
            _ => Err(invalid(format!(
                "tags must hold strings of 1-{MAX_TAG} characters"
            ))),
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}

/// `location`: `lat` and `lon` (and optionally `ele`) as numbers, doubles or integers.
fn location(body: &Map<String, Value>) -> Result<Option<Location>, OnenetError> {
    let Some(value) = given(body, "location") else {
        return Ok(None);
    };
    let Value::Object(map) = value else {
        return Err(invalid(
            "location must be a JSON object of ele, lat and lon",
        ));
    };
    let number = |name: &str, limit: Option<f64>| -> Result<Option<f64>, OnenetError> {
        match map.get(name).filter(|v| !v.is_null()) {
            None => Ok(None),
            Some(v) => v
                .as_f64()
                .filter(|x| x.is_finite() && limit.is_none_or(|l| x.abs() <= l))
                .map(Some)
                .ok_or_else(|| {
                    invalid(match limit {
                        Some(l) => format!("location.{name} must be a number from -{l} to {l}"),
                        None => format!("location.{name} must be a number"),
                    })
                }),
        }
    };
    let lat = number("lat", Some(90.0))?;
    let lon = number("lon", Some(180.0))?;
    let ele = number("ele", None)?;
    match (lat, lon) {
        (Some(lat), Some(lon)) => Ok(Some(Location { ele, lat, lon })),
        (None, _) => Err(OnenetError::because(errno::REQUIRED, "location.lat")),
        (_, None) => Err(OnenetError::because(errno::REQUIRED, "location.lon")),
    }
}

impl DeviceInput {
    /// Every field of section 1.1 and 1.3 in `body`, checked; members it does not know (and
    /// the reserved `auth`) are ignored.
    pub fn parse(body: &Map<String, Value>) -> Result<DeviceInput, OnenetError> {
        let title = text(body, "title", usize::MAX)?;
        if let Some(why) = title.as_deref().and_then(validate::device_title_problem) {
            return Err(invalid(format!("title: {why}")));
        }
        let protocol = match given(body, "protocol") {
            None => None,
            Some(Value::String(p)) if p.trim().eq_ignore_ascii_case("RTMP") => {
                Some(p.trim().to_string())
            }
            Some(Value::String(p)) if p.is_empty() => None,
            Some(other) => {
                let sent = other
                    .as_str()
                    .map_or_else(|| other.to_string(), str::to_string);
                return Err(OnenetError::because(
                    errno::INVALID_PROTOCOL,
                    format!("protocol must be RTMP, not `{}`", shown(&sent)),
                ));
            }
        };
        let private = match given(body, "private") {
            None => None,
            Some(Value::Bool(b)) => Some(*b),
            Some(_) => return Err(invalid("private must be true or false")),
        };
        let interval = match given(body, "interval") {
            None => None,
            Some(v @ Value::Number(n)) if n.is_i64() || n.is_u64() => Some(v.clone()),
            Some(_) => return Err(invalid("interval must be an integer")),
        };
        Ok(DeviceInput {
            title,
            desc: text(body, "desc", MAX_TEXT)?,
            tags: tags(body)?,
            location: location(body)?,
            private,
            protocol,
            auth_info: auth_info(body)?,
            area: area(body)?,
            other: object(body, "other")?,
            url: text(body, "url", MAX_TEXT)?,
            idsn: text(body, "idsn", MAX_TEXT)?,
            route_to: text(body, "route_to", MAX_TEXT)?,
            interval,
            activate_code: text(body, "activate_code", MAX_TEXT)?,
        })
    }

    /// Writes the given fields into `device`, leaving the others as they are.
    pub fn apply(self, device: &mut OnenetDevice) {
        let DeviceInput {
            title,
            desc,
            tags,
            location,
            private,
            protocol,
            auth_info,
            area,
            other,
            url,
            idsn,
            route_to,
            interval,
            activate_code,
        } = self;
        if let Some(title) = title {
            device.title = title;
        }
        if let Some(desc) = desc {
            device.desc = desc;
        }
        if let Some(tags) = tags {
            device.tags = tags;
        }
        if location.is_some() {
            device.location = location;
        }
        if let Some(private) = private {
            device.private = private;
        }
        if let Some(protocol) = protocol {
            device.protocol = protocol;
        }
        if let Some(auth_info) = auth_info {
            device.auth_info = auth_info;
        }
        for (slot, value) in [
            (&mut device.area, area),
            (&mut device.other, other),
            (&mut device.interval, interval),
        ] {
            if value.is_some() {
                *slot = value;
            }
        }
        for (slot, value) in [
            (&mut device.url, url),
            (&mut device.idsn, idsn),
            (&mut device.route_to, route_to),
            (&mut device.activate_code, activate_code),
        ] {
            if value.is_some() {
                *slot = value;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(v: Value) -> Result<DeviceInput, i64> {
        let Value::Object(map) = v else {
            panic!("an object")
        };
        DeviceInput::parse(&map).map_err(|e| e.errno)
    }

    #[test]
    fn titles_take_64_characters_and_no_more() {
        let t64: String = "設".repeat(64);
        assert!(parse(json!({ "title": t64 })).is_ok());
        assert_eq!(parse(json!({ "title": format!("{t64}x") })), Err(6));
        assert_eq!(parse(json!({ "title": "   " })), Err(6));
        assert_eq!(parse(json!({ "title": 5 })), Err(6));
        assert_eq!(parse(json!({ "title": "" })).map(|i| i.title), Ok(None));
    }

    #[test]
    fn protocol_is_rtmp_in_any_case_and_nothing_else() {
        assert_eq!(
            parse(json!({ "protocol": "rtmp" })).map(|i| i.protocol),
            Ok(Some("rtmp".to_string()))
        );
        assert_eq!(parse(json!({ "protocol": "HTTP" })), Err(22));
        assert_eq!(parse(json!({ "protocol": 1 })), Err(22));
    }

    #[test]
    fn fields_are_checked_by_type_and_bound() {
        assert_eq!(parse(json!({ "private": "yes" })), Err(6));
        assert_eq!(parse(json!({ "area": "10a" })), Err(6));
        assert!(parse(json!({ "area": 100 })).is_ok());
        assert!(parse(json!({ "area": "100" })).is_ok());
        assert_eq!(parse(json!({ "location": { "lat": 1 } })), Err(7));
        assert_eq!(
            parse(json!({ "location": { "lat": 91, "lon": 0 } })),
            Err(6)
        );
        assert_eq!(parse(json!({ "tags": ["a", 1] })), Err(6));
        assert_eq!(parse(json!({ "auth_info": [1] })), Err(6));
        assert_eq!(parse(json!({ "other": "x" })), Err(6));
        let long = "d".repeat(MAX_TEXT + 1);
        assert_eq!(parse(json!({ "desc": long })), Err(6));
        let ok = parse(json!({
            "title": "t", "location": { "ele": 370000, "lat": 17.6, "lon": 177.03 },
            "auth_info": { "SYS": "x" }, "tags": ["a"], "auth": 5, "unknown": true
        }));
        assert!(ok.is_ok(), "{ok:?}");
    }
}
