//! `brieflint check responses.docx|responses.pdf`: the file is converted to Markdown by
//! `brieflint-ingest` and that rendering is analyzed like any filing; the source map
//! gives each finding its place in the original (page and line, or paragraph and the
//! request it answers).

use brieflint_ingest::{Format, Limits, SourceMap};
use std::path::Path;

/// The format `path` is converted from, when it is not Markdown.
pub fn format_of(path: &Path) -> Option<Format> {
    path.extension()
        .and_then(|e| e.to_str())
        .and_then(Format::from_extension)
}

/// A converted file: the rendered Markdown, its map, and notices for stderr.
pub struct Rendered {
    pub markdown: String,
    pub map: SourceMap,
    pub notices: Vec<String>,
}

/// Why a file was not analyzed: unreadable (an error, like a Markdown file that cannot
/// be read) or refused by the converter (a BL002 notice on the file).
pub enum NotRendered {
    Unreadable(String),
    Refused(String),
}

/// Reads and converts `path`. Nothing leaves the process: bytes in, Markdown out.
pub fn render(path: &Path, format: Format) -> Result<Rendered, NotRendered> {
    let limits = Limits::default();
    let bytes = match brieflint_workspace::files::read_regular(path, limits.max_input_bytes) {
        Ok(bytes) => bytes,
        Err(brieflint_workspace::files::Skipped::TooLarge { bytes, limit }) => {
            return Err(NotRendered::Refused(format!(
                "Not analyzed: the {} is {bytes} bytes, over the {limit}-byte limit for converted files",
                format.name()
            )))
        }
        Err(skipped) => return Err(NotRendered::Unreadable(skipped.to_string())),
    };
    match brieflint_ingest::convert(bytes, format, &limits) {
        Ok(converted) => Ok(Rendered {
            markdown: converted.markdown,
            map: converted.map,
            notices: converted.notices,
        }),
        Err(refusal) => Err(NotRendered::Refused(format!("Not analyzed: {refusal}"))),
    }
}
