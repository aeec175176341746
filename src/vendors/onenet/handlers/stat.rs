//! Section 14: real-time play and push lists, paged with page keys kept 5 minutes.

use crate::api::request::ApiRequest;
use crate::vendors::onenet::errors::{OnenetError, errno};
use crate::vendors::{Ctx, Handled};

pub fn online(_ctx: &mut Ctx<'_>, _req: &ApiRequest) -> Result<Handled, OnenetError> {
    Err(OnenetError::because(errno::INTERNAL, "not served yet"))
}

pub fn push(_ctx: &mut Ctx<'_>, _req: &ApiRequest) -> Result<Handled, OnenetError> {
    Err(OnenetError::because(errno::INTERNAL, "not served yet"))
}
