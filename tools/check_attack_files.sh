#!/usr/bin/env bash
# Runs every hand-made attack file through the CLI under /usr/bin/time -v and prints one table row per file:
# exit code, peak RSS, wall time and the last line of stderr. Usage (from the repository root):
#   tools/check_attack_files.sh [CLI_DLL] [TIMEOUT_S]
# Model files go through `esrgan info` and `esrgan upscale -m FILE`, images through `esrgan upscale` with a tiny model
# and a 512 MiB memory budget (the default is half the memory available, which a valid image under the pixel limit
# may use), options files through `esrgan train FILE` (which stops at the options check).
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cli="${1:-$root/src/Esrgan.Cli/bin/Release/net10.0/esrgan-cli.dll}"
limit="${2:-60}"
attacks="$(mktemp -d)"
python3 "$root/tools/fixtures/make_attack_files.py" "$attacks"
model="$root/tests/Esrgan.Tests/Fixtures/Formats/srvgg_zip.pth"
out="$(mktemp -d)"
printf '| file | command | exit | peak RSS MB | seconds | message |\n|---|---|---|---|---|---|\n'
good="$root/tests/Esrgan.Tests/Fixtures/Imaging/palette8.png"
run() {
  local name="$1"; shift
  args=("$@")
  timeout -s KILL "$limit" /usr/bin/time -v -o "$out/time.txt" dotnet "$cli" "${args[@]}" >"$out/stdout.txt" 2>"$out/stderr.txt"
  code=$?
  rss=$(awk -F: '/Maximum resident/ {printf "%d", $2/1024}' "$out/time.txt" 2>/dev/null)
  wall=$(awk '/Elapsed \(wall/ {print $NF}' "$out/time.txt" 2>/dev/null)
  # The error line, else the last line that is not progress.
  msg="$( (grep '^error: ' "$out/stderr.txt" || grep -Ev '^images | tiles, |^\s*$' "$out/stderr.txt") | tail -1 | sed "s#$attacks/##g" | cut -c1-150)"
  [ $code -eq 137 ] && msg="killed after ${limit}s"
  printf '| %s | %s | %s | %s | %s | %s |\n' "$name" "${args[0]}" "$code" "${rss:-?}" "${wall:-?}" "$msg"
}
for f in "$attacks"/*; do
  name="$(basename "$f")"
  case "$name" in
    *.bin) ;;
    *.png|*.jpg|*.webp) run "$name" upscale "$f" -m "$model" -o "$out/images" --memory-mb 512 ;;
    *.yml) run "$name" train "$f" ;;
    *) run "$name" info "$f"; run "$name" upscale "$good" -m "$f" -o "$out/images" ;;
  esac
done
rm -rf "$attacks" "$out"
