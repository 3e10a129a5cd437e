//! The one place where byte offsets become editor positions and back.
//!
//! The analysis works in UTF-8 byte offsets into the document text. Editors speak
//! `(line, character)` where `character` counts UTF-16 code units by default, or bytes
//! when the client negotiated `utf-8`. Lines end at `\n`, `\r\n` or `\r`, exactly as
//! LSP defines them (ropey is built with `cr_lines` and without `unicode_lines`).

use ropey::Rope;
use serde::Serialize;

/// How `character` in a position is counted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    #[default]
    Utf16,
}

/// A zero-based line and character, as LSP defines them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Position {
    pub line: u32,
    pub character: u32,
}

/// A half-open range of positions.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct PositionRange {
    pub start: Position,
    pub end: Position,
}

/// Byte length of `line`'s content, without its line terminator.
fn line_content_len_bytes(rope: &Rope, line: usize) -> usize {
    let slice = rope.line(line);
    let mut len = slice.len_bytes();
    // A line ends with at most "\r\n", "\n" or "\r".
    if len > 0 && slice.byte(len - 1) == b'\n' {
        len -= 1;
    }
    if len > 0 && slice.byte(len - 1) == b'\r' {
        len -= 1;
    }
    len
}

/// Largest char boundary at or below `byte` (clamped to the text).
fn floor_char_boundary(rope: &Rope, byte: usize) -> usize {
    let byte = byte.min(rope.len_bytes());
    rope.char_to_byte(rope.byte_to_char(byte))
}

/// Converts a byte offset to a position. Offsets past the end clamp to the end;
/// offsets inside a character or a `\r\n` pair snap back to its start.
pub fn offset_to_position(rope: &Rope, byte: usize, encoding: Encoding) -> Position {
    let byte = floor_char_boundary(rope, byte);
    let line = rope.byte_to_line(byte);
    let line_start = rope.line_to_byte(line);
    let column_bytes = (byte - line_start).min(line_content_len_bytes(rope, line));
    let character = match encoding {
        Encoding::Utf8 => column_bytes,
        Encoding::Utf16 => {
            let start_char = rope.byte_to_char(line_start);
            let end_char = rope.byte_to_char(line_start + column_bytes);
            rope.char_to_utf16_cu(end_char) - rope.char_to_utf16_cu(start_char)
        }
    };
    Position {
        line: line as u32,
        character: character as u32,
    }
}

/// Converts a position to a byte offset, clamping as LSP asks: a character past the end
/// of its line means the end of the line; a line past the end means the end of the text;
/// a position inside a character (a UTF-16 surrogate pair or a UTF-8 sequence) snaps back.
pub fn position_to_offset(rope: &Rope, position: Position, encoding: Encoding) -> usize {
    let line = position.line as usize;
    if line >= rope.len_lines() {
        return rope.len_bytes();
    }
    let line_start = rope.line_to_byte(line);
    let content_len = line_content_len_bytes(rope, line);
    let wanted = position.character as usize;
    match encoding {
        Encoding::Utf8 => floor_char_boundary(rope, line_start + wanted.min(content_len)),
        Encoding::Utf16 => {
            let start_char = rope.byte_to_char(line_start);
            let end_char = rope.byte_to_char(line_start + content_len);
            let start_cu = rope.char_to_utf16_cu(start_char);
            let end_cu = rope.char_to_utf16_cu(end_char);
            let target_cu = (start_cu + wanted).min(end_cu);
            // utf16_cu_to_char rounds down inside a surrogate pair.
            rope.char_to_byte(rope.utf16_cu_to_char(target_cu))
        }
    }
}

/// Converts a byte range to a position range.
pub fn range_to_positions(
    rope: &Rope,
    range: std::ops::Range<usize>,
    encoding: Encoding,
) -> PositionRange {
    PositionRange {
        start: offset_to_position(rope, range.start, encoding),
        end: offset_to_position(rope, range.end, encoding),
    }
}

