#pragma once
/// \file
/// submeter::error: the one exception type for bad input data, with a code and named context.
///
/// DESIGN.md "Errors": bad input (overlapping periods, tiers out of order, a meter that runs
/// backwards, an unknown meter, a version before the first) is refused when an object is built,
/// with an error that says which rule, which meter, which value, and what was expected.
/// Arithmetic overflow is not bad input: it throws std::overflow_error (see decimal.hpp).

#include <initializer_list>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace submeter {

/// What kind of bad input was refused. Stable: bindings and the CLI map codes to messages.
enum class errc {
  parse,             ///< a decimal, time or field that does not parse
  invalid_argument,  ///< a value outside what the operation accepts (negative weight, empty set…)
  out_of_order,      ///< readings, tiers, versions or periods not in the required order
  not_found,         ///< an unknown meter, tenant, tariff or register
  duplicate,         ///< an id or key given twice
  inconsistent,      ///< data that contradict each other (a reading going backwards, a gap…)
  unsupported,       ///< a field or feature the engine does not implement, named
};

/// The name of an error code, e.g. "out_of_order".
[[nodiscard]] constexpr std::string_view to_string(errc code) noexcept {
  switch (code) {
    case errc::parse:
      return "parse";
    case errc::invalid_argument:
      return "invalid_argument";
    case errc::out_of_order:
      return "out_of_order";
    case errc::not_found:
      return "not_found";
    case errc::duplicate:
      return "duplicate";
    case errc::inconsistent:
      return "inconsistent";
    case errc::unsupported:
      return "unsupported";
  }
  return "unknown";
}

/// One named piece of context: {"meter", "M-07"}, {"expected", ">= 1234.5"}.
struct context_item {
  std::string key;
  std::string value;
};

/// The exception thrown for bad input. `what()` reads
/// "out_of_order: reading goes backwards [meter=M-07, time=2026-07-31 00:00, value=10.5,
/// previous=12]".
class error : public std::runtime_error {
 public:
  /// Builds an error from a code, a sentence, and context items in the order given.
  error(errc code, std::string message, std::vector<context_item> context = {})
      : std::runtime_error(compose(code, message, context)),
        code_(code),
        message_(std::move(message)),
        context_(std::move(context)) {}

  /// The kind of bad input.
  [[nodiscard]] errc code() const noexcept { return code_; }
  /// The sentence without the context.
  [[nodiscard]] const std::string& message() const noexcept { return message_; }
  /// The context items, in order.
  [[nodiscard]] const std::vector<context_item>& context() const noexcept { return context_; }
  /// The value of a context item, or an empty string when absent.
  [[nodiscard]] std::string context_value(std::string_view key) const {
    for (const auto& item : context_) {
      if (item.key == key) return item.value;
    }
    return {};
  }
  /// A copy with one more context item appended (used when an outer layer knows more, e.g. the
  /// file).
  [[nodiscard]] error with(std::string key, std::string value) const {
    auto context = context_;
    context.push_back({std::move(key), std::move(value)});
    return error(code_, message_, std::move(context));
  }

 private:
  static std::string compose(errc code, const std::string& message,
                             const std::vector<context_item>& context) {
    std::string text(to_string(code));
    text += ": ";
    text += message;
    if (!context.empty()) {
      text += " [";
      for (std::size_t i = 0; i < context.size(); ++i) {
        if (i != 0) text += ", ";
        text += context[i].key;
        text += '=';
        text += context[i].value;
      }
      text += ']';
    }
    return text;
  }

  errc code_;
  std::string message_;
  std::vector<context_item> context_;
};

}  // namespace submeter
