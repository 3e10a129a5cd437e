use super::bl701_over_length_limit::{document_anchor, thousands};
use super::{length, Context, Rule};
use crate::authorities;
use crate::counting::Part;
use crate::finding::{Finding, Fix, RuleMeta};
use crate::profiles::{Applied, Unit};
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

declare_rule! {
    /// ## What it flags
    /// A filing whose court requires a certificate of compliance with the word limit, and
    /// that has none; a certificate that does not state the number of words where the rule
    /// says it must; and a certificate whose number is not the filing's count: lower than
    /// brieflint's count by more than 1% (brieflint counts no more words than a word
    /// processor, so the certificate understates), or higher by more than the widest
    /// difference measured between word processors' counts (see ACCURACY.md).
    ///
    /// Checked where the court's profile requires a certificate and the limit is in words:
    /// briefs and motions under the Federal Rules of Appellate Procedure, and memoranda in
    /// the S.D.N.Y. and E.D.N.Y. A certificate is recognized by a heading ("Certificate of
    /// Compliance", "Certificate of Word Count") or by a paragraph certifying compliance
    /// with the word limit.
    ///
    /// ## Why courts care
    /// Fed. R. App. P. 32(g)(1) requires a certificate "that the document complies with the
    /// type-volume limitation" and that it "state the number of words"; a brief without one
    /// does not comply with the rule, and a certificate that understates the count tells the
    /// court something untrue about the brief. Fed. R. App. P.
    /// 28(a) lists the certificate among a brief's required contents, Fed. R. App. P. 29(a)
    /// requires it of amicus briefs, and S.D.N.Y. & E.D.N.Y. Local Civ. R. 6.3 requires "a
    /// certificate of compliance as required by Local Civil Rule 7.1(c)"
    /// (S.D.N.Y. & E.D.N.Y. Local Civ. R. 7.1(c)).
    ///
    /// ## Example
    /// ```markdown
    /// ## CERTIFICATE OF COMPLIANCE
    ///
    /// This brief complies with Fed. R. App. P. 32(a)(7)(B) because it contains 9,000 words.
    /// ```
    /// (when the brief's countable text holds 12,400 words).
    ///
    /// ## Fix
    /// Under the appellate rules, the quick fix inserts a certificate stating the computed
    /// count and citing the limit and Fed. R. App. P. 32(f), with a placeholder for the
    /// signature, or corrects the number in the certificate. Rule 32(g)(1) lets counsel rely
    /// on the word processor's count: check the number against it before signing. In the
    /// S.D.N.Y. and E.D.N.Y. there is no quick fix for a missing certificate: what Local
    /// Civil Rule 7.1(c) requires the certificate to say was not verified.
    ///
    /// ## Authorities
    /// - Fed. R. App. P. 32(g)(1)
    /// - Fed. R. App. P. 32(f)
    /// - Fed. R. App. P. 28(a)
    /// - Fed. R. App. P. 29(a)
    /// - S.D.N.Y. & E.D.N.Y. Local Civ. R. 7.1(c)
    /// - S.D.N.Y. & E.D.N.Y. Local Civ. R. 6.3
    pub struct CertificateOfCompliance {
        code: "BL702",
        name: "certificate-of-compliance",
        severity: Warning,
        summary: "Certificate of compliance missing where the court requires one, or stating a word count that is not the filing's",
        authorities: ["frap-32-g-1", "frap-32-f", "frap-28-a", "frap-29-a", "sdny-local-civil-rule-7-1-c", "sdny-local-civil-rule-6-3"],
    }
}

/// A certificate may say the filing has fewer words than brieflint counts by this share
/// before it is flagged: parts a local rule excludes that brieflint does not recognize.
const UNDERSTATED_SLACK: f64 = 0.01;

/// A certificate may say the filing has more words than brieflint counts by this share:
/// word processors count words brieflint does not (LibreOffice splits words at dashes;
/// a whitespace count takes in a lone dash or bullet). The widest difference measured on
/// 38 real opinions (tests/wordcount.rs, ACCURACY.md) is 3.5% (LibreOffice); 6% is allowed.
const OVERSTATED_SLACK: f64 = 0.06;

/// A paragraph that certifies compliance with a word limit: a certification followed by a
/// number of words, a word count or limit, or the type-volume limitation ("in other words"
/// is not enough), or a statement of compliance with one.
static CERTIFYING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bcertif(?:y|ies|ied|icate|ication)\b[^\n]{0,400}?(?:\b[0-9][0-9,]*\s+words\b|\bword[-\s](?:count|limit)|\btype[-\s]volume\b)|\b(?:complies|comply|compliance)\s+with\s+(?:the\s+)?(?:type[-\s]volume|word(?:[-\s]count)?)\s+limit")
        .unwrap()
});

/// The number of words the certificate states: "contains 12,345 words", never the limit
/// ("the limit of 13,000 words").
static STATED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:contains|containing|consists\s+of|has|total(?:s|ing)?(?:\s+of)?)\s+(?:a\s+total\s+of\s+|only\s+|approximately\s+)?([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)\s+words\b")
        .unwrap()
});

/// The certificate: its range (the section under its heading, or the certifying
/// paragraph) and where it starts.
fn find_certificate(cx: &Context, applied: &Applied) -> Option<Range<usize>> {
    let by_heading = applied.counted.parts.iter().find(|p| {
        p.part == Part::Certificates
            && p.heading.as_ref().is_some_and(|h| {
                let heading = cx.text[h.clone()].to_ascii_uppercase();
                heading.contains("COMPLIANCE") || heading.contains("WORD")
            })
    });
    if let Some(part) = by_heading {
        return Some(part.range.clone());
    }
    cx.structure
        .blocks
        .iter()
        .map(|b| b.range.clone())
        .find(|r| CERTIFYING.is_match(&cx.text[r.clone()]))
}

