//! OneNET's handlers, one file per area of seed 003, and the success envelope they share:
//! `{"errno":0,"error":"succ", ...}` with the rest of each answer where the seed puts it
//! (`data`, `result`, `page_info` or top-level fields).

pub mod alarms;
pub mod channels;
pub mod commands;
pub mod devices;
pub mod files;
pub mod live;
pub mod misc;
pub mod pictures;
pub mod records;
pub mod stat;
pub mod storage;
pub mod vod;

use super::errors::OnenetError;
use super::routes::Endpoint;
use crate::api::request::ApiRequest;
use crate::api::response::ApiResponse;
use crate::vendors::{Ctx, Handled};
use http::StatusCode;
use serde::Serialize;

/// Success with nothing more: `{"errno":0,"error":"succ"}`.
pub fn succ() -> Handled {
    answer(())
}

/// Success with `rest`'s fields after `errno` and `error` (a struct, a map or `()`).
pub fn answer<T: Serialize>(rest: T) -> Handled {
    Handled::Now(answer_now(rest))
}

/// [`answer`], as a response (for a finish step that is already past the handler).
pub fn answer_now<T: Serialize>(rest: T) -> ApiResponse {
    #[derive(Serialize)]
    struct Succ<T> {
        errno: i64,
        error: &'static str,
        #[serde(flatten)]
        rest: T,
    }
    ApiResponse::json(
        StatusCode::OK,
        &Succ {
            errno: 0,
            error: "succ",
            rest,
        },
    )
    .with_code("0")
}

/// Success with `{"data": data}`.
pub fn data<T: Serialize>(data: T) -> Handled {
    Handled::Now(data_now(data))
}

/// [`data`], as a response; written without `answer`'s flattening, which costs a map
/// serializer per answer (the hot routes answer `data`).
pub fn data_now<T: Serialize>(data: T) -> ApiResponse {
    #[derive(Serialize)]
    struct Data<T> {
        errno: i64,
        error: &'static str,
        data: T,
    }
    ApiResponse::json(
        StatusCode::OK,
        &Data {
            errno: 0,
            error: "succ",
            data,
        },
    )
    .with_code("0")
}

/// Runs the handler of `endpoint`.
pub fn handle(
    ctx: &mut Ctx<'_>,
    endpoint: Endpoint,
    req: &ApiRequest,
) -> Result<Handled, OnenetError> {
    use Endpoint as E;
    match endpoint {
        E::DevicesCreate => devices::create(ctx, req),
        E::RegisterDe => devices::register(ctx, req),
        E::DevicesUpdate => devices::update(ctx, req),
        E::DevicesGet => devices::get(ctx, req),
        E::DevicesList => devices::list(ctx, req),
        E::DevicesDelete => devices::delete(ctx, req),
        E::ChannelQuery => channels::query(ctx, req),
        E::ChannelDelete => channels::delete(ctx, req),
        E::ChannelAdd => channels::add(ctx, req),
        E::ChannelModify => channels::modify(ctx, req),
        E::Cmds => commands::send(ctx, req),
        E::CmdStatus => commands::status(ctx, req),
        E::CmdResp => commands::response(ctx, req),
        E::PlayAddress => live::play_address(ctx, req),
        E::HlsPreload => live::preload(ctx, req),
        E::LivePreview => live::preview(ctx, req),
        E::PushAddress => live::push_address(ctx, req),
        E::LiveStream => live::stream(ctx, req),
        E::LiveSegment => live::segment(ctx, req),
        E::PictureUpload => pictures::upload(ctx, req),
        E::PictureList => pictures::list(ctx, req),
        E::PictureInfo => pictures::info(ctx, req),
        E::PictureDelete => pictures::delete(ctx, req),
        E::PictureFetch => pictures::fetch(ctx, req),
        E::VodInfo => vod::info(ctx, req),
        E::VodList => vod::list(ctx, req),
        E::VodDelete => vod::delete(ctx, req),
        E::VodRename => vod::rename(ctx, req),
        E::VodPlayToken => vod::play_token(ctx, req),
        E::VodStream => vod::stream(ctx, req),
        E::EncryptSet => misc::encrypt_set(ctx, req),
        E::EncryptGet => misc::encrypt_get(ctx, req),
        E::DeviceStatus => misc::device_status(ctx, req),
        E::DeviceMessages => misc::device_messages(ctx, req),
        E::BootAddress => misc::boot_address(ctx, req),
        E::AccService => misc::acc_service(ctx, req),
        E::DevActive => misc::dev_active(ctx, req),
        E::DeviceVersion => misc::version(ctx, req),
        E::CameraClose => misc::close_camera(ctx, req),
        E::RecordManual => records::manual(ctx, req),
        E::RecordConfigAdd => records::config_add(ctx, req),
        E::RecordConfigDelete => records::config_delete(ctx, req),
        E::RecordConfigUpdate => records::config_update(ctx, req),
        E::StatOnline => stat::online(ctx, req),
        E::StatPush => stat::push(ctx, req),
        E::FileUpload => files::upload(ctx, req).map_err(OnenetError::in_store),
        E::FileDownload => files::download(ctx, req).map_err(OnenetError::in_store),
        E::FileDelete => files::delete(ctx, req).map_err(OnenetError::in_store),
        E::FileList => files::list(ctx, req).map_err(OnenetError::in_store),
        E::AlarmList => alarms::list(ctx, req),
        E::AlarmInfo => alarms::info(ctx, req),
        E::AlarmUpdateStatus => alarms::update_status(ctx, req),
        E::AlarmCount => alarms::count(ctx, req),
        E::AlarmDelete => alarms::delete(ctx, req),
        E::AlarmDay => alarms::day(ctx, req),
        E::AlarmDayCount => alarms::day_count(ctx, req),
        E::StorageCapacity => storage::capacity(ctx, req),
        E::StorageDevices => storage::devices(ctx, req),
    }
}
