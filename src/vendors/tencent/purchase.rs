//! Buying a package for a device channel: the one place a package is placed among those
//! bought (`coverage.rs` decides the layout) and its order recorded. `CreateCloudStorage`,
//! `CreateFreeCloudStorage` and the control API's package route all come here; each says a
//! refusal in its own words.

use super::catalogue::{PackageKind, StorageType};
use super::coverage::{Busy, Placement};
use super::state::{Order, StreamType, TencentState};

/// Orders one world keeps (camsim's bound, so memory stays bounded whatever clients send).
pub const MAX_ORDERS: usize = 100_000;

/// What is bought, where, and how it joins what the channel already holds.
pub struct Purchase<'a> {
    /// The camera id.
    pub device: &'a str,
    pub channel: u32,
    pub package: &'static PackageKind,
    pub placement: Placement,
    /// The caller's OrderId; one is made when absent.
    pub order_id: Option<&'a str>,
    pub region: &'a str,
    /// From the account's free quota.
    pub free: bool,
}

/// Why a package cannot be bought.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    NoDevice,
    /// An image-stream device and a continuous package.
    ImageTakesEventsOnly,
    OrderTaken(String),
    TooManyOrders,
    /// A package runs or waits and no placement was asked for.
    HasPackage,
    NoFreeLeft,
}

/// Places the package and records its order (the free quota used when `free`).
pub fn buy(st: &mut TencentState, p: &Purchase<'_>, now: i64) -> Result<Order, Refused> {
    let d = st.device(p.device).ok_or(Refused::NoDevice)?;
    if d.stream == StreamType::Image && p.package.storage() == StorageType::Continuous {
        return Err(Refused::ImageTakesEventsOnly);
    }
    if let Some(taken) = p.order_id.filter(|o| st.orders.contains_key(*o)) {
        return Err(Refused::OrderTaken(taken.to_string()));
    }
    if st.orders.len() >= MAX_ORDERS {
        return Err(Refused::TooManyOrders);
    }
    let busy = d.coverage(p.channel).is_some_and(|c| c.holds_package(now));
    if p.placement == Placement::Alone && busy {
        return Err(Refused::HasPackage);
    }
    if p.free
        && !st
            .free
            .iter()
            .any(|q| q.package.id == p.package.id && q.used < q.num)
    {
        return Err(Refused::NoFreeLeft);
    }
    if p.free
        && let Some(q) = st.free.iter_mut().find(|q| q.package.id == p.package.id)
    {
        q.used = q.used.saturating_add(1);
    }
    let order_id = match p.order_id {
        Some(o) => o.to_string(),
        None => st.next_order_id(),
    };
    let coverage = st
        .device_mut(p.device)
        .ok_or(Refused::NoDevice)?
        .coverage_mut(p.channel);
    let before = owned(coverage.orders());
    coverage
        .place(p.package, order_id.clone(), now, p.placement)
        .map_err(|Busy::HasPackage| Refused::HasPackage)?;
    let gone = vanished(before, &coverage.orders());
    mark_dropped(st, gone, now);
    let order = Order {
        id: order_id.clone(),
        device: p.device.to_string(),
        channel: p.channel,
        package: p.package,
        region: p.region.to_string(),
        placed: now,
        free: p.free,
        dropped: None,
    };
    st.orders.insert(order_id, order.clone());
    Ok(order)
}

/// Ends a channel's running package now and drops the queued ones; whether any was dropped.
pub fn reset(st: &mut TencentState, device: &str, channel: u32, now: i64) -> bool {
    let Some(d) = st.device_mut(device) else {
        return false;
    };
    let coverage = d.coverage_mut(channel);
    let before = owned(coverage.orders());
    let any = coverage.reset(now);
    let gone = vanished(before, &coverage.orders());
    mark_dropped(st, gone, now);
    any
}

pub fn owned(orders: std::collections::HashSet<&str>) -> Vec<String> {
    orders.into_iter().map(str::to_string).collect()
}

/// The orders of `before` no longer in `after`.
pub fn vanished(before: Vec<String>, after: &std::collections::HashSet<&str>) -> Vec<String> {
    before
        .into_iter()
        .filter(|o| !after.contains(o.as_str()))
        .collect()
}

/// Records when the orders lost the last of their time on a channel (a reset, an override).
pub fn mark_dropped(st: &mut TencentState, orders: Vec<String>, now: i64) {
    for id in orders {
        if let Some(order) = st.orders.get_mut(&id) {
            order.dropped = Some(now);
        }
    }
}
