#pragma once
/// \file
/// submeter::meters::transport::modbus_client: the only I/O of the meters layer. A libmodbus
/// context per connection (TCP or RTU), configurable response and byte timeouts, retries in our
/// code, a flush after every timeout, and plain error values (timeout, Modbus exception, CRC).
///
/// protocols.md 5: libmodbus is transport only (number conversion happens in the pure codecs);
/// a context is not thread-safe, so a client is used by one thread at a time (one client per
/// bus or connection); modbus_strerror is not MT-safe and is not used; a late reply after a
/// timeout would be taken as the answer to the next request, hence modbus_flush.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "submeter/core/quantity.hpp"
#include "submeter/core/result.hpp"
#include "submeter/meters/meter_reading.hpp"
#include "submeter/meters/modbus/register_map.hpp"
#include "submeter/meters/transport/link.hpp"

namespace submeter::meters::transport {

/// The outcome of a read.
struct read_result {
  link_error error = link_error::none;
  /// The Modbus exception code when error == exception (2 = illegal data address, …).
  int exception_code = 0;
  /// Attempts made (1 + retries used).
  int attempts = 0;
  /// Human-readable detail (errno text, which request).
  std::string message;
  /// The registers read (empty on error).
  std::vector<std::uint16_t> registers;

  [[nodiscard]] bool ok() const noexcept { return error == link_error::none; }
};

/// A reading obtained through a register map.
struct map_reading {
  read_result link;
  /// The decode outcome (ok only when link.ok()).
  decode_status status = decode_status::need_more;
  meter_reading reading;
  /// Every mapped register that was read, decoded.
  std::vector<std::pair<std::string, scaled_value>> values;
};

/// One Modbus connection. Move-only; not thread-safe (use one per thread or serialise).
class modbus_client {
 public:
  /// A TCP client (not yet connected: connect() or the first read connects).
  [[nodiscard]] static modbus_client tcp(const tcp_endpoint& endpoint,
                                         const link_options& options = {});
  /// An RTU client on a serial line.
  [[nodiscard]] static modbus_client rtu(const rtu_endpoint& endpoint,
                                         const link_options& options = {});

  modbus_client(modbus_client&&) noexcept;
  modbus_client& operator=(modbus_client&&) noexcept;
  modbus_client(const modbus_client&) = delete;
  modbus_client& operator=(const modbus_client&) = delete;
  ~modbus_client();

  /// Opens the link; error connect_failed when it cannot.
  read_result connect();
  /// Reads `count` registers from `start` (0-based PDU address) of unit `unit` with function 3
  /// (holding) or 4 (input). Retries timeouts and CRC errors `retries` times, flushing first.
  read_result read_registers(std::uint8_t unit, std::uint8_t function, std::uint16_t start,
                             std::uint16_t count);
  /// Reads every span of `map` (plan_reads) and decodes the reading and the values.
  map_reading read_map(std::uint8_t unit, const modbus::register_map& map,
                       ratio pt_times_ct = ratio::from_integer(1));

 private:
  struct state;
  explicit modbus_client(std::unique_ptr<state> s) noexcept;
  std::unique_ptr<state> state_;
};

}  // namespace submeter::meters::transport
