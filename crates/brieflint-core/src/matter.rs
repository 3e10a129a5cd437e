//! A matter: the folder of filings a reconsideration motion is compared with. Each
//! filing is summarized (kind, date, the authorities it cites, the evidence it relies
//! on); the summaries are the record index. Pure: callers read the files.

use super::citations::{Citation, CitationKind};
use super::document::{DocKind, DocumentInfo};
use super::incremental;
use super::markdown::Structure;
use regex::Regex;
use std::collections::BTreeSet;
use std::sync::LazyLock;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FilingSummary {
    /// The filing's path, as the caller names it (used in messages): the command line
    /// and the language server both give its name within its matter folder, with `/`
    /// (`filings::normalize`).
    pub path: String,
    pub title: Option<String>,
    pub kind: DocKind,
    pub filed: Option<String>,
    /// Normalized authority keys (see `authority_key`).
    pub authorities: BTreeSet<String>,
    /// Evidence keys: declarations and expert reports ("Huang Decl.").
    pub evidence: BTreeSet<String>,
    /// Doctrines, remedies and terms of art the filing argues ("laches", "res judicata",
    /// "merger and bar doctrine"; see `argument_terms`).
    pub terms: BTreeSet<String>,
}

/// Doctrines, remedies and terms of art a party argues. A reconsideration motion that
/// relies on one the prior record never mentions makes a new argument (BL203). ASCII
/// word boundaries keep the scan on the fast engine for non-ASCII text.
static ARGUMENT_TERMS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)(?-u:\b)(?:
            remittitur | additur
          | (?:requirements|output)\s+contracts?
          | (?:equitable|promissory|collateral|judicial|quasi)[-\s]estoppel | estoppel
          | waiver | laches
          | res\s+judicata | (?:claim|issue)\s+preclusion
          | merger\s+and\s+bar
          | statutes?\s+of\s+(?:limitations?|repose|frauds)
          | parol\s+evidence\s+rule
          | unclean\s+hands | unjust\s+enrichment | quantum\s+meruit
          | accord\s+and\s+satisfaction | novation
          | (?:commercial\s+)?impracticability | frustration\s+of\s+purpose
          | impossibility\s+of\s+performance
          | failure\s+to\s+mitigate | mitigation\s+of\s+damages | duty\s+to\s+mitigate
          | economic\s+loss\s+(?:rule|doctrine)
          | (?:derivative\s+sovereign|sovereign|qualified|absolute)\s+immunity
          | forum\s+non\s+conveniens
          | (?:Colorado\s+River|Younger|Burford|Pullman)\s+abstention
          | exhaustion\s+of\s+(?:administrative\s+)?remedies
          | preemption | spoliation | adverse\s+inference | equitable\s+tolling
          | continuing\s+(?:contract|violation|tort|wrong)s? | relat(?:e|es|ion)\s+back
          | act\s+of\s+state | foreign\s+sovereign\s+compulsion
          | in\s+pari\s+delicto | business\s+judgment\s+rule
        )(?-u:\b)",
    )
    .unwrap()
});

/// Words that do not name a doctrine ("under the doctrine", "the same doctrine").
const NOT_A_DOCTRINE: &[&str] = &[
    "the",
    "a",
    "an",
    "this",
    "that",
    "these",
    "those",
    "such",
    "same",
    "under",
    "of",
    "and",
    "or",
    "to",
    "by",
    "in",
    "on",
    "its",
    "their",
    "his",
    "her",
    "our",
    "any",
    "no",
    "new",
    "legal",
    "well-settled",
    "settled",
    "applicable",
    "relevant",
    "familiar",
    "common-law",
];

