#!/usr/bin/env bash
# Builds the meter codec fuzzers with clang and runs each for N seconds (default 60) on a copy
# of the seed corpus made from tests/data/protocol-vectors. Usage: meters/fuzz/run_fuzzers.sh [N]
# Prints one summary line per fuzzer: executions, corpus size and crashes (artifacts are kept in
# build/fuzz/artifacts).
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-60}
build=build/fuzz
cmake -S . -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DSUBMETER_BUILD_FUZZERS=ON -DSUBMETER_BUILD_TESTS=OFF -DSUBMETER_BUILD_CLI=OFF \
  -DSUBMETER_BUILD_PYTHON=OFF -DSUBMETER_BUILD_EXAMPLES=OFF >/dev/null
fuzzers=(dlt645_frame dlt645_scanner dlt645_settings cjt188_frame modbus_rtu modbus_tcp
  modbus_registers)
cmake --build "$build" -j2 $(printf -- '--target fuzz_%s ' "${fuzzers[@]}") >/dev/null
/usr/bin/python3 meters/fuzz/make_corpus.py "$build/corpus" >/dev/null
mkdir -p "$build/artifacts" "$build/logs"
status=0
for f in "${fuzzers[@]}"; do
  log="$build/logs/$f.log"
  if "$build/meters/fuzz/fuzz_$f" "$build/corpus/$f" -max_total_time="$seconds" -max_len=600 \
      -artifact_prefix="$build/artifacts/$f-" -print_final_stats=1 >"$log" 2>&1; then
    result=ok
  else
    result=CRASH
    status=1
  fi
  runs=$(grep -E '^stat::number_of_executed_units' "$log" | awk '{print $2}')
  corpus=$(ls "$build/corpus/$f" | wc -l)
  echo "$f: $result, ${runs:-?} executions in ${seconds}s, corpus $corpus"
done
exit $status
