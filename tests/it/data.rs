//! The real documents in `tests/data` are the published bytes: each file's sha256 is the one
//! its provenance README records, and every file there is listed.

use std::collections::BTreeMap;
use std::path::PathBuf;

use elevenlabs_user_tests::{checksums, data_dir};

#[test]
fn every_data_file_matches_the_sha256_in_its_readme() {
    let readme = std::fs::read_to_string(data_dir().join("README.md")).unwrap();
    let recorded: BTreeMap<PathBuf, String> = readme
        .lines()
        .filter_map(|line| line.split_once("  ./"))
        .filter(|(hex, _)| hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
        .map(|(hex, path)| (PathBuf::from(path), hex.to_string()))
        .collect();
    let mut actual = checksums(&data_dir());
    actual.remove(&PathBuf::from("README.md"));
    assert_eq!(actual.len(), 17, "the brief, 14 fragments and 2 upstream documents");
    assert_eq!(actual, recorded);
}

#[test]
fn the_vendored_fragment_names_an_upstream_document_kept_here() {
    let provenance: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(data_dir().join("../../openapi/provenance.json")).unwrap())
            .unwrap();
    let source = provenance["source"].as_str().unwrap();
    let bytes = std::fs::read(data_dir().join("upstream").join(source)).unwrap();
    assert_eq!(elevenlabs_spec::sha256_hex(&bytes), provenance["sha256"].as_str().unwrap());
}
