// src/io: site.json and readings.csv parsing, and the place every error names.
#include "io/site_loader.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "support/error_of.hpp"

namespace {

using submeter::energy;
using submeter::energy_price;
using submeter::errc;
using submeter::error;
using submeter::ratio;
using submeter::io::parse_site;
using submeter::io::parse_site_json;

const std::string good_json = R"({
  "format": "submeter-site-v0",
  "name": "Test Plaza",
  "currency": "CNY",
  "tariffs": [
    {"id": "flat", "kind": "flat", "energy_price": "0.73"},
    {"id": "tou", "kind": "tou4", "prices": {"peak": "1.08", "valley": "0.24"}}
  ],
  "meters": [{"id": "M-1"}, {"id": "M-2", "multiplier": "40", "tenant": "T-2"}],
  "tenants": [
    {"id": "T-1", "name": "Tea", "tariff": "flat", "meters": ["M-1"]},
    {"id": "T-2", "name": "Bakery", "tariff": "tou", "meters": ["M-2"]}
  ]
})";

const std::string good_csv =
    "meter_id,time,total,t1,t2,t3,t4\r\n"
    "M-1,2026-07-01T00:00,1000,,,,\r\n"
    "\r\n"
    "M-2,2026-07-01T00:00,10,1,2,3,4\r\n";

using submeter::test_support::error_of;

std::string with(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return text.replace(at, from.size(), to);
}

TEST(SiteJson, ReadsTariffsMetersTenantsAndDefaults) {
  const auto doc = parse_site_json(good_json, "site.json");
  EXPECT_EQ(doc.name, "Test Plaza");
  EXPECT_EQ(doc.currency, "CNY");
  EXPECT_EQ(doc.rule.places, 2);
  ASSERT_EQ(doc.tariffs.size(), 2u);
  EXPECT_EQ(doc.tariffs[0].price(0), energy_price::parse("0.73"));
  EXPECT_EQ(doc.tariffs[1].price(2), energy_price::parse("1.08"));
  EXPECT_EQ(doc.tariffs[1].price(4), energy_price::parse("0.24"));
  EXPECT_FALSE(doc.tariffs[1].price(1).has_value());
  EXPECT_EQ(doc.meters[0].multiplier(), ratio::from_integer(1));
  EXPECT_EQ(doc.meters[1].multiplier(), ratio::from_integer(40));
  EXPECT_EQ(doc.tenants[1].meter_ids.at(0), "M-2");
}

TEST(SiteJson, BadJsonNamesLineAndColumn) {
  const auto e = error_of([] {
    (void)parse_site_json("{\n  \"format\": \"submeter-site-v0\",\n  \"name\" \"x\"\n}", "s.json");
  });
  EXPECT_EQ(e.code(), errc::parse);
  EXPECT_EQ(e.context_value("file"), "s.json");
  // The parser stops at the end of the offending token `"x"` (columns 10..12), like nlohmann's
  // own "line 3, column 12".
  EXPECT_EQ(e.context_value("line"), "3");
  EXPECT_EQ(e.context_value("column"), "12");
  EXPECT_NE(e.context_value("detail").find("syntax error"), std::string::npos);
}

TEST(SiteJson, DuplicateKeyIsRefusedWithItsPath) {
  const auto e = error_of([] {
    (void)parse_site_json(with(good_json, "\"energy_price\": \"0.73\"",
                               "\"energy_price\": \"0.73\", \"energy_price\": \"0.1\""),
                          "site.json");
  });
  EXPECT_EQ(e.code(), errc::duplicate);
  EXPECT_EQ(e.context_value("path"), "$.tariffs[0].energy_price");
  const auto e2 = error_of([] {
    (void)parse_site_json(
        with(good_json, "\"name\": \"Bakery\"", "\"name\": \"B\", \"name\": \"C\""), "site.json");
  });
  EXPECT_EQ(e2.context_value("path"), "$.tenants[1].name");
  const auto e3 = error_of([] {
    (void)parse_site_json(
        with(good_json, "\"currency\": \"CNY\"", "\"currency\": \"CNY\", \"currency\": \"USD\""),
        "site.json");
  });
  EXPECT_EQ(e3.context_value("path"), "$.currency");
}

