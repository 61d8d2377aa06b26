"""`sourced server` driven over stdio by a real LSP client (pytest-lsp).

Run by `cargo test --test lsp` (which sets SOURCED_BIN to the binary it built), or by hand:
`SOURCED_BIN=target/debug/sourced python3 -m pytest tests/lsp`.
"""

import asyncio
import os
import pathlib
import shutil

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pytest_lsp import ClientServerConfig, LanguageClient

HERE = pathlib.Path(__file__).parent
ROOT = HERE.parent.parent
SERVER = os.environ.get("SOURCED_BIN") or str(ROOT / "target" / "debug" / "sourced")
DRAFT = (HERE / "draft.md").read_text(encoding="utf-8")


def capabilities(utf8: bool = False) -> types.ClientCapabilities:
    return types.ClientCapabilities(
        general=types.GeneralClientCapabilities(
            position_encodings=[types.PositionEncodingKind.Utf8, types.PositionEncodingKind.Utf16]
            if utf8
            else [types.PositionEncodingKind.Utf16]
        ),
        workspace=types.WorkspaceClientCapabilities(
            did_change_watched_files=types.DidChangeWatchedFilesClientCapabilities(
                dynamic_registration=True
            ),
            inlay_hint=types.InlayHintWorkspaceClientCapabilities(refresh_support=True),
        ),
        text_document=types.TextDocumentClientCapabilities(
            hover=types.HoverClientCapabilities(content_format=[types.MarkupKind.Markdown]),
            code_action=types.CodeActionClientCapabilities(
                code_action_literal_support=types.ClientCodeActionLiteralOptions(
                    code_action_kind=types.ClientCodeActionKindOptions(
                        value_set=[types.CodeActionKind.QuickFix]
                    )
                )
            ),
            inlay_hint=types.InlayHintClientCapabilities(),
            publish_diagnostics=types.PublishDiagnosticsClientCapabilities(),
        ),
    )


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[SERVER, "server"]))
async def client(lsp_client: LanguageClient):
    # What an editor answers to the server's own requests; kept for the tests to read.
    lsp_client.registrations = []
    lsp_client.hint_refreshes = 0

    @lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params: types.RegistrationParams):
        lsp_client.registrations.extend(params.registrations)

    @lsp_client.feature(types.WORKSPACE_INLAY_HINT_REFRESH)
    def refresh(params):
        lsp_client.hint_refreshes += 1

    yield
    await lsp_client.shutdown_session()


async def start(client: LanguageClient, folder: pathlib.Path, utf8: bool = False):
    result = await client.initialize_session(
        types.InitializeParams(
            capabilities=capabilities(utf8),
            workspace_folders=[types.WorkspaceFolder(uri=folder.as_uri(), name="drafts")],
        )
    )
    return result


async def diagnostics_of(client: LanguageClient, uri: str):
    """Wait until the server publishes diagnostics for `uri` (the caller forgets the ones
    before it sends what the server answers)."""
    # The waiter is only registered once its task runs: a notification that lands before then
    # is missed, so wait in short steps and look again, up to 30 s in all.
    deadline = asyncio.get_running_loop().time() + 30
    while uri not in client.diagnostics:
        if asyncio.get_running_loop().time() > deadline:
            raise TimeoutError(f"no diagnostics for {uri} in 30 s")
        try:
            await asyncio.wait_for(
                client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS), timeout=0.5
            )
        except asyncio.TimeoutError:
            pass
    return client.diagnostics[uri]


async def open_draft(client: LanguageClient, path: pathlib.Path, text: str = DRAFT):
    path.write_text(text, encoding="utf-8")
    uri = path.as_uri()
    client.diagnostics.pop(uri, None)
    waiting = asyncio.ensure_future(diagnostics_of(client, uri))
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id="markdown", version=1, text=text
            )
        )
    )
    await waiting
    return uri


def codes_by_line(diagnostics):
    return sorted((d.range.start.line + 1, d.code) for d in diagnostics)


async def test_diagnostics_hover_and_suppression(client: LanguageClient, tmp_path):
    result = await start(client, tmp_path)
    assert result.capabilities.position_encoding == types.PositionEncodingKind.Utf16
    uri = await open_draft(client, tmp_path / "draft.md")

    # The findings, at the lines of their claims (1-based here, as the CLI prints them).
    got = codes_by_line(client.diagnostics[uri])
    assert (5, "ANON005") in got and (9, "VAG001") in got, got
    assert all(line in (5, 7, 9) for line, _ in got), got
    anon005 = next(d for d in client.diagnostics[uri] if d.code == "ANON005")
    assert anon005.severity == types.DiagnosticSeverity.Warning
    assert anon005.source == "sourced"
    # Its data names the check, whose explanation the "Explain" action shows (run below).
    assert anon005.data == {"id": "ANON005"}
    # The quotation's line has curly quotes: the range ends at its UTF-16 length.
    art003 = next(d for d in client.diagnostics[uri] if d.code == "ART003")
    line7 = DRAFT.splitlines()[6]
    assert art003.range.end == types.Position(line=6, character=len(line7.encode("utf-16-le")) // 2)

    # Hover on the anonymous claim: its kind and source.
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=4, character=3),
        )
    )
    assert hover is not None
    assert hover.contents.value.startswith("**anonymous**"), hover.contents.value
    assert "- source: Sources" in hover.contents.value
    assert "- cue: said" in hover.contents.value
    assert "ANON005" in hover.contents.value

    # The suppression action, applied as an editor would: the diagnostic goes, and only it.
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=anon005.range,
            context=types.CodeActionContext(diagnostics=[anon005]),
        )
    )
    titles = [a.title for a in actions]
    assert "Suppress ANON005 on this line" in titles, titles
    assert "Explain ANON005" in titles, titles
    fix = next(a for a in actions if a.title == "Suppress ANON005 on this line")
    assert fix.kind == types.CodeActionKind.QuickFix
    edits = fix.edit.changes[uri]
    assert [e.new_text for e in edits] == ["<!-- sourced-disable-next-line ANON005 -->\n"]
    client.diagnostics.pop(uri)
    waiting = asyncio.ensure_future(diagnostics_of(client, uri))
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[
                types.TextDocumentContentChangePartial(range=e.range, text=e.new_text)
                for e in edits
            ],
        )
    )
    await waiting
    after = codes_by_line(client.diagnostics[uri])
    want = sorted((line + (line >= 5), code) for line, code in got if code != "ANON005")
    assert after == want, after

    # The explanation, shown by the server when the editor runs the command.
    explain = next(a for a in actions if a.title == "Explain ANON005")
    await client.workspace_execute_command_async(
        types.ExecuteCommandParams(command=explain.command, arguments=explain.arguments)
    )
    assert any(m.message.startswith("ANON005") and "Why:" in m.message for m in client.messages)


