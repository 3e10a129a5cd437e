//! The rules, one per file. Each file's doc comment is the rule's documentation: it is
//! what `brieflint rules CODE`, the hover on a diagnostic and the rule docs show.

use super::config::Config;
use super::discovery::{Discovery, RequestKind, ResponseUnit, Sentence};
use super::finding::{Edit, Finding, Fix, RuleMeta};
use super::incremental;
use super::markdown::Structure;
use std::ops::Range;
use std::sync::{Arc, OnceLock};

/// Declares a rule type and its `META`, taking the doc comment as the rule's doc.
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        pub struct $ty:ident {
            code: $code:literal,
            name: $name:literal,
            severity: $severity:ident,
            summary: $summary:literal,
            authorities: [$($authority:literal),* $(,)?] $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        pub struct $ty;

        pub static META: $crate::finding::RuleMeta = $crate::finding::RuleMeta {
            code: $code,
            name: $name,
            default_severity: $crate::finding::Severity::$severity,
            summary: $summary,
            doc: concat!($($doc, "\n"),*),
            authorities: &[$($authority),*],
        };
    };
}

pub(crate) mod bl000_internal_error;
mod bl001_invalid_front_matter;
pub mod bl002_not_analyzed;
pub(crate) mod bl003_unfilled_placeholder;
pub mod bl004_incomplete_record;
mod bl101_boilerplate_objection;
mod bl102_missing_withholding_statement;
mod bl103_general_objections;
mod bl104_subject_to_without_waiving;
mod bl105_obsolete_discovery_standard;
mod bl106_missing_production_time;
mod bl107_privilege_without_log;
mod bl201_new_authority_on_reconsideration;
mod bl202_new_evidence_on_reconsideration;
mod bl203_new_argument_on_reconsideration;
mod bl301_blocking_statute_without_particularity;
mod bl302_blocking_statute_unspecified_provision;
mod bl303_blocking_statute_without_withholding_log;
mod bl304_blocking_statute_without_comity_analysis;
mod bl401_blanket_aeo_designation;
mod bl501_missing_meet_and_confer;
mod bl502_incomplete_meet_and_confer;
mod bl601_undefined_term;
mod bl602_unused_definition;
// Court rule profiles: length, certificate of compliance, tables (see `profiles`).
mod bl701_over_length_limit;
mod bl702_certificate_of_compliance;
mod bl703_missing_tables;

/// What every rule reads: the text and what the analysis already knows of it.
pub struct Context<'a> {
    pub text: &'a str,
    pub structure: &'a Structure,
    pub discovery: &'a Discovery,
    pub citations: &'a [super::citations::Citation],
    pub definitions: &'a [super::definitions::Definition],
    pub document: &'a super::document::DocumentInfo,
    /// The prior filings this one is compared with (empty outside a matter).
    pub record: &'a [&'a super::matter::FilingSummary],
    /// Work several rules share, done once per analysis.
    pub memo: Memo,
    /// Results of earlier analyses of this document, when it is being edited.
    pub cache: Option<&'a super::incremental::Cache>,
    pub config: &'a Config,
}

/// Results shared between rules of one analysis (on one thread or two: `analyze_with`).
#[derive(Default)]
pub struct Memo {
    /// Claims that foreign law bars production (BL301-BL304).
    pub(crate) blocking_claims: OnceLock<Vec<super::foreign_claims::Claim>>,
    /// The length limit in force and the filing's count under it (BL701-BL703).
    pub(crate) length: OnceLock<Option<super::profiles::Applied>>,
    /// Each response unit's cache key, by the unit's index (`UnitFindings`): built once
    /// for all the rules that check the unit.
    unit_keys: OnceLock<Vec<Option<UnitKey>>>,
}

pub(crate) use bl701_over_length_limit::thousands;

