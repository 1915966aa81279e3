//! Writing the pipeline's files only when they change, all or none, or checking them:
//! the command layer's part; the libraries only compute contents.

use std::io::Write;
use std::path::{Path, PathBuf};

/// One file that generation wants to exist with given contents.
#[derive(Debug, Clone)]
pub struct Planned {
    pub path: PathBuf,
    pub contents: String,
}

/// A planned file whose contents on disk differ from what generation produces.
#[derive(Debug, Clone)]
pub struct Stale<'a> {
    pub planned: &'a Planned,
    /// What the file holds now: empty when it does not exist.
    pub on_disk: String,
}

impl Stale<'_> {
    /// A unified diff from the file on disk to the generated contents, bounded in time and
    /// length ([`elevenlabs_codegen::unified_diff`]): only `--check` prints one.
    pub fn diff(&self, root: &Path) -> String {
        let path = &self.planned.path;
        let shown = path.strip_prefix(root).unwrap_or(path).display().to_string();
        elevenlabs_codegen::unified_diff(&shown, &self.on_disk, &self.planned.contents)
    }
}

/// Returns the planned files that differ from disk. Computes no diff: a diff of a
/// whole-document regeneration is costly, and writing needs none.
pub fn stale_files(planned: &[Planned]) -> Vec<Stale<'_>> {
    planned
        .iter()
        .filter_map(|file| {
            let on_disk = std::fs::read_to_string(&file.path).unwrap_or_default();
            // A checkout with CRLF line endings holds the same code.
            let same = if on_disk.contains("\r\n") {
                on_disk.replace("\r\n", "\n") == file.contents
            } else {
                on_disk == file.contents
            };
            (!same).then_some(Stale { planned: file, on_disk })
        })
        .collect()
}

/// Writes the stale files, all or none (see [`write_all_or_none`]). Returns the paths written.
pub fn write_stale(planned: &[Planned]) -> Result<Vec<PathBuf>, WriteError> {
    let stale = stale_files(planned);
    let files: Vec<(&Path, &[u8])> =
        stale.iter().map(|s| (s.planned.path.as_path(), s.planned.contents.as_bytes())).collect();
    write_all_or_none(&files)?;
    Ok(stale.iter().map(|s| s.planned.path.clone()).collect())
}

/// A file that could not be written: the disk, not the input, is at fault.
#[derive(Debug)]
pub struct WriteError {
    pub path: PathBuf,
    pub source: std::io::Error,
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: cannot write: {}", self.path.display(), self.source)
    }
}

impl std::error::Error for WriteError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// Writes every file or none: each is first written whole to a temporary sibling (where a
/// full disk or a read-only directory fails, before anything changed), then the temporary
/// files are renamed over their targets; if a rename fails, the targets already replaced
/// get their old contents back.
pub fn write_all_or_none(files: &[(&Path, &[u8])]) -> Result<(), WriteError> {
    let mut staged: Vec<PathBuf> = Vec::new();
    let remove_staged = |staged: &[PathBuf]| staged.iter().for_each(|t| drop(std::fs::remove_file(t)));
    for (path, bytes) in files {
        match stage(path, bytes) {
            Ok(temp) => staged.push(temp),
            Err(source) => {
                remove_staged(&staged);
                return Err(WriteError { path: path.to_path_buf(), source });
            }
        }
    }
    let previous: Vec<Option<Vec<u8>>> = files.iter().map(|(path, _)| std::fs::read(path).ok()).collect();
    for (i, ((path, _), temp)) in files.iter().zip(&staged).enumerate() {
        if let Err(source) = std::fs::rename(temp, path) {
            remove_staged(&staged[i..]);
            for ((done, _), old) in files[..i].iter().zip(&previous) {
                let _ = match old {
                    Some(bytes) => stage(done, bytes).and_then(|t| std::fs::rename(t, done)),
                    None => std::fs::remove_file(done),
                };
            }
            return Err(WriteError { path: path.to_path_buf(), source });
        }
    }
    Ok(())
}

/// Writes `bytes` to a synced temporary file beside `path` and returns its path.
fn stage(path: &Path, bytes: &[u8]) -> std::io::Result<PathBuf> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = std::fs::File::create(&temp).and_then(|mut file| {
        file.write_all(bytes)?;
        file.sync_all()
    });
    match result {
        Ok(()) => Ok(temp),
        Err(e) => {
            let _ = std::fs::remove_file(&temp);
            Err(e)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crlf_line_endings_are_not_staleness() {
        let dir = tempdir_for("crlf");
        let path = dir.join("generated.rs");
        std::fs::write(&path, "fn a() {}\r\nfn b() {}\r\n").unwrap();
        let planned = [Planned { path: path.clone(), contents: "fn a() {}\nfn b() {}\n".into() }];
        assert!(stale_files(&planned).is_empty());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_failed_rename_restores_the_files_already_replaced() {
        let dir = tempdir_for("all-or-none");
        let (first, second) = (dir.join("first.json"), dir.join("second.json"));
        std::fs::write(&first, "old").unwrap();
        // A directory where the second file should go: staging works, the rename cannot.
        std::fs::create_dir_all(&second).unwrap();
        let error = write_all_or_none(&[(&first, b"new"), (&second, b"new")]).unwrap_err();
        assert_eq!(error.path, second);
        assert_eq!(std::fs::read_to_string(&first).unwrap(), "old");
        let left: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().map(|e| e.file_name()).collect();
        assert_eq!(left.len(), 2, "no temporary file is left behind: {left:?}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_failed_stage_changes_nothing() {
        let dir = tempdir_for("stage");
        let first = dir.join("first.json");
        std::fs::write(&first, "old").unwrap();
        std::fs::write(dir.join("not-a-dir"), "").unwrap();
        let inside_a_file = dir.join("not-a-dir/second.json");
        assert!(write_all_or_none(&[(&first, b"new"), (&inside_a_file, b"new")]).is_err());
        assert_eq!(std::fs::read_to_string(&first).unwrap(), "old");
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 2);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    fn tempdir_for(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("codegen-files-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn writes_only_what_changed_and_reports_diffs() {
        let dir = std::env::temp_dir().join(format!("codegen-files-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let same = Planned { path: dir.join("same.rs"), contents: "a\n".into() };
        let changed = Planned { path: dir.join("sub/changed.rs"), contents: "new\n".into() };
        std::fs::write(&same.path, "a\n").unwrap();
        let planned = [same, changed];
        let stale = stale_files(&planned);
        assert_eq!(stale.len(), 1);
        let diff = stale[0].diff(&dir);
        assert!(diff.contains("+++ b/sub/changed.rs") && diff.contains("+new"), "{diff}");
        assert_eq!(write_stale(&planned).unwrap(), vec![dir.join("sub/changed.rs")]);
        assert!(stale_files(&planned).is_empty());
        assert!(write_stale(&planned).unwrap().is_empty());
        assert!(std::fs::read_dir(dir.join("sub")).unwrap().count() == 1, "no temporary file is left behind");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
