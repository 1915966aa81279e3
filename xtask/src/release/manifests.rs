//! The manifests a release rewrites: the published crates' shared version, and every
//! place that names it.

use anyhow::{bail, Context, Result};

use super::version::Version;
use crate::layout::LAYOUT;
use crate::Workspace;

/// The version both published crates declare; they must agree.
pub fn crates_version(workspace: &Workspace) -> Result<Version> {
    let mut versions = Vec::new();
    for (_, dir) in LAYOUT.published {
        let path = workspace.root.join(dir).join("Cargo.toml");
        let text = std::fs::read_to_string(&path).with_context(|| format!("{}: cannot read", path.display()))?;
        let version = text
            .lines()
            .find_map(|line| line.strip_prefix("version = \""))
            .and_then(|rest| rest.strip_suffix('"'))
            .with_context(|| format!("{}: no `version = \"…\"`", path.display()))?;
        versions.push(version.parse::<Version>().with_context(|| path.display().to_string())?);
    }
    if versions[0] != versions[1] {
        bail!("the models crate is at {} but the client at {}: they are released together", versions[0], versions[1]);
    }
    Ok(versions[0])
}

/// The manifests with `from` replaced by `to` for the published crates: their own
/// `version`, the workspace's exact requirements on them, and `Cargo.lock`. Each place must
/// hold `from` exactly once, or nothing is rewritten.
pub fn bumped_manifests(
    workspace: &Workspace,
    from: Version,
    to: Version,
) -> Result<Vec<(std::path::PathBuf, String)>> {
    let [(_, models_dir), (_, client_dir)] = LAYOUT.published;
    let own_version = vec![(format!("\nversion = \"{from}\"\n"), format!("\nversion = \"{to}\"\n"))];
    let requirements = LAYOUT
        .published
        .iter()
        .map(|(_, dir)| {
            (format!("path = \"{dir}\", version = \"={from}\""), format!("path = \"{dir}\", version = \"={to}\""))
        })
        .collect();
    let locked = LAYOUT
        .published
        .iter()
        .map(|(name, _)| {
            (format!("name = \"{name}\"\nversion = \"{from}\"\n"), format!("name = \"{name}\"\nversion = \"{to}\"\n"))
        })
        .collect();
    let edits: [(String, Vec<(String, String)>); 4] = [
        (format!("{models_dir}/Cargo.toml"), own_version.clone()),
        (format!("{client_dir}/Cargo.toml"), own_version),
        ("Cargo.toml".into(), requirements),
        ("Cargo.lock".into(), locked),
    ];
    edits
        .into_iter()
        .map(|(file, replacements)| {
            let path = workspace.root.join(&file);
            let mut text =
                std::fs::read_to_string(&path).with_context(|| format!("{}: cannot read", path.display()))?;
            for (old, new) in replacements {
                if text.matches(&old).count() != 1 {
                    bail!("{file}: expected `{}` once, to bump {from} to {to}", old.trim());
                }
                text = text.replacen(&old, &new, 1);
            }
            Ok((path, text))
        })
        .collect()
}
