// Reads a site directory: site.json + readings.csv.
#include "io/site_loader.hpp"

#include <fstream>
#include <sstream>
#include <string>
#include <utility>

#include "io/detail.hpp"

namespace submeter::io {
namespace {

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw error(errc::not_found, "cannot read file", {{"file", path.string()}});
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

bill::site parse_site(std::string_view site_json, const std::string& json_file,
                      std::string_view readings_csv, const std::string& csv_file) {
  auto doc = parse_site_json(site_json, json_file);
  auto readings = parse_readings_csv(readings_csv, csv_file, doc);
  try {
    return bill::site::make(std::move(doc.name), std::move(doc.currency), doc.rule,
                            std::move(doc.tariffs), std::move(doc.meters), std::move(doc.tenants),
                            std::move(readings));
  } catch (const error& e) {
    // parse_site_json checks every reference with its JSON path first; this is a safety net.
    throw site_detail::located(e.code(), e.message(), {{"file", json_file}}, e.context());
  }
}

bill::site load_site(const std::filesystem::path& dir) {
  if (!std::filesystem::is_directory(dir)) {
    throw error(errc::not_found, "not a site directory", {{"file", dir.string()}});
  }
  const auto json_path = dir / "site.json";
  const auto csv_path = dir / "readings.csv";
  const auto json_text = read_file(json_path);
  const auto csv_text = read_file(csv_path);
  return parse_site(json_text, json_path.string(), csv_text, csv_path.string());
}

}  // namespace submeter::io
