//! What the platform keeps of a device's pictures beyond its camera timeline: pictures
//! uploaded with section 5.1 (with their bytes), timeline pictures deleted with section 5.4
//! (hidden by id: deleting the event instead would hide its alarm too), and the names cmdId 32
//! snapshots are listed under. Which pictures exist is `handlers::pictures`' business; this
//! only keeps the run-time part, bounded per device and per world.

use crate::media::Size;
use crate::sim::hashing::FastMap;
use bytes::Bytes;
use std::collections::{BTreeMap, BTreeSet};

/// Uploads one device keeps (no limit published; proposal).
pub const MAX_DEVICE_UPLOADS: usize = 200;
/// Bytes of uploads one device keeps (proposal).
pub const MAX_DEVICE_UPLOAD_BYTES: usize = 32 * 1024 * 1024;
/// Bytes of uploads one world keeps, whatever the number of devices (proposal).
pub const MAX_WORLD_UPLOAD_BYTES: usize = 256 * 1024 * 1024;
/// Timeline pictures one device may hide, and snapshot names it keeps.
pub const MAX_DEVICE_MARKS: usize = 10_000;

/// A picture format section 5 names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Jpg,
    Png,
}

impl Format {
    pub fn parse(text: &str) -> Option<Format> {
        match text {
            "jpg" => Some(Format::Jpg),
            "png" => Some(Format::Png),
            _ => None,
        }
    }

    pub fn text(self) -> &'static str {
        match self {
            Format::Jpg => "jpg",
            Format::Png => "png",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Format::Jpg => "image/jpeg",
            Format::Png => "image/png",
        }
    }
}

/// A picture uploaded with section 5.1.
#[derive(Debug, Clone)]
pub struct Upload {
    pub channel: u32,
    pub format: Format,
    pub desc: String,
    /// World clock at upload, Unix seconds.
    pub date: i64,
    pub bytes: Bytes,
}

/// One device's part.
#[derive(Debug, Default)]
pub struct DevicePictures {
    /// Uploads by name.
    uploads: BTreeMap<String, Upload>,
    upload_bytes: usize,
    /// Timeline picture ids deleted with section 5.4.
    hidden: BTreeSet<String>,
    /// Timeline picture id -> (name, channel) it is listed under and the size it was taken
    /// at (cmdId 32 snapshots).
    snapshot_names: BTreeMap<String, (String, u32, Size)>,
}

impl DevicePictures {
    pub fn upload(&self, name: &str) -> Option<&Upload> {
        self.uploads.get(name)
    }

    /// Uploads by name.
    pub fn uploads(&self) -> impl Iterator<Item = (&str, &Upload)> {
        self.uploads.iter().map(|(n, u)| (n.as_str(), u))
    }

    pub fn upload_bytes(&self) -> usize {
        self.upload_bytes
    }

    pub fn hidden(&self, picture_id: &str) -> bool {
        self.hidden.contains(picture_id)
    }

    /// The (name, channel) a timeline picture is listed under, when the device named it.
    pub fn snapshot_name(&self, picture_id: &str) -> Option<(&str, u32)> {
        self.snapshot_names
            .get(picture_id)
            .map(|(name, channel, _)| (name.as_str(), *channel))
    }

    /// The size a device took a timeline picture at, when it named it (cmdId 32).
    pub fn snapshot_size(&self, picture_id: &str) -> Option<Size> {
        self.snapshot_names
            .get(picture_id)
            .map(|(_, _, size)| *size)
    }

    /// The timeline picture listed under `name`, when a device named it.
    pub fn snapshot_by_name(&self, name: &str) -> Option<&str> {
        self.snapshot_names
            .iter()
            .find(|(_, (n, _, _))| n == name)
            .map(|(id, _)| id.as_str())
    }
}

/// Why an upload or a deletion was not kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// The device keeps `MAX_DEVICE_UPLOADS` uploads already.
    DeviceCount,
    /// The device's uploads would pass `MAX_DEVICE_UPLOAD_BYTES`.
    DeviceBytes,
    /// The world's uploads would pass `MAX_WORLD_UPLOAD_BYTES`.
    WorldBytes,
    /// The device hides `MAX_DEVICE_MARKS` pictures already.
    Marks,
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refused::DeviceCount => write!(
                f,
                "the device keeps {MAX_DEVICE_UPLOADS} uploaded pictures already"
            ),
            Refused::DeviceBytes => write!(
                f,
                "the device's uploaded pictures would pass {MAX_DEVICE_UPLOAD_BYTES} bytes"
            ),
            Refused::WorldBytes => write!(
                f,
                "the world's uploaded pictures would pass {MAX_WORLD_UPLOAD_BYTES} bytes"
            ),
            Refused::Marks => write!(
                f,
                "the device has {MAX_DEVICE_MARKS} deleted pictures already"
            ),
        }
    }
}

