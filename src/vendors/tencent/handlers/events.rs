//! A device channel's stored events, from `history::History`: `DescribeCloudStorageEvents`
//! (newest first, in pages a `Context` cursor continues), `DeleteCloudStorageEvent` (one event,
//! named by type, start and end as the list answered it) and `ResetCloudStorageEvent` (every
//! event stored so far).
//!
//! Decisions where the sources are silent, kept here: the constants below; events run newest
//! first (by start, then timeline id, so pages are stable); `EventId` filters on the event type,
//! a timeline event kind's name (`motion`, `human`, `sound`, ...), and a type no event has
//! answers an empty list; `EndTime` is inclusive (the official example asks
//! `1714492800`..`1714579199` for a day); `UploadStatus` is `Finished`, or `Partial` while the
//! event is still going on; `Data` is null (generated events carry no custom data); `Total`
//! counts the events of the page (the SDK: "an internal count, not the total"); the last page
//! answers `Listover: true` and `Context: ""`.

use super::history::{history, window_error};
use super::{device, done, reply, state, target};
use crate::api::request::ApiRequest;
use crate::api::response::ApiResponse;
use crate::sim::VendorId;
use crate::vendors::Ctx;
use crate::vendors::tencent::cursor::Cursor;
use crate::vendors::tencent::errors::{TencentError, code};
use crate::vendors::tencent::history::StoredEvent;
use crate::vendors::tencent::links;
use crate::vendors::tencent::params::Params;
use crate::vendors::tencent::state::TencentState;
use serde::Serialize;

/// `Size` when not given (the SDK: "默认为10").
const DEFAULT_SIZE: i64 = 10;
/// Largest `Size` (decision: Tencent publishes none).
const MAX_SIZE: i64 = 100;
/// `StartTime` 0 or absent: this long before now (the SDK: "为0 表示 当前时间 - 24h").
const DEFAULT_SPAN_SECS: i64 = 86_400;
/// Longest window asked for, `EndTime - StartTime` (decision; a longer one names `EndTime`).
const MAX_SPAN_SECS: i64 = 31 * 86_400;

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct EventsAnswer {
    events: Vec<EventInfo>,
    context: String,
    listover: bool,
    total: usize,
    #[serde(rename = "VideoURL")]
    video_url: String,
}

/// `CloudStorageEvent`.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct EventInfo {
    start_time: i64,
    end_time: i64,
    thumbnail: String,
    event_id: &'static str,
    upload_status: &'static str,
    data: Option<String>,
}

/// `Size`: 1 to `MAX_SIZE`, `DEFAULT_SIZE` when not given.
fn page_size(p: &Params) -> Result<usize, TencentError> {
    match p.opt_int("Size")?.unwrap_or(DEFAULT_SIZE) {
        n if (1..=MAX_SIZE).contains(&n) => Ok(usize::try_from(n).unwrap_or(1)),
        n => Err(TencentError::invalid_value(
            "Size",
            &format!("{n} is not between 1 and {MAX_SIZE}"),
            &format!("{n} 不在 1 到 {MAX_SIZE} 之间"),
        )),
    }
}

/// The window of event starts `[from, to]` that `StartTime`/`EndTime` (0: not given) ask for at
/// `now`.
fn resolve((start, end): (i64, i64), now: i64) -> Result<(i64, i64), TencentError> {
    let from = if start == 0 {
        now.saturating_sub(DEFAULT_SPAN_SECS)
    } else {
        start
    };
    let to = if end == 0 { now } else { end };
    if to < from {
        return Err(TencentError::invalid_value(
            "EndTime",
            &format!("{to} is before the window's start {from}"),
            &format!("{to} 早于查询起始时间 {from}"),
        ));
    }
    if to.saturating_sub(from) > MAX_SPAN_SECS {
        return Err(TencentError::invalid_value(
            "EndTime",
            &format!("the window from {from} to {to} is longer than 31 days"),
            &format!("{from} 到 {to} 的查询范围超过 31 天"),
        ));
    }
    Ok((from, to))
}

fn bad_context(why_en: &str, why_zh: &str) -> TencentError {
    TencentError::invalid_value("Context", why_en, why_zh)
}

