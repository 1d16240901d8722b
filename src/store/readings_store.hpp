#pragma once
/// \file
/// store::readings_store: the readings store (DESIGN.md "Live": gateway MQTT, frames and files
/// come in, VEE reads them, bills and the live prepaid step use them), behind an interface a
/// PostgreSQL store can implement (issue 20). The SQLite implementation is
/// open_sqlite_readings (readings_sqlite.hpp); docs/meter-data.md describes the schema.
///
/// Rows are metering::register_value, unique on (meter, register, device time). Nothing is lost
/// and nothing is counted twice: the same value offered again is a duplicate (counted, not
/// stored again); another value for a stored key is a conflict: the stored row stays as it is
/// and the offered one is kept aside in the conflicts (VEE-1 reports both). Estimates made by VEE
/// are kept in their own table and never edited; the multipliers sources report in another.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "submeter/core/time.hpp"
#include "submeter/metering/reading.hpp"
#include "submeter/vee/estimate.hpp"
#include "submeter/vee/multiplier_change.hpp"

namespace submeter::store {

/// What a batch did.
struct append_result {
  /// Rows stored.
  std::size_t inserted = 0;
  /// Rows already stored with the same value (not stored again).
  std::size_t duplicates = 0;
  /// Rows with another value than the stored one, newly kept aside (the stored row is
  /// unchanged; the same other value offered again counts as a duplicate).
  std::size_t conflicts = 0;

  append_result& operator+=(const append_result& o) noexcept {
    inserted += o.inserted;
    duplicates += o.duplicates;
    conflicts += o.conflicts;
    return *this;
  }
};

/// Which rows to read: every bound is optional; `from` and `to` are inclusive device times.
struct reading_query {
  std::optional<std::string> meter;
  std::optional<local_time> from;
  std::optional<local_time> to;
};

/// A value offered for a stored key and kept aside.
struct reading_conflict {
  /// The row the store keeps.
  metering::register_value stored;
  /// The other value that arrived.
  metering::register_value offered;
};

/// A durable readings store. Not thread-safe: one connection per thread (several processes may
/// share one SQLite file).
class readings_store {
 public:
  readings_store() = default;
  readings_store(const readings_store&) = delete;
  readings_store& operator=(const readings_store&) = delete;
  virtual ~readings_store() = default;

  /// Appends a batch in one transaction (all or nothing). Refuses (submeter::error,
  /// errc::invalid_argument, naming the index) a register outside 0..8 or an empty meter id;
  /// nothing is written then.
  virtual append_result append(const std::vector<metering::register_value>& batch) = 0;
  /// The rows matching `q`, ordered by meter, register and time.
  [[nodiscard]] virtual std::vector<metering::register_value> values(
      const reading_query& q = {}) = 0;
  /// The ids of the meters with rows, sorted.
  [[nodiscard]] virtual std::vector<std::string> meters() = 0;
  /// How many rows are stored.
  [[nodiscard]] virtual std::size_t count() = 0;
  /// The values kept aside, in the order they arrived.
  [[nodiscard]] virtual std::vector<reading_conflict> conflicts() = 0;

  /// Keeps estimates (one transaction); an estimate for a key that has one already is not
  /// replaced (estimates are never edited). Returns how many were new.
  virtual std::size_t add_estimates(const std::vector<vee::estimate>& estimates) = 0;
  /// The estimates matching `q`, ordered by meter, register and time.
  [[nodiscard]] virtual std::vector<vee::estimate> estimates(const reading_query& q = {}) = 0;

  /// Keeps multipliers reported by sources (one transaction), unique on (meter, time); returns
  /// how many were new.
  virtual std::size_t add_multipliers(const std::vector<vee::multiplier_observation>& m) = 0;
  /// The multipliers matching `q`, ordered by meter and time.
  [[nodiscard]] virtual std::vector<vee::multiplier_observation> multipliers(
      const reading_query& q = {}) = 0;
};

namespace detail {
/// A time as both readings stores keep it: whole seconds since 1970-01-01T00:00 local time.
[[nodiscard]] inline std::int64_t stored_seconds(local_time t) {
  return t.time_since_epoch().count();
}
/// The time of stored seconds (stored_seconds read back).
[[nodiscard]] inline local_time at_stored_seconds(std::int64_t s) {
  return local_time{std::chrono::seconds(s)};
}
/// The reading source of a stored text; a text no submeter writes is a damaged store
/// (std::runtime_error "<store>: readings store holds an unknown source: <text>").
[[nodiscard]] inline metering::reading_source stored_source(std::string_view store,
                                                            const std::string& text) {
  if (const auto v = metering::parse_reading_source(text)) return *v;
  throw std::runtime_error(std::string(store) + ": readings store holds an unknown source: " +
                           text);
}
/// The reading quality of a stored text; as stored_source.
[[nodiscard]] inline metering::reading_quality stored_quality(std::string_view store,
                                                              const std::string& text) {
  if (const auto v = metering::parse_reading_quality(text)) return *v;
  throw std::runtime_error(std::string(store) + ": readings store holds an unknown quality: " +
                           text);
}
}  // namespace detail

}  // namespace submeter::store
