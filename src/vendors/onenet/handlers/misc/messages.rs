//! Sections 8, 9 and 12: which devices are online, the messages a device exchanged (uploads
//! and `dev_active` payloads, base64 in `msg`), and sending a device such a payload (at most
//! 128 bytes, only while it is online).

use super::super::answer;
use super::super::devices::id_list;
use crate::api::request::ApiRequest;
use crate::sim::VendorId;
use crate::vendors::onenet::access::{self, caller};
use crate::vendors::onenet::errors::{OnenetError, errno};
use crate::vendors::onenet::params::{self, Page};
use crate::vendors::onenet::state::{DeviceMessage, MSG_ID_DEV_ACTIVE};
use crate::vendors::onenet::time::format_time;
use crate::vendors::{Ctx, Handled};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde::Serialize;

/// Section 8: at most 30 ids, at most 500 characters.
pub const MAX_STATUS_IDS: usize = 30;
pub const MAX_STATUS_CHARS: usize = 500;
/// Section 12: "不超过128 byte".
pub const MAX_ACTIVE_BYTES: usize = 128;
/// Section 9's page size (the example's), and the largest a client may ask.
pub const MESSAGES_PER_PAGE: u64 = 50;
pub const MAX_MESSAGES_PER_PAGE: u64 = 100;

/// 8: online state of the listed devices the caller reaches, in the order listed; ids it
/// does not reach (unknown, another product's, another device's for a device key) are left
/// out, so a key cannot tell them apart.
pub fn device_status(ctx: &mut Ctx<'_>, req: &ApiRequest) -> Result<Handled, OnenetError> {
    let text = params::required(req, "devIds")?;
    let n = text.chars().count();
    if n > MAX_STATUS_CHARS {
        return Err(OnenetError::because(
            errno::INVALID,
            format!("devIds: {n} characters, at most {MAX_STATUS_CHARS}"),
        ));
    }
    let ids = id_list(&text, "devIds", MAX_STATUS_IDS)?;
    let state = access::state(ctx)?;
    let grant = caller(state, ctx.credential)?;
    #[derive(Serialize)]
    struct Status<'a> {
        id: &'a str,
        online: bool,
    }
    #[derive(Serialize)]
    struct Found<'a> {
        total_count: usize,
        devices: Vec<Status<'a>>,
    }
    #[derive(Serialize)]
    struct Answer<'a> {
        result: Found<'a>,
    }
    let devices: Vec<Status<'_>> = ids
        .iter()
        .filter_map(|id| access::device(state, &grant, id).ok())
        .map(|d| Status {
            id: &d.id,
            online: ctx
                .world
                .cameras
                .get(VendorId::Onenet, &d.id)
                .is_some_and(|c| c.online),
        })
        .collect();
    Ok(answer(Answer {
        result: Found {
            total_count: devices.len(),
            devices,
        },
    }))
}

/// 9: the device's messages from `begin_time` to `end_time` (at most 31 days), oldest first,
/// 50 a page unless `page_size` says otherwise.
pub fn device_messages(ctx: &mut Ctx<'_>, req: &ApiRequest) -> Result<Handled, OnenetError> {
    let (start, end) = params::span(req, "begin_time", "end_time")?;
    let page = Page::of(
        req,
        "page",
        "page_size",
        MESSAGES_PER_PAGE,
        MAX_MESSAGES_PER_PAGE,
    )?;
    let state = access::state(ctx)?;
    let grant = caller(state, ctx.credential)?;
    let device = access::device_param(state, &grant, req, "device_id")?;
    let found: Vec<&DeviceMessage> = device
        .messages
        .iter()
        .filter(|m| m.at >= start && m.at < end)
        .collect();
    #[derive(Serialize)]
    struct PageInfo {
        total_num: usize,
        page_total: u64,
        page_size: u64,
        current_page: u64,
    }
    #[derive(Serialize)]
    struct Row {
        create_time: String,
        msg_id: u64,
        msg: String,
    }
    #[derive(Serialize)]
    struct Messages {
        page_info: PageInfo,
        result: Vec<Row>,
    }
    let result = page
        .slice(&found)
        .iter()
        .map(|m| Row {
            create_time: format_time(m.at),
            msg_id: m.msg_id,
            msg: STANDARD.encode(&m.bytes),
        })
        .collect();
    Ok(answer(Messages {
        page_info: PageInfo {
            total_num: found.len(),
            page_total: page.count(found.len()),
            page_size: page.per_page,
            current_page: page.page,
        },
        result,
    }))
}

/// 12: the body (1-128 bytes, anything) goes to the online device and is kept as one of its
/// messages.
pub fn dev_active(ctx: &mut Ctx<'_>, req: &ApiRequest) -> Result<Handled, OnenetError> {
    let bytes = req.body.to_vec();
    if bytes.is_empty() {
        return Err(OnenetError::of(errno::BODY_REQUIRED));
    }
    if bytes.len() > MAX_ACTIVE_BYTES {
        return Err(OnenetError::because(
            errno::TOO_LARGE,
            format!(
                "the body is {} bytes, at most {MAX_ACTIVE_BYTES}",
                bytes.len()
            ),
        ));
    }
    let at = ctx.now_secs();
    let credential = ctx.credential;
    let (state, cameras) = ctx
        .world
        .model_and_cameras::<crate::vendors::onenet::state::OnenetState>()
        .ok_or_else(|| OnenetError::because(errno::INTERNAL, "the world has no OneNET part"))?;
    let grant = caller(state, credential)?;
    let id = access::device_param(state, &grant, req, "device_id")?
        .id
        .clone();
    if !cameras.get(VendorId::Onenet, &id).is_some_and(|c| c.online) {
        return Err(OnenetError::because(errno::OFFLINE, &id));
    }
    let device = state
        .devices
        .get_mut(&id)
        .ok_or_else(|| access::not_found(&id))?;
    device.keep_message(DeviceMessage {
        at,
        msg_id: MSG_ID_DEV_ACTIVE,
        bytes,
    });
    Ok(answer(()))
}
