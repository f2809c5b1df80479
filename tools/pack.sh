#!/usr/bin/env bash
# Packs the Esrgan library and the Esrgan.Cli tool (with their linux-x64 native libraries) into artifacts/packages,
# with every package the library depends on (copied from the NuGet cache), so that the folder alone is a complete feed
# for `dotnet add package Esrgan --source artifacts/packages`; then restores samples/Embedding from that folder and
# runs it with a model file (default: a small test fixture).
# Usage: tools/pack.sh [MODEL [IMAGE]]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
feed="$root/artifacts/packages"
model="${1:-$root/tests/Esrgan.Tests/Fixtures/Formats/srvgg_zip.pth}"
image="${2:-$root/samples/astronaut.png}"
rm -rf "$feed" "$root/artifacts/sample-packages/esrgan"
for project in src/Esrgan/Esrgan.csproj src/Esrgan.Cli/Esrgan.Cli.csproj; do
  dotnet pack "$root/$project" -c Release --nologo -v quiet -clp:ErrorsOnly -o "$feed"
done
cache="$(dotnet nuget locals global-packages --list | sed 's/^global-packages: //')"
# Every package the library restores with (its whole dependency closure, from the restore's assets file).
python3 - "$root/src/Esrgan/obj/project.assets.json" <<'PY' | while read -r id version; do
import json, sys
for key, lib in json.load(open(sys.argv[1]))["libraries"].items():
    if lib["type"] == "package":
        print(*key.split("/"))
PY
    lower="$(echo "$id" | tr '[:upper:]' '[:lower:]')"
    cp "${cache%/}/$lower/$version/$lower.$version.nupkg" "$feed/"
  done
ls -l "$feed"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
dotnet run --project "$root/samples/Embedding" -c Release -- "$model" "$image" "$out"
