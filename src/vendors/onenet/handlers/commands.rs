//! Section 3 and the older revision's follow-ups: `POST /ipc/video/cmds` to the simulated
//! device, `GET /ipc/video/cmd_status`, `GET /ipc/video/cmd_resp`.
//!
//! qos=0 answers `cmd_status` 2 at once. qos=1 waits for the device's reply: the request
//! finishes later (`Handled::Later`), waiting with no lock held for the device's latency or
//! the product's `cmdWaitMs` (default 5 s), whichever is shorter, then reads the command's
//! status: 4 with `dev_resp`, 6 for a garbled reply, 5 when the device never answers, or 2
//! when it answers later than the wait (then `cmd_status` / `cmd_resp` tell the rest). The
//! wait is real time, so a frozen world clock never holds a request; moving the world clock
//! past a latency delivers the reply at once.

use super::{answer, data_now};
use crate::api::request::ApiRequest;
use crate::sim::VendorId;
use crate::vendors::onenet::access;
use crate::vendors::onenet::device::{self, DeviceReply, Effect, Surroundings};
use crate::vendors::onenet::errors::{OnenetError, errno};
use crate::vendors::onenet::params;
use crate::vendors::onenet::state::commands::{Command, Fate, status};
use crate::vendors::onenet::state::{OnenetState, UserReply};
use crate::vendors::{Ctx, Handled, Pending};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde::Serialize;
use std::time::{Duration, Instant};

#[derive(Serialize)]
struct SentData<'a> {
    cmd_uuid: &'a str,
    cmd_status: u8,
    #[serde(skip_serializing_if = "Option::is_none")]
    dev_resp: Option<DevResp>,
}

#[derive(Serialize)]
struct DevResp {
    resp_code: i64,
    resp_data: String,
}

/// `qos` or `type`: 0 (default) or 1.
fn flag(req: &ApiRequest, name: &str) -> Result<u8, OnenetError> {
    match params::optional_u64(req, name)? {
        None | Some(0) => Ok(0),
        Some(1) => Ok(1),
        Some(n) => Err(OnenetError::because(
            errno::INVALID,
            format!("{name} must be 0 or 1, not {n}"),
        )),
    }
}

pub fn send(ctx: &mut Ctx<'_>, req: &ApiRequest) -> Result<Handled, OnenetError> {
    let qos = flag(req, "qos")?;
    let user_defined = flag(req, "type")? == 1;
    if !user_defined && req.body.iter().all(u8::is_ascii_whitespace) {
        return Err(OnenetError::of(errno::BODY_REQUIRED));
    }
    let (now_ms, now, seed, ids, credential) = (
        ctx.now_ms,
        ctx.now_secs(),
        ctx.seed,
        ctx.ids,
        ctx.credential,
    );
    let Some((state, cameras)) = ctx.world.model_and_cameras::<OnenetState>() else {
        return Err(OnenetError::because(
            errno::INTERNAL,
            "the world has no OneNET part",
        ));
    };
    let grant = access::caller(state, credential)?;
    let device = access::device_param(state, &grant, req, "device_id")?;
    let (device_id, behaviour) = (device.id.clone(), device.reply.clone());
    let channels: Vec<u32> = device.channels.keys().copied().collect();
    let wait = Duration::from_millis(
        state
            .product(&device.product)
            .map_or(crate::vendors::onenet::state::DEFAULT_CMD_WAIT_MS, |p| {
                p.cmd_wait_ms
            }),
    );
    let camera = cameras
        .get_mut(VendorId::Onenet, &device_id)
        .ok_or_else(|| access::not_found(&device_id))?;
    let uuid = ids.uuid();
    // A snapshot (cmdId 32) is named after its command: one draw of the world's ids, not two.
    let picture_id: String = uuid.chars().filter(|c| *c != '-').collect();
    let fate = if !camera.online {
        Fate::Offline
    } else if roll(ids, behaviour.send_fail_rate) {
        Fate::SendFailed
    } else if qos == 1 && roll(ids, behaviour.drop_rate) {
        Fate::Lost
    } else {
        let reply = if user_defined {
            DeviceReply {
                resp_code: 0,
                data: match &behaviour.user_reply {
                    UserReply::Echo => req.body.to_vec(),
                    UserReply::Text(text) => text.clone().into_bytes(),
                },
                effect: None,
            }
        } else {
            let settings = state.commands.devices.entry(device_id.clone()).or_default();
            let around = Surroundings {
                camera,
                channels: &channels,
                seed,
                now,
                picture_id: picture_id.clone(),
            };
            device::execute(settings, around, &req.body)
        };
        if let Some(Effect::Snapshot {
            channel,
            name,
            width,
            height,
            ..
        }) = reply.effect.clone()
        {
            let size = crate::media::Size::bounded(width, height);
            state
                .pictures
                .name_snapshot(&device_id, &picture_id, (name, channel), size);
        }
        if qos == 0 {
            Fate::Delivered
        } else {
            Fate::Answered {
                latency: Duration::from_millis(behaviour.latency_ms.max(behaviour.send_delay_ms)),
                garbled: roll(ids, behaviour.malformed_rate),
                resp_code: reply.resp_code,
                data: reply.data,
            }
        }
    };
    let send_delay = Duration::from_millis(behaviour.send_delay_ms);
    let waits = match &fate {
        Fate::Answered { latency, .. } => (*latency).max(send_delay).min(wait),
        Fate::Lost => wait,
        _ => Duration::ZERO,
    };
    let command = Command {
        uuid: uuid.clone(),
        device: device_id.clone(),
        qos,
        fate,
        sent_ms: now_ms,
        sent_at: Instant::now(),
        send_delay,
        wait,
    };
    let immediate = sent_answer(&command, now_ms);
    // The waiting request keeps its own copy: the world's list may forget the command (10,000
    // newer ones, a reset) before the wait ends, and the answer must not depend on that.
    let waiting = (!waits.is_zero()).then(|| command.clone());
    state.commands.keep(command, now_ms);
    match waiting {
        None => Ok(Handled::Now(immediate)),
        Some(command) => Ok(Handled::Later(Pending::new(waits, move |ctx| {
            sent_answer(&command, ctx.now_ms)
        }))),
    }
}

