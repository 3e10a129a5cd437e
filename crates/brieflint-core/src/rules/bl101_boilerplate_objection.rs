use super::{
    before_terminal_punctuation, reasons_window, specificity_authority, Context, Rule, UnitFindings,
};
use crate::authorities;
use crate::caseless::Caseless;
use crate::discovery::{find_all_in, find_in, RequestKind, ResponseUnit};
use crate::finding::{Finding, Fix, RuleMeta};
use crate::placeholders;
use regex::Regex;
use std::sync::LazyLock;

declare_rule! {
    /// ## What it flags
    /// An objection ground stated as a label, with no reasons particular to the request:
    /// "overly broad", "unduly burdensome", "oppressive", "vague and ambiguous",
    /// "irrelevant", "not proportional", "confidential", "harassing", "equally available",
    /// "too broad and all-inclusive", "calls for conclusions rather than facts" and the
    /// like (a lexicon of grounds, `LEXICON`, whose phrases tolerate a few inserted words),
    /// with no facts of burden (volume, custodians, date range, cost, hours), no
    /// identified term, and no "because" that says something about this request. Only the
    /// text of a response is read (a labelled one, or in a document of responses with no
    /// labels at all, each paragraph that objects), never the request itself, quoted
    /// material, code or comments.
    ///
    /// ## Why courts care
    /// Since December 1, 2015, Rule 34(b)(2)(B) requires a party objecting to a document
    /// request to "state with specificity the grounds for objecting to the request,
    /// including the reasons"; Rule 33(b)(4) has long required the same of
    /// interrogatory objections, and grounds not stated are waived. Courts call the bare
    /// labels "meaningless boilerplate" (Fischer v. Forrest) and have issued show-cause
    /// orders over them (Liguria Foods). The resisting party "must show specifically how
    /// . . . each interrogatory is not relevant or how each question is overly broad,
    /// burdensome or oppressive" (Josephs v. Harris Corp., as quoted in Bujduveanu v.
    /// Ginspert).
    ///
    /// ## Example
    /// ```markdown
    /// **RESPONSE TO REQUEST FOR PRODUCTION NO. 4:** Acme objects to this Request as
    /// overly broad, unduly burdensome, and vague and ambiguous.
    /// ```
    ///
    /// ## Fix
    /// Give the reasons in the objection itself: for overbreadth, the part of the request
    /// that reaches too far and the scope you will answer; for burden, facts (volume,
    /// custodians, date range, cost, hours), ideally in a declaration; for vagueness, the
    /// term and the meaning you adopted. The quick fix inserts a "because [...]" scaffold
    /// citing Rule 34(b)(2)(B), or Rule 33(b)(4) for interrogatories.
    ///
    /// ## Authorities
    /// - Fed. R. Civ. P. 34(b)(2)(B)
    /// - Fed. R. Civ. P. 33(b)(4)
    /// - Fischer v. Forrest, Nos. 14 Civ. 1304 (PAE)(AJP), 14 Civ. 1307 (PAE)(AJP), 2017 WL 773694 (S.D.N.Y. Feb. 28, 2017)
    /// - Liguria Foods, Inc. v. Griffith Laboratories, Inc., 320 F.R.D. 168 (N.D. Iowa 2017)
    /// - Josephs v. Harris Corp., 677 F.2d 985, 992 (3d Cir. 1982)
    /// - Bujduveanu v. Ginspert, No. 11-20120-CIV-SEITZ/SIMONTON (S.D. Fla. Aug. 8, 2011) (General Order on Discovery Objections)
    pub struct BoilerplateObjection {
        code: "BL101",
        name: "boilerplate-objection",
        severity: Warning,
        summary: "Objection ground stated without reasons particular to the request",
        authorities: ["frcp-34-b-2-B", "frcp-33-b-4", "fischer-v-forrest", "liguria-foods", "josephs-v-harris", "bujduveanu-v-ginspert"],
    }
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Ground {
    Overbroad,
    Burdensome,
    Vague,
    Irrelevant,
    Disproportionate,
    Confidential,
    Harassing,
    EquallyAvailable,
    Cumulative,
    LegalConclusion,
    Speculative,
    Premature,
    Compound,
    AssumesFacts,
    Configured,
}

impl Ground {
    /// What the scaffold asks the lawyer to supply for this ground.
    fn asks_for(self) -> &'static str {
        match self {
            Ground::Overbroad => {
                "the part of the request that is overbroad and the scope that will be answered"
            }
            Ground::Burdensome => {
                "the facts of the burden: volume, custodians, date range, cost or hours"
            }
            Ground::Vague => "the term that is vague and the meaning adopted in responding",
            Ground::Irrelevant => {
                "why the information is not relevant to any party's claim or defense"
            }
            Ground::Disproportionate => "which proportionality factors the request fails and why",
            Ground::Confidential => {
                "why a protective order does not answer the confidentiality concern"
            }
            Ground::Harassing => "the facts showing an improper purpose",
            Ground::EquallyAvailable => "where the requesting party can obtain the information",
            Ground::Cumulative => "the discovery this request duplicates",
            Ground::LegalConclusion => {
                "the pure question of law the request asks, as distinct from facts or the application of law to fact"
            }
            Ground::Speculative => "what the request would have the party guess at",
            Ground::Premature => "why the answer must wait and when it will be given",
            Ground::Compound => "the separate questions the request combines",
            Ground::AssumesFacts => "the fact the request assumes and why it is disputed",
            Ground::Configured => "the specific reasons for this objection",
        }
    }
}

