// submeter.meters: the meter protocol codecs (DL/T 645, CJ/T 188, Modbus), register maps and
// ADF400L slave ids. Bytes in and out as `bytes`; values out as decimal.Decimal (exact text);
// a frame the codec refuses raises submeter.meters.DecodeError (a ValueError with `status`).
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstdint>
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
}

}  // namespace submeter::python
