// `submeter readings export --store DB [--meter M] [--from T] [--to T]`: the readings store as
// readings.csv on stdout (the site format: a site directory with it bills as with the store);
// `submeter readings conflicts --store DB`: the values set aside, as CSV.
#include <filesystem>
#include <memory>
#include <ostream>
#include <string>

#include "cli/commands.hpp"
#include "ingest/reading_files.hpp"
#include "store/open_store.hpp"
#include "submeter/core/error.hpp"

namespace submeter::cli {
namespace {

struct readings_options {
  std::string store;
  std::string meter;
  std::string from;
  std::string to;
};

/// The store at `where`: a postgresql:// URI, or the path of an SQLite file that must exist (an
/// export from a mistyped path is an error, not an empty file).
std::unique_ptr<store::readings_store> open_export_store(const std::string& where) {
  if (!store::is_postgres_uri(where) && !std::filesystem::is_regular_file(where)) {
    throw error(errc::not_found, "no readings store at that path", {{"file", where}});
  }
  return store::open_readings_store(where);
}

store::reading_query query_of(const readings_options& o) {
  store::reading_query q;
  if (!o.meter.empty()) q.meter = o.meter;
  for (const auto& [text, slot, name] :
       {std::tuple{&o.from, &q.from, "--from"}, std::tuple{&o.to, &q.to, "--to"}}) {
    if (text->empty()) continue;
    const auto t = try_parse_local_time(*text);
    if (!t) {
      throw error(errc::parse, "not a local time (expected YYYY-MM-DDTHH:MM)",
                  {{"option", name}, {"text", text->substr(0, 40)}});
    }
    *slot = *t;
  }
  return q;
}

std::string time_text(local_time t) { return local_interval::format(t); }

}  // namespace

void add_readings_command(CLI::App& app, context& ctx) {
  auto* readings = app.add_subcommand("readings", "Read the readings store");
  readings->require_subcommand(1);
  auto o = std::make_shared<readings_options>();
  auto* exp = readings->add_subcommand("export", "Write the stored reads as readings.csv");
  exp->add_option("--store", o->store, "The readings store (SQLite file or postgresql:// URI)")
      ->required();
  exp->add_option("--meter", o->meter, "Only this meter");
  exp->add_option("--from", o->from, "Only reads at or after this local time");
  exp->add_option("--to", o->to, "Only reads at or before this local time");
  ctx.add(*exp, [o](std::ostream& out) {
    const auto s = open_export_store(o->store);
    ingest::write_readings_csv(out, s->values(query_of(*o)));
  });
  auto* conflicts =
      readings->add_subcommand("conflicts", "List the values set aside (another value for a read)");
  conflicts
      ->add_option("--store", o->store, "The readings store (SQLite file or postgresql:// URI)")
      ->required();
  ctx.add(*conflicts, [o](std::ostream& out) {
    const auto s = open_export_store(o->store);
    out << "meter_id,register,time,stored,stored_source,offered,offered_source\n";
    for (const auto& c : s->conflicts()) {
      out << c.stored.meter_id << ',' << c.stored.register_number << ',' << time_text(c.stored.time)
          << ',' << c.stored.value.to_string(2) << ',' << metering::to_string(c.stored.source)
          << ',' << c.offered.value.to_string(2) << ',' << metering::to_string(c.offered.source)
          << "\n";
    }
  });
}

}  // namespace submeter::cli
