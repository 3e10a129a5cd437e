//! Discovery-response structure: numbered requests, their responses, and the General
//! Objections section, each with the facts the BL1xx rules reason about.

use super::caseless::{Caseless, Lowered};
use super::gate::Gate;
use super::incremental::{self, Cache, Step};
use super::markdown::{BlockKind, Structure};
use super::parallel;
use super::placeholders::{self, Statement};
use super::sentences;
use regex::Regex;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::{Arc, LazyLock};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RequestKind {
    /// Rule 34 request for production.
    Production,
    /// Rule 33 interrogatory.
    Interrogatory,
    /// Rule 36 request for admission.
    Admission,
    /// A bare "REQUEST NO. 3" in a document whose title does not say which kind.
    Unknown,
}

impl RequestKind {
    fn from_label(label: &str) -> RequestKind {
        let label = label.to_ascii_lowercase();
        if label.contains("interrogator") {
            RequestKind::Interrogatory
        } else if label.contains("admi") {
            RequestKind::Admission
        } else if label.contains("production") || label.contains("document") {
            RequestKind::Production
        } else {
            RequestKind::Unknown
        }
    }

    pub fn noun(self) -> &'static str {
        match self {
            RequestKind::Interrogatory => "Interrogatory",
            _ => "Request",
        }
    }
}

/// One sentence of a response.
#[derive(Clone, Debug)]
pub struct Sentence {
    pub range: Range<usize>,
    /// Index of the response segment (block) the sentence belongs to.
    pub segment: usize,
    /// The sentence states an objection.
    pub is_objection: bool,
}

/// A numbered request and the response to it.
#[derive(Clone, Debug)]
pub struct ResponseUnit {
    pub kind: RequestKind,
    pub number: Option<String>,
    /// The request's label ("REQUEST FOR PRODUCTION NO. 3"), or the response label
    /// when the request itself is not reproduced.
    pub label: Range<usize>,
    /// The response text, one segment per block (labels excluded).
    pub segments: Vec<Range<usize>>,
    pub sentences: Vec<Sentence>,
    /// The first phrase agreeing to produce, if any ("will produce").
    pub agrees_to_produce: Option<Range<usize>>,
    /// The response says whether anything is withheld (or states its search limits).
    pub states_withholding: bool,
    /// The response gives a date or time for production (or says it has produced).
    pub gives_production_time: bool,
    /// When the response says whether anything is withheld only in a sentence that holds
    /// a placeholder, that placeholder (the statement is not made until it is filled).
    pub withholding_placeholder: Option<Range<usize>>,
    /// When the response gives a production time only in a sentence that holds a
    /// placeholder ("no later than [date]"), that placeholder.
    pub production_time_placeholder: Option<Range<usize>>,
}

impl ResponseUnit {
    /// A unit opened by its label, before any response text.
    fn new(kind: RequestKind, number: Option<String>, label: Range<usize>) -> ResponseUnit {
        ResponseUnit {
            kind,
            number,
            label,
            segments: Vec::new(),
            sentences: Vec::new(),
            agrees_to_produce: None,
            states_withholding: false,
            gives_production_time: false,
            withholding_placeholder: None,
            production_time_placeholder: None,
        }
    }

    pub fn objections(&self) -> impl Iterator<Item = &Sentence> {
        self.sentences.iter().filter(|s| s.is_objection)
    }
}

#[derive(Clone, Debug)]
pub struct GeneralObjections {
    /// The section's heading or label.
    pub heading: Range<usize>,
    pub sentences: Vec<Range<usize>>,
}

#[derive(Clone, Debug, Default)]
pub struct Discovery {
    pub units: Vec<ResponseUnit>,
    pub general_objections: Option<GeneralObjections>,
}

const LABEL_TAIL: &str = r"\s*(?:[*_]{1,3})?\s*(?:[:.\-–—]|$)(?:\s*[*_]{1,3})?";

static REQUEST_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?im)\A[#*_\s]*(?:(?:first|second|third|fourth|fifth|sixth)\s+set\s*[-–—:,]?\s*)?(?P<label>(?P<kind>requests?\s+for\s+(?:the\s+)?production(?:\s+of\s+documents)?|document\s+requests?|requests?\s+for\s+admissions?|requests?\s+to\s+admit|interrogator(?:y|ies)|requests?)\s+(?:nos?\.?|numbers?|\#)\s*(?P<num>[0-9]+[a-z]?(?:\s*(?:[-–]|through|to|and|,)\s*[0-9]+[a-z]?)*|[a-z]{{1,2}}(?-u:\b))){LABEL_TAIL}"
    ))
    .unwrap()
});

static RESPONSE_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?im)\A[#*_\s]*(?P<label>(?:(?:amended|supplemental|(?:first|second|third)\s+(?:amended|supplemental))\s+)?(?P<word>responses?|objections?|answer)(?:\s+and\s+(?:objections?|answer|response))?(?:\s+(?:nos?\.?|numbers?|\#)\s*(?P<rnum>[0-9]+[a-z]?))?(?:\s+to\s+(?P<kind>requests?\s+for\s+(?:the\s+)?production(?:\s+of\s+documents)?|document\s+requests?|requests?\s+for\s+admissions?|interrogator(?:y|ies)|requests?)\s+(?:nos?\.?|numbers?|\#)\s*(?P<num>[0-9]+[a-z]?(?:\s*(?:[-–]|through|to|and|,)\s*[0-9]+[a-z]?)*|[a-z]{{1,2}}(?-u:\b)))?){LABEL_TAIL}"
    ))
    .unwrap()
});

static GENERAL_OBJECTIONS_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\A[#*_\s]*(?:[IVX]+\.\s+|[A-Z]\.\s+|[0-9]+\.\s+)?(?:(?:preliminary\s+statement\s+and\s+)?general\s+(?:and\s+continuing\s+)?objections?(?:\s+and\s+(?:definitions|objections\s+to\s+definitions(?:\s+and\s+instructions)?|reservations?\s+of\s+rights))?|preliminary\s+statement|general\s+(?:responses?|statements?|comments)(?:\s+and\s+objections?)?|comments|reservations?\s+of\s+rights){LABEL_TAIL}"
    ))
    .unwrap()
});

static OBJECT_WORD: LazyLock<Caseless> =
    LazyLock::new(|| Caseless::new(r"(?i)(?-u:\b)object(?:s|ion|ions|ed|ing|ionable)?(?-u:\b)"));
