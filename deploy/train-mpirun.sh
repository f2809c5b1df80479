#!/usr/bin/env bash
# Data-parallel training with Open MPI's mpirun on one machine or on the hosts of a host file.
#   deploy/train-mpirun.sh 2 options/train_rrdb_psnr_cpu.yml            # 2 ranks here, one per socket
#   HOSTFILE=hosts deploy/train-mpirun.sh 8 options/train_rrdb_psnr_cpu.yml --resume
# Every rank needs the same files at the same paths (the options file, the training data); only rank 0 writes
# experiments/NAME/. Threads per rank: OMP_NUM_THREADS (default: the cores of this machine divided by the ranks on it).
set -euo pipefail
ranks=${1:?number of ranks}
shift
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
threads=${OMP_NUM_THREADS:-$(( $(nproc) / ranks > 0 ? $(nproc) / ranks : 1 ))}
hosts=()
[ -n "${HOSTFILE:-}" ] && hosts=(--hostfile "$HOSTFILE")
exec mpirun -np "$ranks" "${hosts[@]}" --bind-to socket --map-by socket \
  -x OMP_NUM_THREADS="$threads" -x OMP_WAIT_POLICY=PASSIVE \
  "$root/esrgan" train "$@"
