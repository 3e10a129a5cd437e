//! .docx (and .docm) -> blocks: the body's paragraphs in order (table cells included),
//! headings from paragraph styles, bold from run properties and character and paragraph
//! styles, Word's automatic numbering, footnotes and endnotes.
//!
//! Tracked changes are read as if accepted: text inside `w:ins` and `w:moveTo` is kept,
//! text inside `w:del` and `w:moveFrom` is not (deleted text is `w:delText`, never read).
//! Comments are ignored: `comments.xml` is never opened and the range markers carry no
//! text. Field instructions (`w:instrText`) are not text; a field's result is. Of a
//! `mc:AlternateContent`, the first choice is read and the fallback (the same content for
//! older readers) is not. Page headers and footers are separate parts and are not read.
//! Macros in a .docm are a separate part too: nothing but XML text is read, nothing run.
//!
//! Every part is read through a size budget shared by the whole archive, so a
//! decompression bomb is refused when it has unpacked `max_unpacked_bytes`, whatever its
//! directory claims.

use crate::markdown::{self, Block, BlockKind, Piece, Style};
use crate::numbering::{attribute, Numbering};
use crate::source_map::Origin;
use crate::{Converted, Limits, Refusal};
use quick_xml::events::Event;
use quick_xml::Reader;
use std::collections::HashMap;
use std::io::{Cursor, Read};
use std::sync::LazyLock;

/// An archive with more entries than this is not a Word document anyone typed.
const MAX_ENTRIES: usize = 20_000;