/// The doctrines and terms of art argued in `text` outside its excluded regions, each
/// with where it is and its key (lower case, single spaces).
/// "... doctrine" with the up to four words before it on the same line: a literal scan
/// (a pattern that may start at any word would read every word of every filing).
fn doctrine_phrases(text: &str) -> Vec<std::ops::Range<usize>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    for m in DOCTRINE.find_iter(text) {
        let (start, end) = (m.start(), m.end());
        let word_byte = |b: u8| b.is_ascii_alphanumeric() || b == b'\'' || b == b'-';
        if (start > 0 && word_byte(bytes[start - 1]))
            || bytes.get(end).is_some_and(|b| word_byte(*b))
        {
            continue;
        }
        // Up to four words before, separated by spaces or tabs only.
        let mut from = start;
        let mut words = 0;
        let mut i = start;
        while words < 4 {
            let mut j = i;
            while j > 0 && (bytes[j - 1] == b' ' || bytes[j - 1] == b'\t') {
                j -= 1;
            }
            if j == i || j == 0 {
                break;
            }
            let mut k = j;
            while k > 0 && (word_byte(bytes[k - 1]) || bytes[k - 1] >= 0x80) {
                k -= 1;
            }
            if k == j || !text.is_char_boundary(k) || !bytes[k].is_ascii_alphabetic() {
                break;
            }
            from = k;
            i = k;
            words += 1;
        }
        if from < start {
            out.push(from..end);
        }
    }
    out
}

static DOCTRINE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i-u)doctrine").unwrap());

/// The doctrines and terms of art `text` argues, outside quotations and code, each with
/// its key; read per piece of a long document (`Structure::pieces`; a term never crosses
/// a piece), each unchanged piece's reused from `cache` when there is one.
pub fn argument_terms(
    text: &str,
    structure: &Structure,
    cache: Option<&incremental::Cache>,
) -> Vec<(std::ops::Range<usize>, String)> {
    in_pieces(
        text,
        structure,
        cache,
        incremental::Step::ArgumentTerms,
        argument_terms_in,
    )
}

/// What `find` finds in each of the structure's pieces (`find` reads only the text and
/// the excluded ranges), through `cache` when there is one.
fn in_pieces(
    text: &str,
    structure: &Structure,
    cache: Option<&incremental::Cache>,
    step: incremental::Step,
    find: fn(&str, &Structure) -> Vec<(std::ops::Range<usize>, String)>,
) -> Vec<(std::ops::Range<usize>, String)> {
    let whole = [0..text.len()];
    // A structure made by hand has no pieces: the text is one.
    let pieces = if structure.pieces.is_empty() {
        &whole[..]
    } else {
        &structure.pieces[..]
    };
    let mut found = Vec::new();
    for piece in pieces {
        let local = || incremental::relative_ranges(&structure.excluded, piece);
        found.extend(incremental::reuse_ranges(
            cache,
            step,
            text,
            piece,
            local,
            || {
                let local = Structure {
                    excluded: local()
                        .into_iter()
                        .map(|r| r.start as usize..r.end as usize)
                        .collect(),
                    ..Structure::default()
                };
                find(&text[piece.clone()], &local)
                    .into_iter()
                    .map(|(r, key)| (r.start + piece.start..r.end + piece.start, key))
                    .collect()
            },
        ));
    }
    found
}

fn argument_terms_in(text: &str, structure: &Structure) -> Vec<(std::ops::Range<usize>, String)> {
    let mut out = Vec::new();
    let mut found: Vec<std::ops::Range<usize>> =
        ARGUMENT_TERMS.find_iter(text).map(|m| m.range()).collect();
    for phrase in doctrine_phrases(text) {
        // A named doctrine wins over a term inside it ("merger and bar doctrine").
        found.retain(|r| !(phrase.start <= r.start && r.end <= phrase.end));
        found.push(phrase);
    }
    found.sort_by_key(|r| r.start);
    for range in found {
        if structure.is_excluded(&range) {
            continue;
        }
        // Each word with its offset in the match.
        let matched = &text[range.clone()];
        let mut spans: Vec<(usize, &str)> = Vec::new();
        let mut at = 0;
        for word in matched.split_whitespace() {
            let offset = at + matched[at..].find(word).unwrap_or(0);
            spans.push((offset, word));
            at = offset + word.len();
        }
        if spans
            .last()
            .is_some_and(|(_, w)| w.eq_ignore_ascii_case("doctrine"))
        {
            // Keep the words that name the doctrine: "the Maryland merger and bar
            // doctrine" -> "maryland merger and bar doctrine".
            while spans.len() > 1 && NOT_A_DOCTRINE.contains(&spans[0].1.to_lowercase().as_str()) {
                spans.remove(0);
            }
            if spans.len() < 2 || spans[0].1.eq_ignore_ascii_case("work") {
                continue;
            }
        }
        let start = range.start + spans.first().map_or(0, |(o, _)| *o);
        let words: Vec<String> = spans
            .iter()
            .map(|(_, w)| w.to_lowercase().replace('’', "'"))
            .collect();
        // "without waiver of", "no waiver": a reservation, not an argument.
        if words.first().is_some_and(|w| w == "waiver") {
            // Only the few bytes before the word: never the whole text before it.
            let mut from = range.start.saturating_sub(16);
            while !text.is_char_boundary(from) {
                from -= 1;
            }
            let before = text[from..range.start].trim_end().to_ascii_lowercase();
            if before.ends_with("without") || before.ends_with(" no") || before.ends_with("and") {
                continue;
            }
        }
        // One key per term: "relate back" and "relation back", "continuing violations"
        // and "continuing violation".
        let mut key = words.join(" ");
        if key.ends_with(" back") && key.starts_with("relat") {
            key = "relation back".to_string();
        } else if key.starts_with("continuing ") && key.ends_with('s') {
            key.pop();
        }
        out.push((start..range.end, key));
    }
    out
}

