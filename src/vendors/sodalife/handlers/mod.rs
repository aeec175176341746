//! One function per Sodalife endpoint, by area: the token endpoint (`token.rs`: issues and
//! revokes tokens), the camera endpoints (`camera.rs`: their shared checks, then capture, PTZ,
//! voice and live addresses), and the media links those hand out (`media.rs`). What they share
//! is here.

mod camera;
mod media;
mod token;

pub use camera::{NETWORK_DOWN_SIGNAL, capture, controlling, live_url, scope_refusal, send_voice};
pub use media::{live, live_segment, picture};
pub use token::token;

use super::errors::{SodalifeError, code};
use super::state::SodalifeState;
use super::voice::{self, VoiceProblem};
use crate::api::response::ApiResponse;
use crate::sim::VendorId;
use crate::sim::world::Account;
use crate::vendors::Ctx;
use http::StatusCode;

/// The voice check `prepare` did off the async workers.
pub type VoiceCheck = Result<voice::Voice, VoiceProblem>;

type Answer = Result<ApiResponse, SodalifeError>;

/// A success carries no code (Sodalife answers the bare payload), so the journal has none.
fn success<T: serde::Serialize>(value: &T) -> ApiResponse {
    ApiResponse::json(StatusCode::OK, value)
}

/// A credential (32 hex, like Sodalife's tokens) drawn at random and claimed for this world
/// with `secret`, `expires_ms` and `scopes`; a draw another world (or this one) already holds
/// is drawn again.
pub(super) fn claim_unique(
    ctx: &Ctx<'_>,
    secret: &str,
    expires_ms: Option<i64>,
    scopes: &[&'static str],
) -> Result<String, SodalifeError> {
    let account = |id: String| Account {
        vendor: VendorId::Sodalife,
        id,
        secret: secret.to_string(),
        token: None,
        expires_ms,
        scopes: scopes.to_vec(),
    };
    ctx.credentials
        .claim_fresh(ctx.ids, 32, &account)
        .map_err(|e| SodalifeError::because(code::TEMPORARILY_UNAVAILABLE, e))
}

pub(super) fn sodalife<'c>(ctx: &'c mut Ctx<'_>) -> Result<&'c mut SodalifeState, SodalifeError> {
    ctx.world
        .model_mut::<SodalifeState>()
        .ok_or_else(|| SodalifeError::of(code::BAD_TOKEN))
}
