//! # Sodalife camera API (seed 002, vendors/sodalife.md)
//!
//! OAuth2 client-credentials token, then `POST /iot/cameras/{capture,controlling,sendvoice,liveurl}`.
//! Envelope on error: `{"error","error_description"}` with an RFC 6749-style HTTP status.
//!
//! ## LIMITATIONS
//! - No endpoint is served yet: every request gets sodalife's own "unknown endpoint" answer
//!   (HTTP 404 `NOT_FOUND`). The vendor's issue adds routes, auth and handlers here.

pub mod errors;
pub mod routes;

use crate::server::request::{ApiRequest, ReadError};
use crate::server::response::ApiResponse;
use crate::sim::VendorId;
use crate::vendors::{Ctx, Vendor};
use errors::{CATALOGUE, SodalifeError};
use http::Method;
use routes::Endpoint;

pub struct Sodalife;

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
        _ctx: &mut Ctx<'_>,
        endpoint: Endpoint,
        _req: &ApiRequest,
    ) -> Result<(), SodalifeError> {
        match endpoint {}
    }

    fn rate_limit(endpoint: Endpoint) -> Option<u32> {
        match endpoint {}
    }

    fn rate_limited(endpoint: Endpoint) -> SodalifeError {
        match endpoint {}
    }

    fn device(_ctx: &Ctx<'_>, endpoint: Endpoint, _req: &ApiRequest) -> Option<String> {
        match endpoint {}
    }

    fn handle(
        _ctx: &mut Ctx<'_>,
        endpoint: Endpoint,
        _req: &ApiRequest,
    ) -> Result<ApiResponse, SodalifeError> {
        match endpoint {}
    }

    fn codes() -> Vec<String> {
        CATALOGUE.iter().map(|entry| entry.0.to_string()).collect()
    }

    fn coded_error(code: &str, message: Option<&str>) -> Option<SodalifeError> {
        SodalifeError::coded(code, message)
    }
}
