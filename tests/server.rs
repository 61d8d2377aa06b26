//! `sourced server` against a client that misbehaves: garbage, a frame that is not UTF-8,
//! requests out of turn, a 10 MB document, `exit` without `shutdown`. Each gets an LSP error
//! or a clean exit with a documented code, never a panic or a hang. (The well-behaved client,
//! pytest-lsp, is in tests/lsp/.)

use std::io::{BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use lsp_server::Message;
use serde_json::{json, Value};

/// A server process and the messages it sends.
struct Session {
    child: Child,
    stdin: Option<ChildStdin>,
    from_server: Receiver<Message>,
}

impl Session {
    fn start() -> Session {
        let mut child = Command::new(env!("CARGO_BIN_EXE_sourced"))
            .arg("server")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the binary runs");
        let stdin = child.stdin.take();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            while let Ok(Some(m)) = Message::read(&mut r) {
                if tx.send(m).is_err() {
                    break;
                }
            }
        });
        Session {
            child,
            stdin,
            from_server: rx,
        }
    }

    fn raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().unwrap();
        // The server may have stopped reading (that is what some tests expect).
        let _ = stdin.write_all(bytes).and_then(|_| stdin.flush());
    }

    fn send(&mut self, msg: Value) {
        let body = msg.to_string();
        self.raw(format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes());
    }

    fn request(&mut self, id: i32, method: &str, params: Value) -> Value {
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            match self.next(Duration::from_secs(60)) {
                Message::Response(r) if r.id == id.into() => {
                    return serde_json::to_value(r).unwrap();
                }
                _ => continue,
            }
        }
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    fn next(&self, within: Duration) -> Message {
        self.from_server
            .recv_timeout(within)
            .expect("the server answers in time")
    }

    fn initialize(&mut self) {
        let r = self.request(1, "initialize", json!({"capabilities": {}}));
        assert!(
            r["result"]["capabilities"]["hoverProvider"] == json!(true),
            "{r}"
        );
        self.notify("initialized", json!({}));
    }

    /// Close the input and wait for the process: its exit code and what it wrote to stderr.
    fn finish(mut self) -> (i32, String) {
        drop(self.stdin.take());
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                let mut err = String::new();
                std::io::Read::read_to_string(self.child.stderr.as_mut().unwrap(), &mut err)
                    .unwrap();
                assert!(!err.contains("panicked"), "{err}");
                return (status.code().expect("an exit code, not a signal"), err);
            }
            if start.elapsed() > Duration::from_secs(30) {
                let _ = self.child.kill();
                panic!("the server did not exit");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

#[test]
fn shutdown_then_exit_is_code_0() {
    let mut s = Session::start();
    s.initialize();
    let r = s.request(2, "shutdown", Value::Null);
    assert_eq!(r["result"], Value::Null, "{r}");
    s.notify("exit", Value::Null);
    assert_eq!(s.finish().0, 0);
}

#[test]
fn exit_without_shutdown_is_code_1() {
    let mut s = Session::start();
    s.initialize();
    s.notify("exit", Value::Null);
    assert_eq!(s.finish().0, 1);
}

#[test]
fn the_input_ending_without_exit_is_code_1() {
    let mut s = Session::start();
    s.initialize();
    assert_eq!(s.finish().0, 1);
}

#[test]
fn requests_out_of_turn_get_errors() {
    let mut s = Session::start();
    let r = s.request(1, "textDocument/hover", json!({}));
    assert_eq!(r["error"]["code"], -32002, "{r}");
    s.initialize();
    let r = s.request(2, "textDocument/hover", json!({"nonsense": true}));
    assert_eq!(r["error"]["code"], -32602, "{r}");
    let r = s.request(3, "sourced/nothing", json!({}));
    assert_eq!(r["error"]["code"], -32601, "{r}");
    let r = s.request(
        4,
        "textDocument/hover",
        json!({"textDocument": {"uri": "file:///never/opened.md"}, "position": {"line": 0, "character": 0}}),
    );
    assert!(
        r["error"]["message"]
            .as_str()
            .unwrap()
            .contains("is not open"),
        "{r}"
    );
    // An edit to a document never opened is logged, not fatal.
    s.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": "file:///never/opened.md", "version": 2}, "contentChanges": [{"text": "x"}]}),
    );
    s.request(5, "shutdown", Value::Null);
    let r = s.request(6, "textDocument/hover", json!({}));
    assert_eq!(r["error"]["code"], -32600, "{r}");
    s.notify("exit", Value::Null);
    assert_eq!(s.finish().0, 0);
}

#[test]
fn garbage_and_a_frame_that_is_not_utf8_are_skipped() {
    let mut s = Session::start();
    s.raw(b"Content-Length: 9\r\n\r\n{not json");
    // A document whose bytes are Latin-1, not UTF-8: not a JSON-RPC message at all.
    let open = br#"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///d/caf.txt","languageId":"plaintext","version":1,"text":"caf\xe9 said so."}}}"#;
    s.raw(format!("Content-Length: {}\r\n\r\n", open.len()).as_bytes());
    s.raw(open);
    s.initialize();
    let r = s.request(
        2,
        "textDocument/hover",
        json!({"textDocument": {"uri": "file:///d/caf.txt"}, "position": {"line": 0, "character": 0}}),
    );
    assert!(
        r["error"]["message"]
            .as_str()
            .unwrap()
            .contains("is not open"),
        "{r}"
    );
    s.request(3, "shutdown", Value::Null);
    s.notify("exit", Value::Null);
    let (code, err) = s.finish();
    assert_eq!(code, 0);
    assert!(err.contains("not JSON-RPC"), "{err}");
}

#[test]
fn lost_framing_ends_the_server_at_once() {
    for garbage in [
        &b"Content-Length: 99999999999999999\r\n\r\n{}"[..],
        b"\x00\x01\x02 hello\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: x\r\n\r\n",
    ] {
        let mut s = Session::start();
        s.raw(garbage);
        let start = Instant::now();
        let (code, err) = s.finish();
        assert_eq!(code, 1, "{err}");
        assert!(start.elapsed() < Duration::from_secs(10));
    }
}

#[test]
fn a_10_mb_document_is_checked_and_answered() {
    let mut s = Session::start();
    s.initialize();
    // Plain statements (few findings, so the test reads little JSON), then one vague claim.
    let paragraph = "The council met on Tuesday. The budget passed by seven votes to two.\n\n";
    let mut text = paragraph.repeat(10_000_000 / paragraph.len() + 1);
    text.push_str("The library opens in May. Critics argue it costs too much.\n");
    assert!(text.len() >= 10_000_000);
    let uri = "file:///drafts/huge.txt";
    s.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": text}}),
    );
    let diagnostics = loop {
        if let Message::Notification(n) = s.next(Duration::from_secs(120)) {
            if n.method == "textDocument/publishDiagnostics" && n.params["uri"] == uri {
                break n.params["diagnostics"].clone();
            }
        }
    };
    let last_line = text.lines().count() - 1;
    let vague = diagnostics
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "VAG001")
        .unwrap_or_else(|| panic!("VAG001 on the last line: {diagnostics}"));
    assert_eq!(vague["range"]["start"]["line"], last_line);
    let r = s.request(
        2,
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": last_line, "character": 30}}),
    );
    let hover = r["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_default();
    assert!(hover.starts_with("**vague**"), "{r}");
    s.request(3, "shutdown", Value::Null);
    s.notify("exit", Value::Null);
    assert_eq!(s.finish().0, 0);
}
