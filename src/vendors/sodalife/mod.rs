//! # Sodalife camera API (the vendor document "seed 002")
//!
//! - **Listener**: sodalife (default port 12043) serves the token endpoint, the camera API and
//!   the media links the camera API hands out.
//! - **Token** (Sodalife open platform, OAuth 2.0 with a JSON body): `POST /oauth2/access_token`
//!   with `grant_type=client_credentials`, `client_id`, `client_secret`, optional comma-separated
//!   `scope` (a subset of the app's `iot:public`, `iot:control`, `iot:premier`) ->
//!   `{"access_token","expires_in":7200}`. `grant_type=authorization_code` with a one-time
//!   `code` (valid 5 minutes; issued by the control API standing in for the browser step) adds
//!   `user_id`. A new token revokes the previous one of the same app (and user). A token is a
//!   credential created at run time: it routes its requests to the world that issued it.
//! - **Camera endpoints**: `POST /iot/cameras/{capture,controlling,sendvoice,liveurl}`; JSON
//!   body (`sendvoice`: `multipart/form-data` with `voice_file`); `access_token` in the query
//!   (later revision) or the body/form (seed 002). They need scope `iot:control` (proposal).
//!   Success bodies: `{"picUrl"}`, `{"data":"SUCCESS"}`, `{"url"}`.
//! - **Errors**: `{"error","error_description"}`; the platform's machine codes and the camera
//!   API's numeric codes (EZVIZ's, as strings), with the HTTP statuses of `errors::CATALOGUE`.
//! - **Rules**: PTZ start-then-stop (`ptz.rs`); calls for one device at least 4 s apart on the
//!   world clock (20008; a PTZ stop is never refused); `device_serial` upper-case letters and
//!   digits, at most 50 characters (20014); voice files WAV, MP3 or AAC by content, 1–60 s,
//!   at most 20 MB (`voice.rs`).
//! - **Media** (camsim serves what it hands out; the media host's refusals are S3-style XML:
//!   403 `AccessDenied`, 404 `NoSuchKey`):
//!   - `picUrl` `http://<host>/pic/<key>.jpg`: the device's test card at the capture instant
//!     (channel 1, the camera's UTC offset then), a 1280x720 JPEG, with `Cache-Control:
//!     private, max-age=<seconds left>` and `Expires` at the link's end; valid 2 hours of world
//!     time, then 403 for a day, then 404.
//!   - `hls`/`hlshd` `http://<host>/openlive/<key>[.hd].m3u8`: a live playlist (`no-cache`) of
//!     the last 3 finished 2-second segments, its media sequence the world time / 2 s; the
//!     segments are `<key>[.hd]/<n>.ts` beside it (MPEG-TS, H.264 10 fps and silent AAC,
//!     segment `n` showing world time `2n` s), served while at most 60 s old.
//!   - `flv`/`flvhd` `http://<host>/openlive/<key>[.hd].flv`: a live HTTP-FLV stream of the
//!     same video and audio, fed as the world clock moves.
//!   - The smooth stream is 640x360 (the sub-stream), `hd` 1280x720 (the main stream, EZVIZ's
//!     `quality` 1). A stream key is the device's for good (no `expireTime` in Sodalife's
//!     `liveurl`); an unknown key, an offline device or a device no longer in the world: 404.
//!
//! ## LIMITATIONS
//! - Sodalife publishes no HTTP statuses and no error texts beyond the seed's tables: statuses
//!   are the RFC 6749-style proposal, descriptions the seed's, followed by the detail.
//! - RTMP, RTSP and ezopen addresses are formatted, not served. Sizes are fixed (Sodalife's
//!   model has no resolution per device); the HLS playlist uses relative segment addresses.
//! - Caching of streams is camsim's choice (none published): playlists `no-cache`, segments
//!   `private, max-age=60`.
//! - The token endpoint's rate limit is not published; camsim sets none.
//! - Missing `device_serial` is 111010 for `sendvoice` (its own table's code), 10001 elsewhere.

pub mod call;
pub mod control;
pub mod errors;
pub mod handlers;
pub mod params;
pub mod ptz;
pub mod routes;
pub mod scenario;
pub mod state;
pub mod voice;

use crate::api::form::FormLimits;
use crate::api::request::{ApiRequest, BodyPlan, ReadError};
use crate::sim::VendorId;
use crate::sim::camera::{Camera, Cameras, PatchProblem};
use crate::sim::spec::Problem;
use crate::sim::world::{Build, World};
use crate::vendors::model::{ControlAnswer, ControlCall, Model};
use crate::vendors::{AuthCtx, Ctx, Handled, Refusal, Vendor};
use errors::{CATALOGUE, SodalifeError, code};
use http::Method;
use routes::Endpoint;
use serde_json::{Map, Value};
use serde_saphyr::Location;
use state::{LIVE_SCOPE, PICTURE_SCOPE, SodalifeState};
use std::collections::HashSet;

pub struct Sodalife;

