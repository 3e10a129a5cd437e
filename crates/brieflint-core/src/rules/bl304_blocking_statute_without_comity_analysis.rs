use super::{circuit_of, fix_citations, short_cite, Context, Rule};
use crate::authorities;
use crate::finding::{Finding, Fix, RuleMeta};
use crate::foreign_claims::claims;
use crate::placeholders::{self, Statement};
use regex::Regex;
use std::sync::LazyLock;

declare_rule! {
    /// ## What it flags
    /// A motion, opposition, reply or brief that relies on foreign law to bar or delay
    /// discovery but never addresses the comity factors courts weigh: the importance of
    /// the information, the specificity of the request, whether the information
    /// originated in the United States, alternative means of obtaining it, and the
    /// competing national interests. Reported once per document, at the first
    /// foreign-law claim. Discovery responses and letters are not checked.
    ///
    /// ## Why courts care
    /// Even where foreign law does bar production, "that is not the end of the matter":
    /// the court conducts an international comity review, weighing the five factors of
    /// Restatement (Third) of Foreign Relations Law § 442(1)(c), which the Philips order
    /// quotes and ties to Aérospatiale (Société Nationale Industrielle Aérospatiale v.
    /// U.S. District Court). As the Philips order also quotes Aérospatiale, "[i]t is well
    /// settled that [foreign blocking] statutes do not deprive an American court of the
    /// power to order a party subject to its jurisdiction to produce evidence even though
    /// the act of production may violate that statute." Some courts add the hardship of
    /// compliance and the good faith of the resisting party; the Philips order notes that
    /// courts in other circuits do, and that at least one district court in the Seventh
    /// Circuit has (Inventus Power, Inc. v. Shenzhen Ace Battery Co.). A brief that argues
    /// only that the statute exists gives the court nothing to balance.
    ///
    /// ## Example
    /// ```markdown
    /// Producing these files would force Defendants to violate the PIPL and the DSL, so
    /// the Court should relieve them of the January 26 deadline.
    /// ```
    ///
    /// ## Fix
    /// Address each factor with facts. The quick fix inserts an outline of the five
    /// factors, citing the Philips order, which quotes them (in a motion for
    /// reconsideration whose prior record never cites that order, a placeholder asks for
    /// the record's own authority instead: a new one would be BL201). It does not add
    /// hardship or good faith: brieflint has not verified the opinions that added them.
    ///
    /// ## Authorities
    /// - Philips Medical Systems (Cleveland), Inc. v. Buan, No. 19 CV 2648, 2022 WL 602485 (N.D. Ill. Mar. 1, 2022)
    /// - Société Nationale Industrielle Aérospatiale v. U.S. District Court for the Southern District of Iowa, 482 U.S. 522 (1987)
    /// - Restatement (Third) of Foreign Relations Law § 442(1)(c) (1987)
    /// - Inventus Power, Inc. v. Shenzhen Ace Battery Co., 339 F.R.D. 487 (N.D. Ill. 2021)
    pub struct BlockingStatuteWithoutComityAnalysis {
        code: "BL304",
        name: "blocking-statute-without-comity-analysis",
        severity: Information,
        summary: "A motion or brief relies on foreign law without addressing the comity factors",
        authorities: ["philips-v-buan", "aerospatiale", "restatement-3d-foreign-relations-442", "inventus-power-v-shenzhen-ace"],
    }
}

