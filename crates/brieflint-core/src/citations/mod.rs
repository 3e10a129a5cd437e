//! The citation recognizer: rules, statutes, regulations, Restatements, cases (full,
//! short, `Id.`, `supra`), foreign laws and record citations, each with its byte range
//! and a normalized identity. Pure; shared by hover, links, the table of authorities
//! and the rules that reason about citations.
//!
//! A table of recognizers (`RECOGNIZERS`: a name, the words its matches contain, a
//! pattern, a builder) plus the reporter scanner for cases (`cases`, driven by
//! reporters-db's table). A row searches the text only if one of its words occurs. Then overlaps are settled (the longer citation wins) and
//! `Id.`, short forms and `supra` are resolved (`resolve`).

mod cases;
mod names;
mod resolve;

pub use cases::{table_source, Edition, REPORTERS};

use regex::{Captures, Regex};
use std::ops::Range;
use std::sync::LazyLock;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CitationKind {
    Rule,
    LocalRule,
    Statute,
    Regulation,
    Restatement,
    Case,
    CaseShort,
    Id,
    Supra,
    ForeignLaw,
    Record,
}

impl CitationKind {
    pub fn label(self) -> &'static str {
        match self {
            CitationKind::Rule => "Rules",
            CitationKind::LocalRule => "Local rules",
            CitationKind::Statute => "Statutes",
            CitationKind::Regulation => "Regulations",
            CitationKind::Restatement => "Restatements",
            CitationKind::Case
            | CitationKind::CaseShort
            | CitationKind::Id
            | CitationKind::Supra => "Cases",
            CitationKind::ForeignLaw => "Foreign laws",
            CitationKind::Record => "Record",
        }
    }
}

/// The parts of a case citation.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CaseParts {
    pub name: Option<String>,
    pub volume: String,
    pub reporter: String,
    pub page: String,
    pub court: Option<String>,
    pub year: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Citation {
    pub kind: CitationKind,
    pub range: Range<usize>,
    /// Normalized identity: the same authority cited two ways has one identity
    /// ("Fed. R. Civ. P. 34(b)(2)(B)", "482 U.S. 522", "PIPL art. 41", "Dkt. 142").
    /// For `Id.`, short forms and `supra`, the identity they resolve to (or empty).
    pub identity: String,
    pub pin: Option<String>,
    pub case: Option<Box<CaseParts>>,
    /// For `Id.`, short forms and `supra`: the index of the citation resolved to.
    pub resolves_to: Option<usize>,
    /// Where a case's name is written before it: "Fischer v. Forrest" before a full
    /// citation, "Fischer" before a short one ("Fischer, 2017 WL 773694, at *3"). Hover
    /// and links on the name are those of the citation.
    pub name_range: Option<Range<usize>>,
}

/// The citation at byte `offset`, on the citation itself or on its case name, and the
/// range under the cursor (the citation's, or the name's).
pub fn citation_at(citations: &[Citation], offset: usize) -> Option<(&Citation, Range<usize>)> {
    let within = |r: &Range<usize>| r.start <= offset && offset < r.end;
    citations
        .iter()
        .find(|c| within(&c.range))
        .map(|c| (c, c.range.clone()))
        .or_else(|| {
            citations.iter().find_map(|c| {
                let name = c.name_range.clone()?;
                within(&name).then_some((c, name))
            })
        })
}

/// A foreign law: its identity prefix and the names and abbreviations briefs use.
struct ForeignLaw {
    identity: &'static str,
    /// Words every spelling of the law contains (the prefilter: see `Recognizer`).
    needles: &'static [&'static str],
    pattern: &'static str,
}