/// The length limit that governs the filing and its count, computed once per analysis.
pub(crate) fn length<'c>(cx: &'c Context) -> Option<&'c super::profiles::Applied> {
    cx.memo
        .length
        .get_or_init(|| length_of(cx.text, cx.structure, cx.document, cx.config, cx.cache))
        .as_ref()
}

/// The length limit that governs the filing described by `document` and its count.
pub(crate) fn length_of(
    text: &str,
    structure: &Structure,
    document: &super::document::DocumentInfo,
    config: &Config,
    cache: Option<&incremental::Cache>,
) -> Option<super::profiles::Applied> {
    super::profiles::applicable_with(document, config.length.as_ref(), || {
        super::counting::count_cached(text, structure, cache)
    })
}

impl Memo {
    /// A memo that holds the length limit and count already (`length_of`).
    pub(crate) fn with_length(length: Option<super::profiles::Applied>) -> Memo {
        Memo {
            length: OnceLock::from(length),
            ..Memo::default()
        }
    }
}

pub trait Rule: Sync {
    fn meta(&self) -> &'static RuleMeta;
    fn check(&self, cx: &Context, out: &mut Vec<Finding>);
}

static RULES: &[&dyn Rule] = &[
    &bl000_internal_error::InternalError,
    &bl001_invalid_front_matter::InvalidFrontMatter,
    &bl002_not_analyzed::NotAnalyzed,
    &bl003_unfilled_placeholder::UnfilledPlaceholder,
    &bl004_incomplete_record::IncompleteRecord,
    &bl101_boilerplate_objection::BoilerplateObjection,
    &bl102_missing_withholding_statement::MissingWithholdingStatement,
    &bl103_general_objections::GeneralObjections,
    &bl104_subject_to_without_waiving::SubjectToWithoutWaiving,
    &bl105_obsolete_discovery_standard::ObsoleteDiscoveryStandard,
    &bl106_missing_production_time::MissingProductionTime,
    &bl107_privilege_without_log::PrivilegeWithoutLog,
    &bl201_new_authority_on_reconsideration::NewAuthorityOnReconsideration,
    &bl202_new_evidence_on_reconsideration::NewEvidenceOnReconsideration,
    &bl203_new_argument_on_reconsideration::NewArgumentOnReconsideration,
    &bl301_blocking_statute_without_particularity::BlockingStatuteWithoutParticularity,
    &bl302_blocking_statute_unspecified_provision::BlockingStatuteUnspecifiedProvision,
    &bl303_blocking_statute_without_withholding_log::BlockingStatuteWithoutWithholdingLog,
    &bl304_blocking_statute_without_comity_analysis::BlockingStatuteWithoutComityAnalysis,
    &bl401_blanket_aeo_designation::BlanketAeoDesignation,
    &bl501_missing_meet_and_confer::MissingMeetAndConfer,
    &bl502_incomplete_meet_and_confer::IncompleteMeetAndConfer,
    &bl601_undefined_term::UndefinedTerm,
    &bl602_unused_definition::UnusedDefinition,
    &bl701_over_length_limit::OverLengthLimit,
    &bl702_certificate_of_compliance::CertificateOfCompliance,
    &bl703_missing_tables::MissingTables,
];

/// `compile_patterns` of the rules whose patterns run on most filings, for
/// `analysis::warm_up_steps`. The others (blocking statutes, AEO designations, meet and
/// confer, reconsideration) compile when a filing first needs them: compiled automata
/// take resident memory, and most filings never do.
pub(crate) const PATTERN_COMPILERS: &[fn()] = &[
    bl101_boilerplate_objection::compile_patterns,
    bl103_general_objections::compile_patterns,
    bl104_subject_to_without_waiving::compile_patterns,
    bl105_obsolete_discovery_standard::compile_patterns,
    bl107_privilege_without_log::compile_patterns,
    bl601_undefined_term::compile_patterns,
];

pub fn all() -> &'static [&'static dyn Rule] {
    RULES
}

