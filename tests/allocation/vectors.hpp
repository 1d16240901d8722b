#pragma once
// Test support: the allocation vectors (tests/data/vectors/, copied from shared/domain/vectors).

#include <nlohmann/json.hpp>

#include <fstream>
#include <string>

namespace submeter::test_support {

inline nlohmann::json allocation_vectors() {
  std::ifstream in(SUBMETER_TEST_DATA "/vectors/allocation.json");
  return nlohmann::json::parse(in);
}

inline nlohmann::json transformer_vectors() {
  std::ifstream in(SUBMETER_TEST_DATA "/vectors/transformer_loss.json");
  return nlohmann::json::parse(in);
}

/// A decimal from a vector's string field.
template <class T>
T dec(const nlohmann::json& j) {
  return T::parse(j.get<std::string>());
}

}  // namespace submeter::test_support
