use super::{append_sentence, Context, Rule, UnitFindings};
use crate::authorities;
use crate::caseless::Caseless;
use crate::discovery::{find_all_caseless_in, ResponseUnit};
use crate::finding::{Finding, Fix, RuleMeta};
use crate::gate::Gate;
use crate::placeholders::{self, Statement};
use regex::Regex;
use std::sync::LazyLock;

declare_rule! {
    /// ## What it flags
    /// An objection on attorney-client privilege or work product in a response that
    /// neither refers to a privilege log nor describes what is withheld (and does not say
    /// that nothing is withheld); and the same objection made once, in the General
    /// Objections or a preamble, for every response ("objects to each request to the
    /// extent that it calls for information protected by the attorney-client privilege"),
    /// when neither it nor any response refers to a log or describes what is withheld.
    ///
    /// ## Why courts care
    /// Rule 26(b)(5)(A) requires a party withholding information as privileged to
    /// "expressly make the claim" and "describe the nature of the documents,
    /// communications, or tangible things not produced or disclosed" so that others can
    /// assess it. Boilerplate privilege objections are insufficient to assert a privilege
    /// (Burlington Northern & Santa Fe Ry. Co. v. U.S. District Court).
    ///
    /// ## Example
    /// ```markdown
    /// **RESPONSE:** Acme objects to this Request to the extent it seeks documents
    /// protected by the attorney-client privilege or the work-product doctrine.
    /// ```
    ///
    /// ## Fix
    /// Say whether anything is withheld as privileged and describe it, ordinarily in a
    /// privilege log served with or soon after the response. The quick fix inserts a
    /// privilege-log sentence citing Rule 26(b)(5)(A).
    ///
    /// ## Authorities
    /// - Fed. R. Civ. P. 26(b)(5)(A)
    /// - Burlington Northern & Santa Fe Ry. Co. v. U.S. District Court for the District of Montana, 408 F.3d 1142 (9th Cir. 2005)
    pub struct PrivilegeWithoutLog {
        code: "BL107",
        name: "privilege-without-log",
        severity: Warning,
        summary: "Privilege or work-product objection with no log or description of what is withheld",
        authorities: ["frcp-26-b-5-A", "burlington-northern-v-district-court"],
    }
}

static PRIVILEGE: LazyLock<Caseless> = LazyLock::new(|| {
    Caseless::new(
        r"(?i)(?-u:\b)(?:attorney[-\s]+client|work[-\s]+product|privileged?|privileges|common[-\s]+interest|joint[-\s]+defense)(?-u:\b)",
    )
});

static LOG_OR_DESCRIPTION: LazyLock<Caseless> = LazyLock::new(|| {
    Caseless::new(
        r"(?ix)
        (?-u:\b)(?:privilege|withholding)\s+log(?-u:\b)
        | (?-u:\b)log\s+of(?-u:\b) | (?-u:\b)logged(?-u:\b)
        | (?-u:\b)will\s+be\s+(?:identified|described|listed|logged)(?-u:\b)
        | (?-u:\b)26\(b\)\(5\)
        | (?-u:\b)describ[0-9A-Za-z_\u{C0}-\u{24F}]*\s+the\s+nature(?-u:\b)
        | (?-u:\b)nothing\s+(?:is|has\s+been|will\s+be)\s+(?:being\s+)?withheld
        | (?-u:\b)no\s+(?:responsive\s+)?(?:documents|materials|information)\s+(?:are|is|will\s+be|have\s+been|has\s+been)\s+(?:being\s+)?withheld
        | (?-u:\b)(?:is|are)\s+not\s+(?:being\s+)?withh(?:olding|eld)(?-u:\b)
    ",
    )
});

/// Words one of which every match of `LOG_OR_DESCRIPTION` holds.
static LOG_OR_DESCRIPTION_WORDS: LazyLock<Gate> = LazyLock::new(|| {
    Gate::new(&[
        "log",
        "identified",
        "described",
        "listed",
        "26(b)(5)",
        "nature",
        "withh",
    ])
});

/// A privilege named as such in a general objection (a bare "privilege" there is often a
/// reservation of objections to admissibility at trial, not a claim over discovery).
static NAMED_PRIVILEGE: LazyLock<Caseless> = LazyLock::new(|| {
    Caseless::new(
        r"(?i)(?-u:\b)(?:attorney[-\s]+client|work[-\s]+product|common[-\s]+interest|joint[-\s]+defense)(?-u:\b)",
    )
});

/// A sentence that objects (not one that only reserves objections for later).
static OBJECTS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)(?-u:\b)objects?(?-u:\b)").unwrap());

/// The noun after a privilege's name ("work product doctrine"), which the message quotes.
static NAMED_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\A[\s-]+(?:privileges?|doctrine|protection|immunity)(?-u:\b)").unwrap()
});

