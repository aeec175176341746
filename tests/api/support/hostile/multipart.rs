//! `multipart/form-data` bodies written by hand (so they can be bent any way) and the voice
//! files Sodalife's `sendvoice` takes: real small WAV files, WAV headers that lie about their
//! sizes and format, MP3 and AAC frames followed by garbage.

use super::values::{pick, random_bytes};
use rand::RngExt;
use rand::rngs::StdRng;

pub const BOUNDARY: &str = "----camsimHostile7MA4YWxkTrZu0gW";

/// `Content-Type` of a form with `boundary`.
pub fn content_type(boundary: &str) -> String {
    format!("multipart/form-data; boundary={boundary}")
}

/// One part: its header lines (without CRLF) and its bytes.
#[derive(Debug, Clone)]
pub struct Part {
    pub headers: Vec<Vec<u8>>,
    pub body: Vec<u8>,
}

pub fn text(name: &str, value: &[u8]) -> Part {
    Part {
        headers: vec![format!("Content-Disposition: form-data; name=\"{name}\"").into_bytes()],
        body: value.to_vec(),
    }
}

pub fn file(name: &str, file_name: &str, content_type: &str, bytes: Vec<u8>) -> Part {
    Part {
        headers: vec![
            format!("Content-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"")
                .into_bytes(),
            format!("Content-Type: {content_type}").into_bytes(),
        ],
        body: bytes,
    }
}

/// The parts framed by `boundary`, with the closing delimiter when `close`, lines ended by
/// `eol` (CRLF as RFC 7578 says, or a bare LF some clients send).
pub fn form(boundary: &str, parts: &[Part], close: bool, eol: &[u8]) -> Vec<u8> {
    let size: usize = parts.iter().map(|p| p.body.len() + 200).sum();
    let mut out = Vec::with_capacity(size + 100);
    for part in parts {
        out.extend_from_slice(b"--");
        out.extend_from_slice(boundary.as_bytes());
        out.extend_from_slice(eol);
        for header in &part.headers {
            out.extend_from_slice(header);
            out.extend_from_slice(eol);
        }
        out.extend_from_slice(eol);
        out.extend_from_slice(&part.body);
        out.extend_from_slice(eol);
    }
    if close {
        out.extend_from_slice(b"--");
        out.extend_from_slice(boundary.as_bytes());
        out.extend_from_slice(b"--");
        out.extend_from_slice(eol);
    }
    out
}

/// A well-formed form with CRLF lines and the closing delimiter.
pub fn crlf_form(parts: &[Part]) -> Vec<u8> {
    form(BOUNDARY, parts, true, b"\r\n")
}

// ---------------------------------------------------------------------------------------------
// Voice files

/// A WAV header's fields; `None` sizes are the true ones.
#[derive(Debug, Clone, Copy)]
pub struct Wav {
    pub sample_rate: u32,
    pub channels: u16,
    pub bits: u16,
    /// Sample bytes actually written.
    pub data_len: usize,
    pub riff_size: Option<u32>,
    pub data_size: Option<u32>,
    pub byte_rate: Option<u32>,
    pub block_align: Option<u16>,
    pub fmt_size: u32,
    pub format_tag: u16,
}

impl Wav {
    /// PCM, 16-bit, with `secs_x10` tenths of a second of samples.
    pub fn pcm(sample_rate: u32, channels: u16, secs_x10: u64) -> Wav {
        let per_sec = u64::from(sample_rate) * u64::from(channels) * 2;
        Wav {
            sample_rate,
            channels,
            bits: 16,
            data_len: usize::try_from(per_sec * secs_x10 / 10).unwrap_or(0),
            riff_size: None,
            data_size: None,
            byte_rate: None,
            block_align: None,
            fmt_size: 16,
            format_tag: 1,
        }
    }

    pub fn bytes(&self, rng: &mut StdRng) -> Vec<u8> {
        let align = u32::from(self.channels) * u32::from(self.bits) / 8;
        let byte_rate = self.sample_rate.saturating_mul(align);
        let data_len = u32::try_from(self.data_len).unwrap_or(u32::MAX);
        let mut out = Vec::with_capacity(self.data_len + 44);
        out.extend_from_slice(b"RIFF");
        let riff = self.riff_size.unwrap_or(data_len.saturating_add(36));
        out.extend_from_slice(&riff.to_le_bytes());
        out.extend_from_slice(b"WAVEfmt ");
        out.extend_from_slice(&self.fmt_size.to_le_bytes());
        out.extend_from_slice(&self.format_tag.to_le_bytes());
        out.extend_from_slice(&self.channels.to_le_bytes());
        out.extend_from_slice(&self.sample_rate.to_le_bytes());
        out.extend_from_slice(&self.byte_rate.unwrap_or(byte_rate).to_le_bytes());
        let block = self
            .block_align
            .unwrap_or(u16::try_from(align).unwrap_or(0));
        out.extend_from_slice(&block.to_le_bytes());
        out.extend_from_slice(&self.bits.to_le_bytes());
        out.extend_from_slice(b"data");
        out.extend_from_slice(&self.data_size.unwrap_or(data_len).to_le_bytes());
        // Quiet noise: small samples, so the file is audio, not silence.
        out.extend((0..self.data_len).map(|i| {
            if i % 2 == 1 {
                0
            } else {
                rng.random_range(0..16u8)
            }
        }));
        out
    }
}

/// A valid voice file: 8 kHz mono 16-bit PCM, 1.2 to 3 s.
pub fn valid_wav(rng: &mut StdRng) -> Vec<u8> {
    let tenths = rng.random_range(12..=30u64);
    Wav::pcm(8_000, 1, tenths).bytes(rng)
}

/// An MP3 frame header (MPEG-1 layer III, 128 kbit/s, 44.1 kHz) then garbage, or frames with
/// reserved fields, or an ID3v2 tag claiming a huge size.
pub fn mp3_garbage(rng: &mut StdRng) -> (&'static str, Vec<u8>) {
    let (what, mut out): (&'static str, Vec<u8>) = match rng.random_range(0..5u32) {
        0 => (
            "an MP3 frame header then garbage",
            vec![0xFF, 0xFB, 0x90, 0x64],
        ),
        1 => (
            "MP3 frames with bitrate index 15",
            [0xFF, 0xFB, 0xF0, 0x64].repeat(200),
        ),
        2 => (
            "MP3 frames with sample rate index 3",
            [0xFF, 0xFB, 0x9C, 0x64].repeat(200),
        ),
        3 => (
            "an ID3v2 tag claiming 256 MB",
            b"ID3\x04\x00\x00\x7f\x7f\x7f\x7f".to_vec(),
        ),
        _ => ("MP3 sync words only", vec![0xFF; 4096]),
    };
    out.extend(random_bytes(rng, 0..8192));
    (what, out)
}

/// An AAC ADTS header with a frame length that lies, then garbage.
pub fn aac_garbage(rng: &mut StdRng) -> Vec<u8> {
    let mut out = vec![0xFF, 0xF1, 0x50, 0x80, 0xFF, 0xFF, 0xFC];
    out.extend(random_bytes(rng, 0..4096));
    out
}

/// What camsim must answer a voice file (the rest of the form valid).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// 1-60 s of 8 kHz mono WAV: delivered.
    Valid,
    /// Not playable audio of 1-60 s: refused, whatever the code.
    Refused,
    /// Refused with this code (camsim's own documented rule).
    Code(&'static str),
    /// A header that lies where a lenient reader may still find the audio: either answer.
    Either,
}

/// A hostile voice file: what it is, its bytes, and what camsim must answer it.
pub fn hostile_voice(rng: &mut StdRng) -> (String, Vec<u8>, Verdict) {
    use Verdict::{Code, Either, Refused, Valid};
    let lying = |rng: &mut StdRng, what: &str, wav: Wav, verdict: Verdict| {
        (what.to_string(), wav.bytes(rng), verdict)
    };
    let base = Wav::pcm(8_000, 1, 15);
    match rng.random_range(0..22u32) {
        0..=2 => ("a valid WAV".into(), valid_wav(rng), Valid),
        3 => ("random bytes".into(), random_bytes(rng, 1..65_536), Refused),
        4 => lying(
            rng,
            "WAV data size 0xFFFFFFFF",
            Wav {
                data_size: Some(u32::MAX),
                ..base
            },
            Either,
        ),
        // No duration can be worked out of 0 samples a second.
        5 => lying(
            rng,
            "WAV sample rate 0",
            Wav {
                sample_rate: 0,
                byte_rate: Some(16_000),
                ..base
            },
            Refused,
        ),
        6 => lying(
            rng,
            "WAV channels 0",
            Wav {
                channels: 0,
                ..base
            },
            Refused,
        ),
        7 => lying(
            rng,
            "WAV bits per sample 0, byte rate 0",
            Wav {
                bits: 0,
                byte_rate: Some(0),
                block_align: Some(0),
                ..base
            },
            Refused,
        ),
        8 => lying(
            rng,
            "WAV RIFF size 0xFFFFFFFF",
            Wav {
                riff_size: Some(u32::MAX),
                ..base
            },
            Either,
        ),
        9 => lying(
            rng,
            "WAV fmt chunk size 0xFFFFFFF0",
            Wav {
                fmt_size: 0xFFFF_FFF0,
                ..base
            },
            Either,
        ),
        10 => lying(
            rng,
            "WAV format tag 0xFFFE, 65535 channels",
            Wav {
                format_tag: 0xFFFE,
                channels: u16::MAX,
                ..base
            },
            Refused,
        ),
        11 => lying(
            rng,
            "WAV header only, data size 16000",
            Wav {
                data_len: 0,
                data_size: Some(16_000),
                ..base
            },
            Refused,
        ),
        12 => (
            "the first 20 bytes of a WAV header".into(),
            base.bytes(rng)[..20].to_vec(),
            Refused,
        ),
        13 => (
            "70 s of WAV".into(),
            Wav {
                bits: 8,
                data_len: 8_000 * 70,
                ..base
            }
            .bytes(rng),
            Code("111002"),
        ),
        14 => (
            "0.5 s of WAV".into(),
            Wav::pcm(8_000, 1, 5).bytes(rng),
            Code("111002"),
        ),
        // camsim's own rule: devices play at most 48 kHz stereo (111004).
        15 => (
            "1.5 s of 96 kHz stereo WAV".into(),
            Wav::pcm(96_000, 2, 15).bytes(rng),
            Code("111004"),
        ),
        16 => lying(
            rng,
            "WAV sample rate 0xFFFFFFFF",
            Wav {
                sample_rate: u32::MAX,
                ..base
            },
            Refused,
        ),
        17 => {
            let (what, bytes) = mp3_garbage(rng);
            (what.into(), bytes, Refused)
        }
        18 => (
            "an AAC ADTS header then garbage".into(),
            aac_garbage(rng),
            Refused,
        ),
        19 => {
            let magic = pick(
                rng,
                &[
                    &b"OggS"[..],
                    b"fLaC",
                    b"\xff\xd8\xff\xe0",
                    b"RIFF",
                    b"#!AMR\n",
                ],
            );
            let mut bytes = magic.to_vec();
            bytes.extend(random_bytes(rng, 0..2048));
            ("another format's magic then garbage".into(), bytes, Refused)
        }
        20 => ("one NUL byte".into(), vec![0], Refused),
        _ => ("text".into(), b"hello, this is not audio".to_vec(), Refused),
    }
}
