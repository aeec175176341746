//! # China Mobile OneNET video (the vendor document "seed 003")
//!
//! - **Listener**: onenet (default port 12044) serves the video API, the generic `/devices`
//!   routes of section 1, and the media links the API hands out.
//! - **Keys** (`api-key` header, the key itself, no signature): a product's **master key**
//!   reaches everything of its product and is the only key for `POST /devices` and
//!   `/ipc/video/stat/*`; a **device key** reaches only the device it is bound to (errno 3
//!   otherwise); `POST /register_de?register_code=` takes a product's **register code** instead
//!   of a key and returns a device key for the new device, which routes to its world from then
//!   on. `GET /ipc/video/boot_address` needs no key. Missing key: errno 2; wrong or not enough:
//!   errno 3.
//! - **Envelope**: `{"errno":0,"error":"succ", ...}`, HTTP 200 for every errno of OneNET's table
//!   (0 to 23; section 2's 16 and 17; `play_address`'s 1 to 5); the object store (section 16)
//!   answers its codes 200 to 1003 as HTTP statuses too (`errors.rs`).
//! - **Paths**: repeated slashes collapse (`//devices`), absolute-form targets work, the sample
//!   apps' paths without `/ipc/video` work, 13.2 is `/api/record/record_config` as documented
//!   (`routes.rs`).
//! - **Times**: `YYYY-MM-DD HH:MM:SS` in UTC+8 (`time.rs`); alarm types 100.. for the timeline's
//!   event kinds, 199 other (`alarm_types.rs`).
//! - **Devices**: each is a shared camera (online state, firmware, PTZ, timeline) plus section
//!   1's fields, channels and keys (`state/`). A device's recordings and alarms belong to its
//!   lowest channel (proposal).
//! - **Commands** (`POST /ipc/video/cmds`): the simulated device (`device/`) answers every cmdId
//!   of section 3.2 from its own state; `cmd_status` 0 to 6 come from the device's reply
//!   behaviour (`state/commands.rs`); qos=1 waits for the reply with no lock held (the pipeline's
//!   `Handled::Later`), up to the product's `cmdWaitMs` (default 5 s), in real time.
//! - **One history**: recordings (`recordings.rs`, shaped by section 13's configurations),
//!   alarms (`alarm_source.rs`), pictures, storage (`usage.rs`) and the SD card of cmdIds 10, 30,
//!   31, 43 all read the camera timeline, so they agree.
//! - **Links** (`links.rs`): live HLS/FLV, covers, VOD HLS and pictures point back at the host
//!   the client called and carry a token (a world credential; 403 when wrong or expired).
//! - **Media** (`media.rs`, rendered by the pipeline off the world lock): every picture and
//!   frame is the test card of the device id and channel, with the clock of the device's
//!   cmdId 28/29 settings (UTC+8 from the factory). Live HLS (`/live/live_{d}_{c}/index.m3u8`)
//!   lists the last three finished 2-s segments of world time, `{n}.ts?{token}` (route
//!   `onenet.live.segment`; 404 before it finishes or a minute after); live FLV streams the
//!   same picture as the world clock moves; both at the channel's cmdId 34 resolution
//!   (1280×720 from the factory), with silent AAC. Covers (4.3) are that size's JPEG of the
//!   current second (an offline camera's: when it went offline). Recordings (`/rvod/`, also
//!   the alarms' `play_address`) are 10-s segments at 640×360 stamped with the recorded time.
//!   Timeline pictures (events, cmdId 32 snapshots at the size asked) are 1280×720 JPEGs of
//!   their instant; uploads keep their bytes. Offline devices and closed channels answer 404
//!   on live links (proposal: the seed documents no media error).
//!
//! | section | routes | handlers |
//! |---|---|---|
//! | 1 devices, 1.2 register_de | `/devices[/{id}]`, `/register_de` | `handlers/devices*` |
//! | 2 channels | `/ipc/video/device/{Qry,Add,Modify,Del}Channel` | `handlers/channels.rs` |
//! | 3 commands (+ `cmd_status`, `cmd_resp`) | `/ipc/video/cmds` | `handlers/commands.rs`, `device/` |
//! | 4 live | `play_address`, preload, cover, push address, streams | `handlers/live*` |
//! | 5 pictures | `/ipc/video/picture/*` | `handlers/pictures*` |
//! | 6 VOD | `/ipc/video/vod/*`, `/rvod/...` | `handlers/vod*`, `recordings.rs` |
//! | 7-12, 15, 19 | encryption, status, messages, boot, access, dev_active, closecamera, version | `handlers/misc*` |
//! | 13 recording | `record_video`, `record_config`, `delete_config`, `update_config` | `handlers/records.rs` |
//! | 14 real-time lists | `stat/getonlinelist`, `stat/getpushlist` | `handlers/stat*` |
//! | 16 object store | `/ipc/video/file/*` | `handlers/files.rs` |
//! | 17 alarms | `/ipc/video/alarm/*` | `handlers/alarms.rs` |
//! | 18 storage | `/ipc/video/storage/*` | `handlers/storage.rs` |
//!
//! ## LIMITATIONS
//! - The accessKey-signed `Authorization` scheme that sections 16 and 18.2 also name is not
//!   verified; those routes take the `api-key` header.
//! - RTMP, push and access (`acc_service`) addresses are formatted, not served;
//!   `https-hls`/`https-flv` addresses name camsim's plain-HTTP host.
//! - Media follow only the resolution of the AV settings (not codec, rates, picture modes or
//!   the audio switch: always H.264 at 10 fps with silent AAC), and a recording plays at
//!   640×360 with today's clock settings. Timeline pictures are listed and counted in storage
//!   with an estimate of their JPEG size (`media::picture_bytes`, within about 10 %), not the
//!   exact length served. A cover of cmdId 43 is a 320×180 JPEG made while the command runs,
//!   with the world locked (about a millisecond in a release build).
//! - The device's recording plan, detection settings and TF-card mount state (cmdIds 26-27,
//!   80-92, 31) are reported, not obeyed: what the card holds and which events happen follow
//!   the timeline. Section 14's client addresses are `127.0.0.1`.
//! - Manual recordings do not stop when their device goes offline; channels closed by section
//!   15 still list their recordings.
//! - `storage/capacity` adds up every device's recordings with the world locked: about 2 ms per
//!   device (a product of thousands of devices makes other requests wait).
//! - Percent-encoded device ids in paths (`/devices/%32%35…`) are not decoded.

