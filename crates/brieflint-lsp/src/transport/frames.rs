//! Reading LSP frames (`Content-Length` headers and a body) from a byte stream, with the
//! recovery the guard needs: an oversized or headerless frame is reported, not fatal,
//! and the reader resynchronizes on the next header.

use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncReadExt};

/// Frames larger than this are refused unread. A document at the largest size brieflint
/// analyzes (`maxDocumentBytes`, 5 MB by default) is at most about six times larger
/// as JSON even if every character needs a `\u` escape; a bigger frame is either not
/// meant for us or an attack, and skipping its announced length could swallow every
/// frame after it, so the reader resynchronizes on the next header instead.
pub(super) const MAX_FRAME: usize = 64 * 1024 * 1024;

pub(super) enum Frame {
    Body(Vec<u8>),
    /// A header block without a usable Content-Length, or an oversized body.
    Invalid(String),
}

/// Whether `name` can be a header field name (an RFC 7230 token, in practice letters,
/// digits and dashes). A line whose "name" is not one is not a header: it is the tail of
/// a body whose length was misstated, and the next header may follow it on that line.
fn is_header_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_!#$%&'*+.^`|~".contains(&b))
}

/// Where a `Content-Length` header starts inside `line`, if it does.
fn content_length_inside(line: &[u8]) -> Option<usize> {
    const NAME: &[u8] = b"content-length:";
    line.windows(NAME.len())
        .position(|w| w.eq_ignore_ascii_case(NAME))
}

/// Header lines are short; of a longer line (junk) only this much of its end is kept,
/// enough to find a header glued to it, so a line without an end holds no memory.
const LINE_TAIL: usize = 1024;

/// Reads a line up to and including `\n` into `line`, keeping only its last
/// `LINE_TAIL` bytes or so; returns the bytes consumed (0 at end of input).
async fn read_line_tail(
    reader: &mut (impl AsyncBufRead + Unpin),
    line: &mut Vec<u8>,
) -> std::io::Result<usize> {
    let mut consumed = 0;
    loop {
        let buffer = reader.fill_buf().await?;
        if buffer.is_empty() {
            return Ok(consumed);
        }
        let (taken, done) = match buffer.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (buffer.len(), false),
        };
        line.extend_from_slice(&buffer[..taken]);
        reader.consume(taken);
        consumed += taken;
        if line.len() > 2 * LINE_TAIL {
            line.drain(..line.len() - LINE_TAIL);
        }
        if done {
            return Ok(consumed);
        }
    }
}

/// Reads one frame; `None` at end of input. After a malformed frame the reader picks up
/// at the next `Content-Length` header, even one glued to the end of a line of junk.
pub(super) async fn read_frame(
    reader: &mut (impl AsyncBufRead + Unpin),
    max_frame: usize,
) -> std::io::Result<Option<Frame>> {
    let mut length: Option<usize> = None;
    let mut saw_header = false;
    let mut bad_header = None;
    loop {
        let mut raw = Vec::new();
        if read_line_tail(reader, &mut raw).await? == 0 {
            return Ok(None);
        }
        let line = String::from_utf8_lossy(&raw);
        let mut line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            if saw_header {
                break;
            }
            continue;
        }
        match content_length_inside(line.as_bytes()) {
            // Junk (a body's tail) before a header: start over at the header.
            Some(at) if at > 0 => {
                length = None;
                line = &line[at..];
            }
            Some(_) => {}
            None if !line
                .split_once(':')
                .is_some_and(|(name, _)| is_header_name(name.trim())) =>
            {
                saw_header = true;
                bad_header = Some("malformed header line".to_string());
                continue;
            }
            None => {}
        }
        saw_header = true;
        if let Some((name, value)) = line.split_once(':') {
            if name.trim().eq_ignore_ascii_case("content-length") {
                match value.trim().parse::<usize>() {
                    Ok(n) => length = Some(n),
                    Err(_) => bad_header = Some(format!("bad Content-Length {:?}", value.trim())),
                }
            }
        }
    }
    let Some(length) = length else {
        return Ok(Some(Frame::Invalid(
            bad_header.unwrap_or_else(|| "missing Content-Length".to_string()),
        )));
    };
    if length > max_frame {
        // Not skipped by its announced length: the next header is found by scanning.
        return Ok(Some(Frame::Invalid(format!(
            "message of {length} bytes is over the {max_frame}-byte limit"
        ))));
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).await?;
    Ok(Some(Frame::Body(body)))
}
