#!/usr/bin/env bash
# Installs what heapsnap needs to build and test on Debian (run as root): the compiler and CMake,
# the libraries (found by find_package), clang for the fuzzer, Node.js for the scenario tests,
# python3 for the test scripts, headless Chromium (and a font) for the HTML report's browser test
# (pngquant shrinks the screenshots it makes for docs/).
# Installs only what is missing; safe to run again.
set -euo pipefail
packages=(g++ cmake make libsimdjson-dev libcli11-dev libfmt-dev catch2 robin-map-dev zlib1g-dev
          libzstd-dev liblzma-dev libwslay-dev nettle-dev pkg-config
          clang libclang-rt-14-dev python3 gzip zstd xz-utils chromium fonts-dejavu-core pngquant)
command -v node >/dev/null || packages+=(nodejs)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}" >&2
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