impl Rule for PrivilegeWithoutLog {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context, out: &mut Vec<Finding>) {
        // A log promised in the General Objections covers every response.
        let general_log = match &cx.discovery.general_objections {
            Some(general) => placeholders::statement(
                cx.text,
                cx.structure,
                &(0..cx.text.len()),
                general.sentences.iter().flat_map(|s| {
                    find_all_caseless_in(&LOG_OR_DESCRIPTION, cx.text, s, cx.structure)
                }),
            ),
            None => Statement::Absent,
        };
        if general_log.is_made() {
            return;
        }
        // A privilege objection made once, in the General Objections or a preamble, for
        // every response ("objects to each request to the extent that it calls for
        // information protected by the attorney-client privilege"): a claim with no log
        // unless some response logs or describes what is withheld.
        if let Some(general) = &cx.discovery.general_objections {
            let logged_somewhere = cx.discovery.units.iter().any(|u| {
                u.segments.iter().any(|s| {
                    find_all_caseless_in(&LOG_OR_DESCRIPTION, cx.text, s, cx.structure)
                        .next()
                        .is_some()
                })
            });
            let claim = general.sentences.iter().find(|s| {
                let body = &cx.text[(*s).clone()];
                OBJECTS.is_match(body)
                    && find_all_caseless_in(&NAMED_PRIVILEGE, cx.text, s, cx.structure)
                        .next()
                        .is_some()
            });
            if let (false, Some(sentence)) = (logged_somewhere, claim) {
                let cite = authorities::fix_cite("frcp-26-b-5-A");
                let edit = append_sentence(
                    cx.text,
                    sentence,
                    &format!(
                        "Materials withheld on the basis of privilege or work product will be described in a privilege log served no later than [date] ({cite})."
                    ),
                );
                out.push(
                    Finding::new(
                        &META,
                        sentence.clone(),
                        "Privilege objection made for every response in the General Objections, with no privilege log or description of what is withheld".to_string(),
                    )
                    .with_fix(Fix {
                        title: format!("Add a privilege-log statement ({cite})").into(),
                        edits: vec![edit],
                    })
                    .waiting_for(general_log.placeholder()),
                );
            }
        }
        let mut kept = UnitFindings::new(cx, &META);
        for unit in &cx.discovery.units {
            let found = kept.in_unit(unit, || check_unit(cx, unit).into_iter().collect());
            out.extend(found.into_iter().map(|f| {
                let placeholder = f.placeholder.clone().or(general_log.placeholder());
                f.waiting_for(placeholder)
            }));
        }
    }
}

fn check_unit(cx: &Context, unit: &ResponseUnit) -> Option<Finding> {
    let mut logged = Statement::Absent;
    for segment in &unit.segments {
        if !LOG_OR_DESCRIPTION_WORDS.admits(&cx.text[segment.clone()]) {
            continue;
        }
        let logs = find_all_caseless_in(&LOG_OR_DESCRIPTION, cx.text, segment, cx.structure);
        match placeholders::statement(cx.text, cx.structure, segment, logs) {
            Statement::Made => return None,
            Statement::Unfilled(p) if !logged.is_written() => logged = Statement::Unfilled(p),
            _ => {}
        }
    }
    let claimed = |s: &std::ops::Range<usize>| {
        find_all_caseless_in(&PRIVILEGE, cx.text, s, cx.structure)
            .filter(|m| {
                !cx.text.as_bytes()[m.start.saturating_sub(4)..m.start]
                    .eq_ignore_ascii_case(b"non-")
            })
            .collect::<Vec<_>>()
    };
    let (sentence, claims) = unit
        .objections()
        .map(|s| (s, claimed(&s.range)))
        .find(|(_, claims)| !claims.is_empty())?;
    // The privileges as the author named them ("work-product doctrine").
    let mut named: Vec<String> = Vec::new();
    let mut covered = 0;
    for claim in claims {
        if claim.start < covered {
            continue;
        }
        let end = NAMED_AFTER
            .find(&cx.text[claim.end..sentence.range.end])
            .map_or(claim.end, |m| claim.end + m.end());
        covered = end;
        let words = cx.text[claim.start..end]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if !named.iter().any(|n| n.eq_ignore_ascii_case(&words)) {
            named.push(words);
        }
    }
    let cite = authorities::fix_cite("frcp-26-b-5-A");
    let edit = append_sentence(
                cx.text,
                &sentence.range,
                &format!(
                    "Materials withheld on the basis of privilege or work product will be described in a privilege log served no later than [date] ({cite})."
                ),
            );
    Some(
        Finding::new(
            &META,
            sentence.range.clone(),
            format!(
                "Objection ({}) with no privilege log or description of what is withheld",
                named.join(", ")
            ),
        )
        .with_fix(Fix {
            title: format!("Add a privilege-log statement ({cite})").into(),
            edits: vec![edit],
        })
        .waiting_for(logged.placeholder()),
    )
}

/// Compiles this module's patterns ahead of the first analysis (see `analysis::warm_up`).
pub(crate) fn compile_patterns() {
    LazyLock::force(&PRIVILEGE);
    LazyLock::force(&LOG_OR_DESCRIPTION);
    LazyLock::force(&NAMED_AFTER);
    LazyLock::force(&NAMED_PRIVILEGE);
    LazyLock::force(&OBJECTS);
}

#[cfg(test)]
mod gate_tests {
    use super::*;

    #[test]
    fn the_gate_admits_every_log_or_description() {
        let samples = [
            "a privilege log; a log of withheld documents; logged; will be identified, described, listed or logged.",
            "as Rule 26(B)(5) requires; describing the nature; nothing is being withheld; no documents have been withheld; documents are not being withheld.",
            "the withholding log will be deſcribed; it will be liſted.",
        ];
        crate::gate::assert_guards(
            &LOG_OR_DESCRIPTION_WORDS,
            &LOG_OR_DESCRIPTION.original(),
            &samples,
        );
        crate::caseless::assert_same_matches(&LOG_OR_DESCRIPTION, &samples);
        crate::caseless::assert_same_matches(&PRIVILEGE, &["Attorney-Client privileges"]);
        crate::caseless::assert_same_matches(&NAMED_PRIVILEGE, &["WORK PRODUCT"]);
    }
}
