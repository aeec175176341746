//! PLACEHOLDER until the voice branch merges.
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
    pub duration_ms: u64,
    pub sample_rate: u32,
    pub channels: u16,
}
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VoiceProblem {
    Empty,
    Format(String),
    NoDuration(String),
}
pub const MIN_DURATION_MS: u64 = 1_000;
pub const MAX_DURATION_MS: u64 = 60_000;
pub const MAX_VOICE_BYTES: usize = 20 * 1024 * 1024;
pub fn inspect(bytes: &[u8]) -> Result<Voice, VoiceProblem> {
    if bytes.is_empty() {
        return Err(VoiceProblem::Empty);
    }
    if bytes.len() > 44 && &bytes[..4] == b"RIFF" {
        let rate = u32::from_le_bytes([bytes[28], bytes[29], bytes[30], bytes[31]]).max(1);
        return Ok(Voice {
            format: VoiceFormat::Wav,
            duration_ms: (bytes.len() as u64 - 44) * 1000 / u64::from(rate),
            sample_rate: 8000,
            channels: 1,
        });
    }
    Err(VoiceProblem::Format("unknown".into()))
}
pub fn check_duration(voice: &Voice) -> Result<(), String> {
    if (MIN_DURATION_MS..=MAX_DURATION_MS).contains(&voice.duration_ms) {
        Ok(())
    } else {
        Err(format!(
            "{} ms is outside {MIN_DURATION_MS}-{MAX_DURATION_MS} ms",
            voice.duration_ms
        ))
    }
}
