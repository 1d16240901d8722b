#pragma once
/// \file
/// Internal to submeter_io: errors that name the file and the place in it.

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "io/echo.hpp"
#include "submeter/core/error.hpp"

namespace submeter::io::site_detail {

/// An error whose context starts with file and place (path or line/column) and field, followed by
/// `more` (e.g. the context of an error thrown by the core), every value of `more` cut and
/// escaped (io::echo_all: it may quote a whole input cell).
[[nodiscard]] inline error located(errc code, std::string message, std::vector<context_item> where,
                                   const std::vector<context_item>& more = {}) {
  for (auto& item : echo_all(more)) where.push_back(std::move(item));
  return error(code, std::move(message), std::move(where));
}

/// True for a CSV line of only spaces and tabs (not empty): refused by blank_line, since a blank
/// line must be empty and such a line is more likely a row lost than a separator.
[[nodiscard]] inline bool only_blanks(std::string_view line) noexcept {
  return !line.empty() && line.find_first_not_of(" \t") == std::string_view::npos;
}

/// The error for a CSV line of only spaces or tabs, naming the file and line.
[[nodiscard]] inline error blank_line(const std::string& file, std::size_t line) {
  return located(
      errc::parse, "a line of only spaces or tabs (a blank line must be empty)",
      {{"file", file}, {"line", std::to_string(line)}, {"column", "1"}, {"field", "(row)"}});
}

}  // namespace submeter::io::site_detail
