//! What section 17's requests say: whose alarms (`product_id`, `device_id`, `channel_id`, with
//! 0 meaning all), the filters (`alarm_type`, `alarm_way`, `alarm_status`, `protocol`) and the
//! `{"alarm_id":[...]}` body of 17.3 and 17.5. Each error names the parameter (errno 7 missing,
//! 6 out of range, 3 not the caller's, 8 unknown device, 17 channel not on the device).

use super::access;
use super::alarm_source::{Alarm, Scope, Way};
use super::errors::{OnenetError, errno};
use super::params;
use super::state::{KeyGrant, OnenetState};
use crate::api::request::ApiRequest;
use serde_json::{Map, Value};

/// Most ids one 17.3 or 17.5 call takes (not published; proposal, like `per_page`'s 100).
pub const MAX_IDS: usize = 100;
/// Longest alarm id accepted (ours are far shorter).
const MAX_ID_CHARS: usize = 128;

/// `product_id` (required, the caller's), `device_id` (default 0: every device the key
/// reaches; a device key's 0 is its device) and, when `with_channel`, `channel_id` (default 0:
/// every channel).
pub fn scope<'a>(
    state: &'a OnenetState,
    grant: &KeyGrant,
    req: &ApiRequest,
    with_channel: bool,
) -> Result<Scope<'a>, OnenetError> {
    access::product_param(grant, req, "product_id")?;
    let named = params::optional(req, "device_id").filter(|id| id.as_ref() != "0");
    let (devices, one) = match (named, &grant.device) {
        (Some(id), _) => (vec![access::device(state, grant, &id)?], true),
        (None, Some(own)) => (vec![access::device(state, grant, own)?], true),
        (None, None) => (
            state
                .devices
                .values()
                .filter(|d| d.product == grant.product)
                .collect(),
            false,
        ),
    };
    let channel = if with_channel { channel(req)? } else { None };
    if let (Some(c), true, Some(device)) = (channel, one, devices.first()) {
        access::channel_of(device, c)?;
    }
    Ok(Scope { devices, channel })
}

/// `channel_id`: 0 or absent is every channel.
fn channel(req: &ApiRequest) -> Result<Option<u32>, OnenetError> {
    match params::optional_u64(req, "channel_id")? {
        None | Some(0) => Ok(None),
        Some(n) => u32::try_from(n).map(Some).map_err(|_| {
            OnenetError::because(
                errno::INVALID,
                format!("channel_id must be from 0 to {}", u32::MAX),
            )
        }),
    }
}

/// A numeric parameter that may only take one of `allowed` (default 0).
pub fn choice(req: &ApiRequest, name: &str, allowed: &[u64]) -> Result<u64, OnenetError> {
    let value = params::optional_u64(req, name)?.unwrap_or(0);
    if allowed.contains(&value) {
        return Ok(value);
    }
    let list: Vec<String> = allowed.iter().map(u64::to_string).collect();
    Err(OnenetError::because(
        errno::INVALID,
        format!("{name} must be one of {}", list.join(", ")),
    ))
}

/// 17.1's and 17.2's filters; 0 (the default) lets everything through.
#[derive(Debug, Clone, Copy, Default)]
pub struct Filters {
    pub alarm_type: u32,
    pub alarm_way: u64,
    pub alarm_status: u64,
}

impl Filters {
    /// `alarm_type` (any number: a type no alarm has finds nothing) and `alarm_way` (0, 1, 2).
    pub fn of(req: &ApiRequest) -> Result<Filters, OnenetError> {
        let t = params::optional_u64(req, "alarm_type")?.unwrap_or(0);
        let alarm_type = u32::try_from(t).map_err(|_| {
            OnenetError::because(
                errno::INVALID,
                format!("alarm_type must be from 0 to {}", u32::MAX),
            )
        })?;
        Ok(Filters {
            alarm_type,
            alarm_way: choice(req, "alarm_way", &[0, 1, 2])?,
            alarm_status: 0,
        })
    }

    /// Reads `alarm_status` (it comes after the span in the seed's list).
    pub fn with_status(mut self, req: &ApiRequest) -> Result<Filters, OnenetError> {
        self.alarm_status = choice(req, "alarm_status", &[0, 1, 2])?;
        Ok(self)
    }

    pub fn keeps(&self, alarm: &Alarm, alarm_type: Option<u32>) -> bool {
        (self.alarm_type == 0 || alarm_type == Some(self.alarm_type))
            && (self.alarm_way == 0 || u64::from(alarm.way.code()) == self.alarm_way)
            && match self.alarm_status {
                1 => !alarm.read,
                2 => alarm.read,
                _ => true,
            }
    }
}

/// `alarm_status`: 1 unread, 2 read.
pub fn status(alarm: &Alarm) -> u8 {
    if alarm.read { 2 } else { 1 }
}

/// Whether an alarm is a video or picture alarm (17.1, 17.6, 17.7), not a device message.
pub fn is_event(alarm: &Alarm) -> bool {
    alarm.way != Way::Message
}

/// The body of 17.3 and 17.5: `{"alarm_id":["...", ...]}`, 1 to `MAX_IDS` strings, each once.
pub fn alarm_ids(req: &ApiRequest) -> Result<Vec<String>, OnenetError> {
    // Empty body: 9; not JSON or not an object: 4.
    req.params()?;
    let body: Map<String, Value> = serde_json::from_slice(&req.body)
        .map_err(|e| OnenetError::because(errno::INVALID_JSON, e))?;
    let items = match body.get("alarm_id") {
        None | Some(Value::Null) => return Err(OnenetError::because(errno::REQUIRED, "alarm_id")),
        Some(Value::Array(items)) => items,
        Some(_) => {
            return Err(OnenetError::because(
                errno::INVALID,
                "alarm_id must be an array of alarm ids",
            ));
        }
    };
    if items.is_empty() || items.len() > MAX_IDS {
        return Err(OnenetError::because(
            errno::INVALID,
            format!(
                "alarm_id must list 1 to {MAX_IDS} alarm ids, not {}",
                items.len()
            ),
        ));
    }
    let mut ids: Vec<String> = Vec::with_capacity(items.len());
    for item in items {
        let id = match item {
            Value::String(s) if !s.trim().is_empty() && s.chars().count() <= MAX_ID_CHARS => {
                s.trim()
            }
            _ => {
                return Err(OnenetError::because(
                    errno::INVALID,
                    format!(
                        "alarm_id must hold alarm ids (strings of 1 to {MAX_ID_CHARS} characters), not {}",
                        params::shown(&item.to_string())
                    ),
                ));
            }
        };
        if !ids.iter().any(|x| x == id) {
            ids.push(id.to_string());
        }
    }
    Ok(ids)
}

/// Errno 8 naming the first of `ids` that `found` lacks, or the alarms found, in order.
pub fn all_found(ids: &[String], found: Vec<Option<Alarm>>) -> Result<Vec<Alarm>, OnenetError> {
    ids.iter()
        .zip(found)
        .map(|(id, alarm)| {
            alarm.ok_or_else(|| {
                OnenetError::because(errno::NOT_FOUND, format!("alarm_id {}", params::shown(id)))
            })
        })
        .collect()
}
