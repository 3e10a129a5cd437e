//! Markdown structure with byte ranges: the prose blocks rules may read, and the
//! regions they must never flag (code, HTML and comments, block quotes, front matter).

use crate::incremental::{self, PieceCuts, PreviousPieces};
use crate::parallel;
use pulldown_cmark::{Event, MetadataBlockKind, Options, Parser, Tag, TagEnd};
use std::ops::Range;
use std::sync::Arc;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlockKind {
    Paragraph,
    Heading(u8),
    /// Text of a tight list item or a table cell (no paragraph of its own).
    Inline,
}

/// A leaf block of the author's own prose (never inside a block quote).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    pub kind: BlockKind,
    /// Source range, trimmed of surrounding whitespace.
    pub range: Range<usize>,
}

#[derive(Debug, Default, PartialEq, Eq)]
pub struct Structure {
    pub blocks: Vec<Block>,
    /// Sorted, non-overlapping byte ranges that no rule may flag.
    pub excluded: Vec<Range<usize>>,
    /// Sorted, non-overlapping ranges of code, HTML (comments included) and front
    /// matter: text in them is not prose and holds no citations.
    pub opaque: Vec<Range<usize>>,
    /// The YAML front matter's byte range (between the fences), if any.
    pub front_matter: Option<Range<usize>>,
    /// The pieces the text was parsed in (`pieces`), in order: the later readings of a
    /// long document (citations, word counts) read and cache it in the same pieces.
    pub pieces: Vec<Range<usize>>,
}

impl Structure {
    /// Whether `range` touches any excluded region.
    pub fn is_excluded(&self, range: &Range<usize>) -> bool {
        let idx = self.excluded.partition_point(|r| r.end <= range.start);
        self.excluded
            .get(idx)
            .is_some_and(|r| r.start < range.end.max(range.start + 1))
    }
}

fn trimmed(text: &str, range: Range<usize>) -> Range<usize> {
    let slice = &text[range.clone()];
    let start = range.start + (slice.len() - slice.trim_start().len());
    let end = range.start + slice.trim_end().len();
    start..end.max(start)
}

/// The parser options every reading of a filing's Markdown uses.
pub const OPTIONS: Options = Options::ENABLE_TABLES
    .union(Options::ENABLE_FOOTNOTES)
    .union(Options::ENABLE_STRIKETHROUGH)
    .union(Options::ENABLE_YAML_STYLE_METADATA_BLOCKS);

/// How much text one parser sees at a time: pulldown-cmark builds the tree of all the
/// text it is given before the first event, about 15 times the text's size for dense
/// markup, so a large document is parsed in pieces of about this size. The pieces are
/// also what a keystroke reads again (its structure, citations, words, defined terms'
/// uses), so they are kept small: 16 KB rather than 64 KB took a keystroke in a 500-page
/// brief from 56 to 46 million instructions, and a whole analysis from 68.1 to 69.3.
pub(crate) const CHUNK_BYTES: usize = 16 << 10;

/// `text` cut into pieces that parse exactly as they do in the whole. Each cut is before
/// a line that follows a blank line and starts in the first column with neither a list
/// marker nor a digit (which could continue a list): such a line ends every open
/// container (list, block quote, footnote, indented code, an HTML block of the kinds a
/// blank line ends). No cut inside fenced code, HTML comments and the other HTML blocks
/// that run past blank lines, or front matter. A piece is at least `min_bytes` long (the last may be shorter). Yields
/// each piece with its offset in `text`.
pub fn pieces(text: &str, min_bytes: usize) -> impl Iterator<Item = (usize, &str)> {
    at_cuts(text, &cut(text, min_bytes, None)).into_iter()
}

/// `text`'s pieces, each with its offset, given where it is cut (`cut`).
fn at_cuts<'t>(text: &'t str, cuts: &[usize]) -> Vec<(usize, &'t str)> {
    if text.is_empty() {
        return Vec::new();
    }
    let starts = std::iter::once(0).chain(cuts.iter().copied());
    let ends = cuts.iter().copied().chain(std::iter::once(text.len()));
    starts.zip(ends).map(|(s, e)| (s, &text[s..e])).collect()
}