async def test_utf8_is_negotiated_when_offered(client: LanguageClient, tmp_path):
    result = await start(client, tmp_path, utf8=True)
    assert result.capabilities.position_encoding == types.PositionEncodingKind.Utf8
    uri = await open_draft(client, tmp_path / "draft.md")
    art003 = next(d for d in client.diagnostics[uri] if d.code == "ART003")
    line7 = DRAFT.splitlines()[6]
    assert art003.range.end == types.Position(line=6, character=len(line7.encode("utf-8")))


async def test_kind_hints_are_off_until_the_setting(client: LanguageClient, tmp_path):
    await start(client, tmp_path)
    uri = await open_draft(client, tmp_path / "draft.md")
    whole = types.Range(start=types.Position(line=0, character=0), end=types.Position(line=99, character=0))
    params = types.InlayHintParams(text_document=types.TextDocumentIdentifier(uri=uri), range=whole)
    assert list(await client.text_document_inlay_hint_async(params)) == []
    client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"sourced": {"kindHints": True}})
    )
    hints = await client.text_document_inlay_hint_async(params)
    assert client.hint_refreshes == 1
    labels = [(h.position.line + 1, h.label) for h in hints]
    assert (5, "anonymous:") in labels and (9, "vague:") in labels, labels


async def test_broken_config_is_a_diagnostic_on_it_and_a_fix_clears_it(
    client: LanguageClient, tmp_path
):
    config = tmp_path / "sourced.toml"
    config.write_text('extends = "default"\n\n[checks.VAG001]\nenabeld = false\n', encoding="utf-8")
    (tmp_path / "desk").mkdir()
    await start(client, tmp_path)
    uri = await open_draft(client, tmp_path / "desk" / "draft.md")
    # The draft is still checked (with the built-in pack), and the config carries the error.
    assert (9, "VAG001") in codes_by_line(client.diagnostics[uri])
    problems = client.diagnostics.get(config.as_uri())
    assert problems and problems[0].range.start.line == 3, problems
    assert "enabeld" in problems[0].message

    assert [r.method for r in client.registrations] == ["workspace/didChangeWatchedFiles"]
    # Fixed on disk, the editor's watcher reports it: the pack applies, the error goes.
    config.write_text('extends = "default"\n\n[checks.VAG001]\nenabled = false\n', encoding="utf-8")
    client.diagnostics.pop(uri)
    waiting = asyncio.ensure_future(diagnostics_of(client, uri))
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=config.as_uri(), type=types.FileChangeType.Changed)]
        )
    )
    await waiting
    assert (9, "VAG001") not in codes_by_line(client.diagnostics[uri])
    assert list(client.diagnostics[config.as_uri()]) == []

    # Broken again and saved in the editor: the save alone reloads it.
    config.write_text('extends = "nowhere.toml"\n', encoding="utf-8")
    client.diagnostics.pop(uri)
    waiting = asyncio.ensure_future(diagnostics_of(client, uri))
    client.text_document_did_save(
        types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=config.as_uri()))
    )
    await waiting
    assert (9, "VAG001") in codes_by_line(client.diagnostics[uri])
    assert "nowhere.toml" in client.diagnostics[config.as_uri()][0].message


async def test_a_save_checks_the_document_again(client: LanguageClient, tmp_path):
    await start(client, tmp_path)
    uri = await open_draft(client, tmp_path / "draft.md")
    client.diagnostics.pop(uri)
    waiting = asyncio.ensure_future(diagnostics_of(client, uri))
    client.text_document_did_save(
        types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    await waiting
    assert (5, "ANON005") in codes_by_line(client.diagnostics[uri])


async def test_a_request_for_a_document_never_opened_is_an_error(client: LanguageClient, tmp_path):
    await start(client, tmp_path)
    with pytest.raises(JsonRpcException) as e:
        await client.text_document_hover_async(
            types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=(tmp_path / "nope.md").as_uri()),
                position=types.Position(line=0, character=0),
            )
        )
    assert "is not open" in str(e.value)
