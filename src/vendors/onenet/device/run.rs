//! Carrying out one command whose envelope and channel were checked: each arm reads its `cmd`,
//! changes the device or its camera only when the whole command is valid, and builds the reply.

use super::payload::{Fields, Invalid};
use super::reply::{self, Addressee, COMMAND_ERROR, NO_FILE, OK};
use super::table::{Cmd, Setting};
use super::{DeviceReply, DeviceSettings, Effect, Surroundings};
use super::{firmware, ptz, sd_files, snapshot, tf_card, wifi};
use crate::media::{Format, Size};
use crate::sim::camera::Camera;
use crate::sim::timeline::{self, SdCard, SdStatus};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Value, json};

/// One checked command.
pub struct Call<'s, 'a> {
    pub to: Addressee,
    /// The checked channel; 0 for a command on the whole device.
    pub channel: u32,
    pub cmd: Option<Value>,
    pub settings: &'s mut DeviceSettings,
    pub around: Surroundings<'a>,
}

pub fn run(kind: Cmd, call: Call<'_, '_>) -> DeviceReply {
    let to = call.to;
    let outcome = match kind {
        // The simulated stream has no key frames to force: nothing to do but agree.
        Cmd::KeyFrame => Ok(to.done()),
        Cmd::Ptz => run_ptz(call),
        Cmd::LocalVideos => local_videos(call),
        Cmd::Firmware => upgrade(call),
        Cmd::Get(setting) => {
            let ch = call.settings.channel(call.channel);
            Ok(to.got(setting.read(&ch, call.around.now)))
        }
        Cmd::Set(setting) => set(setting, call),
        Cmd::TfStatus => {
            let card = card(call.around.camera, call.around.seed, call.around.now);
            Ok(to.got(tf_card::to_json(&card, call.settings.tf_mounted())))
        }
        Cmd::TfOp => tf_op(call),
        Cmd::Snapshot => take_snapshot(call),
        Cmd::WifiList => Ok(to.got(wifi::to_json())),
        Cmd::WifiSet => {
            wifi::apply(&mut call.settings.wifi_passwords, call.cmd.as_ref()).map(|()| to.done())
        }
        Cmd::Cover => cover(call),
    };
    outcome.unwrap_or_else(|Invalid| to.failed(COMMAND_ERROR))
}

/// A set writes a copy, so an invalid one leaves the channel as it was.
fn set(setting: Setting, call: Call<'_, '_>) -> Result<DeviceReply, Invalid> {
    let mut next = call.settings.channel(call.channel);
    setting.write(&mut next, call.cmd.as_ref(), call.around.now)?;
    call.settings.channels.insert(call.channel, next);
    Ok(call.to.done())
}

fn run_ptz(call: Call<'_, '_>) -> Result<DeviceReply, Invalid> {
    let action = ptz::parse(call.cmd.as_ref())?;
    let camera = call.around.camera;
    ptz::act(
        &mut call.settings.ptz,
        &mut camera.ptz,
        action,
        call.around.now,
    );
    Ok(call.to.done())
}

fn upgrade(call: Call<'_, '_>) -> Result<DeviceReply, Invalid> {
    call.settings.upgrade = Some(firmware::parse(call.cmd.as_ref(), call.around.now)?);
    Ok(call.to.done())
}

/// What the camera's card holds now.
fn card(camera: &Camera, seed: u64, now: i64) -> SdCard {
    let key = camera.history_key();
    timeline::sd_card(&camera.timeline_source(seed, &key, now))
}

/// Whether the card can be read: there is one and it is mounted.
fn readable(card: &SdCard, settings: &DeviceSettings) -> bool {
    card.status != SdStatus::None && settings.tf_mounted()
}

