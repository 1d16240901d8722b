// Compile-time tests of the dimension algebra (the failing direction is in tests/compile_fail).
#include "submeter/core/dimension.hpp"

#include <gtest/gtest.h>

#include <type_traits>

#include "submeter/core/quantity.hpp"

namespace {

using namespace submeter;
namespace d = submeter::dimension;

template <class A, class B, class = void>
struct has_product : std::false_type {};
template <class A, class B>
struct has_product<A, B, std::void_t<typename d::product<A, B>::type>> : std::true_type {};

static_assert(std::is_same_v<d::product<d::energy, d::price_of<d::energy>>::type, d::money>);
static_assert(std::is_same_v<d::product<d::price_of<d::volume>, d::volume>::type, d::money>);
static_assert(std::is_same_v<d::product<d::power, d::ratio>::type, d::power>);
static_assert(std::is_same_v<d::product<d::ratio, d::ratio>::type, d::ratio>);
static_assert(std::is_same_v<d::quotient<d::money, d::energy>::type, d::price_of<d::energy>>);
static_assert(std::is_same_v<d::quotient<d::energy, d::energy>::type, d::ratio>);
static_assert(std::is_same_v<d::quotient<d::money, d::ratio>::type, d::money>);
static_assert(!has_product<d::energy, d::price_of<d::volume>>::value);
static_assert(!has_product<d::energy, d::energy>::value);
static_assert(!has_product<d::money, d::money>::value);
static_assert(
    std::is_same_v<decltype(multiply(energy{}, energy_price{}, rounding::half_up)), money>);
static_assert(std::is_same_v<decltype(divide(money{}, volume{}, rounding::half_up)), volume_price>);
static_assert(!std::is_convertible_v<double, money>);
static_assert(!std::is_constructible_v<money, double>);
static_assert(!std::is_constructible_v<money, energy>);
static_assert(money::one == 10000 && energy_price::one == 1000000 && ratio::one == 1000000000);
static_assert(sizeof(money) == sizeof(std::int64_t));
static_assert(std::is_trivially_copyable_v<money>);

TEST(Dimension, UnitsNameTheirQuantities) {
  EXPECT_EQ(energy::dimension::unit, "kWh");
  EXPECT_EQ(volume_price::dimension::unit, "yuan/m3");
  EXPECT_EQ(money::dimension::name, "money");
}

}  // namespace
