//! The document model under random incremental edits, against a plain `String`.
//!
//! Each edit is an LSP-style change (a range of (line, character) positions in UTF-16
//! or UTF-8, and new text), or now and then a full replacement. It is applied to a
//! `ropey::Rope` exactly as `crates/brieflint-lsp/src/document.rs` applies it (positions through
//! `brieflint_core::position::position_to_offset`, then remove and insert by char index),
//! and to a `String` through an independent, naive implementation of LSP's rules
//! (lines end at `\n`, `\r\n` or `\r`; a character past the end of its line clamps to
//! the line's end; a line past the end means the end of the text; a position inside a
//! character snaps back to its start). After every edit:
//! - both give the same offsets for the edit's positions, and the same text;
//! - the rope's line count and UTF-16 length agree with the string's;
//! - `offset_to_position` agrees with the naive model, and `position_to_offset` takes
//!   it back to the same offset, on every char boundary (all of them for texts up to
//!   512 bytes; around both ends of the edit and 64 samples beyond), in both encodings,
//!   except between `\r` and `\n`, which no position can address;
//! - `LineIndex::position` (how diagnostics are converted) equals `offset_to_position`
//!   at each of those offsets, and inside characters too.
//!
//! Texts are built from pieces chosen to hit the edge cases: CR, LF, CRLF, surrogate
//! pairs, CJK, combining marks, ZWJ sequences, U+2028 and U+0085 (not line breaks in
//! LSP), plus arbitrary chars and long repeats that span several rope chunks.
#![no_main]

use arbitrary::{Arbitrary, Result, Unstructured};
use brieflint_core::position::{offset_to_position, position_to_offset, Encoding, LineIndex, Position};
use libfuzzer_sys::fuzz_target;
use ropey::Rope;

const PIECES: &[&str] = &[
    "a", "Z", " ", ".", "\n", "\r", "\r\n", "\r\n", "\n\r", "\t", "é", "e\u{301}", "王", "伟",
    "😀", "👩\u{200d}👩\u{200d}👧", "\u{2028}", "\u{85}", "\u{b}", "\u{c}", "\u{feff}", "\0",
    "\u{10ffff}", "ab\r\ncd",
];

#[derive(Debug)]
struct Text(String);

impl<'a> Arbitrary<'a> for Text {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let mut s = String::new();
        let pieces: u8 = u.int_in_range(0..=24)?;
        for _ in 0..pieces {
            match u.int_in_range(0..=15u8)? {
                0 | 1 => s.push(u.arbitrary::<char>()?),
                2 => {
                    // Long runs cross ropey's chunk boundaries (about 1 KB).
                    let piece = *u.choose(PIECES)?;
                    let times: u16 = u.int_in_range(1..=300)?;
                    s.push_str(&piece.repeat(times as usize));
                }
                _ => s.push_str(u.choose(PIECES)?),
            }
        }
        Ok(Text(s))
    }
}

fn arbitrary_position(u: &mut Unstructured<'_>) -> Result<Position> {
    let line = if u.ratio(1, 16)? {
        u.arbitrary::<u32>()?
    } else {
        u.int_in_range(0..=12)?
    };
    let character = if u.ratio(1, 16)? {
        u.arbitrary::<u32>()?
    } else {
        u.int_in_range(0..=40)?
    };
    Ok(Position { line, character })
}

#[derive(Debug)]
enum Op {
    Change {
        encoding: Encoding,
        start: Position,
        end: Position,
        text: Text,
    },
    Full(Text),
}

impl<'a> Arbitrary<'a> for Op {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        if u.ratio(1, 24)? {
            return Ok(Op::Full(Text::arbitrary(u)?));
        }
        let encoding = if u.arbitrary::<bool>()? {
            Encoding::Utf16
        } else {
            Encoding::Utf8
        };
        let start = arbitrary_position(u)?;
        // Mostly a short range after the start; sometimes anywhere (even reversed).
        let end = if u.ratio(3, 4)? {
            let lines: u32 = u.int_in_range(0..=2)?;
            let character: u32 = u.int_in_range(0..=20)?;
            Position {
                line: start.line.saturating_add(lines),
                character: if lines == 0 {
                    start.character.saturating_add(character)
                } else {
                    character
                },
            }
        } else {
            arbitrary_position(u)?
        };
        Ok(Op::Change {
            encoding,
            start,
            end,
            text: Text::arbitrary(u)?,
        })
    }
}

#[derive(Debug)]
struct Input {
    initial: Text,
    ops: Vec<Op>,
}

impl<'a> Arbitrary<'a> for Input {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let initial = Text::arbitrary(u)?;
        let mut ops = Vec::new();
        while !u.is_empty() && ops.len() < 64 {
            ops.push(Op::arbitrary(u)?);
        }
        Ok(Input { initial, ops })
    }
}

// ---- The naive model: a String and LSP's rules, written out directly. ----

/// (start, end of content) of every line; lines end at \n, \r\n or \r. A text has one
/// more line than it has line terminators.
fn model_lines(s: &str) -> Vec<(usize, usize)> {
    let b = s.as_bytes();
    let mut lines = Vec::new();
    let (mut start, mut i) = (0, 0);
    while i < b.len() {
        match b[i] {
            b'\n' => {
                lines.push((start, i));
                i += 1;
                start = i;
            }
            b'\r' => {
                lines.push((start, i));
                i += if b.get(i + 1) == Some(&b'\n') { 2 } else { 1 };
                start = i;
            }
            _ => i += 1,
        }
    }
    lines.push((start, b.len()));
    lines
}

