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

#[cfg(test)]
mod tests {
    use super::job::Stretch;
    use super::*;

    fn render(job: &Job) -> bytes::Bytes {
        job.render(|s: &Stretch| s.encode().map(std::sync::Arc::new))
            .expect("rendered")
    }

    fn picture(device: &str, at_ms: i64, format: Format) -> bytes::Bytes {
        render(&Job::Picture {
            subject: Subject::new(device, 1, 7),
            at_ms,
            size: SUB_SIZE,
            format,
        })
    }

    #[test]
    fn a_picture_is_a_jpeg_or_png_that_repeats_and_differs_per_device() {
        let a = picture("C0001", 10_000, Format::Jpeg);
        assert_eq!(&a[..2], &[0xFF, 0xD8], "JPEG start of image");
        assert_eq!(&a[a.len() - 2..], &[0xFF, 0xD9], "JPEG end of image");
        assert_eq!(a, picture("C0001", 10_000, Format::Jpeg));
        assert_ne!(a, picture("C0002", 10_000, Format::Jpeg));
        let png = picture("C0001", 10_000, Format::Png);
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    }

    #[test]
    fn a_motion_jpeg_is_one_picture_a_second_within_its_bound() {
        let mjpeg = |frames| {
            render(&Job::Mjpeg {
                subject: Subject::new("C0001", 1, 7),
                start_ms: i64::MAX - 1_000,
                frames,
                size: card::MIN_SIZE,
            })
        };
        let starts = |b: &[u8]| b.windows(2).filter(|w| w == &[0xFF, 0xD8]).count();
        assert_eq!(starts(&mjpeg(3)), 3);
        assert_eq!(starts(&mjpeg(u32::MAX)), job::MAX_MJPEG_FRAMES as usize);
        assert!(mjpeg(0).is_empty());
    }

    #[test]
    fn silence_is_whole_adts_frames_within_its_bound() {
        let aac = |start_ms, end_ms| render(&Job::Adts { start_ms, end_ms });
        // 2 s on the 64 ms grid: frames at 0, 64, ..., 1984.
        assert_eq!(aac(0, 2_000).len(), 32 * adts::SILENT_FRAME.len());
        assert!(aac(5, 5).is_empty());
        let most = (job::MAX_AUDIO_MS / h264::AUDIO_FRAME_MS) as usize;
        assert!(aac(0, i64::MAX).len() <= (most + 1) * adts::SILENT_FRAME.len());
    }
}
