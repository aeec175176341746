//! # Tencent IoT Video (consumer) cloud storage (the vendor document "seed 004")
//!
//! - **Listener**: tencent (default port 12045) serves Tencent Cloud API 3.0 for service
//!   `iotvideo`, version `2021-11-25`, and the media links its actions hand out.
//! - **Requests**: `POST /` with a JSON body (or a form body), or `GET /?Name=v&List.0=v`; the
//!   action in `X-TC-Action` (exact case), `X-TC-Version: 2021-11-25`, `X-TC-Timestamp`,
//!   optional `X-TC-Region` and `X-TC-Language`. Signed with TC3-HMAC-SHA256 (`sign.rs`,
//!   checks in `auth.rs`): the SecretId of `Authorization` picks the world; the timestamp must be
//!   within 300 s of the world clock. Parameters are read before the world is locked
//!   (`params.rs`); a name the action does not take is refused.
//! - **Answers**: HTTP 200, exactly `Content-Type: application/json`,
//!   `{"Response":{<fields>,"RequestId"}}`; errors
//!   `{"Response":{"Error":{"Code","Message"},"RequestId"}}` with the common API 3.0 codes and
//!   iotvideo's (`errors.rs`), messages in zh-CN or en-US.
//!   Other methods on `/` answer `UnsupportedProtocol` (`CONNECT`: 405 with `Allow: GET, POST`).
//! - **Actions** (`actions.rs`, handlers in `handlers/`): the seven of seed 004
//!   (CreateCloudStorage, DescribeCloudStorageDate, ...Time, ...Events, GenerateSignedVideoURL,
//!   DescribeCloudStorageThumbnail, ...StreamData) and the 17 siblings of the same API: packages
//!   and orders, users, thumbnail lists, event deletion, DescribeDevice, WakeUpDevice.
//! - **Media links** (`links.rs`, served by `handlers/serve.rs`): the playback playlist
//!   `/timeshift/live/{key}/timeshift.m3u8` and its segments, thumbnails `/thumbnail/{key}/...`,
//!   image streams `/imagestream/{key}/...`, on the host the client called. The key is a
//!   run-time credential of the world (one per device channel and storage space); each link
//!   carries camsim's signature and expiry, checked on the world clock; refusals are COS-style
//!   XML (403 `AccessDenied`, 404 `NoSuchKey`).
//! - **Rules**: one package per device channel at a time, others queued by `Override` and
//!   `PackageQueue` (`coverage.rs`, bought in `purchase.rs`); image-stream devices take event
//!   packages only, and each of their event records lasts at most 10 s; NVRs need `ChannelId`,
//!   cameras take none (or 0). Dates, time lines, events and playback all read one stored
//!   history (`history.rs`): the camera timeline where a package covered the channel, in the
//!   storage space of the user bound then, kept for the package's look-back.
//!
//! ## DECISIONS (where the sources are silent)
//! - Version 2021-11-25 only; another `X-TC-Version` answers `NoSuchVersion`, none
//!   `MissingParameter` (`handlers/mod.rs` `VERSION`). `X-TC-Region`: any value, or none.
//! - `X-TC-Language: en-US` (any case) answers English, anything else zh-CN (`errors.rs`
//!   `Language`).
//! - 5000 requests/s per action and account (all its SecretIds together), one-second windows of
//!   world time (`RATE_LIMIT`).
//! - Bodies up to 10 MiB (`BODY_LIMIT`) and GET queries up to 32 KiB (`params.rs`
//!   `MAX_QUERY_BYTES`), else `RequestSizeLimitExceeded`; lists up to 100 items
//!   (`MAX_LIST_ITEMS`), else `InvalidParameterValue`.
//! - Auth failures as `auth.rs`'s table says: a scope date other than the timestamp's UTC date
//!   is `SignatureFailure`; `X-TC-Token` is `TokenFailure`; `X-TC-Content-SHA256:
//!   UNSIGNED-PAYLOAD` is honoured; for a local endpoint the scope's service may be the host's
//!   first label (`127`) and the signed host may lack the port, as the Node SDK signs.
//! - Own checks: unknown device `InvalidParameter` (`errors.rs` `no_device`), missing
//!   `MissingParameter`, undeclared `UnknownParameter`, wrong type `InvalidParameter`, bad
//!   value, date, cursor or URL `InvalidParameterValue`, a state that forbids the call
//!   `UnsupportedOperation`, a quota `LimitExceeded`; no package is not an error: empty lists.
//! - Days in the device's time zone, UTC+8 unless its timeline says (`scenario.rs`
//!   `DEFAULT_UTC_OFFSET_MINUTES`); a device's history reaches back 30 days
//!   (`DEFAULT_RETENTION_DAYS`).
//! - Storage kept (`history.rs`): continuous packages every recording, event packages the
//!   recordings within stored events; each for its look-back from now.
//! - Date: ascending, only days holding a stored recording. Time: `StartTime`/`EndTime` narrow
//!   the day, pieces touching are merged and clipped at the day (`handlers/history.rs`).
//! - Events (`handlers/events.rs`, `cursor.rs`): newest first; `Size` 10 by default, 1 to 100;
//!   window now-24 h to now by default, `EndTime` inclusive, at most 31 days; `EventId` is the
//!   event type (`motion`, `human`, ...); `UploadStatus` `Finished` or `Partial`; `Data` null;
//!   `Context` a signed cursor over the first page's window (never expires); `Total` counts the
//!   page. Delete matches type, start and end; a reset clears the channel in every space.
//! - Packages (`catalogue.rs`): week/month/year are 7/30/365 days; `ShiftDuration` = kept days
//!   × 86,400; prices are camsim's. Orders (`handlers/packages*`): `OrderId` unique, at most 64
//!   characters, else `camsim-order-N`; `StorageRegion` one of `state.rs` `REGIONS`.
//!   Consumption in UTC+8 days, at most 366 days apart; ConsumeDetails answers RequestId only.
//!   Nothing to reset or transfer: `UnsupportedOperation`; transfer moves channel 0's remainder.
//! - Users (`handlers/users.rs`): `Limit` 1 to 100; Bind makes the user the device's storage
//!   user from now; Inherit renames the user's space.
//! - DescribeDevice: `Online` 0, 1, or 3 when not activated; `LoginTime` the last online change;
//!   `ExpireTime` 0. WakeUpDevice brings a sleeping battery device online (`handlers/device.rs`).
//! - Playback (`links/playback.rs`): `SignedVideoURL` = `VideoURL` + `&t=<hex ExpireTime>&sign=<32
//!   hex>`; a range of at most a day; an unsigned, altered or expired URL 403; a VOD playlist
//!   of segments up to 10 s, `#EXT-X-DISCONTINUITY` at gaps; 404 when nothing is stored.
//! - Thumbnails and image streams (`links/cos.rs`, `handlers/media.rs`): `q-sign-time=t0;t1`,
//!   valid 3600 s, `ExpireTime` its end; a list item naming no stored event is null; a path
//!   finds its event in any channel and storage space of the device (`event_at`).
//!
//! ## LIMITATIONS
//! - Only version 2021-11-25; no legacy (v1, `HmacSHA1`/`HmacSHA256`) signature; no temporary
//!   credentials (`X-TC-Token` answers `AuthFailure.TokenFailure`).
//! - An NVR's channels each have a timeline of their own (`history.rs` `channel_key`), drawn
//!   from the device's settings; the control API's timeline view shows channel 0's.
//! - Packages belong to a device channel, not to a storage space: `UserId` does not change
//!   what ResetCloudStorage resets or which package DescribeCloudStorage shows.
//! - Some zh-CN messages carry an English detail (a JSON parser's error, an `X-Camsim-*` header).
//! - Tencent's SignedVideoURL and COS URL formats are unpublished: camsim's are its own, shorter,
//!   on plain HTTP.
//! - Media (drawn by `crate::media`, decision: at the sub-stream's 640x360, as cloud storage
//!   keeps it): playback segments are MPEG-TS with H.264 and silent AAC, each frame stamped with
//!   its recorded time; a thumbnail is the event's first instant as a JPEG; an image stream's
//!   video is Motion-JPEG (one picture a second), its audio silent AAC as long as the event.

