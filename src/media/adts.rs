//! ADTS, the framing of the AAC camsim serves: reading a frame's header (the FLV muxer needs the
//! AudioSpecificConfig, the TS muxer checks what it carries) and the silent frame camsim's audio
//! is made of.

/// One ADTS frame: a 7-byte header (MPEG-4 AAC LC, 16 kHz (index 8), mono, no CRC, frame
/// length 11, VBR) and a raw block of one silent mono channel (all spectral data zero).
pub const SILENT_FRAME: [u8; 11] = [
    0xFF, 0xF1, 0x60, 0x40, 0x01, 0x7F, 0xFC, 0x01, 0x40, 0x20, 0x07,
];

/// One ADTS frame as read from its header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Adts<'a> {
    /// MPEG-4 audio object type (ADTS profile + 1; 2 is AAC LC).
    pub object_type: u8,
    /// Index into the AAC sampling rate table (8 is 16 kHz).
    pub sampling_index: u8,
    pub channels: u8,
    /// The whole frame, header included (`frame_length` bytes).
    pub frame: &'a [u8],
    /// The raw AAC data after the header (and its CRC, if any).
    pub raw: &'a [u8],
}

impl Adts<'_> {
    /// The two-byte MPEG-4 AudioSpecificConfig a decoder needs when the ADTS header is gone.
    pub fn audio_specific_config(&self) -> [u8; 2] {
        [
            (self.object_type << 3) | (self.sampling_index >> 1),
            ((self.sampling_index & 1) << 7) | (self.channels << 3),
        ]
    }
}

/// The ADTS frame at the start of `bytes`, or `None` when its header is broken (no sync word,
/// a layer other than 0, a reserved sampling rate, a length that does not fit). Bytes past
/// the frame's length are not part of it.
pub fn read_adts(bytes: &[u8]) -> Option<Adts<'_>> {
    let header: &[u8; 7] = bytes.first_chunk()?;
    let sync = header[0] == 0xFF && header[1] & 0xF0 == 0xF0;
    let layer = (header[1] >> 1) & 0x03;
    let sampling_index = (header[2] >> 2) & 0x0F;
    if !sync || layer != 0 || sampling_index > 12 {
        return None;
    }
    let header_len = if header[1] & 0x01 == 1 { 7 } else { 9 };
    let frame_len = (usize::from(header[3] & 0x03) << 11)
        | (usize::from(header[4]) << 3)
        | usize::from(header[5] >> 5);
    if frame_len < header_len || frame_len > bytes.len() {
        return None;
    }
    Some(Adts {
        object_type: (header[2] >> 6) + 1,
        sampling_index,
        channels: ((header[2] & 0x01) << 2) | (header[3] >> 6),
        frame: &bytes[..frame_len],
        raw: &bytes[header_len..frame_len],
    })
}
