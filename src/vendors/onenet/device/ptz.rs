//! PTZ control (cmdId 7): `stop` 0 starts a move that runs with world time until a stop or the
//! next PTZ command, 1 stops, 2 steps once. The lens position is `camera.ptz`, clamped to
//! pan -180..=180, tilt -90..=90, zoom 1..=10; focus and iris (3–6) are taken and change nothing
//! visible; auto scan (22) pans from end to end and back.

use super::payload::{Fields, Invalid};
use crate::sim::camera::Ptz;
use serde_json::Value;

/// Proposal: pan and tilt degrees per second for each speed step (speed 4 turns 20°/s).
pub const DEG_PER_SEC_PER_SPEED: i64 = 5;
/// Proposal: zoom levels per second are `speed / ZOOM_SPEED_DIVISOR` (one a second at speed 4).
pub const ZOOM_SPEED_DIVISOR: i64 = 4;
/// Proposal: one step turns this many degrees per speed step (speed 4 turns 8°) and zooms
/// `speed / ZOOM_SPEED_DIVISOR` levels, rounded up.
pub const STEP_DEG_PER_SPEED: i64 = 2;
/// The speed of a command that names none (the middle of 1–7).
pub const DEFAULT_SPEED: i64 = 4;
pub const MAX_ZOOM: i64 = 10;
const AUTO_SCAN: i64 = 22;

/// What cmdId 7 asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Start { cmd: i64, speed: i64 },
    Stop,
    Step { cmd: i64, speed: i64 },
}

/// A move under way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Move {
    cmd: i64,
    speed: i64,
    since: i64,
    from: Ptz,
}

/// Reads cmdId 7's `cmd`: `stop` required; `cmd` (1–6, 11–18, 22) required unless stopping;
/// `speed` 1–7, 4 when absent. A stop takes any `cmd` and `speed`.
pub fn parse(cmd: Option<&Value>) -> Result<Action, Invalid> {
    let f = Fields::of(cmd)?;
    let stop = f.required_int("stop", 0..=2)?;
    if stop == 1 {
        return Ok(Action::Stop);
    }
    let cmd = f.required_int("cmd", 1..=AUTO_SCAN)?;
    if direction(cmd).is_none() {
        return Err(Invalid);
    }
    let speed = f.int("speed", 1..=7)?.unwrap_or(DEFAULT_SPEED);
    Ok(if stop == 0 {
        Action::Start { cmd, speed }
    } else {
        Action::Step { cmd, speed }
    })
}

/// (pan, tilt, zoom) direction of a PTZ `cmd`; `None` for a value seed 003 does not list.
fn direction(cmd: i64) -> Option<(i64, i64, i64)> {
    Some(match cmd {
        1 => (0, 0, 1),
        2 => (0, 0, -1),
        // Focus and iris: the lens does not move; auto scan moves by its own rule.
        3..=6 | AUTO_SCAN => (0, 0, 0),
        11 => (0, 1, 0),
        12 => (0, -1, 0),
        13 => (-1, 0, 0),
        14 => (1, 0, 0),
        15 => (-1, 1, 0),
        16 => (1, 1, 0),
        17 => (-1, -1, 0),
        18 => (1, -1, 0),
        _ => return None,
    })
}

/// Carries out `action` at `now`: any move under way ends where it is first (the caller has
/// settled `ptz` to `now`).
pub fn act(running: &mut Option<Move>, ptz: &mut Ptz, action: Action, now: i64) {
    *running = None;
    match action {
        Action::Stop => {}
        Action::Start { cmd, speed } => {
            if !matches!(cmd, 3..=6) {
                *running = Some(Move {
                    cmd,
                    speed,
                    since: now,
                    from: *ptz,
                });
            }
        }
        Action::Step { cmd, speed } => {
            if let Some((pan, tilt, zoom)) = direction(cmd) {
                let deg = STEP_DEG_PER_SPEED.saturating_mul(speed);
                let levels = (speed + ZOOM_SPEED_DIVISOR - 1) / ZOOM_SPEED_DIVISOR;
                *ptz = moved(*ptz, pan * deg, tilt * deg, zoom * levels);
            }
        }
    }
}

impl Move {
    /// Where the lens is at `now`.
    pub fn position(&self, now: i64) -> Ptz {
        let secs = now.saturating_sub(self.since).max(0);
        let deg = secs
            .saturating_mul(self.speed)
            .saturating_mul(DEG_PER_SEC_PER_SPEED);
        if self.cmd == AUTO_SCAN {
            return Ptz {
                pan: scan_pan(self.from.pan, deg),
                ..self.from
            };
        }
        let levels = secs.saturating_mul(self.speed) / ZOOM_SPEED_DIVISOR;
        let (pan, tilt, zoom) = direction(self.cmd).unwrap_or((0, 0, 0));
        moved(self.from, pan * deg, tilt * deg, zoom * levels)
    }
}

/// `from` moved by the given amounts, stopped at the limits.
fn moved(from: Ptz, pan: i64, tilt: i64, zoom: i64) -> Ptz {
    let clamp = |v: i64, lo: i64, hi: i64| v.clamp(lo, hi);
    Ptz {
        pan: clamp(i64::from(from.pan).saturating_add(pan), -180, 180) as i32,
        tilt: clamp(i64::from(from.tilt).saturating_add(tilt), -90, 90) as i32,
        zoom: clamp(i64::from(from.zoom).saturating_add(zoom), 1, MAX_ZOOM) as u32,
    }
}

/// Pan after turning `deg` degrees of an auto scan that starts at `from` heading right and
/// turns back at each end.
fn scan_pan(from: i32, deg: i64) -> i32 {
    let start = i64::from(from).clamp(-180, 180) + 180;
    let along = start.saturating_add(deg).rem_euclid(720);
    let pan = if along <= 360 { along } else { 720 - along };
    (pan - 180) as i32
}
