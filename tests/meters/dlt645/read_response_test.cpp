// Tests of submeter/meters/dlt645/read_response.hpp: the values of every read-reply vector,
// abnormal replies with their error words, follow-up replies, and unknown DIs kept raw.
#include "submeter/meters/dlt645/read_response.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "vectors.hpp"

namespace dlt = submeter::meters::dlt645;
using submeter::decode_status;
using submeter::meters::test::hex;
using submeter::meters::test::load_vectors;

namespace {

dlt::frame frame_of(const std::string& text) {
  const auto r = dlt::decode(hex(text));
  if (!r.ok()) throw std::runtime_error("vector does not decode");
  return *r.value;
}

}  // namespace

TEST(dlt645_read_response, every_2007_reply_with_a_value_decodes_to_it) {
  const auto doc = load_vectors("dlt645-2007.json");
  int replies = 0;
  for (const auto& v : doc.at("vectors")) {
    const auto& e = v.at("expect");
    const auto f = frame_of(v.at("hex"));
    if (!f.control.is_reply() || (f.control.function_code() != 0x11)) continue;
    SCOPED_TRACE(v.at("id").get<std::string>());
    const auto r = dlt::decode_read_response(f);
    ASSERT_TRUE(r.ok()) << submeter::to_string(r.status);
    ++replies;
    if (e.contains("error_word")) {
      ASSERT_TRUE(r.value->error.has_value());
      EXPECT_EQ(r.value->error->bits, submeter::meters::test::hex_number(e.at("error_word")));
      EXPECT_TRUE(r.value->not_supported());
      EXPECT_EQ(r.value->error->names(), std::vector<std::string>{"no_requested_data"});
      EXPECT_TRUE(r.value->values.empty());
      continue;
    }
    EXPECT_FALSE(r.value->error.has_value());
    EXPECT_EQ(dlt::di_to_string(r.value->di), e.at("di").get<std::string>());
    ASSERT_NE(r.value->entry, nullptr);
    if (e.contains("unit")) {
      EXPECT_EQ(r.value->entry->unit, e.at("unit").get<std::string>());
    }
    if (e.contains("value")) {
      ASSERT_EQ(r.value->values.size(), 1u);
      EXPECT_EQ(r.value->values[0].kind, dlt::value_kind::number);
      // exact: the text carries the format's places ("0.00", "50.03", "226.2")
      EXPECT_EQ(r.value->values[0].number.to_string(), e.at("value").get<std::string>());
    }
    if (e.contains("values")) {
      const auto& vals = e.at("values");
      ASSERT_EQ(r.value->values.size(), 5u);
      const char* names[] = {"total", "T1", "T2", "T3", "T4"};
      for (std::size_t i = 0; i < 5; ++i) {
        EXPECT_EQ(r.value->values[i].number.to_string(), vals.at(names[i]).get<std::string>())
            << names[i];
      }
    }
  }
  EXPECT_EQ(replies, 14);  // 10 value replies + 4 abnormal replies in the file
}

TEST(dlt645_read_response, the_13_frame_stream_decodes_item_by_item) {
  const auto doc = load_vectors("dlt645-2007.json");
  const auto& s = doc.at("stream_vectors").at(0);
  const auto bytes = hex(s.at("hex"));
  std::size_t offset = 0;
  std::size_t i = 0;
  for (const auto& e : s.at("expect_frames")) {
    SCOPED_TRACE(i);
    const auto fr =
        dlt::decode(submeter::meters::byte_span{bytes.data(), bytes.size()}.subspan(offset));
    ASSERT_TRUE(fr.ok());
    offset += fr.consumed;
    EXPECT_EQ(fr.value->address.to_string(), "000006605518");
    const auto r = dlt::decode_read_response(*fr.value);
    ASSERT_TRUE(r.ok());
    if (e.contains("error_word")) {
      EXPECT_TRUE(r.value->not_supported());
    } else {
      EXPECT_EQ(dlt::di_to_string(r.value->di), e.at("di").get<std::string>());
      ASSERT_EQ(r.value->values.size(), 1u);
      const auto& val = r.value->values[0];
      const std::string want = e.at("value");
      if (val.kind == dlt::value_kind::clock) {
        EXPECT_TRUE(val.clock.ok());
        EXPECT_EQ(val.clock.to_string(), want);
        if (e.contains("weekday")) {
          EXPECT_EQ(val.clock.weekday, e.at("weekday").get<int>());
        }
      } else {
        EXPECT_EQ(val.to_string(), want);
      }
    }
    ++i;
  }
  EXPECT_EQ(i, 13u);
  EXPECT_EQ(offset, bytes.size());
}