/// A case cited by its docket number, with no reporter: "Doe, et al. v. Roe, et al.,
/// 21-CV-1234 (ABC)", "United States v. Doe, 26 Cr. 100 (ABC)". The citation recognizer
/// reads reporters, so these would otherwise be invisible to the record comparison. The
/// name must precede the number with a comma, and the docket must say what kind of case
/// it is (cv, civ, cr, crim, mc, md), so that a bare number is never read as a case.
static DOCKET_CASE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        (?-u:\b)[A-Z][A-Za-z.'’&-]*(?:,?\s+et\s+al\.)?(?:\s+(?:[A-Z][A-Za-z.'’&-]*|of|the|and|ex\s+rel\.)){0,5}(?:,?\s+et\s+al\.)?
        \s+v\.\s+
        [A-Z][A-Za-z.'’&-]*(?:\s+(?:[A-Z][A-Za-z.'’&-]*|of|the|and)){0,5}(?:,?\s+et\s+al\.)?
        ,\s+(?:No\.\s+)?
        (?P<docket>(?:[0-9]:)?(?P<year>[0-9]{2})[-\s]?(?P<kind>(?i:cv|civ|cr|crim|mc|md))\.?[-\s]?(?P<number>[0-9]{1,6}))(?-u:\b)",
    )
    .unwrap()
});

/// The docket number alone, without the name: rare in a filing, so the scan for it is
/// cheap, and the name before it is read only where one is found.
static DOCKET_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u)\b(?:[0-9]:)?[0-9]{2}[-\s]?(?i:cv|civ|cr|crim|mc|md)\.?[-\s]?[0-9]{1,6}\b")
        .unwrap()
});

/// Docket-number case citations in `text` outside quotations and code, with their keys
/// ("docket 17-cv-72"). A letter's reference line ("Re: United States v. Maxwell,
/// 20 Cr. 330") names the filing's own case, not an authority, and is skipped. Read per
/// piece, like `argument_terms`.
pub fn docket_cases(
    text: &str,
    structure: &Structure,
    cache: Option<&incremental::Cache>,
) -> Vec<(std::ops::Range<usize>, String)> {
    in_pieces(
        text,
        structure,
        cache,
        incremental::Step::DocketCases,
        docket_cases_in,
    )
}

