//! The four camera endpoints. Each runs the shared checks of [`device_call`] first, then acts
//! on the device: a picture on its timeline, the PTZ rule, a voice delivery, a live address.

use super::{Answer, VoiceCheck, claim_unique, sodalife, success};
use crate::api::request::ApiRequest;
use crate::sim::VendorId;
use crate::vendors::Ctx;
use crate::vendors::sodalife::errors::{SodalifeError, code};
use crate::vendors::sodalife::params;
use crate::vendors::sodalife::ptz::{Command, PtzRefusal};
use crate::vendors::sodalife::routes::{Endpoint, PICTURE_PREFIX};
use crate::vendors::sodalife::scenario::serial_problem;
use crate::vendors::sodalife::state::{
    CAMERA_SCOPE, EXPIRED_PICTURE_KEPT_SECS, LIVE_SCOPE, Media, PICTURE_SCOPE, PICTURE_SECS,
    SodalifeState, VOICES_KEPT, VoiceDelivery,
};
use crate::vendors::sodalife::voice::{self, VoiceProblem};
use serde_json::json;

/// Weak signal, in percent, below which a device's network counts as down (20006).
pub const NETWORK_DOWN_SIGNAL: i64 = 10;

/// What every camera call checks before acting, in this order: the token's app (10002, 10005),
/// `device_serial` (missing, 20014), the endpoint's own parameters (`check_params`), the device
/// (20002, or 10051 for another app's capture), its capability, online (20007), network
/// (20006), and the per-device call interval (20008; `check_params` says whether the call is
/// exempt). Returns the serial. A call counts toward the interval only once it succeeds
/// ([`called`]): one refused never reached the device.
fn device_call(
    ctx: &mut Ctx<'_>,
    req: &ApiRequest,
    endpoint: Endpoint,
    check_params: impl FnOnce() -> Result<bool, SodalifeError>,
) -> Result<String, SodalifeError> {
    // Read-only: a call counts (`called`) only once it succeeds.
    let now_ms = ctx.now_ms;
    let world = &*ctx.world;
    let state = world
        .model::<SodalifeState>()
        .ok_or_else(|| SodalifeError::of(code::BAD_TOKEN))?;
    let grant = state
        .tokens
        .get(ctx.credential)
        .ok_or_else(|| SodalifeError::because(code::BAD_TOKEN, "the token was revoked"))?;
    let app = state
        .app(&grant.client_id)
        .ok_or_else(|| SodalifeError::of(code::BAD_TOKEN))?;
    if app.frozen {
        return Err(SodalifeError::because(
            code::APP_FROZEN,
            format!("app {} is frozen", app.client_id),
        ));
    }
    let interval_ms = if world.rate_limits {
        i64::from(app.call_interval_secs) * 1000
    } else {
        0
    };
    let serial = params::device_serial(req, endpoint)?;
    if let Some(why) = serial_problem(&serial) {
        return Err(SodalifeError::because(
            code::BAD_SERIAL,
            format!("device_serial `{serial}` {why}"),
        ));
    }
    let exempt = check_params()?;
    let camera = world
        .cameras
        .get(VendorId::Sodalife, &serial)
        .filter(|c| c.account == grant.client_id);
    let Some(camera) = camera else {
        let elsewhere = world.cameras.get(VendorId::Sodalife, &serial).is_some();
        return Err(if elsewhere && endpoint == Endpoint::Capture {
            SodalifeError::because(
                code::NO_CAPTURE_PERMISSION,
                format!("device {serial} belongs to another app"),
            )
        } else {
            SodalifeError::because(code::NO_DEVICE, format!("device {serial}"))
        });
    };
    let (online, signal) = (camera.online, camera.signal);
    let device = state
        .device(&serial)
        .ok_or_else(|| SodalifeError::because(code::NO_DEVICE, format!("device {serial}")))?;
    let caps = device.capabilities;
    match endpoint {
        Endpoint::Capture if !caps.capture => {
            return Err(SodalifeError::because(
                code::UNSUPPORTED,
                "the device cannot capture",
            ));
        }
        Endpoint::Controlling if !caps.ptz => return Err(SodalifeError::of(code::NO_PTZ)),
        Endpoint::SendVoice if !caps.talk => {
            return Err(SodalifeError::because(
                code::UNSUPPORTED,
                "the device cannot play voice",
            ));
        }
        _ => {}
    }
    if !online {
        return Err(SodalifeError::because(
            code::OFFLINE,
            format!("device {serial}"),
        ));
    }
    if signal < NETWORK_DOWN_SIGNAL {
        return Err(SodalifeError::because(
            code::NETWORK,
            format!("device {serial} signal is {signal}%"),
        ));
    }
    if !exempt
        && let Some(last) = device.last_call_ms
        && now_ms >= last
        && now_ms.saturating_sub(last) < interval_ms
    {
        return Err(SodalifeError::because(
            code::TOO_FREQUENT,
            format!(
                "calls for device {serial} must be {} s apart; the last was {} ms ago",
                interval_ms / 1000,
                now_ms.saturating_sub(last)
            ),
        ));
    }
    Ok(serial)
}

