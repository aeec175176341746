//! What can go wrong in a world, independent of how a vendor reports it. Each vendor maps
//! these to its own codes in one `From<SimError>` impl.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SimError {
    /// No account (app, client, product, secret) with this credential in the world.
    UnknownAccount(String),
    /// The user is not a user of the account.
    UnknownUser(String),
    /// No such device, or the caller may not see it.
    DeviceNotFound(String),
}

impl fmt::Display for SimError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SimError::UnknownAccount(id) => write!(f, "unknown account {id}"),
            SimError::UnknownUser(id) => write!(f, "unknown user {id}"),
            SimError::DeviceNotFound(id) => write!(f, "device {id} not found"),
        }
    }
}

impl std::error::Error for SimError {}