const FOREIGN_LAWS: &[ForeignLaw] = &[
    ForeignLaw {
        identity: "PIPL",
        needles: &["Personal", "PIPL"],
        pattern: r"(?:(?:China's|Chinese|PRC|P\.R\.C\.)\s+)?Personal\s+Information\s+Protection\s+Law(?:\s+of\s+the\s+(?:People's\s+Republic\s+of\s+China|P\.\s?R\.\s?C\.|PRC))?|(?-u:\b)PIPL(?-u:\b)",
    },
    ForeignLaw {
        identity: "DSL",
        needles: &["Data", "DSL"],
        pattern: r"(?:(?:China's|Chinese|PRC|P\.R\.C\.)\s+)?Data\s+Security\s+Law(?:\s+of\s+the\s+(?:People's\s+Republic\s+of\s+China|P\.\s?R\.\s?C\.|PRC))?|(?-u:\b)DSL(?-u:\b)",
    },
    ForeignLaw {
        identity: "GSSL",
        needles: &["State", "GSSL"],
        pattern: r"(?:(?:China's|Chinese|PRC|P\.R\.C\.)\s+)?(?:Law\s+(?:of\s+the\s+(?:People's\s+Republic\s+of\s+China|P\.\s?R\.\s?C\.|PRC)\s+)?on\s+Guarding\s+State\s+Secrets|(?:Guarding\s+)?State\s+Secrets\s+Law)|(?-u:\b)GSSL(?-u:\b)",
    },
    ForeignLaw {
        identity: "ICJAL",
        needles: &["Criminal", "ICJAL"],
        pattern: r"International\s+Criminal\s+Judicial\s+Assistance\s+Law(?:\s+of\s+the\s+(?:People's\s+Republic\s+of\s+China|P\.\s?R\.\s?C\.|PRC))?|(?-u:\b)ICJAL(?-u:\b)",
    },
    ForeignLaw {
        identity: "French Law No. 68-678",
        needles: &["68-678", "locking"],
        pattern: r"(?:French\s+)?Law\s+No\.\s*68-678|(?:French\s+)?[Bb]locking\s+[Ss]tatute\s+\(France\)|French\s+[Bb]locking\s+[Ss]tatute|Loi\s+n[°o]\s*68-678",
    },
    ForeignLaw {
        identity: "Swiss Criminal Code",
        needles: &["Swiss", "StGB"],
        pattern: r"Swiss\s+(?:Criminal|Penal)\s+Code(?:\s+\(StGB\))?|(?-u:\b)StGB(?-u:\b)",
    },
    ForeignLaw {
        identity: "GDPR",
        needles: &["General", "2016/679", "GDPR"],
        pattern: r"General\s+Data\s+Protection\s+Regulation|Regulation\s+\(EU\)\s+2016/679(?:\s+\(GDPR\))?|(?-u:\b)GDPR(?-u:\b)",
    },
    ForeignLaw {
        identity: "UK Protection of Trading Interests Act",
        needles: &["Trading"],
        pattern: r"Protection\s+of\s+Trading\s+Interests\s+Act(?:\s+1980)?",
    },
    ForeignLaw {
        identity: "Ontario Business Records Protection Act",
        needles: &["Records"],
        pattern: r"Business\s+Records\s+Protection\s+Act",
    },
    ForeignLaw {
        identity: "Quebec Business Concerns Records Act",
        needles: &["Concerns"],
        pattern: r"Business\s+Concerns\s+Records\s+Act",
    },
    ForeignLaw {
        identity: "PRC Cybersecurity Law",
        needles: &["Cybersecurity"],
        pattern: r"(?:(?:China's|Chinese|PRC|P\.R\.C\.)\s+)?Cybersecurity\s+Law(?:\s+of\s+the\s+(?:People's\s+Republic\s+of\s+China|P\.\s?R\.\s?C\.|PRC))?",
    },
];

const ARTICLE: &str = r"(?:Articles?|Arts?\.|arts?\.|articles?)\s*(?P<article>\d{1,3})(?P<artsub>(?:\s*\(\d{1,2}\)|\s*\([a-z]\))*)(?P<bis>\s+bis)?";

/// A foreign law's name for prose, from a citation identity ("DSL art. 36" -> "the Data
/// Security Law"), so that inserted text never uses an abbreviation the filing has not
/// defined.
pub fn foreign_law_name(identity: &str) -> String {
    let law = identity.split(" art.").next().unwrap_or(identity);
    let law = law
        .trim_end_matches(" (2010 rev.)")
        .trim_end_matches(" (2024 rev.)");
    match law {
        "PIPL" => "the Personal Information Protection Law".to_string(),
        "DSL" => "the Data Security Law".to_string(),
        "GSSL" => "the Law on Guarding State Secrets".to_string(),
        "ICJAL" => "the International Criminal Judicial Assistance Law".to_string(),
        "GDPR" => "the General Data Protection Regulation".to_string(),
        other if other.starts_with("French Law") => other.to_string(),
        other => format!("the {other}"),
    }
}

fn normalize_space(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn clean_pin(pin: &str) -> String {
    normalize_space(
        pin.trim_start_matches([',', ' ', '\n'])
            .trim_start_matches("at ")
            .replace('\\', "")
            .as_str(),
    )
}

use cases::PIN;

/// What a builder sees besides its match: the whole text. (The citations found so far
/// are the vector it pushes to.)
struct Ctx<'a> {
    text: &'a str,
}

/// One row of the table: a name (for profiles and tests), the words one of which every
/// match contains (`needles`: the prefilter; a row whose needles are all absent from
/// the text does not search it), a pattern, and a builder that turns a match into zero
/// or more citations. `data` is the row's own datum (the identity of a foreign law).
///
/// The prefilter is plain substring search, not a `RegexSet`: on a real opinion, with
/// citations everywhere, a set of these patterns spent 20-60 ms a megabyte rebuilding
/// its lazy DFA; substring search costs microseconds.
struct Recognizer {
    name: &'static str,
    needles: &'static [&'static str],
    pattern: Regex,
    build: fn(&Ctx, &Captures, &'static str, &mut Vec<Citation>),
    data: &'static str,
}

fn citation(kind: CitationKind, identity: String, range: Range<usize>) -> Citation {
    Citation {
        kind,
        range,
        identity,
        pin: None,
        case: None,
        resolves_to: None,
        name_range: None,
    }
}

/// Rule numbers: "26", "26(b)(1)", "26 and 34", "26, 33, and 34", "26 & 37".
const RULE_NUMBERS: &str = r"(?P<numbers>\d{1,3}(?:\.\d+)?(?:\([a-zA-Z0-9]{1,4}\))*(?:(?:\s*,\s*(?:and\s+|or\s+|&\s*)?|\s+(?:and|or|&)\s+)\d{1,3}(?:\.\d+)?(?:\([a-zA-Z0-9]{1,4}\))*)*)";

