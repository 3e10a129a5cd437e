use super::{append_sentence, circuit_of, short_cite, Context, Rule};
use crate::authorities;
use crate::document::DocKind;
use crate::finding::{Finding, Fix, RuleMeta};
use crate::incremental::{self, Step};
use crate::markdown::BlockKind;
use crate::placeholders;
use crate::sentences;
use regex::Regex;
use std::sync::LazyLock;

declare_rule! {
    /// ## What it flags
    /// A proposed protective order, stipulation, letter, motion or brief that makes
    /// "attorneys' eyes only" (or "highly confidential") the default for a whole class of
    /// material, such as "all personal information" or "all documents produced in this
    /// action", or a list of kinds of material that "must be for attorney's eyes only" on
    /// no ground but their being confidential, with no good-cause statement for each
    /// category that follows it. Also: a request that a Bates range, or a party's records
    /// described only by what they are ("its internal, non-public business documents"), be
    /// produced AEO on a ground that says nothing of what they contain (that the other side
    /// is a competitor); and a power to designate anything at the top tier with no
    /// criteria ("may, in its sole discretion, designate any material", "may initially
    /// bulk designate documents"). Material already designated ("all material designated AEO shall be disclosed only to...") is
    /// not a designation. Court orders, quoted material, code and comments are not read.
    ///
    /// ## Why courts care
    /// Rule 26(c)(1) allows a protective order only "for good cause". In the District of
    /// Massachusetts, a party seeking to seal a filed document must make "a particular
    /// factual demonstration of potential harm, not . . . conclusory statements" (BBJ,
    /// Inc. v. MillerCoors, quoting United States v. Kravetz, a case about sealed judicial
    /// records), and BBJ cites Anderson v. Cryovac, Inc., 805 F.2d at 7, for "A finding of
    /// good cause must be based on a particular factual demonstration of potential harm,
    /// not on conclusory statements." The Seventh Circuit requires the judge, not the
    /// parties, to find good cause before material is kept from the public record
    /// (Citizens First National Bank of Princeton v. Cincinnati Insurance Co.); in the
    /// Ninth Circuit the party
    /// seeking protection must show the specific prejudice or harm that will result
    /// without it (Phillips ex rel. Estates of Byrd v. General Motors Corp.). Courts also
    /// reserve the attorneys'-eyes-only tier for highly sensitive information (Jackson v.
    /// Lockheed Martin Space Sys. Co.), and one judge's standing protective order, as
    /// modified by the magistrate judge in one case, prohibits mass, indiscriminate or
    /// routinized designations (C.D. Cal., Standing Protective Order for cases assigned to
    /// Judge Kronstadt (modified) (Abrams, M.J.), § 2.1). In the S.D.N.Y. order behind this
    /// rule, the court refused to make AEO the default for all personal information without
    /// a showing of good cause and told the defendants to identify, with particularity, the
    /// categories and why. The hover on each case says how far brieflint has verified it.
    ///
    /// ## Example
    /// ```markdown
    /// Defendants propose that all personal information produced in this action be
    /// designated "Attorneys' Eyes Only."
    /// ```
    ///
    /// ## Fix
    /// Limit the designation to defined categories and give, for each, the specific harm
    /// disclosure would cause and why a lower tier would not prevent it; add an
    /// over-designation clause. The quick fix inserts that category-by-category scaffold
    /// and a restraint clause, citing Rule 26(c)(1) (and a circuit's case only once
    /// brieflint has verified it against the opinion).
    ///
    /// ## Authorities
    /// - Fed. R. Civ. P. 26(c)(1)
    /// - BBJ, Inc. v. MillerCoors, No. 1:12-cv-11305, Dkt. 173 (D. Mass. Nov. 13, 2015)
    /// - United States v. Kravetz, 706 F.3d 47, 60 (1st Cir. 2013)
    /// - Anderson v. Cryovac, Inc., 805 F.2d 1, 7 (1st Cir. 1986)
    /// - Citizens First National Bank of Princeton v. Cincinnati Insurance Co., 178 F.3d 943, 944–46 (7th Cir. 1999)
    /// - Phillips ex rel. Estates of Byrd v. General Motors Corp., 307 F.3d 1206, 1210–11 (9th Cir. 2002)
    /// - Jackson v. Lockheed Martin Space Sys. Co., No. C 05-3020 RMW (PVT) (N.D. Cal. Feb. 2, 2006)
    /// - Gerffert Co. v. Dean, 2012 WL 2054243, at *5 (E.D.N.Y. 2012)
    /// - C.D. Cal., Standing Protective Order for cases assigned to Judge Kronstadt (modified) (Abrams, M.J.), § 2.1
    pub struct BlanketAeoDesignation {
        code: "BL401",
        name: "blanket-aeo-designation",
        severity: Warning,
        summary: "Attorneys'-eyes-only made the default for a whole class of material without category-specific good cause",
        authorities: ["frcp-26-c-1", "bbj-v-millercoors", "us-v-kravetz", "anderson-v-cryovac", "citizens-first-v-cincinnati-ins", "phillips-v-general-motors", "jackson-v-lockheed-martin", "gerffert-v-dean", "cdcal-kronstadt-standing-protective-order"],
    }
}

