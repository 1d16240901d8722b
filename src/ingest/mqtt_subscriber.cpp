// The MQTT subscriber on libmosquitto (mqtt_subscriber.hpp). One thread: the network loop is
// driven here with mosquitto_loop(), so the handler runs on this thread, between packets.
#include "ingest/mqtt_subscriber.hpp"

#include <mosquitto.h>

#include <algorithm>
#include <chrono>
#include <exception>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>

#include "submeter/core/error.hpp"

namespace submeter::ingest {

broker_address parse_broker(const std::string& url) {
  std::string_view u(url);
  broker_address b;
  for (const std::string_view scheme : {"mqtt://", "tcp://"}) {
    if (u.rfind(scheme, 0) == 0) {
      u.remove_prefix(scheme.size());
      const auto colon = u.rfind(':');
      b.host = std::string(u.substr(0, colon));
      if (colon != std::string_view::npos) {
        const auto port = u.substr(colon + 1);
        int p = 0;
        if (port.empty() || port.size() > 5) p = -1;
        for (const char c : port) p = c >= '0' && c <= '9' && p >= 0 ? p * 10 + (c - '0') : -1;
        b.port = p;
      }
      if (!b.host.empty() && b.port >= 1 && b.port <= 65535 &&
          b.host.find('/') == std::string::npos) {
        return b;
      }
      break;
    }
  }
  throw error(errc::parse, "not a broker URL (mqtt://HOST:PORT)", {{"broker", url.substr(0, 200)}});
}

namespace {

struct library {
  library() { mosquitto_lib_init(); }
  ~library() { mosquitto_lib_cleanup(); }
};

struct state {
  const mqtt_options* options;
  const message_handler* handler;
  const std::function<void(const std::string&)>* log;
  mqtt_session session;
  bool connected = false;
  std::chrono::steady_clock::time_point last_message;
  std::exception_ptr failure;
};

void on_connect(struct mosquitto* mosq, void* obj, int rc) {
  auto& s = *static_cast<state*>(obj);
  if (rc != 0) {
    (*s.log)("connection refused by the broker: " + std::string(mosquitto_connack_string(rc)));
    return;
  }
  s.connected = true;
  ++s.session.connects;
  for (const auto& t : s.options->topics) {
    mosquitto_subscribe(mosq, nullptr, t.c_str(), s.options->qos);
  }
  (*s.log)("connected to " + s.options->broker.host + ":" + std::to_string(s.options->broker.port) +
           ", subscribed");
}

void on_disconnect(struct mosquitto*, void* obj, int rc) {
  auto& s = *static_cast<state*>(obj);
  if (s.connected && rc != 0) {
    ++s.session.connection_losses;
    (*s.log)("connection lost: " + std::string(mosquitto_strerror(rc)));
  }
  s.connected = false;
}

void on_message(struct mosquitto* mosq, void* obj, const struct mosquitto_message* m) {
  auto& s = *static_cast<state*>(obj);
  if (s.failure) return;
  ++s.session.messages;
  s.last_message = std::chrono::steady_clock::now();
  try {
    const std::string_view payload(static_cast<const char*>(m->payload),
                                   static_cast<std::size_t>(m->payloadlen < 0 ? 0 : m->payloadlen));
    (*s.handler)(m->topic ? std::string(m->topic) : std::string(), payload);
  } catch (...) {
    s.failure = std::current_exception();
    mosquitto_disconnect(mosq);
  }
}

}  // namespace

mqtt_session run_subscriber(const mqtt_options& options, const message_handler& handler,
                            const std::function<bool()>& stop,
                            const std::function<void(const std::string&)>& log) {
  library lib;
  state s{&options, &handler, &log, {}, false, std::chrono::steady_clock::now(), nullptr};
  std::unique_ptr<struct mosquitto, void (*)(struct mosquitto*)> mosq(
      mosquitto_new(options.client_id.c_str(), options.clean_session, &s), mosquitto_destroy);
  if (!mosq) throw std::runtime_error("mosquitto: cannot create a client");
  mosquitto_int_option(mosq.get(), MOSQ_OPT_PROTOCOL_VERSION, MQTT_PROTOCOL_V311);
  mosquitto_connect_callback_set(mosq.get(), on_connect);
  mosquitto_disconnect_callback_set(mosq.get(), on_disconnect);
  mosquitto_message_callback_set(mosq.get(), on_message);

  using clock = std::chrono::steady_clock;
  auto backoff = options.reconnect_min;
  bool ever_tried = false;
  auto next_attempt = clock::now();
  for (;;) {
    if (s.failure) break;
    if (stop && stop()) {
      s.session.stopped = "stop requested";
      break;
    }
    if (options.max_messages && s.session.messages >= *options.max_messages) {
      s.session.stopped = "max messages";
      break;
    }
    if (options.idle_timeout && clock::now() - s.last_message >= *options.idle_timeout) {
      s.session.stopped = "idle";
      break;
    }
    if (!s.connected && mosquitto_socket(mosq.get()) < 0) {
      if (clock::now() < next_attempt) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        continue;
      }
      const int rc = ever_tried ? mosquitto_reconnect(mosq.get())
                                : mosquitto_connect(mosq.get(), options.broker.host.c_str(),
                                                    options.broker.port,
                                                    static_cast<int>(options.keepalive.count()));
      if (rc != MOSQ_ERR_SUCCESS && !ever_tried && rc != MOSQ_ERR_ERRNO) {
        throw std::runtime_error(std::string("mosquitto: ") + mosquitto_strerror(rc));
      }
      ever_tried = true;
      if (rc != MOSQ_ERR_SUCCESS) {
        log("cannot connect to " + options.broker.host + ":" + std::to_string(options.broker.port) +
            " (" + mosquitto_strerror(rc) + "), next attempt in " +
            std::to_string(backoff.count()) + " ms");
        next_attempt = clock::now() + backoff;
        backoff = std::min(backoff * 2, options.reconnect_max);
        continue;
      }
    }
    const int rc = mosquitto_loop(mosq.get(), 100, 1);
    if (s.connected) backoff = options.reconnect_min;
    if (rc != MOSQ_ERR_SUCCESS && !s.failure) {
      if (s.connected) {
        ++s.session.connection_losses;
        log("connection lost: " + std::string(mosquitto_strerror(rc)));
        s.connected = false;
      }
      log("reconnecting in " + std::to_string(backoff.count()) + " ms");
      next_attempt = clock::now() + backoff;
      backoff = std::min(backoff * 2, options.reconnect_max);
      // mosquitto_loop closed the socket: the next pass reconnects after the back-off
    }
  }
  if (s.connected) {
    mosquitto_disconnect(mosq.get());
    for (int i = 0; i < 10 && s.connected; ++i) mosquitto_loop(mosq.get(), 50, 1);
  }
  if (s.failure) std::rethrow_exception(s.failure);
  return s.session;
}

}  // namespace submeter::ingest
