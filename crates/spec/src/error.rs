use std::fmt;
use std::path::PathBuf;

/// An error about a spec document, located by file (when known) and JSON pointer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct SpecError {
    /// The file the document came from, when it came from a file.
    pub file: Option<PathBuf>,
    /// JSON pointer (RFC 6901) to the offending value; empty for the whole document.
    pub pointer: String,
    pub message: String,
}

impl SpecError {
    pub fn at(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self { file: None, pointer: pointer.into(), message: message.into() }
    }

    /// Attaches the file name, keeping one already set.
    pub fn in_file(mut self, file: impl Into<PathBuf>) -> Self {
        if self.file.is_none() {
            self.file = Some(file.into());
        }
        self
    }
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{}: ", file.display())?;
        }
        let pointer = if self.pointer.is_empty() { "(document root)" } else { &self.pointer };
        write!(f, "at {pointer}: {}", self.message)
    }
}

pub type Result<T, E = SpecError> = std::result::Result<T, E>;
