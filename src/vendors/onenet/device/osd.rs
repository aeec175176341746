//! On-screen display (cmdIds 20 get / 21 set): a custom text line (type 1) and the clock
//! (type 2). A disabled item keeps its text and position for when it is enabled again; the get
//! shows them only while enabled, as seed 003 says.

use super::payload::{Fields, Invalid, update};
use serde_json::{Value, json};

/// Where an item sits on the picture.
pub const POSITIONS: [&str; 4] = ["left-top", "right-top", "left-bottom", "right-bottom"];
/// Orders of the date (seed 003 names `YMD` and `DMY` "…").
pub const DATE_ORDERS: [&str; 3] = ["YMD", "MDY", "DMY"];
/// Proposal: the longest custom text a device overlays, in characters.
pub const MAX_TEXT_CHARS: usize = 32;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Osd {
    pub text_on: bool,
    pub text: String,
    pub text_pos: &'static str,
    pub clock_on: bool,
    pub clock_pos: &'static str,
    pub date_order: &'static str,
    /// 12 or 24.
    pub hours: i64,
}

impl Default for Osd {
    /// The clock top-left, no custom text.
    fn default() -> Osd {
        Osd {
            text_on: false,
            text: String::new(),
            text_pos: "right-bottom",
            clock_on: true,
            clock_pos: "left-top",
            date_order: "YMD",
            hours: 24,
        }
    }
}

impl Osd {
    /// The `cmd` array of cmdId 20.
    pub fn to_json(&self) -> Value {
        let text = if self.text_on {
            json!({ "type": 1, "enable": 1, "text": self.text, "pos": self.text_pos })
        } else {
            json!({ "type": 1, "enable": 0 })
        };
        let clock = if self.clock_on {
            json!({
                "type": 2,
                "enable": 1,
                "pos": self.clock_pos,
                "date": self.date_order,
                "time": self.hours,
            })
        } else {
            json!({ "type": 2, "enable": 0 })
        };
        json!([text, clock])
    }

    /// Applies cmdId 21's `cmd` array (an object is taken as a one-item array); absent fields
    /// keep their values.
    pub fn apply(&mut self, cmd: Option<&Value>) -> Result<(), Invalid> {
        let items = match cmd {
            Some(Value::Array(items)) => items.as_slice(),
            Some(one @ Value::Object(_)) => std::slice::from_ref(one),
            _ => return Err(Invalid),
        };
        for item in items {
            self.apply_item(Fields::of(Some(item))?)?;
        }
        Ok(())
    }

    fn apply_item(&mut self, f: Fields<'_>) -> Result<(), Invalid> {
        let kind = f.required_int("type", 1..=2)?;
        let on = f.required_int("enable", 0..=1)? == 1;
        let pos = f.choice("pos", &POSITIONS)?;
        if kind == 1 {
            self.text_on = on;
            if let Some(text) = f.text("text", MAX_TEXT_CHARS)? {
                self.text = text.to_string();
            }
            update(&mut self.text_pos, pos);
        } else {
            // The clock's `text` (seed 003's set example) has nothing to change: ignored.
            self.clock_on = on;
            update(&mut self.clock_pos, pos);
            update(&mut self.date_order, f.choice("date", &DATE_ORDERS)?);
            match f.int("time", 12..=24)? {
                None => {}
                Some(h @ (12 | 24)) => self.hours = h,
                Some(_) => return Err(Invalid),
            }
        }
        Ok(())
    }
}