TEST(SiteJson, JsonNumberForAPriceIsRefusedWithItsPath) {
  const auto e =
      error_of([] { (void)parse_site_json(with(good_json, "\"1.08\"", "1.08"), "site.json"); });
  EXPECT_EQ(e.code(), errc::parse);
  EXPECT_EQ(e.context_value("path"), "$.tariffs[1].prices.peak");
  EXPECT_EQ(e.context_value("field"), "peak");
}

TEST(SiteJson, EachMalformedFieldIsNamed) {
  struct bad {
    std::string from, to, path;
    errc code;
  };
  const bad cases[] = {
      {"\"format\": \"submeter-site-v0\",", "", "$.format", errc::parse},
      {"submeter-site-v0", "submeter-site-v9", "$.format", errc::unsupported},
      {"\"0.73\"", "\"0.7.3\"", "$.tariffs[0].energy_price", errc::parse},
      {"\"0.73\"", "\"-0.73\"", "$.tariffs[0].energy_price", errc::invalid_argument},
      {"\"kind\": \"flat\"", "\"kind\": \"tiered\"", "$.tariffs[0].kind", errc::unsupported},
      {"\"energy_price\"", "\"energy_prise\"", "$.tariffs[0].energy_prise", errc::unsupported},
      {"{\"peak\"", "{\"rate9\"", "$.tariffs[1].prices.rate9", errc::unsupported},
      {"\"multiplier\": \"40\"", "\"multiplier\": \"0\"", "$.meters[1].multiplier",
       errc::invalid_argument},
      {"\"multiplier\": \"40\"", "\"multiplier\": 40.5", "$.meters[1].multiplier", errc::parse},
      {"\"tariff\": \"flat\"", "\"tariff\": \"nope\"", "$.tenants[0].tariff", errc::not_found},
      {"[\"M-1\"]", "[\"M-1\", \"M-2\"]", "$.tenants[1].meters[0]", errc::inconsistent},
      {"[\"M-1\"]", "[\"M-3\"]", "$.tenants[0].meters[0]", errc::not_found},
      {"[\"M-1\"]", "[]", "$.tenants[0].meters", errc::invalid_argument},
      {"\"tenant\": \"T-2\"", "\"tenant\": \"T-1\"", "$.meters[1].tenant", errc::inconsistent},
      {"{\"id\": \"M-1\"}", "{\"id\": \"M-2\"}", "$.meters[1].id", errc::duplicate},
      {"\"name\": \"Tea\"", "\"name\": 7", "$.tenants[0].name", errc::parse},
      {"\"tariffs\": [", "\"tariffs\": {\"a\": [", "$.tariffs", errc::parse},
  };
  for (const auto& c : cases) {
    auto text = with(good_json, c.from, c.to);
    if (c.path == "$.tariffs") text = with(text, "],\n  \"meters\"", "]},\n  \"meters\"");
    const auto e = error_of([&] { (void)parse_site_json(text, "site.json"); });
    EXPECT_EQ(e.context_value("file"), "site.json") << c.to;
    EXPECT_EQ(e.context_value("path"), c.path) << c.to << ": " << e.what();
    EXPECT_EQ(e.code(), c.code) << c.to << ": " << e.what();
  }
}

TEST(ReadingsCsv, ReadsReadingsWithEmptyRegisters) {
  const auto site = parse_site(good_json, "site.json", good_csv, "readings.csv");
  const auto* m1 = site.series("M-1");
  ASSERT_NE(m1, nullptr);
  ASSERT_EQ(m1->readings().size(), 1u);
  EXPECT_EQ(m1->readings()[0].total, energy::parse("1000"));
  EXPECT_FALSE(m1->readings()[0].rate(1).has_value());
  const auto* m2 = site.series("M-2");
  ASSERT_NE(m2, nullptr);
  EXPECT_EQ(m2->readings()[0].rate(4), energy::parse("4"));
}

