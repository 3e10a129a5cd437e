use super::bl301_blocking_statute_without_particularity::claims;
use super::{circuit_of, short_cite, Context, Rule};
use crate::analysis::authorities;
use crate::analysis::discovery::find_in;
use crate::analysis::finding::{Finding, Fix, RuleMeta};
use regex::Regex;
use std::sync::LazyLock;

declare_rule! {
    /// ## What it flags
    /// A motion, opposition, reply or brief that relies on foreign law to bar or delay
    /// discovery but never addresses the comity factors courts weigh: the importance of
    /// the information, the specificity of the request, whether the information
    /// originated in the United States, alternative means of obtaining it, and the
    /// competing national interests (plus, in many courts, the hardship of compliance and
    /// the good faith of the resisting party). Reported once per document, at the first
    /// foreign-law claim. Discovery responses and letters are not checked.
    ///
    /// ## Why courts care
    /// Even where foreign law does bar production, the court decides whether to order it
    /// through a comity analysis (Société Nationale Industrielle Aérospatiale v. U.S.
    /// District Court; Restatement (Third) of Foreign Relations Law § 442(1)(c)), and
    /// "[i]t is well settled that such statutes do not deprive an American court of the
    /// power to order a party subject to its jurisdiction to produce evidence even though
    /// the act of production may violate that statute." At least one court in the Seventh
    /// Circuit has added hardship and good faith (Inventus Power, Inc. v. Shenzhen Ace
    /// Battery Co.), and the
    /// Ninth Circuit weighs hardship and the likelihood of compliance (Richmark Corp. v.
    /// Timber Falling Consultants). A brief that argues only that the statute exists gives
    /// the court nothing to balance.
    ///
    /// ## Example
    /// ```markdown
    /// Producing these files would force Defendants to violate the PIPL and the DSL, so
    /// the Court should relieve them of the January 26 deadline.
    /// ```
    ///
    /// ## Fix
    /// Address each factor with facts. The quick fix inserts a seven-factor outline
    /// citing Aérospatiale and Restatement § 442(1)(c), and the circuit's leading case
    /// where the knowledge base has one verified (Richmark in the Ninth Circuit).
    ///
    /// ## Authorities
    /// - Société Nationale Industrielle Aérospatiale v. U.S. District Court for the Southern District of Iowa, 482 U.S. 522 (1987)
    /// - Restatement (Third) of Foreign Relations Law § 442(1)(c) (1987)
    /// - Inventus Power, Inc. v. Shenzhen Ace Battery Co., 339 F.R.D. 487, 501 (N.D. Ill. 2021)
    /// - Richmark Corp. v. Timber Falling Consultants, 959 F.2d 1468 (9th Cir. 1992)
    pub struct BlockingStatuteWithoutComityAnalysis {
        code: "BL304",
        name: "blocking-statute-without-comity-analysis",
        severity: Information,
        summary: "A motion or brief relies on foreign law without addressing the comity factors",
        authorities: ["aerospatiale", "restatement-3d-foreign-relations-442", "inventus-power-v-shenzhen-ace", "richmark-v-timber-falling"],
    }
}

/// The comity factors, each recognized by the words briefs use for it.
static FACTORS: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    [
        r"(?i)\bimportan(?:ce|t)\s+(?:to\s+the\s+(?:investigation|litigation|case)\s+)?(?:of\s+the\s+)?(?:documents|information|discovery|materials)\b|\b(?:documents|information|discovery)\s+(?:is|are)\s+(?:important|crucial|central|critical|vital)\b",
        r"(?i)\bspecific(?:ity)?\s+(?:of\s+)?(?:the\s+)?requests?\b|\brequests?\s+(?:is|are)\s+(?:narrow|specific|targeted)\b",
        r"(?i)\boriginat\w*\s+(?:in|outside)\s+the\s+United\s+States\b",
        r"(?i)\balternative\s+(?:means|sources?|routes?|channels?)\b|\bHague\s+(?:Evidence\s+)?Convention\b",
        r"(?i)\b(?:interests?\s+of\s+the\s+United\s+States|(?:sovereign|national|competing|foreign|American)\s+interests?|interests?\s+of\s+(?:the\s+)?(?:PRC|China|France|Switzerland|the\s+foreign\s+state))\b",
        r"(?i)\bhardship\b",
        r"(?i)\bgood[-\s]faith\s+(?:of|efforts?|attempts?\s+to\s+(?:obtain|seek|secure))\b|\b(?:acted|acting|act|acts)\s+in\s+good[-\s]faith\b|\bbad[-\s]faith\b",
    ]
    .iter()
    .map(|p| Regex::new(p).unwrap())
    .collect()
});

static COMITY: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)\bcomity\b").unwrap());

impl Rule for BlockingStatuteWithoutComityAnalysis {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context, out: &mut Vec<Finding>) {
        if !cx.document.kind.is_argument() {
            return;
        }
        let Some(first) = claims(cx).into_iter().next() else {
            return;
        };
        let whole = 0..cx.text.len();
        let factors = FACTORS
            .iter()
            .filter(|re| find_in(re, cx.text, &whole, cx.structure).is_some())
            .count();
        let comity = find_in(&COMITY, cx.text, &whole, cx.structure).is_some();
        if factors >= 3 || (comity && factors >= 2) {
            return;
        }
        let aerospatiale = authorities::cite("aerospatiale");
        let restatement = authorities::cite("restatement-3d-foreign-relations-442");
        let circuit = match circuit_of(cx.document) {
            Some(9) => format!(
                " See also {} (adding the hardship of inconsistent enforcement and the likelihood that enforcement will achieve compliance).",
                authorities::cite("richmark-v-timber-falling")
            ),
            _ => String::new(),
        };
        let outline = format!(
            "\n\n**International comity.** Under {aerospatiale} and {restatement}, the court weighs: (1) the importance to the litigation of the documents or other information requested: [explain]; (2) the degree of specificity of the request: [explain]; (3) whether the information originated in the United States: [explain]; (4) the availability of alternative means of securing the information: [explain]; (5) the extent to which noncompliance would undermine important interests of the United States, or compliance would undermine important interests of [the foreign state]: [explain, with the foreign law's terms and enforcement record]; (6) the hardship of compliance on [the party]: [actual enforcement risk, not abstract penalties]; and (7) the good faith of the party resisting discovery: [approval, consent or waiver sought, when, and with what result].{circuit}"
        );
        let message = format!(
            "Relies on foreign law ({}) without addressing the comity factors (importance, specificity, origin, alternative means, national interests; hardship, good faith)",
            first.laws.join(", ")
        );
        out.push(
            Finding::new(&META, first.sentence.clone(), message).with_fix(Fix::insert(
                format!(
                    "Insert a comity-factor outline ({}; {})",
                    short_cite("aerospatiale"),
                    short_cite("restatement-3d-foreign-relations-442")
                ),
                first.block.end,
                outline,
            )),
        );
    }
}
