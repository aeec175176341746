//! MPEG-TS for HLS: one [`Chunk`] becomes one self-contained segment (PAT, PMT, then the video
//! and audio PES packets interleaved by time). Segments are made one at a time and cached, so
//! each starts its continuity counters at 0 and says so with `discontinuity_indicator`; their
//! timestamps come from world time, so consecutive segments of one stream play as one.
//!
//! Packets are built with the `mpeg2ts` crate: it writes PAT/PMT with their CRC, PES headers
//! and PCRs, and stuffs short packets with adaptation fields; this file only decides what goes
//! in which packet.

use super::adts::read_adts;
use super::annexb::{NAL_AUD, nal_type, nal_units};
use super::frames::{AudioFrame, Chunk, VideoFrame};
use mpeg2ts::es::{StreamId, StreamType};
use mpeg2ts::pes::PesHeader;
use mpeg2ts::time::{ClockReference, Timestamp};
use mpeg2ts::ts::payload::{Bytes, Pat, Pes, Pmt};
use mpeg2ts::ts::{
    AdaptationField, ContinuityCounter, EsInfo, Pid, ProgramAssociation,
    TransportScramblingControl, TsHeader, TsPacket, TsPacketWriter, TsPayload, VersionNumber,
    WriteTsPacket,
};

/// PIDs and program number of camsim's one program (what HLS packagers commonly use).
pub const PMT_PID: u16 = 0x1000;
pub const VIDEO_PID: u16 = 0x100;
pub const AUDIO_PID: u16 = 0x101;
const PROGRAM_NUMBER: u16 = 1;

/// H.264 needs an access unit delimiter in front of each access unit in a TS (H.222 2.14).
const AUD: [u8; 6] = [0, 0, 0, 1, NAL_AUD, 0xF0];
/// PTS, DTS and PCR wrap at 2^33 ticks of 90 kHz (about 26.5 hours).
const TIMESTAMP_MODULO: i64 = 1 << 33;
/// How far the PCR runs ahead of the frame it comes with (100 ms in 90 kHz ticks): the frame
/// arrives a little before it is due.
const PCR_LEAD: i64 = 9_000;
/// At most this many ADTS frames share one audio PES (fewer headers, still fine-grained).
const AUDIO_FRAMES_PER_PES: usize = 4;
/// Payload bytes of one TS packet.
const PACKET_PAYLOAD: usize = TsPacket::SIZE - 4;

/// One HLS segment carrying `chunk`: PAT and PMT, then one PES per video frame (PCR on each)
/// with the audio in between by time. Frames that cannot be read (no start code, a broken ADTS
/// header) are left out; an empty chunk gives a segment with only PAT and PMT.
pub fn mux_ts(chunk: &Chunk) -> Vec<u8> {
    match mux(chunk) {
        Ok(segment) => segment,
        Err(e) => {
            tracing::error!(error = %e, "MPEG-TS muxing failed; serving an empty segment");
            Vec::new()
        }
    }
}

fn mux(chunk: &Chunk) -> mpeg2ts::Result<Vec<u8>> {
    let audio: Vec<(i64, &[u8])> = chunk.audio.iter().filter_map(readable_audio).collect();
    let mut muxer = Muxer::new();
    muxer.tables(!audio.is_empty())?;
    let mut next_audio = 0;
    for frame in &chunk.video {
        muxer.audio_until(&audio, &mut next_audio, Some(frame.pts_ms))?;
        muxer.video(frame)?;
    }
    muxer.audio_until(&audio, &mut next_audio, None)?;
    Ok(muxer.writer.into_stream())
}

/// An audio frame's time and its ADTS frame, when its header reads.
fn readable_audio(frame: &AudioFrame) -> Option<(i64, &[u8])> {
    read_adts(&frame.adts).map(|adts| (frame.pts_ms, adts.frame))
}

/// `ms` of world time in 90 kHz ticks, wrapped at 2^33 as PTS and DTS are.
pub fn timestamp_90k(ms: i64) -> u64 {
    // Wrapping is exact here: 2^33 divides 2^64.
    ms.wrapping_mul(90).rem_euclid(TIMESTAMP_MODULO) as u64
}

/// The PCR sent with a frame due at `ms`: [`PCR_LEAD`] earlier, in 27 MHz units.
fn pcr_for(ms: i64) -> u64 {
    let base = (timestamp_90k(ms) as i64 - PCR_LEAD).rem_euclid(TIMESTAMP_MODULO);
    base as u64 * 300
}

/// A PID's continuity counter, and whether it has sent a packet in this segment yet.
struct Stream {
    pid: u16,
    counter: u8,
    started: bool,
}

impl Stream {
    fn new(pid: u16) -> Self {
        Self {
            pid,
            counter: 0,
            started: false,
        }
    }

