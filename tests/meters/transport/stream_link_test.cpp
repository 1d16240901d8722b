// Integration tests of submeter/meters/transport/stream_link.hpp against the simulated DL/T 645
// meter of tests/meters/transport/dlt645_sim.py (written from the protocol, not from submeter's
// codecs) on 127.0.0.1: reads, writes, a refused password (D4, unauthorised), what a meter
// cannot hold, read-back after a write, timeouts with retries, a refused connection. The test
// starts the simulator on a free port and stops it by its PID.
#include "submeter/meters/transport/stream_link.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "submeter/meters/dlt645.hpp"

extern char** environ;

namespace tr = submeter::meters::transport;
namespace dlt = submeter::meters::dlt645;

namespace {

int free_tcp_port() {
  const int s = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  ::bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a);
  ::getsockname(s, reinterpret_cast<sockaddr*>(&a), &len);
  const int port = ntohs(a.sin_port);
  ::close(s);
  return port;
}

const auto meter = *dlt::address::parse("000000001234");

class simulated_dlt645_meter : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    port_ = free_tcp_port();
    const std::string script =
        std::string(SUBMETER_SOURCE_DIR) + "/tests/meters/transport/dlt645_sim.py";
    std::vector<std::string> args{
        "/usr/bin/python3", script,       std::to_string(port_), "000000001234", "--counts",
        "6,4,8,4,0",        "--password", "04:123456",           "--silent",     "04000409"};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    int out[2];
    ASSERT_EQ(::pipe(out), 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, out[0]);
    ASSERT_EQ(::posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ), 0);
    posix_spawn_file_actions_destroy(&actions);
    ::close(out[1]);
    std::string seen;
    pollfd p{out[0], POLLIN, 0};
    for (int i = 0; i < 150 && seen.find("ready\n") == std::string::npos; ++i) {
      if (::poll(&p, 1, 100) > 0) {
        char buf[64];
        const auto n = ::read(out[0], buf, sizeof buf);
        if (n <= 0) break;
        seen.append(buf, static_cast<std::size_t>(n));
      }
    }
    ::close(out[0]);
    ready_ = seen.find("ready\n") != std::string::npos;
  }
  static void TearDownTestSuite() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      int status = 0;
      ::waitpid(pid_, &status, 0);
      pid_ = 0;
    }
  }
  void SetUp() override { ASSERT_TRUE(ready_) << "the DL/T 645 simulator did not start"; }

  static tr::stream_link link(int response_ms = 1000, int retries = 1) {
    tr::link_options o;
    o.response_timeout = std::chrono::milliseconds(response_ms);
    o.retries = retries;
    return tr::stream_link::tcp({"127.0.0.1", port_}, o);
  }

  static dlt::frame ask(tr::stream_link& l, const std::vector<std::uint8_t>& request) {
    const auto r = tr::exchange<dlt::frame_codec>(l, request);
    EXPECT_TRUE(r.ok()) << r.message;
    return r.frame.value_or(dlt::frame{});
  }

  static inline pid_t pid_ = 0;
  static inline int port_ = 0;
  static inline bool ready_ = false;
};

TEST_F(simulated_dlt645_meter, reads_the_counts_the_meter_holds) {
  auto l = link();
  const auto f = ask(l, dlt::read(meter, dlt::year_zone_count_di));
  const auto r = dlt::decode_read_response(f);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value->di, dlt::year_zone_count_di);
  EXPECT_EQ(r.value->values.at(0).to_string(), "6");
  const auto missing = dlt::decode_read_response(ask(l, dlt::read(meter, 0x04050201)));
  EXPECT_TRUE(missing.value->not_supported());
}

TEST_F(simulated_dlt645_meter, writes_a_table_and_reads_it_back) {
  auto l = link();
  const dlt::write_item item{dlt::year_zone_table_di(dlt::table_set::second),
                             dlt::encode_zone_table({{1, 1, 1}, {6, 1, 2}}, 6), "zones"};
  const auto creds = dlt::write_credentials::parse("04", "123456", "00000000");
  const auto ack = dlt::decode_write_reply(ask(l, dlt::write_frame(meter, item, creds)));
  ASSERT_TRUE(ack.ok());
  EXPECT_TRUE(ack.value->accepted());
  const auto back = dlt::decode_read_response(ask(l, dlt::read(meter, item.di)));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back.value->raw, item.data);
}

