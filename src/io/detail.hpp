#pragma once
/// \file
/// Internal to submeter_io: errors that name the file and the place in it.

#include <string>
#include <utility>
#include <vector>

#include "submeter/core/error.hpp"

namespace submeter::io::site_detail {

/// An error whose context starts with file and place (path or line/column) and field, followed by
/// `more` (e.g. the context of an error thrown by the core).
[[nodiscard]] inline error located(errc code, std::string message, std::vector<context_item> where,
                                   const std::vector<context_item>& more = {}) {
  for (const auto& item : more) where.push_back(item);
  return error(code, std::move(message), std::move(where));
}

}  // namespace submeter::io::site_detail