const AEO: &str = r#"(?:["“']?\s*(?:highly\s+confidential\s*[-–—:]*\s*)?attorneys?(?:['’]s?)?[-\s]*eyes['’]?[-\s]+only["”']?|\bAEO\b|["“']?\bhighly\s+confidential\b["”']?|["“']?\s*(?:confidential\s*[-–—:]?\s*)?(?:for\s+)?(?:outside\s+)?(?:counsel|lawyers?)['’]?s?['’]?\s+(?:eyes\s+)?only["”']?)"#;

const CLASS: &str = r#"\b(?:all|any\s+and\s+all|every)\s+(?:[0-9A-Za-z_\u{C0}-\u{24F}'’"“”-]+\s+){0,3}?(?:documents?|materials?|information|data|records|productions?|testimony|transcripts|ESI|things|files|discovery(?:\s+materials?)?)\b(?:\s+produced(?:\s+by\s+(?:either|any|each|both)\s+(?:side|party|parties))?)?"#;

/// A list of two or more kinds of material: "customer information, trade secrets,
/// current financial information, and confidential settlement communications".
const CATEGORIES: &str = r#"(?:[0-9A-Za-z_\u{C0}-\u{24F}'’-]+\s+){0,3}?(?:information|documents|records|communications|data|materials|lists|files|agreements|statements|secrets|transcripts|testimony)(?:\s*,\s*(?:and\s+|or\s+)?(?:[0-9A-Za-z_\u{C0}-\u{24F}'’-]+\s+){0,4}?(?:information|documents|records|communications|data|materials|lists|files|agreements|statements|secrets|transcripts|testimony)){1,}"#;

/// A Bates range asked for at the top tier: "the documents Bates-numbered DEF000001
/// through DEF005100".
const BATES_RANGE: &str = r#"\b(?:documents?|pages?|materials?|productions?)\s+(?:(?:Bates[-\s]?(?:numbered|stamped|labell?ed))|bearing\s+Bates\s+(?:numbers?|nos?\.))\s+[0-9A-Za-z_\u{C0}-\u{24F}-]+\s+(?:through|to|-|–)\s+[0-9A-Za-z_\u{C0}-\u{24F}-]+"#;

/// A party's own records described only by what they are, not by what they contain: "its
/// internal, non-public business documents", "Defendant's financial records".
const OWN_RECORDS: &str = r#"\b(?:its|their|his|her|our|[0-9A-Za-z_\u{C0}-\u{24F}]+['’]s?)\s+(?:(?:internal|non-?public|proprietary|confidential|business|financial|corporate|company|commercial|and|,)\s*){1,5}(?:documents|records|information|materials|communications|data|files)\b"#;

