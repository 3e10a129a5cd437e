use super::{court_key, short_cite, Context, Rule};
use crate::authorities;
use crate::citations::CitationKind;
use crate::document::DocKind;
use crate::finding::{Finding, Fix, RuleMeta};
use crate::markdown::BlockKind;
use crate::placeholders;
use crate::sentences;
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

declare_rule! {
    /// ## What it flags
    /// A discovery motion (to compel or for a protective order, recognized from its title
    /// or front matter) with no statement that the movant conferred, or tried to confer,
    /// in good faith with the other side before filing. The statement may be told as what
    /// happened (a conference held or set, or held between counsel, a call made to counsel
    /// to hold it, efforts to resolve the dispute with the other side, its counsel
    /// contacted about the relief sought, its concurrence sought, its consent or
    /// non-opposition); a letter or e-mail only asking for a conference is not yet one,
    /// nor is an effort to get the discovery "without court action" that names no
    /// exchange with the other side. A motion for sanctions is checked
    /// where the configured court's local rule requires a conference (N.D. Ill., S.D.N.Y.,
    /// E.D.N.Y.). Oppositions, replies and memoranda in support are not checked, nor is a
    /// motion only to quash a subpoena (the Federal Rules require no certification for it).
    /// Nor are motions outside federal civil practice, where Rules 26(c)(1) and 37(a)(1)
    /// do not govern: in a state court (`court` names a county, a circuit or superior
    /// court, or a state), or in a criminal case (the motion cites Rule 16 or 17 of the
    /// Federal Rules of Criminal Procedure, the criminal discovery and subpoena rules).
    ///
    /// ## Why courts care
    /// Rule 37(a)(1) requires a motion to compel to "include a certification that the
    /// movant has in good faith conferred or attempted to confer" with the other party,
    /// and Rule 26(c)(1) requires the same of a motion for a protective order. Local rules
    /// add to it: N.D. Ill. LR 37.2 bars discovery motions without a statement reciting
    /// the date, time and place of the conference and the participants, and S.D.N.Y. &
    /// E.D.N.Y. Local Civ. R. 37.2 requires a pre-motion conference request first. Courts
    /// deny motions for the omission (Doe v. Reed, No. C09-5456BHS (W.D. Wash. 2010)
    /// (Filing 152)), and a movant who filed before trying to confer ordinarily gets no
    /// fees (Rule 37(a)(5)(A)(i)).
    ///
    /// ## Example
    /// ```markdown
    /// # PLAINTIFF'S MOTION TO COMPEL PRODUCTION OF DOCUMENTS
    ///
    /// Plaintiff moves under Rule 37(a) for an order compelling Acme to produce ...
    /// ```
    ///
    /// ## Fix
    /// Add a certification of the conference: date, time, mode (in person, telephone or
    /// video), participants, the issues resolved and those at impasse. The quick fix
    /// inserts one citing Rule 37(a)(1) (or Rule 26(c)(1) for a protective order) and,
    /// when `court` is configured, the local rule; without a court it says that only the
    /// Federal Rules were applied.
    ///
    /// ## Authorities
    /// - Fed. R. Civ. P. 37(a)(1)
    /// - Fed. R. Civ. P. 26(c)(1)
    /// - N.D. Ill. LR 37.2
    /// - S.D.N.Y. & E.D.N.Y. Local Civ. R. 37.2
    /// - Fed. R. Civ. P. 37(a)(5)(A)(i)
    /// - Doe v. Reed, No. C09-5456BHS (W.D. Wash. 2010) (Filing 152)
    pub struct MissingMeetAndConfer {
        code: "BL501",
        name: "missing-meet-and-confer",
        severity: Warning,
        summary: "Discovery motion without a certification that the movant conferred in good faith",
        authorities: ["frcp-37-a-1", "frcp-26-c-1", "ndill-lr-37-2", "sdny-local-civil-rule-37-2", "frcp-37-a-5-A-i", "doe-v-reed"],
    }
}

