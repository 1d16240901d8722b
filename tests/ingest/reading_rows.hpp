#pragma once
// A readings-store row for tests: meter, register, device time and exact value.
#include "submeter/core/time.hpp"
#include "submeter/metering/reading.hpp"

namespace submeter::store::test {

inline metering::register_value row(const char* meter, int reg, const char* time, const char* v,
                                    metering::reading_source s = metering::reading_source::file) {
  metering::register_value r;
  r.meter_id = meter;
  r.register_number = reg;
  r.time = parse_local_time(time);
  r.value = energy::parse(v);
  r.source = s;
  return r;
}

}  // namespace submeter::store::test