/// The comity factors, each recognized by the words briefs use for it.
static FACTORS: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    [
        r"(?i)\bimportan(?:ce|t)\s+(?:to\s+the\s+(?:investigation|litigation|case)\s+)?(?:of\s+the\s+)?(?:documents|information|discovery|materials)\b|\b(?:documents|information|discovery)\s+(?:is|are)\s+(?:important|crucial|central|critical|vital)\b",
        r"(?i)\bspecific(?:ity)?\s+(?:of\s+)?(?:the\s+)?requests?\b|\brequests?\s+(?:is|are)\s+(?:narrow|specific|targeted)\b",
        r"(?i)\boriginat[0-9A-Za-z_\u{C0}-\u{24F}]*\s+(?:in|outside)\s+the\s+United\s+States\b",
        r"(?i)\balternative\s+(?:means|sources?|routes?|channels?)\b|\bHague\s+(?:Evidence\s+)?Convention\b",
        r"(?i)\b(?:interests?\s+of\s+the\s+United\s+States|(?:sovereign|national|competing|foreign|American)\s+interests?|interests?\s+of\s+(?:the\s+)?(?:PRC|China|France|Switzerland|the\s+foreign\s+state))\b",
        r"(?i)\bhardship\b",
        r"(?i)\bgood[-\s]faith\s+(?:of|efforts?|attempts?\s+to\s+(?:obtain|seek|secure))\b|\b(?:acted|acting|act|acts)\s+in\s+good[-\s]faith\b|\bbad[-\s]faith\b",
    ]
    .iter()
    .map(|p| Regex::new(p).unwrap())
    .collect()
});

/// A circuit's leading comity case, cited by the fix only if verified against the opinion.
const CIRCUIT_COMITY: &[(u8, &str)] = &[(9, "richmark-v-timber-falling")];

static COMITY: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)\bcomity\b").unwrap());

impl Rule for BlockingStatuteWithoutComityAnalysis {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context, out: &mut Vec<Finding>) {
        if !cx.document.kind.is_argument() {
            return;
        }
        let Some(first) = claims(cx).first() else {
            return;
        };
        let whole = 0..cx.text.len();
        let stated = |re: &Regex| placeholders::statement_of(re, cx.text, cx.structure, &whole);
        let factors: Vec<Statement> = FACTORS.iter().map(stated).collect();
        let comity = stated(&COMITY);
        let addressed = |counts: fn(&Statement) -> bool| {
            let factors = factors.iter().filter(|f| counts(f)).count();
            factors >= 3 || (counts(&comity) && factors >= 2)
        };
        if addressed(Statement::is_made) {
            return;
        }
        // Addressed only in sentences that hold placeholders: BL003 stands on them.
        let placeholder = if addressed(Statement::is_written) {
            factors
                .iter()
                .chain([&comity])
                .filter_map(Statement::placeholder)
                .min_by_key(|p| p.start)
        } else {
            None
        };
        let philips = fix_citations(cx, [authorities::fix_cite("philips-v-buan")]);
        // In a motion for reconsideration whose record never cites the Philips order,
        // citing it would raise new authority (BL201): the drafter cites the record's own.
        let philips = match philips.strip_suffix(')') {
            Some(cite) => format!("{cite}, quoting the Restatement's comity factors)"),
            None => {
                " [cite the authority for these factors that the prior record holds]".to_string()
            }
        };
        // A circuit's own comity case is added only once brieflint has verified it against
        // the opinion (none is yet).
        let circuit = circuit_of(cx.document)
            .and_then(|n| CIRCUIT_COMITY.iter().find(|(c, _)| *c == n))
            .and_then(|(_, id)| authorities::citable_cite(id))
            .map(|cite| format!(" See also {cite}."))
            .unwrap_or_default();
        let outline = format!(
            "\n\n**International comity.** Even if foreign law bars production, the court decides whether to order it by weighing five factors{philips}: (1) the importance to the litigation of the documents or other information requested: [explain]; (2) the degree of specificity of the request: [explain]; (3) whether the information originated in the United States: [explain]; (4) the availability of alternative means of securing the information: [explain]; and (5) the extent to which noncompliance with the request would undermine important interests of the United States, or compliance with the request would undermine important interests of [name the foreign state]: [explain, with the foreign law's terms and enforcement record].{circuit}"
        );
        let message = format!(
            "Relies on foreign law ({}) without addressing the comity factors (importance, specificity, origin, alternative means, national interests)",
            first.laws.join(", ")
        );
        out.push(
            Finding::new(&META, first.sentence.clone(), message)
                .with_fix(Fix::insert(
                    format!(
                        "Insert an outline of the five comity factors ({})",
                        short_cite("philips-v-buan")
                    ),
                    first.block.end,
                    outline,
                ))
                .waiting_for(placeholder),
        );
    }
}