pub fn convert(bytes: &[u8], limits: &Limits) -> Result<Converted, Refusal> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        Refusal(format!(
            "the .docx is not a readable zip archive (corrupt or truncated): {e}"
        ))
    })?;
    if archive.len() > MAX_ENTRIES {
        return Err(Refusal(format!(
            "the .docx has {} archive entries; not a Word document",
            archive.len()
        )));
    }
    let mut budget = limits.max_unpacked_bytes;
    let document = read_part(
        &mut archive,
        "word/document.xml",
        &mut budget,
        limits.max_unpacked_bytes,
    )?
    .ok_or_else(|| Refusal("not a Word document: the archive has no word/document.xml".into()))?;
    let numbering = read_part(
        &mut archive,
        "word/numbering.xml",
        &mut budget,
        limits.max_unpacked_bytes,
    )?;
    let styles = read_part(
        &mut archive,
        "word/styles.xml",
        &mut budget,
        limits.max_unpacked_bytes,
    )?;
    let footnotes = read_part(
        &mut archive,
        "word/footnotes.xml",
        &mut budget,
        limits.max_unpacked_bytes,
    )?;
    let endnotes = read_part(
        &mut archive,
        "word/endnotes.xml",
        &mut budget,
        limits.max_unpacked_bytes,
    )?;

    let styles = styles.as_deref().map(Styles::parse).unwrap_or_default();
    let mut numbering = numbering
        .as_deref()
        .map(Numbering::parse)
        .unwrap_or_default();
    let body = walk(&document).map_err(xml_refusal("word/document.xml"))?;
    let footnotes = match footnotes.as_deref() {
        Some(xml) => walk(xml).map_err(xml_refusal("word/footnotes.xml"))?,
        None => Vec::new(),
    };
    let endnotes = match endnotes.as_deref() {
        Some(xml) => walk(xml).map_err(xml_refusal("word/endnotes.xml"))?,
        None => Vec::new(),
    };

    let mut blocks = Vec::new();
    let mut label: Option<String> = None;
    // (kind, id) -> (rendered number, paragraph, label), in order of first reference.
    let mut notes: Vec<(NoteKind, String, u32, u32, Option<String>)> = Vec::new();
    let mut index = 0u32;
    for paragraph in &body {
        index += 1;
        let style = paragraph.style.as_deref().and_then(|s| styles.get(s));
        let num = paragraph
            .num
            .clone()
            .or_else(|| style.and_then(|s| s.num.clone()));
        let marker = num.and_then(|(id, level)| numbering.next(&id, level));
        let text: String = paragraph.runs.iter().map(|r| r.text.as_str()).collect();
        let labelled = format!("{} {}", marker.as_deref().unwrap_or(""), text);
        label = next_label(&labelled, label);
        let origin = Origin::Paragraph {
            index,
            label: label.clone(),
        };
        let paragraph_bold = style.is_some_and(|s| s.bold);
        let mut pieces = Vec::new();
        for run in &paragraph.runs {
            if let Some((kind, id)) = &run.note {
                let number = match notes.iter().find(|n| n.0 == *kind && n.1 == *id) {
                    Some(note) => note.2,
                    None => {
                        let number = notes.iter().filter(|n| n.0 == *kind).count() as u32 + 1;
                        notes.push((*kind, id.clone(), number, index, label.clone()));
                        number
                    }
                };
                pieces.push(Piece {
                    text: format!("[^{}{number}]", kind.prefix()),
                    style: Style::Raw,
                    origin: origin.clone(),
                });
                continue;
            }
            let bold = run
                .bold
                .or_else(|| {
                    run.style
                        .as_deref()
                        .and_then(|s| styles.get(s))
                        .map(|s| s.bold)
                })
                .unwrap_or(paragraph_bold);
            pieces.push(Piece {
                text: run.text.clone(),
                style: if bold { Style::Bold } else { Style::Plain },
                origin: origin.clone(),
            });
        }
        let kind = match (style.and_then(|s| s.heading), &marker) {
            (Some(level), _) => BlockKind::Heading(level),
            (None, Some(marker)) => BlockKind::Numbered(marker.clone()),
            (None, None) => BlockKind::Paragraph,
        };
        if let (BlockKind::Heading(_), Some(marker)) = (&kind, &marker) {
            pieces.insert(
                0,
                Piece {
                    text: format!("{marker} "),
                    style: Style::Plain,
                    origin: origin.clone(),
                },
            );
        }
        blocks.push(Block { kind, pieces });
    }
    for (kind, id, number, paragraph, label) in &notes {
        let source = match kind {
            NoteKind::Footnote => &footnotes,
            NoteKind::Endnote => &endnotes,
        };
        let origin = Origin::Note {
            note: kind.name().into(),
            number: *number,
            paragraph: *paragraph,
            label: label.clone(),
        };
        let mut pieces = Vec::new();
        for note_paragraph in source.iter().filter(|p| p.note.as_deref() == Some(id)) {
            if !pieces.is_empty() {
                pieces.push(Piece {
                    text: " ".into(),
                    style: Style::Plain,
                    origin: origin.clone(),
                });
            }
            for run in note_paragraph.runs.iter().filter(|r| r.note.is_none()) {
                pieces.push(Piece {
                    text: run.text.clone(),
                    style: if run.bold == Some(true) {
                        Style::Bold
                    } else {
                        Style::Plain
                    },
                    origin: origin.clone(),
                });
            }
        }
        blocks.push(Block {
            kind: BlockKind::Note(format!("{}{number}", kind.prefix())),
            pieces,
        });
    }
    let (markdown, map) = markdown::render(&blocks);
    let mut notices = Vec::new();
    if markdown.trim().is_empty() {
        notices.push("the Word document has no text".to_string());
    }
    Ok(Converted {
        markdown,
        map,
        notices,
    })
}

fn xml_refusal(part: &'static str) -> impl Fn(quick_xml::Error) -> Refusal {
    move |_| {
        Refusal(format!(
            "the .docx is damaged: {part} is not well-formed XML"
        ))
    }
}

