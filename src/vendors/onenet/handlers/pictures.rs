//! Section 5: pictures (upload, list, info, delete) and the picture links they hand out
//! (`http://{host}/ipc/video/picture/{d}/{c}/{name}.{format}?token=`, 5.5).
//!
//! A device's pictures are its camera timeline's (event pictures and snapshots: the test card
//! of the device's channel at the instant taken, a JPEG rendered when fetched, listed with an
//! estimate of its size) and its uploads, served as uploaded (`catalog`). Proposals (the seed
//! is silent):
//! - names are unique per device across channels ("图片名(唯一ID)"): uploading a name any
//!   picture of the device has is errno 12; a name is 1 to 256 characters without control
//!   characters, `desc` at most 1024 (the object store's limits); the body must not be empty
//!   (errno 9) and is kept as sent (its format is not sniffed);
//! - `channel_id` is required by upload, info and delete, optional in the list (all channels);
//!   a channel the device lacks is errno 17;
//! - the list is newest first (then by name), `start_time`/`end_time` inclusive, `page_start`
//!   is the page number from 1, `page_size` 1 to 100 (default 20);
//! - deleting a timeline picture hides it (its alarm stays); the link of a deleted or unknown
//!   picture answers 404, a token of another device 403;
//! - per device at most `MAX_DEVICE_UPLOADS` uploads and `MAX_DEVICE_UPLOAD_BYTES`, per world
//!   `MAX_WORLD_UPLOAD_BYTES` (errno 13 beyond).

mod catalog;

use super::{answer, data, succ};
use crate::api::request::ApiRequest;
use crate::api::response::ApiResponse;
use crate::media::Job;
use crate::sim::VendorId;
use crate::vendors::onenet::errors::{OnenetError, errno};
use crate::vendors::onenet::links;
use crate::vendors::onenet::media::{self, Keep};
use crate::vendors::onenet::params::{self, Page};
use crate::vendors::onenet::state::pictures::{Format, Upload};
use crate::vendors::onenet::state::tokens::Issuer;
use crate::vendors::onenet::state::{OnenetDevice, OnenetState};
use crate::vendors::onenet::{access, media_refusal, routes};
use crate::vendors::{Ctx, Handled};
use catalog::{Entry, Origin};
use http::StatusCode;
use serde::Serialize;

/// Longest picture name (proposal: as section 16's object names).
pub const MAX_NAME_CHARS: usize = 256;
/// Longest picture description (proposal: as section 16's).
pub const MAX_DESC_CHARS: usize = 1024;
pub const DEFAULT_PAGE_SIZE: u64 = 20;
pub const MAX_PAGE_SIZE: u64 = 100;

/// `page_info` of sections 5.2 and 16.4.
#[derive(Debug, Serialize)]
pub struct PageInfo {
    pub total_num: u64,
    pub page_total: u64,
    pub page_size: u64,
    pub current_page: u64,
}

impl PageInfo {
    pub fn of(page: &Page, total: usize) -> PageInfo {
        PageInfo {
            total_num: total as u64,
            page_total: page.count(total),
            page_size: page.per_page,
            current_page: page.page,
        }
    }
}

/// One picture as 5.2 and 5.3 show it.
#[derive(Debug, Serialize)]
struct PictureInfo {
    format: &'static str,
    size: u64,
    date: i64,
    name: String,
    desc: String,
    url: String,
}

#[derive(Serialize)]
struct PictureList {
    data: Vec<PictureInfo>,
    page_info: PageInfo,
}

fn catalog<'a>(
    ctx: &'a Ctx<'_>,
    state: &'a OnenetState,
    device: &'a OnenetDevice,
) -> catalog::Source<'a> {
    catalog::Source {
        device,
        camera: ctx.world.cameras.get(VendorId::Onenet, &device.id),
        pictures: state.pictures.of(&device.id),
        seed: ctx.seed,
        now: ctx.now_secs(),
    }
}

fn required_channel(req: &ApiRequest, device: &OnenetDevice) -> Result<u32, OnenetError> {
    let channel = params::channel(req, "channel_id")?
        .ok_or_else(|| OnenetError::because(errno::REQUIRED, "channel_id"))?;
    access::channel_of(device, channel)?;
    Ok(channel)
}

fn not_found(name: &str, channel: u32) -> OnenetError {
    OnenetError::because(
        errno::NOT_FOUND,
        format!(
            "no picture named {} on channel {channel}",
            params::shown(name)
        ),
    )
}

