//! The actions that hand out media links: `GenerateSignedVideoURL`,
//! `DescribeCloudStorageThumbnail`, `...ThumbnailList`, `...MultiThumbnail`,
//! `DescribeCloudStorageStreamData`.

use super::not_served;
use crate::api::request::ApiRequest;
use crate::api::response::ApiResponse;
use crate::vendors::Ctx;
use crate::vendors::tencent::errors::TencentError;
use crate::vendors::tencent::params::Params;

pub fn signed_video_url(
    ctx: &mut Ctx<'_>,
    p: &Params,
    req: &ApiRequest,
) -> Result<ApiResponse, TencentError> {
    not_served(ctx, p, req)
}

pub fn thumbnail(
    ctx: &mut Ctx<'_>,
    p: &Params,
    req: &ApiRequest,
) -> Result<ApiResponse, TencentError> {
    not_served(ctx, p, req)
}

pub fn thumbnail_list(
    ctx: &mut Ctx<'_>,
    p: &Params,
    req: &ApiRequest,
) -> Result<ApiResponse, TencentError> {
    not_served(ctx, p, req)
}

pub fn multi_thumbnail(
    ctx: &mut Ctx<'_>,
    p: &Params,
    req: &ApiRequest,
) -> Result<ApiResponse, TencentError> {
    not_served(ctx, p, req)
}

pub fn stream_data(
    ctx: &mut Ctx<'_>,
    p: &Params,
    req: &ApiRequest,
) -> Result<ApiResponse, TencentError> {
    not_served(ctx, p, req)
}
