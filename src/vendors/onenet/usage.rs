//! What a device's history holds in the cloud (section 18): its recordings on the camera
//! timeline within retention (deleted ones are gone from the timeline), its timeline pictures
//! not deleted with section 5.4 (each counted with `media::picture_bytes`' estimate of its
//! size), and its uploaded pictures. Also the walk over the timeline in
//! windows of at most 31 days that the picture list shares, so both see the same history.
//! The product's object store (section 16) is counted by the caller: files belong to the
//! product, not to a device.

use super::media;
use super::state::pictures::DevicePictures;
use crate::media::MAIN_SIZE;
use crate::sim::camera::Camera;
use crate::sim::timeline::{self, MAX_RETENTION_DAYS, MAX_WINDOW_SECS, Window};

const DAY: i64 = 86_400;

/// Oldest instant a camera's history keeps at `now`.
pub fn retention_start(camera: &Camera, now: i64) -> i64 {
    let days = i64::from(camera.timeline.retention_days.clamp(1, MAX_RETENTION_DAYS));
    now.saturating_sub(days.saturating_mul(DAY))
}

/// Calls `f(from, to, window)` for consecutive windows covering `[from, to)` clipped to the
/// retention and the clock; each item is in the window its start falls in (a segment
/// crossing a window's edge shows in both: callers count it where it starts).
pub fn each_window(
    camera: &Camera,
    seed: u64,
    now: i64,
    from: i64,
    to: i64,
    mut f: impl FnMut(i64, i64, Window),
) {
    let key = camera.history_key();
    let src = camera.timeline_source(seed, &key, now);
    let mut start = from.max(retention_start(camera, now));
    let end = to.min(now.saturating_add(1));
    while start < end {
        let stop = start.saturating_add(MAX_WINDOW_SECS).min(end);
        if let Ok(window) = timeline::window(&src, start, stop) {
            f(start, stop, window);
        }
        start = stop;
    }
}

/// What one device holds, bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DeviceUsage {
    pub recordings: u64,
    pub pictures: u64,
}

impl DeviceUsage {
    pub fn total(&self) -> u64 {
        self.recordings.saturating_add(self.pictures)
    }
}

/// Bytes a device's cloud recordings hold: every segment of its timeline that starts within
/// retention, as the timeline sizes it (deleted recordings are no longer on the timeline).
pub fn recording_bytes(camera: &Camera, seed: u64, now: i64) -> u64 {
    usage(camera, None, seed, now).recordings
}

/// Recordings and pictures of one device: one walk over its retention.
pub fn usage(
    camera: &Camera,
    pictures: Option<&DevicePictures>,
    seed: u64,
    now: i64,
) -> DeviceUsage {
    let mut out = DeviceUsage::default();
    each_window(camera, seed, now, i64::MIN, i64::MAX, |from, to, window| {
        for segment in &window.segments {
            if (from..to).contains(&segment.start) {
                out.recordings = out.recordings.saturating_add(segment.bytes);
            }
        }
        for picture in &window.pictures {
            if !pictures.is_some_and(|p| p.hidden(&picture.id)) {
                let size = pictures.and_then(|p| p.snapshot_size(&picture.id));
                let bytes = media::picture_bytes(size.unwrap_or(MAIN_SIZE));
                out.pictures = out.pictures.saturating_add(bytes);
            }
        }
    });
    let uploads = pictures.map_or(0, |p| p.upload_bytes() as u64);
    out.pictures = out.pictures.saturating_add(uploads);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::VendorId;
    use crate::sim::timeline::BYTES_PER_SEC;

    const NOW: i64 = 1_795_334_400;

    fn camera() -> Camera {
        Camera::new(
            VendorId::Onenet,
            "25045682".into(),
            "25045682".into(),
            "375201".into(),
            NOW,
        )
    }

    #[test]
    fn recordings_are_counted_once_across_window_edges() {
        let mut camera = camera();
        let spec = crate::sim::timeline::TimelineSpec {
            retention_days: Some(40),
            ..Default::default()
        };
        camera.timeline = std::sync::Arc::new(spec.settings());
        let keep = retention_start(&camera, NOW);
        let key = camera.history_key();
        let src = camera.timeline_source(11, &key, NOW);
        // Windows cut elsewhere than `each_window` cuts them; a segment counts once, by id.
        let mut seen = std::collections::BTreeMap::new();
        for (from, to) in [(keep, keep + 20 * DAY), (keep + 20 * DAY, NOW + 1)] {
            for s in timeline::window(&src, from, to).expect("window").segments {
                seen.insert(s.id.clone(), s.bytes);
            }
        }
        let expected: u64 = seen.values().sum();
        assert!(expected > 30 * DAY as u64 * BYTES_PER_SEC, "{expected}");
        assert_eq!(recording_bytes(&camera, 11, NOW), expected);
    }

    #[test]
    fn a_deleted_recording_is_no_longer_counted() {
        let mut camera = camera();
        let before = recording_bytes(&camera, 11, NOW);
        let key = camera.history_key();
        let src = camera.timeline_source(11, &key, NOW);
        let window = timeline::window(&src, NOW - 3600, NOW).expect("window");
        let segment = window.segments.last().expect("a recording").clone();
        camera
            .history
            .delete_segment(&segment.id)
            .expect("room in the overlay");
        assert_eq!(recording_bytes(&camera, 11, NOW), before - segment.bytes);
    }

    #[test]
    fn each_timeline_picture_counts_the_estimate_of_a_1280x720_card() {
        let camera = camera();
        let mut pictures = 0u64;
        each_window(&camera, 11, NOW, i64::MIN, i64::MAX, |_, _, window| {
            pictures += window.pictures.len() as u64;
        });
        assert!(pictures > 0);
        let used = usage(&camera, None, 11, NOW).pictures;
        assert_eq!(used, pictures * media::picture_bytes(MAIN_SIZE));
    }
}
