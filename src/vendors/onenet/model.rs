//! Onenet's section of a scenario file (`onenet:`): OneNET products (a product id and its master api-key), so worlds can
//! claim them. Its model is the credentials-only one (`vendors::credentials`); the vendor's
//! own issue replaces both.

use crate::vendors::credentials::CredentialsOnly;
use serde::Deserialize;
use serde_saphyr::Spanned;

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OnenetSpec {
    #[serde(default)]
    pub products: Vec<OnenetProductSpec>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OnenetProductSpec {
    pub product_id: String,
    /// The product-level api-key.
    pub master_key: Spanned<String>,
}

impl CredentialsOnly for super::Onenet {
    type Spec = OnenetSpec;
    const LIST: &'static str = "products";
    const ID_KEY: &'static str = "masterKey";
    const SECRET_KEY: &'static str = "productId";

    fn written(spec: &OnenetSpec) -> Vec<(&Spanned<String>, &str)> {
        spec.products
            .iter()
            .map(|c| (&c.master_key, c.product_id.as_str()))
            .collect()
    }
}
