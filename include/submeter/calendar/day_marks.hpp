#pragma once
/// \file
/// Caller-supplied day flags: days the engine cannot know, marked by the caller.
///
/// TOU-3 (rules.md): Guangdong's 尖峰 applies on a day whose Guangzhou maximum is forecast at
/// ≥ 35 °C; Sichuan's after 3 consecutive days ≥ 35 °C. submeter does not know the weather: the
/// caller marks such dates with a flag ("hot_day") and the tariff selects tables by flag.

#include <date/date.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "submeter/core/error.hpp"

namespace submeter::calendar {

/// One marked day.
struct day_mark {
  date::local_days day;
  std::string flag;
};

/// A set of (date, flag) marks.
class day_marks {
 public:
  day_marks() = default;

  /// Refuses (errc::invalid_argument) an empty flag name; duplicates are merged.
  [[nodiscard]] static day_marks make(std::vector<day_mark> marks) {
    for (const auto& m : marks) {
      if (m.flag.empty()) throw error(errc::invalid_argument, "a day flag needs a name");
    }
    std::sort(marks.begin(), marks.end(), [](const day_mark& a, const day_mark& b) {
      return a.day != b.day ? a.day < b.day : a.flag < b.flag;
    });
    marks.erase(std::unique(marks.begin(), marks.end(),
                            [](const day_mark& a, const day_mark& b) {
                              return a.day == b.day && a.flag == b.flag;
                            }),
                marks.end());
    day_marks out;
    out.marks_ = std::move(marks);
    return out;
  }

  /// True when `day` carries `flag`.
  [[nodiscard]] bool has(date::local_days day, std::string_view flag) const noexcept {
    auto it = std::lower_bound(marks_.begin(), marks_.end(), day,
                               [](const day_mark& m, date::local_days d) { return m.day < d; });
    for (; it != marks_.end() && it->day == day; ++it) {
      if (it->flag == flag) return true;
    }
    return false;
  }
  [[nodiscard]] const std::vector<day_mark>& marks() const noexcept { return marks_; }

 private:
  std::vector<day_mark> marks_;
};

}  // namespace submeter::calendar
