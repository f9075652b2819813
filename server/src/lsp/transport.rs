//! A guard in front of the JSON-RPC transport: it frames the client's input
//! itself and passes on only messages the transport can decode.
//!
//! tower-lsp-server reads through tokio-util's `FramedRead`, which ends the
//! stream after the first message it cannot decode, so one malformed message
//! would stop the server from reading anything more. Here every frame is
//! checked first: a body that is not JSON, or JSON that is not a JSON-RPC
//! message, is replaced by a request for one of the methods below, whose
//! handlers answer with the protocol's error (`-32700` parse error, `-32600`
//! invalid request) under the offending message's id when it has one.

use serde::Deserialize;
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tower_lsp_server::jsonrpc::{Request, Response};
use tracing::{error, warn};

/// Stands in for a message whose body is not JSON.
pub const PARSE_ERROR_METHOD: &str = "$/bulwark/parseError";
/// Stands in for JSON that is not a JSON-RPC message.
pub const INVALID_REQUEST_METHOD: &str = "$/bulwark/invalidRequest";

/// Bodies beyond this are skipped unread: no editor sends a document this
/// large, and buffering one could exhaust memory.
const MAX_BODY: usize = 512 * 1024 * 1024;

/// Header lines are read at most this much at a time: a client that sends
/// megabytes without a newline gets them skipped, not buffered.
const MAX_HEADER_LINE: u64 = 8 * 1024;

/// The body buffer starts at most this large and grows as bytes arrive, so a
/// header announcing a huge body that never comes allocates nothing for it.
const INITIAL_BODY: usize = 1024 * 1024;

/// What the transport decodes, in the order it tries (its own `Message` is
/// not public): a response first, then a request or notification.
#[derive(Deserialize)]
#[serde(untagged)]
#[allow(dead_code)] // Only whether it decodes matters.
enum Incoming {
    Response(Response),
    Request(Request),
}

/// Copies framed messages from `input` to `output`, replacing those the
/// transport could not decode. Returns at the end of the input, or when the
/// transport stops reading.
pub async fn guard(input: impl AsyncRead + Unpin, mut output: impl AsyncWrite + Unpin) {
    let mut input = BufReader::new(input);
    loop {
        let body = match read_frame(&mut input).await {
            Frame::Body(body) => body,
            Frame::Skipped => continue,
            Frame::End => return,
        };
        let forwarded = match check(&body) {
            None => body,
            Some(replacement) => replacement,
        };
        let header = format!("Content-Length: {}\r\n\r\n", forwarded.len());
        let written = async {
            output.write_all(header.as_bytes()).await?;
            output.write_all(&forwarded).await?;
            output.flush().await
        };
        if written.await.is_err() {
            return;
        }
    }
}

/// `None` when the transport can decode `body`, else the message to send it
/// instead.
fn check(body: &[u8]) -> Option<Vec<u8>> {
    if serde_json::from_slice::<Incoming>(body).is_ok() {
        return None;
    }
    let (method, id) = match serde_json::from_slice::<Value>(body) {
        Err(err) => {
            error!("a message from the client is not JSON ({err}); answering with a parse error");
            (PARSE_ERROR_METHOD, Value::Null)
        }
        Ok(value) => {
            error!(
                "a message from the client is not JSON-RPC; answering with an invalid request error"
            );
            let id = value
                .get("id")
                .filter(|id| id.is_string() || id.is_u64() || id.is_i64())
                .cloned()
                .unwrap_or(Value::Null);
            (INVALID_REQUEST_METHOD, id)
        }
    };
    let replacement = json!({ "jsonrpc": "2.0", "id": id, "method": method });
    serde_json::to_vec(&replacement).ok()
}

enum Frame {
    Body(Vec<u8>),
    /// A frame without a usable header, or too large; already consumed.
    Skipped,
    End,
}

