//! What the account bought and gave: `DescribeCloudStorageOrder` (an order's package and where
//! it stands along world time), `DescribeFreeCloudStorageNum` (the free quota),
//! `DescribeCloudStoragePackageConsumeStats` and `...ConsumeDetails` (orders placed in a range of
//! days).

use crate::api::response::ApiResponse;
use crate::vendors::Ctx;
use crate::vendors::tencent::catalogue::PackageKind;
use crate::vendors::tencent::errors::TencentError;
use crate::vendors::tencent::handlers::{done, reply, state};
use crate::vendors::tencent::params::Params;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;

/// DECIDED: the consumption actions count days in UTC+8 (Tencent bills in China time; the
/// actions take bare dates).
pub const CONSUME_UTC_OFFSET_SECS: i64 = 8 * 3600;
/// Longest range the consumption actions take, days between StartDate and EndDate ("at most
/// one year": a leap year's 366).
pub const MAX_CONSUME_SPAN_DAYS: i64 = 366;
const DAY: i64 = 86_400;

/// `DescribeCloudStorageOrder.Status`.
mod status {
    /// Bought, not started yet.
    pub const WAITING: i64 = 0;
    /// Ran out, or reset away.
    pub const EXPIRED: i64 = 1;
    /// Running, or paused (`PackageQueue=front`) with time left.
    pub const ACTIVE: i64 = 2;
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct OrderInfo<'a> {
    start_time: i64,
    expire_time: i64,
    package_id: &'a str,
    status: i64,
    channel_id: u32,
    /// Fen: the catalogue price.
    price: i64,
    /// Fen: what was paid.
    amount: i64,
}

