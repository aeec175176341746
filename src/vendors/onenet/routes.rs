//! OneNET's endpoints: every route of seed 003 (sections 1 to 19), the two command follow-ups of
//! the older revision the official samples poll, and the media links the API hands out (live
//! and recorded streams, pictures, live covers), which camsim answers too.
//!
//! Paths as real clients send them: repeated slashes are collapsed before routing (the PHP and
//! Go SDKs build `//devices`), absolute-form targets reduce to their path, and the sample apps'
//! paths without the `/ipc/video` prefix (`/cmds`, `/cmd_status`, `/cmd_resp`, `/play_address`,
//! `/vod/*`, `/picture/*`) reach the same endpoints.

use crate::api::request::ApiRequest;
use crate::vendors::Endpoint as EndpointInfo;
use http::Method;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Endpoint {
    DevicesCreate,
    RegisterDe,
    DevicesUpdate,
    DevicesGet,
    DevicesList,
    DevicesDelete,
    ChannelQuery,
    ChannelDelete,
    ChannelAdd,
    ChannelModify,
    Cmds,
    CmdStatus,
    CmdResp,
    PlayAddress,
    HlsPreload,
    LivePreview,
    PushAddress,
    PictureUpload,
    PictureList,
    PictureInfo,
    PictureDelete,
    PictureFetch,
    VodInfo,
    VodList,
    VodDelete,
    VodRename,
    VodPlayToken,
    EncryptSet,
    EncryptGet,
    DeviceStatus,
    DeviceMessages,
    BootAddress,
    AccService,
    DevActive,
    RecordManual,
    RecordConfigAdd,
    RecordConfigDelete,
    RecordConfigUpdate,
    StatOnline,
    StatPush,
    CameraClose,
    FileUpload,
    FileDownload,
    FileDelete,
    FileList,
    AlarmList,
    AlarmInfo,
    AlarmUpdateStatus,
    AlarmCount,
    AlarmDelete,
    AlarmDay,
    AlarmDayCount,
    StorageCapacity,
    StorageDevices,
    DeviceVersion,
    /// `GET /live/live_{d}_{c}/index.m3u8?{token}` and `/live/{d}-{c}[.flv]?{token}`.
    LiveStream,
    /// `GET /live/live_{d}_{c}/{n}.ts?{token}`: a segment the live playlist lists.
    LiveSegment,
    /// `GET /rvod/{d}_{c}_{video_id}/index.m3u8?token=`: a recording's HLS address.
    VodStream,
}

use Endpoint as E;

