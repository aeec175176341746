//! Section 2: a device's channels, by query parameters. A channel title is 1-64 letters and
//! digits; adding one that exists answers 16 and changing or deleting one that does not
//! answers 17, with the seed's own texts. A device holds at most `MAX_CHANNELS` (proposal).

use super::{answer, succ};
use crate::api::request::ApiRequest;
use crate::vendors::onenet::access::{self, caller};
use crate::vendors::onenet::errors::{OnenetError, errno};
use crate::vendors::onenet::params;
use crate::vendors::onenet::state::{Channel, MAX_CHANNELS, OnenetState};
use crate::vendors::onenet::validate;
use crate::vendors::{Ctx, Handled};
use serde::Serialize;

/// Longest channel description (not published; proposal).
pub const MAX_CHANNEL_DESC: usize = 1024;

fn required_channel(req: &ApiRequest, name: &str) -> Result<u32, OnenetError> {
    params::channel(req, name)?.ok_or_else(|| OnenetError::because(errno::REQUIRED, name))
}

/// `title`: required, 1-64 letters and digits.
fn title(req: &ApiRequest) -> Result<String, OnenetError> {
    let title = params::required(req, "title")?;
    match validate::channel_title_problem(&title) {
        Some(why) => Err(OnenetError::because(
            errno::INVALID,
            format!("title: {why}"),
        )),
        None => Ok(title.into_owned()),
    }
}

/// `desc`, if given.
fn desc(req: &ApiRequest) -> Result<Option<String>, OnenetError> {
    let Some(desc) = req.query_param("desc") else {
        return Ok(None);
    };
    let n = desc.chars().count();
    if n > MAX_CHANNEL_DESC {
        return Err(OnenetError::because(
            errno::INVALID,
            format!("desc: {n} characters, at most {MAX_CHANNEL_DESC}"),
        ));
    }
    Ok(Some(desc.into_owned()))
}

/// The device `device_id` names, as the caller may reach it, to change.
fn device_mut<'a>(
    state: &'a mut OnenetState,
    credential: &str,
    req: &ApiRequest,
) -> Result<&'a mut crate::vendors::onenet::state::OnenetDevice, OnenetError> {
    let grant = caller(state, credential)?;
    let id = access::device_param(state, &grant, req, "device_id")?
        .id
        .clone();
    state
        .devices
        .get_mut(&id)
        .ok_or_else(|| access::not_found(&id))
}

/// 2.1: the device's channels, lowest first.
pub fn query(ctx: &mut Ctx<'_>, req: &ApiRequest) -> Result<Handled, OnenetError> {
    let state = access::state(ctx)?;
    let grant = caller(state, ctx.credential)?;
    let device = access::device_param(state, &grant, req, "device_id")?;
    #[derive(Serialize)]
    struct Row<'a> {
        channel_id: u32,
        title: &'a str,
        desc: &'a str,
    }
    #[derive(Serialize)]
    struct Channels<'a> {
        result: Vec<Row<'a>>,
    }
    let result = device
        .channels
        .iter()
        .map(|(id, c)| Row {
            channel_id: *id,
            title: &c.title,
            desc: &c.desc,
        })
        .collect();
    Ok(answer(Channels { result }))
}

/// 2.2: removes a channel, its closed mark and its recording settings.
pub fn delete(ctx: &mut Ctx<'_>, req: &ApiRequest) -> Result<Handled, OnenetError> {
    let channel = required_channel(req, "channel_id")?;
    let credential = ctx.credential;
    let device = device_mut(access::state_mut(ctx)?, credential, req)?;
    device
        .channels
        .remove(&channel)
        .ok_or_else(OnenetError::channel_missing)?;
    device.closed.remove(&channel);
    let id = device.id.clone();
    access::state_mut(ctx)?.records.forget(&id, Some(channel));
    Ok(succ())
}

/// 2.3: adds `channel_id`, and with `channel_num` = n channels 1 to n too, all with the same
/// title and description; all or nothing: 16 when any of them exists.
pub fn add(ctx: &mut Ctx<'_>, req: &ApiRequest) -> Result<Handled, OnenetError> {
    let channel = required_channel(req, "channel_id")?;
    let title = title(req)?;
    let desc = desc(req)?.unwrap_or_default();
    let num = params::optional_u64(req, "channel_num")?;
    let max = MAX_CHANNELS as u64;
    if let Some(n) = num
        && !(1..=max).contains(&n)
    {
        return Err(OnenetError::because(
            errno::INVALID,
            format!("channel_num must be from 1 to {MAX_CHANNELS}"),
        ));
    }
    let mut wanted: Vec<u32> = (1..=num.unwrap_or(0))
        .filter_map(|n| u32::try_from(n).ok())
        .collect();
    if !wanted.contains(&channel) {
        wanted.push(channel);
    }
    let credential = ctx.credential;
    let state = access::state_mut(ctx)?;
    let grant = caller(state, credential)?;
    access::optional_product_param(&grant, req, "product_id")?;
    let device = device_mut(state, credential, req)?;
    if wanted.iter().any(|c| device.channels.contains_key(c)) {
        return Err(OnenetError::channel_exists());
    }
    if device.channels.len().saturating_add(wanted.len()) > MAX_CHANNELS {
        return Err(OnenetError::because(
            errno::SYSTEM_LIMIT,
            format!("a device holds at most {MAX_CHANNELS} channels"),
        ));
    }
    for c in wanted {
        device.channels.insert(
            c,
            Channel {
                title: title.clone(),
                desc: desc.clone(),
            },
        );
    }
    Ok(succ())
}

/// 2.4: a channel's title, and its description when given.
pub fn modify(ctx: &mut Ctx<'_>, req: &ApiRequest) -> Result<Handled, OnenetError> {
    let channel = required_channel(req, "channel_id")?;
    let title = title(req)?;
    let desc = desc(req)?;
    let credential = ctx.credential;
    let device = device_mut(access::state_mut(ctx)?, credential, req)?;
    let found = device
        .channels
        .get_mut(&channel)
        .ok_or_else(OnenetError::channel_missing)?;
    found.title = title;
    if let Some(desc) = desc {
        found.desc = desc;
    }
    Ok(succ())
}
