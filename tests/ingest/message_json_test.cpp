// Tests of src/ingest/message_json.hpp: strict and exact, never a throw.
#include "ingest/message_json.hpp"

#include <gtest/gtest.h>

#include <string>

namespace submeter::ingest {
namespace {

TEST(read_message_json, keeps_decimals_as_written) {
  const auto d = read_message_json(R"({"a": 1234.56, "b": 7, "c": "8.10", "e": 1e3, "n": null})");
  ASSERT_TRUE(d.json) << d.why;
  EXPECT_EQ((*d.json)["a"], "1234.56");
  EXPECT_EQ((*d.json)["b"], 7);
  EXPECT_EQ((*d.json)["c"], "8.10");
  EXPECT_EQ((*d.json)["e"], "1e3");
}

TEST(read_message_json, refuses_with_a_reason) {
  EXPECT_EQ(read_message_json(R"({"a":1,"a":2})").why, "a key is given twice in one object: a");
  EXPECT_NE(read_message_json("{").why.find("not JSON at byte"), std::string::npos);
  EXPECT_NE(read_message_json("").why.find("not JSON"), std::string::npos);
  EXPECT_NE(read_message_json("\"\xff\"").why.find("not JSON"), std::string::npos);
  std::string deep(40, '[');
  deep += std::string(40, ']');
  EXPECT_EQ(read_message_json(deep).why, "nested deeper than 16 levels");
  message_limits small;
  small.max_bytes = 4;
  EXPECT_EQ(read_message_json("[1,2,3]", small).why, "larger than 4 bytes");
  EXPECT_FALSE(read_message_json("[1] 2").json);
}

}  // namespace
}  // namespace submeter::ingest