/// "all personal information ... shall be designated AEO", "designate all documents as AEO",
/// "AEO ... the default for all ...", and a motion's list of categories that "must be for
/// attorney's eyes only" on no ground but their being confidential.
static BLANKET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r#"(?ix)
          (?P<class>{CLASS})(?P<tail>[^.;]{{0,80}}?)\b(?:shall|will|should|must|would|to|be|is|are)\s+(?:(?:be|also|presumptively|automatically|initially)\s+){{0,2}}(?:treated|designated|deemed|handled|produced|marked|classified|maintained|kept|stamped)\s+(?:[0-9A-Za-z_\u{{C0}}-\u{{24F}}'’-]+\s+){{0,3}}?{AEO}
        | \bdesignat[0-9A-Za-z_\u{{C0}}-\u{{24F}}]*\s+(?P<class2>{CLASS})[^.;]{{0,60}}?\s(?:as|for)\s+(?:[0-9A-Za-z_\u{{C0}}-\u{{24F}}'’-]+\s+){{0,2}}?{AEO}
        | {AEO}[^.;]{{0,60}}?\bdefault\b[^.;]{{0,40}}?(?P<class3>{CLASS})
        | (?P<class4>{CATEGORIES})(?P<tail4>[^.;]{{0,120}}?)\b(?:must|shall|should|will|would)\s+(?:only\s+)?be\s+(?:for|limited\s+to|restricted\s+to|treated\s+as|designated(?:\s+as)?|produced\s+as|marked(?:\s+as)?)\s+(?:[0-9A-Za-z_\u{{C0}}-\u{{24F}}'’-]+\s+){{0,2}}?{AEO}
        | (?P<class5>{BATES_RANGE}|{OWN_RECORDS})(?P<tail5>[^.;]{{0,80}}?)\b(?:be|are|is)\s+(?:designated|produced|treated|maintained|marked|kept)\s+(?:as\s+|on\s+an?\s+|under\s+(?:the|an?)\s+)?(?:[0-9A-Za-z_\u{{C0}}-\u{{24F}}'’-]+\s+){{0,2}}?{AEO}
      "#
    ))
    .unwrap()
});

// ASCII word boundaries: with Unicode ones the whole-text scan falls back to the slow
// engine on any non-ASCII text.
/// What every match of AEO (and so of BLANKET) contains, without AEO's optional leading
/// quote and space, which keep the regex engine from skipping ahead to a literal: a
/// cheap test for whether a text can hold a designation at all.
static AEO_ANYWHERE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)attorneys?(?:['’]s?)?[-\s]*eyes|(?-u:\b)AEO(?-u:\b)|(?-u:\b)highly\s+confidential(?-u:\b)|(?:counsel|lawyers?)['’]?s?['’]?\s+(?:eyes\s+)?only",
    )
    .unwrap()
});

/// A power to designate anything at all at the top tier, with no criteria: "Either party
/// may designate any data, documents, or information ... as 'Confidential for Lawyers
/// Only'". A clause that says what qualifies ("if", "that contains", "good cause") is a
/// criterion, checked separately.
static UNLIMITED_POWER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r#"(?ix)\b(?:either|any|each|a|the)\s+(?:party|producing\s+party|designating\s+party|parties)\s+(?:may|shall\s+be\s+entitled\s+to|can)\s*(?:(?:initially|also|unilaterally|freely|simply|,|in\s+(?:its|their)\s+(?:sole\s+|own\s+|absolute\s+)*discretion)\s*)*
          (?:designate\s+(?:as\s+{AEO}\s+)?(?P<class>(?:any|all)\s+(?:[0-9A-Za-z_\u{{C0}}-\u{{24F}},'’-]+\s+){{0,6}}(?:documents?|materials?|information|data|testimony|things|discovery))\b
          | ["“]?(?:bulk|blanket|mass)[-\s]designate["”]?\s+(?P<bulk>(?:(?:any|all|its|their)\s+)?(?:[0-9A-Za-z_\u{{C0}}-\u{{24F}},'’-]+\s+){{0,3}}?(?:documents|materials|information|data|productions?|discovery))\b)"#
    ))
    .unwrap()
});

/// The top tier itself.
static AEO_TIER: LazyLock<Regex> = LazyLock::new(|| Regex::new(&format!("(?i){AEO}")).unwrap());

/// What a criterion for the top tier looks like.
static CRITERIA: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:if|only\s+if|provided\s+that|where|when|that\s+(?:it\s+)?(?:contains?|constitutes?|reflects?|includes?|qualif[0-9A-Za-z_\u{C0}-\u{24F}]*|is)|which\s+(?:contains?|constitutes?|reflects?|is)|containing|constituting|reflecting|good\s+cause|believes?\s+in\s+good\s+faith|trade\s+secrets?)\b").unwrap()
});

/// A temporary treatment, not a designation: material made available for inspection is
/// deemed AEO until copies are designated; a transcript is treated as AEO during the
/// period for designating it.
static TEMPORARY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bmade\s+available\s+for\s+inspection\b|\bbefore\s+(?:the\s+)?designation\b|\bpending\s+(?:the\s+)?designation\b|\buntil\s+(?:the\s+)?(?:[0-9A-Za-z_\u{C0}-\u{24F}]+\s+){0,3}?(?:designat[0-9A-Za-z_\u{C0}-\u{24F}]*|identif[0-9A-Za-z_\u{C0}-\u{24F}]*|copies)\b|\bduring\s+(?:the|that|this)\s+(?:inspection|(?:[0-9]+|[0-9A-Za-z_\u{C0}-\u{24F}]+)[-\s]day\s+period|period)\b").unwrap()
});

