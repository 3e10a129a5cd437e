use super::bl303_blocking_statute_without_withholding_log::withholding_log_sentence;
use super::{append_sentence, fix_citations, short_cite, Context, Rule};
use crate::finding::{Finding, Fix, RuleMeta};
use crate::foreign_claims::{claims, Claim, Lead, Missing};
use crate::{authorities, citations};

declare_rule! {
    /// ## What it flags
    /// A foreign-law objection that identifies the documents it covers but names the law
    /// only generically ("Chinese law", "applicable privacy laws", "state secrets"), or
    /// names the statute without the article that bars production, or does not explain
    /// how that provision applies to these documents (are they state secrets, personal
    /// information of whom, data stored where?). When the documents are not identified
    /// either, the claim is reported once, as BL301, with this element listed.
    ///
    /// ## Why courts care
    /// Courts reject Chinese-law objections when the objecting party never identifies a
    /// particular provision of the foreign law (Cadence Design Systems, Inc. v. Syntronic
    /// AB), and overrule general objections that discovery would violate Swiss law
    /// (Belparts Group, N.V. v. Belimo Automation AG). A party relying on foreign law must
    /// give notice of it (Rule 44.1), explain in the written response the law it relies on
    /// (McAllister-Lewis v. Goodyear Dunlop Tires N. Am., Ltd.), and show that it
    /// "actually bars the production at issue" (Philips Medical Systems (Cleveland), Inc.
    /// v. Buan, quoting Republic Technologies (NA), LLC v. BBK Tobacco & Foods, LLP). Where the law is widely available in English, courts prefer
    /// the statute's text and objective translations (Bodum USA, Inc. v. La Cafetière, Inc.).
    ///
    /// ## Example
    /// ```markdown
    /// **RESPONSE TO REQUEST FOR PRODUCTION NO. 22:** Acme objects to producing the emails
    /// of custodians Li Wei and Zhang Min because Chinese privacy law prohibits their
    /// transfer. Acme is withholding those emails.
    /// ```
    ///
    /// ## Fix
    /// Name the article (e.g., "PIPL art. 41", "DSL art. 36", "GSSL art. 9 (2010 rev.)")
    /// and explain how it reaches these documents. The quick fix inserts the provision
    /// scaffold together with the approval sought and the alternatives proposed.
    ///
    /// ## Authorities
    /// - Fed. R. Civ. P. 44.1
    /// - Philips Medical Systems (Cleveland), Inc. v. Buan, No. 19 CV 2648, 2022 WL 602485 (N.D. Ill. Mar. 1, 2022)
    /// - Cadence Design Systems, Inc. v. Syntronic AB, No. 21-cv-03610-SI (JCS), 2022 WL 2290593 (N.D. Cal. June 24, 2022)
    /// - McAllister-Lewis v. Goodyear Dunlop Tires N. Am., Ltd., No. 4:14-CV-04103-LLP (D.S.D. Aug. 17, 2015)
    /// - Belparts Group, N.V. v. Belimo Automation AG, No. 3:21-cv-00334 (SALM) (D. Conn. Apr. 26, 2022)
    /// - Republic Technologies (NA), LLC v. BBK Tobacco & Foods, LLP, No. 16 CV 3401, 2017 WL 4287205, at *1 (N.D. Ill. Sept. 27, 2017)
    /// - Bodum USA, Inc. v. La Cafetière, Inc., 621 F.3d 624 (7th Cir. 2010)
    pub struct BlockingStatuteUnspecifiedProvision {
        code: "BL302",
        name: "blocking-statute-unspecified-provision",
        severity: Warning,
        summary: "Foreign law named generically, or without the article that bars production and how it applies",
        authorities: ["frcp-44-1", "philips-v-buan", "cadence-v-syntronic", "mcallister-lewis-v-goodyear", "belparts-v-belimo", "republic-technologies-v-bbk", "bodum-v-la-cafetiere"],
    }
}

impl Rule for BlockingStatuteUnspecifiedProvision {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context, out: &mut Vec<Finding>) {
        for claim in claims(cx) {
            if claim.lead() != Some(Lead::Provision) {
                continue;
            }
            let message = claim.message();
            let log_part = if claim.absent(Missing::Log) {
                ", withholding log"
            } else {
                ""
            };
            let scaffold = provision_scaffold(cx, claim).join(" ");
            out.push(
                Finding::new(&META, claim.sentence.clone(), message)
                    .waiting_for(claim.placeholder.clone())
                    .with_fix(Fix {
                        title: format!(
                            "State the provision and how it applies, the approval sought, alternatives{log_part} ({})",
                            short_cite("frcp-44-1")
                        ).into(),
                        edits: vec![append_sentence(cx.text, &claim.sentence, &scaffold)],
                    }),
            );
        }
    }
}

/// The sentences that state a claim's provision (when not written) and how it applies, the
/// approval sought, the alternatives proposed and, when missing, the withholding log. BL301's
/// fix inserts them after its own sentence naming the documents.
pub(super) fn provision_scaffold(cx: &Context, claim: &Claim) -> Vec<String> {
    let mut parts = Vec::new();
    let explain = "[explain how the provision reaches these documents or data]";
    if claim.absent(Missing::Article) {
        let provision = match &claim.statute {
            Some(statute) => format!(
                "article [number] of {}",
                citations::foreign_law_name(statute)
            ),
            None => "article [number] of [name the law]".to_string(),
        };
        parts.push(format!(
            "The provision that bars their production is {provision}, which applies to these documents because {explain}{}.",
            fix_citations(cx, [authorities::fix_cite("frcp-44-1")])
        ));
    } else if claim.absent(Missing::Application) {
        parts.push(format!(
            "That provision applies to these documents because {explain}{}.",
            fix_citations(cx, [authorities::fix_cite("frcp-44-1")])
        ));
    }
    parts.push(
        "Approval or consent was sought from [name the competent authority or the data subjects] on [date], and that request is [pending / granted / denied]."
            .to_string(),
    );
    parts.push(
        "As an alternative to withholding, the responding party proposes [redaction / pseudonymization / production under the protective order's highest confidentiality tier]."
            .to_string(),
    );
    if claim.absent(Missing::Log) {
        parts.push(withholding_log_sentence(cx));
    }
    parts
}
