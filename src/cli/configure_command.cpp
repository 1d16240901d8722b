// `submeter configure`: settings out to prepaid meters (定时下发).
//   configure dlt645  prints the DL/T 645-2007 write frames that put a TOU schedule (year time
//                     zones, daily period tables, public holidays), rate prices and a ladder into
//                     one set of a meter, with the switch-over times, one frame a line;
//   configure send    writes them through the transport and reads each item back;
//   configure verify  reads a set back and compares it with the schedule minute by minute;
//   configure cjt188  prints the CJ/T 188 price table (A010) and settlement day (A011) frames.
// Every input is read and the whole plan built before anything is sent, so bad input writes
// nothing (exit 1). A link failure exits 2; a meter that refuses a write, holds something else
// after it, or differs from the schedule exits 4.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "io/calendar_json.hpp"
#include "io/rerate_json.hpp"
#include "io/tou_json.hpp"
#include "submeter/bill/component.hpp"
#include "submeter/core/error.hpp"
#include "submeter/core/time.hpp"
#include "submeter/meters/cjt188.hpp"
#include "submeter/meters/dlt645.hpp"
#include "submeter/meters/hex.hpp"
#include "submeter/meters/settings.hpp"
#ifdef SUBMETER_CLI_WITH_MODBUS
#include "submeter/meters/transport/stream_link.hpp"
#endif

