#pragma once
// Loads the protocol vectors copied into tests/data/protocol-vectors (see its README).

#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "submeter/meters/hex.hpp"

namespace submeter::meters::test {

inline nlohmann::json load_vectors(const std::string& file) {
  const std::string path = std::string(SUBMETER_TEST_DATA) + "/protocol-vectors/" + file;
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  return nlohmann::json::parse(in);
}

inline std::vector<std::uint8_t> hex(const std::string& text) {
  auto bytes = parse_hex(text);
  if (!bytes) throw std::runtime_error("bad hex in a vector: " + text);
  return *bytes;
}

inline std::uint32_t hex_number(const std::string& text) {
  return static_cast<std::uint32_t>(std::stoul(text, nullptr, 16));
}

}  // namespace submeter::meters::test
