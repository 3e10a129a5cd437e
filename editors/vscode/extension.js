// brieflint for VS Code: starts `brieflint lsp` for Markdown files.
// Plain CommonJS, no build step.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const vscode = require('vscode');
const {
  LanguageClient,
  TransportKind,
  CloseAction,
  ErrorAction,
  ResponseError,
  State,
} = require('vscode-languageclient/node');

const METHOD_NOT_FOUND = -32601;
const SCHEME = 'brieflint';

let client;          // the running LanguageClient, if any
let serverPath;      // the binary the current client was started with
let output;          // "brieflint" output channel
let traceOutput;     // "brieflint Trace" output channel
let stopping = false;
let crashes = [];    // timestamps of unexpected exits
let status;          // the status-bar item: the server's state and the counts of brieflint's problems
let lengthItem;      // the status-bar item: the active filing's word count under its length limit
let lengthAsked = 0; // the latest brieflint/length request, so a late answer does not win
let serverState = 'starting'; // starting | running | restarting | stopped
let crashNoticeOpen = false;  // at most one crash notification at a time
const virtualDocs = new Map(); // brieflint:/... uri -> markdown
const virtualDocsChanged = new vscode.EventEmitter();

/** Whether `file` lies inside one of the open workspace folders. */
function insideWorkspace(file) {
  return (vscode.workspace.workspaceFolders || []).some((f) => {
    const rel = path.relative(f.uri.fsPath, file);
    return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
  });
}

/**
 * Where the binary is: the user's setting, else the bundled linux-x64 binary, else `brieflint` on PATH.
 * Lawyers open the other side's files: a workspace never chooses the executable. Only the user's own
 * (global) value of brieflint.server.path is read, whatever the scope says, and in Restricted Mode
 * (an untrusted folder) even that is not used when it leads into the workspace.
 */
function resolveServerPath(context) {
  const inspected = vscode.workspace.getConfiguration('brieflint').inspect('server.path') || {};
  const configured = (inspected.globalValue || '').trim();
  if (configured) {
    let p = configured.replace(/^~(?=$|\/|\\)/, os.homedir());
    const folder = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
    if (folder) p = p.replace(/\$\{workspaceFolder\}/g, folder.uri.fsPath);
    if (!path.isAbsolute(p) && p.includes(path.sep) && folder) p = path.join(folder.uri.fsPath, p);
    if (vscode.workspace.isTrusted || !(path.isAbsolute(p) && insideWorkspace(p))) {
      return { path: p, source: 'setting brieflint.server.path' };
    }
    output.appendLine(`Restricted Mode: not running ${p} (inside the untrusted workspace); using the bundled server.`);
  }
  const bundled = context.asAbsolutePath(path.join('server', `${process.platform}-${process.arch}`,
    process.platform === 'win32' ? 'brieflint.exe' : 'brieflint'));
  if (fs.existsSync(bundled)) {
    try {
      fs.accessSync(bundled, fs.constants.X_OK);
    } catch {
      try { fs.chmodSync(bundled, 0o755); } catch { /* reported when it fails to start */ }
    }
    return { path: bundled, source: 'bundled with the extension' };
  }
  return { path: 'brieflint', source: 'PATH' };
}

/** The absolute file a command name or path resolves to, or undefined if there is none. */
function findExecutable(p) {
  const isFile = (f) => {
    try {
      fs.accessSync(f, fs.constants.X_OK);
      return fs.statSync(f).isFile();
    } catch {
      return false;
    }
  };
  if (path.isAbsolute(p) || p.includes('/') || p.includes('\\')) return isFile(p) ? p : undefined;
  const exts = process.platform === 'win32' ? ['.exe', '.cmd', ''] : [''];
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    if (!dir) continue;
    for (const ext of exts) {
      const f = path.join(dir, p + ext);
      if (isFile(f)) return f;
    }
  }
  return undefined;
}

/** The settings object the server reads (initializationOptions and didChangeConfiguration). */
function serverSettings() {
  const cfg = vscode.workspace.getConfiguration('brieflint');
  const settings = { rules: cfg.get('rules') || {} };
  const court = (cfg.get('court') || '').trim();
  if (court) settings.court = court;
  const extra = cfg.get('boilerplate.extraPhrases') || [];
  if (extra.length) settings.boilerplate = { extraPhrases: extra };
  const maxBytes = cfg.get('maxDocumentBytes');
  if (Number.isInteger(maxBytes) && maxBytes >= 0) settings.maxDocumentBytes = maxBytes;
  // Hovers may link to "Show Rule Documentation": the only command trusted in hover Markdown.
  settings.hoverCommandLinks = true;
  return settings;
}