/// The certificate a fix inserts, for a paper under the appellate rules: in Rule 32(g)(1)'s
/// terms, that "the document complies with the type-volume limitation", and its number of
/// words.
fn certificate_text(applied: &Applied, words: usize) -> Option<String> {
    let profile = applied.profile?;
    if !profile.certificate_states_count || profile.court != "frap" {
        return None;
    }
    // The rule's citation, as the knowledge base verifies it.
    let rule = &profile.rule;
    authorities::for_identity(&crate::citations::recognize(rule, &[]).first()?.identity)
        .filter(|a| a.verified_against.citable())?;
    Some(format!(
        "## CERTIFICATE OF COMPLIANCE\n\nThis document complies with the type-volume limitation of {rule} because, excluding the parts of the document exempted by {}, it contains {} words.\n\n/s/ [name]\n\n",
        authorities::fix_cite("frap-32-f"),
        thousands(words)
    ))
}

/// Where a new certificate goes: before the proof of service, else at the end.
fn insertion_point(cx: &Context, applied: &Applied) -> (usize, bool) {
    match applied
        .counted
        .parts
        .iter()
        .find(|p| p.part == Part::ProofOfService)
    {
        Some(service) => (service.range.start, false),
        None => (cx.text.len(), true),
    }
}

impl Rule for CertificateOfCompliance {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context, out: &mut Vec<Finding>) {
        let Some(applied) = length(cx) else {
            return;
        };
        let Some(profile) = applied.profile else {
            return;
        };
        if !profile.requires_certificate() || applied.unit != Unit::Words {
            return;
        }
        let certificate_rule = profile.certificate_rule.as_deref().unwrap_or(&profile.rule);
        let words = applied.tally.words;
        let Some(certificate) = find_certificate(cx, applied) else {
            let mut finding = Finding::new(
                &META,
                document_anchor(cx, applied),
                format!(
                    "No certificate of compliance: {certificate_rule} requires one for a {}; {} words counted ({})",
                    profile.paper_name,
                    thousands(words),
                    applied.method()
                ),
            );
            if let Some(text) = certificate_text(applied, words) {
                let (at, at_end) = insertion_point(cx, applied);
                let text = if at_end {
                    let sep = if cx.text.ends_with("\n\n") {
                        ""
                    } else if cx.text.ends_with('\n') {
                        "\n"
                    } else {
                        "\n\n"
                    };
                    format!("{sep}{}", text.trim_end_matches('\n')) + "\n"
                } else {
                    text
                };
                finding = finding.with_fix(Fix::insert(
                    format!(
                        "Insert a certificate of compliance ({} words as brieflint counts them)",
                        thousands(words)
                    ),
                    at,
                    text,
                ));
            }
            out.push(finding);
            return;
        };
        let stated = STATED
            .captures(&cx.text[certificate.clone()])
            .and_then(|c| {
                let m = c.get(1)?;
                let number: usize = m.as_str().replace(',', "").parse().ok()?;
                Some((
                    number,
                    certificate.start + m.start()..certificate.start + m.end(),
                ))
            });
        match stated {
            None if profile.certificate_states_count => {
                let heading_end = cx.text[certificate.clone()]
                    .find('\n')
                    .map_or(certificate.end, |n| certificate.start + n);
                out.push(Finding::new(
                    &META,
                    certificate.start..heading_end,
                    format!(
                        "The certificate of compliance does not state the number of words, as {certificate_rule} requires; {} words counted ({})",
                        thousands(words),
                        applied.method()
                    ),
                ));
            }
            None => {}
            Some((number, range)) => {
                let understated = words as f64 > number as f64 * (1.0 + UNDERSTATED_SLACK) + 10.0;
                let overstated = number as f64 > words as f64 * (1.0 + OVERSTATED_SLACK) + 10.0;
                if !(understated || overstated) {
                    return;
                }
                let direction = if understated {
                    "fewer words than the filing holds"
                } else {
                    "more words than the countable text holds (were excluded parts counted?)"
                };
                out.push(
                    Finding::new(
                        &META,
                        range.clone(),
                        format!(
                            "The certificate states {} words, {direction}: {} words counted under {} ({})",
                            thousands(number),
                            thousands(words),
                            applied.authority(),
                            applied.method()
                        ),
                    )
                    .with_fix(Fix::replace(
                        format!("State the count: {} words", thousands(words)),
                        range,
                        thousands(words),
                    )),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stated_count_not_the_limit() {
        let stated = |text: &str| {
            STATED
                .captures(text)
                .map(|c| c.get(1).unwrap().as_str().to_string())
        };
        assert_eq!(
            stated("It does not exceed the limit of 13,000 words; it contains 12,345 words.")
                .as_deref(),
            Some("12,345")
        );
        assert_eq!(
            stated("The brief has a total of 9,876 words.").as_deref(),
            Some("9,876")
        );
        assert_eq!(stated("The limit is 13,000 words.").as_deref(), None);
    }

    #[test]
    fn a_certification_of_a_word_count_not_any_certification() {
        for certifying in [
            "I certify that this brief contains 12,345 words.",
            "Counsel certifies that the brief complies with the type-volume limitation.",
            "This brief complies with the word limit of Fed. R. App. P. 32(a)(7)(B).",
        ] {
            assert!(CERTIFYING.is_match(certifying), "{certifying}");
        }
        for argument in [
            "The district court certified the class; in other words, it found Rule 23 met.",
            "The certificate of title lists two owners, and the words of the deed agree.",
        ] {
            assert!(!CERTIFYING.is_match(argument), "{argument}");
        }
    }
}