pub mod access;
pub mod alarm_params;
pub mod alarm_source;
pub mod alarm_types;
pub mod call;
pub mod control;
pub mod device;
pub mod errors;
pub mod handlers;
pub mod links;
pub mod media;
pub mod params;
pub mod recordings;
pub mod routes;
pub mod scenario;
pub mod state;
pub mod time;
pub mod usage;
pub mod validate;

use crate::api::request::{ApiRequest, BodyPlan, ReadError};
use crate::sim::VendorId;
use crate::sim::camera::{Camera, Cameras, PatchProblem};
use crate::sim::spec::Problem;
use crate::sim::world::{Build, World};
use crate::vendors::model::{ControlAnswer, ControlCall, Model};
use crate::vendors::{AuthCtx, Ctx, Handled, Refusal, Vendor};
use errors::{CATALOGUE, OnenetError, errno};
use http::Method;
use routes::Endpoint;
use serde_json::{Map, Value};
use serde_saphyr::Location;
use state::{
    DEVICE_SCOPE, LIVE_SCOPE, MASTER_SCOPE, OnenetState, PICTURE_SCOPE, REGISTER_SCOPE, VOD_SCOPE,
};
use std::collections::HashSet;

pub struct Onenet;

/// The header that carries the key.
pub const KEY_HEADER: &str = "api-key";
/// Section 16: "上传对象大小限制在8M以内".
pub const MAX_FILE_BYTES: usize = 8 * 1024 * 1024;
/// Section 3.1: a command body under 64 KB.
pub const MAX_COMMAND_BYTES: usize = 64 * 1024 - 1;
/// Pictures uploaded with section 5.1 (no limit published; proposal: as the object store).
pub const MAX_PICTURE_BYTES: usize = 8 * 1024 * 1024;

impl Vendor for Onenet {
    const ID: VendorId = VendorId::Onenet;
    const BODY_LIMIT: usize = 1024 * 1024;
    type Endpoint = Endpoint;
    type Error = OnenetError;

