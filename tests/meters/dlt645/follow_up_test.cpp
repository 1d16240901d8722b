// Tests of submeter/meters/dlt645/follow_up.hpp: an item over three frames (B1, B2, 92).
#include "submeter/meters/dlt645/follow_up.hpp"

#include <gtest/gtest.h>

namespace dlt = submeter::meters::dlt645;
using submeter::decode_status;

namespace {
const auto meter = *dlt::address::parse("000006605518");

dlt::read_response reply(std::uint8_t control, std::vector<std::uint8_t> data) {
  std::vector<std::uint8_t> plain{0x01, 0x00, 0x01,
                                  0x04};  // DI 04010001 (daily table 1), DI0 first
  plain.insert(plain.end(), data.begin(), data.end());
  const auto wire = dlt::encode(meter, dlt::control{control}, plain);
  return *dlt::decode_read_response(*dlt::decode(wire).value).value;
}
}  // namespace

TEST(dlt645_follow_up, three_frames_make_one_item) {
  dlt::follow_up_reader r(0x04010001);
  EXPECT_EQ(r.accept(reply(0xB1, {0x01, 0x00, 0x08})), decode_status::need_more);
  const auto ask = dlt::decode_request(*dlt::decode(r.next_request(meter)).value);
  ASSERT_TRUE(ask.ok());
  EXPECT_EQ(ask.value->control.code, 0x12);
  EXPECT_EQ(ask.value->di, 0x04010001u);
  EXPECT_EQ(ask.value->sequence, std::uint8_t{1});
  EXPECT_EQ(r.accept(reply(0xB2, {0x02, 0x00, 0x12, /*SEQ*/ 0x01})), decode_status::need_more);
  EXPECT_EQ(r.accept(reply(0x92, {0x03, 0x00, 0x22, /*SEQ*/ 0x02})), decode_status::ok);
  EXPECT_TRUE(r.complete());
  EXPECT_EQ(r.frames(), 3);
  EXPECT_EQ(r.data(),
            (std::vector<std::uint8_t>{0x01, 0x00, 0x08, 0x02, 0x00, 0x12, 0x03, 0x00, 0x22}));
  // the collected rows decode by the catalogue: 3 hhmmNN rows
  const auto* e = dlt::find_di(0x04010001);
  const auto rows = dlt::decode_item(r.data(), *e, 0x04010001);
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows.value->size(), 3u);
  EXPECT_EQ(rows.value->at(1).text, "120002");  // 12:00, tariff 2
}

TEST(dlt645_follow_up, a_single_frame_item_is_complete_at_once) {
  dlt::follow_up_reader r(0x04010001);
  EXPECT_EQ(r.accept(reply(0x91, {0x01, 0x00, 0x08})), decode_status::ok);
  EXPECT_EQ(r.accept(reply(0x92, {0x02, 0x00, 0x12, 0x01})),
            decode_status::unsupported);  // already done
}

TEST(dlt645_follow_up, out_of_order_and_foreign_replies_are_refused) {
  dlt::follow_up_reader r(0x04010001);
  EXPECT_EQ(r.accept(reply(0xB2, {0x02, 0x00, 0x12, 0x01})),
            decode_status::bad_value);  // no first frame
  EXPECT_EQ(r.accept(reply(0xB1, {0x01, 0x00, 0x08})), decode_status::need_more);
  EXPECT_EQ(r.accept(reply(0x92, {0x03, 0x00, 0x22, 0x02})),
            decode_status::bad_value);  // SEQ 2 before 1
  dlt::follow_up_reader other(0x04010002);
  EXPECT_EQ(other.accept(reply(0xB1, {0x01, 0x00, 0x08})), decode_status::unsupported);
  const auto abnormal = dlt::encode(meter, dlt::control{0xD2}, std::vector<std::uint8_t>{0x02});
  EXPECT_EQ(r.accept(*dlt::decode_read_response(*dlt::decode(abnormal).value).value),
            decode_status::unsupported);
  EXPECT_EQ(r.frames(), 1);
}
