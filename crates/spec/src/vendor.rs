//! Writing vendored fragments and their provenance deterministically.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::error::Result;
use crate::extract::{extract_operations, operations, OperationRef};
use crate::load::parse_bytes;

/// Where a vendored fragment came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provenance {
    /// File name of the full document it was cut from.
    pub source: String,
    /// The URL it was downloaded from, when it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// sha256 of that file's bytes, in hex.
    pub sha256: String,
    /// `info.version` of the source document.
    pub info_version: Option<String>,
    /// `openapi` of the source document.
    pub openapi_version: String,
    /// The operations the fragment holds (`GET /v1/user`), in path then method order.
    /// Older files name one, as `operation`.
    #[serde(alias = "operation", deserialize_with = "one_or_many")]
    pub operations: Vec<String>,
    /// The fragment holds every operation of the document, so re-vendoring takes any new
    /// one too.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub all_operations: bool,
    /// The day of extraction, `YYYY-MM-DD`.
    pub extracted_on: String,
}

/// A fragment ready to be written next to its provenance.
#[derive(Debug, Clone, PartialEq)]
pub struct Vendored {
    pub fragment: Value,
    pub provenance: Provenance,
}

fn one_or_many<'de, D: serde::Deserializer<'de>>(deserializer: D) -> std::result::Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    Ok(match OneOrMany::deserialize(deserializer)? {
        OneOrMany::One(one) => vec![one],
        OneOrMany::Many(many) => many,
    })
}

/// Which operations to cut out of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    Named(Vec<OperationRef>),
    /// Every operation the document has.
    All,
}

impl Selection {
    /// One operation.
    pub fn one(operation: &OperationRef) -> Self {
        Selection::Named(vec![operation.clone()])
    }
}

/// Cuts the selected operations out of the bytes of a full document.
pub fn vendor(source_name: &str, bytes: &[u8], selection: &Selection, extracted_on: &str) -> Result<Vendored> {
    let document = parse_bytes(bytes)?;
    let mut chosen = match selection {
        Selection::Named(named) => named.clone(),
        Selection::All => operations(&document.value),
    };
    chosen.sort();
    chosen.dedup();
    if chosen.is_empty() {
        return Err(crate::SpecError::at("/paths", "the document has no operations to vendor"));
    }
    let fragment = extract_operations(&document, &chosen)?;
    let provenance = Provenance {
        source: source_name.to_string(),
        url: None,
        sha256: sha256_hex(bytes),
        info_version: document.info_version().map(str::to_string),
        openapi_version: document.value["openapi"].as_str().unwrap_or_default().to_string(),
        operations: chosen.iter().map(ToString::to_string).collect(),
        all_operations: *selection == Selection::All,
        extracted_on: extracted_on.to_string(),
    };
    Ok(Vendored { fragment, provenance })
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Pretty JSON with sorted keys, two-space indentation and a trailing newline.
pub fn canonical_json(value: &impl Serialize) -> String {
    let value = serde_json::to_value(value).map(sort_keys).unwrap_or(Value::Null);
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

fn sort_keys(value: Value) -> Value {
    match value {
        Value::Object(object) => {
            let mut entries: Vec<(String, Value)> = object.into_iter().map(|(k, v)| (k, sort_keys(v))).collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Object(entries.into_iter().collect())
        }
        Value::Array(items) => Value::Array(items.into_iter().map(sort_keys).collect()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn canonical_json_is_sorted_and_ends_with_a_newline() {
        assert_eq!(
            canonical_json(&json!({"b": 1, "a": {"d": [], "c": null}})),
            "{\n  \"a\": {\n    \"c\": null,\n    \"d\": []\n  },\n  \"b\": 1\n}\n"
        );
    }

    #[test]
    fn records_provenance() {
        let bytes = br#"{"openapi": "3.1.0", "info": {"title": "t", "version": "1.0"}, "paths": {"/v1/user": {"get": {"responses": {}}}}}"#;
        let vendored =
            vendor("full.json", bytes, &Selection::one(&"GET /v1/user".parse().unwrap()), "2026-11-25").unwrap();
        assert_eq!(vendored.provenance.info_version.as_deref(), Some("1.0"));
        assert_eq!(vendored.provenance.openapi_version, "3.1.0");
        assert_eq!(vendored.provenance.sha256, sha256_hex(bytes));
        assert_eq!(vendored.provenance.sha256.len(), 64);
        assert_eq!(vendored.provenance.operations, ["GET /v1/user"]);
    }

    #[test]
    fn several_operations_share_one_fragment_and_all_takes_every_one() {
        let bytes = br##"{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {
            "/v1/user": {"get": {"responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/User"}}}}}}},
            "/v1/user/subscription": {"get": {"responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Sub"}}}}}}},
            "/v1/voices": {"get": {"responses": {}}, "post": {"responses": {}}}},
            "components": {"schemas": {"User": {"properties": {"sub": {"$ref": "#/components/schemas/Sub"}}}, "Sub": {}, "Unused": {}}}}"##;
        let named =
            Selection::Named(vec!["GET /v1/user/subscription".parse().unwrap(), "GET /v1/user".parse().unwrap()]);
        let vendored = vendor("full.json", bytes, &named, "2026-11-25").unwrap();
        assert_eq!(vendored.provenance.operations, ["GET /v1/user", "GET /v1/user/subscription"]);
        assert!(!vendored.provenance.all_operations);
        let schemas: Vec<&String> = vendored.fragment["components"]["schemas"].as_object().unwrap().keys().collect();
        assert_eq!(schemas, ["Sub", "User"]);
        let all = vendor("full.json", bytes, &Selection::All, "2026-11-25").unwrap();
        assert_eq!(all.provenance.operations.len(), 4);
        assert!(all.provenance.all_operations);
        assert!(all.fragment.pointer("/paths/~1v1~1voices/post").is_some());
        let missing = Selection::Named(vec!["GET /v1/nothing".parse().unwrap()]);
        assert!(vendor("full.json", bytes, &missing, "2026-11-25")
            .unwrap_err()
            .to_string()
            .contains("GET /v1/nothing"));
    }

    #[test]
    fn older_provenance_naming_one_operation_still_reads() {
        let old = r#"{"source": "a.json", "sha256": "00", "info_version": null, "openapi_version": "3.1.0",
            "operation": "GET /v1/user", "extracted_on": "2026-11-25"}"#;
        let provenance: Provenance = serde_json::from_str(old).unwrap();
        assert_eq!(provenance.operations, ["GET /v1/user"]);
    }
}

/// Today's date in UTC as `YYYY-MM-DD`.
pub fn today_utc() -> String {
    let seconds =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or_default();
    civil_date((seconds / 86_400) as i64)
}

/// `YYYY-MM-DD` for a count of days since 1970-01-01 (Howard Hinnant's algorithm).
pub fn civil_date(days_since_epoch: i64) -> String {
    let z = days_since_epoch + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era = (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod date_tests {
    use super::civil_date;

    #[test]
    fn civil_dates() {
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(20_417), "2025-11-25");
        assert_eq!(civil_date(11_016), "2000-02-29");
    }
}