/// A reason that says what the named documents contain ("because they contain the
/// unpublished formula"), as opposed to who the other side is: for a Bates range or a
/// party's records, that is the category-specific showing.
static CONTENT_REASON: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:because|since|as)\s+(?:they|these\s+[0-9A-Za-z_\u{C0}-\u{24F}]+|those\s+[0-9A-Za-z_\u{C0}-\u{24F}]+|the\s+[0-9A-Za-z_\u{C0}-\u{24F}]+|each\s+[0-9A-Za-z_\u{C0}-\u{24F}]*|it)\s+(?:contains?|reflects?|disclos[0-9A-Za-z_\u{C0}-\u{24F}]*|reveals?|describes?|consists?)\b|\b(?:which|that)\s+(?:contains?|reflects?|disclose|reveals?|describe|consist)\b").unwrap()
});

/// The author is not proposing the designation: negation, questions, the court's words.
static NOT_A_PROPOSAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:whether|never|unless|court|refus[0-9A-Za-z_\u{C0}-\u{24F}]*|declin[0-9A-Za-z_\u{C0}-\u{24F}]*|reject[0-9A-Za-z_\u{C0}-\u{24F}]*|oppos[0-9A-Za-z_\u{C0}-\u{24F}]*|improper|cannot)\b|\b(?:will|shall|should|must|would|does|do|did|is|are|need)\s+not\b|\bnot\s+(?:be|make|treat|designate|justify|warrant)\b|\bno\s+(?:showing|basis|good\s+cause|reason|need|objection)\b|\bobject(?:s|ed|ion)?\s+to\b|\bden(?:y|ied|ial)\b").unwrap()
});

/// Material already designated: "all material designated AEO shall be ...".
static ALREADY_DESIGNATED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:designated|marked|labell?ed|stamped|so\s+designated)\b").unwrap()
});

/// A category-by-category good-cause statement.
static GOOD_CAUSE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)\bgood\s+cause\b").unwrap());
static CATEGORY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\bcategor(?:y|ies)\b").unwrap());

impl Rule for BlanketAeoDesignation {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context, out: &mut Vec<Finding>) {
        if cx.document.kind == DocKind::Order {
            return;
        }
        // One pass over the text: most filings never mention the designation at all.
        // While editing, each block's answer is kept instead (`designations` checks the
        // same pattern in its block first), so a keystroke does not read the whole text.
        if cx.cache.is_none() && !AEO_ANYWHERE.is_match(cx.text) {
            return;
        }
        let blocks = &cx.structure.blocks;
        let mut kept = incremental::InPieces::new(
            cx.cache,
            Step::Rule(META.code),
            cx.text,
            &cx.structure.pieces,
            (),
        );
        for (index, block) in blocks.iter().enumerate() {
            if matches!(block.kind, BlockKind::Heading(_)) {
                continue;
            }
            let range = &block.range;
            let designations = kept.ranges(
                range,
                || incremental::relative_ranges(&cx.structure.excluded, range),
                || designations(cx, range),
            );
            for (sentence, class) in designations {
                // A good-cause statement by category after it, in this block or the next.
                let next = blocks
                    .get(index + 1)
                    .filter(|b| !matches!(b.kind, BlockKind::Heading(_)));
                let after_end = next.map_or(block.range.end, |b| b.range.end);
                let after = &cx.text[sentence.end..after_end];
                let written = GOOD_CAUSE.is_match(after) && CATEGORY.is_match(after);
                let placeholder = written
                    .then(|| {
                        placeholders::first_in(cx.text, cx.structure, &(sentence.end..after_end))
                    })
                    .flatten();
                if written && placeholder.is_none() {
                    continue;
                }
                // Beside a placeholder, only a finished sentence that gives good cause by
                // category counts: the scaffold's own words are not the statement.
                if placeholder.is_some() {
                    let mut sentences = sentences::split(cx.text, sentence.end..block.range.end);
                    sentences.extend(
                        next.map_or(Vec::new(), |b| sentences::split(cx.text, b.range.clone())),
                    );
                    let made = sentences.iter().any(|s| {
                        let body = &cx.text[s.clone()];
                        GOOD_CAUSE.is_match(body)
                            && CATEGORY.is_match(body)
                            && placeholders::first_in(cx.text, cx.structure, s).is_none()
                    });
                    if made {
                        continue;
                    }
                }
                let message = format!(
                    "Blanket attorneys'-eyes-only designation of \"{class}\": no particularized good-cause statement for each category"
                );
                out.push(
                    Finding::new(&META, sentence.clone(), message)
                        .with_fix(fix(cx, &sentence))
                        .waiting_for(placeholder),
                );
            }
        }
    }
}

