use super::bl302_blocking_statute_unspecified_provision::provision_scaffold;
use super::{append_sentence, fix_citations, short_cite, Context, Rule};
use crate::authorities;
use crate::finding::{Finding, Fix, RuleMeta};
use crate::foreign_claims::{claims, Claim, Lead, Missing};

declare_rule! {
    /// ## What it flags
    /// An objection or argument that foreign law (China's state-secrets law, PIPL or Data
    /// Security Law, the French blocking statute, Swiss Criminal Code arts. 271/273, the
    /// GDPR, or simply "Chinese law", "foreign privacy laws", "state secrets", "data export
    /// restrictions") bars, restricts or delays production, without identifying the
    /// documents, custodians, categories or Bates ranges the law supposedly covers. It is
    /// read in discovery responses, letters, motions and briefs, never in orders, quoted
    /// material, code or comments, and not where the author reports what another party
    /// contends. One diagnostic is given per claim: BL301 when the documents are not
    /// identified, else BL302 (no article, or no explanation of how it applies), else
    /// BL303 (no withholding log); the message lists every missing element.
    ///
    /// ## Why courts care
    /// "Foreign laws that block the production of discoverable material do not
    /// automatically excuse a party from its Rule 26 obligations" (Philips Medical Systems
    /// (Cleveland), Inc. v. Buan). The threshold question, as the Philips order puts it
    /// quoting Republic Technologies (NA), LLC v. BBK Tobacco & Foods, LLP, is whether
    /// foreign law "actually bars the production at issue", and the objecting party must
    /// provide "information of sufficient particularity and specificity to allow the Court
    /// to determine whether the discovery sought is indeed prohibited by foreign law."
    /// In Buan the court refused to relieve the
    /// defendants of production because they "have not actually identified any responsive
    /// documents for which production may be impacted by Chinese law." Rule 34(b)(2)(B)
    /// requires the grounds of every objection to be stated with specificity.
    ///
    /// ## Example
    /// ```markdown
    /// **RESPONSE TO REQUEST FOR PRODUCTION NO. 14:** Defendants object to this Request to
    /// the extent it requires the collection of information that may include state secrets,
    /// the disclosure of which is prohibited by Chinese law.
    /// ```
    ///
    /// ## Fix
    /// Say which documents (by Bates range, custodian, category or log entry) the law
    /// bars, the article that bars them and how it applies, what approval or consent was
    /// sought and its status, and what alternatives (redaction, pseudonymization, a
    /// protective-order tier) you propose. The quick fix inserts that scaffold, with a
    /// withholding-log statement when one is missing.
    ///
    /// ## Authorities
    /// - Philips Medical Systems (Cleveland), Inc. v. Buan, No. 19 CV 2648, 2022 WL 602485 (N.D. Ill. Mar. 1, 2022)
    /// - Republic Technologies (NA), LLC v. BBK Tobacco & Foods, LLP, No. 16 CV 3401, 2017 WL 4287205, at *1 (N.D. Ill. Sept. 27, 2017)
    /// - Fed. R. Civ. P. 34(b)(2)(B)
    /// - Fed. R. Civ. P. 44.1
    /// - In re Valsartan, Losartan, & Irbesartan Prods. Liab. Litig., MDL No. 2875, Special Master Order No. 35, 2021 WL 3604808 (D.N.J. Aug. 12, 2021), aff'd, 2021 WL 6010575 (D.N.J. Dec. 20, 2021)
    pub struct BlockingStatuteWithoutParticularity {
        code: "BL301",
        name: "blocking-statute-without-particularity",
        severity: Warning,
        summary: "Foreign-law objection that does not identify the documents the law bars",
        authorities: ["philips-v-buan", "republic-technologies-v-bbk", "frcp-34-b-2-B", "frcp-44-1", "in-re-valsartan"],
    }
}

