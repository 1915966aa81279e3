//! Writing generated files only when they change, atomically, or checking them.

use std::io::Write;
use std::path::{Path, PathBuf};

/// One file that generation wants to exist with given contents.
#[derive(Debug, Clone)]
pub struct Planned {
    pub path: PathBuf,
    pub contents: String,
}

/// A file whose contents on disk differ from what generation produces.
#[derive(Debug, Clone)]
pub struct Stale {
    pub path: PathBuf,
    /// A unified diff from the file on disk to the generated contents.
    pub diff: String,
}

/// Returns the planned files that differ from disk, with a unified diff for each.
pub fn stale_files(planned: &[Planned], root: &Path) -> Vec<Stale> {
    planned
        .iter()
        .filter_map(|file| {
            let current = std::fs::read_to_string(&file.path).unwrap_or_default();
            (current != file.contents).then(|| {
                let shown = file.path.strip_prefix(root).unwrap_or(&file.path).display().to_string();
                Stale { path: file.path.clone(), diff: unified_diff(&shown, &current, &file.contents) }
            })
        })
        .collect()
}

/// A unified diff from `old` to `new`, headed `a/<path>` and `b/<path>` like git's.
pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}

/// Writes each stale file through a temporary file and a rename, so a failure leaves the
/// old contents whole. Returns the paths written.
pub fn write_stale(planned: &[Planned], root: &Path) -> std::io::Result<Vec<PathBuf>> {
    let stale = stale_files(planned, root);
    for file in planned.iter().filter(|f| stale.iter().any(|s| s.path == f.path)) {
        write_atomically(&file.path, file.contents.as_bytes())?;
    }
    Ok(stale.into_iter().map(|s| s.path).collect())
}

/// Writes `bytes` to `path` via a sibling temporary file and a rename.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&temp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_only_what_changed_and_reports_diffs() {
        let dir = std::env::temp_dir().join(format!("codegen-files-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let same = Planned { path: dir.join("same.rs"), contents: "a\n".into() };
        let changed = Planned { path: dir.join("sub/changed.rs"), contents: "new\n".into() };
        std::fs::write(&same.path, "a\n").unwrap();
        let planned = [same, changed];
        let stale = stale_files(&planned, &dir);
        assert_eq!(stale.len(), 1);
        assert!(stale[0].diff.contains("+++ b/sub/changed.rs") && stale[0].diff.contains("+new"), "{}", stale[0].diff);
        assert_eq!(write_stale(&planned, &dir).unwrap(), vec![dir.join("sub/changed.rs")]);
        assert!(stale_files(&planned, &dir).is_empty());
        assert!(write_stale(&planned, &dir).unwrap().is_empty());
        assert!(std::fs::read_dir(dir.join("sub")).unwrap().count() == 1, "no temporary file is left behind");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
