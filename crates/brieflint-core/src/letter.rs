//! The Rule 37(a)(1) meet-and-confer ("deficiency") letter about the other side's
//! discovery responses, drafted from brieflint's findings: what `brieflint letter FILE...`
//! prints and the editors' "brieflint: Draft deficiency letter" opens (the language
//! server's `brieflint.letter.draft` command). Pure: the edges read and convert the files
//! and hand over the text, and for a converted .docx or .pdf a way to name the place of
//! a byte in the original.
//!
//! The letter says nothing that does not come from a finding, the responses themselves,
//! the configuration, or a verified authority: each deficient response gets the
//! objection quoted exactly, what is wrong (the finding's message, citing only
//! authorities verified against the official text or the opinion), and what is asked,
//! each ask worded after what its cited rule requires. Everything the tool cannot know
//! (the date, the addressee when not configured, the conference date) is a bracketed
//! placeholder for the lawyer to fill in, which `brieflint check` flags (BL003) until
//! it is.
//!
//! The addressee, caption and signature come from `[letter]` in `brieflint.toml`:
//!
//! ```toml
//! court = "N.D. Ill."
//! [letter]
//! caption = "Northwind Medical, Inc. v. Acme Corp."
//! case-number = "No. 1:26-cv-04417"
//! client = "Plaintiff Northwind Medical, Inc."
//! recipient = ["Jane Roe, Esq.", "Hollis & Grant LLP", "100 Main Street", "Chicago, IL 60601"]
//! salutation = "Dear Ms. Roe:"
//! sender = ["John Doe", "Doe & Partners LLP", "Counsel for Plaintiff"]
//! ```

use crate::authorities;
use crate::config::Config;
use crate::discovery::{self, Discovery, RequestKind, ResponseUnit};
use crate::finding::Finding;
use crate::markdown;
use serde::Deserialize;
use std::fmt::Write as _;
use std::ops::Range;

/// The `[letter]` table of `brieflint.toml`.
#[derive(Deserialize, Default, Debug)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct LetterSettings {
    caption: Option<String>,
    case_number: Option<String>,
    client: Option<String>,
    #[serde(default)]
    recipient: Vec<String>,
    salutation: Option<String>,
    #[serde(default)]
    sender: Vec<String>,
}

#[derive(Deserialize, Default)]
struct SettingsFile {
    #[serde(default)]
    letter: LetterSettings,
}

impl LetterSettings {
    /// The `[letter]` table of a `brieflint.toml` (its other keys are `Config`'s).
    pub fn from_toml(text: &str) -> Result<LetterSettings, String> {
        toml::from_str::<SettingsFile>(text)
            .map(|file| file.letter)
            .map_err(|e| format!("invalid [letter] in brieflint.toml: {}", e.message()))
    }
}

/// The rules whose findings are deficiencies of the responses.
const DEFICIENCY_RULES: &[&str] = &[
    "BL101", "BL102", "BL103", "BL104", "BL105", "BL106", "BL107", "BL301", "BL302", "BL303",
    "BL304",
];

/// Where a byte of a converted file's rendering is in the original: "page 3",
/// "paragraph 24" (none for Markdown, whose lines are its own).
pub type Places = Box<dyn Fn(usize) -> Option<String> + Send + Sync>;

/// One responses file, analyzed.
pub struct Responses {
    /// The file's name as the letter's opening comment gives it.
    pub display: String,
    /// The Markdown analyzed (a .docx or .pdf: its rendering).
    pub text: String,
    pub places: Option<Places>,
    /// The findings that are deficiencies of the responses (`DEFICIENCY_RULES`).
    pub findings: Vec<Finding>,
    pub title: Option<String>,
    pub party: Option<String>,
}

impl Responses {
    /// Analyzes the responses `text` (Markdown, or the rendering of a .docx or .pdf
    /// with `places` naming where its bytes came from) under `config`, on their own.
    pub fn analyze(
        display: String,
        text: String,
        places: Option<Places>,
        config: &Config,
    ) -> Responses {
        let analysis = crate::analyze_in_matter(&text, config, None);
        let title = responses_title(&text).or(analysis.document.title);
        Responses {
            display,
            places,
            findings: analysis
                .findings
                .into_iter()
                .filter(|f| DEFICIENCY_RULES.contains(&f.rule.code))
                .collect(),
            title,
            party: analysis.document.party,
            text,
        }
    }
}

/// The title of the responses: the first of the opening blocks that names responses,
/// objections or answers ("DEFENDANT'S RESPONSES AND OBJECTIONS TO ..."), without its
/// Markdown; a caption's court name comes before it in a PDF.
fn responses_title(text: &str) -> Option<String> {
    static NAMES_RESPONSES: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?i)(?-u:\b)(?:responses?|objections?|answers?)(?-u:\b)").unwrap()
    });
    let structure = markdown::parse(text);
    structure
        .blocks
        .iter()
        .take(20)
        .map(|b| quoted(text[b.range.clone()].trim_start_matches(['#', ' '])))
        .find(|t| t.len() < 400 && NAMES_RESPONSES.is_match(t) && !t.ends_with('.'))
}