/// One page of the stored events starting in the window, newest first; a `Context` continues
/// after the last event of the page that handed it out, over that page's window.
pub fn events(
    ctx: &mut Ctx<'_>,
    p: &Params,
    req: &ApiRequest,
) -> Result<ApiResponse, TencentError> {
    let t = target(ctx, p)?;
    let size = page_size(p)?;
    let asked = (
        p.opt_uint("StartTime")?.unwrap_or(0),
        p.opt_uint("EndTime")?.unwrap_or(0),
    );
    let event_id = p.opt_str("EventId")?.unwrap_or("");
    let user = p.opt_str("UserId")?.unwrap_or("");
    let secret = state(ctx)?.media_secret.clone();
    let after = match p.opt_str("Context")? {
        None => None,
        Some(text) => {
            let cursor = Cursor::decode(text, &secret, &t.id).ok_or_else(|| {
                bad_context(
                    "it is not a Context camsim handed out for this device",
                    "不是本设备查询返回的 Context",
                )
            })?;
            if !cursor.matches(asked, event_id, user, t.channel) {
                return Err(bad_context(
                    "it belongs to another query (StartTime, EndTime, EventId, UserId and ChannelId must stay as on the first page)",
                    "属于另一次查询（StartTime、EndTime、EventId、UserId 和 ChannelId 须与首页相同）",
                ));
            }
            Some(cursor)
        }
    };
    let window = match &after {
        Some(cursor) => cursor.window,
        None => resolve(asked, ctx.now_secs())?,
    };
    let key = links::media_key(ctx, &t.id, t.channel, p.opt_str("UserId")?.unwrap_or(""))?;
    let video_url = links::video_url(req.link_host(), &key);

    let h = history(ctx, &t, p)?;
    let mut list: Vec<StoredEvent> = h
        .events(window.0, window.1.saturating_add(1))
        .map_err(window_error)?
        .into_iter()
        .filter(|e| event_id.is_empty() || e.kind.name() == event_id)
        .collect();
    list.sort_unstable_by(|a, b| (b.start, &b.timeline_id).cmp(&(a.start, &a.timeline_id)));
    if let Some(cursor) = &after {
        let (start, id) = (cursor.last.0, cursor.last.1.as_str());
        list.retain(|e| (e.start, e.timeline_id.as_str()) < (start, id));
    }
    let listover = list.len() <= size;
    list.truncate(size);
    let context = match list.last() {
        Some(last) if !listover => Cursor {
            asked,
            window,
            event_id: event_id.to_string(),
            user: user.to_string(),
            channel: t.channel,
            last: (last.start, last.timeline_id.clone()),
        }
        .encode(&secret, &t.id),
        _ => String::new(),
    };
    let app_id = state(ctx)?.app_id.as_str();
    let (_, d) = device(ctx, &t.id)?;
    let events: Vec<EventInfo> = list
        .into_iter()
        .map(|e| EventInfo {
            start_time: e.start,
            end_time: e.end,
            thumbnail: links::thumbnail_path(app_id, &d.product, &d.name, e.start),
            event_id: e.kind.name(),
            upload_status: if e.ongoing { "Partial" } else { "Finished" },
            data: None,
        })
        .collect();
    Ok(reply(
        ctx,
        EventsAnswer {
            total: events.len(),
            events,
            context,
            listover,
            video_url,
        },
    ))
}

/// Deletes the stored events of type `EventId` that start at `StartTime` and end at `EndTime`
/// (what `DescribeCloudStorageEvents` answered): the camera's timeline hides them, so the list
/// no longer holds them and an event package's recording of them is gone as well. None
/// matching: `InvalidParameterValue` naming EventId (decision).
pub fn delete_event(
    ctx: &mut Ctx<'_>,
    p: &Params,
    _req: &ApiRequest,
) -> Result<ApiResponse, TencentError> {
    let t = target(ctx, p)?;
    let kind = p.str("EventId")?;
    let start = p.uint("StartTime")?;
    let end = p.uint("EndTime")?;
    let ids: Vec<String> = history(ctx, &t, p)?
        .events(start, start.saturating_add(1))
        .map_err(window_error)?
        .into_iter()
        .filter(|e| e.kind.name() == kind && e.end == end)
        .map(|e| e.timeline_id)
        .collect();
    if ids.is_empty() {
        return Err(TencentError::invalid_value(
            "EventId",
            &format!("no stored `{kind}` event runs from {start} to {end}"),
            &format!("不存在 {start} 到 {end} 的 `{kind}` 云存事件"),
        ));
    }
    let camera = ctx
        .world
        .cameras
        .get_mut(VendorId::Tencent, &t.id)
        .ok_or_else(|| TencentError::of(code::INTERNAL_ERROR))?;
    for id in &ids {
        // A timeline that keeps no more changes: a quota, so the common `LimitExceeded`
        // (decision: the action's own list has none that says it).
        camera.history.delete_event(id).map_err(|full| {
            TencentError::new(
                code::LIMIT_EXCEEDED,
                format!("The event cannot be deleted: {full}."),
                format!("无法删除事件：该设备的时间线变更已达上限（{full}）。"),
            )
        })?;
    }
    Ok(done(ctx))
}

/// Clears every event of the device channel stored so far (those starting at or before now);
/// later events are stored again. Decision: the channel is cleared in every user space (the
/// device keeps one mark per channel), whatever `UserId` says.
pub fn reset_events(
    ctx: &mut Ctx<'_>,
    p: &Params,
    _req: &ApiRequest,
) -> Result<ApiResponse, TencentError> {
    let t = target(ctx, p)?;
    p.opt_str("UserId")?;
    let now = ctx.now_secs();
    let device = ctx
        .world
        .model_mut::<TencentState>()
        .and_then(|s| s.device_mut(&t.id))
        .ok_or_else(|| TencentError::of(code::INTERNAL_ERROR))?;
    device
        .events_cleared
        .insert(t.channel, now.saturating_add(1));
    Ok(done(ctx))
}
