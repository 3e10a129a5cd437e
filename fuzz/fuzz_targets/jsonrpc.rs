//! The JSON-RPC input path: malformed frames and messages.
//!
//! `crates/brieflint-lsp/src/transport.rs` reads every frame and screens it (`screen`): a body
//! goes on to tower-lsp only if it deserializes as a `tower_lsp::jsonrpc::Request` or
//! `Response` (after unpaired surrogate escapes are replaced with U+FFFD); a `$/`
//! request gets MethodNotFound; anything else gets a -32700/-32600 error response. This
//! target drives the real reader and screen (`screen_stream`, `screen_body`, exported
//! for it) and puts a copy of what tower-lsp 0.20's codec does with a body behind them
//! (`std::str::from_utf8`, then `serde_json::from_str` into its untagged
//! `Message { Response, Request }`). tower-lsp stops reading for good after a body it
//! cannot decode, so the properties that keep a session alive are:
//! - every body the screen forwards, tower-lsp's codec decodes;
//! - every body tower-lsp's codec decodes is forwarded (no valid message is refused),
//!   but for `$/` requests, which are answered;
//! - every answer is one well-formed frame whose body is a valid UTF-8 JSON-RPC 2.0
//!   error response (one tower-lsp's `Response` decodes when the id is an integer, a
//!   string or null), carrying the request's id when it had a number or string id;
//! and, as for every target, nothing panics.
//!
//! The input is used twice: whole, as one body, and as a byte stream cut into frames by
//! transport.rs's reader (headers, Content-Length, oversize refusal and resync, EOF).
#![no_main]

use brieflint_lsp::transport::{screen_body, screen_stream, Screened};
use libfuzzer_sys::fuzz_target;
use serde::Deserialize;
use serde_json::Value;
use tower_lsp::jsonrpc::{Request, Response};

// ---- What tower-lsp 0.20's LanguageServerCodec does with a body. ----

/// tower-lsp's private `jsonrpc::Message`, same shape and order.
#[allow(dead_code)]
#[derive(Deserialize)]
#[serde(untagged)]
enum Message {
    Response(Response),
    Request(Request),
}

/// Whether tower-lsp decodes `body` (an empty body it skips, which is not an error).
fn tower_lsp_decodes(body: &[u8]) -> Result<(), String> {
    let text = std::str::from_utf8(body).map_err(|e| format!("not UTF-8: {e}"))?;
    if text.is_empty() {
        return Ok(());
    }
    serde_json::from_str::<Message>(text)
        .map(|_| ())
        .map_err(|e| format!("not a message: {e}"))
}

fn is_dollar_request(body: &[u8]) -> bool {
    serde_json::from_slice::<Request>(body)
        .is_ok_and(|r| r.id().is_some() && r.method().starts_with("$/"))
}

fn check_screened(screened: Screened, sent: Option<&[u8]>) {
    match screened {
        Screened::Forward(body, _) => {
            if let Err(e) = tower_lsp_decodes(&body) {
                panic!(
                    "transport.rs forwards a body that tower-lsp cannot decode ({e}); tower-lsp \
                     then stops reading and the session ends. Body: {:?}",
                    String::from_utf8_lossy(&body)
                );
            }
        }
        Screened::Answer(frame) => {
            if let Some(body) = sent.filter(|b| !b.is_empty()) {
                assert!(
                    tower_lsp_decodes(body).is_err() || is_dollar_request(body),
                    "transport.rs refuses a body that tower-lsp decodes: {:?}",
                    String::from_utf8_lossy(body)
                );
            }
            check_error_frame(&frame, sent.unwrap_or_default());
        }
    }
}

fn check_error_frame(frame: &[u8], request: &[u8]) {
    let text = String::from_utf8_lossy(frame);
    let Some((header, body)) = text.split_once("\r\n\r\n") else {
        panic!("error response is not a frame: {text:?}");
    };
    assert_eq!(header, format!("Content-Length: {}", body.len()), "one whole frame");
    let body = body.as_bytes();
    let text = std::str::from_utf8(body).expect("error response is not UTF-8");
    let sent: Value = serde_json::from_str(text).expect("error response is not JSON");
    assert_eq!(sent["jsonrpc"], "2.0");
    assert!(sent["error"]["code"].is_i64() && sent["error"]["message"].is_string());
    let id = &sent["id"];
    assert!(id.is_null() || id.is_number() || id.is_string(), "bad id {id}");
    // An id tower-lsp's Id can hold (i64, string, null): the response must decode too.
    if id.is_null() || id.is_i64() || id.is_string() {
        let response: Response = serde_json::from_str(text).expect("error response is not a Response");
        assert!(response.is_error(), "error response without error");
    }
    if let Ok(value) = serde_json::from_slice::<Value>(request) {
        if let Some(request_id) = value.get("id").filter(|id| id.is_number() || id.is_string()) {
            assert_eq!(id, request_id, "error response lost the request's id");
        }
    }
}

fuzz_target!(|data: &[u8]| {
    check_screened(screen_body(data.to_vec()), Some(data));
    for screened in screen_stream(data) {
        check_screened(screened, None);
    }
});