fn model_offset(s: &str, lines: &[(usize, usize)], pos: Position, enc: Encoding) -> usize {
    let Some(&(start, end)) = lines.get(pos.line as usize) else {
        return s.len();
    };
    let content = &s[start..end];
    let wanted = pos.character as usize;
    match enc {
        Encoding::Utf8 => {
            let mut o = wanted.min(content.len());
            while !content.is_char_boundary(o) {
                o -= 1;
            }
            start + o
        }
        Encoding::Utf16 => {
            let mut units = 0;
            for (i, c) in content.char_indices() {
                if units + c.len_utf16() > wanted {
                    return start + i;
                }
                units += c.len_utf16();
            }
            end
        }
    }
}

/// The position of every byte offset of `s` (meaningful on char boundaries), in both
/// encodings, by walking the text once: (line, UTF-8 column, UTF-16 column). An offset
/// inside a line terminator is at the end of its line's content.
fn model_positions(s: &str) -> Vec<(u32, u32, u32)> {
    let mut out = vec![(0, 0, 0); s.len() + 1];
    let (mut line, mut col8, mut col16) = (0u32, 0u32, 0u32);
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        out[i] = (line, col8, col16);
        match c {
            '\n' => (line, col8, col16) = (line + 1, 0, 0),
            '\r' => {
                if let Some(&(j, '\n')) = chars.peek() {
                    out[j] = (line, col8, col16);
                    chars.next();
                }
                (line, col8, col16) = (line + 1, 0, 0);
            }
            _ => {
                col8 += c.len_utf8() as u32;
                col16 += c.len_utf16() as u32;
            }
        }
    }
    out[s.len()] = (line, col8, col16);
    out
}

fn model_position(positions: &[(u32, u32, u32)], byte: usize, enc: Encoding) -> Position {
    let (line, col8, col16) = positions[byte];
    Position {
        line,
        character: match enc {
            Encoding::Utf8 => col8,
            Encoding::Utf16 => col16,
        },
    }
}

fn between_cr_lf(s: &str, byte: usize) -> bool {
    byte > 0 && s.as_bytes()[byte - 1] == b'\r' && s.as_bytes().get(byte) == Some(&b'\n')
}

fn check_round_trip(
    rope: &Rope,
    index: &LineIndex,
    s: &str,
    positions: &[(u32, u32, u32)],
    byte: usize,
) {
    for enc in [Encoding::Utf8, Encoding::Utf16] {
        // The line index (diagnostics) agrees with the rope everywhere, even inside a
        // character or a \r\n pair, where both snap back.
        assert_eq!(
            index.position(byte, enc),
            offset_to_position(rope, byte, enc),
            "LineIndex::position({byte}, {enc:?})"
        );
    }
    if !s.is_char_boundary(byte) || between_cr_lf(s, byte) {
        return;
    }
    for enc in [Encoding::Utf8, Encoding::Utf16] {
        let pos = offset_to_position(rope, byte, enc);
        assert_eq!(
            pos,
            model_position(positions, byte, enc),
            "offset_to_position({byte}, {enc:?})"
        );
        assert_eq!(
            position_to_offset(rope, pos, enc),
            byte,
            "position_to_offset({pos:?}, {enc:?}) does not return to {byte}"
        );
    }
}

fn check_all(rope: &Rope, s: &str, near: usize, near_len: usize) {
    assert_eq!(rope.len_bytes(), s.len());
    assert!(rope == s, "rope and string differ");
    assert_eq!(rope.len_lines(), model_lines(s).len(), "line count");
    assert_eq!(rope.len_utf16_cu(), s.encode_utf16().count(), "UTF-16 length");
    let positions = model_positions(s);
    let index = LineIndex::new(s);
    if s.len() <= 512 {
        for byte in 0..=s.len() {
            check_round_trip(rope, &index, s, &positions, byte);
        }
    } else {
        // Around both ends of the inserted text, and 64 samples.
        let end = near + near_len;
        let around = |at: usize| at.saturating_sub(64)..=(at + 64).min(s.len());
        let step = s.len() / 64;
        for byte in around(near)
            .chain(around(end))
            .chain((0..=s.len()).step_by(step))
            .chain([s.len()])
        {
            check_round_trip(rope, &index, s, &positions, byte);
        }
    }
}

fuzz_target!(|input: Input| {
    let mut model = input.initial.0;
    let mut rope = Rope::from_str(&model);
    check_all(&rope, &model, 0, 0);
    for op in input.ops {
        if model.len() > 64 * 1024 {
            break;
        }
        match op {
            Op::Full(Text(text)) => {
                rope = Rope::from_str(&text);
                model = text;
                check_all(&rope, &model, 0, 0);
            }
            Op::Change {
                encoding,
                start,
                end,
                text: Text(text),
            } => {
                // As crates/brieflint-lsp/src/document.rs applies a change.
                let rope_start = position_to_offset(&rope, start, encoding);
                let rope_end = position_to_offset(&rope, end, encoding).max(rope_start);
                let lines = model_lines(&model);
                let model_start = model_offset(&model, &lines, start, encoding);
                let model_end = model_offset(&model, &lines, end, encoding).max(model_start);
                assert_eq!(rope_start, model_start, "offset of start {start:?} {encoding:?}");
                assert_eq!(rope_end, model_end, "offset of end {end:?} {encoding:?}");
                let start_char = rope.byte_to_char(rope_start);
                let end_char = rope.byte_to_char(rope_end);
                rope.remove(start_char..end_char);
                rope.insert(start_char, &text);
                model.replace_range(model_start..model_end, &text);
                check_all(&rope, &model, model_start, text.len());
            }
        }
    }
});
