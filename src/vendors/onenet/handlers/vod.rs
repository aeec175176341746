//! Section 6: recordings (info, list, delete, rename, play token) and the HLS addresses they
//! hand out; `stream` answers those addresses. What the cloud holds is `recordings.rs`; this
//! file reads requests and words answers as 6.1 to 6.5 do.
//!
//! Decisions where the seed is silent: errors use the generic table (7 missing parameter,
//! 6 bad value, 3 another device's key, 8 unknown device or recording, 17 unknown channel as
//! section 2 words it); a list keeps the recordings overlapping `[start_time, end_time)`, at
//! most 31 days, and without filters the newest 31 days (the camera's retention is usually
//! shorter), newest first, 30 a page, at most 100; names are matched as
//! substrings; a new name is 1 to 64 characters without control characters; a delete takes 1
//! to 100 ids, all strings, checked before any is deleted.

mod stream;

pub use stream::stream;

use super::{answer, data, succ};
use crate::api::request::ApiRequest;
use crate::sim::VendorId;
use crate::vendors::onenet::access;
use crate::vendors::onenet::errors::{OnenetError, errno};
use crate::vendors::onenet::links;
use crate::vendors::onenet::params::{self, Page};
use crate::vendors::onenet::recordings::{Origin, Recording, Shelf};
use crate::vendors::onenet::state::OnenetState;
use crate::vendors::onenet::state::tokens::Issuer;
use crate::vendors::onenet::time::format_time;
use crate::vendors::{Ctx, Handled};
use serde::Serialize;
use serde_json::Value;
use std::borrow::Cow;
use std::collections::HashSet;

/// 6.2's default and largest `page_size`.
pub const DEFAULT_PAGE_SIZE: u64 = 30;
pub const MAX_PAGE_SIZE: u64 = 100;
/// Longest name 6.4 accepts (not published; as a device title).
pub const MAX_NAME_CHARS: usize = 64;
/// Most ids one 6.3 request deletes.
pub const MAX_DELETE_IDS: usize = 100;
/// Longest window 6.2 lists (as section 17's queries).
pub const MAX_LIST_SECS: i64 = params::MAX_SPAN_SECS;

/// The device and channel a request names, read before anything is looked up.
struct Target {
    device: String,
    channel: u32,
}

impl Target {
    /// The first of `device_names` and of `channel_names` given (7 names the first of each).
    fn read(
        req: &ApiRequest,
        device_names: &[&str],
        channel_names: &[&str],
    ) -> Result<Target, OnenetError> {
        let device = first_of(req, device_names)?.into_owned();
        let channel_name = channel_names
            .iter()
            .find(|n| params::optional(req, n).is_some())
            .or(channel_names.first())
            .copied()
            .unwrap_or("channel_id");
        let channel = params::channel(req, channel_name)?
            .ok_or_else(|| OnenetError::because(errno::REQUIRED, channel_name))?;
        Ok(Target { device, channel })
    }

    fn of(req: &ApiRequest) -> Result<Target, OnenetError> {
        Target::read(req, &["device_id"], &["channel_id"])
    }

    /// The caller may reach the device (3 or 8) and it has the channel (17).
    fn check(&self, ctx: &Ctx<'_>) -> Result<(), OnenetError> {
        let state = access::state(ctx)?;
        let grant = access::caller(state, ctx.credential)?;
        let device = access::device(state, &grant, &self.device)?;
        access::channel_of(device, self.channel)
    }

    fn shelf<'a>(&self, ctx: &'a Ctx<'_>) -> Result<Shelf<'a>, OnenetError> {
        Shelf::of(ctx, &self.device)
    }

    /// The recording `video`, or 8 naming it.
    fn recording(&self, ctx: &Ctx<'_>, video: &str) -> Result<Recording, OnenetError> {
        self.shelf(ctx)?.find(self.channel, video).ok_or_else(|| {
            OnenetError::because(
                errno::NOT_FOUND,
                format!(
                    "video_id {} on channel {} of device {}",
                    params::shown(video),
                    self.channel,
                    self.device
                ),
            )
        })
    }
}

