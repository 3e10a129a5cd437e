//! End-to-end tests of `brieflint check` and `brieflint rules` on the shipped fixtures.

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
mod support;

use std::process::Command;
use support::cli::brieflint;
use support::files::{repo, scratch};

fn markdown_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            // The accuracy corpus is real text, labelled in its own manifest and measured
            // by tests/accuracy.rs, not fixtures with an expect line.
            if path.ends_with("fixtures/corpus") {
                continue;
            }
            markdown_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
}

/// The fixture folders (`fixtures/` without the accuracy corpus), as `check` arguments.
fn fixture_dirs() -> Vec<String> {
    let mut dirs: Vec<String> = std::fs::read_dir(repo().join("fixtures"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| !p.ends_with("fixtures/corpus"))
        .map(|p| format!("fixtures/{}", p.file_name().unwrap().to_string_lossy()))
        .collect();
    dirs.sort();
    dirs
}

/// `brieflint check ARGS... <every fixture folder>`.
fn check_fixtures(args: &[&str]) -> std::process::Output {
    let dirs = fixture_dirs();
    let mut all: Vec<&str> = vec!["check"];
    all.extend_from_slice(args);
    all.extend(dirs.iter().map(String::as_str));
    brieflint(&all)
}

/// The `<!-- expect: BL101=3 BL102=1 -->` line at the top of a fixture.
fn expectation(text: &str) -> BTreeMap<String, usize> {
    // The first line, or the first after the front matter.
    let first = text
        .lines()
        .find(|l| l.starts_with("<!-- expect:"))
        .unwrap_or_else(|| text.lines().next().unwrap_or_default());
    let body = first
        .strip_prefix("<!-- expect:")
        .and_then(|s| s.strip_suffix("-->"))
        .unwrap_or_else(|| panic!("fixture lacks an expect line: {first}"));
    body.split_whitespace()
        .filter(|s| *s != "none")
        .map(|pair| {
            let (code, count) = pair.split_once('=').unwrap();
            (code.to_string(), count.parse().unwrap())
        })
        .collect()
}

#[test]
fn every_fixture_gives_exactly_its_expected_findings() {
    let mut files = Vec::new();
    markdown_files(&repo().join("fixtures"), &mut files);
    files.sort();
    assert!(files.len() >= 25, "fixtures missing: {}", files.len());
    let mut failures = Vec::new();
    for file in &files {
        let text = String::from_utf8_lossy(&std::fs::read(file).unwrap()).into_owned();
        let expected = expectation(&text);
        let output = brieflint(&["check", "--format", "json", file.to_str().unwrap()]);
        let findings: Vec<Value> = serde_json::from_slice(&output.stdout).unwrap();
        let mut got = BTreeMap::new();
        for f in &findings {
            *got.entry(f["code"].as_str().unwrap().to_string())
                .or_insert(0) += 1;
        }
        if got != expected {
            failures.push(format!(
                "{}: expected {expected:?}, got {got:?}",
                file.display()
            ));
        }
        let blocking = findings
            .iter()
            .any(|f| f["severity"] == "error" || f["severity"] == "warning");
        let expected_status = if blocking { 1 } else { 0 };
        assert_eq!(
            output.status.code(),
            Some(expected_status),
            "{}",
            file.display()
        );
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn rule_fixtures_exist_for_every_rule() {
    let output = brieflint(&["rules"]);
    let listing = String::from_utf8(output.stdout).unwrap();
    for line in listing.lines() {
        let code = line.split_whitespace().next().unwrap();
        // BL000 reports a rule that failed; only fault injection can make it fire. BL004
        // reports the editor's index cut at its file limit; the CLI never cuts a record
        // (tests/hostile.rs makes the server report it).
        if code == "BL000" || code == "BL004" {
            continue;
        }
        for kind in ["fire", "no-fire", "near-miss"] {
            let path = repo().join(format!("fixtures/rules/{code}/{kind}.md"));
            assert!(path.is_file(), "missing {}", path.display());
        }
        // A rule reported at most once per filing (BL304, BL501, BL502) shows its three
        // firing cases in fire.md and further fire-*.md files.
        let mut fired = 0;
        for entry in std::fs::read_dir(repo().join(format!("fixtures/rules/{code}"))).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            if name == "fire.md" || (name.starts_with("fire-") && name.ends_with(".md")) {
                let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
                fired += expectation(&text).get(code).copied().unwrap_or(0);
            }
        }
        assert!(fired >= 3, "{code} fire.md and fire-*.md: {fired}");
    }
}

#[test]
fn json_report_is_pinned() {
    let output = check_fixtures(&["--format", "json"]);
    assert_eq!(output.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    for finding in report.as_array().unwrap() {
        for key in [
            "path",
            "code",
            "name",
            "severity",
            "message",
            "range",
            "authorities",
            "fixes",
        ] {
            assert!(finding.get(key).is_some(), "{key} missing in {finding}");
        }
        // brieflint's own notices and the drafting checks have no legal source.
        let no_source = matches!(
            finding["code"].as_str(),
            Some("BL000" | "BL001" | "BL002" | "BL003" | "BL601" | "BL602")
        );
        assert_eq!(
            finding["authorities"].as_array().unwrap().is_empty(),
            no_source,
            "{finding}"
        );
    }
    insta::assert_json_snapshot!("check_fixtures_json", report);
}

#[test]
fn sarif_report_has_rules_and_results() {
    let json = check_fixtures(&["--format", "json"]);
    let json: Vec<Value> = serde_json::from_slice(&json.stdout).unwrap();
    let output = check_fixtures(&["--format", "sarif"]);
    assert_eq!(output.status.code(), Some(1));
    let sarif: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let run = &sarif["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let listed = String::from_utf8(brieflint(&["rules"]).stdout)
        .unwrap()
        .lines()
        .count();
    assert_eq!(rules.len(), listed);
    for rule in rules {
        assert!(rule["helpUri"].as_str().unwrap().starts_with("https://"));
        assert!(rule["help"]["markdown"]
            .as_str()
            .unwrap()
            .contains("## What it flags"));
    }
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), json.len());
    for (result, finding) in results.iter().zip(&json) {
        assert_eq!(result["ruleId"], finding["code"]);
        let region = &result["locations"][0]["physicalLocation"]["region"];
        assert_eq!(
            region["startLine"],
            finding["range"]["start"]["line"].as_u64().unwrap() + 1
        );
        assert_eq!(
            region["startColumn"],
            finding["range"]["start"]["character"].as_u64().unwrap() + 1
        );
        assert_eq!(
            rules[result["ruleIndex"].as_u64().unwrap() as usize]["id"],
            result["ruleId"]
        );
    }
}

#[test]
fn human_report_points_at_the_objection() {
    let output = brieflint(&["check", "fixtures/rules/BL101/fire.md"]);
    assert_eq!(output.status.code(), Some(1));
    let text = String::from_utf8(output.stdout).unwrap();
    let first = text.lines().next().unwrap();
    assert!(
        first.starts_with("fixtures/rules/BL101/fire.md:"),
        "{first}"
    );
    assert!(
        first.contains(": warning[BL101] boilerplate-objection: "),
        "{first}"
    );
    assert!(
        text.lines()
            .any(|l| l.trim_start().starts_with("| ") && l.trim_end().ends_with("^^^^")),
        "{text}"
    );
    // The fix is shown as the text it would insert, not only by its title.
    assert!(
        text.lines()
            .any(|l| l.trim_start().starts_with("+ because [state")),
        "{text}"
    );
    // A long paragraph is cut to the words around the span, not printed whole.
    assert!(
        text.lines()
            .filter(|l| l.contains(" | "))
            .all(|l| l.chars().count() < 200),
        "{text}"
    );
    assert!(text.contains("finding(s) in 1 of 1 file(s)"));
}

#[test]
fn exit_codes() {
    assert_eq!(
        brieflint(&["check", "fixtures/prose"]).status.code(),
        Some(0)
    );
    // BL101 is a warning; failing only on errors passes.
    assert_eq!(
        brieflint(&[
            "check",
            "--fail-on",
            "error",
            "fixtures/rules/BL101/fire.md"
        ])
        .status
        .code(),
        Some(0)
    );
    assert_eq!(
        brieflint(&[
            "check",
            "--fail-on",
            "error",
            "fixtures/rules/BL105/fire.md"
        ])
        .status
        .code(),
        Some(1)
    );
    assert_eq!(check_fixtures(&["--exit-zero"]).status.code(), Some(0));
    let missing = brieflint(&["check", "no/such/file.md"]);
    assert_eq!(missing.status.code(), Some(2));
    let stderr = String::from_utf8(missing.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("brieflint: no/such/file.md:"),
        "{stderr}"
    );
    assert_eq!(
        brieflint(&["check", "--format", "xml"]).status.code(),
        Some(2)
    );
    assert_eq!(brieflint(&["rules", "BL999"]).status.code(), Some(2));
}

#[test]
fn rules_command_lists_and_documents() {
    let output = brieflint(&["rules"]);
    let listing = String::from_utf8(output.stdout).unwrap();
    assert!(listing.lines().count() >= 10);
    assert!(listing
        .lines()
        .any(|l| l.starts_with("BL101  boilerplate-objection")));
    let output = brieflint(&["rules", "subject-to-without-waiving"]);
    let doc = String::from_utf8(output.stdout).unwrap();
    assert!(doc.starts_with("# BL104 subject-to-without-waiving"));
    for section in [
        "## What it flags",
        "## Why courts care",
        "## Example",
        "## Fix",
        "## Authorities",
    ] {
        assert!(doc.contains(section), "{section}");
    }
}

#[test]
fn config_is_found_by_walking_up_and_errors_are_clear() {
    let dir = scratch("cli-config");
    let nested = dir.join("matter/responses");
    std::fs::create_dir_all(&nested).unwrap();
    let file = nested.join("responses.md");
    std::fs::write(
        &file,
        "REQUEST FOR PRODUCTION NO. 1: x\n\nRESPONSE: Acme objects to this Request as unreasonably cumulative of Request No. 2.\n",
    )
    .unwrap();
    let file = file.to_str().unwrap();
    // "cumulative" is a ground; BL102 is turned off by the config two folders up.
    std::fs::write(
        dir.join("brieflint.toml"),
        "[rules]\nmissing-withholding-statement = \"off\"\n",
    )
    .unwrap();
    let output = brieflint(&["check", "--format", "json", file]);
    let findings: Vec<Value> = serde_json::from_slice(&output.stdout).unwrap();
    let codes: Vec<&str> = findings
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["BL101"]);

    std::fs::write(dir.join("brieflint.toml"), "[rules]\nBL101 = \"loud\"\n").unwrap();
    let output = brieflint(&["check", file]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains(
            "brieflint.toml:2: invalid brieflint.toml: rule BL101: unknown level \"loud\""
        ),
        "{stderr}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn suppression_comments() {
    let dir = scratch("cli-suppress");
    let body = "REQUEST FOR PRODUCTION NO. 1: x\n\nRESPONSE: Acme objects to this Request as overly broad. Nothing is being withheld.\n";
    let cases = [
        (format!("<!-- brieflint-disable-file -->\n\n{body}"), 0),
        (format!("<!-- brieflint-disable-file BL102 -->\n\n{body}"), 1),
        (body.replace("RESPONSE:", "<!-- brieflint-disable-next-line BL101 -->\nRESPONSE:"), 0),
        (body.replace("RESPONSE:", "<!-- brieflint-disable-next-line BL105 -->\nRESPONSE:"), 1),
        (format!("<!-- brieflint-disable boilerplate-objection -->\n{body}\n<!-- brieflint-enable boilerplate-objection -->\n\n{body}"), 1),
    ];
    for (index, (text, count)) in cases.iter().enumerate() {
        let path = dir.join(format!("case{index}.md"));
        std::fs::write(&path, text).unwrap();
        let output = brieflint(&["check", "--format", "json", path.to_str().unwrap()]);
        let findings: Vec<Value> = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(findings.len(), *count, "case {index}: {findings:?}");
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn odd_input_is_linted_not_fatal() {
    let dir = scratch("cli-odd");
    // Invalid UTF-8, CRLF, a file that is not text and an empty file.
    let bytes = b"REQUEST FOR PRODUCTION NO. 1: x\r\n\r\nRESPONSE: Acme objects to this Request as vague.\xff\xfe\r\n trailing";
    std::fs::write(dir.join("bad.md"), bytes).unwrap();
    std::fs::write(
        dir.join("scan.md"),
        b"%PDF-1.4\n\0\0\x01\x02 RESPONSE: Acme objects.",
    )
    .unwrap();
    std::fs::write(dir.join("empty.markdown"), b"").unwrap();
    std::fs::write(dir.join("notes.txt"), b"ignored: not markdown").unwrap();
    let output = brieflint(&["check", "--format", "json", dir.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("not valid UTF-8"), "{stderr}");
    let findings: Vec<Value> = serde_json::from_slice(&output.stdout).unwrap();
    assert!(findings.iter().any(|f| f["code"] == "BL101"));
    // The file that is not text gets one finding saying so, and nothing else.
    let scan: Vec<&Value> = findings
        .iter()
        .filter(|f| f["path"].as_str().unwrap().ends_with("scan.md"))
        .collect();
    assert_eq!(scan.len(), 1, "{scan:?}");
    assert_eq!(scan[0]["code"], "BL002");
    assert!(findings.iter().all(|f| {
        let path = f["path"].as_str().unwrap();
        path.ends_with("bad.md") || path.ends_with("scan.md")
    }));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_failing_rule_is_reported_not_fatal() {
    let output = Command::new(env!("CARGO_BIN_EXE_brieflint"))
        .args(["check", "--format", "json", "fixtures/rules/BL105/fire.md"])
        .env("BRIEFLINT_FAULT_INJECT", "BL105")
        .current_dir(repo())
        .output()
        .unwrap();
    let findings: Vec<Value> = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0]["code"], "BL000");
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("details withheld"), "{stderr}");
    assert!(
        !stderr.contains("fault injected"),
        "the panic message is not printed: {stderr}"
    );
}

/// Byte offset of an LSP-style (line, UTF-16 character) position in `text`.
fn byte_offset(text: &str, position: &Value) -> usize {
    let line = position["line"].as_u64().unwrap() as usize;
    let character = position["character"].as_u64().unwrap() as usize;
    let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
    let mut units = 0;
    for (i, c) in text[start..].char_indices() {
        if units >= character || c == '\n' {
            return start + i;
        }
        units += c.len_utf16();
    }
    text.len()
}

/// Every quick fix of the blocking-statute, AEO and meet-and-confer rules, applied through
/// the JSON report, removes a finding of its code when the file is checked again.
#[test]
fn blocking_statute_aeo_and_meet_and_confer_fixes_remove_their_findings() {
    let dir = scratch("cli-fixes");
    let mut checked = 0;
    for code in [
        "BL301", "BL302", "BL303", "BL304", "BL401", "BL501", "BL502",
    ] {
        let mut files = Vec::new();
        markdown_files(&repo().join(format!("fixtures/rules/{code}")), &mut files);
        files.sort();
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            let report = |path: &Path| -> Vec<Value> {
                let output = brieflint(&["check", "--format", "json", path.to_str().unwrap()]);
                serde_json::from_slice(&output.stdout).unwrap()
            };
            let findings = report(&file);
            let count = |fs: &[Value], c: &str| fs.iter().filter(|f| f["code"] == c).count();
            for finding in findings.iter().filter(|f| f["code"] == code) {
                let fixes = finding["fixes"].as_array().unwrap();
                assert!(!fixes.is_empty(), "{}: {finding}", file.display());
                for fix in fixes {
                    let mut edits: Vec<(usize, usize, String)> = fix["edits"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|e| {
                            (
                                byte_offset(&text, &e["range"]["start"]),
                                byte_offset(&text, &e["range"]["end"]),
                                e["newText"].as_str().unwrap().to_string(),
                            )
                        })
                        .collect();
                    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
                    let mut fixed = text.clone();
                    for (start, end, new_text) in edits {
                        fixed.replace_range(start..end, &new_text);
                    }
                    let path = dir.join(file.file_name().unwrap());
                    std::fs::write(&path, &fixed).unwrap();
                    let after = report(&path);
                    assert!(
                        count(&after, code) < count(&findings, code),
                        "{}: {} did not remove {code}:\n{fixed}",
                        file.display(),
                        fix["title"]
                    );
                    checked += 1;
                }
            }
        }
    }
    assert!(checked >= 20, "checked {checked}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_binary_file_gets_the_notice_and_none_of_its_bytes() {
    let dir = scratch("cli-binary");
    let mut bytes = b"\x7fELF\x02\x01\x01\x00\x00\x00\x1b[31mred\x00\xff\xfe".to_vec();
    bytes.extend(std::iter::repeat_n(0u8, 64));
    std::fs::write(dir.join("scan.md"), &bytes).unwrap();
    let output = brieflint(&["check", dir.join("scan.md").to_str().unwrap()]);
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("[BL002] not-analyzed"), "{text}");
    assert!(
        !text.contains("ELF") && !text.contains('\u{1b}') && !text.contains('\u{FFFD}'),
        "{text:?}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_reader_that_stops_reading_is_no_error() {
    // `brieflint rules | head`: the reader closes the pipe before brieflint writes.
    for args in [
        &["rules"][..],
        &["rules", "BL501"],
        &[
            "authorities",
            "fixtures/rules/BL201/fire-docket-citation.md",
        ],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_brieflint"))
            .args(args)
            .current_dir(repo())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("internal error"), "{args:?}: {stderr}");
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
    }
}
