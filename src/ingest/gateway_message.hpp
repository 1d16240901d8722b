#pragma once
/// \file
/// Gateway messages into reads, sans-IO: an MQTT topic and payload in, register values (and the
/// multipliers the message reports) out, or a status saying why not. Nothing here opens a socket
/// or reads a clock: the caller passes the time it received the message.
///
/// Formats (facts and sources in docs/explanation/gateways.md):
/// - Acrel ANet/AcrelCloud JSON (`/gw/acrelHW/{product}/{cmd}/{sn}`): `data` (live) and
///   `hstdata` (the store-and-forward backlog) carry reads; `transport` carries raw DL/T 645 or
///   Modbus RTU frames, decoded by the meter codecs; login, time, heart, para, … carry none.
/// - EMQX Neuron MQTT upload, values-format and tags-format.
/// - ThingsBoard gateway telemetry (`v1/gateway/telemetry`) and device telemetry.
///
/// A message never makes the parser throw: unknown or malformed messages are a status.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ingest/message_json.hpp"
#include "submeter/core/time.hpp"
#include "submeter/metering/reading.hpp"
#include "submeter/meters/modbus/register_map.hpp"
#include "submeter/vee/multiplier_change.hpp"

namespace submeter::ingest {

/// What became of a message.
enum class message_status : std::uint8_t {
  ok,           ///< reads were taken from it (some records may have been skipped)
  ignored,      ///< a known message that carries no reads (Acrel login, heart, time, para, …)
  malformed,    ///< not JSON, or not the shape its format has, or a value that is not a number
  unsupported,  ///< well formed, but a type, protocol or frame this build does not read
};

/// "ok", "ignored", "malformed" or "unsupported".
[[nodiscard]] constexpr std::string_view to_string(message_status s) noexcept {
  switch (s) {
    case message_status::ok:
      return "ok";
    case message_status::ignored:
      return "ignored";
    case message_status::malformed:
      return "malformed";
    case message_status::unsupported:
      return "unsupported";
  }
  return "unknown";
}

/// The gateway formats.
enum class message_format : std::uint8_t { acrel, neuron, thingsboard };

/// "acrel", "neuron" or "thingsboard".
[[nodiscard]] constexpr std::string_view to_string(message_format f) noexcept {
  switch (f) {
    case message_format::acrel:
      return "acrel";
    case message_format::neuron:
      return "neuron";
    case message_format::thingsboard:
      return "thingsboard";
  }
  return "unknown";
}

/// Parses a name printed by to_string(message_format); nullopt otherwise.
[[nodiscard]] constexpr std::optional<message_format> parse_message_format(
    std::string_view t) noexcept {
  for (int i = 0; i <= static_cast<int>(message_format::thingsboard); ++i) {
    if (to_string(static_cast<message_format>(i)) == t) return static_cast<message_format>(i);
  }
  return std::nullopt;
}

/// Which data point is which register: (name, register 0..8).
using register_fields = std::vector<std::pair<std::string, int>>;

/// The Acrel names (from AcrelCloud messages, docs/explanation/gateways.md): EPI forward active
/// total → 0, EPIJ 尖 → 1, EPIF 峰 → 2, EPIP 平 → 3, EPIG 谷 → 4.
[[nodiscard]] inline register_fields acrel_fields() {
  return {{"EPI", 0}, {"EPIJ", 1}, {"EPIF", 2}, {"EPIP", 3}, {"EPIG", 4}};
}

/// The tag names Neuron and ThingsBoard gateways are configured with by default here: total → 0,
/// t1 .. t8 → 1 .. 8 (their tags are named by whoever configures the gateway).
[[nodiscard]] inline register_fields tag_fields() {
  register_fields f{{"total", 0}};
  for (int n = 1; n <= 8; ++n) f.emplace_back("t" + std::to_string(n), n);
  return f;
}

/// How messages are read.
struct parse_options {
  /// When the message was received (local civil time), stamped on every value; absent for a
  /// capture file that did not record it.
  std::optional<local_time> received;
  /// Local civil time = UTC + this (Neuron and ThingsBoard stamp Unix milliseconds): +08:00.
  std::chrono::minutes utc_offset{480};
  /// The data point names of each format.
  register_fields acrel = acrel_fields();
  register_fields tags = tag_fields();
  /// ThingsBoard device telemetry names no device: the meter id to use (else the message is
  /// malformed).
  std::optional<std::string> device;
  /// A register map for Modbus RTU replies in Acrel `transport` messages (the reply does not
  /// say which registers it holds: they are taken to start at the map's first reading entry);
  /// without one such frames are unsupported.
  std::optional<meters::modbus::register_map> modbus_map;
  message_limits limits;
};

/// What a message gave.
struct parse_result {
  message_status status = message_status::malformed;
  /// Why (not ok), or what was skipped (ok): "$.time: not a time (YYYYMMDDhhmmss)", …
  std::string detail;
  /// The reads, in message order.
  std::vector<metering::register_value> values;
  /// Multipliers (PT × CT) the message reported.
  std::vector<vee::multiplier_observation> multipliers;
  /// Records that carried no read (a meter the gateway could not reach, a tag in error).
  std::size_t skipped = 0;
};

/// An Acrel gateway message (`topic` may be empty; its last level is the SN of the gateway or
/// of a directly connected meter, used when the message names no meter).
[[nodiscard]] parse_result parse_acrel(std::string_view topic, std::string_view payload,
                                       const parse_options& options = {}) noexcept;

/// An EMQX Neuron upload (values-format or tags-format): the south node is the meter.
[[nodiscard]] parse_result parse_neuron(std::string_view topic, std::string_view payload,
                                        const parse_options& options = {}) noexcept;

/// ThingsBoard gateway telemetry ({"device": [{"ts": …, "values": {…}}, …], …}) or, when
/// `options.device` names the meter, device telemetry ({"ts", "values"}, an array of them, or a
/// flat object of values stamped with the received time).
[[nodiscard]] parse_result parse_thingsboard(std::string_view topic, std::string_view payload,
                                             const parse_options& options = {}) noexcept;

/// The parser of `format`.
[[nodiscard]] parse_result parse_message(message_format format, std::string_view topic,
                                         std::string_view payload,
                                         const parse_options& options = {}) noexcept;

/// Captured frames: DL/T 645 read replies (energy, 0001xx00/0000xx00 and 1997 901F/9010..9014)
/// and, with a register map, Modbus RTU FC03/04 replies, as raw bytes; `meter` names the meter
/// (else a 645 reply's address does, and a Modbus reply is refused), `time` is the device time.
/// Every frame in `bytes` is read (645 through its stream scanner: noise and FE preambles
/// skipped).
[[nodiscard]] parse_result parse_frames(const std::vector<std::uint8_t>& bytes, local_time time,
                                        const std::optional<std::string>& meter,
                                        const parse_options& options = {}) noexcept;

}  // namespace submeter::ingest
