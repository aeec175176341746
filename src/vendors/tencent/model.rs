//! Tencent's section of a scenario file (`tencent:`): Tencent Cloud API keys (SecretId and SecretKey), so worlds can
//! claim them. Its model is the credentials-only one (`vendors::credentials`); the vendor's
//! own issue replaces both.

use crate::vendors::credentials::CredentialsOnly;
use serde::Deserialize;
use serde_saphyr::Spanned;

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TencentSpec {
    #[serde(default)]
    pub secrets: Vec<TencentSecretSpec>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TencentSecretSpec {
    pub secret_id: Spanned<String>,
    pub secret_key: String,
}

impl CredentialsOnly for super::Tencent {
    type Spec = TencentSpec;
    const LIST: &'static str = "secrets";
    const ID_KEY: &'static str = "secretId";
    const SECRET_KEY: &'static str = "secretKey";

    fn written(spec: &TencentSpec) -> Vec<(&Spanned<String>, &str)> {
        spec.secrets
            .iter()
            .map(|c| (&c.secret_id, c.secret_key.as_str()))
            .collect()
    }
}
