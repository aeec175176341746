//! The actions' handlers, grouped by what they touch: `device` (DescribeDevice, WakeUpDevice),
//! `packages`, `users`, `history` and `events` (what storage holds), `media` (the actions
//! handing out links) and `serve` (the links themselves). Each reads its parameters (parsed
//! before the world was locked) and answers `{"Response":{<fields>,"RequestId"}}`.

mod device;
mod events;
mod history;
mod media;
mod packages;
mod serve;
mod users;

use super::actions::Action;
use super::errors::{TencentError, code};
use super::params::{Params, Parsed};
use super::state::{TencentDevice, TencentState, camera_id};
use crate::api::request::ApiRequest;
use crate::api::response::ApiResponse;
use crate::sim::VendorId;
use crate::sim::camera::Camera;
use crate::vendors::{Ctx, Handled, VendorError};
use http::StatusCode;
use serde::Serialize;

/// The API version camsim serves (`X-TC-Version`).
pub const VERSION: &str = "2021-11-25";

/// Runs `action` on the world.
pub fn dispatch(
    ctx: &mut Ctx<'_>,
    action: Action,
    req: &ApiRequest,
) -> Result<Handled, TencentError> {
    use Action as A;
    let answer = match action {
        A::Playback => serve::playback(ctx, req),
        A::Thumbnail => serve::thumbnail(ctx, req),
        A::StreamData => serve::stream(ctx, req),
        _ => {
            check_version(req)?;
            let p = params(action, req)?;
            match action {
                A::CreateCloudStorage => packages::create(ctx, &p),
                A::CreateFreeCloudStorage => packages::create_free(ctx, &p),
                A::DescribeCloudStorage => packages::describe(ctx, &p),
                A::ResetCloudStorage => packages::reset(ctx, &p),
                A::TransferCloudStorage => packages::transfer(ctx, &p),
                A::DescribeCloudStorageOrder => packages::order(ctx, &p),
                A::DescribeFreeCloudStorageNum => packages::free_num(ctx, &p),
                A::DescribeCloudStoragePackageConsumeStats => packages::consume_stats(ctx, &p),
                A::DescribeCloudStoragePackageConsumeDetails => packages::consume_details(ctx, &p),
                A::DescribeCloudStorageUsers => users::describe_users(ctx, &p),
                A::BindCloudStorageUser => users::bind(ctx, &p),
                A::InheritCloudStorageUser => users::inherit(ctx, &p),
                A::DescribeCloudStorageDate => history::dates(ctx, &p, req),
                A::DescribeCloudStorageTime => history::time(ctx, &p, req),
                A::DescribeCloudStorageEvents => events::events(ctx, &p, req),
                A::DeleteCloudStorageEvent => events::delete_event(ctx, &p, req),
                A::ResetCloudStorageEvent => events::reset_events(ctx, &p, req),
                A::GenerateSignedVideoURL => media::signed_video_url(ctx, &p, req),
                A::DescribeCloudStorageThumbnail => media::thumbnail(ctx, &p, req),
                A::DescribeCloudStorageThumbnailList => media::thumbnail_list(ctx, &p, req),
                A::DescribeCloudStorageMultiThumbnail => media::multi_thumbnail(ctx, &p, req),
                A::DescribeCloudStorageStreamData => media::stream_data(ctx, &p, req),
                A::DescribeDevice => device::describe(ctx, &p),
                A::WakeUpDevice => device::wake_up(ctx, &p),
                A::Playback | A::Thumbnail | A::StreamData => unreachable!("served above"),
            }
        }
    }?;
    Ok(Handled::Now(answer))
}

/// `X-TC-Version` must name the version camsim serves.
fn check_version(req: &ApiRequest) -> Result<(), TencentError> {
    match req.header(super::auth::header::VERSION).map(str::trim) {
        None | Some("") => Err(TencentError::missing("X-TC-Version")),
        Some(VERSION) => Ok(()),
        Some(other) => Err(TencentError::new(
            code::NO_SUCH_VERSION,
            format!(
                "The requested version `{other}` of service `iotvideo` does not exist; camsim serves {VERSION}."
            ),
            format!("iotvideo 不存在版本`{other}`，camsim 提供 {VERSION}。"),
        )),
    }
}