/// The first of `names` given; 7 naming the first when none is.
fn first_of<'a>(req: &'a ApiRequest, names: &[&str]) -> Result<Cow<'a, str>, OnenetError> {
    names
        .iter()
        .find_map(|n| params::optional(req, n))
        .ok_or_else(|| OnenetError::because(errno::REQUIRED, names.first().unwrap_or(&"")))
}

/// `security=1`: https and rtmpe links; 0 or absent: http and rtmp.
fn secure(req: &ApiRequest) -> Result<bool, OnenetError> {
    match params::optional_u64(req, "security")? {
        None | Some(0) => Ok(false),
        Some(1) => Ok(true),
        Some(_) => Err(OnenetError::because(
            errno::INVALID,
            "security must be 0 (http, rtmp) or 1 (https, rtmpe)",
        )),
    }
}

/// The play addresses of a recording, without a token (the client appends it).
struct Links {
    hls: String,
    rtmp: String,
}

impl Links {
    fn of(req: &ApiRequest, t: &Target, r: &Recording, secure: bool) -> Links {
        Links {
            hls: links::vod_hls(req.link_host(), &t.device, t.channel, &r.id, secure),
            rtmp: links::vod_rtmp(
                links::host_name(req),
                &t.device,
                t.channel,
                r.start,
                r.end,
                secure,
            ),
        }
    }
}

/// 6.1's `data`.
#[derive(Serialize)]
struct VideoInfo {
    videoid: String,
    name: String,
    start: String,
    end: String,
    /// KBytes, as a string (6.1's example).
    size: String,
    /// Seconds, as a string; the seed's spelling.
    durtion: String,
    hls_url: String,
    rtmp_url: String,
}

/// 6.1 `GET /ipc/video/vod/get_video_info`.
pub fn info(ctx: &mut Ctx<'_>, req: &ApiRequest) -> Result<Handled, OnenetError> {
    let target = Target::of(req)?;
    let video = params::required(req, "video_id")?;
    let secure = secure(req)?;
    target.check(ctx)?;
    let r = target.recording(ctx, &video)?;
    let links = Links::of(req, &target, &r, secure);
    Ok(data(VideoInfo {
        size: r.kbytes().to_string(),
        durtion: r.duration_secs().to_string(),
        start: format_time(r.start),
        end: format_time(r.end),
        videoid: r.id,
        name: r.name,
        hls_url: links.hls,
        rtmp_url: links.rtmp,
    }))
}

/// One of 6.2's `videos`.
#[derive(Serialize)]
struct VideoItem {
    videoid: String,
    name: String,
    start: String,
    end: String,
    /// KBytes, as a number (6.2's example).
    size: u64,
    hls_url: String,
    rtmp_url: String,
}

#[derive(Serialize)]
struct Videos {
    videos: Vec<VideoItem>,
}

#[derive(Serialize)]
struct PageInfo {
    total_num: usize,
    page_total: u64,
    page_size: u64,
    current_page: u64,
}

/// 6.2's answer: `data` and `page_info` side by side.
#[derive(Serialize)]
struct VideoList {
    data: Videos,
    page_info: PageInfo,
}

/// The window 6.2 lists: `[start_time, end_time)`, either or both given, at most 31 days;
/// without either, the newest 31 days.
fn list_window(req: &ApiRequest, now: i64) -> Result<(i64, i64), OnenetError> {
    let start = params::optional_time(req, "start_time")?;
    let end = params::optional_time(req, "end_time")?;
    let latest = now.saturating_add(1);
    let (from, to) = match (start, end) {
        (None, None) => (latest.saturating_sub(MAX_LIST_SECS), latest),
        (Some(s), None) => (s, s.saturating_add(MAX_LIST_SECS).min(latest).max(s)),
        (None, Some(e)) => (e.saturating_sub(MAX_LIST_SECS), e),
        (Some(s), Some(e)) => {
            if e < s {
                return Err(OnenetError::because(
                    errno::INVALID,
                    "end_time is before start_time",
                ));
            }
            if e.saturating_sub(s) > MAX_LIST_SECS {
                return Err(OnenetError::because(
                    errno::INVALID,
                    "start_time to end_time spans more than 31 days",
                ));
            }
            (s, e)
        }
    };
    Ok((from, to))
}

