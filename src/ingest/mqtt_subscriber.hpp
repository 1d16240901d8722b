#pragma once
/// \file
/// The MQTT edge (DESIGN.md "Live"): a subscriber on libmosquitto that hands every message to a
/// handler (the CLI's parses it and appends the reads to the readings store before returning),
/// with QoS 1, a persistent session (a fixed client id and clean_session false: the broker keeps
/// QoS 1 messages while the subscriber is away), reconnection with exponential back-off, and a
/// clean stop on request (SIGTERM), after N messages or after an idle time.
///
/// Delivery is at least once: the broker may deliver a message twice (after a reconnect, or a
/// gateway resends its backlog), and the readings store's unique key makes the second delivery
/// a duplicate. Why libmosquitto and what its acknowledgement order means: docs/explanation/
/// gateways.md.

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace submeter::ingest {

/// A broker URL: mqtt://HOST[:PORT] (1883 by default; tcp:// is accepted too).
struct broker_address {
  std::string host;
  int port = 1883;
};

/// Parses a broker URL. Refuses (submeter::error, errc::parse, naming the URL) anything else.
[[nodiscard]] broker_address parse_broker(const std::string& url);

/// How the subscriber connects and when it stops.
struct mqtt_options {
  broker_address broker;
  /// Topic filters ('+' and '#' wildcards), each subscribed with `qos`.
  std::vector<std::string> topics;
  std::string client_id = "submeter-ingest";
  /// false: a persistent session (the broker queues QoS 1 messages for this client id).
  bool clean_session = false;
  int qos = 1;
  std::chrono::seconds keepalive{30};
  /// Back-off between connection attempts: from `reconnect_min`, doubling, up to `reconnect_max`.
  std::chrono::milliseconds reconnect_min{100};
  std::chrono::milliseconds reconnect_max{10000};
  /// Stop after this many messages (any status).
  std::optional<std::size_t> max_messages;
  /// Stop when no message came for this long (since the last one, or since the start).
  std::optional<std::chrono::milliseconds> idle_timeout;
};

/// What the subscriber did.
struct mqtt_session {
  std::size_t messages = 0;
  std::size_t connects = 0;
  std::size_t connection_losses = 0;
  /// Why it stopped: "stop requested", "max messages", "idle".
  std::string stopped;
};

/// Called with each message's topic and payload; may throw (the exception ends the run after a
/// clean disconnect and is rethrown: a store that cannot be written must not go on acknowledging).
using message_handler = std::function<void(const std::string& topic, std::string_view payload)>;

/// Runs until `stop()` returns true (checked at least every 100 ms), `max_messages` or
/// `idle_timeout`; `log` receives one line per connection event. Throws std::runtime_error when
/// libmosquitto cannot be set up.
mqtt_session run_subscriber(const mqtt_options& options, const message_handler& handler,
                            const std::function<bool()>& stop,
                            const std::function<void(const std::string&)>& log);

}  // namespace submeter::ingest
