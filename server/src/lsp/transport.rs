//! A guard in front of tower-lsp's stdio transport.
//!
//! tower-lsp 0.20 stops reading its input after the first frame it cannot decode
//! (its framed reader ends on a decode error), so one malformed message would end the
//! session. Here every frame is read and checked first: well-formed JSON-RPC goes on to
//! tower-lsp unchanged; anything else is answered with a JSON-RPC error (-32700 parse
//! error or -32600 invalid request) and the session continues. Output frames from
//! tower-lsp and these error responses are written to stdout whole, never interleaved.

use serde_json::{json, Value};
use tokio::io::{
    AsyncBufRead, AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader,
};
use tokio::sync::mpsc;
use tower_lsp::jsonrpc::{Request, Response};

/// Frames larger than this are discarded and answered with an error.
const MAX_FRAME: usize = 256 * 1024 * 1024;

enum Frame {
    Body(Vec<u8>),
    /// A header block without a usable Content-Length, or an oversized body.
    Invalid(String),
}

/// Reads one frame; `None` at end of input.
async fn read_frame(reader: &mut (impl AsyncBufRead + Unpin)) -> std::io::Result<Option<Frame>> {
    let mut length: Option<usize> = None;
    let mut saw_header = false;
    let mut bad_header = None;
    loop {
        let mut line = Vec::new();
        if reader.read_until(b'\n', &mut line).await? == 0 {
            return Ok(None);
        }
        let line = String::from_utf8_lossy(&line);
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
        return Ok(Some(Frame::Invalid(
            bad_header.unwrap_or_else(|| "missing Content-Length".to_string()),
        )));
    };
    if length > MAX_FRAME {
        // Skip the body without holding it.
        let mut rest = reader.take(length as u64);
        tokio::io::copy(&mut rest, &mut tokio::io::sink()).await?;
        return Ok(Some(Frame::Invalid(format!(
            "message of {length} bytes is too large"
        ))));
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).await?;
    Ok(Some(Frame::Body(body)))
}

