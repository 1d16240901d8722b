// The translation catalogue (render/lang.hpp, issue 22 #11): languages, words, dates, units, the
// explanations' fixed words, and column widths of Chinese text.
#include "render/lang.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "render/render.hpp"
#include "submeter/core/error.hpp"

namespace submeter::render {
namespace {

TEST(lang, parses_the_three_languages_and_names_the_option_of_a_bad_one) {
  EXPECT_EQ(parse_lang("en", "--lang"), lang::en);
  EXPECT_EQ(parse_lang("zh", "--lang"), lang::zh);
  EXPECT_EQ(parse_lang("zh-en", "--lang"), lang::zh_en);
  for (const auto l : {lang::en, lang::zh, lang::zh_en}) {
    EXPECT_EQ(parse_lang(to_string(l), "--lang"), l);
  }
  for (const char* bad : {"fr", "", "ZH", "zh_en", "en-zh", "zh-CN"}) {
    try {
      (void)parse_lang(bad, "--lang");
      ADD_FAILURE() << bad;
    } catch (const error& e) {
      EXPECT_EQ(e.code(), errc::invalid_argument);
      EXPECT_EQ(e.context_value("option"), "--lang");
      EXPECT_EQ(e.context_value("value"), bad);
    }
  }
}

TEST(lang, english_is_what_the_bills_printed_before_languages) {
  EXPECT_EQ(say(lang::en, term::bills_title, {"Plaza", "2026-07", "CNY"}),
            "Plaza - electricity bills for 2026-07 (CNY)");
  EXPECT_EQ(say(lang::en, term::total_line, {"901.23", "CNY"}), "Total: 901.23 CNY");
  EXPECT_EQ(component_name(lang::en, bill::component::power_factor), "power_factor");
  EXPECT_EQ(register_label(lang::en, "sharp"), "sharp");
  EXPECT_EQ(rounding_text(lang::en, rounding::half_up, 2, true), "half_up to 0.01 per line");
  EXPECT_EQ(time_text(lang::en, local_time{date::local_days{date::July / 1 / 2026}}),
            "2026-07-01T00:00");
  EXPECT_EQ(month_text(lang::en, "2026-07"), "2026-07");
  EXPECT_EQ(explanation_text(lang::en, "9.00 m2 × 4.00 yuan/m2·month × 1 months = 36.00"),
            "9.00 m2 × 4.00 yuan/m2·month × 1 months = 36.00");
  EXPECT_EQ(csv_header(lang::en),
            "tenant,period,tariff,component,meter,register,register_name,tier,version,"
            "window_from,window_to,split_method,quantity,unit,unit_price,price_unit,unrounded,"
            "amount,explanation");
}

TEST(lang, chinese_words_as_a_landlord_prints_them) {
  EXPECT_EQ(say(lang::zh, term::total_line, {"901.23", currency_name(lang::zh, "CNY")}),
            "合计：901.23 元");
  EXPECT_EQ(say(lang::zh, term::col_from), "上次读数");
  EXPECT_EQ(say(lang::zh, term::col_to), "本次读数");
  EXPECT_EQ(say(lang::zh, term::col_used_kwh), "用电量(千瓦时)");
  EXPECT_EQ(register_label(lang::zh, "sharp"), "尖");
  EXPECT_EQ(register_label(lang::zh, "peak"), "峰");
  EXPECT_EQ(register_label(lang::zh, "flat"), "平");
  EXPECT_EQ(register_label(lang::zh, "valley"), "谷");
  EXPECT_EQ(register_label(lang::zh, "rate7"), "rate7");  // a name without a word: as given
  EXPECT_EQ(component_name(lang::zh, bill::component::energy), "电度电费");
  EXPECT_EQ(level_name(lang::zh, "overdraft"), "透支");
  EXPECT_EQ(currency_name(lang::zh, "USD"), "USD");
  EXPECT_EQ(rounding_text(lang::zh, rounding::half_up, 2, true), "四舍五入至 0.01，逐行舍入");
  EXPECT_EQ(time_text(lang::zh, local_time{date::local_days{date::July / 1 / 2026}}),
            "2026年7月1日 00:00");
  EXPECT_EQ(time_text(lang::zh, local_time{date::local_days{date::July / 12 / 2026}} +
                                    std::chrono::seconds{36005}),
            "2026年7月12日 10:00:05");
  EXPECT_EQ(month_text(lang::zh, "2026-07"), "2026年7月");
  EXPECT_EQ(month_text(lang::zh, "2026-Q3"), "2026-Q3");
}

TEST(lang, both_languages_put_the_chinese_first) {
  EXPECT_EQ(component_name(lang::zh_en, bill::component::rent), "租金 rent");
  EXPECT_EQ(say(lang::zh_en, term::html_total), "合计 Total");
  EXPECT_EQ(register_label(lang::zh_en, "valley"), "谷 valley");
  EXPECT_EQ(csv_header(lang::zh_en).rfind("租户 tenant,计费周期 period,", 0), 0U);
}

TEST(lang, a_name_holding_a_slot_is_printed_as_given) {
  EXPECT_EQ(say(lang::zh, term::bills_title, {"{1} Plaza", "2026年7月", "元"}),
            "{1} Plaza 电费账单 2026年7月（单位：元）");
}

TEST(lang, explanations_translate_the_engines_words_and_keep_numbers_ids_and_documents) {
  EXPECT_EQ(explanation_text(lang::zh, "9,600.00 m2 × 4.00 yuan/m2·month × 1 months = 38,400.00"),
            "9,600.00 平方米 × 4.00 元/平方米·月 × 1 个月 = 38,400.00");
  EXPECT_EQ(explanation_text(lang::zh,
                             "1.00 kWh × 0.24 = 0.24 (2026-01, 2026-07-01T00:00:00/"
                             "2026-07-16T00:00:00, reads at the change instant)"),
            "1.00 kWh × 0.24 = 0.24 (2026-01, 2026-07-01T00:00:00/2026-07-16T00:00:00, "
            "按调价时刻读数)");
  EXPECT_EQ(explanation_text(lang::zh,
                             "2,888.88 kWh × 0.73 = 2,108.88 [meter removed "
                             "2026-07-12T10:00:00]"),
            "2,888.88 kWh × 0.73 = 2,108.88 [拆除旧表 2026-07-12T10:00:00]");
  // A price version's document is the site file's own text: left as given, "yuan/kWh" and all.
  EXPECT_EQ(explanation_text(lang::zh,
                             "2026-06 re-rated: refund of T-40/2026-06 line 3 (flat): "
                             "1.00 kWh × (0.62 − 0.6333) = -0.01 [v2 the base was "
                             "0.62 yuan/kWh; 1 months from 2026-06-01T00:00:00]"),
            "2026-06 重新计费：退还 T-40/2026-06 第 3 行 (平): 1.00 kWh × (0.62 − 0.6333) = -0.01 "
            "[v2 the base was 0.62 yuan/kWh; 1 months from 2026-06-01T00:00:00]");
  EXPECT_EQ(reason_text(lang::zh, "level alarm1"), "状态 一级预警");
  EXPECT_EQ(reason_text(lang::zh, "relay open, lock restorable"), "已分闸，充值后可恢复");
  EXPECT_EQ(reason_text(lang::en, "level alarm1"), "level alarm1");
}

TEST(lang, chinese_text_is_two_columns_wide) {
  EXPECT_EQ(display_width("total"), 5U);
  EXPECT_EQ(display_width("尖"), 2U);
  EXPECT_EQ(display_width("用电量(千瓦时)"), 14U);
  EXPECT_EQ(display_width("合计："), 6U);  // the fullwidth colon too
  EXPECT_EQ(pad_columns_right("尖", 4), "尖  ");
  EXPECT_EQ(pad_columns_left("上次读数", 10), "  上次读数");
  EXPECT_EQ(pad_columns_left("too wide", 3), "too wide");
}

}  // namespace
}  // namespace submeter::render