TEST_F(simulated_dlt645_meter, a_wrong_password_is_refused_as_a_meter_refuses_it) {
  auto l = link();
  const dlt::write_item item{dlt::weekend_character_di, {0x7F}, "weekend"};
  const auto r = dlt::decode_write_reply(ask(
      l, dlt::write_frame(meter, item, dlt::write_credentials::parse("04", "654321", "00000000"))));
  ASSERT_TRUE(r.ok());
  ASSERT_FALSE(r.value->accepted());
  EXPECT_TRUE(r.value->error->unauthorised());
}

TEST_F(simulated_dlt645_meter, a_table_longer_than_the_meter_holds_is_refused) {
  auto l = link();
  const auto creds = dlt::write_credentials::parse("04", "123456", "00000000");
  const dlt::write_item zones{dlt::year_zone_table_di(dlt::table_set::second),
                              dlt::encode_zone_table({{1, 1, 1}}, 7), "7 zones"};
  auto r = dlt::decode_write_reply(ask(l, dlt::write_frame(meter, zones, creds)));
  EXPECT_TRUE(r.value->error->too_many_year_zones());
  const dlt::write_item periods{dlt::daily_table_di(dlt::table_set::second, 1),
                                dlt::encode_daily_table({{0, 0, 5}}, 8), "tariff 5"};
  r = dlt::decode_write_reply(ask(l, dlt::write_frame(meter, periods, creds)));
  EXPECT_TRUE(r.value->error->too_many_tariffs());
}

TEST_F(simulated_dlt645_meter, no_answer_times_out_after_the_retries) {
  auto l = link(200, 2);
  const auto r = tr::exchange<dlt::frame_codec>(l, dlt::read(meter, 0x04000409));
  EXPECT_EQ(r.error, tr::link_error::timeout);
  EXPECT_EQ(r.attempts, 3);
  EXPECT_FALSE(r.ok());
  // the link still works afterwards
  EXPECT_TRUE(tr::exchange<dlt::frame_codec>(l, dlt::read(meter, dlt::tariff_count_di)).ok());
}

TEST_F(simulated_dlt645_meter, another_meter_address_gets_no_answer) {
  auto l = link(200, 0);
  const auto r = tr::exchange<dlt::frame_codec>(
      l, dlt::read(*dlt::address::parse("000000009999"), dlt::tariff_count_di));
  EXPECT_EQ(r.error, tr::link_error::timeout);
}

TEST(stream_link, a_refused_connection_and_a_missing_serial_line) {
  tr::link_options o;
  o.response_timeout = std::chrono::milliseconds(300);
  auto tcp = tr::stream_link::tcp({"127.0.0.1", 1}, o);
  EXPECT_EQ(tcp.connect().error, tr::link_error::connect_failed);
  auto serial = tr::stream_link::serial({"/dev/submeter-no-such-tty", 2400, 'E', 8, 1}, o);
  const auto s = serial.connect();
  EXPECT_EQ(s.error, tr::link_error::connect_failed);
  EXPECT_NE(s.message.find("rtu:/dev/submeter-no-such-tty"), std::string::npos);
  auto odd = tr::stream_link::serial({"/dev/null", 1234, 'N', 8, 1}, o);
  EXPECT_EQ(odd.connect().error, tr::link_error::invalid_argument);
  const auto r = tr::exchange<dlt::frame_codec>(tcp, dlt::read(meter, dlt::tariff_count_di));
  EXPECT_EQ(r.error, tr::link_error::connect_failed);
  EXPECT_EQ(r.attempts, 1);
}

TEST(stream_link, endpoints_parse) {
  const auto e = tr::parse_endpoint("tcp://10.0.0.7:8899");
  EXPECT_TRUE(e.tcp);
  EXPECT_EQ(e.net.port, 8899);
  EXPECT_EQ(tr::parse_endpoint("tcp://meter").net.port, 502);
  EXPECT_THROW((void)tr::parse_endpoint("tcp://meter", 0), submeter::error);  // no default port
  const auto s = tr::parse_endpoint("rtu:///dev/ttyUSB0?baud=2400&parity=E");
  EXPECT_FALSE(s.tcp);
  EXPECT_EQ(s.serial.baud, 2400);
  EXPECT_EQ(s.serial.parity, 'E');
  EXPECT_THROW((void)tr::parse_endpoint("udp://x"), submeter::error);
}

}  // namespace