    /// The header of this PID's next packet (every packet here carries payload, so each one
    /// counts).
    fn next_header(&mut self) -> mpeg2ts::Result<TsHeader> {
        let header = TsHeader {
            transport_error_indicator: false,
            transport_priority: false,
            pid: Pid::new(self.pid)?,
            transport_scrambling_control: TransportScramblingControl::NotScrambled,
            continuity_counter: ContinuityCounter::from_u8(self.counter)?,
        };
        self.counter = (self.counter + 1) & ContinuityCounter::MAX;
        Ok(header)
    }

    /// The adaptation field for this PID's next packet: `wanted`, plus the discontinuity flag
    /// on the segment's first packet (its counter restarted at 0).
    fn adaptation(&mut self, wanted: Option<AdaptationField>) -> Option<AdaptationField> {
        if self.started {
            return wanted;
        }
        self.started = true;
        let mut field = wanted.unwrap_or_else(empty_adaptation);
        field.discontinuity_indicator = true;
        Some(field)
    }
}

fn empty_adaptation() -> AdaptationField {
    AdaptationField {
        discontinuity_indicator: false,
        random_access_indicator: false,
        es_priority_indicator: false,
        pcr: None,
        opcr: None,
        splice_countdown: None,
        transport_private_data: Vec::new(),
        extension: None,
    }
}

/// Bytes an adaptation field takes in a packet, length byte included (as `mpeg2ts` writes it:
/// flags, then a PCR if any; camsim sets nothing else).
fn adaptation_size(field: Option<&AdaptationField>) -> usize {
    field.map_or(0, |f| 2 + if f.pcr.is_some() { 6 } else { 0 })
}

/// One segment being written: the packets so far and each PID's counter.
struct Muxer {
    writer: TsPacketWriter<Vec<u8>>,
    pat: Stream,
    pmt: Stream,
    video: Stream,
    audio: Stream,
}

impl Muxer {
    fn new() -> Self {
        Self {
            writer: TsPacketWriter::new(Vec::new()),
            pat: Stream::new(Pid::PAT),
            pmt: Stream::new(PMT_PID),
            video: Stream::new(VIDEO_PID),
            audio: Stream::new(AUDIO_PID),
        }
    }

    /// PAT then PMT: one program, H.264 on [`VIDEO_PID`] (which carries the PCR), ADTS AAC on
    /// [`AUDIO_PID`] when there is audio.
    fn tables(&mut self, with_audio: bool) -> mpeg2ts::Result<()> {
        let pat = Pat {
            transport_stream_id: 1,
            version_number: VersionNumber::new(),
            table: vec![ProgramAssociation {
                program_num: PROGRAM_NUMBER,
                program_map_pid: Pid::new(PMT_PID)?,
            }],
        };
        let mut es_info = vec![es(StreamType::H264, VIDEO_PID)?];
        if with_audio {
            es_info.push(es(StreamType::AdtsAac, AUDIO_PID)?);
        }
        let pmt = Pmt {
            program_num: PROGRAM_NUMBER,
            pcr_pid: Some(Pid::new(VIDEO_PID)?),
            version_number: VersionNumber::new(),
            program_info: Vec::new(),
            es_info,
        };
        write(&mut self.writer, &mut self.pat, None, TsPayload::Pat(pat))?;
        write(&mut self.writer, &mut self.pmt, None, TsPayload::Pmt(pmt))
    }

    /// One video frame as one PES (PTS = DTS), its first packet carrying the PCR and, on a
    /// key frame, the random access flag.
    fn video(&mut self, frame: &VideoFrame) -> mpeg2ts::Result<()> {
        let Some(access_unit) = access_unit(&frame.annexb) else {
            return Ok(());
        };
        let time = Timestamp::new(timestamp_90k(frame.pts_ms))?;
        let header = pes_header(StreamId::VIDEO_MIN, time, Some(time));
        let field = AdaptationField {
            random_access_indicator: frame.keyframe,
            pcr: Some(ClockReference::new(pcr_for(frame.pts_ms))?),
            ..empty_adaptation()
        };
        write_pes(
            &mut self.writer,
            &mut self.video,
            header,
            &access_unit,
            Some(field),
        )
    }

    /// The audio frames from `audio[*next]` on that are due before `limit` (all when `None`),
    /// a few to a PES.
    fn audio_until(
        &mut self,
        audio: &[(i64, &[u8])],
        next: &mut usize,
        limit: Option<i64>,
    ) -> mpeg2ts::Result<()> {
        let due = |at: &usize| {
            audio
                .get(*at)
                .is_some_and(|(t, _)| limit.is_none_or(|l| *t < l))
        };
        while due(next) {
            let first = *next;
            while *next - first < AUDIO_FRAMES_PER_PES && due(next) {
                *next += 1;
            }
            self.audio_pes(&audio[first..*next])?;
        }
        Ok(())
    }

