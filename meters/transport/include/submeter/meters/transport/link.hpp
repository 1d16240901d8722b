#pragma once
/// \file
/// What every transport of the meters layer shares: endpoints (TCP, serial), timeouts and
/// retries, the errors of a link, and the endpoint text users write ("tcp://HOST:PORT",
/// "rtu:///dev/ttyUSB0?baud=9600&parity=E").

#include <chrono>
#include <string>
#include <string_view>

#include "submeter/core/error.hpp"

namespace submeter::meters::transport {

/// Timeouts and retries of one connection (protocols.md 5.4: 0.5 s is too short for some
/// devices and for gateways; set it per meter).
struct link_options {
  std::chrono::milliseconds response_timeout{500};
  std::chrono::milliseconds byte_timeout{500};
  /// Extra attempts after a timeout or CRC error (not after an answer, even a refusal).
  int retries = 1;
};

/// A TCP endpoint.
struct tcp_endpoint {
  std::string host = "127.0.0.1";
  int port = 502;
};

/// A serial line.
struct rtu_endpoint {
  std::string device;  ///< "/dev/ttyUSB0"
  int baud = 9600;
  char parity = 'N';  ///< 'N', 'E' or 'O' (Acrel meters: none or even depending on model)
  int data_bits = 8;
  int stop_bits = 1;
};

/// What went wrong on the link.
enum class link_error {
  none,
  connect_failed,  ///< could not open the socket or serial port
  timeout,         ///< no (complete) answer in time: an unknown unit id looks like this
  exception,       ///< the device answered with a Modbus exception (see exception_code)
  bad_crc,         ///< CRC error (RTU): usually wrong parity or baud rate
  bad_reply,       ///< a reply that does not fit the request
  io,              ///< another OS error
  invalid_argument,
};

/// The name of a link error ("timeout").
[[nodiscard]] std::string_view to_string(link_error e) noexcept;

/// An endpoint as text: TCP or serial.
struct endpoint {
  bool tcp = true;
  tcp_endpoint net;
  rtu_endpoint serial;
};

namespace detail {

[[nodiscard]] inline int endpoint_number(std::string_view text, const std::string& what,
                                         const std::string& url) {
  int v = 0;
  if (text.empty() || text.size() > 9) {
    throw error(errc::parse, "not a number", {{"field", what}, {"endpoint", url}});
  }
  for (const char c : text) {
    if (c < '0' || c > '9') {
      throw error(errc::parse, "not a number", {{"field", what}, {"endpoint", url}});
    }
    v = v * 10 + (c - '0');
  }
  return v;
}

}  // namespace detail

/// Parses tcp://HOST[:PORT] (`default_port` when none) or rtu://DEVICE[?baud=9600&parity=E&
/// data_bits=8&stop_bits=1], e.g. rtu:///dev/ttyUSB0?baud=9600&parity=E. Throws submeter::error
/// (errc::parse) naming the endpoint and the bad part.
[[nodiscard]] inline endpoint parse_endpoint(const std::string& url, int default_port = 502) {
  endpoint e;
  e.net.port = default_port;
  const std::string_view u(url);
  if (u.rfind("tcp://", 0) == 0) {
    const auto rest = u.substr(6);
    const auto colon = rest.rfind(':');
    e.net.host = std::string(colon == std::string_view::npos ? rest : rest.substr(0, colon));
    if (colon != std::string_view::npos) {
      e.net.port = detail::endpoint_number(rest.substr(colon + 1), "port", url);
    }
    if (e.net.host.empty() || e.net.port < 1 || e.net.port > 65535) {
      throw error(errc::parse, "not a TCP endpoint (tcp://HOST:PORT)", {{"endpoint", url}});
    }
    return e;
  }
  if (u.rfind("rtu://", 0) == 0) {
    e.tcp = false;
    auto rest = u.substr(6);
    const auto q = rest.find('?');
    e.serial.device = std::string(rest.substr(0, q));
    if (e.serial.device.empty()) {
      throw error(errc::parse, "no serial device (rtu:///dev/ttyUSB0?baud=9600&parity=E)",
                  {{"endpoint", url}});
    }
    auto params = q == std::string_view::npos ? std::string_view{} : rest.substr(q + 1);
    while (!params.empty()) {
      const auto amp = params.find('&');
      const auto item = params.substr(0, amp);
      params = amp == std::string_view::npos ? std::string_view{} : params.substr(amp + 1);
      const auto eq = item.find('=');
      const auto key = std::string(item.substr(0, eq));
      const auto value = eq == std::string_view::npos ? std::string_view{} : item.substr(eq + 1);
      if (key == "baud") {
        e.serial.baud = detail::endpoint_number(value, key, url);
      } else if (key == "parity" && (value == "N" || value == "E" || value == "O")) {
        e.serial.parity = value[0];
      } else if (key == "data_bits") {
        e.serial.data_bits = detail::endpoint_number(value, key, url);
      } else if (key == "stop_bits") {
        e.serial.stop_bits = detail::endpoint_number(value, key, url);
      } else {
        throw error(errc::parse,
                    "unknown or bad serial parameter (baud, parity=N|E|O, "
                    "data_bits, stop_bits)",
                    {{"parameter", std::string(item)}, {"endpoint", url}});
      }
    }
    return e;
  }
  throw error(errc::parse, "not an endpoint (tcp://HOST:PORT or rtu:///dev/ttyUSB0?baud=9600)",
              {{"endpoint", url}});
}

}  // namespace submeter::meters::transport