/// Counts a call that reached the device toward its call interval.
fn called(ctx: &mut Ctx<'_>, serial: &str) {
    let now_ms = ctx.now_ms;
    if let Some(device) = ctx
        .world
        .model_mut::<SodalifeState>()
        .and_then(|s| s.device_mut(serial))
    {
        device.last_call_ms = Some(now_ms);
    }
}

pub fn capture(ctx: &mut Ctx<'_>, req: &ApiRequest) -> Answer {
    let serial = device_call(ctx, req, Endpoint::Capture, || Ok(false))?;
    let now = ctx.now_secs();
    forget_old_pictures(ctx, now);
    let expires_at = now.saturating_add(PICTURE_SECS);
    let key = claim_unique(
        ctx,
        "",
        Some(expires_at.saturating_mul(1000)),
        &[PICTURE_SCOPE],
    )
    .map_err(|e| match e {
        SodalifeError::Api { description, .. } => {
            SodalifeError::because(code::CAPTURE_FAILED, description)
        }
        other => other,
    })?;
    let taken = ctx
        .world
        .cameras
        .get_mut(VendorId::Sodalife, &serial)
        .map(|c| {
            let offset = c.timeline.utc_offset_minutes;
            c.history
                .take_picture(format!("snap-{key}"), now)
                .map(|_| offset)
        });
    let Some(Ok(utc_offset_minutes)) = taken else {
        ctx.credentials.release(VendorId::Sodalife, &key);
        return Err(SodalifeError::because(
            code::CAPTURE_FAILED,
            "the device's history is full (10000 changes); reset the world",
        ));
    };
    let state = sodalife(ctx)?;
    state.media.insert(
        key.clone(),
        Media::Picture {
            device: serial.clone(),
            taken_at: now,
            expires_at,
            utc_offset_minutes,
        },
    );
    state.picture_order.push_back((
        expires_at.saturating_add(EXPIRED_PICTURE_KEPT_SECS),
        key.clone(),
    ));
    let url = format!("http://{}{PICTURE_PREFIX}{key}.jpg", req.link_host());
    called(ctx, &serial);
    Ok(success(&json!({ "picUrl": url })))
}

/// Picture links a day past their expiry are forgotten (their URL then answers 404).
fn forget_old_pictures(ctx: &mut Ctx<'_>, now: i64) {
    let Some(state) = ctx.world.model_mut::<SodalifeState>() else {
        return;
    };
    let mut forgotten = Vec::new();
    while state
        .picture_order
        .front()
        .is_some_and(|(until, _)| *until <= now)
    {
        if let Some((_, key)) = state.picture_order.pop_front() {
            state.media.remove(&key);
            forgotten.push(key);
        }
    }
    for key in forgotten {
        ctx.credentials.release(VendorId::Sodalife, &key);
    }
}

pub fn controlling(ctx: &mut Ctx<'_>, req: &ApiRequest) -> Answer {
    let mut asked = (0, 0);
    let serial = device_call(ctx, req, Endpoint::Controlling, || {
        asked = params::ptz(req)?;
        // A stop is never refused for frequency: the start-then-stop rule requires it.
        Ok(asked.0 == 1)
    })?;
    let (action, number) = asked;
    let stop = action == 1;
    // A stop needs no direction (EZVIZ's stop takes it as optional), so any number will do.
    let command = match Command::parse(number) {
        Some(command) => command,
        None if stop => Command(0),
        None => {
            return Err(SodalifeError::because(
                code::UNSUPPORTED,
                format!("command {number}"),
            ));
        }
    };
    let now = ctx.now_secs();
    let Some((state, cameras)) = ctx.world.model_and_cameras::<SodalifeState>() else {
        return Err(SodalifeError::of(code::BAD_TOKEN));
    };
    let (Some(camera), Some(device)) = (
        cameras.get_mut(VendorId::Sodalife, &serial),
        state.device_mut(&serial),
    ) else {
        return Err(SodalifeError::because(
            code::NO_DEVICE,
            format!("device {serial}"),
        ));
    };
    let done = if stop {
        device.ptz.stop(&mut camera.ptz, now)
    } else {
        device.ptz.start(&mut camera.ptz, command, now)
    };
    match done {
        Ok(()) => {
            if !stop {
                called(ctx, &serial);
            }
            Ok(success(&json!({ "data": "SUCCESS" })))
        }
        Err(PtzRefusal::Failed(why)) => Err(SodalifeError::because(code::PTZ_FAILED, why)),
        Err(PtzRefusal::PresetMoving(until)) => Err(SodalifeError::because(
            code::PRESET_MOVING,
            format!("the lens reaches preset 1 at {until}"),
        )),
    }
}

