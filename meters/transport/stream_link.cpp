// Byte-stream transport (see stream_link.hpp): POSIX TCP sockets and termios serial lines, with
// poll() for every wait so that no call blocks past its timeout.
#include "submeter/meters/transport/stream_link.hpp"

#include "errno_text.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace submeter::meters::transport {

namespace {

int wait_for(int fd, short events, std::chrono::milliseconds timeout) {
  pollfd p{fd, events, 0};
  const auto ms = timeout.count() < 0 ? 0 : timeout.count();
  for (;;) {
    const int n = ::poll(&p, 1, static_cast<int>(ms > 600000 ? 600000 : ms));
    if (n < 0 && errno == EINTR) continue;
    return n;
  }
}

bool speed_of(int baud, speed_t& out) {
  switch (baud) {
    case 1200:
      out = B1200;
      return true;
    case 2400:
      out = B2400;
      return true;
    case 4800:
      out = B4800;
      return true;
    case 9600:
      out = B9600;
      return true;
    case 19200:
      out = B19200;
      return true;
    case 38400:
      out = B38400;
      return true;
    case 57600:
      out = B57600;
      return true;
    case 115200:
      out = B115200;
      return true;
    default:
      return false;
  }
}

}  // namespace

struct stream_link::state {
  bool tcp = true;
  tcp_endpoint net;
  rtu_endpoint serial;
  link_options options;
  std::string name;
  int fd = -1;
  ~state() {
    if (fd >= 0) ::close(fd);
  }

  link_status fail(link_error e, const std::string& what, int err) const {
    return {e, name + ": " + what + (err != 0 ? ": " + detail::errno_text(err) : std::string())};
  }

  link_status open_tcp() {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    const std::string port = std::to_string(net.port);
    const int g = ::getaddrinfo(net.host.c_str(), port.c_str(), &hints, &found);
    if (g != 0) return {link_error::connect_failed, name + ": cannot resolve " + net.host};
    link_status last{link_error::connect_failed, name + ": cannot connect"};
    for (addrinfo* a = found; a != nullptr; a = a->ai_next) {
      const int s = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
      if (s < 0) continue;
      ::fcntl(s, F_SETFL, ::fcntl(s, F_GETFL) | O_NONBLOCK);
      int rc = ::connect(s, a->ai_addr, a->ai_addrlen);
      if (rc != 0 && errno == EINPROGRESS) {
        if (wait_for(s, POLLOUT, options.response_timeout) == 1) {
          int err = 0;
          socklen_t len = sizeof err;
          ::getsockopt(s, SOL_SOCKET, SO_ERROR, &err, &len);
          rc = err == 0 ? 0 : -1;
          errno = err;
        } else {
          errno = ETIMEDOUT;
        }
      }
      if (rc == 0) {
        const int one = 1;
        ::setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        fd = s;
        ::freeaddrinfo(found);
        return {};
      }
      last = fail(link_error::connect_failed, "cannot connect", errno);
      ::close(s);
    }
    ::freeaddrinfo(found);
    return last;
  }

