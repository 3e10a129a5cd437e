//! Court rule profiles: which length limit governs a filing, how that rule counts, and
//! whether it requires a certificate of compliance and tables. The profiles are data
//! (data/court-profiles.toml, embedded), each with its rule, source and how it was
//! verified; `brieflint.toml` (`[length]`) and front matter (`length-limit`) set or
//! override the limit and say where the number came from.

use super::counting::{self, Counted, Part, Tally};
use super::document::{DocKind, DocumentInfo};
use serde::Deserialize;
use std::sync::LazyLock;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    Words,
    Pages,
}

impl Unit {
    pub fn parse(s: &str) -> Option<Unit> {
        match s.trim().to_ascii_lowercase().as_str() {
            "words" | "word" => Some(Unit::Words),
            "pages" | "page" => Some(Unit::Pages),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Unit::Words => "words",
            Unit::Pages => "pages",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verification {
    RuleText,
    RuleTextMirror,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Profile {
    pub id: String,
    pub court: String,
    pub paper: String,
    pub paper_name: String,
    pub limit: u32,
    pub unit: Unit,
    pub rule: String,
    pub excluded_by: String,
    #[serde(deserialize_with = "parts")]
    pub excludes: Vec<Part>,
    pub counts: String,
    pub certificate: String,
    #[serde(default)]
    pub certificate_rule: Option<String>,
    #[serde(default)]
    pub certificate_states_count: bool,
    #[serde(deserialize_with = "parts")]
    pub tables_required: Vec<Part>,
    #[serde(default)]
    pub tables_rule: Option<String>,
    #[serde(default)]
    pub tables_over_pages: Option<u32>,
    pub url: String,
    pub sources: Vec<String>,
    pub verification: Verification,
    pub checked: String,
    /// The first filing date the limit is known to govern (YYYY-MM-DD).
    #[serde(default)]
    pub in_force_from: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

impl Profile {
    pub fn requires_certificate(&self) -> bool {
        self.certificate == "required"
    }
}

fn parts<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<Part>, D::Error> {
    let keys: Vec<String> = Vec::deserialize(d)?;
    keys.iter()
        .map(|k| {
            Part::parse(k).ok_or_else(|| serde::de::Error::custom(format!("unknown part {k:?}")))
        })
        .collect()
}

#[derive(Deserialize)]
struct File {
    profile: Vec<Profile>,
}

static PROFILES: LazyLock<Vec<Profile>> = LazyLock::new(|| {
    toml::from_str::<File>(include_str!("../data/court-profiles.toml"))
        .expect("court-profiles.toml is valid")
        .profile
});

pub fn all() -> &'static [Profile] {
    &PROFILES
}

pub fn get(court: &str, paper: &str) -> Option<&'static Profile> {
    PROFILES
        .iter()
        .find(|p| p.court == court && p.paper == paper)
}

/// The papers front matter may name (`paper: reply-brief`).
pub fn paper_names() -> Vec<&'static str> {
    let mut papers: Vec<&str> = PROFILES.iter().map(|p| p.paper.as_str()).collect();
    papers.sort();
    papers.dedup();
    papers
}

/// The most words a page can hold, for page estimates: a count over `pages` times this is
/// over the page limit whatever the layout. Local Civ. R. 6.3 of the S.D.N.Y. and E.D.N.Y.
/// allows "not more than 350 additional words" for each page a court adds to a limit; a
/// double-spaced page of 12-point type holds fewer.
pub const DEFAULT_WORDS_PER_PAGE: u32 = 350;

/// A limit set by the user: in brieflint.toml or in the filing's front matter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LengthSetting {
    pub limit: u32,
    pub unit: Unit,
    /// A reply's limit, when it differs (brieflint.toml `reply-limit`).
    pub reply_limit: Option<u32>,
    /// Where the number came from ("Individual Practices of Judge X, ¶ 2.B").
    pub source: Option<String>,
    /// Words a page holds at most, for page limits.
    pub words_per_page: Option<u32>,
}

/// Parses a front matter `length-limit` ("25 pages", "7,000 words").
pub fn parse_limit(value: &str) -> Result<(u32, Unit), String> {
    let value = value.trim().trim_matches(['"', '\'']);
    let (number, unit) = value
        .split_once(char::is_whitespace)
        .ok_or_else(|| format!("`length-limit` needs a number and a unit, like \"25 pages\" or \"7,000 words\"; found {value:?}"))?;
    let limit: u32 = number
        .replace(',', "")
        .parse()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| {
            format!("`length-limit`: {number:?} is not a whole number of words or pages")
        })?;
    let unit = Unit::parse(unit).ok_or_else(|| {
        format!(
            "`length-limit`: unit {:?} must be words or pages",
            unit.trim()
        )
    })?;
    Ok((limit, unit))
}