/// A rule's metadata by code ("BL101", any case) or name ("boilerplate-objection").
pub fn lookup(key: &str) -> Option<&'static RuleMeta> {
    RULES
        .iter()
        .map(|r| r.meta())
        .find(|m| m.code.eq_ignore_ascii_case(key) || m.name.eq_ignore_ascii_case(key))
}

/// A rule's findings block by block, reused from earlier analyses of the document where
/// a block's text and excluded regions are unchanged (kept by piece: `InPieces`).
pub(crate) struct BlockFindings<'a> {
    excluded: &'a [Range<usize>],
    /// `None` without a cache: findings are then computed in place.
    kept: Option<incremental::InPieces<'a, (), incremental::Relative, Vec<Finding>>>,
}

impl<'a> BlockFindings<'a> {
    pub(crate) fn new(cx: &Context<'a>, rule: &'static RuleMeta) -> BlockFindings<'a> {
        BlockFindings {
            excluded: &cx.structure.excluded,
            kept: kept_findings(cx, rule),
        }
    }

    /// The findings in `block`. `check` must read nothing outside the block, and nothing
    /// but the text and the structure.
    pub(crate) fn in_block(
        &mut self,
        block: &Range<usize>,
        check: impl FnOnce() -> Vec<Finding>,
    ) -> Vec<Finding> {
        let Some(kept) = &mut self.kept else {
            return check();
        };
        let excluded = self.excluded;
        findings_in(
            kept,
            block,
            || incremental::relative_ranges(excluded, block),
            check,
            |_| {},
        )
    }
}

/// A rule's findings kept by piece while the document is edited; `None` without a cache.
fn kept_findings<'a, B: incremental::Inputs + Clone>(
    cx: &Context<'a>,
    rule: &'static RuleMeta,
) -> Option<incremental::InPieces<'a, (), B, Vec<Finding>>> {
    cx.cache.map(|cache| {
        incremental::InPieces::new(
            Some(cache),
            incremental::Step::Rule(rule.code),
            cx.text,
            &cx.structure.pieces,
            (),
        )
    })
}

/// The findings `check` gives in `span`, kept relative to its start. `reused` is given
/// the inputs stored with findings an earlier analysis found.
fn findings_in<B: incremental::Inputs + Clone>(
    kept: &mut incremental::InPieces<'_, (), B, Vec<Finding>>,
    span: &Range<usize>,
    inputs: impl FnOnce() -> B,
    check: impl FnOnce() -> Vec<Finding>,
    reused: impl FnOnce(&B),
) -> Vec<Finding> {
    let base = span.start;
    kept.with_stored_inputs(
        span,
        inputs,
        || check().iter().map(|f| f.moved(base, 0)).collect(),
        |found, stored| {
            if let Some(stored) = stored {
                reused(stored);
            }
            found.iter().map(|f| f.moved(0, base)).collect()
        },
    )
}

/// Everything a response unit is made of besides its text, relative to its start: what a
/// rule checking the unit may read (`UnitFindings`). Equal inputs and text mean equal
/// units.
#[derive(Hash, PartialEq, Eq)]
struct UnitInputs {
    kind: RequestKind,
    states_withholding: bool,
    gives_production_time: bool,
    label: Range<u32>,
    agrees_to_produce: Option<Range<u32>>,
    withholding_placeholder: Option<Range<u32>>,
    production_time_placeholder: Option<Range<u32>>,
    segments: incremental::Relative,
    /// Each sentence's range, segment and whether it states an objection.
    sentences: Vec<(Range<u32>, usize, bool)>,
    excluded: incremental::Relative,
}

/// A rule's findings response unit by response unit, reused from earlier analyses of
/// the document where a unit's text, structure and excluded regions are unchanged (kept
/// by piece: `InPieces`).
pub(crate) struct UnitFindings<'a> {
    cx: &'a Context<'a>,
    /// `None` without a cache: findings are then computed in place.
    kept: Option<incremental::InPieces<'a, (), Arc<UnitInputs>, Vec<Finding>>>,
}