pub mod actions;
pub mod auth;
pub mod call;
pub mod catalogue;
pub mod control;
pub mod coverage;
pub mod cursor;
pub mod errors;
pub mod handlers;
pub mod history;
pub mod links;
pub mod params;
pub mod purchase;
pub mod scenario;
pub mod sign;
pub mod state;

use crate::api::request::{ApiRequest, ReadError};
use crate::sim::VendorId;
use crate::sim::camera::{Camera, Cameras, PatchProblem};
use crate::sim::spec::Problem;
use crate::sim::world::{Build, World};
use crate::vendors::model::{ControlAnswer, ControlCall, Model};
use crate::vendors::{AuthCtx, Ctx, Handled, Refusal, Vendor};
use actions::Action;
use errors::{CATALOGUE, TencentError, code};
use http::Method;
use params::Params;
use serde_json::{Map, Value};
use serde_saphyr::Location;
use state::TencentState;
use std::collections::HashSet;

pub struct Tencent;

/// Requests per second per action and account: the 2021-11-25 pages' 5000 (decision: the same
/// for the actions whose pages give none).
pub const RATE_LIMIT: u32 = 5000;

impl Vendor for Tencent {
    const ID: VendorId = VendorId::Tencent;
    /// POST with TC3 may carry up to 10 MB.
    const BODY_LIMIT: usize = 10 * 1024 * 1024;
    type Endpoint = Action;
    type Error = TencentError;