#[derive(Debug, Default)]
pub struct Pictures {
    devices: FastMap<String, DevicePictures>,
    /// Bytes of every upload of the world.
    upload_bytes: usize,
}

impl Pictures {
    pub fn of(&self, device: &str) -> Option<&DevicePictures> {
        self.devices.get(device)
    }

    /// Keeps an upload under `name` (the caller checked that no picture has it).
    pub fn add_upload(
        &mut self,
        device: &str,
        name: String,
        upload: Upload,
    ) -> Result<(), Refused> {
        let size = upload.bytes.len();
        let world = self.upload_bytes.saturating_add(size);
        let entry = self.devices.entry(device.to_string()).or_default();
        if entry.uploads.len() >= MAX_DEVICE_UPLOADS {
            return Err(Refused::DeviceCount);
        }
        let bytes = entry.upload_bytes.saturating_add(size);
        if bytes > MAX_DEVICE_UPLOAD_BYTES {
            return Err(Refused::DeviceBytes);
        }
        if world > MAX_WORLD_UPLOAD_BYTES {
            return Err(Refused::WorldBytes);
        }
        entry.upload_bytes = bytes;
        entry.uploads.insert(name, upload);
        self.upload_bytes = world;
        Ok(())
    }

    pub fn remove_upload(&mut self, device: &str, name: &str) -> Option<Upload> {
        let entry = self.devices.get_mut(device)?;
        let upload = entry.uploads.remove(name)?;
        let size = upload.bytes.len();
        entry.upload_bytes = entry.upload_bytes.saturating_sub(size);
        self.upload_bytes = self.upload_bytes.saturating_sub(size);
        Some(upload)
    }

    /// Hides a timeline picture from the list, its link and storage use.
    pub fn hide(&mut self, device: &str, picture_id: &str) -> Result<(), Refused> {
        let entry = self.devices.entry(device.to_string()).or_default();
        if entry.hidden.contains(picture_id) {
            return Ok(());
        }
        if entry.hidden.len() >= MAX_DEVICE_MARKS {
            return Err(Refused::Marks);
        }
        entry.hidden.insert(picture_id.to_string());
        Ok(())
    }

    /// Lists a snapshot of the camera timeline (`picture_id`, taken by cmdId 32) under the
    /// `name` and `channel` the device gave it, instead of its id on the primary channel, and
    /// served at the `size` it was taken at. Beyond `MAX_DEVICE_MARKS` names the snapshot
    /// keeps its id (and the timeline's size).
    pub fn name_snapshot(
        &mut self,
        device: &str,
        picture_id: &str,
        (name, channel): (String, u32),
        size: Size,
    ) {
        let entry = self.devices.entry(device.to_string()).or_default();
        if entry.snapshot_names.len() < MAX_DEVICE_MARKS {
            entry
                .snapshot_names
                .insert(picture_id.to_string(), (name, channel, size));
        }
    }

    /// Drops everything of a deleted device.
    pub fn forget_device(&mut self, device: &str) {
        if let Some(entry) = self.devices.remove(device) {
            self.upload_bytes = self.upload_bytes.saturating_sub(entry.upload_bytes);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn upload(size: usize) -> Upload {
        Upload {
            channel: 1,
            format: Format::Jpg,
            desc: String::new(),
            date: 0,
            bytes: Bytes::from(vec![0u8; size]),
        }
    }

    #[test]
    fn uploads_are_bounded_per_device_and_counted_back_when_removed() {
        let mut p = Pictures::default();
        for i in 0..MAX_DEVICE_UPLOADS {
            assert_eq!(p.add_upload("d", format!("p{i}"), upload(1)), Ok(()));
        }
        assert_eq!(
            p.add_upload("d", "one-more".into(), upload(1)),
            Err(Refused::DeviceCount)
        );
        assert!(p.remove_upload("d", "p0").is_some());
        assert_eq!(p.of("d").map(DevicePictures::upload_bytes), Some(199));
        assert_eq!(
            p.add_upload("e", "big".into(), upload(MAX_DEVICE_UPLOAD_BYTES + 1)),
            Err(Refused::DeviceBytes)
        );
        p.forget_device("d");
        assert_eq!(p.upload_bytes, 0);
    }

    #[test]
    fn a_named_snapshot_is_found_by_its_name() {
        let mut p = Pictures::default();
        let size = Size::bounded(320, 240);
        p.name_snapshot("d", "pic-1", ("snap_pic-1".into(), 2), size);
        let d = p.of("d").expect("kept");
        assert_eq!(d.snapshot_name("pic-1"), Some(("snap_pic-1", 2)));
        assert_eq!(d.snapshot_size("pic-1"), Some(size));
        assert_eq!(d.snapshot_by_name("snap_pic-1"), Some("pic-1"));
        assert_eq!(d.snapshot_by_name("pic-1"), None);
    }
}
