//! The document outline: headings, and each request and response of a discovery
//! response, nested under the heading they fall in.

use super::discovery::Discovery;
use super::markdown::{BlockKind, Structure};
use std::ops::Range;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SymbolKind {
    Heading,
    Request,
    GeneralObjections,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Symbol {
    pub name: String,
    pub kind: SymbolKind,
    /// The whole extent (to the next heading of the same or higher level).
    pub range: Range<usize>,
    /// The part to select and reveal (the heading or label).
    pub selection: Range<usize>,
    pub children: Vec<Symbol>,
}

fn heading_name(text: &str) -> String {
    text.trim_start_matches('#')
        .trim()
        .trim_matches(['*', '_'])
        .trim()
        .to_string()
}

pub fn build(text: &str, structure: &Structure, discovery: &Discovery) -> Vec<Symbol> {
    // Flat list of (level, symbol) in document order; level 7 for leaf items.
    let mut flat: Vec<(u8, Symbol)> = Vec::new();
    for block in &structure.blocks {
        if let BlockKind::Heading(level) = block.kind {
            let is_general = discovery
                .general_objections
                .as_ref()
                .is_some_and(|g| g.heading == block.range);
            let is_label = discovery
                .units
                .iter()
                .any(|u| block.range.start <= u.label.start && u.label.end <= block.range.end);
            if is_label {
                continue;
            }
            flat.push((
                level,
                Symbol {
                    name: heading_name(&text[block.range.clone()]),
                    kind: if is_general {
                        SymbolKind::GeneralObjections
                    } else {
                        SymbolKind::Heading
                    },
                    range: block.range.clone(),
                    selection: block.range.clone(),
                    children: Vec::new(),
                },
            ));
        }
    }
    if let Some(general) = &discovery.general_objections {
        if !flat.iter().any(|(_, s)| s.selection == general.heading) {
            flat.push((
                7,
                Symbol {
                    name: "General Objections".to_string(),
                    kind: SymbolKind::GeneralObjections,
                    range: general.heading.clone(),
                    selection: general.heading.clone(),
                    children: Vec::new(),
                },
            ));
        }
    }
    // A response with no label (discovery::unlabeled_responses) has nothing to name.
    for unit in discovery.units.iter().filter(|u| !u.label.is_empty()) {
        let end = unit.segments.last().map_or(unit.label.end, |s| s.end);
        let name = text[unit.label.clone()]
            .trim_matches(['*', '_', '#', ' ', ':'])
            .to_string();
        flat.push((
            7,
            Symbol {
                name,
                kind: SymbolKind::Request,
                range: unit.label.start.min(end)..end.max(unit.label.end),
                selection: unit.label.clone(),
                children: Vec::new(),
            },
        ));
    }
    flat.sort_by_key(|(_, s)| s.selection.start);
    // Each heading's extent runs to the next heading of the same or higher level.
    for i in 0..flat.len() {
        if flat[i].0 < 7 {
            let level = flat[i].0;
            let end = flat[i + 1..]
                .iter()
                .find(|(l, _)| *l <= level)
                .map_or(text.trim_end().len(), |(_, s)| s.range.start);
            let start = flat[i].1.range.start;
            flat[i].1.range = start..end.max(flat[i].1.selection.end);
        }
    }
    nest(&mut flat.into_iter().peekable(), 0)
}

fn nest(
    items: &mut std::iter::Peekable<impl Iterator<Item = (u8, Symbol)>>,
    parent_level: u8,
) -> Vec<Symbol> {
    let mut out = Vec::new();
    while let Some((level, _)) = items.peek() {
        if *level <= parent_level {
            break;
        }
        let (level, mut symbol) = items.next().unwrap();
        if level < 7 {
            symbol.children = nest(items, level);
        }
        out.push(symbol);
    }
    out
}