    fn audio_pes(&mut self, frames: &[(i64, &[u8])]) -> mpeg2ts::Result<()> {
        let Some((first_ms, _)) = frames.first() else {
            return Ok(());
        };
        let data: Vec<u8> = frames.iter().flat_map(|(_, f)| f.iter().copied()).collect();
        let time = Timestamp::new(timestamp_90k(*first_ms))?;
        let header = pes_header(StreamId::AUDIO_MIN, time, None);
        write_pes(&mut self.writer, &mut self.audio, header, &data, None)
    }
}

fn es(stream_type: StreamType, pid: u16) -> mpeg2ts::Result<EsInfo> {
    Ok(EsInfo {
        stream_type,
        elementary_pid: Pid::new(pid)?,
        descriptors: Vec::new(),
    })
}

fn pes_header(stream_id: u8, pts: Timestamp, dts: Option<Timestamp>) -> PesHeader {
    PesHeader {
        stream_id: StreamId::new(stream_id),
        priority: false,
        data_alignment_indicator: true,
        copyright: false,
        original_or_copy: false,
        pts: Some(pts),
        dts,
        escr: None,
    }
}

/// The access unit behind fresh 4-byte start codes, an AUD in front unless it has one; `None`
/// when `annexb` holds no NAL unit.
fn access_unit(annexb: &[u8]) -> Option<Vec<u8>> {
    let mut units = nal_units(annexb).peekable();
    let first = *units.peek()?;
    let mut out = Vec::with_capacity(annexb.len() + AUD.len());
    if nal_type(first) != NAL_AUD {
        out.extend_from_slice(&AUD);
    }
    for unit in units {
        out.extend_from_slice(&[0, 0, 0, 1]);
        out.extend_from_slice(unit);
    }
    Some(out)
}

/// One PES packet cut into TS packets: header and the first bytes in the first packet (behind
/// `field`), the rest 184 bytes at a time; `mpeg2ts` stuffs the short last packet with an
/// adaptation field.
fn write_pes(
    out: &mut TsPacketWriter<Vec<u8>>,
    stream: &mut Stream,
    header: PesHeader,
    data: &[u8],
    field: Option<AdaptationField>,
) -> mpeg2ts::Result<()> {
    let field = stream.adaptation(field);
    // Start code, stream id and length (6 bytes), flags and header length (3), timestamps.
    let optional = 3 + 5 * (usize::from(header.pts.is_some()) + usize::from(header.dts.is_some()));
    let room = PACKET_PAYLOAD - adaptation_size(field.as_ref()) - 6 - optional;
    let (first, rest) = data.split_at(room.min(data.len()));
    // Bytes after the length field; 0 ("unbounded", allowed for video) when it does not fit.
    let pes_packet_len = u16::try_from(optional + data.len()).unwrap_or(0);
    let start = Pes {
        header,
        pes_packet_len,
        data: Bytes::new(first)?,
    };
    write_packet(out, stream, field, TsPayload::PesStart(start))?;
    for piece in rest.chunks(PACKET_PAYLOAD) {
        let payload = TsPayload::PesContinuation(Bytes::new(piece)?);
        write_packet(out, stream, None, payload)?;
    }
    Ok(())
}

/// A single-packet payload (PAT, PMT).
fn write(
    out: &mut TsPacketWriter<Vec<u8>>,
    stream: &mut Stream,
    field: Option<AdaptationField>,
    payload: TsPayload,
) -> mpeg2ts::Result<()> {
    let field = stream.adaptation(field);
    write_packet(out, stream, field, payload)
}

fn write_packet(
    out: &mut TsPacketWriter<Vec<u8>>,
    stream: &mut Stream,
    adaptation_field: Option<AdaptationField>,
    payload: TsPayload,
) -> mpeg2ts::Result<()> {
    let packet = TsPacket {
        header: stream.next_header()?,
        adaptation_field,
        payload: Some(payload),
    };
    out.write_ts_packet(&packet)
}

/// Test input and the ffprobe/ffmpeg checks, shared with the FLV tests.
#[cfg(test)]
pub(crate) mod testing {
    use super::super::annexb::{NAL_IDR, nal_type, nal_units};
    use super::super::frames::{AudioFrame, Chunk, VideoFrame};
    use bytes::Bytes;
    use std::path::PathBuf;
    use std::process::Command;

    /// 4 s of 160x90 test bars at 10 fps, H.264 baseline, a key frame every 2 s, no AUD (made
    /// with `ffmpeg -f lavfi -i testsrc=size=160x90:rate=10 -t 4 -pix_fmt yuv420p -c:v libx264
    /// -profile:v baseline -g 20 -f h264`).
    const BARS: &[u8] = include_bytes!("testdata/bars.h264");
    pub const WIDTH: u16 = 160;
    pub const HEIGHT: u16 = 90;
    pub const FRAME_MS: i64 = 100;
    pub const CHUNK_MS: i64 = 2_000;
    /// 16 kHz AAC: 1,024 samples a frame.
    pub const AUDIO_FRAME_MS: i64 = 64;
    /// 2026-11-22T08:00:00Z, camsim's test worlds' clock.
    pub const WORLD_MS: i64 = 1_795_334_400_000;

