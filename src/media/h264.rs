//! Test-card video as H.264, with Cisco's OpenH264 (compiled from source by the `openh264`
//! crate: no system library, no network). Chosen over the pure-Rust `less-avc` because that
//! one only writes lossless frames: a 640x360 frame is about 350 KB there, against a few KB
//! here (the card is mostly flat colour and changes little from frame to frame).
//!
//! Each chunk gets its own encoder, so it starts with an IDR and its SPS/PPS: a segment plays
//! on its own and can be generated (and cached) without the ones before it.

use super::Subject;
use super::adts::SILENT_FRAME;
use super::card::{self, Size};
use super::frames::{AudioFrame, VideoFrame};
use bytes::Bytes;
use openh264::OpenH264API;
use openh264::Timestamp;
use openh264::encoder::{
    BitRate, Complexity, Encoder, EncoderConfig, FrameRate, FrameType, Profile, RateControlMode,
    UsageType,
};
use openh264::formats::{RgbSliceU8, YUVBuffer};

/// Frames a second: enough for the sweeping marker to move smoothly, cheap to encode.
pub const FPS: i64 = 10;
/// Milliseconds between frames.
pub const FRAME_MS: i64 = 1000 / FPS;
/// Milliseconds of one AAC frame at 16 kHz (1,024 samples).
pub const AUDIO_FRAME_MS: i64 = 64;

/// The frames of `subject`'s video from `start_ms` (inclusive) to `end_ms` (exclusive), on the
/// world's 100 ms grid, the first one an IDR.
pub fn encode(
    subject: &Subject,
    start_ms: i64,
    end_ms: i64,
    size: Size,
) -> Result<Vec<VideoFrame>, String> {
    let config = EncoderConfig::new()
        .num_threads(1)
        .skip_frames(false)
        .usage_type(UsageType::CameraVideoRealTime)
        .profile(Profile::Baseline)
        .rate_control_mode(RateControlMode::Off)
        .bitrate(BitRate::from_bps(400_000))
        .max_frame_rate(FrameRate::from_hz(FPS as f32))
        .complexity(Complexity::Low)
        .scene_change_detect(false)
        .background_detection(false);
    let mut encoder = Encoder::with_api_config(OpenH264API::from_source(), config)
        .map_err(|e| format!("the H.264 encoder did not start: {e}"))?;
    let first = steps_from(start_ms, FRAME_MS).saturating_mul(FRAME_MS);
    let mut frames = Vec::new();
    let mut at = first;
    while at < end_ms {
        let rgb = card::draw(subject, at, size);
        let dims = (usize::from(size.width), usize::from(size.height));
        let yuv = YUVBuffer::from_rgb8_source(RgbSliceU8::new(&rgb, dims));
        let since_start = u64::try_from(at.saturating_sub(first)).unwrap_or(0);
        let bitstream = encoder
            .encode_at(&yuv, Timestamp::from_millis(since_start))
            .map_err(|e| format!("the H.264 encoder failed: {e}"))?;
        let keyframe = matches!(bitstream.frame_type(), FrameType::IDR);
        let annexb = bitstream.to_vec();
        if !annexb.is_empty() {
            frames.push(VideoFrame {
                pts_ms: at,
                keyframe,
                annexb: Bytes::from(annexb),
            });
        }
        at = at.saturating_add(FRAME_MS);
        if at == i64::MAX {
            break;
        }
    }
    Ok(frames)
}

/// Silent AAC from `start_ms` to `end_ms`, on the world's own 64 ms grid so consecutive
/// chunks continue each other.
pub fn silence(start_ms: i64, end_ms: i64) -> Vec<AudioFrame> {
    let frame = Bytes::from_static(&SILENT_FRAME);
    (steps_from(start_ms, AUDIO_FRAME_MS)..steps_from(end_ms, AUDIO_FRAME_MS))
        .map(|n| AudioFrame {
            pts_ms: n.saturating_mul(AUDIO_FRAME_MS),
            adts: frame.clone(),
        })
        .collect()
}

/// The first step of a grid of `step` ms (from the epoch) at or after `ms`: frames sit on the
/// world's grid, so stretches cut anywhere continue each other.
fn steps_from(ms: i64, step: i64) -> i64 {
    ms.div_euclid(step)
        .saturating_add(i64::from(ms.rem_euclid(step) != 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn subject() -> Subject {
        Subject {
            device: "CAM-1".into(),
            channel: 1,
            utc_offset_minutes: 0,
            seed: 1,
        }
    }

    #[test]
    fn a_chunk_starts_with_an_idr_on_the_world_grid_and_repeats_exactly() {
        let size = Size::bounded(320, 180);
        let frames = encode(&subject(), 1_000_050, 1_002_000, size).unwrap();
        assert_eq!(frames.len(), 19, "100 ms grid from 1,000,100 to 1,001,900");
        assert_eq!(frames[0].pts_ms, 1_000_100);
        assert!(frames[0].keyframe);
        assert!(frames[1..].iter().all(|f| !f.keyframe));
        let again = encode(&subject(), 1_000_050, 1_002_000, size).unwrap();
        assert!(frames.iter().zip(&again).all(|(a, b)| a.annexb == b.annexb));
        let bytes: usize = frames.iter().map(|f| f.annexb.len()).sum();
        assert!(bytes < 100_000, "a flat card compresses: {bytes} bytes");
    }

    #[test]
    fn silence_tiles_the_world_grid() {
        let a = silence(0, 1000);
        let b = silence(1000, 2000);
        assert_eq!(a.first().unwrap().pts_ms, 0);
        assert_eq!(a.last().unwrap().pts_ms + AUDIO_FRAME_MS, b[0].pts_ms);
        assert!(silence(i64::MAX - 10, i64::MAX).len() <= 1);
    }
}
