// Tests of include/submeter/core/time_text.hpp: append_local_time appends every time exactly as
// local_interval::format prints it (itself checked against snprintf in time_test.cpp).
#include "submeter/core/time_text.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <random>
#include <string>

namespace {

using namespace submeter;
using namespace std::chrono_literals;

local_time text_at(const char* text) { return parse_local_time(text); }

TEST(LocalTimeText, PrintsAsFormat) {
  EXPECT_EQ(local_time_text(text_at("2026-07-01T10:00")), "2026-07-01T10:00:00");
  EXPECT_EQ(local_time_text(text_at("2024-02-29T23:59:59")), "2024-02-29T23:59:59");
  EXPECT_EQ(local_time_text(text_at("0000-01-01T00:00")), "0000-01-01T00:00:00");
  EXPECT_EQ(local_time_text(last_printable_local_time), "9999-12-31T23:59:59");
  EXPECT_EQ(local_time_text(local_time{}), "1970-01-01T00:00:00");
}

TEST(LocalTimeText, AppendsToWhatIsThere) {
  std::string s = "reading/M-1/";
  append_local_time(s, text_at("2026-07-01T10:00"));
  EXPECT_EQ(s, "reading/M-1/2026-07-01T10:00:00");
}

TEST(LocalTimeText, YearsOutsideFourDigitsAreFormatsOwn) {
  for (const local_time t : {last_printable_local_time + 1s, text_at("0000-01-01T00:00") - 1s,
                             text_at("0000-01-01T00:00") - 24h * 365 * 30,
                             local_time{std::chrono::seconds{std::int64_t{1} << 40}}}) {
    EXPECT_EQ(local_time_text(t), local_interval::format(t));
  }
}

TEST(LocalTimeText, EqualsFormatOnRandomTimes) {
  std::mt19937_64 gen(17);
  // Years about −300..10300: both sides of the four-digit range, every second of a day.
  std::uniform_int_distribution<std::int64_t> secs(-71'500'000'000LL, 263'000'000'000LL);
  for (int i = 0; i < 200'000; ++i) {
    const local_time t{std::chrono::seconds{secs(gen)}};
    ASSERT_EQ(local_time_text(t), local_interval::format(t)) << t.time_since_epoch().count();
  }
  // Every second of two days around a month end.
  for (local_time t = text_at("2026-07-31T00:00"); t < text_at("2026-08-02T00:00"); t += 1s) {
    ASSERT_EQ(local_time_text(t), local_interval::format(t));
  }
}

}  // namespace
