//! # China Mobile OneNET video (the vendor document "seed 003")
//!
//! `api-key` header (master or device key). Envelope `{"errno","error","data"}`, HTTP 200.
//!
//! ## LIMITATIONS
//! - No endpoint is served yet: every request gets onenet's own "unknown endpoint" answer
//!   (errno 8 `not found`, HTTP 200). The vendor's issue adds routes, auth and handlers here.

pub mod alarm_types;
pub mod device;
pub mod errors;
pub mod model;
pub mod time;

use crate::api::request::{ApiRequest, ReadError};
use crate::api::response::ApiResponse;
use crate::sim::VendorId;
use crate::vendors::{AuthCtx, Ctx, Refusal, Unserved, Vendor};
use errors::{CATALOGUE, OnenetError};
use http::Method;

pub struct Onenet;

impl Vendor for Onenet {
    const ID: VendorId = VendorId::Onenet;
    const BODY_LIMIT: usize = 1024 * 1024;
    type Endpoint = Unserved;
    type Error = OnenetError;

    fn endpoints() -> &'static [Unserved] {
        &[]
    }

    fn route(_method: &Method, _req: &ApiRequest) -> Option<Unserved> {
        None
    }

    fn unknown_endpoint(req: &ApiRequest) -> OnenetError {
        let _ = req;
        errors::not_found()
    }

    fn unreadable_body(_endpoint: Option<Self::Endpoint>, err: &ReadError) -> OnenetError {
        OnenetError::from(err.clone())
    }

    fn credential(_req: &ApiRequest) -> Option<String> {
        None
    }

    fn unknown_credential(req: &ApiRequest) -> OnenetError {
        Self::unknown_endpoint(req)
    }

    fn authenticate(
        _auth: &AuthCtx<'_>,
        endpoint: Unserved,
        _req: &ApiRequest,
    ) -> Result<(), Refusal<OnenetError>> {
        endpoint.never()
    }

    fn rate_limit(endpoint: Unserved) -> Option<u32> {
        endpoint.never()
    }

    fn rate_limited(endpoint: Unserved) -> OnenetError {
        endpoint.never()
    }

    fn device(_ctx: &Ctx<'_>, endpoint: Unserved, _req: &ApiRequest) -> Option<String> {
        endpoint.never()
    }

    fn handle(
        _ctx: &mut Ctx<'_>,
        endpoint: Unserved,
        _req: &ApiRequest,
    ) -> Result<ApiResponse, OnenetError> {
        endpoint.never()
    }

    fn codes() -> Vec<String> {
        CATALOGUE.iter().map(|entry| entry.0.to_string()).collect()
    }

    fn coded_error(code: &str, message: Option<&str>) -> Option<OnenetError> {
        OnenetError::coded(code, message)
    }
}
