// libFuzzer target: the site loader (docs/formats.md) on an in-memory site directory, then one
// month's run of the site. The input is the directory image `site.json NUL readings.csv [NUL
// intervals.csv [NUL reactive.csv]]` (src/io/fuzz/make_corpus.py writes the seeds from
// tests/data/sites). Invariant (DESIGN.md "Errors", issue 16): bad input is refused with a
// submeter::error, never another exception (an internal error, exit 3), a crash, a hang or
// unbounded memory; a site that loads bills its first reading's month or refuses with a
// submeter::error.
#include <cstddef>
#include <cstdint>
#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "io/site_loader.hpp"
#include "submeter/bill/period.hpp"
#include "submeter/core/error.hpp"
#include "submeter/site/run.hpp"

namespace {

/// Splits the image at NUL bytes into at most four files.
std::vector<std::string_view> files_of(std::string_view image) {
  std::vector<std::string_view> parts;
  while (parts.size() < 3) {
    const auto nul = image.find('\0');
    if (nul == std::string_view::npos) break;
    parts.push_back(image.substr(0, nul));
    image.remove_prefix(nul + 1);
  }
  parts.push_back(image);
  return parts;
}

/// The first reading's month, "YYYY-MM", or nullopt when the site has no readings.
std::optional<std::string> first_month(const submeter::site::site& s) {
  for (const auto& series : s.readings()) {
    if (series.readings().empty()) continue;
    const auto text = submeter::local_interval::format(series.readings().front().time);
    return text.substr(0, 7);
  }
  return std::nullopt;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string image(reinterpret_cast<const char*>(data), size);
  const auto parts = files_of(image);
  submeter::io::site_files files{{"site.json", parts[0]},
                                 {"readings.csv", parts.size() > 1 ? parts[1] : ""},
                                 std::nullopt,
                                 std::nullopt};
  if (parts.size() > 2) files.intervals_csv = submeter::io::site_file{"intervals.csv", parts[2]};
  if (parts.size() > 3) files.reactive_csv = submeter::io::site_file{"reactive.csv", parts[3]};
  try {
    const auto site = submeter::io::parse_site_files(files);
    if (const auto month = first_month(site)) {
      const auto period = submeter::bill::billing_period::parse(*month);
      (void)submeter::site::run_site(site, period);
    }
  } catch (const submeter::error&) {
    // Refused: the contract.
  } catch (const std::exception&) {
    __builtin_trap();  // an internal error where bad input must be refused
  }
  return 0;
}
