//! The foreign-law claims pass: every sentence of a discovery response, letter, motion or
//! brief claiming that foreign law (a recognized statute such as the PIPL or Swiss
//! Criminal Code art. 271, or a law named generically: "Chinese law", "state secrets",
//! "bank secrecy laws") bars, restricts or delays production, with the elements courts
//! require that it does not state. Computed once per analysis (`Context::memo`), as
//! `discovery` computes response units; BL301-BL304 each report on the claims.

use crate::citations::{Citation, CitationKind};
use crate::discovery::{find_all_in, RequestKind};
use crate::document::DocKind;
use crate::gate::Gate;
use crate::markdown::BlockKind;
use crate::placeholders::{self, Statement};
use crate::rules::Context;
use crate::sentences;
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// An element of a foreign-law objection that courts require and the text lacks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Missing {
    /// The documents, custodians, categories or Bates ranges barred (BL301).
    Particulars,
    /// The article or section that bars production (BL302).
    Article,
    /// How the provision applies to these documents (BL302).
    Application,
    /// A withholding log or Rule 34(b)(2)(C) statement (BL303).
    Log,
}

impl Missing {
    pub fn describe(self) -> &'static str {
        match self {
            Missing::Particulars => "the documents, custodians, categories or Bates ranges it bars",
            Missing::Article => "the article that bars production",
            Missing::Application => "how the law applies to these documents",
            Missing::Log => "a withholding log or Rule 34(b)(2)(C) statement",
        }
    }
}

/// A sentence claiming that foreign law bars, restricts or delays production.
#[derive(Clone)]
pub(crate) struct Claim {
    pub sentence: Range<usize>,
    /// The block the sentence is in (where a comity outline goes after).
    pub block: Range<usize>,
    /// The laws named, as written or by identity ("PIPL art. 41", "Chinese law").
    pub laws: Vec<String>,
    /// The one statute named without an article, if exactly one is ("PIPL").
    pub statute: Option<String>,
    /// The elements not stated: absent, or written only in a sentence that holds a
    /// placeholder.
    pub missing: Vec<Missing>,
    /// Those of `missing` written only where a placeholder is: the fix does not add them
    /// again.
    pub unfilled: Vec<Missing>,
    /// When every missing element is only waiting for a placeholder, the first one: the
    /// finding gives way to BL003 there.
    pub placeholder: Option<Range<usize>>,
    /// In a document-request response that BL102 already reports for saying nothing
    /// about withholding: a missing log alone is left to BL102.
    pub withholding_reported: bool,
    /// The claim is made in a brief or motion, not in a discovery response or letter.
    pub argued: bool,
}

/// Which rule reports a claim: the most important element it lacks (the documents, then
/// the provision, then the log), so that each claim gets one diagnostic.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Lead {
    /// The documents are not identified (BL301).
    Particulars,
    /// The documents are, but not the provision or how it applies (BL302).
    Provision,
    /// Only the withholding log is missing (BL303).
    Log,
}

impl Claim {
    /// The element that leads the claim's diagnostic, if anything is missing.
    pub fn lead(&self) -> Option<Lead> {
        if self.missing.contains(&Missing::Particulars) {
            Some(Lead::Particulars)
        } else if self
            .missing
            .iter()
            .any(|m| matches!(m, Missing::Article | Missing::Application))
        {
            Some(Lead::Provision)
        } else if self.missing.contains(&Missing::Log) {
            Some(Lead::Log)
        } else {
            None
        }
    }

    /// "objection" in a response or letter, "argument" in a brief or motion.
    pub fn what(&self) -> &'static str {
        if self.argued {
            "argument"
        } else {
            "objection"
        }
    }

    /// What BL301-BL303 say of the claim, whichever reports it: "Foreign-law objection
    /// (PIPL art. 41) does not state the documents withheld; ...", the missing elements
    /// in order of importance.
    pub fn message(&self) -> String {
        let missing: Vec<&str> = self.missing.iter().map(|m| m.describe()).collect();
        format!(
            "Foreign-law {} ({}) does not state {}",
            self.what(),
            self.laws.join(", "),
            missing.join("; ")
        )
    }

    /// Whether the element is missing and not even written where a placeholder waits
    /// (what a fix may add).
    pub fn absent(&self, element: Missing) -> bool {
        self.missing.contains(&element) && !self.unfilled.contains(&element)
    }
}

