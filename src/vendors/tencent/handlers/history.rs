//! What cloud storage holds, from `history::History`: `DescribeCloudStorageDate` (the days)
//! and `DescribeCloudStorageTime` (a day's recordings). The events are in `events`.

use super::{Target, device, reply, target};
use crate::api::request::ApiRequest;
use crate::api::response::ApiResponse;
use crate::vendors::Ctx;
use crate::vendors::tencent::errors::{TencentError, code};
use crate::vendors::tencent::history::History;
use crate::vendors::tencent::links;
use crate::vendors::tencent::params::Params;
use crate::vendors::tencent::state::TencentState;
use chrono::NaiveDate;
use serde::Serialize;

/// The stored history of a target's channel in the user space `p` names (`UserId`; none: the
/// default space).
pub(super) fn history<'a>(
    ctx: &'a Ctx<'_>,
    t: &Target,
    p: &Params,
) -> Result<History<'a>, TencentError> {
    let user = p.opt_str("UserId")?.unwrap_or("");
    let (camera, d) = device(ctx, &t.id)?;
    Ok(History::new(
        ctx.seed,
        camera,
        d,
        t.channel,
        user,
        ctx.now_secs(),
    ))
}

/// A window the timeline refuses (never for the windows these actions ask): an internal error.
pub(super) fn window_error(e: impl std::fmt::Display) -> TencentError {
    TencentError::new(code::INTERNAL_ERROR, e.to_string(), e.to_string())
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Dates {
    data: Vec<String>,
}

/// The days (device time zone) holding stored recordings, ascending (decision: the sources
/// give no order); `[]` when nothing is stored, a device without a package included
/// (decision: never an error).
pub fn dates(
    ctx: &mut Ctx<'_>,
    p: &Params,
    _req: &ApiRequest,
) -> Result<ApiResponse, TencentError> {
    let t = target(ctx, p)?;
    let days = history(ctx, &t, p)?.days().map_err(window_error)?;
    let data = days
        .iter()
        .map(|d| d.format("%Y-%m-%d").to_string())
        .collect();
    Ok(reply(ctx, Dates { data }))
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct TimeAnswer {
    data: TimeData,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct TimeData {
    #[serde(rename = "VideoURL")]
    video_url: String,
    time_list: Vec<TimeInfo>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct TimeInfo {
    start_time: i64,
    end_time: i64,
}

/// The stored recordings of `day` (the device's local day) narrowed to `[start, end)`, from
/// the memo when the same question was answered this world-clock second.
fn stored_pieces(
    ctx: &mut Ctx<'_>,
    t: &Target,
    p: &Params,
    day: NaiveDate,
    (start, end): (Option<i64>, Option<i64>),
) -> Result<Vec<(i64, i64)>, TencentError> {
    let user = p.opt_str("UserId")?.unwrap_or("");
    let (camera, _) = device(ctx, &t.id)?;
    let offset = i64::from(camera.timeline.utc_offset_minutes).saturating_mul(60);
    let (day_start, day_end) = crate::vendors::tencent::history::day_bounds(day, offset);
    let from = start.map_or(day_start, |s| s.max(day_start));
    let to = end.map_or(day_end, |e| e.min(day_end));
    if from >= to {
        return Ok(Vec::new());
    }
    let state = super::state(ctx)?;
    let stamp = (camera.revision(), state.revision(), ctx.now_secs());
    if let Some(known) = state.memo.get(&t.id, t.channel, user, (from, to), stamp) {
        return Ok(known.to_vec());
    }
    let pieces = history(ctx, t, p)?.pieces(from, to).map_err(window_error)?;
    if let Some(state) = ctx.world.model_mut::<TencentState>() {
        state
            .memo
            .put(&t.id, t.channel, user, (from, to), stamp, pieces.clone());
    }
    Ok(pieces)
}

/// `Date` as Tencent writes it, `YYYY-MM-DD`, a real day.
fn date(p: &Params) -> Result<NaiveDate, TencentError> {
    let text = p.str("Date")?;
    let shaped = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    shaped
        .then(|| NaiveDate::parse_from_str(text, "%Y-%m-%d").ok())
        .flatten()
        .ok_or_else(|| {
            TencentError::invalid_value(
                "Date",
                &format!("`{text}` is not a date written YYYY-MM-DD"),
                &format!("`{text}` 不是 YYYY-MM-DD 格式的日期"),
            )
        })
}

/// One day's stored recordings and the playback base they are played from. Decision (the
/// sources leave it open): `StartTime`/`EndTime` narrow the day to `[StartTime, EndTime)`, 0
/// meaning not given; pieces crossing the window's edges are clipped to it.
pub fn time(ctx: &mut Ctx<'_>, p: &Params, req: &ApiRequest) -> Result<ApiResponse, TencentError> {
    let t = target(ctx, p)?;
    let day = date(p)?;
    let start = p.opt_uint("StartTime")?.filter(|s| *s > 0);
    let end = p.opt_uint("EndTime")?.filter(|e| *e > 0);
    if let (Some(s), Some(e)) = (start, end)
        && e < s
    {
        return Err(TencentError::invalid_value(
            "EndTime",
            &format!("{e} is before StartTime {s}"),
            &format!("{e} 早于 StartTime {s}"),
        ));
    }
    let key = links::media_key(ctx, &t.id, t.channel, p.opt_str("UserId")?.unwrap_or(""))?;
    let video_url = links::video_url(req.link_host(), &key);
    let pieces = stored_pieces(ctx, &t, p, day, (start, end))?;
    let time_list = pieces
        .into_iter()
        .map(|(start_time, end_time)| TimeInfo {
            start_time,
            end_time,
        })
        .collect();
    Ok(reply(
        ctx,
        TimeAnswer {
            data: TimeData {
                video_url,
                time_list,
            },
        },
    ))
}
