//! Tencent's endpoints: the cloud-storage actions of API version 2021-11-25 (chosen by the
//! `X-TC-Action` header on `POST /` or `GET /`), each with the parameters it takes, and the
//! media links the actions hand out (playback playlists, thumbnails, image streams), which
//! camsim answers too.

use crate::api::request::ApiRequest;
use crate::vendors::Endpoint as EndpointInfo;
use http::Method;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    CreateCloudStorage,
    DescribeCloudStorageDate,
    DescribeCloudStorageTime,
    DescribeCloudStorageEvents,
    GenerateSignedVideoURL,
    DescribeCloudStorageThumbnail,
    DescribeCloudStorageStreamData,
    DescribeCloudStorage,
    DescribeDevice,
    DescribeCloudStorageThumbnailList,
    DescribeCloudStorageMultiThumbnail,
    DeleteCloudStorageEvent,
    ResetCloudStorageEvent,
    ResetCloudStorage,
    TransferCloudStorage,
    DescribeCloudStorageUsers,
    BindCloudStorageUser,
    InheritCloudStorageUser,
    DescribeCloudStoragePackageConsumeDetails,
    DescribeCloudStoragePackageConsumeStats,
    DescribeCloudStorageOrder,
    CreateFreeCloudStorage,
    DescribeFreeCloudStorageNum,
    WakeUpDevice,
    /// `GET /timeshift/live/{key}/timeshift.m3u8?starttime_epoch&endtime_epoch&t&sign` (the
    /// signed playback playlist) and its segments.
    Playback,
    /// `GET /thumbnail/{key}/{start}.jpg?q-sign-time=..&q-signature=..`: an event thumbnail's pre-signed URL.
    Thumbnail,
    /// `GET /imagestream/{key}/{start}.{mjpg|aac}?q-sign-time=..&q-signature=..`: an image-stream event's media.
    StreamData,
}

use Action as A;

/// What an action takes besides the common parameters: every parameter name, the required
/// ones first marked `true`.
pub type Parameters = &'static [(&'static str, bool)];

const PRODUCT_DEVICE: Parameters = &[("ProductId", true), ("DeviceName", true)];