TEST(dlt645_read_response, every_1997_reply_decodes) {
  const auto doc = load_vectors("dlt645-1997.json");
  int replies = 0;
  for (const auto& v : doc.at("vectors")) {
    const auto f = frame_of(v.at("hex"));
    if (!f.control.is_reply()) continue;
    SCOPED_TRACE(v.at("id").get<std::string>());
    const auto r = dlt::decode_read_response(f, dlt::edition::v1997);
    ASSERT_TRUE(r.ok());
    ++replies;
    EXPECT_EQ(dlt::di_to_string(r.value->di, dlt::edition::v1997),
              v.at("expect").at("di").get<std::string>());
    ASSERT_EQ(r.value->values.size(), 1u);
    EXPECT_EQ(r.value->values[0].number.to_string(), v.at("expect").at("value").get<std::string>());
    EXPECT_EQ(r.value->entry->unit, v.at("expect").at("unit").get<std::string>());
    // A 1997 reply is not a 2007 read reply.
    EXPECT_EQ(dlt::decode_read_response(f).status, decode_status::unsupported);
  }
  EXPECT_EQ(replies, 2);
}

TEST(dlt645_read_response, requests_and_write_replies_are_not_read_replies) {
  EXPECT_EQ(
      dlt::decode_read_response(frame_of("68 AA AA AA AA AA AA 68 11 04 33 33 34 33 AE 16")).status,
      decode_status::unsupported);
}

TEST(dlt645_read_response, follow_up_reply_carries_the_sequence) {
  // 92 reply: DI 00010000, value 12.34, SEQ 02; built with the frame encoder.
  const std::vector<std::uint8_t> data{0x00, 0x00, 0x01, 0x00, 0x34, 0x12, 0x00, 0x00, 0x02};
  const auto wire = dlt::encode(*dlt::address::parse("1"), dlt::control{0xB2}, data);
  const auto r = dlt::decode_read_response(*dlt::decode(wire).value);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r.value->more_follows);
  EXPECT_EQ(r.value->sequence, std::uint8_t{2});
  EXPECT_TRUE(r.value->values.empty());  // a piece of a multi-frame item stays raw
  EXPECT_EQ(r.value->raw, (std::vector<std::uint8_t>{0x34, 0x12, 0x00, 0x00}));
}

TEST(dlt645_read_response, a_first_frame_ending_mid_element_is_kept_raw) {
  // B1: 00010000 with 3 of its 4 bytes; the rest comes in a follow-up frame
  const std::vector<std::uint8_t> data{0x00, 0x00, 0x01, 0x00, 0x34, 0x12, 0x00};
  const auto wire = dlt::encode(dlt::address::wildcard(), dlt::control{0xB1}, data);
  const auto r = dlt::decode_read_response(*dlt::decode(wire).value);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r.value->more_follows);
  EXPECT_FALSE(r.value->sequence.has_value());
  EXPECT_EQ(r.value->raw.size(), 3u);
}

TEST(dlt645_read_response, unknown_di_is_kept_raw) {
  const std::vector<std::uint8_t> data{0x00, 0x02, 0xA2, 0x04, 0x01, 0x02};
  const auto wire = dlt::encode(*dlt::address::parse("1"), dlt::control{0x91}, data);
  const auto r = dlt::decode_read_response(*dlt::decode(wire).value);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value->di, 0x04A20200u);
  EXPECT_EQ(r.value->entry, nullptr);
  EXPECT_TRUE(r.value->values.empty());
  EXPECT_EQ(r.value->raw, (std::vector<std::uint8_t>{0x01, 0x02}));
}

