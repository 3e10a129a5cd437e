//! The citation recognizer: rules, statutes, regulations, Restatements, cases (full,
//! short, `Id.`, `supra`), foreign laws and record citations, each with its byte range
//! and a normalized identity. Pure; shared by hover, links, the table of authorities
//! and the rules that reason about citations.

use regex::Regex;
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
    pub case: Option<CaseParts>,
    /// For `Id.`, short forms and `supra`: the index of the citation resolved to.
    pub resolves_to: Option<usize>,
}

/// Reporter abbreviations (federal, regional and common state reporters, and the
/// electronic databases), as regex fragments with flexible spacing.
const REPORTERS: &[&str] = &[
    "U.S.",
    "S. Ct.",
    "L. Ed. 2d",
    "L. Ed.",
    "F.4th",
    "F.3d",
    "F.2d",
    "F.",
    "F. Supp. 3d",
    "F. Supp. 2d",
    "F. Supp.",
    "F.R.D.",
    "B.R.",
    "Fed. Cl.",
    "Fed. Appx.",
    "F. App'x",
    "F. App’x",
    "Fed. R. Serv. 3d",
    "A.3d",
    "A.2d",
    "A.",
    "P.3d",
    "P.2d",
    "P.",
    "N.E.3d",
    "N.E.2d",
    "N.E.",
    "N.W.2d",
    "N.W.",
    "S.E.2d",
    "S.E.",
    "So. 3d",
    "So. 2d",
    "So.",
    "S.W.3d",
    "S.W.2d",
    "S.W.",
    "Cal. Rptr. 3d",
    "Cal. Rptr. 2d",
    "Cal. Rptr.",
    "N.Y.S.3d",
    "N.Y.S.2d",
    "N.Y.S.",
    "Cal. 5th",
    "Cal. 4th",
    "Cal. 3d",
    "Cal. 2d",
    "Cal. App. 5th",
    "Cal. App. 4th",
    "Cal. App. 3d",
    "N.Y.3d",
    "N.Y.2d",
    "Ill. 2d",
    "Ill. App. 3d",
    "Ill. Dec.",
    "Mass.",
    "T.C.",
    "M.J.",
    "Vet. App.",
    "Ct. Int'l Trade",
    "F. Cas.",
    "U.S.P.Q.2d",
    "U.S.P.Q.",
    "Bankr.",
    "S.C.R.",
];

fn reporter_pattern() -> String {
    let mut reporters: Vec<&str> = REPORTERS.to_vec();
    reporters.sort_by_key(|r| std::cmp::Reverse(r.len()));
    reporters
        .iter()
        .map(|r| {
            // "F. Supp. 3d" also matches "F.Supp.3d"; "F.3d" also "F. 3d".
            regex::escape(r)
                .replace(' ', r"\s*")
                .replace(r"\.", r"\.\s?")
                .replace(r"\.\s?\s*", r"\.\s*")
        })
        .collect::<Vec<_>>()
        .join("|")
}

/// A pin cite: "544", "544 n.29", "at *3", "*1-2", "139–40", "544 & n.28".
const PIN: &str = r"(?:at\s+)?(?:\\?\*\s?)?\d+(?:\s*[-–—]\s*\\?\*?\d+)?(?:\s*(?:&\s*)?nn?\.\s*\d+(?:[-–]\d+)?)?(?:,\s*\d+(?:[-–]\d+)?)*";

static FULL_CASE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?-u:\b)(?P<volume>\d{{1,4}})\s+(?P<reporter>{})\s+(?P<page>\d{{1,5}})(?-u:\b)(?P<pin>,\s*{PIN})?(?:\s*\((?P<paren>[^()]{{0,80}}?(?-u:\b)(?P<year>1[789]\d\d|20\d\d))\))?",
        reporter_pattern()
    ))
    .unwrap()
});

static SHORT_CASE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?-u:\b)(?P<volume>\d{{1,4}})\s+(?P<reporter>{})\s+at\s+(?P<pin>(?:\\?\*\s?)?\d+(?:\s*[-–—]\s*\d+)?(?:\s*(?:&\s*)?nn?\.\s*\d+(?:[-–]\d+)?)?)",
        reporter_pattern()
    ))
    .unwrap()
});