static RULE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?P<number>\d{1,3}(?:\.\d+)?)(?P<sub>(?:\([a-zA-Z0-9]{1,4}\))*)").unwrap()
});

/// One citation per number of "Rules 26 and 34", the first covering "Rules".
fn push_rules(
    set: &str,
    m_start: usize,
    numbers: regex::Match,
    kind: CitationKind,
    out: &mut Vec<Citation>,
) {
    for (k, n) in RULE_NUMBER.captures_iter(numbers.as_str()).enumerate() {
        let whole = n.get(0).unwrap();
        let start = if k == 0 {
            m_start
        } else {
            numbers.start() + whole.start()
        };
        out.push(citation(
            kind,
            format!("{set} {}{}", &n["number"], &n["sub"]),
            start..numbers.start() + whole.end(),
        ));
    }
}

/// Which federal rules a set's words name ("Civil Procedure", "Evid.", "FRE").
fn rule_set(words: &str) -> &'static str {
    let w = words.trim_start_matches("Fed").trim_start_matches("eral");
    if w.contains("Evid") || words == "FRE" {
        "Fed. R. Evid."
    } else if w.contains("App") || words == "FRAP" {
        "Fed. R. App. P."
    } else if w.contains("Crim") || words == "FRCrP" {
        "Fed. R. Crim. P."
    } else if w.contains("Bankr") || words == "FRBP" {
        "Fed. R. Bankr. P."
    } else {
        "Fed. R. Civ. P."
    }
}

const RULE_SET: &str = r"(?P<set>Civ(?:il|\.)\s*P(?:roc(?:edure|\.)?|\.)|Evid(?:ence|\.)|App(?:ellate|\.)\s*P(?:roc(?:edure|\.)?|\.)|Crim(?:inal|\.)\s*P(?:roc(?:edure|\.)?|\.)|Bankr(?:uptcy|\.)\s*P(?:roc(?:edure|\.)?|\.))";

fn build_federal_rule(cx: &Ctx, c: &Captures, _: &'static str, out: &mut Vec<Citation>) {
    let m = c.get(0).unwrap();
    let set = rule_set(c.name("set").or(c.name("abbr")).map_or("", |s| s.as_str()));
    let _ = cx;
    push_rules(
        set,
        m.start(),
        c.name("numbers").unwrap(),
        CitationKind::Rule,
        out,
    );
}

static OF_THE_RULES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\A\s+of\s+(?:the\s+)?Fed(?:eral|\.)\s*R(?:ules|\.)\s*(?:of\s+)?{RULE_SET}"
    ))
    .unwrap()
});

/// Bare "Rule 34(b)(2)(C)", "Rules 26 and 34 of the Federal Rules of Civil Procedure":
/// the civil rules unless the words after say otherwise.
fn build_bare_rule(cx: &Ctx, c: &Captures, _: &'static str, out: &mut Vec<Citation>) {
    let m = c.get(0).unwrap();
    let before = cx.text[..m.start()].trim_end();
    if before.ends_with("Local") || before.ends_with("Civil") || before.ends_with("Local Civil") {
        return;
    }
    let after = &cx.text[m.end()..];
    let set = if after.trim_start().starts_with("of Evidence") {
        "Fed. R. Evid."
    } else if let Some(of) = OF_THE_RULES.captures(after) {
        rule_set(&of["set"])
    } else {
        "Fed. R. Civ. P."
    };
    push_rules(
        set,
        m.start(),
        c.name("numbers").unwrap(),
        CitationKind::Rule,
        out,
    );
}

fn build_local_rule(_: &Ctx, c: &Captures, _: &'static str, out: &mut Vec<Citation>) {
    out.push(citation(
        CitationKind::LocalRule,
        format!("Local Rule {}", &c["number"]),
        c.get(0).unwrap().range(),
    ));
}

fn build_statute(_: &Ctx, c: &Captures, _: &'static str, out: &mut Vec<Citation>) {
    let mut s = citation(
        CitationKind::Statute,
        format!("{} U.S.C. § {}{}", &c["title"], &c["section"], &c["sub"]),
        c.get(0).unwrap().range(),
    );
    s.pin = c.name("end").map(|e| format!("through § {}", e.as_str()));
    out.push(s);
}

/// Words of a state code's name: "Cal.", "Civ.", "Proc.", "N.Y.", "Gov't", "&", and
/// the code names written out.
fn code_word(word: &str) -> bool {
    let capital = word.starts_with(|c: char| c.is_ascii_uppercase());
    capital && word.ends_with('.') && !matches!(word, "Id." | "Ibid." | "Cf." | "See.")
        || matches!(
            word,
            "&" | "Gov't"
                | "Civil"
                | "Penal"
                | "Business"
                | "Professions"
                | "Family"
                | "Evidence"
                | "Commercial"
                | "Probate"
                | "Insurance"
                | "Labor"
                | "Government"
                | "Education"
                | "Vehicle"
                | "Revenue"
                | "Taxation"
                | "Corporations"
                | "Health"
                | "Safety"
                | "Welfare"
                | "Institutions"
                | "Procedure"
                | "Criminal"
                | "General"
                | "Revised"
                | "Compiled"
                | "Consolidated"
                | "Annotated"
        )
}

