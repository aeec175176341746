//! Cloud-storage users: `DescribeCloudStorageUsers`, `BindCloudStorageUser`,
//! `InheritCloudStorageUser`.

use super::not_served;
use crate::api::response::ApiResponse;
use crate::vendors::Ctx;
use crate::vendors::tencent::errors::TencentError;
use crate::vendors::tencent::params::Params;

pub fn describe_users(ctx: &mut Ctx<'_>, p: &Params) -> Result<ApiResponse, TencentError> {
    not_served(ctx, p, ())
}

pub fn bind(ctx: &mut Ctx<'_>, p: &Params) -> Result<ApiResponse, TencentError> {
    not_served(ctx, p, ())
}

pub fn inherit(ctx: &mut Ctx<'_>, p: &Params) -> Result<ApiResponse, TencentError> {
    not_served(ctx, p, ())
}
