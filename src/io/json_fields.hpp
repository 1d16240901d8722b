#pragma once
/// \file
/// The field readers every JSON format of src/io uses: a required field, a string, a checked
/// integer, an identifier or name under the one rule (identifier.hpp), and a bounded description
/// of an untrusted value for error messages. Each refusal is errc::parse (errc::invalid_argument
/// for the identifier rule) naming the JSON path.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <limits>
#include <optional>
#include <string>

#include "io/echo.hpp"
#include "io/identifier.hpp"
#include "submeter/core/error.hpp"

namespace submeter::io {

/// The integer `j` when it is a JSON integer in [lo, hi]; nullopt for anything else: a float, a
/// string, an integer outside, an unsigned integer beyond int64. Unlike nlohmann's get<int>(),
/// which truncates (4294967298 → 2, 18446744073709551615 → -1), it never changes a value.
[[nodiscard]] inline std::optional<std::int64_t> integer_in(const nlohmann::json& j,
                                                            std::int64_t lo,
                                                            std::int64_t hi) noexcept {
  std::int64_t v = 0;
  if (j.is_number_unsigned()) {
    const auto u = j.get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      return std::nullopt;
    }
    v = static_cast<std::int64_t>(u);
  } else if (j.is_number_integer()) {
    v = j.get<std::int64_t>();
  } else {
    return std::nullopt;
  }
  if (v < lo || v > hi) return std::nullopt;
  return v;
}

/// An untrusted value as an error message quotes it, never recursing into it: a number, boolean
/// or null as JSON (numbers are short), a string cut and escaped (echo), an array or object by
/// its kind ("an array", "an object"); never `dump()` of a document that may nest 100,000 deep.
[[nodiscard]] inline std::string describe(const nlohmann::json& j) {
  if (j.is_string()) return echo(j.get_ref<const std::string&>());
  if (j.is_array()) return "an array";
  if (j.is_object()) return "an object";
  return echo(j.dump());
}

/// The name of `j`'s JSON type with an article ("a string", "an array").
[[nodiscard]] inline std::string type_name(const nlohmann::json& j) {
  if (j.is_number()) return "a JSON number";
  if (j.is_string()) return "a string";
  if (j.is_boolean()) return "a boolean";
  if (j.is_null()) return "null";
  if (j.is_array()) return "an array";
  return "an object";
}

namespace detail {

/// obj[key]; refuses a missing field (or `obj` not an object), naming `path`.`key`.
[[nodiscard]] inline const nlohmann::json& require(const nlohmann::json& obj, const char* key,
                                                   const std::string& path) {
  if (!obj.is_object() || !obj.contains(key)) {
    throw error(errc::parse, "missing field", {{"path", path + "." + key}});
  }
  return obj.at(key);
}

/// The string `j`; refuses another type, naming `path`.
[[nodiscard]] inline const std::string& as_string(const nlohmann::json& j,
                                                  const std::string& path) {
  if (!j.is_string()) {
    throw error(errc::parse, "expected a string, got " + type_name(j), {{"path", path}});
  }
  return j.get_ref<const std::string&>();
}

/// The array `j`; refuses another type, naming `path`.
[[nodiscard]] inline const nlohmann::json& as_array(const nlohmann::json& j,
                                                    const std::string& path) {
  if (!j.is_array()) {
    throw error(errc::parse, "expected an array, got " + type_name(j), {{"path", path}});
  }
  return j;
}

/// The object `j`; refuses another type, naming `path`.
[[nodiscard]] inline const nlohmann::json& as_object(const nlohmann::json& j,
                                                     const std::string& path) {
  if (!j.is_object()) {
    throw error(errc::parse, "expected an object, got " + type_name(j), {{"path", path}});
  }
  return j;
}

/// The integer `j` in [lo, hi] (integer_in); refuses anything else, naming `path` and the value.
[[nodiscard]] inline std::int64_t as_integer(const nlohmann::json& j, std::int64_t lo,
                                             std::int64_t hi, const std::string& path) {
  const auto v = integer_in(j, lo, hi);
  if (!v) {
    throw error(errc::parse,
                "expected an integer " + std::to_string(lo) + ".." + std::to_string(hi),
                {{"path", path}, {"text", describe(j)}});
  }
  return *v;
}

/// The string `j` as an identifier (identifier.hpp); refuses another type or a string the rule
/// refuses (errc::invalid_argument), naming `path` and the text.
[[nodiscard]] inline const std::string& as_id(const nlohmann::json& j, const std::string& path) {
  const auto& s = as_string(j, path);
  if (const char* problem = id_problem(s)) {
    throw error(errc::invalid_argument, problem, {{"path", path}, {"text", echo(s)}});
  }
  return s;
}

/// The string `j` as a name (identifier.hpp); refuses another type or a string the rule refuses
/// (errc::invalid_argument), naming `path` and the text.
[[nodiscard]] inline const std::string& as_name(const nlohmann::json& j, const std::string& path) {
  const auto& s = as_string(j, path);
  if (const char* problem = name_problem(s)) {
    throw error(errc::invalid_argument, problem, {{"path", path}, {"text", echo(s)}});
  }
  return s;
}

/// A JSON path with one more key: `path`.`key`, the key cut and escaped (a key is input too).
[[nodiscard]] inline std::string key_path(const std::string& path, const std::string& key) {
  return path + "." + echo(key);
}

}  // namespace detail
}  // namespace submeter::io
