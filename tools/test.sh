#!/usr/bin/env bash
# Builds everything with warnings as errors and runs the whole test suite.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/tools/setup.sh" --quiet
export OMP_WAIT_POLICY=PASSIVE
dotnet build "$root/Esrgan.slnx" -c Release --nologo -v quiet -clp:ErrorsOnly -warnaserror
dotnet test "$root/tests/Esrgan.Tests/Esrgan.Tests.csproj" -c Release --no-build --nologo "$@"