/// Where the limit in force came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// A shipped profile.
    Profile,
    /// The filing's front matter.
    FrontMatter(Option<String>),
    /// brieflint.toml.
    Config(Option<String>),
}

/// The limit that governs a filing, and the filing's count under it.
#[derive(Clone, Debug)]
pub struct Applied {
    /// The court's profile for this paper, when one is shipped.
    pub profile: Option<&'static Profile>,
    pub limit: u32,
    pub unit: Unit,
    pub origin: Origin,
    /// The parts the count leaves out.
    pub excludes: Vec<Part>,
    pub counted: Counted,
    pub tally: Tally,
    pub words_per_page: u32,
}

impl Applied {
    /// The rule or source of the limit, for messages.
    pub fn authority(&self) -> String {
        match (&self.origin, self.profile) {
            (Origin::Profile, Some(profile)) => profile.rule.clone(),
            (Origin::FrontMatter(source), _) => match source {
                Some(source) => format!("{source}, set in front matter"),
                None => "front matter `length-limit`, no source given".to_string(),
            },
            (Origin::Config(source), _) => match source {
                Some(source) => format!("{source}, set in brieflint.toml"),
                None => "brieflint.toml [length], no source given".to_string(),
            },
            (Origin::Profile, None) => "the configured limit".to_string(),
        }
    }

    /// The fewest pages the counted words can fill.
    pub fn pages_at_least(&self) -> f64 {
        self.tally.words as f64 / self.words_per_page as f64
    }

    /// Whether the count is over the limit for certain.
    pub fn over(&self) -> bool {
        match self.unit {
            Unit::Words => self.tally.words > self.limit as usize,
            Unit::Pages => {
                self.tally.words > (self.limit as usize) * (self.words_per_page as usize)
            }
        }
    }

    /// One line for `brieflint check` and the editor: the count, the limit and what is
    /// left.
    pub fn summary(&self) -> String {
        let words = self.tally.words;
        let thousands = super::rules::thousands;
        match self.unit {
            Unit::Words => {
                let limit = self.limit as usize;
                let left = if words > limit {
                    format!("{} over", thousands(words - limit))
                } else {
                    format!("{} remaining", thousands(limit - words))
                };
                format!(
                    "{} words counted; limit {} words ({}): {left}",
                    thousands(words),
                    thousands(limit),
                    self.authority()
                )
            }
            Unit::Pages => format!(
                "{} words counted, at least {:.1} pages at {} words a page (an estimate); limit {} pages ({})",
                thousands(words),
                self.pages_at_least(),
                self.words_per_page,
                self.limit,
                self.authority()
            ),
        }
    }

    /// What the editor shows: the count, the limit, what is left, how it was counted, and
    /// where the certificate of compliance is (its hover shows the count).
    pub fn info(&self, text: &str) -> LengthInfo {
        let certificate = self
            .counted
            .parts
            .iter()
            .find(|p| {
                p.part == Part::Certificates
                    && p.heading.as_ref().is_some_and(|h| {
                        let heading = text[h.clone()].to_ascii_uppercase();
                        heading.contains("COMPLIANCE") || heading.contains("WORD")
                    })
            })
            .map(|p| p.range.clone());
        let limit_words = match self.unit {
            Unit::Words => self.limit as usize,
            Unit::Pages => self.limit as usize * self.words_per_page as usize,
        };
        LengthInfo {
            summary: self.summary(),
            words: self.tally.words,
            limit: self.limit,
            unit: self.unit.name(),
            remaining: limit_words as i64 - self.tally.words as i64,
            estimate: self.unit == Unit::Pages,
            authority: self.authority(),
            method: self.method(),
            certificate,
        }
    }