/// The grounds lawyers write, as a lexicon: each ground with the phrases that state it.
/// Between the words of a phrase up to two other words may stand ("equally or more
/// available", "too broad and all-inclusive", "unduly and unreasonably burdensome"), so
/// one entry covers the variants; a hyphen counts as a space ("over-broad"). Add a
/// phrasing here, not a pattern elsewhere.
const LEXICON: &[(Ground, &[&str])] = &[
    (
        Ground::Overbroad,
        &[
            "overly broad",
            "over broad",
            "overbroad",
            "overbreadth",
            "unreasonably broad",
            "too broad and all inclusive",
            "too broad",
            "all inclusive",
            "unlimited in time",
            "unlimited in scope",
            "unlimited as to time",
            "unlimited as to scope",
        ],
    ),
    (
        Ground::Burdensome,
        &[
            "unduly burdensome",
            "overly burdensome",
            "unreasonably burdensome",
            "excessively burdensome",
            "burdensome",
            "undue burden",
            "unduly burden",
            "oppressive",
            "onerous",
        ],
    ),
    (
        Ground::Vague,
        &[
            "vague",
            "ambiguous",
            "unintelligible",
            "indefinite",
            "uncertain",
        ],
    ),
    (
        Ground::Irrelevant,
        &[
            "irrelevant",
            "not relevant",
            "neither relevant",
            "immaterial",
            "seeks information that is not relevant",
        ],
    ),
    (
        Ground::Disproportionate,
        &["not proportional", "disproportionate", "disproportional"],
    ),
    (
        Ground::Confidential,
        &[
            "confidential",
            "proprietary",
            "trade secret",
            "trade secrets",
        ],
    ),
    (
        Ground::Harassing,
        &[
            "harassing",
            "harass",
            "harassment",
            "annoy",
            "annoying",
            "annoyance",
            "vexatious",
        ],
    ),
    (
        Ground::EquallyAvailable,
        &[
            "equally available",
            "equal access",
            "publicly available",
            "readily available",
            "easily available",
            "equally accessible",
            "publicly accessible",
            "readily accessible",
            "already in plaintiff's possession",
            "already in plaintiffs' possession",
            "already in defendant's possession",
            "already in defendants' possession",
            "already in the requesting party's possession",
        ],
    ),
    (
        Ground::Cumulative,
        &["unreasonably cumulative", "cumulative", "duplicative"],
    ),
    (
        Ground::LegalConclusion,
        &[
            "calls for a legal conclusion",
            "call for a legal conclusion",
            "calls for legal conclusions",
            "call for legal conclusions",
            "seeks a legal conclusion",
            "calls for conclusions",
            "call for conclusions",
            "conclusions rather than facts",
            "conclusion of law",
        ],
    ),
    (
        Ground::Speculative,
        &[
            "calls for speculation",
            "call for speculation",
            "speculative",
        ],
    ),
    (Ground::Premature, &["premature", "prematurely"]),
    (
        Ground::Compound,
        &["compound", "conjunctive", "disjunctive"],
    ),
    (
        Ground::AssumesFacts,
        &["assumes facts not in evidence", "assumes facts"],
    ),
];

