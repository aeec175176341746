//! Sodalife's section of a scenario file (`sodalife:`): Sodalife OAuth2 clients, so worlds can
//! claim them. Its model is the credentials-only one (`vendors::credentials`); the vendor's
//! own issue replaces both.

use crate::vendors::credentials::CredentialsOnly;
use serde::Deserialize;
use serde_saphyr::Spanned;

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SodalifeSpec {
    #[serde(default)]
    pub clients: Vec<SodalifeClientSpec>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SodalifeClientSpec {
    pub client_id: Spanned<String>,
    pub client_secret: String,
}

impl CredentialsOnly for super::Sodalife {
    type Spec = SodalifeSpec;
    const LIST: &'static str = "clients";
    const ID_KEY: &'static str = "clientId";
    const SECRET_KEY: &'static str = "clientSecret";

    fn written(spec: &SodalifeSpec) -> Vec<(&Spanned<String>, &str)> {
        spec.clients
            .iter()
            .map(|c| (&c.client_id, c.client_secret.as_str()))
            .collect()
    }
}
