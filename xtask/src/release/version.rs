//! Release versions and their arithmetic: which version a verdict makes after the last one.

use std::fmt;
use std::str::FromStr;

use anyhow::{bail, Context, Result};
use elevenlabs_schema_diff::{Semver, VerdictSource};

/// A crate version, `MAJOR.MINOR.PATCH` (no pre-release or build part: the project never
/// publishes one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Version {
    pub major: u64,
    pub minor: u64,
    pub patch: u64,
}

impl FromStr for Version {
    type Err = anyhow::Error;
    fn from_str(text: &str) -> Result<Self> {
        let parts: Vec<&str> = text.split('.').collect();
        let number = |part: &str| -> Result<u64> {
            if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) || (part.len() > 1 && part.starts_with('0'))
            {
                bail!("`{text}` is not a version MAJOR.MINOR.PATCH");
            }
            part.parse().with_context(|| format!("`{text}` is not a version"))
        };
        match parts.as_slice() {
            [major, minor, patch] => {
                Ok(Version { major: number(major)?, minor: number(minor)?, patch: number(patch)? })
            }
            _ => bail!("`{text}` is not a version MAJOR.MINOR.PATCH"),
        }
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

/// The version after `last` for a release of `verdict`. Below 1.0, Cargo treats the minor
/// as the major: a breaking change bumps the minor, anything else the patch. A release
/// with no API change at all is still a patch release.
pub fn next_version(last: Version, verdict: Semver) -> Version {
    let Version { major, minor, patch } = last;
    match (major, verdict) {
        (0, Semver::Major) => Version { major, minor: minor + 1, patch: 0 },
        (0, _) => Version { major, minor, patch: patch + 1 },
        (_, Semver::Major) => Version { major: major + 1, minor: 0, patch: 0 },
        (_, Semver::Minor) => Version { major, minor: minor + 1, patch: 0 },
        (_, Semver::Patch | Semver::None) => Version { major, minor, patch: patch + 1 },
    }
}

/// The two verdicts a release is decided by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verdicts {
    /// schema-diff's verdict on the generated crates' public Rust API.
    pub generated: Semver,
    /// Where `generated` comes from: the Rust API, or the wire estimate when a document
    /// could not be generated.
    pub generated_source: VerdictSource,
    /// cargo-semver-checks' verdict on the crates as a whole, hand-written code included.
    pub hand_written: Semver,
}

impl Verdicts {
    /// The release: the larger of the two.
    pub fn release(&self) -> Semver {
        self.generated.max(self.hand_written)
    }

    /// The one line of a changelog entry that records them, and that
    /// [`parse_changelog`] reads back.
    pub(super) fn line(&self, last: Version) -> String {
        let source = match self.generated_source {
            VerdictSource::Rust => "schema-diff, from the generated Rust API",
            VerdictSource::WireEstimate => "schema-diff, estimated from the wire: a document could not be generated",
            VerdictSource::RustAndWireEstimate => {
                "schema-diff, from the generated Rust API and estimated from the wire for operations one document could not generate"
            }
        };
        format!(
            "Release verdict: **{}** from {last} (generated API: {} by {source}; hand-written API: {} by cargo-semver-checks).",
            self.release(),
            self.generated,
            self.hand_written
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str) -> Version {
        text.parse().unwrap()
    }

    #[test]
    fn below_one_a_breaking_change_bumps_the_minor_and_anything_else_the_patch() {
        assert_eq!(next_version(v("0.1.0"), Semver::Major), v("0.2.0"));
        assert_eq!(next_version(v("0.1.3"), Semver::Major), v("0.2.0"));
        assert_eq!(next_version(v("0.1.3"), Semver::Minor), v("0.1.4"));
        assert_eq!(next_version(v("0.1.3"), Semver::Patch), v("0.1.4"));
        assert_eq!(next_version(v("0.1.3"), Semver::None), v("0.1.4"));
    }

    #[test]
    fn from_one_on_each_verdict_bumps_its_own_part() {
        assert_eq!(next_version(v("1.2.3"), Semver::Major), v("2.0.0"));
        assert_eq!(next_version(v("1.2.3"), Semver::Minor), v("1.3.0"));
        assert_eq!(next_version(v("1.2.3"), Semver::Patch), v("1.2.4"));
    }

    #[test]
    fn versions_are_three_plain_numbers() {
        for bad in ["1.2", "1.2.3.4", "01.2.3", "1.2.x", "1.2.3-rc.1", ""] {
            assert!(bad.parse::<Version>().is_err(), "{bad}");
        }
        assert!(v("0.10.0") > v("0.9.9"));
    }

    #[test]
    fn the_release_takes_the_larger_verdict() {
        let verdicts =
            Verdicts { generated: Semver::Minor, generated_source: VerdictSource::Rust, hand_written: Semver::Major };
        assert_eq!(verdicts.release(), Semver::Major);
    }
}