/// Foreign law named generically ("Chinese law", "foreign privacy laws", "state secrets").
/// `GENERIC_LAW` with ASCII word boundaries, for one fast pass over the whole text (with
/// Unicode ones, non-ASCII text sends the scan to the slow engine).
static GENERIC_LAW_ANYWHERE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&GENERIC_LAW.as_str().replace(r"\b", r"(?-u:\b)")).unwrap());

/// Words one of which every match of `GENERIC_LAW` holds: most blocks hold none, and skip
/// its slow scan.
static GENERIC_LAW_WORDS: LazyLock<Gate> = LazyLock::new(|| {
    Gate::new(&[
        "law",
        "statute",
        "regulation",
        "legislation",
        "secret",
        "export",
        "transfer",
        "localization",
        "protection",
        "bundesdatenschutzgesetz",
        "bdsg",
        "banking",
        "ordinance",
    ])
});

/// Whether `text` names foreign law generically.
fn names_generic_law(text: &str) -> bool {
    GENERIC_LAW_WORDS.admits(text) && GENERIC_LAW_ANYWHERE.is_match(text)
}

static GENERIC_LAW: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?ix)
        \b(?:Chinese|China['’]s|PRC|P\.R\.C\.|French|France['’]s|Swiss|Switzerland['’]s|German|Korean|Japanese|Russian|British|Canadian|European|EU|E\.U\.|foreign|home[-\s]country)
          \s+(?:(?:state[-\s]secrets?|secrecy|bank(?:ing)?[-\s](?:secrecy|confidentiality)|privacy|data[-\s](?:protection|privacy|security|export|transfer)|personal[-\s]information(?:\s+protection)?|blocking|export[-\s]control|national[-\s](?:security|intelligence)|counter[-\s]?espionage|anti[-\s]?espionage|cyber[-\s]?security)\s+(?:and\s+(?:state[-\s]secrets?|secrecy|privacy|data[-\s](?:protection|privacy|security)|personal[-\s]information)\s+)?)?
          (?:laws?|statutes?|regulations?|legislation)\b
      | \blaws?\s+of\s+(?:the\s+)?(?:People['’]s\s+Republic\s+of\s+China|PRC|P\.R\.C\.|China|France|Switzerland|Germany|Korea|the\s+Republic\s+of\s+Korea|Japan|the\s+European\s+Union|the\s+United\s+Kingdom|Canada|Hong\s+Kong|Singapore)\b
      | \b(?:(?:privacy|data[-\s](?:protection|privacy|security)|secrecy|blocking|state[-\s]secrets?)\s+)?laws?\s+of\s+(?:any|other|a|the|its|their)\s+(?:other\s+)?foreign\s+(?:jurisdictions?|countr(?:y|ies)|states?|nations?|sovereigns?)\b
      | \bstate[-\s]secrets?\b(?:\s+(?:laws?|statutes?|regulations?))?
      | \b(?:data|cross[-\s]border(?:\s+data)?)[-\s](?:export|transfer|localization)\s+(?:restrictions?|rules|regulations|requirements|laws?)\b
      | \bblocking\s+statutes?\b
      # laws known by their subject alone: the Counterespionage Law, bank secrecy laws
      | \b(?:counter[-\s]?espionage|anti[-\s]?espionage|cyber[-\s]?security|national[-\s]intelligence)\s+laws?\b
      | \bbank(?:ing)?[-\s](?:secrecy|confidentiality)\s+(?:laws?|statutes?)\b
      # foreign laws named in full that the citation recognizer does not know (each
      # with its country, where a U.S. law has a like name: the Banking Act of 1933)
      | \bGerman\s+Federal\s+Data\s+Protection\s+Act\b | \bBundesdatenschutzgesetz\b | \bBDSG\b
      | \bSwiss\s+(?:Federal\s+)?Banking\s+Act\b | \bSwiss\s+Federal\s+Act\s+on\s+Data\s+Protection\b
      | \bAct\s+on\s+(?:the\s+)?Protection\s+of\s+Personal\s+Information\b
      | \bPersonal\s+Data\s+\(Privacy\)\s+Ordinance\b
    ").unwrap()
});

/// "state secrets privilege" is a U.S. doctrine, and a "Chinese law firm" no law.
static NOT_A_LAW_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\A\s+(?:privilege|doctrine|firms?|professors?|experts?|schools?|reviews?|journals?|students?|degrees?|clerks?)\b").unwrap()
});

