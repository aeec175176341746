//! FLV for HTTP-FLV live streams: a live stream is one [`header`], the [`start_tags`] of its
//! first chunk, then the [`media_tags`] of every chunk as the world clock moves, for ever. A
//! finite `.flv` is the same bytes for a few chunks. Tag times count from `base_ms` (the
//! stream's start, world milliseconds), so chunks muxed one at a time line up.

use super::adts::{Adts, read_adts};
use super::annexb::{NAL_AUD, NAL_PPS, NAL_SPS, nal_type, nal_units};
use super::frames::{AudioFrame, Chunk, VideoFrame};

const TAG_AUDIO: u8 = 8;
const TAG_VIDEO: u8 = 9;
const TAG_SCRIPT: u8 = 18;
/// Tag header bytes (type, size, time, stream id) before the body.
const TAG_HEADER_LEN: u32 = 11;
/// Largest tag body the 24-bit DataSize field can state.
const MAX_TAG_BODY: usize = 0xFF_FFFF;
/// FLV's codec ids: AVC video, AAC audio.
const CODEC_AVC: u8 = 7;
const CODEC_AAC: u8 = 10;
/// AAC audio tags always say 44 kHz, 16-bit, stereo (the real format is in the
/// AudioSpecificConfig): `0xA0 | 3 << 2 | 1 << 1 | 1`.
const AAC_SOUND_BYTE: u8 = 0xAF;
/// Packet types of AVC and AAC tags.
const SEQUENCE_HEADER: u8 = 0;
const MEDIA_PACKET: u8 = 1;

/// The FLV file header (version 1, video, and audio when `audio`) and PreviousTagSize0.
pub fn header(audio: bool) -> Vec<u8> {
    let flags = 0x01 | if audio { 0x04 } else { 0 };
    let mut out = b"FLV\x01".to_vec();
    out.extend_from_slice(&[flags, 0, 0, 0, 9]);
    out.extend_from_slice(&0u32.to_be_bytes());
    out
}

/// What a player needs before the media: `onMetaData`, the AVC sequence header (SPS and PPS
/// of the first key frame) and, with audio, the AAC sequence header (from the first readable
/// ADTS header). Stamped with the chunk's first frame time. A header that has nothing to be
/// built from is left out.
pub fn start_tags(chunk: &Chunk, base_ms: i64) -> Vec<u8> {
    let first_audio = chunk.audio.iter().find_map(|f| read_adts(&f.adts));
    let time = chunk_start(chunk).map_or(0, |ms| flv_time(ms, base_ms));
    let mut out = Vec::new();
    write_tag(
        &mut out,
        TAG_SCRIPT,
        time,
        &metadata(chunk, first_audio.is_some()),
    );
    if let Some(record) = avc_config(&chunk.video) {
        let body = [avc_tag_prefix(true, SEQUENCE_HEADER).as_slice(), &record].concat();
        write_tag(&mut out, TAG_VIDEO, time, &body);
    }
    if let Some(adts) = first_audio {
        let body = [AAC_SOUND_BYTE, SEQUENCE_HEADER];
        let body = [body.as_slice(), &adts.audio_specific_config()].concat();
        write_tag(&mut out, TAG_AUDIO, time, &body);
    }
    out
}

/// The chunk's frames as tags, audio and video interleaved by time (video first on a tie):
/// AVC NALU packets with 4-byte lengths (SPS and PPS left out: the sequence header has them;
/// AUDs too: FLV frames itself) and raw AAC (ADTS header cut). Frames with nothing readable
/// are left out.
pub fn media_tags(chunk: &Chunk, base_ms: i64) -> Vec<u8> {
    let mut out = Vec::new();
    let mut audio = chunk.audio.iter().peekable();
    for frame in &chunk.video {
        while let Some(sound) = audio.next_if(|a| a.pts_ms < frame.pts_ms) {
            audio_tag(&mut out, sound, base_ms);
        }
        video_tag(&mut out, frame, base_ms);
    }
    for sound in audio {
        audio_tag(&mut out, sound, base_ms);
    }
    out
}

/// A tag time: milliseconds since `base_ms`, held to what FLV's 32 bits can say.
fn flv_time(pts_ms: i64, base_ms: i64) -> u32 {
    let since = pts_ms.saturating_sub(base_ms).clamp(0, i64::from(u32::MAX));
    u32::try_from(since).unwrap_or(u32::MAX)
}

