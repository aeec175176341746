//! What section 17 changes of the alarms the camera timeline generates: read marks and
//! deletions.

#[derive(Debug, Default)]
pub struct Alarms {}
