//! What kind of filing this is, for which court: from YAML front matter when present,
//! else inferred from the title.

use super::markdown::{BlockKind, Structure};
use std::ops::Range;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DocKind {
    DiscoveryResponse,
    Motion,
    Opposition,
    Reply,
    Reconsideration,
    Order,
    /// A judgment (final, or entered under Rule 54(b) as to some claims or parties).
    Judgment,
    Brief,
    Letter,
    ProtectiveOrder,
    Stipulation,
    #[default]
    Other,
}

impl DocKind {
    pub fn parse(s: &str) -> Option<DocKind> {
        Some(match s.trim().to_ascii_lowercase().as_str() {
            "discovery-response" => DocKind::DiscoveryResponse,
            "motion" => DocKind::Motion,
            "opposition" => DocKind::Opposition,
            "reply" => DocKind::Reply,
            "reconsideration" => DocKind::Reconsideration,
            "order" => DocKind::Order,
            "judgment" => DocKind::Judgment,
            "brief" => DocKind::Brief,
            "letter" => DocKind::Letter,
            "protective-order" => DocKind::ProtectiveOrder,
            "stipulation" => DocKind::Stipulation,
            "other" => DocKind::Other,
            _ => return None,
        })
    }

    /// Filings that argue to the court (where comity analysis belongs).
    pub fn is_argument(self) -> bool {
        matches!(
            self,
            DocKind::Motion
                | DocKind::Opposition
                | DocKind::Reply
                | DocKind::Reconsideration
                | DocKind::Brief
        )
    }
}

/// A problem in the front matter, with where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FrontMatterError {
    pub range: Range<usize>,
    pub message: String,
}

#[derive(Clone, Debug, Default)]
pub struct DocumentInfo {
    pub title: Option<String>,
    pub kind: DocKind,
    /// A motion to compel, for a protective order, to quash, or for Rule 37 sanctions.
    pub discovery_motion: bool,
    pub filed: Option<String>,
    pub party: Option<String>,
    /// Paths of the filings this one must be compared with.
    pub prior: Vec<String>,
    pub court: Option<String>,
    pub circuit: Option<String>,
    pub errors: Vec<FrontMatterError>,
    /// The doctrines and terms of art the filing argues (`matter::argument_terms`), sorted.
    pub terms: Vec<String>,
    /// The keys of the cases it cites by docket number only (`matter::docket_cases`).
    pub docket_cases: Vec<String>,
    /// The paper, for the court's length rules (`paper: reply-brief`; see `profiles`).
    pub paper: Option<String>,
    /// A length limit set in front matter (`length-limit: 25 pages`), and its source.
    pub length_limit: Option<(u32, super::profiles::Unit)>,
    pub length_source: Option<String>,
}

const KEYS: &[&str] = &[
    "title",
    "kind",
    "filed",
    "party",
    "prior",
    "court",
    "circuit",
    "paper",
    "length-limit",
    "length-source",
];

