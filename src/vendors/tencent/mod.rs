//! # Tencent IoT Video (consumer) cloud storage (the vendor document "seed 004")
//!
//! - **Listener**: tencent (default port 12045) serves Tencent Cloud API 3.0 for service
//!   `iotvideo`, version `2021-11-25`, and the media links its actions hand out.
//! - **Requests**: `POST /` with a JSON body (or `GET /?Name=v&List.0=v`), the action in
//!   `X-TC-Action`, `X-TC-Version: 2021-11-25`, `X-TC-Timestamp` (Unix s, within 300 s of the
//!   world clock), optional `X-TC-Region` (any value) and `X-TC-Language` (`zh-CN` default,
//!   `en-US`). Signed with TC3-HMAC-SHA256 (`sign.rs`, checks in `auth.rs`); the SecretId picks
//!   the world.
//! - **Answers**: HTTP 200, exactly `Content-Type: application/json`,
//!   `{"Response":{<fields>,"RequestId"}}`; errors `{"Response":{"Error":{"Code","Message"},"RequestId"}}`
//!   with the common API 3.0 codes and iotvideo's (`errors.rs`).
//! - **Actions** (`actions.rs`): the seven of seed 004 and their siblings of the same API.
//!
//! ## LIMITATIONS
//! - Only version 2021-11-25: `X-TC-Version: 2020-12-15` answers `NoSuchVersion`.
//! - No legacy (v1, `HmacSHA1`/`HmacSHA256`) signature, no temporary credentials (`X-TC-Token`
//!   answers `AuthFailure.TokenFailure`).

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

/// Requests per second per action and SecretId: the 2021-11-25 pages' 5000 (decision: the same
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
            .get("x-tc-action")
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

    fn credential(req: &ApiRequest) -> Option<String> {
        match actions::route(&req.method, req) {
            Some(Action::Playback) => media_key(req, actions::PLAYBACK_PREFIX),
            Some(Action::Thumbnail) => media_key(req, actions::THUMBNAIL_PREFIX),
            Some(Action::StreamData) => media_key(req, actions::STREAM_PREFIX),
            _ => auth::secret_id(req).map(str::to_string),
        }
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
