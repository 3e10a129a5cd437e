"""Protocol harness (pytest-lsp): the real brieflint binary driven by an independent LSP client that
replays the captured client capabilities of VS Code, Neovim and Emacs, with UTF-16 and UTF-8
position encodings: initialize, diagnostics, hover, code action, shutdown.

Run by tests/editors/run.sh (BRIEFLINT_BIN, BRIEFLINT_REPO set there)."""

import asyncio
import json
import os
import pathlib
import subprocess

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

REPO = pathlib.Path(os.environ.get("BRIEFLINT_REPO", pathlib.Path(__file__).resolve().parents[2]))
BIN = os.environ.get("BRIEFLINT_BIN", str(REPO / "target" / "release" / "brieflint"))
FIXTURE = REPO / "fixtures" / "discovery" / "acme-rfp-responses.md"
# Non-ASCII (including a character outside the BMP) inside the flagged span: UTF-8 and UTF-16
# columns differ there.
UNICODE_DOC = (
    "# RESPONSES TO REQUESTS FOR PRODUCTION\n\n"
    "**REQUEST FOR PRODUCTION NO. 1:** All emails of 王伟.\n\n"
    "**RESPONSE TO REQUEST FOR PRODUCTION NO. 1:** Acme (王伟 — 𝔸cme) objects to this Request as "
    "overly broad and unduly burdensome.\n"
)

CLIENTS = {"vscode": "visual-studio-code", "neovim": "neovim", "emacs": "emacs"}
CASES = [(c, e) for c in CLIENTS for e in ("utf-16", "utf-8")]


def expected_findings(path: pathlib.Path):
    out = subprocess.run(
        [BIN, "check", "--format", "json", "--exit-zero", str(path)], capture_output=True, text=True, check=True
    ).stdout
    return json.loads(out)


def to_encoding(line: str, utf16_col: int, encoding: str) -> int:
    """Converts a UTF-16 column (the JSON report's) to the negotiated encoding."""
    if encoding == "utf-16":
        return utf16_col
    units = 0
    for i, ch in enumerate(line):
        if units >= utf16_col:
            return len(line[:i].encode("utf-8"))
        units += 2 if ord(ch) > 0xFFFF else 1
    return len(line.encode("utf-8"))


def from_encoding(line: str, col: int, encoding: str) -> int:
    """Python string index of a column in the negotiated encoding."""
    if encoding == "utf-16":
        units = 0
        for i, ch in enumerate(line):
            if units >= col:
                return i
            units += 2 if ord(ch) > 0xFFFF else 1
        return len(line)
    return len(line.encode("utf-8")[:col].decode("utf-8"))


async def wait_diagnostics(client: LanguageClient, uri: str, predicate, timeout: float = 10.0):
    """Waits until the diagnostics published for `uri` satisfy `predicate`."""

    async def wait():
        while not (uri in client.diagnostics and predicate(client.diagnostics[uri])):
            await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        return client.diagnostics[uri]

    return await asyncio.wait_for(wait(), timeout)


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[BIN, "lsp"]), params=CASES, ids=lambda c: f"{c[0]}-{c[1]}")
async def client(lsp_client: LanguageClient, request):
    name, encoding = request.param

    @lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register_capability(params: types.RegistrationParams):
        return None

    caps = client_capabilities(CLIENTS[name])
    offered = [types.PositionEncodingKind.Utf16]
    if encoding == "utf-8":
        offered = [types.PositionEncodingKind.Utf8, types.PositionEncodingKind.Utf16]
    if caps.general is None:
        caps.general = types.GeneralClientCapabilities()
    caps.general.position_encodings = offered
    result = await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=caps,
            root_uri=FIXTURE.parent.as_uri(),
            initialization_options={"brieflint": {}},
        )
    )
    lsp_client.brieflint_result = result
    lsp_client.brieflint_encoding = encoding
    yield
    await lsp_client.shutdown_session()


async def open_and_wait(client: LanguageClient, uri: str, text: str):
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="markdown", version=1, text=text)
        )
    )
    return await wait_diagnostics(client, uri, lambda d: True)


def check_diagnostics(diags, findings, text: str, encoding: str):
    lines = text.split("\n")
    got = sorted(
        (str(d.code), d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character, d.message)
        for d in diags
    )
    want = sorted(
        (
            f["code"],
            f["range"]["start"]["line"],
            to_encoding(lines[f["range"]["start"]["line"]], f["range"]["start"]["character"], encoding),
            f["range"]["end"]["line"],
            to_encoding(lines[f["range"]["end"]["line"]], f["range"]["end"]["character"], encoding),
            f["message"],
        )
        for f in findings
    )
    assert got == want
    assert all(d.source == "brieflint" for d in diags)


