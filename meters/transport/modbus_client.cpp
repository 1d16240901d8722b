// libmodbus transport (see modbus_client.hpp). The only file of submeter that includes <modbus.h>.
#include "submeter/meters/transport/modbus_client.hpp"

#include "errno_text.hpp"

#include <modbus.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace submeter::meters::transport {

std::string_view to_string(link_error e) noexcept {
  switch (e) {
    case link_error::none:
      return "none";
    case link_error::connect_failed:
      return "connect_failed";
    case link_error::timeout:
      return "timeout";
    case link_error::exception:
      return "exception";
    case link_error::bad_crc:
      return "bad_crc";
    case link_error::bad_reply:
      return "bad_reply";
    case link_error::io:
      return "io";
    case link_error::invalid_argument:
      return "invalid_argument";
  }
  return "unknown";
}

struct modbus_client::state {
  modbus_t* ctx = nullptr;
  bool connected = false;
  link_options options;
  std::string endpoint;
  ~state() {
    if (ctx != nullptr) {
      if (connected) modbus_close(ctx);
      modbus_free(ctx);
    }
  }
};

namespace {

void set_timeouts(modbus_t* ctx, const link_options& o) {
  const auto split = [](std::chrono::milliseconds ms, std::uint32_t& sec, std::uint32_t& usec) {
    const auto count = ms.count() < 0 ? 0 : ms.count();
    sec = static_cast<std::uint32_t>(count / 1000);
    usec = static_cast<std::uint32_t>((count % 1000) * 1000);
  };
  std::uint32_t s = 0;
  std::uint32_t u = 0;
  split(o.response_timeout, s, u);
  modbus_set_response_timeout(ctx, s, u);
  split(o.byte_timeout, s, u);
  modbus_set_byte_timeout(ctx, s, u);
}

read_result classify(int e, const std::string& what) {
  read_result r;
  r.message = what;
  if (e == ETIMEDOUT) {
    r.error = link_error::timeout;
    r.message += ": no answer in time";
  } else if (e == EMBBADCRC) {
    r.error = link_error::bad_crc;
    r.message += ": CRC error";
  } else if (e > MODBUS_ENOBASE && e < MODBUS_ENOBASE + 12) {
    r.error = link_error::exception;
    r.exception_code = e - MODBUS_ENOBASE;
    r.message += ": Modbus exception " + std::to_string(r.exception_code);
  } else if (e == EMBBADDATA || e == EMBBADEXC || e == EMBUNKEXC || e == EMBMDATA ||
             e == EMBBADSLAVE) {
    r.error = link_error::bad_reply;
    r.message += ": reply does not fit the request";
  } else {
    r.error = link_error::io;
    r.message += ": " + detail::errno_text(e);
  }
  return r;
}

}  // namespace

modbus_client::modbus_client(std::unique_ptr<state> s) noexcept : state_(std::move(s)) {}
modbus_client::modbus_client(modbus_client&&) noexcept = default;
modbus_client& modbus_client::operator=(modbus_client&&) noexcept = default;
modbus_client::~modbus_client() = default;

modbus_client modbus_client::tcp(const tcp_endpoint& endpoint, const link_options& options) {
  auto s = std::make_unique<state>();
  s->ctx = modbus_new_tcp(endpoint.host.c_str(), endpoint.port);
  s->options = options;
  s->endpoint = "tcp://" + endpoint.host + ":" + std::to_string(endpoint.port);
  if (s->ctx != nullptr) set_timeouts(s->ctx, options);
  return modbus_client(std::move(s));
}

modbus_client modbus_client::rtu(const rtu_endpoint& endpoint, const link_options& options) {
  auto s = std::make_unique<state>();
  s->ctx = modbus_new_rtu(endpoint.device.c_str(), endpoint.baud, endpoint.parity,
                          endpoint.data_bits, endpoint.stop_bits);
  s->options = options;
  s->endpoint = "rtu:" + endpoint.device;
  if (s->ctx != nullptr) set_timeouts(s->ctx, options);
  return modbus_client(std::move(s));
}

read_result modbus_client::connect() {
  read_result r;
  if (state_->ctx == nullptr) {
    r.error = link_error::invalid_argument;
    r.message = state_->endpoint + ": libmodbus refused the endpoint";
    return r;
  }
  if (state_->connected) return r;
  if (modbus_connect(state_->ctx) == -1) {
    r = classify(errno, state_->endpoint + ": connect");
    r.error = link_error::connect_failed;
    return r;
  }
  state_->connected = true;
  return r;
}

read_result modbus_client::read_registers(std::uint8_t unit, std::uint8_t function,
                                          std::uint16_t start, std::uint16_t count) {
  const std::string what = state_->endpoint + " unit " + std::to_string(unit) + " FC" +
                           std::to_string(function) + " " + std::to_string(start) + "+" +
                           std::to_string(count);
  if ((function != 3 && function != 4) || count == 0 || count > MODBUS_MAX_READ_REGISTERS) {
    read_result r;
    r.error = link_error::invalid_argument;
    r.message = what + ": function 3/4 and 1..125 registers";
    return r;
  }
  read_result r = connect();
  if (!r.ok()) return r;
  modbus_set_slave(state_->ctx, unit);
  std::vector<std::uint16_t> regs(count);
  const int attempts = 1 + (state_->options.retries < 0 ? 0 : state_->options.retries);
  for (int attempt = 1; attempt <= attempts; ++attempt) {
    const int n = function == 3
                      ? modbus_read_registers(state_->ctx, start, count, regs.data())
                      : modbus_read_input_registers(state_->ctx, start, count, regs.data());
    if (n == count) {
      read_result ok;
      ok.attempts = attempt;
      ok.registers = std::move(regs);
      return ok;
    }
    const int e = n < 0 ? errno : EMBBADDATA;
    r = classify(e, what);
    r.attempts = attempt;
    if (r.error != link_error::timeout && r.error != link_error::bad_crc) return r;
    modbus_flush(state_->ctx);  // drop a late reply before asking again
  }
  return r;
}

map_reading modbus_client::read_map(std::uint8_t unit, const modbus::register_map& map,
                                    ratio pt_times_ct) {
  map_reading out;
  const auto plan = modbus::plan_reads(map);
  for (const auto& span : plan) {
    auto r = read_registers(unit, map.function, span.start, span.count);
    if (!r.ok()) {
      out.link = std::move(r);
      return out;
    }
    const auto block =
        modbus::decode_block(map, span.start, r.registers.data(), r.registers.size());
    if (!block) {
      out.status = block.status;
      out.link = std::move(r);
      return out;
    }
    for (const auto& d : *block.value) out.values.emplace_back(d.entry->name, d.value);
    const auto reading = modbus::decode_reading(map, span.start, r.registers.data(),
                                                r.registers.size(), pt_times_ct);
    if (reading.ok()) {
      out.reading.total = reading.value->total;
      out.reading.multiplier = reading.value->multiplier;
    }
    // rates may sit in another span than the total
    for (const auto& e : map.registers) {
      if (e.role == modbus::reading_role::none || e.role == modbus::reading_role::total) continue;
      const auto v = modbus::decode_entry(e, span.start, r.registers.data(), r.registers.size());
      if (v.ok()) {
        out.reading.rates[static_cast<std::size_t>(static_cast<int>(e.role) - 2)] =
            v.value->to_exact<energy>();
      }
    }
    out.link.attempts += r.attempts;
  }
  out.status = out.reading.total ? decode_status::ok : decode_status::need_more;
  return out;
}

}  // namespace submeter::meters::transport
