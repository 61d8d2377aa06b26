//! `sourced server`: the findings in the editor, as a language server over standard input and
//! output (LSP, on lsp-server's messages and lsp-types' types; no async runtime).
//!
//! One thread does the work, message by message: documents are checked on open and save at
//! once, and after an edit once the typing pauses ([`DEBOUNCE`]); a request about a document
//! with an edit waiting checks it first, so an answer never describes an older text. Each
//! feature is a module: [`diagnostics`], [`hover`], [`actions`], [`hints`], [`config`].

pub mod actions;
pub mod config;
pub mod diagnostics;
pub mod document;
pub mod hints;
pub mod hover;
pub mod position;
pub mod transport;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::{
    CodeActionParams, DidChangeConfigurationParams, DidChangeTextDocumentParams,
    DidChangeWatchedFilesParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams,
    DidSaveTextDocumentParams, ExecuteCommandParams, HoverParams, InitializeParams,
    InlayHintParams, PositionEncodingKind, PublishDiagnosticsParams, Url,
};
use serde_json::{json, Value};
use transport::Outgoing;

use crate::report::DocumentReport;
use document::Document;
use position::Encoding;

/// How long typing must pause before an edited document is checked again (at least; a
/// document whose check takes longer waits as long as its last check took).
pub const DEBOUNCE: Duration = Duration::from_millis(150);

/// Exit codes: 0 after `shutdown` then `exit`; 1 when the client left without `shutdown` (as
/// the protocol says) or the input ended or lost its framing.
pub const EXIT_CLEAN: u8 = 0;
pub const EXIT_UNCLEAN: u8 = 1;

/// Run the server on standard input and output until the client says `exit`.
pub fn run() -> u8 {
    let transport = transport::stdio();
    let code = Server::new(transport.outgoing.clone()).serve(&transport.incoming);
    drop(transport.outgoing);
    // What was sent before the end (the answer to `shutdown`) still goes out.
    let _ = transport.writer.join();
    code
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Waiting for `initialize`.
    Starting,
    Running,
    /// `shutdown` answered: only `exit` is expected.
    ShuttingDown,
}

/// The server's state: the open documents, the packs in use, and what the client supports.
pub struct Server {
    out: Sender<Outgoing>,
    state: State,
    encoding: Encoding,
    docs: HashMap<Url, Document>,
    configs: config::Configs,
    /// Configuration files with a problem on show, and the message shown.
    config_problems: HashMap<PathBuf, String>,
    /// Documents edited and not yet checked, and when to check them.
    due: HashMap<Url, Instant>,
    /// The workspace's folder, where the configuration of a document not on disk is looked for.
    root: Option<PathBuf>,
    /// Per-claim kinds as inlay hints (a client setting, off by default).
    kind_hints: bool,
    can_refresh_hints: bool,
    can_watch_files: bool,
    next_id: i32,
}

impl Server {
    pub fn new(out: Sender<Outgoing>) -> Server {
        Server {
            out,
            state: State::Starting,
            encoding: Encoding::Utf16,
            docs: HashMap::new(),
            configs: config::Configs::default(),
            config_problems: HashMap::new(),
            due: HashMap::new(),
            root: None,
            kind_hints: false,
            can_refresh_hints: false,
            can_watch_files: false,
            next_id: 0,
        }
    }

    /// Handle messages until `exit`; the exit code.
    pub fn serve(&mut self, incoming: &std::sync::mpsc::Receiver<Message>) -> u8 {
        loop {
            let next = match self.due.values().min() {
                Some(&when) => {
                    incoming.recv_timeout(when.saturating_duration_since(Instant::now()))
                }
                None => incoming.recv().map_err(|_| RecvTimeoutError::Disconnected),
            };
            match next {
                Ok(msg) => {
                    if let Some(code) = self.handle(msg) {
                        return code;
                    }
                }
                Err(RecvTimeoutError::Timeout) => self.check_due(),
                Err(RecvTimeoutError::Disconnected) => return EXIT_UNCLEAN,
            }
        }
    }

