#pragma once
// Which vendor profile each CJ/T 188 vector speaks (protocols.md 3.3).
#include <string>

#include "submeter/meters/cjt188/profile.hpp"

namespace submeter::meters::test {

inline const cjt188::profile& profile_of_vector(const std::string& id) {
  if (id.find("-SC") != std::string::npos || id.find("A017") != std::string::npos)
    return cjt188::sc_water;
  if (id.find("-JY") != std::string::npos) return cjt188::jy_heat;
  return cjt188::standard_2004;  // aixiwang/python_cjt188 commented frames: 90 1F, 81 0A
}

}  // namespace submeter::meters::test
