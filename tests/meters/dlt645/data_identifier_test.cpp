// Tests of submeter/meters/dlt645/data_identifier.hpp: the catalogue's families and rows.
#include "submeter/meters/dlt645/data_identifier.hpp"

#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <ios>

#include "vectors.hpp"

namespace dlt = submeter::meters::dlt645;

TEST(dlt645_data_identifier, energy_tree_tariffs_and_settlements) {
  const auto* e = dlt::find_di(0x00010000);
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->name, "forward active energy");
  EXPECT_EQ(e->unit, "kWh");
  EXPECT_EQ(e->fields[0].size, 4);
  EXPECT_EQ(e->fields[0].decimals, 2);
  EXPECT_FALSE(dlt::is_block(*e, 0x00010000));
  EXPECT_EQ(dlt::find_di(0x00010400), e);  // T4
  EXPECT_EQ(dlt::find_di(0x00013F0C), e);  // rate 63, 12th previous settlement
  EXPECT_TRUE(dlt::is_block(*e, 0x0001FF00));
  EXPECT_TRUE(dlt::is_block(*e, 0x000100FF));
  EXPECT_EQ(dlt::find_di(0x00014000), nullptr);  // rate 64 does not exist
  EXPECT_EQ(dlt::find_di(0x0001000D), nullptr);  // 13th settlement does not exist
  EXPECT_EQ(dlt::find_di(0x0001FFFF), nullptr);
  EXPECT_EQ(dlt::tariff_of(0x00010300), 3);
  EXPECT_EQ(dlt::settlement_of(0x00010002), 2);
}

TEST(dlt645_data_identifier, signed_items_are_marked) {
  EXPECT_EQ(dlt::find_di(0x00000000)->fields[0].sign, submeter::meters::bcd_sign::sign_bit);
  EXPECT_EQ(dlt::find_di(0x02020100)->fields[0].sign, submeter::meters::bcd_sign::sign_bit);
  EXPECT_EQ(dlt::find_di(0x02030000)->fields[0].sign, submeter::meters::bcd_sign::sign_bit);
  EXPECT_EQ(dlt::find_di(0x02060000)->fields[0].sign, submeter::meters::bcd_sign::sign_bit);
  EXPECT_EQ(dlt::find_di(0x00010000)->fields[0].sign, submeter::meters::bcd_sign::unsigned_value);
}

TEST(dlt645_data_identifier, demand_has_value_and_time) {
  const auto* e = dlt::find_di(0x01010000);
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->field_count, 2);
  EXPECT_EQ(e->element_size(), 8u);
  EXPECT_EQ(e->fields[1].kind, dlt::item_kind::date_time_min);
}

TEST(dlt645_data_identifier, phases_and_blocks) {
  EXPECT_EQ(dlt::find_di(0x02010100)->unit, "V");
  EXPECT_EQ(dlt::find_di(0x02010300)->name, "phase voltage");
  EXPECT_EQ(dlt::find_di(0x02010000), nullptr);  // voltage has no total
  EXPECT_EQ(dlt::find_di(0x02010400), nullptr);
  EXPECT_TRUE(dlt::is_block(*dlt::find_di(0x0201FF00), 0x0201FF00));
  EXPECT_NE(dlt::find_di(0x02030000), nullptr);  // total active power
}

TEST(dlt645_data_identifier, tou_tables_and_holidays) {
  EXPECT_EQ(dlt::find_di(0x04010000)->shape, dlt::di_shape::table);
  EXPECT_EQ(dlt::find_di(0x04010008)->shape, dlt::di_shape::index_1_8);
  EXPECT_EQ(dlt::find_di(0x04010009), nullptr);
  EXPECT_EQ(dlt::find_di(0x04020003)->name, "second set: daily period table (hhmmNN rows)");
  EXPECT_NE(dlt::find_di(0x04030001), nullptr);
  EXPECT_NE(dlt::find_di(0x040300FE), nullptr);
  EXPECT_EQ(dlt::find_di(0x04030000), nullptr);
}

TEST(dlt645_data_identifier, every_prepaid_di_of_the_acrel_file_is_catalogued) {
  const auto doc = submeter::meters::test::load_vectors("acrel-registers.json");
  for (const auto& item : doc.at("dlt645_prepaid_di").at("items")) {
    const auto di = dlt::parse_di(item.at("di").get<std::string>());
    ASSERT_TRUE(di);
    const auto* e = dlt::find_di(*di);
    ASSERT_NE(e, nullptr) << item.at("di");
    if (item.contains("format")) {
      const std::string fmt = item.at("format");
      std::size_t decimals = 0;
      for (auto i = fmt.find('.');
           i != std::string::npos && i + 1 < fmt.size() && fmt[i + 1] == 'X'; ++i) {
        ++decimals;
      }
      EXPECT_EQ(e->fields[0].decimals, decimals) << item.at("di");
    }
  }
}

