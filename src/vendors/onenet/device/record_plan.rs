//! The local recording plan (cmdIds 26 get / 27 set): off or by weekly schedule, and whether a
//! full card overwrites its oldest recordings. The plan is what the device reports; what the
//! card holds still follows the scenario's timeline (see LIMITATIONS in `mod.rs`).

use super::payload::{Fields, Invalid, update};
use super::schedule::{self, Span};
use serde_json::{Value, json};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordPlan {
    /// 0 off, 1 by schedule.
    pub mode: i64,
    /// 0 keep old recordings, 1 overwrite the oldest when full.
    pub recycle: i64,
    /// Kept while the plan is off, shown only when `mode` is 1.
    pub time: Vec<Span>,
}

impl Default for RecordPlan {
    /// Off, overwriting when full, with an all-week schedule ready for when it is turned on.
    fn default() -> RecordPlan {
        RecordPlan {
            mode: 0,
            recycle: 1,
            time: schedule::always(),
        }
    }
}

impl RecordPlan {
    /// The `cmd` object of cmdId 26.
    pub fn to_json(&self) -> Value {
        let mut out = json!({ "mode": self.mode, "recycle": self.recycle });
        if self.mode == 1 {
            out["time"] = schedule::to_json(&self.time);
        }
        out
    }

    /// Applies cmdId 27's `cmd`: `mode` required, the rest optional.
    pub fn apply(&mut self, cmd: Option<&Value>) -> Result<(), Invalid> {
        let f = Fields::of(cmd)?;
        self.mode = f.required_int("mode", 0..=1)?;
        update(&mut self.recycle, f.int("recycle", 0..=1)?);
        if let Some(items) = f.array("time")? {
            self.time = schedule::parse(items)?;
        }
        Ok(())
    }
}
