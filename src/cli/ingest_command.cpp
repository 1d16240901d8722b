// `submeter ingest file FILE --store DB` and `submeter ingest mqtt --broker URL --topic T --store
// DB`: meter data into the readings store (docs/meter-data.md). A file is read whole before the
// store is opened, so a refused file writes nothing; a broker's messages are each parsed and
// stored (one transaction per message) before the next, and counted by status.
#include <signal.h>

#include <array>
#include <csignal>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/meter_maps.hpp"
#include "cli/readings_db.hpp"
#include "ingest/gateway_message.hpp"
#include "ingest/mqtt_subscriber.hpp"
#include "ingest/reading_files.hpp"
#include "io/read_json.hpp"
#include "store/open_store.hpp"
#include "submeter/core/error.hpp"

namespace submeter::cli {
namespace {

volatile std::sig_atomic_t stop_requested = 0;

extern "C" void request_stop(int) { stop_requested = 1; }

struct ingest_options {
  std::string file;
  std::string store;
  std::string format = "auto";
  std::string utc_offset = "+08:00";
  std::string modbus_map;
  std::string device;
  std::vector<std::string> fields;
  // mqtt
  std::string broker;
  std::vector<std::string> topics;
  std::string client_id = "submeter-ingest";
  bool clean_session = false;
  std::size_t max_messages = 0;
  double idle_seconds = 0;
  int reconnect_max_ms = 10000;
};

/// The parse options of the command line.
ingest::parse_options parse_options_of(const ingest_options& o) {
  ingest::parse_options p;
  p.utc_offset = parse_utc_offset(o.utc_offset);
  if (!o.modbus_map.empty()) p.modbus_map = load_map(o.modbus_map);
  if (!o.device.empty()) p.device = o.device;
  if (!o.fields.empty()) {
    ingest::register_fields f;
    for (const auto& spec : o.fields) {
      const auto eq = spec.find('=');
      int reg = -1;
      if (eq != std::string::npos && eq + 2 == spec.size() && spec[eq + 1] >= '0' &&
          spec[eq + 1] <= '8') {
        reg = spec[eq + 1] - '0';
      }
      if (reg < 0 || eq == 0) {
        throw error(errc::parse, "a field is NAME=REGISTER (0 total, 1..8 rates)",
                    {{"field", spec.substr(0, 60)}});
      }
      f.emplace_back(spec.substr(0, eq), reg);
    }
    p.acrel = f;
    p.tags = f;
  }
  return p;
}

/// The format of a file: --format, else by extension and header.
std::string file_format(const ingest_options& o, const std::string& text) {
  if (o.format != "auto") return o.format;
  const auto ext = std::filesystem::path(o.file).extension().string();
  if (ext == ".jsonl" || ext == ".json") return "values";
  if (ext == ".csv") {
    const std::size_t start = text.rfind("\xEF\xBB\xBF", 0) == 0 ? 3 : 0;
    const auto first = text.substr(start, text.find_first_of("\r\n", start) - start);
    if (first.rfind("time,meter,frame", 0) == 0) return "frames";
    return "readings";
  }
  throw error(errc::invalid_argument, "cannot tell the file's format from its name: give --format",
              {{"file", o.file}, {"formats", "readings values frames acrel neuron thingsboard"}});
}

std::string summary(const store::append_result& r) {
  return "stored " + std::to_string(r.inserted) + ", duplicates " + std::to_string(r.duplicates) +
         ", conflicts " + std::to_string(r.conflicts);
}

std::string ingest_file(const ingest_options& o) {
  const auto text = io::read_file(o.file);
  const auto format = file_format(o, text);
  const auto popts = parse_options_of(o);
  std::vector<metering::register_value> values;
  std::vector<vee::multiplier_observation> multipliers;
  std::string counts;
  if (format == "readings") {
    values = ingest::parse_readings_csv_values(text, o.file);
  } else if (format == "values") {
    values = ingest::parse_value_lines(text, o.file);
  } else if (format == "frames") {
    ingest::parse_result r;
    ingest::parse_frames_csv(text, o.file, popts, r);
    values = std::move(r.values);
    multipliers = std::move(r.multipliers);
  } else {
    const auto f = ingest::parse_message_format(format);
    if (!f) {
      throw error(
          errc::invalid_argument, "unknown format",
          {{"format", format}, {"formats", "readings values frames acrel neuron thingsboard"}});
    }
    auto s = ingest::parse_capture(text, *f, popts);
    values = std::move(s.values);
    multipliers = std::move(s.multipliers);
    counts = "messages: ok " + std::to_string(s.messages[0]) + ", ignored " +
             std::to_string(s.messages[1]) + ", malformed " + std::to_string(s.messages[2]) +
             ", unsupported " + std::to_string(s.messages[3]) + "; records skipped " +
             std::to_string(s.skipped) + "\n";
    for (const auto& p : s.problems) counts += "  " + p + "\n";
  }
  const auto store = store::open_readings_store(o.store);
  const auto r = store->append(values);
  const auto m = multipliers.empty() ? 0 : store->add_multipliers(multipliers);
  std::string out =
      o.file + " (" + format + "): " + std::to_string(values.size()) + " reads, " + summary(r);
  if (m > 0) out += "; multipliers " + std::to_string(m);
  return out + "\n" + counts;
}

std::string ingest_mqtt(const ingest_options& o) {
  ingest::mqtt_options m;
  m.broker = ingest::parse_broker(o.broker);
  m.topics = o.topics;
  m.client_id = o.client_id;
  m.clean_session = o.clean_session;
  m.reconnect_max = std::chrono::milliseconds(o.reconnect_max_ms);
  if (o.max_messages > 0) m.max_messages = o.max_messages;
  if (o.idle_seconds > 0) {
    m.idle_timeout = std::chrono::milliseconds(static_cast<std::int64_t>(o.idle_seconds * 1000));
  }
  const auto format = ingest::parse_message_format(o.format == "auto" ? "acrel" : o.format);
  if (!format) {
    throw error(errc::invalid_argument, "unknown gateway format",
                {{"format", o.format}, {"formats", "acrel neuron thingsboard"}});
  }
  auto popts = parse_options_of(o);
  const auto offset = popts.utc_offset;
  const auto store = store::open_readings_store(o.store);
  std::array<std::size_t, 4> statuses{};
  store::append_result total;
  std::size_t reads = 0;
  std::size_t multipliers = 0;
  std::size_t skipped = 0;
  const auto handler = [&](const std::string& topic, std::string_view payload) {
    popts.received = local_now(offset);
    auto r = ingest::parse_message(*format, topic, payload, popts);
    ++statuses[static_cast<std::size_t>(r.status)];
    skipped += r.skipped;
    if (r.status == ingest::message_status::malformed ||
        r.status == ingest::message_status::unsupported) {
      std::cerr << "submeter: ingest: " << to_string(r.status) << " message on "
                << topic.substr(0, 200) << ": " << r.detail.substr(0, 300) << "\n";
      return;
    }
    reads += r.values.size();
    if (!r.values.empty()) total += store->append(r.values);
    if (!r.multipliers.empty()) multipliers += store->add_multipliers(r.multipliers);
  };
  stop_requested = 0;
  struct sigaction sa {};
  sa.sa_handler = request_stop;
  sigemptyset(&sa.sa_mask);
  struct sigaction old_term {
  }, old_int{};
  sigaction(SIGTERM, &sa, &old_term);
  sigaction(SIGINT, &sa, &old_int);
  ingest::mqtt_session session;
  try {
    session = ingest::run_subscriber(
        m, handler, [] { return stop_requested != 0; },
        [](const std::string& line) { std::cerr << "submeter: ingest: " << line << std::endl; });
  } catch (...) {
    sigaction(SIGTERM, &old_term, nullptr);
    sigaction(SIGINT, &old_int, nullptr);
    throw;
  }
  sigaction(SIGTERM, &old_term, nullptr);
  sigaction(SIGINT, &old_int, nullptr);
  std::ostringstream out;
  out << "mqtt " << m.broker.host << ":" << m.broker.port << " (" << to_string(*format)
      << "): stopped (" << session.stopped << "); connects " << session.connects
      << ", connection losses " << session.connection_losses << "\n"
      << "messages " << session.messages << ": ok " << statuses[0] << ", ignored " << statuses[1]
      << ", malformed " << statuses[2] << ", unsupported " << statuses[3] << "; records skipped "
      << skipped << "\n"
      << "reads " << reads << ": " << summary(total);
  if (multipliers > 0) out << "; multipliers " << multipliers;
  out << "\n";
  return out.str();
}

void add_common(CLI::App* sub, ingest_options& o) {
  sub->add_option("--store", o.store,
                  "The readings store: an SQLite file (created when absent) or a postgresql:// URI")
      ->required();
  sub->add_option("--utc-offset", o.utc_offset,
                  "Local civil time's offset from UTC, for epoch stamps and the received time")
      ->capture_default_str();
  sub->add_option("--field", o.fields,
                  "A data point and its register, NAME=REGISTER (0 total, 1..8 rates); replaces "
                  "the format's names (Acrel EPI, EPIJ..EPIG; tags total, t1..t8)");
  sub->add_option("--modbus-map", o.modbus_map,
                  "Register map for Modbus RTU replies in frames (built-in name or JSON file)");
}

}  // namespace

void add_ingest_command(CLI::App& app, context& ctx) {
  auto* ingest = app.add_subcommand("ingest", "Take meter data into the readings store");
  ingest->require_subcommand(1);
  auto o = std::make_shared<ingest_options>();

  auto* file = ingest->add_subcommand("file", "Take a file of reads, frames or gateway messages");
  file->add_option("file", o->file, "The file")->required();
  add_common(file, *o);
  file->add_option("--format", o->format,
                   "readings (readings.csv), values (JSON lines), frames (time,meter,frame), or a "
                   "capture of acrel, neuron or thingsboard messages; auto: by the file's name")
      ->check(
          CLI::IsMember({"auto", "readings", "values", "frames", "acrel", "neuron", "thingsboard"}))
      ->capture_default_str();
  file->add_option("--device", o->device, "ThingsBoard device telemetry: the meter id");
  ctx.add(*file, [o](std::ostream& out) { out << ingest_file(*o); });

  auto* mqtt = ingest->add_subcommand("mqtt", "Subscribe to a broker and store what gateways send");
  mqtt->add_option("--broker", o->broker, "mqtt://HOST:PORT")->required();
  mqtt->add_option("--topic", o->topics, "Topic filter, e.g. '/gw/acrelHW/#' (repeatable)")
      ->required();
  add_common(mqtt, *o);
  mqtt->add_option("--format", o->format, "acrel, neuron or thingsboard (auto: acrel)")
      ->check(CLI::IsMember({"auto", "acrel", "neuron", "thingsboard"}))
      ->capture_default_str();
  mqtt->add_option("--device", o->device, "ThingsBoard device telemetry: the meter id");
  mqtt->add_option("--client-id", o->client_id,
                   "MQTT client id (the broker keeps this session's QoS 1 messages)")
      ->capture_default_str();
  mqtt->add_flag("--clean-session", o->clean_session,
                 "Start a clean session (the broker drops messages queued for the client id)");
  mqtt->add_option("--max-messages", o->max_messages, "Stop after this many messages")
      ->check(CLI::PositiveNumber);
  mqtt->add_option("--idle", o->idle_seconds, "Stop after this many seconds without a message")
      ->check(CLI::PositiveNumber);
  mqtt->add_option("--reconnect-max-ms", o->reconnect_max_ms,
                   "Longest wait between reconnection attempts (back-off doubles from 100 ms)")
      ->check(CLI::Range(100, 600000))
      ->capture_default_str();
  ctx.add(*mqtt, [o](std::ostream& out) { out << ingest_mqtt(*o); });
}

}  // namespace submeter::cli
