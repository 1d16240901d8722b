// Tests of src/ingest/reading_files.hpp: readings.csv, JSON lines and captured frames into
// register values; a capture of gateway messages counted by status; readings.csv written back
// byte for byte.
#include "ingest/reading_files.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "ingest_support.hpp"
#include "support/error_of.hpp"

namespace submeter::ingest {
namespace {

using test::at;
using test_support::error_of;

std::string file_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(readings_csv, round_trips_the_example_site_byte_for_byte) {
  const auto path = std::string(SUBMETER_SOURCE_DIR) + "/examples/site/readings.csv";
  const auto text = file_text(path);
  const auto values = parse_readings_csv_values(text, path);
  EXPECT_GT(values.size(), 300u);
  std::ostringstream out;
  write_readings_csv(out, values);
  EXPECT_EQ(out.str(), text);
}

TEST(readings_csv, refuses_with_file_line_and_column) {
  auto e = error_of([] {
    (void)parse_readings_csv_values("meter_id,time,total\nM-1,2026-07-01T00:00,12.3x\n", "r.csv");
  });
  EXPECT_EQ(e.code(), errc::parse);
  EXPECT_EQ(e.context_value("line"), "2");
  EXPECT_EQ(e.context_value("column"), "22");
  EXPECT_EQ(e.context_value("field"), "total");
  e = error_of([] { (void)parse_readings_csv_values("meter,time\n", "r.csv"); });
  EXPECT_EQ(e.context_value("field"), "meter");
  e = error_of([] {
    (void)parse_readings_csv_values("meter_id,time,total\nM-1,2026-07-01T00:00,-1\n", "r.csv");
  });
  EXPECT_EQ(e.code(), errc::invalid_argument);
  e = error_of([] { (void)parse_readings_csv_values("", "r.csv"); });
  EXPECT_EQ(e.context_value("field"), "header");
}

TEST(value_lines, every_field_and_every_refusal) {
  const auto v = parse_value_lines(
      R"({"meter":"M-1","register":2,"time":"2026-07-01T00:15","value":"10.5","received":"2026-07-01T00:16","source":"modbus","quality":"substituted"})"
      "\n\n"
      R"({"meter":"M-1","time":"2026-07-01T00:30","value":"11"})"
      "\n",
      "v.jsonl");
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(v[0].register_number, 2);
  EXPECT_EQ(v[0].received, at("2026-07-01T00:16"));
  EXPECT_EQ(v[0].source, metering::reading_source::modbus);
  EXPECT_EQ(v[0].quality, metering::reading_quality::substituted);
  EXPECT_EQ(v[1].register_number, 0);
  EXPECT_EQ(v[1].source, metering::reading_source::file);
  const char* bad[] = {
      R"({"meter":"M-1","time":"2026-07-01T00:30","value":"11","extra":1})",
      R"({"meter":"M-1","register":9,"time":"2026-07-01T00:30","value":"11"})",
      R"({"meter":"M-1","time":"2026-07-01T00:30","value":11})",
      R"({"meter":"M-1","time":"2026-07-01T00:30","value":"11","source":"gps"})",
      R"({"time":"2026-07-01T00:30","value":"11"})",
      R"([1])",
      R"({"meter":"M-1")",
  };
  for (const char* line : bad) {
    const auto e = error_of([&] { (void)parse_value_lines(std::string("\n") + line, "v.jsonl"); });
    EXPECT_EQ(e.context_value("line"), "2") << line;
    EXPECT_EQ(e.context_value("file"), "v.jsonl");
  }
}

TEST(frames_csv, dlt645_replies_by_address_or_named_meter) {
  parse_result out;
  parse_frames_csv(
      "time,meter,frame\n"
      "2026-07-01T00:00,,68 00 36 19 00 00 00 68 91 18 33 32 34 33 63 69 33 33 89 35 33 33 4C 33 "
      "33 33 6B 33 33 33 4A 66 33 33 E9 16\n"
      "# a comment\n"
      "2026-07-01T00:15,M-7,68 12 90 78 56 34 12 68 91 08 33 33 34 33 89 67 45 33 54 16\n",
      "f.csv", {}, out);
  ASSERT_EQ(out.values.size(), 6u);
  EXPECT_EQ(out.values[0].meter_id, "000000193600");
  EXPECT_EQ(out.values[0].value, energy::parse("36.30"));
  EXPECT_EQ(out.values[0].source, metering::reading_source::dlt645);
  EXPECT_EQ(out.values[5].meter_id, "M-7");
  EXPECT_EQ(out.values[5].value, energy::parse("1234.56"));
  parse_result bad;
  const auto e = error_of([&] {
    parse_frames_csv("time,meter,frame\n2026-07-01T00:00,,68 00 36 19\n", "f.csv", {}, bad);
  });
  EXPECT_EQ(e.context_value("line"), "2");
  EXPECT_EQ(e.context_value("field"), "frame");
}

TEST(capture, counts_messages_by_status_and_takes_the_rest) {
  const auto s = parse_capture(test::vector_text("acrel-backlog.txt"), message_format::acrel, {});
  EXPECT_EQ(s.values.size(), 194u);
  EXPECT_EQ(s.messages[static_cast<std::size_t>(message_status::ok)], 194u);
  EXPECT_EQ(s.messages[static_cast<std::size_t>(message_status::ignored)], 3u);
  const auto t = parse_capture("/x {\"type\":\"data\"}\n\n# c\n{\"type\":\"nope\"}\nnot json\n",
                               message_format::acrel, {});
  EXPECT_EQ(t.messages[static_cast<std::size_t>(message_status::malformed)], 2u);
  EXPECT_EQ(t.messages[static_cast<std::size_t>(message_status::unsupported)], 1u);
  ASSERT_EQ(t.problems.size(), 3u);
  EXPECT_EQ(t.problems[0].substr(0, 17), "line 1: malformed");
}

TEST(write_readings_csv, seconds_more_places_and_a_reading_without_total) {
  std::vector<metering::register_value> v(3);
  v[0].meter_id = "B";
  v[0].time = at("2026-07-01T00:00:30");
  v[0].value = energy::parse("1.2345");
  v[1].meter_id = "A";
  v[1].time = at("2026-07-01T00:00:30");
  v[1].value = energy::parse("2");
  v[2] = v[1];
  v[2].register_number = 6;
  v[2].value = energy::parse("0.5");
  std::ostringstream out;
  write_readings_csv(out, v);
  EXPECT_EQ(out.str(),
            "meter_id,time,total,t1,t2,t3,t4,t5,t6\n"
            "A,2026-07-01T00:00:30,2.00,,,,,,0.50\n"
            "B,2026-07-01T00:00:30,1.2345,,,,,,\n");
  v[1].register_number = 1;
  EXPECT_EQ(error_of([&] { write_readings_csv(out, {v[1]}); }).code(), errc::inconsistent);
}

}  // namespace
}  // namespace submeter::ingest
