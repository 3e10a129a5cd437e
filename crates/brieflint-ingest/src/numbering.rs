//! Word's automatic numbering (`word/numbering.xml`): the number Word shows in front of a
//! numbered paragraph, so "REQUEST NO. 12:" survives when Word generated the 12.
//!
//! A paragraph names a numbering instance (`w:numId`) and a level (`w:ilvl`); the instance
//! points at an abstract definition whose levels give the start value, the number format
//! and the level text ("REQUEST NO. %1:"). Counters are kept per abstract definition, as
//! Word keeps them: two instances of one definition continue each other's count unless an
//! instance overrides the start. Starting a level resets the levels below it.

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::collections::HashMap;

#[derive(Clone, Debug, Default)]
struct Level {
    start: u32,
    format: String,
    text: String,
}

#[derive(Clone, Debug, Default)]
struct Instance {
    abstract_id: String,
    /// Level -> start override.
    start_overrides: HashMap<u8, u32>,
}

#[derive(Debug, Default)]
pub struct Numbering {
    abstracts: HashMap<String, HashMap<u8, Level>>,
    instances: HashMap<String, Instance>,
    /// Abstract id -> the current value of each level (None: not yet used).
    counters: HashMap<String, [Option<u32>; 9]>,
    /// Instances whose start overrides have been applied.
    started: std::collections::HashSet<String>,
}

pub fn attribute(element: &BytesStart, name: &[u8]) -> Option<String> {
    element
        .attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .map(|a| String::from_utf8_lossy(&a.value).into_owned())
}

impl Numbering {
    pub fn parse(xml: &str) -> Numbering {
        let mut numbering = Numbering::default();
        let mut reader = Reader::from_str(xml);
        let mut abstract_id: Option<String> = None;
        let mut level: Option<(u8, Level)> = None;
        let mut instance: Option<(String, Instance)> = None;
        let mut override_level: Option<u8> = None;
        loop {
            let event = match reader.read_event() {
                Ok(Event::Eof) | Err(_) => break,
                Ok(event) => event,
            };
            let (element, is_end) = match &event {
                Event::Start(e) | Event::Empty(e) => (Some(e.clone()), false),
                Event::End(_) => (None, true),
                _ => continue,
            };
            if is_end {
                if let Event::End(e) = &event {
                    match e.local_name().as_ref() {
                        b"abstractNum" => abstract_id = None,
                        b"lvl" => {
                            if let (Some(id), Some((index, lvl))) = (&abstract_id, level.take()) {
                                numbering
                                    .abstracts
                                    .entry(id.clone())
                                    .or_default()
                                    .insert(index, lvl);
                            }
                        }
                        b"num" => {
                            if let Some((id, inst)) = instance.take() {
                                numbering.instances.insert(id, inst);
                            }
                        }
                        b"lvlOverride" => override_level = None,
                        _ => {}
                    }
                }
                continue;
            }
            let Some(e) = element else { continue };
            let is_empty = matches!(event, Event::Empty(_));
            match e.local_name().as_ref() {
                b"abstractNum" => abstract_id = attribute(&e, b"abstractNumId"),
                b"lvl" if abstract_id.is_some() && instance.is_none() => {
                    let index = attribute(&e, b"ilvl")
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(0);
                    level = Some((
                        index,
                        Level {
                            start: 1,
                            format: "decimal".into(),
                            text: String::new(),
                        },
                    ));
                    if is_empty {
                        level = None;
                    }
                }
                b"start" => {
                    if let (Some((_, lvl)), Some(v)) = (&mut level, attribute(&e, b"val")) {
                        lvl.start = v.parse().unwrap_or(1);
                    }
                }
                b"numFmt" => {
                    if let (Some((_, lvl)), Some(v)) = (&mut level, attribute(&e, b"val")) {
                        lvl.format = v;
                    }
                }
                b"lvlText" => {
                    if let (Some((_, lvl)), Some(v)) = (&mut level, attribute(&e, b"val")) {
                        lvl.text = v;
                    }
                }
                b"num" => {
                    if let Some(id) = attribute(&e, b"numId") {
                        instance = Some((id, Instance::default()));
                    }
                }
                b"abstractNumId" => {
                    if let (Some((_, inst)), Some(v)) = (&mut instance, attribute(&e, b"val")) {
                        inst.abstract_id = v;
                    }
                }
                b"lvlOverride" => {
                    override_level = attribute(&e, b"ilvl").and_then(|v| v.parse().ok());
                }
                b"startOverride" => {
                    if let (Some((_, inst)), Some(index), Some(v)) =
                        (&mut instance, override_level, attribute(&e, b"val"))
                    {
                        inst.start_overrides.insert(index, v.parse().unwrap_or(1));
                    }
                }
                _ => {}
            }
        }
        numbering
    }

