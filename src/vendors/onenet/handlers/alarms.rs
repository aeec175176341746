//! Section 17: cloud alarms. Video and picture alarms are the camera timeline's events, device
//! messages its offline and online transitions (`alarm_source`); read marks and deleted
//! messages are `state::alarms`. 17.1 lists, 17.2 lists messages and marks the rows it answers
//! read, 17.3 marks read, 17.4 counts unread alarms of the whole history by device, channel and
//! way, 17.5 deletes (an event alarm is deleted from the timeline, so its picture goes too),
//! 17.6 and 17.7 count video and picture alarms per UTC+8 day (unread ones, all ones).
//!
//! Proposals: 17.2 answers each row's status as it was before the query marked it read; 17.3
//! and 17.5 refuse the whole call with errno 8 when an id is not one of the caller's alarms (a
//! deleted one included), changing nothing; a picture alarm's `play_address` is `""`;
//! `thumbnail` is the picture's own link; links use the Host the client called.

use crate::api::request::ApiRequest;
use crate::sim::VendorId;
use crate::sim::timeline::MAX_OVERLAY_ITEMS;
use crate::vendors::onenet::access;
use crate::vendors::onenet::alarm_params::{self, Filters, choice, is_event, status};
use crate::vendors::onenet::alarm_source::{Alarm, Cause, MAX_ALARMS, Scope, Source, TooMany};
use crate::vendors::onenet::alarm_types;
use crate::vendors::onenet::errors::{OnenetError, errno};
use crate::vendors::onenet::handlers::{data, succ};
use crate::vendors::onenet::links;
use crate::vendors::onenet::params::{self, DEFAULT_PER_PAGE, MAX_PER_PAGE, Page};
use crate::vendors::onenet::state::OnenetState;
use crate::vendors::onenet::state::alarms::{MAX_MARKS, MarksFull};
use crate::vendors::onenet::state::tokens::Issuer;
use crate::vendors::onenet::time;
use crate::vendors::{Ctx, Handled};
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::ops::ControlFlow;

/// A page of rows (17.1, 17.2).
#[derive(Serialize)]
struct Listing<T> {
    total_count: usize,
    per_page: u64,
    page: u64,
    item: Vec<T>,
}

/// 17.1's row.
#[derive(Serialize)]
struct AlarmRow {
    device_id: Value,
    create_time: String,
    alarm_id: String,
    alarm_type: u32,
    alarm_way: u8,
    alarm_status: u8,
    comment: &'static str,
    picture: String,
    thumbnail: String,
    play_address: String,
}

/// 17.2's row.
#[derive(Serialize)]
struct MessageRow {
    device_id: Value,
    create_time: String,
    alarm_id: String,
    alarm_status: u8,
    comment: &'static str,
}

/// 17.4's row (`prodcut_id` is the seed's spelling).
#[derive(Serialize)]
struct CountRow {
    prodcut_id: Value,
    device_id: Value,
    alarm_way: u8,
    channel_id: u32,
    count: u64,
}

/// 17.6's and 17.7's row.
#[derive(Serialize)]
struct DayRow {
    day: String,
    number: u64,
}

#[derive(Serialize)]
struct Items<T> {
    item: Vec<T>,
}

/// An id as the seed prints it: a number (ids made of digits), else the text.
fn number(id: &str) -> Value {
    id.parse::<u64>()
        .map_or_else(|_| Value::String(id.to_string()), Value::from)
}

fn too_many(_: TooMany) -> OnenetError {
    OnenetError::because(
        errno::SYSTEM_LIMIT,
        format!(
            "more than {} alarms in this span; name a device_id or ask for a shorter span",
            MAX_ALARMS
        ),
    )
}

fn marks_full(_: MarksFull) -> OnenetError {
    OnenetError::because(
        errno::SYSTEM_LIMIT,
        format!(
            "this world already keeps {} alarm read marks and deletions",
            MAX_MARKS
        ),
    )
}

fn alarm_type_of(alarm: &Alarm) -> Option<u32> {
    match alarm.cause {
        Cause::Event(kind) => Some(alarm_types::alarm_type(kind)),
        _ => None,
    }
}

/// The page a 17.1 or 17.2 query asks for: the caller's scope and span, the filters and the
/// alarm status, of the event alarms (17.1) or the device messages (17.2).
struct Query {
    rows: Vec<Alarm>,
    total: usize,
    page: Page,
    product: String,
}

