// Benchmarks of the meter codecs, each with its baseline in the same binary (DESIGN.md
// "Performance": report ratios). Release preset: cmake --preset release && build meters_bench.
//
//  - DL/T 645 read-reply decoding (frame + 0001FF00 block values) vs memcpy of the same frame.
//  - The DL/T 645 stream scanner over a 100 MB stream with noise vs plain scans of the same
//    bytes: memchr for every start byte, and a byte sum (touching every byte once).
#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstring>
#include <random>
#include <vector>

#include "submeter/meters/dlt645.hpp"
#include "submeter/meters/hex.hpp"

namespace dlt = submeter::meters::dlt645;

namespace {

// d07-read-resp-0001FF00-total-ne-sum (protocol vectors): 4 FE + 36-byte block reply.
const std::vector<std::uint8_t>& block_reply() {
  static const auto bytes = *submeter::meters::parse_hex(
      "FE FE FE FE 68 24 02 00 00 00 00 68 91 18 33 32 34 33 C7 47 35 33 37 86 33 33 A7 86 33 33 "
      "36 "
      "87 33 33 44 87 33 33 EB 16");
  return bytes;
}

// 100 MB: valid frames (random addresses and values, 0..4 FE) separated by random noise that
// contains false 0x68 starts, plus 1 frame in 50 with a corrupted checksum.
const std::vector<std::uint8_t>& noisy_stream() {
  static const std::vector<std::uint8_t> bytes = [] {
    std::mt19937 rng(645);
    std::vector<std::uint8_t> out;
    const std::size_t target = std::size_t{100} << 20;
    out.reserve(target + 512);
    std::vector<std::uint8_t> data{0x00, 0xFF, 0x01, 0x00};
    while (out.size() < target) {
      dlt::address a;
      for (auto& b : a.bytes) b = static_cast<std::uint8_t>(rng() % 100 / 10 * 16 + rng() % 10);
      data.resize(4);
      for (int i = 0; i < 20; ++i)
        data.push_back(static_cast<std::uint8_t>(rng() % 10 * 16 + rng() % 10));
      auto f = dlt::encode(a, dlt::control{0x91}, data, rng() % 5);
      if (rng() % 50 == 0) f[f.size() - 2] ^= 0x5A;
      out.insert(out.end(), f.begin(), f.end());
      const auto noise = rng() % 24;
      for (std::uint32_t i = 0; i < noise; ++i) out.push_back(static_cast<std::uint8_t>(rng()));
    }
    return out;
  }();
  return bytes;
}

void decode_read_reply(benchmark::State& state) {
  const auto& bytes = block_reply();
  for (auto _ : state) {
    const auto f = dlt::decode(bytes);
    const auto r = dlt::decode_read_response(*f.value);
    benchmark::DoNotOptimize(r.value->values[4].number.mantissa);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(bytes.size()));
}
BENCHMARK(decode_read_reply);

void decode_frame_only(benchmark::State& state) {
  const auto& bytes = block_reply();
  for (auto _ : state) {
    const auto f = dlt::decode(bytes);
    benchmark::DoNotOptimize(f.value->data[5]);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(decode_frame_only);

// Baseline: copy the reply into a frame-sized buffer.
void baseline_memcpy_reply(benchmark::State& state) {
  const auto& bytes = block_reply();
  std::uint8_t buffer[dlt::max_frame_size + 8];
  for (auto _ : state) {
    std::memcpy(buffer, bytes.data(), bytes.size());
    benchmark::DoNotOptimize(buffer);
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(baseline_memcpy_reply);

void scanner_noisy_stream(benchmark::State& state) {
  const auto& bytes = noisy_stream();
  const auto chunk = static_cast<std::size_t>(state.range(0));
  std::size_t frames = 0;
  for (auto _ : state) {
    dlt::scanner s;
    for (std::size_t at = 0; at < bytes.size(); at += chunk) {
      s.feed(submeter::meters::byte_span{bytes.data(), bytes.size()}.subspan(at, chunk));
      for (auto r = s.next(); r.status != submeter::decode_status::need_more; r = s.next()) {
        frames += r.ok() ? 1u : 0u;
      }
    }
    benchmark::DoNotOptimize(frames);
  }
  state.counters["frames"] = static_cast<double>(frames) / static_cast<double>(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(bytes.size()));
}
BENCHMARK(scanner_noisy_stream)->Arg(4096)->Unit(benchmark::kMillisecond);

// Baselines: plain scans of the same bytes. memchr for every start byte is the least a scanner
// must do; a byte sum touches every byte once, as checksumming every frame does.
void baseline_memchr_starts(benchmark::State& state) {
  const auto& bytes = noisy_stream();
  for (auto _ : state) {
    std::size_t starts = 0;
    const std::uint8_t* p = bytes.data();
    const std::uint8_t* end = p + bytes.size();
    while ((p = static_cast<const std::uint8_t*>(
                std::memchr(p, 0x68, static_cast<std::size_t>(end - p))))) {
      ++starts;
      ++p;
    }
    benchmark::DoNotOptimize(starts);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(bytes.size()));
}
BENCHMARK(baseline_memchr_starts)->Unit(benchmark::kMillisecond);

void baseline_byte_sum(benchmark::State& state) {
  const auto& bytes = noisy_stream();
  for (auto _ : state) {
    std::uint64_t sum = 0;
    for (const auto b : bytes) sum += b;
    benchmark::DoNotOptimize(sum);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(bytes.size()));
}
BENCHMARK(baseline_byte_sum)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