/// Reads one part of the archive within the remaining budget; `None` when absent.
fn read_part(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
    budget: &mut u64,
    limit: u64,
) -> Result<Option<String>, Refusal> {
    let file = match archive.by_name(name) {
        Ok(file) => file,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(zip::result::ZipError::UnsupportedArchive(why)) if why.contains("assword") => {
            return Err(Refusal(
                "the .docx is password-protected or encrypted: save it without a password".into(),
            ))
        }
        Err(e) => {
            return Err(Refusal(format!(
                "the .docx is damaged: {name} cannot be read ({e})"
            )))
        }
    };
    if file.encrypted() {
        return Err(Refusal(
            "the .docx is password-protected or encrypted: save it without a password".into(),
        ));
    }
    let bomb = || {
        Refusal(format!(
            "the .docx unpacks to more than {limit} bytes (a decompression bomb?)"
        ))
    };
    if file.size() > *budget {
        return Err(bomb());
    }
    let mut bytes = Vec::new();
    let read = file.take(*budget + 1).read_to_end(&mut bytes);
    if let Err(e) = read {
        return Err(Refusal(format!(
            "the .docx is damaged: {name} cannot be unpacked ({e})"
        )));
    }
    if bytes.len() as u64 > *budget {
        return Err(bomb());
    }
    *budget -= bytes.len() as u64;
    Ok(Some(String::from_utf8_lossy(&bytes).into_owned()))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum NoteKind {
    Footnote,
    Endnote,
}

impl NoteKind {
    fn prefix(self) -> &'static str {
        match self {
            NoteKind::Footnote => "",
            NoteKind::Endnote => "e",
        }
    }
    fn name(self) -> &'static str {
        match self {
            NoteKind::Footnote => "footnote",
            NoteKind::Endnote => "endnote",
        }
    }
}

#[derive(Debug, Default)]
struct Run {
    text: String,
    bold: Option<bool>,
    style: Option<String>,
    note: Option<(NoteKind, String)>,
}

#[derive(Debug, Default)]
struct Paragraph {
    style: Option<String>,
    num: Option<(String, u8)>,
    runs: Vec<Run>,
    /// The footnote or endnote id this paragraph belongs to (notes parts only).
    note: Option<String>,
}

/// Elements whose content is not text of the document as accepted.
fn skipped(name: &[u8]) -> bool {
    matches!(
        name,
        b"del"
            | b"moveFrom"
            | b"instrText"
            | b"delInstrText"
            | b"Fallback"
            | b"pPrChange"
            | b"rPrChange"
            | b"sectPrChange"
            | b"tblPrChange"
            | b"trPrChange"
            | b"tcPrChange"
            | b"numberingChange"
    )
}

fn on_off(element: &quick_xml::events::BytesStart) -> bool {
    !matches!(
        attribute(element, b"val").as_deref(),
        Some("0" | "false" | "off")
    )
}

