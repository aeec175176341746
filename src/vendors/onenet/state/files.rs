//! Section 16's object store: files per product, by name, with their bytes. Bounded per
//! product (products come only from the scenario, so this bounds the world too).

use crate::sim::hashing::FastMap;
use bytes::Bytes;
use std::collections::BTreeMap;

/// Files one product keeps (no limit published; proposal).
pub const MAX_PRODUCT_FILES: usize = 1000;
/// Bytes one product keeps (proposal).
pub const MAX_PRODUCT_BYTES: usize = 64 * 1024 * 1024;

#[derive(Debug, Clone)]
pub struct StoredFile {
    pub desc: String,
    /// World clock at upload, Unix seconds.
    pub date: i64,
    pub bytes: Bytes,
}

#[derive(Debug, Default)]
pub struct ProductFiles {
    files: BTreeMap<String, StoredFile>,
    bytes: usize,
}

impl ProductFiles {
    /// Files by name.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &StoredFile)> {
        self.files.iter().map(|(n, f)| (n.as_str(), f))
    }

    pub fn get(&self, name: &str) -> Option<&StoredFile> {
        self.files.get(name)
    }

    pub fn bytes(&self) -> usize {
        self.bytes
    }
}

/// Why an upload was not kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoreFull {
    /// The product keeps `MAX_PRODUCT_FILES` files already.
    Count,
    /// The product's files would pass `MAX_PRODUCT_BYTES`.
    Bytes,
}

impl std::fmt::Display for StoreFull {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoreFull::Count => write!(f, "the product keeps {MAX_PRODUCT_FILES} files already"),
            StoreFull::Bytes => write!(
                f,
                "the product's files would pass {MAX_PRODUCT_BYTES} bytes"
            ),
        }
    }
}

#[derive(Debug, Default)]
pub struct Files {
    products: FastMap<String, ProductFiles>,
}

impl Files {
    pub fn of(&self, product: &str) -> Option<&ProductFiles> {
        self.products.get(product)
    }

    /// Bytes `product` keeps.
    pub fn bytes(&self, product: &str) -> usize {
        self.of(product).map_or(0, ProductFiles::bytes)
    }

    /// Keeps `file` under `name`, replacing a file of that name (as an object store does).
    pub fn put(&mut self, product: &str, name: &str, file: StoredFile) -> Result<(), StoreFull> {
        let store = self.products.entry(product.to_string()).or_default();
        let old = store.files.get(name).map(|f| f.bytes.len());
        if old.is_none() && store.files.len() >= MAX_PRODUCT_FILES {
            return Err(StoreFull::Count);
        }
        let bytes = store
            .bytes
            .saturating_sub(old.unwrap_or(0))
            .saturating_add(file.bytes.len());
        if bytes > MAX_PRODUCT_BYTES {
            return Err(StoreFull::Bytes);
        }
        store.bytes = bytes;
        store.files.insert(name.to_string(), file);
        Ok(())
    }

    pub fn remove(&mut self, product: &str, name: &str) -> Option<StoredFile> {
        let store = self.products.get_mut(product)?;
        let file = store.files.remove(name)?;
        store.bytes = store.bytes.saturating_sub(file.bytes.len());
        Some(file)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(size: usize) -> StoredFile {
        StoredFile {
            desc: String::new(),
            date: 0,
            bytes: Bytes::from(vec![7u8; size]),
        }
    }

    #[test]
    fn replacing_a_file_counts_only_its_new_size() {
        let mut files = Files::default();
        assert_eq!(files.put("p", "a", file(10)), Ok(()));
        assert_eq!(files.put("p", "a", file(4)), Ok(()));
        assert_eq!(files.bytes("p"), 4);
        assert!(files.remove("p", "a").is_some());
        assert_eq!(files.bytes("p"), 0);
    }

    #[test]
    fn a_product_keeps_at_most_its_bytes_and_files() {
        let mut files = Files::default();
        assert_eq!(files.put("p", "big", file(MAX_PRODUCT_BYTES)), Ok(()));
        assert_eq!(files.put("p", "one", file(1)), Err(StoreFull::Bytes));
        assert_eq!(files.put("p", "big", file(1)), Ok(()));
        for i in 1..MAX_PRODUCT_FILES {
            assert_eq!(files.put("p", &format!("f{i}"), file(0)), Ok(()));
        }
        assert_eq!(files.put("p", "last", file(0)), Err(StoreFull::Count));
        assert_eq!(files.put("p", "f1", file(0)), Ok(()), "a replacement fits");
    }
}
