#pragma once
/// \file
/// Reads a site directory into a submeter::site::site (formats in docs/formats.md):
/// `site.json` (format "submeter-site-v0": tariffs, meters, tenants, rounding) and
/// `readings.csv` (meter_id,time,total,t1..t4).
///
/// Every malformed input throws submeter::error whose context begins with the file and then names
/// where: `path` (a JSON path such as `$.tariffs[2].energy_price`) or `line` and `column` (1-based;
/// for bad JSON syntax, computed from the parser's byte offset), and the `field`.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "submeter/metering/reading_series.hpp"
#include "submeter/site/site.hpp"

namespace submeter::io {

/// What a site directory holds, before it is validated: site.json fills everything but the
/// readings (format v0 leaves what v1 adds empty), the CSV parsers the readings, intervals and
/// reactive readings.
using site_document = site::site_parts;

/// Parses the text of site.json; `file` names it in errors. Checks that every reference
/// (tenant → tariff, tenant → meter, meter → tenant) resolves, naming the JSON path.
[[nodiscard]] site_document parse_site_json(std::string_view text, const std::string& file);

/// Parses the text of readings.csv for the meters of `doc`; `file` names it in errors.
/// Refuses an unknown meter, a malformed cell, and readings of one meter out of time order or
/// going backwards, naming the line and column.
[[nodiscard]] std::vector<metering::reading_series> parse_readings_csv(std::string_view text,
                                                                       const std::string& file,
                                                                       const site_document& doc);

/// Parses intervals.csv (`meter_id,start,kwh`: consecutive intervals of one step per meter,
/// labelled by their start, kWh on the primary side) into `doc.intervals`. Refuses an
/// unknown meter, a malformed cell, a gap, a repeated or earlier start, naming line and column.
void parse_intervals_csv(std::string_view text, const std::string& file, site_document& doc);

/// Parses reactive.csv (`meter_id,time,kvarh`: cumulative reactive-import readings before the
/// multiplier) into `doc.reactive`, refused as readings.csv is.
void parse_reactive_csv(std::string_view text, const std::string& file, site_document& doc);

/// One file of a site directory held in memory: its text and the name errors give it.
struct site_file {
  std::string name;
  std::string_view text;
};

/// The files of a site directory held in memory (what load_site reads, or a fuzzer's input):
/// site.json and readings.csv, and intervals.csv and reactive.csv when the site has them.
struct site_files {
  site_file site_json;
  site_file readings_csv;
  std::optional<site_file> intervals_csv;
  std::optional<site_file> reactive_csv;
};

/// Parses the files of a site directory into a validated site, as load_site does once they are
/// read; refuses what parse_site_json, parse_readings_csv, parse_intervals_csv,
/// parse_reactive_csv and site::site::make refuse, naming the file first.
[[nodiscard]] site::site parse_site_files(const site_files& files);

/// Parses both texts into a validated site.
[[nodiscard]] site::site parse_site(std::string_view site_json, const std::string& json_file,
                                    std::string_view readings_csv, const std::string& csv_file);

/// Reads `dir`/site.json and `dir`/readings.csv (and, when present, intervals.csv and
/// reactive.csv) into a validated site, each through io::read_file (regular files only, under the
/// size limit: input_file.hpp). Refuses `dir` when it is not a directory and a file that cannot
/// be read (errc::not_found), a file that is not a regular file or is too large
/// (errc::invalid_argument), naming it, and whatever parse_site_files refuses.
[[nodiscard]] site::site load_site(const std::filesystem::path& dir);

}  // namespace submeter::io
