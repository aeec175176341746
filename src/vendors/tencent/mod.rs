//! # Tencent IoT Video cloud storage (the vendor document "seed 004")
//!
//! `POST /` with `X-TC-Action`, TC3-HMAC-SHA256. Envelope `{"Response":{"Error":{"Code","Message"},"RequestId"}}`, HTTP 200.
//!
//! ## LIMITATIONS
//! - No endpoint is served yet: every request gets tencent's own "unknown endpoint" answer
//!   (`InvalidAction`, HTTP 200). The vendor's issue adds routes, auth and handlers here.

pub mod errors;
pub mod model;

use crate::api::request::{ApiRequest, ReadError};
use crate::sim::VendorId;
use crate::vendors::{AuthCtx, Ctx, Handled, Refusal, Unserved, Vendor};
use errors::{CATALOGUE, TencentError};
use http::Method;

pub struct Tencent;

impl Vendor for Tencent {
    const ID: VendorId = VendorId::Tencent;
    const BODY_LIMIT: usize = 10 * 1024 * 1024;
    type Endpoint = Unserved;
    type Error = TencentError;

    fn endpoints() -> &'static [Unserved] {
        &[]
    }

    fn route(_method: &Method, _req: &ApiRequest) -> Option<Unserved> {
        None
    }

    fn unknown_endpoint(req: &ApiRequest) -> TencentError {
        errors::invalid_action(req.header("x-tc-action"))
    }

    fn unreadable_body(_endpoint: Option<Self::Endpoint>, err: &ReadError) -> TencentError {
        TencentError::from(err.clone())
    }

    fn credential(_req: &ApiRequest) -> Option<String> {
        None
    }

    fn unknown_credential(req: &ApiRequest) -> TencentError {
        Self::unknown_endpoint(req)
    }

    fn authenticate(
        _auth: &AuthCtx<'_>,
        endpoint: Unserved,
        _req: &ApiRequest,
    ) -> Result<(), Refusal<TencentError>> {
        endpoint.never()
    }

    fn rate_limit(endpoint: Unserved) -> Option<u32> {
        endpoint.never()
    }

    fn rate_limited(endpoint: Unserved) -> TencentError {
        endpoint.never()
    }

    fn device(_ctx: &Ctx<'_>, endpoint: Unserved, _req: &ApiRequest) -> Option<String> {
        endpoint.never()
    }

    fn handle(
        _ctx: &mut Ctx<'_>,
        endpoint: Unserved,
        _req: &ApiRequest,
    ) -> Result<Handled, TencentError> {
        endpoint.never()
    }

    fn codes() -> Vec<String> {
        CATALOGUE.iter().map(|entry| entry.0.to_string()).collect()
    }

    fn coded_error(code: &str, message: Option<&str>) -> Option<TencentError> {
        TencentError::coded(code, message)
    }
}
