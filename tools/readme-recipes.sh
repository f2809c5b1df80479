#!/usr/bin/env bash
# Runs the README's recipes in order, shortened with --set so they finish in minutes on 2 cores:
#   upscale the sample; stage 1 (interrupted with SIGINT, then continued with the command it prints);
#   a short stage 2 from it; interpolate the two; upscale with the interpolated model.
# Every image is checked to be a plausible picture (mean brightness well above black), and the resumed run must be
# the same experiment. Run it from a fresh clone that has the shared data folder beside it (../shared/data).
# Needs python3 (standard library only) for the image check. Usage: tools/readme-recipes.sh [STAGE1_ITERS]
set -euo pipefail
set -m   # job control: the background training gets SIGINT like a foreground program would
cd "$(dirname "${BASH_SOURCE[0]}")/.."
iters="${1:-200}"
out="readme-recipes-out"
rm -rf "$out" experiments/rrdb_psnr_x4_cpu experiments/esrgan_x4_cpu
mkdir -p "$out"
step() { printf '\n== %s\n' "$*"; }

# Mean of an 8-bit PNG's samples in [0,1], from the standard library only (zlib + the five PNG filters).
png_mean() {
  python3 - "$1" <<'PY'
import struct, sys, zlib
data = open(sys.argv[1], 'rb').read()
assert data[:8] == b'\x89PNG\r\n\x1a\n', 'not a PNG'
pos, idat, hdr = 8, b'', None
while pos < len(data):
    n, kind = struct.unpack('>I4s', data[pos:pos + 8]); body = data[pos + 8:pos + 8 + n]; pos += 12 + n
    if kind == b'IHDR': hdr = struct.unpack('>IIBBBBB', body)
    elif kind == b'IDAT': idat += body
w, h, depth, ctype = hdr[:4]
assert depth == 8 and ctype in (0, 2, 4, 6), 'only 8-bit gray/RGB(A) PNG is checked'
bpp = {0: 1, 2: 3, 4: 2, 6: 4}[ctype]; stride = w * bpp
raw, prev, total = zlib.decompress(idat), bytearray(stride), 0
for y in range(h):
    f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for i in range(stride):
        a = line[i - bpp] if i >= bpp else 0; b = prev[i]; c = prev[i - bpp] if i >= bpp else 0
        if f == 1: line[i] = (line[i] + a) & 255
        elif f == 2: line[i] = (line[i] + b) & 255
        elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    colour = [v for i, v in enumerate(line) if ctype not in (4, 6) or i % bpp != bpp - 1]
    total += sum(colour); prev = line
print(f"{total / (h * w * (bpp - (1 if ctype in (4, 6) else 0)) * 255):.4f}")
PY
}
check_image() {
  local mean; mean="$(png_mean "$1")"
  echo "$1: mean $mean"
  python3 -c "import sys; sys.exit(0 if float('$mean') > 0.15 else 1)" || { echo "FAIL: $1 is near-black"; exit 1; }
}

step "upscale the sample with the default model"
./esrgan upscale samples/astronaut.png -o "$out"
check_image "$out/astronaut_out.png"

step "stage 1, shortened to $iters iterations; SIGINT part-way"
stage1=(options/train_rrdb_psnr_cpu.yml --set "train.total_iter=$iters" --set "val.val_freq=$((iters / 2))"
        --set "logger.save_checkpoint_freq=$((iters / 4))" --set "train.scheduler.milestones=[$((iters * 2 / 3)), $((iters * 5 / 6))]")
./esrgan train "${stage1[@]}" 2> "$out/stage1.err" &
pid=$!
until grep -q '"kind":"train","iter":50' experiments/rrdb_psnr_x4_cpu/log.jsonl 2>/dev/null; do
  kill -0 "$pid" 2>/dev/null || { cat "$out/stage1.err"; echo "FAIL: stage 1 ended before the interrupt"; exit 1; }
  sleep 1
done
kill -INT "$pid"
code=0; wait "$pid" || code=$?
tail -n 2 "$out/stage1.err"
[ "$code" -eq 130 ] || { echo "FAIL: stage 1 exited with $code after SIGINT, expected 130"; exit 1; }
resume="$(sed -n 's/.*Continue with: //p' "$out/stage1.err")"
[ -n "$resume" ] || { echo "FAIL: no resume command printed"; exit 1; }
echo "printed resume command: $resume"

step "continue with the printed command"
eval "./${resume}" 2> "$out/stage1-resumed.err"
grep -m1 "resuming from" "$out/stage1-resumed.err"
last="$(ls experiments/rrdb_psnr_x4_cpu/training_state | sort -n | tail -1)"
[ "$last" = "$iters.state" ] || { echo "FAIL: the resumed run ended at $last, expected $iters.state"; exit 1; }
[ "$(wc -l < experiments/rrdb_psnr_x4_cpu/commands.txt)" -eq 2 ] || { echo "FAIL: commands.txt should hold the start and the resume"; exit 1; }
grep '"kind":"val"' experiments/rrdb_psnr_x4_cpu/log.jsonl
cat experiments/rrdb_psnr_x4_cpu/models/net_g_best.json; echo

step "stage 2 from it (shortened to 20 iterations; random VGG19 as the options file says)"
./esrgan train options/train_esrgan_cpu.yml --set train.total_iter=20 --set val.val_freq=10 --set logger.save_checkpoint_freq=10 \
  2> "$out/stage2.err"
grep '"kind":"val"' experiments/esrgan_x4_cpu/log.jsonl

step "interpolate (alpha 0.5) and upscale with the result"
./esrgan interpolate experiments/rrdb_psnr_x4_cpu/models/net_g_best.safetensors \
    experiments/esrgan_x4_cpu/models/net_g_latest.safetensors --alpha 0.5 -o "$out/interp_0.5.safetensors"
./esrgan upscale ../shared/data/val/Set14/LR_bicubic_x4/baboon.png -m "$out/interp_0.5.safetensors" -o "$out/baboon_0.5.png"
check_image "$out/baboon_0.5.png"
./esrgan upscale ../shared/data/val/Set14/LR_bicubic_x4/baboon.png -m experiments/rrdb_psnr_x4_cpu/models/net_g_best.safetensors -o "$out/baboon_stage1.png"
check_image "$out/baboon_stage1.png"
printf '\nAll README recipes ran; every image is plausible.\n'