fn docket_cases_in(text: &str, structure: &Structure) -> Vec<(std::ops::Range<usize>, String)> {
    let mut out: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    for number in DOCKET_NUMBER.find_iter(text) {
        // The case name is at most a few dozen words before the number.
        let mut from = number.start().saturating_sub(240);
        while !text.is_char_boundary(from) {
            from -= 1;
        }
        let window = &text[from..number.end()];
        let Some(caps) = DOCKET_CASE.captures_iter(window).find(|c| {
            c.name("docket")
                .is_some_and(|d| from + d.start() == number.start())
        }) else {
            continue;
        };
        let (Some(whole), Some(year), Some(kind), Some(digits)) = (
            caps.get(0),
            caps.name("year"),
            caps.name("kind"),
            caps.name("number"),
        ) else {
            continue;
        };
        let range = from + whole.start()..from + whole.end();
        if structure.is_excluded(&range) || out.iter().any(|(r, _)| r.end == range.end) {
            continue;
        }
        let line_start = text[..range.start].rfind('\n').map_or(0, |i| i + 1);
        let line = text[line_start..range.start].trim_start();
        if line.starts_with("Re:") || line.starts_with("RE:") {
            continue;
        }
        let kind = match kind.as_str().to_ascii_lowercase().as_str() {
            "civ" => "cv".to_string(),
            "crim" => "cr".to_string(),
            other => other.to_string(),
        };
        let digits = digits.as_str().trim_start_matches('0');
        out.push((
            range,
            format!("docket {}-{}-{}", year.as_str(), kind, digits),
        ));
    }
    out
}

/// The key under which two citations of one authority match across filings: a foreign
/// law by its name ("DSL art. 36", "the Data Security Law" -> "DSL"), a rule by its
/// number ("Fed. R. Civ. P. 34(b)(2)(C)" -> "Fed. R. Civ. P. 34"), a statute by section,
/// a case by volume, reporter and page.
pub fn authority_key(citation: &Citation) -> Option<String> {
    let identity = citation.identity.as_str();
    if identity.is_empty() {
        return None;
    }
    let key = match citation.kind {
        CitationKind::ForeignLaw => identity
            .split(" art.")
            .next()
            .unwrap_or(identity)
            .trim_end_matches(" (2010 rev.)")
            .trim_end_matches(" (2024 rev.)")
            .to_string(),
        CitationKind::Rule
        | CitationKind::LocalRule
        | CitationKind::Statute
        | CitationKind::Regulation
        | CitationKind::Restatement => identity
            .split('(')
            .next()
            .unwrap_or(identity)
            .trim()
            .to_string(),
        CitationKind::Case | CitationKind::CaseShort | CitationKind::Id | CitationKind::Supra => {
            identity.to_string()
        }
        CitationKind::Record => return None,
    };
    Some(key)
}

/// The evidence key of a record citation, for declarations and expert material.
pub fn evidence_key(citation: &Citation) -> Option<String> {
    (citation.kind == CitationKind::Record
        && (citation.identity.ends_with("Decl.")
            || citation.identity.ends_with("Aff.")
            || citation.identity.ends_with("Dep.")))
    .then(|| citation.identity.clone())
}

pub fn summarize(path: &str, info: &DocumentInfo, citations: &[Citation]) -> FilingSummary {
    FilingSummary {
        path: path.to_string(),
        title: info.title.clone(),
        kind: info.kind,
        filed: info.filed.clone(),
        authorities: citations
            .iter()
            .filter_map(authority_key)
            .chain(info.docket_cases.iter().cloned())
            .collect(),
        evidence: citations.iter().filter_map(evidence_key).collect(),
        terms: info.terms.iter().cloned().collect(),
    }
}

/// The filings a motion is compared with: those its front matter names in `prior`
/// (matched by file name or path suffix), else every other filing in the matter filed
/// earlier (undated filings always count).
pub fn prior_record<'a>(
    this_path: &str,
    info: &DocumentInfo,
    matter: &[&'a FilingSummary],
) -> Vec<&'a FilingSummary> {
    let others = matter.iter().copied().filter(|f| f.path != this_path);
    if !info.prior.is_empty() {
        return others
            .filter(|f| {
                info.prior.iter().any(|p| {
                    let p = crate::filings::normalize(p);
                    f.path == p
                        || f.path.ends_with(&format!("/{p}"))
                        || crate::filings::file_name_of(&f.path) == crate::filings::file_name_of(&p)
                })
            })
            .collect();
    }
    others
        .filter(|f| match (&f.filed, &info.filed) {
            (Some(theirs), Some(ours)) => theirs < ours,
            _ => true,
        })
        .collect()
}

