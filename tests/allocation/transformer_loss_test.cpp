// Tests of include/submeter/allocation/transformer_loss.hpp, driven by
// tests/data/vectors/transformer_loss.json (TXL-1, TXL-3).
#include "submeter/allocation/transformer_loss.hpp"

#include <gtest/gtest.h>

#include "submeter/allocation/share.hpp"
#include "support/error_of.hpp"
#include "vectors.hpp"

namespace {

using namespace submeter;
using namespace submeter::allocation;
using test_support::dec;
using test_support::error_of;
using pct4 = decimal<dimension::ratio, 4>;
using kw9 = decimal<dimension::power, 9>;

const nlohmann::json& loss_vector_of(const nlohmann::json& doc, const std::string& id) {
  for (const auto& v : doc["vectors"])
    if (v["id"] == id) return v;
  throw std::runtime_error("no vector " + id);
}

transformer_nameplate plate(const nlohmann::json& in) {
  transformer_nameplate n{};
  if (in.contains("P0_kw")) n.no_load_loss = dec<power>(in["P0_kw"]);
  if (in.contains("Pk_kw")) n.load_loss = dec<power>(in["Pk_kw"]);
  n.rated_capacity = dec<power>(in["Sn_kva"]);
  if (in.contains("I0_pct")) n.no_load_current_pct = dec<ratio>(in["I0_pct"]);
  if (in.contains("Uk_pct")) n.impedance_voltage_pct = dec<ratio>(in["Uk_pct"]);
  return n;
}

transformer_period period(const nlohmann::json& in) {
  return {dec<ratio>(in["T_h"]), dec<energy>(in["A_P_kwh"]), dec<reactive_energy>(in["A_Q_kvarh"])};
}

TEST(TransformerLoss, FormulaVectorsWithAGivenK) {
  const auto doc = test_support::transformer_vectors();
  for (const char* id : {"txl-s13-k1", "txl-s13-k105"}) {
    SCOPED_TRACE(id);
    const auto& v = loss_vector_of(doc, id);
    const auto& in = v["inputs"];
    const auto r =
        transformer_loss_formula(plate(in), period(in), loss_factor::of(dec<ratio>(in["K"])));
    const auto& e = v["expected"];
    EXPECT_EQ(r.iron, dec<energy>(e["iron_kwh"]));
    EXPECT_EQ(r.copper, dec<energy>(e["copper_kwh"]));
    EXPECT_EQ(r.total, dec<energy>(e["total_kwh"]));
    EXPECT_EQ(r.average_apparent_power, dec<power>(e["S_avg_kva_4dp"]));
    // β² truncated to 9 places is the vector's 10-place truncation cut once more.
    const auto beta10 = e["beta_squared_truncated_10dp"].get<std::string>();
    EXPECT_EQ(r.beta_squared, ratio::parse(beta10.substr(0, beta10.size() - 1)));
    // The copper term to 1e-4, truncated, agrees with the exact value's digits.
    const auto fine =
        transformer_loss_formula(plate(in), period(in), loss_factor::of(dec<ratio>(in["K"])),
                                 energy::parse("0.0001"), rounding::toward_zero);
    const auto exact8 = e["copper_kwh_exact_truncated_8dp"].get<std::string>();
    EXPECT_EQ(fine.copper, energy::parse(exact8.substr(0, exact8.size() - 4)));
    // loss % of A_P to 4 places
    EXPECT_EQ(divide<pct4>(multiply<energy>(r.total, ratio::from_integer(100), rounding::half_up),
                           period(in).active, rounding::half_up),
              dec<pct4>(e["loss_pct_of_A_P"]));
  }
}

TEST(TransformerLoss, FormulaVectorWithKFromCurrents) {
  const auto doc = test_support::transformer_vectors();
  const auto& v = loss_vector_of(doc, "txl-s13-kform");
  const auto& in = v["inputs"];
  const auto k = loss_factor::from_currents(dec<ratio>(in["I_rms_a"]), dec<ratio>(in["I_avg_a"]));
  EXPECT_EQ(k.value(rounding::half_up), dec<ratio>(v["expected"]["K"]));
  const auto r = transformer_loss_formula(plate(in), period(in), k);
  EXPECT_EQ(r.iron, dec<energy>(v["expected"]["iron_kwh"]));
  EXPECT_EQ(r.copper, dec<energy>(v["expected"]["copper_kwh"]));
  EXPECT_EQ(r.total, dec<energy>(v["expected"]["total_kwh"]));
}

TEST(TransformerLoss, ReactiveVector) {
  const auto doc = test_support::transformer_vectors();
  const auto& v = loss_vector_of(doc, "txl-s13-reactive");
  const auto& in = v["inputs"];
  const auto r = transformer_reactive_loss_formula(plate(in), period(in),
                                                   loss_factor::of(dec<ratio>(in["K"])));
  EXPECT_EQ(r.no_load, dec<reactive_energy>(v["expected"]["no_load_kvarh"]));
  EXPECT_EQ(r.load, dec<reactive_energy>(v["expected"]["load_kvarh"]));
  EXPECT_EQ(r.total, dec<reactive_energy>(v["expected"]["total_kvarh"]));
}

TEST(TransformerLoss, InstantaneousAndRmsVectors) {
  const auto doc = test_support::transformer_vectors();
  const auto& inst = loss_vector_of(doc, "txl-instant");
  const auto p = transformer_power_loss(dec<power>(inst["inputs"]["P0_kw"]),
                                        dec<power>(inst["inputs"]["Pk_kw"]),
                                        dec<ratio>(inst["inputs"]["beta"]));
  EXPECT_EQ(p, dec<kw9>(inst["expected"]["loss_kw_exact"]));
  EXPECT_EQ(round(p, 2, rounding::half_up), dec<kw9>(inst["expected"]["loss_kw"]));
  const auto& rms = loss_vector_of(doc, "txl-rms");
  EXPECT_EQ(transformer_rms_load_loss(
                dec<power>(rms["inputs"]["Pk_kw"]), dec<ratio>(rms["inputs"]["I_rms_a"]),
                dec<ratio>(rms["inputs"]["I_n_a"]), dec<ratio>(rms["inputs"]["t_h"])),
            dec<energy>(rms["expected"]["load_loss_kwh"]));
}

TEST(TransformerLoss, AllocationVectorBySubMeterKwh) {
  const auto doc = test_support::transformer_vectors();
  const auto& v = loss_vector_of(doc, "txl-alloc-formula");
  std::vector<sharer> subs;
  for (const auto& s : v["sub_meters"]) {
    sharer x;
    x.id = s["id"].get<std::string>();
    x.consumption = dec<energy>(s["kwh"]);
    subs.push_back(x);
  }
  const auto r = share(dec<energy>(v["loss_kwh"]), subs, share_method::by(basis::consumption),
                       energy::parse("0.01"));
  for (std::size_t k = 0; k < subs.size(); ++k)
    EXPECT_EQ(r.parts[k], dec<energy>(v["expected_allocation_kwh"][k]));
}

TEST(TransformerLoss, RefusesBadInput) {
  transformer_nameplate n{power::parse("0.48"), power::parse("3.65"), power{}, {}, {}};
  const transformer_period p{ratio::from_integer(720), energy::parse("1"), reactive_energy{}};
  EXPECT_EQ(error_of([&] { (void)transformer_loss_formula(n, p); }).code(), errc::invalid_argument);
  n.rated_capacity = power::parse("315");
  const transformer_period zero_t{ratio{}, energy::parse("1"), reactive_energy{}};
  EXPECT_EQ(error_of([&] { (void)transformer_loss_formula(n, zero_t); }).code(),
            errc::invalid_argument);
  const transformer_period neg{ratio::from_integer(720), energy::parse("-1"), reactive_energy{}};
  EXPECT_EQ(error_of([&] { (void)transformer_loss_formula(n, neg); }).code(),
            errc::invalid_argument);
  EXPECT_EQ(error_of([] { (void)loss_factor::of(ratio{}); }).code(), errc::invalid_argument);
  EXPECT_EQ(
      error_of([] { (void)loss_factor::from_currents(ratio::from_integer(1), ratio{}); }).code(),
      errc::invalid_argument);
  EXPECT_EQ(error_of([] {
              (void)transformer_rms_load_loss(power::parse("1"), ratio::from_integer(1), ratio{},
                                              ratio::from_integer(1));
            }).code(),
            errc::invalid_argument);
}

TEST(TransformerLoss, NoLoadIsIronOnly) {
  const transformer_nameplate n{
      power::parse("0.48"), power::parse("3.65"), power::parse("315"), {}, {}};
  const auto r =
      transformer_loss_formula(n, {ratio::from_integer(720), energy{}, reactive_energy{}});
  EXPECT_EQ(r.copper, energy{});
  EXPECT_EQ(r.total, energy::parse("345.60"));
}

}  // namespace