fn unquote(value: &str) -> String {
    let v = value.trim();
    let v = v
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .or_else(|| v.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
        .unwrap_or(v);
    v.to_string()
}

/// Parses the subset of YAML front matter brieflint reads: `key: value` lines and a
/// `prior` list (`- path` items or `[a, b]`).
fn parse_front_matter(text: &str, range: Range<usize>, info: &mut DocumentInfo) {
    let body = &text[range.clone()];
    let mut offset = range.start;
    let mut in_prior = false;
    for raw in body.split_inclusive('\n') {
        let line_range = offset..offset + raw.trim_end().len();
        offset += raw.len();
        let line = raw.trim_end();
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed == "---" || trimmed == "..." {
            continue;
        }
        if let Some(item) = trimmed.strip_prefix("- ") {
            if in_prior {
                add_prior(unquote(item), &line_range, info);
            } else {
                info.errors.push(FrontMatterError {
                    range: line_range,
                    message: "front matter: a list item outside `prior:`".to_string(),
                });
            }
            continue;
        }
        let Some((key, value)) = trimmed.split_once(':') else {
            info.errors.push(FrontMatterError {
                range: line_range,
                message: format!("front matter: expected `key: value`, found {trimmed:?}"),
            });
            continue;
        };
        let key = key.trim();
        let value = value.trim();
        in_prior = key == "prior";
        if !KEYS.contains(&key) {
            info.errors.push(FrontMatterError {
                range: line_range,
                message: format!(
                    "front matter: unknown key `{key}` (known: {})",
                    KEYS.join(", ")
                ),
            });
            continue;
        }
        match key {
            "title" => info.title = Some(unquote(value)),
            "kind" => match DocKind::parse(&unquote(value)) {
                Some(kind) => info.kind = kind,
                None => info.errors.push(FrontMatterError {
                    range: line_range,
                    message: format!(
                        "front matter: unknown kind {value:?} (use discovery-response, motion, opposition, reply, reconsideration, order, judgment, brief, letter, protective-order, stipulation or other)"
                    ),
                }),
            },
            "filed" => {
                let date = unquote(value);
                let valid = date.len() == 10
                    && date.as_bytes().iter().enumerate().all(|(i, b)| if i == 4 || i == 7 { *b == b'-' } else { b.is_ascii_digit() });
                if valid {
                    info.filed = Some(date);
                } else {
                    info.errors.push(FrontMatterError {
                        range: line_range,
                        message: format!("front matter: `filed` must be a date like 2022-03-01, found {value:?}"),
                    });
                }
            }
            "party" => info.party = Some(unquote(value)),
            "court" => info.court = Some(unquote(value)),
            "circuit" => info.circuit = Some(unquote(value)),
            "paper" => {
                let paper = unquote(value).to_ascii_lowercase();
                let papers = super::profiles::paper_names();
                if papers.contains(&paper.as_str()) {
                    info.paper = Some(paper);
                } else {
                    info.errors.push(FrontMatterError {
                        range: line_range,
                        message: format!("front matter: unknown paper {value:?} (use {})", papers.join(", ")),
                    });
                }
            }
            "length-limit" => match super::profiles::parse_limit(&unquote(value)) {
                Ok(limit) => info.length_limit = Some(limit),
                Err(message) => info.errors.push(FrontMatterError {
                    range: line_range,
                    message: format!("front matter: {message}"),
                }),
            },
            "length-source" => info.length_source = Some(unquote(value)),
            "prior" => {
                if let Some(list) = value.strip_prefix('[').and_then(|v| v.strip_suffix(']')) {
                    for path in list.split(',').map(unquote).filter(|p| !p.is_empty()) {
                        add_prior(path, &line_range, info);
                    }
                } else if !value.is_empty() {
                    add_prior(unquote(value), &line_range, info);
                }
            }
            _ => {}
        }
    }
}

/// Adds a `prior:` path, or refuses one that leaves the matter: an absolute path, or
/// one climbing above the filing's parent folder (`../orders/order.md`, a sibling
/// folder, is fine). Prior filings are matched among the filings brieflint indexed, never
/// opened, so a path elsewhere would silently match nothing; this says so.
fn add_prior(path: String, line: &Range<usize>, info: &mut DocumentInfo) {
    let normalized = path.replace('\\', "/");
    let absolute = normalized.starts_with('/')
        || normalized.as_bytes().get(1) == Some(&b':')
        || normalized.starts_with('~');
    let mut depth = 0i32;
    let mut lowest = 0i32;
    for part in normalized.split('/') {
        match part {
            ".." => depth -= 1,
            "" | "." => {}
            _ => depth += 1,
        }
        lowest = lowest.min(depth);
    }
    if absolute || lowest < -1 {
        info.errors.push(FrontMatterError {
            range: line.clone(),
            message: format!(
                "front matter: prior {path:?} is outside the matter; prior filings are found among the filings in this folder (or a sibling folder), and brieflint opens nothing else"
            ),
        });
    } else {
        // Named as the matter names its filings: `orders\po.md` is `orders/po.md`.
        info.prior.push(crate::filings::normalize(&path));
    }
}

/// Titles of the court's own papers: "ORDER DENYING MOTION TO COMPEL", "RULING ON
/// PLAINTIFF'S MOTION TO COMPEL", "MEMORANDUM OF DECISION ON ... MOTION": they name a
/// motion without being one.
const COURT_PAPER_OPENINGS: &[&str] = &[
    "ORDER",
    "OPINION",
    "RULING",
    "DECISION",
    "MEMORANDUM OPINION",
    "MEMORANDUM AND ORDER",
    "MEMORANDUM, ORDER",
    "MEMORANDUM ORDER",
    "MEMORANDUM DECISION",
    "MEMORANDUM-DECISION",
    "MEMORANDUM OF DECISION",
    "REPORT AND RECOMMENDATION",
    "FINDINGS AND RECOMMENDATION",
];

/// Papers about a motion that are not the motion: a supplement, a certification or
/// declaration filed with it, a notice, a proposed order ("[PROPOSED] ORDER GRANTING
/// ... MOTION TO COMPEL"). Counted only when the word comes before "MOTION".
const NOT_A_MOTION_WORDS: &[&str] = &[
    "SUPPLEMENT",
    "CERTIFICATION",
    "CERTIFICATE",
    "DECLARATION",
    "AFFIDAVIT",
    "NOTICE OF FILING",
    "EXHIBIT",
    "APPENDIX",
    "INDEX",
    "PROPOSED",
    "ORDER",
];

fn infer_kind(title: &str) -> (DocKind, bool) {
    let t = title.to_ascii_uppercase();
    let trimmed = t.trim_start_matches(|c: char| !c.is_ascii_alphanumeric() && c != '[');
    let proposed = trimmed.starts_with("[PROPOSED]") || trimmed.starts_with("PROPOSED ");
    let court_paper = !proposed
        && COURT_PAPER_OPENINGS.iter().any(|w| {
            trimmed.starts_with(w)
                && !trimmed[w.len()..].starts_with(|c: char| c.is_ascii_alphabetic())
        });
    let motion_at = t.find("MOTION");
    let about_a_motion = motion_at.is_some_and(|at| {
        NOT_A_MOTION_WORDS
            .iter()
            .filter_map(|w| t.find(w))
            .any(|w| w < at)
    });
    let answering = motion_at.is_some_and(|at| {
        ["RESPONSE", "OPPOSITION", "OBJECTION", "REPLY"]
            .iter()
            .filter_map(|w| t.find(w))
            .any(|w| w < at)
    });
    let discovery_motion = motion_at.is_some()
        && !court_paper
        && !about_a_motion
        && !answering
        && (t.contains("TO COMPEL")
            || t.contains("COMPELLING")
            || t.contains("PROTECTIVE ORDER")
            || t.contains("TO QUASH")
            || t.contains("SANCTIONS"));
    if court_paper {
        let kind = if t.contains("FINAL JUDGMENT") {
            DocKind::Judgment
        } else {
            DocKind::Order
        };
        return (kind, false);
    }
    // "RESPONSE TO PLAINTIFF'S MOTION TO COMPEL": an answer to a motion.
    let before_motion = |words: &[&str]| {
        motion_at.is_some_and(|at| words.iter().filter_map(|w| t.find(w)).any(|w| w < at))
    };
    let kind = if before_motion(&["REPLY"]) {
        DocKind::Reply
    } else if before_motion(&["RESPONSE", "OPPOSITION", "OBJECTION"]) {
        DocKind::Opposition
    } else if about_a_motion && !t.contains("RECONSIDER") {
        if proposed && (t.contains("PROTECTIVE ORDER") || t.contains("CONFIDENTIALITY ORDER")) {
            DocKind::ProtectiveOrder
        } else if t.contains("STIPULAT") {
            DocKind::Stipulation
        } else {
            DocKind::Other
        }
    } else if t.contains("RECONSIDER") {
        DocKind::Reconsideration
    } else if t.contains("OPPOSITION") || t.contains("RESPONSE IN OPPOSITION") {
        DocKind::Opposition
    } else if t.starts_with("REPLY") || t.contains(" REPLY ") {
        DocKind::Reply
    } else if (t.contains("RESPONSE") || t.contains("OBJECTIONS") || t.contains("ANSWERS"))
        && (t.contains("REQUEST") || t.contains("INTERROGATOR"))
    {
        DocKind::DiscoveryResponse
    } else if t.contains("MOTION") {
        DocKind::Motion
    } else if t.contains("FINAL JUDGMENT")
        || (t.contains("JUDGMENT") && !t.contains("SUMMARY JUDGMENT") && !t.contains("ORDER"))
    {
        DocKind::Judgment
    } else if t.contains("PROTECTIVE ORDER") || t.contains("CONFIDENTIALITY ORDER") {
        DocKind::ProtectiveOrder
    } else if t.contains("STIPULAT") {
        DocKind::Stipulation
    } else if t.contains("ORDER") || t.contains("OPINION") {
        DocKind::Order
    } else if t.contains("BRIEF") || t.contains("MEMORANDUM") {
        DocKind::Brief
    } else if t.starts_with("RE:") || t.starts_with("DEAR ") || t.contains("LETTER") {
        DocKind::Letter
    } else {
        DocKind::Other
    };
    (kind, discovery_motion)
}

pub fn analyze(text: &str, structure: &Structure, has_discovery_units: bool) -> DocumentInfo {
    analyze_cached(text, structure, has_discovery_units, None)
}

/// `analyze`, reusing from `cache` the terms and docket cases of each unchanged piece of a
/// long document.
pub(crate) fn analyze_cached(
    text: &str,
    structure: &Structure,
    has_discovery_units: bool,
    cache: Option<&super::incremental::Cache>,
) -> DocumentInfo {
    let mut info = DocumentInfo::default();
    let mut kind_given = false;
    if let Some(range) = &structure.front_matter {
        parse_front_matter(text, range.clone(), &mut info);
        kind_given = !matches!(info.kind, DocKind::Other) || text[range.clone()].contains("kind:");
    }
    // The title: the first heading, else the first short paragraph.
    let title_block = structure
        .blocks
        .iter()
        .take(4)
        .find(|b| matches!(b.kind, BlockKind::Heading(_)))
        .or_else(|| structure.blocks.first().filter(|b| b.range.len() < 200));
    let title = info.title.clone().or_else(|| {
        title_block.map(|b| {
            text[b.range.clone()]
                .trim_start_matches('#')
                .trim()
                .trim_matches(['*', '_'])
                .to_string()
        })
    });
    if let Some(title) = &title {
        let (kind, discovery_motion) = infer_kind(title);
        if !kind_given {
            info.kind = kind;
        }
        info.discovery_motion = discovery_motion;
    }
    if !kind_given && info.kind == DocKind::Other && has_discovery_units {
        info.kind = DocKind::DiscoveryResponse;
    }
    info.title = title;
    // Doctrines are argued in motions, briefs and orders, not in discovery responses:
    // those (the longest filings) skip the scan.
    if info.kind != DocKind::DiscoveryResponse {
        info.terms = distinct_keys(super::matter::argument_terms(text, structure, cache));
        info.docket_cases = distinct_keys(super::matter::docket_cases(text, structure, cache));
    }
    info
}

/// The keys of found ranges, sorted, each once.
fn distinct_keys<R>(found: Vec<(R, String)>) -> Vec<String> {
    let mut keys: Vec<String> = found.into_iter().map(|(_, key)| key).collect();
    keys.sort();
    keys.dedup();
    keys
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown;

    fn info(text: &str) -> DocumentInfo {
        analyze(text, &markdown::parse(text), false)
    }

    #[test]
    fn kinds_from_titles() {
        assert_eq!(
            info("# DEFENDANTS' MOTION FOR RECONSIDERATION\n").kind,
            DocKind::Reconsideration
        );
        let compel = info("# PLAINTIFF'S MOTION TO COMPEL PRODUCTION\n");
        assert_eq!(compel.kind, DocKind::Motion);
        assert!(compel.discovery_motion);
        assert_eq!(
            info("# STIPULATED PROTECTIVE ORDER\n").kind,
            DocKind::ProtectiveOrder
        );
        assert_eq!(
            info("# MEMORANDUM OPINION AND ORDER\n").kind,
            DocKind::Order
        );
        assert_eq!(
            info("# DEFENDANT'S RESPONSES AND OBJECTIONS TO PLAINTIFF'S FIRST REQUESTS\n").kind,
            DocKind::DiscoveryResponse
        );
    }

    #[test]
    fn papers_about_a_motion_are_not_motions() {
        for title in [
            "ORDER DENYING MOTION TO COMPEL WITHOUT PREJUDICE (ECF No. 30)",
            "RULING ON PLAINTIFF'S MOTION TO COMPEL",
            "MEMORANDUM OF DECISION ON LABHAUS LLC'S MOTION TO COMPEL",
            "ORDER GRANTING IN PART AND DENYING IN PART PLAINTIFF'S MOTION TO COMPEL",
            "ORDER DENYING STIPULATED MOTION FOR PROTECTIVE ORDER",
        ] {
            let i = info(&format!("# {title}\n"));
            assert_eq!(i.kind, DocKind::Order, "{title}");
            assert!(!i.discovery_motion, "{title}");
        }
        for title in [
            "PLAINTIFF'S SUPPLEMENT TO ITS MOTION TO COMPEL",
            "CERTIFICATION OF COUNSEL IN SUPPORT OF MOTION TO COMPEL",
            "[PROPOSED] ORDER GRANTING PLAINTIFF'S MOTION TO COMPEL",
        ] {
            let i = info(&format!("# {title}\n"));
            assert_ne!(i.kind, DocKind::Motion, "{title}");
            assert!(!i.discovery_motion, "{title}");
        }
        assert_eq!(
            info("# DEFENDANTS' RESPONSE TO PLAINTIFF'S MOTION TO COMPEL\n").kind,
            DocKind::Opposition
        );
        // Still motions: the motion comes first.
        for title in [
            "PLAINTIFF'S MOTION FOR ORDER COMPELLING DISCOVERY",
            "DEFENDANTS' MOTION FOR PROTECTIVE ORDER",
        ] {
            let i = info(&format!("# {title}\n"));
            assert_eq!(i.kind, DocKind::Motion, "{title}");
            assert!(i.discovery_motion, "{title}");
        }
        assert_eq!(
            info("# [PROPOSED] STIPULATED PROTECTIVE ORDER\n").kind,
            DocKind::ProtectiveOrder
        );
    }

    #[test]
    fn front_matter_wins_and_errors_are_located() {
        let text = "---\ntitle: Motion\nkind: reconsideration\nfiled: 2022-03-15\ncourt: N.D. Ill.\nprior:\n  - order.md\n  - opposition.md\nbogus: 1\nfiled2\n---\n\n# MOTION TO COMPEL\n";
        let i = info(text);
        assert_eq!(i.kind, DocKind::Reconsideration);
        assert_eq!(i.filed.as_deref(), Some("2022-03-15"));
        assert_eq!(i.court.as_deref(), Some("N.D. Ill."));
        assert_eq!(i.prior, ["order.md", "opposition.md"]);
        assert_eq!(i.errors.len(), 2);
        assert_eq!(&text[i.errors[0].range.clone()], "bogus: 1");
        let bad = info("---\nkind: pleading\nfiled: March 1\n---\n");
        assert_eq!(bad.errors.len(), 2);
    }
}
