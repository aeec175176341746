//! What the encoders hand the muxers: encoded frames stamped with their world time. A TS
//! segment and an FLV run wrap the same frames, so HLS and FLV carry the same H.264.

use bytes::Bytes;

/// One encoded picture: H.264 Annex B (start codes), SPS and PPS in front of every key frame.
#[derive(Clone, Debug)]
pub struct VideoFrame {
    /// Presentation time, world milliseconds (no B-frames: decode time is the same).
    pub pts_ms: i64,
    /// An IDR picture: a segment starts with one, a player can start here.
    pub keyframe: bool,
    pub annexb: Bytes,
}

/// One AAC frame with its ADTS header.
#[derive(Clone, Debug)]
pub struct AudioFrame {
    pub pts_ms: i64,
    pub adts: Bytes,
}

/// A stretch of a stream: what one HLS segment or one FLV run carries.
#[derive(Clone, Debug, Default)]
pub struct Chunk {
    pub width: u16,
    pub height: u16,
    /// In presentation order; the first is a key frame.
    pub video: Vec<VideoFrame>,
    /// In presentation order, interleaved with the video by time when muxed.
    pub audio: Vec<AudioFrame>,
}
