// Tests of submeter/meters/dlt645/control.hpp.
#include "submeter/meters/dlt645/control.hpp"

#include <gtest/gtest.h>

namespace dlt = submeter::meters::dlt645;

TEST(dlt645_control, bits_of_the_control_byte) {
  const dlt::control b1{0xB1};
  EXPECT_TRUE(b1.is_reply());
  EXPECT_FALSE(b1.is_abnormal());
  EXPECT_TRUE(b1.has_follow_up());
  EXPECT_EQ(b1.function_code(), 0x11);
  const dlt::control d1{0xD1};
  EXPECT_TRUE(d1.is_reply());
  EXPECT_TRUE(d1.is_abnormal());
  EXPECT_FALSE(d1.has_follow_up());
}

TEST(dlt645_control, request_and_reply_codes) {
  EXPECT_EQ(dlt::control::request(dlt::function::read).code, 0x11);
  EXPECT_EQ(dlt::control::reply_to(dlt::function::read).code, 0x91);
  EXPECT_EQ(dlt::control::reply_to(dlt::function::read, true).code, 0xD1);
  EXPECT_EQ(dlt::control::reply_to(dlt::function::relay_control).code, 0x9C);
  EXPECT_EQ(dlt::control::reply_to(dlt::function::relay_control, true).code, 0xDC);
}

TEST(dlt645_control, function_names_and_editions) {
  EXPECT_EQ(dlt::function_name(0x13), "read_address");
  EXPECT_EQ(dlt::function_name(0x1C), "relay_control");
  EXPECT_EQ(dlt::function_name(0x01), "unknown");
  EXPECT_TRUE(dlt::is_2007_function(0x11));
  EXPECT_FALSE(dlt::is_2007_function(0x01));
  EXPECT_TRUE(dlt::is_1997_function(0x01));
  EXPECT_TRUE(dlt::is_1997_function(0x10));
  EXPECT_FALSE(dlt::is_1997_function(0x11));
}

TEST(dlt645_control, error_word_bits) {
  const dlt::error_word no_data{0x02};
  EXPECT_TRUE(no_data.no_requested_data());
  EXPECT_TRUE(no_data.is_not_supported());
  EXPECT_FALSE(no_data.other_error());
  const dlt::error_word pw{0x04};
  EXPECT_TRUE(pw.unauthorised());
  EXPECT_FALSE(pw.is_not_supported());
  EXPECT_EQ(pw.names(), std::vector<std::string>{"unauthorised"});
  const dlt::error_word all{0x7F};
  EXPECT_EQ(all.names(),
            (std::vector<std::string>{"other_error", "no_requested_data", "unauthorised",
                                      "baud_rate_unchangeable", "too_many_year_zones",
                                      "too_many_daily_periods", "too_many_tariffs"}));
  EXPECT_FALSE(all.is_not_supported());
}