/// What a deficiency asks of the other side, worded after what the cited rule requires
/// (its text is in `data/authorities.toml`), with the authority's id.
fn ask(code: &str, kind: RequestKind) -> Option<(&'static str, Option<&'static str>)> {
    Some(match (code, kind) {
        ("BL101", RequestKind::Interrogatory) => (
            "Withdraw the objection, or state its grounds with specificity",
            Some("frcp-33-b-4"),
        ),
        ("BL101", RequestKind::Admission) => (
            "Withdraw the objection, or state the reasons for it",
            None,
        ),
        ("BL101", _) => (
            "Withdraw the objection, or state with specificity the grounds for it, including the reasons",
            Some("frcp-34-b-2-B"),
        ),
        ("BL102" | "BL104", _) => (
            "State whether any responsive materials are being withheld on the basis of each objection",
            Some("frcp-34-b-2-C"),
        ),
        ("BL103", _) => (
            "Withdraw the general objections, or state for each request the grounds that apply to it, with the reasons",
            Some("frcp-34-b-2-B"),
        ),
        ("BL105", _) => (
            "Withdraw the objection that rests on the \"reasonably calculated to lead to the discovery of admissible evidence\" test, which the rule no longer contains, or restate it under the current standard of relevance and proportionality",
            Some("frcp-26-b-1"),
        ),
        ("BL106", _) => (
            "State the date by which the production will be completed",
            Some("frcp-34-b-2-B"),
        ),
        ("BL107", _) => (
            "Expressly make each privilege claim and describe the nature of what is withheld (a privilege log) so that we can assess the claim, and state the date by which it will be served",
            Some("frcp-26-b-5-A"),
        ),
        _ => return None,
    })
}

/// " (Fed. R. Civ. P. 34(b)(2)(B))" when the entry is verified, else nothing.
fn cited(id: Option<&str>) -> String {
    id.and_then(authorities::citable_cite)
        .map(|cite| format!(" ({cite})"))
        .unwrap_or_default()
}

/// The citations of a finding's rule that a letter may make: verified entries only, and
/// of the rules of discovery only the one for this kind of request (Rule 33 for an
/// interrogatory, Rule 34 for a request for production).
fn rule_citations(finding: &Finding, kind: RequestKind) -> Vec<&'static str> {
    finding
        .rule
        .authorities
        .iter()
        .filter(|id| match kind {
            RequestKind::Interrogatory => !id.starts_with("frcp-34-"),
            RequestKind::Production => !id.starts_with("frcp-33-"),
            _ => true,
        })
        .filter_map(|id| authorities::citable_cite(id))
        .take(2)
        .collect()
}

/// Text quoted from the responses: the words, without Markdown's emphasis and escapes.
fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek().is_some_and(|n| n.is_ascii_punctuation()) => {
                out.extend(chars.next());
            }
            '*' => {}
            _ => out.push(c),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn noun(kind: RequestKind) -> &'static str {
    match kind {
        RequestKind::Production => "Request for Production",
        RequestKind::Interrogatory => "Interrogatory",
        RequestKind::Admission => "Request for Admission",
        RequestKind::Unknown => "Request",
    }
}

/// Where a unit is in the original file, for a converted one.
fn place(responses: &Responses, offset: usize) -> Option<String> {
    responses.places.as_ref()?(offset)
}

/// The part of the responses a finding belongs to.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Section {
    General,
    Unit(usize),
}

fn unit_spans(discovery: &Discovery, len: usize) -> Vec<Range<usize>> {
    let starts: Vec<usize> = discovery.units.iter().map(|u| u.label.start).collect();
    starts
        .iter()
        .enumerate()
        .map(|(i, start)| *start..starts.get(i + 1).copied().unwrap_or(len))
        .collect()
}

fn section_of(finding: &Finding, discovery: &Discovery, spans: &[Range<usize>]) -> Option<Section> {
    let at = finding.range.start;
    if let Some(i) = spans.iter().position(|s| s.contains(&at)) {
        return Some(Section::Unit(i));
    }
    if let Some(general) = &discovery.general_objections {
        if general.heading.start <= at && spans.first().is_none_or(|s| at < s.start) {
            return Some(Section::General);
        }
    }
    // A finding before the first unit and outside the General Objections (a preamble's
    // reservation) is about the responses as a whole.
    spans
        .first()
        .is_none_or(|s| at < s.start)
        .then_some(Section::General)
}