/// Reads one `Content-Length`-framed message.
async fn read_frame(input: &mut (impl AsyncBufReadExt + Unpin)) -> Frame {
    let mut length: Option<usize> = None;
    let mut bad_header = false;
    let mut line = Vec::new();
    loop {
        line.clear();
        match (&mut *input)
            .take(MAX_HEADER_LINE)
            .read_until(b'\n', &mut line)
            .await
        {
            Ok(0) | Err(_) => return Frame::End,
            Ok(_) => {}
        }
        if !line.ends_with(b"\n") && line.len() as u64 == MAX_HEADER_LINE {
            // A piece of an overlong line: no header is that long.
            bad_header = true;
            continue;
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            if length.is_some() || bad_header {
                break;
            }
            // Blank lines between messages are tolerated.
            continue;
        }
        match text.split_once(':') {
            Some((name, value)) if name.trim().eq_ignore_ascii_case("content-length") => {
                length = value.trim().parse().ok();
                bad_header |= length.is_none();
            }
            Some(_) => {}
            None => bad_header = true,
        }
    }
    let Some(length) = length else {
        warn!("a message from the client has no valid Content-Length header; skipped");
        return Frame::Skipped;
    };
    if length > MAX_BODY {
        error!(length, "a message from the client is too large; skipped");
        let mut rest = input.take(length as u64);
        return match tokio::io::copy(&mut rest, &mut tokio::io::sink()).await {
            Ok(n) if n == length as u64 => Frame::Skipped,
            _ => Frame::End,
        };
    }
    let mut body = Vec::with_capacity(length.min(INITIAL_BODY));
    match input.take(length as u64).read_to_end(&mut body).await {
        Ok(n) if n == length => Frame::Body(body),
        _ => Frame::End,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn guarded(input: &[u8]) -> Vec<Value> {
        let mut output = Vec::new();
        guard(input, &mut output).await;
        let mut messages = Vec::new();
        let mut rest = output.as_slice();
        while let Some(at) = rest.windows(4).position(|w| w == b"\r\n\r\n") {
            let header = std::str::from_utf8(&rest[..at]).unwrap();
            let length: usize = header
                .trim_start_matches("Content-Length: ")
                .parse()
                .unwrap();
            let body = &rest[at + 4..at + 4 + length];
            messages.push(serde_json::from_slice(body).unwrap());
            rest = &rest[at + 4 + length..];
        }
        messages
    }

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    #[tokio::test]
    async fn valid_messages_pass_unchanged() {
        let request = r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#;
        let response = r#"{"jsonrpc":"2.0","id":7,"result":null}"#;
        let input = frame(request) + &frame(response);
        let out = guarded(input.as_bytes()).await;
        assert_eq!(out[0], serde_json::from_str::<Value>(request).unwrap());
        assert_eq!(out[1], serde_json::from_str::<Value>(response).unwrap());
    }

    #[tokio::test]
    async fn malformed_messages_become_error_requests() {
        let input = frame("{not json") + &frame(r#"{"id":3,"method":7}"#) + &frame("[]");
        let out = guarded(input.as_bytes()).await;
        assert_eq!(out[0]["method"], PARSE_ERROR_METHOD);
        assert_eq!(out[0]["id"], Value::Null);
        assert_eq!(out[1]["method"], INVALID_REQUEST_METHOD);
        assert_eq!(out[1]["id"], 3);
        assert_eq!(out[2]["method"], INVALID_REQUEST_METHOD);
    }

    #[tokio::test]
    async fn an_overlong_header_line_is_skipped_and_reading_goes_on() {
        let ok = r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
        let garbage = "x".repeat(3 * MAX_HEADER_LINE as usize + 5);
        let input = format!("{garbage}\r\n\r\n{}", frame(ok));
        let out = guarded(input.as_bytes()).await;
        assert_eq!(out.len(), 1);
        assert_eq!(out[0]["method"], "initialized");
    }

    #[tokio::test]
    async fn a_body_shorter_than_announced_ends_the_stream() {
        let input = "Content-Length: 100000000\r\n\r\n{\"jsonrpc\"";
        assert!(guarded(input.as_bytes()).await.is_empty());
    }

    #[tokio::test]
    async fn bad_headers_are_skipped_and_reading_goes_on() {
        let ok = r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
        let input = format!(
            "Content-Type: text/plain\r\n\r\nContent-Length: x\r\n\r\n{}",
            frame(ok)
        );
        let out = guarded(input.as_bytes()).await;
        assert_eq!(out.len(), 1);
        assert_eq!(out[0]["method"], "initialized");
    }
}