pub(crate) fn frame_bytes(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

fn error_response(id: Value, code: i64, message: &str) -> Vec<u8> {
    let body = json!({"jsonrpc": "2.0", "error": {"code": code, "message": message}, "id": id});
    frame_bytes(body.to_string().as_bytes())
}

/// Checks a frame body; returns the error response to send instead, if any.
/// What tower-lsp 0.20's codec decodes a body into, in the same order: a body passes
/// `check` exactly when tower-lsp would accept it.
#[derive(serde::Deserialize)]
#[serde(untagged)]
#[allow(dead_code)]
enum Message {
    Response(Response),
    Request(Request),
}

fn check(body: &[u8]) -> Option<Vec<u8>> {
    // tower-lsp decodes the body as UTF-8, then parses it into its untagged `Message`,
    // which reads every string (a lone surrogate escape in an ignored field fails there,
    // while `from_slice::<Request>` skips it). Both found by the `jsonrpc` fuzz target.
    let Ok(text) = std::str::from_utf8(body) else {
        tracing::warn!(
            bytes = body.len(),
            "dropped a message that is not valid UTF-8"
        );
        return Some(error_response(
            Value::Null,
            -32700,
            "Parse error: the message is not valid UTF-8",
        ));
    };
    if serde_json::from_str::<Message>(text).is_ok() {
        return None;
    }
    match serde_json::from_slice::<Value>(body) {
        Err(_) => {
            tracing::warn!(bytes = body.len(), "dropped a message that is not JSON");
            Some(error_response(
                Value::Null,
                -32700,
                "Parse error: the message is not valid JSON",
            ))
        }
        Ok(value) => {
            tracing::warn!(
                "dropped a message that is not a JSON-RPC 2.0 request, notification or response"
            );
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

/// Forwards valid frames from `input` to `to_server`; sends error responses for the rest.
pub async fn filter_input(
    input: impl AsyncRead + Unpin,
    mut to_server: impl AsyncWrite + Unpin,
    errors: mpsc::UnboundedSender<Vec<u8>>,
) {
    let mut reader = BufReader::new(input);
    let mut shutdown_requested = false;
    loop {
        match read_frame(&mut reader).await {
            Ok(Some(Frame::Body(body))) => match check(&body) {
                None => {
                    match serde_json::from_slice::<Request>(&body)
                        .ok()
                        .as_ref()
                        .map(Request::method)
                    {
                        Some("shutdown") => shutdown_requested = true,
                        // LSP: exit with 0 after a shutdown request, 1 otherwise. Every
                        // response was written before the client could send `exit`.
                        Some("exit") => std::process::exit(if shutdown_requested { 0 } else { 1 }),
                        _ => {}
                    }
                    if to_server.write_all(&frame_bytes(&body)).await.is_err() {
                        break;
                    }
                }
                Some(error) => {
                    let _ = errors.send(error);
                }
            },
            Ok(Some(Frame::Invalid(reason))) => {
                tracing::warn!("dropped a frame: {reason}");
                let _ = errors.send(error_response(
                    Value::Null,
                    -32700,
                    &format!("Parse error: {reason}"),
                ));
            }
            Ok(None) => break,
            Err(e) => {
                tracing::warn!("reading input failed: {e}");
                break;
            }
        }
    }
    // End of input ends the session, as a closed stdin always has.
    let _ = to_server.shutdown().await;
}

/// A notification, serialized straight into a frame. `publishDiagnostics` for a long
/// filing carries thousands of diagnostics: tower-lsp would build a `serde_json::Value`
/// of them first and serialize that, which takes longer than the analysis.
pub fn notification_frame(method: &str, params: &impl serde::Serialize) -> Vec<u8> {
    #[derive(serde::Serialize)]
    struct Notification<'a, P> {
        jsonrpc: &'static str,
        method: &'a str,
        params: &'a P,
    }
    let body = serde_json::to_vec(&Notification {
        jsonrpc: "2.0",
        method,
        params,
    })
    .expect("LSP types serialize");
    frame_bytes(&body)
}

/// Copies whole frames to `output`: tower-lsp's, and those sent on `direct` (the error
/// responses, and diagnostics the server serializes itself).
pub async fn merge_output(
    from_server: impl AsyncRead + Unpin,
    mut direct: mpsc::UnboundedReceiver<Vec<u8>>,
    mut output: impl AsyncWrite + Unpin,
) {
    let mut reader = BufReader::new(from_server);
    let mut direct_open = true;
    loop {
        tokio::select! {
            frame = read_frame(&mut reader) => match frame {
                Ok(Some(Frame::Body(body))) => {
                    if output.write_all(&frame_bytes(&body)).await.is_err() || output.flush().await.is_err() {
                        return;
                    }
                }
                Ok(Some(Frame::Invalid(_))) => {}
                Ok(None) | Err(_) => return,
            },
            frame = direct.recv(), if direct_open => match frame {
                Some(frame) => {
                    if output.write_all(&frame).await.is_err() || output.flush().await.is_err() {
                        return;
                    }
                }
                None => direct_open = false,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_json_rpc_passes() {
        assert!(check(br#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#).is_none());
        assert!(check(br#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#).is_none());
        assert!(check(br#"{"jsonrpc":"2.0","id":3,"result":null}"#).is_none());
        let parse = String::from_utf8(check(b"{not json").unwrap()).unwrap();
        assert!(parse.contains("-32700") && parse.contains("\"id\":null"));
        let invalid =
            String::from_utf8(check(br#"{"jsonrpc":"1.0","id":7,"method":"x"}"#).unwrap()).unwrap();
        assert!(invalid.contains("-32600") && invalid.contains("\"id\":7"));
        assert!(check(b"\xff\xfe").is_some());
        // Fuzz finding 1: invalid UTF-8 inside a field serde_json ignores.
        let mut sneaky = br#"{"jsonrpc":"2.0","method":"initialized","params":{},"x":""#.to_vec();
        sneaky.extend_from_slice(b"\xff\"}");
        let error = String::from_utf8(check(&sneaky).expect("rejected")).unwrap();
        assert!(error.contains("-32700"));
        // Fuzz finding 2: a lone surrogate escape in an ignored field.
        let surrogate = br#"{"jsonrpc":"2.0","method":"initialized","x":"\udc00"}"#;
        assert!(check(surrogate).is_some());
        assert!(check(b"[1,2]").is_some());
        // Fuzz finding 3: an id too long for u64 came back a few units off (serde_json's
        // fast float parsing); with exact parsing the error echoes the same number.
        let body = br#"{"jsonrpc":"2.0","id":92233720001310132189,"method":"x"}"#;
        let error = String::from_utf8(check(body).expect("rejected")).unwrap();
        let response: Value =
            serde_json::from_str(error.split("\r\n\r\n").nth(1).unwrap()).unwrap();
        let request: Value = serde_json::from_slice(body).unwrap();
        assert_eq!(response["id"], request["id"]);
    }
}
