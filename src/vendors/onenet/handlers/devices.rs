//! Section 1: devices (create, register with a register code, update, get, list, delete).

use crate::api::request::ApiRequest;
use crate::vendors::onenet::errors::{OnenetError, errno};
use crate::vendors::{Ctx, Handled};

pub fn create(_ctx: &mut Ctx<'_>, _req: &ApiRequest) -> Result<Handled, OnenetError> {
    Err(OnenetError::because(errno::INTERNAL, "not served yet"))
}

pub fn register(_ctx: &mut Ctx<'_>, _req: &ApiRequest) -> Result<Handled, OnenetError> {
    Err(OnenetError::because(errno::INTERNAL, "not served yet"))
}

pub fn update(_ctx: &mut Ctx<'_>, _req: &ApiRequest) -> Result<Handled, OnenetError> {
    Err(OnenetError::because(errno::INTERNAL, "not served yet"))
}

pub fn get(_ctx: &mut Ctx<'_>, _req: &ApiRequest) -> Result<Handled, OnenetError> {
    Err(OnenetError::because(errno::INTERNAL, "not served yet"))
}

pub fn list(_ctx: &mut Ctx<'_>, _req: &ApiRequest) -> Result<Handled, OnenetError> {
    Err(OnenetError::because(errno::INTERNAL, "not served yet"))
}

pub fn delete(_ctx: &mut Ctx<'_>, _req: &ApiRequest) -> Result<Handled, OnenetError> {
    Err(OnenetError::because(errno::INTERNAL, "not served yet"))
}
