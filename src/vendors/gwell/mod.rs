//! # Gwell custCloud OSS (the vendor's custCloud OSS API document, "seed 001")
//!
//! - **Base path**: `/openapi/custCloud/oss/` on the gwell listener (default port 12042).
//! - **Endpoints**: `POST devInfo` (one device of a user, by `sn` xor `devId`), `POST devList`
//!   (every device a user owns or was shared). Body: JSON with `action`, `appId`, `appToken`,
//!   `accessId`.
//! - **Auth**: `X-IotVideo-AccessID` (= appId; an empty header falls back to the body's appId),
//!   `X-IotVideo-Nonce`, `X-IotVideo-Timestamp`, `X-IotVideo-Signature` = Base64 HMAC-SHA1 keyed
//!   by the app's appKey (see `auth.rs`). Timestamp within ±300 s of the world clock; a nonce is
//!   refused if seen for the same AccessID within its window. Then appId/appToken in the body.
//! - **Envelope**: `{"code","data","msg","requestId"}`, HTTP 200 for every outcome; errors are
//!   `{"code","msg","requestId"}` with the codes of `errors::CATALOGUE`.
//! - **Limits**: 10 requests/s per endpoint per app on the world clock (code 10015); bodies
//!   over 64 KiB are refused unread (10007 `-1`).
//!
//! ## LIMITATIONS
//! - Gwell's real error messages beyond 10007 are not public; the catalogue's texts are the
//!   meanings of the vendor's error table.
//! - HTTP status of errors is not documented; camsim answers 200 (404 for a non-endpoint path).
//! - A device without a storage or 4G package has `storageInfo`/`flowInfo` with neutral values
//!   (empty strings, 0, false) in devInfo, never `null` (both are required; typed clients break
//!   on null), and zeros in devList's `vss`/`fourCard`, as the seed's example shows.
//! - A device bound to nobody answers devInfo for any user of its app (`ownerId: 0`); devList
//!   lists only owned and shared devices.
//! - devList is not paged (the seed documents no paging).

pub mod auth;
pub mod call;
pub mod control;
pub mod errors;
pub mod generate;
pub mod handlers;
pub mod memo;
pub mod routes;
pub mod scenario;
pub mod state;
pub mod wire;

use crate::api::request::{ApiRequest, ReadError};
use crate::sim::VendorId;
use crate::sim::camera::{Camera, Cameras, PatchProblem};
use crate::sim::limits::within_window;
use crate::sim::spec::Problem;
use crate::sim::world::{Build, World};
use crate::vendors::model::Model;
use crate::vendors::{AuthCtx, Ctx, Handled, Refusal, Vendor};
use errors::{CATALOGUE, GwellError, SignatureFault};
use http::Method;
use routes::Endpoint;
use serde_json::{Map, Value};
use serde_saphyr::Location;
use std::collections::HashSet;

pub struct Gwell;

/// The documented limit of both endpoints (seed 001: 接口限频 10/s).
const REQUESTS_PER_SECOND: u32 = 10;

impl Vendor for Gwell {
    const ID: VendorId = VendorId::Gwell;
    const BODY_LIMIT: usize = 64 * 1024;
    type Endpoint = Endpoint;
    type Error = GwellError;

