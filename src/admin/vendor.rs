//! A vendor's own control routes, `…/worlds/{w}/vendors/{vendor}/{path}`: what only that vendor
//! has (Sodalife's authorization codes and apps, ...), answered by its model under the world lock.

use super::{Answer, bad_request, error, method_not_allowed, vendor_named};
use crate::api::request::ApiRequest;
use crate::api::response::ApiResponse;
use crate::sim::Sim;
use crate::vendors::model::{ControlAnswer, ControlCall, Model};
use crate::vendors::{VendorJob, for_vendor};
use http::StatusCode;

pub(super) fn call(sim: &Sim, vendor: &str, path: &[&str], req: &ApiRequest) -> Answer {
    let vendor = vendor_named(vendor, StatusCode::NOT_FOUND)?;
    for_vendor(vendor, Control { sim, path, req })
}

struct Control<'a> {
    sim: &'a Sim,
    path: &'a [&'a str],
    req: &'a ApiRequest,
}

impl VendorJob for Control<'_> {
    type Out = Answer;
    fn run<M: Model>(self) -> Answer {
        let call = ControlCall {
            method: &self.req.method,
            path: self.path,
            body: &self.req.body,
            now_secs: self.sim.clock.now_secs(),
            ids: &self.sim.ids,
        };
        let answer = M::control(&mut self.sim.world.lock(), &call);
        match answer {
            ControlAnswer::Done(value) => Ok(ApiResponse::json(StatusCode::OK, &value)),
            ControlAnswer::Created(value) => Ok(ApiResponse::json(StatusCode::CREATED, &value)),
            ControlAnswer::Refused(p) => Err(bad_request(p.message, Some(&p.field))),
            ControlAnswer::Missing(what) => Err(error(StatusCode::NOT_FOUND, what, None)),
            ControlAnswer::WrongMethod(allow) => Err(method_not_allowed(self.req, allow)),
            ControlAnswer::NoRoute => Err(error(
                StatusCode::NOT_FOUND,
                format!(
                    "no {} control route {} {} (see README: Control API)",
                    M::ID,
                    self.req.method,
                    self.req.path
                ),
                None,
            )),
        }
    }
}
