// Tests of include/submeter/tariff/power_factor.hpp, driven by tests/data/vectors/power_factor.json
// (PF-2 cos φ vectors, the PF-3 table for all three standards, PF-4 amounts).
#include "submeter/tariff/power_factor.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>

#include "support/data_json.hpp"
#include "support/error_of.hpp"

namespace {

using namespace submeter;
using namespace submeter::tariff;
using submeter::test_support::error_of;

const nlohmann::json& vectors() { return test_support::data_json("vectors/power_factor.json"); }

std::string str(const nlohmann::json& j) { return j.get<std::string>(); }
int hundredths_of(const std::string& s) {
  return static_cast<int>(ratio::parse(s).mantissa() / 10000000);
}
// Basis points of a percentage text "-0.75" → -75.
int bp_of(const std::string& s) { return static_cast<int>(ratio::parse(s).mantissa() / 10000000); }

TEST(PowerFactor, EveryCosPhiVector) {
  int checked = 0;
  for (const auto& v : vectors()["cos_phi_vectors"]) {
    SCOPED_TRACE(str(v["id"]));
    std::optional<reactive_energy> exported;
    if (v.contains("wq_export_kvarh")) exported = reactive_energy::parse(str(v["wq_export_kvarh"]));
    const auto c = cos_phi(energy::parse(str(v["wp_kwh"])),
                           reactive_energy::parse(str(v["wq_import_kvarh"])), exported);
    EXPECT_EQ(c, ratio::parse(str(v["cos_phi"])));
    // W_Q as the vector states it gives the same.
    EXPECT_EQ(cos_phi(energy::parse(str(v["wp_kwh"])), reactive_energy::parse(str(v["wq_kvarh"]))),
              c);
    ++checked;
  }
  EXPECT_EQ(checked, 15);
}

TEST(PowerFactor, QOverPBandsAreExact) {
  // cos φ rounds to 1.00 ⇔ Q/P ≤ 0.1003768…; to 0.99 up to 0.1751820… (pf-bands).
  const auto p = energy::parse("100000000");
  EXPECT_EQ(cos_phi_hundredths(p, reactive_energy::parse("10037680")), 100);
  EXPECT_EQ(cos_phi_hundredths(p, reactive_energy::parse("10037681")), 99);
  EXPECT_EQ(cos_phi_hundredths(p, reactive_energy::parse("17518207")), 99);
  EXPECT_EQ(cos_phi_hundredths(p, reactive_energy::parse("17518208")), 98);
  // Exactly on a rounding edge: W_P = 3, W_Q = 4 → 0.6 exactly; 0.6 is not an edge but 0.8 of a
  // 4-3-5 triangle is: both land exactly on k/100 and stay there.
  EXPECT_EQ(cos_phi_hundredths(energy::parse("3"), reactive_energy::parse("4")), 60);
  EXPECT_EQ(cos_phi_hundredths(energy::parse("4"), reactive_energy::parse("3")), 80);
  // Tiny and huge readings.
  EXPECT_EQ(cos_phi_hundredths(energy::parse("0.0001"), reactive_energy{}), 100);
  EXPECT_EQ(cos_phi_hundredths(energy::parse("0.0001"), reactive_energy::parse("900000")), 0);
  EXPECT_EQ(cos_phi_hundredths(energy::parse("900000000"), reactive_energy::parse("900000000")),
            71);
}

TEST(PowerFactor, EveryTableRowForEveryStandard) {
  const auto& rows = vectors()["adjustment_table"]["rows"];
  ASSERT_EQ(rows.size(), 71U);
  int checked = 0;
  for (const auto& [key, standard] :
       {std::pair{"std_0.90", pf_standard::s0_90}, std::pair{"std_0.85", pf_standard::s0_85},
        std::pair{"std_0.80", pf_standard::s0_80}}) {
    const auto table = adjustment_table(standard);
    ASSERT_EQ(table.size(), rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
      SCOPED_TRACE(std::string(key) + " " + str(rows[i]["cos_phi"]));
      EXPECT_EQ(table[i].cos_hundredths, hundredths_of(str(rows[i]["cos_phi"])));
      EXPECT_EQ(table[i].basis_points, bp_of(str(rows[i][key])));
      ++checked;
    }
  }
  EXPECT_EQ(checked, 213);
}

TEST(PowerFactor, PublishedRowsOfRulesMd) {
  // rules.md PF-3: the 17 published rows, hand-entered here as a second transcription.
  struct row {
    int cos;
    int s90, s85, s80;
  };
  const row published[] = {{95, -75, -110, -130},  {94, -60, -110, -130},  {93, -45, -95, -130},
                           {92, -30, -80, -130},   {91, -15, -65, -115},   {90, 0, -50, -100},
                           {86, 200, -10, -60},    {85, 250, 0, -50},      {81, 450, 200, -10},
                           {80, 500, 250, 0},      {70, 1000, 750, 500},   {65, 1500, 1000, 750},
                           {64, 1700, 1100, 800},  {60, 2500, 1500, 1000}, {59, 2700, 1700, 1100},
                           {55, 3500, 2500, 1500}, {30, 8500, 7500, 6500}};
  for (const auto& r : published) {
    SCOPED_TRACE(r.cos);
    EXPECT_EQ(adjustment_basis_points(pf_standard::s0_90, r.cos), r.s90);
    EXPECT_EQ(adjustment_basis_points(pf_standard::s0_85, r.cos), r.s85);
    EXPECT_EQ(adjustment_basis_points(pf_standard::s0_80, r.cos), r.s80);
  }
  // Below 0.30 the last rule continues: +2 % per step.
  EXPECT_EQ(adjustment_basis_points(pf_standard::s0_90, 29), 8700);
}

TEST(PowerFactor, EveryAmountVector) {
  const bill::rounding_rule rule{};
  int checked = 0;
  for (const auto& v : vectors()["amount_vectors"]) {
    SCOPED_TRACE(str(v["id"]));
    const auto standard = parse_pf_standard(str(v["standard"]));
    // The base from lines by component, as a bill would hold them.
    std::vector<bill::line> lines;
    for (const auto& [name, amount] : v["base_components"].items()) {
      bill::line l;
      l.component =
          name == "basic" ? submeter::bill::component::capacity : submeter::bill::component::energy;
      l.amount = bill::exact_money::parse(amount.get<std::string>());
      lines.push_back(l);
    }
    const auto base = pf_base_amount(lines, default_pf_base());
    EXPECT_EQ(base, bill::exact_money::parse(str(v["base"])));
    int c = hundredths_of(str(v["cos_phi"]));
    if (v.contains("wp_kwh")) {
      std::optional<reactive_energy> exported;
      if (v.contains("wq_export_kvarh"))
        exported = reactive_energy::parse(str(v["wq_export_kvarh"]));
      c = cos_phi_hundredths(energy::parse(str(v["wp_kwh"])),
                             reactive_energy::parse(str(v["wq_import_kvarh"])), exported);
      EXPECT_EQ(c, hundredths_of(str(v["cos_phi"])));
      const auto l2 = power_factor_line("M1", lines, energy::parse(str(v["wp_kwh"])),
                                        reactive_energy::parse(str(v["wq_import_kvarh"])), exported,
                                        standard, rule);
      EXPECT_EQ(l2.amount, bill::exact_money::parse(str(v["adjustment"])));
    }
    EXPECT_EQ(adjustment_basis_points(standard, c), bp_of(str(v["adjustment_pct"])));
    const auto l = power_factor_line("M1", base, standard, c, rule);
    EXPECT_EQ(l.unrounded, bill::exact_money::parse(str(v["adjustment_exact"])));
    EXPECT_EQ(l.amount, bill::exact_money::parse(str(v["adjustment"])));
    EXPECT_EQ(l.component, submeter::bill::component::power_factor);
    ++checked;
  }
  EXPECT_EQ(checked, 6);
}

TEST(PowerFactor, TheLineStatesCosPhiStandardPercentageAndBase) {
  const auto l = power_factor_line("M1", bill::exact_money::parse("100000"), pf_standard::s0_90, 85,
                                   bill::rounding_rule{});
  EXPECT_EQ(l.amount, bill::exact_money::parse("2500"));
  EXPECT_EQ(l.explanation,
            "cos φ 0.85 vs standard 0.90: +2.50 % × base 100,000.00 (basic + energy, PF-3/PF-4) "
            "= 2,500.00");
  EXPECT_EQ(l.unit_price, bill::line_price::parse("0.025"));
  EXPECT_EQ(l.quantity, bill::line_quantity::parse("100000"));
  // A configurable base: energy only.
  std::vector<bill::line> lines(2);
  lines[0].component = submeter::bill::component::capacity;
  lines[0].amount = bill::exact_money::parse("10400");
  lines[1].component = submeter::bill::component::energy;
  lines[1].amount = bill::exact_money::parse("50000");
  const auto only_energy = power_factor_line(
      "M1", lines, energy::parse("100000"), reactive_energy::parse("62000"), std::nullopt,
      pf_standard::s0_90, bill::rounding_rule{}, {submeter::bill::component::energy});
  EXPECT_EQ(only_energy.amount, bill::exact_money::parse("1250"));
  EXPECT_EQ(only_energy.explanation,
            "W_P 100,000.00 kWh, W_Q 62,000.00 kvarh; cos φ 0.85 vs standard 0.90: +2.50 % × base "
            "50,000.00 (energy, PF-3/PF-4) = 1,250.00");
}

TEST(PowerFactor, RefusesBadInput) {
  const auto none = error_of([] { (void)cos_phi(energy{}, reactive_energy::parse("10")); });
  EXPECT_EQ(none.code(), errc::inconsistent);
  EXPECT_EQ(none.context_value("kvarh"), "10");
  EXPECT_EQ(error_of([] { (void)cos_phi(energy{}, reactive_energy{}); }).code(),
            errc::inconsistent);
  EXPECT_EQ(error_of([] { (void)cos_phi(energy::parse("-1"), reactive_energy{}); }).code(),
            errc::invalid_argument);
  EXPECT_EQ(error_of([] { (void)parse_pf_standard("0.95"); }).code(), errc::invalid_argument);
  EXPECT_EQ(error_of([] { (void)adjustment_basis_points(pf_standard::s0_90, 101); }).code(),
            errc::invalid_argument);
}

// The exact decision agrees with a long-double reference wherever the reference is not near a
// rounding edge (there it cannot be trusted; that is why the engine compares exactly).
RC_GTEST_PROP(PowerFactorProperty, ExactAgreesWithFloatingPointAwayFromEdges, ()) {
  const auto p = *rc::gen::inRange<std::int64_t>(1, 100000000000);
  const auto q = *rc::gen::inRange<std::int64_t>(0, 100000000000);
  const long double pl = static_cast<long double>(p);
  const long double ql = static_cast<long double>(q);
  const long double c = pl / std::sqrt(pl * pl + ql * ql) * 100.0L;
  const long double frac = c - std::floor(c);
  RC_PRE(std::fabs(frac - 0.5L) > 1e-9L);
  const int expected = static_cast<int>(std::floor(c + 0.5L));
  RC_ASSERT(cos_phi_hundredths(energy::from_mantissa(p), reactive_energy::from_mantissa(q)) ==
            expected);
}

}  // namespace
