// What the meter-data subcommands share (readings_db.hpp).
#include "cli/readings_db.hpp"

#include <filesystem>
#include <set>
#include <sstream>
#include <utility>

#include "ingest/reading_files.hpp"
#include "io/detail.hpp"
#include "io/read_json.hpp"
#include "io/site_loader.hpp"
#include "store/readings_sqlite.hpp"
#include "submeter/core/error.hpp"

namespace submeter::cli {

std::chrono::minutes parse_utc_offset(const std::string& text) {
  if (text == "Z") return std::chrono::minutes(0);
  const bool ok = text.size() == 6 && (text[0] == '+' || text[0] == '-') && text[3] == ':' &&
                  std::isdigit(static_cast<unsigned char>(text[1])) &&
                  std::isdigit(static_cast<unsigned char>(text[2])) &&
                  std::isdigit(static_cast<unsigned char>(text[4])) &&
                  std::isdigit(static_cast<unsigned char>(text[5]));
  const int h = ok ? (text[1] - '0') * 10 + (text[2] - '0') : 99;
  const int m = ok ? (text[4] - '0') * 10 + (text[5] - '0') : 99;
  if (!ok || h > 14 || m > 59) {
    throw error(errc::parse, "not a UTC offset (+08:00)", {{"utc_offset", text.substr(0, 20)}});
  }
  return std::chrono::minutes((text[0] == '-' ? -1 : 1) * (h * 60 + m));
}

local_time local_now(std::chrono::minutes offset) {
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  return local_time{now.time_since_epoch()} + offset;
}

std::string readings_csv_of_site(const std::filesystem::path& site_dir,
                                 store::readings_store& store) {
  const auto json_path = site_dir / "site.json";
  const auto doc = io::parse_site_json(io::read_file(json_path), json_path.string());
  std::set<std::string> meters;
  for (const auto& m : doc.meters) meters.insert(m.id());
  auto rows = store.values();
  std::vector<metering::register_value> mine;
  mine.reserve(rows.size());
  for (auto& r : rows) {
    if (meters.count(r.meter_id) != 0) mine.push_back(std::move(r));
  }
  std::ostringstream csv;
  ingest::write_readings_csv(csv, mine);
  return csv.str();
}

site::site load_site_with_store(const std::string& dir, const std::string& readings_db) {
  const std::filesystem::path root(dir);
  if (!std::filesystem::is_directory(root)) {
    throw error(errc::not_found, "not a site directory", {{"file", dir}});
  }
  if (!std::filesystem::is_regular_file(readings_db)) {
    throw error(errc::not_found, "no readings store at that path", {{"file", readings_db}});
  }
  const auto store = store::open_sqlite_readings(readings_db);
  const std::string name = readings_db + " (readings store)";
  const auto csv = readings_csv_of_site(root, *store);
  const auto json_path = root / "site.json";
  auto doc = io::parse_site_json(io::read_file(json_path), json_path.string());
  doc.readings = io::parse_readings_csv(csv, name, doc);
  for (const auto& [file, parse] : {std::pair{"intervals.csv", &io::parse_intervals_csv},
                                    std::pair{"reactive.csv", &io::parse_reactive_csv}}) {
    const auto path = root / file;
    if (std::filesystem::exists(path)) parse(io::read_file(path), path.string(), doc);
  }
  try {
    return site::site::make(std::move(doc));
  } catch (const error& e) {
    throw io::site_detail::located(e.code(), e.message(), {{"file", json_path.string()}},
                                   e.context());
  }
}

}  // namespace submeter::cli