fn build_state_code(cx: &Ctx, c: &Captures, _: &'static str, out: &mut Vec<Citation>) {
    let kw = c.name("kw").unwrap();
    // Up to six name words before the code's last word, on the same line or the one before.
    let mut start = kw.start();
    let mut words = Vec::new();
    let mut from = kw.start().saturating_sub(80);
    while !cx.text.is_char_boundary(from) {
        from += 1;
    }
    let before = &cx.text[from..kw.start()];
    let mut rest = before;
    while words.len() < 6 {
        let trimmed = rest.trim_end();
        if trimmed.len() == rest.len() && !words.is_empty() || trimmed.is_empty() {
            break;
        }
        // (After the separator, whose length in bytes may be more than one: U+00A0.)
        let word_start = trimmed
            .char_indices()
            .rev()
            .find(|&(_, c)| c.is_whitespace() || c == '(' || c == '[')
            .map_or(0, |(i, c)| i + c.len_utf8());
        let word = &trimmed[word_start..];
        if !code_word(word) {
            break;
        }
        words.push(word);
        start = kw.start() - before.len() + word_start;
        rest = &trimmed[..word_start];
    }
    let uniform = kw.as_str().starts_with('U');
    if words.is_empty() && !uniform {
        return;
    }
    words.reverse();
    let mut code = words.join(" ");
    if !code.is_empty() {
        code.push(' ');
    }
    code.push_str(&normalize_space(kw.as_str()).replace(". ", "."));
    if c.name("ann").is_some() {
        code.push_str(" Ann.");
    }
    out.push(citation(
        CitationKind::Statute,
        format!("{code} § {}{}", &c["section"], &c["sub"]),
        start..c.get(0).unwrap().end(),
    ));
}

fn build_regulation(_: &Ctx, c: &Captures, _: &'static str, out: &mut Vec<Citation>) {
    out.push(citation(
        CitationKind::Regulation,
        format!("{} C.F.R. § {}{}", &c["title"], &c["section"], &c["sub"]),
        c.get(0).unwrap().range(),
    ));
}

fn build_restatement(_: &Ctx, c: &Captures, _: &'static str, out: &mut Vec<Citation>) {
    let section = c
        .name("section")
        .map(|s| format!(" § {}{}", s.as_str(), &c["sub"]))
        .unwrap_or_default();
    out.push(citation(
        CitationKind::Restatement,
        format!(
            "Restatement ({}) of {}{section}",
            &c["edition"],
            normalize_space(&c["subject"])
        ),
        c.get(0).unwrap().range(),
    ));
}

/// "Restatement § 442": the Restatement the document cited in full before.
fn build_restatement_short(_: &Ctx, c: &Captures, _: &'static str, out: &mut Vec<Citation>) {
    let start = c.get(0).unwrap().start();
    let base = out
        .iter()
        .filter(|f| f.kind == CitationKind::Restatement && f.range.start < start)
        .last()
        .map(|f| {
            f.identity
                .split(" §")
                .next()
                .unwrap_or_default()
                .to_string()
        })
        .unwrap_or_else(|| "Restatement".to_string());
    out.push(citation(
        CitationKind::Restatement,
        format!("{base} § {}{}", &c["section"], &c["sub"]),
        c.get(0).unwrap().range(),
    ));
}

fn build_record(cx: &Ctx, c: &Captures, _: &'static str, out: &mut Vec<Citation>) {
    let identity = if let Some(n) = c.name("dnum") {
        format!("Dkt. {}", n.as_str())
    } else if let Some(n) = c.name("enum") {
        format!("Ex. {}", n.as_str())
    } else if let Some(n) = c.name("rnum") {
        // "Fed. R. 5" is not a record cite.
        let start = c.get(0).unwrap().start();
        if cx.text[..start].trim_end().ends_with("Fed.") {
            return;
        }
        format!("R. {}", n.as_str())
    } else {
        let name = &c["declarant"];
        if matches!(
            name,
            "The" | "This" | "Such" | "Supplemental" | "Sworn" | "Each" | "Any" | "A" | "No"
        ) {
            return;
        }
        format!("{} {}", name, normalize_space(&c["decl"]))
    };
    out.push(citation(
        CitationKind::Record,
        identity,
        c.get(0).unwrap().range(),
    ));
}

/// The name before "supra", matched backwards from it.
static SUPRA_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?P<name>[A-Z][\w'’.\-]+(?:\s+[A-Z][\w'’.\-]+){0,3}),?\s+(?:\*|_)?\z").unwrap()
});

