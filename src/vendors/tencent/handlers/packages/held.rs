//! What a device channel holds: `DescribeCloudStorage` (the package running, or the one that
//! ran last), `ResetCloudStorage` (drops what is left), `TransferCloudStorage` (moves what is left
//! to another device).

use super::state_mut;
use crate::api::response::ApiResponse;
use crate::vendors::Ctx;
use crate::vendors::tencent::catalogue::StorageType;
use crate::vendors::tencent::errors::{TencentError, code};
use crate::vendors::tencent::handlers::{Target, device, device_id, done, reply, state, target};
use crate::vendors::tencent::params::Params;
use crate::vendors::tencent::purchase;
use crate::vendors::tencent::state::{StreamType, camera_id};
use serde::Serialize;

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Storage<'a> {
    /// 1 while a package runs, else 0.
    status: i64,
    /// 1 continuous, 2 event, 0 never had a package.
    #[serde(rename = "Type")]
    kind: i64,
    expire_time: i64,
    shift_duration: i64,
    user_id: Option<&'a str>,
}

/// `DescribeCloudStorage`: the package running on the channel; when none runs, the one that
/// ran last (its Type and ExpireTime with Status 0); never one: zeros.
pub fn describe(ctx: &mut Ctx<'_>, p: &Params) -> Result<ApiResponse, TencentError> {
    let Target { id, channel } = target(ctx, p)?;
    let asked_user = p.opt_str("UserId")?;
    let now = ctx.now_secs();
    let (_, d) = device(ctx, &id)?;
    let coverage = d.coverage(channel);
    let running = coverage.and_then(|c| c.current(now));
    let shown = running.or_else(|| coverage.and_then(|c| c.latest(now)));
    let (kind, expire_time, shift_duration) = match (coverage, shown) {
        (Some(c), Some(span)) => (
            span.package.storage().code(),
            c.order_end(&span.order).unwrap_or(span.end),
            span.package.shift_secs(),
        ),
        _ => (0, 0, 0),
    };
    let user_id = asked_user.or_else(|| Some(d.user_at(now)).filter(|u| !u.is_empty()));
    let storage = Storage {
        status: i64::from(running.is_some()),
        kind,
        expire_time,
        shift_duration,
        user_id,
    };
    Ok(reply(ctx, storage))
}

/// `ResetCloudStorage`: the running package ends now and the queued ones are dropped.
pub fn reset(ctx: &mut Ctx<'_>, p: &Params) -> Result<ApiResponse, TencentError> {
    let Target { id, channel } = target(ctx, p)?;
    p.opt_str("UserId")?;
    let now = ctx.now_secs();
    if !purchase::reset(state_mut(ctx)?, &id, channel, now) {
        // DECIDED: nothing to reset is refused rather than answered as done.
        return Err(TencentError::unsupported(
            "The device has no cloud-storage package to reset.",
            "设备没有可重置的云存套餐。",
        ));
    }
    Ok(done(ctx))
}

/// `TransferCloudStorage`: moves what remains of channel 0's packages (the running remainder
/// and the queued ones) to a device without any; what was stored before stays with the source.
pub fn transfer(ctx: &mut Ctx<'_>, p: &Params) -> Result<ApiResponse, TencentError> {
    let from = device_id(ctx, p)?;
    let to_product = match p.opt_str("ToProductId")? {
        Some(product) => product,
        None => p.str("ProductId")?,
    };
    let to_name = p.str("ToDeviceName")?;
    let to = camera_id(to_product, to_name);
    let now = ctx.now_secs();
    let st = state(ctx)?;
    let Some(receiver) = st.device(&to) else {
        return Err(TencentError::no_device(to_product, to_name));
    };
    if to == from {
        return Err(TencentError::invalid_value(
            "ToDeviceName",
            "it must name a device other than DeviceName",
            "应为 DeviceName 以外的设备",
        ));
    }
    let giver = st
        .device(&from)
        .ok_or_else(|| TencentError::of(code::INTERNAL_ERROR))?;
    let moving = giver
        .coverage(0)
        .map(|c| c.spans().iter().filter(|s| s.end > now).collect::<Vec<_>>())
        .unwrap_or_default();
    if moving.is_empty() {
        return Err(TencentError::unsupported(
            &format!(
                "The device `{}/{}` has no cloud-storage package to transfer.",
                giver.product, giver.name
            ),
            &format!(
                "设备`{}/{}`没有可转移的云存套餐。",
                giver.product, giver.name
            ),
        ));
    }
    if receiver.coverage(0).is_some_and(|c| c.holds_package(now)) {
        return Err(TencentError::unsupported(
            &format!("The device `{to_product}/{to_name}` already has a cloud-storage package."),
            &format!("设备`{to_product}/{to_name}`已有云存套餐。"),
        ));
    }
    if receiver.stream == StreamType::Image
        && moving
            .iter()
            .any(|s| s.package.storage() == StorageType::Continuous)
    {
        return Err(TencentError::unsupported(
            "Image-stream devices take event packages only; the package to transfer is continuous storage.",
            "图片流设备仅支持事件云存套餐，待转移的套餐为全时云存套餐。",
        ));
    }
    let st = state_mut(ctx)?;
    let spans = st
        .device_mut(&from)
        .and_then(|d| d.coverage.get_mut(&0))
        .map(|c| c.take_remaining(now))
        .unwrap_or_default();
    st.device_mut(&to)
        .ok_or_else(|| TencentError::of(code::INTERNAL_ERROR))?
        .coverage_mut(0)
        .receive(spans);
    Ok(done(ctx))
}
