use super::{Context, Rule, UnitFindings};
use crate::caseless::{Caseless, Lowered};
use crate::discovery::{BLANKET_RESERVATION, SET_WIDE_HEDGE};
use crate::finding::{Finding, Related, RuleMeta};
use crate::gate::Gate;
use std::ops::Range;
use std::sync::LazyLock;

declare_rule! {
    /// ## What it flags
    /// A response, or the General Objections section itself, that incorporates "General
    /// Objections" into the responses by reference: "Acme incorporates its General
    /// Objections", "subject to the General Objections", "the General Objections apply to
    /// each Request", "form a part of the response to each and every Interrogatory"; and a
    /// preamble that makes every response subject to objections it does not state ("The
    /// specific response to any request is made expressly subject to, and without in any
    /// way waiving or intending to waive, any objections as to ...").
    ///
    /// ## Why courts care
    /// An objection incorporated into every response is tied to no request, so it is not
    /// stated "with specificity" as Rules 33(b)(4) and 34(b)(2)(B) require, and it leaves
    /// the requesting party unable to tell what is withheld. "General objections should
    /// rarely be used after December 1, 2015" (Fischer v. Forrest). "The legitimacy of a
    /// general objection turns on the objection and its context" (Grider v. Keystone
    /// Health Plan Central, Inc., 580 F.3d at 139). Grider did not uphold sanctions: the
    /// Third Circuit held the district court's sanctions analysis erroneous, so cite it
    /// only for that sentence.
    ///
    /// ## Example
    /// ```markdown
    /// **RESPONSE:** Acme incorporates its General Objections as if fully set forth herein.
    /// ```
    ///
    /// ## Fix
    /// Delete the incorporation and state, in each response, only the objections that
    /// apply to that request, with their reasons and a withholding statement.
    ///
    /// ## Authorities
    /// - Fed. R. Civ. P. 34(b)(2)(B)
    /// - Fischer v. Forrest, Nos. 14 Civ. 1304 (PAE)(AJP), 14 Civ. 1307 (PAE)(AJP), 2017 WL 773694 (S.D.N.Y. Feb. 28, 2017)
    /// - Grider v. Keystone Health Plan Central, Inc., 580 F.3d 119, 139 (3d Cir. 2009)
    pub struct GeneralObjections {
        code: "BL103",
        name: "general-objections",
        severity: Warning,
        summary: "General Objections incorporated into responses by reference",
        authorities: ["frcp-34-b-2-B", "fischer-v-forrest", "grider-v-keystone"],
    }
}

static GENERAL_OBJECTIONS: LazyLock<Caseless> = LazyLock::new(|| {
    Caseless::new(r"(?i)(?-u:\b)general\s+(?:and\s+specific\s+)?objections?(?-u:\b)")
});

/// The word every match of `GENERAL_OBJECTIONS` holds.
static GENERAL_WORDS: LazyLock<Gate> = LazyLock::new(|| Gate::new(&["general"]));

/// The word every match of `BLANKET_RESERVATION` (and of `SUBJECT_TO`) holds.
static SUBJECT_WORDS: LazyLock<Gate> = LazyLock::new(|| Gate::new(&["subject"]));

static SUBJECT_TO: LazyLock<Caseless> =
    LazyLock::new(|| Caseless::new(r"(?i)(?-u:\b)subject\s+to(?-u:\b)"));

static INCORPORATION: LazyLock<Caseless> = LazyLock::new(|| {
    Caseless::new(
        r"(?i)(?-u:\b)(?:incorporat[0-9A-Za-z_\u{C0}-\u{24F}]*|restat[0-9A-Za-z_\u{C0}-\u{24F}]*|re-?assert[0-9A-Za-z_\u{C0}-\u{24F}]*|re-?alleg[0-9A-Za-z_\u{C0}-\u{24F}]*|subject\s+to|set\s+forth\s+above|stated\s+above|appl(?:y|ies)\s+to\s+(?:each|every|all|any)|(?:into|in)\s+(?:each|every)\s+(?:response|answer)|by\s+reference|as\s+if\s+fully\s+set\s+forth|applicable\s+to\s+(?:each|every|all)|form(?:s|ing)?\s+(?:a|an\s+integral)\s+part\s+of)(?-u:\b)",
    )
});

