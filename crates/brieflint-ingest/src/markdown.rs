//! Blocks read from a .docx or a PDF -> Markdown in the shape the Markdown path analyzes,
//! and the source map.
//!
//! Text is escaped only where Markdown would otherwise change what the analysis sees: a
//! backtick would start code and `<` an HTML tag (both excluded from analysis), `*` and
//! `_` would become emphasis, and `#`, `>`, `+`, `-` at a paragraph's start would make it
//! a heading, a quotation or a list. Square brackets are left alone: "[date]" is a
//! placeholder the analysis must see.

use crate::source_map::{Origin, SourceMap, Span};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BlockKind {
    /// `#` to `######`.
    Heading(u8),
    Paragraph,
    /// A numbered or bulleted paragraph; the marker as Word numbered it ("12.", "-",
    /// "REQUEST NO. 12:"). A marker with words is rendered bold, like a typed label.
    Numbered(String),
    /// A footnote or endnote: `[^n]: text`.
    Note(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Style {
    Plain,
    Bold,
    /// Markdown written as is (a footnote reference `[^2]`).
    Raw,
}

#[derive(Clone, Debug)]
pub struct Piece {
    pub text: String,
    pub style: Style,
    pub origin: Origin,
}

#[derive(Clone, Debug)]
pub struct Block {
    pub kind: BlockKind,
    pub pieces: Vec<Piece>,
}

pub fn render(blocks: &[Block]) -> (String, SourceMap) {
    let mut out = String::new();
    let mut map = SourceMap::default();
    for block in blocks {
        let mut pieces: Vec<Piece> = merge_pieces(&block.pieces);
        trim_block(&mut pieces);
        if pieces.iter().all(|p| p.text.trim().is_empty()) {
            continue;
        }
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        let block_start = out.len();
        let first_origin = pieces[0].origin.clone();
        match &block.kind {
            BlockKind::Heading(level) => {
                out.push_str(&"#".repeat((*level).clamp(1, 6) as usize));
                out.push(' ');
                // A heading is bold already; its runs' bold would only add asterisks.
                for piece in &mut pieces {
                    if piece.style == Style::Bold {
                        piece.style = Style::Plain;
                    }
                }
                pieces = merge_pieces(&pieces);
            }
            BlockKind::Paragraph => {}
            BlockKind::Numbered(marker) => {
                if marker.chars().any(char::is_alphabetic) {
                    out.push_str("**");
                    out.push_str(&escape(marker, false));
                    out.push_str("** ");
                } else {
                    out.push_str(marker);
                    out.push(' ');
                }
            }
            BlockKind::Note(marker) => {
                out.push_str("[^");
                out.push_str(marker);
                out.push_str("]: ");
            }
        }
        if out.len() > block_start {
            map.spans.push(Span {
                rendered: block_start..out.len(),
                origin: first_origin,
            });
        }
        let mut at_block_start = matches!(block.kind, BlockKind::Paragraph);
        for piece in &pieces {
            let start = out.len();
            match piece.style {
                Style::Raw => out.push_str(&piece.text),
                Style::Plain => out.push_str(&escape(&piece.text, at_block_start)),
                Style::Bold => {
                    let trimmed = piece.text.trim();
                    let lead = &piece.text[..piece.text.len() - piece.text.trim_start().len()];
                    let tail = &piece.text[piece.text.trim_end().len()..];
                    out.push_str(lead);
                    out.push_str("**");
                    out.push_str(&escape(trimmed, false));
                    out.push_str("**");
                    out.push_str(tail);
                }
            }
            at_block_start = false;
            if out.len() > start {
                push_span(&mut map, start..out.len(), &piece.origin);
            }
        }
    }
    if !out.is_empty() {
        out.push('\n');
    }
    (out, map)
}

/// Extends the last span when the origin is the same, so a paragraph of many runs is one
/// span.
fn push_span(map: &mut SourceMap, range: std::ops::Range<usize>, origin: &Origin) {
    if let Some(last) = map.spans.last_mut() {
        if &last.origin == origin && last.rendered.end == range.start {
            last.rendered.end = range.end;
            return;
        }
    }
    map.spans.push(Span {
        rendered: range,
        origin: origin.clone(),
    });
}

/// Joins neighbouring pieces of the same style and origin, and folds whitespace (line
/// breaks and tabs inside a paragraph become spaces; runs of spaces become one).
fn merge_pieces(pieces: &[Piece]) -> Vec<Piece> {
    let mut merged: Vec<Piece> = Vec::new();
    for piece in pieces {
        let text: String = fold_whitespace(&piece.text);
        if text.is_empty() {
            continue;
        }
        // Whitespace alone is plain wherever it is (bold spaces would give "** **").
        let style = if piece.style == Style::Bold && text.trim().is_empty() {
            Style::Plain
        } else {
            piece.style.clone()
        };
        if let Some(last) = merged.last_mut() {
            if last.style == style && last.origin == piece.origin && style != Style::Raw {
                last.text.push_str(&text);
                continue;
            }
        }
        merged.push(Piece {
            text,
            style,
            origin: piece.origin.clone(),
        });
    }
    // Neighbouring pieces of different origins can still double a space.
    for i in 1..merged.len() {
        if merged[i - 1].text.ends_with(' ') && merged[i].text.starts_with(' ') {
            let trimmed = merged[i].text.trim_start().to_string();
            merged[i].text = trimmed;
        }
    }
    merged.retain(|p| !p.text.is_empty());
    merged
}

fn fold_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            space = true;
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    if space {
        out.push(' ');
    }
    out
}

fn trim_block(pieces: &mut Vec<Piece>) {
    while let Some(first) = pieces.first_mut() {
        let trimmed = first.text.trim_start().to_string();
        if trimmed.is_empty() {
            pieces.remove(0);
        } else {
            first.text = trimmed;
            break;
        }
    }
    while let Some(last) = pieces.last_mut() {
        let trimmed = last.text.trim_end().to_string();
        if trimmed.is_empty() {
            pieces.pop();
        } else {
            last.text = trimmed;
            break;
        }
    }
}

fn escape(text: &str, at_block_start: bool) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let bytes = text.as_bytes();
    if at_block_start {
        let starts_structure = match bytes.first() {
            Some(b'#' | b'>') => true,
            Some(b'-' | b'+' | b'*') => matches!(bytes.get(1), Some(b' ') | None),
            Some(b'=') => true,
            _ => false,
        };
        if starts_structure {
            out.push('\\');
        }
    }
    for (i, c) in text.char_indices() {
        match c {
            '\\' | '`' | '*' | '_' => {
                out.push('\\');
                out.push(c);
            }
            '<' if bytes
                .get(i + 1)
                .is_some_and(|b| b.is_ascii_alphabetic() || matches!(b, b'/' | b'!' | b'?')) =>
            {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn piece(text: &str, style: Style, index: u32) -> Piece {
        Piece {
            text: text.into(),
            style,
            origin: Origin::Paragraph { index, label: None },
        }
    }

    #[test]
    fn a_bold_label_stays_a_bold_label() {
        let blocks = vec![Block {
            kind: BlockKind::Paragraph,
            pieces: vec![
                piece("REQUEST FOR PRODUCTION NO. 12: ", Style::Bold, 1),
                piece("All documents concerning *the* pump.", Style::Plain, 1),
            ],
        }];
        let (markdown, map) = render(&blocks);
        assert_eq!(
            markdown,
            "**REQUEST FOR PRODUCTION NO. 12:** All documents concerning \\*the\\* pump.\n"
        );
        assert_eq!(map.spans.len(), 1);
        assert_eq!(map.spans[0].rendered, 0..markdown.len() - 1);
    }

    #[test]
    fn structure_at_a_paragraph_start_is_escaped_and_placeholders_are_kept() {
        let blocks = vec![Block {
            kind: BlockKind::Paragraph,
            pieces: vec![piece("# of units <b> by [date]", Style::Plain, 1)],
        }];
        assert_eq!(render(&blocks).0, "\\# of units \\<b> by [date]\n");
    }

    #[test]
    fn word_numbering_with_words_is_a_bold_label() {
        let blocks = vec![Block {
            kind: BlockKind::Numbered("REQUEST NO. 12:".into()),
            pieces: vec![piece("All documents.", Style::Plain, 4)],
        }];
        assert_eq!(render(&blocks).0, "**REQUEST NO. 12:** All documents.\n");
    }
}