/// (endpoint, id, method, path as documented), in the seed's order.
const TABLE: &[(Endpoint, &str, &str, &str)] = &[
    (
        E::DevicesCreate,
        "onenet.devices.create",
        "POST",
        "/devices",
    ),
    (E::RegisterDe, "onenet.register_de", "POST", "/register_de"),
    (
        E::DevicesUpdate,
        "onenet.devices.update",
        "PUT",
        "/devices/{device_id}",
    ),
    (
        E::DevicesGet,
        "onenet.devices.get",
        "GET",
        "/devices/{device_id}",
    ),
    (E::DevicesList, "onenet.devices.list", "GET", "/devices"),
    (
        E::DevicesDelete,
        "onenet.devices.delete",
        "DELETE",
        "/devices/{device_id}",
    ),
    (
        E::ChannelQuery,
        "onenet.channel.query",
        "GET",
        "/ipc/video/device/QryChannel",
    ),
    (
        E::ChannelDelete,
        "onenet.channel.delete",
        "DELETE",
        "/ipc/video/device/DelChannel",
    ),
    (
        E::ChannelAdd,
        "onenet.channel.add",
        "POST",
        "/ipc/video/device/AddChannel",
    ),
    (
        E::ChannelModify,
        "onenet.channel.modify",
        "POST",
        "/ipc/video/device/ModifyChannel",
    ),
    (E::Cmds, "onenet.cmds", "POST", "/ipc/video/cmds"),
    (
        E::CmdStatus,
        "onenet.cmd_status",
        "GET",
        "/ipc/video/cmd_status",
    ),
    (E::CmdResp, "onenet.cmd_resp", "GET", "/ipc/video/cmd_resp"),
    (
        E::PlayAddress,
        "onenet.play_address",
        "GET",
        "/ipc/video/play_address",
    ),
    (
        E::HlsPreload,
        "onenet.hls_preload",
        "GET",
        "/live/live_{device_id}_{channel_id}/preload",
    ),
    (
        E::LivePreview,
        "onenet.live_preview",
        "GET",
        "/live_preview/{device_id}-{channel_id}",
    ),
    (
        E::PushAddress,
        "onenet.push_address",
        "GET",
        "/ipc/video/get_push_address",
    ),
    (
        E::PictureUpload,
        "onenet.picture.upload",
        "PUT",
        "/ipc/video/picture/upload",
    ),
    (
        E::PictureList,
        "onenet.picture.list",
        "GET",
        "/ipc/video/picture/get_list",
    ),
    (
        E::PictureInfo,
        "onenet.picture.info",
        "GET",
        "/ipc/video/picture/get_info",
    ),
    (
        E::PictureDelete,
        "onenet.picture.delete",
        "DELETE",
        "/ipc/video/picture/delete_pictrue",
    ),
    (
        E::PictureFetch,
        "onenet.picture.fetch",
        "GET",
        "/ipc/video/picture/{device_id}/{channel_id}/{name}.{format}",
    ),
    (
        E::VodInfo,
        "onenet.vod.info",
        "GET",
        "/ipc/video/vod/get_video_info",
    ),
    (
        E::VodList,
        "onenet.vod.list",
        "GET",
        "/ipc/video/vod/get_video_list",
    ),
    (
        E::VodDelete,
        "onenet.vod.delete",
        "POST",
        "/ipc/video/vod/delete_video",
    ),
    (
        E::VodRename,
        "onenet.vod.rename",
        "PUT",
        "/ipc/video/vod/rename_video",
    ),
    (
        E::VodPlayToken,
        "onenet.vod.play_token",
        "GET",
        "/ipc/video/vod/get_play_token",
    ),
    (
        E::EncryptSet,
        "onenet.encrypt.set",
        "PUT",
        "/ipc/video/trans_encrypt",
    ),
    (
        E::EncryptGet,
        "onenet.encrypt.get",
        "GET",
        "/ipc/video/trans_encrypt",
    ),
    (
        E::DeviceStatus,
        "onenet.device.status",
        "GET",
        "/ipc/video/device/QryDevStatus",
    ),
    (
        E::DeviceMessages,
        "onenet.device.messages",
        "GET",
        "/ipc/video/device/QryDevMsg",
    ),
    (
        E::BootAddress,
        "onenet.boot_address",
        "GET",
        "/ipc/video/boot_address",
    ),
    (
        E::AccService,
        "onenet.acc_service",
        "GET",
        "/ipc/video/device/acc_service",
    ),
    (
        E::DevActive,
        "onenet.dev_active",
        "POST",
        "/ipc/video/dev_active",
    ),
    (
        E::RecordManual,
        "onenet.record.manual",
        "GET",
        "/ipc/video/record/record_video",
    ),
    (
        E::RecordConfigAdd,
        "onenet.record.config_add",
        "PUT",
        "/api/record/record_config",
    ),
    (
        E::RecordConfigDelete,
        "onenet.record.config_delete",
        "DELETE",
        "/ipc/video/record/delete_config",
    ),
    (
        E::RecordConfigUpdate,
        "onenet.record.config_update",
        "PUT",
        "/ipc/video/record/update_config",
    ),
    (
        E::StatOnline,
        "onenet.stat.online",
        "GET",
        "/ipc/video/stat/getonlinelist",
    ),
    (
        E::StatPush,
        "onenet.stat.push",
        "GET",
        "/ipc/video/stat/getpushlist",
    ),
    (
        E::CameraClose,
        "onenet.camera.close",
        "PUT",
        "/ipc/video/access_control/closecamera",
    ),
    (
        E::FileUpload,
        "onenet.file.upload",
        "PUT",
        "/ipc/video/file/upload",
    ),
    (
        E::FileDownload,
        "onenet.file.download",
        "GET",
        "/ipc/video/file/download",
    ),
    (
        E::FileDelete,
        "onenet.file.delete",
        "DELETE",
        "/ipc/video/file/delete",
    ),
    (
        E::FileList,
        "onenet.file.list",
        "GET",
        "/ipc/video/file/list",
    ),
    (
        E::AlarmList,
        "onenet.alarm.list",
        "GET",
        "/ipc/video/alarm/list",
    ),
    (
        E::AlarmInfo,
        "onenet.alarm.info",
        "GET",
        "/ipc/video/alarm/info",
    ),
    (
        E::AlarmUpdateStatus,
        "onenet.alarm.update_status",
        "POST",
        "/ipc/video/alarm/update_status",
    ),
    (
        E::AlarmCount,
        "onenet.alarm.count",
        "GET",
        "/ipc/video/alarm/count",
    ),
    (
        E::AlarmDelete,
        "onenet.alarm.delete",
        "POST",
        "/ipc/video/alarm/delete",
    ),
    (
        E::AlarmDay,
        "onenet.alarm.day",
        "GET",
        "/ipc/video/alarm/day",
    ),
    (
        E::AlarmDayCount,
        "onenet.alarm.day_count",
        "GET",
        "/ipc/video/alarm/day_count",
    ),
    (
        E::StorageCapacity,
        "onenet.storage.capacity",
        "GET",
        "/ipc/video/storage/capacity",
    ),
    (
        E::StorageDevices,
        "onenet.storage.devices",
        "GET",
        "/ipc/video/storage/qry_dev_list",
    ),
    (
        E::DeviceVersion,
        "onenet.device.version",
        "GET",
        "/ipc/video/device/version",
    ),
    (
        E::LiveStream,
        "onenet.live",
        "GET",
        "/live/live_{device_id}_{channel_id}/index.m3u8",
    ),
    (
        E::LiveSegment,
        "onenet.live.segment",
        "GET",
        "/live/live_{device_id}_{channel_id}/{n}.ts",
    ),
    (
        E::VodStream,
        "onenet.vod.stream",
        "GET",
        "/rvod/{device_id}_{channel_id}_{video_id}/index.m3u8",
    ),
];