    fn endpoints() -> &'static [Action] {
        actions::ALL.as_slice()
    }

    fn route(method: &Method, req: &ApiRequest) -> Option<Action> {
        actions::route(method, req)
    }

    fn unknown_endpoint(req: &ApiRequest) -> TencentError {
        if req.path == "/" && req.method != Method::GET && req.method != Method::POST {
            return TencentError::of(code::UNSUPPORTED_PROTOCOL);
        }
        // A header that is not text still names an action (one that cannot exist).
        let named = req
            .headers
            .get(auth::header::ACTION)
            .map(|v| v.to_str().unwrap_or("\u{fffd}"));
        errors::invalid_action(named)
    }

    fn unreadable_body(_endpoint: Option<Action>, err: &ReadError) -> TencentError {
        TencentError::from(err.clone())
    }

    fn prepare(endpoint: Action, req: &ApiRequest) {
        if !endpoint.is_media() {
            req.set_prepared::<params::Parsed>(Params::parse(endpoint, req));
        }
    }

    /// A media link's key, or the SecretId (read off the path and one header: the action
    /// need not be looked up again).
    fn credential(req: &ApiRequest) -> Option<String> {
        [
            actions::PLAYBACK_PREFIX,
            actions::THUMBNAIL_PREFIX,
            actions::STREAM_PREFIX,
        ]
        .into_iter()
        .find(|prefix| req.path.starts_with(prefix))
        .map_or_else(
            || auth::secret_id(req).map(str::to_string),
            |prefix| media_key(req, prefix),
        )
    }

    fn unknown_credential(req: &ApiRequest) -> TencentError {
        match actions::route(&req.method, req) {
            Some(action) if action.is_media() => {
                TencentError::media(errors::media::NOT_FOUND, "No such link.")
            }
            _ => auth::unknown_credential(req),
        }
    }

    fn authenticate(
        auth: &AuthCtx<'_>,
        endpoint: Action,
        req: &ApiRequest,
    ) -> Result<(), Refusal<TencentError>> {
        let is_media_key = auth.account.scopes.contains(&state::MEDIA_SCOPE);
        match (endpoint.is_media(), is_media_key) {
            (true, true) => Ok(()),
            (false, false) => auth::verify(auth, req),
            (true, false) => Err(Refusal::new(
                TencentError::media(errors::media::NOT_FOUND, "No such link."),
                "not a media link of this world",
            )),
            (false, true) => Err(Refusal::new(
                TencentError::of(code::SECRET_ID_NOT_FOUND),
                "a media key is not a SecretId",
            )),
        }
    }

    fn rate_limit(endpoint: Action) -> Option<u32> {
        (!endpoint.is_media()).then_some(RATE_LIMIT)
    }

    /// Tencent counts a limit per account: every SecretId of the world's account shares it.
    fn rate_owner<'a>(ctx: &'a Ctx<'_>) -> &'a str {
        ctx.world
            .model::<TencentState>()
            .map_or(ctx.credential, |s| s.app_id.as_str())
    }

    fn rate_limited(_endpoint: Action) -> TencentError {
        TencentError::of(code::REQUEST_LIMIT_EXCEEDED)
    }

    fn device(_ctx: &Ctx<'_>, endpoint: Action, req: &ApiRequest) -> Option<String> {
        if endpoint.is_media() {
            return None;
        }
        let parsed = req.prepared::<params::Parsed>()?.as_ref().ok()?;
        let product = parsed.opt_str("ProductId").ok()??;
        let name = parsed.opt_str("DeviceName").ok()??;
        Some(state::camera_id(product, name))
    }

    fn handle(
        ctx: &mut Ctx<'_>,
        endpoint: Action,
        req: &ApiRequest,
    ) -> Result<Handled, TencentError> {
        handlers::dispatch(ctx, endpoint, req)
    }

    fn codes() -> Vec<String> {
        CATALOGUE.iter().map(|entry| entry.0.to_string()).collect()
    }

    fn coded_error(code: &str, message: Option<&str>) -> Option<TencentError> {
        TencentError::coded(code, message)
    }
}

/// A media link's key, which routes it to the world that handed it out.
fn media_key(req: &ApiRequest, prefix: &str) -> Option<String> {
    actions::media_key(&req.path, prefix).map(str::to_string)
}

impl Model for Tencent {
    type Spec = scenario::TencentSpec;
    type State = TencentState;
    type Patch = control::TencentPatch;

    fn check(spec: &scenario::TencentSpec, out: &mut Vec<Problem>) -> HashSet<String> {
        scenario::check(spec, out)
    }

    fn declared_credentials(spec: &scenario::TencentSpec) -> Vec<(String, Location)> {
        scenario::declared_credentials(spec)
    }

    fn planned_devices(spec: &scenario::TencentSpec) -> u64 {
        scenario::planned_devices(spec)
    }

    fn build(spec: &scenario::TencentSpec, b: &mut Build<'_>) -> TencentState {
        scenario::build(spec, b)
    }

    fn view(state: &TencentState, cameras: &Cameras) -> Value {
        control::view(state, cameras)
    }

    fn device_extras(state: &TencentState, camera: &Camera, now_secs: i64) -> Map<String, Value> {
        control::device_extras(state, camera, now_secs)
    }

    fn patch(
        world: &mut World,
        id: &str,
        patch: control::TencentPatch,
        now_secs: i64,
    ) -> Result<(), PatchProblem> {
        control::patch(world, id, patch, now_secs)
    }

    fn control(world: &mut World, call: &ControlCall<'_>) -> ControlAnswer {
        control::control(world, call)
    }
}
