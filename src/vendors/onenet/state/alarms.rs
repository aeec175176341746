//! What section 17 changes of the alarms the camera timeline generates: which alarms were read
//! (17.2's query, 17.3) and which device messages were deleted (17.5; a deleted video or picture
//! alarm is deleted from the camera's timeline instead, so every view agrees). Alarms
//! themselves are never stored: `alarm_source` derives them on every call.
//!
//! Bounded: at most `MAX_MARKS` marks per world. Each mark keeps its alarm's time, so marks of
//! alarms older than any timeline keeps (`MAX_RETENTION_DAYS`) are dropped to make room before
//! a change is refused.

use crate::sim::hashing::FastMap;
use crate::sim::timeline::MAX_RETENTION_DAYS;

/// Read marks and deletions kept per world.
pub const MAX_MARKS: usize = 100_000;

/// No history is older than this, so marks of older alarms mark nothing.
const OLDEST_SECS: i64 = MAX_RETENTION_DAYS as i64 * 86_400;

/// The marks would pass `MAX_MARKS`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MarksFull;

/// One device's marks: alarm id -> the alarm's time (Unix seconds).
#[derive(Debug, Default)]
struct DeviceMarks {
    read: FastMap<String, i64>,
    deleted: FastMap<String, i64>,
}

#[derive(Debug, Default)]
pub struct Alarms {
    devices: FastMap<String, DeviceMarks>,
    /// Marks kept over every device (read + deleted).
    marks: usize,
}

impl Alarms {
    pub fn is_read(&self, device: &str, id: &str) -> bool {
        self.devices
            .get(device)
            .is_some_and(|m| m.read.contains_key(id))
    }

    pub fn is_deleted(&self, device: &str, id: &str) -> bool {
        self.devices
            .get(device)
            .is_some_and(|m| m.deleted.contains_key(id))
    }

    /// Whether `more` marks fit, after dropping marks older than any history at `now`.
    pub fn make_room(&mut self, more: usize, now: i64) -> Result<(), MarksFull> {
        if self.marks.saturating_add(more) <= MAX_MARKS {
            return Ok(());
        }
        let oldest = now.saturating_sub(OLDEST_SECS);
        for m in self.devices.values_mut() {
            m.read.retain(|_, at| *at >= oldest);
            m.deleted.retain(|_, at| *at >= oldest);
        }
        self.devices
            .retain(|_, m| !m.read.is_empty() || !m.deleted.is_empty());
        self.marks = self
            .devices
            .values()
            .map(|m| m.read.len() + m.deleted.len())
            .sum();
        if self.marks.saturating_add(more) <= MAX_MARKS {
            Ok(())
        } else {
            Err(MarksFull)
        }
    }

    /// Marks the alarm `id` of `device`, which happened at `at`, read (world clock `now`).
    pub fn mark_read(
        &mut self,
        device: &str,
        id: &str,
        at: i64,
        now: i64,
    ) -> Result<(), MarksFull> {
        if self.is_read(device, id) {
            return Ok(());
        }
        self.make_room(1, now)?;
        self.device(device).read.insert(id.to_string(), at);
        self.marks = self.marks.saturating_add(1);
        Ok(())
    }

    /// Hides a device message for good; its read mark goes.
    pub fn delete(&mut self, device: &str, id: &str, at: i64, now: i64) -> Result<(), MarksFull> {
        if self.is_deleted(device, id) {
            return Ok(());
        }
        self.forget(device, id);
        self.make_room(1, now)?;
        self.device(device).deleted.insert(id.to_string(), at);
        self.marks = self.marks.saturating_add(1);
        Ok(())
    }

    /// Drops an alarm's read mark (its event left the timeline).
    pub fn forget(&mut self, device: &str, id: &str) {
        if let Some(m) = self.devices.get_mut(device)
            && m.read.remove(id).is_some()
        {
            self.marks = self.marks.saturating_sub(1);
        }
    }

    /// Drops every mark of a device (the device was deleted).
    pub fn forget_device(&mut self, device: &str) {
        if let Some(m) = self.devices.remove(device) {
            self.marks = self.marks.saturating_sub(m.read.len() + m.deleted.len());
        }
    }

    /// Marks kept.
    pub fn len(&self) -> usize {
        self.marks
    }

    pub fn is_empty(&self) -> bool {
        self.marks == 0
    }

    fn device(&mut self, device: &str) -> &mut DeviceMarks {
        self.devices.entry(device.to_string()).or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_795_334_400;

    #[test]
    fn marks_are_per_device_and_counted_once() {
        let mut a = Alarms::default();
        a.mark_read("1", "x", NOW, NOW).expect("room");
        a.mark_read("1", "x", NOW, NOW).expect("again");
        assert!(a.is_read("1", "x"));
        assert!(!a.is_read("2", "x"));
        assert_eq!(a.len(), 1);
        a.delete("1", "x", NOW, NOW).expect("room");
        assert!(a.is_deleted("1", "x"));
        assert!(
            !a.is_read("1", "x"),
            "a deleted alarm is no longer marked read"
        );
        assert_eq!(a.len(), 1);
        a.forget_device("1");
        assert!(a.is_empty());
    }

    #[test]
    fn a_full_world_drops_marks_older_than_any_history_before_refusing() {
        let mut a = Alarms::default();
        let old = NOW - OLDEST_SECS - 1;
        for i in 0..MAX_MARKS {
            let at = if i < 10 { old } else { NOW };
            a.mark_read("1", &i.to_string(), at, NOW).expect("room");
        }
        assert_eq!(a.len(), MAX_MARKS);
        for i in 0..10 {
            a.mark_read("2", &i.to_string(), NOW, NOW)
                .expect("old marks make room");
        }
        assert_eq!(a.mark_read("2", "more", NOW, NOW), Err(MarksFull));
        assert_eq!(a.make_room(1, NOW), Err(MarksFull));
        assert_eq!(a.len(), MAX_MARKS);
    }
}