TEST(ReadingsCsv, EachMalformedCellIsNamedByLineColumnAndField) {
  struct bad {
    std::string csv;
    std::string line, column, field;
    errc code;
  };
  const std::string h = "meter_id,time,total,t1,t2,t3,t4\n";
  const bad cases[] = {
      {h + "M-9,2026-07-01T00:00,1,,,,\n", "2", "1", "meter_id", errc::not_found},
      {h + "M-1,2026-07-01,1,,,,\n", "2", "5", "time", errc::parse},
      {h + "M-1,2026-07-01T00:00,,,,,\n", "2", "22", "total", errc::parse},
      {h + "M-1,2026-07-01T00:00,1e3,,,,\n", "2", "22", "total", errc::parse},
      {h + "M-1,2026-07-01T00:00,1,,,\n", "2", "26", "t4", errc::parse},
      {h + "M-2,2026-07-01T00:00,1,1,2,3,4\nM-2,2026-08-01T00:00,2,2,1,3,4\n", "3", "26", "t2",
       errc::inconsistent},
      {h + "M-1,2026-08-01T00:00,1,,,,\nM-1,2026-07-01T00:00,2,,,,\n", "3", "5", "time",
       errc::out_of_order},
      {h + "M-1,2026-08-01T00:00,1,,,,\nM-1,2026-08-01T00:00,1,,,,\n", "3", "5", "time",
       errc::duplicate},
      {"meter,time,total\n", "1", "1", "meter", errc::parse},
      {h + "\"M-1\",2026-07-01T00:00,1,,,,\n", "2", "1", "meter_id", errc::parse},
  };
  for (const auto& c : cases) {
    const auto e = error_of([&] { (void)parse_site(good_json, "site.json", c.csv, "r.csv"); });
    EXPECT_EQ(e.context_value("file"), "r.csv") << c.csv;
    EXPECT_EQ(e.context_value("line"), c.line) << c.csv << e.what();
    EXPECT_EQ(e.context_value("column"), c.column) << c.csv << e.what();
    EXPECT_EQ(e.context_value("field"), c.field) << c.csv << e.what();
    EXPECT_EQ(e.code(), c.code) << c.csv << e.what();
  }
}

TEST(ReadingsCsv, ShorterHeaderWithoutRegistersIsAccepted) {
  const auto site =
      parse_site(good_json, "site.json", "meter_id,time,total\nM-1,2026-07-01T00:00,5\n", "r.csv");
  EXPECT_EQ(site.series("M-1")->readings().size(), 1u);
}

