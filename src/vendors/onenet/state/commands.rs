//! Commands sent with `POST /ipc/video/cmds`, kept for `cmd_status` and `cmd_resp`.

#[derive(Debug, Default)]
pub struct Commands {}