/// In a brief or letter, "foreign law" with no qualifier is doctrine talk ("foreign laws
/// that block production do not automatically excuse ..."), not a law relied on.
static BARE_FOREIGN_LAW: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\A(?:foreign|home[-\s]country)\s+(?:laws?|statutes?|regulations?|legislation)\z",
    )
    .unwrap()
});

/// Words asserting that the law bars, restricts or delays something.
static BAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?ix)
        \b(?:bar(?:s|red|ring)?|prohibit(?:s|ed|ing|ion)?|forbid(?:s|den|ding)?|restrict(?:s|ed|ing)?|prevent(?:s|ed|ing)?|preclud(?:e|es|ed|ing)|block(?:s|ed|ing)?|delay(?:s|ed|ing)?|impede(?:s|d)?)\b
      | \bviolat(?:e|es|ed|ing|ion)\b | \bcontrary\s+to\b
      | \b(?:does|do|would|will)\s+not\s+(?:permit|allow)\b | \bnot\s+(?:permitted|allowed)\b
      | \b(?:cannot|can\s+not|may\s+not|must\s+not|unable\s+to)\s+(?:lawfully\s+|legally\s+)?(?:be\s+)?(?:produc|disclos|provid|transfer|export|collect|transmit|shar|remov|send)[0-9A-Za-z_\u{C0}-\u{24F}]*
      | \b(?:requires?|subject\s+to|pending|without)\s+(?:the\s+)?(?:prior\s+)?(?:government(?:al)?\s+|regulatory\s+|state\s+)?(?:approval|review|consent|authori[sz]ation)\b
      | \b(?:criminal|administrative)\s+(?:liability|penalties|sanctions|prosecution)\b
      # a review the law requires first: documents that must first be reviewed by state
      # authorities, which lengthens the process of producing them
      | \b(?:reviewed|approved|screened|vetted|examined)\s+by\s+(?:the\s+)?(?:state|government(?:al)?|Chinese|PRC|competent|relevant|national)\s+(?:authorities|agencies|regulators|officials)\b
      | \b(?:lengthen|prolong)(?:s|ed|ing)?\b
    ").unwrap()
});

/// What the bar is about: production, disclosure, discovery, documents.
static TARGET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:produc[0-9A-Za-z_\u{C0}-\u{24F}]*|disclos[0-9A-Za-z_\u{C0}-\u{24F}]*|discovery|provid[0-9A-Za-z_\u{C0}-\u{24F}]*|transfer[0-9A-Za-z_\u{C0}-\u{24F}]*|export[0-9A-Za-z_\u{C0}-\u{24F}]*|transmi[0-9A-Za-z_\u{C0}-\u{24F}]*|shar(?:e|ing)|collect[0-9A-Za-z_\u{C0}-\u{24F}]*|compl(?:y|iance|ying)|documents?|data|information|records|materials|evidence|e-?mails?|files|custodians?|search[0-9A-Za-z_\u{C0}-\u{24F}]*|devices?|review[0-9A-Za-z_\u{C0}-\u{24F}]*|inspect[0-9A-Za-z_\u{C0}-\u{24F}]*|compel[0-9A-Za-z_\u{C0}-\u{24F}]*|deadlines?|orders?)\b").unwrap()
});

/// "objects ... under", "on the basis of" just before a law's name.
static BASIS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:under|pursuant\s+to|on\s+the\s+(?:basis|grounds?)\s+of|based\s+(?:up)?on|because\s+of|in\s+light\s+of|by\s+reason\s+of|protected\s+(?:from\s+disclosure\s+)?by|governed\s+by|subject\s+to|in\s+accordance\s+with)\s+(?:[0-9A-Za-z_\u{C0}-\u{24F}.'’-]+\s+){0,3}\z").unwrap()
});

static OBJECT_WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\bobject(?:s|ion|ions|ed|ing)?\b").unwrap());