TEST(SiteJson, IdsAndNamesFollowTheOneRule) {
  // issue 16 #3, #15: ids reach file names and terminals; names reach text bills.
  struct bad {
    std::string from, to, path;
  };
  const bad cases[] = {
      {R"("id": "T-1")", R"("id": "../../pwned")", "$.tenants[0].id"},
      {R"("id": "T-1")", R"("id": "/tmp/abs_pwned")", "$.tenants[0].id"},
      {R"("id": "T-1")", R"("id": ".T-1")", "$.tenants[0].id"},
      {R"("id": "T-1")", R"("id": "T\u00001")", "$.tenants[0].id"},
      {R"({"id": "M-1"})", R"({"id": "M\\1"})", "$.meters[0].id"},
      {R"("id": "flat")", R"("id": "fl\u001bat")", "$.tariffs[0].id"},
      {R"("name": "Tea")", R"("name": "Tea\n== T-9 FAKE ==")", "$.tenants[0].name"},
      {R"("name": "Tea")", R"("name": "\u001b[2JTea")", "$.tenants[0].name"},
      {R"("name": "Test Plaza")", R"("name": "Plaza\tTotal")", "$.name"},
  };
  for (const auto& c : cases) {
    const auto e =
        error_of([&] { (void)parse_site_json(with(good_json, c.from, c.to), "s.json"); });
    EXPECT_EQ(e.code(), errc::invalid_argument) << c.to << ": " << e.what();
    EXPECT_EQ(e.context_value("path"), c.path) << c.to << ": " << e.what();
    EXPECT_EQ(e.context_value("file"), "s.json") << c.to;
  }
  // The quoted id is escaped, never raw.
  const auto e = error_of([&] {
    (void)parse_site_json(with(good_json, R"("id": "T-1")", R"("id": "T\u00001")"), "s.json");
  });
  EXPECT_EQ(e.context_value("text"), "T\\x001");
}

TEST(SiteJson, ValuesOutOfRangeAreRefusedAtTheReader) {
  // issue 16 #14: values that used to overflow the core (exit 3, no place) are refused with the
  // file and path (docs/formats.md "Limits").
  struct bad {
    std::string from, to, path;
    errc code;
  };
  const bad cases[] = {
      {R"("multiplier": "40")", R"("multiplier": 18446744073709551615)", "$.meters[1].multiplier",
       errc::invalid_argument},
      {R"("multiplier": "40")", R"("multiplier": 9223372036854775808)", "$.meters[1].multiplier",
       errc::invalid_argument},
      {R"("multiplier": "40")", R"("multiplier": 1000001)", "$.meters[1].multiplier",
       errc::invalid_argument},
      {R"("multiplier": "40")", R"("multiplier": "1000000.5")", "$.meters[1].multiplier",
       errc::invalid_argument},
      {R"("energy_price": "0.73")", R"("energy_price": "1000000000000")",
       "$.tariffs[0].energy_price", errc::invalid_argument},
      {R"("energy_price": "0.73")", R"("energy_price": "100000.000001")",
       "$.tariffs[0].energy_price", errc::invalid_argument},
      {R"("currency": "CNY",)", R"("currency": "CNY", "rounding": {"places": 4294967298},)",
       "$.rounding.places", errc::parse},
      {R"("multiplier": "40")", R"("multiplier": 1e400)", "", errc::parse},
  };
  for (const auto& c : cases) {
    const auto e =
        error_of([&] { (void)parse_site_json(with(good_json, c.from, c.to), "s.json"); });
    EXPECT_EQ(e.code(), c.code) << c.to << ": " << e.what();
    EXPECT_EQ(e.context_value("path"), c.path) << c.to << ": " << e.what();
    EXPECT_EQ(e.context_value("file"), "s.json") << c.to;
  }
  // The misleading "must be > 0" for 2^64 - 1 is gone.
  const auto e = error_of([&] {
    (void)parse_site_json(
        with(good_json, R"("multiplier": "40")", R"("multiplier": 18446744073709551615)"),
        "s.json");
  });
  EXPECT_EQ(e.message(), "a multiplier must be from 1 to 1000000");
  EXPECT_EQ(e.context_value("text"), "18446744073709551615");
  // At the limits, accepted.
  auto text = with(good_json, R"("multiplier": "40")", R"("multiplier": 1000000)");
  text = with(text, R"("energy_price": "0.73")", R"("energy_price": "100000")");
  EXPECT_NO_THROW((void)parse_site_json(text, "s.json"));
}

TEST(SiteJson, DeepNestingIsRefusedWithoutRecursing) {
  // issue 16 #5: "places": [[[…]]] 100,000 deep used to overflow the stack in dump().
  const auto text = with(good_json, R"("currency": "CNY",)",
                         R"("currency": "CNY", "rounding": {"places": )" +
                             std::string(100000, '[') + std::string(100000, ']') + "},");
  const auto e = error_of([&] { (void)parse_site_json(text, "s.json"); });
  EXPECT_EQ(e.code(), errc::parse);
  EXPECT_EQ(e.message(), "JSON nested too deeply");
  EXPECT_EQ(e.context_value("file"), "s.json");
  // Shallow but not an integer: the type is named, not the value dumped.
  const auto shallow = error_of([&] {
    (void)parse_site_json(with(good_json, R"("currency": "CNY",)",
                               R"("currency": "CNY", "rounding": {"places": [[[]]]},)"),
                          "s.json");
  });
  EXPECT_EQ(shallow.context_value("path"), "$.rounding.places");
  EXPECT_EQ(shallow.context_value("text"), "an array");
}

TEST(ReadingsCsv, NegativeAndHugeRegistersAreRefusedAtTheirCell) {
  // issue 16 #20: -100 then -50 was billed as 50 kWh; #14: -9e14 then 9e14 overflowed.
  const std::string h = "meter_id,time,total,t1,t2,t3,t4\n";
  struct bad {
    std::string csv, line, column, field;
  };
  const bad cases[] = {
      {h + "M-1,2026-07-01T00:00,-100,,,,\nM-1,2026-08-01T00:00,-50,,,,\n", "2", "22", "total"},
      {h + "M-2,2026-07-01T00:00,1,1,-2,3,4\n", "2", "26", "t2"},
      {h + "M-1,2026-07-01T00:00,10000000000,,,,\n", "2", "22", "total"},
      {h + "M-1,2026-07-01T00:00,900000000000000,,,,\n", "2", "22", "total"},
  };
  for (const auto& c : cases) {
    const auto e = error_of([&] { (void)parse_site(good_json, "site.json", c.csv, "r.csv"); });
    EXPECT_EQ(e.code(), errc::invalid_argument) << c.csv << e.what();
    EXPECT_EQ(e.context_value("file"), "r.csv") << e.what();
    EXPECT_EQ(e.context_value("line"), c.line) << e.what();
    EXPECT_EQ(e.context_value("column"), c.column) << e.what();
    EXPECT_EQ(e.context_value("field"), c.field) << e.what();
  }
  // 9,999,999,999.9999 is the largest reading; with the largest multiplier its usage is beyond
  // the energy type and refused at load, naming the line, not an internal error.
  auto site_text = with(good_json, R"({"id": "M-1"})", R"({"id": "M-1", "multiplier": 1000000})");
  const auto e = error_of([&] {
    (void)parse_site(site_text, "site.site_text",
                     h + "M-1,2026-07-01T00:00,0,,,,\nM-1,2026-08-01T00:00,9999999999.9999,,,,\n",
                     "r.csv");
  });
  EXPECT_EQ(e.code(), errc::invalid_argument) << e.what();
  EXPECT_EQ(e.context_value("line"), "3") << e.what();
}

TEST(ReadingsCsv, ALineOfSpacesIsNotMistakenForARowOfOneField) {
  // issue 16 #14: "   " was reported as "expected 7 fields".
  const auto e = error_of([] {
    (void)parse_site(good_json, "site.json",
                     "meter_id,time,total,t1,t2,t3,t4\nM-1,2026-07-01T00:00,1,,,,\n   \n", "r.csv");
  });
  EXPECT_EQ(e.code(), errc::parse);
  EXPECT_EQ(e.message(), "a line of only spaces or tabs (a blank line must be empty)");
  EXPECT_EQ(e.context_value("line"), "3");
}

TEST(ReadingsCsv, AHugeCellIsQuotedCutAndEscaped) {
  // issue 16 #16: a 10 MB cell made a 10 MB stderr line; NUL and bad UTF-8 were echoed raw.
  const std::string cell = std::string("\0\xff", 2) + std::string(10 * 1024 * 1024, '9');
  const auto e = error_of([&] {
    (void)parse_site(good_json, "site.json",
                     "meter_id,time,total\nM-1,2026-07-01T00:00," + cell + "\n", "r.csv");
  });
  EXPECT_EQ(e.code(), errc::parse);
  EXPECT_LT(std::string(e.what()).size(), 600u) << std::string(e.what()).substr(0, 600);
  EXPECT_EQ(e.context_value("text").substr(0, 10), "\"\\x00\\xFF9");
  const auto id = error_of([&] {
    (void)parse_site(good_json, "site.json",
                     "meter_id,time,total\n" + std::string(1 << 20, 'M') + ",2026-07-01T00:00,1\n",
                     "r.csv");
  });
  EXPECT_EQ(id.code(), errc::not_found);
  EXPECT_LT(std::string(id.what()).size(), 400u);
}

// The id lookups of the loader (hashed views of the document since issue 23's fast load) refuse
// exactly what they refused before, with the same message and the whole same context.
std::vector<std::pair<std::string, std::string>> context_of(const error& e) {
  std::vector<std::pair<std::string, std::string>> items;
  for (const auto& item : e.context()) items.emplace_back(item.key, item.value);
  return items;
}

TEST(SiteJson, IdLookupsKeepTheirMessagesAndPlaces) {
  using items = std::vector<std::pair<std::string, std::string>>;
  const auto dup_meter = error_of([] {
    (void)parse_site_json(with(good_json, "{\"id\": \"M-2\"", "{\"id\": \"M-1\""), "site.json");
  });
  EXPECT_EQ(dup_meter.code(), errc::duplicate);
  EXPECT_EQ(dup_meter.message(), "a meter id is given twice");
  EXPECT_EQ(
      context_of(dup_meter),
      (items{{"file", "site.json"}, {"path", "$.meters[1].id"}, {"field", "id"}, {"text", "M-1"}}));
  const auto dup_tenant = error_of([] {
    (void)parse_site_json(with(good_json, "{\"id\": \"T-2\"", "{\"id\": \"T-1\""), "site.json");
  });
  EXPECT_EQ(dup_tenant.code(), errc::duplicate);
  EXPECT_EQ(dup_tenant.message(), "a tenant id is given twice");
  EXPECT_EQ(
      context_of(dup_tenant),
      (items{
          {"file", "site.json"}, {"path", "$.tenants[1].id"}, {"field", "id"}, {"text", "T-1"}}));
  const auto two_tenants = error_of([] {
    (void)parse_site_json(with(good_json, "[\"M-2\"]", "[\"M-2\", \"M-1\"]"), "site.json");
  });
  EXPECT_EQ(two_tenants.code(), errc::inconsistent);
  EXPECT_EQ(two_tenants.message(), "a meter is billed to two tenants");
  EXPECT_EQ(context_of(two_tenants), (items{{"file", "site.json"},
                                            {"path", "$.tenants[1].meters[1]"},
                                            {"field", "meters"},
                                            {"meter", "M-1"},
                                            {"tenant", "T-1"},
                                            {"other_tenant", "T-2"}}));
  const auto unknown_meter = error_of(
      [] { (void)parse_site_json(with(good_json, "[\"M-2\"]", "[\"M-3\"]"), "site.json"); });
  EXPECT_EQ(unknown_meter.message(), "unknown meter");
  EXPECT_EQ(context_of(unknown_meter), (items{{"file", "site.json"},
                                              {"path", "$.tenants[1].meters[0]"},
                                              {"field", "meters"},
                                              {"text", "M-3"}}));
}

TEST(SiteJson, OfSeveralMetersNamingTheWrongTenantTheSmallestIdIsNamed) {
  // M-b (first in the file) and M-a both name a tenant that does not list them: M-a is named, as
  // when the check went through a map ordered by meter id.
  const std::string text = R"({
    "format": "submeter-site-v0", "name": "P", "currency": "CNY",
    "tariffs": [{"id": "flat", "kind": "flat", "energy_price": "0.73"}],
    "meters": [{"id": "M-b", "tenant": "T-1"}, {"id": "M-c"}, {"id": "M-a", "tenant": "T-2"}],
    "tenants": [
      {"id": "T-1", "name": "One", "tariff": "flat", "meters": ["M-a"]},
      {"id": "T-2", "name": "Two", "tariff": "flat", "meters": ["M-b"]}
    ]})";
  const auto e = error_of([&] { (void)parse_site_json(text, "site.json"); });
  EXPECT_EQ(e.code(), errc::inconsistent);
  EXPECT_EQ(e.message(), "the meter names a tenant that does not list it");
  EXPECT_EQ(context_of(e),
            (std::vector<std::pair<std::string, std::string>>{{"file", "site.json"},
                                                              {"path", "$.meters[2].tenant"},
                                                              {"field", "tenant"},
                                                              {"meter", "M-a"},
                                                              {"tenant", "T-2"},
                                                              {"listed_by", "T-1"}}));
  // A meter naming a tenant when no tenant lists it.
  const auto e2 =
      error_of([&] { (void)parse_site_json(with(text, "[\"M-a\"]", "[\"M-c\"]"), "site.json"); });
  EXPECT_EQ(e2.context_value("meter"), "M-a");
  EXPECT_EQ(e2.context_value("listed_by"), "no tenant");
}

