//! The cloud-storage packages Tencent sells: each PackageId of API 2021-11-25, what it stores
//! (continuous or event recordings), for how long it runs and how far back it keeps. Prices
//! are camsim's (Tencent publishes them only in its console). Decisions the sources leave open,
//! kept here only: a week is 7 days, a month 30 days, a year 365 days (not calendar periods),
//! and the look-back (`ShiftDuration`) is the retention days × 86,400 s.

/// What a package stores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum StorageType {
    /// 全时云存: everything the device recorded while the package ran (`Type` 1).
    Continuous,
    /// 事件云存: the recordings around events (`Type` 2).
    Event,
}

impl StorageType {
    /// `DescribeCloudStorage.Type`.
    pub fn code(self) -> i64 {
        match self {
            StorageType::Continuous => 1,
            StorageType::Event => 2,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PackageKind {
    /// `yc*` continuous, `ye*` event, `lye*` low-power event.
    pub id: &'static str,
    /// How long the package runs, days.
    pub days: i64,
    /// How far back recordings are kept, days.
    pub keep_days: i64,
    pub name: &'static str,
    /// Price in fen (1/100 yuan).
    pub price: i64,
    /// Given out free (`CreateFreeCloudStorage`) rather than bought.
    pub free: bool,
}

impl PackageKind {
    /// What it stores: `yc*` everything, the others events.
    pub fn storage(&self) -> StorageType {
        if self.id.starts_with("yc") {
            StorageType::Continuous
        } else {
            StorageType::Event
        }
    }

    /// `lye*`: the low-power event packages.
    pub fn low_power(&self) -> bool {
        self.id.starts_with("lye")
    }

    /// Seconds the package runs.
    pub fn secs(&self) -> i64 {
        self.days.saturating_mul(DAY)
    }

    /// `ShiftDuration`: seconds of look-back.
    pub fn shift_secs(&self) -> i64 {
        self.keep_days.saturating_mul(DAY)
    }
}

const DAY: i64 = 86_400;

const fn kind(
    id: &'static str,
    days: i64,
    keep_days: i64,
    name: &'static str,
    price: i64,
    free: bool,
) -> PackageKind {
    PackageKind {
        id,
        days,
        keep_days,
        name,
        price,
        free,
    }
}

/// Every PackageId: those `CreateCloudStorage` sells, then the two `CreateFreeCloudStorage`
/// gives out.
pub const PACKAGES: &[PackageKind] = &[
    kind("yc1m3d", 30, 3, "全时3天存储月套餐", 1_500, false),
    kind("yc1m7d", 30, 7, "全时7天存储月套餐", 2_500, false),
    kind("yc1m30d", 30, 30, "全时30天存储月套餐", 6_000, false),
    kind("yc1y3d", 365, 3, "全时3天存储年套餐", 15_000, false),
    kind("yc1y7d", 365, 7, "全时7天存储年套餐", 25_000, false),
    kind("yc1y30d", 365, 30, "全时30天存储年套餐", 60_000, false),
    kind("ye1m3d", 30, 3, "事件3天存储月套餐", 800, false),
    kind("ye1m7d", 30, 7, "事件7天存储月套餐", 1_200, false),
    kind("ye1m30d", 30, 30, "事件30天存储月套餐", 3_000, false),
    kind("ye1y3d", 365, 3, "事件3天存储年套餐", 8_000, false),
    kind("ye1y7d", 365, 7, "事件7天存储年套餐", 12_000, false),
    kind("ye1y30d", 365, 30, "事件30天存储年套餐", 30_000, false),
    kind("yc1w7d", 7, 7, "全时7天存储周套餐", 800, false),
    kind("ye1w7d", 7, 7, "事件7天存储周套餐", 400, false),
    kind("lye1m3d", 30, 3, "低功耗事件3天存储月套餐", 600, false),
    kind("lye1m7d", 30, 7, "低功耗事件7天存储月套餐", 1_000, false),
    kind("lye1m30d", 30, 30, "低功耗事件30天存储月套餐", 2_500, false),
    kind("lye1y3d", 365, 3, "低功耗事件3天存储年套餐", 6_000, false),
    kind("lye1y7d", 365, 7, "低功耗事件7天存储年套餐", 10_000, false),
    kind(
        "lye1y30d",
        365,
        30,
        "低功耗事件30天存储年套餐",
        25_000,
        false,
    ),
    kind("lye1w3d", 7, 3, "低功耗事件3天周套餐", 0, true),
    kind("ye1w3d", 7, 3, "事件3天周套餐", 0, true),
];

/// The package a PackageId names.
pub fn package(id: &str) -> Option<&'static PackageKind> {
    PACKAGES.iter().find(|p| p.id == id)
}

/// The PackageIds `CreateCloudStorage` (bought) or `CreateFreeCloudStorage` (free) takes, for
/// messages.
pub fn ids(free: bool) -> Vec<&'static str> {
    PACKAGES
        .iter()
        .filter(|p| p.free == free)
        .map(|p| p.id)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn package_ids_spell_what_they_sell() {
        for p in PACKAGES {
            let (prefix, rest) = if let Some(rest) = p.id.strip_prefix("lye") {
                ("lye", rest)
            } else {
                p.id.split_at(2)
            };
            assert_eq!(p.low_power(), prefix == "lye", "{}", p.id);
            assert_eq!(
                p.storage() == StorageType::Continuous,
                prefix == "yc",
                "{}",
                p.id
            );
            let days = match &rest[..2] {
                "1w" => 7,
                "1m" => 30,
                "1y" => 365,
                other => panic!("period {other}"),
            };
            assert_eq!(p.days, days, "{}", p.id);
            assert_eq!(format!("{}d", p.keep_days), rest[2..], "{}", p.id);
        }
        assert_eq!(ids(false).len(), 20);
        assert_eq!(ids(true), vec!["lye1w3d", "ye1w3d"]);
    }
}