/// Where `pieces` cuts `text`: the start of every piece after the first. Given where the
/// previous analysis cut the document, the cuts an edit cannot have moved are taken as
/// they were: those decided by text the edit left at the start, and every cut after the
/// first one the scan finds again in the unchanged end. (At a cut the scan's state is
/// always the same, so what follows a cut depends only on the text after it.) A
/// keystroke in a long filing then scans a piece or two, not the whole text.
fn cut(text: &str, min_bytes: usize, previous: Option<&PreviousPieces>) -> Vec<usize> {
    let previous = previous.filter(|p| p.cuts.min_bytes == min_bytes);
    let mut cuts = Vec::new();
    // Where the current piece starts.
    let mut from = 0;
    // No cut can fall in the rest: most documents are one piece, and are not scanned.
    let more = |from: usize| text.len() - from > min_bytes;
    if let Some(p) = previous {
        for &cut in &p.cuts.cuts {
            if !more(from) || cut >= p.same_start {
                break;
            }
            // The scan read the cut's line to decide it.
            let line_end = text[cut..].find('\n').map_or(text.len(), |i| cut + i + 1);
            if line_end > p.same_start {
                break;
            }
            cuts.push(cut);
            from = cut;
        }
    }
    let mut scan = if from == 0 {
        Cuts::new(text)
    } else {
        Cuts::at_cut(text, from)
    };
    while more(from) {
        let Some(cut) = scan.next_at_or_after(from + min_bytes) else {
            break;
        };
        cuts.push(cut);
        from = cut;
        let Some(p) = previous else { continue };
        if cut >= text.len() - p.same_end {
            // The same cut before the edit: the rest are the previous ones, moved.
            let before = cut + p.length - text.len();
            if let Ok(i) = p.cuts.cuts.binary_search(&before) {
                let moved = p.cuts.cuts[i + 1..]
                    .iter()
                    .map(|&c| c + text.len() - p.length);
                cuts.extend(moved);
                break;
            }
        }
    }
    cuts
}

/// Finds where `pieces` may cut, scanning line by line once.
struct Cuts<'a> {
    text: &'a str,
    /// Where the next line starts.
    at: usize,
    /// Until this closing text is seen, no cut (a fence, an HTML block that a blank line
    /// does not end, front matter).
    open: Option<Closer>,
    previous_blank: bool,
    /// Set when a construct is met whose extent depends on containers this scan does
    /// not track (an indented fence or HTML block): no further cut.
    stopped: bool,
}

#[derive(Clone, Copy)]
enum Closer {
    /// A fence of `count` of `mark` or more, alone on its line.
    Fence { mark: u8, count: usize },
    /// A line containing this text ends the block.
    Contains(&'static str),
    /// A line of `---` or `...` ends the front matter.
    FrontMatter,
}

impl<'a> Cuts<'a> {
    fn new(text: &'a str) -> Self {
        let open = (text.starts_with("---\n") || text.starts_with("---\r\n"))
            .then_some(Closer::FrontMatter);
        let at = if open.is_some() {
            text.find('\n').map_or(text.len(), |i| i + 1)
        } else {
            0
        };
        Cuts {
            text,
            at,
            open,
            previous_blank: false,
            stopped: false,
        }
    }

    /// The scan as it stands after finding the cut at `at` (before the line there).
    fn at_cut(text: &'a str, at: usize) -> Self {
        Cuts {
            text,
            at,
            open: None,
            previous_blank: true,
            stopped: false,
        }
    }

    /// The first cut at or after byte `min`.
    fn next_at_or_after(&mut self, min: usize) -> Option<usize> {
        while !self.stopped && self.at < self.text.len() {
            let start = self.at;
            let end = self.text[start..]
                .find('\n')
                .map_or(self.text.len(), |i| start + i + 1);
            self.at = end;
            let line = self.text[start..end].trim_end_matches(['\n', '\r']);
            let blank = line.trim().is_empty();
            let previous_blank = std::mem::replace(&mut self.previous_blank, blank);
            if let Some(closer) = self.open {
                if closes(closer, line) {
                    self.open = None;
                }
                continue;
            }
            if blank {
                continue;
            }
            let cut = previous_blank
                && start >= min
                && start > 0
                && line.chars().next().is_some_and(|c| {
                    !c.is_whitespace() && !c.is_ascii_digit() && !matches!(c, '-' | '+' | '*')
                });
            if cut {
                // Read the line again as the next piece's first line (the state
                // `at_cut` starts from).
                self.at = start;
                self.previous_blank = true;
                return Some(start);
            }
            self.open = self.opens(line);
        }
        None
    }

