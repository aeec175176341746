//! Section 14's real-time lists: page keys kept 5 minutes of world time.

#[derive(Debug, Default)]
pub struct Stat {}