static DATABASE_CASE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?-u:\b)(?P<year>(?:19|20)\d\d)\s+(?P<reporter>WL|U\.S\.\s*Dist\.\s*LEXIS|U\.S\.\s*App\.\s*LEXIS)\s+(?P<page>\d{{2,9}})(?-u:\b)(?P<pin>,\s*at\s+(?:\\?\*\s?)?\d+(?:\s*[-–—]\s*\\?\*?\d+)?)?(?:\s*\((?P<paren>[^()]{{0,80}}?(?-u:\b)(?:1[789]\d\d|20\d\d))\))?"
    ))
    .unwrap()
});

const FIXED_PATTERNS: usize = 13;

/// Every pattern, in the order `recognize` asks about them.
static PREFILTER: LazyLock<regex::RegexSet> = LazyLock::new(|| {
    let fixed: [&Regex; FIXED_PATTERNS] = [
        &FULL_CASE,
        &DATABASE_CASE,
        &SHORT_CASE,
        &STATUTE,
        &REGULATION,
        &FEDERAL_RULE,
        &LOCAL_RULE,
        &RESTATEMENT,
        &RESTATEMENT_SHORT,
        &RECORD,
        &SUPRA,
        &BARE_RULE,
        &ID,
    ];
    let patterns = fixed
        .iter()
        .map(|re| re.as_str().to_string())
        .chain(FOREIGN.iter().map(|(re, _)| re.as_str().to_string()));
    regex::RegexSet::new(patterns).expect("the citation patterns compile as a set")
});

/// Text right after a pin that shows the "pin" was really a parallel cite's volume.
static PARALLEL_NEXT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"\A\s+(?:{})\s+\d", reporter_pattern())).unwrap());

static ID: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"(?P<id>[Ii]d\.(?:\s+at\s+(?P<pin>{PIN}))?)")).unwrap());

/// The name before "supra", matched backwards from it.
static SUPRA_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?P<name>[A-Z][\w'’.\-]+(?:\s+[A-Z][\w'’.\-]+){0,3}),?\s+(?:\*|_)?\z").unwrap()
});

static SUPRA: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)supra(?:\*|_)?(?-u:\b)").unwrap());

static FEDERAL_RULE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        (?-u:\b)(?:
            Fed(?:eral|\.)\s*R(?:ules?|\.)\s*(?:of\s+)?(?P<set>
                Civ(?:il|\.)\s*P(?:roc(?:edure|\.)?|\.)
              | Evid(?:ence|\.)
              | App(?:ellate|\.)\s*P(?:roc(?:edure|\.)?|\.)
              | Crim(?:inal|\.)\s*P(?:roc(?:edure|\.)?|\.)
            )
          | (?P<abbr>FRCP|FRE|FRAP|FRCrP)
        )\s*(?P<number>\d+(?:\.\d+)?)(?P<sub>(?:\([a-zA-Z0-9]{1,4}\))*)
    ",
    )
    .unwrap()
});

static BARE_RULE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)Rules?\s+(?P<number>\d{1,2}(?:\.\d)?)(?P<sub>(?:\([a-zA-Z0-9]{1,4}\))*)")
        .unwrap()
});

static LOCAL_RULE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?x)
        (?-u:\b)(?:Local\s+(?:Civil\s+|Civ\.\s*)?Rules?|Local\s+Civ(?:il|\.)\s*R(?:ule|\.)|(?:Civ\.\s*)?L\.\s?R\.|L\.\s?Civ\.\s?R\.|(?:Civil\s+)?L\.R\.|LR)
        \s*(?P<number>\d+(?:[.-]\d+)*[a-z]?(?:\([a-z0-9]{1,4}\))*)
    ").unwrap()
});

static STATUTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?P<title>\d{1,2})\s+U\.\s?S\.\s?C\.(?:\s?A\.)?\s*(?P<sym>§§?|[Ss]ec(?:tion|\.)|[Ss]s\.)\s*(?P<section>\d+[a-zA-Z]?(?:-\d+)?)(?P<sub>(?:\([a-zA-Z0-9]{1,4}\))*)(?:\s*(?:[-–—]|,|and|&)\s*(?P<end>\d+[a-zA-Z]?)(?:\([a-zA-Z0-9]{1,4}\))*)?").unwrap()
});

static REGULATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?P<title>\d{1,2})\s+C\.\s?F\.\s?R\.\s*(?:§§?|[Pp]arts?)\s*(?P<section>\d+(?:\.\d+[a-zA-Z0-9\-]*)?)(?P<sub>(?:\([a-zA-Z0-9]{1,4}\))*)").unwrap()
});

static RESTATEMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)Restatement\s+\((?P<edition>First|Second|Third|Fourth)\)\s+of\s+(?P<subject>(?:the\s+)?[A-Z][A-Za-z]+(?:\s+(?:of\s+|the\s+|and\s+)?[A-Z][A-Za-z]+){0,5})\s*(?:of\s+the\s+United\s+States\s*)?(?:§§?\s*(?P<section>\d+)(?P<sub>(?:\([a-z0-9]{1,4}\))*))?").unwrap()
});

static RESTATEMENT_SHORT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)Restatement\s+§\s*(?P<section>\d+)(?P<sub>(?:\([a-z0-9]{1,4}\))*)")
        .unwrap()
});

static RECORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        (?-u:\b)(?P<docket>Dkt\.|ECF|D\.E\.|Doc\.)\s*(?:Nos?\.?\s*|\#\s*)?\[?\#?\s*(?P<dnum>\d{1,6})(?:\s*[-–]\s*\d{1,6})?\]?
      | (?-u:\b)(?P<exhibit>Exs?\.|Exhibits?)\s+(?P<enum>[A-Z]{1,2}(?-u:\b)|\d{1,4}(?:-\d+)?(?-u:\b))
      | (?-u:\b)(?P<record>R\.)\s+(?P<rnum>\d{1,6})(?-u:\b)
      | (?-u:\b)(?P<declarant>[A-Z][A-Za-z'’\-]+)\s+(?P<decl>Decl\.|Dep\.|Aff\.)
    ",
    )
    .unwrap()
});

/// A foreign law: its identity prefix and the names and abbreviations briefs use.
struct ForeignLaw {
    identity: &'static str,
    pattern: &'static str,
}

const FOREIGN_LAWS: &[ForeignLaw] = &[
    ForeignLaw {
        identity: "PIPL",
        pattern: r"(?:(?:China's|Chinese|PRC|P\.R\.C\.)\s+)?Personal\s+Information\s+Protection\s+Law(?:\s+of\s+the\s+(?:People's\s+Republic\s+of\s+China|P\.\s?R\.\s?C\.|PRC))?|(?-u:\b)PIPL(?-u:\b)",
    },
    ForeignLaw {
        identity: "DSL",
        pattern: r"(?:(?:China's|Chinese|PRC|P\.R\.C\.)\s+)?Data\s+Security\s+Law(?:\s+of\s+the\s+(?:People's\s+Republic\s+of\s+China|P\.\s?R\.\s?C\.|PRC))?|(?-u:\b)DSL(?-u:\b)",
    },
    ForeignLaw {
        identity: "GSSL",
        pattern: r"(?:(?:China's|Chinese|PRC|P\.R\.C\.)\s+)?(?:Law\s+(?:of\s+the\s+(?:People's\s+Republic\s+of\s+China|P\.\s?R\.\s?C\.|PRC)\s+)?on\s+Guarding\s+State\s+Secrets|(?:Guarding\s+)?State\s+Secrets\s+Law)|(?-u:\b)GSSL(?-u:\b)",
    },
    ForeignLaw {
        identity: "ICJAL",
        pattern: r"International\s+Criminal\s+Judicial\s+Assistance\s+Law(?:\s+of\s+the\s+(?:People's\s+Republic\s+of\s+China|P\.\s?R\.\s?C\.|PRC))?|(?-u:\b)ICJAL(?-u:\b)",
    },
    ForeignLaw {
        identity: "French Law No. 68-678",
        pattern: r"(?:French\s+)?Law\s+No\.\s*68-678|(?:French\s+)?[Bb]locking\s+[Ss]tatute\s+\(France\)|French\s+[Bb]locking\s+[Ss]tatute|Loi\s+n[°o]\s*68-678",
    },
    ForeignLaw {
        identity: "Swiss Criminal Code",
        pattern: r"Swiss\s+(?:Criminal|Penal)\s+Code(?:\s+\(StGB\))?|(?-u:\b)StGB(?-u:\b)",
    },
    ForeignLaw {
        identity: "GDPR",
        pattern: r"General\s+Data\s+Protection\s+Regulation|Regulation\s+\(EU\)\s+2016/679(?:\s+\(GDPR\))?|(?-u:\b)GDPR(?-u:\b)",
    },
    ForeignLaw {
        identity: "UK Protection of Trading Interests Act",
        pattern: r"Protection\s+of\s+Trading\s+Interests\s+Act(?:\s+1980)?",
    },
    ForeignLaw {
        identity: "Ontario Business Records Protection Act",
        pattern: r"Business\s+Records\s+Protection\s+Act",
    },
    ForeignLaw {
        identity: "Quebec Business Concerns Records Act",
        pattern: r"Business\s+Concerns\s+Records\s+Act",
    },
    ForeignLaw {
        identity: "PRC Cybersecurity Law",
        pattern: r"(?:(?:China's|Chinese|PRC|P\.R\.C\.)\s+)?Cybersecurity\s+Law(?:\s+of\s+the\s+(?:People's\s+Republic\s+of\s+China|P\.\s?R\.\s?C\.|PRC))?",
    },
];

