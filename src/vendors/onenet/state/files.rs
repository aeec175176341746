//! Section 16's object store: files per product.

#[derive(Debug, Default)]
pub struct Files {}