function showError(message, ...items) {
  output.appendLine(`[error] ${message}`);
  const actions = items.length ? items : ['Open Settings', 'Show Output'];
  return vscode.window.showErrorMessage(message, ...actions).then((choice) => {
    if (choice === 'Open Settings') vscode.commands.executeCommand('workbench.action.openSettings', 'brieflint.server.path');
    if (choice === 'Show Output') output.show(true);
    if (choice === 'Restart Server') vscode.commands.executeCommand('brieflint.restartServer');
  });
}

/** Counts of brieflint's diagnostics across the workspace, as the Problems view lists them. */
function problemCounts() {
  const counts = { errors: 0, warnings: 0, other: 0, files: 0 };
  for (const [, diagnostics] of vscode.languages.getDiagnostics()) {
    const ours = diagnostics.filter((d) => d.source === 'brieflint');
    if (!ours.length) continue;
    counts.files++;
    for (const d of ours) {
      if (d.severity === vscode.DiagnosticSeverity.Error) counts.errors++;
      else if (d.severity === vscode.DiagnosticSeverity.Warning) counts.warnings++;
      else counts.other++;
    }
  }
  return counts;
}

const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Shows the server's state and the counts; a click opens Problems, or restarts a stopped server. */
function updateStatus(state) {
  if (state) serverState = state;
  if (!status) return;
  let text;
  let label;
  let command = 'workbench.actions.view.problems';
  if (serverState === 'running') {
    const c = problemCounts();
    text = c.errors || c.warnings
      ? `$(law) brieflint $(error) ${c.errors} $(warning) ${c.warnings}`
      : '$(law) brieflint $(check)';
    label = `brieflint: ${plural(c.errors, 'error')}, ${plural(c.warnings, 'warning')}` +
      (c.other ? `, ${c.other} other` : '') + ` in ${plural(c.files, 'file')}. Click to open the Problems view.`;
  } else if (serverState === 'starting') {
    text = '$(sync~spin) brieflint';
    label = 'brieflint: starting the language server';
  } else if (serverState === 'restarting') {
    text = '$(sync~spin) brieflint: restarting';
    label = 'brieflint: the language server exited unexpectedly and is being restarted (details in Output > brieflint)';
  } else {
    text = '$(error) brieflint: stopped';
    label = 'brieflint: the language server is not running. Click to restart it.';
    command = 'brieflint.restartServer';
  }
  status.text = text;
  status.tooltip = label;
  status.accessibilityInformation = { label };
  status.command = command;
  status.show();
}

/** "362/350 words (12 over)", or for a page limit "5,419 words, limit 15 pages (estimate)". */
function formatLength(r) {
  const n = (x) => Math.abs(x).toLocaleString('en-US');
  if (r.unit === 'words') {
    return `${n(r.words)}/${n(r.limit)} words` + (r.remaining < 0 ? ` (${n(r.remaining)} over)` : '');
  }
  return `${n(r.words)} words, limit ${r.limit} ${r.unit} (estimate)`;
}

/**
 * Shows the active filing's word count, its limit and what is left (brieflint/length), hidden when
 * no length limit governs it. Asked again as diagnostics change (each analysis publishes them).
 */
async function updateLength() {
  if (!lengthItem) return;
  const asked = ++lengthAsked;
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== 'markdown' || !client || client.state !== State.Running) {
    lengthItem.hide();
    return;
  }
  let result = null;
  try {
    result = await client.sendRequest('brieflint/length', { textDocument: { uri: editor.document.uri.toString() } });
  } catch (e) {
    result = null; // an older server, or a document not yet open on the server: nothing to show
  }
  if (asked !== lengthAsked) return;
  if (!result) {
    lengthItem.hide();
    return;
  }
  lengthItem.text = `$(symbol-ruler) ${formatLength(result)}`;
  lengthItem.tooltip = `${result.summary}\n${result.method}`;
  // Not "brieflint: ...": that label is the state-and-counts item's.
  lengthItem.accessibilityInformation = { label: `Word count (brieflint): ${result.summary}` };
  lengthItem.show();
}

/** The one notification for a server that keeps exiting: it names the binary and offers a restart. */
function notifyCrash(message) {
  if (crashNoticeOpen) return;
  crashNoticeOpen = true;
  showError(message, 'Restart Server', 'Show Output').then(
    () => { crashNoticeOpen = false; },
    () => { crashNoticeOpen = false; });
}

