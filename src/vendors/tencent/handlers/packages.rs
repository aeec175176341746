//! Cloud-storage packages on a device channel: `CreateCloudStorage` and
//! `CreateFreeCloudStorage` (one package per channel at a time; `Override` and `PackageQueue`
//! place a new one among those bought, as `coverage.rs` decides), `DescribeCloudStorage`,
//! `ResetCloudStorage`, `TransferCloudStorage` (in `packages/held.rs`). Orders, free quotas and
//! consumption are read in `packages/orders.rs`.

mod held;
mod orders;

pub use held::{describe, reset, transfer};
pub use orders::{consume_details, consume_stats, free_num, order};

use super::{Target, done, reply, target};
use crate::api::response::ApiResponse;
use crate::vendors::Ctx;
use crate::vendors::tencent::catalogue::{self, PackageKind};
use crate::vendors::tencent::coverage::Placement;
use crate::vendors::tencent::errors::{TencentError, code};
use crate::vendors::tencent::params::Params;
use crate::vendors::tencent::purchase::{self, MAX_ORDERS, Purchase, Refused};
use crate::vendors::tencent::state::{DEFAULT_REGION, Order, REGIONS, TencentState};
use serde::Serialize;

/// Longest `OrderId` (camsim's bound; Tencent publishes none).
pub const MAX_ORDER_ID_CHARS: usize = 64;

/// `CreateCloudStorage`: a bought package. Answers RequestId only.
pub fn create(ctx: &mut Ctx<'_>, p: &Params) -> Result<ApiResponse, TencentError> {
    open(ctx, p, false)?;
    Ok(done(ctx))
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Paid {
    /// Fen.
    price: i64,
    amount: i64,
}

/// `CreateFreeCloudStorage`: one of the account's free packages, answering what it cost.
pub fn create_free(ctx: &mut Ctx<'_>, p: &Params) -> Result<ApiResponse, TencentError> {
    let order = open(ctx, p, true)?;
    let paid = Paid {
        price: order.package.price,
        amount: order.amount(),
    };
    Ok(reply(ctx, paid))
}

/// Places a package (`free`: from the account's free quota) on the channel the request names
/// and records its order.
fn open(ctx: &mut Ctx<'_>, p: &Params, free: bool) -> Result<Order, TencentError> {
    let Target { id, channel } = target(ctx, p)?;
    let package = package_param(p, free)?;
    let placement = placement(p)?;
    let region = match p.opt_str("StorageRegion")? {
        None => DEFAULT_REGION,
        Some(r) => REGIONS
            .iter()
            .copied()
            .find(|known| *known == r)
            .ok_or_else(|| {
                let list = REGIONS.join(", ");
                TencentError::invalid_value(
                    "StorageRegion",
                    &format!("it must be one of {list}"),
                    &format!("应为 {list} 之一"),
                )
            })?,
    };
    let asked_id = p.opt_str("OrderId")?;
    if asked_id.is_some_and(|o| o.chars().count() > MAX_ORDER_ID_CHARS) {
        return Err(TencentError::invalid_value(
            "OrderId",
            &format!("it is longer than {MAX_ORDER_ID_CHARS} characters"),
            &format!("超过 {MAX_ORDER_ID_CHARS} 个字符"),
        ));
    }
    let now = ctx.now_secs();
    let purchase = Purchase {
        device: &id,
        channel,
        package,
        placement,
        order_id: asked_id,
        region,
        free,
    };
    purchase::buy(state_mut(ctx)?, &purchase, now).map_err(|refused| match refused {
        Refused::NoDevice => TencentError::of(code::INTERNAL_ERROR),
        Refused::ImageTakesEventsOnly => TencentError::unsupported(
            &format!(
                "Image-stream devices take event packages only; `{}` is continuous storage.",
                package.id
            ),
            &format!(
                "图片流设备仅支持事件云存套餐，`{}` 为全时云存套餐。",
                package.id
            ),
        ),
        // DECIDED: an OrderId already used is refused (Tencent's orders are unique).
        Refused::OrderTaken(taken) => TencentError::invalid_value(
            "OrderId",
            &format!("the order `{taken}` already exists"),
            &format!("订单`{taken}`已存在"),
        ),
        Refused::TooManyOrders => TencentError::new(
            code::LIMIT_EXCEEDED,
            format!("The account already holds {MAX_ORDERS} orders."),
            format!("账号的订单已达 {MAX_ORDERS} 个。"),
        ),
        Refused::HasPackage => has_package(),
        Refused::NoFreeLeft => TencentError::unsupported(
            &format!("The account has no free {} package left.", package.id),
            &format!("账号没有剩余的免费 {} 套餐。", package.id),
        ),
    })
}

/// The package `PackageId` names: a bought one, or for `free` one of the free ones.
fn package_param(p: &Params, free: bool) -> Result<&'static PackageKind, TencentError> {
    let asked = p.str("PackageId")?;
    catalogue::package(asked)
        .filter(|k| k.free == free)
        .ok_or_else(|| {
            let list = catalogue::ids(free).join(", ");
            TencentError::invalid_value(
                "PackageId",
                &format!("it must be one of {list}"),
                &format!("应为 {list} 之一"),
            )
        })
}

/// Where `Override` and `PackageQueue` put the new package.
fn placement(p: &Params) -> Result<Placement, TencentError> {
    let replace = match p.opt_int("Override")? {
        None | Some(0) => false,
        Some(1) => true,
        Some(_) => {
            return Err(TencentError::invalid_value(
                "Override",
                "it must be 0 or 1",
                "应为 0 或 1",
            ));
        }
    };
    let queue = match p.opt_str("PackageQueue")? {
        None => None,
        Some("front") => Some(Placement::Front),
        Some("end") => Some(Placement::End),
        Some(_) => {
            return Err(TencentError::invalid_value(
                "PackageQueue",
                "it must be `front` or `end`",
                "应为 `front` 或 `end`",
            ));
        }
    };
    match (replace, queue) {
        (true, Some(_)) => Err(TencentError::new(
            code::INVALID_PARAMETER,
            "Override=1 cannot be combined with PackageQueue.",
            "Override=1 不能与 PackageQueue 同时使用。",
        )),
        (true, None) => Ok(Placement::Override),
        (false, Some(queue)) => Ok(queue),
        (false, None) => Ok(Placement::Alone),
    }
}

fn has_package() -> TencentError {
    TencentError::unsupported(
        "The device already has a cloud-storage package: pass Override=1 to replace it, or PackageQueue (front or end) to queue the new one.",
        "设备已有云存套餐：传 Override=1 覆盖原套餐，或传 PackageQueue（front 或 end）排队使用新套餐。",
    )
}

/// The world's Tencent part, to change.
fn state_mut<'a>(ctx: &'a mut Ctx<'_>) -> Result<&'a mut TencentState, TencentError> {
    ctx.world
        .model_mut::<TencentState>()
        .ok_or_else(|| TencentError::of(code::INTERNAL_ERROR))
}