/// Line starts of one text, for converting many offsets at once (the thousands of
/// diagnostics of a long filing): the same positions as `offset_to_position` on a rope of
/// the same text, without walking the rope for each.
pub struct LineIndex<'a> {
    text: &'a str,
    /// Byte offset of every line's start; a text ending in a line break has an empty
    /// last line, as in the rope.
    starts: Vec<usize>,
    /// Whether each line is ASCII, where a UTF-16 column is the byte column (a paragraph
    /// is one line in Markdown, often thousands of bytes long, not worth counting over).
    ascii: Vec<bool>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> LineIndex<'a> {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut ascii = Vec::new();
        let mut line_start = 0;
        // Line breaks found with memchr and each line checked for ASCII a word at a
        // time: built on every keystroke of a 500-page filing, byte by byte this cost
        // ten million instructions.
        while let Some(found) = memchr::memchr2(b'\r', b'\n', &bytes[line_start..]) {
            let at = line_start + found;
            ascii.push(bytes[line_start..at].is_ascii());
            line_start = if bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n') {
                at + 2
            } else {
                at + 1
            };
            starts.push(line_start);
        }
        let line_ascii = bytes[line_start..].is_ascii();
        ascii.push(line_ascii);
        LineIndex {
            text,
            starts,
            ascii,
        }
    }

    /// `offset_to_position` for this text: past the end clamps to the end; inside a
    /// character or a `\r\n` pair snaps back.
    pub fn position(&self, byte: usize, encoding: Encoding) -> Position {
        let mut byte = byte.min(self.text.len());
        while !self.text.is_char_boundary(byte) {
            byte -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= byte) - 1;
        let line_start = self.starts[line];
        let line_end = self
            .starts
            .get(line + 1)
            .copied()
            .unwrap_or(self.text.len());
        let line_text = &self.text[line_start..line_end];
        let content = line_text.strip_suffix('\n').unwrap_or(line_text);
        let content = content.strip_suffix('\r').unwrap_or(content);
        let column_bytes = (byte - line_start).min(content.len());
        let character = match encoding {
            Encoding::Utf16 if !self.ascii[line] => {
                content[..column_bytes].chars().map(char::len_utf16).sum()
            }
            _ => column_bytes,
        };
        Position {
            line: line as u32,
            character: character as u32,
        }
    }

    pub fn range(&self, range: std::ops::Range<usize>, encoding: Encoding) -> PositionRange {
        PositionRange {
            start: self.position(range.start, encoding),
            end: self.position(range.end, encoding),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roundtrip_all(text: &str) {
        let rope = Rope::from_str(text);
        for (byte, _) in text
            .char_indices()
            .chain(std::iter::once((text.len(), ' ')))
        {
            // A position between '\r' and '\n' is not addressable; skip it.
            if byte > 0 && text.as_bytes()[byte - 1] == b'\r' && text[byte..].starts_with('\n') {
                continue;
            }
            for enc in [Encoding::Utf8, Encoding::Utf16] {
                let pos = offset_to_position(&rope, byte, enc);
                assert_eq!(
                    position_to_offset(&rope, pos, enc),
                    byte,
                    "{enc:?} {byte} {text:?}"
                );
            }
        }
    }

    #[test]
    fn utf16_counts_surrogate_pairs() {
        let rope = Rope::from_str("a😀b\n王c");
        assert_eq!(
            offset_to_position(&rope, 5, Encoding::Utf16),
            Position {
                line: 0,
                character: 3
            }
        );
        assert_eq!(
            offset_to_position(&rope, 5, Encoding::Utf8),
            Position {
                line: 0,
                character: 5
            }
        );
        assert_eq!(
            offset_to_position(&rope, 10, Encoding::Utf16),
            Position {
                line: 1,
                character: 1
            }
        );
        // Inside the surrogate pair snaps back to the emoji's start.
        assert_eq!(
            position_to_offset(
                &rope,
                Position {
                    line: 0,
                    character: 2
                },
                Encoding::Utf16
            ),
            1
        );
    }

    #[test]
    fn crlf_and_lone_cr_end_lines() {
        let rope = Rope::from_str("ab\r\ncd\ref\n");
        assert_eq!(rope.len_lines(), 4);
        assert_eq!(
            offset_to_position(&rope, 4, Encoding::Utf16),
            Position {
                line: 1,
                character: 0
            }
        );
        assert_eq!(
            offset_to_position(&rope, 7, Encoding::Utf16),
            Position {
                line: 2,
                character: 0
            }
        );
        // Past the end of a line clamps to its end, before the terminator.
        assert_eq!(
            position_to_offset(
                &rope,
                Position {
                    line: 0,
                    character: 99
                },
                Encoding::Utf16
            ),
            2
        );
        assert_eq!(
            position_to_offset(
                &rope,
                Position {
                    line: 99,
                    character: 0
                },
                Encoding::Utf16
            ),
            rope.len_bytes()
        );
    }

    #[test]
    fn round_trips() {
        for text in [
            "",
            "plain\n",
            "e\u{301}t\u{e9}\r\n😀😀\r\n王伟 objects\n\n",
            "\r\r\n\n",
            "👩‍👩‍👧 family\u{2028}x",
        ] {
            roundtrip_all(text);
        }
    }
}
