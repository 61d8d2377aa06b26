//! Messages in and out over standard input and output, on lsp-server's reader and writer.
//!
//! lsp-server's own stdio transport stops at the first message it cannot parse, and sizes its
//! buffer from the `Content-Length` header before any byte arrives (a header that claims a
//! terabyte asks for a terabyte). Here the frame is cut out first — its headers read line by
//! line, its body read as it comes, up to [`MAX_MESSAGE`] — and lsp-server parses it; a frame
//! whose JSON is garbage is logged and skipped, and the next one is read.

use std::io::{self, BufRead, Read, Write};
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread::JoinHandle;

use lsp_server::{Message, Notification};

/// The largest message read (a 10 MB document is 10–20 MB of JSON).
pub const MAX_MESSAGE: u64 = 512 << 20;

/// The most bytes of headers a message may have.
const MAX_HEADERS: u64 = 64 << 10;

/// The two ends the server works with, and the writer thread to wait for at the end.
pub struct Transport {
    pub incoming: Receiver<Message>,
    pub outgoing: Sender<Outgoing>,
    pub writer: JoinHandle<()>,
}

/// What the server sends.
pub enum Outgoing {
    Message(Message),
    /// A message already written as JSON: a notification serialized straight from its typed
    /// parameters. (lsp-server's messages hold their parameters as a `serde_json::Value`;
    /// building that tree for a long document's hundred thousand diagnostics, then writing
    /// and freeing it, took seconds.)
    Json(String),
}

impl Outgoing {
    /// A notification, serialized from its parameters as they are.
    pub fn notification(method: &str, params: impl serde::Serialize) -> Outgoing {
        #[derive(serde::Serialize)]
        struct Note<'a, P> {
            jsonrpc: &'static str,
            method: &'a str,
            params: P,
        }
        let note = Note {
            jsonrpc: "2.0",
            method,
            params,
        };
        match serde_json::to_string(&note) {
            Ok(json) => Outgoing::Json(json),
            // Parameters that do not serialize are a bug: say so to the client's log instead.
            Err(e) => Outgoing::Message(log_message(&format!(
                "sourced server: could not write {method}: {e} (a bug in sourced)"
            ))),
        }
    }

    fn write(&self, out: &mut impl Write) -> io::Result<()> {
        match self {
            Outgoing::Message(m) => m.write(out),
            Outgoing::Json(json) => {
                write!(out, "Content-Length: {}\r\n\r\n", json.len())?;
                out.write_all(json.as_bytes())?;
                out.flush()
            }
        }
    }
}

/// Read from standard input and write to standard output, each on a thread of its own.
pub fn stdio() -> Transport {
    let (out_tx, out_rx) = mpsc::channel::<Outgoing>();
    let writer = std::thread::spawn(move || {
        let stdout = io::stdout();
        let mut stdout = io::BufWriter::with_capacity(1 << 16, stdout.lock());
        for msg in out_rx {
            // The client has gone (its end of the pipe closed): nothing more to say to it.
            if msg.write(&mut stdout).is_err() {
                break;
            }
        }
    });
    let (in_tx, in_rx) = mpsc::channel::<Message>();
    let log = out_tx.clone();
    std::thread::spawn(move || read_all(&mut io::stdin().lock(), &in_tx, &log));
    Transport {
        incoming: in_rx,
        outgoing: out_tx,
        writer,
    }
}

/// Read messages until the input ends, an `exit` arrives, or the framing is lost.
pub fn read_all(input: &mut impl BufRead, to_server: &Sender<Message>, log: &Sender<Outgoing>) {
    let mut frame = Vec::new();
    loop {
        match read_frame(input, &mut frame) {
            Ok(true) => {}
            Ok(false) => return,
            Err(e) => {
                // No way to find the next message: the server ends (with code 1).
                eprintln!("sourced server: {e}; stopping");
                return;
            }
        }
        match Message::read(&mut frame.as_slice()) {
            Ok(Some(msg)) => {
                let exit = matches!(&msg, Message::Notification(n) if n.method == "exit");
                if to_server.send(msg).is_err() || exit {
                    return;
                }
            }
            Ok(None) => return,
            Err(e) => {
                let message =
                    format!("sourced server: a message that is not JSON-RPC was skipped: {e}");
                eprintln!("{message}");
                let _ = log.send(Outgoing::Message(log_message(&message)));
            }
        }
    }
}

