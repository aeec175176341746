//! What a player would make of camsim's media: ffprobe's view of a file, a full decode with
//! ffmpeg (any error it prints fails the test), the first decoded frame's time strip, an HLS
//! playlist parsed, and the PES timestamps and continuity of an MPEG-TS segment. ffmpeg must be
//! installed (`.ci/run` installs Debian's); a missing ffmpeg fails the test, it never skips.

use camsim::media::Size;
use camsim::media::card::read_strip;
use std::path::PathBuf;
use std::process::{Command, Output};
use std::sync::atomic::{AtomicU64, Ordering};

/// ffprobe's JSON for a file, and everything ffprobe and a full decode printed at `-v error`.
pub struct Probe {
    pub json: serde_json::Value,
    pub errors: String,
}

impl Probe {
    /// What ffprobe printed, and what it and a full decode complained of.
    fn of(probe: Output, decode: Output) -> Probe {
        Probe {
            json: serde_json::from_slice(&probe.stdout).expect("ffprobe JSON"),
            errors: [probe.stderr, decode.stderr]
                .iter()
                .map(|e| String::from_utf8_lossy(e).into_owned())
                .collect(),
        }
    }

    /// The first stream of `codec_type` (`video`, `audio`).
    pub fn stream(&self, codec_type: &str) -> &serde_json::Value {
        let streams = self.json["streams"].as_array().expect("streams");
        streams
            .iter()
            .find(|s| s["codec_type"] == codec_type)
            .unwrap_or_else(|| panic!("no {codec_type} stream in {:#}", self.json))
    }

    pub fn has(&self, codec_type: &str) -> bool {
        let streams = self.json["streams"].as_array();
        streams.is_some_and(|s| s.iter().any(|s| s["codec_type"] == codec_type))
    }

