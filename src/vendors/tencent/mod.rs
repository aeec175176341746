//! # Tencent IoT Video cloud storage (seed 004, vendors/tencent-iotvideo.md)
//!
//! `POST /` with `X-TC-Action`, TC3-HMAC-SHA256. Envelope `{"Response":{"Error":{"Code","Message"},"RequestId"}}`, HTTP 200.
//!
//! ## LIMITATIONS
//! - No endpoint is served yet: every request gets tencent's own "unknown endpoint" answer
//!   (`InvalidAction`, HTTP 200). The vendor's issue adds routes, auth and handlers here.

pub mod errors;
pub mod routes;

use crate::server::request::{ApiRequest, ReadError};
use crate::server::response::ApiResponse;
use crate::sim::VendorId;
use crate::vendors::{Ctx, Vendor};
use errors::{CATALOGUE, TencentError};
use http::Method;
use routes::Endpoint;

pub struct Tencent;

impl Vendor for Tencent {
    const ID: VendorId = VendorId::Tencent;
    const BODY_LIMIT: usize = 10 * 1024 * 1024;
    type Endpoint = Endpoint;
    type Error = TencentError;

    fn endpoints() -> &'static [Endpoint] {
        routes::ALL
    }

    fn route(method: &Method, req: &ApiRequest) -> Option<Endpoint> {
        routes::route(method, req)
    }

    fn unknown_endpoint(req: &ApiRequest) -> TencentError {
        errors::invalid_action(req.header("x-tc-action").unwrap_or(req.path.as_str()))
    }

    fn unreadable_body(err: &ReadError) -> TencentError {
        TencentError::from(err.clone())
    }

    fn credential(_req: &ApiRequest) -> Option<String> {
        None
    }

    fn unknown_credential(req: &ApiRequest) -> TencentError {
        Self::unknown_endpoint(req)
    }

    fn authenticate(
        _ctx: &mut Ctx<'_>,
        endpoint: Endpoint,
        _req: &ApiRequest,
    ) -> Result<(), TencentError> {
        match endpoint {}
    }

    fn rate_limit(endpoint: Endpoint) -> Option<u32> {
        match endpoint {}
    }

    fn rate_limited(endpoint: Endpoint) -> TencentError {
        match endpoint {}
    }

    fn device(_ctx: &Ctx<'_>, endpoint: Endpoint, _req: &ApiRequest) -> Option<String> {
        match endpoint {}
    }

    fn handle(
        _ctx: &mut Ctx<'_>,
        endpoint: Endpoint,
        _req: &ApiRequest,
    ) -> Result<ApiResponse, TencentError> {
        match endpoint {}
    }

    fn codes() -> Vec<String> {
        CATALOGUE.iter().map(|entry| entry.0.to_string()).collect()
    }

    fn coded_error(code: &str, message: Option<&str>) -> Option<TencentError> {
        TencentError::coded(code, message)
    }
}
