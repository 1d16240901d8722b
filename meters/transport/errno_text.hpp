// errno's text for the transport's messages, without strerror's shared buffer (protocols.md 5.4:
// modbus_strerror is not MT-safe). Private to meters/transport.
#pragma once

#include <cstring>
#include <string>

namespace submeter::meters::transport::detail {

inline std::string errno_text(int e) {
  char buf[128] = {0};
#if defined(__GLIBC__) && defined(_GNU_SOURCE)
  const char* text = strerror_r(e, buf, sizeof buf);
  return text != nullptr ? std::string(text) : std::string("errno ") + std::to_string(e);
#else
  if (strerror_r(e, buf, sizeof buf) != 0) return "errno " + std::to_string(e);
  return buf;
#endif
}

}  // namespace submeter::meters::transport::detail