TEST(dlt645_data_identifier, every_standard_vector_di_is_catalogued) {
  const auto doc = submeter::meters::test::load_vectors("dlt645-2007.json");
  for (const auto& v : doc.at("vectors")) {
    if (!v.at("expect").contains("di")) continue;
    const auto di = dlt::parse_di(v.at("expect").at("di").get<std::string>());
    ASSERT_TRUE(di);
    // 04A20200 is a vendor calibration item; 028022FF (rs-dlt645's test request) is a block of
    // 028022xx, which neither protocols.md 2.3 nor the standard's variable table defines.
    if (*di == 0x04A20200 || *di == 0x028022FF) {
      EXPECT_EQ(dlt::find_di(*di), nullptr);
    } else {
      EXPECT_NE(dlt::find_di(*di), nullptr) << v.at("id");
    }
  }
}

TEST(dlt645_data_identifier, the_1997_catalogue) {
  using dlt::edition;
  EXPECT_EQ(dlt::find_di(0x9010, edition::v1997)->fields[0].decimals, 2);
  EXPECT_EQ(dlt::find_di(0xB611, edition::v1997)->fields[0].decimals, 0);  // XXX V, not XXX.X
  EXPECT_EQ(dlt::find_di(0xB621, edition::v1997)->fields[0].decimals, 2);
  EXPECT_EQ(dlt::find_di(0xB630, edition::v1997)->fields[0].decimals, 4);
  EXPECT_EQ(dlt::find_di(0x901F, edition::v1997)->max_elements, 5);
  EXPECT_EQ(dlt::find_di(0x9010), nullptr);  // not a 2007 DI
}

TEST(dlt645_data_identifier, text_form) {
  EXPECT_EQ(dlt::di_to_string(0x0001FF00), "0001FF00");
  EXPECT_EQ(dlt::di_to_string(0xB611, dlt::edition::v1997), "B611");
  EXPECT_EQ(dlt::parse_di("0001ff00"), 0x0001FF00u);
  EXPECT_FALSE(dlt::parse_di("0001FF0"));
  EXPECT_FALSE(dlt::parse_di("0001FG00"));
  EXPECT_EQ(dlt::parse_di("901F", dlt::edition::v1997), 0x901Fu);
}

namespace {

// The first row `matches` alone accepts: what find_di returns (it skips rows on their fixed bytes
// first).
template <std::size_t N>
const dlt::di_entry* data_identifier_test_first_match(const dlt::di_entry (&rows)[N],
                                                      std::uint32_t di) {
  for (const auto& e : rows) {
    if (dlt::matches(e, di)) return &e;
  }
  return nullptr;
}

}  // namespace

TEST(dlt645_data_identifier, lookup_takes_the_first_matching_row) {
  // Every row's pattern with its free bytes set to the edges of every shape's ranges.
  const std::uint8_t edges[] = {0x00, 0x01, 0x02, 0x03, 0x04, 0x06, 0x07, 0x08,
                                0x09, 0x0C, 0x0D, 0x3F, 0x40, 0x80, 0xFE, 0xFF};
  int found = 0;
  for (const auto ed : {dlt::edition::v2007, dlt::edition::v1997}) {
    const auto check = [&](std::uint32_t di) {
      const auto* want = ed == dlt::edition::v2007
                             ? data_identifier_test_first_match(dlt::catalogue_2007, di)
                             : data_identifier_test_first_match(dlt::catalogue_1997, di);
      EXPECT_EQ(dlt::find_di(di, ed), want) << std::hex << di;
      found += want != nullptr ? 1 : 0;
    };
    const auto rows_of = [&](const auto& rows) {
      for (const auto& e : rows) {
        for (const auto hi : edges) {
          for (const auto lo : edges) {
            check(e.pattern | static_cast<std::uint32_t>(hi) << 8 | lo);
            check((e.pattern & 0xFFFF0000u) | static_cast<std::uint32_t>(hi) << 8 | lo);
            check((e.pattern & 0xFF00FFFFu) | static_cast<std::uint32_t>(hi) << 16 | lo);
          }
        }
      }
    };
    if (ed == dlt::edition::v2007) {
      rows_of(dlt::catalogue_2007);
    } else {
      rows_of(dlt::catalogue_1997);
    }
  }
  EXPECT_GT(found, 1000);
}