/// Reported speech and holdings in a brief or letter: the author reports another's claim.
static REPORTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?ix)
        \b(?:understanding|interpretation|reading|view)[\x22\x{201D}\x{2019}']?\s+of\b
      | \b(?:cannot|could\s+not|can\s+not)\s+conclude\b
      | \b(?:objected|objection\s+that|objections\s+that)\b
      | \b(?:contends?|contended|contention|argues?|argued|arguing|asserts?|asserted|assertion|claims?\s+that|claimed|maintains?\s+that|suggests?|suggested|insists?|insisted|according\s+to|states?\s+only|purports?|purported|supposedly|alleged(?:ly)?|overruled|rejected)\b
      | \bcourts?\s+(?:[0-9A-Za-z_\u{C0}-\u{24F}]+\s+){0,2}?(?:held|holds|found|finds|concluded?|concludes|explained|noted|reasoned|determines?|determined)\b
    ").unwrap()
});

/// Negation and doubt: the sentence denies or questions the bar.
static NOT_A_CLAIM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?ix)
        \b(?:whether|even\s+if|although|failed|fails|neither)\b
      | \b(?:does|do|did|would|will|could)\s+not\s+(?:automatically\s+|actually\s+|necessarily\s+)?(?:bar|prohibit|prevent|block|excuse|restrict|apply|preclude|forbid|require|reach|delay|lengthen|prolong)\b
      | \b(?:has|have|had)\s+not\s+(?:shown|demonstrated|established|identified|explained)\b
      | \bno\s+(?:foreign|Chinese|French|Swiss)\b
      | \bnot\s+(?:a\s+)?(?:bar|barred|prohibited|blocked|restricted)\b
      | \b(?:is|are|was|were|am)\s+not\s+(?:convinced|persuaded)\b
    ").unwrap()
});

/// Documents identified: Bates ranges, counts, custodians, "the following documents".
static PARTICULARS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?x)
        \b[A-Z][A-Z0-9]{1,12}[-_][0-9]{4,}\b
      | (?i:\bBates\b)
      | (?i:\b(?:[0-9]{1,6}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|twenty)\s+(?:[0-9A-Za-z_\u{C0}-\u{24F}'’-]+\s+){0,3}?(?:documents?|e-?mails?|files?|records?|spreadsheets?|reports?|drawings?|pages?|custodians?|categories|presentations?|memoranda|agreements?|contracts?|data\s*sets?|databases?|folders?|messages?|minutes|engineers|employees|sets|threads|devices|phones|laptops|computers)\b)
      | (?i:\bthe\s+following\s+(?:documents?|categories|custodians?|materials?|files?|records?|data)\b)
      | (?i:\b(?:namely|consisting\s+of)\b)
      | (?i:\b(?:listed|identified|described|logged)\b[^.;]{0,40}?\b(?:in|on)\s+(?:the\s+|a\s+|its\s+)?(?:attached\s+|accompanying\s+)?(?:withholding\s+|privilege\s+)?(?:log|schedule|appendix|exhibit)\b)
      | (?i:\blog\s+entr(?:y|ies)\b)
      | (?i:\b(?:custodians?|engineers?|employees?|e-?mails?\s+of|files\s+of|phones?\s+of|(?:text\s+)?messages\s+of)\b)[^.;]{0,40}?(?:\b[A-Z][a-z]+\s+[A-Z][a-z]+\b|\p{Han}{2,})
    ").unwrap()
});

/// A capitalized pair after "in", "from", "out of"... is a place ("files out of Hong
/// Kong", "employees in New York"), not a custodian's name.
static PLACE_NOT_PERSON: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:in|from|within|outside|out\s+of|into|across)\s+(?:the\s+)?[A-Z][a-z]+\s+[A-Z][a-z]+\z")
        .unwrap()
});

/// An article or section ("art. 41", "Article 36", "s. 2", or a scaffold's "art. [").
static ARTICLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:arts?\.|articles?|sections?|ss?\.)\s*(?:[0-9]|\[)").unwrap()
});