impl Rule for BlockingStatuteWithoutParticularity {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context, out: &mut Vec<Finding>) {
        for claim in claims(cx) {
            if claim.lead() == Some(Lead::Particulars) {
                out.push(finding(cx, claim));
            }
        }
    }
}

/// The claim's diagnostic, with a fix that inserts what it lacks: the documents withheld,
/// then what BL302's scaffold states (provision, approval sought, alternatives, log).
fn finding(cx: &Context, claim: &Claim) -> Finding {
    let message = claim.message();
    let mut parts = Vec::new();
    if claim.absent(Missing::Particulars) {
        parts.push(format!(
            "The following documents are withheld on this basis: [identify each document, custodian or category, e.g., by Bates range or withholding-log entry]{}.",
            fix_citations(cx, [authorities::fix_cite("frcp-34-b-2-B")])
        ));
    }
    parts.extend(provision_scaffold(cx, claim));
    let log_part = if claim.absent(Missing::Log) {
        ", withholding log"
    } else {
        ""
    };
    Finding::new(&META, claim.sentence.clone(), message)
        .waiting_for(claim.placeholder.clone())
        .with_fix(Fix {
            title: format!(
                "Insert a particularity scaffold: documents withheld, provision, approval sought, alternatives{log_part} ({})",
                short_cite("philips-v-buan")
            ).into(),
            edits: vec![append_sentence(cx.text, &claim.sentence, &parts.join(" "))],
        })
}

#[cfg(test)]
mod tests {
    use crate::analyze;
    use crate::config::Config;

    fn codes(text: &str) -> Vec<&'static str> {
        let mut codes: Vec<&'static str> = analyze(text, &Config::default())
            .iter()
            .map(|f| f.rule.code)
            .filter(|c| c.starts_with("BL3"))
            .collect();
        codes.sort();
        codes
    }

    #[test]
    fn claims_and_what_is_not_a_claim() {
        let response = |answer: &str| {
            format!("# RESPONSES TO REQUESTS FOR PRODUCTION\n\nREQUEST FOR PRODUCTION NO. 1: All documents.\n\nRESPONSE: {answer}\n")
        };
        // A responding party's own "asserts" is a claim; Chinese law named generically.
        assert_eq!(
            codes(&response("Acme asserts that Chinese law prohibits producing these documents. Acme is withholding them.")),
            ["BL301"]
        );
        assert_eq!(
            codes(&response(
                "Acme objects under the Personal Information Protection Law."
            )),
            ["BL301"]
        );
        // Negation, a law firm, the U.S. state secrets privilege, a law as subject matter.
        for answer in [
            "Acme objects to this Request to the extent compliance would require Acme to violate the privacy laws of any foreign jurisdiction.",
            "Acme GmbH objects under the EU General Data Protection Regulation.",
            "Acme objects to each Request to the extent the disclosure of the documents is prohibited by foreign law.",
            "Acme objects because the Court's orders would compel Acme to violate Chinese law.",
            // A place is no custodian.
            "Acme objects because the Personal Data (Privacy) Ordinance prohibits transferring its employees' files out of Hong Kong.",
        ] {
            assert_eq!(codes(&response(answer)), ["BL301"], "{answer}");
        }
        for answer in [
            "Chinese law does not bar production of these documents.",
            "Acme's Chinese law firm will delay its review of the documents.",
            "Acme objects because the state secrets privilege bars disclosure of the documents.",
            "Acme objects to this Request as overly broad because it seeks all documents concerning Acme's compliance with the GDPR.",
        ] {
            assert!(codes(&response(answer)).is_empty(), "{answer}");
        }
        // In a brief, reported speech is not the author's claim; in an order nothing is.
        let brief = "# PLAINTIFF'S MEMORANDUM IN OPPOSITION\n\nDefendants contend that Chinese privacy law bars production of the engineers' text messages.\n";
        assert!(codes(brief).is_empty());
        let order = "---\nkind: order\n---\n\nDefendants cannot produce the files because Chinese law prohibits it.\n";
        assert!(codes(order).is_empty());
    }
}