/// 6.2 `GET /ipc/video/vod/get_video_list`.
pub fn list(ctx: &mut Ctx<'_>, req: &ApiRequest) -> Result<Handled, OnenetError> {
    let target = Target::of(req)?;
    let (from, to) = list_window(req, ctx.now_secs())?;
    let name = params::optional(req, "name");
    let page = Page::of(
        req,
        "page_start",
        "page_size",
        DEFAULT_PAGE_SIZE,
        MAX_PAGE_SIZE,
    )?;
    let secure = secure(req)?;
    target.check(ctx)?;
    let mut all = target.shelf(ctx)?.list(target.channel, from, to)?;
    if let Some(name) = &name {
        all.retain(|r| r.name.contains(name.as_ref()));
    }
    // Newest first: the first page is what a client shows first.
    all.reverse();
    let videos = page
        .slice(&all)
        .iter()
        .map(|r| {
            let links = Links::of(req, &target, r, secure);
            VideoItem {
                videoid: r.id.clone(),
                name: r.name.clone(),
                start: format_time(r.start),
                end: format_time(r.end),
                size: r.kbytes(),
                hls_url: links.hls,
                rtmp_url: links.rtmp,
            }
        })
        .collect();
    Ok(answer(VideoList {
        data: Videos { videos },
        page_info: PageInfo {
            total_num: all.len(),
            page_total: page.count(all.len()),
            page_size: page.per_page,
            current_page: page.page,
        },
    }))
}

/// One id's result in 6.3's `data`.
#[derive(Serialize)]
struct Deleted {
    code: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<String>,
}

impl Deleted {
    const DONE: Deleted = Deleted {
        code: 0,
        message: None,
    };

    fn failed(message: impl Into<String>) -> Deleted {
        Deleted {
            code: 1,
            message: Some(message.into()),
        }
    }
}

/// 6.3's body: `{"video":[{"videoId":"..."}, ...]}`, every id a string.
fn video_ids(req: &ApiRequest) -> Result<Vec<String>, OnenetError> {
    // Empty or not an object: 9 or 4, as every body.
    req.params()?;
    let body: Value = serde_json::from_slice(&req.body)
        .map_err(|e| OnenetError::because(errno::INVALID_JSON, e))?;
    let list = match body.get("video") {
        None | Some(Value::Null) => return Err(OnenetError::because(errno::REQUIRED, "video")),
        Some(Value::Array(list)) => list,
        Some(_) => {
            return Err(OnenetError::because(
                errno::INVALID,
                "video must be an array of {\"videoId\": \"...\"}",
            ));
        }
    };
    if list.is_empty() || list.len() > MAX_DELETE_IDS {
        return Err(OnenetError::because(
            errno::INVALID,
            format!(
                "video must list 1 to {MAX_DELETE_IDS} ids, not {}",
                list.len()
            ),
        ));
    }
    list.iter()
        .enumerate()
        .map(|(i, item)| match item.get("videoId") {
            Some(Value::String(id)) if !id.is_empty() => Ok(id.clone()),
            None | Some(Value::Null) => Err(OnenetError::because(
                errno::REQUIRED,
                format!("video[{i}].videoId"),
            )),
            Some(_) => Err(OnenetError::because(
                errno::INVALID,
                format!("video[{i}].videoId must be a non-empty string"),
            )),
        })
        .collect()
}