TEST(dlt645_read_response, wrong_item_size_and_bad_bcd_are_refused) {
  // 00010000 with 3 data bytes instead of 4
  const auto short_item =
      dlt::encode(dlt::address::wildcard(), dlt::control{0x91},
                  std::vector<std::uint8_t>{0x00, 0x00, 0x01, 0x00, 0x11, 0x22, 0x33});
  EXPECT_EQ(dlt::decode_read_response(*dlt::decode(short_item).value).status,
            decode_status::bad_length);
  // a nibble above 9
  const auto bad_bcd =
      dlt::encode(dlt::address::wildcard(), dlt::control{0x91},
                  std::vector<std::uint8_t>{0x00, 0x00, 0x01, 0x00, 0x1A, 0x00, 0x00, 0x00});
  EXPECT_EQ(dlt::decode_read_response(*dlt::decode(bad_bcd).value).status,
            decode_status::bad_value);
  // a catalogued DI without its data (2007 and 1997)
  const auto no_data = dlt::encode(dlt::address::wildcard(), dlt::control{0x91},
                                   std::vector<std::uint8_t>{0x00, 0x00, 0x01, 0x00});
  EXPECT_EQ(dlt::decode_read_response(*dlt::decode(no_data).value).status,
            decode_status::bad_length);
  const auto no_data_97 = dlt::encode(dlt::address::wildcard(), dlt::control{0x81},
                                      std::vector<std::uint8_t>{0x10, 0x90});
  EXPECT_EQ(dlt::decode_read_response(*dlt::decode(no_data_97).value, dlt::edition::v1997).status,
            decode_status::bad_length);
  // abnormal reply with two bytes
  const auto bad_abnormal = dlt::encode(dlt::address::wildcard(), dlt::control{0xD1},
                                        std::vector<std::uint8_t>{0x02, 0x00});
  EXPECT_EQ(dlt::decode_read_response(*dlt::decode(bad_abnormal).value).status,
            decode_status::bad_length);
}

TEST(dlt645_read_response, error_word_7F_names_all_seven_bits) {
  const auto wire =
      dlt::encode(dlt::address::wildcard(), dlt::control{0xD1}, std::vector<std::uint8_t>{0x7F});
  const auto r = dlt::decode_read_response(*dlt::decode(wire).value);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r.value->not_supported());
  EXPECT_EQ(r.value->error->names().size(), 7u);
  EXPECT_TRUE(r.value->error->unauthorised());
  EXPECT_TRUE(r.value->error->too_many_tariffs());
}

TEST(dlt645_read_response, a_full_frame_keeps_all_its_bytes_raw) {
  // L = 255: an unknown DI and 251 data bytes, all kept (inline, no allocation).
  std::vector<std::uint8_t> data{0x00, 0x02, 0xA2, 0x04};
  for (int i = 0; i < 251; ++i) data.push_back(static_cast<std::uint8_t>(i));
  const auto wire = dlt::encode(*dlt::address::parse("1"), dlt::control{0x91}, data);
  const auto r = dlt::decode_read_response(*dlt::decode(wire).value);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.consumed, 255u);
  EXPECT_EQ(r.value->raw.size(), 251u);
  EXPECT_EQ(r.value->raw, (std::vector<std::uint8_t>(data.begin() + 4, data.end())));
  EXPECT_EQ(r.value->raw[250], 250);
}

TEST(dlt645_read_response, a_block_past_the_inline_values_decodes_and_copies) {
  // 0201FF00 with 125 phase voltages (2 bytes each, L = 254): the values spill to the heap.
  std::vector<std::uint8_t> data{0x00, 0xFF, 0x01, 0x02};
  for (int i = 0; i < 125; ++i) {
    data.push_back(static_cast<std::uint8_t>(i % 10 * 16));
    data.push_back(0x22);
  }
  const auto wire = dlt::encode(*dlt::address::parse("1"), dlt::control{0x91}, data);
  const auto r = dlt::decode_read_response(*dlt::decode(wire).value);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r.value->values.size(), 125u);
  EXPECT_EQ(r.value->values[0].number.to_string(), "220.0");
  EXPECT_EQ(r.value->values[124].number.to_string(), "224.0");
  EXPECT_EQ(r.value->raw.size(), 250u);

  // Copies (as the Python module keeps one) and moves of a reply hold the same values and bytes.
  const dlt::read_response copy = *r.value;
  ASSERT_EQ(copy.values.size(), 125u);
  EXPECT_EQ(copy.values[124].number, r.value->values[124].number);
  EXPECT_EQ(copy.raw, r.value->raw);
  EXPECT_EQ(copy.entry, r.value->entry);
  dlt::read_response moved = dlt::read_response(copy);
  EXPECT_EQ(moved.values.size(), 125u);
  EXPECT_EQ(moved.raw, copy.raw);
  const auto small = dlt::decode_read_response(frame_of(
      "68 24 02 00 00 00 00 68 91 18 33 32 34 33 C7 47 35 33 37 86 33 33 A7 86 33 33 36 87 33 33 "
      "44 87 33 33 EB 16"));
  ASSERT_TRUE(small.ok());
  moved = *small.value;  // 125 values on the heap replaced by 5 inline
  ASSERT_EQ(moved.values.size(), 5u);
  EXPECT_EQ(moved.values[0].number.to_string(), "214.94");
  EXPECT_EQ(moved.raw.size(), 20u);
}
