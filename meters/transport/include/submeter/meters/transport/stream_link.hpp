#pragma once
/// \file
/// submeter::meters::transport::stream_link: a byte-stream connection (a TCP socket, e.g. a
/// serial-to-Ethernet gateway, or a serial line) for the framed protocols DL/T 645 and CJ/T 188,
/// and exchange(): send a request, take the first reply frame out of whatever arrives.
///
/// protocols.md 5.4 and 9: timeouts are per meter; after a timeout the input is flushed before
/// the next attempt, or a late reply would be taken as the answer to the next request. RS-485
/// adapters may echo the request, and meters send FE preambles and line noise: the stream
/// scanner of the codec skips them, and frames that are not replies are ignored. A link is used
/// by one thread at a time.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "submeter/meters/byte_span.hpp"
#include "submeter/meters/frame_scanner.hpp"
#include "submeter/meters/transport/link.hpp"

namespace submeter::meters::transport {

/// The outcome of a link operation.
struct link_status {
  link_error error = link_error::none;
  /// Detail for a person (which endpoint, errno text).
  std::string message;

  [[nodiscard]] bool ok() const noexcept { return error == link_error::none; }
};

/// One byte-stream connection. Move-only; not thread-safe.
class stream_link {
 public:
  /// A TCP link (connects on first use).
  [[nodiscard]] static stream_link tcp(const tcp_endpoint& endpoint,
                                       const link_options& options = {});
  /// A serial link (opened on first use): baud, parity, data and stop bits as given; raw mode.
  [[nodiscard]] static stream_link serial(const rtu_endpoint& endpoint,
                                          const link_options& options = {});
  /// The link an endpoint names.
  [[nodiscard]] static stream_link open(const endpoint& e, const link_options& options = {}) {
    return e.tcp ? tcp(e.net, options) : serial(e.serial, options);
  }

  stream_link(stream_link&&) noexcept;
  stream_link& operator=(stream_link&&) noexcept;
  stream_link(const stream_link&) = delete;
  stream_link& operator=(const stream_link&) = delete;
  ~stream_link();

  /// Opens the connection (connect_failed when it cannot); a no-op when open.
  link_status connect();
  /// Sends all of `bytes` (connecting first).
  link_status send(byte_span bytes);
  /// Appends what arrives within `timeout` to `into`: ok once at least one byte came, timeout
  /// when none did, io when the peer closed or the OS failed.
  link_status receive(std::vector<std::uint8_t>& into, std::chrono::milliseconds timeout);
  /// Drops whatever is waiting to be read.
  void flush();
  /// The options the link was made with.
  [[nodiscard]] const link_options& options() const noexcept;
  /// "tcp://127.0.0.1:8899" or "rtu:/dev/ttyUSB0", for messages.
  [[nodiscard]] const std::string& name() const noexcept;

 private:
  struct state;
  explicit stream_link(std::unique_ptr<state> s) noexcept;
  std::unique_ptr<state> state_;
};

/// The outcome of an exchange: the reply frame, or what went wrong.
template <class Frame>
struct exchange_result {
  link_error error = link_error::none;
  std::string message;
  /// Attempts made (1 + retries used).
  int attempts = 0;
  /// The first reply frame that arrived.
  std::optional<Frame> frame;

  [[nodiscard]] bool ok() const noexcept { return error == link_error::none && frame; }
};

/// Sends `request` and returns the first frame decoded by `Codec` (frame_scanner requirements)
/// whose control byte says it is a reply, waiting `response_timeout` per attempt; on a timeout
/// flushes and tries again `retries` times. A link error other than a timeout ends at once.
template <class Codec>
[[nodiscard]] exchange_result<typename Codec::frame_type> exchange(stream_link& link,
                                                                   byte_span request) {
  using clock = std::chrono::steady_clock;
  exchange_result<typename Codec::frame_type> out;
  const auto& o = link.options();
  const int attempts = 1 + (o.retries < 0 ? 0 : o.retries);
  for (int attempt = 1; attempt <= attempts; ++attempt) {
    out.attempts = attempt;
    if (attempt > 1) link.flush();
    const auto sent = link.send(request);
    if (!sent.ok()) {
      out.error = sent.error;
      out.message = sent.message;
      return out;
    }
    frame_scanner<Codec> scanner;
    const auto deadline = clock::now() + o.response_timeout;
    std::vector<std::uint8_t> chunk;
    for (;;) {
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock::now());
      if (left.count() <= 0) break;
      chunk.clear();
      const auto got = link.receive(chunk, left);
      if (got.error == link_error::timeout) break;
      if (!got.ok()) {
        out.error = got.error;
        out.message = got.message;
        return out;
      }
      scanner.feed(chunk);
      for (;;) {
        auto r = scanner.next();
        if (r.status == decode_status::need_more) break;
        if (r.ok() && r.value->control.is_reply()) {
          out.error = link_error::none;
          out.message.clear();
          out.frame = std::move(*r.value);
          return out;
        }
      }
    }
    out.error = link_error::timeout;
    out.message =
        link.name() + ": no reply in " + std::to_string(o.response_timeout.count()) + " ms";
  }
  return out;
}

}  // namespace submeter::meters::transport