/// cmdId 10. Proposal: with no card, or an unmounted one, the device answers "file missing"
/// with an empty list; an empty card answers 0 with an empty list.
fn local_videos(call: Call<'_, '_>) -> Result<DeviceReply, Invalid> {
    let query = sd_files::parse_query(call.cmd.as_ref())?;
    let Surroundings {
        camera, seed, now, ..
    } = call.around;
    let key = camera.history_key();
    let src = camera.timeline_source(seed, &key, now);
    let card = timeline::sd_card(&src);
    let (code, (all, rvods)) = if readable(&card, call.settings) {
        (OK, sd_files::list(&src, &card, &query))
    } else {
        (NO_FILE, (0, Vec::new()))
    };
    let data = json!({
        "all_count": all,
        "cur_count": rvods.len(),
        "channel_id": call.to.channel,
        "rvods": rvods,
    });
    Ok(reply::reply(code, &data))
}

/// cmdId 31. Proposal: with no card every operation answers "file missing"; a card can be
/// formatted mounted or not; mounting a mounted card (or the reverse) just succeeds.
fn tf_op(call: Call<'_, '_>) -> Result<DeviceReply, Invalid> {
    let op = tf_card::parse(call.cmd.as_ref())?;
    let Surroundings {
        camera, seed, now, ..
    } = call.around;
    if card(camera, seed, now).status == SdStatus::None {
        return Ok(call.to.failed(NO_FILE));
    }
    match op {
        tf_card::Op::Format => camera.history.format_sd_card(now),
        tf_card::Op::Mount => call.settings.tf_unmounted = false,
        tf_card::Op::Umount => call.settings.tf_unmounted = true,
    }
    Ok(call.to.done())
}

/// cmdId 32: the picture joins the camera's timeline and the platform's picture list.
fn take_snapshot(call: Call<'_, '_>) -> Result<DeviceReply, Invalid> {
    let size = snapshot::parse(call.cmd.as_ref())?;
    if !call.settings.channel(call.channel).lens_open {
        return Err(Invalid);
    }
    let Surroundings {
        camera,
        now,
        picture_id,
        ..
    } = call.around;
    let name = snapshot::name(&picture_id);
    camera
        .history
        .take_picture(picture_id, now)
        .map_err(|_| Invalid)?;
    let body = call
        .to
        .body(json!({ "result": 1, "cmd": { "name": &name } }));
    let mut reply = reply::reply(OK, &body);
    reply.effect = Some(Effect::Snapshot {
        channel: call.channel,
        name,
        at: now,
        width: size.width,
        height: size.height,
    });
    Ok(reply)
}

/// The size of a recording's cover (cmdId 43): a thumbnail, since the device encodes it while
/// the command runs, with the world locked (about 10 KB, a millisecond in a release build).
pub const COVER_SIZE: Size = Size {
    width: 320,
    height: 180,
};

/// cmdId 43: the cover of the oldest recording on the card overlapping the range: the card
/// of the channel at the recording's start.
fn cover(call: Call<'_, '_>) -> Result<DeviceReply, Invalid> {
    let (from, to) = sd_files::range(Fields::of(call.cmd.as_ref())?, true)?;
    let Surroundings {
        camera, seed, now, ..
    } = call.around;
    let key = camera.history_key();
    let src = camera.timeline_source(seed, &key, now);
    let card = timeline::sd_card(&src);
    let start = readable(&card, call.settings)
        .then(|| sd_files::first_start(&src, &card, from, to))
        .flatten();
    let Some(start) = start else {
        return Ok(call.to.failed(NO_FILE));
    };
    let looks = call.settings.looks(call.channel);
    let subject = crate::vendors::onenet::media::subject(seed, &camera.id, call.channel, looks);
    let at_ms = start.saturating_mul(1000);
    let jpeg = crate::media::job::picture(&subject, at_ms, COVER_SIZE, Format::Jpeg)
        .map_err(|_| Invalid)?;
    let data = STANDARD.encode(jpeg);
    Ok(reply::reply(
        OK,
        &call
            .to
            .body(json!({ "result": 1, "cmd": { "type": "jpg", "data": data } })),
    ))
}