fn chunk_start(chunk: &Chunk) -> Option<i64> {
    let video = chunk.video.first().map(|f| f.pts_ms);
    let audio = chunk.audio.first().map(|f| f.pts_ms);
    video.into_iter().chain(audio).min()
}

/// One tag and the PreviousTagSize after it; a body too big for FLV is dropped.
fn write_tag(out: &mut Vec<u8>, kind: u8, time: u32, body: &[u8]) {
    if body.len() > MAX_TAG_BODY {
        return;
    }
    let size = body.len() as u32;
    let [_, s1, s2, s3] = size.to_be_bytes();
    let [t0, t1, t2, t3] = time.to_be_bytes();
    // The low 24 bits of the time, then its top 8 bits (TimestampExtended), then stream id 0.
    out.extend_from_slice(&[kind, s1, s2, s3, t1, t2, t3, t0, 0, 0, 0]);
    out.extend_from_slice(body);
    out.extend_from_slice(&(TAG_HEADER_LEN + size).to_be_bytes());
}

/// First byte of a video tag (frame type, codec), AVCPacketType, composition time 0.
fn avc_tag_prefix(keyframe: bool, packet_type: u8) -> [u8; 5] {
    let frame_type = if keyframe { 1 } else { 2 };
    [frame_type << 4 | CODEC_AVC, packet_type, 0, 0, 0]
}

fn video_tag(out: &mut Vec<u8>, frame: &VideoFrame, base_ms: i64) {
    let mut body = avc_tag_prefix(frame.keyframe, MEDIA_PACKET).to_vec();
    let kept =
        nal_units(&frame.annexb).filter(|n| ![NAL_SPS, NAL_PPS, NAL_AUD].contains(&nal_type(n)));
    for unit in kept {
        let Ok(len) = u32::try_from(unit.len()) else {
            continue;
        };
        body.extend_from_slice(&len.to_be_bytes());
        body.extend_from_slice(unit);
    }
    if body.len() > avc_tag_prefix(false, 0).len() {
        write_tag(out, TAG_VIDEO, flv_time(frame.pts_ms, base_ms), &body);
    }
}

fn audio_tag(out: &mut Vec<u8>, frame: &AudioFrame, base_ms: i64) {
    let Some(Adts { raw, .. }) = read_adts(&frame.adts) else {
        return;
    };
    let body = [&[AAC_SOUND_BYTE, MEDIA_PACKET][..], raw].concat();
    write_tag(out, TAG_AUDIO, flv_time(frame.pts_ms, base_ms), &body);
}

/// The AVCDecoderConfigurationRecord (ISO 14496-15) for the SPS and PPS of the first key frame
/// that has an SPS, with 4-byte NAL lengths; `None` without a usable SPS.
fn avc_config(video: &[VideoFrame]) -> Option<Vec<u8>> {
    // An SPS needs its profile, compatibility and level bytes.
    let usable = |n: &[u8], t: u8| nal_type(n) == t && (t != NAL_SPS || n.len() >= 4);
    let frame = video
        .iter()
        .filter(|f| f.keyframe)
        .find(|f| nal_units(&f.annexb).any(|n| usable(n, NAL_SPS)))?;
    let of_type = |t: u8| -> Vec<&[u8]> {
        let mut units: Vec<&[u8]> = nal_units(&frame.annexb)
            .filter(|n| usable(n, t) && u16::try_from(n.len()).is_ok()) // 16-bit lengths
            .collect();
        units.dedup();
        units
    };
    let sps = of_type(NAL_SPS);
    let pps = of_type(NAL_PPS);
    let first = sps.first()?;
    // Version 1, profile, compatibility and level from the SPS, 4-byte lengths (3 + 1).
    let [profile, compatibility, level] = *first[1..].first_chunk::<3>()?;
    let mut record = vec![1, profile, compatibility, level, 0xFC | 3];
    push_units(&mut record, 0xE0, &sps[..sps.len().min(31)]);
    push_units(&mut record, 0, &pps[..pps.len().min(255)]);
    Some(record)
}

