//! Where section 17's alarms come from: the one function that lists the alarms of some devices
//! (a product's, a device's, a channel's) in a span. Nothing is stored: alarms are derived on
//! every call from each device's camera timeline, so every view (the timeline control view,
//! VOD, pictures, alarms) agrees; `state::alarms` only adds read marks and deleted messages.
//!
//! Proposals (seed 003 does not say where alarms come from):
//! - **Video and picture alarms** (`alarm_way` 1 and 2) are the timeline's events, on the
//!   device's primary channel (a device without channels has none). An event with a recording
//!   (its own clip, or any recording running at its start) is a video alarm that plays that
//!   recording; one without (recording off, the camera offline, the recording deleted) is a
//!   picture alarm. `alarm_id` is the event's id; the time is its start.
//! - **Device messages** (`alarm_way` 3, section 17.2) are the device's offline and online
//!   transitions on the timeline (the stretches `window` leaves empty): "设备离线" when an
//!   offline period starts, "设备上线" when it ends, ids `{device}-offline-{t}` and
//!   `{device}-online-{t}`; they belong to the primary channel too (0 without one).
//! - An alarm exists from its time until its device's timeline forgets it (retention), in the
//!   span `[from, to)` by its time.

use super::state::{OnenetDevice, OnenetState};
use crate::sim::VendorId;
use crate::sim::camera::{Camera, Cameras};
use crate::sim::hashing::FastMap;
use crate::sim::timeline::{
    self, EventKind, MAX_EVENT_SECS, MAX_WINDOW_SECS, POST_ROLL_SECS, PRE_ROLL_SECS, SLOT_SECS,
    Segment,
};
use std::ops::ControlFlow;

/// Most alarms one call gathers (a product-wide query over a month of a busy product would
/// otherwise hold the world for seconds); beyond it the call is refused (errno 13).
pub const MAX_ALARMS: usize = 200_000;

/// The longest any recording lasts: a continuous slot or an event's clip.
const LONGEST_SEGMENT_SECS: i64 = {
    let clip = MAX_EVENT_SECS as i64 + PRE_ROLL_SECS + POST_ROLL_SECS;
    if clip > SLOT_SECS { clip } else { SLOT_SECS }
};

/// `alarm_way`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Way {
    Video = 1,
    Picture = 2,
    Message = 3,
}

impl Way {
    pub fn code(self) -> u8 {
        self as u8
    }
}

/// What an alarm is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cause {
    Event(EventKind),
    WentOffline,
    CameOnline,
}

impl Cause {
    /// `comment`: what the platform's console would show (the seed's example is Chinese).
    pub fn comment(self) -> &'static str {
        match self {
            Cause::Event(kind) => match kind {
                EventKind::Motion => "移动侦测告警",
                EventKind::Human => "人形侦测告警",
                EventKind::Sound => "声音侦测告警",
                EventKind::Doorbell => "门铃呼叫",
                EventKind::Call => "一键呼叫",
                EventKind::Crying => "哭声侦测告警",
                EventKind::Vehicle => "车辆侦测告警",
                EventKind::Pet => "宠物侦测告警",
                EventKind::Package => "包裹侦测告警",
                EventKind::Face => "人脸识别告警",
                EventKind::Fire => "烟火侦测告警",
                EventKind::Intrusion => "区域入侵告警",
            },
            Cause::WentOffline => "设备离线",
            Cause::CameOnline => "设备上线",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alarm {
    pub id: String,
    pub device: String,
    /// The device's place in the world (creation order), for stable ordering.
    pub order: usize,
    pub channel: u32,
    pub way: Way,
    pub cause: Cause,
    /// Unix seconds.
    pub at: i64,
    pub read: bool,
    /// The recording that plays it (video alarms).
    pub video: Option<String>,
    /// The picture taken at it (video and picture alarms).
    pub picture: Option<String>,
}

/// Whose alarms: some devices (of one product), and one channel or all.
#[derive(Debug, Clone)]
pub struct Scope<'a> {
    pub devices: Vec<&'a OnenetDevice>,
    pub channel: Option<u32>,
}

/// The span asked gathers more than `MAX_ALARMS` alarms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooMany;

/// What every call reads.
#[derive(Clone, Copy)]
pub struct Source<'a> {
    pub state: &'a OnenetState,
    pub cameras: &'a Cameras,
    pub seed: u64,
    pub now: i64,
}

