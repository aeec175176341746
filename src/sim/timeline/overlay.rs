//! Changes made through vendor APIs, kept on top of the generated history until the world is
//! reset. Empty for nearly every device, so it is one pointer until first used.

use super::settings::EventKind;
use super::{Event, Picture, PictureCause};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// Per device: bounds a world's memory whatever clients send.
pub const MAX_OVERLAY_ITEMS: usize = 10_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OverlayFull;

impl fmt::Display for OverlayFull {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "this device already keeps {MAX_OVERLAY_ITEMS} changes; reset the world to make more"
        )
    }
}

impl std::error::Error for OverlayFull {}

#[derive(Default, Debug, Clone)]
pub struct Overlay {
    data: Option<Box<Data>>,
}

#[derive(Default, Debug, Clone)]
struct Data {
    raised: Vec<Raised>,
    snapshots: Vec<Picture>,
    deleted_segments: BTreeSet<String>,
    deleted_events: BTreeSet<String>,
    names: BTreeMap<String, String>,
    /// (at, online), sorted by time; equal times keep call order.
    transitions: Vec<(i64, bool)>,
    formatted_at: Option<i64>,
    /// The online state and its change time before the first run-time change: the history
    /// before that change is drawn from it, so later changes never rewrite the past.
    origin: Option<(bool, i64)>,
}

#[derive(Debug, Clone)]
pub(super) struct Raised {
    pub event: Event,
    pub with_recording: bool,
}

impl Data {
    fn items(&self) -> usize {
        self.raised.len()
            + self.snapshots.len()
            + self.deleted_segments.len()
            + self.deleted_events.len()
            + self.names.len()
            + self.transitions.len()
    }
}

impl Overlay {
    /// Room for one more item, or `OverlayFull`.
    fn room(&mut self) -> Result<&mut Data, OverlayFull> {
        let data = self.data.get_or_insert_with(Box::default);
        if data.items() >= MAX_OVERLAY_ITEMS {
            return Err(OverlayFull);
        }
        Ok(data)
    }

    /// An event raised deliberately (e.g. a test's "ring the doorbell"); it shows in windows
    /// once the clock reaches `start`, even if the camera is offline then. `id` must be unique
    /// in the world; its picture is `{id}-p`, its recording (if any) `{id}-v`.
    pub fn raise_event(
        &mut self,
        id: String,
        kind: EventKind,
        start: i64,
        duration_secs: u32,
        with_recording: bool,
    ) -> Result<Event, OverlayFull> {
        let data = self.room()?;
        let event = Event {
            picture_id: super::picture_id(&id),
            id,
            kind,
            code: kind.code(),
            start,
            duration_secs,
            raised: true,
        };
        data.raised.push(Raised {
            event: event.clone(),
            with_recording,
        });
        Ok(event)
    }

    /// A snapshot picture; shows once the clock reaches `at`, online or not.
    pub fn take_picture(&mut self, id: String, at: i64) -> Result<Picture, OverlayFull> {
        let data = self.room()?;
        let picture = Picture {
            id,
            at,
            cause: PictureCause::Snapshot,
            event_id: None,
        };
        data.snapshots.push(picture.clone());
        Ok(picture)
    }

    /// Hides a segment (generated or raised) from windows, recorded days and the SD card.
    pub fn delete_segment(&mut self, id: &str) -> Result<(), OverlayFull> {
        if self.deleted_segment(id) {
            return Ok(());
        }
        self.room()?.deleted_segments.insert(id.to_string());
        Ok(())
    }

    pub fn rename_segment(&mut self, id: &str, name: String) -> Result<(), OverlayFull> {
        if let Some(old) = self.data.as_mut().and_then(|d| d.names.get_mut(id)) {
            *old = name;
            return Ok(());
        }
        self.room()?.names.insert(id.to_string(), name);
        Ok(())
    }

    /// Hides an event and its picture; its recording stays (delete it separately), still
    /// naming the event that caused it.
    pub fn delete_event(&mut self, id: &str) -> Result<(), OverlayFull> {
        if self.deleted_event(id) {
            return Ok(());
        }
        self.room()?.deleted_events.insert(id.to_string());
        Ok(())
    }