    pub fn codec(&self, codec_type: &str) -> String {
        self.stream(codec_type)["codec_name"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// (width, height) of the video stream.
    pub fn size(&self) -> (u64, u64) {
        let v = self.stream("video");
        (
            v["width"].as_u64().expect("width"),
            v["height"].as_u64().expect("height"),
        )
    }

    /// The container's duration, seconds.
    pub fn duration(&self) -> f64 {
        let text = self.json["format"]["duration"].as_str().expect("duration");
        text.parse().expect("a number")
    }

    /// Fails the test when ffprobe or ffmpeg complained.
    pub fn clean(&self) -> &Probe {
        assert!(
            self.errors.trim().is_empty(),
            "ffmpeg said: {}",
            self.errors
        );
        self
    }
}

/// ffprobe's arguments before the input: errors only, streams and format as JSON.
const PROBE: &[&str] = &[
    "-v",
    "error",
    "-show_streams",
    "-show_format",
    "-of",
    "json",
];

fn temp_path(ext: &str) -> PathBuf {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    std::env::temp_dir().join(format!("camsim-media-{}-{n}.{ext}", std::process::id()))
}

fn run(tool: &str, args: &[&str]) -> Output {
    match Command::new(tool).args(args).output() {
        Ok(output) => output,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            panic!("{tool} not found: the media tests need it (apt-get install ffmpeg)")
        }
        Err(e) => panic!("running {tool}: {e}"),
    }
}

/// ffprobe and a full ffmpeg decode of `bytes`, saved with extension `ext` (`ts`, `flv`,
/// `jpg`, `png`, `mjpeg`, `aac`, `m3u8`...).
pub fn probe(bytes: &[u8], ext: &str) -> Probe {
    let path = temp_path(ext);
    std::fs::write(&path, bytes).expect("write temp file");
    let file = path.to_string_lossy().into_owned();
    let probe = run("ffprobe", &[PROBE, &[file.as_str()]].concat());
    let decode = run("ffmpeg", &["-v", "error", "-i", &file, "-f", "null", "-"]);
    std::fs::remove_file(&path).ok();
    Probe::of(probe, decode)
}

/// ffprobe and a full decode of an HLS playlist by URL (ffmpeg fetches the segments itself,
/// as a player does). Async: camsim answers from the test's own runtime, which a blocking
/// wait here would starve.
pub async fn probe_url(url: &str) -> Probe {
    let probe = run_async("ffprobe", &[PROBE, &[url]].concat()).await;
    let decode = run_async("ffmpeg", &["-v", "error", "-i", url, "-f", "null", "-"]).await;
    Probe::of(probe, decode)
}

async fn run_async(tool: &str, args: &[&str]) -> Output {
    let run = tokio::process::Command::new(tool)
        .args(args)
        .kill_on_drop(true)
        .output();
    match tokio::time::timeout(std::time::Duration::from_secs(120), run).await {
        Ok(Ok(output)) => output,
        Ok(Err(e)) if e.kind() == std::io::ErrorKind::NotFound => {
            panic!("{tool} not found: the media tests need it (apt-get install ffmpeg)")
        }
        Ok(Err(e)) => panic!("running {tool}: {e}"),
        Err(_) => panic!("{tool} {args:?} ran for over 2 minutes"),
    }
}

/// The epoch second spelled by the time strip of the first decoded frame of `bytes` (a
/// picture, a segment, an FLV), and the frame's size.
pub fn first_frame_second(bytes: &[u8], ext: &str) -> (Size, Option<u32>) {
    let path = temp_path(ext);
    std::fs::write(&path, bytes).expect("write temp file");
    let file = path.to_string_lossy().into_owned();
    let probe = probe(bytes, ext);
    let (w, h) = probe.size();
    let out = run(
        "ffmpeg",
        &[
            "-v",
            "error",
            "-i",
            &file,
            "-frames:v",
            "1",
            "-f",
            "rawvideo",
            "-pix_fmt",
            "rgb24",
            "-",
        ],
    );
    std::fs::remove_file(&path).ok();
    let size = Size {
        width: u16::try_from(w).expect("width"),
        height: u16::try_from(h).expect("height"),
    };
    (size, read_strip(&out.stdout, size))
}

/// A media playlist, parsed as a player would (fails the test when it is not one).
pub fn playlist(text: &str) -> m3u8_rs::MediaPlaylist {
    match m3u8_rs::parse_playlist_res(text.as_bytes()) {
        Ok(m3u8_rs::Playlist::MediaPlaylist(p)) => p,
        Ok(other) => panic!("not a media playlist: {other:?}\n{text}"),
        Err(e) => panic!("not a playlist ({e:?}):\n{text}"),
    }
}

/// What the packets of an MPEG-TS segment say: every packet 188 bytes with sync 0x47, the
/// PIDs seen, and the PTS (90 kHz) of each video PES in order.
pub struct TsView {
    pub pids: Vec<u16>,
    pub video_pts: Vec<u64>,
    pub audio_pts: Vec<u64>,
}

pub fn ts_view(bytes: &[u8]) -> TsView {
    assert!(!bytes.is_empty(), "an empty segment");
    assert_eq!(bytes.len() % 188, 0, "whole 188-byte packets");
    let mut view = TsView {
        pids: Vec::new(),
        video_pts: Vec::new(),
        audio_pts: Vec::new(),
    };
    for packet in bytes.chunks(188) {
        assert_eq!(packet[0], 0x47, "sync byte");
        let pid = u16::from(packet[1] & 0x1F) << 8 | u16::from(packet[2]);
        if !view.pids.contains(&pid) {
            view.pids.push(pid);
        }
        let unit_start = packet[1] & 0x40 != 0;
        let control = (packet[3] >> 4) & 0x3;
        let mut at = 4;
        if control & 0x2 != 0 {
            at += 1 + usize::from(packet[4]);
        }
        if !unit_start || control & 0x1 == 0 || at + 14 > 188 {
            continue;
        }
        let pes = &packet[at..];
        if pes[..3] != [0, 0, 1] || pes[7] & 0x80 == 0 {
            continue;
        }
        let p = &pes[9..14];
        let pts = (u64::from(p[0] >> 1) & 0x7) << 30
            | u64::from(p[1]) << 22
            | u64::from(p[2] >> 1) << 15
            | u64::from(p[3]) << 7
            | u64::from(p[4] >> 1);
        match pes[3] {
            0xE0 => view.video_pts.push(pts),
            0xC0 => view.audio_pts.push(pts),
            _ => {}
        }
    }
    view
}