/// What a motion for reconsideration asks the court to revisit, as far as the prior record
/// shows. The standard differs: an interlocutory order may be revised at any time before
/// judgment (Fed. R. Civ. P. 54(b), the court's inherent power and its local rule), while
/// a final judgment is altered or set aside only under Rules 59(e) and 60(b).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reconsidered {
    /// Every order in the prior record is recognizably interlocutory (a protective order,
    /// an order on discovery, scheduling or sealing) and no judgment is there.
    Interlocutory,
    /// The prior record holds a judgment (`kind: judgment`, or a title such as "FINAL
    /// JUDGMENT"): after judgment, reconsideration goes through Rules 59(e) and 60(b).
    FinalJudgment,
    /// No order in the prior record, or one whose nature its kind and title do not show.
    Unknown,
}

/// Words in an order's title that mark it as interlocutory.
const INTERLOCUTORY_TITLE_WORDS: &[&str] = &[
    "PROTECTIVE",
    "COMPEL",
    "DISCOVERY",
    "PRIVILEGE",
    "QUASH",
    "SUBPOENA",
    "PRODUCTION",
    "INTERROGATOR",
    "DEPOSITION",
    "SCHEDULING",
    "SEAL",
    "CONFIDENTIALITY",
];

/// Whether `filing` is a judgment, an interlocutory order, or neither recognizably.
fn order_nature(filing: &FilingSummary) -> Option<Reconsidered> {
    let title = filing
        .title
        .as_deref()
        .unwrap_or_default()
        .to_ascii_uppercase();
    match filing.kind {
        DocKind::Judgment => Some(Reconsidered::FinalJudgment),
        DocKind::ProtectiveOrder => Some(Reconsidered::Interlocutory),
        DocKind::Order => Some(
            if INTERLOCUTORY_TITLE_WORDS.iter().any(|w| title.contains(w)) {
                Reconsidered::Interlocutory
            } else {
                Reconsidered::Unknown
            },
        ),
        _ => None,
    }
}

/// What the prior record says is being reconsidered: a final judgment if it holds one,
/// an interlocutory order if every order in it is recognizably interlocutory, else unknown.
pub fn reconsidered(record: &[&FilingSummary]) -> Reconsidered {
    let natures: Vec<Reconsidered> = record.iter().filter_map(|f| order_nature(f)).collect();
    if natures.contains(&Reconsidered::FinalJudgment) {
        Reconsidered::FinalJudgment
    } else if !natures.is_empty() && natures.iter().all(|n| *n == Reconsidered::Interlocutory) {
        Reconsidered::Interlocutory
    } else {
        Reconsidered::Unknown
    }
}

