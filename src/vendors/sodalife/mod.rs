//! # Sodalife camera API (the vendor document "seed 002")
//!
//! OAuth2 client-credentials token, then `POST /iot/cameras/{capture,controlling,sendvoice,liveurl}`.
//! Envelope on error: `{"error","error_description"}` with an RFC 6749-style HTTP status.
//!
//! ## LIMITATIONS
//! - No endpoint is served yet: every request gets sodalife's own "unknown endpoint" answer
//!   (HTTP 404 `NOT_FOUND`). The vendor's issue adds routes, auth and handlers here.

pub mod errors;
pub mod model;
pub mod voice;

use crate::api::request::{ApiRequest, ReadError};
use crate::api::response::ApiResponse;
use crate::sim::VendorId;
use crate::vendors::{AuthCtx, Ctx, Refusal, Unserved, Vendor};
use errors::{CATALOGUE, SodalifeError};
use http::Method;

pub struct Sodalife;

impl Vendor for Sodalife {
    const ID: VendorId = VendorId::Sodalife;
    const BODY_LIMIT: usize = 1024 * 1024;
    type Endpoint = Unserved;
    type Error = SodalifeError;

    fn endpoints() -> &'static [Unserved] {
        &[]
    }

    fn route(_method: &Method, _req: &ApiRequest) -> Option<Unserved> {
        None
    }

    fn unknown_endpoint(req: &ApiRequest) -> SodalifeError {
        errors::not_found(req.method.as_str(), &req.path)
    }

    fn unreadable_body(err: &ReadError) -> SodalifeError {
        SodalifeError::from(err.clone())
    }

    fn credential(_req: &ApiRequest) -> Option<String> {
        None
    }

    fn unknown_credential(req: &ApiRequest) -> SodalifeError {
        Self::unknown_endpoint(req)
    }

    fn authenticate(
        _auth: &AuthCtx<'_>,
        endpoint: Unserved,
        _req: &ApiRequest,
    ) -> Result<(), Refusal<SodalifeError>> {
        endpoint.never()
    }

    fn rate_limit(endpoint: Unserved) -> Option<u32> {
        endpoint.never()
    }

    fn rate_limited(endpoint: Unserved) -> SodalifeError {
        endpoint.never()
    }

    fn device(_ctx: &Ctx<'_>, endpoint: Unserved, _req: &ApiRequest) -> Option<String> {
        endpoint.never()
    }

    fn handle(
        _ctx: &mut Ctx<'_>,
        endpoint: Unserved,
        _req: &ApiRequest,
    ) -> Result<ApiResponse, SodalifeError> {
        endpoint.never()
    }

    fn codes() -> Vec<String> {
        CATALOGUE.iter().map(|entry| entry.0.to_string()).collect()
    }

    fn coded_error(code: &str, message: Option<&str>) -> Option<SodalifeError> {
        SodalifeError::coded(code, message)
    }
}