fn build_supra(cx: &Ctx, c: &Captures, _: &'static str, out: &mut Vec<Citation>) {
    let m = c.get(0).unwrap();
    let text = cx.text;
    let window_start = text[..m.start()]
        .char_indices()
        .rev()
        .nth(100)
        .map_or(0, |(i, _)| i);
    let Some(name) = SUPRA_NAME
        .captures(&text[window_start..m.start()])
        .and_then(|c| c.name("name"))
    else {
        return;
    };
    // The name starts after a sentence's end ("Amendment. See Brown, supra": not after
    // an initial, "J. A. Croson") and after a signal ("See", "Cf.").
    let mut start = window_start + name.start();
    let mut words = text[start..name.end() + window_start].split_inclusive(char::is_whitespace);
    let mut offset = 0;
    let mut name_start = start;
    for word in words.by_ref() {
        let w = word.trim_end();
        offset += word.len();
        let sentence_end = w.ends_with('.')
            && w.trim_end_matches('.').chars().count() > 1
            && !matches!(
                w,
                "Co." | "Inc." | "Corp." | "Ltd." | "Bros." | "Mr." | "Mrs." | "Dr." | "St."
            );
        if sentence_end || matches!(w, "See" | "Cf." | "But" | "Compare" | "Accord" | "Also") {
            name_start = start + offset;
        }
    }
    start = name_start;
    if start >= window_start + name.end() {
        return;
    }
    out.push(citation(CitationKind::Supra, String::new(), start..m.end()));
}

fn build_id(cx: &Ctx, c: &Captures, _: &'static str, out: &mut Vec<Citation>) {
    let m = c.get(0).unwrap();
    // "Id." starts a word: after a space, a bracket, a quotation mark or emphasis.
    let boundary = cx.text[..m.start()].chars().next_back().is_none_or(|c| {
        c.is_whitespace() || matches!(c, '(' | '[' | '*' | '_' | '"' | '“' | '—' | ';')
    });
    if !boundary {
        return;
    }
    let mut id = citation(CitationKind::Id, String::new(), m.range());
    // The pin: what follows "Id." (and a comma), "at " dropped by `clean_pin`.
    let rest = m.as_str().split_once('.').map_or("", |(_, r)| r);
    let rest = rest.trim_start_matches(',').trim_start();
    let rest = rest
        .strip_prefix("at")
        .filter(|r| r.starts_with(char::is_whitespace))
        .unwrap_or(rest);
    if !rest.trim().is_empty() {
        id.pin = Some(clean_pin(rest));
    }
    out.push(id);
}

fn build_foreign_law(cx: &Ctx, c: &Captures, law: &'static str, out: &mut Vec<Citation>) {
    let text = cx.text;
    let start = c.get(0).unwrap().start();
    let before = &text[text[..start]
        .char_indices()
        .rev()
        .nth(24)
        .map_or(0, |(i, _)| i)..start];
    // The abbreviation being defined ("the Data Security Law (“DSL”)") and the title of
    // a translation are not further citations of the law.
    if before.ends_with("(\"") || before.ends_with("(“") || before.contains("Translation:") {
        return;
    }
    let article = c.name("article").or(c.name("article2"));
    let bis = c.name("bis").or(c.name("bis2")).is_some();
    let sub = c
        .name("artsub")
        .or(c.name("artsub2"))
        .map(|s| {
            s.as_str()
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
        })
        .unwrap_or_default();
    let version = c
        .name("version")
        .or(c.name("version1"))
        .map(|v| format!(" ({} rev.)", v.as_str()))
        .unwrap_or_default();
    let identity = match article {
        Some(a) => format!(
            "{law} art. {}{}{}{version}",
            a.as_str(),
            if bis { " bis" } else { "" },
            sub
        ),
        None => format!("{law}{version}"),
    };
    out.push(citation(
        CitationKind::ForeignLaw,
        identity,
        c.get(0).unwrap().range(),
    ));
}

