#!/usr/bin/env bash
# Builds the libFuzzer targets with clang and runs each for N seconds (default 60) on a copy of
# its seed corpus: the meter codec fuzzers (meters/fuzz, seeds from tests/data/protocol-vectors
# and meters/fuzz/regressions), the gateway parsers' fuzzer (src/ingest/fuzz, seeds from the
# gateway vectors) and the file reader fuzzers (src/io/fuzz: the site loader and the issued-bills
# reader, seeds from tests/data and src/io/fuzz/regressions).
# Usage: meters/fuzz/run_fuzzers.sh [N]
# Runs as many fuzzers at once as there are cores (SUBMETER_FUZZ_JOBS to choose).
# Prints one summary line per fuzzer: executions, corpus size and crashes (artifacts are kept in
# build/fuzz/artifacts; copy one into the fuzzer's regressions folder once fixed).
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-60}
build=build/fuzz
cmake -S . -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DSUBMETER_BUILD_FUZZERS=ON -DSUBMETER_BUILD_TESTS=OFF -DSUBMETER_BUILD_CLI=OFF \
  -DSUBMETER_BUILD_PYTHON=OFF -DSUBMETER_BUILD_EXAMPLES=OFF >/dev/null
codec_fuzzers=(dlt645_frame dlt645_scanner dlt645_settings cjt188_frame modbus_rtu modbus_tcp
  modbus_registers)
ingest_fuzzers=(gateway_message)
reader_fuzzers=(site_loader issued_bills)
cmake --build "$build" -j2 \
  $(printf -- '--target fuzz_%s ' "${codec_fuzzers[@]}" "${ingest_fuzzers[@]}" "${reader_fuzzers[@]}") \
  >/dev/null
/usr/bin/python3 meters/fuzz/make_corpus.py "$build/corpus" >/dev/null
/usr/bin/python3 src/io/fuzz/make_corpus.py "$build/corpus" >/dev/null
mkdir -p "$build/artifacts" "$build/logs"
# Each fuzzer is one process on one core: as many run at once as there are cores (SUBMETER_FUZZ_JOBS
# to choose), each still for its full N seconds; the summary lines come out in the fixed order.
parallel=${SUBMETER_FUZZ_JOBS:-$(nproc 2>/dev/null || echo 1)}
run() {  # fuzzer, binary, max input length; writes its summary line to logs/<fuzzer>.result
  local f=$1 binary=$2 max_len=$3 log="$build/logs/$1.log" result
  if "$binary" "$build/corpus/$f" -max_total_time="$seconds" -max_len="$max_len" -rss_limit_mb=2048 \
      -artifact_prefix="$build/artifacts/$f-" -print_final_stats=1 >"$log" 2>&1; then
    result=ok
  else
    result=CRASH
  fi
  local runs corpus
  runs=$(grep -E "^stat::number_of_executed_units" "$log" | awk "{print \$2}" || true)
  corpus=$(ls "$build/corpus/$f" | wc -l)
  echo "$f: $result, ${runs:-?} executions in ${seconds}s, corpus $corpus" >"$build/logs/$f.result"
}
names=() binaries=() lengths=()
for f in "${codec_fuzzers[@]}"; do
  names+=("$f"); binaries+=("$build/meters/fuzz/fuzz_$f"); lengths+=(600)
done
# A gateway message or capture file needs more than a frame.
for f in "${ingest_fuzzers[@]}"; do
  names+=("$f"); binaries+=("$build/src/ingest/fuzz/fuzz_$f"); lengths+=(4096)
done
# Site images and bills files are larger than frames: seeds up to 32 KiB.
for f in "${reader_fuzzers[@]}"; do
  names+=("$f"); binaries+=("$build/src/io/fuzz/fuzz_$f"); lengths+=(32768)
done
rm -f "$build"/logs/*.result
for i in "${!names[@]}"; do
  while (( $(jobs -rp | wc -l) >= parallel )); do wait -n || true; done
  run "${names[$i]}" "${binaries[$i]}" "${lengths[$i]}" &
done
wait
status=0
for f in "${names[@]}"; do
  if [[ -f "$build/logs/$f.result" ]]; then
    cat "$build/logs/$f.result"
    grep -q ': ok,' "$build/logs/$f.result" || status=1
  else
    echo "$f: no result (the runner itself failed)"
    status=1
  fi
done
exit $status