    /// How the count was made, for messages and hovers.
    pub fn method(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        for (part, words) in &self.tally.excluded {
            parts.push(format!("{} ({words})", part.words()));
        }
        let left_out = if parts.is_empty() {
            "nothing found to leave out".to_string()
        } else {
            format!("not counted: {}", parts.join(", "))
        };
        let mut counted = vec![format!("headings ({})", self.tally.heading_words)];
        counted.push(format!("footnotes ({})", self.tally.footnote_words));
        counted.push(format!("quotations ({})", self.tally.quotation_words));
        format!("counted: {}; {left_out}", counted.join(", "))
    }
}

/// The count under the limit in force, for the editor (`brieflint/length`, the hover on
/// the certificate of compliance) and `brieflint check`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LengthInfo {
    /// "12,345 words counted; limit 13,000 words (...): 655 remaining".
    pub summary: String,
    pub words: usize,
    pub limit: u32,
    /// "words" or "pages".
    pub unit: &'static str,
    /// Words left before the limit (negative: over); for a page limit, before the most
    /// its pages can hold.
    pub remaining: i64,
    /// A page limit, estimated from words per page.
    pub estimate: bool,
    pub authority: String,
    /// What was counted and what was left out.
    pub method: String,
    /// The certificate of compliance, if one is recognized.
    #[serde(skip)]
    pub certificate: Option<std::ops::Range<usize>>,
}

impl LengthInfo {
    /// The hover on the certificate of compliance.
    pub fn hover_markdown(&self) -> String {
        format!(
            "**Word count**: {}\n\n{}{}",
            self.summary,
            self.method,
            if self.estimate {
                "\n\nPages are estimated from words per page."
            } else {
                ""
            }
        )
    }
}

/// Court families brieflint has profiles for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Family {
    Frap,
    SdnyEdny,
    NdIll,
    /// A court brieflint has no verified rules for: no limit unless configured.
    Other,
}

fn family(document: &DocumentInfo) -> Option<Family> {
    let court = document.court.as_deref()?;
    let lower = court.to_ascii_lowercase();
    let key = super::rules::court_key(document)?;
    // A state court's rules are not the federal ones, whatever its name or the title.
    if super::rules::state_court(document) {
        return Some(Family::Other);
    }
    if lower.contains("circuit") || lower.contains("court of appeals") || is_circuit_key(&key) {
        return Some(Family::Frap);
    }
    Some(match key.as_str() {
        "sdny" | "edny" => Family::SdnyEdny,
        "ndill" => Family::NdIll,
        _ => Family::Other,
    })
}

/// "7thcir", "2dcir", "dccir", "fedcir", "ca7".
fn is_circuit_key(key: &str) -> bool {
    if let Some(n) = key.strip_prefix("ca") {
        return !n.is_empty() && n.chars().all(|c| c.is_ascii_digit());
    }
    let Some(ordinal) = key.strip_suffix("cir") else {
        return false;
    };
    matches!(ordinal, "dc" | "fed")
        || ordinal
            .trim_end_matches(|c: char| c.is_ascii_alphabetic())
            .parse::<u8>()
            .is_ok_and(|n| (1..=11).contains(&n))
}

fn title(document: &DocumentInfo) -> String {
    document.title.as_deref().unwrap_or("").to_uppercase()
}

/// A title that says the paper is an appellate brief.
fn appellate_title(title: &str) -> bool {
    ["APPELLANT", "APPELLEE", "CROSS-APPEL"]
        .iter()
        .any(|w| title.contains(w))
}

