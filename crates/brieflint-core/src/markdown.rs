//! Markdown structure with byte ranges: the prose blocks rules may read, and the
//! regions they must never flag (code, HTML and comments, block quotes, front matter).

use pulldown_cmark::{Event, MetadataBlockKind, Options, Parser, Tag, TagEnd};
use std::ops::Range;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlockKind {
    Paragraph,
    Heading(u8),
    /// Text of a tight list item or a table cell (no paragraph of its own).
    Inline,
}

/// A leaf block of the author's own prose (never inside a block quote).
#[derive(Clone, Debug)]
pub struct Block {
    pub kind: BlockKind,
    /// Source range, trimmed of surrounding whitespace.
    pub range: Range<usize>,
}

#[derive(Debug, Default)]
pub struct Structure {
    pub blocks: Vec<Block>,
    /// Sorted, non-overlapping byte ranges that no rule may flag.
    pub excluded: Vec<Range<usize>>,
    /// Sorted, non-overlapping ranges of code, HTML (comments included) and front
    /// matter: text in them is not prose and holds no citations.
    pub opaque: Vec<Range<usize>>,
    /// The YAML front matter's byte range (between the fences), if any.
    pub front_matter: Option<Range<usize>>,
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

pub fn parse(text: &str) -> Structure {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
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

    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
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
    while let Some(open) = text[search..].find("<!--") {
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
        let end = text[start + 4..]
            .find("-->")
            .map_or(text.len(), |close| start + 4 + close + 3);
        excluded.push(start..end);
        opaque.push(start..end);
        search = end;
    }

    structure.excluded = merge(excluded);
    structure.opaque = merge(opaque);
    structure.blocks.sort_by_key(|b| b.range.start);
    structure
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

    #[test]
    fn front_matter_is_not_prose() {
        let text = "---\ntitle: Motion\nkind: motion\n---\n\nBody.\n";
        let s = parse(text);
        assert!(s.front_matter.is_some());
        assert_eq!(s.blocks.len(), 1);
        assert_eq!(&text[s.blocks[0].range.clone()], "Body.");
    }
}
