#!/usr/bin/env bash
# Runs every hand-made attack file through the CLI under /usr/bin/time -v and prints one table row per file:
# exit code, peak RSS, wall time and the last line of stderr. Usage (from the repository root):
#   tools/check_attack_files.sh [CLI_DLL] [TIMEOUT_S]
# Model files go through `esrgan info`, images through `esrgan upscale` with a tiny model, options through `train --dry-run`-free
# reading (`esrgan train FILE` stops at the options check).
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cli="${1:-$root/src/Esrgan.Cli/bin/Release/net10.0/esrgan-cli.dll}"
limit="${2:-60}"
attacks="$(mktemp -d)"
python3 "$root/tools/fixtures/make_attack_files.py" "$attacks"
model="$root/tests/Esrgan.Tests/Fixtures/Formats/srvgg_zip.pth"
out="$(mktemp -d)"
printf '| file | command | exit | peak RSS MB | seconds | message |\n|---|---|---|---|---|---|\n'
for f in "$attacks"/*; do
  name="$(basename "$f")"
  case "$name" in
    *.bin) continue ;;
    *.png|*.jpg) args=(upscale "$f" -m "$model" -o "$out") ;;
    *.yml) args=(train "$f") ;;
    *) args=(info "$f") ;;
  esac
  timeout -s KILL "$limit" /usr/bin/time -v -o "$out/time.txt" dotnet "$cli" "${args[@]}" >"$out/stdout.txt" 2>"$out/stderr.txt"
  code=$?
  rss=$(awk -F: '/Maximum resident/ {printf "%d", $2/1024}' "$out/time.txt" 2>/dev/null)
  wall=$(awk '/Elapsed \(wall/ {print $NF}' "$out/time.txt" 2>/dev/null)
  msg="$(grep -v '^images ' "$out/stderr.txt" | grep -v '^\s*$' | tail -1 | sed "s#$attacks/##g" | cut -c1-150)"
  [ $code -eq 137 ] && msg="killed after ${limit}s"
  printf '| %s | %s | %s | %s | %s | %s |\n' "$name" "${args[0]}" "$code" "${rss:-?}" "${wall:-?}" "$msg"
done
rm -rf "$attacks" "$out"
