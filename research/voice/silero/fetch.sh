#!/usr/bin/env bash
# Copies Silero VAD v5 (MIT, github.com/snakers4/silero-vad) into models/voice/silero-vad-v5.onnx from the npm
# package that ships it, @ricky0123/vad-web 0.0.31 (ISC), and checks both checksums. Development machines only.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../../.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent @ricky0123/vad-web@0.0.31 > /dev/null)
echo "d1a211cf1a2ed26297da52cc08de79e75d79838a274bfc6de546feb1f828c940  $tmp/ricky0123-vad-web-0.0.31.tgz" | sha256sum -c -
tar -xzf "$tmp/ricky0123-vad-web-0.0.31.tgz" -C "$tmp" package/dist/silero_vad_v5.onnx
echo "2623a2953f6ff3d2c1e61740c6cdb7168133479b267dfef114a4a3cc5bdd788f  $tmp/package/dist/silero_vad_v5.onnx" | sha256sum -c -
cp "$tmp/package/dist/silero_vad_v5.onnx" "$repo/models/voice/silero-vad-v5.onnx"