/// The lexicon as one pattern, a named group per ground (`g0`, `g1`, ...). Longer phrases
/// come first so that "too broad and all-inclusive" is read as one.
static GROUNDS: LazyLock<Caseless> = LazyLock::new(|| {
    let gap = r"(?:[ \t\r\n-]+[A-Za-z0-9'’]+){0,2}?[ \t\r\n-]+";
    let groups: Vec<String> = LEXICON
        .iter()
        .enumerate()
        .map(|(i, (_, phrases))| {
            let mut phrases: Vec<&str> = phrases.to_vec();
            phrases.sort_by_key(|p| std::cmp::Reverse(p.len()));
            let alternatives: Vec<String> = phrases
                .iter()
                .map(|p| {
                    p.split([' ', '-'])
                        .map(|w| regex::escape(w).replace('\'', "['’]"))
                        .collect::<Vec<_>>()
                        .join(gap)
                })
                .collect();
            format!("(?P<g{i}>{})", alternatives.join("|"))
        })
        .collect();
    Caseless::new(&format!(r"(?i)(?-u:\b)(?:{})(?-u:\b)", groups.join("|")))
});

/// Facts particular to a request: numbers of burden, money, years, quoted or named terms.
static SPECIFICS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?ix)
        (?-u:\b)[0-9][0-9,.]*\+?\s*(?:million\s+|thousand\s+)?(?:custodians?|hours?|days?|weeks?|months?|years?|pages?|documents?|e-?mails?|files?|records?|boxes|employees|people|persons|locations?|facilities|offices|databases?|systems?|servers?|accounts?|GB|TB|MB|gigabytes?|terabytes?|megabytes?|items?|products?|entities|affiliates|subsidiaries|transactions?)(?-u:\b)
        | \$\s?[0-9]
        | (?-u:\b)(?:19|20)[0-9]{2}(?-u:\b)
        | ["“][^"”\n]{1,80}["”]
        | (?-u:\b)(?:the|undefined)\s+(?:terms?|phrases?|words?)(?-u:\b)
        | (?-u:\b)as\s+used\s+in(?-u:\b)
        | (?-u:\b)(?:undefined|not\s+defined)(?-u:\b)
        | (?-u:\b)(?:specifically|in\s+particular|for\s+example|for\s+instance|namely|e\.g\.)
        | (?-u:\b)(?:limited|limits?)\s+(?:its\s+)?(?:response|production|search)\s+to(?-u:\b)
        | (?-u:\b)will\s+construe(?-u:\b)|(?-u:\b)construes(?-u:\b)|(?-u:\b)interprets?\s+(?:this|the)(?-u:\b)
    "#).unwrap()
});

/// Words that introduce reasons; what follows must say something particular.
static CONNECTOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:because|in\s+that|since|given\s+that|insofar\s+as|as\s+it\s+(?:seeks|calls|would|requires|covers|encompasses|asks|demands|reaches|includes)|which\s+would\s+require|would\s+require)(?-u:\b)").unwrap()
});

/// A sentence that answers or produces rather than explaining an objection.
static RESPONSE_PROPER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:will|shall|agrees?\s+to)\s+(?:[0-9A-Za-z_\u{C0}-\u{24F}]+\s+){0,2}?(?:produce|answer|respond|supplement|make)(?-u:\b)|(?-u:\b)subject\s+to(?-u:\b)|(?-u:\b)without\s+waiv|(?-u:\b)notwithstanding(?-u:\b)").unwrap()
});

