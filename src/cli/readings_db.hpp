#pragma once
// What the meter-data subcommands share (ingest, readings, vee, read … --store): the
// local clock at a UTC offset. (bill --readings-db reads the store in bill_readings.hpp.)
#include <chrono>
#include <string>

#include "submeter/core/time.hpp"

namespace submeter::cli {

/// "+08:00", "-05:30", "Z" → minutes east of UTC. Refuses (errc::parse) anything else.
[[nodiscard]] std::chrono::minutes parse_utc_offset(const std::string& text);

/// The system clock as local civil time at `offset`, to the second (only the CLI reads a clock).
[[nodiscard]] local_time local_now(std::chrono::minutes offset);

}  // namespace submeter::cli
