#pragma once
// A command-line option that names a time: "YYYY-MM-DD" (that day's midnight) or a local time
// "YYYY-MM-DDTHH:MM[:SS]": `bill --from/--to` (RANGE-1) and `prepaid run --through` (the clock).
#include <string>

#include "submeter/core/error.hpp"
#include "submeter/core/time.hpp"

namespace submeter::cli {

/// The time option `option` gives as `text`. Refuses (errc::parse) anything else, naming the
/// option and the text.
[[nodiscard]] inline local_time time_option(const std::string& text, const char* option) {
  const auto t = try_parse_local_time(text.size() == 10 ? text + "T00:00" : text);
  if (!t) {
    throw error(errc::parse, "not a date or local time (expected YYYY-MM-DD or YYYY-MM-DDTHH:MM)",
                {{"option", option}, {"text", text}});
  }
  return *t;
}

}  // namespace submeter::cli