static NEGATED_OBJECTION: LazyLock<Caseless> = LazyLock::new(|| {
    Caseless::new(
        r"(?i)(?-u:\b)(?:(?:does|do|will|shall|did)\s+not\s+object|no\s+objections?(?-u:\b)|without\s+objection|objections?\s+(?:is|are|was|were)\s+withdrawn)",
    )
});
static OBJECTION_REFERENCE: LazyLock<Caseless> = LazyLock::new(|| {
    Caseless::new(
        r"(?i)(?-u:\b)(?:subject\s+to|without\s+waiv(?:ing|er\s+of)|notwithstanding)(?-u:\b)[^.;]{0,60}?(?-u:\b)objections?(?-u:\b)|(?-u:\b)general\s+objections?(?-u:\b)|(?-u:\b)(?:see|refer\s+to)\s+(?:[A-Za-z'’]+\s+){0,3}?objections?\s+(?:(?:set\s+forth|stated|made|asserted)\s+)?above(?-u:\b)",
    )
});
/// "The Request is overly broad." states an objection without the word "object".
static PREDICATED_GROUND: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\A[*_\s]*(?:the|this|said|such|each)\s+(?:request|interrogatory|demand|definition)s?(?-u:\b)[^.;]{0,80}?(?-u:\b)(?:is|are)\s+(?:also\s+|further\s+|both\s+)?(?:overly|overbroad|unduly|vague|ambiguous|irrelevant|not\s+relevant|not\s+proportional|disproportionate|oppressive|harass|burdensome|premature|cumulative|duplicative)").unwrap()
});

/// A sentence that is nothing but grounds: "Overly broad and vague.", "Overbroad;
/// irrelevant; privileged.", "Objected to." A response made only of such words objects.
static BARE_GROUNDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?ix)\A[*_\s]*
        (?:(?:overly\s+broad|overbroad|too\s+broad(?:\s+and\s+all[-\s]inclusive)?|unduly\s+burdensome|burdensome|oppressive|harassing|vague|ambiguous|unintelligible|irrelevant|immaterial|not\s+relevant|privileged|confidential|proprietary|compound|speculative|argumentative|cumulative|duplicative|premature|objected\s+to|objection|(?:calls|asks)\s+for\s+(?:a\s+)?(?:legal\s+conclusions?|speculation|conclusions\s+rather\s+than\s+facts))
           (?:\s*(?:,|;|and|or|&|/)\s*|\s+)?)+
        [.!]?[*_\s]*\z").unwrap()
});

pub static WITHHOLDING_STATEMENT: LazyLock<Caseless> = LazyLock::new(|| {
    Caseless::new(
        r"(?i)(?-u:\b)withh(?:old|eld|olding)(?-u:\b)|(?-u:\b)nothing\s+(?:is|has\s+been|will\s+be)\s+(?:being\s+)?withheld|(?-u:\b)no\s+(?:responsive\s+)?(?:documents|materials|information)\s+(?:exist|have\s+been\s+(?:located|found|withheld))|(?-u:\b)(?:limit(?:ed|s)?|confine[sd]?)\s+(?:its|their|the|our|his|her)\s+search|(?-u:\b)search\s+(?:was|is|will\s+be|has\s+been)\s+(?:limited|confined)|(?-u:\b)will\s+search(?-u:\b)|(?-u:\b)(?:has\s+|have\s+)?searched(?-u:\b)|(?-u:\b)production\s+(?:is|was|will\s+be)\s+limited\s+to(?-u:\b)|(?-u:\b)after\s+a\s+(?:reasonable|diligent)\s+search(?-u:\b)|(?-u:\b)all\s+(?:responsive\s+)?non-?privilege[ds]?\s+(?:\(sic\)\s+)?(?:responsive\s+)?(?:documents|materials|information|records)\s+(?:[0-9A-Za-z_\u{C0}-\u{24F}]+\s+){0,6}?(?:have|has)\s+been\s+produced(?-u:\b)",
    )
});

static AGREES_TO_PRODUCE: LazyLock<Caseless> = LazyLock::new(|| {
    Caseless::new(
        r"(?i)(?-u:\b)(?:will|shall|agrees?\s+to|is\s+willing\s+to|intends\s+to)\s+(?P<gap>(?:[a-z]+\s+){0,2}?)(?:produce|make\s+(?:[0-9A-Za-z_\u{C0}-\u{24F}]+\s+){0,3}?available)(?-u:\b)|(?-u:\b)will\s+be\s+(?:produced|made\s+available)(?-u:\b)",
    )
});

static PRODUCTION_TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s+[0-9]{1,2}(?:st|nd|rd|th)?,?\s+[0-9]{4}(?-u:\b)|(?-u:\b)[0-9]{1,2}/[0-9]{1,2}/[0-9]{2,4}(?-u:\b)|(?-u:\b)[0-9]{4}-[0-9]{2}-[0-9]{2}(?-u:\b)|(?-u:\b)within\s+(?:[0-9A-Za-z_\u{C0}-\u{24F}()-]+\s+){1,3}?(?:business\s+|calendar\s+)?(?:days?|weeks?|months?)(?-u:\b)|(?-u:\b)no\s+later\s+than(?-u:\b)|(?-u:\b)on\s+or\s+before(?-u:\b)|(?-u:\b)by\s+(?:the\s+)?(?:end|close)\s+of(?-u:\b)|(?-u:\b)(?:concurrently|contemporaneously|simultaneously)\s+(?:herewith|with\s+(?:this|these|the\s+service|service))|(?-u:\b)herewith(?-u:\b)|(?-u:\b)(?:has|have|had|previously|already)\s+(?:already\s+|previously\s+)?(?:been\s+)?produced(?-u:\b)|(?-u:\b)will\s+be\s+completed\s+by(?-u:\b)").unwrap()
});

/// A word every match of `OBJECT_WORD`, `OBJECTION_REFERENCE` and `NEGATED_OBJECTION`
/// holds.
static OBJECT_WORDS: LazyLock<Gate> = LazyLock::new(|| Gate::new(&["object"]));

/// Words one of which every match of `AGREES_TO_PRODUCE` holds.
static AGREES_TO_PRODUCE_WORDS: LazyLock<Gate> =
    LazyLock::new(|| Gate::new(&["produc", "available"]));

/// Words one of which every match of `WITHHOLDING_STATEMENT` holds.
static WITHHOLDING_WORDS: LazyLock<Gate> = LazyLock::new(|| {
    Gate::new(&[
        "withh",
        "search",
        "exist",
        "located",
        "found",
        "limited",
        "privilege",
    ])
});

/// Words one of which every match of `PRODUCTION_TIME` without a digit holds (a date
/// has digits).
static PRODUCTION_TIME_WORDS: LazyLock<Gate> = LazyLock::new(|| {
    Gate::new(&[
        "within",
        "later",
        "before",
        "end",
        "close",
        "concurrently",
        "contemporaneously",
        "simultaneously",
        "herewith",
        "produced",
        "completed",
    ])
});

