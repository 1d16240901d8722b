// Integration tests of submeter/meters/transport/modbus_client.hpp against a simulated Acrel
// DDSY1352 run by pymodbus 3.0 (/usr/bin/python3, Debian python3-pymodbus) on 127.0.0.1. The
// test starts the simulator, and stops it by its PID.
#include "submeter/meters/transport/modbus_client.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "submeter/meters/modbus/acrel.hpp"

extern char** environ;

namespace tr = submeter::meters::transport;
namespace mb = submeter::meters::modbus;
using submeter::energy;

namespace {

int free_port() {
  const int s = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = 0;
  socklen_t len = sizeof a;
  ::bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a);
  ::getsockname(s, reinterpret_cast<sockaddr*>(&a), &len);
  const int port = ntohs(a.sin_port);
  ::close(s);
  return port;
}

// The simulated meter: DDSY1352 registers (protocols.md 4.3) on unit 1.
class simulated_meter : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    port_ = free_port();
    const std::string script =
        std::string(SUBMETER_SOURCE_DIR) + "/tests/meters/transport/acrel_sim.py";
    std::vector<std::string> args{
        "/usr/bin/python3", script, std::to_string(port_), "1",
        // total 1234.56, sharp 1.00, peak 200.00, flat 0.05, valley 1033.51 kWh
        "0=0x0001", "1=0xE240", "2=0", "3=100", "4=0", "5=20000", "6=0", "7=5", "8=0x0001",
        "9=0x93B7",
        // 220.5 V, 5.23 A, -0.100 kW, 1.150 kVA, PF 0.998
        "11=2205", "12=523", "13=0xFF9C", "15=1150", "16=998"};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    int out[2];
    ASSERT_EQ(::pipe(out), 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, out[0]);
    // pymodbus logs every closed connection as an ERROR; keep the test output readable
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    ASSERT_EQ(::posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ), 0);
    posix_spawn_file_actions_destroy(&actions);
    ::close(out[1]);
    // wait for "ready" (up to 15 s)
    std::string seen;
    pollfd p{out[0], POLLIN, 0};
    for (int i = 0; i < 150 && seen.find("ready") == std::string::npos; ++i) {
      if (::poll(&p, 1, 100) > 0) {
        char buf[64];
        const auto n = ::read(out[0], buf, sizeof buf);
        if (n <= 0) break;
        seen.append(buf, static_cast<std::size_t>(n));
      }
    }
    ::close(out[0]);
    ready_ = seen.find("ready") != std::string::npos;
  }
  static void TearDownTestSuite() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      int status = 0;
      ::waitpid(pid_, &status, 0);
      pid_ = 0;
    }
  }
  void SetUp() override { ASSERT_TRUE(ready_) << "the pymodbus simulator did not start"; }

  static tr::modbus_client client(int response_ms = 1000, int retries = 1) {
    tr::link_options o;
    o.response_timeout = std::chrono::milliseconds(response_ms);
    o.retries = retries;
    return tr::modbus_client::tcp({"127.0.0.1", port_}, o);
  }

  static inline pid_t pid_ = 0;
  static inline int port_ = 0;
  static inline bool ready_ = false;
};

TEST_F(simulated_meter, reads_registers_at_their_pdu_addresses) {
  auto c = client();
  const auto r = c.read_registers(1, 3, 0, 2);
  ASSERT_TRUE(r.ok()) << r.message;
  EXPECT_EQ(r.registers, (std::vector<std::uint16_t>{0x0001, 0xE240}));  // no off-by-one
  EXPECT_EQ(r.attempts, 1);
}

TEST_F(simulated_meter, reads_a_ddsy1352_through_its_map) {
  auto c = client();
  const auto m = c.read_map(1, mb::acrel::ddsy1352());
  ASSERT_TRUE(m.link.ok()) << m.link.message;
  ASSERT_EQ(m.status, submeter::decode_status::ok);
  EXPECT_EQ(m.reading.total, energy::parse("1234.56"));
  EXPECT_EQ(m.reading.rate(1), energy::parse("1"));
  EXPECT_EQ(m.reading.rate(2), energy::parse("200"));
  EXPECT_EQ(m.reading.rate(3), energy::parse("0.05"));
  EXPECT_EQ(m.reading.rate(4), energy::parse("1033.51"));
  const auto value = [&](const std::string& name) {
    for (const auto& [n, v] : m.values) {
      if (n == name) return v.to_string();
    }
    return std::string("missing");
  };
  EXPECT_EQ(value("voltage"), "220.5");
  EXPECT_EQ(value("current"), "5.23");
  EXPECT_EQ(value("active_power"), "-0.100");
  EXPECT_EQ(value("apparent_power"), "1.150");
  EXPECT_EQ(value("power_factor"), "0.998");
}

TEST_F(simulated_meter, an_unknown_unit_id_times_out_and_is_retried) {
  auto c = client(300, 1);
  const auto r = c.read_registers(7, 3, 0, 2);
  EXPECT_EQ(r.error, tr::link_error::timeout) << r.message;
  EXPECT_EQ(r.attempts, 2);
  // the connection is still usable afterwards (flushed)
  const auto again = c.read_registers(1, 3, 0, 2);
  EXPECT_TRUE(again.ok()) << again.message;
}

TEST_F(simulated_meter, an_illegal_address_is_a_modbus_exception_not_retried) {
  auto c = client();
  const auto r = c.read_registers(1, 3, 1000, 2);
  EXPECT_EQ(r.error, tr::link_error::exception) << r.message;
  EXPECT_EQ(r.exception_code, 2);
  EXPECT_EQ(r.attempts, 1);
}

TEST_F(simulated_meter, bad_arguments_are_refused_before_sending) {
  auto c = client();
  EXPECT_EQ(c.read_registers(1, 6, 0, 1).error, tr::link_error::invalid_argument);
  EXPECT_EQ(c.read_registers(1, 3, 0, 126).error, tr::link_error::invalid_argument);
}

TEST(modbus_client, connection_refused) {
  tr::link_options o;
  o.response_timeout = std::chrono::milliseconds(200);
  auto c = tr::modbus_client::tcp({"127.0.0.1", free_port()}, o);
  const auto r = c.read_registers(1, 3, 0, 1);
  EXPECT_EQ(r.error, tr::link_error::connect_failed) << r.message;
}

}  // namespace