    fn endpoints() -> &'static [Endpoint] {
        routes::ALL
    }

    fn route(method: &Method, req: &ApiRequest) -> Option<Endpoint> {
        routes::route(method, req)
    }

    fn unknown_endpoint(req: &ApiRequest) -> OnenetError {
        OnenetError::because(
            errno::NOT_FOUND,
            format!("no route {} {}", req.method, params::shown(&req.path)),
        )
    }

    fn unreadable_body(endpoint: Option<Endpoint>, err: &ReadError) -> OnenetError {
        let error = OnenetError::from(err.clone());
        match endpoint {
            Some(e) if e.is_store() => error.in_store(),
            _ => error,
        }
    }

    fn body_plan(endpoint: Option<Endpoint>) -> BodyPlan {
        let limit = match endpoint {
            Some(Endpoint::FileUpload) => MAX_FILE_BYTES,
            Some(Endpoint::PictureUpload) => MAX_PICTURE_BYTES,
            Some(Endpoint::Cmds) => MAX_COMMAND_BYTES,
            // Refused from its Content-Length, before a byte of it is read.
            Some(Endpoint::DevActive) => handlers::misc::MAX_ACTIVE_BYTES,
            _ => Self::BODY_LIMIT,
        };
        BodyPlan::Whole { limit }
    }

    fn open(endpoint: Endpoint) -> bool {
        endpoint == Endpoint::BootAddress
    }

    fn credential(req: &ApiRequest) -> Option<String> {
        // Most routes take the `api-key` header: only register_de and media links are routed
        // again to find theirs.
        if !routes::may_take_other_credentials(&req.path) {
            let key = req.header(KEY_HEADER)?.trim();
            return (!key.is_empty()).then(|| key.to_string());
        }
        let endpoint = routes::route(&req.method, req)?;
        let text = match endpoint {
            Endpoint::RegisterDe => req.query_param("register_code")?.trim().to_string(),
            Endpoint::LiveStream | Endpoint::LiveSegment => media_token(req)?,
            e if e.is_media() => req.query_param("token")?.into_owned(),
            _ => req.header(KEY_HEADER)?.trim().to_string(),
        };
        (!text.is_empty()).then_some(text)
    }

    fn unknown_credential(req: &ApiRequest) -> OnenetError {
        match routes::route(&req.method, req) {
            Some(Endpoint::RegisterDe) => match req.query_param("register_code") {
                Some(code) if !code.trim().is_empty() => {
                    OnenetError::because(errno::AUTH_FAILED, "unknown register_code")
                }
                _ => OnenetError::because(errno::REQUIRED, "register_code"),
            },
            Some(e) if e.is_media() => media_refusal("the token is not known"),
            Some(e) => {
                let error = match req.header(KEY_HEADER).map(str::trim) {
                    None | Some("") => OnenetError::of(errno::KEY_REQUIRED),
                    Some(_) => OnenetError::because(errno::AUTH_FAILED, "unknown api-key"),
                };
                if e.is_store() {
                    error.in_store()
                } else {
                    error
                }
            }
            None => OnenetError::of(errno::KEY_REQUIRED),
        }
    }

    fn authenticate(
        auth: &AuthCtx<'_>,
        endpoint: Endpoint,
        _req: &ApiRequest,
    ) -> Result<(), Refusal<OnenetError>> {
        let has = |scope| auth.account.scopes.contains(&scope);
        let refuse = |why: &str| {
            let error = if endpoint.is_media() {
                media_refusal(why)
            } else if endpoint.is_store() {
                OnenetError::because(errno::AUTH_FAILED, why).in_store()
            } else {
                OnenetError::because(errno::AUTH_FAILED, why)
            };
            Err(Refusal::new(error, why))
        };
        match endpoint {
            Endpoint::RegisterDe if has(REGISTER_SCOPE) => Ok(()),
            Endpoint::RegisterDe => refuse("register_code is not a register code"),
            e if e.is_media() => {
                let scope = match e {
                    Endpoint::VodStream => VOD_SCOPE,
                    Endpoint::PictureFetch => PICTURE_SCOPE,
                    _ => LIVE_SCOPE,
                };
                if !has(scope) {
                    return refuse("the token does not open this kind of link");
                }
                if auth.account.expired(auth.now_ms) {
                    return refuse("the token expired on the world clock");
                }
                Ok(())
            }
            e if e.master_only() && !has(MASTER_SCOPE) => {
                refuse("this route takes only the product's master key")
            }
            _ if has(MASTER_SCOPE) || has(DEVICE_SCOPE) => Ok(()),
            _ => refuse("not an api-key (a register code or media token)"),
        }
    }

    fn rate_limit(_endpoint: Endpoint) -> Option<u32> {
        None
    }

    fn rate_limited(_endpoint: Endpoint) -> OnenetError {
        OnenetError::of(errno::FREQUENCY)
    }

    fn device(_ctx: &Ctx<'_>, endpoint: Endpoint, req: &ApiRequest) -> Option<String> {
        let path = routes::canonical(&req.path);
        match endpoint {
            Endpoint::DevicesUpdate | Endpoint::DevicesGet | Endpoint::DevicesDelete => {
                routes::device_in_path(req)
            }
            Endpoint::LiveStream
            | Endpoint::LiveSegment
            | Endpoint::HlsPreload
            | Endpoint::LivePreview => {
                let rest = path.trim_start_matches('/').split('/').nth(1)?;
                routes::device_channel(rest).map(|(d, _)| d.to_string())
            }
            Endpoint::PictureFetch => path
                .strip_prefix(routes::PICTURE_PREFIX)?
                .split('/')
                .next()
                .map(str::to_string),
            Endpoint::VodStream => {
                let rest = path.strip_prefix("/rvod/")?;
                rest.split('_').next().map(str::to_string)
            }
            _ => ["device_id", "deviceid"]
                .iter()
                .find_map(|name| params::optional(req, name))
                .map(|id| id.into_owned()),
        }
    }

    fn cmd_id(endpoint: Endpoint, req: &ApiRequest) -> Option<i64> {
        if endpoint != Endpoint::Cmds {
            return None;
        }
        req.params().ok()?.opt_integer("cmdId").ok()?
    }

    fn handle(
        ctx: &mut Ctx<'_>,
        endpoint: Endpoint,
        req: &ApiRequest,
    ) -> Result<Handled, OnenetError> {
        handlers::handle(ctx, endpoint, req)
    }

    fn codes() -> Vec<String> {
        CATALOGUE.iter().map(|entry| entry.0.to_string()).collect()
    }

    fn coded_error(code: &str, message: Option<&str>) -> Option<OnenetError> {
        OnenetError::coded(code, message)
    }
}