/// A count (or-ed with `reserved` bits) then each unit behind its 16-bit length.
fn push_units(record: &mut Vec<u8>, reserved: u8, units: &[&[u8]]) {
    record.push(reserved | units.len() as u8);
    for unit in units {
        record.extend_from_slice(&(unit.len() as u16).to_be_bytes());
        record.extend_from_slice(unit);
    }
}

/// The `onMetaData` script body: an AMF0 string then an ECMA array of numbers.
fn metadata(chunk: &Chunk, audio: bool) -> Vec<u8> {
    let mut fields = vec![
        ("duration", 0.0),
        ("width", f64::from(chunk.width)),
        ("height", f64::from(chunk.height)),
        ("framerate", framerate(&chunk.video)),
        ("videocodecid", f64::from(CODEC_AVC)),
    ];
    if audio {
        fields.push(("audiocodecid", f64::from(CODEC_AAC)));
    }
    let mut out = vec![0x02];
    amf_name(&mut out, "onMetaData");
    out.push(0x08);
    out.extend_from_slice(&(fields.len() as u32).to_be_bytes());
    for (name, value) in fields {
        amf_name(&mut out, name);
        out.push(0x00);
        out.extend_from_slice(&value.to_be_bytes());
    }
    // Empty name, object end marker.
    out.extend_from_slice(&[0, 0, 0x09]);
    out
}

/// An AMF0 string without its type marker (as property names are written).
fn amf_name(out: &mut Vec<u8>, name: &str) {
    out.extend_from_slice(&(name.len() as u16).to_be_bytes());
    out.extend_from_slice(name.as_bytes());
}

/// Frames a second over the chunk's video (0 when it cannot tell: under two frames).
fn framerate(video: &[VideoFrame]) -> f64 {
    let (Some(first), Some(last)) = (video.first(), video.last()) else {
        return 0.0;
    };
    let span_ms = last.pts_ms.saturating_sub(first.pts_ms);
    if span_ms <= 0 {
        return 0.0;
    }
    (video.len() - 1) as f64 * 1000.0 / span_ms as f64
}

#[cfg(test)]
mod tests {
    use super::super::ts::testing::{self, CHUNK_MS, WORLD_MS, chunks};
    use super::*;
    use bytes::Bytes;