/// `DescribeCloudStorageOrder`: from the first span of the order's package to its last,
/// wherever (which device) its time now runs. An order whose every span a reset dropped
/// answers from when it was placed to when it was dropped.
pub fn order(ctx: &mut Ctx<'_>, p: &Params) -> Result<ApiResponse, TencentError> {
    let id = p.str("OrderId")?;
    let now = ctx.now_secs();
    let st = state(ctx)?;
    let order = st.orders.get(id).ok_or_else(|| {
        TencentError::invalid_value("OrderId", "there is no such order", "订单不存在")
    })?;
    let spans = st.order_spans(id);
    let (start_time, expire_time, status) = match (spans.first(), spans.last()) {
        (Some(first), Some(last)) => {
            let end = spans.iter().map(|s| s.end).max().unwrap_or(last.end);
            let status = if first.start > now {
                status::WAITING
            } else if end <= now {
                status::EXPIRED
            } else {
                status::ACTIVE
            };
            (first.start, end, status)
        }
        _ => (
            order.placed,
            order.dropped.unwrap_or(order.placed),
            status::EXPIRED,
        ),
    };
    let info = OrderInfo {
        start_time,
        expire_time,
        package_id: order.package.id,
        status,
        channel_id: order.channel,
        price: order.package.price,
        amount: order.amount(),
    };
    Ok(reply(ctx, info))
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct FreeNum {
    package_infos: Vec<PackageInfo>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct PackageInfo {
    package_id: &'static str,
    package_name: &'static str,
    num: i64,
    used_num: i64,
}

/// `DescribeFreeCloudStorageNum`: every free package the account may give, and how many it
/// gave (`[]` when it has none).
pub fn free_num(ctx: &mut Ctx<'_>, _p: &Params) -> Result<ApiResponse, TencentError> {
    let package_infos = state(ctx)?
        .free
        .iter()
        .map(|q| PackageInfo {
            package_id: q.package.id,
            package_name: q.package.name,
            num: q.num,
            used_num: q.used,
        })
        .collect();
    Ok(reply(ctx, FreeNum { package_infos }))
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Stats {
    stats: Vec<Stat>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Stat {
    package_id: &'static str,
    package_name: &'static str,
    cnt: i64,
    /// Fen, per package.
    price: i64,
    /// 1: prepaid, the only source camsim has.
    source: i64,
}

/// `DescribeCloudStoragePackageConsumeStats`: the orders placed (bought or free) in the days
/// asked, counted per PackageId, sorted by PackageId.
pub fn consume_stats(ctx: &mut Ctx<'_>, p: &Params) -> Result<ApiResponse, TencentError> {
    let (from, to) = consume_range(p)?;
    let mut counted: BTreeMap<&str, (&'static PackageKind, i64)> = BTreeMap::new();
    for order in state(ctx)?.orders.values() {
        if (from..to).contains(&order.placed) {
            let entry = counted
                .entry(order.package.id)
                .or_insert((order.package, 0));
            entry.1 = entry.1.saturating_add(1);
        }
    }
    let stats = counted
        .into_values()
        .map(|(package, cnt)| Stat {
            package_id: package.id,
            package_name: package.name,
            cnt,
            price: package.price,
            source: 1,
        })
        .collect();
    Ok(reply(ctx, Stats { stats }))
}

/// `DescribeCloudStoragePackageConsumeDetails`: the same checks; the SDK's model answers
/// RequestId only.
pub fn consume_details(ctx: &mut Ctx<'_>, p: &Params) -> Result<ApiResponse, TencentError> {
    consume_range(p)?;
    Ok(done(ctx))
}

/// `[from, to)` in Unix seconds: StartDate's first second to the end of EndDate, in UTC+8.
fn consume_range(p: &Params) -> Result<(i64, i64), TencentError> {
    let start = date_param(p, "StartDate")?;
    let end = date_param(p, "EndDate")?;
    if end < start {
        return Err(TencentError::invalid_value(
            "EndDate",
            "it is before StartDate",
            "早于 StartDate",
        ));
    }
    if end.signed_duration_since(start).num_days() > MAX_CONSUME_SPAN_DAYS {
        return Err(TencentError::invalid_value(
            "EndDate",
            "it may be at most one year after StartDate",
            "开始与结束日期间隔不可超过一年",
        ));
    }
    let first_second = |day: NaiveDate| {
        day.and_hms_opt(0, 0, 0)
            .map_or(0, |t| t.and_utc().timestamp())
            .saturating_sub(CONSUME_UTC_OFFSET_SECS)
    };
    Ok((first_second(start), first_second(end).saturating_add(DAY)))
}

/// A `YYYY-MM-DD` date, strictly of that form.
fn date_param(p: &Params, name: &str) -> Result<NaiveDate, TencentError> {
    let text = p.str(name)?;
    let shaped = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    shaped
        .then(|| NaiveDate::parse_from_str(text, "%Y-%m-%d").ok())
        .flatten()
        .ok_or_else(|| {
            TencentError::invalid_value(
                name,
                "it must be a date written YYYY-MM-DD",
                "应为 YYYY-MM-DD 格式的日期",
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(json: &str) -> Params {
        let req = crate::api::request::ApiRequest::new(
            http::Method::POST,
            "/",
            http::HeaderMap::new(),
            bytes::Bytes::from(json.to_string()),
        );
        Params::parse(
            crate::vendors::tencent::actions::Action::DescribeCloudStoragePackageConsumeStats,
            &req,
        )
        .expect("parses")
    }

    #[test]
    fn consume_days_are_whole_utc8_days_of_strict_dates() {
        let p = params(r#"{"StartDate":"2026-11-22","EndDate":"2026-11-23"}"#);
        // 2026-11-22T00:00:00+08:00 = 2026-11-21T16:00:00Z.
        assert_eq!(
            consume_range(&p).unwrap(),
            (1_795_334_400 - 16 * 3600, 1_795_334_400 + 32 * 3600)
        );
        for bad in [
            "2026-1-05",
            "2026/11/22",
            "2026-02-30",
            "+026-11-22",
            "2026-11-2२",
        ] {
            let p = params(&format!(
                r#"{{"StartDate":"{bad}","EndDate":"2026-11-23"}}"#
            ));
            let e = consume_range(&p).unwrap_err();
            assert_eq!(e.code, "InvalidParameterValue", "{bad}");
        }
        let leap = params(r#"{"StartDate":"2024-01-01","EndDate":"2025-01-01"}"#);
        assert!(consume_range(&leap).is_ok());
        let long = params(r#"{"StartDate":"2024-01-01","EndDate":"2025-01-02"}"#);
        assert!(consume_range(&long).is_err());
    }
}