    /// Handle one message; the exit code once it is `exit`.
    pub fn handle(&mut self, msg: Message) -> Option<u8> {
        match msg {
            Message::Request(req) => {
                let id = req.id.clone();
                let method = req.method.clone();
                let answer = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    self.request(req)
                }))
                .unwrap_or_else(|_| {
                    Err((
                        ErrorCode::InternalError,
                        format!("internal error answering {method} (a bug in sourced): please report it"),
                    ))
                });
                let response = match answer {
                    Ok(v) => Response::new_ok(id, v),
                    Err((code, message)) => Response::new_err(id, code as i32, message),
                };
                self.send(Message::Response(response));
                None
            }
            Message::Notification(n) if n.method == "exit" => {
                Some(if self.state == State::ShuttingDown {
                    EXIT_CLEAN
                } else {
                    EXIT_UNCLEAN
                })
            }
            Message::Notification(n) => {
                if self.state == State::Running {
                    let method = n.method.clone();
                    let done = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        self.notification(n)
                    }));
                    let problem = match done {
                        Ok(Ok(())) => None,
                        Ok(Err(e)) => Some(format!("sourced server: {method}: {e}")),
                        Err(_) => Some(format!(
                            "sourced server: internal error handling {method} (a bug in sourced): please report it"
                        )),
                    };
                    if let Some(p) = problem {
                        eprintln!("{p}");
                        self.send(transport::log_message(&p));
                    }
                }
                None
            }
            // Answers to the server's own requests (registrations, refreshes): nothing to do.
            Message::Response(_) => None,
        }
    }

    fn send(&self, msg: Message) {
        // The writer has stopped only when the client is gone; the reader will see it too.
        let _ = self.out.send(Outgoing::Message(msg));
    }

    fn notify(&self, method: &str, params: impl serde::Serialize) {
        let _ = self.out.send(Outgoing::notification(method, params));
    }

    fn ask(&mut self, method: &str, params: impl serde::Serialize) {
        self.next_id += 1;
        let id = RequestId::from(format!("sourced-{}", self.next_id));
        self.send(Message::Request(Request::new(
            id,
            method.to_string(),
            params,
        )));
    }

    fn request(&mut self, req: Request) -> Result<Value, (ErrorCode, String)> {
        let enc = self.encoding;
        match (self.state, req.method.as_str()) {
            (State::Starting, "initialize") => {
                let params: InitializeParams = parse(req.params)?;
                Ok(self.initialize(params))
            }
            (State::Starting, _) => Err((
                ErrorCode::ServerNotInitialized,
                format!(
                    "{}: the server is not initialized: send `initialize` first",
                    req.method
                ),
            )),
            (State::ShuttingDown, _) => Err((
                ErrorCode::InvalidRequest,
                format!(
                    "{}: the server is shutting down: only `exit` is expected",
                    req.method
                ),
            )),
            (State::Running, "initialize") => Err((
                ErrorCode::InvalidRequest,
                "initialize: the server is already initialized".to_string(),
            )),
            (State::Running, "shutdown") => {
                self.state = State::ShuttingDown;
                Ok(Value::Null)
            }
            (State::Running, "textDocument/hover") => {
                let p: HoverParams = parse(req.params)?;
                let pos = p.text_document_position_params;
                let (doc, report) = self.checked(&pos.text_document.uri)?;
                let offset = doc.lines.offset(&doc.text, pos.position, enc);
                Ok(json!(hover::hover(report, doc, offset, enc)))
            }
            (State::Running, "textDocument/codeAction") => {
                let p: CodeActionParams = parse(req.params)?;
                let (doc, report) = self.checked(&p.text_document.uri)?;
                Ok(json!(actions::actions(
                    report,
                    doc,
                    p.range,
                    &p.context.diagnostics,
                    enc
                )))
            }
            (State::Running, "textDocument/inlayHint") => {
                let p: InlayHintParams = parse(req.params)?;
                if !self.kind_hints {
                    return Ok(json!([]));
                }
                let (doc, report) = self.checked(&p.text_document.uri)?;
                Ok(json!(hints::hints(report, doc, p.range, enc)))
            }
            (State::Running, "workspace/executeCommand") => {
                let p: ExecuteCommandParams = parse(req.params)?;
                self.execute(p)
            }
            (State::Running, method) => Err((
                ErrorCode::MethodNotFound,
                format!("{method}: not a request this server answers"),
            )),
        }
    }

    fn initialize(&mut self, params: InitializeParams) -> Value {
        let offers_utf8 = params
            .capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_ref())
            .is_some_and(|encs| encs.contains(&PositionEncodingKind::UTF8));
        self.encoding = if offers_utf8 {
            Encoding::Utf8
        } else {
            Encoding::Utf16
        };
        let workspace = params.capabilities.workspace.as_ref();
        self.can_refresh_hints = workspace
            .and_then(|w| w.inlay_hint.as_ref())
            .and_then(|h| h.refresh_support)
            .unwrap_or(false);
        self.can_watch_files = workspace
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|w| w.dynamic_registration)
            .unwrap_or(false);
        #[allow(deprecated)] // `root_uri` is what older clients send instead of folders.
        let root = params
            .workspace_folders
            .as_ref()
            .and_then(|f| f.first())
            .map(|f| f.uri.clone())
            .or(params.root_uri);
        self.root = root.and_then(|u| u.to_file_path().ok());
        if let Some(on) = params.initialization_options.as_ref().and_then(kind_hints) {
            self.kind_hints = on;
        }
        self.state = State::Running;
        let encoding = match self.encoding {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        };
        json!({
            "capabilities": {
                "positionEncoding": encoding,
                "textDocumentSync": {
                    "openClose": true,
                    "change": 2,
                    "save": { "includeText": false }
                },
                "hoverProvider": true,
                "codeActionProvider": { "codeActionKinds": ["quickfix"] },
                "executeCommandProvider": { "commands": [actions::EXPLAIN] },
                "inlayHintProvider": true
            },
            "serverInfo": { "name": "sourced", "version": env!("CARGO_PKG_VERSION") }
        })
    }

    fn notification(&mut self, n: Notification) -> Result<(), String> {
        let p = n.params;
        match n.method.as_str() {
            "initialized" => self.watch_config_files(),
            "textDocument/didOpen" => {
                let p: DidOpenTextDocumentParams = parse_note(p)?;
                let d = p.text_document;
                let uri = d.uri.clone();
                self.docs.insert(
                    uri.clone(),
                    Document::new(d.uri, d.version, d.text, &d.language_id),
                );
                self.check_now(&uri);
            }
            "textDocument/didChange" => {
                let p: DidChangeTextDocumentParams = parse_note(p)?;
                let uri = p.text_document.uri;
                let Some(doc) = self.docs.get_mut(&uri) else {
                    return Err(actions::not_open(&uri));
                };
                doc.version = p.text_document.version;
                doc.apply(p.content_changes, self.encoding);
                let pause = DEBOUNCE.max(doc.last_check);
                self.due.insert(uri, Instant::now() + pause);
            }
            "textDocument/didSave" => {
                let p: DidSaveTextDocumentParams = parse_note(p)?;
                let uri = p.text_document.uri;
                if config::may_change_a_pack(uri.path()) {
                    self.reload_configs();
                } else if self.docs.contains_key(&uri) {
                    self.check_now(&uri);
                }
            }
            "textDocument/didClose" => {
                let p: DidCloseTextDocumentParams = parse_note(p)?;
                let uri = p.text_document.uri;
                self.docs.remove(&uri);
                self.due.remove(&uri);
                self.publish(uri, Vec::new(), None);
            }
            "workspace/didChangeWatchedFiles" => {
                let p: DidChangeWatchedFilesParams = parse_note(p)?;
                if p.changes
                    .iter()
                    .any(|c| config::may_change_a_pack(c.uri.path()))
                {
                    self.reload_configs();
                }
            }
            "workspace/didChangeConfiguration" => {
                let p: DidChangeConfigurationParams = parse_note(p)?;
                if let Some(on) = kind_hints(&p.settings) {
                    if on != self.kind_hints {
                        self.kind_hints = on;
                        if self.can_refresh_hints {
                            self.ask("workspace/inlayHint/refresh", Value::Null);
                        }
                    }
                }
            }
            // `$/cancelRequest`, `$/setTrace` and the like: every request is answered at once.
            _ => {}
        }
        Ok(())
    }

    /// Ask the client to report changes to configuration files (and packs they extend).
    fn watch_config_files(&mut self) {
        if !self.can_watch_files {
            return;
        }
        self.ask(
            "client/registerCapability",
            json!({ "registrations": [{
                "id": "sourced-config",
                "method": "workspace/didChangeWatchedFiles",
                "registerOptions": { "watchers": [{ "globPattern": "**/*.toml" }] }
            }]}),
        );
    }

    fn execute(&mut self, p: ExecuteCommandParams) -> Result<Value, (ErrorCode, String)> {
        if p.command != actions::EXPLAIN {
            return Err((
                ErrorCode::InvalidParams,
                format!(
                    "{}: no such command (the server has {})",
                    p.command,
                    actions::EXPLAIN
                ),
            ));
        }
        let id = p
            .arguments
            .first()
            .and_then(Value::as_str)
            .unwrap_or_default();
        let Some(check) = crate::checks::find(id) else {
            return Err((
                ErrorCode::InvalidParams,
                format!(
                    "{}: no check `{id}`: `sourced rules list` lists them",
                    actions::EXPLAIN
                ),
            ));
        };
        let text = crate::checks::explanation(check, &crate::rules::RulePack::builtin());
        self.notify("window/showMessage", json!({ "type": 3, "message": text }));
        Ok(Value::String(text))
    }

    /// The document and its report on the text as it is now (checking it if an edit waits).
    fn checked(
        &mut self,
        uri: &Url,
    ) -> Result<(&Document, &DocumentReport<'static>), (ErrorCode, String)> {
        let waiting = self.docs.get(uri).map(|d| d.report.is_none());
        match waiting {
            None => return Err((ErrorCode::InvalidParams, actions::not_open(uri))),
            Some(true) => self.check_now(uri),
            Some(false) => {}
        }
        let doc = &self.docs[uri];
        let report = doc.report.as_ref().ok_or_else(|| {
            (
                ErrorCode::InvalidParams,
                format!("{uri}: a configuration file, not an article: nothing to show"),
            )
        })?;
        Ok((doc, report))
    }

    /// Check the documents whose pause after an edit is over.
    fn check_due(&mut self) {
        let now = Instant::now();
        let ready: Vec<Url> = self
            .due
            .iter()
            .filter(|(_, &when)| when <= now)
            .map(|(u, _)| u.clone())
            .collect();
        for uri in ready {
            self.check_now(&uri);
        }
    }

    /// Check a document now and publish its diagnostics.
    pub fn check_now(&mut self, uri: &Url) {
        self.due.remove(uri);
        let Some(doc) = self.docs.get_mut(uri) else {
            return;
        };
        if doc.is_config() {
            return;
        }
        let dir = doc
            .path
            .as_deref()
            .and_then(Path::parent)
            .or(self.root.as_deref())
            .map(Path::to_path_buf);
        let (checker, _config) = self.configs.checker_for(dir.as_deref());
        // The configuration's problems first: once the document's diagnostics arrive, the
        // client has heard everything this check found.
        self.publish_config_problems();
        let Some(doc) = self.docs.get_mut(uri) else {
            return;
        };
        let started = Instant::now();
        let diagnostics = match diagnostics::check(&checker, doc) {
            Ok(report) => {
                let d = diagnostics::of_report(&report, doc, self.encoding);
                doc.report = Some(report);
                d
            }
            Err(e) => {
                doc.report = Some(empty_report(doc.name()));
                diagnostics::of_error(&e)
            }
        };
        doc.last_check = started.elapsed();
        let version = Some(doc.version);
        self.publish(uri.clone(), diagnostics, version);
    }

    /// A configuration file changed: load the packs afresh and check every open document again.
    fn reload_configs(&mut self) {
        self.configs.reload();
        let uris: Vec<Url> = self.docs.keys().cloned().collect();
        for uri in &uris {
            self.check_now(uri);
        }
        self.publish_config_problems();
    }

    /// Show each broken configuration file's error on it, and clear the ones fixed since.
    fn publish_config_problems(&mut self) {
        let now: HashMap<PathBuf, String> = self
            .configs
            .problems()
            .filter_map(|(p, e)| Some((p.to_path_buf(), e?.to_string())))
            .collect();
        let fixed: Vec<PathBuf> = self
            .config_problems
            .keys()
            .filter(|p| !now.contains_key(*p))
            .cloned()
            .collect();
        for path in fixed {
            self.config_problems.remove(&path);
            if let Ok(uri) = Url::from_file_path(&path) {
                self.publish(uri, Vec::new(), None);
            }
        }
        for (path, error) in now {
            if self.config_problems.get(&path) == Some(&error) {
                continue;
            }
            let Ok(uri) = Url::from_file_path(&path) else {
                continue;
            };
            let diagnostic = diagnostics::of_config_error(&error, &path);
            self.publish(uri, vec![diagnostic], None);
            self.config_problems.insert(path, error);
        }
    }

    fn publish(&self, uri: Url, diagnostics: Vec<lsp_types::Diagnostic>, version: Option<i32>) {
        self.notify(
            "textDocument/publishDiagnostics",
            PublishDiagnosticsParams {
                uri,
                diagnostics,
                version,
            },
        );
    }
}

/// The `kindHints` setting, at the top of the settings or under `sourced`.
fn kind_hints(settings: &Value) -> Option<bool> {
    settings
        .get("sourced")
        .and_then(|s| s.get("kindHints"))
        .or_else(|| settings.get("kindHints"))
        .and_then(Value::as_bool)
}

/// The report of a document that could not be checked: no claims, no findings.
fn empty_report(path: String) -> DocumentReport<'static> {
    let (sources, counts) = DocumentReport::summarize(&[]);
    DocumentReport {
        path,
        outlet: None,
        score: None,
        verdict: String::new(),
        claims: Vec::new(),
        sources,
        counts,
        findings: Vec::new(),
        warnings: Vec::new(),
    }
}

fn parse<P: serde::de::DeserializeOwned>(params: Value) -> Result<P, (ErrorCode, String)> {
    serde_json::from_value(params)
        .map_err(|e| (ErrorCode::InvalidParams, format!("invalid parameters: {e}")))
}

fn parse_note<P: serde::de::DeserializeOwned>(params: Value) -> Result<P, String> {
    serde_json::from_value(params).map_err(|e| format!("invalid parameters: {e}"))
}