    /// The block `line` opens that a blank line does not end, if any.
    fn opens(&mut self, line: &str) -> Option<Closer> {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let body = &line[indent..];
        let fence = body.bytes().next().filter(|b| matches!(b, b'`' | b'~'));
        let html = body.starts_with('<');
        if indent > 0 && indent < 4 && (fence.is_some() || html) {
            // An indented fence or HTML block may belong to a list item (and end with
            // it) or to the top level (and not): stop cutting rather than guess.
            self.stopped = body.starts_with("```") || body.starts_with("~~~") || html;
            return None;
        }
        if indent > 0 {
            return None;
        }
        if let Some(mark) = fence {
            let count = body.bytes().take_while(|&b| b == mark).count();
            let info = &body[count..];
            if count >= 3 && !(mark == b'`' && info.contains('`')) {
                return Some(Closer::Fence { mark, count });
            }
            return None;
        }
        if !html {
            return None;
        }
        let lower = body.get(..10).unwrap_or(body).to_ascii_lowercase();
        let closer = if body.starts_with("<!--") {
            "-->"
        } else if body.starts_with("<![CDATA[") {
            "]]>"
        } else if body.starts_with("<?") {
            "?>"
        } else if body.starts_with("<!") && body[2..].starts_with(|c: char| c.is_ascii_alphabetic())
        {
            ">"
        } else if let Some(tag) = ["script", "pre", "style", "textarea"]
            .into_iter()
            .find(|tag| {
                lower[1..].starts_with(tag)
                    && lower[1 + tag.len()..]
                        .chars()
                        .next()
                        .is_none_or(|c| c == '>' || c.is_whitespace())
            })
        {
            match tag {
                "script" => "</script>",
                "pre" => "</pre>",
                "style" => "</style>",
                _ => "</textarea>",
            }
        } else {
            return None;
        };
        // A block that closes on its own first line does not stay open.
        let after_open = &body[2.min(body.len())..];
        (!contains_closer(after_open, closer)).then_some(Closer::Contains(closer))
    }
}

fn contains_closer(line: &str, closer: &str) -> bool {
    if closer.starts_with("</") {
        line.to_ascii_lowercase().contains(closer)
    } else {
        line.contains(closer)
    }
}

fn closes(closer: Closer, line: &str) -> bool {
    match closer {
        Closer::Fence { mark, count } => {
            let indent = line.len() - line.trim_start_matches(' ').len();
            let body = &line[indent..];
            let run = body.bytes().take_while(|&b| b == mark).count();
            indent < 4 && run >= count && body[run..].trim().is_empty()
        }
        Closer::Contains(closer) => contains_closer(line, closer),
        Closer::FrontMatter => matches!(line.trim_end(), "---" | "..."),
    }
}

pub fn parse(text: &str) -> Structure {
    parse_in_pieces(text, CHUNK_BYTES, None)
}

/// `parse`, reusing from `cache` the structure of each piece of a long document that is
/// unchanged since an earlier analysis (a keystroke changes one piece of a 500-page
/// filing; parsing the other thirteen again cost more than all the rules).
pub(crate) fn parse_cached(text: &str, cache: Option<&incremental::Cache>) -> Structure {
    parse_in_pieces(text, CHUNK_BYTES, cache)
}

fn parse_in_pieces(
    text: &str,
    piece_bytes: usize,
    cache: Option<&incremental::Cache>,
) -> Structure {
    let previous = cache.and_then(|cache| cache.previous_pieces(text));
    let cuts = cut(text, piece_bytes, previous.as_ref());
    let pieces = at_cuts(text, &cuts);
    if let Some(cache) = cache {
        cache.keep_pieces(
            text,
            PieceCuts {
                min_bytes: piece_bytes,
                cuts,
            },
        );
    }
    // One piece is the whole text: nothing to reuse on the next keystroke.
    let cache = cache.filter(|_| pieces.len() > 1);
    let parse = |pieces: &[(usize, &str)]| -> Vec<Arc<Structure>> {
        pieces
            .iter()
            .map(|&(_, piece)| match cache {
                Some(cache) => cache.get_or_compute(incremental::Step::Markdown, piece, (), || {
                    parse_piece(piece)
                }),
                None => Arc::new(parse_piece(piece)),
            })
            .collect()
    };
    // The second half of the pieces on a second thread, unless the pieces were kept from
    // the analysis just before (a keystroke): then all but one or two are in the cache.
    let parsed = if previous.is_none() && parallel::worth_two_threads(text) {
        let (first_half, second_half) = pieces.split_at(pieces.len() / 2);
        let (second_half, mut parsed) =
            parallel::join(true, || parse(second_half), || parse(first_half));
        parsed.extend(second_half);
        parsed
    } else {
        parse(&pieces)
    };
    // Each piece's structure is freed (without a cache) once it is copied, into vectors
    // made as long as they will be: at most one copy of the structure beside the pieces'.
    let mut structure = Structure {
        blocks: Vec::with_capacity(parsed.iter().map(|p| p.blocks.len()).sum()),
        ..Structure::default()
    };
    let mut excluded: Vec<Range<usize>> =
        Vec::with_capacity(parsed.iter().map(|p| p.excluded.len()).sum());
    let mut opaque: Vec<Range<usize>> =
        Vec::with_capacity(parsed.iter().map(|p| p.opaque.len()).sum());
    for (&(offset, _), local) in pieces.iter().zip(parsed) {
        let shift = |r: &Range<usize>| r.start + offset..r.end + offset;
        structure.blocks.extend(local.blocks.iter().map(|b| Block {
            kind: b.kind,
            range: shift(&b.range),
        }));
        excluded.extend(local.excluded.iter().map(shift));
        opaque.extend(local.opaque.iter().map(shift));
        if let Some(front_matter) = &local.front_matter {
            structure.front_matter = Some(shift(front_matter));
        }
    }
    exclude_comments(text, &mut excluded, &mut opaque);
    structure.excluded = merge(excluded);
    structure.opaque = merge(opaque);
    structure.pieces = pieces
        .iter()
        .map(|(offset, piece)| *offset..offset + piece.len())
        .collect();
    structure
}

/// Each of `pieces` (`Structure::pieces`) with its offset and text.
pub(crate) fn piece_texts<'t>(text: &'t str, pieces: &[Range<usize>]) -> Vec<(usize, &'t str)> {
    pieces.iter().map(|p| (p.start, &text[p.clone()])).collect()
}

