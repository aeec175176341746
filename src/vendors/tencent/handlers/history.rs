//! What cloud storage holds, from `history::History`: `DescribeCloudStorageDate`,
//! `DescribeCloudStorageTime`, `DescribeCloudStorageEvents` (cursor paging),
//! `DeleteCloudStorageEvent`, `ResetCloudStorageEvent`.

use super::not_served;
use crate::api::request::ApiRequest;
use crate::api::response::ApiResponse;
use crate::vendors::Ctx;
use crate::vendors::tencent::errors::TencentError;
use crate::vendors::tencent::params::Params;

pub fn dates(ctx: &mut Ctx<'_>, p: &Params, req: &ApiRequest) -> Result<ApiResponse, TencentError> {
    not_served(ctx, p, req)
}

pub fn time(ctx: &mut Ctx<'_>, p: &Params, req: &ApiRequest) -> Result<ApiResponse, TencentError> {
    not_served(ctx, p, req)
}

pub fn events(
    ctx: &mut Ctx<'_>,
    p: &Params,
    req: &ApiRequest,
) -> Result<ApiResponse, TencentError> {
    not_served(ctx, p, req)
}

pub fn delete_event(
    ctx: &mut Ctx<'_>,
    p: &Params,
    req: &ApiRequest,
) -> Result<ApiResponse, TencentError> {
    not_served(ctx, p, req)
}

pub fn reset_events(
    ctx: &mut Ctx<'_>,
    p: &Params,
    req: &ApiRequest,
) -> Result<ApiResponse, TencentError> {
    not_served(ctx, p, req)
}
