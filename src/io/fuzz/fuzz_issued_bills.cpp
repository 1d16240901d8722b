// libFuzzer target: the issued-bills reader of `submeter rerate` (src/io/rerate_json.hpp) on a
// bills file, then the re-rating of what it read under a fixed price change (the sample site's
// flat price cut, tests/data/sites/v0-sample/price-change-flat-2026-07-16.json); the reader of
// `bill --dry-run --against` (src/io/against_json.hpp) on the same document, then the dry run's
// comparison of what it read with itself (DRY-1: no difference); and the invoices reader
// (src/io/invoices_json.hpp). Seeds: the golden bills files of tests/data and the altered issued
// bills (src/io/fuzz/make_corpus.py). Invariant (issue 16 #12, #14):
// a malformed, mistyped, out-of-range or inconsistent file is refused with a submeter::error,
// never a nlohmann exception, a std::overflow_error or a crash.
#include <cstddef>
#include <cstdint>
#include <exception>
#include <string>
#include <string_view>

#include "io/against_json.hpp"
#include "io/invoices_json.hpp"
#include "io/read_json.hpp"
#include "io/rerate_json.hpp"
#include "submeter/core/error.hpp"

namespace {

const submeter::rerate::price_change& flat_cut() {
  static const auto change = submeter::io::price_change_from_json(submeter::io::parse_json(
      R"({"format": "submeter-price-change-v1", "tariff": "flat-general", "version": "flat-2026b",
          "effective": "2026-07-16 00:00", "document": "fuzz",
          "prices": [{"component": "energy", "register": 0, "tier": 0, "price": "0.63"}]})",
      "price-change.json"));
  return change;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto refused_or_trap = [](auto&& step) {
    try {
      step();
    } catch (const submeter::error&) {
      // Refused: the contract.
    } catch (const std::exception&) {
      __builtin_trap();  // a nlohmann or overflow exception where bad input must be refused
    }
  };
  refused_or_trap([&] {
    const auto doc = submeter::io::parse_json(text, "bills.json");
    const auto issued = submeter::io::issued_bills_document_from_json(doc, "demo");
    (void)submeter::io::rerate_issued("demo", issued.bills, flat_cut());
  });
  refused_or_trap([&] {
    const auto doc = submeter::io::parse_json(text, "issued.json");
    const auto bills = submeter::io::against_bills_from_json(doc, "2026-07");
    if (submeter::bill::compare_bills(bills, bills).any()) __builtin_trap();
  });
  refused_or_trap([&] {
    (void)submeter::io::invoices_from_json(submeter::io::parse_json(text, "invoices.json"));
  });
  return 0;
}