TEST(SiteJson, DuplicateKeyNamesItsFieldLineAndColumn) {
  const auto e = error_of([] {
    (void)parse_site_json(
        with(good_json, "\"name\": \"Bakery\"", "\"name\": \"B\", \"name\": \"C\""), "site.json");
  });
  EXPECT_EQ(e.code(), errc::duplicate);
  EXPECT_EQ(e.message(), "a key is given twice in one object");
  // Line 12 of good_json; the parser has read through the second key's closing quote.
  EXPECT_EQ(context_of(e),
            (std::vector<std::pair<std::string, std::string>>{{"file", "site.json"},
                                                              {"line", "12"},
                                                              {"column", "37"},
                                                              {"path", "$.tenants[1].name"},
                                                              {"field", "name"}}));
}

TEST(ReadingsCsv, ASeriesErrorNamesTheCellOfItsLine) {
  // Found when the meter's series is built, after every line is read: the line is split again.
  const std::string csv =
      "meter_id,time,total,t1,t2,t3,t4\n"
      "M-2,2026-07-01T00:00,1,1,2,3,4\n"
      "M-1,2026-07-01T00:00,1,,,,\n"
      "M-2,2026-08-01T00:00,2,2,2,3,3\n";
  const auto e = error_of([&] { (void)parse_site(good_json, "site.json", csv, "r.csv"); });
  EXPECT_EQ(e.code(), errc::inconsistent);
  EXPECT_EQ(e.context_value("line"), "4");
  EXPECT_EQ(e.context_value("column"), "30");
  EXPECT_EQ(e.context_value("field"), "t4");
  EXPECT_EQ(e.context_value("previous_line"), "2");
  EXPECT_EQ(e.context_value("meter"), "M-2");
}

}  // namespace

