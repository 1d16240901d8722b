// submeter.allocation: losses over a meter tree, transformer loss, sharing (amounts, bill lines,
// site lines) and 转供电 settlement. Plain dicts and lists in and out, Decimal values; a float
// raises TypeError.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "convert.hpp"
#include "submeter/allocation.hpp"
#include "submeter/bill/compliance.hpp"
#include "submeter/bill/component.hpp"
#include "submeter/bill/line.hpp"
#include "submeter/metering/meter_tree.hpp"

namespace py = pybind11;

namespace submeter::python {

namespace {

template <class T>
T get_or(const py::dict& d, const char* key, T fallback) {
  return d.contains(key) ? d[key].cast<T>() : fallback;
}

template <class Decimal>
Decimal decimal_or(const py::dict& d, const char* key, Decimal fallback = Decimal{}) {
  return d.contains(key) ? to_decimal<Decimal>(d[key], key) : fallback;
}

metering::node_kind kind_of(const std::string& name) {
  using metering::node_kind;
  for (const auto k :
       {node_kind::grid_master, node_kind::transformer, node_kind::feeder, node_kind::tenant,
        node_kind::common_area, node_kind::landlord_own_use, node_kind::virtual_sum,
        node_kind::virtual_difference, node_kind::virtual_share}) {
    if (name == to_string(k)) return k;
  }
  throw error(errc::invalid_argument, "unknown meter kind", {{"kind", name}});
}

allocation::basis basis_of(const std::string& name) {
  using allocation::basis;
  for (const auto b : {basis::consumption, basis::water, basis::area, basis::equal,
                       basis::headcount, basis::custom_ratio, basis::demand, basis::weight}) {
    if (name == to_string(b)) return b;
  }
  throw error(errc::invalid_argument, "unknown share basis", {{"basis", name}});
}

allocation::vacancy_policy vacancy_of(const std::string& name) {
  using allocation::vacancy_policy;
  if (name == "pays_full") return vacancy_policy::pays_full;
  if (name == "pays_share") return vacancy_policy::pays_share;
  if (name == "pays_nothing") return vacancy_policy::pays_nothing;
  throw error(errc::invalid_argument, "unknown vacancy policy", {{"vacancy", name}});
}

metering::meter_tree tree_of(const py::list& meters, metering::medium medium) {
  std::vector<metering::meter_node> nodes;
  for (const auto& item : meters) {
    const auto d = dict_of(item, "meters");
    metering::meter_node n;
    n.id = text_of(field_of(d, "id", "meters"), "meters");
    n.parent = get_or<std::string>(d, "parent", "");
    n.kind = kind_of(get_or<std::string>(d, "kind", "tenant"));
    n.multiplier = decimal_or<ratio>(d, "multiplier", ratio::from_integer(1));
    n.manual_entry = get_or<bool>(d, "manual_entry", false);
    n.operands = get_or<std::vector<std::string>>(d, "operands", {});
    n.share = decimal_or<ratio>(d, "share");
    nodes.push_back(std::move(n));
  }
  return metering::meter_tree::make(medium, std::move(nodes));
}

template <class Q>
py::dict losses_of(const metering::meter_tree& tree, const py::dict& readings,
                   const py::object& cap, const std::string& cap_mode, const py::object& unit,
                   const py::dict& added) {
  std::vector<std::pair<std::string, Q>> deltas;
  for (const auto& [k, v] : readings)
    deltas.emplace_back(py::cast<std::string>(k), to_decimal<Q>(v, "reading"));
  allocation::loss_options<Q> options;
  for (const auto& [k, v] : added)
    options.added_losses.emplace_back(py::cast<std::string>(k), to_decimal<Q>(v, "added loss"));
  if (!unit.is_none()) options.unit = to_decimal<Q>(unit, "unit");
  if (!cap.is_none()) {
    if (cap_mode != "warn" && cap_mode != "clip")
      throw error(errc::invalid_argument, "cap_mode is \"warn\" or \"clip\"",
                  {{"cap_mode", cap_mode}});
    options.cap = allocation::loss_cap{
        to_decimal<ratio>(cap, "cap"),
        cap_mode == "clip" ? allocation::cap_mode::clip : allocation::cap_mode::warn};
  }
  const auto r = allocation::allocate_losses(tree, tree.quantities(deltas), options);
  py::dict nodes;
  for (std::size_t i = 0; i < tree.size(); ++i) {
    const auto& n = r.nodes[i];
    py::dict d;
    d["kind"] = std::string(to_string(tree.node(i).kind));
    d["parent"] = tree.node(i).parent;
    d["quantity"] = to_py(n.quantity);
    d["children"] = to_py(n.children);
    d["added"] = to_py(n.added);
    d["loss"] = to_py(n.loss);
    d["loss_pct"] = to_py(n.loss_pct, 4);
    d["shared"] = to_py(n.shared);
    d["retained"] = to_py(n.retained);
    d["received"] = to_py(n.received);
    nodes[py::str(tree.node(i).id)] = d;
  }
  py::dict out;
  out["nodes"] = nodes;
  out["warnings"] = warnings_to_py(r.warnings);
  out["total_loss"] = to_py(r.total_loss);
  out["total_allocated"] = to_py(r.total_allocated);
  out["total_retained"] = to_py(r.total_retained);
  return out;
}

std::vector<allocation::sharer> sharers_of(const py::list& items) {
  std::vector<allocation::sharer> out;
  for (const auto& item : items) {
    const auto d = dict_of(item, "sharers");
    allocation::sharer s;
    s.id = text_of(field_of(d, "id", "sharers"), "sharers");
    s.consumption = decimal_or<energy>(d, "consumption");
    s.water = decimal_or<volume>(d, "water");
    s.floor_area = decimal_or<area>(d, "area");
    s.headcount = get_or<std::int64_t>(d, "headcount", 0);
    s.custom_ratio = decimal_or<ratio>(d, "custom_ratio");
    s.demand = decimal_or<power>(d, "demand");
    s.weight = decimal_or<ratio>(d, "weight");
    s.fixed_amount = decimal_or<money>(d, "fixed_amount");
    s.vacant = get_or<bool>(d, "vacant", false);
    if (d.contains("days_occupied")) {
      s.occupied =
          allocation::occupancy{d["days_occupied"].cast<std::int64_t>(),
                                field_of(d, "days_in_period", "sharers").cast<std::int64_t>()};
    }
    out.push_back(std::move(s));
  }
  return out;
}

allocation::share_method method_of(const py::object& method, const std::string& vacancy,
                                   const py::object& vacant_share) {
  std::vector<allocation::share_component> comps;
  if (py::isinstance<py::str>(method)) {
    comps.push_back({basis_of(method.cast<std::string>()), ratio::from_integer(1)});
  } else {
    for (const auto& [k, v] : dict_of(method, "method"))
      comps.push_back({basis_of(k.cast<std::string>()), to_decimal<ratio>(v, "fraction")});
  }
  const ratio vs =
      vacant_share.is_none() ? ratio{} : to_decimal<ratio>(vacant_share, "vacant_share");
  return allocation::share_method::make(std::move(comps), vacancy_of(vacancy), vs);
}

bill::rounding_rule fen_rule() { return bill::rounding_rule{}; }

std::vector<allocation::end_user> end_users_of(const py::list& items) {
  std::vector<allocation::end_user> out;
  for (const auto& item : items) {
    const auto d = dict_of(item, "end_users");
    const auto kind = get_or<std::string>(d, "kind", "tenant");
    if (kind != "tenant" && kind != "landlord_own_use")
      throw error(errc::invalid_argument, "an end user is a tenant or landlord_own_use",
                  {{"kind", kind}});
    out.push_back({text_of(field_of(d, "id", "end_users"), "end_users"),
                   to_decimal<energy>(field_of(d, "kwh", "end_users"), "kwh"),
                   kind == "tenant" ? allocation::end_user_kind::tenant
                                    : allocation::end_user_kind::landlord_own_use});
  }
  return out;
}

}  // namespace

void register_allocation(py::module_& m) {
  m.def(
      "allocate_losses",
      [](const py::list& meters, const py::dict& readings, const std::string& medium,
         const py::object& cap, const std::string& cap_mode, const py::object& unit,
         const py::dict& added) {
        if (medium == "water")
          return losses_of<volume>(tree_of(meters, metering::medium::water), readings, cap,
                                   cap_mode, unit, added);
        if (medium != "electricity")
          throw error(errc::invalid_argument, "medium is electricity or water",
                      {{"medium", medium}});
        return losses_of<energy>(tree_of(meters, metering::medium::electricity), readings, cap,
                                 cap_mode, unit, added);
      },
      py::arg("meters"), py::arg("readings"), py::kw_only(), py::arg("medium") = "electricity",
      py::arg("cap") = py::none(), py::arg("cap_mode") = "warn", py::arg("unit") = py::none(),
      py::arg("added_losses") = py::dict(),
      "Line losses over a meter tree (rules.md LL-1..LL-4). `meters`: [{id, parent, kind, "
      "multiplier, operands, share}]; `readings`: {id: register difference} for every real meter "
      "(CT × PT applied here). `cap` is a fraction (0.07); `added_losses` {id: kWh} adds a "
      "computed "
      "(DL/T 686) loss at a node (高供低计). Returns {nodes: {id: {...}}, "
      "warnings, total_loss, total_allocated, total_retained}.");

  m.def(
      "transformer_loss_formula",
      [](py::handle p0, py::handle pk, py::handle sn, py::handle hours, py::handle active,
         py::handle reactive, const py::object& k, const py::object& i_rms, const py::object& i_avg,
         py::handle unit) {
        allocation::transformer_nameplate n{to_decimal<power>(p0, "p0"),
                                            to_decimal<power>(pk, "pk"),
                                            to_decimal<power>(sn, "sn"), ratio{}, ratio{}};
        const allocation::transformer_period p{to_decimal<ratio>(hours, "hours"),
                                               to_decimal<energy>(active, "active"),
                                               to_decimal<reactive_energy>(reactive, "reactive")};
        allocation::loss_factor factor;
        if (!i_rms.is_none() || !i_avg.is_none()) {
          factor = allocation::loss_factor::from_currents(to_decimal<ratio>(i_rms, "i_rms"),
                                                          to_decimal<ratio>(i_avg, "i_avg"));
        } else if (!k.is_none()) {
          factor = allocation::loss_factor::of(to_decimal<ratio>(k, "k"));
        }
        const auto r =
            allocation::transformer_loss_formula(n, p, factor, to_decimal<energy>(unit, "unit"));
        py::dict d;
        d["iron"] = to_py(r.iron);
        d["copper"] = to_py(r.copper);
        d["total"] = to_py(r.total);
        d["beta_squared"] = to_py(r.beta_squared, 0);
        d["average_apparent_power"] = to_py(r.average_apparent_power, 4);
        return d;
      },
      py::arg("p0"), py::arg("pk"), py::arg("sn"), py::arg("hours"), py::arg("active"),
      py::arg("reactive"), py::kw_only(), py::arg("k") = py::none(), py::arg("i_rms") = py::none(),
      py::arg("i_avg") = py::none(), py::arg("unit") = "0.01",
      "Transformer active loss by DL/T 686 (rules.md TXL-1), exact integers, rounded once to "
      "`unit` half-up: {iron, copper, total, beta_squared, average_apparent_power}.");

  m.def(
      "share",
      [](py::handle total, const py::list& sharers, const py::object& method,
         const std::string& vacancy, const py::object& vacant_share, py::handle unit,
         const std::string& quantity) {
        const auto s = sharers_of(sharers);
        const auto meth = method_of(method, vacancy, vacant_share);
        py::dict out;
        const auto fill = [&out](const auto& r) {
          for (std::size_t i = 0; i < r.ids.size(); ++i) out[py::str(r.ids[i])] = to_py(r.parts[i]);
        };
        if (quantity == "money") {
          fill(allocation::share(to_decimal<money>(total, "total"), s, meth,
                                 to_decimal<money>(unit, "unit")));
        } else if (quantity == "energy") {
          fill(allocation::share(to_decimal<energy>(total, "total"), s, meth,
                                 to_decimal<energy>(unit, "unit")));
        } else if (quantity == "volume") {
          fill(allocation::share(to_decimal<volume>(total, "total"), s, meth,
                                 to_decimal<volume>(unit, "unit")));
        } else {
          throw error(errc::invalid_argument, "quantity is money, energy or volume",
                      {{"quantity", quantity}});
        }
        return out;
      },
      py::arg("total"), py::arg("sharers"), py::arg("method"), py::kw_only(),
      py::arg("vacancy") = "pays_full", py::arg("vacant_share") = py::none(),
      py::arg("unit") = "0.01", py::arg("quantity") = "money",
      "Share `total` by largest remainder to `unit` (rules.md CA-1..CA-4, ALLOC-LR): `method` is "
      "a basis name or {basis: fraction} for a mixture; returns {id: Decimal}, summing to total.");

  m.def(
      "share_lines",
      [](const std::string& component, py::handle amount, const py::list& sharers,
         const py::object& method, const std::string& vacancy, const py::object& vacant_share) {
        return allocation::share_lines(bill::parse_component(component),
                                       to_decimal<money>(amount, "amount"), sharers_of(sharers),
                                       method_of(method, vacancy, vacant_share), fen_rule());
      },
      py::arg("component"), py::arg("amount"), py::arg("sharers"), py::arg("method"), py::kw_only(),
      py::arg("vacancy") = "pays_full", py::arg("vacant_share") = py::none(),
      "A site-level amount (common area, capacity/demand charge, 力调) as one bill line per "
      "sharer, to the fen.");

  m.def(
      "share_site_lines",
      [](const std::vector<bill::line>& site_lines, const std::vector<std::string>& tenants,
         const std::vector<py::object>& weights, const std::string& basis) {
        std::vector<bill::line_quantity> w;
        for (const auto& x : weights) w.push_back(to_decimal<bill::line_quantity>(x, "weights"));
        return allocation::share_site_lines(site_lines, tenants, w, basis);
      },
      py::arg("site_lines"), py::arg("tenants"), py::arg("weights"), py::arg("basis"),
      "TP-10: each site line split among tenants by weights (largest remainder; parts add up).");
  m.def(
      "settle_pass_through",
      [](py::handle grid_bill, const py::list& users) {
        const auto r = allocation::settle_pass_through(to_decimal<money>(grid_bill, "grid_bill"),
                                                       end_users_of(users));
        py::dict d;
        d["lines"] = r.lines;
        d["grid_bill"] = to_py(r.grid_bill);
        d["tenant_total"] = to_py(r.tenant_total);
        d["landlord_share"] = to_py(r.landlord_share);
        return d;
      },
      py::arg("grid_bill"), py::arg("end_users"),
      "Mode B (rules.md SUP-2): the grid bill shared by end users' kWh. `end_users`: [{id, kwh, "
      "kind: tenant | landlord_own_use}].");

  m.def(
      "settle_catalogue",
      [](py::handle price, py::handle master, const py::list& users) {
        const auto r =
            allocation::settle_catalogue(to_decimal<energy_price>(price, "price"),
                                         to_decimal<energy>(master, "master"), end_users_of(users));
        py::dict d;
        d["lines"] = r.tenant_lines;
        d["landlord_own_use_cost"] = to_py(r.landlord_own_use_cost);
        d["not_on_electricity_bill"] = to_py(r.not_on_electricity_bill);
        d["not_on_electricity_bill_cost"] = to_py(r.not_on_electricity_bill_cost);
        return d;
      },
      py::arg("catalogue_price"), py::arg("master"), py::arg("end_users"),
      "Mode A (rules.md SUP-2): tenants at the catalogue price; common area and losses reported "
      "off the electricity bill.");
}

}  // namespace submeter::python