/// A live link's token: the whole query when it is a bare token (`index.m3u8?<token>`, as the
/// seed assembles it), else its `token` parameter.
fn media_token(req: &ApiRequest) -> Option<String> {
    if !req.raw_query.is_empty() && !req.raw_query.contains('=') {
        return Some(req.raw_query.clone());
    }
    req.query_param("token").map(|t| t.into_owned())
}

/// How the media host refuses a link: 403 with the object-store style envelope.
pub fn media_refusal(why: &str) -> OnenetError {
    OnenetError::store(403, why)
}

impl Model for Onenet {
    type Spec = scenario::OnenetSpec;
    type State = OnenetState;
    type Patch = control::OnenetPatch;

    fn check(spec: &scenario::OnenetSpec, out: &mut Vec<Problem>) -> HashSet<String> {
        scenario::check(spec, out)
    }

    fn declared_credentials(spec: &scenario::OnenetSpec) -> Vec<(String, Location)> {
        scenario::declared_credentials(spec)
    }

    fn planned_devices(spec: &scenario::OnenetSpec) -> u64 {
        scenario::planned_devices(spec)
    }

    fn build(spec: &scenario::OnenetSpec, b: &mut Build<'_>) -> OnenetState {
        scenario::build(spec, b)
    }

    fn view(state: &OnenetState, cameras: &Cameras) -> Value {
        control::view(state, cameras)
    }

    fn device_extras(state: &OnenetState, camera: &Camera, now_secs: i64) -> Map<String, Value> {
        control::device_extras(state, camera, now_secs)
    }

    fn patch(
        world: &mut World,
        id: &str,
        patch: control::OnenetPatch,
        now_secs: i64,
    ) -> Result<(), PatchProblem> {
        control::patch(world, id, patch, now_secs)
    }

    fn control(world: &mut World, call: &ControlCall<'_>) -> ControlAnswer {
        control::control(world, call)
    }
}
