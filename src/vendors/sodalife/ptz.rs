//! PTZ under EZVIZ's start-then-stop rule, which Sodalife's `controlling` wraps: a start sets
//! the lens moving in one direction (at the medium speed, the only one Sodalife exposes) until a
//! stop; no other start is taken in between. Position moves with world time and stops at the
//! device's limits. Command 99 (the later revision's "back to preset 1") takes the lens home
//! over [`PRESET_MOVE_SECS`], during which PTZ calls are refused.

use crate::sim::camera::Ptz;
use serde::Serialize;

/// Degrees per second at medium speed, pan and tilt; zoom steps per second.
const PAN_PER_SEC: i64 = 20;
const TILT_PER_SEC: i64 = 10;
const ZOOM_PER_SEC: i64 = 1;
/// How long a move to preset 1 takes, world seconds.
pub const PRESET_MOVE_SECS: i64 = 10;
/// The later revision's "reset to preset 1" command.
pub const PRESET_COMMAND: u8 = 99;

/// How far the lens may go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PtzLimits {
    pub pan_min: i32,
    pub pan_max: i32,
    pub tilt_min: i32,
    pub tilt_max: i32,
    pub zoom_max: u32,
}

impl Default for PtzLimits {
    fn default() -> PtzLimits {
        PtzLimits {
            pan_min: -170,
            pan_max: 170,
            tilt_min: -30,
            tilt_max: 90,
            zoom_max: 4,
        }
    }
}

impl PtzLimits {
    /// What is wrong with these limits, or with `at` inside them: (key, message).
    pub fn problem(&self, at: Ptz) -> Option<(&'static str, String)> {
        if !(-180..=self.pan_max).contains(&self.pan_min) || self.pan_max > 180 {
            return Some((
                "panMin",
                "pan limits must satisfy -180 <= panMin <= panMax <= 180".into(),
            ));
        }
        if !(-90..=self.tilt_max).contains(&self.tilt_min) || self.tilt_max > 90 {
            return Some((
                "tiltMin",
                "tilt limits must satisfy -90 <= tiltMin <= tiltMax <= 90".into(),
            ));
        }
        if !(1..=100).contains(&self.zoom_max) {
            return Some((
                "zoomMax",
                format!("{} is out of range 1-100", self.zoom_max),
            ));
        }
        if !(self.pan_min..=self.pan_max).contains(&at.pan) {
            return Some(("pan", format!("{} is outside panMin..panMax", at.pan)));
        }
        if !(self.tilt_min..=self.tilt_max).contains(&at.tilt) {
            return Some(("tilt", format!("{} is outside tiltMin..tiltMax", at.tilt)));
        }
        if !(1..=self.zoom_max).contains(&at.zoom) {
            return Some(("zoom", format!("{} is outside 1..zoomMax", at.zoom)));
        }
        None
    }
}

/// A PTZ command of seed 002 (0–11) or the preset command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Command(pub u8);

impl Command {
    /// Commands a device takes: the documented 8–11, the reserved directions 0–7, preset 99.
    pub fn parse(n: i64) -> Option<Command> {
        match n {
            0..=11 => Some(Command(n as u8)),
            99 => Some(Command(PRESET_COMMAND)),
            _ => None,
        }
    }

    /// (pan, tilt, zoom) direction of the move.
    fn direction(self) -> (i64, i64, i64) {
        match self.0 {
            0 => (0, 1, 0),
            1 => (0, -1, 0),
            2 => (-1, 0, 0),
            3 => (1, 0, 0),
            4 => (-1, 1, 0),
            5 => (-1, -1, 0),
            6 => (1, 1, 0),
            7 => (1, -1, 0),
            8 => (0, 0, 1),
            9 => (0, 0, -1),
            // Focus near / far: the lens does not move.
            _ => (0, 0, 0),
        }
    }

    pub fn name(self) -> &'static str {
        match self.0 {
            0 => "up",
            1 => "down",
            2 => "left",
            3 => "right",
            4 => "up-left",
            5 => "down-left",
            6 => "up-right",
            7 => "down-right",
            8 => "zoom in",
            9 => "zoom out",
            10 => "focus near",
            11 => "focus far",
            _ => "preset 1",
        }
    }
}

/// A device's PTZ state beside its position (which the camera keeps).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PtzState {
    pub limits: PtzLimits,
    /// The command started and not yet stopped, and since when (world seconds).
    pub moving: Option<Moving>,
    /// Until when a move to preset 1 is under way.
    pub preset_until: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Moving {
    pub command: u8,
    pub since: i64,
}

/// Why a PTZ call was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PtzRefusal {
    /// A start while another command runs (stop first), or a start toward a limit reached.
    Failed(String),
    /// A move to preset 1 is under way, until then (world seconds).
    PresetMoving(i64),
}