/// The structure of one piece (`pieces`), relative to its start: blocks in order, and
/// the excluded and opaque ranges the parser reported, not yet merged.
fn parse_piece(text: &str) -> Structure {
    let mut structure = Structure::default();
    let mut excluded: Vec<Range<usize>> = Vec::new();
    let mut opaque: Vec<Range<usize>> = Vec::new();
    // Depth of containers whose content is not the author's prose.
    let mut quote_depth = 0usize;
    let mut leaf_depth = 0usize;
    // Inside code, HTML or front matter: text there is never prose.
    let mut opaque_depth = 0usize;
    // Inline content outside any paragraph (tight list items, table cells).
    let mut loose: Option<Range<usize>> = None;

    let flush_loose =
        |loose: &mut Option<Range<usize>>, blocks: &mut Vec<Block>, quote_depth: usize| {
            if let Some(range) = loose.take() {
                let range = trimmed(text, range);
                if quote_depth == 0 && !range.is_empty() {
                    blocks.push(Block {
                        kind: BlockKind::Inline,
                        range,
                    });
                }
            }
        };

    for (event, range) in Parser::new_ext(text, OPTIONS).into_offset_iter() {
        match event {
            Event::Start(tag) => match tag {
                Tag::Paragraph | Tag::Heading { .. } => {
                    flush_loose(&mut loose, &mut structure.blocks, quote_depth);
                    leaf_depth += 1;
                    if quote_depth == 0 {
                        let kind = match tag {
                            Tag::Heading { level, .. } => BlockKind::Heading(level as u8),
                            _ => BlockKind::Paragraph,
                        };
                        let range = trimmed(text, range);
                        if !range.is_empty() {
                            structure.blocks.push(Block { kind, range });
                        }
                    }
                }
                Tag::BlockQuote(_) => {
                    flush_loose(&mut loose, &mut structure.blocks, quote_depth);
                    quote_depth += 1;
                    excluded.push(range);
                }
                Tag::CodeBlock(_) | Tag::HtmlBlock => {
                    flush_loose(&mut loose, &mut structure.blocks, quote_depth);
                    opaque_depth += 1;
                    opaque.push(range.clone());
                    excluded.push(range);
                }
                Tag::MetadataBlock(kind) => {
                    opaque_depth += 1;
                    opaque.push(range.clone());
                    excluded.push(range.clone());
                    if kind == MetadataBlockKind::YamlStyle {
                        structure.front_matter = Some(range);
                    }
                }
                Tag::Item
                | Tag::List(_)
                | Tag::Table(_)
                | Tag::TableHead
                | Tag::TableRow
                | Tag::TableCell
                | Tag::FootnoteDefinition(_) => {
                    flush_loose(&mut loose, &mut structure.blocks, quote_depth);
                }
                _ => {
                    if leaf_depth == 0 && opaque_depth == 0 {
                        extend(&mut loose, range);
                    }
                }
            },
            Event::End(tag) => match tag {
                TagEnd::Paragraph | TagEnd::Heading(_) => leaf_depth = leaf_depth.saturating_sub(1),
                TagEnd::CodeBlock | TagEnd::HtmlBlock | TagEnd::MetadataBlock(_) => {
                    opaque_depth = opaque_depth.saturating_sub(1)
                }
                TagEnd::BlockQuote(_) => {
                    flush_loose(&mut loose, &mut structure.blocks, quote_depth);
                    quote_depth = quote_depth.saturating_sub(1);
                }
                TagEnd::Item
                | TagEnd::List(_)
                | TagEnd::TableCell
                | TagEnd::TableRow
                | TagEnd::TableHead
                | TagEnd::Table
                | TagEnd::FootnoteDefinition => {
                    flush_loose(&mut loose, &mut structure.blocks, quote_depth);
                }
                _ => {
                    if leaf_depth == 0 && opaque_depth == 0 {
                        extend(&mut loose, range);
                    }
                }
            },
            Event::Code(_)
            | Event::InlineHtml(_)
            | Event::Html(_)
            | Event::InlineMath(_)
            | Event::DisplayMath(_) => {
                opaque.push(range.clone());
                excluded.push(range.clone());
                if leaf_depth == 0 && opaque_depth == 0 {
                    extend(&mut loose, range);
                }
            }
            Event::Text(_)
            | Event::SoftBreak
            | Event::HardBreak
            | Event::FootnoteReference(_)
            | Event::TaskListMarker(_) => {
                if leaf_depth == 0 && opaque_depth == 0 {
                    extend(&mut loose, range);
                }
            }
            Event::Rule => flush_loose(&mut loose, &mut structure.blocks, quote_depth),
        }
    }
    flush_loose(&mut loose, &mut structure.blocks, quote_depth);
    structure.blocks.sort_by_key(|b| b.range.start);
    structure.excluded = excluded;
    structure.opaque = opaque;
    structure
}