  link_status open_serial() {
    speed_t speed{};
    if (!speed_of(serial.baud, speed) || (serial.data_bits != 7 && serial.data_bits != 8) ||
        (serial.stop_bits != 1 && serial.stop_bits != 2)) {
      return {link_error::invalid_argument,
              name + ": unsupported line settings (baud 1200..115200, 7/8 data bits, 1/2 stop)"};
    }
    const int s = ::open(serial.device.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (s < 0) return fail(link_error::connect_failed, "cannot open", errno);
    termios t{};
    if (::tcgetattr(s, &t) != 0) {
      const int e = errno;
      ::close(s);
      return fail(link_error::connect_failed, "not a serial line", e);
    }
    ::cfmakeraw(&t);
    ::cfsetispeed(&t, speed);
    ::cfsetospeed(&t, speed);
    t.c_cflag = (t.c_cflag & ~static_cast<tcflag_t>(CSIZE | PARENB | PARODD | CSTOPB)) |
                (serial.data_bits == 7 ? CS7 : CS8) | CLOCAL | CREAD;
    if (serial.parity != 'N') t.c_cflag |= PARENB;
    if (serial.parity == 'O') t.c_cflag |= PARODD;
    if (serial.stop_bits == 2) t.c_cflag |= CSTOPB;
    t.c_cc[VMIN] = 0;
    t.c_cc[VTIME] = 0;
    if (::tcsetattr(s, TCSANOW, &t) != 0) {
      const int e = errno;
      ::close(s);
      return fail(link_error::connect_failed, "cannot set the line", e);
    }
    fd = s;
    return {};
  }
};

stream_link::stream_link(std::unique_ptr<state> s) noexcept : state_(std::move(s)) {}
stream_link::stream_link(stream_link&&) noexcept = default;
stream_link& stream_link::operator=(stream_link&&) noexcept = default;
stream_link::~stream_link() = default;

stream_link stream_link::tcp(const tcp_endpoint& endpoint, const link_options& options) {
  auto s = std::make_unique<state>();
  s->tcp = true;
  s->net = endpoint;
  s->options = options;
  s->name = "tcp://" + endpoint.host + ":" + std::to_string(endpoint.port);
  return stream_link(std::move(s));
}

stream_link stream_link::serial(const rtu_endpoint& endpoint, const link_options& options) {
  auto s = std::make_unique<state>();
  s->tcp = false;
  s->serial = endpoint;
  s->options = options;
  s->name = "rtu:" + endpoint.device;
  return stream_link(std::move(s));
}

const link_options& stream_link::options() const noexcept { return state_->options; }
const std::string& stream_link::name() const noexcept { return state_->name; }

link_status stream_link::connect() {
  if (state_->fd >= 0) return {};
  return state_->tcp ? state_->open_tcp() : state_->open_serial();
}

link_status stream_link::send(byte_span bytes) {
  auto c = connect();
  if (!c.ok()) return c;
  std::size_t done = 0;
  while (done < bytes.size()) {
    const auto n = state_->tcp
                       ? ::send(state_->fd, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL)
                       : ::write(state_->fd, bytes.data() + done, bytes.size() - done);
    if (n > 0) {
      done += static_cast<std::size_t>(n);
      continue;
    }
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
      if (wait_for(state_->fd, POLLOUT, state_->options.response_timeout) != 1) {
        return {link_error::timeout, state_->name + ": cannot send in time"};
      }
      continue;
    }
    return state_->fail(link_error::io, "send", errno);
  }
  return {};
}

link_status stream_link::receive(std::vector<std::uint8_t>& into,
                                 std::chrono::milliseconds timeout) {
  auto c = connect();
  if (!c.ok()) return c;
  const int ready = wait_for(state_->fd, POLLIN, timeout);
  if (ready == 0) return {link_error::timeout, state_->name + ": no data in time"};
  if (ready < 0) return state_->fail(link_error::io, "poll", errno);
  std::uint8_t buf[512];
  const auto n = ::read(state_->fd, buf, sizeof buf);
  if (n > 0) {
    into.insert(into.end(), buf, buf + n);
    return {};
  }
  if (n == 0) return {link_error::io, state_->name + ": connection closed by the peer"};
  if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) {
    return {link_error::timeout, state_->name + ": no data in time"};
  }
  return state_->fail(link_error::io, "read", errno);
}

void stream_link::flush() {
  if (state_->fd < 0) return;
  if (!state_->tcp) ::tcflush(state_->fd, TCIFLUSH);
  std::uint8_t buf[512];
  while (wait_for(state_->fd, POLLIN, std::chrono::milliseconds(0)) == 1) {
    if (::read(state_->fd, buf, sizeof buf) <= 0) break;
  }
}

}  // namespace submeter::meters::transport