namespace streaming {

// parse_site_json takes the meters and tenants from the parser one at a time (no tree of the
// whole document), yet refuses a file as if it had read the whole tree first and then checked
// it in order: JSON syntax anywhere, then format, top-level keys, name, currency, rounding and
// tariffs, then meters, then tenants.

TEST(SiteJsonStreaming, ASiteInAnyOrderOfItsKeysReadsTheSame) {
  // Tenants before meters, tariffs last: read as a tree, not streamed.
  const std::string reordered = R"({
  "tenants": [
    {"id": "T-1", "name": "Tea", "tariff": "flat", "meters": ["M-1"]},
    {"id": "T-2", "name": "Bakery", "tariff": "tou", "meters": ["M-2"]}
  ],
  "meters": [{"id": "M-1"}, {"id": "M-2", "multiplier": "40", "tenant": "T-2"}],
  "currency": "CNY",
  "name": "Test Plaza",
  "format": "submeter-site-v0",
  "tariffs": [
    {"id": "flat", "kind": "flat", "energy_price": "0.73"},
    {"id": "tou", "kind": "tou4", "prices": {"peak": "1.08", "valley": "0.24"}}
  ]
})";
  const auto a = parse_site_json(good_json, "site.json");
  const auto b = parse_site_json(reordered, "site.json");
  ASSERT_EQ(a.tenants.size(), b.tenants.size());
  ASSERT_EQ(a.meters.size(), b.meters.size());
  for (std::size_t i = 0; i < a.tenants.size(); ++i) {
    EXPECT_EQ(a.tenants[i].id, b.tenants[i].id);
    EXPECT_EQ(a.tenants[i].meter_ids, b.tenants[i].meter_ids);
  }
  for (std::size_t i = 0; i < a.meters.size(); ++i) {
    EXPECT_EQ(a.meters[i].id(), b.meters[i].id());
    EXPECT_EQ(a.meters[i].multiplier(), b.meters[i].multiplier());
  }
}

