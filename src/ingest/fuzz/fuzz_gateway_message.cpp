// libFuzzer target: the gateway message parsers and the reading files (src/ingest). The first byte
// picks the entry point; for the message parsers the rest is `TOPIC\nPAYLOAD`. Invariants: a
// message parser never throws (they are noexcept: a throw is a crash); a message that is not ok
// gives no reads; every read names a meter and a register 0..8 (what the readings store takes);
// the strict file parsers throw submeter::error and nothing else.
#include <cstddef>
#include <cstdint>
#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/gateway_message.hpp"
#include "ingest/reading_files.hpp"
#include "submeter/core/error.hpp"

namespace in = submeter::ingest;

namespace {

void check(const std::vector<submeter::metering::register_value>& values) {
  for (const auto& v : values) {
    if (v.meter_id.empty() || v.register_number < 0 ||
        v.register_number > submeter::metering::max_rate_registers) {
      __builtin_trap();
    }
    (void)v.value.to_string(2);
  }
}

void check(const in::parse_result& r) {
  if (r.status != in::message_status::ok && !r.values.empty()) __builtin_trap();
  check(r.values);
}

template <class F>
void strict(F&& f) {
  try {
    f();
  } catch (const submeter::error&) {
  } catch (...) {
    __builtin_trap();  // a bad file must be a located submeter::error
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  const auto nl = rest.find('\n');
  const auto topic = nl == std::string_view::npos ? std::string_view{} : rest.substr(0, nl);
  const auto payload = nl == std::string_view::npos ? rest : rest.substr(nl + 1);
  in::parse_options options;
  options.received = submeter::local_time{} + std::chrono::hours(24 * 20000);
  switch (data[0] % 8) {
    case 0:
      check(in::parse_acrel(topic, payload, options));
      break;
    case 1:
      check(in::parse_neuron(topic, payload, options));
      break;
    case 2:
      check(in::parse_thingsboard(topic, payload, options));
      break;
    case 3:
      options.device = "M-1";
      check(in::parse_thingsboard(topic, payload, options));
      break;
    case 4: {
      const std::vector<std::uint8_t> bytes(data + 1, data + size);
      check(in::parse_frames(bytes, *options.received, std::nullopt, options));
      check(in::parse_frames(bytes, *options.received, std::string("M-1"), options));
      break;
    }
    case 5: {
      const auto s =
          in::parse_capture(rest, static_cast<in::message_format>(data[0] / 8 % 3), options);
      check(s.values);
      break;
    }
    case 6:
      strict([&] { check(in::parse_readings_csv_values(rest, "fuzz.csv")); });
      strict([&] { check(in::parse_value_lines(rest, "fuzz.jsonl")); });
      break;
    default:
      strict([&] {
        in::parse_result r;
        in::parse_frames_csv(rest, "fuzz.csv", options, r);
        check(r.values);
      });
      break;
  }
  return 0;
}
