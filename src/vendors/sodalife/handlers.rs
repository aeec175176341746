//! One function per Sodalife endpoint. The camera endpoints share their first checks (the
//! token's app, `device_serial`, the device, its capability, online, the 4-second rule) in
//! [`device_call`]; the token endpoint issues and revokes tokens; the media endpoints answer
//! the links the others handed out.

use super::errors::{SodalifeError, code};
use super::params::{self, TokenParams};
use super::ptz::{Command, PtzRefusal};
use super::routes::{Endpoint, LIVE_PREFIX, PICTURE_PREFIX, media_key};
use super::scenario::serial_problem;
use super::state::{
    CAMERA_SCOPE, EXPIRED_PICTURE_KEPT_SECS, Grant, LIVE_SCOPE, Media, PICTURE_SCOPE, PICTURE_SECS,
    SodalifeApp, SodalifeState, TOKEN_SECS, VOICES_KEPT, VoiceDelivery,
};
use super::voice::{self, VoiceProblem};
use crate::api::request::ApiRequest;
use crate::api::response::ApiResponse;
use crate::sim::VendorId;
use crate::sim::camera::Camera;
use crate::sim::world::Account;
use crate::sim::worlds::RegistryError;
use crate::vendors::Ctx;
use http::{HeaderValue, StatusCode};
use serde_json::json;

/// The voice check `prepare` did off the async workers.
pub type VoiceCheck = Result<voice::Voice, VoiceProblem>;

/// Weak signal, in percent, below which a device's network counts as down (20006).
pub const NETWORK_DOWN_SIGNAL: i64 = 10;

type Answer = Result<ApiResponse, SodalifeError>;

/// A success carries no code (Sodalife answers the bare payload), so the journal has none.
fn success(value: serde_json::Value) -> ApiResponse {
    ApiResponse::json(StatusCode::OK, &value)
}

// ---------------------------------------------------------------- token

pub fn token(ctx: &mut Ctx<'_>, req: &ApiRequest) -> Answer {
    let p = TokenParams::of(req).map_err(|e| SodalifeError::because(code::INVALID_REQUEST, e))?;
    let grant_type = p.required("grant_type")?;
    let client_id = ctx.credential.to_string();
    let now = ctx.now_secs();
    let state = sodalife(ctx)?;
    let app = state
        .app(&client_id)
        .ok_or_else(|| SodalifeError::of(code::INVALID_CLIENT))?
        .clone();
    let (user, scopes) = match grant_type {
        "client_credentials" => (None, requested_scopes(&app, p.optional("scope"))?),
        "authorization_code" => {
            let code_text = p.required("code")?;
            let pending = state.codes.get(code_text).cloned().ok_or_else(|| {
                SodalifeError::because(code::INVALID_GRANT, "the code is unknown or already used")
            })?;
            if pending.client_id != client_id {
                return Err(SodalifeError::because(
                    code::INVALID_GRANT,
                    "the code was issued to another client",
                ));
            }
            state.codes.remove(code_text);
            if pending.expires_at <= now {
                return Err(SodalifeError::because(
                    code::INVALID_GRANT,
                    "the code expired (codes are valid 5 minutes)",
                ));
            }
            (Some(pending.user_id), pending.scopes)
        }
        other => {
            return Err(SodalifeError::because(
                code::UNSUPPORTED_GRANT_TYPE,
                format!("grant_type `{other}`: use client_credentials or authorization_code"),
            ));
        }
    };
    let expires_at = now.saturating_add(TOKEN_SECS);
    let token = claim_unique(ctx, 32, |id| Account {
        vendor: VendorId::Sodalife,
        id,
        secret: client_id.clone(),
        token: None,
        expires_ms: Some(expires_at.saturating_mul(1000)),
        scopes: scopes.clone(),
    })?;
    let state = sodalife(ctx)?;
    let pair = (client_id.clone(), user.clone());
    let revoked = state.current.insert(pair, token.clone());
    state.tokens.insert(
        token.clone(),
        Grant {
            client_id,
            user_id: user.clone(),
            expires_at,
        },
    );
    if let Some(old) = revoked {
        state.tokens.remove(&old);
        ctx.credentials.release(VendorId::Sodalife, &old);
    }
    let mut answer = json!({ "access_token": token, "expires_in": TOKEN_SECS });
    if let Some(user) = user {
        answer["user_id"] = json!(user);
    }
    Ok(success(answer))
}

