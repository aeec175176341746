//! Section 14: real-time play (14.1) and push (14.2) lists, master key only (refused in
//! `authenticate`), rows as the seed names them (which streams are listed: `rows`). The
//! first page (no `page_key`) takes the list and answers a `page_key` that reads the same list
//! for 5 minutes of world time; a later page needs it (7 without, 6 when unknown or expired).

mod rows;

pub use rows::{Filter, rows};

use super::answer;
use crate::api::request::ApiRequest;
use crate::vendors::onenet::access::{self, caller};
use crate::vendors::onenet::errors::{OnenetError, errno};
use crate::vendors::onenet::params::{self, Page, shown};
use crate::vendors::onenet::state::OnenetState;
use crate::vendors::onenet::state::stat::{Snapshot, StatList, StatRow};
use crate::vendors::{Ctx, Handled};
use serde::Serialize;
use serde_json::Value;

/// Rows a page holds unless `page_size` says otherwise (not published; proposal), and most.
pub const DEFAULT_PAGE_SIZE: u64 = 10;
pub const MAX_PAGE_SIZE: u64 = 100;
const VIDEO_CODEC: &str = "H264";
const RESOLUTION: &str = "1280 * 720";
const FPS: u32 = 25;

pub fn online(ctx: &mut Ctx<'_>, req: &ApiRequest) -> Result<Handled, OnenetError> {
    list(ctx, req, StatList::Playing)
}

pub fn push(ctx: &mut Ctx<'_>, req: &ApiRequest) -> Result<Handled, OnenetError> {
    list(ctx, req, StatList::Pushing)
}

/// `HH:MM:SS` (hours past 99 keep their digits).
fn clock(seconds: i64) -> String {
    let s = seconds.max(0);
    format!("{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
}

/// A numeric id as a JSON number, as the seed writes `productid` and `deviceid`.
fn number(id: &str) -> Value {
    id.parse::<u64>()
        .map_or_else(|_| Value::String(id.to_string()), Value::from)
}

fn list(ctx: &mut Ctx<'_>, req: &ApiRequest, list: StatList) -> Result<Handled, OnenetError> {
    let page = Page::of(req, "page", "page_size", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)?;
    let key = params::optional(req, "page_key").map(|k| k.into_owned());
    let filter = Filter::of(req, list)?;
    let now_ms = ctx.now_ms;
    let ids = ctx.ids;
    let (state, cameras) = ctx
        .world
        .model_and_cameras::<OnenetState>()
        .ok_or_else(|| OnenetError::because(errno::INTERNAL, "the world has no OneNET part"))?;
    let grant = caller(state, ctx.credential)?;
    access::product_param(&grant, req, "productid")?;
    let (key, rows) = match key {
        Some(key) => {
            let snapshot = state
                .stat
                .get(&key, now_ms)
                .filter(|s| s.list == list && s.product == grant.product)
                .ok_or_else(|| {
                    OnenetError::because(
                        errno::INVALID,
                        format!(
                            "page_key `{}` is unknown or expired (a page key lasts 5 minutes)",
                            shown(&key)
                        ),
                    )
                })?;
            (key, snapshot.rows.clone())
        }
        None if page.page > 1 => {
            return Err(OnenetError::because(
                errno::REQUIRED,
                "page_key (pages after the first read the first page's list)",
            ));
        }
        None => {
            let uuid = ids.uuid();
            let rows = rows(state, cameras, list, &grant.product, &filter, now_ms);
            let snapshot = Snapshot {
                list,
                product: grant.product.clone(),
                rows: rows.clone(),
                expires_ms: 0,
            };
            state.stat.keep(uuid.clone(), snapshot, now_ms);
            (uuid, rows)
        }
    };
    Ok(answer(Listed {
        result: page
            .slice(&rows)
            .iter()
            .map(|r| Row::of(r, &grant.product, list))
            .collect(),
        page_info: PageInfo {
            total_num: rows.len(),
            page_total: page.count(rows.len()),
            page_size: page.per_page,
            current_page: page.page,
            page_key: key,
        },
    }))
}

#[derive(Serialize)]
struct Listed {
    result: Vec<Row>,
    page_info: PageInfo,
}

#[derive(Serialize)]
struct PageInfo {
    total_num: usize,
    page_total: u64,
    page_size: u64,
    current_page: u64,
    page_key: String,
}

/// A row of either list, with the seed's names: `clientip`/`onlinetime` for 14.1,
/// `puship`/`pushtime` for 14.2.
#[derive(Serialize)]
struct Row {
    productid: Value,
    deviceid: Value,
    channelid: u32,
    protocoltype: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    clientip: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    puship: Option<String>,
    videocodec: &'static str,
    resolution: &'static str,
    fps: u32,
    audiocodec: &'static str,
    bandwidth: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    onlinetime: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pushtime: Option<String>,
}

impl Row {
    fn of(r: &StatRow, product: &str, list: StatList) -> Row {
        let playing = list == StatList::Playing;
        let time = clock(r.seconds);
        Row {
            productid: number(product),
            deviceid: number(&r.device),
            channelid: r.channel,
            protocoltype: r.protocol,
            clientip: playing.then(|| r.ip.clone()),
            puship: (!playing).then(|| r.ip.clone()),
            videocodec: VIDEO_CODEC,
            resolution: RESOLUTION,
            fps: FPS,
            audiocodec: "",
            bandwidth: r.bandwidth,
            onlinetime: playing.then(|| time.clone()),
            pushtime: (!playing).then_some(time),
        }
    }
}