async function startClient(context) {
  const resolved = resolveServerPath(context);
  serverPath = resolved.path;
  const exe = findExecutable(resolved.path);
  if (!exe) {
    const where = resolved.source === 'PATH' ? `"brieflint" was not found on PATH` : `${resolved.path} does not exist or is not executable`;
    showError(`brieflint: language server binary not found: ${where} (tried ${resolved.path}, from ${resolved.source}). ` +
      'Install brieflint or set "brieflint.server.path".');
    updateStatus('stopped');
    return;
  }
  serverPath = exe;
  output.appendLine(`starting ${exe} lsp (${resolved.source})`);

  const run = { command: exe, args: ['lsp'], transport: TransportKind.stdio };
  const serverOptions = { run, debug: run };
  const clientOptions = {
    documentSelector: [{ scheme: 'file', language: 'markdown' }],
    initializationOptions: serverSettings(),
    outputChannel: output,
    traceOutputChannel: traceOutput,
    revealOutputChannelOn: 4, // RevealOutputChannelOn.Never
    markdown: { isTrusted: { enabledCommands: ['brieflint.showRuleDocumentation'] } },
    errorHandler: {
      // Write errors (EPIPE) come with a close; the close handler below reports it once, with the path.
      error: (error) => {
        output.appendLine(`[error] connection to ${exe}: ${error && error.message ? error.message : error}`);
        return { action: started ? ErrorAction.Continue : ErrorAction.Shutdown, handled: true };
      },
      closed: () => {
        // Before the server answered initialize, start() fails and its catch reports it.
        if (stopping || !started) return { action: CloseAction.DoNotRestart, handled: true };
        const now = Date.now();
        crashes = crashes.filter((t) => now - t < 3 * 60 * 1000);
        crashes.push(now);
        // A crash or two is restarted quietly (the status bar says so, the output channel has the
        // details); a server that keeps exiting gets one notification, with a restart action.
        if (crashes.length <= 4) {
          output.appendLine(`[error] the language server ${exe} exited unexpectedly (${plural(crashes.length, 'time')} ` +
            'in 3 minutes); restarting it');
          updateStatus('restarting');
          return { action: CloseAction.Restart, handled: true };
        }
        updateStatus('stopped');
        notifyCrash(`brieflint: the language server ${exe} exited unexpectedly ${crashes.length} times in 3 minutes ` +
          'and was not restarted. Output > brieflint has its last messages.');
        return { action: CloseAction.DoNotRestart, handled: true };
      },
    },
  };
  let started = false;
  client = new LanguageClient('brieflint', 'brieflint', serverOptions, clientOptions);
  const thisClient = client;
  client.onDidChangeState((e) => {
    if (client !== thisClient) return;
    if (e.newState === State.Running) updateStatus('running');
    else if (e.newState === State.Starting && serverState !== 'restarting') updateStatus('starting');
    else if (e.newState === State.Stopped && serverState !== 'restarting') updateStatus('stopped');
  });
  updateStatus('starting');
  try {
    await client.start();
    started = true;
    updateStatus('running');
    const info = client.initializeResult && client.initializeResult.serverInfo;
    output.appendLine(`started ${info ? `${info.name} ${info.version || ''}` : 'server'} from ${exe}`);
  } catch (e) {
    client = undefined;
    updateStatus('stopped');
    showError(`brieflint: could not start the language server ${exe} (it exited or did not answer initialize: ` +
      `${e && e.message ? e.message : e}). Check "brieflint.server.path" and Output > brieflint.`);
  }
}

async function stopClient() {
  if (!client) return;
  const c = client;
  client = undefined;
  stopping = true;
  try {
    if (c.state === State.Running || c.state === State.Starting) await c.stop(5000);
  } catch (e) {
    output.appendLine(`stopping the server: ${e && e.message ? e.message : e}`);
  } finally {
    stopping = false;
  }
}

async function restart(context) {
  await stopClient();
  crashes = [];
  await startClient(context);
}

/** Sends a brieflint/* request; undefined (after a clear message) if the server cannot answer it. */
async function request(method, params) {
  if (!client || client.state !== State.Running) {
    showError(`brieflint: the language server is not running (path: ${serverPath || 'not resolved'}).`,
      'Restart Server', 'Open Settings');
    return undefined;
  }
  try {
    return await client.sendRequest(method, params);
  } catch (e) {
    if (e instanceof ResponseError && e.code === METHOD_NOT_FOUND || (e && e.code === METHOD_NOT_FOUND)) {
      const version = client.initializeResult && client.initializeResult.serverInfo
        ? client.initializeResult.serverInfo.version : 'unknown';
      vscode.window.showWarningMessage(`brieflint: this language server (${serverPath}, version ${version}) does not support ` +
        `${method}. Update brieflint to use this command.`);
      return undefined;
    }
    showError(`brieflint: ${method} failed: ${e && e.message ? e.message : e}`, 'Show Output');
    return undefined;
  }
}

