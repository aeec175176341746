//! The simulated OneNET camera's side of `POST /ipc/video/cmds` with `type=0`: it executes the
//! platform-defined commands of seed 003 §3.2 (ODVP message 0x000B) and answers with an ODVP
//! result code and the reply JSON of the seed. Pure: the platform hands in the camera, the
//! device's own settings, the clock and ids; no HTTP, no lock, no clock read. Offline devices
//! never get here (the platform answers `cmd_status` 0 itself).
//!
//! Result codes (the C SDK's `error.h`): 0 ok, 1 channel missing, 2 file missing, 5 command
//! error. The C SDK answers 5 to anything it does not handle, so 5 is also the answer to a body
//! that is not a JSON object, has no `cmdId` (a number or numeric string), names an unknown
//! cmdId, or carries a `type` other than `"video"` (absent is fine: seed 003 leaves it out).
//! Its data is `{"cmdId":N,"result":0}` when N could be read, empty otherwise. A command
//! naming a channel needs `channel_id` (seed 003's `"channel_id "` with a trailing space is
//! taken too): absent or not one of the device's -> 1, not an integer -> 5. A value out of
//! range -> 5 with `{"cmdId","channel_id","result":0}`, and nothing changes.
//!
//! | cmdId | does | pair |
//! |---|---|---|
//! | 5 | key frame: agrees | |
//! | 7 | PTZ start / stop / step; moves `camera.ptz` with world time | |
//! | 10 | pages through the recordings on the TF card | |
//! | 11 | firmware upgrade: `camera.firmware` changes 120 s later | |
//! | 20 / 21 | OSD text and clock | get / set |
//! | 26 / 27 | local recording plan | get / set |
//! | 28 / 29 | device clock: manual or NTP | get / set |
//! | 30 / 31 | TF card status; format, mount, umount | get / set |
//! | 32 | snapshot: into the camera timeline and the platform's picture list | |
//! | 33 / 34 | audio/video encoding and picture | get / set |
//! | 39 / 40 | lens on/off (off refuses snapshots) | get / set |
//! | 41 / 42 | Wi-Fi access points; password of one | get / set |
//! | 43 | cover picture of a recording on the card | |
//! | 80 / 81, 82 / 83, 84 / 85, 91 / 92 | motion, occlusion, sound, other alarm detection | get / set |
//!
//! Sets reply `{"cmdId","channel_id","result":1}` (no `channel_id` for 11, 31, 42) and change
//! only the fields they name, except the switch each requires (27/29 `mode`, 40 `status`,
//! 81/83/85 `enable`, 92 `state`, 42 `wifi_id` and `wifi_pw`, 31 `opt`). Gets show fields the
//! seed makes conditional only when their switch is on (26 `time` in mode 1, 20 text and
//! position when enabled, 28 by mode).
//!
//! Proposals (the seed is silent), each a named constant or one documented function:
//! - factory settings: OSD clock top-left (`YMD`, 24 h), custom text off; recording plan off,
//!   overwriting when full; NTP `cn.pool.ntp.org:123` at `+8`; H.264 512 kbps `"25"` fps
//!   `"1280*720"` with audio; lens on; three access points (`wifi::ACCESS_POINTS`); motion
//!   detection on over the whole picture taking a snapshot; occlusion, sound and other alarms
//!   off; every schedule all week, all day (`settings.rs` and each module's `Default`);
//! - value ranges: `av::RESOLUTIONS`, bit rate 32–8192 kbps, frame rate 1–30, OSD text 32
//!   characters, detection regions in a 640×480 grid (`detection::GRID`), at most
//!   `detection::MAX_REGIONS` regions and `schedule::MAX_SPANS` spans, a span starts before it
//!   ends, time zones -12..=+14, Wi-Fi passwords up to 64 characters;
//! - PTZ rates and steps (`ptz.rs`); firmware takes `firmware::UPGRADE_SECS`;
//! - cmdId 10: oldest first, `per_page` at most 100 (more is a command error); a recording
//!   overlapping the range is listed whole; no card or an unmounted one -> 2 with an empty list;
//! - cmdId 30: an unmounted card is state 1, mode 0, 0 KB; state 2 never happens;
//! - cmdId 31 with no card -> 2; cmdId 43 with no card or no recording in range -> 2;
//! - cmdId 32: named `snapshot::name` (`snap_<picture id>`); default and largest size
//!   1280×720; refused (5) while the lens is off or the camera's history is full.
//!
//! LIMITATIONS: the recording plan, detection settings and TF card mount state are reported,
//! not obeyed: what the card holds and which events happen follow the scenario's timeline. A
//! firmware upgrade does not take the camera offline. Of the AV settings the media camsim
//! serves follow only the resolution, and the device clock's zone (28/29) sets the time the
//! card shows; `quality` changes nothing. A cover (43) is a 320×180 JPEG (`run::COVER_SIZE`).

