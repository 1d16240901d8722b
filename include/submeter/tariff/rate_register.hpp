#pragma once
/// \file
/// Rate registers: the up to 8 priced periods of a TOU tariff, numbered as meters number them.
///
/// TOU-4 (rules.md): meters number the registers rate1 = 尖 sharp, rate2 = 峰 peak, rate3 = 平
/// flat, rate4 = 谷 valley (DL/T 645-2007 04050101–04050104); submeter adds rate5 = 深谷 deep
/// valley by convention and allows custom names up to rate8. A tariff with more than 8 is refused.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "submeter/core/error.hpp"
#include "submeter/metering/register_reading.hpp"

namespace submeter::tariff {

/// The most rate registers a tariff may use (DL/T 645-2007 T1..T8), as a reading holds them.
inline constexpr int max_rate_registers = metering::max_rate_registers;

/// A numbered, named rate register.
struct rate_register {
  int number = 0;    ///< 1..8, as the meter numbers it
  std::string name;  ///< "sharp", "peak", "flat", "valley", "deep_valley" or a custom name
};

/// The conventional number of a conventional name: sharp/尖峰 1, peak/峰 2, flat/平 3,
/// valley/谷 4, deep_valley/深谷 5; nullopt for other names.
[[nodiscard]] constexpr std::optional<int> conventional_register(std::string_view name) noexcept {
  if (name == "sharp" || name == "尖峰" || name == "尖") return 1;
  if (name == "peak" || name == "高峰" || name == "峰") return 2;
  if (name == "flat" || name == "平段" || name == "平") return 3;
  if (name == "valley" || name == "低谷" || name == "谷") return 4;
  if (name == "deep_valley" || name == "深谷") return 5;
  return std::nullopt;
}

/// The conventional English name of registers 1..5 ("sharp" … "deep_valley"), else "rateN".
[[nodiscard]] inline std::string conventional_name(int number) {
  return metering::register_name(number);
}

/// A validated set of registers: numbers 1..8, each once, names unique and non-empty.
class register_set {
 public:
  register_set() = default;

  /// Refuses (submeter::error): a number outside 1..8 (errc::invalid_argument), more than 8
  /// registers, a number or name used twice (errc::duplicate), an empty name.
  [[nodiscard]] static register_set make(std::vector<rate_register> registers) {
    if (registers.size() > static_cast<std::size_t>(max_rate_registers)) {
      throw error(errc::unsupported, "a tariff has at most 8 rate registers",
                  {{"count", std::to_string(registers.size())}});
    }
    register_set s;
    for (const auto& r : registers) {
      if (r.number < 1 || r.number > max_rate_registers) {
        throw error(errc::invalid_argument, "a rate register is numbered 1..8",
                    {{"register", r.name}, {"number", std::to_string(r.number)}});
      }
      if (r.name.empty()) {
        throw error(errc::invalid_argument, "a rate register needs a name",
                    {{"number", std::to_string(r.number)}});
      }
      for (const auto& o : s.registers_) {
        if (o.number == r.number || o.name == r.name) {
          throw error(errc::duplicate, "rate register given twice",
                      {{"register", r.name}, {"number", std::to_string(r.number)}});
        }
      }
      s.registers_.push_back(r);
    }
    return s;
  }

  /// The conventional registers 1..n (sharp, peak, flat, valley, deep_valley, rate6…).
  [[nodiscard]] static register_set conventional(int n) {
    std::vector<rate_register> rs;
    for (int i = 1; i <= n; ++i) rs.push_back({i, conventional_name(i)});
    return make(std::move(rs));
  }

  [[nodiscard]] const std::vector<rate_register>& registers() const noexcept { return registers_; }
  [[nodiscard]] bool contains(int number) const noexcept { return find(number) != nullptr; }
  [[nodiscard]] const rate_register* find(int number) const noexcept {
    for (const auto& r : registers_) {
      if (r.number == number) return &r;
    }
    return nullptr;
  }
  /// The number of a register by name, or nullopt.
  [[nodiscard]] std::optional<int> number_of(std::string_view name) const noexcept {
    for (const auto& r : registers_) {
      if (r.name == name) return r.number;
    }
    return std::nullopt;
  }
  /// The register's name, or "rateN" when the set does not have it.
  [[nodiscard]] std::string name_of(int number) const {
    const auto* r = find(number);
    return r ? r->name : "rate" + std::to_string(number);
  }

 private:
  std::vector<rate_register> registers_;
};

}  // namespace submeter::tariff
