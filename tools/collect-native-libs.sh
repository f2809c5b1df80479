#!/usr/bin/env bash
# Collects the linux-x64 native libraries the Esrgan NuGet package carries, with their licence files, from the
# Debian packages tools/setup.sh installs: OUT/lib/<soname> and OUT/licenses/<debian package>.copyright.
# It then checks with ldd that everything they load is either collected or part of a stock Debian 12 system.
# Usage: tools/collect-native-libs.sh OUT
set -euo pipefail
out="${1:?usage: $0 OUT}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/tools/setup.sh" --quiet
# soname:Debian package. libgomp (OpenMP) and libOpenCL are what oneDNN loads beyond a stock system.
libraries=(libdnnl.so.2:libdnnl2 libspng.so.0:libspng0 libturbojpeg.so.0:libturbojpeg0 libwebp.so.7:libwebp7
  libgomp.so.1:libgomp1 libOpenCL.so.1:ocl-icd-libopencl1)
# Libraries of Debian 12's required/important packages (libc6, libstdc++6, libgcc-s1, zlib1g), present everywhere.
stock='^(linux-vdso\.so\.1|libc\.so\.6|libm\.so\.6|libdl\.so\.2|libpthread\.so\.0|librt\.so\.1|libstdc\+\+\.so\.6|libgcc_s\.so\.1|libz\.so\.1|ld-linux-x86-64\.so\.2)$'
mkdir -p "$out/lib" "$out/licenses"
for entry in "${libraries[@]}"; do
  soname="${entry%%:*}" package="${entry#*:}"
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
    || { apt-get install -y -q "$package" >&2 || sudo apt-get install -y -q "$package" >&2; }
  file="$(dpkg -L "$package" | grep -E "/$soname\$" | head -1)"
  [ -n "$file" ] || { echo "error: $package has no $soname" >&2; exit 1; }
  install -m 0644 "$(readlink -f "$file")" "$out/lib/$soname"
  install -m 0644 "/usr/share/doc/$package/copyright" "$out/licenses/$package.copyright"
done
for lib in "$out"/lib/*; do
  for needed in $(ldd "$lib" | awk '{print $1}' | xargs -n1 basename); do
    [ -f "$out/lib/$needed" ] || [[ "$needed" =~ $stock ]] \
      || { echo "error: $(basename "$lib") needs $needed, which is neither collected nor on a stock Debian 12" >&2; exit 1; }
  done
done
