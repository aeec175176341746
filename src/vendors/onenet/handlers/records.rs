//! Section 13: manual recording (13.1) and record configurations (13.2 to 13.4), per device
//! channel. The state is `state/records.rs`; what it means for the recordings section 6 lists
//! is `recordings.rs`.
//!
//! Decisions where the seed is silent or torn:
//! - Every route takes `product_id` (the caller's: 3), `device_id` (3 / 8), `channel_id`
//!   (the device's: 17), all required (7).
//! - 13.1: `action` 1 starts, 0 stops; `expired` (1 to 365 days, default the camera's
//!   retention) is how long the recording is kept after it ends. Starting while a manual
//!   recording runs on the channel is 12 "already exists"; stopping when none runs is 8 (only
//!   a recording started through the API can be stopped through it); starting on an offline
//!   device is 10. A manual recording ends by itself after a day.
//! - 13.2: `action` (the note's `type` is accepted too) 0 stop, 1 real-time, 2 event; `cycle`
//!   (1 to 365) days a recording is kept; `start_time`/`end_time` (`YYYY-MM-DD HH:MM:SS`,
//!   optional) bound when the config applies, never before it is made; after `end_time` the
//!   channel records as if it had none. Adding while a config is in force is 12.
//! - 13.3: deleting when there is none is 8. 13.4: `type` 0, 1 or 2 replaces the config from
//!   now (none is added); an empty `type` clears it.
//! - A real-time config keeps what the camera records (its scenario's recording mode); a stop
//!   config keeps nothing from then on; an event config only event clips.

use super::succ;
use crate::api::request::ApiRequest;
use crate::sim::VendorId;
use crate::vendors::onenet::access;
use crate::vendors::onenet::errors::{OnenetError, errno};
use crate::vendors::onenet::params;
use crate::vendors::onenet::state::records::{Config, ConfigMode, MAX_KEEP_DAYS, RecordsError};
use crate::vendors::onenet::time::format_time;
use crate::vendors::{Ctx, Handled};

/// The channel a section 13 request names.
struct Target {
    device: String,
    channel: u32,
}

impl Target {
    /// `product_id`, `device_id`, `channel_id`, then `more` required parameters: 7 names the
    /// first missing.
    fn read(req: &ApiRequest, more: &[&str]) -> Result<Target, OnenetError> {
        params::required(req, "product_id")?;
        let device = params::required(req, "device_id")?.into_owned();
        let channel = params::channel(req, "channel_id")?
            .ok_or_else(|| OnenetError::because(errno::REQUIRED, "channel_id"))?;
        for name in more {
            params::required(req, name)?;
        }
        Ok(Target { device, channel })
    }

    /// The product is the caller's (3), the device reachable (3 / 8), the channel its (17).
    fn check(&self, ctx: &Ctx<'_>, req: &ApiRequest) -> Result<(), OnenetError> {
        let state = access::state(ctx)?;
        let grant = access::caller(state, ctx.credential)?;
        access::product_param(&grant, req, "product_id")?;
        let device = access::device(state, &grant, &self.device)?;
        access::channel_of(device, self.channel)
    }
}

/// A count of days (`cycle`, `expired`): 1 to 365.
fn days(req: &ApiRequest, name: &str) -> Result<Option<u32>, OnenetError> {
    params::optional_u64(req, name)?
        .map(|n| {
            u32::try_from(n)
                .ok()
                .filter(|n| (1..=MAX_KEEP_DAYS).contains(n))
                .ok_or_else(|| {
                    OnenetError::because(
                        errno::INVALID,
                        format!("{name} must be 1 to {MAX_KEEP_DAYS} days"),
                    )
                })
        })
        .transpose()
}

fn full() -> OnenetError {
    OnenetError::because(
        errno::SYSTEM_LIMIT,
        "this channel changed its recording too often within a year",
    )
}