const ARTICLE: &str = r"(?:Articles?|Arts?\.|arts?\.|articles?)\s*(?P<article>\d{1,3})(?P<artsub>(?:\s*\(\d{1,2}\)|\s*\([a-z]\))*)(?P<bis>\s+bis)?";

static FOREIGN: LazyLock<Vec<(Regex, &'static str)>> = LazyLock::new(|| {
    FOREIGN_LAWS
        .iter()
        .map(|law| {
            let name = law.pattern;
            // "Article 36 of the Data Security Law", "DSL art. 36", "the DSL".
            let re = format!(
                r"(?:{ARTICLE}\s+of\s+(?:the\s+|China's\s+)?(?:{name})|(?:{name})(?:,?\s*\((?P<version1>2010|2024)(?:\s+rev\.)?\))?(?:,?\s+{ARTICLE2})?)(?:\s*\((?P<version>2010|2024)(?:\s+rev\.)?\))?",
                ARTICLE2 = ARTICLE.replace("?P<article>", "?P<article2>").replace("?P<artsub>", "?P<artsub2>").replace("?P<bis>", "?P<bis2>")
            );
            (Regex::new(&re).unwrap(), law.identity)
        })
        .collect()
});

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

/// Canonical reporter spelling: spacing as in the table ("F. Supp. 3d", "F.3d").
fn canonical_reporter(found: &str) -> String {
    let squeezed: String = found.chars().filter(|c| !c.is_whitespace()).collect();
    REPORTERS
        .iter()
        .find(|r| r.chars().filter(|c| !c.is_whitespace()).collect::<String>() == squeezed)
        .map_or_else(|| normalize_space(found), |r| (*r).to_string())
}

fn clean_pin(pin: &str) -> String {
    normalize_space(
        pin.trim_start_matches([',', ' '])
            .trim_start_matches("at ")
            .replace('\\', "")
            .as_str(),
    )
}

