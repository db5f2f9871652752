#!/usr/bin/env bash
# Install the Debian packages interview-sim needs, only those missing.
# As root it runs apt-get; otherwise it prints the exact command and fails, so `make` stops.
set -euo pipefail

packages=(espeak-ng libespeak-ng1 libportaudio2 libasound2-plugins pulseaudio pulseaudio-utils sox "$@")
# A fresh Debian python3 lacks ensurepip, which `python3 -m venv` needs.
if ! python3 -c 'import ensurepip' >/dev/null 2>&1; then
    packages+=(python3-venv)
fi

missing=()
for package in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
    [[ "$status" == "install ok installed" ]] || missing+=("$package")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
    echo "interview-sim needs these system packages: ${missing[*]}" >&2
    echo "Install them with your package manager (this script knows only apt-get), then run make again." >&2
    exit 1
fi
if [[ $(id -u) -ne 0 ]]; then
    echo "interview-sim needs these system packages: ${missing[*]}" >&2
    echo "Run, then make again:  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    exit 1
fi
echo "Installing system packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