/// (action, id, parameters), in the order of seed 004 then the siblings.
const TABLE: &[(Action, &str, Parameters)] = &[
    (
        A::CreateCloudStorage,
        "tencent.CreateCloudStorage",
        &[
            ("ProductId", true),
            ("DeviceName", true),
            ("PackageId", true),
            ("Override", false),
            ("PackageQueue", false),
            ("OrderId", false),
            ("ChannelId", false),
            ("StorageRegion", false),
        ],
    ),
    (
        A::DescribeCloudStorageDate,
        "tencent.DescribeCloudStorageDate",
        &[
            ("ProductId", true),
            ("DeviceName", true),
            ("UserId", false),
            ("ChannelId", false),
        ],
    ),
    (
        A::DescribeCloudStorageTime,
        "tencent.DescribeCloudStorageTime",
        &[
            ("ProductId", true),
            ("DeviceName", true),
            ("Date", true),
            ("StartTime", false),
            ("EndTime", false),
            ("UserId", false),
            ("ChannelId", false),
        ],
    ),
    (
        A::DescribeCloudStorageEvents,
        "tencent.DescribeCloudStorageEvents",
        &[
            ("ProductId", true),
            ("DeviceName", true),
            ("StartTime", false),
            ("EndTime", false),
            ("Context", false),
            ("Size", false),
            ("EventId", false),
            ("UserId", false),
            ("ChannelId", false),
        ],
    ),
    (
        A::GenerateSignedVideoURL,
        "tencent.GenerateSignedVideoURL",
        &[
            ("VideoURL", true),
            ("ExpireTime", true),
            ("ChannelId", false),
        ],
    ),
    (
        A::DescribeCloudStorageThumbnail,
        "tencent.DescribeCloudStorageThumbnail",
        &[
            ("ProductId", true),
            ("DeviceName", true),
            ("Thumbnail", true),
        ],
    ),
    (
        A::DescribeCloudStorageStreamData,
        "tencent.DescribeCloudStorageStreamData",
        &[
            ("ProductId", true),
            ("DeviceName", true),
            ("StartTime", true),
        ],
    ),
    (
        A::DescribeCloudStorage,
        "tencent.DescribeCloudStorage",
        &[
            ("ProductId", true),
            ("DeviceName", true),
            ("UserId", false),
            ("ChannelId", false),
        ],
    ),
    (A::DescribeDevice, "tencent.DescribeDevice", PRODUCT_DEVICE),
    (
        A::DescribeCloudStorageThumbnailList,
        "tencent.DescribeCloudStorageThumbnailList",
        &[
            ("ProductId", true),
            ("DeviceName", true),
            ("ThumbnailList", true),
        ],
    ),
    (
        A::DescribeCloudStorageMultiThumbnail,
        "tencent.DescribeCloudStorageMultiThumbnail",
        &[
            ("ProductId", true),
            ("DeviceName", true),
            ("MultiThumbnail", true),
        ],
    ),
    (
        A::DeleteCloudStorageEvent,
        "tencent.DeleteCloudStorageEvent",
        &[
            ("ProductId", true),
            ("DeviceName", true),
            ("EventId", true),
            ("StartTime", true),
            ("EndTime", true),
            ("UserId", false),
            ("ChannelId", false),
        ],
    ),
    (
        A::ResetCloudStorageEvent,
        "tencent.ResetCloudStorageEvent",
        &[
            ("ProductId", true),
            ("DeviceName", true),
            ("UserId", false),
            ("ChannelId", false),
        ],
    ),
    (
        A::ResetCloudStorage,
        "tencent.ResetCloudStorage",
        &[
            ("ProductId", true),
            ("DeviceName", true),
            ("ChannelId", false),
            ("UserId", false),
        ],
    ),
    (
        A::TransferCloudStorage,
        "tencent.TransferCloudStorage",
        &[
            ("ProductId", true),
            ("DeviceName", true),
            ("ToDeviceName", true),
            ("ToProductId", false),
        ],
    ),
    (
        A::DescribeCloudStorageUsers,
        "tencent.DescribeCloudStorageUsers",
        &[
            ("ProductId", true),
            ("DeviceName", true),
            ("Limit", true),
            ("Offset", true),
        ],
    ),
    (
        A::BindCloudStorageUser,
        "tencent.BindCloudStorageUser",
        &[("ProductId", true), ("DeviceName", true), ("UserId", true)],
    ),
    (
        A::InheritCloudStorageUser,
        "tencent.InheritCloudStorageUser",
        &[
            ("ProductId", true),
            ("DeviceName", true),
            ("UserId", true),
            ("ToUserId", true),
        ],
    ),
    (
        A::DescribeCloudStoragePackageConsumeDetails,
        "tencent.DescribeCloudStoragePackageConsumeDetails",
        &[("StartDate", true), ("EndDate", true)],
    ),
    (
        A::DescribeCloudStoragePackageConsumeStats,
        "tencent.DescribeCloudStoragePackageConsumeStats",
        &[("StartDate", true), ("EndDate", true)],
    ),
    (
        A::DescribeCloudStorageOrder,
        "tencent.DescribeCloudStorageOrder",
        &[("OrderId", true)],
    ),
    (
        A::CreateFreeCloudStorage,
        "tencent.CreateFreeCloudStorage",
        &[
            ("ProductId", true),
            ("DeviceName", true),
            ("PackageId", true),
            ("Override", false),
            ("PackageQueue", false),
            ("OrderId", false),
            ("ChannelId", false),
            ("StorageRegion", false),
        ],
    ),
    (
        A::DescribeFreeCloudStorageNum,
        "tencent.DescribeFreeCloudStorageNum",
        &[],
    ),
    (A::WakeUpDevice, "tencent.WakeUpDevice", PRODUCT_DEVICE),
    (A::Playback, "tencent.playback", &[]),
    (A::Thumbnail, "tencent.thumbnail", &[]),
    (A::StreamData, "tencent.streamdata", &[]),
];

/// Every endpoint, in the table's order.
pub static ALL: std::sync::LazyLock<Vec<Action>> =
    std::sync::LazyLock::new(|| TABLE.iter().map(|row| row.0).collect());

