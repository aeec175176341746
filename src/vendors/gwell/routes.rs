//! Gwell custCloud endpoints (seed 001): two POSTs under `/openapi/custCloud/oss/`.

use crate::api::request::ApiRequest;
use crate::vendors::Endpoint as EndpointInfo;
use http::Method;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endpoint {
    DevInfo,
    DevList,
}

pub const ALL: &[Endpoint] = &[Endpoint::DevInfo, Endpoint::DevList];

impl Endpoint {
    /// The body's `action` value the seed documents for the endpoint.
    pub fn action(self) -> &'static str {
        match self {
            Endpoint::DevInfo => "devInfo",
            Endpoint::DevList => "devList",
        }
    }
}

impl EndpointInfo for Endpoint {
    fn id(self) -> &'static str {
        match self {
            Endpoint::DevInfo => "gwell.devInfo",
            Endpoint::DevList => "gwell.devList",
        }
    }

    fn method(self) -> &'static str {
        "POST"
    }

    fn path(self) -> &'static str {
        match self {
            Endpoint::DevInfo => "/openapi/custCloud/oss/devInfo",
            Endpoint::DevList => "/openapi/custCloud/oss/devList",
        }
    }
}

pub fn route(method: &Method, req: &ApiRequest) -> Option<Endpoint> {
    match (method, req.path.trim_end_matches('/')) {
        (&Method::POST, "/openapi/custCloud/oss/devInfo") => Some(Endpoint::DevInfo),
        (&Method::POST, "/openapi/custCloud/oss/devList") => Some(Endpoint::DevList),
        _ => None,
    }
}