impl Source<'_> {
    /// Every alarm of `scope` whose time is in `[from, to)`, newest first, then by device and
    /// id; refused beyond `MAX_ALARMS`.
    pub fn alarms(&self, scope: &Scope<'_>, from: i64, to: i64) -> Result<Vec<Alarm>, TooMany> {
        let mut out = Vec::new();
        let mut too_many = false;
        self.visit(scope, from, to, |a| {
            out.push(a);
            too_many = out.len() > MAX_ALARMS;
            if too_many {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        });
        if too_many {
            return Err(TooMany);
        }
        out.sort_by(|a, b| {
            b.at.cmp(&a.at)
                .then(a.order.cmp(&b.order))
                .then_with(|| a.id.cmp(&b.id))
        });
        Ok(out)
    }

    /// Every alarm of `scope` its devices' timelines still keep, a month at a time, newest
    /// month first (so a search for recent alarms stops early), until `f` breaks. Nothing is
    /// gathered: the whole history of a product can be counted.
    pub fn history(&self, scope: &Scope<'_>, f: impl FnMut(Alarm) -> ControlFlow<()>) {
        let longest = scope
            .devices
            .iter()
            .filter_map(|d| self.cameras.get(VendorId::Onenet, &d.id))
            .map(|c| i64::from(c.timeline.retention_days))
            .max()
            .unwrap_or(0);
        let from = self.now.saturating_sub(longest.saturating_mul(86_400));
        self.visit(scope, from, self.now.saturating_add(1), f);
    }

    /// The alarms of `scope` named `ids` (each once), in the order of `ids`; `None` for an id
    /// no alarm of `scope` has (any more).
    pub fn find(&self, scope: &Scope<'_>, ids: &[String]) -> Vec<Option<Alarm>> {
        let mut found: Vec<Option<Alarm>> = vec![None; ids.len()];
        let mut left = ids.len();
        self.history(scope, |alarm| {
            if let Some(i) = ids.iter().position(|id| *id == alarm.id)
                && let Some(slot) = found.get_mut(i)
                && slot.is_none()
            {
                *slot = Some(alarm);
                left = left.saturating_sub(1);
            }
            if left == 0 {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        });
        found
    }

    /// The alarms in `[from, to)`, a month at a time from the newest, each month device by
    /// device, until `f` breaks.
    fn visit(
        &self,
        scope: &Scope<'_>,
        from: i64,
        to: i64,
        mut f: impl FnMut(Alarm) -> ControlFlow<()>,
    ) {
        let mut buffer = Vec::new();
        let mut end = to;
        while end > from {
            let start = end.saturating_sub(MAX_WINDOW_SECS).max(from);
            for device in &scope.devices {
                let Some(camera) = self.cameras.get(VendorId::Onenet, &device.id) else {
                    continue;
                };
                // A device's alarms are all on its primary channel.
                if scope
                    .channel
                    .is_some_and(|c| c != device.primary_channel().unwrap_or(0))
                {
                    continue;
                }
                let order = self.state.devices.get_index_of(&device.id).unwrap_or(0);
                buffer.clear();
                self.device_alarms(device, camera, order, (start, end), &mut buffer);
                for alarm in buffer.drain(..) {
                    if f(alarm).is_break() {
                        return;
                    }
                }
            }
            end = start;
        }
    }

    /// One device's alarms in `[from, to)`, at most a month.
    fn device_alarms(
        &self,
        device: &OnenetDevice,
        camera: &Camera,
        order: usize,
        (from, to): (i64, i64),
        out: &mut Vec<Alarm>,
    ) {
        let primary = device.primary_channel();
        let channel = primary.unwrap_or(0);
        let marks = &self.state.alarms;
        let key = camera.history_key();
        let src = camera.timeline_source(self.seed, &key, self.now);
        let keep_from = self
            .now
            .saturating_sub(i64::from(camera.timeline.retention_days).saturating_mul(86_400));
        let alarm = |id: String, way, cause, at| Alarm {
            read: marks.is_read(&device.id, &id),
            id,
            device: device.id.clone(),
            order,
            channel,
            way,
            cause,
            at,
            video: None,
            picture: None,
        };
        if primary.is_some()
            && let Ok(window) = timeline::window(&src, from, to)
        {
            let own: FastMap<&str, &Segment> = window
                .segments
                .iter()
                .filter_map(|s| s.event_id.as_deref().map(|e| (e, s)))
                .collect();
            for event in window
                .events
                .iter()
                .filter(|e| (from..to).contains(&e.start))
            {
                let video = own
                    .get(event.id.as_str())
                    .copied()
                    .or_else(|| running_at(&window.segments, event.start))
                    .map(|s| s.id.clone());
                let way = if video.is_some() {
                    Way::Video
                } else {
                    Way::Picture
                };
                let mut a = alarm(event.id.clone(), way, Cause::Event(event.kind), event.start);
                a.video = video;
                a.picture = Some(event.picture_id.clone());
                out.push(a);
            }
        }
        if let Ok(periods) = timeline::offline_periods(&src, from, to) {
            let shown = |t: i64| (from..to).contains(&t) && t >= keep_from && t <= self.now;
            for (start, end) in periods {
                for (t, cause, word) in [
                    (start, Cause::WentOffline, "offline"),
                    (end, Cause::CameOnline, "online"),
                ] {
                    let id = format!("{}-{word}-{t}", device.id);
                    if shown(t) && !marks.is_deleted(&device.id, &id) {
                        out.push(alarm(id, Way::Message, cause, t));
                    }
                }
            }
        }
    }
}

/// A recording running at `t` (segments sorted by start).
fn running_at(segments: &[Segment], t: i64) -> Option<&Segment> {
    let started = segments.partition_point(|s| s.start <= t);
    segments[..started]
        .iter()
        .rev()
        .take_while(|s| s.start >= t.saturating_sub(LONGEST_SEGMENT_SECS))
        .find(|s| s.end > t)
}
