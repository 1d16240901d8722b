#pragma once
// `read modbus|dlt645 … --store DB --meter ID`: a reading taken from a meter appended to the
// readings store (read_dlt645.cpp, read_command.cpp).
#include <CLI/CLI.hpp>

#include <string>

#include "cli/commands.hpp"
#include "submeter/metering/reading.hpp"
#include "submeter/meters/meter_reading.hpp"

namespace submeter::cli {

/// Where a read goes besides stdout.
struct read_store_options {
  std::string store;
  std::string meter;
  std::string utc_offset = "+08:00";
};

/// Adds --store, --meter and --utc-offset to a read subcommand.
void add_read_store_options(CLI::App* sub, read_store_options& o);

/// When --store was given: appends `r` (total and rates) as reads of --meter (else
/// `default_meter`) at the local time now, source `source`, received now; returns the line to
/// print ("stored in DB: 5 reads of meter M at T (stored 5, duplicates 0, conflicts 0)"), or an
/// empty string without --store. Refuses (errc::invalid_argument) a reading without a total.
std::string store_read(const read_store_options& o, const meters::meter_reading& r,
                       const std::string& default_meter, metering::reading_source source);

/// `submeter read dlt645 tcp://HOST:PORT --address A`: registers the subcommand under `read`.
void add_read_dlt645(CLI::App* read, context& ctx);

}  // namespace submeter::cli