/// Whether `body` may hold a match of `PRODUCTION_TIME`.
fn may_give_production_time(body: Lowered) -> bool {
    body.as_str().bytes().any(|b| b.is_ascii_digit()) || PRODUCTION_TIME_WORDS.admits_lowered(body)
}

/// A match of `re` inside `range` that does not touch an excluded region.
pub fn find_in(
    re: &Regex,
    text: &str,
    range: &Range<usize>,
    structure: &Structure,
) -> Option<Range<usize>> {
    find_all_in(re, text, range, structure).next()
}

/// All matches of `re` inside `range` that do not touch an excluded region.
pub fn find_all_in<'a>(
    re: &'a Regex,
    text: &'a str,
    range: &Range<usize>,
    structure: &'a Structure,
) -> impl Iterator<Item = Range<usize>> + 'a {
    let base = range.start;
    re.find_iter(&text[range.clone()])
        .map(move |m| base + m.start()..base + m.end())
        .filter(move |r| !structure.is_excluded(r))
}

/// All matches of `pattern` inside `range` that do not touch an excluded region.
pub fn find_all_caseless_in<'a>(
    pattern: &Caseless,
    text: &str,
    range: &Range<usize>,
    structure: &'a Structure,
) -> impl Iterator<Item = Range<usize>> + 'a {
    let base = range.start;
    pattern
        .find_iter(&text[range.clone()])
        .into_iter()
        .map(move |m| base + m.start..base + m.end)
        .filter(move |r| !structure.is_excluded(r))
}

/// A paragraph before the responses that reserves objections for all of them: "The
/// Plaintiff's General Objections form a part of the response to each and every
/// Interrogatory."
static PREAMBLE_RESERVATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:general\s+objections?|objections?\s+(?:stated|set\s+forth)\s+(?:above|herein|below))(?-u:\b)[^.]{0,160}?(?-u:\b)(?:each\s+and\s+every|each|every|all|any)\s+(?:of\s+the\s+)?(?:specific\s+)?(?:responses?|answers?|interrogator(?:y|ies)|requests?)(?-u:\b)").unwrap()
});

/// A reservation that makes every response subject to objections without naming General
/// Objections: "The specific response to any request is made expressly subject to, and
/// without in any way waiving or intending to waive, any objections as to ...", "All
/// answers are given subject to the objections stated herein."
pub static BLANKET_RESERVATION: LazyLock<Caseless> = LazyLock::new(|| {
    Caseless::new(
        r"(?ix)(?-u:\b)(?:each|every|any|all|the|these|this|its)\s+(?:specific\s+|following\s+)?(?:responses?|answers?)
        (?:\s+(?:to|herein|below|given\s+herein)(?:\s+(?:any|each|every|all|the)\s+(?:requests?|interrogator(?:y|ies)|demands?)(?:\s+or\s+part\s+thereof)?)?)?
        \s+(?:is|are)\s+(?:made|given|provided|served|submitted)?\s*(?:by\s+[0-9A-Za-z_\u{C0}-\u{24F}]+\s+)?(?:expressly\s+|specifically\s+)?subject\s+to
        (?:
            (?:,?\s+and\s+without[^,]{0,60},)?\s+(?:any|all|each|the|these|its)\s+(?:of\s+the\s+)?(?:foregoing\s+|following\s+|stated\s+)?objections?(?-u:\b)
          | ,?\s+and\s+without\s+(?:in\s+any\s+way\s+)?waiv(?:ing|er)(?-u:\b)
        )",
    )
});

/// One hedge for the whole set, before the responses: "Without waiving these objections,
/// Plaintiff hereby responds to Defendant's Interrogatories as follows:", "Subject to and
/// without waiving the foregoing objections, Plaintiff responds to Defendant's requests for
/// production as follows". It makes every response subject to objections it does not
/// state there.
pub static SET_WIDE_HEDGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?ix)\A[*_\s]*(?P<lead>subject\s+to(?:,?\s+and\s+without\s+waiving)?|without\s+waiving)
        \s+(?:any\s+of\s+)?(?:these|the\s+foregoing|said|its|their|the\s+above(?:-stated)?|the\s+general)\s+(?:general\s+(?:and\s+specific\s+)?)?objections?,?
        \s+[^.:]{0,80}?(?-u:\b)(?:responds?|answers?)(?-u:\b)[^.:]{0,80}?(?-u:\b)(?:requests?|interrogator(?:y|ies)|demands?)(?-u:\b)[^.:]{0,40}?(?-u:\b)as\s+follows(?-u:\b)").unwrap()
});

/// The kind a bare "REQUEST NO. n" has in this document, from its title lines (the front
/// matter's `title:` first).
fn document_request_kind(text: &str, structure: &Structure) -> RequestKind {
    if let Some(front) = &structure.front_matter {
        if let Some(line) = text[front.clone()]
            .lines()
            .find(|l| l.trim_start().starts_with("title:"))
        {
            let kind = RequestKind::from_label(line);
            let lower = line.to_ascii_lowercase();
            if kind != RequestKind::Unknown
                && (lower.contains("request") || lower.contains("interrogator"))
            {
                return kind;
            }
        }
    }
    for block in structure.blocks.iter().take(6) {
        let kind = RequestKind::from_label(&text[block.range.clone()]);
        let lower = text[block.range.clone()].to_ascii_lowercase();
        if kind != RequestKind::Unknown
            && (lower.contains("request") || lower.contains("interrogator"))
        {
            return kind;
        }
    }
    RequestKind::Unknown
}

#[derive(PartialEq)]
enum State {
    Outside,
    Request,
    Response,
    GeneralObjections,
}

/// What a block's opening label says, relative to the block's start. A pure function of
/// the block's text, so incremental analysis can reuse it.
enum BlockLabel {
    Request {
        label: Range<usize>,
        /// As the label names it; `Unknown` takes the document's kind.
        kind: RequestKind,
        number: String,
    },
    Response {
        label: Range<usize>,
        /// As the label names it, when it names one.
        kind: Option<RequestKind>,
        number: Option<String>,
        objection_section: bool,
        /// Where the label ends and the response text may begin.
        end: usize,
    },
    GeneralObjections {
        end: usize,
    },
    None,
}

/// Where a label pattern's capture groups lie, by the shape of the labels it matched.
/// A set of responses repeats a few shapes with other numbers ("REQUEST FOR PRODUCTION NO.
/// 12:", "... NO. 13:"), and the label patterns treat every digit alike, so one capture
/// (costly beside a plain match) serves every label of a shape.
#[derive(Default)]
struct LabelShapes(HashMap<(bool, Vec<u8>), Arc<[Option<Range<usize>>]>>);