    fn endpoints() -> &'static [Endpoint] {
        routes::ALL
    }

    fn route(method: &Method, req: &ApiRequest) -> Option<Endpoint> {
        routes::route(method, req)
    }

    fn unknown_endpoint(req: &ApiRequest) -> GwellError {
        GwellError::UnknownEndpoint {
            method: req.method.to_string(),
            path: req.path.clone(),
        }
    }

    fn unreadable_body(_endpoint: Option<Self::Endpoint>, err: &ReadError) -> GwellError {
        GwellError::from(err.clone())
    }

    fn prepare(_endpoint: Endpoint, req: &ApiRequest) {
        // Parsed once and cached; every later step reads the cached value.
        let _ = req.params();
    }

    fn credential(req: &ApiRequest) -> Option<String> {
        match req.header(auth::header::ACCESS_ID).map(str::trim) {
            Some(id) if !id.is_empty() => Some(id.to_string()),
            _ => req
                .params()
                .ok()?
                .opt_str("appId")
                .ok()?
                .map(str::to_string),
        }
    }

    fn unknown_credential(_req: &ApiRequest) -> GwellError {
        GwellError::SignatureFailed(SignatureFault::Wrong)
    }

    fn authenticate(
        auth: &AuthCtx<'_>,
        _endpoint: Endpoint,
        req: &ApiRequest,
    ) -> Result<(), Refusal<GwellError>> {
        let wrong = |reason: String| {
            Refusal::new(GwellError::SignatureFailed(SignatureFault::Wrong), reason)
        };
        let expired = |reason: String| {
            Refusal::new(GwellError::SignatureFailed(SignatureFault::Expired), reason)
        };
        let app = auth.account;
        let signature = req
            .header(auth::header::SIGNATURE)
            .ok_or_else(|| wrong(format!("no {} header", auth::SIGNATURE)))?;
        let timestamp = req.header(auth::header::TIMESTAMP).unwrap_or("");
        let stamp: i64 = timestamp.trim().parse().map_err(|_| {
            expired(format!(
                "{} `{timestamp}` is not Unix seconds",
                auth::TIMESTAMP
            ))
        })?;
        let now = auth.now_secs();
        if !within_window(now, stamp, auth::WINDOW_SECS) {
            let side = if stamp < now { "behind" } else { "ahead of" };
            return Err(expired(format!(
                "{} {stamp} is {} s {side} the world clock ({now}); the window is +-{} s",
                auth::TIMESTAMP,
                now.abs_diff(stamp),
                auth::WINDOW_SECS
            )));
        }
        let nonce = req.header(auth::header::NONCE).unwrap_or("");
        if nonce.is_empty() {
            return Err(wrong(format!("no {} header", auth::NONCE)));
        }
        let parts = auth::SignedParts {
            host: req.host(),
            access_id: req.header(auth::header::ACCESS_ID).unwrap_or(""),
            nonce,
            timestamp,
            content: auth::Content::Body(&req.body),
        };
        if !auth::signatures_match(&auth::sign(&app.secret, &parts), signature) {
            // Only on a mismatch: the text is built for the person reading the journal.
            let mut refusal = wrong(
                "the signature does not match the one camsim computes with the app's appKey \
                 over stringToSign (check the key, the Host header as sent, the exact body bytes \
                 and the X-IotVideo-* headers)"
                    .to_string(),
            );
            refusal.string_to_sign = Some(auth::string_to_sign(&parts));
            return Err(refusal);
        }
        // The body's credentials belong to authentication too (10007): a refused pair is
        // journaled as a failed authentication and spends no rate budget. Missing or mistyped
        // fields are left to the handler's parameter checks.
        if req.body.is_empty() {
            return Err(Refusal::new(
                GwellError::SignatureFailed(SignatureFault::Unreadable),
                "the body is empty",
            ));
        }
        if let Ok(p) = req.params() {
            if let Ok(Some(id)) = p.opt_str("appId")
                && id != app.id
            {
                return Err(wrong(format!(
                    "the body's appId `{id}` is not the AccessID `{}`",
                    app.id
                )));
            }
            if matches!(p.opt_str("appToken"), Ok(Some(token)) if Some(token) != app.token.as_deref())
            {
                return Err(wrong(format!("appToken is not app `{}`'s token", app.id)));
            }
        }
        if !auth.nonces.lock().first_use(&app.id, nonce, now) {
            return Err(wrong(format!(
                "{} {nonce} was already used by this app within the replay window",
                auth::NONCE
            )));
        }
        Ok(())
    }

    fn rate_limit(_endpoint: Endpoint) -> Option<u32> {
        Some(REQUESTS_PER_SECOND)
    }

    fn rate_limited(_endpoint: Endpoint) -> GwellError {
        GwellError::TooFrequent
    }

    fn device(ctx: &Ctx<'_>, endpoint: Endpoint, req: &ApiRequest) -> Option<String> {
        if endpoint != Endpoint::DevInfo {
            return None;
        }
        let p = req.params().ok()?;
        if let Ok(Some(id)) = p.opt_str("devId") {
            return Some(id.to_string());
        }
        let sn = p.opt_str("sn").ok()??;
        Some(
            ctx.world
                .cameras
                .by_sn(VendorId::Gwell, sn)
                .map_or_else(|| sn.to_string(), |d| d.id.clone()),
        )
    }

    fn handle(
        ctx: &mut Ctx<'_>,
        endpoint: Endpoint,
        req: &ApiRequest,
    ) -> Result<Handled, GwellError> {
        let answer = match endpoint {
            Endpoint::DevInfo => handlers::dev_info(ctx, req),
            Endpoint::DevList => handlers::dev_list(ctx, req),
        };
        answer.map(Handled::from)
    }

    fn codes() -> Vec<String> {
        CATALOGUE
            .iter()
            .filter(|(code, _)| *code != 0)
            .map(|(code, _)| code.to_string())
            .collect()
    }

    fn coded_error(code: &str, message: Option<&str>) -> Option<GwellError> {
        GwellError::coded(code, message)
    }
}

impl Model for Gwell {
    type Spec = scenario::GwellSpec;
    type State = state::GwellState;
    type Patch = control::GwellPatch;

    fn check(spec: &scenario::GwellSpec, out: &mut Vec<Problem>) -> HashSet<String> {
        scenario::check(spec, out)
    }

    fn declared_credentials(spec: &scenario::GwellSpec) -> Vec<(String, Location)> {
        scenario::declared_credentials(spec)
    }

    fn planned_devices(spec: &scenario::GwellSpec) -> u64 {
        scenario::planned_devices(spec)
    }

    fn build(spec: &scenario::GwellSpec, b: &mut Build<'_>) -> state::GwellState {
        scenario::build(spec, b)
    }

    fn view(state: &state::GwellState, cameras: &Cameras) -> Value {
        serde_json::to_value(control::view(state, cameras)).unwrap_or(Value::Null)
    }

    fn device_extras(
        state: &state::GwellState,
        camera: &Camera,
        now_secs: i64,
    ) -> Map<String, Value> {
        control::device_extras(state, camera, now_secs)
    }

    fn patch(
        world: &mut World,
        id: &str,
        patch: control::GwellPatch,
        now_secs: i64,
    ) -> Result<(), PatchProblem> {
        control::patch(world, id, patch, now_secs)
    }
}
