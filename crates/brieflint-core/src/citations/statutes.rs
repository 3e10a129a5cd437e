//! Rules of procedure and evidence (federal and local), federal and state statutes,
//! regulations and Restatements: their builders and the number lists they share.

use super::*;

/// Rule numbers: "26", "26(b)(1)", "26 and 34", "26, 33, and 34", "26 & 37".
pub(super) const RULE_NUMBERS: &str = r"(?P<numbers>[0-9]{1,3}(?:\.[0-9]+)?(?:\([a-zA-Z0-9]{1,4}\))*(?:(?:\s*,\s*(?:and\s+|or\s+|&\s*)?|\s+(?:and|or|&)\s+)[0-9]{1,3}(?:\.[0-9]+)?(?:\([a-zA-Z0-9]{1,4}\))*)*)";

pub(super) static RULE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?P<number>[0-9]{1,3}(?:\.[0-9]+)?)(?P<sub>(?:\([a-zA-Z0-9]{1,4}\))*)").unwrap()
});

/// One citation per number of "Rules 26 and 34", the first covering "Rules".
pub(super) fn push_rules(
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
pub(super) fn rule_set(words: &str) -> &'static str {
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

pub(super) const RULE_SET: &str = r"(?P<set>Civ(?:il|\.)\s*P(?:roc(?:edure|\.)?|\.)|Evid(?:ence|\.)|App(?:ellate|\.)\s*P(?:roc(?:edure|\.)?|\.)|Crim(?:inal|\.)\s*P(?:roc(?:edure|\.)?|\.)|Bankr(?:uptcy|\.)\s*P(?:roc(?:edure|\.)?|\.))";

pub(super) fn build_federal_rule(_: &Ctx, c: &Captures, _: &'static str, out: &mut Vec<Citation>) {
    let m = c.get(0).unwrap();
    let set = rule_set(c.name("set").or(c.name("abbr")).map_or("", |s| s.as_str()));
    push_rules(
        set,
        m.start(),
        c.name("numbers").unwrap(),
        CitationKind::Rule,
        out,
    );
}

pub(super) static OF_THE_RULES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\A\s+of\s+(?:the\s+)?Fed(?:eral|\.)\s*R(?:ules|\.)\s*(?:of\s+)?{RULE_SET}"
    ))
    .unwrap()
});

/// Bare "Rule 34(b)(2)(C)", "Rules 26 and 34 of the Federal Rules of Civil Procedure":
/// the civil rules unless the words after say otherwise.
pub(super) fn build_bare_rule(cx: &Ctx, c: &Captures, _: &'static str, out: &mut Vec<Citation>) {
    let m = c.get(0).unwrap();
    let before = cx.text[..m.start()].trim_end();
    if before.ends_with("Local")
        || before.ends_with("Civil")
        || before.ends_with("Local Civil")
        || after_district_court(before)
    {
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

pub(super) fn build_local_rule(_: &Ctx, c: &Captures, _: &'static str, out: &mut Vec<Citation>) {
    out.push(citation(
        CitationKind::LocalRule,
        format!("Local Rule {}", &c["number"]),
        c.get(0).unwrap().range(),
    ));
}

pub(super) fn build_statute(_: &Ctx, c: &Captures, _: &'static str, out: &mut Vec<Citation>) {
    let mut s = citation(
        CitationKind::Statute,
        format!("{} U.S.C. § {}{}", &c["title"], &c["section"], &c["sub"]),
        c.get(0).unwrap().range(),
    );
    s.pin = c
        .name("end")
        .map(|e| format!("through § {}", e.as_str()).into());
    out.push(s);
}

/// Words of a state code's name: "Cal.", "Civ.", "Proc.", "N.Y.", "Gov't", "&", and
/// the code names written out.
pub(super) fn code_word(word: &str) -> bool {
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

pub(super) fn build_state_code(cx: &Ctx, c: &Captures, _: &'static str, out: &mut Vec<Citation>) {
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

pub(super) fn build_regulation(_: &Ctx, c: &Captures, _: &'static str, out: &mut Vec<Citation>) {
    out.push(citation(
        CitationKind::Regulation,
        format!("{} C.F.R. § {}{}", &c["title"], &c["section"], &c["sub"]),
        c.get(0).unwrap().range(),
    ));
}

pub(super) fn build_restatement(_: &Ctx, c: &Captures, _: &'static str, out: &mut Vec<Citation>) {
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

/// "Restatement § 442": the Restatement the document cited in full before, filled in by
/// `resolve::restatements` once every citation is found and sorted.
pub(super) fn build_restatement_short(
    _: &Ctx,
    c: &Captures,
    _: &'static str,
    out: &mut Vec<Citation>,
) {
    out.push(citation(
        CitationKind::Restatement,
        format!("{SHORT_RESTATEMENT}{}{}", &c["section"], &c["sub"]),
        c.get(0).unwrap().range(),
    ));
}

/// How a short Restatement's identity starts until the full one it refers to is known.
pub(super) const SHORT_RESTATEMENT: &str = "Restatement § ";

/// A district court's abbreviation just before: "D. Kan. Rule 7.3" and "N.D. Ill. R. 37.2"
/// are that court's local rules, not the Federal Rules (nor a record cite).
static DISTRICT_COURT_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:\A|[\s(\[])(?:[NSEWMC]\.\s?)?D\.\s?(?:[A-Z][A-Za-z]{0,4}\.\s?){1,3}\z").unwrap()
});

pub(super) fn after_district_court(before: &str) -> bool {
    let tail = &before[before.char_indices().rev().nth(24).map_or(0, |(i, _)| i)..];
    DISTRICT_COURT_BEFORE.is_match(tail.trim_end())
}
