// libFuzzer target: the settings table decoders. The first byte picks a decoder, the rest is its
// input: DL/T 645 year time-zone and daily tables, public holidays, switch-over times, counts,
// prices and ladder bounds (tou_tables.hpp, price_items.hpp), the answers to writes, CJ/T 188
// price tables and setting answers (price_table.hpp), and a set's tables from items read back
// into a schedule (settings_plan.hpp, settings/tou_verify.hpp). Invariants: nothing reads past
// the input; whatever decodes re-encodes to the same bytes (FF filler rows aside); a meter's
// tables answer every date and minute; schedule_of refuses with submeter::error only.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "submeter/meters/cjt188.hpp"
#include "submeter/meters/dlt645.hpp"
#include "submeter/meters/settings/tou_verify.hpp"

namespace dlt = submeter::meters::dlt645;
namespace cj = submeter::meters::cjt188;
using submeter::meters::byte_span;

namespace {

bool has_ff_row(byte_span b) {
  for (std::size_t i = 0; i + 3 <= b.size(); i += 3) {
    if (b[i] == 0xFF && b[i + 1] == 0xFF && b[i + 2] == 0xFF) return true;
  }
  return false;
}

template <class A>
bool same(const A& encoded, byte_span input) {
  return encoded.size() == input.size() &&
         std::memcmp(encoded.data(), input.data(), input.size()) == 0;
}

void tables_from_items(byte_span in) {
  // items: repeated [DI selector byte][length byte][data]
  dlt::item_map items;
  const auto set = (in.size() > 0 && (in[0] & 1)) ? dlt::table_set::first : dlt::table_set::second;
  std::size_t i = 1;
  while (i + 2 <= in.size()) {
    const std::uint8_t which = in[i];
    const std::size_t n = in[i + 1];
    const auto data = in.subspan(i + 2, n);
    i += 2 + data.size();
    std::uint32_t di = 0;
    if (which < 9) {
      di = which == 0 ? dlt::year_zone_table_di(set) : dlt::daily_table_di(set, which);
    } else if (which < 20) {
      di = dlt::public_holiday_di(which - 8);
    } else if (which == 20) {
      di = dlt::holiday_count_di;
    } else if (which == 21) {
      di = dlt::weekend_character_di;
    } else {
      di = dlt::weekend_table_di;
    }
    items[di] = data.to_vector();
  }
  const auto t = dlt::tou_tables_from_items(set, items);
  if (!t) return;
  const date::local_days first{date::year{2024} / 1 / 1};
  for (int d = 0; d < 366; d += 7) {
    const auto table = t.value->table_on(first + date::days{d});
    for (int minute = 0; minute < 1440; minute += 61) (void)t.value->tariff_at(table, minute);
  }
  try {
    const auto s =
        submeter::meters::settings::schedule_of(*t.value, "fuzz", {first, first + date::days{365}});
    (void)s.register_at(first, 0);
  } catch (const submeter::error&) {
    // tables a schedule cannot name (a tariff above 8, a table used but not held)
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const byte_span in{data + 1, size - 1};
  switch (data[0] % 12) {
    case 0: {
      const auto r = dlt::decode_zone_table(in);
      if (r.ok() && !has_ff_row(in) && !same(dlt::encode_zone_table(*r.value), in))
        __builtin_trap();
      break;
    }
    case 1: {
      const auto r = dlt::decode_daily_table(in);
      if (r.ok() && !has_ff_row(in) && !same(dlt::encode_daily_table(*r.value), in))
        __builtin_trap();
      break;
    }
    case 2: {
      const auto r = dlt::decode_holiday(in);
      if (r.ok() && !same(dlt::encode_holiday(*r.value), in)) __builtin_trap();
      break;
    }
    case 3: {
      const auto r = dlt::decode_switch_time(in);
      if (r.ok() && *r.value && !same(dlt::encode_switch_time(**r.value), in)) __builtin_trap();
      break;
    }
    case 4: {
      const auto r = dlt::decode_count(in);
      if (r.ok() && !same(dlt::encode_count(*r.value, in.size()), in)) __builtin_trap();
      break;
    }
    case 5: {
      const auto r = dlt::decode_price(in);
      if (r.ok() && !same(dlt::encode_price(*r.value), in)) __builtin_trap();
      break;
    }
    case 6: {
      const auto r = dlt::decode_ladder_bound(in);
      if (r.ok() && !same(dlt::encode_ladder_bound(*r.value), in)) __builtin_trap();
      break;
    }
    case 7: {
      const auto f = dlt::decode(in);
      if (f.ok()) (void)dlt::decode_write_reply(*f.value);
      break;
    }
    case 8: {
      const auto r = cj::decode_price_table(in);
      if (r.ok() && in.size() == cj::price_table_size &&
          !same(cj::encode_price_table(*r.value), in))
        __builtin_trap();
      break;
    }
    case 9: {
      const auto f = cj::decode(in);
      if (!f.ok()) break;
      for (const auto* p : {&cj::standard_2004, &cj::standard_2018, &cj::sc_water}) {
        (void)cj::decode_setting_reply(*f.value, *p);
        (void)cj::decode_write_ack(*f.value, *p);
      }
      break;
    }
    default:
      tables_from_items(in);
      break;
  }
  return 0;
}