/// The paragraphs of a document, footnotes or endnotes part, in order. A paragraph
/// nested in another (a text box) is its own paragraph, after the one holding it.
fn walk(xml: &str) -> Result<Vec<Paragraph>, quick_xml::Error> {
    let mut reader = Reader::from_str(xml);
    let mut out = Vec::new();
    let mut stack: Vec<Paragraph> = Vec::new();
    let mut skip_depth = 0usize;
    let mut in_run = false;
    let mut in_run_properties = false;
    let mut in_paragraph_properties = false;
    let mut in_text = false;
    let mut note: Option<String> = None;
    let mut skip_note = false;
    loop {
        let event = reader.read_event()?;
        match event {
            Event::Eof => break,
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                let local = e.local_name();
                let name = local.as_ref();
                if skip_depth > 0 {
                    if !empty {
                        skip_depth += 1;
                    }
                    continue;
                }
                if skipped(name) {
                    if !empty {
                        skip_depth = 1;
                    }
                    continue;
                }
                match name {
                    b"footnote" | b"endnote" => {
                        note = attribute(e, b"id");
                        skip_note = matches!(
                            attribute(e, b"type").as_deref(),
                            Some("separator" | "continuationSeparator" | "continuationNotice")
                        );
                    }
                    b"p" if !empty => stack.push(Paragraph {
                        note: note.clone(),
                        ..Paragraph::default()
                    }),
                    b"pPr" if !empty => in_paragraph_properties = true,
                    b"pStyle" if in_paragraph_properties => {
                        if let Some(p) = stack.last_mut() {
                            p.style = attribute(e, b"val");
                        }
                    }
                    b"ilvl" if in_paragraph_properties => {
                        if let Some(p) = stack.last_mut() {
                            let level = attribute(e, b"val").and_then(|v| v.parse().ok());
                            let id = p.num.as_ref().map(|n| n.0.clone()).unwrap_or_default();
                            p.num = Some((id, level.unwrap_or(0)));
                        }
                    }
                    b"numId" if in_paragraph_properties => {
                        if let Some(p) = stack.last_mut() {
                            let level = p.num.as_ref().map_or(0, |n| n.1);
                            p.num = attribute(e, b"val").map(|id| (id, level));
                        }
                    }
                    b"r" if !empty && !in_paragraph_properties => {
                        in_run = true;
                        if let Some(p) = stack.last_mut() {
                            p.runs.push(Run::default());
                        }
                    }
                    b"rPr" if in_run && !empty => in_run_properties = true,
                    b"b" if in_run_properties => {
                        if let Some(run) = stack.last_mut().and_then(|p| p.runs.last_mut()) {
                            run.bold = Some(on_off(e));
                        }
                    }
                    b"rStyle" if in_run_properties => {
                        if let Some(run) = stack.last_mut().and_then(|p| p.runs.last_mut()) {
                            run.style = attribute(e, b"val");
                        }
                    }
                    b"t" if in_run && !empty => in_text = true,
                    b"tab" | b"br" | b"cr" if in_run && !in_run_properties => {
                        push_text(&mut stack, " ")
                    }
                    b"noBreakHyphen" if in_run => push_text(&mut stack, "-"),
                    b"footnoteReference" | b"endnoteReference" if in_run => {
                        let kind = if name == b"footnoteReference" {
                            NoteKind::Footnote
                        } else {
                            NoteKind::Endnote
                        };
                        if let (Some(id), Some(p)) = (attribute(e, b"id"), stack.last_mut()) {
                            p.runs.push(Run {
                                note: Some((kind, id)),
                                ..Run::default()
                            });
                            // Text after the reference in the same run goes to a new run.
                            p.runs.push(Run {
                                bold: None,
                                ..Run::default()
                            });
                        }
                    }
                    _ => {}
                }
            }
            Event::End(ref e) => {
                if skip_depth > 0 {
                    skip_depth -= 1;
                    continue;
                }
                match e.local_name().as_ref() {
                    b"p" => {
                        if let Some(p) = stack.pop() {
                            if !skip_note {
                                out.push(p);
                            }
                        }
                    }
                    b"pPr" => in_paragraph_properties = false,
                    b"r" => {
                        in_run = false;
                        in_run_properties = false;
                    }
                    b"rPr" => in_run_properties = false,
                    b"t" => in_text = false,
                    b"footnote" | b"endnote" => {
                        note = None;
                        skip_note = false;
                    }
                    _ => {}
                }
            }
            Event::Text(ref t) if in_text && skip_depth == 0 => {
                let text = t.decode().unwrap_or_default();
                push_text(&mut stack, &text);
            }
            Event::CData(ref t) if in_text && skip_depth == 0 => {
                push_text(&mut stack, &String::from_utf8_lossy(t));
            }
            Event::GeneralRef(ref r) if in_text && skip_depth == 0 => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => match &**r {
                        b"amp" => "&".into(),
                        b"lt" => "<".into(),
                        b"gt" => ">".into(),
                        b"quot" => "\"".into(),
                        b"apos" => "'".into(),
                        _ => String::new(),
                    },
                };
                push_text(&mut stack, &resolved);
            }
            _ => {}
        }
    }
    Ok(out)
}

fn push_text(stack: &mut [Paragraph], text: &str) {
    if let Some(p) = stack.last_mut() {
        if p.runs.is_empty() {
            p.runs.push(Run::default());
        }
        if let Some(run) = p.runs.last_mut() {
            run.text.push_str(text);
        }
    }
}

