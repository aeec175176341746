//! `DescribeDevice` (a device's online state, key and settings) and `WakeUpDevice` (wakes a
//! low-power device: a sleeping battery camera comes online).

use super::{device, device_id, done, reply};
use crate::api::response::ApiResponse;
use crate::sim::VendorId;
use crate::vendors::Ctx;
use crate::vendors::tencent::errors::TencentError;
use crate::vendors::tencent::params::Params;
use serde::Serialize;

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Described<'a> {
    device_name: &'a str,
    /// 0 offline, 1 online, 3 not activated (2, "could not be read", is never answered).
    online: i64,
    login_time: i64,
    device_psk: &'a str,
    enable_state: i64,
    expire_time: i64,
    log_level: i64,
}

pub fn describe(ctx: &mut Ctx<'_>, p: &Params) -> Result<ApiResponse, TencentError> {
    let id = device_id(ctx, p)?;
    let (camera, d) = device(ctx, &id)?;
    let online = match (d.activated, camera.online) {
        (false, _) => 3,
        (true, true) => 1,
        (true, false) => 0,
    };
    let described = Described {
        device_name: &d.name,
        online,
        // When it came online, or for an offline device when it was last seen.
        login_time: if d.activated {
            camera.online_changed_at
        } else {
            0
        },
        device_psk: &d.psk,
        enable_state: i64::from(d.enabled),
        expire_time: d.expires,
        log_level: d.log_level,
    };
    Ok(reply(ctx, described))
}

/// A battery (low-power) device asleep comes online now; any other device is left as it is.
pub fn wake_up(ctx: &mut Ctx<'_>, p: &Params) -> Result<ApiResponse, TencentError> {
    let id = device_id(ctx, p)?;
    let now = ctx.now_secs();
    if let Some(camera) = ctx.world.cameras.get_mut(VendorId::Tencent, &id)
        && camera.battery.is_some()
        && !camera.online
    {
        camera.set_online(true, now);
    }
    Ok(done(ctx))
}
