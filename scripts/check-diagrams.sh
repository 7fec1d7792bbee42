#!/usr/bin/env bash
# Checks the docs' Mermaid diagrams: every ```mermaid block is parsed and rendered by mermaid's own
# browser bundle in headless Chromium (scripts/browser/check-mermaid.mjs), as a repository viewer
# would render it; a failure is one line FILE:LINE: mermaid: ERROR and exit code 1.
# Usage: scripts/check-diagrams.sh                        self-check, then README.md and docs/
#        scripts/check-diagrams.sh [--out DIR] PATH...    only these files or directories
# Without arguments it first runs the check on scripts/browser/fixtures/broken.md, whose every
# block is broken, and fails unless each is reported: a check that passes everything proves nothing.
# Installs Chromium, Node.js and the npm packages when missing (scripts/browser.sh).
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

root="$(repo_root)"
CHROMIUM="$("$root/scripts/browser.sh")"
export CHROMIUM
check="$root/scripts/browser/check-mermaid.mjs"

if (($#)); then
  exec node "$check" "$@"
fi

cd "$root"
fixture=scripts/browser/fixtures/broken.md
status=0
output="$(node "$check" "$fixture" 2>&1)" || status=$?
blocks="$(grep -c '^```mermaid' "$fixture")"
reported="$(grep -c "^$fixture:[0-9]*: mermaid: " <<<"$output" || true)"
if ((status != 1 || reported != blocks)); then
  echo "$output" >&2
  die "the Mermaid check accepts a broken diagram: on $fixture it exited $status and reported $reported of its $blocks broken blocks"
fi
echo "mermaid self-check: all $blocks broken diagrams of $fixture reported"

exec node "$check" README.md docs
