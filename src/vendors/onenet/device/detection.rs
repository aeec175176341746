//! Alarm detection settings: motion (cmdIds 80 get / 81 set), occlusion (82 / 83), sound
//! (84 / 85) and "other" alarms (91 / 92). Seed 003's sets switch with `enable` where the gets
//! report `state`, except 92 which writes `state`; each set takes either key. Fields of a set
//! are optional except the switch; the gets report every field whatever the switch says.

use super::payload::{Fields, Invalid, update};
use super::schedule::{self, Span};
use serde_json::{Value, json};

/// Proposal: detection reads the camera's 640×480 sub stream, whatever the main stream's size,
/// so regions are in its pixels (seed 003's example shows `"resolution": "640*480"`).
pub const GRID: (i64, i64) = (640, 480);
/// Proposal: regions a device can guard at once.
pub const MAX_REGIONS: usize = 4;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Motion,
    Occlusion,
    Sound,
    Other,
}

impl Kind {
    fn has_regions(self) -> bool {
        matches!(self, Kind::Motion | Kind::Occlusion)
    }

    fn has_sensitivity(self) -> bool {
        self != Kind::Other
    }

    /// The switch key of the set, then the other spelling.
    fn switch_keys(self) -> [&'static str; 2] {
        if self == Kind::Other {
            ["state", "enable"]
        } else {
            ["enable", "state"]
        }
    }
}

/// A guarded rectangle in `GRID` pixels, origin top-left.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region {
    pub x: i64,
    pub y: i64,
    pub w: i64,
    pub h: i64,
}

impl Region {
    const WHOLE: Region = Region {
        x: 0,
        y: 0,
        w: GRID.0,
        h: GRID.1,
    };
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detection {
    pub on: bool,
    /// 0 nothing, 1 snapshot, 2 local recording, 3 cloud recording.
    pub event: i64,
    /// 1–100.
    pub sensitivity: i64,
    pub regions: Vec<Region>,
    pub time: Vec<Span>,
}

impl Detection {
    /// What a device ships with: motion detection on over the whole picture, taking a
    /// snapshot; the other detections off.
    pub fn new(kind: Kind) -> Detection {
        Detection {
            on: kind == Kind::Motion,
            event: 1,
            sensitivity: 50,
            regions: vec![Region::WHOLE],
            time: schedule::always(),
        }
    }

    /// The `cmd` object of the kind's get.
    pub fn to_json(&self, kind: Kind) -> Value {
        let mut out = json!({ "state": i64::from(self.on), "event": self.event });
        if kind.has_sensitivity() {
            out["sensitivity"] = json!(self.sensitivity);
        }
        if kind.has_regions() {
            out["resolution"] = json!(format!("{}*{}", GRID.0, GRID.1));
            out["max_region"] = json!(MAX_REGIONS);
            out["region"] = self
                .regions
                .iter()
                .map(|r| json!({ "x": r.x, "y": r.y, "w": r.w, "h": r.h }))
                .collect();
        }
        out["time"] = schedule::to_json(&self.time);
        out
    }

    /// Applies the kind's set `cmd`.
    pub fn apply(&mut self, kind: Kind, cmd: Option<&Value>) -> Result<(), Invalid> {
        let f = Fields::of(cmd)?;
        let [key, alias] = kind.switch_keys();
        let switch = match f.int(key, 0..=1)? {
            Some(on) => on,
            None => f.required_int(alias, 0..=1)?,
        };
        self.on = switch == 1;
        update(&mut self.event, f.int("event", 0..=3)?);
        if kind.has_sensitivity() {
            update(&mut self.sensitivity, f.int("sensitivity", 1..=100)?);
        }
        if kind.has_regions()
            && let Some(items) = f.array("region")?
        {
            self.regions = parse_regions(items)?;
        }
        if let Some(items) = f.array("time")? {
            self.time = schedule::parse(items)?;
        }
        Ok(())
    }
}

fn parse_regions(items: &[Value]) -> Result<Vec<Region>, Invalid> {
    if items.len() > MAX_REGIONS {
        return Err(Invalid);
    }
    items
        .iter()
        .map(|item| {
            let f = Fields::of(Some(item))?;
            let x = f.required_int("x", 0..=GRID.0 - 1)?;
            let y = f.required_int("y", 0..=GRID.1 - 1)?;
            let w = f.required_int("w", 1..=GRID.0 - x)?;
            let h = f.required_int("h", 1..=GRID.1 - y)?;
            Ok(Region { x, y, w, h })
        })
        .collect()
}