/// The local rules brieflint knows, by court.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Court {
    NdIll,
    Sdny,
    /// A court is configured, but brieflint has no verified local rule for it.
    Other,
    /// No court configured: the Federal Rules only.
    Unknown,
}

pub(super) fn court(cx: &Context) -> Court {
    match court_key(cx.document).as_deref() {
        None => Court::Unknown,
        Some("ndill") => Court::NdIll,
        Some("sdny" | "edny") => Court::Sdny,
        Some(_) => Court::Other,
    }
}

/// Whether this filing is a discovery motion that must carry a certification.
pub(super) fn applies(cx: &Context) -> bool {
    let title = cx
        .document
        .title
        .as_deref()
        .unwrap_or("")
        .to_ascii_uppercase();
    // The certification belongs in the motion, not in a memorandum supporting it.
    let supporting = ["MEMORANDUM", "BRIEF", "IN SUPPORT"]
        .iter()
        .any(|w| title.contains(w));
    // A joint, agreed, consent or unopposed motion shows on its face that the parties
    // conferred: the other side has said where it stands.
    let agreed = ["UNOPPOSED", "AGREED", "JOINT", "CONSENT", "STIPULATED"]
        .iter()
        .any(|w| title.contains(w));
    cx.document.discovery_motion
        && cx.document.kind == DocKind::Motion
        && !supporting
        && !agreed
        && !outside_federal_civil_practice(cx)
        && (federal_rule(cx).is_some() || local_rule(cx).is_some())
}

/// Whether the filing is one the Federal Rules of Civil Procedure do not govern: its
/// court is a state court, or it moves under the criminal discovery rules.
fn outside_federal_civil_practice(cx: &Context) -> bool {
    let state_court = super::state_court(cx.document);
    let criminal = cx.citations.iter().any(|c| {
        c.kind == CitationKind::Rule
            && ["Fed. R. Crim. P. 16", "Fed. R. Crim. P. 17"]
                .iter()
                .any(|rule| {
                    c.identity
                        .strip_prefix(rule)
                        .is_some_and(|rest| !rest.starts_with(|ch: char| ch.is_ascii_digit()))
                })
    });
    state_court || criminal
}

fn title(cx: &Context) -> String {
    cx.document
        .title
        .as_deref()
        .unwrap_or("")
        .to_ascii_uppercase()
}

/// The Federal Rule that requires the certification: Rule 26(c)(1) for a protective
/// order, Rule 37(a)(1) for a motion to compel. Motions only for sanctions or to quash
/// get none here (Rule 37(a)(1) does not reach them); a local rule may still apply.
pub(super) fn federal_rule(cx: &Context) -> Option<&'static str> {
    let title = title(cx);
    if title.contains("PROTECTIVE ORDER") {
        Some("frcp-26-c-1")
    } else if title.contains("TO COMPEL") || title.contains("COMPELLING") {
        Some("frcp-37-a-1")
    } else {
        None
    }
}

/// The local rule that governs this motion's certification, if brieflint has it
/// verified: N.D. Ill. LR 37.2 (discovery motions under Rules 26 through 37, so not a
/// motion only to quash under Rule 45), and S.D.N.Y. & E.D.N.Y. Local Civ. R. 37.2 for
/// Rule 37 motions (to compel, for sanctions).
pub(super) fn local_rule(cx: &Context) -> Option<&'static str> {
    let title = title(cx);
    let rule_37 =
        title.contains("TO COMPEL") || title.contains("COMPELLING") || title.contains("SANCTIONS");
    match court(cx) {
        Court::NdIll if rule_37 || title.contains("PROTECTIVE ORDER") => Some("ndill-lr-37-2"),
        Court::Sdny if rule_37 => Some("sdny-local-civil-rule-37-2"),
        _ => None,
    }
}

