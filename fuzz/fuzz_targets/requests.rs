//! Every request at arbitrary positions of texts built from what breaks position code.
//!
//! The language server is driven in-process (`brieflint_lsp::build_service`, the
//! service `brieflint lsp` serves, without the panic boundary of `lsp/guard.rs`, so a
//! panic in a handler aborts the run as a crash): `initialize` in UTF-16 or UTF-8,
//! `didOpen` of a text assembled from curly quotes and apostrophes next to words, em
//! dashes, section signs, emoji and ZWJ sequences, combining marks, CJK, CRLF and lone
//! CR, front matter and discovery, citation and definition phrases; then up to 32
//! requests (hover, definition, references, prepareRename, rename, codeAction over a
//! range, documentLink, documentSymbol, the custom requests) at positions in and past
//! the text, with edits in between. Each request must be answered (a result, or an
//! error that is not an internal one) and nothing may panic.
#![no_main]

use arbitrary::{Arbitrary, Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use serde_json::{json, Value};
use tower_lsp::jsonrpc::Request;
use tower_lsp::lsp_types::Url;
use tower_service::Service;

const PIECES: &[&str] = &[
    "Defendant’s", "“Company”", "’", "“", "”", " — ", "§ 5", "¶ 12", "😀", "👩\u{200d}⚖\u{fe0f}",
    "e\u{301}", "王伟", "\r\n", "\r", "\n", "\n\n", " ", "a", "BL101", "(the “Agreement”)",
    "(\"Acme\")", " Acme ", "Fed. R. Civ. P. 34(b)(2)(C)", "Id. at 5", "706 F.3d 47, 60 (1st Cir. 2013)",
    "**RESPONSE TO REQUEST FOR PRODUCTION NO. 1:** ", "objects as overly broad and unduly burdensome.",
    "Subject to and without waiving", "[date]", "<!-- brieflint-disable-next-line BL101 -->",
    "---\ntitle: Defendant’s Responses\nkind: order\n---\n", "# MOTION FOR RECONSIDERATION\n",
    "Data Security Law art. 36", "`code`", "> quoted\n", "\u{feff}", "\u{2028}",
];

#[derive(Debug)]
struct Text(String);

impl<'a> Arbitrary<'a> for Text {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let mut text = String::new();
        for _ in 0..u.int_in_range(0..=60)? {
            if u.ratio(1, 8)? {
                text.push(u.arbitrary::<char>()?);
            } else {
                text.push_str(u.choose(PIECES)?);
            }
        }
        Ok(Text(text))
    }
}

#[derive(Arbitrary, Debug)]
enum Step {
    Request { method: u8, line: u16, character: u16, end_line: u16, end_character: u16 },
    Edit { line: u16, character: u16, remove: u8, insert: Text },
}

#[derive(Arbitrary, Debug)]
struct Session {
    utf8: bool,
    text: Text,
    steps: Vec<Step>,
}

const METHODS: &[&str] = &[
    "textDocument/hover",
    "textDocument/definition",
    "textDocument/references",
    "textDocument/prepareRename",
    "textDocument/rename",
    "textDocument/codeAction",
    "textDocument/documentLink",
    "textDocument/documentSymbol",
    "brieflint/tableOfAuthorities",
    "brieflint/recordIndex",
];

fn request(method: &str, id: i64, params: Value) -> Request {
    Request::build(method.to_string()).id(id).params(params).finish()
}

fn notification(method: &str, params: Value) -> Request {
    Request::build(method.to_string()).params(params).finish()
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap()
}

fuzz_target!(|session: Session| {
    if session.steps.len() > 32 {
        return;
    }
    runtime().block_on(async move {
        let (frames, mut published) = tokio::sync::mpsc::unbounded_channel();
        let (mut service, socket) = brieflint_lsp::build_service(frames);
        // Server-to-client messages are read and dropped: this client answers nothing.
        tokio::spawn(async move {
            use futures_util::StreamExt;
            let mut socket = socket;
            while socket.next().await.is_some() {}
        });
        tokio::spawn(async move { while published.recv().await.is_some() {} });
        let mut call = |message: Request| {
            let future = service.call(message);
            async move { future.await.expect("the service is running") }
        };
        let encodings = if session.utf8 { json!(["utf-8"]) } else { json!(["utf-16"]) };
        call(request(
            "initialize",
            1,
            json!({"processId": null, "rootUri": null,
                   "capabilities": {"general": {"positionEncodings": encodings}}}),
        ))
        .await;
        call(notification("initialized", json!({}))).await;
        let uri = Url::parse("file:///fuzz/responses.md").unwrap();
        call(notification(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1,
                                    "text": session.text.0}}),
        ))
        .await;
        let document = json!({"uri": uri});
        let mut version = 1;
        for (n, step) in session.steps.into_iter().enumerate() {
            match step {
                Step::Request { method, line, character, end_line, end_character } => {
                    let method = METHODS[method as usize % METHODS.len()];
                    let at = json!({"line": line % 64, "character": character % 256});
                    let end = json!({"line": end_line % 64, "character": end_character % 256});
                    let params = match method {
                        "textDocument/references" => json!({"textDocument": document,
                            "position": at, "context": {"includeDeclaration": true}}),
                        "textDocument/rename" => json!({"textDocument": document,
                            "position": at, "newName": "Firm"}),
                        "textDocument/codeAction" => json!({"textDocument": document,
                            "range": {"start": at, "end": end}, "context": {"diagnostics": []}}),
                        "textDocument/documentLink" | "textDocument/documentSymbol"
                        | "brieflint/tableOfAuthorities" => json!({"textDocument": document}),
                        "brieflint/recordIndex" => json!({}),
                        _ => json!({"textDocument": document, "position": at}),
                    };
                    let response = call(request(method, n as i64 + 2, params))
                        .await
                        .expect("a request is answered");
                    if let Err(error) = response.into_parts().1 {
                        assert_ne!(
                            error.code,
                            tower_lsp::jsonrpc::ErrorCode::InternalError,
                            "{method}: {error:?}"
                        );
                    }
                }
                Step::Edit { line, character, remove, insert } => {
                    version += 1;
                    let start = json!({"line": line % 64, "character": character % 256});
                    let end = json!({"line": line % 64,
                                     "character": (character % 256) as u32 + remove as u32 % 8});
                    call(notification(
                        "textDocument/didChange",
                        json!({"textDocument": {"uri": uri, "version": version},
                               "contentChanges": [{"range": {"start": start, "end": end},
                                                   "text": insert.0}]}),
                    ))
                    .await;
                }
            }
        }
    });
});