/// How the provision applies to these documents.
static APPLICATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?ix)
        \b(?:because|as|since)\s+(?:the|these|those|such|each|this|that|its|their)\s+(?:[0-9A-Za-z_\u{C0}-\u{24F}'’-]+\s+){0,3}?(?:documents?|data|files|records|materials|e-?mails|information|drawings|reports|minutes|messages|contracts|agreements|spreadsheets|communications|texts|logs|code)\s+(?:contains?|includes?|consists?|constitutes?|reflects?|are|is|were|was|comprises?|identif(?:y|ies)|discloses?|describes?)\b
      | \b(?:constitut[0-9A-Za-z_\u{C0}-\u{24F}]*|qualif[0-9A-Za-z_\u{C0}-\u{24F}]*\s+as|classified\s+as|designated\s+as|are|is)\s+(?:[0-9A-Za-z_\u{C0}-\u{24F}]+\s+){0,2}?(?:state\s+secrets?|personal\s+information|important\s+data|core\s+data|personal\s+data|trade\s+secrets?|secret\s+matters)\b
      | \bstored\s+(?:in|within)\s+(?:the\s+)?(?:territory\s+of\s+the\s+)?(?:P\.?R\.?C\.?|People['’]s\s+Republic|China|mainland|France|Switzerland|the\s+EU|Europe|Korea)
      | \bappl(?:y|ies)\s+to\s+(?:these|those|the|each|such|this)\b
    ").unwrap()
});

/// A withholding log or statement.
static LOG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\bwithh(?:old|olds|eld|olding)\b|\blog(?:ged|s)?\b|26\(b\)\(5\)|34\(b\)\(2\)\(C\)",
    )
    .unwrap()
});

fn quoted_spans(body: &str) -> Vec<Range<usize>> {
    let mut spans = Vec::new();
    let mut open: Option<usize> = None;
    for (i, c) in body.char_indices() {
        match c {
            '“' => open = Some(i),
            '”' => {
                if let Some(start) = open.take() {
                    spans.push(start..i + c.len_utf8());
                }
            }
            '"' => match open.take() {
                Some(start) => spans.push(start..i + 1),
                None => open = Some(i),
            },
            _ => {}
        }
    }
    spans
}

fn block_of(cx: &Context, at: usize) -> Range<usize> {
    let blocks = &cx.structure.blocks;
    let index = blocks.partition_point(|b| b.range.start <= at);
    index
        .checked_sub(1)
        .map(|i| &blocks[i])
        .filter(|b| at < b.range.end.max(b.range.start + 1))
        .map_or(at..at, |b| b.range.clone())
}

/// Every claim in the document that foreign law bars or delays production, computed
/// once per analysis and shared by BL301-BL304.
pub(crate) fn claims<'c>(cx: &'c Context) -> &'c [Claim] {
    cx.memo.blocking_claims.get_or_init(|| find_claims(cx))
}