    /// One tag as read back: type, time (extended byte applied) and body.
    #[derive(Debug)]
    struct Tag<'a> {
        kind: u8,
        time: u32,
        body: &'a [u8],
    }

    /// Reads tags back to back, checking each PreviousTagSize and that nothing is left over.
    fn tags(mut data: &[u8]) -> Vec<Tag<'_>> {
        let mut out = Vec::new();
        while !data.is_empty() {
            let size = u32::from_be_bytes([0, data[1], data[2], data[3]]) as usize;
            let time = u32::from_be_bytes([data[7], data[4], data[5], data[6]]);
            assert_eq!(&data[8..11], &[0, 0, 0], "stream id");
            let previous = &data[11 + size..15 + size];
            assert_eq!(
                previous,
                (11 + size as u32).to_be_bytes(),
                "PreviousTagSize"
            );
            out.push(Tag {
                kind: data[0],
                time,
                body: &data[11..11 + size],
            });
            data = &data[15 + size..];
        }
        out
    }

    /// The NAL units of an AVC NALU tag body, read by their 4-byte lengths.
    fn length_prefixed(mut data: &[u8]) -> Vec<&[u8]> {
        let mut units = Vec::new();
        while !data.is_empty() {
            let len = u32::from_be_bytes(data[..4].try_into().expect("4 bytes")) as usize;
            units.push(&data[4..4 + len]);
            data = &data[4 + len..];
        }
        units
    }

    fn whole_flv(chunks: &[Chunk], audio: bool) -> Vec<u8> {
        let mut out = header(audio);
        out.extend(start_tags(&chunks[0], WORLD_MS));
        for chunk in chunks {
            out.extend(media_tags(chunk, WORLD_MS));
        }
        out
    }

    #[test]
    fn the_header_says_which_streams_follow() {
        assert_eq!(header(true), b"FLV\x01\x05\x00\x00\x00\x09\x00\x00\x00\x00");
        assert_eq!(
            header(false),
            b"FLV\x01\x01\x00\x00\x00\x09\x00\x00\x00\x00"
        );
    }

    #[test]
    fn start_tags_are_metadata_then_avc_and_aac_sequence_headers() {
        let chunk = &chunks(WORLD_MS, true)[0];
        let start = start_tags(chunk, WORLD_MS);
        let tags = tags(&start);
        let kinds: Vec<u8> = tags.iter().map(|t| t.kind).collect();
        assert_eq!(kinds, vec![TAG_SCRIPT, TAG_VIDEO, TAG_AUDIO]);
        assert!(tags.iter().all(|t| t.time == 0));
        let script = tags[0].body;
        assert!(script.starts_with(b"\x02\x00\x0AonMetaData\x08\x00\x00\x00\x06"));
        assert!(script.ends_with(&[0, 0, 9]));
        let number = |name: &str| {
            let key = [
                &(name.len() as u16).to_be_bytes()[..],
                name.as_bytes(),
                &[0],
            ]
            .concat();
            let at = script
                .windows(key.len())
                .position(|w| w == key)
                .expect(name)
                + key.len();
            f64::from_be_bytes(script[at..at + 8].try_into().expect("8 bytes"))
        };
        assert_eq!(number("width"), 160.0);
        assert_eq!(number("height"), 90.0);
        assert_eq!(number("framerate"), 10.0);
        assert_eq!(
            (number("videocodecid"), number("audiocodecid")),
            (7.0, 10.0)
        );
        assert_eq!(number("duration"), 0.0);

        let avc = tags[1].body;
        assert_eq!(&avc[..5], &[0x17, 0, 0, 0, 0]);
        let sps = nal_units(&chunk.video[0].annexb).next().expect("SPS first");
        assert_eq!(&avc[5..10], &[1, sps[1], sps[2], sps[3], 0xFF]);
        assert_eq!(avc[10], 0xE1, "one SPS");
        assert_eq!(&avc[13..13 + sps.len()], sps);
        assert_eq!(avc[13 + sps.len()], 1, "one PPS");
        assert_eq!(tags[2].body, &[0xAF, 0, 0x14, 0x08], "AAC LC, 16 kHz, mono");
    }

    #[test]
    fn without_audio_there_is_no_aac_header_or_codec_id() {
        let start = start_tags(&chunks(WORLD_MS, false)[0], WORLD_MS);
        let tags = tags(&start);
        assert_eq!(tags.len(), 2);
        assert!(!tags[0].body.windows(12).any(|w| w == b"audiocodecid"));
    }

    #[test]
    fn media_tags_are_length_prefixed_slices_and_raw_aac_in_time_order() {
        let chunk = &chunks(WORLD_MS, true)[1];
        let media = media_tags(chunk, WORLD_MS);
        let tags = tags(&media);
        let video: Vec<&Tag> = tags.iter().filter(|t| t.kind == TAG_VIDEO).collect();
        let audio: Vec<&Tag> = tags.iter().filter(|t| t.kind == TAG_AUDIO).collect();
        assert_eq!(
            (video.len(), audio.len()),
            (chunk.video.len(), chunk.audio.len())
        );
        for (tag, frame) in video.iter().zip(&chunk.video) {
            let frame_type = if frame.keyframe { 0x17 } else { 0x27 };
            assert_eq!(&tag.body[..5], &[frame_type, 1, 0, 0, 0]);
            assert_eq!(i64::from(tag.time), frame.pts_ms - WORLD_MS);
            let units = length_prefixed(&tag.body[5..]);
            let expected: Vec<&[u8]> = nal_units(&frame.annexb)
                .filter(|n| ![NAL_SPS, NAL_PPS, NAL_AUD].contains(&nal_type(n)))
                .collect();
            assert_eq!(units, expected);
        }
        assert_eq!(video[0].time, CHUNK_MS as u32);
        for (tag, frame) in audio.iter().zip(&chunk.audio) {
            assert_eq!(tag.body, [&[0xAF, 1][..], &frame.adts[7..]].concat());
        }
        let times: Vec<u32> = tags.iter().map(|t| t.time).collect();
        assert!(times.is_sorted(), "{times:?}");
    }

    #[test]
    fn tag_times_clamp_and_use_the_extended_byte() {
        assert_eq!(flv_time(WORLD_MS + 0x0123_4567, WORLD_MS), 0x0123_4567);
        assert_eq!(flv_time(WORLD_MS - 5, WORLD_MS), 0);
        assert_eq!(flv_time(i64::MAX, i64::MIN), u32::MAX);
        assert_eq!(flv_time(i64::MIN, i64::MAX), 0);
        let frame = AudioFrame {
            pts_ms: 0x0100_0000 + 0x8123_4567,
            adts: Bytes::from(crate::media::adts::SILENT_FRAME.to_vec()),
        };
        let late = Chunk {
            audio: vec![frame],
            ..Chunk::default()
        };
        let media = media_tags(&late, 0x0100_0000);
        assert_eq!(
            &media[4..8],
            &[0x23, 0x45, 0x67, 0x81],
            "low 24 bits, then the top 8"
        );
        assert_eq!(tags(&media)[0].time, 0x8123_4567);
    }

    #[test]
    fn what_cannot_be_read_is_left_out_without_a_panic() {
        assert_eq!(
            tags(&start_tags(&Chunk::default(), 0)).len(),
            1,
            "metadata only"
        );
        assert!(media_tags(&Chunk::default(), 0).is_empty());
        let odd = Chunk {
            width: 1,
            height: 1,
            video: vec![
                VideoFrame {
                    pts_ms: i64::MIN,
                    keyframe: true,
                    annexb: Bytes::from_static(b"\x67no start code"),
                },
                VideoFrame {
                    pts_ms: 0,
                    keyframe: true,
                    annexb: Bytes::from_static(&[0, 0, 1, 0x67, 0x42]),
                },
                VideoFrame {
                    pts_ms: i64::MAX,
                    keyframe: false,
                    annexb: Bytes::from_static(&[0, 0, 1, 9, 0xF0]),
                },
                VideoFrame {
                    pts_ms: 3,
                    keyframe: false,
                    annexb: Bytes::from_static(&[0, 0, 1, 0x41, 1]),
                },
            ],
            audio: vec![
                AudioFrame {
                    pts_ms: 1,
                    adts: Bytes::from_static(&[0xFF, 0xF1, 0x60]),
                },
                AudioFrame {
                    pts_ms: 2,
                    adts: Bytes::from_static(&[0x12; 11]),
                },
            ],
        };
        let start = start_tags(&odd, 0);
        assert_eq!(
            tags(&start).len(),
            1,
            "no SPS long enough, no readable ADTS"
        );
        let media = media_tags(&odd, 0);
        let tags = tags(&media);
        assert_eq!(tags.len(), 1, "only the slice");
        assert_eq!(tags[0].body, &[0x27, 1, 0, 0, 0, 0, 0, 0, 2, 0x41, 1]);
    }

    #[test]
    fn the_avc_record_skips_an_sps_too_short_to_read() {
        let annexb = [
            0, 0, 1, 0x67, 0, 0, 1, 0x67, 0x42, 0xC0, 0x1E, 0, 0, 1, 0x68, 0xCE,
        ];
        let frame = VideoFrame {
            pts_ms: 0,
            keyframe: true,
            annexb: Bytes::copy_from_slice(&annexb),
        };
        let record = avc_config(&[frame]).expect("a record");
        assert_eq!(
            record,
            [
                1, 0x42, 0xC0, 0x1E, 0xFF, 0xE1, 0, 4, 0x67, 0x42, 0xC0, 0x1E, 1, 0, 2, 0x68, 0xCE
            ]
        );
    }

    #[test]
    fn ffprobe_reads_a_whole_flv_as_h264_and_aac() {
        let probe = testing::probe("ab.flv", &whole_flv(&chunks(WORLD_MS, true), true));
        assert_eq!(probe.errors, "", "ffprobe/ffmpeg complained");
        assert_eq!(probe.stream_count(), 2);
        probe.assert_fixture_streams();
        let duration = probe.duration();
        assert!((duration - 4.0).abs() < 0.15, "duration {duration}");
    }

    #[test]
    fn ffprobe_reads_one_chunk_of_video_only_flv() {
        let chunk = &chunks(WORLD_MS, false)[..1];
        let probe = testing::probe("video.flv", &whole_flv(chunk, false));
        assert_eq!(probe.errors, "");
        assert_eq!(probe.stream_count(), 1);
        assert_eq!(probe.stream("video")["codec_name"], "h264");
        let duration = probe.duration();
        assert!((duration - 2.0).abs() < 0.15, "duration {duration}");
    }
}