impl<'a> UnitFindings<'a> {
    pub(crate) fn new(cx: &'a Context<'a>, rule: &'static RuleMeta) -> UnitFindings<'a> {
        UnitFindings {
            cx,
            kept: kept_findings(cx, rule),
        }
    }

    /// The findings in `unit`. `check` must read nothing outside the unit's text but the
    /// unit itself, and must not depend on the rest of the document (a rule with a
    /// document-wide condition checks it first).
    pub(crate) fn in_unit(
        &mut self,
        unit: &ResponseUnit,
        check: impl FnOnce() -> Vec<Finding>,
    ) -> Vec<Finding> {
        let Some(kept) = &mut self.kept else {
            return check();
        };
        let Some(key) = unit_key(self.cx, unit) else {
            return check();
        };
        findings_in(
            kept,
            &key.span,
            || key.inputs().clone(),
            check,
            |stored| {
                // The next rule to check this unit finds the stored inputs the same
                // allocation as its own, and compares pointers, not contents (every rule
                // stored the same allocation).
                if !Arc::ptr_eq(key.inputs(), stored) {
                    let _ = key.stored.set(stored.clone());
                }
            },
        )
    }
}

/// A response unit's text and what else it is made of, built once per analysis for all
/// the rules that check the unit.
#[derive(Clone)]
struct UnitKey {
    span: Range<usize>,
    built: Arc<UnitInputs>,
    /// The equal inputs an earlier analysis stored, once a rule has found them.
    stored: OnceLock<Arc<UnitInputs>>,
}

/// The key of `unit`, from the analysis's memo when it is one of its units; `None` for a
/// unit with no response text.
fn unit_key<'c>(cx: &'c Context, unit: &ResponseUnit) -> Option<std::borrow::Cow<'c, UnitKey>> {
    let Some(index) = unit_index(cx, unit) else {
        return UnitKey::new(cx, unit).map(std::borrow::Cow::Owned);
    };
    // All at once: a key is cheap to build, and most units are checked by several rules.
    let keys = cx.memo.unit_keys.get_or_init(|| {
        cx.discovery
            .units
            .iter()
            .map(|unit| UnitKey::new(cx, unit))
            .collect()
    });
    keys[index].as_ref().map(std::borrow::Cow::Borrowed)
}

impl UnitKey {
    /// `None` for a unit with no response text.
    fn new(cx: &Context, unit: &ResponseUnit) -> Option<UnitKey> {
        let last = unit.segments.last()?;
        let span = unit.label.start.min(last.start)..last.end;
        let base = span.start;
        let relative = |r: &Range<usize>| incremental::relative(r, base);
        let inputs = UnitInputs {
            kind: unit.kind,
            states_withholding: unit.states_withholding,
            gives_production_time: unit.gives_production_time,
            label: relative(&unit.label),
            agrees_to_produce: unit.agrees_to_produce.as_ref().map(relative),
            withholding_placeholder: unit.withholding_placeholder.as_ref().map(relative),
            production_time_placeholder: unit.production_time_placeholder.as_ref().map(relative),
            segments: unit.segments.iter().map(relative).collect(),
            sentences: unit
                .sentences
                .iter()
                .map(|s| (relative(&s.range), s.segment, s.is_objection))
                .collect(),
            excluded: incremental::relative_ranges(&cx.structure.excluded, &span),
        };
        Some(UnitKey {
            span,
            built: Arc::new(inputs),
            stored: OnceLock::new(),
        })
    }

    /// The unit's inputs: the stored allocation when one was found equal, so that the
    /// rules after the first compare pointers.
    fn inputs(&self) -> &Arc<UnitInputs> {
        self.stored.get().unwrap_or(&self.built)
    }
}

