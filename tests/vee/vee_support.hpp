#pragma once
// Helpers of the vee tests: reads and times from text.
#include <optional>
#include <string>

#include "submeter/core/quantity.hpp"
#include "submeter/core/time.hpp"
#include "submeter/metering/reading.hpp"

namespace submeter::vee::test {

inline local_time at(const char* t) { return parse_local_time(t); }

inline std::int64_t kwh(const char* v) { return energy::parse(v).mantissa(); }

inline metering::register_value read(const char* meter, int reg, const char* time,
                                     const char* value,
                                     std::optional<const char*> received = std::nullopt) {
  metering::register_value r;
  r.meter_id = meter;
  r.register_number = reg;
  r.time = at(time);
  r.value = energy::parse(value);
  if (received) r.received = at(*received);
  r.source = metering::reading_source::acrel_gateway;
  return r;
}

}  // namespace submeter::vee::test