impl LabelShapes {
    /// The groups of `pattern` (the request label's when `request`) matched at the start of
    /// `body`, by group index.
    fn groups(
        &mut self,
        request: bool,
        pattern: &Regex,
        body: &str,
    ) -> Option<Arc<[Option<Range<usize>>]>> {
        let found = pattern.find(body)?;
        // The pattern looks one character past its match (`$`, `\b`).
        let end = body[found.end()..]
            .chars()
            .next()
            .map_or(found.end(), |c| found.end() + c.len_utf8());
        let shape = body.as_bytes()[..end]
            .iter()
            .map(|&b| if b.is_ascii_digit() { b'0' } else { b })
            .collect();
        let groups = self.0.entry((request, shape)).or_insert_with(|| {
            let captures = pattern.captures(body).expect("the pattern matched");
            captures.iter().map(|g| g.map(|g| g.range())).collect()
        });
        Some(groups.clone())
    }
}

/// The index of `pattern`'s capture group `name`.
fn group_index(pattern: &Regex, name: &str) -> usize {
    pattern
        .capture_names()
        .position(|n| n == Some(name))
        .expect("the pattern names the group")
}

fn block_label(body: &str, shapes: &mut LabelShapes) -> BlockLabel {
    if let Some(groups) = shapes.groups(true, &REQUEST_LABEL, body) {
        let group = |name| groups[group_index(&REQUEST_LABEL, name)].clone();
        return BlockLabel::Request {
            label: group("label").unwrap(),
            kind: RequestKind::from_label(&body[group("kind").unwrap()]),
            number: body[group("num").unwrap()].to_string(),
        };
    }
    if let Some(groups) = shapes.groups(false, &RESPONSE_LABEL, body) {
        let group = |name| groups[group_index(&RESPONSE_LABEL, name)].clone();
        return BlockLabel::Response {
            label: group("label").unwrap(),
            kind: group("kind").map(|k| RequestKind::from_label(&body[k])),
            number: group("num").or(group("rnum")).map(|n| body[n].to_string()),
            objection_section: body[group("word").unwrap()]
                .to_ascii_lowercase()
                .starts_with("objection"),
            end: groups[0].clone().unwrap().end,
        };
    }
    if body.len() < 120 {
        if let Some(m) = GENERAL_OBJECTIONS_LABEL.find(body) {
            return BlockLabel::GeneralObjections { end: m.end() };
        }
    }
    BlockLabel::None
}

fn shift(range: &Range<usize>, by: usize) -> Range<usize> {
    range.start + by..range.end + by
}

/// The sentences of `text[range]`, reused from an earlier analysis when it split the same
/// text.
pub(crate) fn split_sentences(
    text: &str,
    range: Range<usize>,
    cache: Option<&Cache>,
) -> Vec<Range<usize>> {
    let Some(cache) = cache else {
        return sentences::split(text, range);
    };
    let base = range.start;
    let relative = cache.get_or_compute(Step::Sentences, &text[range.clone()], (), || {
        sentences::split(text, range.clone())
            .into_iter()
            .map(|s| s.start - base..s.end - base)
            .collect::<Vec<_>>()
    });
    relative.iter().map(|s| shift(s, base)).collect()
}

/// Whether the document presents itself as discovery responses: `kind:
/// discovery-response` in its front matter, or a title naming responses, objections or
/// answers to requests or interrogatories. Only such a document opens a unit at a bare
/// "RESPONSE:" or "OBJECTIONS." or reads a preface as reserving objections; a court's
/// order or a handbook that uses those words as headings does not.
fn presents_responses(text: &str, structure: &Structure) -> bool {
    // A ruling, an opinion or a motion about objections ("Order on Objections to
    // Interrogatories", "Motion to Compel Compliant Responses to Requests for Production")
    // names them without being them.
    let ruling = |upper: &str| {
        [
            "ORDER",
            "OPINION",
            "RULING",
            "DECISION",
            "JUDGMENT",
            "MOTION",
            "MEMORANDUM",
            "BRIEF",
            "OPPOSITION",
            "REPLY",
            "LETTER",
        ]
        .iter()
        .any(|w| {
            upper
                .split(|c: char| !c.is_ascii_alphabetic())
                .any(|t| t == *w)
        })
    };
    let says = |line: &str| {
        let upper = line.to_ascii_uppercase();
        (upper.contains("RESPONSE") || upper.contains("OBJECTION") || upper.contains("ANSWER"))
            && (upper.contains("REQUEST") || upper.contains("INTERROGATOR"))
            && !ruling(&upper)
    };
    if let Some(front) = &structure.front_matter {
        let front = &text[front.clone()];
        if let Some(kind) = front
            .lines()
            .map(str::trim)
            .find_map(|l| l.strip_prefix("kind:"))
        {
            // The author said what this is.
            return kind.contains("discovery-response");
        }
        if front
            .lines()
            .any(|l| l.trim_start().starts_with("title:") && says(l))
        {
            return true;
        }
    }
    // The title: the first heading near the top, else a short first paragraph.
    structure
        .blocks
        .iter()
        .take(4)
        .find(|b| matches!(b.kind, BlockKind::Heading(_)))
        .or_else(|| structure.blocks.first().filter(|b| b.range.len() < 200))
        .is_some_and(|b| says(&text[b.range.clone()]))
}