/// 6.3 `POST /ipc/video/vod/delete_video?deviceid=&channeled=` (the seed's spellings; also
/// `device_id` and `channel_id`).
pub fn delete(ctx: &mut Ctx<'_>, req: &ApiRequest) -> Result<Handled, OnenetError> {
    let target = Target::read(
        req,
        &["deviceid", "device_id"],
        &["channeled", "channel_id"],
    )?;
    let ids = video_ids(req)?;
    target.check(ctx)?;
    // Look every id up first (a repeated id is gone by its second mention).
    let mut seen = HashSet::new();
    let found: Vec<Option<Origin>> = {
        let shelf = target.shelf(ctx)?;
        ids.iter()
            .map(|id| {
                let first = seen.insert(id.as_str());
                first
                    .then(|| shelf.find(target.channel, id).map(|r| r.origin))
                    .flatten()
            })
            .collect()
    };
    let (state, cameras) = ctx
        .world
        .model_and_cameras::<OnenetState>()
        .ok_or_else(|| OnenetError::because(errno::INTERNAL, "the world has no OneNET part"))?;
    let results: Vec<Deleted> = ids
        .iter()
        .zip(found)
        .map(|(id, origin)| match origin {
            None => Deleted::failed("not exist"),
            Some(Origin::Manual) => {
                state
                    .records
                    .channel_mut(&target.device, target.channel)
                    .delete_manual(id);
                Deleted::DONE
            }
            Some(Origin::Timeline(_)) => {
                match cameras
                    .get_mut(VendorId::Onenet, &target.device)
                    .map(|camera| camera.history.delete_segment(id))
                {
                    Some(Ok(())) => Deleted::DONE,
                    Some(Err(full)) => Deleted::failed(full.to_string()),
                    None => Deleted::failed("not exist"),
                }
            }
        })
        .collect();
    Ok(data(results))
}

/// 6.4's new name: 1 to 64 characters, no control characters.
fn new_name(req: &ApiRequest) -> Result<String, OnenetError> {
    let name = req.params()?.str("name")?;
    let n = name.chars().count();
    if n > MAX_NAME_CHARS {
        return Err(OnenetError::because(
            errno::INVALID,
            format!("name has {n} characters, at most {MAX_NAME_CHARS}"),
        ));
    }
    if name.trim().is_empty() || name.chars().any(char::is_control) {
        return Err(OnenetError::because(
            errno::INVALID,
            "name must have a visible character and no control characters",
        ));
    }
    Ok(name.to_string())
}

/// 6.4 `PUT /ipc/video/vod/rename_video` with `{"name": "..."}`.
pub fn rename(ctx: &mut Ctx<'_>, req: &ApiRequest) -> Result<Handled, OnenetError> {
    let target = Target::of(req)?;
    let video = params::required(req, "video_id")?;
    let name = new_name(req)?;
    target.check(ctx)?;
    let origin = target.recording(ctx, &video)?.origin;
    let full = |e: crate::sim::timeline::OverlayFull| OnenetError::because(errno::SYSTEM_LIMIT, e);
    match origin {
        Origin::Manual => {
            let state = access::state_mut(ctx)?;
            if let Some(m) = state
                .records
                .channel_mut(&target.device, target.channel)
                .manual_mut(&video)
            {
                m.name = Some(name);
            }
        }
        Origin::Timeline(_) => {
            if let Some(camera) = ctx.world.cameras.get_mut(VendorId::Onenet, &target.device) {
                camera.history.rename_segment(&video, name).map_err(full)?;
            }
        }
    }
    Ok(succ())
}

#[derive(Serialize)]
struct PlayToken {
    token: String,
}

/// 6.5 `GET /ipc/video/vod/get_play_token`: a token that opens this recording's HLS address
/// for `links::VOD_TOKEN_SECS` of world time.
pub fn play_token(ctx: &mut Ctx<'_>, req: &ApiRequest) -> Result<Handled, OnenetError> {
    let target = Target::of(req)?;
    let video = params::required(req, "video_id")?;
    target.check(ctx)?;
    let r = target.recording(ctx, &video)?;
    let issuer = Issuer::of(ctx);
    let state = access::state_mut(ctx)?;
    let product = state
        .devices
        .get(&target.device)
        .map(|d| d.product.clone())
        .unwrap_or_default();
    let token = links::vod_token(
        &mut state.tokens,
        issuer,
        &product,
        &target.device,
        target.channel,
        &r.id,
    )?;
    Ok(data(PlayToken { token }))
}
