//! Rendering a schema [`Report`] as JSON, Markdown (for a PR comment) or plain text.
//! Each change's bump is its Rust bump when the Rust API was compared, and its wire
//! estimate, marked `(wire)`, when it was not.

mod changelog;
mod markdown;
mod summary;
mod text;

use crate::report::Report;

pub use changelog::render_changelog;
pub use markdown::{render_markdown, MarkdownOptions};
pub use text::render_text;

/// The JSON form that `docs/schema-diff-report.schema.json` describes.
pub fn render_json(report: &Report) -> String {
    let mut text = serde_json::to_string_pretty(report).unwrap_or_default();
    text.push('\n');
    text
}
