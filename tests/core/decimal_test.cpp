#include "submeter/core/decimal.hpp"
#include "submeter/core/quantity.hpp"

#include <gtest/gtest.h>

namespace {
using namespace submeter;
TEST(Decimal, ParsesAndPrints) { EXPECT_EQ(money::parse("1.5").to_string(), "1.5000"); }
}  // namespace