/// Adds every HTML comment, from `<!--` to `-->`, to the excluded and opaque ranges,
/// read over the whole text: a comment that starts inside a paragraph may end in a later
/// piece.
fn exclude_comments(text: &str, excluded: &mut Vec<Range<usize>>, opaque: &mut Vec<Range<usize>>) {
    // pulldown-cmark splits an HTML comment that spans blank lines into pieces; a
    // comment is excluded from `<!--` to `-->` however the parser saw it.
    // Code is what a `<!--` must not be inside. Comments are found left to right, so
    // one pass over code ranges by start, keeping the furthest end, answers "inside
    // code?" for each (checking every range for every comment was quadratic).
    let mut code: Vec<Range<usize>> = excluded
        .iter()
        .filter(|r| !text[(*r).clone()].starts_with("<!--"))
        .cloned()
        .collect();
    code.sort_by_key(|r| r.start);
    let mut code_seen = 0;
    let mut code_reach = 0;
    let mut search = 0;
    // memmem rather than `str::find`: this runs over the whole text on every keystroke.
    let bytes = text.as_bytes();
    while let Some(open) = memchr::memmem::find(&bytes[search..], b"<!--") {
        let start = search + open;
        while code_seen < code.len() && code[code_seen].start < start {
            code_reach = code_reach.max(code[code_seen].end);
            code_seen += 1;
        }
        let in_code = start < code_reach;
        if in_code {
            search = start + 4;
            continue;
        }
        let end = memchr::memmem::find(&bytes[start + 4..], b"-->")
            .map_or(text.len(), |close| start + 4 + close + 3);
        excluded.push(start..end);
        opaque.push(start..end);
        search = end;
    }
}

