// Tests of include/submeter/core/error.hpp and result.hpp.
#include "submeter/core/error.hpp"

#include <gtest/gtest.h>

#include <string>

#include "submeter/core/result.hpp"

namespace {

using namespace submeter;

TEST(Error, CarriesCodeMessageAndContext) {
  const error e(errc::inconsistent, "reading goes backwards",
                {{"meter", "M-07"}, {"value", "10.5"}, {"previous", "12"}});
  EXPECT_EQ(e.code(), errc::inconsistent);
  EXPECT_EQ(e.message(), "reading goes backwards");
  EXPECT_EQ(std::string(e.what()),
            "inconsistent: reading goes backwards [meter=M-07, value=10.5, previous=12]");
  EXPECT_EQ(e.context_value("meter"), "M-07");
  EXPECT_EQ(e.context_value("absent"), "");
  const error f = e.with("file", "readings.csv");
  EXPECT_EQ(f.context().size(), 4u);
  EXPECT_EQ(f.context_value("file"), "readings.csv");
  EXPECT_EQ(e.context().size(), 3u);
}

TEST(Error, IsARuntimeErrorAndNamesEveryCode) {
  EXPECT_THROW(throw error(errc::parse, "x"), std::runtime_error);
  EXPECT_EQ(std::string(error(errc::parse, "x").what()), "parse: x");
  for (auto c : {errc::parse, errc::invalid_argument, errc::out_of_order, errc::not_found,
                 errc::duplicate, errc::inconsistent, errc::unsupported}) {
    EXPECT_NE(to_string(c), "unknown");
  }
}

TEST(DecodeResult, SuccessAndFailure) {
  const auto ok = decode_result<int>::success(42, 12);
  EXPECT_TRUE(ok.ok());
  EXPECT_TRUE(static_cast<bool>(ok));
  EXPECT_EQ(*ok.value, 42);
  EXPECT_EQ(ok.consumed, 12u);
  constexpr auto bad = decode_result<int>::failure(decode_status::bad_checksum, 1);
  static_assert(!bad.ok());
  EXPECT_FALSE(bad.value.has_value());
  EXPECT_EQ(bad.consumed, 1u);
  EXPECT_EQ(to_string(bad.status), "bad_checksum");
  const decode_result<int> fresh;
  EXPECT_EQ(fresh.status, decode_status::need_more);
}

TEST(DecodeResult, InPlaceBuildsTheValueFromItsArguments) {
  // A value with a non-trivial destructor, built where it lies (decoders fill it afterwards).
  auto r = decode_result<std::string>::in_place(decode_status::ok, 7, std::size_t{3}, 'x');
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.consumed, 7u);
  ASSERT_TRUE(r.value.has_value());
  EXPECT_EQ(*r.value, "xxx");
  r.value->push_back('y');
  EXPECT_EQ(*r.value, "xxxy");
  const auto empty = decode_result<std::string>::in_place(decode_status::bad_value, 0);
  EXPECT_EQ(empty.status, decode_status::bad_value);
  ASSERT_TRUE(empty.value.has_value());  // the caller resets it on an error
  EXPECT_EQ(*empty.value, "");
}

}  // namespace