/// The case name before a citation: "Bodum USA, Inc. v. La Cafetière, Inc., " -> name.
fn case_name_before(text: &str, at: usize) -> Option<String> {
    let window_start = text[..at]
        .char_indices()
        .rev()
        .nth(160)
        .map_or(0, |(i, _)| i);
    let window = &text[window_start..at];
    let trimmed = window.trim_end();
    let trimmed = trimmed.strip_suffix(',')?;
    let trimmed = trimmed.trim_end_matches(['*', '_']);
    let v = trimmed.rfind(" v. ").or_else(|| trimmed.rfind(" v "))?;
    // The defendant side must not cross another citation or sentence.
    let defendant = &trimmed[v..];
    if defendant.contains(';')
        || defendant.contains(". ") && !defendant.contains(" v. ") && defendant.len() > 120
    {
        return None;
    }
    let before = &trimmed[..v];
    let mut start = before.len();
    let words: Vec<(usize, &str)> = before
        .split(' ')
        .scan(0usize, |pos, w| {
            let p = *pos;
            *pos += w.len() + 1;
            Some((p, w))
        })
        .collect();
    for (pos, word) in words.iter().rev() {
        // "(NA)," in "Republic Technologies (NA), LLC" is part of the name.
        if word.starts_with('(')
            && word
                .chars()
                .skip(1)
                .take_while(|c| *c != ')')
                .all(char::is_uppercase)
            && word.len() > 2
        {
            start = *pos;
            continue;
        }
        let bare = word.trim_matches(|c: char| c == '*' || c == '_' || c == '(' || c == '[');
        let connector = matches!(
            bare,
            "of" | "the" | "and" | "&" | "de" | "for" | "ex" | "rel." | "on" | "in" | "re"
        );
        let capital = bare
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
        let signal = matches!(
            bare,
            "See"
                | "see"
                | "Cf."
                | "cf."
                | "But"
                | "But,"
                | "also"
                | "E.g.,"
                | "e.g.,"
                | "accord"
                | "Accord"
                | "citing"
                | "quoting"
                | "In"
                | "Compare"
                | "with"
        ) || bare.ends_with(':')
            || bare.ends_with(';')
            || bare.ends_with(").")
            || bare.ends_with(')');
        if signal
            || !(capital || connector)
            || bare.ends_with('.')
                && bare.len() > 4
                && bare.chars().filter(|c| c.is_uppercase()).count() == 1
                && !bare.ends_with("Co.")
                && !bare.ends_with("Inc.")
                && !bare.ends_with("Corp.")
                && !bare.ends_with("Ltd.")
                && !bare.ends_with("Bros.")
        {
            break;
        }
        start = *pos;
    }
    if start >= before.len() {
        return None;
    }
    let mut name = trimmed[start..].trim_matches(|c: char| c == '*' || c == '_' || c == ' ');
    // "Ford v. City of Rockford, No. 18 CV 50151": the docket number is not the name.
    for docket in [", No.", ", Nos.", ", MDL No.", ", Civ."] {
        if let Some(cut) = name.find(docket) {
            name = &name[..cut];
        }
    }
    let mut name = normalize_space(name.trim_matches(|c: char| c == '*' || c == '_' || c == ' '));
    // A name starts with a capitalized word, not "and", "of" or a number left over
    // from the text before it ("§ 1746 and Smith v. Jones").
    while let Some((first, rest)) = name.split_once(' ') {
        let lead = first.chars().next().unwrap_or(' ');
        if matches!(first, "and" | "&" | "of" | "the" | "for" | "on" | "in")
            || lead.is_ascii_digit()
        {
            name = rest.to_string();
        } else {
            break;
        }
    }
    let name = name
        .trim_matches(|c: char| c == '*' || c == '_')
        .to_string();
    // "In re X" names have no "v."; the search above only handles adversary names.
    (name.contains(" v. ") || name.contains(" v ")).then_some(name)
}

static PAREN_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)(1[789]\d\d|20\d\d)\s*$").unwrap());

/// A date at the end of a court parenthetical ("N.D. Ill. Mar. 1,").
static PAREN_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\s+(?:Jan|Feb|Mar|Apr|May|June?|July?|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2},?$",
    )
    .unwrap()
});

fn parse_paren(paren: &str) -> (Option<String>, Option<String>) {
    let year = PAREN_YEAR.captures(paren).map(|c| c[1].to_string());
    let court = paren
        .rsplit_once(char::is_whitespace)
        .map(|(c, _)| c.trim().trim_end_matches(','))
        // Drop a trailing date ("N.D. Ill. Mar. 1," -> "N.D. Ill.").
        .map(|c| PAREN_DATE.replace(c, "").to_string())
        .filter(|c| !c.is_empty());
    (court, year)
}

