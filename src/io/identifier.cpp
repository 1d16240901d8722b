// The identifier and name rule (identifier.hpp).
#include "io/identifier.hpp"

#include "io/echo.hpp"

namespace submeter::io {
namespace {

/// Why `text` is not printable UTF-8 without control characters, or nullptr.
const char* printable_problem(std::string_view text) noexcept {
  for (std::size_t i = 0; i < text.size();) {
    const auto rest = text.substr(i);
    const auto n = utf8_char_length(rest);
    if (n == 0) return "not valid UTF-8";
    const auto c = utf8_code_point(rest, n);
    if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) return "holds a control character";
    i += n;
  }
  return nullptr;
}

}  // namespace

const char* id_problem(std::string_view id) noexcept {
  if (id.empty()) return "an identifier must not be empty";
  if (id.size() > max_id_bytes) return "an identifier must not be longer than 200 bytes";
  if (id.front() == '.') return "an identifier must not start with '.'";
  if (id.find_first_of("/\\") != std::string_view::npos) {
    return "an identifier must not hold '/' or '\\'";
  }
  if (printable_problem(id) != nullptr) {
    return "an identifier must be valid UTF-8 without control characters";
  }
  return nullptr;
}

const char* name_problem(std::string_view name) noexcept {
  if (name.size() > max_name_bytes) return "a name must not be longer than 1024 bytes";
  if (printable_problem(name) != nullptr) {
    return "a name must be valid UTF-8 without control characters (one line)";
  }
  return nullptr;
}

}  // namespace submeter::io
