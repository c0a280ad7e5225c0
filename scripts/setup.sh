#!/usr/bin/env bash
# Installs what LessonLens needs on a fresh Debian machine: ffmpeg, Chromium (for PDFs and e2e tests), poppler-utils
# (tests read the printed reports), strace (the hostile-media test traces ffmpeg with it; without it the test checks
# ffmpeg's arguments only), then npm packages.
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
command -v ffmpeg >/dev/null && command -v ffprobe >/dev/null || missing+=(ffmpeg)
[ -x /usr/bin/chromium ] || missing+=(chromium)
# pdftotext, pdfinfo and pdftoppm: the tests read the printed reports with them.
command -v pdftotext >/dev/null && command -v pdfinfo >/dev/null && command -v pdftoppm >/dev/null || missing+=(poppler-utils)
command -v strace >/dev/null || missing+=(strace)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} with apt-get…"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
npm ci --no-audit --no-fund
