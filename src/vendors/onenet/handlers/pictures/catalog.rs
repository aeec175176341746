//! A device's pictures as section 5 lists them: the camera timeline's pictures within
//! retention (event pictures named by their id; cmdId 32 snapshots by the name and channel the
//! device gave them, else by their id), on the device's primary channel, plus its uploads;
//! less the timeline pictures deleted with section 5.4. A timeline picture is the test card at
//! its instant, at the size a cmdId 32 snapshot asked for, else 1280×720.

use crate::media::{MAIN_SIZE, Size};
use crate::sim::camera::Camera;
use crate::sim::timeline::PictureCause;
use crate::vendors::onenet::state::OnenetDevice;
use crate::vendors::onenet::state::pictures::{DevicePictures, Format};
use crate::vendors::onenet::{media, usage};

/// One picture of the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub name: String,
    pub channel: u32,
    /// Unix seconds.
    pub date: i64,
    pub origin: Origin,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Uploaded with section 5.1 (its bytes, format and description are kept).
    Upload,
    /// From the camera timeline: the card at `date` as a JPEG of `size`; `desc` says what
    /// took it.
    Timeline {
        id: String,
        desc: &'static str,
        size: Size,
    },
}

/// What a device's catalogue is built from.
pub struct Source<'a> {
    pub device: &'a OnenetDevice,
    pub camera: Option<&'a Camera>,
    pub pictures: Option<&'a DevicePictures>,
    pub seed: u64,
    pub now: i64,
}

impl Source<'_> {
    /// Every picture dated within `[from, to]` (inclusive), on `channel` if given; unordered.
    pub fn collect(&self, from: i64, to: i64, channel: Option<u32>) -> Vec<Entry> {
        let on = |c: u32| channel.is_none_or(|want| want == c);
        let mut out: Vec<Entry> = self
            .pictures
            .into_iter()
            .flat_map(DevicePictures::uploads)
            .filter(|(_, u)| on(u.channel) && (from..=to).contains(&u.date))
            .map(|(name, u)| Entry {
                name: name.to_string(),
                channel: u.channel,
                date: u.date,
                origin: Origin::Upload,
            })
            .collect();
        self.timeline(from, to.saturating_add(1), |entry| {
            if on(entry.channel) {
                out.push(entry);
            }
            false
        });
        out
    }

    /// The picture named `name`, wherever it is.
    pub fn find(&self, name: &str) -> Option<Entry> {
        if let Some(u) = self.pictures.and_then(|p| p.upload(name)) {
            return Some(Entry {
                name: name.to_string(),
                channel: u.channel,
                date: u.date,
                origin: Origin::Upload,
            });
        }
        // A generated event picture names its hour; anything else takes the whole retention.
        generated_hour(name)
            .and_then(|hour| self.first_named(name, hour, hour.saturating_add(3600)))
            .or_else(|| self.first_named(name, i64::MIN, i64::MAX))
    }

    /// The timeline picture named `name` within `[from, to)`.
    fn first_named(&self, name: &str, from: i64, to: i64) -> Option<Entry> {
        let mut found = None;
        self.timeline(from, to, |entry| {
            let hit = entry.name == name;
            if hit {
                found = Some(entry);
            }
            hit
        });
        found
    }

    /// Timeline pictures within `[from, to)`, not deleted, until `f` says it is done.
    fn timeline(&self, from: i64, to: i64, mut f: impl FnMut(Entry) -> bool) {
        let Some(camera) = self.camera else { return };
        let primary = self.device.primary_channel();
        let mut done = false;
        usage::each_window(camera, self.seed, self.now, from, to, |_, _, window| {
            for picture in &window.pictures {
                if done || self.pictures.is_some_and(|p| p.hidden(&picture.id)) {
                    continue;
                }
                let named = self.pictures.and_then(|p| p.snapshot_name(&picture.id));
                let size = self.pictures.and_then(|p| p.snapshot_size(&picture.id));
                let (name, channel) = match (named, primary) {
                    (Some((name, channel)), _) => (name.to_string(), channel),
                    (None, Some(channel)) => (picture.id.clone(), channel),
                    (None, None) => continue,
                };
                let desc = match picture.cause {
                    PictureCause::Snapshot => "snapshot",
                    PictureCause::Event => window
                        .events
                        .iter()
                        .find(|e| Some(&e.id) == picture.event_id.as_ref())
                        .map_or("alarm", |e| e.kind.name()),
                };
                done = f(Entry {
                    name,
                    channel,
                    date: picture.at,
                    origin: Origin::Timeline {
                        id: picture.id.clone(),
                        desc,
                        size: size.unwrap_or(MAIN_SIZE),
                    },
                });
            }
        });
    }
}

/// Format, description and bytes of an entry.
pub struct Content {
    pub format: Format,
    pub desc: String,
    pub size: u64,
}

impl Entry {
    /// What the list shows of the entry beyond its name and date (a timeline picture's size
    /// is `media::picture_bytes`' estimate).
    pub fn content(&self, pictures: Option<&DevicePictures>) -> Content {
        match &self.origin {
            Origin::Upload => match pictures.and_then(|p| p.upload(&self.name)) {
                Some(u) => Content {
                    format: u.format,
                    desc: u.desc.clone(),
                    size: u.bytes.len() as u64,
                },
                None => Content {
                    format: Format::Jpg,
                    desc: String::new(),
                    size: 0,
                },
            },
            Origin::Timeline { desc, size, .. } => Content {
                format: Format::Jpg,
                desc: (*desc).to_string(),
                size: media::picture_bytes(*size),
            },
        }
    }
}

/// The hour a generated event picture id (`{prefix}-e{hour}-{index}-p`) names, in seconds.
fn generated_hour(name: &str) -> Option<i64> {
    let rest = name.strip_suffix("-p")?;
    let mut parts = rest.rsplitn(3, '-');
    let _index: u32 = parts.next()?.parse().ok()?;
    let bucket: i64 = parts.next()?.strip_prefix('e')?.parse().ok()?;
    parts.next()?;
    bucket.checked_mul(3600)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_generated_picture_id_names_its_hour() {
        assert_eq!(generated_hour("1a2b3c4d-e498704-2-p"), Some(498_704 * 3600));
        assert_eq!(generated_hour("snap_x"), None);
        assert_eq!(generated_hour("a-ex-1-p"), None);
    }
}