namespace submeter::cli {

/// Exit status when the meter does not hold what it should (a refused write, a different item
/// read back, tables that differ from the schedule).
inline constexpr int exit_meter_differs = 4;

namespace {

using json = nlohmann::ordered_json;
namespace dlt = meters::dlt645;
namespace cj = meters::cjt188;
namespace st = meters::settings;

struct dlt645_options {
  std::string address;
  std::string tou;
  std::string calendar;
  std::string prices;
  std::string ladder_bounds;
  std::string from;
  std::string to;
  std::string switch_at;
  int set = 2;
  std::string password_level = "02";
  std::string password = "000000";
  std::string operator_code = "00000000";
  int year_zones = 14;
  int day_tables = 8;
  int day_periods = 14;
  int tariffs = 4;
  std::string format = "text";
  // send and verify
  std::string endpoint;
  int timeout_ms = 1000;
  int retries = 1;
};

date::local_days parse_day(const std::string& text, const char* option) {
  const auto t = try_parse_local_time(text + " 00:00");
  if (!t) {
    throw error(errc::parse, "not a date (YYYY-MM-DD)", {{"option", option}, {"text", text}});
  }
  return date::floor<date::days>(*t);
}

local_time parse_time(const std::string& text, const char* option) {
  const auto t = try_parse_local_time(text);
  if (!t) {
    throw error(errc::parse, "not a local time (YYYY-MM-DD HH:MM)",
                {{"option", option}, {"text", text}});
  }
  return *t;
}

dlt::address parse_address(const std::string& text) {
  const auto a = dlt::address::parse(text);
  if (!a || a->is_wildcard() || a->is_broadcast()) {
    throw error(errc::parse, "not a meter address (12 digits, A5..A0)",
                {{"option", "--address"}, {"text", text}});
  }
  return *a;
}

std::vector<energy> parse_bounds(const std::string& text) {
  std::vector<energy> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto comma = text.find(',', start);
    const auto item =
        text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    const auto v = energy::try_parse(item);
    if (!v) {
      throw error(errc::parse, "not a list of kWh bounds (2760,4800)",
                  {{"option", "--ladder-bounds"}, {"text", item}});
    }
    out.push_back(*v);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

/// Everything a plan needs, loaded and checked.
struct dlt645_plan {
  dlt::address address;
  dlt::table_set set = dlt::table_set::second;
  dlt::write_credentials credentials;
  std::vector<dlt::write_item> items;
  std::vector<warning> warnings;
  std::string summary;
};

/// The inputs that do not depend on the meter: the schedule, the calendar, the range.
struct tou_inputs {
  std::optional<tariff::tou_schedule> schedule;
  calendar::holiday_calendar holidays;
  std::optional<st::date_range> range;
};

tou_inputs load_tou(const dlt645_options& o, bool need_tou) {
  tou_inputs in;
  if (o.tou.empty()) {
    if (need_tou) throw error(errc::invalid_argument, "give the TOU schedule (--tou FILE)");
    return in;
  }
  in.schedule = io::load_tou_schedule(o.tou);
  if (!o.calendar.empty()) {
    in.holidays = io::load_calendar(o.calendar);
  }
  std::optional<date::local_days> first;
  if (!o.from.empty()) {
    first = parse_day(o.from, "--from");
  } else if (!o.switch_at.empty()) {
    first = date::floor<date::days>(parse_time(o.switch_at, "--switch-at"));
  } else {
    throw error(errc::invalid_argument,
                "give the first date the tables are for (--from DATE or --switch-at TIME)",
                {{"file", o.tou}});
  }
  auto range = st::date_range::one_year_from(*first);
  if (!o.to.empty()) range.last = parse_day(o.to, "--to");
  range.check();
  in.range = range;
  return in;
}

dlt645_plan build_plan(const dlt645_options& o, const dlt::meter_capacity& cap) {
  dlt645_plan p;
  p.address = parse_address(o.address);
  p.set = o.set == 1 ? dlt::table_set::first : dlt::table_set::second;
  p.credentials = dlt::write_credentials::parse(o.password_level, o.password, o.operator_code);
  cap.check();
  if (o.tou.empty() && o.prices.empty()) {
    throw error(errc::invalid_argument, "nothing to write: give --tou FILE and/or --prices FILE");
  }
  std::optional<meters::clock_value> switch_at;
  if (!o.switch_at.empty()) switch_at = dlt::to_clock_value(parse_time(o.switch_at, "--switch-at"));
  const auto in = load_tou(o, false);
  std::string what;
  if (in.schedule) {
    const auto m = [&] {
      try {
        return st::map_schedule(*in.schedule, in.holidays, *in.range, cap);
      } catch (const error& e) {
        throw e.with("file", o.tou);
      }
    }();
    p.items = dlt::tou_write_items(m.tables, {p.set, cap, switch_at});
    p.warnings = m.warnings;
    what = in.schedule->name() + " from " + calendar::format_date(in.range->first) + " to " +
           calendar::format_date(in.range->last);
  }
  if (!o.prices.empty()) {
    const auto change = io::load_price_change(o.prices);
    std::vector<std::pair<int, energy_price>> rate_prices;
    std::map<int, energy_price> tiers;
    for (const auto& [key, price] : change.prices) {
      if (key.component != bill::component::energy) {
        throw error(
            errc::unsupported, "a DL/T 645 meter holds energy prices only",
            {{"file", o.prices}, {"component", std::string(bill::to_string(key.component))}});
      }
      if (key.tier > 0) {
        tiers[key.tier] = price;
      } else if (key.rate_register == 0) {  // one price for every tariff
        for (int t = 1; t <= cap.tariffs; ++t) rate_prices.emplace_back(t, price);
      } else {
        rate_prices.emplace_back(key.rate_register, price);
      }
    }
    const auto price_switch =
        switch_at ? switch_at : std::optional(dlt::to_clock_value(change.effective));
    try {
      if (!rate_prices.empty()) {
        for (auto& item :
             dlt::rate_price_write_items(rate_prices, p.set, cap.tariffs, price_switch)) {
          p.items.push_back(std::move(item));
        }
      }
      if (!tiers.empty() || !o.ladder_bounds.empty()) {
        if (o.ladder_bounds.empty()) {
          throw error(errc::invalid_argument,
                      "tier prices need the ladder's bounds (--ladder-bounds 2760,4800)");
        }
        std::vector<energy_price> ladder_prices;
        for (const auto& [tier, price] : tiers) {
          if (tier != static_cast<int>(ladder_prices.size()) + 1) {
            throw error(errc::invalid_argument, "tier prices are numbered 1, 2, … without gaps",
                        {{"tier", std::to_string(tier)}});
          }
          ladder_prices.push_back(price);
        }
        for (auto& item : dlt::ladder_write_items(parse_bounds(o.ladder_bounds), ladder_prices,
                                                  p.set, price_switch)) {
          p.items.push_back(std::move(item));
        }
      }
    } catch (const error& e) {
      if (!e.context_value("file").empty()) throw;
      throw e.with("file", o.prices);
    }
    what += (what.empty() ? "" : ", ") + std::string("prices ") + change.version;
  }
  p.summary = "meter " + p.address.to_string() + ", " +
              (p.set == dlt::table_set::first ? "first" : "second") + " set: " + what;
  return p;
}

std::string warning_line(const warning& w) {
  std::string s = "# warning: " + w.code + ": " + w.message;
  if (!w.context.empty()) {
    s += " [";
    for (std::size_t i = 0; i < w.context.size(); ++i) {
      s += (i ? ", " : "") + w.context[i].key + "=" + w.context[i].value;
    }
    s += "]";
  }
  return s + "\n";
}

std::string render_plan(const dlt645_plan& p, const std::string& format) {
  if (format == "json") {
    json doc;
    doc["format"] = "submeter-dlt645-writes-v1";
    doc["meter"] = p.address.to_string();
    doc["set"] = p.set == dlt::table_set::first ? 1 : 2;
    json writes = json::array();
    for (const auto& item : p.items) {
      json w;
      w["di"] = dlt::di_to_string(item.di);
      w["what"] = item.what;
      w["data"] = meters::to_hex(item.data);
      w["frame"] = meters::to_hex(dlt::write_frame(p.address, item, p.credentials));
      writes.push_back(std::move(w));
    }
    doc["writes"] = std::move(writes);
    json warnings = json::array();
    for (const auto& w : p.warnings) {
      json j;
      j["code"] = w.code;
      j["message"] = w.message;
      json ctx = json::object();
      for (const auto& c : w.context) ctx[c.key] = c.value;
      j["context"] = std::move(ctx);
      warnings.push_back(std::move(j));
    }
    doc["warnings"] = std::move(warnings);
    return doc.dump(2) + "\n";
  }
  std::string out = "# " + p.summary + " (" + std::to_string(p.items.size()) + " writes)\n";
  for (const auto& w : p.warnings) out += warning_line(w);
  for (const auto& item : p.items) {
    out += "# " + dlt::di_to_string(item.di) + " " + item.what + "\n";
    out += meters::to_hex(dlt::write_frame(p.address, item, p.credentials)) + "\n";
  }
  return out;
}

dlt::meter_capacity capacity_of(const dlt645_options& o) {
  dlt::meter_capacity cap;
  cap.year_zones = o.year_zones;
  cap.daily_tables = o.day_tables;
  cap.daily_periods = o.day_periods;
  cap.tariffs = o.tariffs;
  return cap;
}

std::string run_dlt645(const dlt645_options& o) {
  return render_plan(build_plan(o, capacity_of(o)), o.format);
}

#ifdef SUBMETER_CLI_WITH_MODBUS
namespace tr = meters::transport;

/// One conversation with a meter: read and write items, failures as command_failure.
class meter_session {
 public:
  meter_session(const dlt645_options& o, const dlt::address& a)
      : endpoint_(o.endpoint),
        address_(a),
        link_(tr::stream_link::open(tr::parse_endpoint(o.endpoint, 0), [&] {
          tr::link_options l;
          l.response_timeout = std::chrono::milliseconds(o.timeout_ms);
          l.byte_timeout = std::chrono::milliseconds(o.timeout_ms);
          l.retries = o.retries;
          return l;
        }())) {}

  /// The item's data, or nullopt when the meter says it has no such item (error word 02).
  std::optional<std::vector<std::uint8_t>> read(std::uint32_t di) {
    const auto f = exchange(dlt::read(address_, di), di, "read");
    const auto r = dlt::decode_read_response(f);
    if (!r) fail_reply(di, "read", std::string(to_string(r.status)));
    if (r.value->not_supported()) return std::nullopt;
    if (r.value->error) refused(di, "read", *r.value->error);
    if (r.value->di != di)
      fail_reply(di, "read", "the reply is for " + dlt::di_to_string(r.value->di));
    return r.value->raw.to_vector();
  }

  /// Writes an item; a refusal ends the command.
  void write(const dlt::write_item& item, const dlt::write_credentials& c) {
    const auto f = exchange(dlt::write_frame(address_, item, c), item.di, "write");
    const auto r = dlt::decode_write_reply(f);
    if (!r) fail_reply(item.di, "write", std::string(to_string(r.status)));
    if (r.value->error) refused(item.di, "write", *r.value->error);
  }

  [[nodiscard]] const std::string& endpoint() const noexcept { return endpoint_; }
  int written = 0;
  int total = 0;

 private:
  dlt::frame exchange(const std::vector<std::uint8_t>& request, std::uint32_t di,
                      const char* what) {
    const auto r = tr::exchange<dlt::frame_codec>(link_, request);
    if (!r.ok()) {
      throw command_failure(exit_link_failure,
                            std::string(tr::to_string(r.error)) + ": " + r.message + " [endpoint=" +
                                endpoint_ + ", di=" + dlt::di_to_string(di) + ", request=" + what +
                                ", attempts=" + std::to_string(r.attempts) + progress() + "]");
    }
    if (r.frame->address != address_) {
      fail_reply(di, what, "the reply is from meter " + r.frame->address.to_string());
    }
    return *r.frame;
  }
  std::string progress() const {
    return total > 0 ? ", written=" + std::to_string(written) + " of " + std::to_string(total) : "";
  }
  [[noreturn]] void refused(std::uint32_t di, const char* what, dlt::error_word w) {
    std::string names;
    for (const auto& n : w.names()) names += (names.empty() ? "" : "+") + n;
    throw command_failure(exit_meter_differs, "refused: the meter refused the " +
                                                  std::string(what) + " of " +
                                                  dlt::di_to_string(di) + ": " + names +
                                                  " [endpoint=" + endpoint_ + progress() + "]");
  }
  [[noreturn]] void fail_reply(std::uint32_t di, const char* what, const std::string& why) {
    throw command_failure(exit_link_failure, "bad_reply: " + why + " [endpoint=" + endpoint_ +
                                                 ", di=" + dlt::di_to_string(di) +
                                                 ", request=" + what + progress() + "]");
  }

  std::string endpoint_;
  dlt::address address_;
  tr::stream_link link_;
};

/// The meter's counts (04000201..04000204); the standard's defaults for items it lacks.
dlt::meter_capacity read_capacity(meter_session& s) {
  dlt::meter_capacity cap;
  cap.tariffs = 4;
  const auto count = [&](std::uint32_t di, int& into) {
    if (const auto b = s.read(di)) {
      const auto n = dlt::decode_count(*b);
      if (n && *n.value > 0) into = *n.value;
    }
  };
  count(dlt::year_zone_count_di, cap.year_zones);
  count(dlt::daily_table_count_di, cap.daily_tables);
  count(dlt::daily_period_count_di, cap.daily_periods);
  count(dlt::tariff_count_di, cap.tariffs);
  cap.check();
  return cap;
}

std::string capacity_line(const dlt::meter_capacity& c) {
  return "holds " + std::to_string(c.year_zones) + " year time zones, " +
         std::to_string(c.daily_tables) + " daily tables, " + std::to_string(c.daily_periods) +
         " periods a table, " + std::to_string(c.tariffs) + " tariffs (04000201..04)";
}

std::string run_send(const dlt645_options& o) {
  const auto address = parse_address(o.address);
  (void)load_tou(o, false);  // bad input is refused before anything goes out
  meter_session s(o, address);
  const auto cap = read_capacity(s);
  const auto plan = build_plan(o, cap);
  std::string out =
      "# " + plan.summary + "\n# meter at " + o.endpoint + " " + capacity_line(cap) + "\n";
  for (const auto& w : plan.warnings) out += warning_line(w);
  s.total = static_cast<int>(plan.items.size());
  for (const auto& item : plan.items) {
    s.write(item, plan.credentials);
    const auto back = s.read(item.di);
    if (!back || *back != item.data) {
      throw command_failure(
          exit_meter_differs,
          "differs: the meter took the write of " + dlt::di_to_string(item.di) + " but holds " +
              (back ? meters::to_hex(*back) : std::string("nothing")) + " [endpoint=" + o.endpoint +
              ", wrote=" + meters::to_hex(item.data) + ", written=" + std::to_string(s.written) +
              " of " + std::to_string(s.total) + "]");
    }
    ++s.written;
    out += "ok " + dlt::di_to_string(item.di) + " " + item.what + "\n";
  }
  out += "wrote and read back " + std::to_string(s.written) + " items\n";
  return out;
}

std::string describe_switch(meter_session& s, std::uint32_t di, const char* what) {
  const auto b = s.read(di);
  if (!b) return std::string(what) + ": not held\n";
  const auto t = dlt::decode_switch_time(*b);
  if (!t) return std::string(what) + ": " + meters::to_hex(*b) + " (not a time)\n";
  if (!*t.value) return std::string(what) + ": none pending\n";
  return std::string(what) + ": " + t.value->value().to_string().substr(0, 16) + "\n";
}

std::string run_verify(const dlt645_options& o) {
  const auto address = parse_address(o.address);
  const auto in = load_tou(o, true);
  const auto set = o.set == 1 ? dlt::table_set::first : dlt::table_set::second;
  meter_session s(o, address);
  dlt::item_map items;
  const auto take = [&](std::uint32_t di) {
    if (auto b = s.read(di)) items[di] = std::move(*b);
  };
  take(dlt::year_zone_table_di(set));
  if (!items.count(dlt::year_zone_table_di(set))) {
    throw command_failure(exit_meter_differs,
                          "differs: the meter holds no year time-zone table of the " +
                              std::string(to_string(set)) + " set (" +
                              dlt::di_to_string(dlt::year_zone_table_di(set)) +
                              ") [endpoint=" + o.endpoint + "]");
  }
  take(dlt::holiday_count_di);
  if (items.count(dlt::holiday_count_di)) {
    const auto n = dlt::decode_count(items[dlt::holiday_count_di]);
    for (int i = 1; n && i <= *n.value; ++i) take(dlt::public_holiday_di(i));
  }
  take(dlt::weekend_character_di);
  take(dlt::weekend_table_di);
  for (int n = 1; n <= 8; ++n) {
    bool used = false;
    const auto z =
        items.count(dlt::year_zone_table_di(set))
            ? dlt::decode_zone_table(items[dlt::year_zone_table_di(set)])
            : decode_result<std::vector<dlt::zone_row>>::failure(decode_status::need_more);
    if (z) {
      for (const auto& r : *z.value) used = used || r.table == n;
    }
    for (int i = 1; i <= 254 && !used; ++i) {
      const auto it = items.find(dlt::public_holiday_di(i));
      if (it == items.end()) break;
      const auto h = dlt::decode_holiday(it->second);
      used = h && h.value->table == n;
    }
    if (items.count(dlt::weekend_character_di) &&
        (items[dlt::weekend_character_di][0] & dlt::no_rest_days) != dlt::no_rest_days &&
        items.count(dlt::weekend_table_di)) {
      const auto w = dlt::decode_count(items[dlt::weekend_table_di]);
      used = used || (w && *w.value == n);
    }
    if (used) take(dlt::daily_table_di(set, n));
  }
  const auto tables = dlt::tou_tables_from_items(set, items);
  if (!tables) {
    throw command_failure(exit_meter_differs,
                          "differs: the meter's tables of the " + std::string(to_string(set)) +
                              " set do not decode: " + std::string(to_string(tables.status)) +
                              " [endpoint=" + o.endpoint + "]");
  }
  const auto& t = *tables.value;
  std::size_t held = 0;
  for (const auto& d : t.daily_tables) held += d.empty() ? 0u : 1u;
  std::size_t zones = 0;  // rows repeated to pad the table count once
  for (std::size_t i = 0; i < t.zones.size(); ++i) {
    if (i == 0 || t.zones[i] != t.zones[i - 1]) ++zones;
  }
  std::string out = "# meter " + address.to_string() + " at " + o.endpoint + ", " +
                    std::string(to_string(set)) + " set: " + std::to_string(zones) +
                    " year time zones, " + std::to_string(held) + " daily tables, " +
                    std::to_string(t.holidays.size()) + " public holidays\n";
  out += "# " + describe_switch(s, dlt::zone_switch_time_di, "switch-over of the year time zones");
  out += "# " + describe_switch(s, dlt::daily_switch_time_di, "switch-over of the daily tables");
  const auto cmp = st::compare(*in.schedule, in.holidays, t, *in.range);
  const std::string span =
      calendar::format_date(in.range->first) + " to " + calendar::format_date(in.range->last);
  if (!cmp.matches()) {
    const auto& d = cmp.differences.front();
    const auto& regs = in.schedule->registers();
    throw command_failure(
        exit_meter_differs,
        "differs: the " + std::string(to_string(set)) + " set does not give " +
            in.schedule->name() + "'s registers on " + std::to_string(cmp.differences.size()) +
            " of " + std::to_string(cmp.days) + " days from " + span + "; first on " +
            calendar::format_date(d.day) + " at " + tariff::format_minute_of_day(d.minute) +
            ": expected " + regs.name_of(d.expected) + " (T" + std::to_string(d.expected) +
            "), found " + regs.name_of(d.found) + " (T" + std::to_string(d.found) +
            ") [endpoint=" + o.endpoint + "]");
  }
  out += "ok: the " + std::string(to_string(set)) + " set gives " + in.schedule->name() +
         "'s register on every minute from " + span + " (" + std::to_string(cmp.days) + " days)\n";
  return out;
}
#endif

struct cjt188_options {
  std::string address;
  std::string type = "10";
  std::string profile = "cjt188-2004";
  std::string prices;
  std::string volumes;
  int start_day = 1;
  int settlement_day = 0;
  int ser = 0;
};

std::string run_cjt188(const cjt188_options& o) {
  const auto* prof = cj::find_profile(o.profile);
  if (prof == nullptr) {
    throw error(errc::not_found, "unknown CJ/T 188 profile",
                {{"option", "--profile"}, {"text", o.profile}});
  }
  const auto addr = cj::address::parse(o.address);
  if (!addr) {
    throw error(errc::parse, "not a CJ/T 188 address (14 hex digits, A6..A0)",
                {{"option", "--address"}, {"text", o.address}});
  }
  const auto type = meters::parse_hex(o.type);
  if (!type || type->size() != 1) {
    throw error(errc::parse, "not a meter type (two hex digits, 10 = cold water)",
                {{"option", "--type"}, {"text", o.type}});
  }
  if (o.prices.empty() && o.settlement_day == 0) {
    throw error(errc::invalid_argument,
                "nothing to write: give --prices P1[,P2,P3] and/or --settlement-day D");
  }
  const auto ser = static_cast<std::uint8_t>(o.ser);
  std::string out;
  if (!o.prices.empty()) {
    std::vector<volume_price> prices;
    std::stringstream ps(o.prices);
    for (std::string item; std::getline(ps, item, ',');) {
      const auto v = volume_price::try_parse(item);
      if (!v) throw error(errc::parse, "not a price", {{"option", "--prices"}, {"text", item}});
      prices.push_back(*v);
    }
    std::vector<volume> bounds;
    std::stringstream vs(o.volumes);
    for (std::string item; std::getline(vs, item, ',');) {
      const auto v = volume::try_parse(item);
      if (!v) throw error(errc::parse, "not a volume", {{"option", "--volumes"}, {"text", item}});
      bounds.push_back(*v);
    }
    cj::price_table t;
    if (prices.size() == 1 && bounds.empty()) {
      t = cj::price_table::flat(prices[0], o.start_day);
    } else if (prices.size() == 3 && bounds.size() == 2) {
      t = {{prices[0], prices[1], prices[2]}, {bounds[0], bounds[1]}, o.start_day};
    } else {
      throw error(
          errc::invalid_argument,
          "a CJ/T 188 price table is one price, or three prices and two volumes",
          {{"prices", std::to_string(prices.size())}, {"volumes", std::to_string(bounds.size())}});
    }
    out += "# A010 price table: " + t.prices[0].to_string(2) + " up to " +
           t.bounds[0].to_string(0) + " m3, " + t.prices[1].to_string(2) + " up to " +
           t.bounds[1].to_string(0) + " m3, " + t.prices[2].to_string(2) + " above; from day " +
           std::to_string(t.start_day) + "\n";
    out += meters::to_hex(cj::price_table_request(*prof, (*type)[0], *addr, ser, t)) + "\n";
    out += "# 8102 read the price table back\n";
    out += meters::to_hex(cj::read_data(*prof, (*type)[0], *addr, ser, cj::di::price_table)) + "\n";
  }
  if (o.settlement_day != 0) {
    out += "# A011 settlement day " + std::to_string(o.settlement_day) + "\n";
    out += meters::to_hex(
               cj::settlement_day_request(*prof, (*type)[0], *addr, ser, o.settlement_day)) +
           "\n";
    out += "# 8103 read the settlement day back\n";
    out +=
        meters::to_hex(cj::read_data(*prof, (*type)[0], *addr, ser, cj::di::settlement_day)) + "\n";
  }
  return out;
}

void add_plan_options(CLI::App* c, dlt645_options& o, bool offline) {
  c->add_option("--address", o.address, "Meter address, 12 digits (A5..A0)")->required();
  c->add_option("--tou", o.tou, "TOU schedule file (submeter-tou-v1)");
  c->add_option("--calendar", o.calendar,
                "Holiday calendar file (submeter-calendar-v1); without one, days by weekday");
  c->add_option("--from", o.from, "First date of the tables (default: the --switch-at date)");
  c->add_option("--to", o.to, "Last date (default: a year after --from, less a day)");
  c->add_option("--set", o.set, "The set to write: 1 (第一套) or 2 (第二套)")
      ->check(CLI::IsMember({1, 2}))
      ->capture_default_str();
  c->add_option("--switch-at", o.switch_at,
                "Switch-over to the set at this local time, YYYY-MM-DD HH:MM (04000106/07/08/09)");
  if (offline) {
    c->add_option("--year-zones", o.year_zones, "Year time zones the meter holds (04000201)")
        ->check(CLI::Range(1, 14))
        ->capture_default_str();
    c->add_option("--day-tables", o.day_tables, "Daily tables the meter holds (04000202)")
        ->check(CLI::Range(1, 8))
        ->capture_default_str();
    c->add_option("--day-periods", o.day_periods, "Periods a daily table holds (04000203)")
        ->check(CLI::Range(1, 14))
        ->capture_default_str();
    c->add_option("--tariffs", o.tariffs, "Tariffs the meter uses (04000204)")
        ->check(CLI::Range(1, 63))
        ->capture_default_str();
  }
}

void add_write_options(CLI::App* c, dlt645_options& o) {
  c->add_option("--prices", o.prices,
                "Price version file (submeter-price-change-v1): rate prices, tier prices");
  c->add_option("--ladder-bounds", o.ladder_bounds,
                "Ladder bounds in kWh for tier prices (2760,4800)");
  c->add_option("--password-level", o.password_level, "Password level PA, 2 hex digits")
      ->capture_default_str();
  c->add_option("--password", o.password, "Password P2P1P0, 6 hex digits")->capture_default_str();
  c->add_option("--operator", o.operator_code, "Operator code C3..C0, 8 hex digits")
      ->capture_default_str();
}

#ifdef SUBMETER_CLI_WITH_MODBUS
void add_link_options(CLI::App* c, dlt645_options& o) {
  c->add_option("endpoint", o.endpoint,
                "tcp://HOST:PORT (a serial server) or rtu:///dev/ttyUSB0?baud=2400&parity=E")
      ->required();
  c->add_option("--timeout-ms", o.timeout_ms, "Response timeout, ms")
      ->check(CLI::Range(1, 60000))
      ->capture_default_str();
  c->add_option("--retries", o.retries, "Extra attempts after a timeout")
      ->check(CLI::Range(0, 10))
      ->capture_default_str();
}
#endif

}  // namespace

void add_configure_command(CLI::App& app, context& ctx) {
  auto* configure = app.add_subcommand(
      "configure", "Settings out to prepaid meters: TOU tables, prices, ladders (定时下发)");
  configure->require_subcommand(1);
  auto d = std::make_shared<dlt645_options>();
  auto* dlt645 = configure->add_subcommand(
      "dlt645", "Print the DL/T 645-2007 write frames of a TOU schedule, prices and a ladder");
  add_plan_options(dlt645, *d, true);
  add_write_options(dlt645, *d);
  dlt645->add_option("--format", d->format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  auto c = std::make_shared<cjt188_options>();
  auto* cjt188 = configure->add_subcommand(
      "cjt188", "Print the CJ/T 188 price table (A010) and settlement day (A011) frames");
  cjt188->add_option("--address", c->address, "Meter address, 14 hex digits (A6..A0)")->required();
  cjt188->add_option("--type", c->type, "Meter type T, 2 hex digits (10 cold water)")
      ->capture_default_str();
  cjt188->add_option("--profile", c->profile, "Vendor profile (cjt188-2004, cjt188-2018, …)")
      ->capture_default_str();
  cjt188->add_option("--prices", c->prices, "One price, or three (yuan/m3, 2 places)");
  cjt188->add_option("--volumes", c->volumes, "The two volume bounds of three prices (m3)");
  cjt188->add_option("--start-day", c->start_day, "Day of the month the prices take effect")
      ->check(CLI::Range(1, 31))
      ->capture_default_str();
  cjt188->add_option("--settlement-day", c->settlement_day, "Settlement day to write (1..31)")
      ->check(CLI::Range(1, 31));
  cjt188->add_option("--ser", c->ser, "Frame sequence number SER")
      ->check(CLI::Range(0, 255))
      ->capture_default_str();
#ifdef SUBMETER_CLI_WITH_MODBUS
  auto s = std::make_shared<dlt645_options>();
  auto* send = configure->add_subcommand(
      "send", "Write the DL/T 645 items to a meter and read each back (counts from the meter)");
  add_link_options(send, *s);
  add_plan_options(send, *s, false);
  add_write_options(send, *s);
  auto v = std::make_shared<dlt645_options>();
  auto* verify = configure->add_subcommand(
      "verify", "Read a DL/T 645 meter's set back and compare it with a TOU schedule");
  add_link_options(verify, *v);
  add_plan_options(verify, *v, false);
#endif
  ctx.add(*dlt645, [d](std::ostream& out) { out << run_dlt645(*d); });
  ctx.add(*cjt188, [c](std::ostream& out) { out << run_cjt188(*c); });
#ifdef SUBMETER_CLI_WITH_MODBUS
  ctx.add(*send, [s](std::ostream& out) { out << run_send(*s); });
  ctx.add(*verify, [v](std::ostream& out) { out << run_verify(*v); });
#endif
}

}  // namespace submeter::cli
