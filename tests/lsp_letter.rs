//! The language server's `brieflint.letter.draft` command (`workspace/executeCommand`),
//! behind the editors' "brieflint: Draft deficiency letter": the same letter as `brieflint
//! letter`, for .docx, .pdf and Markdown responses, an open buffer's unsaved text winning
//! over its file (issue 16).

mod support;

use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Command;
use support::files::{repo, scratch, uri_of};
use support::lsp_client;

struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        Scratch(scratch(&format!("lsp-letter-{name}")))
    }
    fn uri(&self, name: &str) -> String {
        uri_of(&self.0.join(name))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

const CONFIG: &str = r#"court = "N.D. Ill."

[letter]
caption = "Northwind Medical, Inc. v. Acme Corp."
case-number = "No. 1:26-cv-04417"
client = "Plaintiff Northwind Medical, Inc."
recipient = ["Counsel for Defendant Acme Corp.", "Hollis & Grant LLP"]
"#;

/// `brieflint letter FILES...` run in `dir`.
fn cli_letter(dir: &Path, files: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_brieflint"))
        .arg("letter")
        .args(files)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

fn draft(client: &mut lsp_client::LspClient, arguments: Value) -> Value {
    client.request_raw(
        "workspace/executeCommand",
        json!({"command": "brieflint.letter.draft", "arguments": arguments}),
    )
}

#[test]
fn the_server_drafts_the_letter_the_cli_drafts() {
    let scratch = Scratch::new("same");
    std::fs::write(scratch.0.join("brieflint.toml"), CONFIG).unwrap();
    for file in ["acme-numbered.docx", "acme.pdf"] {
        std::fs::copy(
            repo().join("fixtures/ingest").join(file),
            scratch.0.join(file),
        )
        .unwrap();
    }
    let mut client = lsp_client::LspClient::spawn();
    let init = client.initialize(json!({}), Some(&scratch.0.display().to_string()));
    assert_eq!(
        init["capabilities"]["executeCommandProvider"]["commands"],
        json!(["brieflint.letter.draft"])
    );
    // One .docx; then a .docx and a PDF together, as one array argument.
    for files in [
        vec!["acme-numbered.docx"],
        vec!["acme-numbered.docx", "acme.pdf"],
    ] {
        let uris: Vec<String> = files.iter().map(|f| scratch.uri(f)).collect();
        let answer = draft(&mut client, json!([uris]));
        let markdown = answer["result"]["markdown"]
            .as_str()
            .unwrap_or_else(|| panic!("{answer}"));
        assert_eq!(markdown, cli_letter(&scratch.0, &files), "{files:?}");
        // The configuration's [letter] table and court, and the places in the original.
        assert!(
            markdown.contains("**Re: Northwind Medical, Inc. v. Acme Corp., No. 1:26-cv-04417:")
        );
        assert!(markdown.contains("the court (N.D. Ill.)"), "{markdown}");
        assert!(
            markdown.contains("## Response to Request for Production No. 5 (paragraph "),
            "{markdown}"
        );
    }
    assert!(client.is_running());
    client.shutdown();
}

#[test]
fn an_open_buffer_wins_over_its_file() {
    let scratch = Scratch::new("buffer");
    let original =
        std::fs::read_to_string(repo().join("fixtures/discovery/acme-rfp-responses.md")).unwrap();
    std::fs::write(scratch.0.join("responses.md"), &original).unwrap();
    let mut client = lsp_client::LspClient::spawn();
    client.initialize(json!({}), Some(&scratch.0.display().to_string()));
    let uri = scratch.uri("responses.md");
    // From disk, not open: no configuration, so placeholders.
    let from_disk = draft(&mut client, json!([uri]))["result"]["markdown"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(from_disk, cli_letter(&scratch.0, &["responses.md"]));
    assert!(from_disk.contains("[caption]"));
    // Open, with an objection the file does not hold: the letter quotes the buffer.
    let edited = original.replacen(
        "Acme objects to this Request as vague and ambiguous,",
        "Acme objects to this Request as hopelessly vague and ambiguous,",
        1,
    );
    assert_ne!(edited, original);
    client.open(&uri, &edited, 1);
    let from_buffer = draft(&mut client, json!([uri]))["result"]["markdown"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        from_buffer.contains("> \"Acme objects to this Request as hopelessly vague and ambiguous,"),
        "{from_buffer}"
    );
    client.shutdown();
}

#[test]
fn bad_arguments_and_unreadable_files_are_errors_naming_them() {
    let scratch = Scratch::new("bad");
    std::fs::copy(
        repo().join("fixtures/ingest/hostile/bomb.docx"),
        scratch.0.join("bomb.docx"),
    )
    .unwrap();
    let mut client = lsp_client::LspClient::spawn();
    client.initialize(json!({}), Some(&scratch.0.display().to_string()));
    let message = |answer: &Value| -> String {
        answer["error"]["message"]
            .as_str()
            .unwrap_or_else(|| panic!("an error: {answer}"))
            .to_string()
    };
    assert!(message(&draft(&mut client, json!([]))).contains("needs the URI"));
    assert!(message(&draft(&mut client, json!([42]))).contains("URIs"));
    assert!(message(&draft(
        &mut client,
        json!(["https://example.com/responses.pdf"])
    ))
    .contains("neither a file on disk nor an open document"));
    let bomb = message(&draft(&mut client, json!([scratch.uri("bomb.docx")])));
    assert!(
        bomb.starts_with("bomb.docx: Not analyzed:") && bomb.contains("unpacks to more than"),
        "{bomb}"
    );
    let missing = message(&draft(&mut client, json!([scratch.uri("missing.pdf")])));
    assert!(missing.starts_with("missing.pdf: "), "{missing}");
    let unknown = client.request_raw(
        "workspace/executeCommand",
        json!({"command": "brieflint.nothing", "arguments": []}),
    );
    assert!(message(&unknown).contains("unknown command"));
    assert!(client.is_running());
    client.shutdown();
}
