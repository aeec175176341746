//! The actions that hand out media links: `GenerateSignedVideoURL` (signs a playback range),
//! `DescribeCloudStorageThumbnail`, `...ThumbnailList`, `...MultiThumbnail` (event thumbnails)
//! and `DescribeCloudStorageStreamData` (an image-stream event's pictures and sound). The links'
//! shapes and signatures are `links.rs`'s; the links themselves are answered by `serve.rs`.

use super::{device, device_id, reply, state};
use crate::api::request::ApiRequest;
use crate::api::response::ApiResponse;
use crate::vendors::Ctx;
use crate::vendors::tencent::errors::{TencentError, code};
use crate::vendors::tencent::history::{History, StoredEvent};
use crate::vendors::tencent::links::{self, Media, MediaLink};
use crate::vendors::tencent::params::{MAX_LIST_ITEMS, Params};
use crate::vendors::tencent::state::StreamType;
use serde::Serialize;

/// The device channel whose media key thumbnail and stream links carry (decision: the
/// thumbnail actions take no `ChannelId`; the event itself is looked up on every channel).
pub const EVENT_CHANNEL: u32 = 0;

/// The storage space whose media key thumbnail and stream links carry: the default one (the
/// thumbnail and stream actions take no `UserId`; the event is looked up in every space).
/// Playback reads the space its `VideoURL` was handed out for (the `UserId` of the Time or
/// Events call).
pub const MEDIA_SPACE: &str = "";

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Signed {
    #[serde(rename = "SignedVideoURL")]
    signed_video_url: String,
}

/// Signs a `VideoURL` (`{VideoURL}?starttime_epoch=S&endtime_epoch=E`) of a device of this
/// account until `ExpireTime`. The device is the one the URL's key names.
pub fn signed_video_url(
    ctx: &mut Ctx<'_>,
    p: &Params,
    _req: &ApiRequest,
) -> Result<ApiResponse, TencentError> {
    let video_url = p.str("VideoURL")?;
    let expiry = p.uint("ExpireTime")?;
    let channel = p.opt_uint("ChannelId")?;
    let video = links::parse_video_url(video_url)?;
    let state = state(ctx)?;
    let target = state.media_keys.get(video.key).ok_or_else(|| {
        TencentError::invalid_value(
            "VideoURL",
            "its key was not handed out by this account (use the VideoURL of DescribeCloudStorageTime)",
            "其中的密钥不属于本账号（请使用 DescribeCloudStorageTime 返回的 VideoURL）",
        )
    })?;
    let now = ctx.now_secs();
    if links::expired(expiry, now) {
        return Err(TencentError::invalid_value(
            "ExpireTime",
            &format!("{expiry} is not after now ({now})"),
            &format!("{expiry} 不晚于当前时间（{now}）"),
        ));
    }
    if let Some(c) = channel
        && c != i64::from(target.channel)
    {
        return Err(TencentError::invalid_value(
            "ChannelId",
            &format!("the VideoURL plays channel {}, not {c}", target.channel),
            &format!("该 VideoURL 播放的是通道 {}，不是 {c}", target.channel),
        ));
    }
    let signed_video_url = links::signed_video_url(&state.media_secret, video_url, &video, expiry);
    Ok(reply(ctx, Signed { signed_video_url }))
}

/// The stored event of device `id` starting at `start`, in any of its channels and storage
/// spaces (a thumbnail path names neither: the events action lists events of every one).
pub fn event_at(ctx: &Ctx<'_>, id: &str, start: i64) -> Result<Option<StoredEvent>, TencentError> {
    let (camera, d) = device(ctx, id)?;
    let spaces = std::iter::once(MEDIA_SPACE).chain(d.user_ids());
    let spaces: Vec<&str> = spaces.collect();
    for channel in 0..d.channels.max(1) {
        for user in &spaces {
            let history = History::new(ctx.seed, camera, d, channel, user, ctx.now_secs());
            let events = history
                .events(start, start.saturating_add(1))
                .map_err(|e| {
                    TencentError::new(code::INTERNAL_ERROR, e.to_string(), e.to_string())
                })?;
            if let Some(found) = events.into_iter().find(|e| e.start == start) {
                return Ok(Some(found));
            }
        }
    }
    Ok(None)
}

/// Why a thumbnail path names no stored event of the device `p` names, in both languages;
/// else the event's start.
fn thumbnail_start(
    ctx: &Ctx<'_>,
    id: &str,
    p: &Params,
    path: &str,
) -> Result<Result<i64, (String, String)>, TencentError> {
    let Some((app, product, name, start)) = links::parse_thumbnail_path(path) else {
        return Ok(Err((
            format!(
                "`{path}` is not a thumbnail path (`/{{app id}}/{{ProductId}}/{{DeviceName}}/events/{{start}}.jpg`)"
            ),
            format!(
                "`{path}` 不是缩略图路径（`/{{app id}}/{{ProductId}}/{{DeviceName}}/events/{{start}}.jpg`）"
            ),
        )));
    };
    let (want_product, want_name) = (p.str("ProductId")?, p.str("DeviceName")?);
    if app != state(ctx)?.app_id || product != want_product || name != want_name {
        return Ok(Err((
            format!("`{path}` is not a thumbnail of {want_product}/{want_name} in this account"),
            format!("`{path}` 不是本账号设备 {want_product}/{want_name} 的缩略图"),
        )));
    }
    Ok(match event_at(ctx, id, start)? {
        Some(_) => Ok(start),
        None => Err((
            format!("no stored event of the device starts at {start}"),
            format!("设备没有开始于 {start} 的已存储事件"),
        )),
    })
}

