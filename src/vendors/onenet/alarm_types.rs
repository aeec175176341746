//! OneNET alarm types (`alarm_type` of section 17, `warn_type` of cmdId 10) for the camera
//! timeline's event kinds. Seed 003 points at an "alarm type table" it never prints; its
//! examples use 100 and 199. Proposal, kept here only: 100 and up in the timeline's own order,
//! 199 for anything else.

use crate::sim::timeline::EventKind;

/// An alarm not of a known kind.
pub const OTHER: u32 = 199;

/// `warn_type` / `alarm_type` of an event kind.
pub fn alarm_type(kind: EventKind) -> u32 {
    // `code()` is 1..=12 and never renumbered.
    99 + kind.code()
}

/// The event kind an alarm type names, if it names one.
pub fn kind_of(alarm_type: u32) -> Option<EventKind> {
    alarm_type.checked_sub(99).and_then(EventKind::from_code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_its_own_type_and_back() {
        for kind in EventKind::ALL {
            let t = alarm_type(kind);
            assert!((100..OTHER).contains(&t));
            assert_eq!(kind_of(t), Some(kind));
        }
        assert_eq!(alarm_type(EventKind::Motion), 100);
        assert_eq!(kind_of(OTHER), None);
        assert_eq!(kind_of(0), None);
    }
}
