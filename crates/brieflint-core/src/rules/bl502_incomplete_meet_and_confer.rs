use super::bl501_missing_meet_and_confer::{applies, certification, local_rule};
use super::{append_sentence, short_cite, Context, Rule};
use crate::authorities;
use crate::finding::{Finding, Fix, RuleMeta};
use crate::placeholders::{self, Statement};
use regex::Regex;
use std::sync::LazyLock;

declare_rule! {
    /// ## What it flags
    /// A discovery motion whose meet-and-confer certification lacks what the configured
    /// court requires. In the N.D. Ill. (`court = "N.D. Ill."`): the date, time and place
    /// (or mode) of the conference, the names of those who took part, and a live
    /// conference, in person, by telephone or by video, not only letters or emails. In the
    /// S.D.N.Y. and E.D.N.Y.: the request for an informal pre-motion conference with the
    /// Court. Without a configured court, or for a court brieflint has no verified local
    /// rule for, nothing is checked beyond BL501. The motions BL501 leaves alone (in a
    /// state court or a criminal case, among others) are left alone here too.
    ///
    /// ## Why courts care
    /// N.D. Ill. LR 37.2 requires the statement to "recite, in addition, the date, time
    /// and place of such conference, and the names of all parties participating therein,"
    /// and judges' standing orders add that "[t]he mere exchange of correspondence will
    /// not be sufficient to comply with Local Rule 37.2" (N.D. Ill. judges' standing orders
    /// on LR 37.2 meet-and-confer). The court in Chamberlain Group v. Lear Corp. refused
    /// future discovery motions without a compliant statement. Under S.D.N.Y. & E.D.N.Y.
    /// Local Civ. R. 37.2, no Rule 37 motion is heard unless the movant first requested an
    /// informal conference with the Court. Consultation means two-way communication, not
    /// sending demands (Shuffle Master, Inc. v. Progressive Games, Inc.), and "[l]etter
    /// campaigns do not satisfy" the requirement (Black v. Schwartz).
    ///
    /// ## Example
    /// ```markdown
    /// ---
    /// court: N.D. Ill.
    /// ---
    /// Counsel for Northwind conferred with counsel for Acme by letters dated
    /// January 5 and 12, 2027, without success.
    /// ```
    ///
    /// ## Fix
    /// Recite what is missing. The quick fix adds the missing recitals as placeholders,
    /// citing the local rule.
    ///
    /// ## Authorities
    /// - N.D. Ill. LR 37.2
    /// - N.D. Ill. judges' standing orders on LR 37.2 meet-and-confer
    /// - Chamberlain Group v. Lear Corp., No. 05 C 3449 (N.D. Ill. July 15, 2010)
    /// - S.D.N.Y. & E.D.N.Y. Local Civ. R. 37.2
    /// - Shuffle Master, Inc. v. Progressive Games, Inc., 170 F.R.D. 166, 171–72 (D. Nev. 1996)
    /// - Black v. Schwartz, No. CV 09-2271 (JS)(ARL) (E.D.N.Y. Dec. 13, 2010)
    pub struct IncompleteMeetAndConfer {
        code: "BL502",
        name: "incomplete-meet-and-confer",
        severity: Information,
        summary: "Meet-and-confer certification lacking what the configured court's local rule requires",
        authorities: ["ndill-lr-37-2", "nd-ill-meet-and-confer-standing-orders", "chamberlain-v-lear", "sdny-local-civil-rule-37-2", "shuffle-master-v-progressive-games", "black-v-schwartz"],
    }
}

static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s+[0-9]{1,2}\b|\b[0-9]{1,2}/[0-9]{1,2}/[0-9]{2,4}\b|\b[0-9]{4}-[0-9]{2}-[0-9]{2}\b|\[date\]").unwrap()
});

static TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b[0-9]{1,2}(?::[0-9]{2})?\s*(?:a\.\s?m\.|p\.\s?m\.|am\b|pm\b)|\b[0-9]{1,2}:[0-9]{2}\b|\bo['’]clock\b|\bnoon\b|\[time\]").unwrap()
});

/// A live conference: in person, by telephone, by video.
static LIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bin[-\s]person\b|\bface[-\s]to[-\s]face\b|\b(?:by|via|over\s+the)\s+(?:tele)?phone\b|\btelephon[0-9A-Za-z_\u{C0}-\u{24F}]*|\bvideo\b|\bvideoconference\b|\bzoom\b|\bmicrosoft\s+teams\b|\bwebex\b|\b(?:phone|conference)\s+call\b|\bat\s+the\s+offices?\s+of\b|\bmet\s+(?:at|in)\b").unwrap()
});