async def test_fixture_diagnostics_hover_code_action(client: LanguageClient):
    encoding = client.brieflint_encoding
    result = client.brieflint_result
    assert result.server_info.name == "brieflint"
    assert result.capabilities.position_encoding == encoding

    text = FIXTURE.read_text(encoding="utf-8")
    uri = FIXTURE.as_uri()
    findings = expected_findings(FIXTURE)
    diags = await open_and_wait(client, uri, text)
    check_diagnostics(diags, findings, text, encoding)

    # Hover on a BL101 span: the rule documentation.
    bl101 = next(d for d in diags if d.code == "BL101")
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            # On "objects": a defined term or citation under the cursor would take precedence.
            position=types.Position(
                line=bl101.range.start.line,
                character=bl101.range.start.character
                + text.split("\n")[bl101.range.start.line][bl101.range.start.character :].index("objects")
                + 2,
            ),
        )
    )
    value = hover.contents.value if hasattr(hover.contents, "value") else str(hover.contents)
    assert value.startswith("**BL101 boilerplate-objection**: "), value
    assert "Full documentation: `brieflint rules BL101`" in value, value
    assert "## What it flags" not in value, value

    # Code action on the last BL106; apply its edit with didChange; the diagnostic goes,
    # and BL003 stands on the "[date]" the fix inserted until it is filled.
    bl106 = [d for d in diags if d.code == "BL106"][-1]
    line106 = bl106.range.start.line
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=bl106.range,
            context=types.CodeActionContext(diagnostics=[bl106], only=[types.CodeActionKind.QuickFix]),
        )
    )
    titles = [a.title for a in actions]
    assert "Disable BL106 for this line" in titles
    action = next(a for a in actions if a.title.startswith("Add a production completion date"))
    edit = action.edit
    if edit.document_changes:
        change = edit.document_changes[0]
        assert change.text_document.version == 1
        edits = change.edits
    else:
        edits = edit.changes[uri]
    assert len(edits) == 1
    e = edits[0]
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangePartial(range=e.range, text=e.new_text)],
        )
    )
    after = await wait_diagnostics(
        client, uri, lambda d: not any(x.code == "BL106" and x.range.start.line == line106 for x in d)
    )
    assert len(after) == len(diags)
    assert any(d.code == "BL003" and d.range.start.line >= line106 for d in after)


async def test_unicode_positions(client: LanguageClient, tmp_path):
    encoding = client.brieflint_encoding
    doc = tmp_path / "unicode.md"
    doc.write_text(UNICODE_DOC, encoding="utf-8")
    diags = await open_and_wait(client, doc.as_uri(), UNICODE_DOC)
    check_diagnostics(diags, expected_findings(doc), UNICODE_DOC, encoding)
    line = UNICODE_DOC.split("\n")[4]
    d = diags[0]
    flagged = line[from_encoding(line, d.range.start.character, encoding) : from_encoding(line, d.range.end.character, encoding)]
    assert flagged.startswith("Acme (王伟 — 𝔸cme) objects")
    assert flagged.endswith("unduly burdensome.")


@pytest.mark.skipif(
    os.environ.get("BRIEFLINT_EXPECT_CITATION_HOVER") != "1", reason="set BRIEFLINT_EXPECT_CITATION_HOVER=1"
)
async def test_citation_hover(client: LanguageClient):
    doc = REPO / "tests" / "editors" / "citation.md"
    text = doc.read_text(encoding="utf-8")
    await open_and_wait(client, doc.as_uri(), text)
    lines = text.split("\n")
    row = next(i for i, line in enumerate(lines) if "Fed. R. Civ. P. 34(b)(2)(C)" in line)
    col = lines[row].index("Fed. R. Civ. P. 34(b)(2)(C)") + 4  # ASCII before it: same in every encoding
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=doc.as_uri()),
            position=types.Position(line=row, character=col),
        )
    )
    assert hover is not None
    value = hover.contents.value if hasattr(hover.contents, "value") else str(hover.contents)
    assert "Fed. R. Civ. P. 34(b)(2)(C)" in value
    assert (
        "An objection must state whether any responsive materials are being withheld on the basis of that objection."
        in value
    )