impl PtzState {
    /// Starts `command` at `now`.
    pub fn start(&mut self, at: &mut Ptz, command: Command, now: i64) -> Result<(), PtzRefusal> {
        self.settle(at, now);
        if let Some(until) = self.preset_until {
            return Err(PtzRefusal::PresetMoving(until));
        }
        if let Some(m) = self.moving {
            return Err(PtzRefusal::Failed(format!(
                "`{}` started at {} is still running: stop it (action 1) first",
                Command(m.command).name(),
                m.since
            )));
        }
        if command.0 == PRESET_COMMAND {
            if *at != home(&self.limits) {
                self.preset_until = Some(now.saturating_add(PRESET_MOVE_SECS));
            }
            return Ok(());
        }
        let (dp, dt, dz) = command.direction();
        let blocked = (dp < 0 && at.pan <= self.limits.pan_min)
            || (dp > 0 && at.pan >= self.limits.pan_max)
            || (dt < 0 && at.tilt <= self.limits.tilt_min)
            || (dt > 0 && at.tilt >= self.limits.tilt_max)
            || (dz < 0 && at.zoom <= 1)
            || (dz > 0 && at.zoom >= self.limits.zoom_max);
        if blocked {
            return Err(PtzRefusal::Failed(format!(
                "the lens is at its {} limit",
                command.name()
            )));
        }
        self.moving = Some(Moving {
            command: command.0,
            since: now,
        });
        Ok(())
    }

    /// Stops whatever runs (a stop with nothing running succeeds, as EZVIZ's does).
    pub fn stop(&mut self, at: &mut Ptz, now: i64) -> Result<(), PtzRefusal> {
        self.settle(at, now);
        if let Some(until) = self.preset_until {
            return Err(PtzRefusal::PresetMoving(until));
        }
        if let Some(m) = self.moving.take() {
            *at = moved(
                *at,
                &self.limits,
                Command(m.command),
                now.saturating_sub(m.since),
            );
        }
        Ok(())
    }

    /// Finishes a preset move whose time is up.
    fn settle(&mut self, at: &mut Ptz, now: i64) {
        if self.preset_until.is_some_and(|until| now >= until) {
            self.preset_until = None;
            *at = home(&self.limits);
        }
    }

    /// Where the lens is at `now`, counting a move still running.
    pub fn position(&self, at: Ptz, now: i64) -> Ptz {
        if self.preset_until.is_some_and(|until| now >= until) {
            return home(&self.limits);
        }
        match self.moving {
            Some(m) => moved(
                at,
                &self.limits,
                Command(m.command),
                now.saturating_sub(m.since),
            ),
            None => at,
        }
    }
}

/// Preset 1: straight ahead, widest, kept inside the limits.
fn home(limits: &PtzLimits) -> Ptz {
    Ptz {
        pan: 0.clamp(limits.pan_min, limits.pan_max),
        tilt: 0.clamp(limits.tilt_min, limits.tilt_max),
        zoom: 1,
    }
}

fn moved(at: Ptz, limits: &PtzLimits, command: Command, secs: i64) -> Ptz {
    let secs = secs.clamp(0, 3600);
    let (dp, dt, dz) = command.direction();
    let pan = i64::from(at.pan) + dp * PAN_PER_SEC * secs;
    let tilt = i64::from(at.tilt) + dt * TILT_PER_SEC * secs;
    let zoom = i64::from(at.zoom) + dz * ZOOM_PER_SEC * secs;
    Ptz {
        pan: pan.clamp(i64::from(limits.pan_min), i64::from(limits.pan_max)) as i32,
        tilt: tilt.clamp(i64::from(limits.tilt_min), i64::from(limits.tilt_max)) as i32,
        zoom: zoom.clamp(1, i64::from(limits.zoom_max)) as u32,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_start_moves_the_lens_until_the_stop_and_no_second_start_is_taken_between() {
        let mut state = PtzState::default();
        let mut at = Ptz::AT_REST;
        state.start(&mut at, Command(3), 100).expect("right");
        assert!(matches!(
            state.start(&mut at, Command(2), 101),
            Err(PtzRefusal::Failed(_))
        ));
        assert_eq!(state.position(at, 102).pan, 40);
        state.stop(&mut at, 103).expect("stop");
        assert_eq!(at.pan, 60);
        state
            .stop(&mut at, 104)
            .expect("a stop with nothing running succeeds");
        state.start(&mut at, Command(3), 200).expect("right again");
        state.stop(&mut at, 300).expect("stop");
        assert_eq!(at.pan, 170, "stops at the limit");
        assert!(matches!(
            state.start(&mut at, Command(3), 301),
            Err(PtzRefusal::Failed(_))
        ));
    }

    #[test]
    fn a_preset_move_refuses_ptz_calls_until_it_arrives() {
        let mut state = PtzState::default();
        let mut at = Ptz {
            pan: 50,
            tilt: 10,
            zoom: 3,
        };
        state
            .start(&mut at, Command(PRESET_COMMAND), 10)
            .expect("preset");
        assert_eq!(
            state.start(&mut at, Command(0), 15),
            Err(PtzRefusal::PresetMoving(20))
        );
        state.start(&mut at, Command(8), 20).expect("arrived");
        assert_eq!((at.pan, at.tilt), (0, 0));
    }
}