/// Words that carry no reasons of their own in an objection.
const BOILERPLATE_WORDS: &[&str] = &[
    "objects",
    "object",
    "objection",
    "objections",
    "request",
    "requests",
    "interrogatory",
    "interrogatories",
    "this",
    "that",
    "these",
    "those",
    "the",
    "its",
    "are",
    "been",
    "being",
    "was",
    "were",
    "and",
    "nor",
    "for",
    "with",
    "from",
    "any",
    "all",
    "each",
    "every",
    "not",
    "information",
    "documents",
    "document",
    "materials",
    "seeks",
    "seek",
    "calls",
    "call",
    "asks",
    "ask",
    "requires",
    "require",
    "would",
    "could",
    "may",
    "might",
    "also",
    "further",
    "overly",
    "broad",
    "overbroad",
    "unduly",
    "burdensome",
    "burden",
    "oppressive",
    "vague",
    "ambiguous",
    "irrelevant",
    "relevant",
    "relevance",
    "proportional",
    "proportionality",
    "disproportionate",
    "needs",
    "case",
    "confidential",
    "proprietary",
    "harassing",
    "harass",
    "scope",
    "subject",
    "matter",
    "matters",
    "party",
    "parties",
    "claim",
    "claims",
    "defense",
    "defenses",
    "defendant",
    "plaintiff",
    "defendants",
    "plaintiffs",
    "responding",
    "propounding",
    "extent",
    "which",
    "whatsoever",
    "without",
    "limitation",
    "including",
    "limited",
    "but",
    "discovery",
    "admissible",
    "evidence",
    "lead",
    "reasonably",
    "calculated",
    "unreasonably",
    "cumulative",
    "duplicative",
    "such",
    "because",
    "since",
    "given",
    "insofar",
    "where",
    "his",
    "her",
    "their",
    "our",
    "they",
    "she",
    "you",
    "your",
    "has",
    "have",
    "had",
    "does",
    "did",
    "will",
    "shall",
    "can",
    "cannot",
    "than",
    "more",
    "other",
    "there",
    "here",
    "herein",
    "same",
    "what",
    "who",
    "whom",
    "whether",
    "action",
    "lawsuit",
    "litigation",
    "issues",
    "issue",
    "needs",
    "undue",
    "expense",
    "costly",
    "time",
    "period",
    "it",
    "is",
    "as",
    "to",
    "in",
    "of",
    "or",
    "on",
    "by",
    "be",
    "an",
    "a",
    // Grounds of the lexicon, which a connector may introduce without saying anything
    // particular ("because it calls for a legal conclusion", "since the information is
    // equally available to Plaintiff").
    "legal",
    "conclusion",
    "conclusions",
    "speculation",
    "speculative",
    "equally",
    "available",
    "accessible",
];

/// Whether the words after a connector say something particular to the request.
fn connector_gives_reasons(after: &str) -> bool {
    after
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 3)
        .filter(|w| {
            let lower = w.to_lowercase();
            !BOILERPLATE_WORDS.contains(&lower.as_str())
        })
        .take(2)
        .count()
        >= 2
}

/// Whether `text` gives reasons particular to a request, as BL101 reads an objection.
pub(crate) fn states_reasons(text: &str) -> bool {
    SPECIFICS.is_match(text)
        || CONNECTOR
            .find_iter(text)
            .any(|m| connector_gives_reasons(&text[m.end()..]))
}

pub struct Grounds {
    found: Vec<Ground>,
    /// The grounds as the author wrote them ("overbroad", "oppressive"), each once.
    written: Vec<String>,
}

fn grounds_in(cx: &Context, sentence: &std::ops::Range<usize>) -> Grounds {
    let mut found = Vec::new();
    let mut written: Vec<String> = Vec::new();
    let mut write = |words: &str| {
        let words = words.split_whitespace().collect::<Vec<_>>().join(" ");
        if !written.iter().any(|w| w.eq_ignore_ascii_case(&words)) {
            written.push(words);
        }
    };
    for groups in GROUNDS.captures_iter(&cx.text[sentence.clone()]) {
        let whole = groups[0].clone().expect("a match has its whole");
        let range = sentence.start + whole.start..sentence.start + whole.end;
        if cx.structure.is_excluded(&range) {
            continue;
        }
        write(&cx.text[range]);
        // Group `g{i}` is capture group i + 1 (`ground_groups_follow_the_lexicon`).
        let ground = groups
            .iter()
            .skip(1)
            .position(|g| g.is_some())
            .map(|i| LEXICON[i].0)
            .unwrap_or(Ground::Configured);
        found.push(ground);
    }
    if let Some(extra) = &cx.config.extra_boilerplate_regex {
        if let Some(m) = find_all_in(extra, cx.text, sentence, cx.structure).next() {
            found.push(Ground::Configured);
            write(&cx.text[m]);
        }
    }
    found.sort();
    found.dedup();
    Grounds { found, written }
}

