//! Section 17: alarms (video and picture alarms from the camera timeline's events, device messages), read marks, deletion, counts per day.

use crate::api::request::ApiRequest;
use crate::vendors::onenet::errors::{OnenetError, errno};
use crate::vendors::{Ctx, Handled};

pub fn list(_ctx: &mut Ctx<'_>, _req: &ApiRequest) -> Result<Handled, OnenetError> {
    Err(OnenetError::because(errno::INTERNAL, "not served yet"))
}

pub fn info(_ctx: &mut Ctx<'_>, _req: &ApiRequest) -> Result<Handled, OnenetError> {
    Err(OnenetError::because(errno::INTERNAL, "not served yet"))
}

pub fn update_status(_ctx: &mut Ctx<'_>, _req: &ApiRequest) -> Result<Handled, OnenetError> {
    Err(OnenetError::because(errno::INTERNAL, "not served yet"))
}

pub fn count(_ctx: &mut Ctx<'_>, _req: &ApiRequest) -> Result<Handled, OnenetError> {
    Err(OnenetError::because(errno::INTERNAL, "not served yet"))
}

pub fn delete(_ctx: &mut Ctx<'_>, _req: &ApiRequest) -> Result<Handled, OnenetError> {
    Err(OnenetError::because(errno::INTERNAL, "not served yet"))
}

pub fn day(_ctx: &mut Ctx<'_>, _req: &ApiRequest) -> Result<Handled, OnenetError> {
    Err(OnenetError::because(errno::INTERNAL, "not served yet"))
}

pub fn day_count(_ctx: &mut Ctx<'_>, _req: &ApiRequest) -> Result<Handled, OnenetError> {
    Err(OnenetError::because(errno::INTERNAL, "not served yet"))
}