/// The rows of entries: their content, and links carrying the device's picture token.
fn rows(
    ctx: &mut Ctx<'_>,
    req: &ApiRequest,
    device: (String, String),
    entries: Vec<(Entry, catalog::Content)>,
) -> Result<Vec<PictureInfo>, OnenetError> {
    let (product, id) = device;
    let issuer = Issuer::of(ctx);
    let state = access::state_mut(ctx)?;
    let token = links::picture_token(&mut state.tokens, issuer, &product, &id)?;
    let host = req.link_host();
    Ok(entries
        .into_iter()
        .map(|(entry, content)| PictureInfo {
            format: content.format.text(),
            size: content.size,
            date: entry.date,
            url: links::picture(
                host,
                &id,
                entry.channel,
                &entry.name,
                content.format.text(),
                &token,
                false,
            ),
            name: entry.name,
            desc: content.desc,
        })
        .collect())
}

/// 5.1: keeps the body as a picture of the device's channel.
pub fn upload(ctx: &mut Ctx<'_>, req: &ApiRequest) -> Result<Handled, OnenetError> {
    let state = access::state(ctx)?;
    let grant = access::caller(state, ctx.credential)?;
    let device = access::device_param(state, &grant, req, "device_id")?;
    let channel = required_channel(req, device)?;
    let format_text = params::required(req, "format")?;
    let format = Format::parse(&format_text).ok_or_else(|| {
        OnenetError::because(
            errno::INVALID,
            format!(
                "format must be jpg or png, not `{}`",
                params::shown(&format_text)
            ),
        )
    })?;
    let name = params::required(req, "name")?;
    let n = name.chars().count();
    if n > MAX_NAME_CHARS {
        return Err(OnenetError::because(
            errno::INVALID,
            format!("name has {n} characters, at most {MAX_NAME_CHARS}"),
        ));
    }
    if name.chars().any(char::is_control) {
        return Err(OnenetError::because(
            errno::INVALID,
            "name must not hold control characters",
        ));
    }
    let desc = params::optional(req, "desc").unwrap_or_default();
    let n = desc.chars().count();
    if n > MAX_DESC_CHARS {
        return Err(OnenetError::because(
            errno::INVALID,
            format!("desc has {n} characters, at most {MAX_DESC_CHARS}"),
        ));
    }
    if req.body.is_empty() {
        return Err(OnenetError::because(
            errno::BODY_REQUIRED,
            "the body holds the picture",
        ));
    }
    if catalog(ctx, state, device).find(&name).is_some() {
        return Err(OnenetError::because(
            errno::EXISTS,
            format!(
                "device {} has a picture named {} already",
                device.id,
                params::shown(&name)
            ),
        ));
    }
    let upload = Upload {
        channel,
        format,
        desc: desc.into_owned(),
        date: ctx.now_secs(),
        bytes: req.body.clone(),
    };
    let id = device.id.clone();
    let name = name.into_owned();
    access::state_mut(ctx)?
        .pictures
        .add_upload(&id, name, upload)
        .map_err(|why| OnenetError::because(errno::SYSTEM_LIMIT, why))?;
    Ok(succ())
}

/// 5.2: the device's pictures, newest first, a page at a time.
pub fn list(ctx: &mut Ctx<'_>, req: &ApiRequest) -> Result<Handled, OnenetError> {
    let state = access::state(ctx)?;
    let grant = access::caller(state, ctx.credential)?;
    let device = access::device_param(state, &grant, req, "device_id")?;
    let channel = params::channel(req, "channel_id")?;
    if let Some(c) = channel {
        access::channel_of(device, c)?;
    }
    let from = params::optional_i64(req, "start_time")?.unwrap_or(i64::MIN);
    let to = params::optional_i64(req, "end_time")?.unwrap_or(i64::MAX);
    if to < from {
        return Err(OnenetError::because(
            errno::INVALID,
            "end_time is before start_time",
        ));
    }
    let page = Page::of(
        req,
        "page_start",
        "page_size",
        DEFAULT_PAGE_SIZE,
        MAX_PAGE_SIZE,
    )?;
    let source = catalog(ctx, state, device);
    let mut entries = source.collect(from, to, channel);
    entries.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.name.cmp(&b.name)));
    let total = entries.len();
    let shown: Vec<_> = page
        .slice(&entries)
        .iter()
        .map(|e| (e.clone(), e.content(source.pictures)))
        .collect();
    let who = (device.product.clone(), device.id.clone());
    let data = rows(ctx, req, who, shown)?;
    Ok(answer(PictureList {
        data,
        page_info: PageInfo::of(&page, total),
    }))
}