/// The scopes a client-credentials token gets: all the app's, or the comma-separated subset
/// asked for.
fn requested_scopes(
    app: &SodalifeApp,
    asked: Option<&str>,
) -> Result<Vec<&'static str>, SodalifeError> {
    let Some(asked) = asked else {
        return Ok(app.scopes.clone());
    };
    let mut scopes = Vec::new();
    for part in asked.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        match app.scopes.iter().find(|s| **s == part) {
            Some(s) if !scopes.contains(s) => scopes.push(*s),
            Some(_) => {}
            None => {
                return Err(SodalifeError::because(
                    code::INVALID_SCOPE,
                    format!(
                        "scope `{part}` is not one of the app's ({})",
                        app.scopes.join(",")
                    ),
                ));
            }
        }
    }
    Ok(scopes)
}

/// A credential drawn at random and claimed for this world; a draw another world (or this
/// one) already holds is drawn again.
fn claim_unique(
    ctx: &Ctx<'_>,
    len: usize,
    account: impl Fn(String) -> Account,
) -> Result<String, SodalifeError> {
    for _ in 0..8 {
        let id = ctx.ids.hex(len);
        match ctx.credentials.claim(account(id.clone())) {
            Ok(()) => return Ok(id),
            Err(RegistryError::CredentialTaken { .. }) => continue,
            Err(e) => return Err(SodalifeError::because(code::TEMPORARILY_UNAVAILABLE, e)),
        }
    }
    Err(SodalifeError::because(
        code::TEMPORARILY_UNAVAILABLE,
        "no free credential after 8 draws",
    ))
}

fn sodalife<'c>(ctx: &'c mut Ctx<'_>) -> Result<&'c mut SodalifeState, SodalifeError> {
    ctx.world
        .model_mut::<SodalifeState>()
        .ok_or_else(|| SodalifeError::of(code::BAD_TOKEN))
}

