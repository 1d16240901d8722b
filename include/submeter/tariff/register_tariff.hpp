#pragma once
/// \file
/// tariff::register_tariff: the v0 tariffs for cumulative register readings, and rate().
///
/// Two shapes: flat (one energy price on the total register) and time-of-use (one price per rate
/// register, numbered as meters number them, TOU-4: rate1 = 尖 sharp, rate2 = 峰 peak, rate3 = 平
/// flat, rate4 = 谷 valley, up to rate8). The meter has already classified the energy into its
/// registers, so no TOU schedule is needed here. The tariff engine (seasons, day tables, price
/// versions, tiers, fixed and demand charges) builds on this: a register tariff is what one
/// price version looks like to register readings.

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "submeter/bill/line.hpp"
#include "submeter/core/error.hpp"
#include "submeter/core/quantity.hpp"
#include "submeter/metering/register_reading.hpp"

namespace submeter::tariff {

/// The shape of a register tariff.
enum class register_tariff_kind {
  flat,  ///< one energy price on the total register
  tou,   ///< one energy price per rate register (1..8)
};

/// The price of one rate register.
struct register_price {
  /// 1..8 (1 sharp, 2 peak, 3 flat, 4 valley).
  int rate_register = 0;
  /// yuan/kWh.
  energy_price price;
};

/// A validated register tariff. Built by flat() or tou(), so it is valid by type.
class register_tariff {
 public:
  /// A flat tariff: `price` yuan/kWh on the total. Refuses (errc::invalid_argument) an empty id
  /// and a price < 0.
  [[nodiscard]] static register_tariff flat(std::string id, energy_price price) {
    check_id(id);
    check_price(id, 0, price);
    return register_tariff(std::move(id), register_tariff_kind::flat, {{0, price}});
  }

  /// A time-of-use tariff: one price per rate register. Refuses (submeter::error): an empty id
  /// or no prices (errc::invalid_argument); a register outside 1..8 (errc::invalid_argument); a
  /// register priced twice (errc::duplicate); a price < 0 (errc::invalid_argument). The prices are
  /// kept in register order.
  [[nodiscard]] static register_tariff tou(std::string id, std::vector<register_price> prices) {
    check_id(id);
    if (prices.empty()) {
      throw error(errc::invalid_argument, "a TOU tariff needs at least one register price",
                  {{"tariff", id}});
    }
    for (const auto& p : prices) {
      if (!metering::is_rate_register(p.rate_register)) {
        throw error(errc::invalid_argument, "rate registers are numbered 1..8",
                    {{"tariff", id}, {"register", std::to_string(p.rate_register)}});
      }
      check_price(id, p.rate_register, p.price);
    }
    std::stable_sort(prices.begin(), prices.end(),
                     [](const register_price& a, const register_price& b) {
                       return a.rate_register < b.rate_register;
                     });
    for (std::size_t i = 1; i < prices.size(); ++i) {
      if (prices[i].rate_register == prices[i - 1].rate_register) {
        throw error(
            errc::duplicate, "a rate register is priced twice",
            {{"tariff", id}, {"register", metering::register_name(prices[i].rate_register)}});
      }
    }
    return register_tariff(std::move(id), register_tariff_kind::tou, std::move(prices));
  }

  [[nodiscard]] const std::string& id() const noexcept { return id_; }
  [[nodiscard]] register_tariff_kind kind() const noexcept { return kind_; }
  /// The prices: for flat, one entry with register 0 (the total); for TOU, by register number.
  [[nodiscard]] const std::vector<register_price>& prices() const noexcept { return prices_; }
  /// The price of register `number` (0 = total on a flat tariff), or nullopt.
  [[nodiscard]] std::optional<energy_price> price(int number) const noexcept {
    for (const auto& p : prices_) {
      if (p.rate_register == number) return p.price;
    }
    return std::nullopt;
  }

 private:
  register_tariff(std::string id, register_tariff_kind kind, std::vector<register_price> prices)
      : id_(std::move(id)), kind_(kind), prices_(std::move(prices)) {}

  static void check_id(const std::string& id) {
    if (id.empty()) throw error(errc::invalid_argument, "a tariff needs an id");
  }
  static void check_price(const std::string& id, int number, energy_price price) {
    if (price.is_negative()) {
      throw error(errc::invalid_argument, "a price must not be negative",
                  {{"tariff", id},
                   {"register", metering::register_name(number)},
                   {"price", price.to_string(2)}});
    }
  }

  std::string id_;
  register_tariff_kind kind_;
  std::vector<register_price> prices_;
};

/// Rates one meter's usage under a register tariff: the energy bill lines, rounded per `rule`.
/// Flat: one line, total kWh × price. TOU: one line per priced register, in register order; the
/// total and any register the tariff does not price are not billed (policy in
/// register_reading.hpp). Refuses (errc::not_found) a TOU tariff pricing a register the meter
/// lacks, naming tariff, meter and register.
[[nodiscard]] inline std::vector<bill::line> rate(const register_tariff& t,
                                                  const metering::register_usage& u,
                                                  const bill::rounding_rule& rule) {
  std::vector<bill::line> lines;
  if (t.kind() == register_tariff_kind::flat) {
    lines.push_back(bill::energy_line(u.meter_id, 0, metering::register_name(0), u.total,
                                      t.prices().front().price, rule));
    return lines;
  }
  // The lines are built in place in the vector (bill::detail::charge_into): the same lines as
  // bill::energy_line makes, without a line moved per register.
  lines.resize(t.prices().size());
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const auto& p = t.prices()[i];
    const auto q = u.rate(p.rate_register);
    if (!q) {
      throw error(errc::not_found, "the tariff prices a register the meter does not have",
                  {{"tariff", t.id()},
                   {"meter", u.meter_id},
                   {"register", metering::register_name(p.rate_register)}});
    }
    auto& l = lines[i];
    bill::detail::charge_into(l, bill::component::energy, *q, p.price, rule,
                              dimension::energy::unit);
    l.meter_id.append(u.meter_id);  // the new line's strings are empty: append, not assign
    l.rate_register = p.rate_register;
    bill::detail::set_text(l.register_name,
                           metering::detail::register_name_view(p.rate_register));  // 1..8 (tou)
  }
  return lines;
}

}  // namespace submeter::tariff
