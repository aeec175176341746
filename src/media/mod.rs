//! Media camsim serves for the links vendors hand out: pictures, HLS segments, HTTP-FLV,
//! Motion-JPEG and AAC, all showing one test card per device (see [`card`]). Vendor-neutral:
//! a vendor decides what to serve (which device, which instant or range, which size) as a
//! [`Job`]; the pipeline renders it off the async workers through the bounded [`cache`].

pub mod adts;
pub mod annexb;
pub mod cache;
pub mod card;
pub mod flv;
pub mod frames;
pub mod h264;
pub mod hls;
pub mod job;
pub mod live;
pub mod ts;

pub use card::Size;
pub use job::{Format, Job};

use jpeg_encoder::{ColorType, Encoder};

/// A camera's main stream and its pictures, when the vendor says nothing of the size.
pub const MAIN_SIZE: Size = Size {
    width: 1280,
    height: 720,
};
/// A camera's sub-stream: the smooth (not HD) live picture.
pub const SUB_SIZE: Size = Size {
    width: 640,
    height: 360,
};

/// Who a picture or a stream shows: the id and channel printed on the card, the camera's UTC
/// offset for its clock line, and the world's seed (two worlds' cameras of the same id differ).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Subject {
    pub device: String,
    pub channel: u32,
    pub utc_offset_minutes: i32,
    pub seed: u64,
}

impl Subject {
    pub fn new(device: impl Into<String>, channel: u32, seed: u64) -> Subject {
        Subject {
            device: device.into(),
            channel,
            utc_offset_minutes: 0,
            seed,
        }
    }

    pub fn at_offset(mut self, utc_offset_minutes: i32) -> Subject {
        self.utc_offset_minutes = utc_offset_minutes;
        self
    }
}

/// What makes one device's card look unlike another's.
fn subject_hash(subject: &Subject) -> u64 {
    crate::sim::ids::name_hash(&subject.device) ^ subject.seed.rotate_left(17)
}

/// Placeholder picture size.
const WIDTH: u16 = 64;
const HEIGHT: u16 = 36;

/// A small JPEG for `device` at `at` (world seconds): the same inputs give the same bytes.
pub fn placeholder_jpeg(device: &str, at: i64) -> Vec<u8> {
    let tint = crate::sim::ids::name_hash(device);
    let [r, g, b] = [(tint >> 16) as u8, (tint >> 8) as u8, tint as u8];
    let stripe = (at.rem_euclid(60) as u16) * WIDTH / 60;
    let mut pixels = Vec::with_capacity(usize::from(WIDTH) * usize::from(HEIGHT) * 3);
    for y in 0..HEIGHT {
        for x in 0..WIDTH {
            let on = x == stripe || y == HEIGHT / 2;
            pixels.extend_from_slice(&if on { [255, 255, 255] } else { [r, g, b] });
        }
    }
    let mut out = Vec::new();
    match Encoder::new(&mut out, 80).encode(&pixels, WIDTH, HEIGHT, ColorType::Rgb) {
        Ok(()) => out,
        Err(_) => Vec::new(),
    }
}

/// A live HLS playlist whose media sequence follows the world clock, with no segment yet
/// (players wait for one); real segments come with the media work.
pub fn placeholder_live_playlist(now_secs: i64) -> String {
    format!(
        "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:{}\n",
        now_secs.max(0) / 2
    )
}

/// Most pictures one Motion-JPEG placeholder holds (a minute at one picture a second).
pub const MAX_MJPEG_FRAMES: u32 = 60;

/// A Motion-JPEG stream for `device` from `start`: `frames` pictures, one a second (at most
/// [`MAX_MJPEG_FRAMES`]), back to back as `.mjpg` files hold them.
pub fn placeholder_mjpeg(device: &str, start: i64, frames: u32) -> Vec<u8> {
    let mut out = Vec::new();
    for i in 0..frames.min(MAX_MJPEG_FRAMES) {
        out.extend(placeholder_jpeg(device, start.saturating_add(i64::from(i))));
    }
    out
}

/// One MPEG-TS null packet (PID 0x1FFF): the placeholder body of a recording's segment.
static NULL_PACKET: [u8; 188] = {
    let mut packet = [0xFF; 188];
    packet[0] = 0x47;
    packet[1] = 0x1F;
    packet[2] = 0xFF;
    packet[3] = 0x10;
    packet
};

/// A placeholder MPEG-TS segment: one null packet (players skip it).
pub fn placeholder_ts() -> &'static [u8] {
    &NULL_PACKET
}

/// An FLV file header (version 1, audio and video) and the first PreviousTagSize.
pub const FLV_HEADER: &[u8] = b"FLV\x01\x05\x00\x00\x00\x09\x00\x00\x00\x00";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_placeholder_is_a_jpeg_that_differs_per_device() {
        let a = placeholder_jpeg("C0001", 10);
        assert_eq!(&a[..2], &[0xFF, 0xD8], "JPEG start of image");
        assert_eq!(&a[a.len() - 2..], &[0xFF, 0xD9], "JPEG end of image");
        assert_eq!(a, placeholder_jpeg("C0001", 10));
        assert_ne!(a, placeholder_jpeg("C0002", 10));
    }

    #[test]
    fn a_motion_jpeg_is_one_picture_a_second_within_its_bound() {
        let one = placeholder_jpeg("C0001", 10);
        let run = placeholder_mjpeg("C0001", 10, 3);
        assert_eq!(&run[..one.len()], &one[..]);
        let starts = run.windows(2).filter(|w| w == &[0xFF, 0xD8]).count();
        assert_eq!(starts, 3, "three pictures");
        assert!(placeholder_mjpeg("C0001", i64::MAX, 2).len() > one.len());
        assert!(placeholder_mjpeg("C0001", 0, 0).is_empty());
        let most = placeholder_mjpeg("C0001", 0, u32::MAX);
        let starts = most.windows(2).filter(|w| w == &[0xFF, 0xD8]).count();
        assert_eq!(starts, MAX_MJPEG_FRAMES as usize);
    }

    #[test]
    fn the_placeholder_segment_is_one_null_ts_packet() {
        let ts = placeholder_ts();
        assert_eq!(ts.len(), 188);
        assert_eq!(&ts[..4], &[0x47, 0x1F, 0xFF, 0x10]);
    }
}