pub fn analyze(text: &str, structure: &Structure, cache: Option<&Cache>) -> Discovery {
    let mut discovery = Discovery::default();
    let default_kind = document_request_kind(text, structure);
    let responses = presents_responses(text, structure);
    let mut state = State::Outside;
    let mut general_sentences: Vec<Range<usize>> = Vec::new();
    let mut current: Option<ResponseUnit> = None;
    // The units as their labels delimit them, their segments read later (`read_units`),
    // and whether each of their segments is in an objections section, in order.
    let mut opened: Vec<ResponseUnit> = Vec::new();
    let mut in_objection_section: Vec<bool> = Vec::new();
    let mut objection_section = false;
    // Level of the heading that opened the General Objections section.
    let mut general_level: Option<u8> = None;

    let mut labels =
        incremental::InPieces::new(cache, Step::BlockLabel, text, &structure.pieces, ());
    let label_shapes = &mut LabelShapes::default();
    let finish = |unit: Option<ResponseUnit>, opened: &mut Vec<ResponseUnit>| {
        if let Some(unit) = unit {
            if !unit.segments.is_empty() {
                opened.push(unit);
            }
        }
    };

    for block in &structure.blocks {
        let body = &text[block.range.clone()];
        let base = block.range.start;
        let heading_level = match block.kind {
            BlockKind::Heading(level) => Some(level),
            _ => None,
        };
        let label = labels.get(
            &block.range,
            || (),
            || Arc::new(block_label(body, label_shapes)),
        );

        match &*label {
            BlockLabel::Request {
                label,
                kind,
                number,
            } => {
                finish(current.take(), &mut opened);
                let kind = match kind {
                    RequestKind::Unknown => default_kind,
                    kind => *kind,
                };
                current = Some(ResponseUnit::new(
                    kind,
                    Some(number.clone()),
                    shift(label, base),
                ));
                state = State::Request;
                continue;
            }
            BlockLabel::Response {
                label,
                kind,
                number,
                objection_section: objections,
                end,
            } => {
                let starts_new = match (&current, number) {
                    (None, _) => true,
                    (Some(unit), Some(n)) => unit.number.as_deref() != Some(n.as_str()),
                    (Some(_), None) => false,
                };
                // A bare "RESPONSE:" outside any request belongs to no unit, except at the
                // top of a document that presents itself as responses.
                if starts_new && (number.is_some() || (state == State::Outside && responses)) {
                    finish(current.take(), &mut opened);
                    let kind = match kind {
                        None | Some(RequestKind::Unknown) => default_kind,
                        Some(kind) => *kind,
                    };
                    current = Some(ResponseUnit::new(kind, number.clone(), shift(label, base)));
                }
                objection_section = *objections;
                state = State::Response;
                let rest = base + end..block.range.end;
                if let Some(unit) = current.as_mut() {
                    if !text[rest.clone()].trim().is_empty() {
                        unit.segments.push(rest);
                        in_objection_section.push(objection_section);
                    }
                }
                continue;
            }
            BlockLabel::GeneralObjections { end } => {
                finish(current.take(), &mut opened);
                state = State::GeneralObjections;
                general_level = heading_level;
                discovery.general_objections = Some(GeneralObjections {
                    heading: block.range.clone(),
                    sentences: Vec::new(),
                });
                let rest = base + end..block.range.end;
                general_sentences.extend(split_sentences(text, rest, cache));
                continue;
            }
            BlockLabel::None => {}
        }

        if let Some(level) = heading_level {
            // Any other heading closes what was open, unless it is a sub-heading of the
            // General Objections section ("1. Overbreadth").
            if state == State::GeneralObjections && general_level.is_some_and(|g| level > g) {
                general_sentences.extend(split_sentences(text, block.range.clone(), cache));
                continue;
            }
            finish(current.take(), &mut opened);
            state = State::Outside;
            continue;
        }

        match state {
            State::Outside
                if responses
                    && opened.is_empty()
                    && current.is_none()
                    && (PREAMBLE_RESERVATION.is_match(body)
                        || BLANKET_RESERVATION.is_match(body)
                        || SET_WIDE_HEDGE.is_match(body)) =>
            {
                // A preface reserving the General Objections for every response is
                // part of them.
                if discovery.general_objections.is_none() {
                    discovery.general_objections = Some(GeneralObjections {
                        heading: block.range.clone(),
                        sentences: Vec::new(),
                    });
                }
                general_sentences.extend(split_sentences(text, block.range.clone(), cache));
            }
            State::Response => {
                if let Some(unit) = current.as_mut() {
                    unit.segments.push(block.range.clone());
                    in_objection_section.push(objection_section);
                }
            }
            State::GeneralObjections => {
                general_sentences.extend(split_sentences(text, block.range.clone(), cache));
            }
            State::Request | State::Outside => {}
        }
    }
    finish(current.take(), &mut opened);
    drop(labels);
    discovery.units = read_units(text, structure, opened, &in_objection_section, cache);
    if responses && discovery.units.is_empty() && discovery.general_objections.is_none() {
        unlabeled_responses(
            text,
            structure,
            default_kind,
            &mut Reading::new(text, &structure.pieces, cache),
            &mut discovery.units,
        );
    }
    if let Some(general) = discovery.general_objections.as_mut() {
        general.sentences = general_sentences;
    }
    discovery
}

/// A paragraph that opens by answering subject to objections stated before it ("Subject
/// to and without waiving the foregoing objections, Defendants state ..."): the rest of
/// the response those objections belong to.
static CONTINUES_RESPONSE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\A[*_\s]*(?:subject\s+to|without\s+waiv(?:ing|er\s+of)|notwithstanding)(?-u:\b)",
    )
    .unwrap()
});

/// Responses with no label at all, in a document that presents itself as responses: a
/// court's quotation of the answer a party gave ("Objected to as vague, improper, overly
/// broad..."), or responses whose labels the author set in a form brieflint does not
/// read. Each paragraph that objects or agrees to produce is a response of its own, with
/// an empty label (no outline entry); a paragraph that answers "subject to" the
/// objections before it continues the response they open.
fn unlabeled_responses(
    text: &str,
    structure: &Structure,
    kind: RequestKind,
    kept: &mut Reading,
    units: &mut Vec<ResponseUnit>,
) {
    let mut open: Vec<ResponseUnit> = Vec::new();
    for block in &structure.blocks {
        if !matches!(block.kind, BlockKind::Paragraph | BlockKind::Inline) {
            continue;
        }
        let body = &text[block.range.clone()];
        if let Some(previous) = open.last_mut() {
            if CONTINUES_RESPONSE.is_match(body) {
                push_segment(text, previous, block.range.clone(), false, kept);
                continue;
            }
        }
        let start = block.range.start;
        let mut unit = ResponseUnit::new(kind, None, start..start);
        push_segment(text, &mut unit, block.range.clone(), false, kept);
        if unit.sentences.iter().any(|s| s.is_objection) || AGREES_TO_PRODUCE.is_match(body) {
            open.push(unit);
        }
    }
    units.extend(
        open.into_iter()
            .map(|unit| finalize(text, structure, unit, kept)),
    );
}

fn push_segment(
    text: &str,
    unit: &mut ResponseUnit,
    range: Range<usize>,
    objection_section: bool,
    kept: &mut Reading,
) {
    unit.segments.push(range);
    read_sentences(text, unit, unit.segments.len() - 1, objection_section, kept);
}

/// Adds the sentences of `unit`'s segment `segment`, each marked with whether it states
/// an objection.
fn read_sentences(
    text: &str,
    unit: &mut ResponseUnit,
    segment: usize,
    objection_section: bool,
    kept: &mut Reading,
) {
    let range = &unit.segments[segment];
    let base = range.start;
    let body = &text[range.clone()];
    let sentences = &mut unit.sentences;
    kept.sentences.with(
        range,
        || objection_section,
        || classify_sentences(body, objection_section),
        |classified| {
            sentences.extend(classified.iter().map(|(sentence, is_objection)| Sentence {
                range: shift(sentence, base),
                segment,
                is_objection: *is_objection,
            }))
        },
    );
}

