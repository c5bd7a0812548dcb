#!/usr/bin/env bash
# Build the one-folder bundle dist/poemsreader/ from a clean virtual environment,
# then check that the built program runs: --version, a demo library, and the
# window painted once offscreen.
#
#     packaging/build.sh            # bundle in dist/poemsreader, venv in build/bundle-venv
#     BUILD_DIR=/tmp/b DIST_DIR=/tmp/d packaging/build.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BUILD_DIR=${BUILD_DIR:-$ROOT/build}
DIST_DIR=${DIST_DIR:-$ROOT/dist}
PYTHON=${PYTHON:-python3}
VENV=$BUILD_DIR/bundle-venv

step() { printf '\n== %s\n' "$*"; }

step "fresh venv in $VENV"
rm -rf "$VENV"
"$PYTHON" -m venv "$VENV"
BIN=$VENV/bin
if [ -d "$VENV/Scripts" ]; then BIN=$VENV/Scripts; fi  # a Windows venv (Git Bash)
"$BIN/python" -m pip install --quiet --upgrade pip
"$BIN/python" -m pip install --quiet "$ROOT[packaging,team]"

step "PyInstaller"
start=$(date +%s)
"$BIN/pyinstaller" --noconfirm --clean --log-level WARN \
  --distpath "$DIST_DIR" --workpath "$BUILD_DIR/pyinstaller" packaging/poemsreader.spec
echo "built in $(( $(date +%s) - start )) s"

APP=$DIST_DIR/poemsreader/poemsreader
step "checking $APP"
"$APP" --version
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
"$APP" demo --library "$scratch/demo"
"$APP" --library "$scratch/demo" list >/dev/null
# the digest's DOCX and ODT are built on templates from resources/digest
"$APP" --library "$scratch/demo" digest -o "$scratch/digest.docx"
"$APP" --library "$scratch/demo" digest -o "$scratch/digest.odt"
# reading PDFs runs in spawned worker processes: the frozen program must serve as one
"$APP" --library "$scratch/copy" add "$scratch/demo/pdfs" | tail -n 1
# pages are rendered by worker processes the frozen program starts as itself
first_pdf=$(find "$scratch/demo/pdfs" -name '*.pdf' | head -n 1)
painted=$(POEMSREADER_BENCH_FIRST_PAINT=1 QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen} \
  timeout 120 "$APP" "$first_pdf")
case "$painted" in
  *first-paint*) echo "smoke test: PDF page rendered" ;;
  *) echo "the bundle did not render a PDF page" >&2; exit 1 ;;
esac
# the same through the portable worker link (subprocess, a reader thread, shared_memory):
# the one Windows and macOS use, forced here
painted=$(POEMSREADER_WORKER_CHANNEL=portable POEMSREADER_BENCH_FIRST_PAINT=1 \
  QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen} timeout 120 "$APP" "$first_pdf")
case "$painted" in
  *first-paint*) echo "smoke test: PDF page rendered through the portable worker link" ;;
  *) echo "the bundle did not render a PDF page through the portable worker link" >&2; exit 1 ;;
esac
POEMSREADER_SMOKE_TEST=1 QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen} \
  "$APP" --library "$scratch/demo"

step "bundle size"
du -sh "$DIST_DIR/poemsreader"
