//! Cloud-storage packages: `CreateCloudStorage` (one package per device channel at a time;
//! `Override` and `PackageQueue`), `DescribeCloudStorage`, `ResetCloudStorage`,
//! `TransferCloudStorage`, orders (`DescribeCloudStorageOrder`), free packages
//! (`CreateFreeCloudStorage`, `DescribeFreeCloudStorageNum`) and consumption
//! (`DescribeCloudStoragePackageConsumeStats`, `...ConsumeDetails`).

use super::not_served;
use crate::api::response::ApiResponse;
use crate::vendors::Ctx;
use crate::vendors::tencent::errors::TencentError;
use crate::vendors::tencent::params::Params;

pub fn create(ctx: &mut Ctx<'_>, p: &Params) -> Result<ApiResponse, TencentError> {
    not_served(ctx, p, ())
}

pub fn create_free(ctx: &mut Ctx<'_>, p: &Params) -> Result<ApiResponse, TencentError> {
    not_served(ctx, p, ())
}

pub fn describe(ctx: &mut Ctx<'_>, p: &Params) -> Result<ApiResponse, TencentError> {
    not_served(ctx, p, ())
}

pub fn reset(ctx: &mut Ctx<'_>, p: &Params) -> Result<ApiResponse, TencentError> {
    not_served(ctx, p, ())
}

pub fn transfer(ctx: &mut Ctx<'_>, p: &Params) -> Result<ApiResponse, TencentError> {
    not_served(ctx, p, ())
}

pub fn order(ctx: &mut Ctx<'_>, p: &Params) -> Result<ApiResponse, TencentError> {
    not_served(ctx, p, ())
}

pub fn free_num(ctx: &mut Ctx<'_>, p: &Params) -> Result<ApiResponse, TencentError> {
    not_served(ctx, p, ())
}

pub fn consume_stats(ctx: &mut Ctx<'_>, p: &Params) -> Result<ApiResponse, TencentError> {
    not_served(ctx, p, ())
}

pub fn consume_details(ctx: &mut Ctx<'_>, p: &Params) -> Result<ApiResponse, TencentError> {
    not_served(ctx, p, ())
}