/// The paper a filing is, under a court family, from its kind and title.
fn infer_paper(family: Family, document: &DocumentInfo) -> Option<&'static str> {
    let title = title(document);
    let reply =
        title.starts_with("REPLY") || title.contains(" REPLY") || document.kind == DocKind::Reply;
    let memorandum = title.contains("MEMORANDUM") || title.contains("BRIEF");
    match family {
        Family::Frap => {
            // Cross-appeal briefs have four limits: only front matter says which.
            if title.contains("CROSS-APPE") || title.contains("CROSS APPE") {
                return None;
            }
            if title.contains("28(J)") || title.contains("SUPPLEMENTAL AUTHORIT") {
                return Some("letter-28j");
            }
            // A motion, or a response or reply to one, even one about a brief ("MOTION FOR
            // LEAVE TO FILE AMICUS BRIEF").
            match document.kind {
                DocKind::Motion | DocKind::Opposition => return Some("motion"),
                DocKind::Reply if title.contains("MOTION") => return Some("reply-to-response"),
                _ => {}
            }
            if title.contains("AMICUS") {
                return (!title.contains("REHEARING")).then_some("amicus-brief");
            }
            title.contains("BRIEF").then_some(if reply {
                "reply-brief"
            } else {
                "principal-brief"
            })
        }
        Family::SdnyEdny => match document.kind {
            DocKind::Reconsideration if memorandum || reply => Some(if reply {
                "reconsideration-reply"
            } else {
                "reconsideration-memorandum"
            }),
            DocKind::Reply if memorandum => Some(if title.contains("RECONSIDER") {
                "reconsideration-reply"
            } else {
                "reply-memorandum"
            }),
            DocKind::Motion | DocKind::Opposition | DocKind::Brief if memorandum => {
                Some("memorandum")
            }
            _ => None,
        },
        Family::NdIll => match document.kind {
            DocKind::Motion | DocKind::Opposition | DocKind::Brief if memorandum && !reply => {
                Some("memorandum")
            }
            _ => None,
        },
        Family::Other => None,
    }
}

fn family_key(family: Family) -> &'static str {
    match family {
        Family::Frap => "frap",
        Family::SdnyEdny => "sdny-edny",
        Family::NdIll => "ndill",
        Family::Other => "",
    }
}

/// Every part any rule leaves out: what a configured limit without a profile uses, so that
/// the count stays low.
const ALL_PARTS: &[Part] = &[
    Part::Cover,
    Part::DisclosureStatement,
    Part::TableOfContents,
    Part::TableOfAuthorities,
    Part::OralArgumentStatement,
    Part::Addendum,
    Part::Certificates,
    Part::ProofOfService,
    Part::SignatureBlock,
];

/// The limit that governs this filing and its count, or `None` when brieflint knows no
/// limit for it: no court and no appellate title, a court without verified rules and no
/// configured limit, or a paper no profile covers.
pub fn applicable(
    text: &str,
    document: &DocumentInfo,
    setting: Option<&LengthSetting>,
) -> Option<Applied> {
    applicable_with(document, setting, || counting::count(text))
}