/// The parameters `prepare` parsed (parsed now if it did not run).
fn params(action: Action, req: &ApiRequest) -> Result<Params, TencentError> {
    match req.prepared::<Parsed>() {
        Some(parsed) => parsed.clone(),
        None => Params::parse(action, req),
    }
}

/// A success answer: the action's fields and the request id, in `Response`. The fields are
/// written once and the request id spliced in after them (`#[serde(flatten)]` buffers every
/// field through a map first).
pub fn reply<T: Serialize>(ctx: &Ctx<'_>, fields: T) -> ApiResponse {
    let mut body = Vec::with_capacity(256);
    body.extend_from_slice(br#"{"Response":"#);
    if serde_json::to_writer(&mut body, &fields).is_err() || body.last() != Some(&b'}') {
        return TencentError::of(code::INTERNAL_ERROR).render(ctx.ids);
    }
    body.pop();
    if body.last() != Some(&b'{') {
        body.push(b',');
    }
    body.extend_from_slice(br#""RequestId":""#);
    body.extend_from_slice(ctx.ids.uuid().as_bytes());
    body.extend_from_slice(b"\"}}");
    ApiResponse::text(StatusCode::OK, crate::api::response::JSON, body)
}

/// An action's answer with no field but the request id.
pub fn done(ctx: &Ctx<'_>) -> ApiResponse {
    reply(ctx, serde_json::Map::new())
}

/// The device a request names (`ProductId`, `DeviceName`) and the channel it asks for.
pub struct Target {
    /// The camera id.
    pub id: String,
    pub channel: u32,
}

/// The device `ProductId` + `DeviceName` name, which must be the account's.
pub fn device_id(ctx: &Ctx<'_>, p: &Params) -> Result<String, TencentError> {
    let product = p.str("ProductId")?;
    let name = p.str("DeviceName")?;
    let id = camera_id(product, name);
    let known = ctx
        .world
        .model::<TencentState>()
        .is_some_and(|s| s.device(&id).is_some());
    if known {
        Ok(id)
    } else {
        Err(TencentError::no_device(product, name))
    }
}

/// The device and the channel `ChannelId` names: an NVR needs one of its channels; a camera
/// takes none (or 0).
pub fn target(ctx: &Ctx<'_>, p: &Params) -> Result<Target, TencentError> {
    let id = device_id(ctx, p)?;
    let channels = state(ctx)?.device(&id).map_or(0, |d| d.channels);
    let channel = match (p.opt_uint("ChannelId")?, channels) {
        (None, 0) | (Some(0), 0) => 0,
        (Some(_), 0) => {
            return Err(TencentError::invalid_value(
                "ChannelId",
                "the device is not an NVR: leave ChannelId out",
                "设备不是 NVR，请勿传 ChannelId",
            ));
        }
        (None, _) => return Err(TencentError::missing("ChannelId")),
        (Some(c), n) if c >= i64::from(n) => {
            return Err(TencentError::invalid_value(
                "ChannelId",
                &format!("the NVR has channels 0 to {}", n - 1),
                &format!("该 NVR 的通道为 0 到 {}", n - 1),
            ));
        }
        (Some(c), _) => u32::try_from(c).unwrap_or(0),
    };
    Ok(Target { id, channel })
}

/// The world's Tencent part.
pub fn state<'a>(ctx: &'a Ctx<'_>) -> Result<&'a TencentState, TencentError> {
    ctx.world
        .model::<TencentState>()
        .ok_or_else(|| TencentError::of(code::INTERNAL_ERROR))
}

/// A device's camera and Tencent record.
pub fn device<'a>(
    ctx: &'a Ctx<'_>,
    id: &str,
) -> Result<(&'a Camera, &'a TencentDevice), TencentError> {
    let device = state(ctx)?
        .device(id)
        .ok_or_else(|| TencentError::of(code::INTERNAL_ERROR))?;
    let camera = ctx
        .world
        .cameras
        .get(VendorId::Tencent, id)
        .ok_or_else(|| TencentError::of(code::INTERNAL_ERROR))?;
    Ok((camera, device))
}
