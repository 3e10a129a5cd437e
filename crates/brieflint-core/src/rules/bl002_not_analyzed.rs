use super::{Context, Rule};
use crate::finding::{Finding, RuleMeta};

declare_rule! {
    /// ## What it flags
    /// A file brieflint did not analyze, and why: it is larger than the limit (5 MB
    /// unless `[limits] max-document-bytes` in `brieflint.toml` or the editor setting
    /// `brieflint.maxDocumentBytes` says otherwise), or it is not text (a PDF, a Word
    /// file or an image saved under a Markdown name: NUL bytes, or mostly control and
    /// undecodable characters). Reported once, at the start of the file; no other rule
    /// runs on it.
    ///
    /// ## Why courts care
    /// They don't: this is about brieflint. But a filing that was not checked is a filing
    /// you must check by hand before you sign.
    ///
    /// ## Example
    /// ```text
    /// BL002 not-analyzed: not analyzed: 7.2 MB is over the 5.0 MB limit
    /// ```
    ///
    /// ## Fix
    /// Split a very long filing into its parts, or raise the limit; convert a PDF or
    /// Word file to Markdown before linting it.
    ///
    /// ## Authorities
    /// None. This is a notice about brieflint itself, not a legal rule.
    pub struct NotAnalyzed {
        code: "BL002",
        name: "not-analyzed",
        severity: Information,
        summary: "A file too large or not text, left unanalyzed",
        authorities: [],
    }
}

impl Rule for NotAnalyzed {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    // Reported by the analysis driver before any rule runs; never on its own.
    fn check(&self, _: &Context, _: &mut Vec<Finding>) {}
}

/// Files larger than this are not analyzed unless the configuration says otherwise.
pub const DEFAULT_MAX_DOCUMENT_BYTES: usize = 5 * 1024 * 1024;

/// Why `text` is not analyzed, if it is not: too large, or not text.
pub fn skip_reason(text: &str, max_bytes: usize) -> Option<String> {
    if text.len() > max_bytes {
        return Some(too_large(text.len() as u64, max_bytes as u64));
    }
    // The start tells: a PDF, a Word (ZIP) file or an image has NUL bytes or is mostly
    // control characters and bytes that are not UTF-8 (read as U+FFFD) within 8 KB.
    let mut end = text.len().min(8192);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = &text[..end];
    let (mut total, mut odd) = (0usize, 0usize);
    for c in head.chars() {
        if c == '\0' {
            return Some(not_text());
        }
        total += 1;
        if c == '\u{FFFD}' || (c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{c}')) {
            odd += 1;
        }
    }
    (total >= 32 && odd * 10 > total).then(not_text)
}

/// Why a file of `bytes` bytes is not analyzed under a limit of `max_bytes`.
pub fn too_large(bytes: u64, max_bytes: u64) -> String {
    format!(
        "Not analyzed: {} is over the {} limit (raise it with [limits] max-document-bytes or brieflint.maxDocumentBytes)",
        size(bytes),
        size(max_bytes)
    )
}

fn not_text() -> String {
    "Not analyzed: this file is not text (it looks like a PDF, Word file or image saved as Markdown)".to_string()
}

fn size(bytes: u64) -> String {
    const KB: f64 = 1024.0;
    match bytes as f64 {
        b if b >= KB * KB => format!("{:.1} MB", b / (KB * KB)),
        b if b >= KB => format!("{:.1} KB", b / KB),
        _ => format!("{bytes} bytes"),
    }
}

/// The finding that stands for a file that was not analyzed.
pub fn finding(reason: String) -> Finding {
    Finding::new(&META, 0..0, reason)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn too_large_or_not_text() {
        assert!(skip_reason("# Brief\n\nText.", 100).is_none());
        assert_eq!(
            skip_reason(&"a".repeat(101), 100).unwrap()[..44].to_string(),
            "Not analyzed: 101 bytes is over the 100 byte"
        );
        assert!(skip_reason(&"a".repeat(6 << 20), 5 << 20)
            .unwrap()
            .starts_with("Not analyzed: 6.0 MB is over the 5.0 MB limit"));
        assert!(skip_reason("%PDF-1.7\n\0\0\u{2}stream", 1000).is_some());
        let mostly_garbage: String = "\u{FFFD}\u{1}ab".repeat(40);
        assert!(skip_reason(&mostly_garbage, 10_000).is_some());
        // A form feed, a stray replacement character, CJK and emoji are text.
        let text = "Page one.\u{c}Page two \u{FFFD} 王伟 😀, as the witness said. ".repeat(10);
        assert!(skip_reason(&text, 10_000).is_none());
    }
}
