#pragma once
/// \file
/// The JSON reader of gateway messages: strict (a key twice in one object, more than
/// `max_depth` levels, more than `max_bytes`, anything that is not JSON or not UTF-8 is refused)
/// and exact (a number with a fraction or an exponent is kept as the text it was written as, so
/// 1234.56 becomes the decimal 1234.56, never a double). It never throws: a refusal is a reason.
///
/// Why nlohmann in src/ingest and not a reader of our own in meters/: docs/explanation/gateways.md.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace submeter::ingest {

/// Limits of read_message_json.
struct message_limits {
  /// The largest message (1 MiB: a month's hstdata backlog of one meter is far smaller).
  std::size_t max_bytes = 1 << 20;
  /// The deepest nesting of objects and arrays.
  std::size_t max_depth = 16;
};

/// The document of a message, or why it was refused.
struct message_document {
  std::optional<nlohmann::json> json;
  /// Empty when read; else what was wrong ("not JSON at byte 17: …", "a key is given twice in
  /// one object: time", "nested deeper than 16 levels", "larger than 1048576 bytes").
  std::string why;
};

/// Reads one message. Numbers with a fraction or an exponent become strings holding their text
/// ("1234.56", "1e3"); integers stay integers. Never throws (an allocation failure included: it
/// becomes a refusal).
[[nodiscard]] message_document read_message_json(std::string_view text,
                                                 const message_limits& limits = {}) noexcept;

}  // namespace submeter::ingest
