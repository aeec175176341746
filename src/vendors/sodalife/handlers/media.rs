//! The links the camera endpoints hand out: a captured picture (until it expires) and a live
//! stream (while its device is online), answered as the vendor's media host would.

use super::{Answer, sodalife};
use crate::api::request::ApiRequest;
use crate::api::response::ApiResponse;
use crate::sim::VendorId;
use crate::sim::camera::Camera;
use crate::vendors::Ctx;
use crate::vendors::sodalife::errors::SodalifeError;
use crate::vendors::sodalife::routes::{LIVE_PREFIX, PICTURE_PREFIX, media_key};
use crate::vendors::sodalife::state::Media;
use http::{HeaderValue, StatusCode};

pub fn picture(ctx: &mut Ctx<'_>, req: &ApiRequest) -> Answer {
    let now = ctx.now_secs();
    // Only the link handed out: `<key>.jpg`, not `<key>.png` or `<key>.jpg.jpg`.
    let key = media_key(&req.path, PICTURE_PREFIX)
        .filter(|(_, suffix)| *suffix == "jpg")
        .map(|(k, _)| k.to_string());
    let state = sodalife(ctx)?;
    let Some(Media::Picture {
        device,
        taken_at,
        expires_at,
        ..
    }) = key.and_then(|k| state.media.get(&k)).cloned()
    else {
        return Err(SodalifeError::media_not_found());
    };
    if now >= expires_at {
        return Err(SodalifeError::media_expired());
    }
    let mut answer = ApiResponse::text(
        StatusCode::OK,
        "image/jpeg",
        crate::media::placeholder_jpeg(&device, taken_at),
    );
    let max_age = expires_at.saturating_sub(now);
    if let Ok(value) = HeaderValue::from_str(&format!("private, max-age={max_age}")) {
        answer.headers.push((http::header::CACHE_CONTROL, value));
    }
    Ok(answer)
}

pub fn live(ctx: &mut Ctx<'_>, req: &ApiRequest) -> Answer {
    let now = ctx.now_secs();
    let Some((key, kind)) = media_key(&req.path, LIVE_PREFIX) else {
        return Err(SodalifeError::media_not_found());
    };
    let state = sodalife(ctx)?;
    let Some(Media::Live { device }) = state.media.get(key).cloned() else {
        return Err(SodalifeError::media_not_found());
    };
    let online = ctx
        .world
        .cameras
        .get(VendorId::Sodalife, &device)
        .is_some_and(|c: &Camera| c.online);
    if !online {
        return Err(SodalifeError::media_not_found());
    }
    match kind {
        "m3u8" | "hd.m3u8" => Ok(ApiResponse::text(
            StatusCode::OK,
            "application/vnd.apple.mpegurl",
            crate::media::placeholder_live_playlist(now),
        )),
        "flv" | "hd.flv" => Ok(ApiResponse::text(
            StatusCode::OK,
            "video/x-flv",
            crate::media::FLV_HEADER,
        )),
        _ => Err(SodalifeError::media_not_found()),
    }
}