/// Where `unit` is in the analysis's response units, if it is one of them.
fn unit_index(cx: &Context, unit: &ResponseUnit) -> Option<usize> {
    let units = &cx.discovery.units;
    let size = std::mem::size_of::<ResponseUnit>().max(1);
    let offset = (unit as *const ResponseUnit as usize).checked_sub(units.as_ptr() as usize)?;
    let index = offset / size;
    units
        .get(index)
        .is_some_and(|u| std::ptr::eq(u, unit))
        .then_some(index)
}

/// Characters that may close a sentence after its final punctuation.
fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | ')' | ']' | '*' | '_' | '”' | '’')
}

/// Where to put words that continue a sentence ("... overly broad[ because ...].").
pub(crate) fn before_terminal_punctuation(text: &str, sentence: &Range<usize>) -> usize {
    let body = &text[sentence.clone()];
    let trimmed = body.trim_end_matches(is_closer);
    match trimmed.chars().last() {
        Some('.' | ';' | ':' | '!' | '?') => sentence.start + trimmed.len() - 1,
        _ => sentence.start + trimmed.len(),
    }
}

/// An edit that adds `sentence` after the sentence at `anchor`.
pub(crate) fn append_sentence(text: &str, anchor: &Range<usize>, sentence: &str) -> Edit {
    let new_text = if ends_a_sentence(text, anchor) {
        format!(" {sentence}")
    } else {
        format!(". {sentence}")
    };
    Edit {
        range: anchor.end..anchor.end,
        new_text: new_text.into(),
    }
}

/// Whether the text at `anchor` ends with a sentence's final punctuation.
fn ends_a_sentence(text: &str, anchor: &Range<usize>) -> bool {
    text[anchor.clone()]
        .trim_end_matches(is_closer)
        .ends_with(['.', '!', '?'])
}

/// One sentence to append after many anchors (`append_sentence`), its two spellings
/// built once and shared by every edit.
pub(crate) struct AppendedSentence {
    after_a_sentence: Arc<str>,
    after_other_text: Arc<str>,
}

impl AppendedSentence {
    pub(crate) fn new(sentence: &str) -> AppendedSentence {
        AppendedSentence {
            after_a_sentence: format!(" {sentence}").into(),
            after_other_text: format!(". {sentence}").into(),
        }
    }

    /// The edit that adds the sentence after `anchor` (see `append_sentence`).
    pub(crate) fn after(&self, text: &str, anchor: &Range<usize>) -> Edit {
        let new_text = if ends_a_sentence(text, anchor) {
            &self.after_a_sentence
        } else {
            &self.after_other_text
        };
        Edit {
            range: anchor.end..anchor.end,
            new_text: new_text.clone(),
        }
    }
}

/// The two Rule 34(b)(2)(C) statements a lawyer can choose between, added after `anchor`.
pub(crate) fn withholding_fixes(text: &str, anchor: &Range<usize>, objections: usize) -> Vec<Fix> {
    let cite = super::authorities::fix_cite("frcp-34-b-2-C");
    let basis = if objections > 1 {
        "these objections"
    } else {
        "this objection"
    };
    vec![
        Fix {
            title: format!("State that nothing is being withheld ({cite})").into(),
            edits: vec![append_sentence(
                text,
                anchor,
                &format!("Nothing is being withheld on the basis of {basis} ({cite})."),
            )],
        },
        Fix {
            title: format!("State what is being withheld ({cite})").into(),
            edits: vec![append_sentence(
                text,
                anchor,
                &format!(
                    "Materials are being withheld on the basis of {basis}: [describe the materials withheld] ({cite})."
                ),
            )],
        },
    ]
}

