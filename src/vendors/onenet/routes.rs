//! onenet endpoints: none served yet (a later issue adds them from endpoints.tsv). The type
//! exists so the listener already answers with onenet's own "unknown endpoint" envelope.

use crate::server::request::ApiRequest;
use crate::vendors::Endpoint as EndpointInfo;
use http::Method;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endpoint {}

pub const ALL: &[Endpoint] = &[];

impl EndpointInfo for Endpoint {
    fn id(self) -> &'static str {
        match self {}
    }

    fn method(self) -> &'static str {
        match self {}
    }

    fn path(self) -> &'static str {
        match self {}
    }
}

pub fn route(_method: &Method, _req: &ApiRequest) -> Option<Endpoint> {
    None
}