/// The upload's form: the voice file up to 20 MB, a few short text fields.
const VOICE_FORM: FormLimits = FormLimits {
    whole: voice::MAX_VOICE_BYTES as u64 + 64 * 1024,
    text_field: 4 * 1024,
    files: &[(params::VOICE_FIELD, voice::MAX_VOICE_BYTES as u64)],
    parts: 16,
};

impl Vendor for Sodalife {
    const ID: VendorId = VendorId::Sodalife;
    const BODY_LIMIT: usize = 1024 * 1024;
    type Endpoint = Endpoint;
    type Error = SodalifeError;

    fn endpoints() -> &'static [Endpoint] {
        routes::ALL
    }

    fn route(method: &Method, req: &ApiRequest) -> Option<Endpoint> {
        routes::route(method, req)
    }

    fn unknown_endpoint(req: &ApiRequest) -> SodalifeError {
        errors::not_found(req.method.as_str(), &req.path)
    }

    fn unreadable_body(endpoint: Option<Endpoint>, err: &ReadError) -> SodalifeError {
        errors::unreadable(err, endpoint == Some(Endpoint::SendVoice))
    }

    fn body_plan(endpoint: Option<Endpoint>) -> BodyPlan {
        match endpoint {
            Some(Endpoint::SendVoice) => BodyPlan::Form {
                limit: Self::BODY_LIMIT,
                form: VOICE_FORM,
            },
            _ => BodyPlan::Whole {
                limit: Self::BODY_LIMIT,
            },
        }
    }

    fn prepare(endpoint: Endpoint, req: &ApiRequest) {
        let _ = req.params();
        if endpoint == Endpoint::SendVoice
            && let Some(file) = req.files.iter().find(|f| f.field == params::VOICE_FIELD)
        {
            let checked: handlers::VoiceCheck = voice::inspect(&file.bytes);
            req.set_prepared(checked);
        }
    }

    fn credential(req: &ApiRequest) -> Option<String> {
        match routes::route(&req.method, req)? {
            Endpoint::Token => params::TokenParams::of(req)
                .ok()?
                .optional("client_id")
                .map(str::to_string),
            Endpoint::Picture => media_credential(req, routes::PICTURE_PREFIX),
            Endpoint::Live | Endpoint::LiveSegment => {
                routes::live_key(req.path.trim_end_matches('/')).map(str::to_string)
            }
            _ => params::access_token(req),
        }
    }

    fn unknown_credential(req: &ApiRequest) -> SodalifeError {
        match routes::route(&req.method, req) {
            // Unknown client and wrong secret read alike, so answers do not tell which
            // client ids exist (the reason header and the journal say which it was).
            Some(Endpoint::Token) => match params::TokenParams::of(req) {
                Ok(p) => match p.required("client_id") {
                    Ok(_) => SodalifeError::of(code::INVALID_CLIENT),
                    Err(missing_or_mistyped) => missing_or_mistyped,
                },
                Err(e) => SodalifeError::because(code::INVALID_REQUEST, e),
            },
            Some(Endpoint::Picture | Endpoint::Live | Endpoint::LiveSegment) => {
                SodalifeError::media_not_found()
            }
            _ => SodalifeError::of(code::BAD_TOKEN),
        }
    }

    fn authenticate(
        auth: &AuthCtx<'_>,
        endpoint: Endpoint,
        req: &ApiRequest,
    ) -> Result<(), Refusal<SodalifeError>> {
        let account = auth.account;
        let is_client = account.expires_ms.is_none() && account.scopes.is_empty();
        let is_media =
            account.scopes.contains(&PICTURE_SCOPE) || account.scopes.contains(&LIVE_SCOPE);
        match endpoint {
            Endpoint::Token => {
                if !is_client {
                    return Err(Refusal::new(
                        SodalifeError::of(code::INVALID_CLIENT),
                        "client_id is not a client of this world",
                    ));
                }
                let p = params::TokenParams::of(req).map_err(|e| {
                    Refusal::new(
                        SodalifeError::because(code::INVALID_REQUEST, &e),
                        format!("the body cannot be read: {e}"),
                    )
                })?;
                match p.optional("client_secret") {
                    None => Err(Refusal::new(
                        SodalifeError::because(
                            code::INVALID_REQUEST,
                            "parameter client_secret missing",
                        ),
                        "no client_secret",
                    )),
                    Some(secret) if secret != account.secret => Err(Refusal::new(
                        SodalifeError::of(code::INVALID_CLIENT),
                        format!("client_secret is not client {}'s secret", account.id),
                    )),
                    Some(_) => Ok(()),
                }
            }
            Endpoint::Picture | Endpoint::Live | Endpoint::LiveSegment => {
                let scope = if endpoint == Endpoint::Picture {
                    PICTURE_SCOPE
                } else {
                    LIVE_SCOPE
                };
                if !account.scopes.contains(&scope) {
                    return Err(Refusal::new(
                        SodalifeError::media_not_found(),
                        "not a media link",
                    ));
                }
                let forgotten_ms = account
                    .expires_ms
                    .map(|end| end.saturating_add(state::EXPIRED_PICTURE_KEPT_SECS * 1000));
                if forgotten_ms.is_some_and(|at| auth.now_ms >= at) {
                    return Err(Refusal::new(
                        SodalifeError::media_not_found(),
                        "the link expired over a day ago on the world clock",
                    ));
                }
                if account.expired(auth.now_ms) {
                    return Err(Refusal::new(
                        SodalifeError::media_expired(),
                        "the link expired on the world clock",
                    ));
                }
                Ok(())
            }
            _ => {
                if is_client || is_media {
                    return Err(Refusal::new(
                        SodalifeError::of(code::BAD_TOKEN),
                        "access_token is not an access token",
                    ));
                }
                if account.expired(auth.now_ms) {
                    return Err(Refusal::new(
                        SodalifeError::because(code::BAD_TOKEN, "the token expired"),
                        format!(
                            "the token expired at {} ms on the world clock (now {})",
                            account.expires_ms.unwrap_or_default(),
                            auth.now_ms
                        ),
                    ));
                }
                match handlers::scope_refusal(endpoint, &account.scopes) {
                    Some(error) => Err(Refusal::new(error, "the token lacks scope iot:control")),
                    None => Ok(()),
                }
            }
        }
    }

    fn rate_limit(_endpoint: Endpoint) -> Option<u32> {
        None
    }

    fn rate_limited(_endpoint: Endpoint) -> SodalifeError {
        SodalifeError::of(code::TOO_FREQUENT)
    }

    fn device(ctx: &Ctx<'_>, endpoint: Endpoint, req: &ApiRequest) -> Option<String> {
        if endpoint.is_camera() {
            return Some(
                req.params()
                    .ok()?
                    .opt_str("device_serial")
                    .ok()??
                    .to_string(),
            );
        }
        let key = match endpoint {
            Endpoint::Picture => routes::media_key(&req.path, routes::PICTURE_PREFIX)?.0,
            Endpoint::Live | Endpoint::LiveSegment => routes::live_key(&req.path)?,
            _ => return None,
        };
        match ctx.world.model::<SodalifeState>()?.media.get(key)? {
            state::Media::Picture { device, .. } | state::Media::Live { device } => {
                Some(device.clone())
            }
        }
    }

    fn handle(
        ctx: &mut Ctx<'_>,
        endpoint: Endpoint,
        req: &ApiRequest,
    ) -> Result<Handled, SodalifeError> {
        let answer = match endpoint {
            Endpoint::Token => handlers::token(ctx, req),
            Endpoint::Capture => handlers::capture(ctx, req),
            Endpoint::Controlling => handlers::controlling(ctx, req),
            Endpoint::SendVoice => handlers::send_voice(ctx, req),
            Endpoint::LiveUrl => handlers::live_url(ctx, req),
            Endpoint::Picture => handlers::picture(ctx, req),
            Endpoint::Live => handlers::live(ctx, req),
            Endpoint::LiveSegment => handlers::live_segment(ctx, req),
        };
        answer.map(Handled::from)
    }

    fn codes() -> Vec<String> {
        CATALOGUE.iter().map(|entry| entry.0.to_string()).collect()
    }

    fn coded_error(code: &str, message: Option<&str>) -> Option<SodalifeError> {
        SodalifeError::coded(code, message)
    }
}