/// 13.1 `GET /ipc/video/record/record_video`.
pub fn manual(ctx: &mut Ctx<'_>, req: &ApiRequest) -> Result<Handled, OnenetError> {
    let target = Target::read(req, &["action"])?;
    let start = match params::required_u64(req, "action")? {
        0 => false,
        1 => true,
        _ => {
            return Err(OnenetError::because(
                errno::INVALID,
                "action must be 0 (stop) or 1 (start)",
            ));
        }
    };
    let expired = days(req, "expired")?;
    target.check(ctx, req)?;
    let now = ctx.now_secs();
    if start {
        let camera = ctx
            .world
            .cameras
            .get(VendorId::Onenet, &target.device)
            .ok_or_else(|| access::not_found(&target.device))?;
        if !camera.online {
            return Err(OnenetError::because(errno::OFFLINE, &target.device));
        }
        let keep_days = expired.unwrap_or(camera.timeline.retention_days);
        let id = format!("m{}", ctx.ids.hex(15));
        let state = access::state_mut(ctx)?;
        let channel = state.records.channel_mut(&target.device, target.channel);
        match channel.start_manual(id, now, keep_days) {
            Ok(()) => {}
            Err(RecordsError::Running { since }) => {
                return Err(OnenetError::because(
                    errno::EXISTS,
                    format!(
                        "channel {} already records (started through the API at {})",
                        target.channel,
                        format_time(since)
                    ),
                ));
            }
            Err(_) => return Err(full()),
        }
    } else {
        let state = access::state_mut(ctx)?;
        let channel = state.records.channel_mut(&target.device, target.channel);
        if channel.stop_manual(now).is_err() {
            return Err(OnenetError::because(
                errno::NOT_FOUND,
                format!(
                    "no recording started through the API runs on channel {}",
                    target.channel
                ),
            ));
        }
    }
    Ok(succ())
}

/// 13.2's and 13.4's mode: 0 stop, 1 real-time, 2 event.
fn mode(n: u64, name: &str) -> Result<ConfigMode, OnenetError> {
    ConfigMode::of(n).ok_or_else(|| {
        OnenetError::because(
            errno::INVALID,
            format!("{name} must be 0 (stop), 1 (real-time) or 2 (event)"),
        )
    })
}

/// 13.2 `PUT /api/record/record_config`.
pub fn config_add(ctx: &mut Ctx<'_>, req: &ApiRequest) -> Result<Handled, OnenetError> {
    // The URL table names it `action`, the note below it `type`.
    let name =
        if params::optional(req, "action").is_none() && params::optional(req, "type").is_some() {
            "type"
        } else {
            "action"
        };
    let target = Target::read(req, &[name])?;
    let mode = mode(params::required_u64(req, name)?, name)?;
    let cycle = days(req, "cycle")?;
    let now = ctx.now_secs();
    let start = params::optional_time(req, "start_time")?;
    let end = params::optional_time(req, "end_time")?;
    if let (Some(s), Some(e)) = (start, end)
        && e <= s
    {
        return Err(OnenetError::because(
            errno::INVALID,
            "end_time is not after start_time",
        ));
    }
    if end.is_some_and(|e| e <= now) {
        return Err(OnenetError::because(errno::INVALID, "end_time has passed"));
    }
    target.check(ctx, req)?;
    let state = access::state_mut(ctx)?;
    let channel = state.records.channel_mut(&target.device, target.channel);
    if channel.config(now).is_some() {
        return Err(OnenetError::because(
            errno::EXISTS,
            format!(
                "channel {} has a record config (13.4 updates it, 13.3 deletes it)",
                target.channel
            ),
        ));
    }
    let config = Config {
        mode,
        cycle,
        start: start.unwrap_or(now),
        end,
    };
    channel.set_config(config, now).map_err(|_| full())?;
    Ok(succ())
}

/// 13.3 `DELETE /ipc/video/record/delete_config`.
pub fn config_delete(ctx: &mut Ctx<'_>, req: &ApiRequest) -> Result<Handled, OnenetError> {
    let target = Target::read(req, &[])?;
    target.check(ctx, req)?;
    let now = ctx.now_secs();
    let state = access::state_mut(ctx)?;
    let channel = state.records.channel_mut(&target.device, target.channel);
    if channel.config(now).is_none() {
        return Err(OnenetError::because(
            errno::NOT_FOUND,
            format!("channel {} has no record config", target.channel),
        ));
    }
    channel.clear_config(now).map_err(|_| full())?;
    Ok(succ())
}

/// 13.4 `PUT /ipc/video/record/update_config`.
pub fn config_update(ctx: &mut Ctx<'_>, req: &ApiRequest) -> Result<Handled, OnenetError> {
    let target = Target::read(req, &[])?;
    let mode = params::optional_u64(req, "type")?
        .map(|n| mode(n, "type"))
        .transpose()?;
    let cycle = days(req, "cycle")?;
    target.check(ctx, req)?;
    let now = ctx.now_secs();
    let state = access::state_mut(ctx)?;
    let channel = state.records.channel_mut(&target.device, target.channel);
    match mode {
        None => channel.clear_config(now).map(|_| ()),
        Some(mode) => channel.set_config(
            Config {
                mode,
                cycle,
                start: now,
                end: None,
            },
            now,
        ),
    }
    .map_err(|_| full())?;
    Ok(succ())
}
