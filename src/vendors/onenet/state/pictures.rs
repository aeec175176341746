//! Pictures uploaded with section 5.1 or taken by a device (cmdId 32), per device and channel.

use crate::vendors::onenet::device::Effect;

#[derive(Debug, Default)]
pub struct Pictures {}

impl Pictures {
    /// A picture a device took on command; the timeline already holds it.
    pub fn taken(&mut self, _device: &str, _effect: Effect) {}
}
