#!/usr/bin/env bash
# Derives models/voice/speaker-{mel,encoder}.onnx and test/fixtures/voice/speaker-encoder-reference.json from the
# PyPI package resemblyzer 0.1.4 (see derive.py). Development machines only: needs python3 (3.9+), ffmpeg, PyPI and
# ../shared/data beside the repository. Nothing here runs at install, start or test time.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
venv="$(mktemp -d)/venv"
trap 'rm -rf "$(dirname "$venv")"' EXIT
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet numpy==2.4.6 scipy==1.17.1 librosa==0.11.0 onnx==1.23.2
"$venv/bin/python" "$here/derive.py" "$@"