/// `/ (X-TC-Action: <name>)` of each action, made once (`camsim routes` and the control API
/// list them).
static ACTION_PATHS: std::sync::LazyLock<Vec<(Action, &'static str)>> =
    std::sync::LazyLock::new(|| {
        TABLE
            .iter()
            .filter(|row| !row.0.is_media())
            .map(|(action, id, _)| {
                let path = format!("/ (X-TC-Action: {})", &id["tencent.".len()..]);
                (*action, &*Box::leak(path.into_boxed_str()))
            })
            .collect()
    });

/// Where each media link lives.
pub const PLAYBACK_PREFIX: &str = "/timeshift/live/";
pub const THUMBNAIL_PREFIX: &str = "/thumbnail/";
pub const STREAM_PREFIX: &str = "/imagestream/";

fn row(action: Action) -> &'static (Action, &'static str, Parameters) {
    TABLE
        .iter()
        .find(|row| row.0 == action)
        .expect("every action has a row")
}

impl Action {
    /// The action's name as `X-TC-Action` carries it (`None` for a media link).
    pub fn name(self) -> Option<&'static str> {
        if self.is_media() {
            None
        } else {
            Some(&row(self).1["tencent.".len()..])
        }
    }

    /// The parameters the action takes.
    pub fn parameters(self) -> Parameters {
        row(self).2
    }

    /// A link an action handed out, not an action.
    pub fn is_media(self) -> bool {
        matches!(self, A::Playback | A::Thumbnail | A::StreamData)
    }

    /// The action `X-TC-Action` names (exact, case-sensitive as Tencent's are).
    pub fn named(name: &str) -> Option<Action> {
        TABLE
            .iter()
            .find(|(action, id, _)| !action.is_media() && &id["tencent.".len()..] == name)
            .map(|row| row.0)
    }
}

impl EndpointInfo for Action {
    fn id(self) -> &'static str {
        row(self).1
    }

    fn method(self) -> &'static str {
        if self.is_media() { "GET" } else { "POST" }
    }

    /// An action's is `/ (X-TC-Action: <name>)`, as Tencent's documentation writes it.
    fn path(self) -> &'static str {
        match self {
            A::Playback => "/timeshift/live/{key}/timeshift.m3u8",
            A::Thumbnail => "/thumbnail/{key}/{start}.jpg",
            A::StreamData => "/imagestream/{key}/{start}.{mjpg|aac}",
            _ => ACTION_PATHS
                .iter()
                .find(|(a, _)| *a == self)
                .map_or("/", |(_, path)| path),
        }
    }
}

/// The endpoint a request names: an action on `/` by `GET` or `POST`, or a media link by `GET`.
pub fn route(method: &Method, req: &ApiRequest) -> Option<Action> {
    let path = req.path.as_str();
    if path == "/" {
        if method != Method::POST && method != Method::GET {
            return None;
        }
        return Action::named(req.header(super::auth::header::ACTION)?.trim());
    }
    if method != Method::GET && method != Method::HEAD {
        return None;
    }
    if path.starts_with(PLAYBACK_PREFIX) {
        Some(A::Playback)
    } else if path.starts_with(THUMBNAIL_PREFIX) {
        Some(A::Thumbnail)
    } else if path.starts_with(STREAM_PREFIX) {
        Some(A::StreamData)
    } else {
        None
    }
}

/// The key a media path carries after its prefix (`/timeshift/live/{key}/...`): it names the
/// world that handed the link out.
pub fn media_key<'a>(path: &'a str, prefix: &str) -> Option<&'a str> {
    let key = path.strip_prefix(prefix)?.split('/').next()?;
    (!key.is_empty()).then_some(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_is_named_by_its_id_and_takes_unique_parameters() {
        for action in ALL.iter().copied() {
            if let Some(name) = action.name() {
                assert_eq!(Action::named(name), Some(action));
                assert_eq!(action.id(), format!("tencent.{name}"));
            }
            let mut names: Vec<_> = action.parameters().iter().map(|p| p.0).collect();
            names.sort_unstable();
            names.dedup();
            assert_eq!(names.len(), action.parameters().len(), "{action:?}");
        }
        assert_eq!(Action::named("describeDevice"), None);
        assert_eq!(ALL.len(), 27);
    }

    #[test]
    fn media_keys_come_from_the_path() {
        assert_eq!(
            media_key("/timeshift/live/abc/timeshift.m3u8", PLAYBACK_PREFIX),
            Some("abc")
        );
        assert_eq!(media_key("/timeshift/live//x", PLAYBACK_PREFIX), None);
        assert_eq!(media_key("/thumbnail/k", THUMBNAIL_PREFIX), Some("k"));
    }
}