#[derive(Clone, Debug, Default)]
struct StyleInfo {
    heading: Option<u8>,
    bold: bool,
    num: Option<(String, u8)>,
}

#[derive(Debug, Default)]
struct Styles {
    resolved: HashMap<String, StyleInfo>,
}

#[derive(Debug, Default)]
struct RawStyle {
    name: String,
    based_on: Option<String>,
    outline_level: Option<u8>,
    bold: Option<bool>,
    num_id: Option<String>,
    ilvl: Option<u8>,
}

impl Styles {
    fn get(&self, id: &str) -> Option<&StyleInfo> {
        self.resolved.get(id)
    }

    fn parse(xml: &str) -> Styles {
        let mut raw: HashMap<String, RawStyle> = HashMap::new();
        let mut reader = Reader::from_str(xml);
        let mut current: Option<(String, RawStyle)> = None;
        let mut in_rpr = false;
        let mut in_ppr = false;
        loop {
            let event = match reader.read_event() {
                Ok(Event::Eof) | Err(_) => break,
                Ok(event) => event,
            };
            match &event {
                Event::Start(e) | Event::Empty(e) => {
                    let empty = matches!(event, Event::Empty(_));
                    match e.local_name().as_ref() {
                        b"style" if !empty => {
                            current = attribute(e, b"styleId").map(|id| (id, RawStyle::default()))
                        }
                        b"name" => {
                            if let (Some((_, s)), Some(v)) = (&mut current, attribute(e, b"val")) {
                                s.name = v;
                            }
                        }
                        b"basedOn" => {
                            if let Some((_, s)) = &mut current {
                                s.based_on = attribute(e, b"val");
                            }
                        }
                        b"pPr" if !empty => in_ppr = true,
                        b"rPr" if !empty => in_rpr = true,
                        b"outlineLvl" if in_ppr => {
                            if let Some((_, s)) = &mut current {
                                s.outline_level = attribute(e, b"val").and_then(|v| v.parse().ok());
                            }
                        }
                        b"numId" if in_ppr => {
                            if let Some((_, s)) = &mut current {
                                s.num_id = attribute(e, b"val");
                            }
                        }
                        b"ilvl" if in_ppr => {
                            if let Some((_, s)) = &mut current {
                                s.ilvl = attribute(e, b"val").and_then(|v| v.parse().ok());
                            }
                        }
                        b"b" if in_rpr => {
                            if let Some((_, s)) = &mut current {
                                s.bold = Some(on_off(e));
                            }
                        }
                        _ => {}
                    }
                }
                Event::End(e) => match e.local_name().as_ref() {
                    b"style" => {
                        if let Some((id, s)) = current.take() {
                            raw.insert(id, s);
                        }
                    }
                    b"pPr" => in_ppr = false,
                    b"rPr" => in_rpr = false,
                    _ => {}
                },
                _ => {}
            }
        }
        let mut resolved = HashMap::new();
        for id in raw.keys() {
            let mut info = StyleInfo::default();
            let (mut heading, mut bold, mut num) = (None, None, None);
            let mut at = Some(id.clone());
            // Follow basedOn, nearest first, with a bound against cycles.
            for _ in 0..16 {
                let Some(style) = at.as_ref().and_then(|id| raw.get(id)) else {
                    break;
                };
                let name = style.name.to_ascii_lowercase();
                if heading.is_none() {
                    heading = if name == "title" {
                        Some(1)
                    } else if let Some(n) = name.strip_prefix("heading ") {
                        n.trim().parse::<u8>().ok()
                    } else {
                        style.outline_level.filter(|l| *l < 9).map(|l| l + 1)
                    };
                }
                if bold.is_none() {
                    bold = style.bold;
                }
                if num.is_none() {
                    num = style.num_id.clone().map(|id| (id, style.ilvl.unwrap_or(0)));
                }
                at = style.based_on.clone();
            }
            info.heading = heading.map(|h| h.clamp(1, 6));
            info.bold = bold.unwrap_or(false);
            info.num = num;
            resolved.insert(id.clone(), info);
        }
        Styles { resolved }
    }
}

