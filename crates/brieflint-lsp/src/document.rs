//! An open document: its text as a rope, its version, and its last analysis.

use brieflint_core::incremental::Cache;
use brieflint_core::position::Encoding;
use brieflint_core::Analysis;
use ropey::Rope;
use std::sync::Arc;
use tower_lsp::lsp_types::TextDocumentContentChangeEvent;

pub struct Document {
    /// Unique for each opening: a document closed and opened again at the same version
    /// is another document.
    pub id: u64,
    pub rope: Rope,
    pub version: i32,
    /// The analysis of `version`, once the worker (or a request) computed it, with the
    /// text it was computed from (shared by every request that reads it, rather than
    /// copied out of the rope on the message loop for each).
    pub analysis: Option<(i32, Arc<Analysis>, Arc<String>)>,
    /// What earlier analyses computed for blocks that have not changed since.
    pub cache: Cache,
    /// The analysis an edit made stale, kept so that freeing it (thousands of findings
    /// in a long filing) happens after the next diagnostics are published, not before.
    pub stale: Option<Arc<Analysis>>,
    /// How long the last analysis took and how long the text was: whether the next one
    /// may run on the message loop (`scheduler::handover::analyzes_quickly`).
    pub last_analysis: Option<(std::time::Duration, usize)>,
}

impl Document {
    pub fn new(text: &str, version: i32) -> Document {
        Document::from_rope(Rope::from_str(text), version)
    }

    pub fn from_rope(rope: Rope, version: i32) -> Document {
        static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        Document {
            id: NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            rope,
            version,
            analysis: None,
            cache: Cache::new(),
            stale: None,
            last_analysis: None,
        }
    }

    /// Applies one content change. Out-of-range positions clamp, as LSP asks.
    pub fn apply(&mut self, change: &TextDocumentContentChangeEvent, encoding: Encoding) {
        match change.range {
            None => self.rope = Rope::from_str(&change.text),
            Some(range) => {
                let start = super::convert::offset(&self.rope, range.start, encoding);
                let end = super::convert::offset(&self.rope, range.end, encoding).max(start);
                let start_char = self.rope.byte_to_char(start);
                let end_char = self.rope.byte_to_char(end);
                self.rope.remove(start_char..end_char);
                self.rope.insert(start_char, &change.text);
            }
        }
        if let Some((_, analysis, _)) = self.analysis.take() {
            self.stale = Some(analysis);
        }
    }

    /// The analysis of the current version, if already computed.
    pub fn current_analysis(&self) -> Option<(Arc<Analysis>, Arc<String>)> {
        self.analysis
            .as_ref()
            .filter(|(v, _, _)| *v == self.version)
            .map(|(_, analysis, text)| (analysis.clone(), text.clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower_lsp::lsp_types::{Position, Range};

    fn change(l0: u32, c0: u32, l1: u32, c1: u32, text: &str) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: Some(Range::new(Position::new(l0, c0), Position::new(l1, c1))),
            range_length: None,
            text: text.to_string(),
        }
    }

    #[test]
    fn incremental_edits_in_utf16_and_utf8() {
        let mut doc = Document::new("😀 ab\r\n王伟 c\n", 1);
        doc.apply(&change(0, 2, 0, 3, "X"), Encoding::Utf16);
        assert_eq!(doc.rope.to_string(), "😀Xab\r\n王伟 c\n");
        doc.apply(&change(1, 3, 1, 6, "Y"), Encoding::Utf8);
        assert_eq!(doc.rope.to_string(), "😀Xab\r\n王Y c\n");
        // Out of range clamps instead of panicking.
        doc.apply(&change(9, 9, 99, 0, "!"), Encoding::Utf16);
        assert_eq!(doc.rope.to_string(), "😀Xab\r\n王Y c\n!");
        doc.apply(&change(0, 5, 0, 1, ""), Encoding::Utf16);
        assert_eq!(doc.rope.to_string(), "😀Xab\r\n王Y c\n!");
    }
}
