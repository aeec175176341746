//! A camera's timeline in the control API: `GET .../timeline?from=&to=` (its recordings,
//! events, pictures and SD card in a window of world time) and `POST .../events` (raise an
//! event now or at a time, optionally with a recording around it). The history itself is
//! `sim::timeline`; this module reads requests and writes answers.

use super::{Answer, bad_request, device_not_found, json_body, vendor_named};
use crate::api::request::ApiRequest;
use crate::api::response::ApiResponse;
use crate::sim::camera::Camera;
use crate::sim::spec::TimeSpec;
use crate::sim::timeline::{
    self, Event, EventKind, MAX_EVENT_SECS, MAX_OVERLAY_ITEMS, PRE_ROLL_SECS, SdCard, Segment,
    TimelineSettings, Window,
};
use crate::sim::{Sim, VendorId};
use http::StatusCode;
use serde::{Deserialize, Serialize};

/// The window a query without `from`/`to` gets: the last day.
const DEFAULT_WINDOW_SECS: i64 = 86_400;
/// An event raised without `durationSecs`.
const DEFAULT_EVENT_SECS: u32 = 30;

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct TimelineView {
    vendor: VendorId,
    dev_id: String,
    from: i64,
    to: i64,
    now: i64,
    settings: TimelineSettings,
    sd_card: SdCard,
    #[serde(flatten)]
    window: Window,
}

/// A camera's history inputs, copied out so the window is computed with the world unlocked.
struct Snapshot {
    camera: Camera,
    key: String,
}

fn snapshot(sim: &Sim, vendor: VendorId, id: &str) -> Result<Snapshot, ApiResponse> {
    let world = sim.world.lock();
    let camera = super::camera(sim, &world, vendor, id)?;
    Ok(Snapshot {
        key: camera.history_key(),
        camera: camera.clone(),
    })
}

/// `GET worlds/{w}/devices/{vendor}/{id}/timeline?from=&to=`: items overlapping `[from, to)`,
/// whole. Times as in scenarios (Unix seconds, RFC 3339, `now-2h`); default the last day.
pub(super) fn get(sim: &Sim, vendor: &str, id: &str, req: &ApiRequest) -> Answer {
    let vendor = vendor_named(vendor, StatusCode::NOT_FOUND)?;
    let now = sim.clock.now_secs();
    let to = time_param(req, "to", now)?.unwrap_or(now);
    let from = time_param(req, "from", now)?.unwrap_or(to.saturating_sub(DEFAULT_WINDOW_SECS));
    let Snapshot { camera, key } = snapshot(sim, vendor, id)?;
    let source = camera.timeline_source(sim.seed, &key, now);
    let window = timeline::window(&source, from, to)
        .map_err(|e| bad_request(format!("from: {e}"), Some("from")))?;
    let view = TimelineView {
        vendor,
        dev_id: camera.id.clone(),
        from,
        to,
        now,
        settings: (*camera.timeline).clone(),
        sd_card: timeline::sd_card(&source),
        window,
    };
    Ok(ApiResponse::json(StatusCode::OK, &view))
}

/// A time query parameter, 400 naming it when it is not a time.
fn time_param(req: &ApiRequest, name: &str, now: i64) -> Result<Option<i64>, ApiResponse> {
    let Some(text) = req.query_param(name) else {
        return Ok(None);
    };
    // An unencoded `+` in a query string arrives as a space: `now+2h` reads `now 2h`.
    let text = match text.trim().strip_prefix("now ") {
        Some(rest) => format!("now+{}", rest.trim_start()),
        None => text.to_string(),
    };
    TimeSpec::parse(&text)
        .map(|t| Some(t.at(now)))
        .map_err(|why| bad_request(format!("{name}: {why}"), Some(name)))
}

/// `POST worlds/{w}/devices/{vendor}/{id}/events`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RaiseEvent {
    /// motion, human, sound, doorbell, call, crying, vehicle, pet, package, face, fire, intrusion.
    kind: EventKind,
    /// When it starts (default now); a later time shows once the clock reaches it.
    at: Option<TimeSpec>,
    duration_secs: Option<u32>,
    /// Record a clip around it (default true), whatever the camera's recording mode.
    recording: Option<bool>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Raised {
    event: Event,
    /// The clip recorded around it, when asked for.
    segment: Option<Segment>,
}

pub(super) fn raise(sim: &Sim, vendor: &str, id: &str, req: &ApiRequest) -> Answer {
    let vendor = vendor_named(vendor, StatusCode::NOT_FOUND)?;
    let raise: RaiseEvent = json_body(req)?;
    let duration = raise.duration_secs.unwrap_or(DEFAULT_EVENT_SECS);
    if duration == 0 || duration > MAX_EVENT_SECS {
        return Err(bad_request(
            format!("durationSecs: must be 1 to {MAX_EVENT_SECS}, got {duration}"),
            Some("durationSecs"),
        ));
    }
    let now = sim.clock.now_secs();
    let start = raise.at.map_or(now, |t| t.at(now));
    let recording = raise.recording.unwrap_or(true);
    let mut world = sim.world.lock();
    let camera = world
        .cameras
        .get_mut(vendor, id)
        .ok_or_else(|| device_not_found(sim, vendor, id))?;
    let event = camera
        .history
        .raise_event(sim.ids.hex(16), raise.kind, start, duration, recording)
        .map_err(|_| {
            super::error(
                StatusCode::CONFLICT,
                format!(
                    "device `{id}` already holds {MAX_OVERLAY_ITEMS} changes to its history; reset the world"
                ),
                None,
            )
        })?;
    let camera = camera.clone();
    drop(world);
    // The clip as the timeline shows it (once the clock reaches it).
    let key = camera.history_key();
    let source = camera.timeline_source(sim.seed, &key, now.max(start));
    let segment = recording
        .then(|| {
            let clip_start = start.saturating_sub(PRE_ROLL_SECS);
            timeline::window(&source, clip_start, start.saturating_add(1)).ok()
        })
        .flatten()
        .and_then(|w| {
            w.segments
                .into_iter()
                .find(|s| s.event_id.as_deref() == Some(event.id.as_str()))
        });
    Ok(ApiResponse::json(
        StatusCode::CREATED,
        &Raised { event, segment },
    ))
}