/// The units with their segments read: sentences and facts. In a long document the
/// units that start in the later pieces are read on a second thread, which keeps those
/// pieces' work (`incremental::InPieces`); the first thread keeps the earlier pieces', and
/// the segments it reads in the later ones (of a unit that crosses over) one by one.
/// `in_objection_section` says, for each segment of the units in order, whether it is in
/// an objections section.
fn read_units(
    text: &str,
    structure: &Structure,
    mut opened: Vec<ResponseUnit>,
    in_objection_section: &[bool],
    cache: Option<&Cache>,
) -> Vec<ResponseUnit> {
    let read = |opened: Vec<ResponseUnit>, in_section: &[bool], pieces: &[Range<usize>]| {
        let mut kept = Reading::new(text, pieces, cache);
        let mut in_section = in_section.iter();
        opened
            .into_iter()
            .map(|mut unit| {
                for (segment, &in_section) in (0..unit.segments.len()).zip(&mut in_section) {
                    read_sentences(text, &mut unit, segment, in_section, &mut kept);
                }
                finalize(text, structure, unit, &mut kept)
            })
            .collect::<Vec<_>>()
    };
    let (unit, piece) = halfway(&structure.pieces, &opened);
    if unit == opened.len() || !parallel::worth_two_threads(text) {
        return read(opened, in_objection_section, &structure.pieces);
    }
    let later = opened.split_off(unit);
    let segments_before: usize = opened.iter().map(|u| u.segments.len()).sum();
    let (earlier_sections, later_sections) = in_objection_section.split_at(segments_before);
    let (earlier_pieces, later_pieces) = structure.pieces.split_at(piece);
    let (later, mut units) = parallel::join(
        true,
        || read(later, later_sections, later_pieces),
        || read(opened, earlier_sections, earlier_pieces),
    );
    units.extend(later);
    units
}

/// Where to divide `opened` in two of about equal length: the first unit, and the first
/// of `pieces`, of the second half. The units of the second half start in its pieces.
/// `(opened.len(), pieces.len())` when there is one piece, or one half would be empty.
fn halfway(pieces: &[Range<usize>], opened: &[ResponseUnit]) -> (usize, usize) {
    let start_of = |unit: &ResponseUnit| unit.segments.first().map_or(0, |s| s.start);
    let none = (opened.len(), pieces.len());
    let (Some(first), Some(last)) = (opened.first(), opened.last()) else {
        return none;
    };
    let middle = start_of(first) + (start_of(last) - start_of(first)) / 2;
    let Some(piece) = (1..pieces.len()).min_by_key(|&p| pieces[p].start.abs_diff(middle)) else {
        return none;
    };
    let unit = opened.partition_point(|unit| start_of(unit) < pieces[piece].start);
    if unit == 0 || unit == opened.len() {
        return none;
    }
    (unit, piece)
}

/// The per-segment work of one analysis, kept by piece for the next
/// (`incremental::InPieces`): a segment's sentences and facts. Segments are read in
/// document order.
struct Reading<'a> {
    /// By whether the segment is in an objections section.
    sentences: incremental::InPieces<'a, (), bool, Vec<(Range<usize>, bool)>>,
    /// By the excluded ranges in the segment.
    facts: incremental::InPieces<'a, (), incremental::Relative, SegmentFacts>,
}

impl<'a> Reading<'a> {
    /// The work of segments in `pieces` is kept by piece; of other segments, one by one.
    fn new(text: &'a str, pieces: &'a [Range<usize>], cache: Option<&'a Cache>) -> Reading<'a> {
        Reading {
            sentences: incremental::InPieces::new(cache, Step::SegmentSentences, text, pieces, ()),
            facts: incremental::InPieces::new(cache, Step::SegmentFacts, text, pieces, ()),
        }
    }
}

/// The sentences of a response segment (relative to its start) and whether each states an
/// objection.
fn classify_sentences(body: &str, objection_section: bool) -> Vec<(Range<usize>, bool)> {
    let owner = &mut String::new();
    let lowered_body = Lowered::lower(body, owner);
    sentences::split(body, 0..body.len())
        .into_iter()
        .map(|sentence| {
            let lowered = lowered_body.get(sentence.clone());
            let body = &body[sentence.clone()];
            // Every match of the three "object" patterns holds the word.
            let mentions_objection = OBJECT_WORDS.admits_lowered(lowered);
            // "Subject to the foregoing objections" refers to objections; it states none.
            let states_objection = mentions_objection && {
                let references: Vec<_> = OBJECTION_REFERENCE.find_iter_lowered(lowered).collect();
                OBJECT_WORD.find_iter_lowered(lowered).any(|m| {
                    !references
                        .iter()
                        .any(|r| r.start <= m.start && m.end <= r.end)
                })
            };
            let is_objection = (objection_section
                || states_objection
                || PREDICATED_GROUND.is_match(body)
                || BARE_GROUNDS.is_match(body))
                && !(mentions_objection && NEGATED_OBJECTION.is_match_lowered(lowered));
            (sentence, is_objection)
        })
        .collect()
}

/// What one response segment says, relative to its start.
#[derive(Clone)]
struct SegmentFacts {
    agrees_to_produce: Option<Range<usize>>,
    withholding: Statement,
    production_time: Statement,
}

/// A privilege or withholding log in the clause before a time: the time is the log's ("a
/// privilege log served within 30 days"), not production's. (A "field-complaint log" is a
/// document produced.)
static PRIVILEGE_LOG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:privilege|withholding|redaction)\s+logs?(?-u:\b)|(?-u:\b)log\s+of\s+(?:the\s+)?(?:withheld|privileged|redacted)").unwrap()
});

/// Whether the time at `time` is given for a log rather than for production.
fn time_of_a_log(text: &str, segment: &Range<usize>, time: &Range<usize>) -> bool {
    let before = &text[segment.start..time.start];
    let clause_start = [";", ". ", " and "]
        .iter()
        .filter_map(|b| before.rfind(b).map(|i| i + b.len()))
        .max()
        .unwrap_or(0);
    PRIVILEGE_LOG.is_match(&before[clause_start..])
}

/// "... will be produced, if they have not already been produced": a condition, not a
/// statement that anything has been produced (nor a time for production).
fn negated_time(text: &str, segment: &Range<usize>, time: &Range<usize>) -> bool {
    let mut from = time.start.saturating_sub(24).max(segment.start);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let before = text[from..time.start].trim_end().to_ascii_lowercase();
    before.ends_with("n't")
        || ["not", "never", "yet"].iter().any(|w| {
            before.ends_with(w)
                && !before[..before.len() - w.len()].ends_with(|c: char| c.is_ascii_alphanumeric())
        })
}