/// Recognizes every citation in `text`, skipping `opaque` ranges (code, HTML comments).
pub fn recognize(text: &str, opaque: &[Range<usize>]) -> Vec<Citation> {
    let mut found: Vec<Citation> = Vec::new();
    let skip = |range: &Range<usize>| {
        let idx = opaque.partition_point(|r| r.end <= range.start);
        opaque.get(idx).is_some_and(|r| r.start < range.end)
    };

    // Cheap prefilters keep recognition fast on long documents.
    let has_digits = text.bytes().any(|b| b.is_ascii_digit());
    // One pass finds which patterns occur at all; only those scan the text again.
    let hits = PREFILTER.matches(text);
    let scan = |pattern: usize| if hits.matched(pattern) { text } else { "" };

    if has_digits {
        let mut at = 0;
        while let Some(c) = FULL_CASE.captures_at(scan(0), at) {
            let m = c.get(0).unwrap();
            let reporter = canonical_reporter(&c["reporter"]);
            let (court, year) = c
                .name("paren")
                .map_or((None, None), |p| parse_paren(p.as_str()));
            // "482 U.S. 522, 107 S. Ct. 2542": "107" starts the parallel cite.
            let pin = c
                .name("pin")
                .filter(|p| !PARALLEL_NEXT.is_match(&text[p.end()..]));
            let end = pin.or(c.name("page")).unwrap().end();
            let range = m.start()..end;
            // Resume right after what was kept, so a parallel cite is found next.
            at = end;
            found.push(Citation {
                kind: CitationKind::Case,
                identity: format!("{} {} {}", &c["volume"], reporter, &c["page"]),
                pin: pin.map(|p| clean_pin(p.as_str())),
                case: Some(CaseParts {
                    name: case_name_before(text, m.start()),
                    volume: c["volume"].to_string(),
                    reporter,
                    page: c["page"].to_string(),
                    court,
                    year,
                }),
                range,
                resolves_to: None,
            });
        }
        for c in DATABASE_CASE.captures_iter(scan(1)) {
            let m = c.get(0).unwrap();
            let reporter = normalize_space(&c["reporter"]);
            let (court, year) = c
                .name("paren")
                .map_or((None, Some(c["year"].to_string())), |p| {
                    let (court, _) = parse_paren(p.as_str());
                    (court, Some(c["year"].to_string()))
                });
            let end = c.name("pin").or(c.name("page")).unwrap().end();
            found.push(Citation {
                kind: CitationKind::Case,
                identity: format!("{} {} {}", &c["year"], reporter, &c["page"]),
                pin: c.name("pin").map(|p| clean_pin(p.as_str())),
                case: Some(CaseParts {
                    name: case_name_before(text, m.start()),
                    volume: c["year"].to_string(),
                    reporter,
                    page: c["page"].to_string(),
                    court,
                    year,
                }),
                range: m.start()..end,
                resolves_to: None,
            });
        }
        for c in SHORT_CASE.captures_iter(scan(2)) {
            let m = c.get(0).unwrap();
            let reporter = canonical_reporter(&c["reporter"]);
            found.push(Citation {
                kind: CitationKind::CaseShort,
                identity: format!("{} {}", &c["volume"], reporter),
                pin: Some(clean_pin(&c["pin"])),
                case: None,
                range: m.range(),
                resolves_to: None,
            });
        }
        for c in STATUTE.captures_iter(scan(3)) {
            let sub = &c["sub"];
            found.push(Citation {
                kind: CitationKind::Statute,
                identity: format!("{} U.S.C. § {}{}", &c["title"], &c["section"], sub),
                pin: c.name("end").map(|e| format!("through § {}", e.as_str())),
                case: None,
                range: c.get(0).unwrap().range(),
                resolves_to: None,
            });
        }
        for c in REGULATION.captures_iter(scan(4)) {
            found.push(Citation {
                kind: CitationKind::Regulation,
                identity: format!("{} C.F.R. § {}{}", &c["title"], &c["section"], &c["sub"]),
                pin: None,
                case: None,
                range: c.get(0).unwrap().range(),
                resolves_to: None,
            });
        }
        for c in FEDERAL_RULE.captures_iter(scan(5)) {
            let set = match (c.name("set"), c.name("abbr").map(|a| a.as_str())) {
                (Some(s), _) if s.as_str().starts_with("Evid") => "Fed. R. Evid.",
                (Some(s), _) if s.as_str().starts_with("App") => "Fed. R. App. P.",
                (Some(s), _) if s.as_str().starts_with("Crim") => "Fed. R. Crim. P.",
                (None, Some("FRE")) => "Fed. R. Evid.",
                (None, Some("FRAP")) => "Fed. R. App. P.",
                (None, Some("FRCrP")) => "Fed. R. Crim. P.",
                _ => "Fed. R. Civ. P.",
            };
            found.push(Citation {
                kind: CitationKind::Rule,
                identity: format!("{set} {}{}", &c["number"], &c["sub"]),
                pin: None,
                case: None,
                range: c.get(0).unwrap().range(),
                resolves_to: None,
            });
        }
        for c in LOCAL_RULE.captures_iter(scan(6)) {
            found.push(Citation {
                kind: CitationKind::LocalRule,
                identity: format!("Local Rule {}", &c["number"]),
                pin: None,
                case: None,
                range: c.get(0).unwrap().range(),
                resolves_to: None,
            });
        }
        for c in RESTATEMENT.captures_iter(scan(7)) {
            let section = c
                .name("section")
                .map(|s| format!(" § {}{}", s.as_str(), &c["sub"]))
                .unwrap_or_default();
            found.push(Citation {
                kind: CitationKind::Restatement,
                identity: format!(
                    "Restatement ({}) of {}{section}",
                    &c["edition"],
                    normalize_space(&c["subject"])
                ),
                pin: None,
                case: None,
                range: c.get(0).unwrap().range(),
                resolves_to: None,
            });
        }
    }
    for c in RESTATEMENT_SHORT.captures_iter(scan(8)) {
        // "Restatement § 442": the Restatement the document cited in full before.
        let start = c.get(0).unwrap().start();
        let base = found
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
        found.push(Citation {
            kind: CitationKind::Restatement,
            identity: format!("{base} § {}{}", &c["section"], &c["sub"]),
            pin: None,
            case: None,
            range: c.get(0).unwrap().range(),
            resolves_to: None,
        });
    }
    for c in RECORD.captures_iter(scan(9)) {
        let identity = if let Some(n) = c.name("dnum") {
            let _ = &c["docket"];
            format!("Dkt. {}", n.as_str())
        } else if let Some(n) = c.name("enum") {
            format!("Ex. {}", n.as_str())
        } else if let Some(n) = c.name("rnum") {
            // "Fed. R. 5" is not a record cite.
            let start = c.get(0).unwrap().start();
            if text[..start].trim_end().ends_with("Fed.") {
                continue;
            }
            format!("R. {}", n.as_str())
        } else {
            let name = &c["declarant"];
            if matches!(
                name,
                "The" | "This" | "Such" | "Supplemental" | "Sworn" | "Each" | "Any" | "A" | "No"
            ) {
                continue;
            }
            format!("{} {}", name, normalize_space(&c["decl"]))
        };
        found.push(Citation {
            kind: CitationKind::Record,
            identity,
            pin: None,
            case: None,
            range: c.get(0).unwrap().range(),
            resolves_to: None,
        });
    }
    for m in SUPRA.find_iter(scan(10)) {
        // A literal search for "supra", then the name just before it.
        let window_start = text[..m.start()]
            .char_indices()
            .rev()
            .nth(100)
            .map_or(0, |(i, _)| i);
        let Some(name) = SUPRA_NAME
            .captures(&text[window_start..m.start()])
            .and_then(|c| c.name("name"))
        else {
            continue;
        };
        found.push(Citation {
            kind: CitationKind::Supra,
            identity: String::new(),
            pin: None,
            case: None,
            range: window_start + name.start()..m.end(),
            resolves_to: None,
        });
    }
    for (index, (re, law)) in FOREIGN.iter().enumerate() {
        for c in re.captures_iter(scan(FIXED_PATTERNS + index)) {
            let start = c.get(0).unwrap().start();
            let before = &text[text[..start]
                .char_indices()
                .rev()
                .nth(24)
                .map_or(0, |(i, _)| i)..start];
            // The abbreviation being defined ("the Data Security Law (“DSL”)") and the
            // title of a translation are not further citations of the law.
            if before.ends_with("(\"") || before.ends_with("(“") || before.contains("Translation:")
            {
                continue;
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
            found.push(Citation {
                kind: CitationKind::ForeignLaw,
                identity,
                pin: None,
                case: None,
                range: c.get(0).unwrap().range(),
                resolves_to: None,
            });
        }
    }
    // Bare "Rule 34(b)(2)(C)": the civil rules unless the text around says otherwise.
    for c in BARE_RULE.captures_iter(scan(11)) {
        let m = c.get(0).unwrap();
        let before = text[..m.start()].trim_end();
        if before.ends_with("Local") || before.ends_with("Civil") || before.ends_with("Local Civil")
        {
            continue;
        }
        let set = if text[m.end()..].trim_start().starts_with("of Evidence") {
            "Fed. R. Evid."
        } else {
            "Fed. R. Civ. P."
        };
        found.push(Citation {
            kind: CitationKind::Rule,
            identity: format!("{set} {}{}", &c["number"], &c["sub"]),
            pin: None,
            case: None,
            range: m.range(),
            resolves_to: None,
        });
    }
    for c in ID.captures_iter(scan(12)) {
        let m = c.name("id").unwrap();
        // "Id." starts a word: after a space, a bracket or emphasis, or at the start.
        let boundary = text[..m.start()]
            .chars()
            .next_back()
            .is_none_or(|c| c.is_whitespace() || matches!(c, '(' | '[' | '*' | '_'));
        if !boundary {
            continue;
        }
        found.push(Citation {
            kind: CitationKind::Id,
            identity: String::new(),
            pin: c.name("pin").map(|p| clean_pin(p.as_str())),
            case: None,
            range: m.range(),
            resolves_to: None,
        });
    }

    found.retain(|c| !skip(&c.range));
    // Overlaps: the longer citation wins (a full cite over the short form inside it).
    found.sort_by(|a, b| {
        a.range
            .start
            .cmp(&b.range.start)
            .then(b.range.end.cmp(&a.range.end))
    });
    let mut kept: Vec<Citation> = Vec::with_capacity(found.len());
    for citation in found {
        if let Some(last) = kept.last() {
            if citation.range.start < last.range.end {
                continue;
            }
        }
        kept.push(citation);
    }
    resolve(text, &mut kept);
    kept
}

/// Resolves `Id.`, short forms and `supra` to the authority they refer to.
fn resolve(text: &str, citations: &mut [Citation]) {
    for i in 0..citations.len() {
        match citations[i].kind {
            CitationKind::Id => {
                // The immediately preceding authority (record cites included).
                if let Some(prev) = (0..i).rev().find(|&j| {
                    citations[j].kind != CitationKind::Supra || citations[j].resolves_to.is_some()
                }) {
                    let target = citations[prev].resolves_to.unwrap_or(prev);
                    citations[i].resolves_to = Some(target);
                    citations[i].identity = citations[target].identity.clone();
                }
            }
            CitationKind::CaseShort => {
                let key = citations[i].identity.clone();
                if let Some(target) = (0..i).rev().find(|&j| {
                    citations[j].kind == CitationKind::Case
                        && citations[j]
                            .case
                            .as_ref()
                            .is_some_and(|c| format!("{} {}", c.volume, c.reporter) == key)
                }) {
                    citations[i].resolves_to = Some(target);
                    citations[i].identity = citations[target].identity.clone();
                }
            }
            CitationKind::Supra => {
                // "Aerospatiale, supra": the latest earlier case whose name has that word.
                let name = text[citations[i].range.clone()]
                    .split([',', ' '])
                    .next()
                    .unwrap_or_default()
                    .to_string();
                if let Some(target) = (0..i).rev().find(|&j| {
                    citations[j].kind == CitationKind::Case
                        && citations[j]
                            .case
                            .as_ref()
                            .and_then(|c| c.name.as_ref())
                            .is_some_and(|n| n.contains(&name))
                }) {
                    citations[i].resolves_to = Some(target);
                    citations[i].identity = citations[target].identity.clone();
                }
            }
            _ => {}
        }
    }
}

/// Compiles this module's patterns ahead of the first analysis (see `analysis::warm_up`).
pub(crate) fn compile_patterns() {
    LazyLock::force(&FULL_CASE);
    LazyLock::force(&SHORT_CASE);
    LazyLock::force(&DATABASE_CASE);
    LazyLock::force(&PREFILTER);
    LazyLock::force(&PARALLEL_NEXT);
    LazyLock::force(&ID);
    LazyLock::force(&SUPRA_NAME);
    LazyLock::force(&SUPRA);
    LazyLock::force(&FEDERAL_RULE);
    LazyLock::force(&BARE_RULE);
    LazyLock::force(&LOCAL_RULE);
    LazyLock::force(&STATUTE);
    LazyLock::force(&REGULATION);
    LazyLock::force(&RESTATEMENT);
    LazyLock::force(&RESTATEMENT_SHORT);
    LazyLock::force(&RECORD);
    LazyLock::force(&FOREIGN);
    LazyLock::force(&PAREN_YEAR);
    LazyLock::force(&PAREN_DATE);
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