// ---------------------------------------------------------------- camera endpoints

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
    let now_ms = ctx.now_ms;
    let rate_limits = ctx.world.rate_limits;
    let token = ctx.credential.to_string();
    let state = sodalife(ctx)?;
    let grant = state
        .tokens
        .get(&token)
        .cloned()
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
    let interval_ms = if rate_limits {
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
    let camera = ctx
        .world
        .cameras
        .get(VendorId::Sodalife, &serial)
        .filter(|c| c.account == grant.client_id);
    let Some(camera) = camera else {
        let elsewhere = ctx.world.cameras.get(VendorId::Sodalife, &serial).is_some();
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
    let state = sodalife(ctx)?;
    let device = state
        .device_mut(&serial)
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
    if !exempt {
        if let Some(last) = device.last_call_ms
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
    let key = claim_unique(ctx, 32, |id| Account {
        vendor: VendorId::Sodalife,
        id,
        secret: String::new(),
        token: None,
        expires_ms: Some(expires_at.saturating_mul(1000)),
        scopes: vec![PICTURE_SCOPE],
    })
    .map_err(|e| match e {
        SodalifeError::Api { description, .. } => {
            SodalifeError::because(code::CAPTURE_FAILED, description)
        }
        other => other,
    })?;
    let picture_id = format!("snap-{key}");
    let taken = ctx
        .world
        .cameras
        .get_mut(VendorId::Sodalife, &serial)
        .map(|c| c.history.take_picture(picture_id.clone(), now));
    if !matches!(taken, Some(Ok(_))) {
        ctx.credentials.release(VendorId::Sodalife, &key);
        return Err(SodalifeError::because(
            code::CAPTURE_FAILED,
            "the device's history is full (10000 changes); reset the world",
        ));
    }
    let state = sodalife(ctx)?;
    state.media.insert(
        key.clone(),
        Media::Picture {
            device: serial.clone(),
            picture_id,
            taken_at: now,
            expires_at,
        },
    );
    state.picture_order.push_back((
        expires_at.saturating_add(EXPIRED_PICTURE_KEPT_SECS),
        key.clone(),
    ));
    let url = format!("http://{}{PICTURE_PREFIX}{key}.jpg", host(req));
    called(ctx, &serial);
    Ok(success(json!({ "picUrl": url })))
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
            Ok(success(json!({ "data": "SUCCESS" })))
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
    Ok(success(json!({ "data": "SUCCESS" })))
}

pub fn live_url(ctx: &mut Ctx<'_>, req: &ApiRequest) -> Answer {
    let protocol = params::protocol(req);
    let serial = device_call(ctx, req, Endpoint::LiveUrl, || {
        protocol.clone().map(|_| false)
    })?;
    let protocol = protocol?;
    let key = match sodalife(ctx)?.live_keys.get(&serial) {
        Some(key) => key.clone(),
        None => {
            let key = claim_unique(ctx, 32, |id| Account {
                vendor: VendorId::Sodalife,
                id,
                secret: String::new(),
                token: None,
                expires_ms: None,
                scopes: vec![LIVE_SCOPE],
            })?;
            let state = sodalife(ctx)?;
            state.live_keys.insert(serial.clone(), key.clone());
            state.media.insert(
                key.clone(),
                Media::Live {
                    device: serial.clone(),
                },
            );
            key
        }
    };
    let host = host(req);
    let hostname = host.rsplit_once(':').map_or(host, |(name, _)| name);
    let url = protocol.url(host, hostname, &serial, &key);
    called(ctx, &serial);
    Ok(success(json!({ "url": url })))
}

/// The Host the client called, for the links camsim hands out (they point back at it).
fn host(req: &ApiRequest) -> &str {
    match req.host() {
        "" => "127.0.0.1",
        host => host,
    }
}

// ---------------------------------------------------------------- media links

pub fn picture(ctx: &mut Ctx<'_>, req: &ApiRequest) -> Answer {
    let now = ctx.now_secs();
    let key = media_key(&req.path, PICTURE_PREFIX).map(|(k, _)| k.to_string());
    let state = sodalife(ctx)?;
    let Some(Media::Picture {
        device,
        taken_at,
        expires_at,
        ..
    }) = key.and_then(|k| state.media.get(&k)).cloned()
    else {
        return Err(SodalifeError::media_not_found());
    };
    if now >= expires_at {
        return Err(SodalifeError::media_expired());
    }
    let mut answer = ApiResponse::text(
        StatusCode::OK,
        "image/jpeg",
        crate::media::placeholder_jpeg(&device, taken_at),
    );
    let max_age = expires_at.saturating_sub(now);
    if let Ok(value) = HeaderValue::from_str(&format!("private, max-age={max_age}")) {
        answer.headers.push((http::header::CACHE_CONTROL, value));
    }
    Ok(answer)
}

pub fn live(ctx: &mut Ctx<'_>, req: &ApiRequest) -> Answer {
    let now = ctx.now_secs();
    let Some((key, kind)) = media_key(&req.path, LIVE_PREFIX) else {
        return Err(SodalifeError::media_not_found());
    };
    let state = sodalife(ctx)?;
    let Some(Media::Live { device }) = state.media.get(key).cloned() else {
        return Err(SodalifeError::media_not_found());
    };
    let online = ctx
        .world
        .cameras
        .get(VendorId::Sodalife, &device)
        .is_some_and(|c: &Camera| c.online);
    if !online {
        return Err(SodalifeError::media_not_found());
    }
    match kind {
        "m3u8" | "hd.m3u8" => Ok(ApiResponse::text(
            StatusCode::OK,
            "application/vnd.apple.mpegurl",
            crate::media::placeholder_live_playlist(now),
        )),
        "flv" | "hd.flv" => Ok(ApiResponse::text(
            StatusCode::OK,
            "video/x-flv",
            crate::media::FLV_HEADER,
        )),
        _ => Err(SodalifeError::media_not_found()),
    }
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
