//! End to end through the real binary: `brieflint check`, `render` and `letter` on .docx
//! and .pdf files made by pandoc and LibreOffice from our Markdown fixture, on real court
//! PDFs, and on hostile files (issue 16). Fixtures and their provenance:
//! fixtures/ingest/SOURCES.txt.

mod support;

use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use support::cli::{brieflint, check_json_in};
use support::files::repo;
use support::lsp_client;

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// `brieflint check --format json --exit-zero ARGS...` in the repository: the findings.
fn json(args: &[&str]) -> Vec<Value> {
    check_json_in(&repo(), args)
}

/// The request number in a label ("RESPONSE TO REQUEST FOR PRODUCTION NO. 7" -> "7").
fn number_in(label: &str) -> Option<String> {
    let at = label.to_ascii_uppercase().rfind("NO. ")?;
    Some(
        label[at + 4..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect(),
    )
}

/// (code, request number) of each finding of the Markdown original: the number of the
/// nearest label at or before the finding's line.
fn markdown_findings() -> Vec<(String, Option<String>)> {
    let path = "fixtures/discovery/acme-rfp-responses.md";
    let text = std::fs::read_to_string(repo().join(path)).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let mut out: Vec<(String, Option<String>)> = json(&[path])
        .iter()
        .map(|f| {
            let line = f["range"]["start"]["line"].as_u64().unwrap() as usize;
            let number = lines[..=line]
                .iter()
                .rev()
                .find(|l| l.starts_with("**REQUEST") || l.starts_with("**RESPONSE"))
                .and_then(|l| number_in(l.trim_start_matches('*')));
            (f["code"].as_str().unwrap().to_string(), number)
        })
        .collect();
    out.sort();
    out
}

/// (code, request number) of each finding of a converted file, from its origin's label.
fn converted_findings(path: &str) -> Vec<(String, Option<String>)> {
    let mut out: Vec<(String, Option<String>)> = json(&[path])
        .iter()
        .map(|f| {
            let origin = &f["origin"];
            assert!(
                origin.is_object(),
                "{path}: a finding without its origin: {f}"
            );
            let label = origin["label"].as_str();
            (
                f["code"].as_str().unwrap().to_string(),
                label.and_then(number_in),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn docx_and_pdf_made_by_pandoc_and_libreoffice_give_the_markdown_findings() {
    let expected = markdown_findings();
    assert_eq!(expected.len(), 17, "{expected:?}");
    for file in [
        "acme.pandoc.docx",
        "acme.libreoffice.docx",
        "acme-tracked.docx",
        "acme-numbered.docx",
        "acme.pdf",
        "acme-numbered.pdf",
    ] {
        let path = format!("fixtures/ingest/{file}");
        assert_eq!(converted_findings(&path), expected, "{file}");
    }
}

#[test]
fn locations_fit_the_format() {
    // PDF: page and line, with the response they are in.
    let pdf = json(&["fixtures/ingest/acme.pdf"]);
    let no_date = pdf
        .iter()
        .find(|f| f["code"] == "BL106")
        .expect("a BL106 finding");
    assert_eq!(no_date["origin"]["kind"], "page");
    assert!(no_date["origin"]["page"].as_u64().unwrap() >= 1);
    assert!(no_date["origin"]["line"].as_u64().unwrap() >= 1);
    assert!(
        no_date["range"]["start"]["line"].is_u64(),
        "the rendered line stays"
    );
    // .docx: the paragraph index and the nearest label.
    let docx = json(&["fixtures/ingest/acme-numbered.docx"]);
    let privilege = docx.iter().find(|f| f["code"] == "BL107").unwrap();
    assert_eq!(privilege["origin"]["kind"], "paragraph");
    assert_eq!(
        privilege["origin"]["label"],
        "RESPONSE TO REQUEST FOR PRODUCTION NO. 5"
    );
    assert!(privilege["origin"]["index"].as_u64().unwrap() > 10);
    // Human output names the place as a person would.
    let human = stdout(&brieflint(&[
        "check",
        "--exit-zero",
        "fixtures/ingest/acme-numbered.docx",
        "fixtures/ingest/acme.pdf",
    ]));
    assert!(
        human.contains("= at Response to Request for Production No. 5, paragraph "),
        "{human}"
    );
    assert!(human.contains("= at page "), "{human}");
    assert!(human.contains("(line "), "{human}");
    // SARIF: the rendered region, and the original place beside it.
    let sarif: Value = serde_json::from_slice(
        &brieflint(&[
            "check",
            "--format",
            "sarif",
            "--exit-zero",
            "fixtures/ingest/acme.pdf",
        ])
        .stdout,
    )
    .unwrap();
    let location = &sarif["runs"][0]["results"][0]["locations"][0];
    assert!(location["physicalLocation"]["region"]["startLine"].is_u64());
    assert_eq!(location["properties"]["origin"]["kind"], "page");
    assert!(location["message"]["text"]
        .as_str()
        .unwrap()
        .starts_with("page "));
}

fn render(path: &str) -> String {
    let output = brieflint(&["render", path]);
    assert!(
        output.status.success(),
        "{path}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout(&output)
}

#[test]
fn tracked_changes_are_accepted_comments_ignored_footnotes_kept() {
    let text = render("fixtures/ingest/acme-tracked.docx");
    // Insertions in, deletions out.
    assert!(text.contains("Model X-200 by January 15, 2027."), "{text}");
    assert!(!text.contains("within a reasonable time"), "{text}");
    assert!(text.contains("as vague and ambiguous,"), "{text}");
    assert!(!text.contains("unclear"), "{text}");
    // The comment's text is not the document's.
    assert!(!text.contains("Check with client"), "{text}");
    // The footnote: a reference and its text.
    assert!(text.contains("after a diligent search.[^1]"), "{text}");
    assert!(
        text.contains("[^1]: The search is described in the response to each request."),
        "{text}"
    );
    // Bold labels stay bold labels.
    assert!(
        text.contains("**RESPONSE TO REQUEST FOR PRODUCTION NO. 10:**"),
        "{text}"
    );
}

#[test]
fn word_automatic_numbering_gives_the_request_numbers() {
    let text = render("fixtures/ingest/acme-numbered.docx");
    for n in 1..=10 {
        assert!(
            text.contains(&format!("**REQUEST FOR PRODUCTION NO. {n}:**")),
            "{n}: {text}"
        );
        assert!(
            text.contains(&format!("**RESPONSE TO REQUEST FOR PRODUCTION NO. {n}:**")),
            "{n}: {text}"
        );
    }
    assert!(text.contains("\n6. These General Objections"), "{text}");
    assert!(text.contains("# GENERAL OBJECTIONS"), "{text}");
}

#[test]
fn pdf_layout_is_stripped() {
    // LibreOffice's pleading layout: a line number beside every line, a running footer.
    let text = render("fixtures/ingest/acme-numbered.pdf");
    assert!(
        !text.contains("RESPONSES TO FIRST REQUESTS FOR PRODUCTION -"),
        "{text}"
    );
    assert!(
        !text.lines().any(|l| l.trim().parse::<u32>().is_ok()),
        "{text}"
    );
    // A paragraph broken across a page joins again.
    assert!(
        text.contains("Acme will produce the responsive email on a rolling basis"),
        "{text}"
    );
    // A real order: ECF stamps and pleading line numbers gone, the text in order.
    let order = render("fixtures/ingest/real/cacd-8-16-cv-01261-order-40.pdf");
    assert!(!order.contains("Document 40 Filed"), "{order}");
    assert!(!order.contains("Page ID"), "{order}");
    assert!(
        order.contains("the TRO was extended until August 4, 2016 at 5:00 PM"),
        "{order}"
    );
    assert!(
        order.contains("3. The Court finds that no bond is required."),
        "{order}"
    );
}

#[test]
fn real_court_orders_give_no_findings() {
    for file in [
        "cacd-8-16-cv-01261-order-40.pdf",
        "azd-md-15-02641-suggestion-of-remand.pdf",
        "mo-app-jagels-v-state.pdf",
    ] {
        let findings = json(&[&format!("fixtures/ingest/real/{file}")]);
        assert!(findings.is_empty(), "{file}: {findings:?}");
    }
}

/// The one BL002 notice a file that cannot be converted gets.
fn notice(path: &Path) -> String {
    let output = brieflint(&[
        "check",
        "--format",
        "json",
        "--exit-zero",
        path.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{path:?}: {stderr}");
    assert!(
        !stderr.contains("panicked") && !stderr.contains("internal error"),
        "{stderr}"
    );
    let findings: Vec<Value> = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(findings.len(), 1, "{path:?}: {findings:?}");
    assert_eq!(findings[0]["code"], "BL002");
    let message = findings[0]["message"].as_str().unwrap().to_string();
    assert!(!message.contains('\n'), "one line: {message}");
    message
}

#[test]
fn scanned_pdf_gets_the_ocr_notice() {
    let message = notice(&repo().join("fixtures/ingest/real/scanned-image-only.pdf"));
    assert!(
        message.contains("no text layer: run OCR first"),
        "{message}"
    );
}

struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir =
            std::env::temp_dir().join(format!("brieflint-ingest-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }
    fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.0.join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn bad_input_gets_a_one_line_notice_never_a_crash() {
    let scratch = Scratch::new("hostile");
    let docx = std::fs::read(repo().join("fixtures/ingest/acme.pandoc.docx")).unwrap();
    let pdf = std::fs::read(repo().join("fixtures/ingest/acme.pdf")).unwrap();
    let hostile = |name: &str| repo().join("fixtures/ingest/hostile").join(name);

    let cases: Vec<(PathBuf, &str)> = vec![
        (
            hostile("acme-encrypted.pdf"),
            "encrypted or password-protected",
        ),
        (
            hostile("acme-zipcrypto.docx"),
            "password-protected or encrypted",
        ),
        (hostile("bomb.docx"), "decompression bomb"),
        (
            scratch.write("truncated.docx", &docx[..docx.len() / 2]),
            "not a readable zip archive",
        ),
        (
            scratch.write(
                "garbage.docx",
                b"PK\x03\x04 this is not a zip archive at all",
            ),
            "not a readable zip archive",
        ),
        (
            // What Word writes for a password-protected .docx: an OLE compound file.
            scratch.write(
                "protected.docx",
                &[
                    &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1][..],
                    &[0u8; 504][..],
                ]
                .concat(),
            ),
            "password-protected or encrypted Word file",
        ),
        (scratch.write("empty.pdf", b""), "empty"),
        (scratch.write("not-a.pdf", b"GIF89a......"), "not a PDF"),
        (
            scratch.write("truncated.pdf", &pdf[..pdf.len() / 2]),
            "cannot be read",
        ),
        (
            scratch.write("broken-xref.pdf", &broken_startxref(&pdf)),
            "the PDF",
        ),
    ];
    for (path, expected) in &cases {
        let message = notice(path);
        assert!(message.contains(expected), "{path:?}: {message}");
    }
}

/// `pdf` with its `startxref` offset pointing nowhere.
fn broken_startxref(pdf: &[u8]) -> Vec<u8> {
    let at = pdf
        .windows(9)
        .rposition(|w| w == b"startxref")
        .expect("a startxref");
    let mut out = pdf[..at].to_vec();
    out.extend_from_slice(b"startxref\n999999\n%%EOF\n");
    out
}

#[test]
fn a_docm_is_read_as_text_only() {
    let scratch = Scratch::new("docm");
    let docx = std::fs::read(repo().join("fixtures/ingest/acme.pandoc.docx")).unwrap();
    let docm = scratch.write("responses.docm", &docx);
    let findings = json(&[docm.to_str().unwrap()]);
    assert_eq!(findings.len(), 17);
}

#[test]
fn large_files_get_a_notice_within_bounds() {
    let scratch = Scratch::new("large");
    // 50 MB that says it is a PDF and is not one.
    let mut fake = b"%PDF-1.7\n".to_vec();
    fake.resize(50 << 20, b'x');
    let message = notice(&scratch.write("fifty.pdf", &fake));
    assert!(message.contains("cannot be read"), "{message}");
    // Over the 64 MiB input limit: refused before it is read.
    let path = scratch.0.join("seventy.pdf");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(70 << 20).unwrap();
    let message = notice(&path);
    assert!(message.contains("over the"), "{message}");
}

fn letter(args: &[&str]) -> String {
    let mut all = vec!["letter"];
    all.extend_from_slice(args);
    let output = brieflint(&all);
    assert!(
        output.status.success(),
        "{all:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout(&output)
}

#[test]
fn deficiency_letter_snapshot() {
    let scratch = Scratch::new("letter");
    let config = scratch.write(
        "brieflint.toml",
        br#"court = "N.D. Ill."

[letter]
caption = "Northwind Medical, Inc. v. Acme Corp."
case-number = "No. 1:26-cv-04417"
client = "Plaintiff Northwind Medical, Inc."
recipient = ["Counsel for Defendant Acme Corp.", "Hollis & Grant LLP"]
sender = ["[Name]", "Counsel for Plaintiff Northwind Medical, Inc."]
"#,
    );
    let text = letter(&[
        "--config",
        config.to_str().unwrap(),
        "fixtures/ingest/acme-numbered.docx",
    ]);
    insta::assert_snapshot!("deficiency_letter_acme_docx", text);
}

#[test]
fn the_letter_states_only_what_findings_and_verified_authorities_support() {
    let text = letter(&["fixtures/ingest/acme.pdf"]);
    // One section per deficient response, with its place in the PDF.
    for n in [2, 4, 5, 8, 9] {
        assert!(
            text.contains(&format!(
                "## Response to Request for Production No. {n} (page "
            )),
            "{n}: {text}"
        );
    }
    // Responses 1, 3, 6, 7 and 10 have no finding, so no section.
    for n in [1, 3, 6, 7, 10] {
        assert!(
            !text.contains(&format!("Request for Production No. {n} (")),
            "{n}: {text}"
        );
    }
    // Objections quoted exactly as served.
    assert!(text.contains(
        "> \"Acme objects to this Request as vague and ambiguous, and further objects that it seeks information equally available to Plaintiff.\""
    ));
    // Only verified authorities are cited: every "Fed. R. Civ. P." and no case.
    assert!(!text.contains(" v. "), "{text}");
    assert!(!text.contains("F.R.D."), "{text}");
    // No court configured: the federal rule alone, and what is unknown is a placeholder.
    assert!(
        text.contains("under Fed. R. Civ. P. 37(a)(1), in an effort"),
        "{text}"
    );
    assert!(
        text.contains("[proposed conference date and time]"),
        "{text}"
    );
    assert!(text.contains("[caption]"), "{text}");
}

#[test]
fn the_language_server_reviews_responses_on_a_read_only_rendering() {
    let mut client = lsp_client::LspClient::spawn();
    client.initialize(json!({}), Some(&repo().display().to_string()));
    let pdf = repo().join("fixtures/ingest/acme.pdf");
    let review = client.request(
        "brieflint/reviewResponses",
        json!({"uri": format!("file://{}", pdf.display())}),
    );
    let markdown = review["markdown"].as_str().unwrap();
    assert_eq!(
        markdown,
        render("fixtures/ingest/acme.pdf"),
        "the CLI's rendering"
    );
    let diagnostics = review["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 17, "{diagnostics:?}");
    let lines = markdown.lines().count() as u64;
    for d in diagnostics {
        assert!(d["range"]["start"]["line"].as_u64().unwrap() < lines);
        assert_eq!(d["data"]["origin"]["kind"], "page", "{d}");
        assert!(d["message"].as_str().unwrap().contains("[page "), "{d}");
    }
    // A file that cannot be read: one notice, and the server goes on.
    let bomb = repo().join("fixtures/ingest/hostile/bomb.docx");
    let review = client.request(
        "brieflint/reviewResponses",
        json!({"uri": format!("file://{}", bomb.display())}),
    );
    let diagnostics = review["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0]["code"], "BL002");
    let not_a_file = client.request_raw(
        "brieflint/reviewResponses",
        json!({"uri": "https://example.com/responses.pdf"}),
    );
    assert!(not_a_file.get("error").is_some(), "{not_a_file}");
    assert!(client.is_running());
    client.shutdown();
}

#[test]
fn a_folder_check_collects_docx_and_pdf_with_their_locations() {
    let scratch = Scratch::new("folder");
    std::fs::create_dir_all(scratch.0.join("served/older")).unwrap();
    for (from, to) in [
        ("fixtures/ingest/acme.pdf", "served/acme.pdf"),
        (
            "fixtures/ingest/acme-numbered.docx",
            "served/older/ACME.DOCX",
        ),
        (
            "fixtures/discovery/acme-rfp-responses.md",
            "served/acme-rfp-responses.md",
        ),
    ] {
        std::fs::copy(repo().join(from), scratch.0.join(to)).unwrap();
    }
    // Skipped: hidden and build folders, whatever they hold.
    std::fs::create_dir_all(scratch.0.join("served/.cache")).unwrap();
    std::fs::copy(
        repo().join("fixtures/ingest/acme.pdf"),
        scratch.0.join("served/.cache/copy.pdf"),
    )
    .unwrap();
    #[cfg(unix)]
    {
        // A link named like responses is never followed; a FIFO never opened (it would
        // block); a sparse file over the input limit is refused by its size, unread.
        std::os::unix::fs::symlink(
            repo().join("fixtures/ingest/acme.pdf"),
            scratch.0.join("served/linked.pdf"),
        )
        .unwrap();
        let _ = Command::new("mkfifo")
            .arg(scratch.0.join("served/pipe.docx"))
            .status();
        std::fs::File::create(scratch.0.join("served/huge.pdf"))
            .unwrap()
            .set_len(70 << 20)
            .unwrap();
    }
    let folder = scratch.0.join("served");
    let output = brieflint(&[
        "check",
        "--format",
        "json",
        "--exit-zero",
        folder.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let findings: Vec<Value> = serde_json::from_slice(&output.stdout).unwrap();
    let of = |name: &str| -> Vec<&Value> {
        findings
            .iter()
            .filter(|f| f["path"].as_str().unwrap().ends_with(name))
            .collect()
    };
    // The same findings as when each file is named, located in the original.
    let named = |path: &str| json(&[path]).len();
    let pdf = of("served/acme.pdf");
    assert_eq!(pdf.len(), named("fixtures/ingest/acme.pdf"), "{findings:?}");
    assert!(pdf.iter().all(|f| f["origin"]["kind"] == "page"), "{pdf:?}");
    let docx = of("older/ACME.DOCX");
    assert_eq!(docx.len(), named("fixtures/ingest/acme-numbered.docx"));
    assert!(docx.iter().all(|f| f["origin"]["kind"] == "paragraph"));
    assert_eq!(of("acme-rfp-responses.md").len(), 17);
    assert!(of("copy.pdf").is_empty(), "hidden folders are skipped");
    assert!(of("linked.pdf").is_empty() && of("pipe.docx").is_empty());
    #[cfg(unix)]
    {
        assert!(
            stderr.contains("linked.pdf: a symbolic link, not followed"),
            "{stderr}"
        );
        let huge = of("huge.pdf");
        assert_eq!(huge.len(), 1, "{huge:?}");
        assert_eq!(huge[0]["code"], "BL002");
        assert!(huge[0]["message"].as_str().unwrap().contains("over the"));
    }
    // The human report names pages and paragraphs as for a named file.
    let human = stdout(&brieflint(&[
        "check",
        "--exit-zero",
        folder.to_str().unwrap(),
    ]));
    assert!(human.contains("= at page "), "{human}");
    assert!(
        human.contains("= at Response to Request for Production No. 5, paragraph "),
        "{human}"
    );
}

/// (code, request number) of each finding on `text` (Markdown, or a conversion's
/// rendering): the number of the response unit brieflint's discovery analysis puts the
/// finding in, so that a .docx or PDF and its Markdown source are compared request by
/// request.
fn by_request(text: &str, findings: &[Value]) -> Vec<(String, Option<String>)> {
    use brieflint_core::position::{position_to_offset, Encoding, Position};
    let structure = brieflint_core::markdown::parse(text);
    let discovery = brieflint_core::discovery::analyze(text, &structure, None);
    let rope = ropey::Rope::from_str(text);
    let mut out: Vec<(String, Option<String>)> = findings
        .iter()
        .map(|f| {
            let start = &f["range"]["start"];
            let offset = position_to_offset(
                &rope,
                Position {
                    line: start["line"].as_u64().unwrap() as u32,
                    character: start["character"].as_u64().unwrap() as u32,
                },
                Encoding::Utf16,
            );
            let number = discovery
                .units
                .iter()
                .rfind(|u| u.label.start <= offset)
                .and_then(|u| u.number.clone());
            (f["code"].as_str().unwrap().to_string(), number)
        })
        .collect();
    out.sort();
    out
}

/// Each generated file of a manifest (scripts/gen-ingest-fixtures.py) gives the findings
/// of the Markdown it was made from, HTML comments removed as the script removes them:
/// the same codes for the same request numbers. The committed files by default;
/// scripts/test regenerates them, with every response fixture, by pandoc and LibreOffice
/// into target/ingest-fixtures/ and points BRIEFLINT_INGEST_GENERATED there.
#[test]
fn generated_docx_and_pdf_give_the_findings_of_their_markdown() {
    let folder = std::env::var("BRIEFLINT_INGEST_GENERATED")
        .map(PathBuf::from)
        .unwrap_or_else(|_| repo().join("fixtures/ingest"));
    let manifest = std::fs::read_to_string(folder.join("manifest.tsv"))
        .unwrap_or_else(|e| panic!("{}: {e}", folder.join("manifest.tsv").display()));
    let scratch = Scratch::new("generated");
    let comments = regex::Regex::new(r"(?s)<!--.*?-->\n*").unwrap();
    let mut markdown: std::collections::HashMap<String, Vec<(String, Option<String>)>> =
        Default::default();
    let mut failures = Vec::new();
    let mut compared = 0;
    for row in manifest
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        let (source, generated) = row.split_once('\t').expect("source<TAB>file");
        let expected = markdown.entry(source.to_string()).or_insert_with(|| {
            let text = std::fs::read_to_string(repo().join(source)).unwrap();
            let text = comments.replace_all(&text, "").into_owned();
            let copy = scratch.write(
                &format!("{}.md", source.replace(['/', '.'], "-")),
                text.as_bytes(),
            );
            by_request(&text, &json(&[copy.to_str().unwrap()]))
        });
        let path = folder.join(generated);
        let path = path.to_str().unwrap();
        let findings = json(&[path]);
        for f in &findings {
            assert!(f["origin"].is_object(), "{generated}: no origin: {f}");
        }
        let got = by_request(&render(path), &findings);
        compared += 1;
        if &got != expected {
            failures.push(format!(
                "{generated} (from {source}):\n  Markdown {expected:?}\n  got      {got:?}"
            ));
        }
    }
    assert!(compared >= 6, "{compared} files compared");
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn chinese_in_a_libreoffice_pdf_is_read_as_written() {
    // Made by pandoc and LibreOffice with a CJK font (fixtures/ingest/SOURCES.txt).
    let text = render("fixtures/ingest/cjk/guoli-pipl-responses.pdf");
    for words in [
        "Wang Wei (王伟) and Li Na (李娜)",
        "titled 《产品质量报告》.",
        "its custodians 王伟 and 李娜, who work in GuoLi’s office in 北京市,",
    ] {
        assert!(text.contains(words), "{words}: {text}");
    }
    // The end of a sentence wrapped onto its own line is no heading.
    assert!(!text.contains("## 质量报告"), "{text}");
    // The letter quotes the names as served.
    let letter = letter(&["fixtures/ingest/cjk/guoli-pipl-responses.pdf"]);
    assert!(
        letter.contains(
            "the emails of its custodians 王伟 and 李娜, who work in GuoLi’s office in 北京市,"
        ),
        "{letter}"
    );
}