    /// The fixture's access units: a slice (type 1 or 5) ends one, SPS/PPS/SEI join the next.
    pub fn access_units() -> Vec<(bool, Vec<u8>)> {
        let mut units = Vec::new();
        let mut pending = Vec::new();
        for nal in nal_units(BARS) {
            pending.extend_from_slice(&[0, 0, 0, 1]);
            pending.extend_from_slice(nal);
            if matches!(nal_type(nal), 1 | NAL_IDR) {
                units.push((nal_type(nal) == NAL_IDR, std::mem::take(&mut pending)));
            }
        }
        units
    }

    /// The fixture as two 2-second chunks from `start_ms`, with silent audio when `audio`.
    pub fn chunks(start_ms: i64, audio: bool) -> Vec<Chunk> {
        let mut chunks = vec![chunk(), chunk()];
        for (i, (keyframe, annexb)) in access_units().into_iter().enumerate() {
            let pts_ms = start_ms + i as i64 * FRAME_MS;
            chunks[index(pts_ms - start_ms)].video.push(VideoFrame {
                pts_ms,
                keyframe,
                annexb: Bytes::from(annexb),
            });
        }
        let silence = crate::media::adts::SILENT_FRAME.repeat(63);
        for (i, adts) in silence.chunks(11).enumerate().filter(|_| audio) {
            let pts_ms = start_ms + i as i64 * AUDIO_FRAME_MS;
            chunks[index(pts_ms - start_ms)].audio.push(AudioFrame {
                pts_ms,
                adts: Bytes::copy_from_slice(adts),
            });
        }
        chunks
    }

    fn chunk() -> Chunk {
        Chunk {
            width: WIDTH,
            height: HEIGHT,
            ..Chunk::default()
        }
    }

    fn index(since_ms: i64) -> usize {
        usize::from(since_ms >= CHUNK_MS)
    }

    /// What ffprobe and ffmpeg say about a file.
    pub struct Probe {
        pub json: serde_json::Value,
        /// Everything ffprobe and a full decode printed at `-v error`.
        pub errors: String,
    }

    impl Probe {
        pub fn stream(&self, codec_type: &str) -> &serde_json::Value {
            let streams = self.json["streams"].as_array().expect("streams");
            streams
                .iter()
                .find(|s| s["codec_type"] == codec_type)
                .unwrap_or_else(|| panic!("no {codec_type} stream in {:#}", self.json))
        }

        /// The fixture's streams: H.264 at 160x90 and AAC at 16 kHz mono.
        pub fn assert_fixture_streams(&self) {
            let video = self.stream("video");
            assert_eq!(video["codec_name"], "h264");
            assert_eq!(
                (&video["width"], &video["height"]),
                (&160.into(), &90.into())
            );
            let audio = self.stream("audio");
            assert_eq!(audio["codec_name"], "aac");
            assert_eq!(
                (&audio["sample_rate"], &audio["channels"]),
                (&"16000".into(), &1.into())
            );
        }

        pub fn stream_count(&self) -> usize {
            self.json["streams"].as_array().map_or(0, Vec::len)
        }

        pub fn duration(&self) -> f64 {
            let text = self.json["format"]["duration"].as_str().expect("duration");
            text.parse().expect("a number")
        }
    }

    /// Writes `bytes` to a temp file named `name`, probes it and decodes it all.
    pub fn probe(name: &str, bytes: &[u8]) -> Probe {
        let path = temp_path(name);
        std::fs::write(&path, bytes).expect("write temp file");
        let probe = run(
            "ffprobe",
            &[
                "-v",
                "error",
                "-show_streams",
                "-show_format",
                "-of",
                "json",
            ],
            &path,
            &[],
        );
        let decode = run(
            "ffmpeg",
            &["-v", "error", "-i"],
            &path,
            &["-f", "null", "-"],
        );
        std::fs::remove_file(&path).ok();
        Probe {
            json: serde_json::from_slice(&probe.stdout).expect("ffprobe JSON"),
            errors: [probe.stderr, decode.stderr]
                .iter()
                .map(|e| String::from_utf8_lossy(e).into_owned())
                .collect(),
        }
    }

    fn temp_path(name: &str) -> PathBuf {
        std::env::temp_dir().join(format!("camsim-mux-{}-{name}", std::process::id()))
    }