async function showMarkdown(name, markdown) {
  const uri = vscode.Uri.from({ scheme: SCHEME, path: `/${name}.md` });
  virtualDocs.set(uri.toString(), markdown);
  virtualDocsChanged.fire(uri);
  const doc = await vscode.workspace.openTextDocument(uri);
  try {
    await vscode.commands.executeCommand('markdown.showPreviewToSide', uri);
  } catch {
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true });
  }
}

/** The code of the brieflint diagnostic under the cursor, if any. */
function codeAtCursor() {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const pos = editor.selection.active;
  const d = vscode.languages.getDiagnostics(editor.document.uri)
    .find((x) => x.source === 'brieflint' && x.range.contains(pos));
  if (!d || !d.code) return undefined;
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

async function showRuleDocumentation(code) {
  if (typeof code !== 'string' || !code) code = codeAtCursor();
  if (!code) {
    // The server's own list: every rule of the running binary, never a stale copy.
    const list = await request('brieflint/rules', {});
    if (!list || !Array.isArray(list.rules)) return;
    const pick = await vscode.window.showQuickPick(
      list.rules.map((r) => ({ label: r.code, description: r.name, detail: r.summary })),
      { placeHolder: 'brieflint rule' });
    if (!pick) return;
    code = pick.label;
  }
  const res = await request('brieflint/ruleDocumentation', { code });
  if (res && typeof res.markdown === 'string') await showMarkdown(`rules/${code}`, res.markdown);
}

async function showTableOfAuthorities() {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== 'markdown' || editor.document.uri.scheme !== 'file') {
    vscode.window.showWarningMessage('brieflint: open a Markdown filing to build its table of authorities.');
    return;
  }
  const res = await request('brieflint/tableOfAuthorities', { textDocument: { uri: editor.document.uri.toString() } });
  if (res && typeof res.markdown === 'string') {
    await showMarkdown(`authorities/${path.basename(editor.document.uri.fsPath, path.extname(editor.document.uri.fsPath))}`,
      res.markdown);
  }
}

/** Diagnostics of the read-only renderings opened by "Review responses". */
let reviewDiagnostics;

function toDiagnostic(d) {
  const range = new vscode.Range(d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character);
  const severity = [undefined, vscode.DiagnosticSeverity.Error, vscode.DiagnosticSeverity.Warning,
    vscode.DiagnosticSeverity.Information, vscode.DiagnosticSeverity.Hint][d.severity || 2];
  const diagnostic = new vscode.Diagnostic(range, d.message, severity);
  diagnostic.source = 'brieflint';
  if (d.code) {
    diagnostic.code = d.codeDescription ? { value: d.code, target: vscode.Uri.parse(d.codeDescription.href) } : d.code;
  }
  return diagnostic;
}

/**
 * "brieflint: Review responses (.docx/.pdf)": the other side's responses converted by the
 * server, opened read-only as Markdown beside the editor, with the findings on it (each
 * message names the page or paragraph of the original).
 */
async function reviewResponses(target) {
  let uri = target instanceof vscode.Uri ? target : undefined;
  if (!uri) {
    const picked = await vscode.window.showOpenDialog({
      canSelectMany: false,
      openLabel: 'Review',
      filters: { 'Discovery responses': ['docx', 'docm', 'pdf'] },
    });
    if (!picked || !picked.length) return;
    uri = picked[0];
  }
  if (uri.scheme !== 'file') {
    vscode.window.showWarningMessage('brieflint: choose a .docx or .pdf file on disk.');
    return;
  }
  const res = await request('brieflint/reviewResponses', { uri: uri.toString() });
  if (!res || typeof res.markdown !== 'string') return;
  const rendered = vscode.Uri.from({ scheme: SCHEME, path: `/review/${path.basename(uri.fsPath)}.md` });
  virtualDocs.set(rendered.toString(), res.markdown);
  virtualDocsChanged.fire(rendered);
  reviewDiagnostics.set(rendered, (res.diagnostics || []).map(toDiagnostic));
  reviewSources.set(rendered.toString(), uri);
  const doc = await vscode.workspace.openTextDocument(rendered);
  await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: false });
  for (const notice of res.notices || []) vscode.window.showInformationMessage(`brieflint: ${notice}`);
}