fn relative(statement: Statement, base: usize) -> Statement {
    match statement {
        Statement::Unfilled(p) => Statement::Unfilled(p.start - base..p.end - base),
        other => other,
    }
}

/// Whether `words` holds "not", "never" or "only": an agreement they qualify is none.
fn qualifies_agreement(words: &str) -> bool {
    words.split_whitespace().any(|w| {
        ["not", "never", "only"]
            .iter()
            .any(|q| w.eq_ignore_ascii_case(q))
    })
}

fn segment_facts(text: &str, structure: &Structure, segment: &Range<usize>) -> SegmentFacts {
    let body = &text[segment.clone()];
    let owner = &mut String::new();
    let lowered = Lowered::lower(body, owner);
    let agrees_to_produce = AGREES_TO_PRODUCE_WORDS
        .admits_lowered(lowered)
        .then(|| {
            // The gap between "will" and "produce" is part of the match: a match that
            // holds none of the qualifying words needs no captures.
            AGREES_TO_PRODUCE
                .find_iter_lowered(lowered)
                .into_iter()
                .find(|m| {
                    !qualifies_agreement(&body[m.clone()])
                        || AGREES_TO_PRODUCE
                            .captures_at_lowered(lowered, m.start)
                            .and_then(|c| c[AGREES_TO_PRODUCE.group("gap")].clone())
                            .is_none_or(|gap| !qualifies_agreement(&body[gap]))
                })
        })
        .flatten()
        .filter(|r| !structure.is_excluded(&shift(r, segment.start)));
    let withholding = if WITHHOLDING_WORDS.admits_lowered(lowered) {
        let found = WITHHOLDING_STATEMENT
            .find_iter_lowered(lowered)
            .into_iter()
            .map(|m| shift(&m, segment.start))
            .filter(|m| !structure.is_excluded(m));
        placeholders::statement(text, structure, segment, found)
    } else {
        Statement::Absent
    };
    let production_time = if may_give_production_time(lowered) {
        let times = find_all_in(&PRODUCTION_TIME, text, segment, structure).filter(|time| {
            !time_of_a_log(text, segment, time) && !negated_time(text, segment, time)
        });
        placeholders::statement(text, structure, segment, times)
    } else {
        Statement::Absent
    };
    SegmentFacts {
        agrees_to_produce,
        withholding: relative(withholding, segment.start),
        production_time: relative(production_time, segment.start),
    }
}

fn finalize(
    text: &str,
    structure: &Structure,
    mut unit: ResponseUnit,
    kept: &mut Reading,
) -> ResponseUnit {
    for segment in &unit.segments {
        // The facts depend on the segment's text and on which parts of it are excluded.
        let facts = kept.facts.get(
            segment,
            || incremental::relative_ranges(&structure.excluded, segment),
            || segment_facts(text, structure, segment),
        );
        if unit.agrees_to_produce.is_none() {
            unit.agrees_to_produce = facts
                .agrees_to_produce
                .as_ref()
                .map(|r| shift(r, segment.start));
        }
        unit.states_withholding |= facts.withholding.is_made();
        unit.gives_production_time |= facts.production_time.is_made();
        if unit.withholding_placeholder.is_none() {
            unit.withholding_placeholder = facts
                .withholding
                .placeholder()
                .map(|p| shift(&p, segment.start));
        }
        if unit.production_time_placeholder.is_none() {
            unit.production_time_placeholder = facts
                .production_time
                .placeholder()
                .map(|p| shift(&p, segment.start));
        }
    }
    if unit.states_withholding {
        unit.withholding_placeholder = None;
    }
    if unit.gives_production_time {
        unit.production_time_placeholder = None;
    }
    unit
}

