#pragma once
// Helpers of the ingest tests: the gateway vectors in tests/data/gateways.
#include <fstream>
#include <sstream>
#include <string>

#include "submeter/core/time.hpp"

namespace submeter::ingest::test {

inline std::string vector_text(const std::string& name) {
  std::ifstream in(std::string(SUBMETER_TEST_DATA) + "/gateways/" + name, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline local_time at(const char* t) { return parse_local_time(t); }

}  // namespace submeter::ingest::test