    fn run(tool: &str, before: &[&str], path: &PathBuf, after: &[&str]) -> std::process::Output {
        let output = Command::new(tool)
            .args(before)
            .arg(path)
            .args(after)
            .output();
        match output {
            Ok(output) => output,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                panic!("{tool} not found: the muxer tests need it (apt-get install ffmpeg)")
            }
            Err(e) => panic!("running {tool}: {e}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::testing::{self, AUDIO_FRAME_MS, CHUNK_MS, FRAME_MS, WORLD_MS, chunks};
    use super::*;
    use bytes::Bytes;

    /// One TS packet, read independently of `mpeg2ts`.
    #[derive(Debug)]
    struct Packet<'a> {
        pid: u16,
        unit_start: bool,
        counter: u8,
        adaptation: &'a [u8],
        payload: &'a [u8],
    }

    fn packets(segment: &[u8]) -> Vec<Packet<'_>> {
        assert_eq!(segment.len() % TsPacket::SIZE, 0, "whole packets");
        segment
            .chunks(TsPacket::SIZE)
            .map(|p| {
                assert_eq!(p[0], 0x47, "sync byte");
                let control = (p[3] >> 4) & 0x03;
                let (adaptation, payload) = if control & 0x02 != 0 {
                    let len = usize::from(p[4]);
                    (&p[5..5 + len], &p[5 + len..])
                } else {
                    (&p[4..4], &p[4..])
                };
                assert!(control & 0x01 != 0, "every packet carries payload");
                Packet {
                    pid: u16::from_be_bytes([p[1], p[2]]) & 0x1FFF,
                    unit_start: p[1] & 0x40 != 0,
                    counter: p[3] & 0x0F,
                    adaptation,
                    payload,
                }
            })
            .collect()
    }

    /// CRC-32/MPEG-2 (polynomial 0x04C11DB7, no reflection, no final xor), bit by bit.
    fn crc32_mpeg2(data: &[u8]) -> u32 {
        let mut crc = u32::MAX;
        for &byte in data {
            crc ^= u32::from(byte) << 24;
            for _ in 0..8 {
                crc = if crc & 0x8000_0000 != 0 {
                    (crc << 1) ^ 0x04C1_1DB7
                } else {
                    crc << 1
                };
            }
        }
        crc
    }

