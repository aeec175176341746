//! Load benchmark (to come).
fn main() {}