fn find_claims(cx: &Context) -> Vec<Claim> {
    let mut out = Vec::new();
    // Without a foreign law or a generic form of one in some block, no sentence (each
    // lies in a block) can be a claim. Block by block, so that a keystroke rescans one.
    let any_foreign = cx
        .citations
        .iter()
        .any(|c| c.kind == CitationKind::ForeignLaw);
    let names_a_law = |range: &Range<usize>| {
        *crate::incremental::reuse(
            cx.cache,
            crate::incremental::Step::NamesForeignLaw,
            &cx.text[range.clone()],
            || (),
            || names_generic_law(&cx.text[range.clone()]),
        )
    };
    if !any_foreign {
        // Block by block, in order: kept by piece.
        let mut blocks_naming = crate::incremental::InPieces::new(
            cx.cache,
            crate::incremental::Step::NamesForeignLaw,
            cx.text,
            &cx.structure.pieces,
            (),
        );
        let names = |block: &crate::markdown::Block| {
            let body = &cx.text[block.range.clone()];
            blocks_naming.get(&block.range, || (), || names_generic_law(body))
        };
        if !cx.structure.blocks.iter().any(names) {
            return out;
        }
    }
    let foreign: Vec<&Citation> = cx
        .citations
        .iter()
        .filter(|c| c.kind == CitationKind::ForeignLaw && !cx.structure.is_excluded(&c.range))
        .collect();
    let kind = cx.document.kind;
    if matches!(
        kind,
        DocKind::Order | DocKind::ProtectiveOrder | DocKind::Stipulation
    ) {
        return out;
    }
    // A letter whose title block is its letterhead still has a salutation.
    let letter = kind == DocKind::Letter
        || (kind == DocKind::Other
            && cx.discovery.units.is_empty()
            && cx.structure.blocks.iter().take(12).any(|b| {
                let body = cx.text[b.range.clone()].trim_start_matches(['*', '_']);
                body.starts_with("Dear ") && body.trim_end().ends_with([':', ','])
            }));
    if kind.is_argument() || letter {
        let blocks = &cx.structure.blocks;
        for (index, block) in blocks.iter().enumerate() {
            if matches!(block.kind, BlockKind::Heading(_)) {
                continue;
            }
            // The paragraph and the next few, up to the next heading.
            let end = blocks[index..]
                .iter()
                .take(4)
                .take_while(|b| !matches!(b.kind, BlockKind::Heading(_)))
                .last()
                .map_or(block.range.end, |b| b.range.end);
            let context = block.range.start..end;
            // A motion that reproduces a response ("RESPONSE TO REQUEST NO. 7: ...")
            // quotes the other side; it does not make the claim.
            let reproduced = cx
                .discovery
                .units
                .iter()
                .flat_map(|u| &u.segments)
                .any(|s| s.start < block.range.end && block.range.start < s.end);
            if reproduced && kind.is_argument() {
                continue;
            }
            for sentence in sentences::split(cx.text, block.range.clone()) {
                if let Some(mut claim) = claim_at(cx, &foreign, &sentence, None, &context) {
                    claim.block = block.range.clone();
                    out.push(claim);
                }
            }
        }
        return out;
    }
    for unit in &cx.discovery.units {
        let (Some(first), Some(last)) = (unit.segments.first(), unit.segments.last()) else {
            continue;
        };
        let context = first.start..last.end;
        // No sentence of the unit names a law unless the unit does: one scan of the unit
        // instead of one per sentence. (GENERIC_LAW has no anchors, and sentences start
        // and end beside non-word characters, so a match in a sentence is one here; the
        // ASCII-boundary form, which the fast engine can run, matches wherever it does.)
        let unit_names_a_law = foreign
            .iter()
            .any(|c| c.range.start < context.end && context.start < c.range.end)
            || names_a_law(&context);
        if !unit_names_a_law {
            continue;
        }
        let bl102 = unit.kind == RequestKind::Production
            && !unit.states_withholding
            && unit.objections().next().is_some();
        for sentence in &unit.sentences {
            let objection = Some(sentence.is_objection);
            if let Some(mut claim) = claim_at(cx, &foreign, &sentence.range, objection, &context) {
                claim.block = block_of(cx, sentence.range.start);
                claim.withholding_reported = bl102;
                out.push(claim);
            }
        }
    }
    if let Some(general) = &cx.discovery.general_objections {
        for sentence in &general.sentences {
            let objection = Some(OBJECT_WORD.is_match(&cx.text[sentence.clone()]));
            let block = block_of(cx, sentence.start);
            if let Some(mut claim) = claim_at(cx, &foreign, sentence, objection, &block) {
                claim.block = block;
                out.push(claim);
            }
        }
    }
    out
}

