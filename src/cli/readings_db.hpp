#pragma once
// What the meter-data subcommands share (ingest, readings, vee, read … --store, bill
// --readings-db): the local clock at a UTC offset, a site whose readings come from the readings
// store, and the text of a period's history.
#include <chrono>
#include <filesystem>
#include <string>

#include "store/readings_store.hpp"
#include "submeter/core/time.hpp"
#include "submeter/site/site.hpp"

namespace submeter::cli {

/// "+08:00", "-05:30", "Z" → minutes east of UTC. Refuses (errc::parse) anything else.
[[nodiscard]] std::chrono::minutes parse_utc_offset(const std::string& text);

/// The system clock as local civil time at `offset`, to the second (only the CLI reads a clock).
[[nodiscard]] local_time local_now(std::chrono::minutes offset);

/// The store's rows of the site's meters written as readings.csv (ingest::write_readings_csv);
/// rows of other meters are left out (a store holds many sites).
[[nodiscard]] std::string readings_csv_of_site(const std::filesystem::path& site_dir,
                                               store::readings_store& store);

/// `dir`/site.json (and intervals.csv and reactive.csv when present) with the readings of
/// `readings_db` instead of `dir`/readings.csv: the same site io::load_site builds from a
/// readings.csv holding the same data, so the same bills. Refuses what load_site refuses, the
/// readings named "<readings_db> (readings store)".
[[nodiscard]] site::site load_site_with_store(const std::string& dir,
                                              const std::string& readings_db);

}  // namespace submeter::cli
