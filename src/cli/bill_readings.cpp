// A site's readings from the readings store, with their quality (bill_readings.hpp).
#include "cli/bill_readings.hpp"

#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "ingest/reading_files.hpp"
#include "io/detail.hpp"
#include "io/read_json.hpp"
#include "io/site_loader.hpp"
#include "store/open_store.hpp"
#include "store/readings_sqlite.hpp"
#include "submeter/core/error.hpp"
#include "submeter/vee/estimate.hpp"

namespace submeter::cli {
namespace {

namespace fs = std::filesystem;

// The store at `path`, opened only when it is a file with something in it: opening creates a
// missing or empty file, and a refusal must write nothing.
std::unique_ptr<store::readings_store> open_existing(const std::string& path) {
  if (store::is_postgres_uri(path)) {
    try {
      return store::open_readings_store(path);
    } catch (const error& e) {
      throw e.with("readings_db", store::printable_place(path));
    }
  }
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) {
    throw error(
        errc::not_found, "no readings store at that path",
        {{"readings_db", path}, {"expected", "a readings store (submeter ingest --store)"}});
  }
  if (fs::file_size(path, ec) == 0 || ec) {
    throw error(errc::unsupported, "the file is not a readings store (it is empty)",
                {{"readings_db", path}});
  }
  try {
    return store::open_sqlite_readings(path);
  } catch (const error& e) {
    throw e.with("readings_db", path);
  }
}

// `e` about the readings of the store: the store first, then what `e` says, without the line and
// column of the readings.csv text the rows were written as (they are in no file).
error about_store(const error& e, const std::string& path) {
  std::vector<context_item> context{{"readings_db", path}};
  for (const auto& item : e.context()) {
    const auto& k = item.key;
    const auto ends = [&k](const std::string& tail) {
      return k.size() >= tail.size() && k.compare(k.size() - tail.size(), tail.size(), tail) == 0;
    };
    if (k == "file" || ends("line") || ends("column")) continue;  // previous_line too
    context.push_back(item);
  }
  return error(e.code(), e.message(), std::move(context));
}

struct store_rows {
  std::vector<metering::register_value> values;
  std::vector<vee::estimate> estimates;
};

// The store's rows of the meters of `doc` (a store holds many sites), meter by meter.
store_rows rows_of(store::readings_store& s, const io::site_document& doc, bool with_estimates) {
  store_rows out;
  for (const auto& m : doc.meters) {
    store::reading_query q;
    q.meter = m.id();
    for (auto& v : s.values(q)) out.values.push_back(std::move(v));
    if (!with_estimates) continue;
    for (auto& e : s.estimates(q)) out.estimates.push_back(std::move(e));
  }
  return out;
}

bill::read_note note_of(const vee::estimate& e) {
  bill::read_note n;
  n.meter_id = e.meter_id;
  n.register_number = e.register_number;
  n.time = e.time;
  n.quality = metering::reading_quality::estimated;
  n.value = e.value;
  n.rule = std::string(vee::rule_id(e.method));
  n.method = std::string(vee::to_string(e.method));
  n.basis = e.basis;
  return n;
}

io::site_document parse_site_json_of(const fs::path& root) {
  if (!fs::is_directory(root)) {
    throw error(errc::not_found, "not a site directory", {{"file", root.string()}});
  }
  const auto json_path = root / "site.json";
  return io::parse_site_json(io::read_file(json_path), json_path.string());
}

}  // namespace

site::site load_site_from_store(const std::string& dir, const std::string& readings_db) {
  const fs::path root(dir);
  auto doc = parse_site_json_of(root);
  const auto json_path = root / "site.json";
  const auto store = open_existing(readings_db);
  auto rows = rows_of(*store, doc, true);
  // QUAL-1, QUAL-2: an estimate stands for a read the store does not have; one whose actual read
  // has arrived since is kept for the true-up. Neither is ever edited.
  std::set<std::tuple<std::string, int, local_time>> stored;
  for (const auto& v : rows.values) {
    stored.emplace(v.meter_id, v.register_number, v.time);
    if (v.quality != metering::reading_quality::actual) {
      bill::read_note n;
      n.meter_id = v.meter_id;
      n.register_number = v.register_number;
      n.time = v.time;
      n.quality = v.quality;
      n.value = v.value;
      n.method = std::string(metering::to_string(v.source));
      n.basis = "stored with the read";
      doc.read_notes.push_back(std::move(n));
    }
  }
  for (const auto& e : rows.estimates) {
    if (stored.count({e.meter_id, e.register_number, e.time}) != 0) {
      doc.replaced_estimates.push_back(note_of(e));
    } else {
      rows.values.push_back(e.as_value());
      doc.read_notes.push_back(note_of(e));
    }
  }
  try {
    std::ostringstream csv;
    ingest::write_readings_csv(csv, rows.values);
    doc.readings = io::parse_readings_csv(csv.str(), readings_db + " (readings store)", doc);
  } catch (const error& e) {
    throw about_store(e, readings_db);
  }
  for (const auto& [file, parse] : {std::pair{"intervals.csv", &io::parse_intervals_csv},
                                    std::pair{"reactive.csv", &io::parse_reactive_csv}}) {
    const auto path = root / file;
    if (fs::exists(path)) parse(io::read_file(path), path.string(), doc);
  }
  try {
    return site::site::make(std::move(doc));
  } catch (const error& e) {
    throw io::site_detail::located(e.code(), e.message(),
                                   {{"file", json_path.string()}, {"readings_db", readings_db}},
                                   e.context());
  }
}

site::site_run run_from_store(const site::site& s, const bill::billing_period& period,
                              const std::string& readings_db) {
  try {
    return site::run_site(s, period);
  } catch (const error& e) {
    throw e.with("readings_db", readings_db);
  }
}

std::vector<metering::reading> store_readings_of_site(const std::string& dir,
                                                      const std::string& readings_db) {
  const auto doc = parse_site_json_of(fs::path(dir));
  const auto store = open_existing(readings_db);
  const auto rows = rows_of(*store, doc, false);
  std::map<std::pair<std::string, local_time>, metering::reading> by;
  std::map<std::pair<std::string, local_time>, bool> has_total;
  for (const auto& v : rows.values) {
    if (v.quality != metering::reading_quality::actual) continue;  // deduct actual reads only
    const auto k = std::make_pair(v.meter_id, v.time);
    auto& r = by[k];
    r.meter_id = v.meter_id;
    r.registers.time = v.time;
    r.source = v.source;
    if (v.received && (!r.received || *r.received < *v.received)) r.received = v.received;
    if (v.register_number == 0) {
      r.registers.total = v.value;
      has_total[k] = true;
    } else if (metering::is_rate_register(v.register_number)) {
      r.registers.rates[static_cast<std::size_t>(v.register_number - 1)] = v.value;
    }
  }
  std::vector<metering::reading> out;
  out.reserve(by.size());
  for (auto& [k, r] : by) {
    if (!has_total[k]) {
      throw error(errc::inconsistent, "a reading of the store has rate registers but no total",
                  {{"readings_db", readings_db},
                   {"meter", k.first},
                   {"time", local_interval::format(k.second)}});
    }
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace submeter::cli
