//! The JSON-RPC input path: malformed frames and messages.
//!
//! `server/src/lsp/transport.rs` reads every frame and lets a body through to tower-lsp
//! only if it deserializes as a `tower_lsp::jsonrpc::Request` or `Response`; anything
//! else gets a -32700/-32600 error response. Its reader and `check` are private, so this
//! target carries copies of both (keep them in step with transport.rs) and puts them in
//! front of a copy of what tower-lsp 0.20's codec does with a body it is given
//! (`std::str::from_utf8`, then `serde_json::from_str` into its untagged
//! `Message { Response, Request }`). tower-lsp stops reading for good after a body it
//! cannot decode, so the property that keeps a session alive is:
//! - every body `check` lets through, tower-lsp's codec decodes;
//! - every body tower-lsp's codec decodes, `check` lets through (no valid message is
//!   refused);
//! - every error response `check` makes is one well-formed frame whose body is valid
//!   UTF-8 JSON-RPC 2.0 error response (one tower-lsp's `Response` decodes when the id
//!   is an integer, a string or null), carrying the request's id when it had a number
//!   or string id;
//! and, as for every target, nothing panics.
//!
//! The input is used twice: whole, as one body, and as a byte stream cut into frames by
//! the copy of transport.rs's reader (headers, Content-Length, oversize skip, EOF).
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde::Deserialize;
use serde_json::{json, Value};
use tower_lsp::jsonrpc::{Request, Response};

// ---- Copied from server/src/lsp/transport.rs (synchronous here). ----

const MAX_FRAME: usize = 256 * 1024 * 1024;

enum Frame<'a> {
    Body(&'a [u8]),
    Invalid(String),
}

/// `read_until(b'\n')` over a slice.
fn read_line<'a>(input: &mut &'a [u8]) -> &'a [u8] {
    let end = input
        .iter()
        .position(|&b| b == b'\n')
        .map_or(input.len(), |i| i + 1);
    let (line, rest) = input.split_at(end);
    *input = rest;
    line
}

/// transport.rs `read_frame`; `None` at end of input or on a short body (read_exact
/// failing, which ends the session there as at end of input).
fn read_frame<'a>(input: &mut &'a [u8]) -> Option<Frame<'a>> {
    let mut length: Option<usize> = None;
    let mut saw_header = false;
    let mut bad_header = None;
    loop {
        let line = read_line(input);
        if line.is_empty() {
            return None;
        }
        let line = String::from_utf8_lossy(line);
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            if saw_header {
                break;
            }
            continue;
        }
        saw_header = true;
        match line.split_once(':') {
            Some((name, value)) if name.trim().eq_ignore_ascii_case("content-length") => {
                match value.trim().parse::<usize>() {
                    Ok(n) => length = Some(n),
                    Err(_) => bad_header = Some(format!("bad Content-Length {:?}", value.trim())),
                }
            }
            Some(_) => {}
            None => bad_header = Some("malformed header line".to_string()),
        }
    }
    let Some(length) = length else {
        return Some(Frame::Invalid(
            bad_header.unwrap_or_else(|| "missing Content-Length".to_string()),
        ));
    };
    if length > MAX_FRAME {
        let skip = length.min(input.len());
        *input = &input[skip..];
        return Some(Frame::Invalid(format!("message of {length} bytes is too large")));
    }
    if input.len() < length {
        return None;
    }
    let (body, rest) = input.split_at(length);
    *input = rest;
    Some(Frame::Body(body))
}

fn frame_bytes(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

fn error_response(id: Value, code: i64, message: &str) -> Vec<u8> {
    let body = json!({"jsonrpc": "2.0", "error": {"code": code, "message": message}, "id": id});
    frame_bytes(body.to_string().as_bytes())
}

/// Copy of transport.rs's `Message`.
#[derive(serde::Deserialize)]
#[serde(untagged)]
#[allow(dead_code)]
enum CheckMessage {
    Response(Response),
    Request(Request),
}

fn check(body: &[u8]) -> Option<Vec<u8>> {
    // Fuzz finding 1 (fixed in b16fcaa): serde_json skips an ignored field without
    // validating its UTF-8, tower-lsp decodes the whole body as UTF-8 first.
    // Fuzz finding 2 (fixed): parse exactly as tower-lsp does, into its untagged Message.
    let Ok(text) = std::str::from_utf8(body) else {
        return Some(error_response(
            Value::Null,
            -32700,
            "Parse error: the message is not valid UTF-8",
        ));
    };
    if serde_json::from_str::<CheckMessage>(text).is_ok() {
        return None;
    }
    match serde_json::from_slice::<Value>(body) {
        Err(_) => Some(error_response(
            Value::Null,
            -32700,
            "Parse error: the message is not valid JSON",
        )),
        Ok(value) => {
            let id = value
                .get("id")
                .filter(|id| id.is_number() || id.is_string())
                .cloned();
            Some(error_response(
                id.unwrap_or(Value::Null),
                -32600,
                "Invalid request: not a JSON-RPC 2.0 message",
            ))
        }
    }
}

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

fn check_body(body: &[u8]) {
    match check(body) {
        None => {
            if let Err(e) = tower_lsp_decodes(body) {
                panic!(
                    "transport.rs forwards a body that tower-lsp cannot decode ({e}); tower-lsp \
                     then stops reading and the session ends. Body: {:?}",
                    String::from_utf8_lossy(body)
                );
            }
            // filter_input looks at the method of what it forwards.
            let _ = serde_json::from_slice::<Request>(body)
                .ok()
                .as_ref()
                .map(Request::method);
        }
        Some(error) => {
            if !body.is_empty() {
                assert!(
                    tower_lsp_decodes(body).is_err(),
                    "transport.rs refuses a body that tower-lsp decodes: {:?}",
                    String::from_utf8_lossy(body)
                );
            }
            check_error_frame(&error, body);
        }
    }
}

fn check_error_frame(frame: &[u8], request: &[u8]) {
    let mut rest = frame;
    let Some(Frame::Body(body)) = read_frame(&mut rest) else {
        panic!("error response is not one frame: {:?}", String::from_utf8_lossy(frame));
    };
    assert!(rest.is_empty(), "error response frame has trailing bytes");
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
    check_body(data);
    let mut input = data;
    while let Some(frame) = read_frame(&mut input) {
        match frame {
            Frame::Body(body) => check_body(body),
            Frame::Invalid(reason) => {
                check_error_frame(&error_response(Value::Null, -32700, &reason), b"")
            }
        }
    }
});
