//! Pictures uploaded with section 5.1 or taken by a device (cmdId 32), per device and channel.

#[derive(Debug, Default)]
pub struct Pictures {}
