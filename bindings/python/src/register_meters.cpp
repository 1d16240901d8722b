// submeter.meters: the meter protocol codecs (DL/T 645, CJ/T 188, Modbus), register maps and
// ADF400L slave ids. Bytes in and out as `bytes`; values out as decimal.Decimal (exact text);
// a frame the codec refuses raises submeter.meters.DecodeError (a ValueError with `status`).
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "convert.hpp"
#include "io/register_map_json.hpp"
#include "submeter/meters/cjt188.hpp"
#include "submeter/meters/dlt645.hpp"
#include "submeter/meters/hex.hpp"
#include "submeter/meters/modbus.hpp"
#include "submeter/meters/settings.hpp"

namespace py = pybind11;

namespace submeter::python {

namespace {

namespace dlt = meters::dlt645;
namespace cj = meters::cjt188;
namespace mb = meters::modbus;

/// A refused frame: carried to Python as DecodeError(status, consumed).
struct decode_failure {
  decode_status status;
  std::size_t consumed;
  std::string what;
};

PyObject* decode_error_type = nullptr;

[[noreturn]] void fail(decode_status s, std::size_t consumed, const std::string& what) {
  throw decode_failure{s, consumed, std::string(to_string(s)) + ": " + what};
}

std::vector<std::uint8_t> bytes_in(const py::bytes& b) {
  const std::string s = b;
  return {s.begin(), s.end()};
}

py::bytes bytes_out(meters::byte_span b) {
  return py::bytes(reinterpret_cast<const char*>(b.data()), b.size());
}

py::object scaled(const meters::scaled_value& v) { return make_decimal(v.to_string()); }

py::object optional_scaled(const std::optional<meters::scaled_value>& v) {
  return v ? scaled(*v) : py::none();
}

meters::scaled_value scaled_in(py::handle v, const char* what) {
  const auto text = decimal_text(v, what);
  const auto s = meters::scaled_value::parse(text);
  if (!s) {
    throw error(errc::parse, "not an exact decimal with at most 18 places",
                {{"field", what}, {"text", text}});
  }
  return *s;
}

/// A meter_reading as Python sees it.
struct py_reading {
  meters::meter_reading r;
};

dlt::address address_in(const std::string& text) {
  const auto a = dlt::address::parse(text);
  if (!a) {
    throw error(errc::parse, "not a DL/T 645 address (12 hex digits, A5..A0)", {{"text", text}});
  }
  return *a;
}

/// A decoded DL/T 645 frame.
struct py_dlt645_frame {
  dlt::frame f;
};

/// A decoded DL/T 645 read reply.
struct py_dlt645_read {
  dlt::read_response r;
  dlt::edition ed;
};

py::object item_value(const dlt::item_value& v) {
  switch (v.kind) {
    case dlt::value_kind::number:
      return scaled(v.number);
    case dlt::value_kind::text:
    case dlt::value_kind::clock:
      return py::str(v.to_string());
    case dlt::value_kind::absent:
      break;
  }
  return py::none();
}

dlt::edition edition_in(const std::string& e) {
  if (e == "2007") return dlt::edition::v2007;
  if (e == "1997") return dlt::edition::v1997;
  throw error(errc::invalid_argument, "edition must be \"2007\" or \"1997\"", {{"edition", e}});
}

/// Encodes a read reply (91) for `di` carrying `values` in its catalogue format (numbers only).
std::vector<std::uint8_t> dlt645_read_reply(const std::string& address, std::uint32_t di,
                                            const std::vector<py::object>& values,
                                            std::size_t preamble) {
  const auto* entry = dlt::find_di(di);
  if (entry == nullptr) {
    throw error(errc::not_found, "a DI not in the catalogue", {{"di", std::to_string(di)}});
  }
  std::vector<std::uint8_t> data;
  dlt::detail::push_di(data, di);
  for (std::size_t i = 0; i < values.size(); ++i) {
    const auto& f = entry->fields[i % entry->field_count];
    const auto v = scaled_in(values[i], "value");
    const auto bytes = dlt::encode_number(v, f);
    if (!bytes) {
      throw error(errc::invalid_argument, "a value that does not fit the item's format",
                  {{"value", v.to_string()},
                   {"bytes", std::to_string(f.size)},
                   {"decimals", std::to_string(f.decimals)}});
    }
    data.insert(data.end(), bytes->begin(), bytes->end());
  }
  return dlt::encode(address_in(address), dlt::control::reply_to(dlt::function::read), data,
                     preamble);
}

/// A decoded CJ/T 188 frame.
struct py_cjt188_frame {
  cj::frame f;
  const cj::profile* p;
};

py::dict measured(const cj::measured& m) {
  py::dict d;
  d["value"] = optional_scaled(m.value);
  d["unit"] = std::string(cj::unit_symbol(m.unit));
  d["unit_code"] = m.unit;
  return d;
}

py::object clock(const meters::clock_value& c) {
  return c.ok() ? py::object(py::str(c.to_string())) : py::object(py::none());
}

std::string valve(cj::valve_state v) {
  switch (v) {
    case cj::valve_state::open:
      return "open";
    case cj::valve_state::closed:
      return "closed";
    case cj::valve_state::abnormal:
      return "abnormal";
    default:
      return "unknown";
  }
}

py::object cjt188_metering(const py_cjt188_frame& x) {
  const auto msg = cj::decode_message(x.f, *x.p);
  if (!msg || !x.f.control.is_reply() || !cj::is_metering_di(msg.value->di)) return py::none();
  py::dict d;
  if (cj::family_of(x.f.meter_type) == cj::meter_family::heat) {
    const auto h = cj::decode_heat_reply(x.f, *x.p);
    if (!h) fail(h.status, 0, "CJ/T 188 heat meter reply");
    d["settlement_heat"] = measured(h.value->settlement_heat);
    d["current_heat"] = measured(h.value->current_heat);
    d["heat_power"] = measured(h.value->heat_power);
    d["flow_rate"] = measured(h.value->flow_rate);
    d["cumulative_flow"] = measured(h.value->cumulative_flow);
    d["supply_temperature"] = optional_scaled(h.value->supply_temperature);
    d["return_temperature"] = optional_scaled(h.value->return_temperature);
    d["working_hours"] = optional_scaled(h.value->working_hours);
    d["time"] = clock(h.value->time);
    d["valve"] = valve(h.value->status.valve);
    d["battery_low"] = h.value->status.battery_low;
  } else {
    const auto w = cj::decode_water_reply(x.f, *x.p);
    if (!w) fail(w.status, 0, "CJ/T 188 water/gas meter reply");
    d["current_flow"] = measured(w.value->current_flow);
    d["settlement_flow"] = measured(w.value->settlement_flow);
    d["time"] = clock(w.value->time);
    d["valve"] = valve(w.value->status.valve);
    d["battery_low"] = w.value->status.battery_low;
  }
  return d;
}

/// A decoded Modbus RTU or TCP frame, flattened.
py::dict modbus_pdu(const mb::request& r) {
  py::dict d;
  std::visit(
      [&](const auto& p) {
        using T = std::decay_t<decltype(p)>;
        if constexpr (std::is_same_v<T, mb::read_request>) {
          d["function"] = p.function;
          d["start"] = p.start;
          d["quantity"] = p.quantity;
        } else if constexpr (std::is_same_v<T, mb::write_single>) {
          d["function"] = p.function;
          d["address"] = p.address;
          d["value"] = p.value;
        } else if constexpr (std::is_same_v<T, mb::write_registers_request>) {
          d["function"] = 0x10;
          d["start"] = p.start;
          d["values"] = p.values;
        } else {
          d["function"] = 0x17;
          d["read_start"] = p.read_start;
          d["read_quantity"] = p.read_quantity;
          d["write_start"] = p.write_start;
          d["values"] = p.values;
        }
      },
      r);
  return d;
}

py::dict modbus_pdu(const mb::response& r) {
  py::dict d;
  std::visit(
      [&](const auto& p) {
        using T = std::decay_t<decltype(p)>;
        if constexpr (std::is_same_v<T, mb::registers_response>) {
          d["function"] = p.function;
          d["registers"] = p.registers;
        } else if constexpr (std::is_same_v<T, mb::bits_response>) {
          d["function"] = p.function;
          d["bits"] = bytes_out(p.bytes);
        } else if constexpr (std::is_same_v<T, mb::write_single>) {
          d["function"] = p.function;
          d["address"] = p.address;
          d["value"] = p.value;
        } else if constexpr (std::is_same_v<T, mb::write_multiple_response>) {
          d["function"] = p.function;
          d["start"] = p.start;
          d["quantity"] = p.quantity;
        } else {
          d["function"] = p.function;
          d["exception_code"] = p.code;
        }
      },
      r);
  return d;
}

std::vector<std::uint16_t> registers_in(const std::vector<long long>& regs) {
  std::vector<std::uint16_t> out;
  out.reserve(regs.size());
  for (const auto r : regs) {
    if (r < 0 || r > 0xFFFF) {
      throw error(errc::invalid_argument, "a register is a 16-bit value (0..65535)",
                  {{"value", std::to_string(r)}});
    }
    out.push_back(static_cast<std::uint16_t>(r));
  }
  return out;
}

// ==== settings out (issue 19): TOU tables, prices and ladders written to meters ==============
// DL/T 645 write items of a schedule, prices and a ladder for one set (the frames `submeter
// configure dlt645` prints), a meter's tables decoded from the items read back and compared with
// a schedule, the answers to writes; CJ/T 188 price table and settlement day.

/// One item to write to a meter, with its frame.
struct py_dlt645_write {
  dlt::write_item item;
  std::vector<std::uint8_t> frame;
};

/// A meter's TOU tables of one set, decoded.
struct py_dlt645_tou {
  dlt::tou_tables t;
};

date::local_days day_in(const std::string& text, const char* what) {
  const auto t = try_parse_local_time(text + " 00:00");
  if (!t) throw error(errc::parse, "not a date (YYYY-MM-DD)", {{"field", what}, {"text", text}});
  return date::floor<date::days>(*t);
}

std::optional<meters::clock_value> switch_in(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  const auto t = try_parse_local_time(*text);
  if (!t) {
    throw error(errc::parse, "not a local time (YYYY-MM-DD HH:MM)",
                {{"field", "switch_at"}, {"text", *text}});
  }
  return dlt::to_clock_value(*t);
}

dlt::table_set set_in(int set) {
  if (set != 1 && set != 2) {
    throw error(errc::invalid_argument, "set is 1 or 2", {{"set", std::to_string(set)}});
  }
  return set == 1 ? dlt::table_set::first : dlt::table_set::second;
}

std::vector<py_dlt645_write> writes_out(const std::vector<dlt::write_item>& items,
                                        const std::string& address,
                                        const dlt::write_credentials& c) {
  const auto a = address_in(address);
  std::vector<py_dlt645_write> out;
  for (const auto& i : items) out.push_back({i, dlt::write_frame(a, i, c)});
  return out;
}

py::list rows_out(const std::vector<dlt::zone_row>& rows) {
  py::list l;
  for (const auto& r : rows) l.append(py::make_tuple(r.month, r.day, r.table));
  return l;
}

std::string minute_text(int minute) { return tariff::format_minute_of_day(minute); }

void register_meter_settings(py::module_& m) {
  py::class_<py_dlt645_write>(m, "Dlt645Write",
                              "One DL/T 645 item to write: its DI, data, what it holds, frame.")
      .def_property_readonly("di", [](const py_dlt645_write& w) { return w.item.di; })
      .def_property_readonly("what", [](const py_dlt645_write& w) { return w.item.what; })
      .def_property_readonly(
          "data", [](const py_dlt645_write& w) { return bytes_out(w.item.data); },
          "The item data, plain (before +0x33), low byte first.")
      .def_property_readonly(
          "frame", [](const py_dlt645_write& w) { return bytes_out(w.frame); },
          "The write frame (14) with password and operator code, 4 FE bytes first.")
      .def("__repr__", [](const py_dlt645_write& w) {
        return "<Dlt645Write " + dlt::di_to_string(w.item.di) + " " + w.item.what + ">";
      });

  m.def(
      "dlt645_tou_writes",
      [](const tariff::tou_schedule& schedule, const std::string& address, const std::string& start,
         const std::optional<std::string>& end, const calendar::holiday_calendar* holidays, int set,
         const std::optional<std::string>& switch_at, const std::string& password_level,
         const std::string& password, const std::string& operator_code, int year_zones,
         int day_tables, int day_periods, int tariffs) {
        const auto creds = dlt::write_credentials::parse(password_level, password, operator_code);
        auto range = meters::settings::date_range::one_year_from(day_in(start, "start"));
        if (end) range.last = day_in(*end, "end");
        dlt::meter_capacity cap;
        cap.year_zones = year_zones;
        cap.daily_tables = day_tables;
        cap.daily_periods = day_periods;
        cap.tariffs = tariffs;
        const calendar::holiday_calendar none;
        const auto mapping =
            meters::settings::map_schedule(schedule, holidays ? *holidays : none, range, cap);
        const auto items =
            dlt::tou_write_items(mapping.tables, {set_in(set), cap, switch_in(switch_at)});
        return py::make_tuple(writes_out(items, address, creds), warnings_to_py(mapping.warnings));
      },
      py::arg("schedule"), py::kw_only(), py::arg("address"), py::arg("start"),
      py::arg("end") = py::none(), py::arg("calendar") = nullptr, py::arg("set") = 2,
      py::arg("switch_at") = py::none(), py::arg("password_level") = "02",
      py::arg("password") = "000000", py::arg("operator") = "00000000", py::arg("year_zones") = 14,
      py::arg("day_tables") = 8, py::arg("day_periods") = 14, py::arg("tariffs") = 4,
      "The DL/T 645 writes that put `schedule` into one set of meter `address` for the dates "
      "from `start` (YYYY-MM-DD) to `end` (default a year less a day), with holidays from "
      "`calendar`, and the switch-over at `switch_at` (YYYY-MM-DD HH:MM): (writes, warnings). "
      "submeter.Error names the limit (04000201..05) a meter with these counts cannot hold.");
  m.def(
      "dlt645_price_writes",
      [](const std::map<int, py::object>& prices, const std::string& address, int set,
         const std::optional<std::string>& switch_at, int tariffs,
         const std::string& password_level, const std::string& password,
         const std::string& operator_code) {
        const auto creds = dlt::write_credentials::parse(password_level, password, operator_code);
        std::vector<std::pair<int, energy_price>> p;
        for (const auto& [tariff_number, price] : prices) {
          p.emplace_back(tariff_number, to_decimal<energy_price>(price, "price"));
        }
        return writes_out(
            dlt::rate_price_write_items(p, set_in(set), tariffs, switch_in(switch_at)), address,
            creds);
      },
      py::arg("prices"), py::kw_only(), py::arg("address"), py::arg("set") = 2,
      py::arg("switch_at") = py::none(), py::arg("tariffs") = 4, py::arg("password_level") = "02",
      py::arg("password") = "000000", py::arg("operator") = "00000000",
      "The writes of a set's rate prices {tariff: Decimal yuan/kWh} (040501kk/040502kk), then "
      "the price switch-over (04000108) when `switch_at` is given.");
  m.def(
      "dlt645_ladder_writes",
      [](const std::vector<py::object>& bounds, const std::vector<py::object>& prices,
         const std::string& address, int set, const std::optional<std::string>& switch_at,
         const std::string& password_level, const std::string& password,
         const std::string& operator_code) {
        const auto creds = dlt::write_credentials::parse(password_level, password, operator_code);
        std::vector<energy> b;
        for (const auto& x : bounds) b.push_back(to_decimal<energy>(x, "bound"));
        std::vector<energy_price> p;
        for (const auto& x : prices) p.push_back(to_decimal<energy_price>(x, "price"));
        return writes_out(dlt::ladder_write_items(b, p, set_in(set), switch_in(switch_at)), address,
                          creds);
      },
      py::arg("bounds"), py::arg("prices"), py::kw_only(), py::arg("address"), py::arg("set") = 2,
      py::arg("switch_at") = py::none(), py::arg("password_level") = "02",
      py::arg("password") = "000000", py::arg("operator") = "00000000",
      "The writes of a set's ladder: bounds (kWh) 040600nn/040602nn, one price more "
      "040601nn/040603nn, then the ladder switch-over (04000109) when `switch_at` is given.");
  m.def(
      "decode_dlt645_write_reply",
      [](const py::bytes& data) {
        const auto b = bytes_in(data);
        const auto f = dlt::decode(b);
        if (!f) fail(f.status, f.consumed, "DL/T 645 frame");
        const auto r = dlt::decode_write_reply(*f.value);
        if (!r) fail(r.status, f.consumed, "DL/T 645 write answer");
        py::dict d;
        d["address"] = r.value->address.to_string();
        d["accepted"] = r.value->accepted();
        d["errors"] = r.value->error ? r.value->error->names() : std::vector<std::string>{};
        return d;
      },
      py::arg("data"),
      "A meter's answer to a write: {'address', 'accepted', 'errors'} ('unauthorised' for a "
      "wrong password, 'too_many_year_zones', …).");

  py::class_<py_dlt645_tou>(m, "Dlt645TouTables",
                            "The TOU tables of one set of a DL/T 645 meter, as read back.")
      .def_property_readonly(
          "zones", [](const py_dlt645_tou& x) { return rows_out(x.t.zones); },
          "Year time zones as (month, day, daily table) tuples, as held (padding included).")
      .def_property_readonly(
          "daily_tables",
          [](const py_dlt645_tou& x) {
            py::dict d;
            for (std::size_t n = 0; n < x.t.daily_tables.size(); ++n) {
              if (x.t.daily_tables[n].empty()) continue;
              py::list l;
              for (const auto& r : x.t.daily_tables[n]) {
                l.append(py::make_tuple(minute_text(r.start()), r.tariff));
              }
              d[py::int_(n + 1)] = l;
            }
            return d;
          },
          "{table: [('HH:MM', tariff), …]}.")
      .def_property_readonly(
          "holidays",
          [](const py_dlt645_tou& x) {
            py::list l;
            for (const auto& h : x.t.holidays) {
              l.append(py::make_tuple(calendar::format_date(h.day), h.table));
            }
            return l;
          },
          "Public holidays as ('YYYY-MM-DD', daily table) tuples.")
      .def(
          "tariff_at",
          [](const py_dlt645_tou& x, const std::string& time) {
            const auto t = parse_local_time(time);
            const auto day = date::floor<date::days>(t);
            return x.t.tariff_on(day,
                                 static_cast<int>((t - local_time{day}) / std::chrono::minutes{1}));
          },
          py::arg("time"), "The tariff the meter uses at a local time 'YYYY-MM-DD HH:MM'.")
      .def(
          "compare",
          [](const py_dlt645_tou& x, const tariff::tou_schedule& schedule, const std::string& start,
             const std::optional<std::string>& end, const calendar::holiday_calendar* holidays) {
            auto range = meters::settings::date_range::one_year_from(day_in(start, "start"));
            if (end) range.last = day_in(*end, "end");
            const calendar::holiday_calendar none;
            const auto c =
                meters::settings::compare(schedule, holidays ? *holidays : none, x.t, range);
            py::list l;
            for (const auto& d : c.differences) {
              py::dict e;
              e["day"] = calendar::format_date(d.day);
              e["time"] = minute_text(d.minute);
              e["expected"] = d.expected;
              e["found"] = d.found;
              l.append(e);
            }
            return l;
          },
          py::arg("schedule"), py::kw_only(), py::arg("start"), py::arg("end") = py::none(),
          py::arg("calendar") = nullptr,
          "The dates on which the meter's tables do not give `schedule`'s register, each with "
          "its first differing minute: [{'day', 'time', 'expected', 'found'}]; empty when "
          "they agree on every minute.");
  m.def(
      "decode_dlt645_tou_tables",
      [](const std::map<std::uint32_t, py::bytes>& items, int set) {
        dlt::item_map in;
        for (const auto& [di, data] : items) in[di] = bytes_in(data);
        const auto t = dlt::tou_tables_from_items(set_in(set), in);
        if (!t) fail(t.status, 0, "DL/T 645 TOU tables");
        return py_dlt645_tou{*t.value};
      },
      py::arg("items"), py::arg("set") = 2,
      "A set's tables from items read back, {DI: data bytes} (the zone table, the daily tables "
      "it uses, 04000205 and the holidays, 04000801/02); DecodeError need_more when an item "
      "they need is missing.");

  m.def(
      "cjt188_price_table_request",
      [](const std::string& address, const std::vector<py::object>& prices,
         const std::vector<py::object>& volumes, int start_day, int meter_type, int ser,
         const std::string& profile) {
        const auto* p = cj::find_profile(profile);
        if (p == nullptr)
          throw error(errc::not_found, "unknown CJ/T 188 profile", {{"profile", profile}});
        const auto a = cj::address::parse(address);
        if (!a)
          throw error(errc::parse, "not a CJ/T 188 address (14 hex digits)", {{"text", address}});
        std::vector<volume_price> pr;
        for (const auto& x : prices) pr.push_back(to_decimal<volume_price>(x, "price"));
        std::vector<volume> vo;
        for (const auto& x : volumes) vo.push_back(to_decimal<volume>(x, "volume"));
        cj::price_table t;
        if (pr.size() == 1 && vo.empty()) {
          t = cj::price_table::flat(pr[0], start_day);
        } else if (pr.size() == 3 && vo.size() == 2) {
          t = {{pr[0], pr[1], pr[2]}, {vo[0], vo[1]}, start_day};
        } else {
          throw error(errc::invalid_argument,
                      "a CJ/T 188 price table is one price, or three prices and two volumes");
        }
        return bytes_out(cj::price_table_request(*p, static_cast<std::uint8_t>(meter_type), *a,
                                                 static_cast<std::uint8_t>(ser), t));
      },
      py::arg("address"), py::arg("prices"), py::arg("volumes") = std::vector<py::object>{},
      py::kw_only(), py::arg("start_day") = 1, py::arg("meter_type") = 0x10, py::arg("ser") = 0,
      py::arg("profile") = "cjt188-2004",
      "The A010 price table write: one price, or three (yuan/m3) and two volume bounds (m3).");
  m.def(
      "cjt188_settlement_day_request",
      [](const std::string& address, int day, int meter_type, int ser, const std::string& profile) {
        const auto* p = cj::find_profile(profile);
        if (p == nullptr)
          throw error(errc::not_found, "unknown CJ/T 188 profile", {{"profile", profile}});
        const auto a = cj::address::parse(address);
        if (!a)
          throw error(errc::parse, "not a CJ/T 188 address (14 hex digits)", {{"text", address}});
        return bytes_out(cj::settlement_day_request(*p, static_cast<std::uint8_t>(meter_type), *a,
                                                    static_cast<std::uint8_t>(ser), day));
      },
      py::arg("address"), py::arg("day"), py::kw_only(), py::arg("meter_type") = 0x10,
      py::arg("ser") = 0, py::arg("profile") = "cjt188-2004",
      "The A011 settlement day write (day 1..31).");
  m.def(
      "decode_cjt188_setting",
      [](const py::bytes& data, const std::string& profile) {
        const auto* p = cj::find_profile(profile);
        if (p == nullptr)
          throw error(errc::not_found, "unknown CJ/T 188 profile", {{"profile", profile}});
        const auto b = bytes_in(data);
        const auto f = cj::decode(b);
        if (!f) fail(f.status, f.consumed, "CJ/T 188 frame");
        const auto r = cj::decode_setting_reply(*f.value, *p);
        if (!r) fail(r.status, f.consumed, "CJ/T 188 price table or settlement day answer");
        py::dict d;
        d["di"] = r.value->di;
        d["ser"] = r.value->ser;
        if (r.value->table) {
          py::list prices;
          for (const auto& x : r.value->table->prices) prices.append(to_py(x, 2));
          py::list volumes;
          for (const auto& x : r.value->table->bounds) volumes.append(to_py(x, 0));
          d["prices"] = prices;
          d["volumes"] = volumes;
          d["start_day"] = r.value->table->start_day == 0
                               ? py::object(py::none())
                               : py::object(py::int_(r.value->table->start_day));
        }
        if (r.value->settlement_day) d["settlement_day"] = *r.value->settlement_day;
        return d;
      },
      py::arg("data"), py::arg("profile") = "cjt188-2004",
      "A meter's answer to reading 8102 (price table) or 8103 (settlement day) as a dict.");
}

}  // namespace

void register_meters(py::module_& m) {
  static PyObject* type = PyErr_NewExceptionWithDoc(
      "submeter._core.meters.DecodeError",
      "A frame the codec refuses. A ValueError with `status` (\"bad_checksum\", \"need_more\", "
      "\"bad_value\", …) and `consumed` (bytes a stream reader may drop).",
      PyExc_ValueError, nullptr);
  if (type == nullptr) throw py::error_already_set();
  decode_error_type = type;
  m.attr("DecodeError") = py::handle(type);
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const decode_failure& e) {
      py::object exc = py::handle(decode_error_type)(e.what);
      exc.attr("status") = std::string(to_string(e.status));
      exc.attr("consumed") = e.consumed;
      PyErr_SetObject(decode_error_type, exc.ptr());
    }
  });

  // ---- shared ------------------------------------------------------------------------------
  m.def(
      "parse_hex",
      [](const std::string& text) {
        const auto b = meters::parse_hex(text);
        if (!b) throw error(errc::parse, "not hex bytes", {{"text", text}});
        return bytes_out(*b);
      },
      py::arg("text"), "Hex text (\"68 AA 16\", separators optional) to bytes.");
  m.def(
      "to_hex", [](const py::bytes& b) { return meters::to_hex(bytes_in(b)); }, py::arg("data"),
      "Bytes to upper-case hex separated by spaces.");

  py::class_<py_reading>(m, "MeterReading",
                         "A decoded energy reading: total and rate registers T1..T8 as the meter "
                         "shows them, and the PT x CT multiplier (protocols.md 2.4).")
      .def_property_readonly("total",
                             [](const py_reading& x) -> py::object {
                               return x.r.total ? to_py(*x.r.total) : py::none();
                             })
      .def_property_readonly(
          "rates",
          [](const py_reading& x) {
            py::dict d;
            for (int n = 1; n <= meters::max_rates; ++n) {
              if (const auto v = x.r.rate(n)) d[py::int_(n)] = to_py(*v);
            }
            return d;
          },
          "{register 1..8: Decimal kWh} (1 sharp, 2 peak, 3 flat, 4 valley).")
      .def_property_readonly("multiplier",
                             [](const py_reading& x) { return to_py(x.r.multiplier, 0); });

  // ---- DL/T 645 ----------------------------------------------------------------------------
  py::class_<py_dlt645_frame>(m, "Dlt645Frame", "A DL/T 645 frame (2007 or 1997 frame layer).")
      .def_property_readonly("address",
                             [](const py_dlt645_frame& x) { return x.f.address.to_string(); })
      .def_property_readonly("control", [](const py_dlt645_frame& x) { return x.f.control.code; })
      .def_property_readonly("function",
                             [](const py_dlt645_frame& x) { return x.f.control.function_code(); })
      .def_property_readonly("is_reply",
                             [](const py_dlt645_frame& x) { return x.f.control.is_reply(); })
      .def_property_readonly("is_abnormal",
                             [](const py_dlt645_frame& x) { return x.f.control.is_abnormal(); })
      .def_property_readonly("has_follow_up",
                             [](const py_dlt645_frame& x) { return x.f.control.has_follow_up(); })
      .def_property_readonly("preamble", [](const py_dlt645_frame& x) { return x.f.preamble; })
      .def_property_readonly(
          "data", [](const py_dlt645_frame& x) { return bytes_out(x.f.payload()); },
          "The data field, -0x33 applied (DI first, DI0 first).")
      .def_property_readonly("di", [](const py_dlt645_frame& x) -> py::object {
        if (x.f.length < 4) return py::none();
        std::uint32_t di = 0;
        for (std::size_t i = 4; i-- > 0;) di = di << 8 | x.f.data[i];
        return py::int_(di);
      });
  m.def(
      "decode_dlt645",
      [](const py::bytes& data) {
        const auto b = bytes_in(data);
        const auto f = dlt::decode(b);
        if (!f) fail(f.status, f.consumed, "DL/T 645 frame");
        if (f.consumed != b.size())
          fail(decode_status::bad_length, f.consumed, "bytes after the frame");
        return py_dlt645_frame{*f.value};
      },
      py::arg("data"), "Decodes one DL/T 645 frame (FE preamble allowed); DecodeError if refused.");
  m.def(
      "encode_dlt645",
      [](const std::string& address, int control, const py::bytes& data, std::size_t preamble) {
        if (control < 0 || control > 255) {
          throw error(errc::invalid_argument, "a control byte is 0..255",
                      {{"control", std::to_string(control)}});
        }
        return bytes_out(dlt::encode(address_in(address),
                                     dlt::control{static_cast<std::uint8_t>(control)},
                                     bytes_in(data), preamble));
      },
      py::arg("address"), py::arg("control"), py::arg("data"), py::arg("preamble") = 4,
      "Encodes a frame: address (A5..A0 hex), control byte, plain data (+0x33 applied here).");
  m.def(
      "dlt645_read_request",
      [](const std::string& address, std::uint32_t di, std::size_t preamble) {
        return bytes_out(dlt::read(address_in(address), di, preamble));
      },
      py::arg("address"), py::arg("di"), py::arg("preamble") = 4,
      "A 2007 read request (11) for data identifier `di` (e.g. 0x0001FF00).");
  m.def(
      "dlt645_read_reply",
      [](const std::string& address, std::uint32_t di, const std::vector<py::object>& values,
         std::size_t preamble) {
        return bytes_out(dlt645_read_reply(address, di, values, preamble));
      },
      py::arg("address"), py::arg("di"), py::arg("values"), py::arg("preamble") = 4,
      "A 2007 normal read reply (91) for a catalogued numeric DI carrying `values` (Decimal).");

  py::class_<py_dlt645_read>(m, "Dlt645Read", "A decoded DL/T 645 read reply.")
      .def_property_readonly("address",
                             [](const py_dlt645_read& x) { return x.r.address.to_string(); })
      .def_property_readonly("di", [](const py_dlt645_read& x) { return x.r.di; })
      .def_property_readonly("name",
                             [](const py_dlt645_read& x) -> py::object {
                               if (x.r.entry == nullptr) return py::none();
                               return py::str(std::string(x.r.entry->name));
                             })
      .def_property_readonly("unit",
                             [](const py_dlt645_read& x) -> py::object {
                               if (x.r.entry == nullptr) return py::none();
                               return py::str(std::string(x.r.entry->unit));
                             })
      .def_property_readonly(
          "values",
          [](const py_dlt645_read& x) {
            py::list l;
            for (const auto& v : x.r.values) l.append(item_value(v));
            return l;
          },
          "Decimal for numbers, str for text and clocks, None for FF fillers.")
      .def_property_readonly("raw", [](const py_dlt645_read& x) { return bytes_out(x.r.raw); })
      .def_property_readonly("error_bits",
                             [](const py_dlt645_read& x) -> py::object {
                               if (!x.r.error) return py::none();
                               return py::int_(x.r.error->bits);
                             })
      .def_property_readonly("not_supported",
                             [](const py_dlt645_read& x) { return x.r.not_supported(); })
      .def_property_readonly("more_follows",
                             [](const py_dlt645_read& x) { return x.r.more_follows; })
      .def(
          "reading",
          [](const py_dlt645_read& x, py::handle multiplier) {
            const auto r = dlt::to_reading(x.r, to_decimal<ratio>(multiplier, "multiplier"));
            if (!r) fail(r.status, 0, "not an energy reply");
            return py_reading{*r.value};
          },
          py::arg("multiplier") = 1,
          "The energy reading (0001FF00 block, one register, or 1997 901F) with PT x CT.");
  m.def(
      "decode_dlt645_read",
      [](const py::bytes& data, const std::string& edition) {
        const auto b = bytes_in(data);
        const auto f = dlt::decode(b);
        if (!f) fail(f.status, f.consumed, "DL/T 645 frame");
        const auto ed = edition_in(edition);
        const auto r = dlt::decode_read_response(*f.value, ed);
        if (!r) fail(r.status, f.consumed, "DL/T 645 read reply");
        return py_dlt645_read{*r.value, ed};
      },
      py::arg("data"), py::arg("edition") = "2007",
      "Decodes a read reply frame (91/B1/92/B2/D1; 1997: 81/C1).");

  // ---- CJ/T 188 ----------------------------------------------------------------------------
  py::class_<py_cjt188_frame>(m, "Cjt188Frame", "A CJ/T 188 frame read under a vendor profile.")
      .def_property_readonly("meter_type", [](const py_cjt188_frame& x) { return x.f.meter_type; })
      .def_property_readonly("address",
                             [](const py_cjt188_frame& x) { return x.f.address.to_string(); })
      .def_property_readonly("meter_number",
                             [](const py_cjt188_frame& x) { return x.f.address.meter_number(); })
      .def_property_readonly(
          "manufacturer_code",
          [](const py_cjt188_frame& x) { return x.f.address.manufacturer_code(); })
      .def_property_readonly("control", [](const py_cjt188_frame& x) { return x.f.control.code; })
      .def_property_readonly("is_reply",
                             [](const py_cjt188_frame& x) { return x.f.control.is_reply(); })
      .def_property_readonly("data",
                             [](const py_cjt188_frame& x) { return bytes_out(x.f.payload()); })
      .def_property_readonly("di",
                             [](const py_cjt188_frame& x) -> py::object {
                               const auto msg = cj::decode_message(x.f, *x.p);
                               if (!msg) return py::none();
                               return py::int_(msg.value->di);
                             })
      .def_property_readonly("metering", &cjt188_metering,
                             "Water/gas or heat metering data of a 901F/D12x reply (a dict of "
                             "Decimal values with units), else None.");
  m.def(
      "decode_cjt188",
      [](const py::bytes& data, const std::string& profile) {
        const auto* p = cj::find_profile(profile);
        if (p == nullptr)
          throw error(errc::not_found, "unknown CJ/T 188 profile", {{"profile", profile}});
        const auto b = bytes_in(data);
        const auto f = cj::decode(b);
        if (!f) fail(f.status, f.consumed, "CJ/T 188 frame");
        return py_cjt188_frame{*f.value, p};
      },
      py::arg("data"), py::arg("profile") = "cjt188-2004",
      "Decodes a CJ/T 188 frame; profile: cjt188-2004, cjt188-2018, sc-water, jy-heat.");

  // ---- Modbus ------------------------------------------------------------------------------
  m.def(
      "modbus_crc", [](const py::bytes& data) { return mb::crc16(bytes_in(data)); },
      py::arg("data"), "Modbus CRC-16 (poly 0xA001, init 0xFFFF); sent low byte first.");
  m.def(
      "encode_modbus_rtu",
      [](int slave, const py::bytes& pdu) {
        if (slave < 0 || slave > 255) {
          throw error(errc::invalid_argument, "a slave address is 0..255",
                      {{"slave", std::to_string(slave)}});
        }
        return bytes_out(mb::encode_rtu(static_cast<std::uint8_t>(slave), bytes_in(pdu)));
      },
      py::arg("slave"), py::arg("pdu"), "slave + PDU + CRC.");
  m.def(
      "decode_modbus_rtu",
      [](const py::bytes& data, bool request) {
        const auto b = bytes_in(data);
        py::dict d;
        if (request) {
          const auto r = mb::decode_rtu_request(b);
          if (!r) fail(r.status, r.consumed, "Modbus RTU request");
          d = modbus_pdu(r.value->pdu);
          d["slave"] = r.value->slave;
        } else {
          const auto r = mb::decode_rtu_response(b);
          if (!r) fail(r.status, r.consumed, "Modbus RTU response");
          d = modbus_pdu(r.value->pdu);
          d["slave"] = r.value->slave;
        }
        return d;
      },
      py::arg("data"), py::arg("request") = false,
      "Decodes an RTU frame (a response unless request=True) into a dict: slave, function and "
      "the PDU's fields (registers, start, quantity, exception_code …).");
  m.def(
      "decode_modbus_tcp",
      [](const py::bytes& data, bool request) {
        const auto b = bytes_in(data);
        py::dict d;
        mb::mbap_header h;
        if (request) {
          const auto r = mb::decode_tcp_request(b);
          if (!r) fail(r.status, r.consumed, "Modbus TCP request");
          d = modbus_pdu(r.value->pdu);
          h = r.value->header;
        } else {
          const auto r = mb::decode_tcp_response(b);
          if (!r) fail(r.status, r.consumed, "Modbus TCP response");
          d = modbus_pdu(r.value->pdu);
          h = r.value->header;
        }
        d["transaction"] = h.transaction;
        d["unit"] = h.unit;
        return d;
      },
      py::arg("data"), py::arg("request") = false, "Decodes a TCP ADU (MBAP + PDU) into a dict.");

  py::class_<mb::register_map>(m, "RegisterMap", "A meter model's Modbus register map (data).")
      .def_readonly("model", &mb::register_map::model)
      .def_readonly("source", &mb::register_map::source)
      .def_readonly("function", &mb::register_map::function)
      .def_property_readonly(
          "registers",
          [](const mb::register_map& map) {
            py::list l;
            for (const auto& e : map.registers) {
              py::dict d;
              d["name"] = e.name;
              d["address"] = e.address;
              d["count"] = mb::register_count(e.type);
              d["scale"] = scaled(e.scale);
              d["unit"] = e.unit;
              d["transformer_scaled"] = e.transformer_scaled;
              d["role"] = std::string(io::detail::role_name(e.role));
              l.append(d);
            }
            return l;
          },
          "One dict per register: name, address (0-based PDU), count, scale (Decimal), unit, "
          "transformer_scaled, role.")
      .def(
          "plan_reads",
          [](const mb::register_map& map) {
            std::vector<std::pair<int, int>> out;
            for (const auto& s : mb::plan_reads(map)) out.emplace_back(s.start, s.count);
            return out;
          },
          "The reads (start, count) that cover every register.")
      .def(
          "decode",
          [](const mb::register_map& map, const std::vector<long long>& registers, int start) {
            const auto regs = registers_in(registers);
            const auto b =
                mb::decode_block(map, static_cast<std::uint16_t>(start), regs.data(), regs.size());
            if (!b) fail(b.status, 0, "register block");
            py::dict d;
            for (const auto& v : *b.value) d[py::str(v.entry->name)] = scaled(v.value);
            return d;
          },
          py::arg("registers"), py::arg("start") = 0,
          "{name: Decimal} of every register the block (read from `start`) covers.")
      .def(
          "reading",
          [](const mb::register_map& map, const std::vector<long long>& registers, int start,
             py::handle pt_ct) {
            const auto regs = registers_in(registers);
            const auto r = mb::decode_reading(map, static_cast<std::uint16_t>(start), regs.data(),
                                              regs.size(), to_decimal<ratio>(pt_ct, "pt_ct"));
            if (!r) fail(r.status, 0, "register block (no total register?)");
            return py_reading{*r.value};
          },
          py::arg("registers"), py::arg("start") = 0, py::arg("pt_ct") = 1,
          "The energy reading in the block; the multiplier is pt_ct when the total is "
          "transformer-scaled.")
      .def("to_json",
           [](const mb::register_map& map) { return io::register_map_to_json(map).dump(2); });

  m.def(
      "register_maps",
      []() {
        return std::vector<std::string>(mb::acrel::map_names.begin(), mb::acrel::map_names.end());
      },
      "Names of the built-in register maps.");
  m.def(
      "register_map",
      [](const std::string& name) {
        auto map = mb::acrel::find_map(name);
        if (!map)
          throw error(errc::not_found, "no built-in register map of that name", {{"map", name}});
        return *map;
      },
      py::arg("name"), "A built-in map by name (see register_maps()).");
  m.def(
      "register_map_from_json",
      [](const std::string& text) { return io::register_map_from_json(io::parse_json(text, "")); },
      py::arg("text"), "A map from its JSON text (docs/meters.md section 3).");

  m.def(
      "adf400l_slave_id",
      [](int meter_number, int ct_users, int three_phase_users, int single_phase_users,
         const std::string& kind, int index) -> py::object {
        mb::adf400l::user_kind k = mb::adf400l::user_kind::single_phase;
        if (kind == "ct") {
          k = mb::adf400l::user_kind::ct;
        } else if (kind == "three_phase") {
          k = mb::adf400l::user_kind::three_phase;
        } else if (kind != "single_phase") {
          throw error(errc::invalid_argument,
                      "kind must be \"ct\", \"three_phase\" or \"single_phase\"", {{"kind", kind}});
        }
        const auto id = mb::adf400l::slave_id(
            meter_number, {ct_users, three_phase_users, single_phase_users}, k, index);
        if (!id) return py::none();
        return py::int_(*id);
      },
      py::arg("meter_number"), py::arg("ct_users"), py::arg("three_phase_users"),
      py::arg("single_phase_users"), py::arg("kind"), py::arg("index"),
      "The Modbus slave id of user `index` (1-based, within its kind) on ADF400L meter "
      "`meter_number`, or None (bad layout, index out of range, id above 247).");

  register_meter_settings(m);
}

}  // namespace submeter::python
