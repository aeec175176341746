//! What a request and an answer are inside camsim, whoever serves them: `ApiRequest` (read once,
//! typed access to its parameters, `DecodeError` naming the parameter) and `ApiResponse` (the
//! only place that builds a hyper `Response`). The server, the control API and every vendor use
//! them; this module uses none of those.

pub mod body;
pub mod form;
pub mod request;
pub mod response;