/// A `window/logMessage` notification (type 1: an error).
pub fn log_message(message: &str) -> Message {
    Message::Notification(Notification::new(
        "window/logMessage".to_string(),
        serde_json::json!({ "type": 1, "message": message }),
    ))
}

/// Read one frame — headers and body, as sent — into `frame`; `false` at the end of the input.
fn read_frame(input: &mut impl BufRead, frame: &mut Vec<u8>) -> io::Result<bool> {
    frame.clear();
    let mut length = None;
    loop {
        let start = frame.len();
        let room = MAX_HEADERS.saturating_sub(start as u64);
        let n = input.by_ref().take(room).read_until(b'\n', frame)?;
        if n == 0 {
            if start == 0 {
                return Ok(false);
            }
            return Err(bad("the input ended inside a message's headers"));
        }
        let line = &frame[start..];
        if !line.ends_with(b"\n") {
            return Err(bad("a message's headers are too long"));
        }
        if line == b"\r\n" || line == b"\n" {
            break;
        }
        let line = String::from_utf8_lossy(line);
        if let Some((name, value)) = line.split_once(':') {
            if name.trim().eq_ignore_ascii_case("content-length") {
                length = value.trim().parse::<u64>().ok();
            }
        }
    }
    let Some(length) = length else {
        return Err(bad("a message has no valid Content-Length header"));
    };
    if length > MAX_MESSAGE {
        return Err(bad(&format!(
            "a message of {length} bytes is over the limit of {MAX_MESSAGE}"
        )));
    }
    let head = frame.len();
    input.by_ref().take(length).read_to_end(frame)?;
    if (frame.len() - head) as u64 != length {
        return Err(bad("the input ended inside a message"));
    }
    Ok(true)
}

fn bad(what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, what.to_string())
}

/// Frame a message as it goes out (for tests).
#[cfg(test)]
fn framed(json: &str) -> Vec<u8> {
    let mut v = Vec::new();
    write!(v, "Content-Length: {}\r\n\r\n{json}", json.len()).unwrap();
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(input: &[u8]) -> (Vec<Message>, Vec<Outgoing>) {
        let (tx, rx) = mpsc::channel();
        let (log_tx, log_rx) = mpsc::channel();
        read_all(&mut &input[..], &tx, &log_tx);
        drop((tx, log_tx));
        (rx.into_iter().collect(), log_rx.into_iter().collect())
    }

    #[test]
    fn garbage_json_is_skipped_and_reading_goes_on() {
        let mut input = framed("{not json");
        input.extend(framed("\u{1F600}"));
        input.extend(b"Content-Length: 3\r\n\r\n\xff\xfe\xfd");
        input.extend(framed(r#"{"jsonrpc":"2.0","method":"exit"}"#));
        input.extend(framed(r#"{"jsonrpc":"2.0","method":"never read"}"#));
        let (msgs, logs) = read(&input);
        assert_eq!(msgs.len(), 1, "{msgs:?}");
        assert!(matches!(&msgs[0], Message::Notification(n) if n.method == "exit"));
        assert_eq!(logs.len(), 3);
    }

    #[test]
    fn a_huge_or_missing_length_stops_without_allocating_it() {
        let (msgs, _) = read(b"Content-Length: 99999999999999\r\n\r\n{}");
        assert!(msgs.is_empty());
        let (msgs, _) = read(b"Content-Type: x\r\n\r\n{}");
        assert!(msgs.is_empty());
        let (msgs, _) = read(b"Content-Length: 100\r\n\r\n{}");
        assert!(msgs.is_empty());
        let (msgs, _) = read(&[b'x'; 100_000]);
        assert!(msgs.is_empty());
    }
}