/// Summarizes a filing from its text (the lighter part of the analysis: structure,
/// front matter and citations).
pub fn summarize_text(path: &str, text: &str) -> FilingSummary {
    let structure = super::markdown::parse(text);
    let info = super::document::analyze(text, &structure, false);
    let citations = super::citations::recognize(text, &structure.opaque);
    summarize(path, &info, &citations)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reading terms and docket cases in the smallest pieces the cutting rules allow finds
    /// what reading the whole text finds.
    fn same_in_pieces(text: &str) -> usize {
        let mut structure = crate::markdown::parse(text);
        let whole = (
            argument_terms_in(text, &structure),
            docket_cases_in(text, &structure),
        );
        structure.pieces = crate::fixture_tests::finest_pieces(text);
        let pieces = (
            argument_terms(text, &structure, None),
            docket_cases(text, &structure, None),
        );
        assert_eq!(pieces, whole, "{text:?}");
        structure.pieces.len()
    }

    #[test]
    fn every_fixture_reads_the_same_terms_and_docket_cases_in_pieces() {
        crate::fixture_tests::every_fixture_reads_the_same_in_pieces(same_in_pieces);
    }

    #[test]
    fn docket_number_cases_are_authorities_but_not_the_filings_own_case() {
        let text = "Re: United States v. Doe, 26 Cr. 100 (ABC)\n\nRecently, in Sines, et al. v. \
                    Kessler, et al., 17-CV-72 (KNM) (W.D. Va.), the court released the names. \
                    See United States v. Skelos, 15 Cr. 317 (KMW); cf. Case No. 1:20-cr-330; \
                    United States v. Stone, No. 19-0018 (ABJ).";
        let structure = crate::markdown::parse(text);
        let keys: Vec<String> = docket_cases(text, &structure, None)
            .into_iter()
            .map(|(_, k)| k)
            .collect();
        // The reference line names the letter's own case; a bare case number or a docket
        // that does not say what kind of case it is is not read as a citation.
        assert_eq!(keys, ["docket 17-cv-72", "docket 15-cr-317"]);
        let a = summarize_text("a.md", "See Doe v. Roe, 1:19-cv-00072 (S.D.N.Y.).");
        let b = summarize_text("b.md", "In Doe v. Roe, 19 Civ. 72 (JMF), the court agreed.");
        assert!(a.authorities.contains("docket 19-cv-72"));
        assert_eq!(a.authorities, b.authorities);
    }

    #[test]
    fn one_law_three_spellings() {
        let a = summarize_text("a.md", "Article 36 of the Data Security Law bars it.");
        let b = summarize_text(
            "b.md",
            "The DSL art. 36 bars it, and the Data Security Law (“DSL”) too.",
        );
        assert_eq!(a.authorities, b.authorities);
        assert!(a.authorities.contains("DSL"));
        let c = summarize_text(
            "c.md",
            "See the Huang Decl. and Fed. R. Civ. P. 34(b)(2)(C).",
        );
        assert!(c.evidence.contains("Huang Decl."));
        assert!(c.authorities.contains("Fed. R. Civ. P. 34"));
    }

    #[test]
    fn prior_record_by_front_matter_or_date() {
        let filing = |path: &str, filed: Option<&str>| FilingSummary {
            path: path.to_string(),
            filed: filed.map(str::to_string),
            ..FilingSummary::default()
        };
        let matter = vec![
            filing("m/a.md", Some("2022-01-01")),
            filing("m/b.md", Some("2022-06-01")),
            filing("m/c.md", None),
            filing("m/motion.md", Some("2022-03-01")),
        ];
        let mut info = DocumentInfo {
            filed: Some("2022-03-01".into()),
            ..DocumentInfo::default()
        };
        let paths = |r: Vec<&FilingSummary>| r.iter().map(|f| f.path.clone()).collect::<Vec<_>>();
        assert_eq!(
            paths(prior_record(
                "m/motion.md",
                &info,
                &matter.iter().collect::<Vec<_>>()
            )),
            ["m/a.md", "m/c.md"]
        );
        info.prior = vec!["b.md".into()];
        assert_eq!(
            paths(prior_record(
                "m/motion.md",
                &info,
                &matter.iter().collect::<Vec<_>>()
            )),
            ["m/b.md"]
        );
    }

    #[test]
    fn what_is_reconsidered_comes_from_the_orders_in_the_record() {
        let filing = |kind: DocKind, title: &str| FilingSummary {
            kind,
            title: Some(title.to_string()),
            ..FilingSummary::default()
        };
        let motion = filing(DocKind::Motion, "Motion to Compel");
        let discovery_order = filing(DocKind::Order, "Order on Defendants' Motion to Compel");
        let protective = filing(DocKind::ProtectiveOrder, "Stipulated Protective Order");
        let bare_order = filing(DocKind::Order, "Memorandum Opinion and Order");
        let judgment = filing(DocKind::Judgment, "Final Judgment");
        assert_eq!(reconsidered(&[&motion]), Reconsidered::Unknown);
        assert_eq!(reconsidered(&[]), Reconsidered::Unknown);
        assert_eq!(
            reconsidered(&[&motion, &discovery_order, &protective]),
            Reconsidered::Interlocutory
        );
        assert_eq!(
            reconsidered(&[&discovery_order, &bare_order]),
            Reconsidered::Unknown
        );
        assert_eq!(
            reconsidered(&[&discovery_order, &judgment]),
            Reconsidered::FinalJudgment
        );
        let from_text = summarize_text("j.md", "# FINAL JUDGMENT\n\nJudgment is entered.\n");
        assert_eq!(from_text.kind, DocKind::Judgment);
        let sj = summarize_text(
            "o.md",
            "# ORDER GRANTING SUMMARY JUDGMENT IN PART\n\nText.\n",
        );
        assert_eq!(reconsidered(&[&sj]), Reconsidered::Unknown);
    }
}