/// The sentences a finding is about, quoted exactly: the sentence holding its start, or,
/// for a finding on the whole response (no withholding statement, no date), the
/// response's objections.
fn quotations(text: &str, unit: &ResponseUnit, findings: &[&Finding]) -> Vec<String> {
    let mut ranges: Vec<Range<usize>> = Vec::new();
    for finding in findings {
        let holding = unit
            .sentences
            .iter()
            .find(|s| s.range.start <= finding.range.start && finding.range.start < s.range.end);
        match holding {
            Some(sentence) => ranges.push(sentence.range.clone()),
            None => ranges.extend(unit.objections().map(|s| s.range.clone())),
        }
    }
    ranges.sort_by_key(|r| r.start);
    ranges.dedup();
    ranges
        .into_iter()
        .map(|r| quoted(&text[r]))
        .filter(|q| !q.is_empty())
        .collect()
}

fn write_section(
    out: &mut String,
    heading: &str,
    quotes: &[String],
    findings: &[&Finding],
    kind: RequestKind,
) {
    let _ = writeln!(out, "## {heading}\n");
    if !quotes.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            if quotes.len() == 1 {
                "The response states:"
            } else {
                "The response states, in part:"
            }
        );
        out.push('\n');
        for quote in quotes {
            let _ = writeln!(out, "> \"{quote}\"\n");
        }
    }
    let _ = writeln!(out, "**What is wrong.**\n");
    let mut seen = Vec::new();
    for finding in findings {
        if seen.contains(&finding.message) {
            continue;
        }
        seen.push(finding.message.clone());
        let citations = rule_citations(finding, kind);
        let cite = if citations.is_empty() {
            String::new()
        } else {
            format!(" See {}.", citations.join("; "))
        };
        let message = finding.message.trim_end();
        let stop = if message.ends_with(['.', '?', '!']) {
            ""
        } else {
            "."
        };
        let _ = writeln!(out, "- {message}{stop}{cite}");
    }
    out.push('\n');
    let _ = writeln!(out, "**What we ask.**\n");
    let mut asks: Vec<String> = Vec::new();
    for finding in findings {
        let line = match ask(finding.rule.code, kind) {
            Some((words, id)) => format!("{words}{}.", cited(id)),
            None => "[State what you ask about this response.]".to_string(),
        };
        if !asks.contains(&line) {
            asks.push(line);
        }
    }
    for line in &asks {
        let _ = writeln!(out, "- {line}");
    }
    out.push('\n');
}