/// Every endpoint, in the seed's order.
pub const ALL: &[Endpoint] = &{
    let mut all = [E::DevicesCreate; TABLE.len()];
    let mut i = 0;
    while i < TABLE.len() {
        all[i] = TABLE[i].0;
        i += 1;
    }
    all
};

fn row(e: Endpoint) -> &'static (Endpoint, &'static str, &'static str, &'static str) {
    // The table lists every variant in declaration order.
    &TABLE[e as usize]
}

impl EndpointInfo for Endpoint {
    fn id(self) -> &'static str {
        row(self).1
    }

    fn method(self) -> &'static str {
        row(self).2
    }

    fn path(self) -> &'static str {
        row(self).3
    }
}

impl Endpoint {
    /// Media links: a token in the URL, not an `api-key`, picks the world.
    pub fn is_media(self) -> bool {
        matches!(
            self,
            E::LivePreview | E::PictureFetch | E::LiveStream | E::LiveSegment | E::VodStream
        )
    }

    /// The object store (section 16): its codes are mirrored in the HTTP status.
    pub fn is_store(self) -> bool {
        matches!(
            self,
            E::FileUpload | E::FileDownload | E::FileDelete | E::FileList
        )
    }

    /// Routes only a product's master key may call.
    pub fn master_only(self) -> bool {
        matches!(self, E::DevicesCreate | E::StatOnline | E::StatPush)
    }
}

pub const VIDEO_PREFIX: &str = "/ipc/video";
pub const PICTURE_PREFIX: &str = "/ipc/video/picture/";

/// The path routed on: no trailing slash, and the `/ipc/video` prefix the samples leave out
/// put back.
pub fn canonical(path: &str) -> std::borrow::Cow<'_, str> {
    let path = match path.trim_end_matches('/') {
        "" => "/",
        p => p,
    };
    let sample = ["/cmds", "/cmd_status", "/cmd_resp", "/play_address"].contains(&path)
        || path.starts_with("/vod/")
        || path.starts_with("/picture/");
    if sample {
        std::borrow::Cow::Owned(format!("{VIDEO_PREFIX}{path}"))
    } else {
        std::borrow::Cow::Borrowed(path)
    }
}

pub fn route(method: &Method, req: &ApiRequest) -> Option<Endpoint> {
    let path = canonical(&req.path);
    let path = path.as_ref();
    // HEAD as GET on media links, as a CDN answers it.
    let get = method == Method::GET || method == Method::HEAD;
    if get && let Some(media) = media_route(path) {
        return Some(media);
    }
    if let Some(rest) = path.strip_prefix("/devices/") {
        if rest.is_empty() || rest.contains('/') {
            return None;
        }
        return match *method {
            Method::PUT => Some(E::DevicesUpdate),
            Method::GET => Some(E::DevicesGet),
            Method::DELETE => Some(E::DevicesDelete),
            _ => None,
        };
    }
    // 13.2 as documented, and beside its siblings.
    let path = if path == "/ipc/video/record/record_config" {
        "/api/record/record_config"
    } else {
        path
    };
    TABLE
        .iter()
        .find(|(e, _, m, p)| !e.is_media() && *p == path && *m == method.as_str())
        .map(|row| row.0)
}

/// Whether a request to `path` may carry its credential elsewhere than in `api-key`
/// (`register_de`'s code, a media link's token): a cheap test before routing again.
pub fn may_take_other_credentials(path: &str) -> bool {
    path.contains("register_de")
        || path.starts_with("/live")
        || path.starts_with("/rvod/")
        || path.contains("/picture/")
}

/// `{device_id}` of `/devices/{device_id}`.
pub fn device_in_path(req: &ApiRequest) -> Option<String> {
    let path = canonical(&req.path);
    path.strip_prefix("/devices/").map(str::to_string)
}

