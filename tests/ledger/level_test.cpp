// Tests of include/submeter/ledger/level.hpp: PP-2 level boundaries, which levels trip (PP-3), and
// the PP-1 parameters' refusals.
#include <gtest/gtest.h>

#include "submeter/ledger/level.hpp"
#include "support.hpp"
#include "support/error_of.hpp"

namespace submeter::ledger {
namespace {

using test::yuan;

TEST(level_of, boundaries_of_pp_2) {
  const auto p = level_params::make(yuan("50"), yuan("20"), yuan("30"), yuan("10"));
  EXPECT_EQ(level_of(yuan("50.01"), p), level::normal);
  EXPECT_EQ(level_of(yuan("50"), p), level::alarm1);
  EXPECT_EQ(level_of(yuan("20.01"), p), level::alarm1);
  EXPECT_EQ(level_of(yuan("20"), p), level::alarm2);
  EXPECT_EQ(level_of(yuan("0.01"), p), level::alarm2);
  EXPECT_EQ(level_of(yuan("0"), p), level::overdraft);
  EXPECT_EQ(level_of(yuan("-29.99"), p), level::overdraft);
  EXPECT_EQ(level_of(yuan("-30"), p), level::exhausted);
  const auto hard = level_params::make(yuan("10"), yuan("5"), yuan("0"), yuan("5"));
  EXPECT_EQ(level_of(yuan("0"), hard), level::exhausted);
  EXPECT_TRUE(trips(level::alarm2));
  EXPECT_FALSE(trips(level::alarm1));
}

TEST(level_params, refuses_bad_thresholds) {
  EXPECT_EQ(test_support::error_of([&] {
              (void)level_params::make(yuan("10"), yuan("20"), yuan("0"), yuan("0"));
            }).code(),
            errc::invalid_argument);
  EXPECT_EQ(test_support::error_of([&] {
              (void)level_params::make(yuan("10"), yuan("0"), yuan("-1"), yuan("0"));
            }).code(),
            errc::invalid_argument);
  EXPECT_EQ(test_support::error_of([&] {
              (void)level_params::make(yuan("10"), yuan("0"), yuan("0"), yuan("0"), yuan("0"));
            }).code(),
            errc::invalid_argument);
}

}  // namespace
}  // namespace submeter::ledger