/** The original file of each rendering opened by "Review responses" (brieflint:/review/... -> file uri). */
const reviewSources = new Map();

/**
 * The responses a command is about: the files chosen in the explorer (one or several), else the active
 * editor's Markdown file or the original of the rendering it shows, else files picked in a dialog.
 */
async function responsesTarget(target, selected) {
  if (Array.isArray(selected) && selected.length && selected.every((u) => u instanceof vscode.Uri)) return selected;
  if (target instanceof vscode.Uri) return [target];
  const editor = vscode.window.activeTextEditor;
  if (editor) {
    const uri = editor.document.uri;
    if (reviewSources.has(uri.toString())) return [reviewSources.get(uri.toString())];
    if (editor.document.languageId === 'markdown' && uri.scheme === 'file') return [uri];
  }
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: true,
    openLabel: 'Draft letter',
    filters: { 'Discovery responses': ['docx', 'docm', 'pdf', 'md', 'markdown'] },
  });
  return picked && picked.length ? picked : undefined;
}

/**
 * "brieflint: Draft deficiency letter": the server's brieflint.letter.draft command (the letter
 * `brieflint letter` prints) on the responses, opened as a new Markdown document beside them, to edit
 * and save.
 */
async function draftDeficiencyLetter(target, selected) {
  const uris = await responsesTarget(target, selected);
  if (!uris) return;
  if (uris.some((u) => u.scheme !== 'file' && !vscode.workspace.textDocuments.some((d) => d.uri.toString() === u.toString()))) {
    vscode.window.showWarningMessage('brieflint: choose responses saved on disk (.docx, .pdf or Markdown).');
    return;
  }
  const res = await request('workspace/executeCommand', {
    command: 'brieflint.letter.draft',
    arguments: [uris.map((u) => u.toString())],
  });
  if (!res || typeof res.markdown !== 'string') return;
  const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: res.markdown });
  await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: false });
  for (const notice of res.notices || []) vscode.window.showInformationMessage(`brieflint: ${notice}`);
}

async function activate(context) {
  output = vscode.window.createOutputChannel('brieflint');
  traceOutput = vscode.window.createOutputChannel('brieflint Trace');
  context.subscriptions.push(output, traceOutput, virtualDocsChanged);
  status = vscode.window.createStatusBarItem('brieflint.status', vscode.StatusBarAlignment.Left, 0);
  status.name = 'brieflint';
  lengthItem = vscode.window.createStatusBarItem('brieflint.length', vscode.StatusBarAlignment.Left, -1);
  lengthItem.name = 'brieflint word count';
  context.subscriptions.push(status, lengthItem, vscode.languages.onDidChangeDiagnostics(() => {
    if (serverState === 'running') updateStatus();
    updateLength();
  }), vscode.window.onDidChangeActiveTextEditor(() => updateLength()));
  updateStatus('starting');
  reviewDiagnostics = vscode.languages.createDiagnosticCollection('brieflint-review');
  context.subscriptions.push(reviewDiagnostics);
  context.subscriptions.push(vscode.workspace.registerTextDocumentContentProvider(SCHEME, {
    onDidChange: virtualDocsChanged.event,
    provideTextDocumentContent: (uri) => virtualDocs.get(uri.toString()) || '',
  }));
  context.subscriptions.push(
    vscode.commands.registerCommand('brieflint.restartServer', () => restart(context)),
    vscode.commands.registerCommand('brieflint.showRuleDocumentation', showRuleDocumentation),
    vscode.commands.registerCommand('brieflint.showTableOfAuthorities', showTableOfAuthorities),
    vscode.commands.registerCommand('brieflint.reviewResponses', reviewResponses),
    vscode.commands.registerCommand('brieflint.draftDeficiencyLetter', draftDeficiencyLetter),
    // Trusting the folder may make the user's brieflint.server.path usable: start again with it.
    vscode.workspace.onDidGrantWorkspaceTrust(() => restart(context)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('brieflint.server.path')) {
        restart(context);
      } else if (e.affectsConfiguration('brieflint') && client && client.state === State.Running) {
        client.sendNotification('workspace/didChangeConfiguration', { settings: { brieflint: serverSettings() } });
      }
    }),
  );
  await startClient(context);
}

function deactivate() {
  return stopClient();
}

module.exports = { activate, deactivate };