    /// The SD card holds nothing that started before `at`. Cloud history (windows) is
    /// unaffected: only `sd_card` reads this. A later format replaces an earlier one.
    pub fn format_sd_card(&mut self, at: i64) {
        let data = self.data.get_or_insert_with(Box::default);
        data.formatted_at = Some(data.formatted_at.map_or(at, |old| old.max(at)));
    }

    /// Keeps the state a camera had before its first run-time change (`online`, changed at
    /// `since`); later calls change nothing.
    pub fn note_origin(&mut self, online: bool, since: i64) {
        let data = self.data.get_or_insert_with(Box::default);
        data.origin.get_or_insert((online, since));
    }

    pub(super) fn origin(&self) -> Option<(bool, i64)> {
        self.data.as_ref().and_then(|d| d.origin)
    }

    /// The first change back online at or after `at`.
    pub(super) fn online_again(&self, at: i64) -> Option<i64> {
        let transitions = self.data.as_ref().map_or(&[][..], |d| &d.transitions);
        transitions
            .iter()
            .find(|(t, online)| *online && *t >= at)
            .map(|(t, _)| *t)
    }

    /// Offline from `at` until a later `came_online`: no generated segments or events then.
    pub fn went_offline(&mut self, at: i64) -> Result<(), OverlayFull> {
        self.transition(at, false)
    }

    pub fn came_online(&mut self, at: i64) -> Result<(), OverlayFull> {
        self.transition(at, true)
    }

    fn transition(&mut self, at: i64, online: bool) -> Result<(), OverlayFull> {
        let data = self.room()?;
        let i = data.transitions.partition_point(|t| t.0 <= at);
        data.transitions.insert(i, (at, online));
        Ok(())
    }

    pub fn is_empty(&self) -> bool {
        self.data
            .as_ref()
            .is_none_or(|d| d.items() == 0 && d.formatted_at.is_none() && d.origin.is_none())
    }

    /// Items kept (counted against `MAX_OVERLAY_ITEMS`).
    pub fn len(&self) -> usize {
        self.data.as_ref().map_or(0, |d| d.items())
    }

    pub(super) fn raised(&self) -> &[Raised] {
        self.data.as_ref().map_or(&[], |d| &d.raised)
    }

    pub(super) fn snapshots(&self) -> &[Picture] {
        self.data.as_ref().map_or(&[], |d| &d.snapshots)
    }

    pub(super) fn deleted_segment(&self, id: &str) -> bool {
        self.data
            .as_ref()
            .is_some_and(|d| d.deleted_segments.contains(id))
    }

    pub(super) fn has_deleted_segments(&self) -> bool {
        self.data
            .as_ref()
            .is_some_and(|d| !d.deleted_segments.is_empty())
    }

    pub(super) fn deleted_event(&self, id: &str) -> bool {
        self.data
            .as_ref()
            .is_some_and(|d| d.deleted_events.contains(id))
    }

    pub(super) fn name(&self, segment_id: &str) -> Option<&str> {
        self.data
            .as_ref()
            .and_then(|d| d.names.get(segment_id))
            .map(String::as_str)
    }

    pub(super) fn formatted_at(&self) -> Option<i64> {
        self.data.as_ref().and_then(|d| d.formatted_at)
    }

    /// Offline periods from run-time changes, `[start, end)`, in order; an open one ends at
    /// `i64::MAX`. A `came_online` with no earlier `went_offline` changes nothing.
    pub(super) fn offline_periods(&self) -> impl Iterator<Item = (i64, i64)> + '_ {
        let transitions = self.data.as_ref().map_or(&[][..], |d| &d.transitions);
        let mut open: Option<i64> = None;
        let mut iter = transitions.iter();
        std::iter::from_fn(move || {
            for &(at, online) in iter.by_ref() {
                match (online, open) {
                    (false, None) => open = Some(at),
                    (true, Some(start)) => {
                        open = None;
                        if at > start {
                            return Some((start, at));
                        }
                    }
                    _ => {}
                }
            }
            open.take().map(|start| (start, i64::MAX))
        })
    }
}