fn media_route(path: &str) -> Option<Endpoint> {
    if let Some(rest) = path.strip_prefix("/live/") {
        return Some(if rest.ends_with("/preload") {
            E::HlsPreload
        } else if rest.ends_with(".ts") {
            E::LiveSegment
        } else {
            E::LiveStream
        });
    }
    if path.starts_with("/live_preview/") {
        return Some(E::LivePreview);
    }
    if path.starts_with("/rvod/") {
        return Some(E::VodStream);
    }
    let name = path.strip_prefix(PICTURE_PREFIX)?;
    // Three segments: device, channel, file name.
    (name.split('/').count() == 3).then_some(E::PictureFetch)
}

/// Device and channel of a live path: `live_{d}_{c}/...`, `{d}-{c}[.flv]`, `{d}_{c}` (covers).
pub fn device_channel(text: &str) -> Option<(&str, u32)> {
    let text = text.strip_suffix(".flv").unwrap_or(text);
    let text = text.strip_prefix("live_").unwrap_or(text);
    let (device, channel) = text.split_once('-').or_else(|| text.split_once('_'))?;
    let plausible =
        !device.is_empty() && device.len() <= 20 && device.bytes().all(|b| b.is_ascii_digit());
    plausible.then_some(())?;
    Some((device, channel.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderMap;

    fn at(method: Method, path: &str) -> Option<Endpoint> {
        let req = ApiRequest::new(method.clone(), path, HeaderMap::new(), bytes::Bytes::new());
        route(&method, &req)
    }

    #[test]
    fn the_table_lists_every_variant_in_order() {
        for (i, (e, ..)) in TABLE.iter().enumerate() {
            assert_eq!(*e as usize, i, "{e:?}");
        }
        let ids: std::collections::HashSet<_> = TABLE.iter().map(|r| r.1).collect();
        assert_eq!(ids.len(), TABLE.len());
    }

    #[test]
    fn clients_paths_reach_their_endpoints() {
        assert_eq!(at(Method::POST, "//devices"), Some(E::DevicesCreate));
        assert_eq!(at(Method::GET, "/devices/"), Some(E::DevicesList));
        assert_eq!(at(Method::GET, "/devices/25"), Some(E::DevicesGet));
        assert_eq!(at(Method::PATCH, "/devices/25"), None);
        assert_eq!(at(Method::GET, "/devices/25/datapoints"), None);
        assert_eq!(at(Method::POST, "/cmds"), Some(E::Cmds));
        assert_eq!(at(Method::GET, "/ipc/video/cmd_status"), Some(E::CmdStatus));
        assert_eq!(at(Method::GET, "/vod/get_video_list"), Some(E::VodList));
        assert_eq!(at(Method::PUT, "/picture/upload"), Some(E::PictureUpload));
        assert_eq!(
            at(Method::PUT, "/api/record/record_config"),
            Some(E::RecordConfigAdd)
        );
        assert_eq!(
            at(Method::PUT, "/ipc/video/record/record_config"),
            Some(E::RecordConfigAdd)
        );
        assert_eq!(
            at(Method::GET, "/ipc/video/trans_encrypt"),
            Some(E::EncryptGet)
        );
        assert_eq!(
            at(Method::PUT, "/ipc/video/trans_encrypt"),
            Some(E::EncryptSet)
        );
        assert_eq!(
            at(Method::GET, "/live/live_25_1/index.m3u8"),
            Some(E::LiveStream)
        );
        assert_eq!(at(Method::HEAD, "/live/25-1.flv"), Some(E::LiveStream));
        assert_eq!(
            at(Method::GET, "/live/live_25_1/898667200.ts"),
            Some(E::LiveSegment)
        );
        assert_eq!(
            at(Method::GET, "/live/live_25_1/preload"),
            Some(E::HlsPreload)
        );
        assert_eq!(at(Method::GET, "/live_preview/25_1"), Some(E::LivePreview));
        assert_eq!(
            at(Method::GET, "/ipc/video/picture/25/1/a.jpg"),
            Some(E::PictureFetch)
        );
        assert_eq!(
            at(Method::GET, "/rvod/25_1_v/index.m3u8"),
            Some(E::VodStream)
        );
        assert_eq!(at(Method::GET, "/ipc/video/nope"), None);
    }

    #[test]
    fn live_paths_name_device_and_channel() {
        assert_eq!(device_channel("live_25_1"), Some(("25", 1)));
        assert_eq!(device_channel("25-2.flv"), Some(("25", 2)));
        assert_eq!(device_channel("25_3"), Some(("25", 3)));
        assert_eq!(device_channel("x_1"), None);
        assert_eq!(device_channel("25-99999999999"), None);
    }
}