impl Rule for BoilerplateObjection {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context, out: &mut Vec<Finding>) {
        let mut kept = UnitFindings::new(cx, &META);
        for unit in &cx.discovery.units {
            out.extend(kept.in_unit(unit, || {
                let mut found = Vec::new();
                check_unit(cx, unit, &mut found);
                found
            }));
        }
    }
}

fn check_unit(cx: &Context, unit: &ResponseUnit, out: &mut Vec<Finding>) {
    for (index, sentence) in unit.sentences.iter().enumerate() {
        if !sentence.is_objection {
            continue;
        }
        let grounds = grounds_in(cx, &sentence.range);
        if grounds.found.is_empty() {
            continue;
        }
        // Reasons may follow in the next sentences, up to the response proper.
        let window = reasons_window(unit, index);
        let window = match window[1..]
            .iter()
            .position(|s| RESPONSE_PROPER.is_match(&cx.text[s.range.clone()]))
        {
            Some(p) => &window[..=p],
            None => window,
        };
        let window_range = window[0].range.start..window[window.len() - 1].range.end;
        let gives_reasons = |range: &std::ops::Range<usize>| {
            let body = &cx.text[range.clone()];
            find_in(&SPECIFICS, cx.text, range, cx.structure).is_some()
                || CONNECTOR
                    .find_iter(body)
                    .any(|m| connector_gives_reasons(&body[m.end()..]))
        };
        // Reasons count only in a sentence with no placeholder; reasons written only where
        // a placeholder is wait for it to be filled (BL003 stands on it).
        let mut placeholder = None;
        if gives_reasons(&window_range) {
            let mut made = false;
            for s in window.iter().filter(|s| gives_reasons(&s.range)) {
                match placeholders::first_in(cx.text, cx.structure, &s.range) {
                    None => made = true,
                    Some(p) => {
                        placeholder.get_or_insert(p);
                    }
                }
            }
            // Reasons in a finished sentence, or only across sentences.
            if made || placeholder.is_none() {
                continue;
            }
        }
        let noun = unit.kind.noun().to_lowercase();
        let message = format!(
            "Boilerplate objection ({}): no reasons particular to this {noun} are stated",
            grounds.written.join(", ")
        );
        let asks: Vec<&str> = grounds.found.iter().map(|g| g.asks_for()).collect();
        let citation = specificity_authority(unit.kind)
            .map(|id| format!(" ({})", authorities::fix_cite(id)))
            .unwrap_or_default();
        let scaffold = format!(" because [state {}]{citation}", asks.join("; "));
        let at = before_terminal_punctuation(cx.text, &sentence.range);
        let title = match unit.kind {
            RequestKind::Admission => "Add the reasons for this objection".to_string(),
            kind => format!(
                "Add the reasons for this objection ({})",
                authorities::cite(specificity_authority(kind).unwrap_or_default())
            ),
        };
        out.push(
            Finding::new(&META, sentence.range.clone(), message)
                .with_fix(Fix::insert(title, at, scaffold))
                .waiting_for(placeholder),
        );
    }
}

/// Compiles this module's patterns ahead of the first analysis (see `analysis::warm_up`).
pub(crate) fn compile_patterns() {
    LazyLock::force(&GROUNDS);
    LazyLock::force(&SPECIFICS);
    LazyLock::force(&CONNECTOR);
    LazyLock::force(&RESPONSE_PROPER);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ground_groups_follow_the_lexicon() {
        for i in 0..LEXICON.len() {
            assert_eq!(GROUNDS.group(&format!("g{i}")), i + 1);
        }
        crate::caseless::assert_same_matches(
            &GROUNDS,
            &["Overly broad, unduly burdensome and OPPRESSIVE; not reasonably particular."],
        );
    }
}