/// A statement that counsel conferred, or tried to.
static CONFERRED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?ix)
        \bmet\s+and\s+conferred\b
      | \bconferred\b
      | \b(?:attempted|attempts?|tried|efforts?)\s+to\s+(?:meet\s+and\s+)?confer\b
      | \bmeet[-\s]and[-\s]confer\s+(?:conference|session|call|meeting)\s+(?:was\s+held|took\s+place|occurred)\b
      | \b(?:consultation|conference)\s+(?:of\s+counsel\s+)?(?:was\s+held|took\s+place|occurred)\b
      # a conference ... between opposing counsel ... took place (N.D. Ill. LR 37.2
      # statements as courts quote them, ellipses included): held between the parties'
      # counsel, not with the court
      | \b(?:consultation|conference)\s+(?:(?:\.\.\.|…)\s+)?(?:between|among)\s+(?:[0-9A-Za-z_\u{C0}-\u{24F}'’]+\s+){0,3}?(?:counsel|parties)\s+(?:(?:\.\.\.|…)\s+)?(?:was\s+held|took\s+place|occurred)\b
      | \bafter\s+consultation\s+(?:in\s+person|by\s+telephone|by\s+video)
      # conferral told as what happened: the other side's position, a call, a discussion
      | \b(?:consents?|consented|has\s+consented)\s+to\s+(?:the\s+|this\s+)?(?:relief|motion|entry|request)
      | \bcounsel\s+for\s+(?:the\s+)?[0-9A-Za-z_\u{C0}-\u{24F}]+(?:\s+[0-9A-Za-z_\u{C0}-\u{24F}]+)?\s+(?:consents?|has\s+consented|takes\s+no\s+position)\b
      | \b(?:does|do|will)\s+not\s+oppose\s+(?:the\s+|this\s+)?(?:relief|motion|request)
      | \bis\s+unopposed\b
      | \btakes?\s+no\s+position\s+on\s+(?:the\s+|this\s+)?(?:relief|motion|request)
      | \b(?:spoke|talked|discussed\s+(?:the|these|this|each)\s+[0-9A-Za-z_\u{C0}-\u{24F}]+)\s+(?:[0-9A-Za-z_\u{C0}-\u{24F}]+\s+){0,4}?(?:by\s+(?:tele)?phone|by\s+video|in\s+person)\b
      | \b(?:tele)?phone\s+(?:conference|call)\s+(?:was\s+held\s+)?(?:on|with)\s+(?:[0-9A-Za-z_\u{C0}-\u{24F}'’]+\s+){0,3}?(?:counsel|[0-9])
      | \b(?:held|had)\s+(?:a|an|the)\s+(?:[0-9A-Za-z_\u{C0}-\u{24F}]+\s+)?(?:(?:tele)?phone|video)\s+(?:conference|call)\b
      # efforts told without the word: resolving the matter with the other side, or
      # seeking its concurrence (E.D. Mich. LR 7.1(a)'s term for asking the other side
      # to agree)
      | \b(?:efforts?|attempt(?:s|ed)?|tried)\s+to\s+resolve\s+(?:[0-9A-Za-z_\u{C0}-\u{24F}'’]+\s+){0,5}?with\s+(?:[0-9A-Za-z_\u{C0}-\u{24F}'’]+\s+){0,2}?(?:counsel|plaintiffs?|defendants?|the\s+other\s+side)\b
      | \b(?:sought|seeks?|requested)\s+(?:the\s+)?concurrence\b
      # the other side's counsel contacted about the relief itself (asking where it
      # stands), told without saying how: 'has contacted the attorneys for Defendant
      # regarding this request'
      | \b(?:contacted|reached\s+out\s+to)\s+(?:[0-9A-Za-z_\u{C0}-\u{24F}'’]+\s+){0,8}?(?:counsel|attorneys?|lawyers?)\b[^.;]{0,80}?\b(?:regarding|about|concerning|as\s+to)\s+(?:this|the)\s+(?:request|motion|relief)\b
      # a conference set or held, or a call made to hold one (a letter or e-mail only
      # asking for a conference is not yet an attempt to confer)
      | \b(?:(?:tele)?phone|video|discovery|rule\s+37(?:\.[0-9])?|meet[-\s]and[-\s]confer)\s+(?:conference|call|meeting)\s+(?:was|were)\s+(?:held|set|scheduled|conducted|had)\b
      | \b(?:called|telephoned)\s+(?:the\s+)?(?:[0-9A-Za-z_\u{C0}-\u{24F}]+['’]?s?\s+){0,2}?counsel\b
      | \bto\s+(?:conduct|hold)\s+(?:the|a)\s+(?:[0-9A-Za-z_\u{C0}-\u{24F}]+\s+){0,2}?conference\b
    ").unwrap()
});

/// "have not conferred", "never met and conferred", "has not contacted": not a certification.
static NEGATED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:not|never|no|without|refused|declined|failed)\s+(?:[0-9A-Za-z_\u{C0}-\u{24F}]+\s+){0,2}?(?:met|conferred|confer|contacted)\b").unwrap()
});

/// The first sentence certifying a conference, and the section it is in (its block and
/// the blocks after it up to the next heading). A sentence that holds a placeholder
/// certifies nothing.
pub(super) fn certification(cx: &Context) -> Option<(Range<usize>, Range<usize>)> {
    find_certification(cx).ok()
}

/// `certification`, or else the placeholder in the first certifying sentence that holds
/// one.
fn find_certification(cx: &Context) -> Result<(Range<usize>, Range<usize>), Option<Range<usize>>> {
    let mut unfilled = None;
    let blocks = &cx.structure.blocks;
    for (index, block) in blocks.iter().enumerate() {
        if matches!(block.kind, BlockKind::Heading(_)) {
            continue;
        }
        for sentence in sentences::split(cx.text, block.range.clone()) {
            let body = &cx.text[sentence.clone()];
            let found = CONFERRED.find_iter(body).any(|m| {
                let r = sentence.start + m.start()..sentence.start + m.end();
                !cx.structure.is_excluded(&r)
            });
            if !found || NEGATED.is_match(body) {
                continue;
            }
            if let Some(placeholder) = placeholders::first_in(cx.text, cx.structure, &sentence) {
                unfilled.get_or_insert(placeholder);
                continue;
            }
            let end = blocks[index..]
                .iter()
                .take_while(|b| !matches!(b.kind, BlockKind::Heading(_)))
                .last()
                .map_or(block.range.end, |b| b.range.end);
            return Ok((sentence, block.range.start..end));
        }
    }
    Err(unfilled)
}

impl Rule for MissingMeetAndConfer {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context, out: &mut Vec<Finding>) {
        if !applies(cx) {
            return;
        }
        let placeholder = match find_certification(cx) {
            Ok(_) => return,
            Err(placeholder) => placeholder,
        };
        let Some(title) = cx
            .structure
            .blocks
            .iter()
            .find(|b| matches!(b.kind, BlockKind::Heading(_)))
            .or(cx.structure.blocks.first())
        else {
            return;
        };
        let rule_id = federal_rule(cx);
        let local_id = local_rule(cx);
        let ids: Vec<&str> = rule_id.into_iter().chain(local_id).collect();
        let rule = ids
            .iter()
            .map(|id| authorities::cite(id))
            .collect::<Vec<_>>()
            .join(" and ");
        let note = match (local_id, court(cx)) {
            (Some(_), _) => "",
            (None, Court::Unknown) => {
                "; no court is configured, so only the Federal Rules were applied"
            }
            (None, _) => {
                "; brieflint has no verified local rule for this court and motion, so only the Federal Rules were applied"
            }
        };
        // The fix cites only what brieflint has verified against the official text.
        let fix_rule = ids
            .iter()
            .filter_map(|id| authorities::citable_cite(id))
            .collect::<Vec<_>>()
            .join(" and ");
        let lead = if fix_rule.is_empty() {
            "Counsel".to_string()
        } else {
            format!("Pursuant to {fix_rule}, counsel")
        };
        let mut certification = format!(
            "{lead} for [movant] certifies that counsel conferred in good faith with counsel for [party] [in person / by telephone / by video conference] on [date] at [time], with [names of all participants] participating, in an effort to resolve the dispute without court action. The parties resolved [list the issues resolved] and are at an impasse on [list the issues at impasse]."
        );
        if local_id == Some("sdny-local-civil-rule-37-2") {
            certification.push_str(&format!(
                " Before filing this motion, [movant] requested an informal conference with the Court by letter-motion dated [date], and the request was [denied / heard on [date] without resolving the dispute]{}.",
                authorities::citable_cite("sdny-local-civil-rule-37-2")
                    .map(|c| format!(" ({c})"))
                    .unwrap_or_default()
            ));
        }
        let heading = match local_id {
            Some("ndill-lr-37-2") => "Meet-and-Confer Statement",
            _ => "Certification of Good-Faith Conference",
        };
        let prefix = if cx.text.ends_with("\n\n") || cx.text.is_empty() {
            ""
        } else if cx.text.ends_with('\n') {
            "\n"
        } else {
            "\n\n"
        };
        let insert = format!("{prefix}## {heading}\n\n{certification}\n");
        let message = format!(
            "Discovery motion without a certification that the movant conferred in good faith ({rule}{note})"
        );
        let cites = ids
            .iter()
            .map(|id| short_cite(id))
            .collect::<Vec<_>>()
            .join(", ");
        out.push(
            Finding::new(&META, title.range.clone(), message)
                .with_fix(Fix::insert(
                    format!("Insert a meet-and-confer certification ({cites}{note})"),
                    cx.text.len(),
                    insert,
                ))
                .waiting_for(placeholder),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::{circuit_of, court_key};
    use crate::document::DocumentInfo;

    fn info(court: Option<&str>, circuit: Option<&str>) -> DocumentInfo {
        DocumentInfo {
            court: court.map(str::to_string),
            circuit: circuit.map(str::to_string),
            ..DocumentInfo::default()
        }
    }

    #[test]
    fn conference_between_counsel_is_conferral_but_not_with_the_court() {
        let told = |s: &str| super::CONFERRED.is_match(s);
        // As N.D. Ill. rulings quote LR 37.2 statements, ellipses included.
        assert!(told(
            "a conference ... between opposing counsel ... took place on January 20, 2020"
        ));
        assert!(told(
            "A conference between the parties' counsel was held on May 2."
        ));
        assert!(!told(
            "A status conference before the Court took place on May 2."
        ));
        assert!(!told("A conference with the Court took place on May 2."));
    }

    #[test]
    fn state_courts_are_told_from_federal_ones() {
        use super::super::state_court;
        for (court, state) in [
            ("Circuit Court of Cook County, Illinois", true),
            ("Fla. Cir. Ct. (15th Jud. Cir., Palm Beach County)", true),
            ("Superior Court of California, County of Los Angeles", true),
            ("Supreme Court of the State of New York", true),
            ("Court of Common Pleas of Philadelphia County", true),
            ("Seventh Circuit Court of Appeals", false),
            ("7th Cir.", false),
            ("N.D. Ill.", false),
            (
                "United States District Court for the Southern District of New York",
                false,
            ),
        ] {
            assert_eq!(state_court(&info(Some(court), None)), state, "{court}");
        }
    }

    #[test]
    fn courts_and_circuits() {
        assert_eq!(
            court_key(&info(Some("N.D. Ill."), None)).as_deref(),
            Some("ndill")
        );
        assert_eq!(
            court_key(&info(Some("Northern District of Illinois"), None)).as_deref(),
            Some("ndill")
        );
        assert_eq!(
            court_key(&info(Some("SDNY"), None)).as_deref(),
            Some("sdny")
        );
        assert_eq!(court_key(&info(None, None)), None);
        assert_eq!(circuit_of(&info(Some("N.D. Cal."), None)), Some(9));
        assert_eq!(circuit_of(&info(Some("S.D.N.Y."), None)), Some(2));
        assert_eq!(circuit_of(&info(Some("N.D. Ill."), None)), Some(7));
        assert_eq!(circuit_of(&info(None, Some("9th Cir."))), Some(9));
        assert_eq!(circuit_of(&info(None, Some("Ninth Circuit"))), Some(9));
        assert_eq!(circuit_of(&info(Some("D. Del."), None)), None);
    }
}