/// Signs the media links of one device's events.
struct Linker {
    key: String,
    secret: String,
    host: String,
    now: i64,
}

impl Linker {
    /// The device's media key is made on first use (it routes the links to this world).
    fn of(ctx: &mut Ctx<'_>, id: &str, req: &ApiRequest) -> Result<Linker, TencentError> {
        Ok(Linker {
            key: links::media_key(ctx, id, EVENT_CHANNEL, MEDIA_SPACE)?,
            secret: state(ctx)?.media_secret.clone(),
            host: req.link_host().to_string(),
            now: ctx.now_secs(),
        })
    }

    /// The link to `media` of the event starting at `start`.
    fn link(&self, media: Media, start: i64) -> MediaLink {
        links::media_link(&self.secret, &self.host, &self.key, media, start, self.now)
    }
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct ThumbnailAnswer {
    #[serde(rename = "ThumbnailURL")]
    thumbnail_url: String,
    expire_time: i64,
}

/// The pre-signed URL of one event's thumbnail (`Events[].Thumbnail`).
pub fn thumbnail(
    ctx: &mut Ctx<'_>,
    p: &Params,
    req: &ApiRequest,
) -> Result<ApiResponse, TencentError> {
    let id = device_id(ctx, p)?;
    let path = p.str("Thumbnail")?;
    let start = thumbnail_start(ctx, &id, p, path)?
        .map_err(|(en, zh)| TencentError::invalid_value("Thumbnail", &en, &zh))?;
    let link = Linker::of(ctx, &id, req)?.link(Media::Thumbnail, start);
    let answer = ThumbnailAnswer {
        thumbnail_url: link.url,
        expire_time: link.expires,
    };
    Ok(reply(ctx, answer))
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct ThumbnailList {
    #[serde(rename = "ThumbnailURLInfoList")]
    thumbnail_url_info_list: Vec<ThumbnailInfo>,
}

/// An item of `ThumbnailURLInfoList`; both fields null for a path that names no stored event
/// of the device (decision: the SDK marks both nullable).
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct ThumbnailInfo {
    #[serde(rename = "ThumbnailURL")]
    thumbnail_url: Option<String>,
    expire_time: Option<i64>,
}

/// The links of several thumbnails, in the order asked.
fn thumbnails(
    ctx: &mut Ctx<'_>,
    p: &Params,
    paths: &[&str],
    req: &ApiRequest,
) -> Result<ApiResponse, TencentError> {
    let id = device_id(ctx, p)?;
    let mut starts = Vec::with_capacity(paths.len());
    for path in paths {
        starts.push(thumbnail_start(ctx, &id, p, path)?.ok());
    }
    let linker = Linker::of(ctx, &id, req)?;
    let list = starts
        .into_iter()
        .map(|start| {
            let link = start.map(|s| linker.link(Media::Thumbnail, s));
            ThumbnailInfo {
                expire_time: link.as_ref().map(|l| l.expires),
                thumbnail_url: link.map(|l| l.url),
            }
        })
        .collect();
    Ok(reply(
        ctx,
        ThumbnailList {
            thumbnail_url_info_list: list,
        },
    ))
}

/// `ThumbnailList`: 1 to 100 paths.
pub fn thumbnail_list(
    ctx: &mut Ctx<'_>,
    p: &Params,
    req: &ApiRequest,
) -> Result<ApiResponse, TencentError> {
    device_id(ctx, p)?;
    let paths = p.str_list("ThumbnailList")?;
    thumbnails(ctx, p, &paths, req)
}

/// `MultiThumbnail`: 1 to 100 paths joined by `|`.
pub fn multi_thumbnail(
    ctx: &mut Ctx<'_>,
    p: &Params,
    req: &ApiRequest,
) -> Result<ApiResponse, TencentError> {
    device_id(ctx, p)?;
    let joined = p.str("MultiThumbnail")?;
    let paths: Vec<&str> = joined.split('|').take(MAX_LIST_ITEMS + 1).collect();
    if paths.len() > MAX_LIST_ITEMS {
        return Err(TencentError::invalid_value(
            "MultiThumbnail",
            &format!("more than {MAX_LIST_ITEMS} paths"),
            &format!("超过 {MAX_LIST_ITEMS} 个路径"),
        ));
    }
    thumbnails(ctx, p, &paths, req)
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct StreamData {
    video_stream: String,
    audio_stream: String,
}

/// The Motion-JPEG pictures and AAC sound of an image-stream device's event.
pub fn stream_data(
    ctx: &mut Ctx<'_>,
    p: &Params,
    req: &ApiRequest,
) -> Result<ApiResponse, TencentError> {
    let id = device_id(ctx, p)?;
    let start = p.uint("StartTime")?;
    let (_, d) = device(ctx, &id)?;
    if d.stream != StreamType::Image {
        return Err(TencentError::unsupported(
            "The device streams video: play its recordings with DescribeCloudStorageTime and GenerateSignedVideoURL.",
            "该设备为视频流设备，请通过 DescribeCloudStorageTime 和 GenerateSignedVideoURL 播放录像。",
        ));
    }
    if event_at(ctx, &id, start)?.is_none() {
        return Err(TencentError::invalid_value(
            "StartTime",
            &format!("no stored event of the device starts at {start}"),
            &format!("设备没有开始于 {start} 的已存储事件"),
        ));
    }
    let linker = Linker::of(ctx, &id, req)?;
    let answer = StreamData {
        video_stream: linker.link(Media::Video, start).url,
        audio_stream: linker.link(Media::Audio, start).url,
    };
    Ok(reply(ctx, answer))
}
