//! The four simulated vendors as one small enum. It lives in `sim` (not `vendors`) so that
//! worlds, the journal and fault rules can name a vendor without importing vendor code.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum VendorId {
    Gwell,
    Sodalife,
    Onenet,
    Tencent,
}

impl VendorId {
    pub const ALL: [VendorId; 4] = [
        VendorId::Gwell,
        VendorId::Sodalife,
        VendorId::Onenet,
        VendorId::Tencent,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            VendorId::Gwell => "gwell",
            VendorId::Sodalife => "sodalife",
            VendorId::Onenet => "onenet",
            VendorId::Tencent => "tencent",
        }
    }

    /// Offset from `--port-base`: control is +0, +1 is kept free (room for a future listener).
    pub fn port_offset(self) -> u16 {
        match self {
            VendorId::Gwell => 2,
            VendorId::Sodalife => 3,
            VendorId::Onenet => 4,
            VendorId::Tencent => 5,
        }
    }

    pub fn parse(s: &str) -> Option<VendorId> {
        VendorId::ALL.into_iter().find(|v| v.as_str() == s)
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for VendorId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `pad`, so width and alignment (`{:<9}` in `camsim routes`) apply.
        f.pad(self.as_str())
    }
}