impl Rule for GeneralObjections {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context, out: &mut Vec<Finding>) {
        let section = cx.discovery.general_objections.as_ref();
        // Each response's findings depend on its own text only (reused while it is
        // unchanged); the pointer to the General Objections section is added afterwards.
        let mut kept = UnitFindings::new(cx, &META);
        let in_responses = cx.discovery.units.iter().flat_map(|unit| {
            kept.in_unit(unit, || {
                unit.sentences
                    .iter()
                    .filter_map(|s| incorporation(cx, &s.range, true))
                    .collect()
            })
        });
        let in_section = section
            .into_iter()
            .flat_map(|g| g.sentences.iter())
            .filter_map(|sentence| incorporation(cx, sentence, false));
        for mut finding in in_responses.chain(in_section) {
            if let Some(section) = section {
                finding.related.push(Related {
                    range: section.heading.clone(),
                    message: "the General Objections section".to_string(),
                    path: None,
                });
            }
            out.push(finding);
        }
    }
}

/// The finding for `sentence` when it makes General Objections, or unstated objections,
/// part of a response (`in_response`) or of every response (a sentence of the section).
fn incorporation(cx: &Context, sentence: &Range<usize>, in_response: bool) -> Option<Finding> {
    let body = &cx.text[sentence.clone()];
    let owner = &mut String::new();
    let lowered = Lowered::lower(body, owner);
    // Named General Objections made part of a response, or a reservation that makes
    // every response subject to objections without naming them.
    let general = GENERAL_WORDS
        .admits_lowered(lowered)
        .then(|| GENERAL_OBJECTIONS.find_lowered(lowered));
    let blanket = || {
        SUBJECT_WORDS
            .admits_lowered(lowered)
            .then(|| BLANKET_RESERVATION.find_lowered(lowered))
            .flatten()
    };
    // Both relative to the sentence.
    let (phrase, incorporation) = match general.flatten() {
        Some(phrase) => (phrase, INCORPORATION.find_lowered(lowered)?),
        None => match blanket() {
            Some(reservation) => {
                SUBJECT_TO.find_lowered(lowered.get(reservation.clone()))?;
                let subject_to = SUBJECT_TO
                    .find_at_lowered(lowered, reservation.start)
                    .expect("inside the reservation");
                (reservation, subject_to)
            }
            // Outside a response: one hedge for the whole set of responses.
            None if !in_response => {
                let hedge = SET_WIDE_HEDGE.captures(body)?;
                (
                    hedge.get(0).unwrap().range(),
                    hedge.name("lead").unwrap().range(),
                )
            }
            None => return None,
        },
    };
    let phrase = sentence.start + phrase.start..sentence.start + phrase.end;
    if cx.structure.is_excluded(&phrase) {
        return None;
    }
    // In the author's words: "subject to", "incorporates", "restates"...
    let written = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
    Some(Finding::new(
        &META,
        sentence.clone(),
        format!(
            "{} made part of {} (\"{}\") instead of objections specific to {}",
            if GENERAL_OBJECTIONS.is_match(&cx.text[phrase.clone()]) {
                written(&cx.text[phrase])
            } else {
                "A reservation of unstated objections".to_string()
            },
            if in_response {
                "this response"
            } else {
                "every response"
            },
            written(&body[incorporation]),
            if in_response {
                "this request"
            } else {
                "each request"
            },
        ),
    ))
}

/// Compiles this module's patterns ahead of the first analysis (see `analysis::warm_up`).
pub(crate) fn compile_patterns() {
    LazyLock::force(&GENERAL_OBJECTIONS);
    LazyLock::force(&INCORPORATION);
    LazyLock::force(&SUBJECT_TO);
    LazyLock::force(&GENERAL_WORDS);
    LazyLock::force(&SUBJECT_WORDS);
}

#[cfg(test)]
mod gate_tests {
    use super::*;

    #[test]
    fn the_gates_admit_every_match_of_their_patterns() {
        let samples = [
            "Acme incorporates its General and Specific Objections. Each response is subject to the foregoing objections.",
            "All answers are made subject to, and without waiving, the objections. This response is ſubject to all objections.",
        ];
        crate::gate::assert_guards(&GENERAL_WORDS, &GENERAL_OBJECTIONS.original(), &samples);
        crate::gate::assert_guards(&SUBJECT_WORDS, &BLANKET_RESERVATION.original(), &samples);
        for pattern in [
            &GENERAL_OBJECTIONS,
            &INCORPORATION,
            &SUBJECT_TO,
            &BLANKET_RESERVATION,
        ] {
            crate::caseless::assert_same_matches(pattern, &samples);
        }
    }
}