/// The letter, in Markdown.
pub fn draft(all: &[Responses], settings: &LetterSettings, court: Option<&str>) -> String {
    let mut out = String::new();
    let placeholder =
        |value: &Option<String>, what: &str| value.clone().unwrap_or_else(|| format!("[{what}]"));
    let files: Vec<&str> = all.iter().map(|r| r.display.as_str()).collect();
    let _ = writeln!(
        out,
        "<!-- Drafted by brieflint from {}. Each deficiency below is a brieflint finding; check every statement against the responses before sending. -->\n",
        files.join(", ")
    );
    let _ = writeln!(out, "[Date]\n");
    if settings.recipient.is_empty() {
        let _ = writeln!(out, "[Name of opposing counsel]\\\n[Firm]\\\n[Address]\n");
    } else {
        let _ = writeln!(out, "{}\n", settings.recipient.join("\\\n"));
    }
    let titles: Vec<String> = all
        .iter()
        .map(|r| {
            r.title
                .clone()
                .unwrap_or_else(|| "[title of the responses]".to_string())
        })
        .collect();
    let _ = writeln!(
        out,
        "**Re: {}, {}: {}**\n",
        placeholder(&settings.caption, "caption"),
        placeholder(&settings.case_number, "case number"),
        titles.join("; ")
    );
    let _ = writeln!(
        out,
        "{}\n",
        settings.salutation.as_deref().unwrap_or("Dear Counsel:")
    );
    let client = placeholder(&settings.client, "client");
    let served_by = all
        .iter()
        .find_map(|r| r.party.clone())
        .map(|party| format!(", served by {party}"))
        .unwrap_or_default();
    let named: Vec<String> = titles.iter().map(|t| format!("\"{t}\"")).collect();
    let deficient: usize = all
        .iter()
        .map(|r| {
            let structure = markdown::parse(&r.text);
            let discovery = discovery::analyze(&r.text, &structure, None);
            let spans = unit_spans(&discovery, r.text.len());
            let mut sections: Vec<Section> = r
                .findings
                .iter()
                .filter_map(|f| section_of(f, &discovery, &spans))
                .collect();
            sections.sort();
            sections.dedup();
            sections.len()
        })
        .sum();
    if deficient == 0 {
        let _ = writeln!(
            out,
            "We write on behalf of {client} about {}{served_by}. brieflint found no deficiency in them; [state any concerns, or do not send this letter].\n",
            named.join(" and ")
        );
    } else {
        let _ = writeln!(
            out,
            "We write on behalf of {client} about {}{served_by}. The responses discussed below are deficient for the reasons stated. For each, we ask that you serve amended responses as described.\n",
            named.join(" and ")
        );
    }
    for responses in all {
        let structure = markdown::parse(&responses.text);
        let discovery = discovery::analyze(&responses.text, &structure, None);
        let spans = unit_spans(&discovery, responses.text.len());
        let mut grouped: Vec<(Section, Vec<&Finding>)> = Vec::new();
        for finding in &responses.findings {
            let Some(section) = section_of(finding, &discovery, &spans) else {
                continue;
            };
            match grouped.iter_mut().find(|(s, _)| *s == section) {
                Some((_, list)) => list.push(finding),
                None => grouped.push((section, vec![finding])),
            }
        }
        grouped.sort_by_key(|(s, _)| *s);
        if all.len() > 1 && !grouped.is_empty() {
            let _ = writeln!(
                out,
                "# {}\n",
                responses.title.as_deref().unwrap_or(&responses.display)
            );
        }
        for (section, findings) in &grouped {
            match section {
                Section::General => {
                    let quotes: Vec<String> = discovery
                        .general_objections
                        .as_ref()
                        .map(|g| {
                            findings
                                .iter()
                                .filter_map(|f| {
                                    g.sentences
                                        .iter()
                                        .find(|s| s.start <= f.range.start && f.range.start < s.end)
                                })
                                .map(|s| quoted(&responses.text[s.clone()]))
                                .collect()
                        })
                        .unwrap_or_default();
                    let mut quotes_unique: Vec<String> = Vec::new();
                    for q in quotes {
                        if !quotes_unique.contains(&q) {
                            quotes_unique.push(q);
                        }
                    }
                    let heading = match discovery
                        .general_objections
                        .as_ref()
                        .and_then(|g| place(responses, g.heading.start))
                    {
                        Some(place) => format!("General Objections ({place})"),
                        None => "General Objections".to_string(),
                    };
                    write_section(
                        &mut out,
                        &heading,
                        &quotes_unique,
                        findings,
                        RequestKind::Production,
                    );
                }
                Section::Unit(i) => {
                    let unit = &discovery.units[*i];
                    let number = unit.number.as_deref().unwrap_or("[number]");
                    let mut heading = format!("Response to {} No. {number}", noun(unit.kind));
                    if let Some(place) = place(responses, unit.label.start) {
                        let _ = write!(heading, " ({place})");
                    }
                    let quotes = quotations(&responses.text, unit, findings);
                    write_section(&mut out, &heading, &quotes, findings, unit.kind);
                }
            }
        }
    }
    let _ = writeln!(
        out,
        "Please serve amended responses, or tell us in writing which of these requests you will not supplement, by [date]. We propose to meet and confer on [proposed conference date and time], [by telephone / by videoconference / in person]."
    );
    let conferral = match court {
        Some(court) => format!(
            "This letter is part of our good-faith effort to confer under Fed. R. Civ. P. 37(a)(1) and the local rule on conferring of the court ({court}) [cite the local rule: brieflint has no verified text of it], in an effort to resolve these issues without court action."
        ),
        None => "This letter is part of our good-faith effort to confer under Fed. R. Civ. P. 37(a)(1), in an effort to resolve these issues without court action.".to_string(),
    };
    debug_assert!(authorities::citable_cite("frcp-37-a-1") == Some("Fed. R. Civ. P. 37(a)(1)"));
    let _ = writeln!(out, "\n{conferral}\n");
    let _ = writeln!(out, "Sincerely,\n");
    if settings.sender.is_empty() {
        let _ = writeln!(out, "[Name]\\\n[Firm]\\\n[Counsel for {client}]");
    } else {
        let _ = writeln!(out, "{}", settings.sender.join("\\\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotations_drop_markdown_but_keep_the_words() {
        assert_eq!(
            quoted("Acme **objects** to this\n Request as \\*vague\\*."),
            "Acme objects to this Request as *vague*."
        );
    }

    #[test]
    fn every_ask_cites_a_verified_authority_or_none() {
        for code in DEFICIENCY_RULES {
            for kind in [
                RequestKind::Production,
                RequestKind::Interrogatory,
                RequestKind::Admission,
                RequestKind::Unknown,
            ] {
                if let Some((_, Some(id))) = ask(code, kind) {
                    assert!(
                        authorities::citable_cite(id).is_some(),
                        "{code} asks under {id}, which is not verified"
                    );
                }
            }
        }
        assert!(authorities::citable_cite("frcp-37-a-1").is_some());
    }
}