/// The claim `sentence` makes, if any. `objection` is `None` in a brief or letter (where
/// reported speech is not a claim), else whether the response sentence objects.
fn claim_at(
    cx: &Context,
    foreign: &[&Citation],
    sentence: &Range<usize>,
    objection: Option<bool>,
    context: &Range<usize>,
) -> Option<Claim> {
    let text = cx.text;
    // The laws named in the sentence: recognized citations, then generic forms.
    let mut mentions: Vec<(Range<usize>, String)> = foreign
        .iter()
        .filter(|c| sentence.start <= c.range.start && c.range.end <= sentence.end)
        .map(|c| (c.range.clone(), c.identity.clone()))
        .collect();
    for m in find_all_in(&GENERIC_LAW, text, sentence, cx.structure) {
        if mentions
            .iter()
            .any(|(r, _)| r.start < m.end && m.start < r.end)
        {
            continue;
        }
        if NOT_A_LAW_AFTER.is_match(&text[m.end..sentence.end])
            || (objection.is_none() && BARE_FOREIGN_LAW.is_match(&text[m.clone()]))
        {
            continue;
        }
        let written = text[m.clone()].split_whitespace().collect::<Vec<_>>();
        let written = written.join(" ");
        let written = written.strip_prefix("the ").unwrap_or(&written).to_string();
        mentions.push((m, written));
    }
    if mentions.is_empty() {
        return None;
    }
    mentions.sort_by_key(|(r, _)| r.start);
    let body = &text[sentence.clone()];
    if NOT_A_CLAIM.is_match(body) || (objection.is_none() && REPORTED.is_match(body)) {
        return None;
    }
    let quotes = quoted_spans(body);
    let in_law = |r: &Range<usize>| {
        mentions
            .iter()
            .any(|(m, _)| m.start < r.end && r.start < m.end)
    };
    // The bar must be the law's: "PIPL art. 41 prohibits", "prohibited by Chinese law",
    // "in violation of the DSL", not a delay or violation mentioned elsewhere.
    let linked = |r: &Range<usize>| {
        mentions.iter().any(|(m, _)| {
            (m.end <= r.start && r.start - m.end <= 80)
                || (r.end <= m.start && m.start - r.end <= 40)
        })
    };
    let bars = find_all_in(&BAR, text, sentence, cx.structure).any(|r| {
        let rel = r.start - sentence.start;
        !in_law(&r) && linked(&r) && !quotes.iter().any(|q| q.start <= rel && rel < q.end)
    }) && TARGET.is_match(body);
    let basis = objection == Some(true)
        && mentions.iter().any(|(r, _)| {
            let from = text[..r.start]
                .char_indices()
                .rev()
                .nth(40)
                .map_or(sentence.start, |(i, _)| i.max(sentence.start));
            BASIS.is_match(&text[from..r.start])
        });
    if !bars && !basis {
        return None;
    }

    // Each law once; "state secrets" is dropped beside "Chinese state secrets law".
    let mut laws: Vec<String> = Vec::new();
    for (_, name) in &mentions {
        let lower = name.to_lowercase();
        let covered = mentions
            .iter()
            .any(|(_, other)| other.len() > name.len() && other.to_lowercase().contains(&lower));
        if !covered && !laws.contains(name) {
            laws.push(name.clone());
        }
    }
    let statutes: Vec<&String> = mentions
        .iter()
        .filter(|(r, name)| foreign.iter().any(|c| c.range == *r) && !name.contains(" art. "))
        .map(|(_, name)| name)
        .collect();
    let statute = match statutes.as_slice() {
        [one] => Some((*one).clone()),
        _ => None,
    };

    let stated = |re: &Regex| placeholders::statement_of(re, text, cx.structure, context);
    let article_cited = foreign.iter().any(|c| {
        c.identity.contains(" art. ")
            && context.start <= c.range.start
            && c.range.end <= context.end
    });
    // Particulars are the documents' own: a capitalized pair inside a law's name ("the
    // Personal Information Protection Law") names no custodian.
    let particulars = match stated(&PARTICULARS) {
        Statement::Made
            if !find_all_in(&PARTICULARS, text, context, cx.structure).any(|r| {
                !foreign
                    .iter()
                    .any(|c| c.range.start < r.end && r.start < c.range.end)
                    && !PLACE_NOT_PERSON.is_match(&text[r.clone()])
            }) =>
        {
            Statement::Absent
        }
        other => other,
    };
    let article = if article_cited {
        Statement::Made
    } else {
        stated(&ARTICLE)
    };
    let mut missing = Vec::new();
    let mut unfilled = Vec::new();
    let mut placeholder = None;
    for (element, statement) in [
        (Missing::Particulars, particulars),
        (Missing::Article, article),
        (Missing::Application, stated(&APPLICATION)),
        (Missing::Log, stated(&LOG)),
    ] {
        match statement {
            Statement::Made => {}
            Statement::Absent => missing.push(element),
            Statement::Unfilled(p) => {
                missing.push(element);
                unfilled.push(element);
                placeholder.get_or_insert(p);
            }
        }
    }
    if unfilled.len() < missing.len() {
        placeholder = None;
    }
    Some(Claim {
        sentence: sentence.clone(),
        block: sentence.clone(),
        laws,
        statute,
        missing,
        unfilled,
        placeholder,
        withholding_reported: false,
        argued: objection.is_none() && cx.document.kind.is_argument(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_gate_admits_every_generic_law() {
        let samples = [
            "Chinese state secrets laws; the laws of the People's Republic of China; privacy laws of other foreign jurisdictions.",
            "state secrets; data export restrictions; cross-border data transfer rules; data localization requirements; blocking statutes.",
            "counterespionage laws; bank secrecy statutes; the German Federal Data Protection Act; Bundesdatenschutzgesetz; BDSG; BDſG.",
            "the Swiss Banking Act; the Swiss Federal Act on Data Protection; Act on the Protection of Personal Information; Personal Data (Privacy) Ordinance; Swiſs Ban\u{212A}ing Act.",
        ];
        crate::gate::assert_guards(&GENERIC_LAW_WORDS, &GENERIC_LAW_ANYWHERE, &samples);
        crate::gate::assert_guards(&GENERIC_LAW_WORDS, &GENERIC_LAW, &samples);
    }
}
