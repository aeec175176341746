//! Section 13's manual recordings and record configurations, per device and channel.

#[derive(Debug, Default)]
pub struct Records {}