/// The sentences of `block` that propose a blanket designation, with the class of
/// material they designate. Reads only the block and its excluded regions.
fn designations(
    cx: &Context,
    block: &std::ops::Range<usize>,
) -> Vec<(std::ops::Range<usize>, String)> {
    let mut out = Vec::new();
    // Every BLANKET match contains an AEO match: skip blocks without one.
    if !AEO_ANYWHERE.is_match(&cx.text[block.clone()]) {
        return out;
    }
    for sentence in sentences::split(cx.text, block.clone()) {
        let body = &cx.text[sentence.clone()];
        if let Some(class) = unlimited_power(cx, &sentence) {
            out.push((sentence, class));
            continue;
        }
        let Some(caps) = BLANKET.captures(body) else {
            continue;
        };
        let whole = caps.get(0).unwrap();
        let range = sentence.start + whole.start()..sentence.start + whole.end();
        if cx.structure.is_excluded(&range)
            || NOT_A_PROPOSAL.is_match(body)
            || TEMPORARY.is_match(body)
        {
            continue;
        }
        if caps.name("class5").is_some() && CONTENT_REASON.is_match(body) {
            continue;
        }
        if caps
            .name("tail")
            .or(caps.name("tail4"))
            .or(caps.name("tail5"))
            .is_some_and(|t| ALREADY_DESIGNATED.is_match(t.as_str()))
        {
            continue;
        }
        let class = caps
            .name("class")
            .or(caps.name("class2"))
            .or(caps.name("class3"))
            .or(caps.name("class4"))
            .or(caps.name("class5"))
            .map_or("a whole class of material".to_string(), |c| {
                c.as_str().split_whitespace().collect::<Vec<_>>().join(" ")
            });
        out.push((sentence, class));
    }
    out
}

/// A sentence granting the power to designate anything at the top tier with no criteria;
/// the class of material it reaches.
fn unlimited_power(cx: &Context, sentence: &std::ops::Range<usize>) -> Option<String> {
    let body = &cx.text[sentence.clone()];
    let caps = UNLIMITED_POWER.captures(body)?;
    let whole = caps.get(0)?;
    // The top tier must be what the power is for, and nothing may limit it.
    if !AEO_TIER.is_match(body)
        || CRITERIA.is_match(body)
        || NOT_A_PROPOSAL.is_match(body)
        || TEMPORARY.is_match(body)
    {
        return None;
    }
    let range = sentence.start + whole.start()..sentence.start + whole.end();
    if cx.structure.is_excluded(&range) {
        return None;
    }
    let class = caps.name("class").or(caps.name("bulk"))?.as_str();
    Some(class.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Each circuit's good-cause case, cited by the fix only once verified against the opinion.
const CIRCUIT_GOOD_CAUSE: &[(u8, &str)] = &[
    (1, "anderson-v-cryovac"),
    (2, "gerffert-v-dean"),
    (7, "citizens-first-v-cincinnati-ins"),
    (9, "phillips-v-general-motors"),
];

fn fix(cx: &Context, sentence: &std::ops::Range<usize>) -> Fix {
    let rule = authorities::fix_cite("frcp-26-c-1");
    let circuit = circuit_of(cx.document)
        .and_then(|n| CIRCUIT_GOOD_CAUSE.iter().find(|(c, _)| *c == n))
        .and_then(|(_, id)| authorities::citable_cite(id))
        .map(|cite| format!("; {cite}"))
        .unwrap_or_default();
    let restraint = authorities::citable_cite("cdcal-kronstadt-standing-protective-order")
        .map(|cite| format!(" (see {cite})"))
        .unwrap_or_default();
    let scaffold = format!(
        "Good cause for this designation exists only as to the following categories, each for the reason stated: (a) [category]: [state the specific, serious harm that disclosure to the receiving party would cause, and why a lower confidentiality tier would not prevent it]; (b) [category]: [state the same showing] ({rule}{circuit}). A party may designate material \"Attorneys' Eyes Only\" only if it falls within a category listed above. Designations with a higher confidentiality level when a lower level would suffice are prohibited, and mass, indiscriminate, or routinized designations are prohibited{restraint}. The designating party bears the burden of establishing good cause for any designation that is challenged."
    );
    Fix {
        title: format!(
            "Limit the designation to categories with a good-cause statement for each ({})",
            short_cite("frcp-26-c-1")
        )
        .into(),
        edits: vec![append_sentence(cx.text, sentence, &scaffold)],
    }
}