/// " (a; b)": the citations a fix inserts after its words, leaving out any that would
/// be new to the prior record of a motion for reconsideration (BL201); "" when none is
/// left.
pub(crate) fn fix_citations<S: Into<String>>(
    cx: &Context,
    cites: impl IntoIterator<Item = S>,
) -> String {
    let kept: Vec<String> = cites
        .into_iter()
        .filter_map(|c| {
            bl201_new_authority_on_reconsideration::unless_new_on_reconsideration(cx, c.into())
        })
        .collect();
    if kept.is_empty() {
        String::new()
    } else {
        format!(" ({})", kept.join("; "))
    }
}

/// The rule that governs objections to this kind of request.
pub(crate) fn specificity_authority(kind: RequestKind) -> Option<&'static str> {
    match kind {
        RequestKind::Interrogatory => Some("frcp-33-b-4"),
        RequestKind::Production | RequestKind::Unknown => Some("frcp-34-b-2-B"),
        RequestKind::Admission => None,
    }
}

/// The sentences from `index` up to the next objection in the same block: where the
/// reasons for the objection at `index` may be given.
pub(crate) fn reasons_window<'u>(unit: &'u ResponseUnit, index: usize) -> &'u [Sentence] {
    let first = &unit.sentences[index];
    let end = unit.sentences[index + 1..]
        .iter()
        .position(|s| s.is_objection || s.segment != first.segment)
        .map_or(unit.sentences.len(), |p| index + 1 + p);
    &unit.sentences[index..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_is_documented_and_cites_known_authorities() {
        let mut codes = std::collections::HashSet::new();
        for rule in all() {
            let meta = rule.meta();
            assert!(codes.insert(meta.code));
            let doc = meta.doc_markdown();
            for section in [
                "What it flags",
                "Why courts care",
                "Example",
                "Fix",
                "Authorities",
            ] {
                assert!(doc.contains(section), "{} doc lacks {section}", meta.code);
            }
            // A rule with no legal source (brieflint's own notices, drafting hygiene) lists
            // no authority and says so; it never borrows one.
            if meta.authorities.is_empty() {
                assert!(
                    doc.contains("## Authorities\nNone."),
                    "{} lists no authority but its doc does not say so",
                    meta.code
                );
            }
            assert_eq!(
                meta.authorities.is_empty(),
                matches!(
                    meta.code,
                    "BL000" | "BL001" | "BL002" | "BL003" | "BL004" | "BL601" | "BL602"
                ),
                "{}: only brieflint's notices and drafting checks list no authority",
                meta.code
            );
            for id in meta.authorities {
                let authority = super::super::authorities::get(id)
                    .unwrap_or_else(|| panic!("{} cites unknown authority {id}", meta.code));
                assert!(
                    doc.contains(&authority.cite)
                        || doc.contains(authority.short.as_deref().unwrap_or("\u{0}")),
                    "{} doc does not name {}",
                    meta.code,
                    authority.cite
                );
            }
            assert!(lookup(meta.name).is_some());
        }
    }

    /// A message names what the author wrote, not brieflint's name for it.
    #[test]
    fn messages_quote_the_authors_words() {
        let text = "# RESPONSES TO REQUESTS FOR PRODUCTION\n\nREQUEST FOR PRODUCTION NO. 1: All documents.\n\nRESPONSE: Acme restates its General Objections. Acme objects to this Request as overbroad and oppressive. Acme objects to producing documents protected by the work product doctrine. Without waiving these objections, Acme will produce responsive documents by May 1, 2027. The Request is not likely to lead to the discovery of admissible evidence because it reaches Acme's 2011 pump line.\n";
        let messages: Vec<String> = crate::analyze(text, &Config::default())
            .into_iter()
            .map(|f| f.message.to_string())
            .collect();
        for words in [
            "(\"restates\")",
            "(overbroad, oppressive)",
            "Objection (work product doctrine)",
            "\"Without waiving\" the objections",
            "\"likely to lead to the discovery of admissible evidence\"",
        ] {
            assert!(
                messages.iter().any(|m| m.contains(words)),
                "no message quotes {words}: {messages:#?}"
            );
        }
    }

    #[test]
    fn sentence_edits() {
        let text = "Acme objects.** Next";
        assert_eq!(before_terminal_punctuation(text, &(0..15)), 12);
        let edit = append_sentence("Acme objects", &(0..12), "More.");
        assert_eq!(&*edit.new_text, ". More.");
    }
}