/// A media link's key, which routes it to the world that handed it out.
fn media_credential(req: &ApiRequest, prefix: &str) -> Option<String> {
    routes::media_key(req.path.trim_end_matches('/'), prefix).map(|(key, _)| key.to_string())
}

impl Model for Sodalife {
    type Spec = scenario::SodalifeSpec;
    type State = SodalifeState;
    type Patch = control::SodalifePatch;

    fn check(spec: &scenario::SodalifeSpec, out: &mut Vec<Problem>) -> HashSet<String> {
        scenario::check(spec, out)
    }

    fn declared_credentials(spec: &scenario::SodalifeSpec) -> Vec<(String, Location)> {
        scenario::declared_credentials(spec)
    }

    fn planned_devices(spec: &scenario::SodalifeSpec) -> u64 {
        scenario::planned_devices(spec)
    }

    fn build(spec: &scenario::SodalifeSpec, b: &mut Build<'_>) -> SodalifeState {
        scenario::build(spec, b)
    }

    fn view(state: &SodalifeState, cameras: &Cameras) -> Value {
        control::view(state, cameras)
    }

    fn device_extras(state: &SodalifeState, camera: &Camera, now_secs: i64) -> Map<String, Value> {
        control::device_extras(state, camera, now_secs)
    }

    fn patch(
        world: &mut World,
        id: &str,
        patch: control::SodalifePatch,
        now_secs: i64,
    ) -> Result<(), PatchProblem> {
        control::patch(world, id, patch, now_secs)
    }

    fn control(world: &mut World, call: &ControlCall<'_>) -> ControlAnswer {
        control::control(world, call)
    }
}