/// The picture `name` of the request's device and channel.
fn named(
    ctx: &Ctx<'_>,
    req: &ApiRequest,
) -> Result<(Entry, catalog::Content, (String, String)), OnenetError> {
    let state = access::state(ctx)?;
    let grant = access::caller(state, ctx.credential)?;
    let device = access::device_param(state, &grant, req, "device_id")?;
    let channel = required_channel(req, device)?;
    let name = params::required(req, "name")?;
    let source = catalog(ctx, state, device);
    let entry = source
        .find(&name)
        .filter(|e| e.channel == channel)
        .ok_or_else(|| not_found(&name, channel))?;
    let content = entry.content(source.pictures);
    Ok((entry, content, (device.product.clone(), device.id.clone())))
}

/// 5.3: one picture.
pub fn info(ctx: &mut Ctx<'_>, req: &ApiRequest) -> Result<Handled, OnenetError> {
    let (entry, content, who) = named(ctx, req)?;
    let mut rows = rows(ctx, req, who, vec![(entry, content)])?;
    match rows.pop() {
        Some(row) => Ok(data(row)),
        None => Err(OnenetError::of(errno::INTERNAL)),
    }
}

/// 5.4 (`delete_pictrue`, sic): removes an upload or hides a timeline picture.
pub fn delete(ctx: &mut Ctx<'_>, req: &ApiRequest) -> Result<Handled, OnenetError> {
    let (entry, _, (_, id)) = named(ctx, req)?;
    let pictures = &mut access::state_mut(ctx)?.pictures;
    match entry.origin {
        Origin::Upload => {
            pictures.remove_upload(&id, &entry.name);
        }
        Origin::Timeline { id: picture, .. } => pictures
            .hide(&id, &picture)
            .map_err(|why| OnenetError::because(errno::SYSTEM_LIMIT, why))?,
    }
    Ok(succ())
}

/// The media host's 404.
fn no_picture(detail: impl std::fmt::Display) -> OnenetError {
    OnenetError::store(404, detail)
}

/// 5.5: the bytes of a picture link.
pub fn fetch(ctx: &mut Ctx<'_>, req: &ApiRequest) -> Result<Handled, OnenetError> {
    let path = routes::canonical(&req.path);
    let rest = path
        .strip_prefix(routes::PICTURE_PREFIX)
        .unwrap_or_default();
    let mut parts = rest.splitn(3, '/');
    let (Some(id), Some(channel), Some(file)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(no_picture("the link names device, channel and picture"));
    };
    let wanted = file.rsplit_once('.').and_then(|(name, format)| {
        let name = name.replace('+', " ");
        let name = percent_encoding::percent_decode_str(&name)
            .decode_utf8()
            .ok()?
            .into_owned();
        Some((name, Format::parse(format)?, channel.parse::<u32>().ok()?))
    });
    let state = access::state(ctx)?;
    let opens = state
        .tokens
        .grants
        .get(ctx.credential)
        .is_some_and(|g| g.device == id && g.video.is_none());
    if !opens {
        return Err(media_refusal(&format!(
            "the token does not open the pictures of device {}",
            params::shown(id)
        )));
    }
    let Some((name, format, channel)) = wanted else {
        return Err(no_picture(format!("no picture {}", params::shown(file))));
    };
    let Some(device) = state.devices.get(id) else {
        return Err(no_picture(format!("no device {}", params::shown(id))));
    };
    let source = catalog(ctx, state, device);
    let Some(entry) = source.find(&name).filter(|e| e.channel == channel) else {
        return Err(no_picture(format!("no picture {}", params::shown(file))));
    };
    let answer = match &entry.origin {
        Origin::Upload => source
            .pictures
            .and_then(|p| p.upload(&name))
            .filter(|u| u.format == format)
            .map(|u| ApiResponse::text(StatusCode::OK, format.content_type(), u.bytes.clone())),
        Origin::Timeline { size, .. } => (format == Format::Jpg).then(|| {
            let looks = media::looks(state, &device.id, channel);
            ApiResponse::media(Job::Picture {
                subject: media::subject(ctx.seed, &device.id, channel, looks),
                at_ms: entry.date.saturating_mul(1000),
                size: *size,
                format: crate::media::Format::Jpeg,
            })
        }),
    };
    let Some(answer) = answer else {
        return Err(no_picture(format!("no picture {}", params::shown(file))));
    };
    Ok(Handled::Now(media::cached(answer, Keep::Stored)))
}