/// True with probability `p`, from the world's seeded dice; a certain outcome (0 or 1) draws
/// nothing, so devices that always behave alike cost no draw per command.
fn roll(ids: &crate::sim::Ids, p: f64) -> bool {
    if p <= 0.0 {
        false
    } else if p >= 1.0 {
        true
    } else {
        ids.chance(p)
    }
}

fn sent_answer(command: &Command, now_ms: i64) -> crate::api::response::ApiResponse {
    let cmd_status = command.status(now_ms);
    let dev_resp = (command.qos == 1)
        .then(|| command.reply(now_ms))
        .flatten()
        .map(|(resp_code, data)| DevResp {
            resp_code,
            resp_data: BASE64.encode(data),
        });
    data_now(SentData {
        cmd_uuid: &command.uuid,
        cmd_status,
        dev_resp,
    })
}

/// The command a follow-up names (`device_id`, `cmd_uuid`), as the caller may see it.
fn named<'a>(
    state: &'a OnenetState,
    credential: &str,
    req: &ApiRequest,
    now_ms: i64,
) -> Result<&'a Command, OnenetError> {
    let grant = access::caller(state, credential)?;
    let device = access::device_param(state, &grant, req, "device_id")?;
    let uuid = params::required(req, "cmd_uuid")?;
    state
        .commands
        .get(&device.id, &uuid, now_ms)
        .ok_or_else(|| {
            OnenetError::because(
                errno::NOT_FOUND,
                format!(
                    "cmd_uuid {} (commands are kept {} s after they settle)",
                    params::shown(&uuid),
                    crate::vendors::onenet::state::commands::KEPT_SECS
                ),
            )
        })
}

pub fn status(ctx: &mut Ctx<'_>, req: &ApiRequest) -> Result<Handled, OnenetError> {
    #[derive(Serialize)]
    struct Status {
        data: StatusData,
    }
    #[derive(Serialize)]
    struct StatusData {
        status: u8,
        desc: &'static str,
    }
    let state = access::state(ctx)?;
    let command = named(state, ctx.credential, req, ctx.now_ms)?;
    let status = command.status(ctx.now_ms);
    Ok(answer(Status {
        data: StatusData {
            status,
            desc: status::desc(status),
        },
    }))
}

pub fn response(ctx: &mut Ctx<'_>, req: &ApiRequest) -> Result<Handled, OnenetError> {
    #[derive(Serialize)]
    struct Resp {
        resp: String,
    }
    let state = access::state(ctx)?;
    let command = named(state, ctx.credential, req, ctx.now_ms)?;
    match command.reply(ctx.now_ms) {
        Some((_, data)) => Ok(answer(Resp {
            resp: BASE64.encode(data),
        })),
        None => Err(OnenetError::because(
            errno::NOT_FOUND,
            format!(
                "no reply to cmd_uuid {} (cmd_status {})",
                command.uuid,
                command.status(ctx.now_ms)
            ),
        )),
    }
}
