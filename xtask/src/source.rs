//! Where a document comes from: a file, an object in git history, or a URL. Parsed once
//! from the command line, then read in full before anything is written.

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{bail, Context, Result};
use serde_json::Value;

use crate::process::Program;
use crate::Workspace;

/// A document's origin, as given on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A path, relative to the current directory or else to the workspace root.
    File(PathBuf),
    /// `git:REV:PATH`: a file as committed at a revision of the workspace's repository.
    Git { rev: String, path: String },
    /// An `http://` or `https://` URL.
    Url(String),
}

impl Source {
    /// Reads `git:REV:PATH`, `http(s)://…` or a path. A revision that could be read as an
    /// option (`-…`) is refused here, before git ever sees it.
    pub fn parse(text: &str) -> Result<Self> {
        if let Some(rest) = text.strip_prefix("git:") {
            let (rev, path) = rest.split_once(':').with_context(|| format!("{text}: expected git:REV:PATH"))?;
            if rev.is_empty() || path.is_empty() {
                bail!("{text}: expected git:REV:PATH, with a revision and a path");
            }
            if rev.starts_with('-') {
                bail!("{text}: a git revision cannot start with '-'");
            }
            return Ok(Source::Git { rev: rev.to_string(), path: path.to_string() });
        }
        let lower = text.to_ascii_lowercase();
        if lower.starts_with("http://") || lower.starts_with("https://") {
            return Ok(Source::Url(text.to_string()));
        }
        if lower.contains("://") {
            bail!("{text}: only http:// and https:// URLs are supported");
        }
        Ok(Source::File(PathBuf::from(text)))
    }

    /// The name recorded in provenance: a file's name, or a URL's last path segment.
    pub fn file_name(&self) -> String {
        match self {
            Source::File(path) => path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
            Source::Git { path, .. } => path.rsplit('/').next().unwrap_or(path).to_string(),
            Source::Url(url) => {
                let path = url.split(['?', '#']).next().unwrap_or(url);
                path.trim_end_matches('/').rsplit('/').next().unwrap_or(path).to_string()
            }
        }
    }

    /// The URL, for sources that are one.
    pub fn url(&self) -> Option<&str> {
        match self {
            Source::Url(url) => Some(url),
            _ => None,
        }
    }

    /// The whole document's bytes.
    pub fn read(&self, workspace: &Workspace, limits: &DownloadLimits) -> Result<Vec<u8>> {
        match self {
            Source::File(path) => {
                let path = resolve_file(path, workspace);
                if path.is_dir() {
                    bail!("{}: cannot read: it is a directory, not a file", path.display());
                }
                std::fs::read(&path).with_context(|| format!("{}: cannot read", path.display()))
            }
            Source::Git { rev, path } => git_show(workspace, rev, path).with_context(|| self.to_string()),
            Source::Url(url) => download(url, limits).with_context(|| url.clone()),
        }
    }

    /// The crates generated from this source as they were committed beside it: for a
    /// `git:REV:` source of the workspace's fragment, `REV`'s generated (models, client)
    /// sources; `None` for any other source, or a revision without them.
    pub fn committed_generated(&self, workspace: &Workspace) -> Option<(String, String)> {
        let Source::Git { rev, path } = self else { return None };
        if path != crate::LAYOUT.fragment {
            return None;
        }
        let read = |path: &str| git_show(workspace, rev, path).ok().and_then(|bytes| String::from_utf8(bytes).ok());
        Some((read(crate::LAYOUT.models_source)?, read(crate::LAYOUT.client_source)?))
    }

    /// Reads and parses the document; errors name the source.
    pub fn load(&self, workspace: &Workspace, limits: &DownloadLimits) -> Result<Value> {
        let bytes = self.read(workspace, limits)?;
        Ok(elevenlabs_spec::parse_bytes(&bytes).map_err(|e| e.in_file(self.to_string()))?.value)
    }
}

/// A file source's path: as given when it exists, else under the workspace root.
fn resolve_file(path: &Path, workspace: &Workspace) -> PathBuf {
    if path.is_absolute() || path.exists() {
        path.to_path_buf()
    } else {
        workspace.root.join(path)
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::File(path) => write!(f, "{}", path.display()),
            Source::Git { rev, path } => write!(f, "git:{rev}:{path}"),
            Source::Url(url) => f.write_str(url),
        }
    }
}

/// Reads `REV:PATH` with `git cat-file`, behind `--end-of-options` so that the object can
/// never be taken for an option.
fn git_show(workspace: &Workspace, rev: &str, path: &str) -> Result<Vec<u8>> {
    Program::git(&workspace.root)
        .args(["cat-file", "blob", "--end-of-options", &format!("{rev}:{path}")])
        .stdout()
        .map_err(|e| anyhow::anyhow!("bad git revision or path: {e}"))
}