/// A request or response label at the start of a paragraph.
static LABEL: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(
        r"(?i)\A[\s*_#]*(?P<label>(?:(?:(?:amended|supplemental)\s+)?(?:responses?|answers?|objections?)(?:\s+and\s+(?:objections?|responses?|answers?))?\s+to\s+)?(?:requests?\s+for\s+(?:the\s+)?production(?:\s+of\s+documents)?|requests?\s+for\s+admissions?|requests?\s+to\s+admit|document\s+requests?|interrogatory|request)\s+(?:nos?\.?|numbers?|\#)\s*\d+[a-z]?)",
    )
    .expect("label pattern")
});

/// "RESPONSE:" or "ANSWER:" with no number, answering the request before it.
static BARE_RESPONSE: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(
        r"(?i)\A[\s*_#]*(?:(?:amended|supplemental)\s+)?(?P<word>responses?|answers?|objections?(?:\s+and\s+responses?)?)\s*[:.]",
    )
    .expect("bare response pattern")
});

/// The nearest label after reading a paragraph whose text (numbering marker first) is
/// `text`.
pub(crate) fn next_label(text: &str, previous: Option<String>) -> Option<String> {
    if let Some(m) = LABEL.captures(text).and_then(|c| c.name("label")) {
        let label: String = m.as_str().split_whitespace().collect::<Vec<_>>().join(" ");
        return Some(label);
    }
    if let Some(word) = BARE_RESPONSE.captures(text).and_then(|c| c.name("word")) {
        if let Some(previous) = &previous {
            if !previous.to_ascii_lowercase().contains(" to ") {
                let word = word
                    .as_str()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ");
                let upper = previous.chars().all(|c| !c.is_lowercase());
                let joined = format!("{word} to {previous}");
                return Some(if upper { joined.to_uppercase() } else { joined });
            }
        }
    }
    previous
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_follow_requests_and_their_responses() {
        let l = next_label("**REQUEST FOR PRODUCTION NO. 12:** All documents", None);
        assert_eq!(l.as_deref(), Some("REQUEST FOR PRODUCTION NO. 12"));
        let l = next_label("RESPONSE: Acme objects", l);
        assert_eq!(
            l.as_deref(),
            Some("RESPONSE TO REQUEST FOR PRODUCTION NO. 12")
        );
        let l = next_label("Acme will produce.", l);
        assert_eq!(
            l.as_deref(),
            Some("RESPONSE TO REQUEST FOR PRODUCTION NO. 12")
        );
        let l = next_label("INTERROGATORY NO. 3: State", l);
        assert_eq!(l.as_deref(), Some("INTERROGATORY NO. 3"));
    }

    #[test]
    fn tracked_changes_accepted_comments_and_field_codes_ignored() {
        let xml = r#"<w:document xmlns:w="w"><w:body>
          <w:p><w:r><w:rPr><w:b/></w:rPr><w:t>REQUEST NO. 1:</w:t></w:r>
               <w:r><w:t xml:space="preserve"> All </w:t></w:r>
               <w:ins><w:r><w:t>signed</w:t></w:r></w:ins>
               <w:del><w:r><w:delText>draft</w:delText></w:r></w:del>
               <w:commentRangeStart w:id="0"/><w:r><w:t xml:space="preserve"> contracts &amp; notes</w:t></w:r><w:commentRangeEnd w:id="0"/>
               <w:r><w:commentReference w:id="0"/></w:r>
               <w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>.</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>
          </w:p></w:body></w:document>"#;
        let paragraphs = walk(xml).unwrap();
        let text: String = paragraphs[0].runs.iter().map(|r| r.text.as_str()).collect();
        assert_eq!(text, "REQUEST NO. 1: All signed contracts & notes.");
        assert_eq!(paragraphs[0].runs[0].bold, Some(true));
    }
}
