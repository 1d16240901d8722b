#pragma once
/// \file
/// Internal to the JSON readers of src/io: a required field and a string field, each refused with
/// its JSON path (errc::parse) when missing or mistyped.

#include <nlohmann/json.hpp>

#include <string>

#include "submeter/core/error.hpp"

namespace submeter::io::detail {

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
  if (!j.is_string()) throw error(errc::parse, "expected a string", {{"path", path}});
  return j.get_ref<const std::string&>();
}

}  // namespace submeter::io::detail