mod av;
mod detection;
mod firmware;
mod lens;
mod osd;
mod payload;
mod ptz;
mod record_plan;
mod reply;
mod run;
mod schedule;
mod sd_files;
mod settings;
mod snapshot;
mod table;
#[cfg(test)]
mod tests;
mod tf_card;
mod time_config;
mod wifi;

pub use settings::{DeviceSettings, Looks};

use payload::ChannelArg;
use reply::{Addressee, COMMAND_ERROR, NO_CHANNEL};
use table::Cmd;

/// What a command may read and change outside the device's own settings.
pub struct Surroundings<'a> {
    pub camera: &'a mut crate::sim::camera::Camera,
    /// The device's channel ids, sorted (a command naming another channel gets result code 1).
    pub channels: &'a [u32],
    /// World seed (timeline windows need it) and world clock (Unix seconds).
    pub seed: u64,
    pub now: i64,
    /// A fresh world-unique id to use if the command takes a snapshot (cmdId 32).
    pub picture_id: String,
}

#[derive(Debug)]
pub struct DeviceReply {
    /// ODVP device result: 0 ok, 1 channel missing, 2 file missing, 4 not supported, 5 command error.
    pub resp_code: i64,
    /// What the device sends back: the reply JSON of seed 003 for the cmdId, as bytes.
    pub data: Vec<u8>,
    /// What the platform must record besides the reply.
    pub effect: Option<Effect>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// cmdId 32 took a picture: the platform lists it in its picture list (§5.2) under this name.
    Snapshot {
        channel: u32,
        name: String,
        at: i64,
        width: u32,
        height: u32,
    },
}

/// Executes one platform-defined command (`type=0`; body = the JSON the client sent) on the device.
pub fn execute(
    settings: &mut DeviceSettings,
    around: Surroundings<'_>,
    payload: &[u8],
) -> DeviceReply {
    settle(settings, around.camera, around.now);
    let request = match payload::parse(payload) {
        Ok(request) => request,
        Err(unreadable) => return reply::unreadable(unreadable.cmd_id),
    };
    let Some(cmd) = Cmd::of(request.id) else {
        return reply::unreadable(Some(request.id));
    };
    let to = Addressee::new(request.id, request.channel, cmd.names_channel());
    let channel = if cmd.names_channel() {
        match checked_channel(request.channel, around.channels) {
            Ok(channel) => channel,
            Err(code) => return to.failed(code),
        }
    } else {
        0
    };
    let call = run::Call {
        to,
        channel,
        cmd: request.cmd,
        settings,
        around,
    };
    run::run(cmd, call)
}

/// The channel a command names, if the device has it; else the result code.
fn checked_channel(arg: ChannelArg, channels: &[u32]) -> Result<u32, i64> {
    match arg {
        ChannelArg::Absent => Err(NO_CHANNEL),
        ChannelArg::Malformed => Err(COMMAND_ERROR),
        ChannelArg::Given(n) => u32::try_from(n)
            .ok()
            .filter(|c| channels.binary_search(c).is_ok())
            .ok_or(NO_CHANNEL),
    }
}

/// Applies what finished by `now` (a firmware upgrade whose delay has passed sets `camera.firmware`)
/// and brings a running PTZ move's position to `now`. Called before anything reads the firmware.
pub fn settle(settings: &mut DeviceSettings, camera: &mut crate::sim::camera::Camera, now: i64) {
    if let Some(running) = &settings.ptz {
        camera.ptz = running.position(now);
    }
    if let Some(version) = firmware::finished(&mut settings.upgrade, now) {
        camera.firmware = version;
    }
}