static CORRESPONDENCE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\bletters?\b|\be-?mails?\b|\bcorrespondence\b").unwrap());

/// Who took part: "participating were ...", "attended by", or names with their side
/// ("Dana Whitfield for Northwind").
static PARTICIPANTS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i:\bparticipa[0-9A-Za-z_\u{C0}-\u{24F}]*|\battend[0-9A-Za-z_\u{C0}-\u{24F}]*|\bpresent\s+(?:were|was)\b|\bon\s+behalf\s+of\b|\[names?\b)|\b[A-Z][a-z]+(?:\s+[A-Z]\.)?\s+[A-Z][a-z'’-]+,?\s+(?:for|of|representing)\s+(?:the\s+)?[A-Z]").unwrap()
});

static PRE_MOTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bpre-?motion\s+(?:discovery\s+)?conference\b|\bletter[-\s]motion\b|\binformal\s+(?:discovery\s+)?conference\s+with\s+the\s+court\b").unwrap()
});

impl Rule for IncompleteMeetAndConfer {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context, out: &mut Vec<Finding>) {
        if !applies(cx) {
            return;
        }
        let Some(local) = local_rule(cx) else {
            return;
        };
        let Some((sentence, section)) = certification(cx) else {
            return;
        };
        // A recital written only where a placeholder is ("on [date]") is not made, and the
        // fix does not add it again.
        let stated = |re: &Regex| placeholders::statement_of(re, cx.text, cx.structure, &section);
        let mut recitals: Vec<Statement> = Vec::new();
        let mut missing: Vec<&str> = Vec::new();
        let (fix_text, local_id) = match local {
            "ndill-lr-37-2" => {
                let date = stated(&DATE);
                let time = stated(&TIME);
                let live = stated(&LIVE);
                let participants = stated(&PARTICIPANTS);
                recitals.extend([
                    date.clone(),
                    time.clone(),
                    live.clone(),
                    participants.clone(),
                ]);
                if !date.is_made() {
                    missing.push("the date");
                }
                if !time.is_made() {
                    missing.push("the time");
                }
                if !live.is_made() {
                    if stated(&CORRESPONDENCE).is_made() {
                        missing.push("a live conference (in person, by telephone or by video): letters or emails alone do not satisfy LR 37.2");
                    } else {
                        missing.push("the place or mode (in person, by telephone or by video)");
                    }
                }
                if !participants.is_made() {
                    missing.push("the names of all participants");
                }
                let mut held = String::new();
                if !live.is_written() {
                    held.push_str(" [in person / by telephone / by video conference]");
                }
                if !date.is_written() {
                    held.push_str(" on [date]");
                }
                if !time.is_written() {
                    held.push_str(" at [time]");
                }
                let participants = participants.is_written();
                let cite = authorities::citable_cite("ndill-lr-37-2")
                    .map(|c| format!(" ({c})"))
                    .unwrap_or_default();
                let text = match (held.is_empty(), participants) {
                    (false, true) => format!("The conference was held{held}{cite}."),
                    (false, false) => format!(
                        "The conference was held{held}, with [names of all participants] participating{cite}."
                    ),
                    _ => format!(
                        "Participating in the conference were [names of all participants]{cite}."
                    ),
                };
                (text, "ndill-lr-37-2")
            }
            _ => {
                let pre_motion = stated(&PRE_MOTION);
                if pre_motion.is_made() {
                    return;
                }
                recitals.push(pre_motion);
                missing.push("the request for an informal pre-motion conference with the Court");
                (
                    format!(
                        "Before filing this motion, [movant] requested an informal conference with the Court by letter-motion dated [date], and the request was [denied / heard on [date] without resolving the dispute]{}.",
                        authorities::citable_cite("sdny-local-civil-rule-37-2")
                            .map(|c| format!(" ({c})"))
                            .unwrap_or_default()
                    ),
                    "sdny-local-civil-rule-37-2",
                )
            }
        };
        if missing.is_empty() {
            return;
        }
        // Every missing recital written where a placeholder is: BL003 stands there.
        let placeholder = if recitals.iter().all(Statement::is_written) {
            recitals
                .iter()
                .filter_map(Statement::placeholder)
                .min_by_key(|p| p.start)
        } else {
            None
        };
        let message = format!(
            "Meet-and-confer certification does not recite what {} requires: {}",
            authorities::cite(local_id),
            missing.join("; ")
        );
        out.push(
            Finding::new(&META, sentence.clone(), message)
                .with_fix(Fix {
                    title: format!("Add the missing recitals ({})", short_cite(local_id)).into(),
                    edits: vec![append_sentence(cx.text, &sentence, &fix_text)],
                })
                .waiting_for(placeholder),
        );
    }
}
