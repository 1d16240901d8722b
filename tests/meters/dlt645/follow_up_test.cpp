// Tests of submeter/meters/dlt645/follow_up.hpp: an item over three frames (B1, B2, 92).
#include "submeter/meters/dlt645/follow_up.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <stdexcept>

namespace dlt = submeter::meters::dlt645;
using submeter::decode_status;

namespace {
const auto follow_up_meter = *dlt::address::parse("000006605518");

// A reply for DI 04010001 (daily table 1) or another DI; the DI goes DI0 first.
dlt::read_response reply(std::uint8_t control, std::vector<std::uint8_t> data,
                         std::uint32_t di = 0x04010001) {
  std::vector<std::uint8_t> plain{static_cast<std::uint8_t>(di), static_cast<std::uint8_t>(di >> 8),
                                  static_cast<std::uint8_t>(di >> 16),
                                  static_cast<std::uint8_t>(di >> 24)};
  plain.insert(plain.end(), data.begin(), data.end());
  const auto wire = dlt::encode(follow_up_meter, dlt::control{control}, plain);
  const auto r = dlt::decode_read_response(*dlt::decode(wire).value);
  if (!r.ok()) throw std::runtime_error("reply does not decode");
  return *r.value;
}
}  // namespace

TEST(dlt645_follow_up, three_frames_make_one_item) {
  dlt::follow_up_reader r(0x04010001);
  EXPECT_EQ(r.accept(reply(0xB1, {0x01, 0x00, 0x08})), decode_status::need_more);
  const auto ask = dlt::decode_request(*dlt::decode(r.next_request(follow_up_meter)).value);
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
  const auto abnormal =
      dlt::encode(follow_up_meter, dlt::control{0xD2}, std::vector<std::uint8_t>{0x02});
  EXPECT_EQ(r.accept(*dlt::decode_read_response(*dlt::decode(abnormal).value).value),
            decode_status::unsupported);
  EXPECT_EQ(r.frames(), 1);
}

RC_GTEST_PROP(dlt645_follow_up, any_split_of_an_item_joins_back,
              (std::vector<std::uint8_t> item, std::vector<std::uint8_t> cuts)) {
  // DI 04A20200 (a vendor item, not catalogued) so that a single 91 frame is not checked against
  // a catalogue format: the property is about joining pieces.
  if (item.size() > 600) item.resize(600);
  // cut the item into pieces of 0..180 bytes (each fits a frame with DI + SEQ)
  std::vector<std::vector<std::uint8_t>> pieces;
  std::size_t at = 0;
  for (const auto c : cuts) {
    if (at >= item.size()) break;
    const std::size_t n = std::min<std::size_t>(c % 181, item.size() - at);
    pieces.emplace_back(item.begin() + static_cast<std::ptrdiff_t>(at),
                        item.begin() + static_cast<std::ptrdiff_t>(at + n));
    at += n;
  }
  while (at < item.size()) {
    const std::size_t n = std::min<std::size_t>(180, item.size() - at);
    pieces.emplace_back(item.begin() + static_cast<std::ptrdiff_t>(at),
                        item.begin() + static_cast<std::ptrdiff_t>(at + n));
    at += n;
  }
  if (pieces.empty()) pieces.emplace_back();
  dlt::follow_up_reader r(0x04A20200);
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    const bool last = i + 1 == pieces.size();
    auto data = pieces[i];
    std::uint8_t control = 0;
    if (i == 0) {
      control = last ? 0x91 : 0xB1;
    } else {
      control = last ? 0x92 : 0xB2;
      data.push_back(static_cast<std::uint8_t>(i));
    }
    const auto s = r.accept(reply(control, data, 0x04A20200));
    RC_ASSERT(s == (last ? decode_status::ok : decode_status::need_more));
  }
  RC_ASSERT(r.data() == item);
  RC_ASSERT(r.frames() == static_cast<int>(pieces.size()));
}