/// Compiles this module's patterns ahead of the first analysis (see `analysis::warm_up`).
pub(crate) fn compile_patterns() {
    LazyLock::force(&REQUEST_LABEL);
    LazyLock::force(&RESPONSE_LABEL);
    LazyLock::force(&GENERAL_OBJECTIONS_LABEL);
    LazyLock::force(&OBJECT_WORD);
    LazyLock::force(&NEGATED_OBJECTION);
    LazyLock::force(&OBJECTION_REFERENCE);
    LazyLock::force(&PREDICATED_GROUND);
    LazyLock::force(&WITHHOLDING_STATEMENT);
    LazyLock::force(&AGREES_TO_PRODUCE);
    LazyLock::force(&PRODUCTION_TIME);
    LazyLock::force(&OBJECT_WORDS);
    LazyLock::force(&AGREES_TO_PRODUCE_WORDS);
    LazyLock::force(&WITHHOLDING_WORDS);
    LazyLock::force(&PRODUCTION_TIME_WORDS);
    LazyLock::force(&PRIVILEGE_LOG);
    LazyLock::force(&BLANKET_RESERVATION);
    LazyLock::force(&CONTINUES_RESPONSE);
    LazyLock::force(&SET_WIDE_HEDGE);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown;

    fn units(text: &str) -> Discovery {
        analyze(text, &markdown::parse(text), None)
    }

    #[test]
    fn units_are_divided_at_the_piece_nearest_their_middle() {
        let pieces = [0..100, 100..200, 200..300, 300..400];
        let unit = |segments: &[Range<usize>]| {
            let mut unit = ResponseUnit::new(
                RequestKind::Unknown,
                None,
                segments[0].start..segments[0].start,
            );
            unit.segments = segments.to_vec();
            unit
        };
        // Units starting at 10, 60, 160, 210, 270 and 350: the middle is 180, nearest
        // the third piece (200); the fourth unit is the first to start in it, though
        // the third unit crosses into it.
        let opened = vec![
            unit(&[10..50]),
            unit(&[60..90, 110..150]),
            unit(&[160..190, 205..208]),
            unit(&[210..260]),
            unit(&[270..290, 310..330]),
            unit(&[350..390]),
        ];
        assert_eq!(halfway(&pieces, &opened), (3, 2));
        // No unit starts in the later pieces, or none in the earlier: no second half.
        assert_eq!(halfway(&pieces, &opened[..2]), (2, 4));
        assert_eq!(halfway(&pieces, &opened[5..]), (1, 4));
        assert_eq!(halfway(&pieces[..1], &opened), (6, 1));
        assert_eq!(halfway(&pieces, &[]), (0, 4));
    }

    #[test]
    fn recognizes_bold_labels_and_headings() {
        let text = "# RESPONSES TO FIRST REQUESTS FOR PRODUCTION\n\n## GENERAL OBJECTIONS\n\n1. Acme objects to each Request.\n\n**REQUEST FOR PRODUCTION NO. 12:** All documents.\n\n**RESPONSE TO REQUEST FOR PRODUCTION NO. 12:** Acme objects to this Request as overly broad. Acme will produce documents by March 1, 2027.\n\n## INTERROGATORY NO. 4\n\nIdentify everyone.\n\n### ANSWER:\n\nJohn Smith.\n\nREQUEST NO. 3: Docs.\n\nRESPONSE: Nothing is being withheld.\n";
        let d = units(text);
        assert_eq!(d.units.len(), 3);
        let rfp = &d.units[0];
        assert_eq!(rfp.kind, RequestKind::Production);
        assert_eq!(rfp.number.as_deref(), Some("12"));
        assert_eq!(rfp.objections().count(), 1);
        assert!(rfp.agrees_to_produce.is_some());
        assert!(rfp.gives_production_time);
        assert!(!rfp.states_withholding);
        assert_eq!(d.units[1].kind, RequestKind::Interrogatory);
        assert_eq!(d.units[1].objections().count(), 0);
        // A bare "REQUEST NO." takes the kind the title gives.
        assert_eq!(d.units[2].kind, RequestKind::Production);
        assert!(d.units[2].states_withholding);
        let general = d.general_objections.unwrap();
        assert_eq!(&text[general.heading], "## GENERAL OBJECTIONS");
        assert_eq!(general.sentences.len(), 1);
    }

    #[test]
    fn prose_mentioning_requests_is_not_a_unit() {
        let text = "Request for Production No. 5 seeks all emails. The response to it was late.\n\nResponse time matters.\n";
        assert!(units(text).units.is_empty());
    }

    #[test]
    fn the_gates_admit_every_match_of_their_patterns() {
        use crate::gate::assert_guards;
        let samples = [
            "Acme does not object. No objections. Without objection. The objection is withdrawn.",
            "Subject to the foregoing objections; see the objections stated above.",
            "Acme will not produce. Acme is willing to make the records available. They will be made available.",
            "Nothing has been withheld. No responsive documents exist. Acme limited its search; the search was confined. Acme searched. Production is limited to X. After a diligent search, all non-privileged responsive documents have been produced.",
            "Acme will produce by March 1, 2027, 3/4/2027, 2027-03-04, within thirty (30) days, no later than, on or before, by the end of, concurrently herewith, herewith, has already been produced, will be completed by.",
            "A ſearch was made; Acme ſearched; it was cloſed by the cloſe of May.",
        ];
        assert_guards(&OBJECT_WORDS, &OBJECT_WORD.original(), &samples);
        crate::caseless::assert_same_matches(&OBJECT_WORD, &samples);
        assert_guards(&OBJECT_WORDS, &OBJECTION_REFERENCE.original(), &samples);
        crate::caseless::assert_same_matches(&OBJECTION_REFERENCE, &samples);
        assert_guards(&OBJECT_WORDS, &NEGATED_OBJECTION.original(), &samples);
        crate::caseless::assert_same_matches(&NEGATED_OBJECTION, &samples);
        assert_guards(
            &AGREES_TO_PRODUCE_WORDS,
            &AGREES_TO_PRODUCE.original(),
            &samples,
        );
        crate::caseless::assert_same_matches(&AGREES_TO_PRODUCE, &samples);
        assert_guards(
            &WITHHOLDING_WORDS,
            &WITHHOLDING_STATEMENT.original(),
            &samples,
        );
        crate::caseless::assert_same_matches(&WITHHOLDING_STATEMENT, &samples);
        // A time without a digit must hold a word; one with a digit passes the screen.
        for text in crate::fixture_tests::texts()
            .iter()
            .map(String::as_str)
            .chain(samples)
        {
            for m in PRODUCTION_TIME.find_iter(text) {
                let owner = &mut String::new();
                let lowered = Lowered::lower(m.as_str(), owner);
                assert!(may_give_production_time(lowered), "{:?}", m.as_str());
            }
        }
    }

    #[test]
    fn a_label_shape_gives_the_groups_its_own_capture_would() {
        let mut shapes = LabelShapes::default();
        let generated = [
            "**REQUEST FOR PRODUCTION NO. 1:** x\n\n**REQUEST FOR PRODUCTION NO. 2:** y\n\n**RESPONSE TO REQUEST FOR PRODUCTION NO. 12:** z\n\n**RESPONSE TO REQUEST FOR PRODUCTION NO. 13** z\n\nINTERROGATORY NO. 4\n\nINTERROGATORY NO. 5.\n\nREQUEST NOS. 1-3: a\n\nREQUEST NOS. 4-6 a\n\nRESPONSE NO. 7: b\n\nRESPONSE NO. 8 b\n\nREQUEST NO. 1a\n\nREQUEST NO. 1ab\n\nREQUEST NO. 2ab: c\n".to_string(),
        ];
        let fixtures = crate::fixture_tests::texts();
        let mut labels = 0;
        for text in fixtures.iter().chain(&generated) {
            let structure = markdown::parse(text);
            for block in &structure.blocks {
                let body = &text[block.range.clone()];
                for (request, pattern) in [(true, &*REQUEST_LABEL), (false, &*RESPONSE_LABEL)] {
                    let direct = pattern
                        .captures(body)
                        .map(|c| c.iter().map(|g| g.map(|g| g.range())).collect::<Vec<_>>());
                    let shaped = shapes.groups(request, pattern, body).map(|g| g.to_vec());
                    assert_eq!(shaped, direct, "{body:?}");
                    labels += usize::from(direct.is_some());
                }
            }
        }
        assert!(labels > 300, "{labels} labels");
        assert!(shapes.0.len() * 2 < labels, "{} shapes", shapes.0.len());
    }

    #[test]
    fn an_agreement_qualified_in_its_gap_is_none() {
        let agreement = |text: &str| {
            let text = format!("REQUEST NO. 1: x\n\nRESPONSE: {text}\n");
            units(&text).units[0]
                .agrees_to_produce
                .clone()
                .map(|r| text[r].to_string())
        };
        assert_eq!(agreement("Acme will only produce its policy."), None);
        assert_eq!(agreement("Acme will NEVER produce it."), None);
        assert_eq!(
            agreement("Acme will not produce drafts, but will produce the final reports."),
            Some("will produce".to_string())
        );
        assert_eq!(
            agreement("Acme will make only the ledger available."),
            Some("will make only the ledger available".to_string())
        );
    }

    #[test]
    fn will_not_produce_is_not_an_agreement() {
        let text = "REQUEST NO. 1: x\n\nRESPONSE: Acme will not produce documents.\n";
        assert!(units(text).units[0].agrees_to_produce.is_none());
    }
}