/// An authority's short name for fix titles ("Philips v. Buan"), else its citation.
pub(crate) fn short_cite(id: &str) -> &'static str {
    super::authorities::get(id)
        .and_then(|a| a.short.as_deref())
        .unwrap_or_else(|| super::authorities::cite(id))
}

/// The configured court, reduced to letters and digits ("N.D. Ill." -> "ndill").
pub(crate) fn court_key(document: &super::document::DocumentInfo) -> Option<String> {
    let court = document.court.as_deref()?.to_ascii_lowercase();
    let mut key = court;
    for (long, short) in [
        ("northern district of ", "n.d. "),
        ("southern district of ", "s.d. "),
        ("eastern district of ", "e.d. "),
        ("western district of ", "w.d. "),
        ("central district of ", "c.d. "),
        ("district of ", "d. "),
        ("illinois", "ill"),
        ("california", "cal"),
        ("new york", "ny"),
        ("massachusetts", "mass"),
    ] {
        key = key.replace(long, short);
    }
    let key: String = key.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    (!key.is_empty()).then_some(key)
}

/// Whether the document's `court` is a state court ("Circuit Court of Cook County",
/// "Fla. Cir. Ct.", "Superior Court of California", "Supreme Court of the State of New
/// York"), where the Federal Rules of Civil and Appellate Procedure do not govern.
pub(crate) fn state_court(document: &super::document::DocumentInfo) -> bool {
    let Some(court) = document.court.as_deref() else {
        return false;
    };
    let court = court.to_ascii_lowercase();
    // "The Seventh Circuit Court of Appeals" is federal.
    let state_circuit_court =
        court.contains("circuit court") && !court.contains("circuit court of appeals");
    state_circuit_court
        || [
            "county",
            "parish",
            "cir. ct.",
            "superior court",
            "super. ct.",
            "chancery",
            "common pleas",
            "state of",
        ]
        .iter()
        .any(|marker| court.contains(marker))
}

/// The federal circuit of the document, from `circuit` or else from `court`.
pub(crate) fn circuit_of(document: &super::document::DocumentInfo) -> Option<u8> {
    if let Some(circuit) = document.circuit.as_deref() {
        let lower = circuit.to_ascii_lowercase();
        let digits: String = lower.chars().take_while(|c| c.is_ascii_digit()).collect();
        if let Ok(n) = digits.parse() {
            return Some(n);
        }
        for (n, word) in [
            (1, "first"),
            (2, "second"),
            (3, "third"),
            (4, "fourth"),
            (5, "fifth"),
            (6, "sixth"),
            (7, "seventh"),
            (8, "eighth"),
            (9, "ninth"),
            (10, "tenth"),
            (11, "eleventh"),
        ] {
            if lower.starts_with(word) {
                return Some(n);
            }
        }
    }
    let key = court_key(document)?;
    const DISTRICTS: &[(u8, &[&str])] = &[
        (1, &["dmass", "dme", "dnh", "dri", "dpr"]),
        (2, &["sdny", "edny", "ndny", "wdny", "dconn", "dvt"]),
        (
            7,
            &[
                "ndill", "cdill", "sdill", "ndind", "sdind", "edwis", "wdwis",
            ],
        ),
        (
            9,
            &[
                "ndcal", "cdcal", "edcal", "sdcal", "dariz", "dnev", "dor", "wdwash", "edwash",
                "dhaw", "dhawaii", "dalaska", "didaho", "dmont", "dguam",
            ],
        ),
    ];
    DISTRICTS
        .iter()
        .find(|(_, keys)| keys.contains(&key.as_str()))
        .map(|(n, _)| *n)
}
