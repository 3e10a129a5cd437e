//! A deterministic generator of discovery responses, for benchmarks and load tests.
//! A "page" is about 250 words; every kind of BL1xx finding appears.

/// A small linear congruential generator: deterministic across platforms.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.next() % items.len()]
    }
}

const REQUESTS: &[&str] = &[
    "All documents and communications concerning the design, testing and marketing of the Product, including emails exchanged with suppliers in Shenzhen.",
    "All contracts, purchase orders and invoices between Acme and any distributor of the Product during the Relevant Period.",
    "Documents sufficient to show the organizational structure of Acme's quality-assurance department, including the names of its managers.",
    "All communications with any regulator concerning complaints about the Product, including reports submitted to the Consumer Product Safety Commission.",
];

const RESPONSES: &[&str] = &[
    "Acme objects to this Request as overly broad, unduly burdensome, and vague and ambiguous. Subject to and without waiving the foregoing objections, Acme will produce non-privileged responsive documents.",
    "Acme objects to this Request because it seeks documents from 42 custodians over fourteen years, which would require review of roughly 1.2 million emails at an estimated cost of $310,000. Acme is withholding documents dated before January 1, 2019 on the basis of this objection and will produce the remaining responsive documents by March 15, 2027.",
    "Acme incorporates its General Objections as if fully set forth herein. Acme further objects that this Request is not reasonably calculated to lead to the discovery of admissible evidence. Acme will produce responsive documents in due course.",
    "Acme objects to this Request to the extent it seeks documents protected by the attorney-client privilege or the work-product doctrine. Acme will produce responsive, non-privileged documents within 30 days of service of this response.",
    "Acme objects to the term \"Relevant Period\" as vague because the Definitions give two different start dates; Acme construes it to mean January 1, 2018 through the present. No responsive materials are being withheld on the basis of this objection. Acme has produced responsive documents at ACME-0001234 through ACME-0001502.",
];

const PROSE: &[&str] = &[
    "The parties met and conferred by videoconference on several occasions and narrowed the disputed requests considerably.",
    "Acme's search covered the shared drives of its quality-assurance and regulatory-affairs groups, including files maintained by 王伟 and 李娜 in the Shenzhen office.",
    "Nothing in these responses waives any party's right to seek a protective order under the governing rules.",
];

/// A discovery response of about `pages` pages, deterministic for a given `seed`.
pub fn discovery_response(pages: usize, seed: u64) -> String {
    let mut rng = Lcg(seed ^ 0x9e37_79b9_7f4a_7c15);
    let target_words = pages * 250;
    let mut out = String::with_capacity(target_words * 7);
    out.push_str("# DEFENDANT ACME CORP.'S RESPONSES AND OBJECTIONS TO PLAINTIFF'S FIRST SET OF REQUESTS FOR PRODUCTION\n\n");
    out.push_str("## GENERAL OBJECTIONS\n\n1. Acme objects to each Request to the extent it seeks information outside the scope of Rule 26(b)(1). These General Objections are incorporated into each response below.\n\n");
    out.push_str("## RESPONSES TO REQUESTS FOR PRODUCTION\n\n");
    let mut number = 1;
    while out.split_ascii_whitespace().count() < target_words {
        // Count words cheaply in batches of units.
        for _ in 0..8 {
            out.push_str(&format!(
                "**REQUEST FOR PRODUCTION NO. {number}:** {}\n\n**RESPONSE TO REQUEST FOR PRODUCTION NO. {number}:** {}\n\n",
                rng.pick(REQUESTS),
                rng.pick(RESPONSES)
            ));
            if rng.next() % 3 == 0 {
                out.push_str(rng.pick(PROSE));
                out.push_str("\n\n");
            }
            number += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn is_deterministic_and_sized() {
        let a = super::discovery_response(10, 7);
        assert_eq!(a, super::discovery_response(10, 7));
        let words = a.split_ascii_whitespace().count();
        assert!((2500..3500).contains(&words), "{words}");
    }
}