    /// The marker for the next paragraph numbered (`num_id`, `level`), advancing the
    /// count; `None` when the numbering is not defined or is "no number" (`numId` 0).
    pub fn next(&mut self, num_id: &str, level: u8) -> Option<String> {
        if num_id == "0" || level > 8 {
            return None;
        }
        let instance = self.instances.get(num_id)?.clone();
        let levels = self.abstracts.get(&instance.abstract_id)?.clone();
        let counters = self
            .counters
            .entry(instance.abstract_id.clone())
            .or_insert([None; 9]);
        if self.started.insert(num_id.to_string()) {
            for (index, start) in &instance.start_overrides {
                if let Some(slot) = counters.get_mut(*index as usize) {
                    // The next paragraph at this level shows `start`.
                    *slot = Some(start.saturating_sub(1));
                }
            }
        }
        let start = levels.get(&level).map_or(1, |l| l.start);
        let value = match counters[level as usize] {
            Some(value) => value.saturating_add(1),
            None => start,
        };
        counters[level as usize] = Some(value);
        for deeper in counters.iter_mut().skip(level as usize + 1) {
            *deeper = None;
        }
        let definition = levels.get(&level)?;
        if definition.format == "none" {
            return (!definition.text.trim().is_empty()).then(|| definition.text.clone());
        }
        if definition.format == "bullet" {
            return Some("-".into());
        }
        let mut text = definition.text.clone();
        for index in (0..9u8).rev() {
            let placeholder = format!("%{}", index + 1);
            if text.contains(&placeholder) {
                let value = counters[index as usize]
                    .unwrap_or_else(|| levels.get(&index).map_or(1, |l| l.start));
                let format = levels.get(&index).map_or("decimal", |l| l.format.as_str());
                text = text.replace(&placeholder, &format_number(value, format));
            }
        }
        Some(text)
    }
}

fn format_number(value: u32, format: &str) -> String {
    match format {
        "upperRoman" => roman(value).to_uppercase(),
        "lowerRoman" => roman(value),
        "upperLetter" => letter(value).to_uppercase(),
        "lowerLetter" => letter(value),
        "decimalZero" if value < 10 => format!("0{value}"),
        "ordinal" => {
            let suffix = match (value % 10, value % 100) {
                (_, 11..=13) => "th",
                (1, _) => "st",
                (2, _) => "nd",
                (3, _) => "rd",
                _ => "th",
            };
            format!("{value}{suffix}")
        }
        _ => value.to_string(),
    }
}

fn roman(mut value: u32) -> String {
    const TABLE: &[(u32, &str)] = &[
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    if value == 0 || value > 3999 {
        return value.to_string();
    }
    let mut out = String::new();
    for (n, s) in TABLE {
        while value >= *n {
            out.push_str(s);
            value -= n;
        }
    }
    out
}

/// Word's letters: a..z, then aa..zz, and so on.
fn letter(value: u32) -> String {
    if value == 0 {
        return "0".into();
    }
    let index = (value - 1) % 26;
    let repeat = ((value - 1) / 26 + 1).min(10) as usize;
    let c = char::from(b'a' + index as u8);
    std::iter::repeat_n(c, repeat).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const XML: &str = r#"<w:numbering xmlns:w="x">
      <w:abstractNum w:abstractNumId="3">
        <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="REQUEST FOR PRODUCTION NO. %1:"/></w:lvl>
        <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%2)"/></w:lvl>
      </w:abstractNum>
      <w:abstractNum w:abstractNumId="4">
        <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>
      </w:abstractNum>
      <w:num w:numId="7"><w:abstractNumId w:val="3"/></w:num>
      <w:num w:numId="8"><w:abstractNumId w:val="3"/></w:num>
      <w:num w:numId="9"><w:abstractNumId w:val="3"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="12"/></w:lvlOverride></w:num>
      <w:num w:numId="10"><w:abstractNumId w:val="4"/></w:num>
    </w:numbering>"#;

    #[test]
    fn word_generated_request_numbers_are_recovered() {
        let mut n = Numbering::parse(XML);
        assert_eq!(
            n.next("7", 0).as_deref(),
            Some("REQUEST FOR PRODUCTION NO. 1:")
        );
        assert_eq!(n.next("7", 1).as_deref(), Some("(a)"));
        assert_eq!(n.next("7", 1).as_deref(), Some("(b)"));
        // Another instance of the same list continues the count.
        assert_eq!(
            n.next("8", 0).as_deref(),
            Some("REQUEST FOR PRODUCTION NO. 2:")
        );
        assert_eq!(n.next("8", 1).as_deref(), Some("(a)"));
        // An instance that overrides the start restarts there.
        assert_eq!(
            n.next("9", 0).as_deref(),
            Some("REQUEST FOR PRODUCTION NO. 12:")
        );
        assert_eq!(
            n.next("9", 0).as_deref(),
            Some("REQUEST FOR PRODUCTION NO. 13:")
        );
        assert_eq!(n.next("10", 0).as_deref(), Some("I."));
        assert_eq!(n.next("10", 0).as_deref(), Some("II."));
        assert_eq!(n.next("0", 0), None);
        assert_eq!(n.next("99", 0), None);
    }
}