/// The rows: (name, pattern, builder). Order matters only where a builder reads what
/// rows before it found (the short Restatement after the full ones).
fn fixed_rows() -> Vec<Row> {
    vec![
        (
            "federal-rule",
            &["Fed", "FR"],
            format!(
                r"(?-u:\b)(?:Fed(?:eral|\.)\s*R(?:ules?|\.)\s*(?:of\s+)?{RULE_SET}|(?P<abbr>FRCP|FRE|FRAP|FRCrP|FRBP))\s*{RULE_NUMBERS}"
            ),
            build_federal_rule,
        ),
        (
            "bare-rule",
            &["Rule"],
            format!(r"(?-u:\b)Rules?\s+{RULE_NUMBERS}"),
            build_bare_rule,
        ),
        (
            "local-rule",
            &["Local", "L.", "LR"],
            r"(?x)
            (?-u:\b)(?:Local\s+(?:Civil\s+|Civ\.\s*)?Rules?|Local\s+Civ(?:il|\.)\s*R(?:ule|\.)|(?:Civ\.\s*)?L\.\s?R\.|L\.\s?Civ\.\s?R\.|(?:Civil\s+)?L\.R\.|LR)
            \s*(?P<number>\d+(?:[.-]\d+)*[a-z]?(?:\([a-z0-9]{1,4}\))*)"
                .to_string(),
            build_local_rule,
        ),
        (
            "us-code",
            &["U."],
            r"(?-u:\b)(?P<title>\d{1,2})\s+U\.\s?S\.\s?C\.(?:\s?A\.)?\s*(?:(?:§§?|[Ss]ec(?:tion|\.)|[Ss]s\.)\s*)?(?P<section>\d+[a-zA-Z]?(?:-\d+)?)(?P<sub>(?:\([a-zA-Z0-9]{1,4}\))*)(?:\s*(?:[-–—]|,|and|&)\s*(?P<end>\d+[a-zA-Z]?)(?:\([a-zA-Z0-9]{1,4}\))*)?"
                .to_string(),
            build_statute,
        ),
        (
            "state-code",
            &["Code", "U.", "Stat.", "Laws"],
            // "Cal. Civ. Proc. Code § 2031.240", "N.Y. U.C.C. § 2-306(1)",
            // "Tex. Gov't Code Ann. § 552.101", "Fla. Stat. § 768.28": the pattern starts
            // at the code's last word (a literal the engine skips to); the builder reads
            // the state and code names backwards from it.
            r"(?-u:\b)(?P<kw>Code|U\.\s?C\.\s?C\.|Stat\.|Laws)(?P<ann>\s+Ann\.)?\s*§§?\s*(?P<section>\d+[A-Za-z]?(?:[.:-]\d+[A-Za-z]?)*)(?P<sub>(?:\([a-zA-Z0-9]{1,4}\))*)"
                .to_string(),
            build_state_code,
        ),
        (
            "regulation",
            &["C."],
            r"(?-u:\b)(?P<title>\d{1,2})\s+C\.\s?F\.\s?R\.\s*(?:§§?|[Pp]arts?)\s*(?P<section>\d+(?:\.\d+[a-zA-Z0-9\-]*)?)(?P<sub>(?:\([a-zA-Z0-9]{1,4}\))*)"
                .to_string(),
            build_regulation,
        ),
        (
            "restatement",
            &["Restatement"],
            r"(?-u:\b)Restatement\s+\((?P<edition>First|Second|Third|Fourth)\)\s+of\s+(?P<subject>(?:the\s+)?[A-Z][A-Za-z]+(?:\s+(?:of\s+|the\s+|and\s+)?[A-Z][A-Za-z]+){0,5})\s*(?:of\s+the\s+United\s+States\s*)?(?:§§?\s*(?P<section>\d+)(?P<sub>(?:\([a-z0-9]{1,4}\))*))?"
                .to_string(),
            build_restatement,
        ),
        (
            "restatement-short",
            &["Restatement"],
            r"(?-u:\b)Restatement\s+§\s*(?P<section>\d+)(?P<sub>(?:\([a-z0-9]{1,4}\))*)"
                .to_string(),
            build_restatement_short,
        ),
        (
            "record",
            &["Dkt", "ECF", "D.E.", "Doc.", "Ex", "R."],
            r"(?x)
            (?-u:\b)(?P<docket>Dkt\.|ECF|D\.E\.|Doc\.)\s*(?:Nos?\.?\s*|\#\s*)?\[?\#?\s*(?P<dnum>\d{1,6})(?:\s*[-–]\s*\d{1,6})?\]?
          | (?-u:\b)(?P<exhibit>Exs?\.|Exhibits?)\s+(?P<enum>[A-Z]{1,2}(?-u:\b)|\d{1,4}(?:-\d+)?(?-u:\b))
          | (?-u:\b)(?P<record>R\.)\s+(?P<rnum>\d{1,6})(?-u:\b)"
                .to_string(),
            build_record,
        ),
        (
            "declaration",
            &["Decl.", "Dep.", "Aff."],
            r"(?-u:\b)(?P<declarant>[A-Z][A-Za-z'’\-]+)\s+(?P<decl>Decl\.|Dep\.|Aff\.)".to_string(),
            build_record,
        ),
        (
            "supra",
            &["supra"],
            r"(?-u:\b)supra(?:\*|_)?(?-u:\b)".to_string(),
            build_supra,
        ),
        (
            "id",
            &["Id.", "id.", "bid."],
            // "Id.", "id., at 5", "Id. at 504 n.3", "Id. ¶ 12", "Ibid.". No groups: the
            // engine finds the match without its slower capturing search (a brief can
            // hold thousands of these); the builder reads the pin from the match.
            format!(
                r"(?:[Ii]d\.|[Ii]bid\.)(?:,?\s+at\s+{PIN}|\s+¶¶?\s*\d+(?:\s*[-–]\s*\d+)?)?"
            ),
            build_id,
        ),
    ]
}

type BuildFn = fn(&Ctx, &Captures, &'static str, &mut Vec<Citation>);
type Row = (&'static str, &'static [&'static str], String, BuildFn);

static RECOGNIZERS: LazyLock<Vec<Recognizer>> = LazyLock::new(|| {
    let mut rows: Vec<Recognizer> = fixed_rows()
        .into_iter()
        .map(|(name, needles, pattern, build)| Recognizer {
            name,
            needles,
            pattern: Regex::new(&pattern)
                .unwrap_or_else(|e| panic!("citation pattern {name}: {e}")),
            build,
            data: "",
        })
        .collect();
    for law in FOREIGN_LAWS {
        let name = law.pattern;
        // "Article 36 of the Data Security Law", "DSL art. 36", "the DSL".
        let pattern = format!(
            r"(?:{ARTICLE}\s+of\s+(?:the\s+|China's\s+)?(?:{name})|(?:{name})(?:,?\s*\((?P<version1>2010|2024)(?:\s+rev\.)?\))?(?:,?\s+{ARTICLE2})?)(?:\s*\((?P<version>2010|2024)(?:\s+rev\.)?\))?",
            ARTICLE2 = ARTICLE
                .replace("?P<article>", "?P<article2>")
                .replace("?P<artsub>", "?P<artsub2>")
                .replace("?P<bis>", "?P<bis2>")
        );
        rows.push(Recognizer {
            name: "foreign-law",
            needles: law.needles,
            pattern: Regex::new(&pattern).unwrap(),
            build: build_foreign_law,
            data: law.identity,
        });
    }
    rows
});

/// The names of the table's rows, in order (for tests and profiles).
pub fn recognizer_names() -> Vec<&'static str> {
    RECOGNIZERS.iter().map(|r| r.name).collect()
}

/// Recognizes every citation in `text`, skipping `opaque` ranges (code, HTML comments).
pub fn recognize(text: &str, opaque: &[Range<usize>]) -> Vec<Citation> {
    let mut found: Vec<Citation> = Vec::new();
    if text.bytes().any(|b| b.is_ascii_digit()) {
        cases::scan(text, &mut found);
    }
    for row in RECOGNIZERS.iter() {
        if !row.needles.iter().any(|n| text.contains(n)) {
            continue;
        }
        let cx = Ctx { text };
        for c in row.pattern.captures_iter(text) {
            (row.build)(&cx, &c, row.data, &mut found);
        }
    }
    let skip = |range: &Range<usize>| {
        let idx = opaque.partition_point(|r| r.end <= range.start);
        opaque.get(idx).is_some_and(|r| r.start < range.end)
    };
    found.retain(|c| !skip(&c.range));
    // Overlaps: the longer citation wins (a full cite over the short form inside it).
    found.sort_by(|a, b| {
        a.range
            .start
            .cmp(&b.range.start)
            .then(b.range.end.cmp(&a.range.end))
    });
    // (In place: a `Citation` is 256 bytes, and a brief can hold a hundred thousand.)
    let mut end = None;
    found.retain(|c| {
        if end.is_some_and(|e| c.range.start < e) {
            return false;
        }
        end = Some(c.range.end);
        true
    });
    let mut kept = found;
    resolve::resolve(text, &mut kept);
    resolve::names(text, &mut kept);
    kept
}

/// Compiles this module's patterns ahead of the first analysis (see `analysis::warm_up`).
pub(crate) fn compile_patterns() {
    cases::compile();
    names::compile();
    LazyLock::force(&RECOGNIZERS);
    LazyLock::force(&RULE_NUMBER);
    LazyLock::force(&OF_THE_RULES);
    LazyLock::force(&SUPRA_NAME);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(text: &str) -> Vec<(CitationKind, String, String)> {
        recognize(text, &[])
            .into_iter()
            .map(|c| (c.kind, text[c.range.clone()].to_string(), c.identity))
            .collect()
    }

    fn one(text: &str) -> (CitationKind, String, String) {
        let all = ids(text);
        assert_eq!(all.len(), 1, "{text:?} -> {all:?}");
        all.into_iter().next().unwrap()
    }

    #[test]
    fn federal_rules_in_every_spelling() {
        for (text, identity) in [
            ("Fed. R. Civ. P. 34(b)(2)(B)", "Fed. R. Civ. P. 34(b)(2)(B)"),
            ("FRCP 26(b)(1)", "Fed. R. Civ. P. 26(b)(1)"),
            (
                "Federal Rule of Civil Procedure 37(a)(1)",
                "Fed. R. Civ. P. 37(a)(1)",
            ),
            ("Fed. R. Evid. 502(d)", "Fed. R. Evid. 502(d)"),
            ("Fed. R. App. P. 4(a)", "Fed. R. App. P. 4(a)"),
            ("under Rule 34(b)(2)(C), the", "Fed. R. Civ. P. 34(b)(2)(C)"),
            ("Fed.R.Civ.P. 44.1", "Fed. R. Civ. P. 44.1"),
        ] {
            let (kind, _, id) = one(text);
            assert_eq!(
                (kind, id.as_str()),
                (CitationKind::Rule, identity),
                "{text}"
            );
        }
        for (text, identity) in [
            ("Local Civ. R. 6.3", "Local Rule 6.3"),
            ("L.R. 37.2", "Local Rule 37.2"),
            ("Civ. L.R. 7-9", "Local Rule 7-9"),
            ("Local Rule 37.2", "Local Rule 37.2"),
        ] {
            let (kind, _, id) = one(text);
            assert_eq!(
                (kind, id.as_str()),
                (CitationKind::LocalRule, identity),
                "{text}"
            );
        }
    }

    #[test]
    fn statutes_regulations_restatements() {
        assert_eq!(one("28 U.S.C. § 1746.").2, "28 U.S.C. § 1746");
        let (_, text, id) = one("28 U.S.C. §§ 1331–1332");
        assert_eq!(
            (text.as_str(), id.as_str()),
            ("28 U.S.C. §§ 1331–1332", "28 U.S.C. § 1331")
        );
        assert_eq!(one("17 C.F.R. § 240.10b-5").2, "17 C.F.R. § 240.10b-5");
        assert_eq!(
            one("Restatement (Third) of Foreign Relations Law § 442(1)(c)").2,
            "Restatement (Third) of Foreign Relations Law § 442(1)(c)"
        );
    }

    #[test]
    fn cases_full_short_id_supra() {
        let text = "See Société Nationale Industrielle Aérospatiale v. U.S. Dist. Ct., 482 U.S. 522, 544 n.29 (1987); Inventus Power, Inc. v. Shenzhen Ace Battery Co., 339 F.R.D. 487, 505 (N.D. Ill. 2021). Id. at 504. Republic Techs. v. BBK, 2017 WL 4287205, at \\*1 (N.D. Ill. Sept. 27, 2017). Aerospatiale, 482 U.S. at 544. Inventus, supra.";
        let citations = recognize(text, &[]);
        let kinds: Vec<CitationKind> = citations.iter().map(|c| c.kind).collect();
        assert_eq!(
            kinds,
            [
                CitationKind::Case,
                CitationKind::Case,
                CitationKind::Id,
                CitationKind::Case,
                CitationKind::CaseShort,
                CitationKind::Supra
            ]
        );
        let aero = &citations[0];
        assert_eq!(&text[aero.range.clone()], "482 U.S. 522, 544 n.29");
        assert_eq!(aero.identity, "482 U.S. 522");
        assert_eq!(aero.pin.as_deref(), Some("544 n.29"));
        let parts = aero.case.as_ref().unwrap();
        assert_eq!(
            parts.name.as_deref(),
            Some("Société Nationale Industrielle Aérospatiale v. U.S. Dist. Ct.")
        );
        assert_eq!(parts.year.as_deref(), Some("1987"));
        let inventus = citations[1].case.as_ref().unwrap();
        assert_eq!(inventus.court.as_deref(), Some("N.D. Ill."));
        assert_eq!(
            inventus.name.as_deref(),
            Some("Inventus Power, Inc. v. Shenzhen Ace Battery Co.")
        );
        assert_eq!(citations[2].identity, "339 F.R.D. 487");
        assert_eq!(citations[2].pin.as_deref(), Some("504"));
        assert_eq!(citations[3].identity, "2017 WL 4287205");
        assert_eq!(citations[3].pin.as_deref(), Some("*1"));
        assert_eq!(citations[4].identity, "482 U.S. 522");
        assert_eq!(citations[4].resolves_to, Some(0));
        assert_eq!(citations[5].identity, "339 F.R.D. 487");
    }

    #[test]
    fn tricky_layouts() {
        // Split across a line break, en dash pin, parallel cite, F. Supp. 3d spacing.
        let (_, text, id) =
            one("Laydon v. Mizuho Bank, Ltd., 183 F.\nSupp. 3d 409, 419–20 (S.D.N.Y. 2016)");
        assert_eq!(id, "183 F. Supp. 3d 409");
        assert!(text.ends_with("419–20"));
        let parallel = ids("Aerospatiale, 482 U.S. 522, 107 S. Ct. 2542, 96 L. Ed. 2d 461 (1987)");
        assert_eq!(parallel.len(), 3, "{parallel:?}");
        assert_eq!(parallel[1].2, "107 S. Ct. 2542");
        assert_eq!(one("2021 WL 6010575, at \\*1-2").2, "2021 WL 6010575");
        // Not citations: years, amounts, page counts, "Rule" as a word.
        assert!(ids("In 2019, Acme paid $5 million for 300 pages. As a rule, no.").is_empty());
    }

    #[test]
    fn foreign_laws_by_name_article_and_abbreviation() {
        for (text, identity) in [
            ("PIPL art. 41", "PIPL art. 41"),
            ("Article 36 of the Data Security Law", "DSL art. 36"),
            ("the Data Security Law", "DSL"),
            ("China's Personal Information Protection Law", "PIPL"),
            (
                "Law of the P.R.C. on Guarding State Secrets art. 9 (2010 rev.)",
                "GSSL art. 9 (2010 rev.)",
            ),
            (
                "Swiss Criminal Code (StGB) art. 271(1)",
                "Swiss Criminal Code art. 271(1)",
            ),
            (
                "Article 271 of the Swiss Criminal Code",
                "Swiss Criminal Code art. 271",
            ),
            ("Regulation (EU) 2016/679 (GDPR) art. 48", "GDPR art. 48"),
            (
                "Law No. 68-678 art. 1 bis",
                "French Law No. 68-678 art. 1 bis",
            ),
        ] {
            let (kind, _, id) = one(text);
            assert_eq!(
                (kind, id.as_str()),
                (CitationKind::ForeignLaw, identity),
                "{text}"
            );
        }
    }

    #[test]
    fn record_citations() {
        for (text, identity) in [
            ("Dkt. No. 142", "Dkt. 142"),
            ("ECF No. 12", "Dkt. 12"),
            ("Ex. 5", "Ex. 5"),
            ("R. 367", "R. 367"),
            ("the Huang Decl.", "Huang Decl."),
            ("[Dkt. 120]", "Dkt. 120"),
        ] {
            let (kind, _, id) = one(text);
            assert_eq!(
                (kind, id.as_str()),
                (CitationKind::Record, identity),
                "{text}"
            );
        }
    }

    #[test]
    fn opaque_ranges_are_skipped() {
        let text = "`28 U.S.C. § 1746` and 28 U.S.C. § 1331";
        let citations = recognize(text, &[0..18]);
        assert_eq!(citations.len(), 1);
        assert_eq!(citations[0].identity, "28 U.S.C. § 1331");
    }
}