    /// The section in a PSI packet's payload, its CRC checked.
    fn section<'a>(packet: &Packet<'a>) -> &'a [u8] {
        assert!(packet.unit_start);
        let start = 1 + usize::from(packet.payload[0]);
        let body = &packet.payload[start..];
        let len = 3 + usize::from(u16::from_be_bytes([body[1], body[2]]) & 0x0FFF);
        let (data, crc) = body[..len].split_at(len - 4);
        assert_eq!(crc32_mpeg2(data).to_be_bytes(), crc, "CRC-32/MPEG-2");
        data
    }

    /// The PMT's (stream_type, PID) pairs and its PCR PID.
    fn pmt_streams(segment: &[u8]) -> (u16, Vec<(u8, u16)>) {
        let all = packets(segment);
        assert_eq!((all[0].pid, all[1].pid), (0, PMT_PID), "PAT then PMT");
        let pat = section(&all[0]);
        assert_eq!(pat[0], 0, "PAT table id");
        assert_eq!(
            &pat[8..12],
            &[0, 1, 0xE0 | 0x10, 0x00],
            "program 1 on PID 0x1000"
        );
        let pmt = section(&all[1]);
        assert_eq!(pmt[0], 2, "PMT table id");
        let pcr_pid = u16::from_be_bytes([pmt[8], pmt[9]]) & 0x1FFF;
        let info_len = usize::from(u16::from_be_bytes([pmt[10], pmt[11]]) & 0x0FFF);
        let mut rest = &pmt[12 + info_len..];
        let mut streams = Vec::new();
        while rest.len() >= 5 {
            let pid = u16::from_be_bytes([rest[1], rest[2]]) & 0x1FFF;
            streams.push((rest[0], pid));
            let es_len = usize::from(u16::from_be_bytes([rest[3], rest[4]]) & 0x0FFF);
            rest = &rest[5 + es_len..];
        }
        (pcr_pid, streams)
    }

    /// The PES packets of `pid`, each reassembled from its TS packets.
    fn pes_packets(segment: &[u8], pid: u16) -> Vec<Vec<u8>> {
        let mut out: Vec<Vec<u8>> = Vec::new();
        for packet in packets(segment).iter().filter(|p| p.pid == pid) {
            if packet.unit_start {
                out.push(Vec::new());
            }
            out.last_mut()
                .expect("starts with a unit")
                .extend_from_slice(packet.payload);
        }
        out
    }

    fn read_timestamp(b: &[u8]) -> u64 {
        (u64::from(b[0] >> 1) & 0x07) << 30
            | u64::from(b[1]) << 22
            | u64::from(b[2] >> 1) << 15
            | u64::from(b[3]) << 7
            | u64::from(b[4] >> 1)
    }

    /// A PES packet's PTS, DTS (if any) and data.
    fn pes_parts(pes: &[u8]) -> (u64, Option<u64>, &[u8]) {
        assert_eq!(&pes[..3], &[0, 0, 1], "PES start code");
        let flags = pes[7];
        let data = &pes[9 + usize::from(pes[8])..];
        let dts = (flags & 0x40 != 0).then(|| read_timestamp(&pes[14..19]));
        (read_timestamp(&pes[9..14]), dts, data)
    }

    fn pts_of(segment: &[u8], pid: u16) -> Vec<u64> {
        pes_packets(segment, pid)
            .iter()
            .map(|p| pes_parts(p).0)
            .collect()
    }

    fn pcrs(segment: &[u8]) -> Vec<u64> {
        packets(segment)
            .iter()
            .filter(|p| {
                p.pid == VIDEO_PID && p.adaptation.len() >= 7 && p.adaptation[0] & 0x10 != 0
            })
            .map(|p| {
                let a = p.adaptation;
                let base = u64::from_be_bytes([0, 0, 0, a[1], a[2], a[3], a[4], a[5]]) >> 7;
                let extension = u64::from(a[5] & 0x01) << 8 | u64::from(a[6]);
                base * 300 + extension
            })
            .collect()
    }

    #[test]
    fn a_segment_is_whole_packets_that_start_with_pat_and_pmt() {
        let chunk = &chunks(WORLD_MS, true)[0];
        let segment = mux_ts(chunk);
        let video_bytes: usize = chunk.video.iter().map(|f| f.annexb.len()).sum();
        assert!(segment.len() > video_bytes, "{} bytes", segment.len());
        let (pcr_pid, streams) = pmt_streams(&segment);
        assert_eq!(pcr_pid, VIDEO_PID);
        assert_eq!(streams, vec![(0x1B, VIDEO_PID), (0x0F, AUDIO_PID)]);
        let pids: Vec<u16> = packets(&segment).iter().map(|p| p.pid).collect();
        assert!(
            pids.iter()
                .all(|p| [0, PMT_PID, VIDEO_PID, AUDIO_PID].contains(p))
        );
        assert_eq!(pids.iter().filter(|&&p| p == 0 || p == PMT_PID).count(), 2);
    }

    #[test]
    fn a_segment_without_audio_has_no_audio_stream() {
        let segment = mux_ts(&chunks(WORLD_MS, false)[0]);
        assert_eq!(pmt_streams(&segment).1, vec![(0x1B, VIDEO_PID)]);
        assert!(packets(&segment).iter().all(|p| p.pid != AUDIO_PID));
    }

    #[test]
    fn counters_start_at_zero_behind_a_discontinuity_flag() {
        let segment = mux_ts(&chunks(WORLD_MS, true)[1]);
        let all = packets(&segment);
        for pid in [0, PMT_PID, VIDEO_PID, AUDIO_PID] {
            let mine: Vec<&Packet> = all.iter().filter(|p| p.pid == pid).collect();
            let counters: Vec<u8> = mine.iter().map(|p| p.counter).collect();
            let expected: Vec<u8> = (0..counters.len()).map(|i| (i % 16) as u8).collect();
            assert_eq!(counters, expected, "PID {pid:#x}");
            assert!(
                mine[0].adaptation[0] & 0x80 != 0,
                "discontinuity on PID {pid:#x}"
            );
            assert!(
                mine[1..]
                    .iter()
                    .all(|p| p.adaptation.first().is_none_or(|f| f & 0x80 == 0))
            );
        }
    }

    #[test]
    fn every_video_frame_is_one_pes_with_equal_pts_and_dts_and_a_pcr() {
        let chunk = &chunks(WORLD_MS, true)[0];
        let segment = mux_ts(chunk);
        let pes = pes_packets(&segment, VIDEO_PID);
        assert_eq!(pes.len(), chunk.video.len());
        for (pes, frame) in pes.iter().zip(&chunk.video) {
            let (pts, dts, data) = pes_parts(pes);
            assert_eq!(pes[3], 0xE0);
            assert_eq!(pts, timestamp_90k(frame.pts_ms));
            assert_eq!(dts, Some(pts));
            assert_eq!(&data[..6], &AUD, "an AUD starts the access unit");
            assert_eq!(
                &data[6..],
                &frame.annexb[..],
                "the fixture has 4-byte start codes"
            );
        }
        let pcrs = pcrs(&segment);
        assert_eq!(pcrs.len(), chunk.video.len(), "a PCR with every frame");
        for (pcr, frame) in pcrs.iter().zip(&chunk.video) {
            let dts = timestamp_90k(frame.pts_ms) * 300;
            assert!(
                *pcr < dts && dts - pcr <= 27_000_000 / 10,
                "a little before the DTS"
            );
        }
        let keyframe_flags: Vec<bool> = packets(&segment)
            .iter()
            .filter(|p| p.pid == VIDEO_PID && p.unit_start)
            .map(|p| p.adaptation[0] & 0x40 != 0)
            .collect();
        let keyframes: Vec<bool> = chunk.video.iter().map(|f| f.keyframe).collect();
        assert_eq!(
            keyframe_flags, keyframes,
            "random access flag on key frames"
        );
    }

    #[test]
    fn an_access_unit_that_has_an_aud_keeps_just_that_one() {
        let au = access_unit(&[0, 0, 1, 9, 0x10, 0, 0, 1, 0x41, 1]).expect("two units");
        assert_eq!(au, [0, 0, 0, 1, 9, 0x10, 0, 0, 0, 1, 0x41, 1]);
        let au = access_unit(&[0, 0, 1, 0x41, 1]).expect("one unit");
        assert_eq!(au, [&AUD[..], &[0, 0, 0, 1, 0x41, 1]].concat());
        assert_eq!(access_unit(&[0x41, 1, 2]), None);
    }

    #[test]
    fn audio_pes_carry_whole_adts_frames_between_the_video_by_time() {
        let chunk = &chunks(WORLD_MS, true)[0];
        let segment = mux_ts(chunk);
        let pes = pes_packets(&segment, AUDIO_PID);
        let mut carried = Vec::new();
        for p in &pes {
            let (_, dts, data) = pes_parts(p);
            assert_eq!((p[3], dts), (0xC0, None));
            let len = usize::from(u16::from_be_bytes([p[4], p[5]]));
            assert_eq!(len, p.len() - 6, "PES_packet_length");
            carried.extend_from_slice(data);
        }
        let sent: Vec<u8> = chunk.audio.iter().flat_map(|f| f.adts.to_vec()).collect();
        assert_eq!(carried, sent);
        // In stream order, each audio PES comes after the video frame before it in time.
        let mut last_video = 0;
        for packet in packets(&segment)
            .iter()
            .filter(|p| p.unit_start && [VIDEO_PID, AUDIO_PID].contains(&p.pid))
        {
            let pts = read_timestamp(&packet.payload[9..14]);
            if packet.pid == VIDEO_PID {
                last_video = pts;
            } else {
                assert!(pts >= last_video, "audio {pts} after video {last_video}");
            }
        }
    }

    #[test]
    fn consecutive_segments_have_continuous_timestamps() {
        let [a, b] = [0, 1].map(|i| mux_ts(&chunks(WORLD_MS, true)[i]));
        let ticks = |ms: i64| ms as u64 * 90;
        let (va, vb) = (pts_of(&a, VIDEO_PID), pts_of(&b, VIDEO_PID));
        assert_eq!(va[0], timestamp_90k(WORLD_MS));
        assert_eq!(vb[0], va[va.len() - 1] + ticks(FRAME_MS));
        assert_eq!(vb[0], va[0] + ticks(CHUNK_MS));
        let (aa, ab) = (pts_of(&a, AUDIO_PID), pts_of(&b, AUDIO_PID));
        let audio_frames_in_a = (CHUNK_MS as u64).div_ceil(AUDIO_FRAME_MS as u64);
        assert_eq!(ab[0], aa[0] + audio_frames_in_a * ticks(AUDIO_FRAME_MS));
    }

    #[test]
    fn timestamps_wrap_at_33_bits() {
        let wrap_ms = (1i64 << 33) / 90 + 1;
        assert_eq!(timestamp_90k(wrap_ms), (wrap_ms * 90 - (1 << 33)) as u64);
        assert_eq!(timestamp_90k(-1), (1 << 33) - 90);
        assert!(timestamp_90k(WORLD_MS) < 1 << 33);
        assert_eq!(
            timestamp_90k(WORLD_MS),
            (WORLD_MS as i128 * 90 % (1 << 33)) as u64
        );
        assert_eq!(
            timestamp_90k(i64::MAX),
            (i64::MAX as i128 * 90 % (1 << 33)) as u64
        );
        assert_eq!(
            pcr_for(0),
            ((1 << 33) - PCR_LEAD as u64) * 300,
            "wraps backwards too"
        );
    }

    #[test]
    fn what_cannot_be_read_is_left_out_without_a_panic() {
        let empty = mux_ts(&Chunk::default());
        assert_eq!(packets(&empty).len(), 2, "PAT and PMT only");
        let odd = Chunk {
            width: 1,
            height: 1,
            video: vec![
                VideoFrame {
                    pts_ms: i64::MIN,
                    keyframe: true,
                    annexb: Bytes::from_static(b"\x65no start code"),
                },
                VideoFrame {
                    pts_ms: i64::MAX,
                    keyframe: false,
                    annexb: Bytes::from_static(&[0, 0, 1, 0x41]),
                },
                VideoFrame {
                    pts_ms: 0,
                    keyframe: false,
                    annexb: Bytes::new(),
                },
                VideoFrame {
                    pts_ms: 1,
                    keyframe: true,
                    annexb: Bytes::from(vec![0x42; 200_000]),
                },
            ],
            audio: vec![
                AudioFrame {
                    pts_ms: i64::MIN,
                    adts: Bytes::from_static(&[0xFF, 0xF1, 0x60]),
                },
                AudioFrame {
                    pts_ms: 0,
                    adts: Bytes::from_static(&[0xFF, 0xF1, 0x60, 0x40, 0x7F, 0xFF, 0xFC]),
                },
                AudioFrame {
                    pts_ms: 5,
                    adts: Bytes::from_static(&[0x12; 11]),
                },
            ],
        };
        let segment = mux_ts(&odd);
        assert_eq!(
            pmt_streams(&segment).1,
            vec![(0x1B, VIDEO_PID)],
            "no readable audio"
        );
        assert_eq!(
            pes_packets(&segment, VIDEO_PID).len(),
            1,
            "one frame had a start code"
        );
    }

    #[test]
    fn a_big_frame_spans_packets_with_an_unbounded_pes_length() {
        let mut annexb = vec![0, 0, 0, 1, 0x65];
        annexb.resize(100_000, 0x42);
        let chunk = Chunk {
            video: vec![VideoFrame {
                pts_ms: 7,
                keyframe: true,
                annexb: Bytes::from(annexb.clone()),
            }],
            ..Chunk::default()
        };
        let segment = mux_ts(&chunk);
        let pes = pes_packets(&segment, VIDEO_PID);
        assert_eq!(&pes[0][4..6], &[0, 0], "PES_packet_length 0");
        assert_eq!(pes_parts(&pes[0]).2, [&AUD[..], &annexb].concat());
    }

    #[test]
    fn adts_headers_read_as_written() {
        let silence = crate::media::adts::SILENT_FRAME.repeat(16);
        let adts = read_adts(&silence).expect("a frame");
        assert_eq!(
            (adts.object_type, adts.sampling_index, adts.channels),
            (2, 8, 1)
        );
        assert_eq!((adts.frame.len(), adts.raw.len()), (11, 4));
        assert_eq!(
            adts.audio_specific_config(),
            [0x14, 0x08],
            "AAC LC, 16 kHz, mono"
        );
        assert_eq!(read_adts(&silence[..10]), None, "shorter than its length");
        assert_eq!(
            read_adts(&[0xFF, 0xF1, 0x60, 0x40, 0, 0x1F, 0xFC]),
            None,
            "length under 7"
        );
        assert_eq!(
            read_adts(&[0xFF, 0xF1, 0x7C, 0x40, 1, 0x7F, 0xFC, 0, 0, 0, 0]),
            None,
            "rate 15"
        );
        assert_eq!(read_adts(&[]), None);
    }

    #[test]
    fn mpeg2ts_reads_the_segment_back() {
        use mpeg2ts::ts::{ReadTsPacket, TsPacketReader};
        let segment = mux_ts(&chunks(WORLD_MS, true)[0]);
        let mut reader = TsPacketReader::new(&segment[..]);
        let mut count = 0;
        while let Some(packet) = reader.read_ts_packet().expect("a valid packet") {
            if count == 0 {
                assert!(matches!(packet.payload, Some(TsPayload::Pat(_))));
            }
            count += 1;
        }
        assert_eq!(count, segment.len() / TsPacket::SIZE);
    }

    #[test]
    fn ffprobe_reads_a_segment_as_h264_and_aac_of_the_chunk_length() {
        let probe = testing::probe("one.ts", &mux_ts(&chunks(WORLD_MS, true)[0]));
        assert_eq!(probe.errors, "", "ffprobe/ffmpeg complained");
        assert_eq!(probe.stream_count(), 2);
        probe.assert_fixture_streams();
        let duration = probe.duration();
        assert!((duration - 2.0).abs() < 0.15, "duration {duration}");
    }

    #[test]
    fn ffmpeg_plays_two_segments_back_to_back_without_complaint() {
        for start in [WORLD_MS, (1i64 << 33) / 90 - 1_000] {
            let [a, b] = [0, 1].map(|i| mux_ts(&chunks(start, true)[i]));
            let probe = testing::probe("ab.ts", &[a, b].concat());
            assert_eq!(
                probe.errors, "",
                "ffprobe/ffmpeg complained (start {start})"
            );
            let duration = probe.duration();
            assert!(
                (duration - 4.0).abs() < 0.15,
                "duration {duration} (start {start})"
            );
        }
    }

    #[test]
    fn ffprobe_reads_a_video_only_segment() {
        let probe = testing::probe("video.ts", &mux_ts(&chunks(WORLD_MS, false)[1]));
        assert_eq!(probe.errors, "");
        assert_eq!(probe.stream_count(), 1);
        assert_eq!(probe.stream("video")["codec_name"], "h264");
    }
}
