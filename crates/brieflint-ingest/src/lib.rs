//! Reads the other side's discovery responses as they arrive, a Word file or a PDF, into
//! the Markdown that brieflint's analysis reads, with a map from that Markdown back to the
//! page and line (PDF) or the paragraph (.docx) it came from.
//!
//! Bytes in, never a file name or a network: `convert(bytes, format, limits)` returns the
//! rendered Markdown (headings, bold request labels, paragraphs, numbered lists with the
//! numbers Word generated, footnotes and endnotes), a [`SourceMap`] and notices; or a
//! one-line [`Refusal`] for a file it cannot read (corrupt, encrypted, too large, a
//! decompression bomb, or a parser that failed or ran out of time). Every parser call runs
//! behind a panic boundary and a time boundary (`boundary.rs`); every part read from an
//! archive is capped in size (`docx.rs`).

mod boundary;
mod docx;
mod markdown;
mod numbering;
mod pdf;
mod source_map;

pub use source_map::{Origin, SourceMap, Span};

use std::time::Duration;

/// The formats this crate reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Word 2007+ (.docx, and .docm whose macros are never run: only its text is read).
    Docx,
    Pdf,
}

impl Format {
    /// The format a file name's extension names, if this crate reads it.
    pub fn from_extension(extension: &str) -> Option<Format> {
        match extension.to_ascii_lowercase().as_str() {
            "docx" | "docm" => Some(Format::Docx),
            "pdf" => Some(Format::Pdf),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::Docx => "Word document",
            Format::Pdf => "PDF",
        }
    }
}

/// The bounds every conversion runs within.
#[derive(Clone, Debug)]
pub struct Limits {
    /// A file larger than this is not opened.
    pub max_input_bytes: u64,
    /// The most a .docx may unpack to, all parts read together (decompression bombs).
    pub max_unpacked_bytes: u64,
    /// The most rendered Markdown a conversion may produce.
    pub max_output_bytes: usize,
    /// How long a parser may run before the conversion is abandoned.
    pub timeout: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_input_bytes: 64 * 1024 * 1024,
            max_unpacked_bytes: 128 * 1024 * 1024,
            max_output_bytes: 16 * 1024 * 1024,
            timeout: Duration::from_secs(20),
        }
    }
}

/// A converted file.
#[derive(Clone, Debug, Default)]
pub struct Converted {
    /// Markdown in the shape the Markdown path analyzes.
    pub markdown: String,
    /// Where each part of `markdown` came from.
    pub map: SourceMap,
    /// What the reader should know about the conversion (one line each, never document
    /// text): "no text layer: run OCR first", parts left out, and the like.
    pub notices: Vec<String>,
}

/// Why a file could not be converted, in one line that quotes nothing from the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal(pub String);

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Converts `bytes` of the given format within `limits`.
pub fn convert(bytes: Vec<u8>, format: Format, limits: &Limits) -> Result<Converted, Refusal> {
    if bytes.len() as u64 > limits.max_input_bytes {
        return Err(Refusal(format!(
            "{} of {} bytes is over the {}-byte limit for converted files",
            format.name(),
            bytes.len(),
            limits.max_input_bytes
        )));
    }
    if let Some(refusal) = sniff(&bytes, format) {
        return Err(refusal);
    }
    let limits_inner = limits.clone();
    let converted = boundary::run(format.name(), limits.timeout, move || match format {
        Format::Docx => docx::convert(&bytes, &limits_inner),
        Format::Pdf => pdf::convert(&bytes, &limits_inner),
    })??;
    if converted.markdown.len() > limits.max_output_bytes {
        return Err(Refusal(format!(
            "the {} renders to more than {} bytes of text",
            format.name(),
            limits.max_output_bytes
        )));
    }
    Ok(converted)
}

/// What the first bytes say a file is, when that is not what its name says.
fn sniff(bytes: &[u8], format: Format) -> Option<Refusal> {
    const OLE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    if bytes.is_empty() {
        return Some(Refusal(format!("the {} is empty", format.name())));
    }
    match format {
        Format::Docx if bytes.starts_with(OLE) => Some(Refusal(
            "password-protected or encrypted Word file (or a legacy .doc): save it as .docx without a password"
                .into(),
        )),
        Format::Docx if !bytes.starts_with(b"PK") => Some(Refusal(
            "not a .docx: the file is not a zip archive".into(),
        )),
        Format::Pdf if !bytes[..bytes.len().min(1024)].windows(5).any(|w| w == b"%PDF-") => {
            Some(Refusal("not a PDF: no %PDF- header".into()))
        }
        _ => None,
    }
}