/// `applicable`, counting the words with `count` only when a limit applies.
pub(crate) fn applicable_with(
    document: &DocumentInfo,
    setting: Option<&LengthSetting>,
    count: impl FnOnce() -> Counted,
) -> Option<Applied> {
    let family = match family(document) {
        Some(family) => Some(family),
        // Without a court: the Federal Rules of Appellate Procedure only when the filing
        // says it is an appellate paper.
        None if appellate_title(&title(document))
            || document
                .paper
                .as_deref()
                .is_some_and(|p| get("frap", p).is_some()) =>
        {
            Some(Family::Frap)
        }
        None => None,
    };
    let paper = match &document.paper {
        Some(paper) => Some(paper.as_str()),
        None => family.and_then(|f| infer_paper(f, document)),
    };
    let profile = match (family, paper) {
        (Some(family), Some(paper)) => get(family_key(family), paper),
        _ => None,
    }
    // A filing dated before the rule took this form is not held to it.
    .filter(|p| match (&document.filed, &p.in_force_from) {
        (Some(filed), Some(from)) => filed >= from,
        _ => true,
    });
    // A limit set by the user wins: front matter first, then brieflint.toml (for filings
    // that argue to the court).
    let (limit, unit, origin, words_per_page) = if let Some((limit, unit)) = document.length_limit {
        (
            limit,
            unit,
            Origin::FrontMatter(document.length_source.clone()),
            setting.and_then(|s| s.words_per_page),
        )
    } else if let Some(setting) = setting.filter(|_| document.kind.is_argument()) {
        let reply = document.kind == DocKind::Reply || paper.is_some_and(|p| p.contains("reply"));
        let limit = match (reply, setting.reply_limit) {
            (true, Some(reply_limit)) => reply_limit,
            _ => setting.limit,
        };
        (
            limit,
            setting.unit,
            Origin::Config(setting.source.clone()),
            setting.words_per_page,
        )
    } else {
        let profile = profile?;
        (profile.limit, profile.unit, Origin::Profile, None)
    };
    let excludes = profile.map_or_else(|| ALL_PARTS.to_vec(), |p| p.excludes.clone());
    let counted = count();
    let tally = counted.tally(&excludes);
    Some(Applied {
        profile,
        limit,
        unit,
        origin,
        excludes,
        counted,
        tally,
        words_per_page: words_per_page.unwrap_or(DEFAULT_WORDS_PER_PAGE).max(1),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_profile_is_sourced_and_unique() {
        let mut ids = std::collections::HashSet::new();
        for profile in all() {
            assert!(ids.insert(&profile.id), "{}", profile.id);
            assert!(!profile.sources.is_empty(), "{}", profile.id);
            assert!(profile.url.starts_with("https://"), "{}", profile.id);
            assert_eq!(profile.checked.len(), 10, "{}", profile.id);
            assert!(profile.limit > 0);
            if profile.requires_certificate() {
                assert!(profile.certificate_rule.is_some(), "{}", profile.id);
            }
            if !profile.tables_required.is_empty() {
                assert!(profile.tables_rule.is_some(), "{}", profile.id);
            }
        }
        // The numbers as read in the rules' text.
        for (court, paper, limit) in [
            ("frap", "principal-brief", 13000),
            ("frap", "reply-brief", 6500),
            ("frap", "cross-appeal-appellee-principal-response", 15300),
            ("frap", "amicus-brief", 6500),
            ("frap", "amicus-rehearing-brief", 2600),
            ("frap", "motion", 5200),
            ("frap", "reply-to-response", 2600),
            ("frap", "letter-28j", 350),
            ("sdny-edny", "memorandum", 8750),
            ("sdny-edny", "reply-memorandum", 3500),
            ("sdny-edny", "reconsideration-memorandum", 3500),
            ("sdny-edny", "reconsideration-reply", 1750),
            ("ndill", "memorandum", 15),
        ] {
            assert_eq!(get(court, paper).unwrap().limit, limit, "{court} {paper}");
        }
    }

    fn document(text: &str) -> DocumentInfo {
        let structure = super::super::markdown::parse(text);
        super::super::document::analyze(text, &structure, false)
    }

    #[test]
    fn the_court_and_title_choose_the_profile() {
        let id = |text: &str| {
            applicable(text, &document(text), None).and_then(|a| a.profile.map(|p| p.id.as_str()))
        };
        assert_eq!(
            id("# BRIEF OF PLAINTIFF-APPELLANT\n"),
            Some("frap-principal-brief")
        );
        assert_eq!(id("# REPLY BRIEF OF APPELLANT\n"), Some("frap-reply-brief"));
        assert_eq!(
            id("# BRIEF OF AMICUS CURIAE IN SUPPORT OF APPELLEE\n"),
            Some("frap-amicus-brief")
        );
        // No court, no appellate title: nothing, whatever the circuit.
        assert_eq!(
            id("---\ncircuit: 7th\n---\n# MEMORANDUM IN SUPPORT OF MOTION\n"),
            None
        );
        assert_eq!(
            id("---\ncourt: 7th Cir.\n---\n# MOTION TO STAY THE MANDATE\n"),
            Some("frap-motion")
        );
        assert_eq!(
            id("---\ncourt: S.D.N.Y.\n---\n# MEMORANDUM OF LAW IN SUPPORT OF MOTION TO DISMISS\n"),
            Some("sdny-edny-memorandum")
        );
        assert_eq!(
            id("---\ncourt: E.D.N.Y.\n---\n# REPLY MEMORANDUM OF LAW IN FURTHER SUPPORT OF MOTION TO DISMISS\n"),
            Some("sdny-edny-reply-memorandum")
        );
        assert_eq!(
            id("---\ncourt: S.D.N.Y.\n---\n# MEMORANDUM OF LAW IN SUPPORT OF MOTION FOR RECONSIDERATION\n"),
            Some("sdny-edny-reconsideration-memorandum")
        );
        // A motion about a brief is a motion.
        assert_eq!(
            id("---\ncourt: 9th Cir.\n---\n# MOTION FOR LEAVE TO FILE BRIEF OF AMICUS CURIAE\n"),
            Some("frap-motion")
        );
        // A letter-motion is not a memorandum of law.
        assert_eq!(
            id("---\ncourt: S.D.N.Y.\n---\n# LETTER MOTION TO COMPEL\n"),
            None
        );
        assert_eq!(
            id("---\ncourt: N.D. Ill.\n---\n# MEMORANDUM IN SUPPORT OF MOTION TO DISMISS\n"),
            Some("ndill-brief")
        );
        // A court without verified rules: nothing.
        assert_eq!(
            id("---\ncourt: N.D. Cal.\n---\n# MEMORANDUM IN SUPPORT OF MOTION\n"),
            None
        );
        // A filing dated before the limit took effect: none.
        assert_eq!(
            id("---\ncourt: S.D.N.Y.\nfiled: 2023-05-01\n---\n# MEMORANDUM OF LAW IN SUPPORT OF MOTION TO DISMISS\n"),
            None
        );
        assert_eq!(
            id("---\nfiled: 2015-03-02\n---\n# BRIEF OF PLAINTIFF-APPELLANT\n"),
            None
        );
        // Cross-appeals: only front matter says which brief.
        assert_eq!(
            id("# PRINCIPAL AND RESPONSE BRIEF OF APPELLEE AND CROSS-APPELLANT\n"),
            None
        );
        assert_eq!(
            id("---\npaper: cross-appeal-appellee-principal-response\n---\n# BRIEF OF APPELLEE AND CROSS-APPELLANT\n"),
            Some("frap-cross-appeal-appellee-principal-response")
        );
    }

    #[test]
    fn a_configured_limit_says_where_it_came_from() {
        let text = "---\ncourt: N.D. Cal.\nlength-limit: 25 pages\nlength-source: Judge Doe's Standing Order ¶ 4\n---\n# MEMORANDUM IN SUPPORT OF MOTION\n\nWords.\n";
        let applied = applicable(text, &document(text), None).unwrap();
        assert_eq!((applied.limit, applied.unit), (25, Unit::Pages));
        assert_eq!(
            applied.authority(),
            "Judge Doe's Standing Order ¶ 4, set in front matter"
        );
        let setting = LengthSetting {
            limit: 7000,
            unit: Unit::Words,
            reply_limit: Some(4200),
            source: None,
            words_per_page: None,
        };
        let reply = "# REPLY IN SUPPORT OF MOTION TO DISMISS\n\nWords.\n";
        let applied = applicable(reply, &document(reply), Some(&setting)).unwrap();
        assert_eq!(applied.limit, 4200);
        assert_eq!(
            applied.authority(),
            "brieflint.toml [length], no source given"
        );
        // Not for papers that do not argue.
        let responses = "# RESPONSES TO REQUESTS FOR PRODUCTION\n";
        assert!(applicable(responses, &document(responses), Some(&setting)).is_none());
        assert!(parse_limit("25").is_err());
        assert!(parse_limit("many pages").is_err());
        assert_eq!(parse_limit("7,000 words"), Ok((7000, Unit::Words)));
    }
}
