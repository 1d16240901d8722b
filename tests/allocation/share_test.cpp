// Tests of include/submeter/allocation/share.hpp, driven by tests/data/vectors/allocation.json
// › common_area_vectors (CA-1..CA-4, ALLOC-LR), plus properties and bad input.
#include "submeter/allocation/share.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "support/error_of.hpp"
#include "vectors.hpp"

namespace {

using namespace submeter;
using namespace submeter::allocation;
using test_support::dec;
using test_support::error_of;

const money fen = money::parse("0.01");

// Builds the sharers of a common-area vector: every known item field is read.
std::vector<sharer> sharers_of(const nlohmann::json& v) {
  std::vector<sharer> out;
  for (const auto& it : v["items"]) {
    sharer s;
    s.id = it["id"].get<std::string>();
    if (it.contains("area_m2")) s.floor_area = dec<area>(it["area_m2"]);
    if (it.contains("sqft")) s.floor_area = dec<area>(it["sqft"]);
    if (it.contains("occupants")) s.headcount = std::stoll(it["occupants"].get<std::string>());
    if (it.contains("ratio_pct"))
      s.custom_ratio =
          divide<ratio>(dec<ratio>(it["ratio_pct"]), ratio::from_integer(100), rounding::half_up);
    if (it.contains("kwh")) s.consumption = dec<energy>(it["kwh"]);
    if (it.contains("water_m3")) s.water = dec<volume>(it["water_m3"]);
    if (it.contains("fixed")) s.fixed_amount = dec<money>(it["fixed"]);
    if (it.contains("bedrooms")) {
      s.weight =
          dec<ratio>(it["bedrooms"]) +
          multiply<ratio>(ratio::parse("0.5"), dec<ratio>(it["bathrooms"]), rounding::half_up);
    }
    if (it.contains("days_occupied")) {
      s.occupied = occupancy{std::stoll(it["days_occupied"].get<std::string>()),
                             std::stoll(it["days_in_cycle"].get<std::string>())};
    }
    out.push_back(s);
  }
  return out;
}

share_method method_of(const std::string& id) {
  static const std::map<std::string, basis> single{{"ca-mall", basis::area},
                                                   {"ca-equal-3", basis::equal},
                                                   {"ca-equal-neg", basis::equal},
                                                   {"ca-area", basis::area},
                                                   {"ca-custom", basis::custom_ratio},
                                                   {"ca-headcount", basis::headcount},
                                                   {"ca-rubs-sqft", basis::area},
                                                   {"ca-rubs-bedbath", basis::weight},
                                                   {"ca-pump-by-water", basis::water},
                                                   {"ca-occupancy", basis::equal},
                                                   {"ca-demand-by-kwh", basis::consumption},
                                                   {"ca-demand-by-area", basis::area}};
  if (id == "ca-combo") {
    return share_method::make(
        {{basis::area, ratio::parse("0.5")}, {basis::headcount, ratio::parse("0.5")}});
  }
  return share_method::by(single.at(id));
}

TEST(Share, EveryCommonAreaVector) {
  const auto doc = test_support::allocation_vectors();
  int seen = 0;
  for (const auto& v : doc["common_area_vectors"]) {
    const auto id = v["id"].get<std::string>();
    SCOPED_TRACE(id);
    ++seen;
    const auto sharers = sharers_of(v);
    if (id == "ca-fixed") {
      const auto r = share_fixed(dec<money>(v["common_area_amount"]), sharers);
      for (std::size_t k = 0; k < sharers.size(); ++k)
        EXPECT_EQ(r.parts[k], dec<money>(v["expected"][k]));
      EXPECT_EQ(r.total, dec<money>(v["expected_sum"]));
      EXPECT_EQ(r.unrecovered, dec<money>(v["expected_unrecovered"]));
      ASSERT_EQ(r.warnings.size(), 1u);
      EXPECT_EQ(r.warnings[0].code, "fixed_amounts_under_recover");
      continue;
    }
    const auto r = share(dec<money>(v["amount"]), sharers, method_of(id), dec<money>(v["unit"]));
    money sum{};
    for (std::size_t k = 0; k < sharers.size(); ++k) {
      EXPECT_EQ(r.parts[k], dec<money>(v["expected"][k])) << sharers[k].id;
      sum += r.parts[k];
    }
    EXPECT_EQ(sum, dec<money>(v["expected_sum"]));
    EXPECT_EQ(r.part_of(sharers[0].id), r.parts[0]);
  }
  EXPECT_EQ(seen, 14);
}

TEST(Share, MallExample) {
  // CA-1: building 100,000, shops metered 70,000, common area 30,000; a shop with 10 % of the
  // area pays 3,000 (allocation.json › ca-mall, with its building and shop figures).
  const auto doc = test_support::allocation_vectors();
  for (const auto& v : doc["common_area_vectors"]) {
    if (v["id"] != "ca-mall") continue;
    const auto common = dec<money>(v["building_bill"]) - dec<money>(v["shops_metered"]);
    EXPECT_EQ(common, dec<money>(v["common_area_amount"]));
    const auto lines = share_lines(submeter::bill::component::common_area, common, sharers_of(v),
                                   share_method::by(basis::area), bill::rounding_rule{});
    ASSERT_EQ(lines.size(), 5u);
    EXPECT_EQ(lines[0].amount, bill::exact_money::parse("3000"));
    EXPECT_EQ(lines[0].component, submeter::bill::component::common_area);
    EXPECT_EQ(lines[0].payer, "S1");
    EXPECT_EQ(lines[0].meter_id, "");
    EXPECT_EQ(lines[0].explanation, "share of 30,000.00 common_area by area = 3,000.00");
    bill::exact_money sum{};
    for (const auto& l : lines) sum += l.amount;
    EXPECT_EQ(sum, rescale<bill::exact_money>(common));
  }
}

TEST(Share, EnergyAndMoneyUseTheSameSplit) {
  std::vector<sharer> s(3);
  s[0].id = "A";
  s[1].id = "B";
  s[2].id = "C";
  const auto e =
      share(energy::parse("10"), s, share_method::by(basis::equal), energy::parse("0.01"));
  const auto m = share(money::parse("10"), s, share_method::by(basis::equal), fen);
  for (std::size_t k = 0; k < 3; ++k) EXPECT_EQ(e.parts[k].mantissa(), m.parts[k].mantissa());
}

TEST(Share, VacancyPolicies) {
  std::vector<sharer> s(2);
  s[0].id = "occupied";
  s[0].floor_area = area::parse("100");
  s[1].id = "vacant";
  s[1].floor_area = area::parse("100");
  s[1].vacant = true;
  const auto total = money::parse("300");
  EXPECT_EQ(share(total, s, share_method::by(basis::area), fen).parts[1], money::parse("150"));
  EXPECT_EQ(share(total, s,
                  share_method::make({{basis::area, ratio::from_integer(1)}},
                                     vacancy_policy::pays_share, ratio::parse("0.5")),
                  fen)
                .parts[1],
            money::parse("100"));
  EXPECT_EQ(share(total, s,
                  share_method::make({{basis::area, ratio::from_integer(1)}},
                                     vacancy_policy::pays_nothing),
                  fen)
                .parts[1],
            money{});
}

TEST(Share, SiteChargeByDemandForTheTwoPartTariff) {
  std::vector<sharer> s(3);
  s[0].id = "A";
  s[0].demand = power::parse("120");
  s[1].id = "B";
  s[1].demand = power::parse("80");
  s[2].id = "C";
  s[2].demand = power::parse("0");
  const auto lines = share_lines(submeter::bill::component::demand, money::parse("4600.005"), s,
                                 share_method::by(basis::demand), bill::rounding_rule{});
  // 4600.005 is billed to the fen first (half-up 4600.01), then split 3:2:0.
  EXPECT_EQ(lines[0].amount, bill::exact_money::parse("2760.01"));
  EXPECT_EQ(lines[1].amount, bill::exact_money::parse("1840.00"));
  EXPECT_EQ(lines[2].amount, bill::exact_money{});
  EXPECT_EQ(lines[0].component, submeter::bill::component::demand);
  EXPECT_EQ(lines[0].explanation, "share of 4,600.01 demand by demand = 2,760.01");
}

TEST(Share, MixtureIsDescribed) {
  const auto m = share_method::make(
      {{basis::area, ratio::parse("0.5")}, {basis::consumption, ratio::parse("0.5")}});
  EXPECT_EQ(m.describe(), "50% area + 50% consumption");
}

TEST(Share, BadInput) {
  std::vector<sharer> s(2);
  s[0].id = "A";
  s[1].id = "B";
  // zero total weight: refused
  auto e = error_of([&] { (void)share(fen, s, share_method::by(basis::area), fen); });
  EXPECT_EQ(e.code(), errc::invalid_argument);
  EXPECT_EQ(e.context_value("basis"), "area");
  // ... but a zero total with zero weights is fine (nothing to share)
  EXPECT_EQ(share(money{}, s, share_method::by(basis::area), fen).parts[0], money{});
  // negative area: refused, naming the tenant
  s[1].floor_area = area::parse("-1");
  e = error_of([&] { (void)share(fen, s, share_method::by(basis::equal), fen); });
  EXPECT_EQ(e.code(), errc::invalid_argument);
  EXPECT_EQ(e.context_value("sharer"), "B");
  EXPECT_EQ(e.context_value("field"), "floor_area");
  s[1].floor_area = area{};
  // custom ratios not adding up to 1: refused (not normalised)
  s[0].custom_ratio = ratio::parse("0.5");
  s[1].custom_ratio = ratio::parse("0.4");
  e = error_of([&] { (void)share(fen, s, share_method::by(basis::custom_ratio), fen); });
  EXPECT_EQ(e.code(), errc::inconsistent);
  EXPECT_EQ(e.context_value("sum"), "0.9");
  // mixture fractions not adding up to 1: refused
  EXPECT_EQ(error_of([] {
              (void)share_method::make(
                  {{basis::area, ratio::parse("0.5")}, {basis::equal, ratio::parse("0.6")}});
            }).code(),
            errc::inconsistent);
  EXPECT_EQ(error_of([] {
              (void)share_method::make(
                  {{basis::area, ratio::parse("0.5")}, {basis::area, ratio::parse("0.5")}});
            }).code(),
            errc::invalid_argument);
  EXPECT_EQ(error_of([] { (void)share_method::make({}); }).code(), errc::invalid_argument);
  EXPECT_EQ(error_of([] {
              (void)share_method::make({{basis::area, ratio::from_integer(1)}},
                                       vacancy_policy::pays_share, ratio::parse("1.5"));
            }).code(),
            errc::invalid_argument);
  // duplicate sharer, no sharers, bad occupancy
  s[1].id = "A";
  EXPECT_EQ(error_of([&] { (void)share(fen, s, share_method::by(basis::equal), fen); }).code(),
            errc::duplicate);
  EXPECT_EQ(error_of([] {
              (void)share(fen, std::vector<sharer>{}, share_method::by(basis::equal), fen);
            }).code(),
            errc::invalid_argument);
  s[1].id = "B";
  s[1].occupied = occupancy{31, 30};
  EXPECT_EQ(error_of([&] { (void)share(fen, s, share_method::by(basis::equal), fen); }).code(),
            errc::invalid_argument);
  // a total that is not a whole number of units
  s[1].occupied.reset();
  EXPECT_EQ(error_of([&] {
              (void)share(money::parse("0.005"), s, share_method::by(basis::equal), fen);
            }).code(),
            errc::invalid_argument);
}

// Largest remainder is not population-monotone (the "population paradox" of Hamilton's
// method): when a vacant tenant becomes occupied under "by consumption", everyone else's EXACT
// share falls, yet one tenant's ROUNDED share can rise by one unit. Weights 25 : 35 : 940 of 10
// fen give 0 / 0 / 10; X's weight 25 → 32 gives 0 / 1 / 9.
TEST(Share, ARoundedShareCanRiseByOneUnitWhenAnotherTenantMovesIn) {
  std::vector<sharer> s(3);
  s[0].id = "X";
  s[0].consumption = energy::parse("32");
  s[0].vacant = true;
  s[1].id = "J";
  s[1].consumption = energy::parse("35");
  s[2].id = "I";
  s[2].consumption = energy::parse("940");
  const auto method = share_method::make({{basis::consumption, ratio::from_integer(1)}},
                                         vacancy_policy::pays_share, ratio::parse("0.78125"));
  const auto before = share(money::parse("0.10"), s, method, fen);
  s[0].vacant = false;
  const auto after = share(money::parse("0.10"), s, method, fen);
  EXPECT_EQ(before.parts[1], money{});
  EXPECT_EQ(after.parts[1], fen);
}

// Random sharers; call inside a property.
std::vector<sharer> random_sharers() {
  const int n = *rc::gen::inRange<int>(1, 12);
  {
    std::vector<sharer> out(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
      auto& s = out[static_cast<std::size_t>(i)];
      s.id = "T" + std::to_string(i);
      s.consumption = energy::from_mantissa(*rc::gen::inRange<std::int64_t>(0, 100'000'000'000));
      s.floor_area = area::from_mantissa(*rc::gen::inRange<std::int64_t>(1, 100'000'000));
      s.headcount = *rc::gen::inRange<std::int64_t>(0, 50);
      s.vacant = *rc::gen::inRange(0, 4) == 0;
      if (*rc::gen::inRange(0, 4) == 0) {
        const auto days = *rc::gen::inRange<std::int64_t>(28, 32);
        s.occupied = occupancy{*rc::gen::inRange<std::int64_t>(0, days + 1), days};
      }
    }
    out[0].consumption = energy::from_mantissa(1 + out[0].consumption.mantissa());
    out[0].headcount += 1;
    out[0].vacant = false;
    out[0].occupied.reset();
    return out;
  }
}

RC_GTEST_PROP(Share, PartsAlwaysAddUpToTheTotal, ()) {
  const auto sharers = random_sharers();
  const auto total =
      money::from_mantissa(*rc::gen::inRange<std::int64_t>(-1'000'000'000, 1'000'000'000) * 100);
  const auto which = *rc::gen::inRange(0, 4);
  const auto policy = static_cast<vacancy_policy>(*rc::gen::inRange(0, 3));
  share_method m = share_method::by(basis::equal);
  if (which == 0)
    m = share_method::make({{basis::consumption, ratio::from_integer(1)}}, policy,
                           ratio::parse("0.3"));
  if (which == 1)
    m = share_method::make({{basis::area, ratio::from_integer(1)}}, policy, ratio::parse("0.3"));
  if (which == 2)
    m = share_method::make({{basis::area, ratio::parse("0.5")},
                            {basis::consumption, ratio::parse("0.25")},
                            {basis::headcount, ratio::parse("0.25")}},
                           policy, ratio::parse("0.3"));
  const auto r = share(total, sharers, m, fen);
  money sum{};
  for (const auto& p : r.parts) {
    sum += p;
    RC_ASSERT(p.mantissa() % fen.mantissa() == 0);
    RC_ASSERT(p.sign() * total.sign() >= 0);
  }
  RC_ASSERT(sum == total);
}

// Moving a tenant from vacant to occupied under "by consumption" never raises anyone else's
// exact share, so no one else's rounded share rises by more than the one unit largest
// remainder can add (see the population-paradox test above), and the total is still exact.
RC_GTEST_PROP(Share, MovingInNeverRaisesOthersBeyondRounding, ()) {
  auto sharers = random_sharers();
  for (auto& s : sharers) s.occupied.reset();
  sharer mover;
  mover.id = "mover";
  mover.consumption = energy::from_mantissa(*rc::gen::inRange<std::int64_t>(0, 100'000'000'000));
  sharers.push_back(mover);
  const auto who = sharers.size() - 1;  // sharers[0] is occupied with consumption > 0
  sharers[who].vacant = true;
  const auto policy = *rc::gen::element(vacancy_policy::pays_share, vacancy_policy::pays_nothing);
  const auto m = share_method::make({{basis::consumption, ratio::from_integer(1)}}, policy,
                                    ratio::parse("0.4"));
  const auto total = money::from_mantissa(*rc::gen::inRange<std::int64_t>(1, 1'000'000'000) * 100);
  const auto before = share(total, sharers, m, fen);
  sharers[who].vacant = false;
  const auto after = share(total, sharers, m, fen);
  for (std::size_t i = 0; i < sharers.size(); ++i) {
    if (i == who) continue;
    RC_ASSERT(after.parts[i] <= before.parts[i] + fen);
  }
  RC_ASSERT(after.parts[who] >= before.parts[who]);
}

// detail::check_sharers against the check it replaced (issue 23: a hash table probed per sharer,
// now the ids' hashes sorted by slot), kept here verbatim but for its name: for random sharers
// with repeated ids and negative or bad fields, the same error (code, sentence, context: the
// same sharer named) or none.
void old_check_sharers(const std::vector<sharer>& sharers) {
  if (sharers.empty()) throw error(errc::invalid_argument, "a share needs at least one sharer");
  std::size_t size = 16;
  while (size < 2 * sharers.size()) size *= 2;
  constexpr std::size_t empty = static_cast<std::size_t>(-1);
  struct slot {
    std::size_t hash;
    std::size_t index;
  };
  std::vector<slot> table(size, slot{0, empty});
  const std::hash<std::string_view> hash;
  for (std::size_t i = 0; i < sharers.size(); ++i) {
    const std::string_view id = sharers[i].id;
    const std::size_t h = hash(id);
    for (std::size_t at = h & (size - 1);; at = (at + 1) & (size - 1)) {
      if (table[at].index == empty) {
        table[at] = slot{h, i};
        break;
      }
      if (table[at].hash == h && sharers[table[at].index].id == id)
        throw error(errc::duplicate, "a sharer is listed twice", {{"sharer", sharers[i].id}});
    }
  }
  for (const auto& s : sharers) {
    const auto bad = [&s](const char* field, std::string value) {
      throw error(errc::invalid_argument, "a sharer's weight must not be negative",
                  {{"sharer", s.id}, {"field", field}, {"value", std::move(value)}});
    };
    if (s.consumption.is_negative()) bad("consumption", s.consumption.to_string());
    if (s.water.is_negative()) bad("water", s.water.to_string());
    if (s.floor_area.is_negative()) bad("floor_area", s.floor_area.to_string());
    if (s.headcount < 0) bad("headcount", std::to_string(s.headcount));
    if (s.custom_ratio.is_negative()) bad("custom_ratio", s.custom_ratio.to_string());
    if (s.demand.is_negative()) bad("demand", s.demand.to_string());
    if (s.weight.is_negative()) bad("weight", s.weight.to_string());
    if (s.fixed_amount.is_negative()) bad("fixed_amount", s.fixed_amount.to_string());
    if (s.occupied && (s.occupied->days_in_period <= 0 || s.occupied->days_occupied < 0 ||
                       s.occupied->days_occupied > s.occupied->days_in_period)) {
      throw error(errc::invalid_argument, "days occupied must be within 0..days in the period",
                  {{"sharer", s.id},
                   {"days_occupied", std::to_string(s.occupied->days_occupied)},
                   {"days_in_period", std::to_string(s.occupied->days_in_period)}});
    }
  }
}

template <class F>
std::string share_check_error_text(F&& f) {
  try {
    f();
  } catch (const error& e) {
    std::string s = std::string(to_string(e.code())) + ": " + e.message();
    for (const auto& c : e.context()) s += " [" + c.key + "=" + c.value + "]";
    return s;
  }
  return "";
}

RC_GTEST_PROP(Share, CheckSharersNamesWhatTheHashTableCheckNamed, ()) {
  const auto n = *rc::gen::inRange<std::size_t>(0, 40);
  const auto pool_size = *rc::gen::inRange<std::size_t>(1, 2 * n + 2);
  std::vector<sharer> sharers(n);
  for (auto& s : sharers) {
    s.id = "T" + std::to_string(*rc::gen::inRange<std::size_t>(0, pool_size));
    const auto field = *rc::gen::inRange(0, 40);  // mostly valid
    if (field == 0) s.consumption = energy::from_mantissa(-1);
    if (field == 1) s.water = volume::from_mantissa(-2);
    if (field == 2) s.floor_area = area::from_mantissa(-3);
    if (field == 3) s.headcount = -1;
    if (field == 4) s.custom_ratio = ratio::from_mantissa(-4);
    if (field == 5) s.demand = power::from_mantissa(-5);
    if (field == 6) s.weight = ratio::from_mantissa(-6);
    if (field == 7) s.fixed_amount = money::from_mantissa(-7);
    if (field == 8) s.occupied = occupancy{31, 30};
    if (field == 9) s.occupied = occupancy{0, 0};
    if (field == 10) s.occupied = occupancy{-1, 30};
    if (field == 11) s.occupied = occupancy{10, 30};
  }
  RC_ASSERT(share_check_error_text([&] { allocation::detail::check_sharers(sharers); }) ==
            share_check_error_text([&] { old_check_sharers(sharers); }));
}

// Many sharers (several radix passes), one id repeated far down the list, another after it.
TEST(Share, RepeatedSharerAmongManyIsNamedAsBefore) {
  std::vector<sharer> sharers(20'000);
  for (std::size_t i = 0; i < sharers.size(); ++i) {
    sharers[i].id = "T" + std::to_string(i);
    sharers[i].consumption = energy::from_mantissa(static_cast<std::int64_t>(i));
  }
  EXPECT_EQ(share_check_error_text([&] { allocation::detail::check_sharers(sharers); }), "");
  sharers[19'000].id = "T12345";
  sharers[19'500].id = "T42";
  sharers[18'000].consumption = energy::from_mantissa(-1);
  const auto e = share_check_error_text([&] { allocation::detail::check_sharers(sharers); });
  EXPECT_EQ(e, share_check_error_text([&] { old_check_sharers(sharers); }));
  EXPECT_EQ(e, "duplicate: a sharer is listed twice [sharer=T12345]");
}

}  // namespace
