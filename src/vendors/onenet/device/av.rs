//! Audio and video encoding and picture settings (cmdIds 33 get / 34 set). Every field of the
//! set is optional: a set changes what it names. The values are what the device reports; of
//! them the media camsim serves follow only `resolution` (live, recordings, covers), not the
//! codec, rates, picture modes or the audio switch (always H.264, 10 fps, silent AAC).

use super::payload::{Fields, Invalid, update};
use serde_json::{Value, json};

pub const CODECS: [&str; 2] = ["h264", "h265"];
/// Proposal: the sizes a 720p camera encodes (its largest is also a snapshot's default).
pub const RESOLUTIONS: [&str; 5] = ["1280*720", "960*540", "640*480", "640*360", "320*240"];
/// Proposal: bit rates the encoder takes, kbps.
const BIT_RATES: std::ops::RangeInclusive<i64> = 32..=8192;
/// Proposal: frame rates the encoder takes, per second.
const FRAME_RATES: std::ops::RangeInclusive<i64> = 1..=30;
const SWITCH: [&str; 2] = ["on", "off"];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AvConfig {
    pub codec: &'static str,
    pub bit_rate: i64,
    pub frame_rate: i64,
    pub resolution: &'static str,
    /// 0 auto, 1 colour, 2 black and white, 3 full-colour night.
    pub display_mode: i64,
    /// 0 normal, 1 left 90°, 2 right 90°, 3 180°.
    pub display_direction: i64,
    /// 0 normal, 1 horizontal, 2 vertical, 3 both.
    pub display_flip: i64,
    /// 0 off, 1 on, 2 auto.
    pub led_white: i64,
    pub led_red: i64,
    pub audio: &'static str,
}

impl Default for AvConfig {
    /// 720p H.264 at 512 kbps and 25 fps with sound; day/night and lights left to the camera.
    fn default() -> AvConfig {
        AvConfig {
            codec: "h264",
            bit_rate: 512,
            frame_rate: 25,
            resolution: "1280*720",
            display_mode: 0,
            display_direction: 0,
            display_flip: 0,
            led_white: 2,
            led_red: 2,
            audio: "on",
        }
    }
}

impl AvConfig {
    /// The `cmd` object of cmdId 33 (`frameRate` a string, as seed 003 writes it).
    pub fn to_json(&self) -> Value {
        json!({
            "codec": self.codec,
            "bitRate": self.bit_rate,
            "frameRate": self.frame_rate.to_string(),
            "resolution": self.resolution,
            "display_mode": self.display_mode,
            "display_direction": self.display_direction,
            "display_flip": self.display_flip,
            "led_white": self.led_white,
            "led_red": self.led_red,
            "audio": self.audio,
        })
    }

    /// Applies cmdId 34's `cmd`.
    pub fn apply(&mut self, cmd: Option<&Value>) -> Result<(), Invalid> {
        let f = Fields::of(cmd)?;
        update(&mut self.codec, f.choice("codec", &CODECS)?);
        update(&mut self.bit_rate, f.int("bitRate", BIT_RATES)?);
        update(&mut self.frame_rate, frame_rate(f.get("frameRate"))?);
        update(&mut self.resolution, f.choice("resolution", &RESOLUTIONS)?);
        update(&mut self.display_mode, f.int("display_mode", 0..=3)?);
        update(
            &mut self.display_direction,
            f.int("display_direction", 0..=3)?,
        );
        update(&mut self.display_flip, f.int("display_flip", 0..=3)?);
        update(&mut self.led_white, f.int("led_white", 0..=2)?);
        update(&mut self.led_red, f.int("led_red", 0..=2)?);
        update(&mut self.audio, f.choice("audio", &SWITCH)?);
        Ok(())
    }
}

/// `"25"` as seed 003 writes it, or the number 25.
fn frame_rate(v: Option<&Value>) -> Result<Option<i64>, Invalid> {
    let n = match v {
        None => return Ok(None),
        Some(Value::String(s)) if s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit()) => {
            s.parse::<i64>().ok()
        }
        Some(Value::Number(n)) => n.as_i64(),
        Some(_) => None,
    };
    n.filter(|n| FRAME_RATES.contains(n))
        .map(Some)
        .ok_or(Invalid)
}
