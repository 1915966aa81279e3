//! `cargo xtask release` end to end, in a clone of this repository: a release tag, an
//! upstream change committed after it, and the version and changelog the verdict makes.
//! cargo-semver-checks' verdict is given (it takes minutes and may not be installed);
//! everything else is the command's own path.

use std::path::Path;
use std::process::Command;

use elevenlabs_schema_diff::Semver;
use serde_json::Value;
use xtask::release::{self, gather, run, Mode, Version};
use xtask::{Status, Workspace};

fn git(dir: &Path, args: &[&str]) {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "user.name=release test", "-c", "user.email=release@test.invalid"])
        .args(args)
        .output()
        .unwrap();
    assert!(output.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&output.stderr));
}

/// A clone of the committed repository whose HEAD is tagged as the last release and then
/// changed by `change` to the vendored fragment, committed.
fn released_then_changed(change: impl FnOnce(&mut Value)) -> tempfile::TempDir {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let scratch = tempfile::tempdir().unwrap();
    let clone = scratch.path();
    let status = Command::new("git").arg("clone").arg("--quiet").arg(root).arg(clone).status().unwrap();
    assert!(status.success());
    let version = release::crates_version(&Workspace::at(clone)).unwrap();
    git(clone, &["tag", &format!("v{version}")]);
    let fragment = clone.join("openapi/v1-user.json");
    let mut document: Value = serde_json::from_slice(&std::fs::read(&fragment).unwrap()).unwrap();
    change(&mut document);
    std::fs::write(&fragment, serde_json::to_string_pretty(&document).unwrap() + "\n").unwrap();
    git(clone, &["commit", "--quiet", "-am", "upstream changed"]);
    scratch
}

fn user_schema(document: &mut Value) -> &mut Value {
    &mut document["components"]["schemas"]["UserResponseModel"]
}

fn release_in(dir: &Path, mode: Mode, hand_written: Semver) -> (Status, String) {
    let workspace = Workspace::at(dir);
    let inputs = gather(&workspace, |_| Ok(hand_written)).unwrap();
    let mut out = Vec::new();
    let status = run(&workspace, mode, &inputs, &mut out).unwrap();
    (status, String::from_utf8(out).unwrap())
}

fn v(text: &str) -> Version {
    text.parse().unwrap()
}

#[test]
fn a_removed_field_is_a_breaking_release_and_the_version_follows() {
    let scratch = released_then_changed(|document| {
        let user = user_schema(document);
        user["properties"].as_object_mut().unwrap().remove("first_name");
        if let Some(required) = user["required"].as_array_mut() {
            required.retain(|name| name != "first_name");
        }
    });
    let dir = scratch.path();
    let workspace = Workspace::at(dir);
    let before = release::crates_version(&workspace).unwrap();
    let expected = release::next_version(before, Semver::Major);
    let changelog_before = std::fs::read_to_string(dir.join("CHANGELOG.md")).unwrap();

    // --dry-run says what it would write and writes nothing.
    let (status, printed) = release_in(dir, Mode::DryRun, Semver::None);
    assert_eq!(status, Status::Done);
    assert!(printed.contains(&format!("release {expected}")), "{printed}");
    assert!(printed.contains("Release verdict: **major**"), "{printed}");
    assert!(printed.contains("`models::UserResponseModel::first_name`"), "{printed}");
    assert_eq!(release::crates_version(&workspace).unwrap(), before);
    assert_eq!(std::fs::read_to_string(dir.join("CHANGELOG.md")).unwrap(), changelog_before);

    // Before preparing, the version disagrees with the verdict: tagging is refused.
    let (status, printed) = release_in(dir, Mode::Tag, Semver::None);
    assert_eq!(status, Status::CheckFailed, "{printed}");
    assert!(printed.contains(&format!("makes {expected}")), "{printed}");

    // Preparing bumps both crates, the workspace's requirements and the lock file.
    let (status, _) = release_in(dir, Mode::Prepare, Semver::None);
    assert_eq!(status, Status::Done);
    assert_eq!(release::crates_version(&workspace).unwrap(), expected);
    let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap();
    assert!(manifest.contains(&format!("path = \"crates/client\", version = \"={expected}\"")), "{manifest}");
    let lock = std::fs::read_to_string(dir.join("Cargo.lock")).unwrap();
    assert!(lock.contains(&format!("name = \"elevenlabs-user-models\"\nversion = \"{expected}\"")));
    let changelog = std::fs::read_to_string(dir.join("CHANGELOG.md")).unwrap();
    let releases = release::parse_changelog(&changelog).unwrap();
    assert_eq!(releases[0].version, expected);
    assert_eq!(releases[0].since, Some((before, Semver::Major)));
    assert!(changelog.contains("### Changed upstream"), "{changelog}");
    assert!(changelog.contains("#### Removed"), "{changelog}");

    // Now they agree; preparing again rewrites the same entry, and does not add one.
    assert_eq!(release_in(dir, Mode::Verify, Semver::None).0, Status::Done);
    release_in(dir, Mode::Prepare, Semver::None);
    let again = std::fs::read_to_string(dir.join("CHANGELOG.md")).unwrap();
    assert_eq!(release::parse_changelog(&again).unwrap().len(), releases.len());
}

#[test]
fn an_added_field_is_a_patch_release_below_one_unless_the_hand_written_code_broke() {
    let scratch = released_then_changed(|document| {
        user_schema(document)["properties"]["favourite_voice"] =
            serde_json::json!({"type": "string", "description": "A new optional field."});
    });
    let dir = scratch.path();
    let before = release::crates_version(&Workspace::at(dir)).unwrap();
    assert_eq!(before.major, 0, "the 0.x rules are what this test is about");

    let (_, printed) = release_in(dir, Mode::DryRun, Semver::None);
    assert!(printed.contains(&format!("release {}", release::next_version(before, Semver::Minor))), "{printed}");
    assert!(printed.contains("Release verdict: **minor**"), "{printed}");
    assert!(printed.contains("#### Added"), "{printed}");

    // cargo-semver-checks finding a break in the hand-written code makes it breaking.
    let (_, printed) = release_in(dir, Mode::DryRun, Semver::Major);
    assert!(printed.contains(&format!("release {}", release::next_version(before, Semver::Major))), "{printed}");
    assert!(printed.contains("hand-written API: major"), "{printed}");
    assert_eq!(release::next_version(v("0.1.0"), Semver::Minor), v("0.1.1"));
}

/// The crates' version is the one the recorded verdicts make, release after release; and
/// when the last release's tag is here, the generated API's verdict since it is no larger
/// than the one recorded: a version is never typed by hand.
#[test]
fn the_crates_version_is_what_the_release_verdicts_make() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let workspace = Workspace::at(root);
    let version = release::crates_version(&workspace).unwrap();
    let changelog = std::fs::read_to_string(root.join("CHANGELOG.md")).unwrap();
    let releases = release::parse_changelog(&changelog).unwrap();
    release::check_changelog(&releases, version).unwrap();

    let Some((tag, last)) = release::last_release(&workspace).unwrap() else { return };
    if last >= version {
        return; // the release after `tag` is not prepared yet: nothing recorded to check
    }
    let inputs = gather(&workspace, |_| Ok(Semver::None)).unwrap();
    let generated = inputs.verdicts.expect("a verdict since the last release").generated;
    let recorded = releases[0].since.map(|(_, verdict)| verdict);
    assert!(
        recorded.is_some_and(|recorded| generated <= recorded),
        "the generated API's verdict since {tag} is {generated}, more than the {recorded:?} CHANGELOG.md records for \
         {version}; run `cargo xtask release`"
    );
}