/// Sorts ranges and merges those that overlap or touch.
fn merge(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    ranges.sort_by_key(|r| (r.start, r.end));
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    merged
}

fn extend(loose: &mut Option<Range<usize>>, range: Range<usize>) {
    match loose {
        Some(r) => {
            r.start = r.start.min(range.start);
            r.end = r.end.max(range.end);
        }
        None => *loose = Some(range),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separates_prose_from_quotes_code_and_comments() {
        let text = "# Title\n\nSome prose.\n\n> quoted objection\n\n```\ncode\n```\n\n<!-- a\n\ncomment -->\n\n- tight item\n- second `code`\n";
        let s = parse(text);
        let blocks: Vec<&str> = s.blocks.iter().map(|b| &text[b.range.clone()]).collect();
        assert_eq!(
            blocks,
            vec!["# Title", "Some prose.", "tight item", "second `code`"]
        );
        let quote = text.find("quoted").unwrap();
        assert!(s.is_excluded(&(quote..quote + 6)));
        let comment = text.find("comment").unwrap();
        assert!(s.is_excluded(&(comment..comment + 7)));
        let code = text.find("`code`").unwrap();
        assert!(s.is_excluded(&(code..code + 6)));
        let prose = text.find("Some").unwrap();
        assert!(!s.is_excluded(&(prose..prose + 4)));
    }

    /// Parsing in pieces cut as small as the cutting rules allow gives the structure
    /// parsing the whole gives.
    fn same_in_pieces(text: &str) -> usize {
        let mut whole = parse_in_pieces(text, usize::MAX, None);
        let mut pieces = parse_in_pieces(text, 1, None);
        assert_eq!(pieces.pieces, crate::fixture_tests::finest_pieces(text));
        (whole.pieces, pieces.pieces) = (Vec::new(), Vec::new());
        assert_eq!(pieces, whole, "{text:?}");
        super::pieces(text, 1).count()
    }

    #[test]
    fn every_fixture_parses_the_same_in_pieces() {
        crate::fixture_tests::every_fixture_reads_the_same_in_pieces(same_in_pieces);
    }

    #[test]
    fn constructs_that_span_blank_lines_are_not_cut() {
        for text in [
            "Intro.\n\n```\ncode\n\nText inside the fence\n```\n\nAfter.\n",
            "Intro.\n\n~~~~ rust\ncode\n\nText\n~~~\n\nStill code\n~~~~\n\nAfter.\n",
            "Intro.\n\n<!-- a comment\n\nText inside -->\n\nAfter.\n",
            "Intro.\n<!--\n\nText inside\n-->\nAfter.\n",
            "Intro.\n\n<pre>\n\nText inside\n</pre>\n\nAfter.\n",
            "Intro.\n\n<SCRIPT type=x>\n\nText\n</script>\n\nAfter.\n",
            "Intro.\n\n<?php\n\nText ?>\n\nAfter.\n",
            "Intro.\n\n<![CDATA[\n\nText]]>\n\nAfter.\n",
            "---\ntitle: x\n\nnote: y\n---\n\nBody.\n\nMore.\n",
            "Intro.\n\n  ```\ncode\n\nText\n  ```\n\nAfter.\n",
            "- item\n\n  ```\n  code\n\nText ends the list\n```\n\nIn a new fence.\n",
            "- item\n\n   <!--\n\nText\n-->\n\nAfter.\n",
            "> quote\n>\n> more\n\nText.\n\n> again\nlazy\n\nEnd.\n",
            "1. one\n\n2. two\n\nText\n\n3. three\n",
            "- a\n- b\n\nText\n\n- c\n\n  d\n\nText\n",
            "Text[^1].\n\n[^1]: A note\n\n    continued.\n\nText.\n",
            "[link][ref]\n\nText\n\n[ref]: https://example.com\n\nMore.\n",
            "| a | b |\n|---|---|\n| c | d |\n\nText\n\n| e |\n|---|\n",
            "Title\n=====\n\nText\n-----\n\nMore\n",
            "    indented code\n\nText\n\n    more code\n",
            "<div>\n\nText\n\n</div>\n\nAfter.\n",
            "Émile.\n\nÑandú.\n\n中文\n\n\u{a0}Text\n",
        ] {
            same_in_pieces(text);
        }
    }

    /// The previous cuts of `before`, as the cache gives them for `after`.
    fn previous_of(before: &str, after: &str, min_bytes: usize) -> PreviousPieces {
        let (a, b) = (before.as_bytes(), after.as_bytes());
        let same_start = a.iter().zip(b).take_while(|(x, y)| x == y).count();
        let rest = a.len().min(b.len()) - same_start;
        let same_end = a
            .iter()
            .rev()
            .zip(b.iter().rev())
            .take(rest)
            .take_while(|(x, y)| x == y)
            .count();
        PreviousPieces {
            cuts: PieceCuts {
                min_bytes,
                cuts: cut(before, min_bytes, None),
            },
            length: before.len(),
            same_start,
            same_end,
        }
    }

    #[test]
    fn cuts_kept_from_before_an_edit_are_the_edited_texts_cuts() {
        // Edits that open or close what a cut may not fall in, or make a line one.
        let snippets = [
            "x",
            "\n\n",
            "\n",
            "```\n",
            "\n```\n\n",
            "~~~",
            "<!--",
            "-->",
            "\n\n<pre>\n",
            "</pre>",
            "- ",
            "1. ",
            "  ",
            "---\n",
            "\n\nText\n\n",
            "> ",
            "\r\n",
            "é",
            "中",
        ];
        let constructed = "Intro.\n\n```\ncode\n\nText\n```\n\nAfter.\n\n<!-- a\n\nb -->\n\n- item\n\n  more\n\nText.\n\n1. one\n\nPara.\n\n<pre>\n\nx\n</pre>\n\nEnd.\n".repeat(6);
        let texts = crate::fixture_tests::texts()
            .iter()
            .map(String::as_str)
            .chain([
                constructed.as_str(),
                "---\ntitle: x\n\nnote: y\n---\n\nBody.\n\nMore.\n\nAnd more.\n",
            ]);
        // A fixed pseudo-random sequence, so that a failure repeats.
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = |bound: usize| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize % bound.max(1)
        };
        // Edits at the edges of what is kept: a first character changed in its last
        // byte (an ellipsis to an em space, which is whitespace: no cut), and the byte
        // just before the unchanged end (a line that becomes a fence).
        for (before, after) in [
            (
                "Intro.\n\n\u{2026}Line.\n\nNext.\n",
                "Intro.\n\n\u{2003}Line.\n\nNext.\n",
            ),
            (
                "A.\n\nX``\nB.\n\nC.\n\n```\n\nD.\n",
                "A.\n\n```\nB.\n\nC.\n\n```\n\nD.\n",
            ),
        ] {
            let previous = previous_of(before, after, 1);
            assert_ne!(previous.cuts.cuts, cut(after, 1, None));
            assert_eq!(
                cut(after, 1, Some(&previous)),
                cut(after, 1, None),
                "{after:?}"
            );
        }
        let (mut checked, mut kept) = (0, 0);
        for text in texts {
            for min_bytes in [1, 40, 300] {
                for _ in 0..12 {
                    let boundary = |at: usize| {
                        (at..=text.len())
                            .find(|&i| text.is_char_boundary(i))
                            .unwrap()
                    };
                    let start = boundary(next(text.len() + 1));
                    let end = boundary((start + next(4) * next(12)).min(text.len()));
                    let inserted = if next(3) == 0 {
                        ""
                    } else {
                        snippets[next(snippets.len())]
                    };
                    let edited = format!("{}{inserted}{}", &text[..start], &text[end..]);
                    let previous = previous_of(text, &edited, min_bytes);
                    let fresh = cut(&edited, min_bytes, None);
                    assert_eq!(
                        cut(&edited, min_bytes, Some(&previous)),
                        fresh,
                        "{text:?} with {start}..{end} replaced by {inserted:?}, min {min_bytes}"
                    );
                    checked += 1;
                    kept += usize::from(fresh.len() > 2 && previous.cuts.cuts.len() > 2);
                }
            }
        }
        // A good part of the edited texts had cuts to keep.
        assert!(kept * 4 > checked, "{kept} of {checked}");
    }

    #[test]
    fn front_matter_is_not_prose() {
        let text = "---\ntitle: Motion\nkind: motion\n---\n\nBody.\n";
        let s = parse(text);
        assert!(s.front_matter.is_some());
        assert_eq!(s.blocks.len(), 1);
        assert_eq!(&text[s.blocks[0].range.clone()], "Body.");
    }
}
