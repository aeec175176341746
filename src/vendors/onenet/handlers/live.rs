//! Section 4: live play addresses, HLS preload, live covers, push addresses, and the live streams the addresses lead to.

use crate::api::request::ApiRequest;
use crate::vendors::onenet::errors::{OnenetError, errno};
use crate::vendors::{Ctx, Handled};

pub fn play_address(_ctx: &mut Ctx<'_>, _req: &ApiRequest) -> Result<Handled, OnenetError> {
    Err(OnenetError::because(errno::INTERNAL, "not served yet"))
}

pub fn preload(_ctx: &mut Ctx<'_>, _req: &ApiRequest) -> Result<Handled, OnenetError> {
    Err(OnenetError::because(errno::INTERNAL, "not served yet"))
}

pub fn preview(_ctx: &mut Ctx<'_>, _req: &ApiRequest) -> Result<Handled, OnenetError> {
    Err(OnenetError::because(errno::INTERNAL, "not served yet"))
}

pub fn push_address(_ctx: &mut Ctx<'_>, _req: &ApiRequest) -> Result<Handled, OnenetError> {
    Err(OnenetError::because(errno::INTERNAL, "not served yet"))
}

pub fn stream(_ctx: &mut Ctx<'_>, _req: &ApiRequest) -> Result<Handled, OnenetError> {
    Err(OnenetError::because(errno::INTERNAL, "not served yet"))
}
