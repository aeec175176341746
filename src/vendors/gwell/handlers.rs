//! One function per custCloud endpoint: check the body's parameters (in the order a client
//! reads the table: action, appId, appToken, accessId, then the device), ask the world, build
//! the wire answer.

use super::errors::{GwellError, SignatureFault};
use super::memo::{Inputs, Json, Packages};
use super::routes::Endpoint;
use super::state::{Found, GwellApp, GwellState};
use super::wire::{DevInfoData, DevListData, DeviceVo, Envelope};
use crate::api::request::{ApiRequest, DecodeError, Params};
use crate::api::response::ApiResponse;
use crate::sim::camera::DeviceRef;
use crate::sim::{SimError, VendorId};
use crate::vendors::Ctx;
use http::StatusCode;
use serde::Serialize;

pub fn dev_info(ctx: &mut Ctx<'_>, req: &ApiRequest) -> Result<ApiResponse, GwellError> {
    let p = req.params()?;
    let (state, app, access_id) = caller(ctx, p, Endpoint::DevInfo)?;
    let which = device_ref(p)?;
    let camera = ctx
        .world
        .camera_of_account(VendorId::Gwell, &app.app_id, which)?;
    let gwell = state.device(&camera.id);
    // A device bound to nobody answers any user of its app (`ownerId: 0`, seed 001): support
    // staff look devices up before anyone binds them. A bound one only its owner and guests.
    if gwell.owner.is_some() && gwell.relation_to(access_id).is_none() {
        let (DeviceRef::Id(asked) | DeviceRef::Sn(asked)) = which;
        return Err(SimError::DeviceNotFound(asked.to_string()).into());
    }
    // The `data` object is kept per device until the device changes (see `memo.rs`).
    let now = ctx.now_secs();
    let inputs = Inputs {
        camera_revision: camera.revision(),
        device_revision: state.device_revision(&camera.id),
        storage_active: gwell.storage.as_ref().is_some_and(|p| p.is_active(now)),
        flow_active: gwell.data_plan.as_ref().is_some_and(|p| p.is_active(now)),
    };
    let data = state.dev_info_memo.get_or_write(&camera.id, inputs, || {
        Json::of(&DevInfoData::from_device(Found { camera, gwell }, now))
    });
    match data {
        Some(json) => Ok(success(ctx, json)),
        None => Ok(success(
            ctx,
            DevInfoData::from_device(Found { camera, gwell }, now),
        )),
    }
}

pub fn dev_list(ctx: &mut Ctx<'_>, req: &ApiRequest) -> Result<ApiResponse, GwellError> {
    let p = req.params()?;
    let (state, app, access_id) = caller(ctx, p, Endpoint::DevList)?;
    let found = state.devices_of_user(&ctx.world.cameras, &app.app_id, access_id);
    let mut devices: Vec<DeviceVo> = Vec::with_capacity(found.len());
    // `vss` and `fourCard` are kept per device until its packages change (see `memo.rs`).
    let mut packages = state.packages_memo.hold();
    devices.extend(found.into_iter().filter_map(|(found, relation)| {
        let id = &found.camera.id;
        let kept =
            packages.get_or_write(id, state.device_revision(id), || Packages::of(found.gwell))?;
        Some(DeviceVo::from_device(found, relation, kept))
    }));
    drop(packages);
    devices.sort_by_key(|d| d.dev_id);
    // Thousands of devices take a millisecond to serialise: the list is owned, so it is
    // written out after the world lock is released.
    let envelope = Envelope {
        code: 0,
        data: DevListData {
            device_list: devices,
        },
        msg: "ok",
        request_id: ctx.ids.uuid(),
    };
    Ok(ApiResponse::json_later(StatusCode::OK, envelope).with_code("0"))
}

fn success<T: Serialize>(ctx: &Ctx<'_>, data: T) -> ApiResponse {
    let envelope = Envelope {
        code: 0,
        data,
        msg: "ok",
        request_id: ctx.ids.uuid(),
    };
    ApiResponse::json(StatusCode::OK, &envelope).with_code("0")
}

/// The app and user a request acts for: `action` (optional, as the seed's examples omit
/// it, but right when given), `appId` matching the signing credential, `appToken`, and an
/// `accessId` that is a user of the app. Also Gwell's state, which holds them.
fn caller<'w>(
    ctx: &'w Ctx<'_>,
    p: Params<'_>,
    endpoint: Endpoint,
) -> Result<(&'w GwellState, &'w GwellApp, &'w str), GwellError> {
    if let Some(action) = p.opt_str("action")?
        && action != endpoint.action()
    {
        return Err(DecodeError::Invalid {
            name: "action".into(),
            reason: format!("`{action}` is not {}", endpoint.action()),
        }
        .into());
    }
    let app_id = p.str("appId")?;
    let app_token = p.str("appToken")?;
    let access_id = p.str("accessId")?;
    if app_id != ctx.credential {
        return Err(GwellError::SignatureFailed(SignatureFault::Wrong));
    }
    let state = ctx
        .world
        .model::<GwellState>()
        .ok_or_else(|| SimError::UnknownAccount(app_id.to_string()))?;
    let app = state
        .app(app_id)
        .ok_or_else(|| SimError::UnknownAccount(app_id.to_string()))?;
    if app.app_token != app_token {
        return Err(GwellError::SignatureFailed(SignatureFault::Wrong));
    }
    if access_id.parse::<i64>().is_err() {
        return Err(GwellError::NotANumber("accessId".into()));
    }
    let (user, _) = app
        .users
        .get_key_value(access_id)
        .ok_or_else(|| SimError::UnknownUser(access_id.to_string()))?;
    Ok((state, app, user.as_str()))
}

/// `sn` xor `devId` (an empty string counts as not given, as in the seed's example).
fn device_ref<'a>(p: Params<'a>) -> Result<DeviceRef<'a>, GwellError> {
    match (p.opt_str("sn")?, p.opt_str("devId")?) {
        (Some(_), Some(_)) => Err(DecodeError::Conflict("sn".into(), "devId".into()).into()),
        (None, None) => Err(DecodeError::Missing("sn or devId".into()).into()),
        (Some(sn), None) => Ok(DeviceRef::Sn(sn)),
        (None, Some(id)) if id.parse::<i64>().is_err() => {
            Err(GwellError::NotANumber("devId".into()))
        }
        (None, Some(id)) => Ok(DeviceRef::Id(id)),
    }
}
