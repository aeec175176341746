//! Cloud-storage users (a storage space per user; recordings belong to the user bound when
//! they were made, as `history.rs` cuts them): `DescribeCloudStorageUsers`,
//! `BindCloudStorageUser`, `InheritCloudStorageUser`.

use super::{device, device_id, done, reply};
use crate::api::response::ApiResponse;
use crate::vendors::Ctx;
use crate::vendors::tencent::errors::{TencentError, code};
use crate::vendors::tencent::params::Params;
use crate::vendors::tencent::state::{TencentDevice, TencentState, UserBinding};
use serde::Serialize;

/// Longest UserId, characters (the scenario's rule too).
pub const MAX_USER_ID_CHARS: usize = 64;
/// DECIDED: `Limit` of `DescribeCloudStorageUsers` is 1 to 100 (Tencent publishes no bound).
pub const MAX_LIMIT: i64 = 100;
/// Bindings one device keeps (camsim's bound on memory; beyond it `LimitExceeded`).
pub const MAX_BINDINGS: usize = 1_000;

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Users<'a> {
    total_count: usize,
    users: Vec<User<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct User<'a> {
    user_id: &'a str,
}

/// `DescribeCloudStorageUsers`: the device's users in the order they were first bound, one
/// page of them.
pub fn describe_users(ctx: &mut Ctx<'_>, p: &Params) -> Result<ApiResponse, TencentError> {
    let id = device_id(ctx, p)?;
    let limit = p.int("Limit")?;
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(TencentError::invalid_value(
            "Limit",
            &format!("it must be 1 to {MAX_LIMIT}"),
            &format!("应为 1 到 {MAX_LIMIT}"),
        ));
    }
    let offset = p.uint("Offset")?;
    let (_, d) = device(ctx, &id)?;
    let all = d.user_ids();
    let users = all
        .iter()
        .skip(usize::try_from(offset).unwrap_or(usize::MAX))
        .take(usize::try_from(limit).unwrap_or(0))
        .map(|user_id| User { user_id })
        .collect();
    let answer = Users {
        total_count: all.len(),
        users,
    };
    Ok(reply(ctx, answer))
}

/// `BindCloudStorageUser`: what the device records from now on belongs to `UserId` (binding
/// the user already bound changes nothing).
pub fn bind(ctx: &mut Ctx<'_>, p: &Params) -> Result<ApiResponse, TencentError> {
    let id = device_id(ctx, p)?;
    let user = user_id(p, "UserId")?;
    let now = ctx.now_secs();
    let (_, d) = device(ctx, &id)?;
    if d.user_at(now) == user {
        return Ok(done(ctx));
    }
    if d.users.len() >= MAX_BINDINGS {
        return Err(TencentError::new(
            code::LIMIT_EXCEEDED,
            format!("The device already has {MAX_BINDINGS} user bindings."),
            format!("设备的用户绑定已达 {MAX_BINDINGS} 次。"),
        ));
    }
    let d = device_mut(ctx, &id)?;
    // Kept in time order (a scenario may bind one later than now), which `user_at` relies on.
    let at = d.users.partition_point(|b| b.since <= now);
    d.users.insert(
        at,
        UserBinding {
            user: user.to_string(),
            since: now,
        },
    );
    Ok(done(ctx))
}

/// `InheritCloudStorageUser`: `ToUserId` takes over `UserId`'s storage space: every binding of
/// `UserId` now names `ToUserId`, so its recordings read under `ToUserId`.
pub fn inherit(ctx: &mut Ctx<'_>, p: &Params) -> Result<ApiResponse, TencentError> {
    let id = device_id(ctx, p)?;
    let from = p.str("UserId")?;
    let (_, d) = device(ctx, &id)?;
    if !d.user_ids().contains(&from) {
        return Err(TencentError::invalid_value(
            "UserId",
            "it is not a storage user of the device",
            "不是该设备的云存用户",
        ));
    }
    let to = user_id(p, "ToUserId")?;
    if to == from {
        return Err(TencentError::invalid_value(
            "ToUserId",
            "it must differ from UserId",
            "应与 UserId 不同",
        ));
    }
    let device = device_mut(ctx, &id)?;
    for binding in device.users.iter_mut().filter(|b| b.user == from) {
        binding.user = to.to_string();
    }
    // Playback links handed out for the old space now play the new one.
    for (_, user, _) in device.media_keys.iter_mut().filter(|(_, u, _)| u == from) {
        *user = to.to_string();
    }
    if let Some(state) = ctx.world.model_mut::<TencentState>() {
        for target in state.media_keys.values_mut() {
            if target.device == id && target.user == from {
                target.user = to.to_string();
            }
        }
    }
    Ok(done(ctx))
}

/// A user id parameter: 1 to 64 characters.
fn user_id<'a>(p: &'a Params, name: &str) -> Result<&'a str, TencentError> {
    let user = p.str(name)?;
    if user.chars().count() > MAX_USER_ID_CHARS {
        return Err(TencentError::invalid_value(
            name,
            &format!("it is longer than {MAX_USER_ID_CHARS} characters"),
            &format!("超过 {MAX_USER_ID_CHARS} 个字符"),
        ));
    }
    Ok(user)
}

fn device_mut<'a>(ctx: &'a mut Ctx<'_>, id: &str) -> Result<&'a mut TencentDevice, TencentError> {
    ctx.world
        .model_mut::<TencentState>()
        .and_then(|s| s.device_mut(id))
        .ok_or_else(|| TencentError::of(code::INTERNAL_ERROR))
}
