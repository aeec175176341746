//! The simulated device through `execute`, as the platform will call it: every cmdId's reply
//! (whole JSON values), get-after-set round trips, refused payloads, PTZ, firmware, TF card.

mod card;
mod errors;
mod moves;
mod settings;
mod shapes;

use super::{DeviceReply, DeviceSettings, Effect, Surroundings, execute, settle};
use crate::sim::VendorId;
use crate::sim::camera::Camera;
use crate::sim::timeline::{self, TimelineSettings, TimelineSpec};
use crate::vendors::onenet::time::format_time;
use serde_json::{Value, json};
use std::sync::Arc;

/// 2025-06-15 23:06:40 +08:00.
const NOW: i64 = 1_750_000_000;
const SEED: u64 = 7;

/// A device with channels 1 and 3 and the default timeline: continuous recording, 7 days'
/// retention, a 32 GiB card (full: it has looped).
struct Device {
    settings: DeviceSettings,
    camera: Camera,
    channels: Vec<u32>,
    now: i64,
    pictures: u32,
}

/// What `execute` answered, with `data` parsed (`Null` when empty).
#[derive(Debug)]
struct Answer {
    code: i64,
    data: Value,
    effect: Option<Effect>,
}

impl Device {
    fn new() -> Device {
        Device::with_timeline(|_| {})
    }

    fn with_timeline(f: impl FnOnce(&mut TimelineSettings)) -> Device {
        let mut timeline = TimelineSpec::default().settings();
        f(&mut timeline);
        let mut camera = Camera::new(
            VendorId::Onenet,
            "dev-1".into(),
            "sn-1".into(),
            "acct".into(),
            NOW,
        );
        // Online for the whole retention, so no "just came back" gap sits near `NOW`.
        camera.online_changed_at = NOW - 400 * 86_400;
        camera.timeline = Arc::new(timeline);
        Device {
            settings: DeviceSettings::default(),
            camera,
            channels: vec![1, 3],
            now: NOW,
            pictures: 0,
        }
    }

    fn send_raw(&mut self, payload: &[u8]) -> DeviceReply {
        self.pictures += 1;
        let around = Surroundings {
            camera: &mut self.camera,
            channels: &self.channels,
            seed: SEED,
            now: self.now,
            picture_id: format!("pic-{}", self.pictures),
        };
        execute(&mut self.settings, around, payload)
    }

    fn send(&mut self, body: Value) -> Answer {
        let reply = self.send_raw(body.to_string().as_bytes());
        Answer {
            code: reply.resp_code,
            data: serde_json::from_slice(&reply.data).unwrap_or(Value::Null),
            effect: reply.effect,
        }
    }

    /// The `cmd` of a get on channel 1 that must succeed.
    fn get(&mut self, cmd_id: i64) -> Value {
        let answer = self.send(json!({ "cmdId": cmd_id, "channel_id": 1 }));
        assert_eq!(answer.code, 0, "{answer:?}");
        answer.data["cmd"].clone()
    }

    /// A set on channel 1; returns the result code after checking the reply matches it.
    fn set(&mut self, cmd_id: i64, cmd: Value) -> i64 {
        let answer = self.send(json!({ "cmdId": cmd_id, "channel_id": 1, "cmd": cmd }));
        let result = i64::from(answer.code == 0);
        assert_eq!(
            answer.data,
            json!({ "cmdId": cmd_id, "channel_id": 1, "result": result })
        );
        answer.code
    }

    fn advance(&mut self, secs: i64) {
        self.now += secs;
    }

    fn settle(&mut self) {
        settle(&mut self.settings, &mut self.camera, self.now);
    }

    /// Every timeline item overlapping `[from, to)` (one window).
    fn window(&self, from: i64, to: i64) -> timeline::Window {
        let key = self.camera.history_key();
        let src = self.camera.timeline_source(SEED, &key, self.now);
        timeline::window(&src, from, to).unwrap()
    }

    fn sd_card(&self) -> timeline::SdCard {
        let key = self.camera.history_key();
        timeline::sd_card(&self.camera.timeline_source(SEED, &key, self.now))
    }
}