TEST(SiteJsonStreaming, ABadJsonLaterInTheFileWinsOverABadTenantBeforeIt) {
  // T-1's tariff is unknown (seen while streaming), but the text is not JSON further on.
  auto text = with(good_json, "\"tariff\": \"flat\"", "\"tariff\": \"nope\"");
  text = with(text, "\"Bakery\"", "\"Bakery\" x");
  const auto e = error_of([&] { (void)parse_site_json(text, "site.json"); });
  EXPECT_EQ(e.code(), errc::parse);
  EXPECT_EQ(e.message(), "not valid JSON");
}

TEST(SiteJsonStreaming, AnUnknownTopLevelKeyAfterTheTenantsWinsOverABadTenant) {
  auto text = with(good_json, "\"tariff\": \"flat\"", "\"tariff\": \"nope\"");
  text = with(text, "\n  ]\n}", "\n  ],\n  \"extra\": 1\n}");
  const auto e = error_of([&] { (void)parse_site_json(text, "site.json"); });
  EXPECT_EQ(e.code(), errc::unsupported);
  EXPECT_EQ(e.context_value("path"), "$.extra");
}

TEST(SiteJsonStreaming, AMissingNameAfterTheMetersWinsOverABadMeterAndABadTariff) {
  // Tariffs and meters are read before the name's place in the file; the name's error is the
  // first of the checks all the same.
  const std::string text = R"({
  "format": "submeter-site-v0",
  "tariffs": [{"id": "flat", "kind": "flat", "energy_price": "-1"}],
  "meters": [{"id": "M-1", "multiplier": "0"}],
  "tenants": [{"id": "T-1", "name": "Tea", "tariff": "flat", "meters": ["M-1"]}],
  "currency": "CNY"
})";
  const auto e = error_of([&] { (void)parse_site_json(text, "site.json"); });
  EXPECT_EQ(e.code(), errc::parse);
  EXPECT_EQ(e.context_value("path"), "$.name");
  // With the name, the tariff's error (read before the meters were streamed) comes next, and
  // once it is right, the meter's.
  const auto named = with(text, "\"currency\": \"CNY\"", "\"currency\": \"CNY\", \"name\": \"P\"");
  const auto e2 = error_of([&] { (void)parse_site_json(named, "site.json"); });
  EXPECT_EQ(e2.context_value("path"), "$.tariffs[0].energy_price");
  const auto priced = with(named, "\"-1\"", "\"0.5\"");
  const auto e3 = error_of([&] { (void)parse_site_json(priced, "site.json"); });
  EXPECT_EQ(e3.context_value("path"), "$.meters[0].multiplier");
}

TEST(SiteJsonStreaming, TheFirstBadTenantIsNamedNotALaterOne) {
  auto text = with(good_json, "\"tariff\": \"tou\"", "\"tariff\": \"nope2\"");
  text = with(text, "\"meters\": [\"M-1\"]", "\"meters\": []");
  const auto e = error_of([&] { (void)parse_site_json(text, "site.json"); });
  EXPECT_EQ(e.context_value("path"), "$.tenants[0].meters");
  // A bad meter comes before any bad tenant.
  const auto e2 = error_of([&] {
    (void)parse_site_json(with(text, "\"multiplier\": \"40\"", "\"multiplier\": \"x\""),
                          "site.json");
  });
  EXPECT_EQ(e2.context_value("path"), "$.meters[1].multiplier");
}

}  // namespace streaming
