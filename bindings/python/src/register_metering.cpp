// submeter.metering: store rows (RegisterValue: one register at one device time, as VEE reads
// them), a register usage (a meter's energy between two readings), maximum demand from interval
// data (TP-3, TP-5, TP-10) and per rate register. Decimal in and out; floats raise TypeError; the
// NumPy variant releases the GIL.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "convert.hpp"
#include "render/render.hpp"
#include "submeter/core/quantity.hpp"
#include "submeter/core/time.hpp"
#include "submeter/metering/demand.hpp"
#include "submeter/metering/reading.hpp"
#include "submeter/metering/register_reading.hpp"

namespace py = pybind11;

namespace submeter::python {

namespace {

py::dict registers_of(const metering::rate_registers& rates) {
  py::dict d;
  for (int n = 1; n <= metering::max_rate_registers; ++n) {
    const auto& v = rates[static_cast<std::size_t>(n - 1)];
    if (v) d[py::int_(n)] = to_py(*v);
  }
  return d;
}

std::string time_text(local_time t) { return local_interval::format(t).substr(0, 16); }

metering::demand_window window_from(const std::string& method, int window_minutes,
                                    int slide_minutes) {
  if (method == "sliding") {
    return metering::demand_window::sliding(std::chrono::minutes{window_minutes},
                                            std::chrono::minutes{slide_minutes});
  }
  if (method == "block")
    return metering::demand_window::block(std::chrono::minutes{window_minutes});
  throw error(errc::invalid_argument, "demand method must be \"sliding\" or \"block\"",
              {{"method", method}});
}

metering::demand_unit unit_from(const std::string& unit) {
  if (unit == "kW") return metering::demand_unit::kw;
  if (unit == "kVA") return metering::demand_unit::kva;
  throw error(errc::invalid_argument, "unit must be \"kW\" or \"kVA\"", {{"unit", unit}});
}

metering::interval_series series_from(const std::string& start, int step_minutes,
                                      const py::sequence& values, const std::string& kind,
                                      const std::string& unit) {
  const auto t0 = parse_local_time(start);
  const std::chrono::minutes step{step_minutes};
  if (kind == "power") {
    std::vector<power> v;
    v.reserve(values.size());
    for (const auto& x : values) v.push_back(to_decimal<power>(x, "values"));
    return metering::interval_series::of_power(t0, step, v, unit_from(unit));
  }
  if (kind == "energy") {
    std::vector<energy> v;
    v.reserve(values.size());
    for (const auto& x : values) v.push_back(to_decimal<energy>(x, "values"));
    return metering::interval_series::of_energy(t0, step, v, unit_from(unit));
  }
  throw error(errc::invalid_argument, "values must be \"power\" or \"energy\"", {{"kind", kind}});
}

metering::register_value register_value_from(const std::string& meter_id, int register_number,
                                             const std::string& time, py::handle value,
                                             const std::optional<std::string>& received,
                                             const std::string& source,
                                             const std::string& quality) {
  if (register_number < 0 || register_number > metering::max_rate_registers) {
    throw error(errc::invalid_argument, "a register number is 0 (total) or 1..8 (rates)",
                {{"meter", meter_id}, {"register", std::to_string(register_number)}});
  }
  metering::register_value v;
  v.meter_id = meter_id;
  v.register_number = register_number;
  v.time = parse_local_time(time);
  if (received) v.received = parse_local_time(*received);
  v.value = to_decimal<energy>(value, "value");
  const auto s = metering::parse_reading_source(source);
  if (!s) throw error(errc::parse, "unknown reading source", {{"source", source}});
  v.source = *s;
  const auto q = metering::parse_reading_quality(quality);
  if (!q) {
    throw error(errc::parse, "a quality is \"actual\", \"estimated\" or \"substituted\"",
                {{"quality", quality}});
  }
  v.quality = *q;
  return v;
}

}  // namespace

void register_metering(py::module_& m) {
  py::class_<metering::register_value>(
      m, "RegisterValue",
      "One register's cumulative value at one device time: a row of the readings store "
      "(register 0 the total, 1..8 the rates; the value as the meter shows it, before the "
      "multiplier).")
      .def(py::init(&register_value_from), py::arg("meter_id"), py::arg("register_number"),
           py::arg("time"), py::arg("value"), py::arg("received") = py::none(),
           py::arg("source") = "file", py::arg("quality") = "actual",
           "`time` and `received` are local 'YYYY-MM-DDTHH:MM[:SS]'; `value` a Decimal, int or "
           "str (1e-4 kWh at most); `source` 'file', 'manual', 'modbus', 'dlt645', 'cjt188', "
           "'acrel_gateway', 'neuron', 'thingsboard' or 'vee_estimate'.")
      .def_readonly("meter_id", &metering::register_value::meter_id)
      .def_readonly("register_number", &metering::register_value::register_number)
      .def_property_readonly("time",
                             [](const metering::register_value& v) { return when_text(v.time); })
      .def_property_readonly("received",
                             [](const metering::register_value& v) -> py::object {
                               if (!v.received) return py::none();
                               return py::str(when_text(*v.received));
                             })
      .def_property_readonly("value",
                             [](const metering::register_value& v) { return to_py(v.value); })
      .def_property_readonly(
          "source",
          [](const metering::register_value& v) { return std::string(to_string(v.source)); })
      .def_property_readonly(
          "quality",
          [](const metering::register_value& v) { return std::string(to_string(v.quality)); })
      .def("__eq__",
           [](const metering::register_value& a, const metering::register_value& b) {
             return a.meter_id == b.meter_id && a.register_number == b.register_number &&
                    a.time == b.time && a.received == b.received && a.value == b.value &&
                    a.source == b.source && a.quality == b.quality;
           })
      .def("__repr__", [](const metering::register_value& v) {
        return "<submeter.metering.RegisterValue " + v.meter_id + " " +
               metering::register_name(v.register_number) + " " + when_text(v.time) + " " +
               v.value.to_string(2) + ">";
      });

  py::class_<metering::register_usage>(m, "RegisterUsage", "A meter's energy between two readings.")
      .def_readonly("meter_id", &metering::register_usage::meter_id)
      .def_property_readonly(
          "multiplier", [](const metering::register_usage& u) { return to_py(u.multiplier, 0); })
      .def_property_readonly(
          "from_time",
          [](const metering::register_usage& u) { return render::format_time(u.from.time); })
      .def_property_readonly(
          "to_time",
          [](const metering::register_usage& u) { return render::format_time(u.to.time); })
      .def_property_readonly("total",
                             [](const metering::register_usage& u) { return to_py(u.total); })
      .def_property_readonly(
          "registers", [](const metering::register_usage& u) { return registers_of(u.rates); });

  py::class_<metering::demand_peak>(m, "DemandPeak", "A maximum demand and its window (TP-3).")
      .def_property_readonly("demand",
                             [](const metering::demand_peak& p) { return to_py(p.demand, 0); })
      .def_property_readonly(
          "window_sum",
          [](const metering::demand_peak& p) {
            return to_py(power::from_mantissa(p.window_sum), 0);
          },
          "Σ of the window's interval values (kW, or kWh for energy data): exact")
      .def_property_readonly(
          "window_begin", [](const metering::demand_peak& p) { return time_text(p.window_begin); })
      .def_property_readonly("window_end",
                             [](const metering::demand_peak& p) { return time_text(p.window_end); })
      .def_readonly("windows_evaluated", &metering::demand_peak::windows_evaluated)
      .def_property_readonly(
          "unit", [](const metering::demand_peak& p) { return std::string(to_string(p.unit)); })
      .def("__repr__", [](const metering::demand_peak& p) {
        return "<submeter.metering.DemandPeak " + p.demand.to_string(0) + " " +
               std::string(to_string(p.unit)) + " at " + time_text(p.window_end) + ">";
      });

  m.def(
      "max_demand",
      [](const std::string& start, int step_minutes, const py::sequence& values,
         const std::string& method, int window_minutes, int slide_minutes, const std::string& kind,
         const std::string& unit) {
        const auto s = series_from(start, step_minutes, values, kind, unit);
        return metering::max_demand(s, window_from(method, window_minutes, slide_minutes));
      },
      py::arg("start"), py::arg("step_minutes"), py::arg("values"), py::arg("method") = "sliding",
      py::arg("window_minutes") = 15, py::arg("slide_minutes") = 1, py::arg("kind") = "power",
      py::arg("unit") = "kW",
      "TP-3: the maximum demand of interval data from `start` (local 'YYYY-MM-DDTHH:MM'), one "
      "value every `step_minutes` (average kW, or kWh per interval with kind='energy').");

  m.def(
      "max_demand_array",
      [](const std::string& start, int step_minutes, py::array values, const std::string& method,
         int window_minutes, int slide_minutes, const std::string& kind, const std::string& unit) {
        if (values.dtype().kind() != 'i' || values.itemsize() != 8 || values.ndim() != 1) {
          throw py::type_error(
              "values must be a 1-D numpy.int64 array of mantissas (1e-4 kW, or 1e-4 kWh)");
        }
        if (kind != "power" && kind != "energy") {
          throw error(errc::invalid_argument, "values must be \"power\" or \"energy\"",
                      {{"kind", kind}});
        }
        const auto contiguous = py::array_t<std::int64_t, py::array::c_style>::ensure(values);
        const auto t0 = parse_local_time(start);
        const auto w = window_from(method, window_minutes, slide_minutes);
        const auto u = unit_from(unit);
        const auto* data = contiguous.data();
        const auto n = static_cast<std::size_t>(contiguous.size());
        py::gil_scoped_release release;
        if (kind == "power") {
          std::vector<power> v(n);
          for (std::size_t i = 0; i < n; ++i) v[i] = power::from_mantissa(data[i]);
          return metering::max_demand(
              metering::interval_series::of_power(t0, std::chrono::minutes{step_minutes}, v, u), w);
        }
        std::vector<energy> v(n);
        for (std::size_t i = 0; i < n; ++i) v[i] = energy::from_mantissa(data[i]);
        return metering::max_demand(
            metering::interval_series::of_energy(t0, std::chrono::minutes{step_minutes}, v, u), w);
      },
      py::arg("start"), py::arg("step_minutes"), py::arg("values"), py::arg("method") = "sliding",
      py::arg("window_minutes") = 15, py::arg("slide_minutes") = 1, py::arg("kind") = "power",
      py::arg("unit") = "kW",
      "max_demand over a numpy.int64 array of mantissas (1e-4 kW, or 1e-4 kWh with "
      "kind='energy'); the GIL is released while it runs.");

  m.def(
      "max_demand_of_lines",
      [](const std::string& start, int step_minutes, const std::vector<py::sequence>& lines,
         const std::string& method, int window_minutes, int slide_minutes) {
        std::vector<metering::interval_series> s;
        for (const auto& l : lines) s.push_back(series_from(start, step_minutes, l, "power", "kW"));
        const auto d =
            metering::max_demand_of_lines(s, window_from(method, window_minutes, slide_minutes));
        return py::make_tuple(d.lines, to_py(d.billing_demand, 0));
      },
      py::arg("start"), py::arg("step_minutes"), py::arg("lines"), py::arg("method") = "sliding",
      py::arg("window_minutes") = 15, py::arg("slide_minutes") = 1,
      "TP-5: (per-line peaks, billing demand = Σ of the lines' maxima).");

  m.def(
      "peaks_for_sharing",
      [](const std::string& start, int step_minutes, const py::sequence& site,
         const std::vector<py::sequence>& tenants, const std::string& method, int window_minutes,
         int slide_minutes) {
        const auto s = series_from(start, step_minutes, site, "power", "kW");
        std::vector<metering::interval_series> ts;
        for (const auto& t : tenants)
          ts.push_back(series_from(start, step_minutes, t, "power", "kW"));
        const auto p =
            metering::peaks_for_sharing(s, ts, window_from(method, window_minutes, slide_minutes));
        py::dict d;
        d["site"] = p.site;
        py::list coincident;
        for (const auto& c : p.coincident) coincident.append(to_py(c, 0));
        d["coincident"] = coincident;
        d["own"] = p.own;
        return d;
      },
      py::arg("start"), py::arg("step_minutes"), py::arg("site"), py::arg("tenants"),
      py::arg("method") = "sliding", py::arg("window_minutes") = 15, py::arg("slide_minutes") = 1,
      "TP-10: the site's peak, each tenant's demand in that window (coincident) and each "
      "tenant's own peak: {'site', 'coincident', 'own'}.");

  m.def(
      "max_demand_by_register",
      [](const std::string& start, int step_minutes, const py::sequence& values,
         const std::vector<int>& registers, const std::string& method, int window_minutes,
         int slide_minutes, const std::string& kind) {
        const auto s = series_from(start, step_minutes, values, kind, "kW");
        std::vector<std::uint8_t> regs;
        for (const int r : registers) {
          if (r < 0 || r > metering::max_rate_registers) {
            throw error(errc::invalid_argument, "a rate register is numbered 1..8 (0 for none)",
                        {{"register", std::to_string(r)}});
          }
          regs.push_back(static_cast<std::uint8_t>(r));
        }
        const auto peaks = metering::max_demand_by_register(
            s, window_from(method, window_minutes, slide_minutes), regs);
        py::dict d;
        for (std::size_t r = 1; r < peaks.size(); ++r) {
          if (peaks[r]) d[py::int_(r)] = *peaks[r];
        }
        return d;
      },
      py::arg("start"), py::arg("step_minutes"), py::arg("values"), py::arg("registers"),
      py::arg("method") = "sliding", py::arg("window_minutes") = 15, py::arg("slide_minutes") = 1,
      py::arg("kind") = "power",
      "Maximum demand per rate register (1..8, one per interval; 0 for none): {register: "
      "DemandPeak}; a window counts for the register in force when it closes.");
}

}  // namespace submeter::python
