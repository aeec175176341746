//! Section 2: a device's channels.

use crate::api::request::ApiRequest;
use crate::vendors::onenet::errors::{OnenetError, errno};
use crate::vendors::{Ctx, Handled};

pub fn query(_ctx: &mut Ctx<'_>, _req: &ApiRequest) -> Result<Handled, OnenetError> {
    Err(OnenetError::because(errno::INTERNAL, "not served yet"))
}

pub fn delete(_ctx: &mut Ctx<'_>, _req: &ApiRequest) -> Result<Handled, OnenetError> {
    Err(OnenetError::because(errno::INTERNAL, "not served yet"))
}

pub fn add(_ctx: &mut Ctx<'_>, _req: &ApiRequest) -> Result<Handled, OnenetError> {
    Err(OnenetError::because(errno::INTERNAL, "not served yet"))
}

pub fn modify(_ctx: &mut Ctx<'_>, _req: &ApiRequest) -> Result<Handled, OnenetError> {
    Err(OnenetError::because(errno::INTERNAL, "not served yet"))
}