pub fn send_voice(ctx: &mut Ctx<'_>, req: &ApiRequest) -> Answer {
    let part = req.files.iter().find(|f| f.field == params::VOICE_FIELD);
    let file = part.filter(|f| !f.bytes.is_empty());
    let serial = device_call(ctx, req, Endpoint::SendVoice, || match (part, file) {
        (None, _) => Err(SodalifeError::because(
            code::VOICE_EMPTY,
            format!(
                "no {} part in a multipart/form-data body",
                params::VOICE_FIELD
            ),
        )),
        (Some(_), None) => Err(SodalifeError::because(
            code::VOICE_EMPTY,
            format!("{} is empty", params::VOICE_FIELD),
        )),
        (Some(_), Some(_)) => Ok(false),
    })?;
    let Some(file) = file else {
        return Err(SodalifeError::of(code::VOICE_EMPTY));
    };
    let checked: VoiceCheck = match req.prepared::<VoiceCheck>() {
        Some(done) => done.clone(),
        None => voice::inspect(&file.bytes),
    };
    let found = match checked {
        Ok(found) => found,
        Err(VoiceProblem::Empty) => return Err(SodalifeError::of(code::VOICE_EMPTY)),
        Err(VoiceProblem::Format(why)) => {
            return Err(SodalifeError::because(code::VOICE_FORMAT, why));
        }
        Err(VoiceProblem::NoDuration(why)) => {
            return Err(SodalifeError::because(code::VOICE_NO_DURATION, why));
        }
    };
    voice::check_duration(&found)
        .map_err(|why| SodalifeError::because(code::VOICE_DURATION, why))?;
    if found.sample_rate > 48_000 || found.channels > 2 {
        return Err(SodalifeError::because(
            code::VOICE_CONVERSION,
            format!(
                "{} Hz, {} channels: devices play at most 48000 Hz stereo",
                found.sample_rate, found.channels
            ),
        ));
    }
    let now = ctx.now_secs();
    let state = sodalife(ctx)?;
    if let Some(device) = state.device_mut(&serial) {
        if device.voices.len() >= VOICES_KEPT {
            device.voices.pop_front();
        }
        device.voices.push_back(VoiceDelivery {
            at: now,
            file_name: file.file_name.clone(),
            bytes: file.bytes.len(),
            voice: found,
        });
    }
    called(ctx, &serial);
    Ok(success(&json!({ "data": "SUCCESS" })))
}

pub fn live_url(ctx: &mut Ctx<'_>, req: &ApiRequest) -> Answer {
    let protocol = params::protocol(req);
    let serial = device_call(ctx, req, Endpoint::LiveUrl, || {
        protocol.clone().map(|_| false)
    })?;
    let protocol = protocol?;
    let host = req.link_host();
    let hostname = host.rsplit_once(':').map_or(host, |(name, _)| name);
    let known = sodalife(ctx)?
        .live_keys
        .get(&serial)
        .map(|key| protocol.url(host, hostname, &serial, key));
    let url = match known {
        Some(url) => url,
        None => {
            let key = claim_unique(ctx, "", None, &[LIVE_SCOPE])?;
            let state = sodalife(ctx)?;
            state.live_keys.insert(serial.clone(), key.clone());
            let url = protocol.url(host, hostname, &serial, &key);
            state.media.insert(
                key,
                Media::Live {
                    device: serial.clone(),
                },
            );
            url
        }
    };
    called(ctx, &serial);
    Ok(success(&UrlAnswer { url: &url }))
}

/// `liveurl`'s answer.
#[derive(serde::Serialize)]
struct UrlAnswer<'a> {
    url: &'a str,
}

/// Whether the token's scopes let it call `endpoint` (checked at authentication).
pub fn scope_refusal(endpoint: Endpoint, scopes: &[&str]) -> Option<SodalifeError> {
    if scopes.contains(&CAMERA_SCOPE) {
        return None;
    }
    Some(if endpoint == Endpoint::Controlling {
        SodalifeError::because(
            code::NO_PTZ_PERMISSION,
            format!("the token lacks scope {CAMERA_SCOPE}"),
        )
    } else {
        SodalifeError::because(
            code::ACCESS_DENIED,
            format!("the token lacks scope {CAMERA_SCOPE}"),
        )
    })
}