/// Caps on a download; larger or slower documents are refused.
#[derive(Debug, Clone)]
pub struct DownloadLimits {
    pub max_bytes: u64,
    pub connect_timeout: Duration,
    /// For the whole exchange, body included.
    pub total_timeout: Duration,
}

impl Default for DownloadLimits {
    fn default() -> Self {
        Self {
            max_bytes: 64 * 1024 * 1024,
            connect_timeout: Duration::from_secs(10),
            total_timeout: Duration::from_secs(120),
        }
    }
}

/// Downloads a whole document, following redirects, within `limits`.
fn download(url: &str, limits: &DownloadLimits) -> Result<Vec<u8>> {
    let client = reqwest::blocking::Client::builder()
        .connect_timeout(limits.connect_timeout)
        .timeout(limits.total_timeout)
        .redirect(reqwest::redirect::Policy::limited(5))
        .user_agent(concat!("elevenlabs-user-xtask/", env!("CARGO_PKG_VERSION")))
        .build()
        .context("cannot set up an HTTP client")?;
    let response = client.get(url).send().map_err(|e| describe(&e, limits))?;
    let status = response.status();
    if !status.is_success() {
        bail!("the server answered {status}");
    }
    let too_large = || format!("the document is larger than the {} byte limit", limits.max_bytes);
    if response.content_length().is_some_and(|length| length > limits.max_bytes) {
        bail!(too_large());
    }
    let mut bytes = Vec::new();
    response.take(limits.max_bytes + 1).read_to_end(&mut bytes).map_err(|e| match e.get_ref() {
        Some(inner) => match inner.downcast_ref::<reqwest::Error>() {
            Some(e) => describe(e, limits),
            None => anyhow::anyhow!("the download broke off: {e}"),
        },
        None => anyhow::anyhow!("the download broke off: {e}"),
    })?;
    if bytes.len() as u64 > limits.max_bytes {
        bail!(too_large());
    }
    Ok(bytes)
}

/// One clause for what went wrong, with the limit that was hit.
fn describe(error: &reqwest::Error, limits: &DownloadLimits) -> anyhow::Error {
    let root = std::error::Error::source(error).map(|s| s.to_string()).unwrap_or_default();
    if error.is_timeout() {
        anyhow::anyhow!(
            "timed out (limits: {:?} to connect, {:?} in all)",
            limits.connect_timeout,
            limits.total_timeout
        )
    } else if error.is_connect() {
        anyhow::anyhow!("cannot connect: {root}")
    } else if error.is_redirect() {
        anyhow::anyhow!("too many redirects")
    } else if error.is_body() || error.is_decode() {
        anyhow::anyhow!("the download broke off: {error}")
    } else {
        anyhow::anyhow!("the download failed: {error}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_each_kind_once() {
        assert_eq!(Source::parse("openapi/v1-user.json").unwrap(), Source::File("openapi/v1-user.json".into()));
        assert_eq!(
            Source::parse("git:origin/main:openapi/v1-user.json").unwrap(),
            Source::Git { rev: "origin/main".into(), path: "openapi/v1-user.json".into() }
        );
        assert_eq!(
            Source::parse("https://api.elevenlabs.io/openapi.json").unwrap(),
            Source::Url("https://api.elevenlabs.io/openapi.json".into())
        );
    }

    #[test]
    fn refuses_revisions_that_read_as_options_and_other_schemes() {
        for bad in ["git:--output=out.txt:y", "git:-p:x", "git::x", "git:HEAD:", "git:HEAD", "ftp://host/x.json"] {
            assert!(Source::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn names_for_provenance() {
        assert_eq!(Source::parse("https://h/a/openapi.json?x=1").unwrap().file_name(), "openapi.json");
        assert_eq!(Source::parse("git:HEAD:openapi/v1-user.json").unwrap().file_name(), "v1-user.json");
        assert_eq!(Source::parse("/tmp/full.yaml").unwrap().file_name(), "full.yaml");
    }

    #[test]
    fn git_never_reads_the_object_as_an_option() {
        let repo = tempfile::tempdir().unwrap();
        let git = |args: &[&str]| std::process::Command::new("git").arg("-C").arg(repo.path()).args(args).output();
        git(&["init", "-q"]).unwrap();
        let workspace = Workspace::at(repo.path());
        let error = git_show(&workspace, "--output=out.txt", "y").unwrap_err().to_string();
        assert!(error.contains("bad git revision or path"), "{error}");
        assert_eq!(std::fs::read_dir(repo.path()).unwrap().count(), 1, "only .git: git wrote no file");
    }
}
