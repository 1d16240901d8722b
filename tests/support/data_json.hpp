#pragma once
// A JSON file of tests/data (vectors, cross-check cases), parsed once per test program.

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

namespace submeter::test_support {

/// tests/data/<relative> as JSON; throws std::runtime_error naming a file that cannot be read.
inline const nlohmann::json& data_json(const std::string& relative) {
  static std::map<std::string, nlohmann::json> cache;  // test programs only
  auto it = cache.find(relative);
  if (it == cache.end()) {
    std::ifstream in(std::string(SUBMETER_TEST_DATA) + "/" + relative);
    if (!in) throw std::runtime_error("cannot read tests/data/" + relative);
    it = cache.emplace(relative, nlohmann::json::parse(in)).first;
  }
  return it->second;
}

}  // namespace submeter::test_support
