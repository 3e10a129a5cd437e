#!/usr/bin/env bash
# The differential test against eyecite (issue 12), run by scripts/test.
#
# Installs eyecite 2.7.8 (and the reporters-db it depends on) from PyPI into a venv cached
# under target/eyecite/, runs it over fixtures/opinions/*.txt (tests/eyecite/spans.py),
# checks that its case-citation spans equal the committed fixtures/opinions/eyecite-spans.json
# (so the Rust test compares against what eyecite really finds), then runs tests/eyecite.rs:
# brieflint must cover >= 99% of eyecite's case-citation spans, every miss listed with its
# reason in fixtures/opinions/misses.tsv.
#
# Only PyPI is needed, and only the first time (the venv is reused while the pinned versions
# are unchanged). BRIEFLINT_SKIP_EYECITE=1 skips the eyecite run (the Rust test still runs,
# against the committed spans, in `cargo test`).
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ "${BRIEFLINT_SKIP_EYECITE:-}" = 1 ]; then
  echo "eyecite differential test skipped (BRIEFLINT_SKIP_EYECITE=1)"
  exit 0
fi

E=target/eyecite
PKGS='eyecite==2.7.8 reporters-db==3.2.67'
mkdir -p "$E"
if [ "$(cat "$E/venv/.brieflint-stamp" 2>/dev/null)" != "$PKGS" ]; then
  rm -rf "$E/venv"
  timeout -k 5 120 python3 -m venv "$E/venv"
  # shellcheck disable=SC2086
  timeout -k 5 600 "$E/venv/bin/pip" install -q --disable-pip-version-check $PKGS
  echo "$PKGS" > "$E/venv/.brieflint-stamp"
fi

echo "== eyecite $("$E/venv/bin/python" -c 'from importlib.metadata import version; print(version("eyecite"))') over fixtures/opinions/"
"$E/venv/bin/python" tests/eyecite/spans.py fixtures/opinions > "$E/eyecite-spans.json" 2>"$E/eyecite.log"
if ! cmp -s "$E/eyecite-spans.json" fixtures/opinions/eyecite-spans.json; then
  echo "tests/eyecite/run.sh: eyecite's spans differ from fixtures/opinions/eyecite-spans.json;" >&2
  echo "  if the corpus changed, copy $E/eyecite-spans.json there and review the diff" >&2
  diff <(python3 -m json.tool fixtures/opinions/eyecite-spans.json) <(python3 -m json.tool "$E/eyecite-spans.json") | head -20 >&2 || true
  exit 1
fi
if ! out=$(BRIEFLINT_EYECITE_SPANS="$PWD/$E/eyecite-spans.json" cargo test --locked -q --test eyecite -- --nocapture 2>&1); then
  echo "$out" >&2
  exit 1
fi
echo "$out" | grep -E 'eyecite case citations|test result'