impl Query {
    fn of(
        ctx: &Ctx<'_>,
        req: &ApiRequest,
        filters: Filters,
        events: bool,
    ) -> Result<Query, OnenetError> {
        let state = access::state(ctx)?;
        let grant = access::grant(state, ctx.credential)?;
        let scope = alarm_params::scope(state, grant, req, true)?;
        let (from, to) = params::span(req, "start_time", "end_time")?;
        let filters = filters.with_status(req)?;
        let page = Page::of(req, "page", "per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE)?;
        let src = Source {
            state,
            cameras: &ctx.world.cameras,
            seed: ctx.seed,
            now: ctx.now_secs(),
        };
        let all: Vec<Alarm> = src
            .alarms(&scope, from, to)
            .map_err(too_many)?
            .into_iter()
            .filter(|a| is_event(a) == events && filters.keeps(a, alarm_type_of(a)))
            .collect();
        Ok(Query {
            rows: page.slice(&all).to_vec(),
            total: all.len(),
            page,
            product: grant.product.clone(),
        })
    }
}

/// 17.1 `GET /ipc/video/alarm/list`.
pub fn list(ctx: &mut Ctx<'_>, req: &ApiRequest) -> Result<Handled, OnenetError> {
    let issuer = Issuer::of(ctx);
    let https = choice(req, "protocol", &[0, 1])? == 1;
    let filters = Filters::of(req)?;
    let asked = Query::of(ctx, req, filters, true)?;
    let (rows, total, page, product) = (asked.rows, asked.total, asked.page, asked.product);
    let host = req.link_host();
    let state = access::state_mut(ctx)?;
    let mut item = Vec::with_capacity(rows.len());
    // Tokens only for the rows answered: they are bounded, not free.
    for a in rows {
        let picture_token = links::picture_token(&mut state.tokens, issuer, &product, &a.device)?;
        let picture = a.picture.as_deref().map_or_else(String::new, |name| {
            links::picture(
                host,
                &a.device,
                a.channel,
                name,
                "jpg",
                &picture_token,
                https,
            )
        });
        let play_address = match &a.video {
            Some(video) => {
                let token = links::vod_token(
                    &mut state.tokens,
                    issuer,
                    &product,
                    &a.device,
                    a.channel,
                    video,
                )?;
                let url = links::vod_hls(host, &a.device, a.channel, video, https);
                format!("{url}?token={token}")
            }
            None => String::new(),
        };
        item.push(AlarmRow {
            device_id: number(&a.device),
            create_time: time::format_time(a.at),
            alarm_type: alarm_type_of(&a).unwrap_or(alarm_types::OTHER),
            alarm_way: a.way.code(),
            alarm_status: status(&a),
            comment: a.cause.comment(),
            thumbnail: picture.clone(),
            picture,
            play_address,
            alarm_id: a.id,
        });
    }
    Ok(data(Listing {
        total_count: total,
        per_page: page.per_page,
        page: page.page,
        item,
    }))
}

/// 17.2 `GET /ipc/video/alarm/info`: device messages; the rows answered become read.
pub fn info(ctx: &mut Ctx<'_>, req: &ApiRequest) -> Result<Handled, OnenetError> {
    let now = ctx.now_secs();
    choice(req, "protocol", &[0, 1])?;
    let asked = Query::of(ctx, req, Filters::default(), false)?;
    let (rows, total, page) = (asked.rows, asked.total, asked.page);
    let marks = &mut access::state_mut(ctx)?.alarms;
    let unread = rows.iter().filter(|a| !a.read).count();
    marks.make_room(unread, now).map_err(marks_full)?;
    for a in &rows {
        marks
            .mark_read(&a.device, &a.id, a.at, now)
            .map_err(marks_full)?;
    }
    let item = rows
        .into_iter()
        .map(|a| MessageRow {
            device_id: number(&a.device),
            create_time: time::format_time(a.at),
            alarm_status: status(&a),
            comment: a.cause.comment(),
            alarm_id: a.id,
        })
        .collect();
    Ok(data(Listing {
        total_count: total,
        per_page: page.per_page,
        page: page.page,
        item,
    }))
}

/// The caller's alarms that the body of 17.3 or 17.5 names (errno 8 for any other id).
fn named_alarms(ctx: &Ctx<'_>, req: &ApiRequest) -> Result<Vec<Alarm>, OnenetError> {
    let state = access::state(ctx)?;
    let grant = access::caller(state, ctx.credential)?;
    access::product_param(&grant, req, "product_id")?;
    let ids = alarm_params::alarm_ids(req)?;
    let devices = match &grant.device {
        Some(own) => vec![access::device(state, &grant, own)?],
        None => state
            .devices
            .values()
            .filter(|d| d.product == grant.product)
            .collect(),
    };
    let scope = Scope {
        devices,
        channel: None,
    };
    let src = Source {
        state,
        cameras: &ctx.world.cameras,
        seed: ctx.seed,
        now: ctx.now_secs(),
    };
    alarm_params::all_found(&ids, src.find(&scope, &ids))
}

/// 17.3 `POST /ipc/video/alarm/update_status`: the alarms named become read.
pub fn update_status(ctx: &mut Ctx<'_>, req: &ApiRequest) -> Result<Handled, OnenetError> {
    let alarms = named_alarms(ctx, req)?;
    let now = ctx.now_secs();
    let marks = &mut access::state_mut(ctx)?.alarms;
    let unread = alarms.iter().filter(|a| !a.read).count();
    marks.make_room(unread, now).map_err(marks_full)?;
    for a in &alarms {
        marks
            .mark_read(&a.device, &a.id, a.at, now)
            .map_err(marks_full)?;
    }
    Ok(succ())
}

/// 17.5 `POST /ipc/video/alarm/delete`: the alarms named go for good; an event alarm is deleted
/// from the camera's timeline (its picture with it; its recording stays), a device message is
/// remembered as deleted.
pub fn delete(ctx: &mut Ctx<'_>, req: &ApiRequest) -> Result<Handled, OnenetError> {
    let alarms = named_alarms(ctx, req)?;
    let now = ctx.now_secs();
    let Some((state, cameras)) = ctx.world.model_and_cameras::<OnenetState>() else {
        return Err(OnenetError::because(
            errno::INTERNAL,
            "the world has no OneNET part",
        ));
    };
    // Check every limit first: the call changes all it names or nothing.
    let mut per_device: BTreeMap<&str, usize> = BTreeMap::new();
    for a in alarms.iter().filter(|a| is_event(a)) {
        let n = per_device.entry(a.device.as_str()).or_default();
        *n = n.saturating_add(1);
    }
    for (device, n) in &per_device {
        let kept = cameras
            .get(VendorId::Onenet, device)
            .map_or(0, |c| c.history.len());
        if kept.saturating_add(*n) > MAX_OVERLAY_ITEMS {
            return Err(OnenetError::because(
                errno::SYSTEM_LIMIT,
                format!("device {device} already keeps {MAX_OVERLAY_ITEMS} changes to its history"),
            ));
        }
    }
    let messages = alarms.iter().filter(|a| !is_event(a)).count();
    state.alarms.make_room(messages, now).map_err(marks_full)?;
    for a in &alarms {
        if is_event(a) {
            if let Some(camera) = cameras.get_mut(VendorId::Onenet, &a.device) {
                camera.history.delete_event(&a.id).map_err(|e| {
                    OnenetError::because(errno::SYSTEM_LIMIT, format!("device {}: {e}", a.device))
                })?;
            }
            state.alarms.forget(&a.device, &a.id);
        } else {
            state
                .alarms
                .delete(&a.device, &a.id, a.at, now)
                .map_err(marks_full)?;
        }
    }
    Ok(succ())
}

/// 17.4 `GET /ipc/video/alarm/count`: unread alarms of the whole history (every alarm the
/// timelines keep), by device, channel and way; groups with none are left out.
pub fn count(ctx: &mut Ctx<'_>, req: &ApiRequest) -> Result<Handled, OnenetError> {
    let state = access::state(ctx)?;
    let grant = access::caller(state, ctx.credential)?;
    let scope = alarm_params::scope(state, &grant, req, true)?;
    let src = Source {
        state,
        cameras: &ctx.world.cameras,
        seed: ctx.seed,
        now: ctx.now_secs(),
    };
    // (device order, channel, way) -> (device id, count)
    let mut groups: BTreeMap<(usize, u32, u8), (String, u64)> = BTreeMap::new();
    src.history(&scope, |a| {
        if !a.read {
            let entry = groups
                .entry((a.order, a.channel, a.way.code()))
                .or_insert_with(|| (a.device.clone(), 0));
            entry.1 = entry.1.saturating_add(1);
        }
        ControlFlow::Continue(())
    });
    let product = number(&grant.product);
    let item: Vec<CountRow> = groups
        .into_iter()
        .map(|((_, channel, way), (device, count))| CountRow {
            prodcut_id: product.clone(),
            device_id: number(&device),
            alarm_way: way,
            channel_id: channel,
            count,
        })
        .collect();
    Ok(data(Items { item }))
}

/// 17.6 `GET /ipc/video/alarm/day`: unread video and picture alarms per day.
pub fn day(ctx: &mut Ctx<'_>, req: &ApiRequest) -> Result<Handled, OnenetError> {
    per_day(ctx, req, true)
}

/// 17.7 `GET /ipc/video/alarm/day_count`: every video and picture alarm per day.
pub fn day_count(ctx: &mut Ctx<'_>, req: &ApiRequest) -> Result<Handled, OnenetError> {
    per_day(ctx, req, false)
}

/// Days (UTC+8) of the span with at least one such alarm, newest first.
fn per_day(ctx: &Ctx<'_>, req: &ApiRequest, unread_only: bool) -> Result<Handled, OnenetError> {
    let state = access::state(ctx)?;
    let grant = access::caller(state, ctx.credential)?;
    let scope = alarm_params::scope(state, &grant, req, false)?;
    let (from, to) = params::span(req, "start_time", "end_time")?;
    let src = Source {
        state,
        cameras: &ctx.world.cameras,
        seed: ctx.seed,
        now: ctx.now_secs(),
    };
    let mut days: BTreeMap<i64, u64> = BTreeMap::new();
    for a in src.alarms(&scope, from, to).map_err(too_many)? {
        if is_event(&a) && !(unread_only && a.read) {
            let n = days.entry(time::day_start(a.at)).or_default();
            *n = n.saturating_add(1);
        }
    }
    let item: Vec<DayRow> = days
        .into_iter()
        .rev()
        .map(|(day, number)| DayRow {
            day: time::format_day(day),
            number,
        })
        .collect();
    Ok(data(Items { item }))
}
