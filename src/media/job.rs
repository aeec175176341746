//! A [`Job`]: one piece of media a vendor decided to serve, described by value so it can be a
//! cache key, and rendered (the expensive part) only by [`Job::render`], off the async workers.

use super::card::{self, Size};
use super::frames::Chunk;
use super::{Subject, flv, h264, ts};
use bytes::Bytes;
use jpeg_encoder::{ColorType, Encoder};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    Jpeg,
    Png,
}

/// The longest stretch of video one job encodes (a VOD segment, an FLV run), milliseconds:
/// bounds a request's memory and time.
pub const MAX_STRETCH_MS: i64 = 60_000;
/// Most pictures in one Motion-JPEG answer (a minute at one a second).
pub const MAX_MJPEG_FRAMES: u32 = 60;
/// Longest AAC answer, milliseconds (ten minutes of silence is about 100 KB).
pub const MAX_AUDIO_MS: i64 = 600_000;

/// A stretch of one camera's video (and silent audio): what a TS segment or an FLV run wraps.
/// Encoded once and kept in the cache, so HLS and FLV players of one camera share the work.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Stretch {
    pub subject: Subject,
    pub start_ms: i64,
    /// Exclusive; at most [`MAX_STRETCH_MS`] after the start (the rest is left out).
    pub end_ms: i64,
    pub size: Size,
    pub audio: bool,
}

impl Stretch {
    /// The encoded frames.
    pub fn encode(&self) -> Result<Chunk, String> {
        let end = self
            .end_ms
            .min(self.start_ms.saturating_add(MAX_STRETCH_MS));
        Ok(Chunk {
            width: self.size.width,
            height: self.size.height,
            video: h264::encode(&self.subject, self.start_ms, end, self.size)?,
            audio: if self.audio {
                h264::silence(self.start_ms, end)
            } else {
                Vec::new()
            },
        })
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Job {
    /// The card at one instant.
    Picture {
        subject: Subject,
        at_ms: i64,
        size: Size,
        format: Format,
    },
    /// An MPEG-TS segment (an HLS segment).
    Segment(Stretch),
    /// A whole FLV file: header, sequence headers, tags.
    Flv(Stretch),
    /// One more stretch of a live HTTP-FLV stream (tags only), timed from the stream's
    /// `base_ms`; the stream's `first` stretch brings the metadata and sequence headers.
    FlvTags {
        stretch: Stretch,
        base_ms: i64,
        first: bool,
    },
    /// Motion-JPEG: `frames` pictures one second apart from `start_ms`, back to back.
    Mjpeg {
        subject: Subject,
        start_ms: i64,
        frames: u32,
        size: Size,
    },
    /// Silent ADTS AAC from `start_ms` to `end_ms`.
    Adts { start_ms: i64, end_ms: i64 },
}

impl Job {
    pub fn content_type(&self) -> &'static str {
        match self {
            Job::Picture {
                format: Format::Jpeg,
                ..
            } => "image/jpeg",
            Job::Picture {
                format: Format::Png,
                ..
            } => "image/png",
            Job::Segment(_) => "video/mp2t",
            Job::Flv(_) | Job::FlvTags { .. } => "video/x-flv",
            Job::Mjpeg { .. } => "video/x-motion-jpeg",
            Job::Adts { .. } => "audio/aac",
        }
    }

    /// Whether the bytes are worth keeping: a live FLV run is timed for one connection.
    pub fn shared(&self) -> bool {
        !matches!(self, Job::FlvTags { .. })
    }

    /// The bytes, deterministic for the job; `encoded` gives a stretch's frames (from the
    /// cache, or encoding them).
    pub fn render(
        &self,
        encoded: impl Fn(&Stretch) -> Result<std::sync::Arc<Chunk>, String>,
    ) -> Result<Bytes, String> {
        match self {
            Job::Picture {
                subject,
                at_ms,
                size,
                format,
            } => picture(subject, *at_ms, *size, *format).map(Bytes::from),
            Job::Segment(stretch) => Ok(Bytes::from(ts::mux_ts(&*encoded(stretch)?))),
            Job::Flv(stretch) => {
                let chunk = encoded(stretch)?;
                let mut out = flv::header(stretch.audio);
                out.extend(flv::start_tags(&chunk, stretch.start_ms));
                out.extend(flv::media_tags(&chunk, stretch.start_ms));
                Ok(Bytes::from(out))
            }
            Job::FlvTags {
                stretch,
                base_ms,
                first,
            } => {
                let chunk = encoded(stretch)?;
                let mut out = if *first {
                    flv::start_tags(&chunk, *base_ms)
                } else {
                    Vec::new()
                };
                out.extend(flv::media_tags(&chunk, *base_ms));
                Ok(Bytes::from(out))
            }
            Job::Mjpeg {
                subject,
                start_ms,
                frames,
                size,
            } => {
                let mut out = Vec::new();
                for i in 0..(*frames).min(MAX_MJPEG_FRAMES) {
                    let at = start_ms.saturating_add(i64::from(i) * 1000);
                    out.extend(picture(subject, at, *size, Format::Jpeg)?);
                }
                Ok(Bytes::from(out))
            }
            Job::Adts { start_ms, end_ms } => {
                let end = (*end_ms).min(start_ms.saturating_add(MAX_AUDIO_MS));
                let frames = h264::silence(*start_ms, end);
                Ok(frames.iter().flat_map(|f| f.adts.iter().copied()).collect())
            }
        }
    }
}

/// The card at `at_ms` as a JPEG (quality 85) or a PNG.
pub fn picture(
    subject: &Subject,
    at_ms: i64,
    size: Size,
    format: Format,
) -> Result<Vec<u8>, String> {
    let rgb = card::draw(subject, at_ms, size);
    let mut out = Vec::new();
    match format {
        Format::Jpeg => Encoder::new(&mut out, 85)
            .encode(&rgb, size.width, size.height, ColorType::Rgb)
            .map_err(|e| format!("JPEG encoding failed: {e}"))?,
        Format::Png => {
            let mut encoder =
                png::Encoder::new(&mut out, u32::from(size.width), u32::from(size.height));
            encoder.set_color(png::ColorType::Rgb);
            encoder.set_depth(png::BitDepth::Eight);
            let mut writer = encoder
                .write_header()
                .map_err(|e| format!("PNG encoding failed: {e}"))?;
            writer
                .write_image_data(&rgb)
                .map_err(|e| format!("PNG encoding failed: {e}"))?;
            writer
                .finish()
                .map_err(|e| format!("PNG encoding failed: {e}"))?;
        }
    }
    Ok(out)
}
