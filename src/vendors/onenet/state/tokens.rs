//! Media tokens the API hands out (live `accessToken`, VOD play tokens, picture links): what
//! each opens and until when.

use crate::sim::hashing::FastMap;

/// What a media token opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaGrant {
    pub device: String,
    pub channel: u32,
    /// The recording (VOD tokens), or `None`.
    pub video: Option<String>,
    /// World-clock milliseconds; `None` never expires.
    pub expires_ms: Option<i64>,
}

#[derive(Debug, Default)]
pub struct Tokens {
    pub grants: FastMap<String, MediaGrant>,
}
