// src/render: text, JSON and CSV bills; the streaming JSON writer (render/json_writer.hpp) against
// nlohmann::json's dump, whose bytes it must reproduce.
#include "render/render.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "io/site_loader.hpp"
#include "render/json_writer.hpp"
#include "submeter/site/run.hpp"
#include "support/error_of.hpp"

namespace {

using submeter::bill::billing_period;

class Rendered : public ::testing::Test {
 protected:
  const submeter::site::site site =
      submeter::io::load_site(std::string(SUBMETER_TEST_DATA) + "/sites/good");
  const billing_period period = billing_period::parse("2026-07");
  const std::vector<submeter::site::tenant_bill> bills =
      submeter::site::run_site(site, period).bills;
};

TEST(FormatTime, MinutesAndSeconds) {
  EXPECT_EQ(submeter::render::format_time(submeter::parse_local_time("2026-07-31T23:50")),
            "2026-07-31T23:50");
  EXPECT_EQ(submeter::render::format_time(submeter::parse_local_time("2026-07-31T23:50:07")),
            "2026-07-31T23:50:07");
}

// Test Plaza (tests/data/sites/good): T-1 flat 0.73, M-1 1000.00 → 2234.56 = 1234.56 kWh,
// × 0.73 = 901.2288 → 901.23. T-2 tou, M-2 ×40: sharp 10.25 × 40 = 410 × 1.35 = 553.50;
// peak 30 × 40 = 1200 × 1.08 = 1296.00; flat 25 × 40 = 1000 × 0.60 = 600.00;
// valley 35.25 × 40 = 1410 × 0.24 = 338.40; total 2787.90.
TEST_F(Rendered, TextShowsReadingsLinesAndTotals) {
  const auto text = submeter::render::bills_text(site, period, bills);
  EXPECT_NE(text.find("Test Plaza - electricity bills for 2026-07 (CNY)"), std::string::npos);
  EXPECT_NE(text.find("Rounding: half_up to 0.01 per line"), std::string::npos);
  EXPECT_NE(text.find("1,234.56 kWh × 0.73 = 901.23"), std::string::npos);
  EXPECT_NE(text.find("Total: 901.23 CNY"), std::string::npos);
  EXPECT_NE(text.find("1,410.00 kWh × 0.24 = 338.40"), std::string::npos);
  EXPECT_NE(text.find("Total: 2,787.90 CNY"), std::string::npos);
  EXPECT_NE(text.find("Site total: 3,689.13 CNY over 2 tenants"), std::string::npos);
}

TEST_F(Rendered, JsonHasDecimalStringsOnly) {
  const auto doc = nlohmann::json::parse(submeter::render::bills_json(site, period, bills));
  EXPECT_EQ(doc.at("format"), "submeter-bills-v0");
  EXPECT_EQ(doc.at("site_total"), "3689.13");
  const auto& t2 = doc.at("bills").at(1);
  EXPECT_EQ(t2.at("total"), "2787.90");
  EXPECT_EQ(t2.at("meters").at(0).at("multiplier"), "40");
  EXPECT_EQ(t2.at("lines").at(0).at("amount"), "553.50");
  EXPECT_EQ(t2.at("lines").at(0).at("register_name"), "sharp");
  // No JSON number carries a quantity, price or amount.
  for (const auto& line : t2.at("lines")) {
    for (const char* key : {"quantity", "unit_price", "unrounded", "amount"}) {
      EXPECT_TRUE(line.at(key).is_string()) << key;
    }
  }
}

// The ostream forms write exactly what the string forms return, with and without the site report.
TEST_F(Rendered, StreamAndStringFormsAgree) {
  const auto run = submeter::site::run_site(site, period);
  for (const submeter::site::site_report* report :
       {static_cast<const submeter::site::site_report*>(nullptr), &run.report}) {
    std::ostringstream json_out;
    submeter::render::write_bills_json(json_out, site, period, run.bills, report);
    EXPECT_EQ(json_out.str(), submeter::render::bills_json(site, period, run.bills, report));
    std::ostringstream text;
    submeter::render::write_bills_text(text, site, period, run.bills, report);
    EXPECT_EQ(text.str(), submeter::render::bills_text(site, period, run.bills, report));
  }
  std::ostringstream report_text;
  submeter::render::write_site_report_text(report_text, site, run.report);
  EXPECT_EQ(report_text.str(), submeter::render::site_report_text(site, run.report));
  EXPECT_NE(report_text.str().find("== Site summary 2026-07 =="), std::string::npos);
  std::ostringstream csv;
  submeter::render::write_bills_csv(csv, period, run.bills);
  EXPECT_EQ(csv.str(), submeter::render::bills_csv(period, run.bills));
}

// The whole document, report included, is laid out as nlohmann's dump(2) of itself: parsing it
// (keys kept in order) and dumping it again gives the same bytes.
TEST_F(Rendered, JsonIsLaidOutAsNlohmannDumps) {
  const auto run = submeter::site::run_site(site, period);
  const auto text = submeter::render::bills_json(site, period, run.bills, &run.report);
  EXPECT_EQ(nlohmann::ordered_json::parse(text).dump(2) + "\n", text);
  EXPECT_EQ(text.back(), '\n');
}

// A warning's context given a key twice is written as the ordered_json built by `ctx[k] = v` was:
// one member, in the key's first place, with its last value.
TEST_F(Rendered, JsonContextKeyGivenTwiceKeepsFirstPlaceLastValue) {
  auto run = submeter::site::run_site(site, period);
  run.report.warnings.push_back(
      {"test_code", "a \"test\" warning", {{"meter", "M-1"}, {"at", "2026-07"}, {"meter", "M-2"}}});
  nlohmann::ordered_json expected = nlohmann::ordered_json::object();
  for (const auto& c : run.report.warnings.back().context) expected[c.key] = c.value;
  const auto doc = nlohmann::ordered_json::parse(
      submeter::render::bills_json(site, period, run.bills, &run.report));
  const auto& w = doc.at("report").at("warnings").back();
  EXPECT_EQ(w.at("message"), "a \"test\" warning");
  EXPECT_EQ(w.at("context").dump(), expected.dump());
  EXPECT_EQ(w.at("context").dump(), R"({"meter":"M-2","at":"2026-07"})");
}

// issue 16 #6: a text cell a spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets a
// leading "'"; number cells never do ("-494.45" is a number). Quoting per RFC 4180 still applies.
TEST_F(Rendered, CsvTextCellsThatLookLikeFormulasAreNotFormulas) {
  auto hostile = bills;
  hostile[0].tenant_id = "=1+1";
  hostile[1].tenant_id = "=HYPERLINK(\"http://evil.example\",\"pay here\")";
  hostile[1].tariff_id = "@SUM(A1)";
  auto& line = hostile[0].lines.at(0);
  line.explanation = "-2+3";
  line.register_name = "\tpeak";
  line.unit = "+kWh";
  line.amount = -line.amount;  // a refund: a negative number, not a formula
  const auto csv = submeter::render::bills_csv(period, hostile);
  EXPECT_EQ(csv.find("\r\n=1+1,"), std::string::npos) << csv;
  EXPECT_NE(csv.find("\r\n'=1+1,2026-07,"), std::string::npos) << csv;
  EXPECT_NE(
      csv.find(
          "\r\n\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"pay here\"\")\",2026-07,'@SUM(A1),"),
      std::string::npos)
      << csv;
  EXPECT_NE(csv.find(",'\tpeak,"), std::string::npos) << csv;
  EXPECT_NE(csv.find(",'+kWh,"), std::string::npos) << csv;
  EXPECT_NE(csv.find(",-901.23,'-2+3\r\n"), std::string::npos) << csv;
  // The good site's own CSV has no guarded cell.
  EXPECT_EQ(submeter::render::bills_csv(period, bills).find('\''), std::string::npos);
}

// --- json_writer ------------------------------------------------------------------------------

using submeter::render::json_string;
using submeter::render::json_writer;

std::string nlohmann_string(const std::string& s) { return nlohmann::json(s).dump(); }

// put_json_string into a buffer of json_string_bound bytes, cut to what it wrote.
std::string put_string(const std::string& s) {
  std::string out(submeter::render::json_string_bound(s.size()), '\0');
  out.resize(
      static_cast<std::size_t>(submeter::render::put_json_string(out.data(), s) - out.data()));
  return out;
}

TEST(JsonString, EscapesAsNlohmann) {
  const std::vector<std::string> cases = {
      "",
      "plain ASCII 0.73 yuan/kWh",
      "a \"quoted\" word",
      "back\\slash and \\\" both",
      "C:\\meters\\M-01",
      "line 1\nline 2\r\n\ttabbed",
      "bell\a backspace\b formfeed\f vtab\v esc\x1b us\x1f del\x7f",
      std::string("nul \0 inside", 12),
      "转供电电费 (Mode A): 茶室 T-01, 1,234.56 kWh × 0.73 = 901.23 元",
      "emoji \xF0\x9F\x94\x8C and ⚡ and é",
      "\"转\"\\供\n电\x01",
  };
  for (const auto& s : cases) {
    EXPECT_EQ(json_string(s), nlohmann_string(s)) << s;
    EXPECT_EQ(put_string(s), nlohmann_string(s)) << s;
  }
  // Every single byte below 0x80.
  for (int c = 0; c < 0x80; ++c) {
    const std::string s(1, static_cast<char>(c));
    EXPECT_EQ(json_string(s), nlohmann_string(s)) << c;
    EXPECT_EQ(put_string(s), nlohmann_string(s)) << c;
  }
  // The bound is reached: every byte a \u00xx escape.
  const std::string controls(9, '\x01');
  EXPECT_EQ(put_string(controls).size(), submeter::render::json_string_bound(controls.size()));
  EXPECT_EQ(json_string("\x1f"), "\"\\u001f\"");  // lower-case hex, as nlohmann
  EXPECT_EQ(json_string("电"), "\"电\"");         // UTF-8 passed through, not \u escaped
}

// The escaper skips eight plain bytes at a time: every byte it must look at (each control
// character, '"', '\\', DEL, a byte of multi-byte UTF-8, an invalid byte) is found at every
// place within and across those blocks, in strings of every length around them.
TEST(JsonString, FindsEverySpecialByteAtEveryPlace) {
  std::vector<std::string> specials = {"\"",       "\\",           "\x7f",
                                       "\xc3\xa9", "\xe7\x94\xb5", "\xF0\x9F\x94\x8C"};
  for (int c = 0; c < 0x20; ++c) specials.emplace_back(1, static_cast<char>(c));
  const std::string plain = "abcdefghijklmnopqrstuvwx ./0123456789:;<=>?@[]^_`{|}~";
  for (std::size_t length = 0; length <= 24; ++length) {
    for (std::size_t at = 0; at <= length; ++at) {
      for (const auto& special : specials) {
        const auto s = plain.substr(0, at) + special + plain.substr(at, length - at);
        ASSERT_EQ(json_string(s), nlohmann_string(s)) << length << " " << at;
        ASSERT_EQ(put_string(s), nlohmann_string(s)) << length << " " << at;
      }
      const auto bad = plain.substr(0, at) + "\xff" + plain.substr(at, length - at);
      const auto e = submeter::test_support::error_of([&] { (void)json_string(bad); });
      ASSERT_EQ(e.context_value("index"), std::to_string(at));
      ASSERT_EQ(e.context_value("byte"), "0xFF");
      const auto put = submeter::test_support::error_of([&] { (void)put_string(bad); });
      ASSERT_EQ(put.code(), submeter::errc::invalid_argument);
      ASSERT_EQ(put.context_value("index"), std::to_string(at));
      ASSERT_EQ(put.context_value("byte"), "0xFF");
    }
  }
}

TEST(JsonString, RefusesInvalidUtf8AsNlohmannDoes) {
  const std::vector<std::string> bad = {
      "\xff",              // never in UTF-8
      "ab\x80",            // a lone continuation byte
      "\xc0\xaf",          // overlong '/'
      "\xe0\x80\xaf",      // overlong, 3 bytes
      "\xed\xa0\x80",      // a UTF-16 surrogate
      "\xf4\x90\x80\x80",  // above U+10FFFF
      "\xe7\x94",          // truncated at the end
      "\xe7\x94x",         // truncated before ASCII
  };
  for (const auto& s : bad) {
    EXPECT_THROW((void)nlohmann_string(s), nlohmann::json::type_error) << s;
    const auto e = submeter::test_support::error_of([&] { (void)json_string(s); });
    EXPECT_EQ(e.code(), submeter::errc::invalid_argument) << e.what();
    EXPECT_FALSE(e.context_value("index").empty()) << e.what();
    const auto put = submeter::test_support::error_of([&] { (void)put_string(s); });
    EXPECT_EQ(put.code(), submeter::errc::invalid_argument) << put.what();
    EXPECT_EQ(put.context_value("index"), e.context_value("index")) << put.what();
    EXPECT_EQ(put.context_value("byte"), e.context_value("byte")) << put.what();
  }
  const auto e = submeter::test_support::error_of([] { (void)json_string("ok\xffno"); });
  EXPECT_EQ(e.context_value("byte"), "0xFF");
  EXPECT_EQ(e.context_value("index"), "2");
}

// Any string of code points (U+0000..U+10FFFF, surrogates left out) encodes as nlohmann encodes it.
RC_GTEST_PROP(JsonStringProperties, ValidUtf8EscapesAsNlohmann,
              (const std::vector<std::uint32_t>& raw)) {
  std::string s;
  for (const auto r : raw) {
    // Mostly ASCII and control characters, some CJK, some astral.
    std::uint32_t cp = r % 4 == 0 ? r % 0x110000 : r % 4 == 1 ? 0x4E00 + r % 0x5200 : r % 0x80;
    if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0xFFFD;
    if (cp < 0x80) {
      s += static_cast<char>(cp);
    } else if (cp < 0x800) {
      s += static_cast<char>(0xC0 | (cp >> 6));
      s += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      s += static_cast<char>(0xE0 | (cp >> 12));
      s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      s += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      s += static_cast<char>(0xF0 | (cp >> 18));
      s += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      s += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }
  RC_ASSERT(json_string(s) == nlohmann_string(s));
  RC_ASSERT(put_string(s) == nlohmann_string(s));
}

// Any bytes at all: the same string when nlohmann accepts them, a refusal when it refuses them.
RC_GTEST_PROP(JsonStringProperties, AnyBytesAsNlohmann, (const std::string& s)) {
  std::string expected;
  bool refused = false;
  try {
    expected = nlohmann_string(s);
  } catch (const nlohmann::json::type_error&) {
    refused = true;
  }
  if (refused) {
    RC_ASSERT_THROWS_AS((void)json_string(s), submeter::error);
    RC_ASSERT_THROWS_AS((void)put_string(s), submeter::error);
  } else {
    RC_ASSERT(json_string(s) == expected);
    RC_ASSERT(put_string(s) == expected);
  }
}

// Nested containers, empty ones, booleans and integers at their limits, in dump(2)'s layout; the
// bytes do not depend on the block size the writer passes to the stream.
TEST(JsonWriter, WritesWhatDump2Writes) {
  nlohmann::ordered_json expected;
  expected["format"] = "submeter-bills-v0";
  expected["empty_array"] = nlohmann::ordered_json::array();
  expected["empty_object"] = nlohmann::ordered_json::object();
  expected["list"] = {"a", "转\"供\"电", "\n"};
  expected["nested"] = {{"yes", true},
                        {"no", false},
                        {"min", std::numeric_limits<std::int64_t>::min()},
                        {"max", std::numeric_limits<std::uint64_t>::max()},
                        {"zero", 0},
                        {"deeper", {{"x", nlohmann::ordered_json::array()}, {"y", {1, -2, 3}}}}};
  expected["objects"] = {{{"k", "v"}}, nlohmann::ordered_json::object()};
  const auto write = [](std::ostream& out, std::size_t block) {
    json_writer w(out, block);
    w.begin_object();
    w.key("format").value("submeter-bills-v0");
    w.key("empty_array").begin_array().end_array();
    w.key("empty_object").begin_object().end_object();
    w.key("list").strings({"a", "转\"供\"电", "\n"});
    w.key("nested").begin_object();
    w.key("yes").value(true);
    w.key("no").value(false);
    w.key("min").value(std::numeric_limits<std::int64_t>::min());
    w.key("max").value(std::numeric_limits<std::uint64_t>::max());
    w.key("zero").value(0);
    w.key("deeper").begin_object();
    w.key("x").begin_array().end_array();
    w.key("y").begin_array().value(1).value(-2).value(std::size_t{3}).end_array();
    w.end_object();
    w.end_object();
    w.key("objects").begin_array();
    w.begin_object().key("k").value("v").end_object();
    w.begin_object().end_object();
    w.end_array();
    w.end_object();
    w.finish();
  };
  for (const std::size_t block : {std::size_t{1}, std::size_t{7}, std::size_t{1} << 16}) {
    std::ostringstream out;
    write(out, block);
    EXPECT_EQ(out.str(), expected.dump(2) + "\n") << block;
  }
  std::ostringstream scalar;
  json_writer(scalar).value("电").finish();
  EXPECT_EQ(scalar.str(), nlohmann::json("电").dump(2) + "\n");
}

}  // namespace
