//! The voice file of Sodalife's `POST /iot/cameras/sendvoice`: the vendor takes WAV, MP3 and AAC
//! up to 20 MB. camsim recognises the format by content (never by file name or Content-Type) and
//! measures the duration from the file itself, so a client sees the answer its real upload would
//! get. symphonia's demuxers read the headers; packets are counted, never decoded, so a 20 MB
//! upload costs milliseconds.

use std::io::Cursor;
use std::sync::LazyLock;

use symphonia::core::errors::Error as DemuxError;
use symphonia::core::formats::probe::{Hint, Probe, ProbeOptions};
use symphonia::core::formats::well_known::{FORMAT_ID_ADTS, FORMAT_ID_MP3, FORMAT_ID_WAVE};
use symphonia::core::formats::{FormatOptions, FormatReader};
use symphonia::core::io::{MediaSourceStream, MediaSourceStreamOptions, ReadBytes};
use symphonia::core::meta::MetadataOptions;
use symphonia::default::formats::{AdtsReader, MpaReader, WavReader};

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum VoiceFormat {
    Wav,
    Mp3,
    Aac,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Voice {
    pub format: VoiceFormat,
    /// What is heard (an MP3's encoder delay and padding left out). Counting stops just past
    /// [`COUNT_LIMIT_MS`], so a longer file reports a little over that.
    pub duration_ms: u64,
    pub sample_rate: u32,
    pub channels: u16,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VoiceProblem {
    /// No bytes at all (the vendor's code 111008).
    Empty,
    /// Not WAV, MP3 or AAC (ADTS), or a header that does not hold together (111001). The text says why, for a person.
    Format(String),
    /// A recognised format whose duration cannot be read (111005), e.g. a WAV with no data chunk, an MP3 with no whole frame.
    NoDuration(String),
}

/// Shortest and longest voice message accepted (111002 outside). Proposal: EZVIZ's voice upload (which Sodalife wraps) takes at most 60 s; a voice prompt under 1 s is not a message.
pub const MIN_DURATION_MS: u64 = 1_000;
pub const MAX_DURATION_MS: u64 = 60_000;
/// The vendor's documented size limit: 20 MB (20 * 1024 * 1024 bytes).
pub const MAX_VOICE_BYTES: usize = 20 * 1024 * 1024;

/// Counting stops once a file has proved this long: ten times the longest voice accepted, so a
/// refusal still names the true length of any plausible upload, while a hostile 20 MB stream of
/// tiny frames costs milliseconds, not a third of a second.
pub const COUNT_LIMIT_MS: u64 = 600_000;

/// What an MPEG-looking upload is first opened on (see [`check_mpeg_head`]).
const MPEG_HEAD_BYTES: usize = 16 * 1024;
/// How far past the start (and any ID3v2 tag) the first MPEG audio frame may begin: room for a
/// Xing/Info frame (at most 2881 bytes) and a little junk.
const MPEG_MAX_LEAD: u64 = 4 * 1024;

/// WAV, MP3 and ADTS demuxers, and a probe that looks at the first two bytes only: the format
/// must start the file (after any ID3v2 tag), not somewhere inside it.
static PROBE: LazyLock<Probe> = LazyLock::new(|| {
    let mut probe = Probe::new_with_options(&ProbeOptions {
        max_probe_depth: 2,
        max_score_depth: 16 * 1024,
    });
    probe.register_format::<WavReader<'_>>();
    probe.register_format::<MpaReader<'_>>();
    probe.register_format::<AdtsReader<'_>>();
    probe
});

/// Recognises the format of `bytes` by content and measures its duration. Size is not checked
/// here ([`MAX_VOICE_BYTES`] is the caller's); any input is answered in time linear in its size.
pub fn inspect(bytes: &[u8]) -> Result<Voice, VoiceProblem> {
    if bytes.is_empty() {
        return Err(VoiceProblem::Empty);
    }
    // The demuxers are a third party's parsers fed a client's bytes: a panic there is a refusal,
    // not a dropped connection. (The tests call `inspect_unguarded`, so they do see panics.)
    std::panic::catch_unwind(|| inspect_unguarded(bytes)).unwrap_or_else(|_| {
        Err(VoiceProblem::Format(
            "the file could not be parsed as WAV, MP3 or AAC".into(),
        ))
    })
}

/// Err(text naming the bounds) when duration_ms is outside MIN..=MAX.
pub fn check_duration(voice: &Voice) -> Result<(), String> {
    let lasts = match voice.duration_ms {
        ms if (MIN_DURATION_MS..=MAX_DURATION_MS).contains(&ms) => return Ok(()),
        ms if ms > COUNT_LIMIT_MS => format!("over {COUNT_LIMIT_MS} ms"),
        ms => format!("{ms} ms"),
    };
    Err(format!(
        "the voice lasts {lasts}; it must last {MIN_DURATION_MS} to {MAX_DURATION_MS} ms"
    ))
}

fn inspect_unguarded(bytes: &[u8]) -> Result<Voice, VoiceProblem> {
    let audio = after_id3v2(bytes)
        .ok_or_else(|| VoiceProblem::Format("an ID3v2 tag runs past the end of the file".into()))?;
    if audio.is_empty() {
        return Err(VoiceProblem::NoDuration(
            "an ID3v2 tag with no audio after it".into(),
        ));
    }
    if matches!(audio, [0xFF, second, ..] if second & 0xE0 == 0xE0) {
        check_mpeg_head(audio)?;
    }
    let mut reader = open(audio).map_err(|err| open_problem(err, audio))?;
    let shape = shape(reader.as_ref())?;
    let limit = u128::from(COUNT_LIMIT_MS) * u128::from(shape.sample_rate) / 1000;
    let limit = u64::try_from(limit)
        .unwrap_or(u64::MAX)
        .saturating_add(shape.trim);
    let frames = count_frames(reader.as_mut(), shape.format, limit)?;
    let playable = frames.saturating_sub(shape.trim);
    let ms = u128::from(playable) * 1000 / u128::from(shape.sample_rate);
    Ok(Voice {
        format: shape.format,
        duration_ms: u64::try_from(ms).unwrap_or(u64::MAX),
        sample_rate: shape.sample_rate,
        channels: shape.channels,
    })
}

/// The bytes after any ID3v2 tags (MP3 and ADTS files may start with them); None when a tag
/// claims more bytes than there are. Bytes that only look like a tag are left to the probe.
fn after_id3v2(mut bytes: &[u8]) -> Option<&[u8]> {
    while let [b'I', b'D', b'3', major, revision, flags, s0, s1, s2, s3, ..] = *bytes {
        let size = [s0, s1, s2, s3];
        if major == 0xFF || revision == 0xFF || size.iter().any(|b| b & 0x80 != 0) {
            break;
        }
        // Four 7-bit bytes, so at most 2^28 - 1: no overflow below.
        let size = size
            .iter()
            .fold(0usize, |acc, b| (acc << 7) | usize::from(*b));
        let footer = if major >= 4 && flags & 0x10 != 0 {
            10
        } else {
            0
        };
        bytes = bytes.get(10usize.checked_add(size)?.checked_add(footer)?..)?;
    }
    Some(bytes)
}

fn open(audio: &[u8]) -> Result<Box<dyn FormatReader + '_>, DemuxError> {
    let source = MediaSourceStream::new(
        Box::new(Cursor::new(audio)),
        MediaSourceStreamOptions::default(),
    );
    PROBE.probe(
        &Hint::new(),
        source,
        FormatOptions::default(),
        MetadataOptions::default(),
    )
}

/// When the first MPEG frame is not followed by a similar one, symphonia's MPEG reader resyncs
/// byte by byte, reading a whole frame at each candidate: quadratic on crafted input. So an
/// MPEG-looking upload is first opened on its head alone (bounded work), and its first audio
/// frame must begin near the start. Opening the whole file then retraces the same steps.
fn check_mpeg_head(audio: &[u8]) -> Result<(), VoiceProblem> {
    let head = audio.get(..MPEG_HEAD_BYTES).unwrap_or(audio);
    let reader = match open(head) {
        Ok(reader) => reader,
        Err(err) if head.len() == audio.len() => return Err(open_problem(err, audio)),
        Err(_) => {
            return Err(VoiceProblem::Format(
                "no run of MPEG audio frames at the start of the file".into(),
            ));
        }
    };
    if reader.into_inner().pos() > MPEG_MAX_LEAD {
        return Err(VoiceProblem::Format(
            "the MPEG audio frames do not start at the beginning of the file".into(),
        ));
    }
    Ok(())
}

fn open_problem(err: DemuxError, audio: &[u8]) -> VoiceProblem {
    match err {
        // symphonia's probe wants two frames in a row, so a lone (or cut) first frame is
        // "nothing found" to it, but a recognised stream to a person.
        DemuxError::Unsupported(why) if why.starts_with("core (probe)") => {
            match frame_header_at(audio) {
                Some(format) => VoiceProblem::NoDuration(format!(
                    "{} frame header at the start, but not two whole frames",
                    if format == VoiceFormat::Mp3 {
                        "an MP3"
                    } else {
                        "an AAC (ADTS)"
                    }
                )),
                None => VoiceProblem::Format(
                    "not WAV, MP3 or AAC (ADTS): no such header at the start of the file".into(),
                ),
            }
        }
        DemuxError::Unsupported("wav: missing data chunk") => {
            VoiceProblem::NoDuration("a WAV file with no data chunk".into())
        }
        DemuxError::IoError(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => {
            VoiceProblem::NoDuration(
                "the file ends before its audio does (no WAV data chunk, or no whole frame)".into(),
            )
        }
        other => VoiceProblem::Format(format!("the header does not hold together: {other}")),
    }
}

/// Whether `audio` starts with a well-formed MP3 (MPEG audio layer III) or ADTS frame header.
fn frame_header_at(audio: &[u8]) -> Option<VoiceFormat> {
    let [0xFF, b1, b2, ..] = *audio else {
        return None;
    };
    let bitrate = b2 >> 4;
    let mpeg_version = (b1 >> 3) & 0b11;
    let layer = (b1 >> 1) & 0b11;
    if b1 & 0xE0 == 0xE0
        && mpeg_version != 0b01
        && layer == 0b01
        && bitrate != 0
        && bitrate != 0xF
        && (b2 >> 2) & 0b11 != 0b11
    {
        return Some(VoiceFormat::Mp3);
    }
    // 12-bit sync, layer 00; sampling frequency index 0..=12 (13 and 14 reserved, 15 escape).
    if b1 & 0xF6 == 0xF0 && (b2 >> 2) & 0xF <= 12 {
        return Some(VoiceFormat::Aac);
    }
    None
}

struct Shape {
    format: VoiceFormat,
    sample_rate: u32,
    channels: u16,
    /// Encoder delay and padding frames (an MP3's LAME tag), not part of what is heard.
    trim: u64,
}

fn shape(reader: &dyn FormatReader) -> Result<Shape, VoiceProblem> {
    let bad = |why: &str| VoiceProblem::Format(why.to_string());
    let id = reader.format_info().format;
    let format = if id == FORMAT_ID_WAVE {
        VoiceFormat::Wav
    } else if id == FORMAT_ID_MP3 {
        VoiceFormat::Mp3
    } else if id == FORMAT_ID_ADTS {
        VoiceFormat::Aac
    } else {
        return Err(bad("MPEG audio layer I or II, not MP3 (layer III)"));
    };
    let track = reader
        .tracks()
        .first()
        .ok_or_else(|| bad("no audio track"))?;
    let params = track
        .codec_params
        .as_ref()
        .and_then(|params| params.audio())
        .ok_or_else(|| bad("no audio track"))?;
    let sample_rate = params
        .sample_rate
        .filter(|rate| *rate > 0)
        .ok_or_else(|| bad("no sample rate in the header"))?;
    let channels = params
        .channels
        .as_ref()
        .and_then(|channels| u16::try_from(channels.count()).ok())
        .filter(|count| *count > 0)
        .ok_or_else(|| bad("no channel count in the header"))?;
    let trim = u64::from(track.delay.unwrap_or(0)) + u64::from(track.padding.unwrap_or(0));
    Ok(Shape {
        format,
        sample_rate,
        channels,
        trim,
    })
}

/// Frames (samples per channel) in the packets the demuxer finds, without decoding them, up to
/// just past `limit`. A declared count (WAV data-chunk size, MP3 Xing tag, a bitrate estimate)
/// is not trusted: a truncated upload holds less. A damaged tail ends the count; a damaged start
/// is NoDuration.
///
/// symphonia 0.6.1 gives each packet's whole duration (its `trimmed_dur` computes but does not
/// subtract the trims), so the MP3 delay and padding are taken off once, by the caller; the
/// fixture tests pin this.
fn count_frames(
    reader: &mut dyn FormatReader,
    format: VoiceFormat,
    limit: u64,
) -> Result<u64, VoiceProblem> {
    let mut frames = 0u64;
    let mut packets = 0u64;
    // A WAV packet's duration is what its header promised; one cut short by the end of the file
    // counts only its bytes, at the rate of bytes per frame of the first packet.
    let mut first: Option<(u64, u64)> = None;
    while frames <= limit {
        let packet = match reader.next_packet() {
            Ok(Some(packet)) => packet,
            Ok(None) => break,
            Err(_) if packets > 0 => break,
            Err(err) => {
                return Err(VoiceProblem::NoDuration(format!(
                    "no whole audio frame could be read: {err}"
                )));
            }
        };
        let mut dur = packet.dur.get();
        let len = u64::try_from(packet.data.len()).unwrap_or(u64::MAX);
        if format == VoiceFormat::Wav {
            match first {
                None => first = Some((dur, len)),
                Some((first_dur, first_len)) if first_len > 0 => {
                    let held = u128::from(len) * u128::from(first_dur) / u128::from(first_len);
                    dur = dur.min(u64::try_from(held).unwrap_or(u64::MAX));
                }
                Some(_) => {}
            }
        }
        frames = frames.saturating_add(dur);
        packets = packets.saturating_add(1);
    }
    if packets == 0 {
        return Err(VoiceProblem::NoDuration("no audio data in the file".into()));
    }
    Ok(frames)
}

#[cfg(test)]
mod tests {
    use super::*;

    macro_rules! fixture {
        ($name:literal) => {
            include_bytes!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/api/fixtures/voice/",
                $name
            ))
            .as_slice()
        };
    }

    const TONE_2S_WAV: &[u8] = fixture!("tone-2s.wav");
    const TONE_2S_MP3: &[u8] = fixture!("tone-2s.mp3");
    const TONE_70S_MP3: &[u8] = fixture!("tone-70s.mp3");
    const TONE_2S_AAC: &[u8] = fixture!("tone-2s.aac");
    const TONE_05S_AAC: &[u8] = fixture!("tone-0.5s.aac");

    /// 16-bit PCM WAV with the canonical 44-byte header and a sawtooth.
    fn wav(sample_rate: u32, channels: u16, frames: u32) -> Vec<u8> {
        let block = u32::from(channels) * 2;
        let data_len = frames * block;
        let mut out = Vec::new();
        out.extend_from_slice(b"RIFF");
        out.extend_from_slice(&(36 + data_len).to_le_bytes());
        out.extend_from_slice(b"WAVEfmt ");
        out.extend_from_slice(&16u32.to_le_bytes());
        out.extend_from_slice(&1u16.to_le_bytes()); // PCM
        out.extend_from_slice(&channels.to_le_bytes());
        out.extend_from_slice(&sample_rate.to_le_bytes());
        out.extend_from_slice(&(sample_rate * block).to_le_bytes());
        out.extend_from_slice(&(block as u16).to_le_bytes());
        out.extend_from_slice(&16u16.to_le_bytes());
        out.extend_from_slice(b"data");
        out.extend_from_slice(&data_len.to_le_bytes());
        assert_eq!(out.len(), 44);
        for i in 0..frames * u32::from(channels) {
            out.extend_from_slice(&(((i * 997) % 65_536) as u16).to_le_bytes());
        }
        out
    }

    fn assert_near(got: u64, want: u64, tolerance: u64) {
        assert!(
            got.abs_diff(want) <= tolerance,
            "{got} ms is not within {tolerance} ms of {want} ms"
        );
    }

    #[test]
    fn generated_wav_is_measured_exactly() {
        let voice = inspect(&wav(8_000, 1, 16_000)).unwrap();
        assert_eq!(
            voice,
            Voice {
                format: VoiceFormat::Wav,
                duration_ms: 2_000,
                sample_rate: 8_000,
                channels: 1
            }
        );
        let stereo = inspect(&wav(16_000, 2, 24_000)).unwrap();
        assert_eq!((stereo.duration_ms, stereo.channels), (1_500, 2));
    }

    #[test]
    fn fixtures_are_recognised_and_measured() {
        let wav = inspect(TONE_2S_WAV).unwrap();
        assert_eq!(
            (wav.format, wav.sample_rate, wav.channels),
            (VoiceFormat::Wav, 8_000, 1)
        );
        assert_eq!(wav.duration_ms, 2_000);

        // The LAME tag's encoder delay and padding are not counted: 2 s exactly.
        let mp3 = inspect(TONE_2S_MP3).unwrap();
        assert_eq!(
            (mp3.format, mp3.sample_rate, mp3.channels),
            (VoiceFormat::Mp3, 8_000, 1)
        );
        assert_near(mp3.duration_ms, 2_000, 20);

        let long = inspect(TONE_70S_MP3).unwrap();
        assert_eq!(long.format, VoiceFormat::Mp3);
        assert_near(long.duration_ms, 70_000, 20);

        // ADTS cannot say how many priming samples the encoder added (ffmpeg: one 1024-sample
        // frame, 64 ms at 16 kHz) and the last frame is padded: between 1 and 2 frames over
        // (ffprobe too says 2.11 s and 0.58 s).
        let aac = inspect(TONE_2S_AAC).unwrap();
        assert_eq!(
            (aac.format, aac.sample_rate, aac.channels),
            (VoiceFormat::Aac, 16_000, 1)
        );
        assert!((2_064..=2_128).contains(&aac.duration_ms), "{aac:?}");

        let short = inspect(TONE_05S_AAC).unwrap();
        assert_eq!(short.format, VoiceFormat::Aac);
        assert!((564..=628).contains(&short.duration_ms), "{short:?}");
    }

    #[test]
    fn duration_bounds() {
        let voice = |duration_ms| Voice {
            format: VoiceFormat::Wav,
            duration_ms,
            sample_rate: 8_000,
            channels: 1,
        };
        assert!(check_duration(&voice(999)).is_err());
        assert!(check_duration(&voice(1_000)).is_ok());
        assert!(check_duration(&voice(60_000)).is_ok());
        let err = check_duration(&voice(60_001)).unwrap_err();
        assert!(err.contains("1000") && err.contains("60000"), "{err}");
        assert!(check_duration(&inspect(TONE_2S_MP3).unwrap()).is_ok());
        assert!(check_duration(&inspect(TONE_2S_AAC).unwrap()).is_ok());
        assert!(check_duration(&inspect(TONE_70S_MP3).unwrap()).is_err());
        assert!(check_duration(&inspect(TONE_05S_AAC).unwrap()).is_err());
    }

    #[test]
    fn empty_and_unknown() {
        assert_eq!(inspect(b""), Err(VoiceProblem::Empty));
        for bytes in [
            b"x".as_slice(),
            b"hello, this is not audio",
            b"OggS\0\x02\0\0\0\0\0\0\0\0",
            b"fLaC\0\0\0\x22",
            b"RIFF",
            b"RIFF\x24\0\0\0AVI LIST",
            b"RIFFgarbagegarbagegarbage",
            &[0u8; 4096],
        ] {
            assert!(
                matches!(inspect(bytes), Err(VoiceProblem::Format(_))),
                "{bytes:?}: {:?}",
                inspect(bytes)
            );
        }
    }

    #[test]
    fn content_decides_not_the_first_bytes_alone() {
        // MP3 bytes behind a RIFF/WAVE header are not a WAV, nor an MP3.
        let mut fake = b"RIFF".to_vec();
        fake.extend_from_slice(&(u32::try_from(TONE_2S_MP3.len()).unwrap() + 4).to_le_bytes());
        fake.extend_from_slice(b"WAVE");
        fake.extend_from_slice(TONE_2S_MP3);
        assert!(inspect(&fake).is_err(), "{:?}", inspect(&fake));

        // The format must start the file: junk before an MP3 or ADTS stream is refused.
        for audio in [TONE_2S_MP3, TONE_2S_AAC, TONE_2S_WAV] {
            let mut junk = b"not audio, just words".to_vec();
            junk.extend_from_slice(audio);
            assert!(matches!(inspect(&junk), Err(VoiceProblem::Format(_))));
        }

        // The ID3v2 tag is optional: the same MP3 without it is the same voice.
        let tag_len = TONE_2S_MP3.len() - after_id3v2(TONE_2S_MP3).unwrap().len();
        assert!(tag_len > 10);
        assert_eq!(inspect(&TONE_2S_MP3[tag_len..]), inspect(TONE_2S_MP3));
    }

    #[test]
    fn recognised_but_not_measurable() {
        // A WAV header and fmt chunk, no data chunk.
        let mut no_data = wav(8_000, 1, 0);
        no_data.truncate(36);
        no_data[4..8].copy_from_slice(&28u32.to_le_bytes());
        assert_eq!(
            inspect(&no_data),
            Err(VoiceProblem::NoDuration(
                "a WAV file with no data chunk".into()
            ))
        );
        // A data chunk with not one whole sample frame.
        assert!(matches!(
            inspect(&wav(8_000, 1, 0)),
            Err(VoiceProblem::NoDuration(_))
        ));
        // The ID3v2 tag and part of the first MP3 frame.
        let audio_at = TONE_2S_MP3.len() - after_id3v2(TONE_2S_MP3).unwrap().len();
        let cut = inspect(&TONE_2S_MP3[..audio_at + 20]);
        assert!(matches!(cut, Err(VoiceProblem::NoDuration(_))), "{cut:?}");
        assert!(matches!(
            inspect(&TONE_2S_MP3[..audio_at]),
            Err(VoiceProblem::NoDuration(_))
        ));
        // Part of the first ADTS frame.
        assert!(matches!(
            inspect(&TONE_2S_AAC[..20]),
            Err(VoiceProblem::NoDuration(_))
        ));
    }

    #[test]
    fn headers_that_do_not_hold_together() {
        let mut zero_rate = wav(8_000, 1, 16_000);
        zero_rate[24..28].copy_from_slice(&0u32.to_le_bytes());
        assert!(matches!(inspect(&zero_rate), Err(VoiceProblem::Format(_))));

        let mut zero_channels = wav(8_000, 1, 16_000);
        zero_channels[22..24].copy_from_slice(&0u16.to_le_bytes());
        assert!(matches!(
            inspect(&zero_channels),
            Err(VoiceProblem::Format(_))
        ));

        // A chunk longer than the RIFF chunk around it.
        let mut long_chunk = wav(8_000, 1, 16_000);
        long_chunk[16..20].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(matches!(inspect(&long_chunk), Err(VoiceProblem::Format(_))));

        // An ID3v2 tag claiming more bytes than the file has.
        assert!(matches!(
            inspect(b"ID3\x04\0\0\x7f\x7f\x7f\x7f\xff\xfb"),
            Err(VoiceProblem::Format(_))
        ));
    }

    #[test]
    fn a_truncated_wav_counts_what_it_holds() {
        let full = wav(8_000, 1, 16_000);
        // Half the samples: the header still promises 2 s.
        let half = inspect(&full[..44 + 16_000]).unwrap();
        assert_eq!(half.duration_ms, 1_000);
        let odd = inspect(&full[..44 + 2_303 * 2 + 1]).unwrap();
        assert_eq!(odd.duration_ms, 2_303 * 1000 / 8_000);
    }

    /// Every cut of a valid file is refused or measured no longer than the whole, never a panic.
    #[test]
    fn truncations_never_panic_nor_grow() {
        let generated = wav(8_000, 2, 12_000);
        for (bytes, step) in [
            (TONE_2S_WAV, 7),
            (generated.as_slice(), 13),
            (TONE_2S_MP3, 3),
            (TONE_2S_AAC, 3),
            (TONE_05S_AAC, 1),
            (TONE_70S_MP3, 211),
        ] {
            let whole = inspect_unguarded(bytes).unwrap();
            for cut in (0..bytes.len()).step_by(step) {
                match inspect_unguarded(&bytes[..cut]) {
                    Ok(voice) => {
                        assert_eq!(voice.format, whole.format, "cut at {cut}");
                        assert!(voice.duration_ms <= whole.duration_ms, "cut at {cut}");
                    }
                    Err(VoiceProblem::Empty) => assert_eq!(cut, 0),
                    Err(_) => {}
                }
            }
        }
    }

    /// xorshift64*: reproducible noise without a dependency.
    struct Noise(u64);

    impl Noise {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
        }

        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }

        fn fill(&mut self, out: &mut [u8]) {
            for chunk in out.chunks_mut(8) {
                let word = self.next().to_le_bytes();
                chunk.copy_from_slice(&word[..chunk.len()]);
            }
        }
    }

    #[test]
    fn noise_and_damage_never_panic() {
        let mut noise = Noise(0x5EED_CAFE_F00D_BEEF);
        let prefixes: [&[u8]; 8] = [
            b"",
            b"RIFF",
            b"RIFF\xff\xff\xff\xffWAVE",
            b"RIFF\xff\xff\xff\xffWAVEfmt \x10\0\0\0",
            b"ID3\x04\0\0\0\0\0\x10",
            b"\xff\xfb",
            b"\xff\xe3",
            b"\xff\xf1",
        ];
        for round in 0..3_000 {
            let mut bytes = prefixes[round % prefixes.len()].to_vec();
            let mut tail = vec![0u8; noise.below(3_000)];
            noise.fill(&mut tail);
            bytes.extend_from_slice(&tail);
            let _ = inspect_unguarded(&bytes);
        }
        // Valid files with a few bytes changed reach deeper into the demuxers.
        let generated = wav(8_000, 1, 8_000);
        for original in [TONE_2S_MP3, TONE_2S_AAC, TONE_05S_AAC, generated.as_slice()] {
            for _ in 0..400 {
                let mut bytes = original.to_vec();
                for _ in 0..1 + noise.below(4) {
                    let at = noise.below(bytes.len().min(600));
                    bytes[at] = noise.next() as u8;
                }
                let _ = inspect_unguarded(&bytes);
            }
        }
    }

    /// `pattern` over and over, 20 MB of it.
    fn repeated(pattern: &[u8]) -> Vec<u8> {
        let mut out = pattern.repeat(MAX_VOICE_BYTES / pattern.len() + 1);
        out.truncate(MAX_VOICE_BYTES);
        out
    }

    /// Hostile 20 MB uploads: refused or measured, each in bounded time (run in release for the
    /// figures: `cargo test --release --lib voice::tests::hostile -- --ignored --nocapture`).
    fn hostile_inputs() -> Vec<(&'static str, Vec<u8>, Option<VoiceFormat>)> {
        let mut noise = Noise(42);
        let mut random = vec![0u8; MAX_VOICE_BYTES];
        noise.fill(&mut random);

        // A WAV whose RIFF and data sizes say "unknown" (as ffmpeg writes to a pipe).
        let mut endless_wav = wav(8_000, 1, 0);
        endless_wav[4..8].copy_from_slice(&u32::MAX.to_le_bytes());
        endless_wav[40..44].copy_from_slice(&u32::MAX.to_le_bytes());
        endless_wav.resize(MAX_VOICE_BYTES, 0x55);

        // Real MP3 frames over and over.
        let frames = after_id3v2(TONE_70S_MP3).unwrap();
        let many_mp3 = repeated(frames);

        // The smallest ADTS frames there are: 7-byte headers, empty payloads.
        let tiny = [0xFF, 0xF1, 0x60, 0x40, 0x00, 0xFF, 0xFC];
        let tiny_adts = repeated(&tiny);

        // A valid MPEG frame, a valid but dissimilar header, then a frame header every 3 bytes
        // whose frame (835 bytes) ends off the 3-byte grid: what makes symphonia's MPEG reader
        // resync quadratically.
        let mut mpeg_trap = vec![0xFF, 0xFB, 0xE0, 0xC4]; // MPEG-1 L3, 320 kbit/s, 44.1 kHz
        mpeg_trap.resize(4 + 1040, 0);
        mpeg_trap.extend_from_slice(&[0xFF, 0xF3, 0x14, 0x44]); // MPEG-2 L3, 24 kHz
        mpeg_trap.extend_from_slice(&repeated(&[0xFF, 0xFB, 0xD0])); // 256 kbit/s, 44.1 kHz
        mpeg_trap.truncate(MAX_VOICE_BYTES);

        let mut id3_then_noise = b"ID3\x04\0\0\0\0\0\x10".to_vec();
        id3_then_noise.resize(20, 0);
        id3_then_noise.extend_from_slice(&random[20..]);

        // None: refused as Format; Some: measured as (at least) too long.
        vec![
            ("zeros", vec![0u8; MAX_VOICE_BYTES], None),
            ("random", random, None),
            ("sync bytes 0xFF", vec![0xFFu8; MAX_VOICE_BYTES], None),
            ("endless WAV", endless_wav, Some(VoiceFormat::Wav)),
            ("MP3 frames", many_mp3, Some(VoiceFormat::Mp3)),
            ("tiny ADTS frames", tiny_adts, Some(VoiceFormat::Aac)),
            ("MPEG resync trap", mpeg_trap, None),
            ("ID3 then noise", id3_then_noise, None),
        ]
    }

    #[test]
    fn hostile_20_mb_inputs_are_answered() {
        for (name, bytes, measured) in hostile_inputs() {
            let answer = inspect_unguarded(&bytes);
            match (measured, &answer) {
                (None, Err(VoiceProblem::Format(_))) => {}
                (Some(format), Ok(voice)) if voice.format == format => {
                    assert!(voice.duration_ms > COUNT_LIMIT_MS, "{name}: {voice:?}");
                    let refusal = check_duration(voice).unwrap_err();
                    assert!(refusal.contains("over 600000 ms"), "{refusal}");
                }
                _ => panic!("{name}: {answer:?}"),
            }
        }
    }

    #[test]
    #[ignore = "timing figures; meaningful in release only"]
    fn hostile() {
        for (name, bytes) in [
            ("tone-2s.wav", TONE_2S_WAV),
            ("tone-2s.mp3", TONE_2S_MP3),
            ("tone-70s.mp3", TONE_70S_MP3),
            ("tone-2s.aac", TONE_2S_AAC),
            ("tone-0.5s.aac", TONE_05S_AAC),
        ] {
            println!("{name:>18}: {:>6} bytes {:?}", bytes.len(), inspect(bytes));
        }
        for (name, bytes, _) in hostile_inputs() {
            let started = std::time::Instant::now();
            let answer = inspect_unguarded(&bytes);
            println!("{name:>18}: {:>8.1?} {answer:?}", started.elapsed());
        }
        // The largest honest upload: 20 MB of 44.1 kHz stereo WAV (just under 2 minutes), read
        // to the end.
        let big = wav(44_100, 2, u32::try_from(MAX_VOICE_BYTES / 4 - 11).unwrap());
        let started = std::time::Instant::now();
        let answer = inspect_unguarded(&big);
        println!(
            "{:>18}: {:>8.1?} {answer:?}",
            "20 MB WAV",
            started.elapsed()
        );
        // What the head check saves: symphonia's own probe on the resync trap.
        let (_, trap, _) = hostile_inputs().swap_remove(6);
        for len in [64 * 1024, 256 * 1024, 1024 * 1024] {
            let started = std::time::Instant::now();
            let opened = open(&trap[..len]).is_ok();
            println!(
                "trap, no head check, {:>4} KiB: {:>8.1?} opened: {opened}",
                len / 1024,
                started.elapsed()
            );
        }
    }
}
