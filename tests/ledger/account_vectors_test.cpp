// Tests of include/submeter/ledger/post.hpp (posted through account.hpp) and relay.hpp, driven by
// tests/data/vectors/prepaid.json (rules.md §11 PP-1…PP-8, §12 CUT-3): every event of every
// sequence, every field of its expected state.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "submeter/ledger/account.hpp"

namespace submeter::ledger {
namespace {

using nlohmann::json;

json sequences() {
  std::ifstream in(SUBMETER_TEST_DATA "/vectors/prepaid.json");
  return json::parse(in).at("sequences");
}

money yuan(const json& v) { return money::parse(v.get<std::string>()); }

cut_policy cuts_of(const json& params) {
  cut_policy c;
  c.notice = std::chrono::minutes(params.at("notice_minutes").get<int>());
  if (!params.contains("no_cut_windows")) return c;
  for (const auto& w : params.at("no_cut_windows")) {
    const auto type = w.at("type").get<std::string>();
    if (type == "daily") {
      const auto minutes = [](const std::string& hhmm) {
        return std::stoi(hhmm.substr(0, 2)) * 60 + std::stoi(hhmm.substr(3, 2));
      };
      c.windows.push_back(no_cut_window::daily(minutes(w.at("start").get<std::string>()),
                                               minutes(w.at("end").get<std::string>())));
    } else if (type == "weekday") {
      c.windows.push_back(no_cut_window::iso_weekday_window(w.at("isoweekday").get<unsigned>()));
    } else {
      ADD_FAILURE() << "unknown window type " << type;
    }
  }
  return c;
}

account open_from(const json& seq) {
  const auto& p = seq.at("params");
  std::optional<money> hoarding;
  if (p.contains("hoarding_limit")) hoarding = yuan(p.at("hoarding_limit"));
  auto params = account_params::make(
      seq.at("id").get<std::string>(), account_mode::prepaid, {{"M-1", utility::electricity}},
      level_params::make(yuan(p.at("alarm1")), yuan(p.at("alarm2")), yuan(p.at("overdraft_limit")),
                         yuan(p.at("close_limit")), hoarding),
      {}, counter_policy::strict_next, cuts_of(p));
  const auto& init = seq.at("initial");
  account_state s = opening_state(params);
  s.balance = yuan(init.at("balance"));
  s.meters[0].last_counter = init.at("last_counter").get<std::int64_t>();
  s.cumulative_purchased = yuan(init.at("cumulative_purchased"));
  s.current = level_of(s.available(), params.levels);
  EXPECT_EQ(init.at("relay"), "closed");
  EXPECT_EQ(init.at("lock"), "none");
  s.relay.is_protected = init.at("protected").get<bool>();
  return account::open(std::move(params), std::move(s));
}

std::string text_or_null(const std::optional<local_time>& t) {
  if (!t) return "null";
  return local_interval::format(*t).substr(0, 16);  // "YYYY-MM-DDTHH:MM"
}

class prepaid_vectors : public ::testing::TestWithParam<std::string> {};

TEST_P(prepaid_vectors, every_event_gives_the_expected_state) {
  json seq;
  for (const auto& s : sequences()) {
    if (s.at("id") == GetParam()) seq = s;
  }
  ASSERT_FALSE(seq.is_null());
  account acc = open_from(seq);
  std::map<std::int64_t, std::uint64_t> seq_of_counter;
  for (const auto& ev : seq.at("events")) {
    const auto n = ev.at("n").get<int>();
    SCOPED_TRACE("event " + std::to_string(n) + ": " + ev.at("what").get<std::string>());
    const auto time = parse_local_time(ev.at("time").get<std::string>());
    const auto type = ev.at("type").get<std::string>();
    const auto& x = ev.at("expected");
    event e;
    money deducted;
    if (type == "consume") {
      const auto kwh = energy::parse(ev.at("kwh").get<std::string>());
      const auto price = energy_price::parse(ev.at("price").get<std::string>());
      deducted = round(multiply<money>(kwh, price, rounding::half_up), 2, rounding::half_up);
      e = consumption(time, "consume/" + std::to_string(n), "M-1", kwh, deducted);
    } else if (type == "recharge") {
      const auto counter = ev.at("counter").get<std::int64_t>();
      // A replay carries the same payment reference as the original.
      e = recharge(time, "M-1", counter, yuan(ev.at("amount")), channel::wechat_pay,
                   "pay-" + std::to_string(counter) + "-" + ev.at("amount").get<std::string>());
    } else if (type == "local_restore") {
      e = local_restore(time);
    } else if (type == "tick") {
      e = tick(time);
    } else if (type == "remote") {
      const auto cmd = parse_remote_command(ev.at("command").get<std::string>());
      ASSERT_TRUE(cmd.has_value());
      e = remote(time, *cmd);
    } else if (type == "reversal") {
      const auto counter = ev.at("counter").get<std::int64_t>();
      ASSERT_EQ(seq_of_counter.count(counter), 1u);
      e = reversal(time, "reversal/M-1/" + std::to_string(counter), seq_of_counter[counter]);
    } else if (type == "refund") {
      e = refund(time, "refund/" + std::to_string(n), yuan(ev.at("amount")));
    } else {
      FAIL() << "unknown event type " << type;
    }
    const posting r = acc.post(e);
    const auto& s = acc.state();
    EXPECT_EQ(to_string(r.status), x.at("result").get<std::string>()) << r.message;
    EXPECT_EQ(s.balance, yuan(x.at("balance")));
    EXPECT_EQ(to_string(s.current), x.at("level").get<std::string>());
    EXPECT_EQ(to_string(s.relay.position), x.at("relay").get<std::string>());
    EXPECT_EQ(to_string(s.relay.lock), x.at("lock").get<std::string>());
    EXPECT_EQ(s.relay.is_protected, x.at("protected").get<bool>());
    EXPECT_EQ(s.meters[0].last_counter, x.at("last_counter").get<std::int64_t>());
    EXPECT_EQ(s.cumulative_purchased, yuan(x.at("cumulative_purchased")));
    const std::string pending =
        x.at("pending_cut_at").is_null() ? "null" : x.at("pending_cut_at").get<std::string>();
    EXPECT_EQ(text_or_null(s.relay.pending_cut), pending);
    // The vectors list levels newly entered and cut notices; other codes are checked below.
    static const std::set<std::string> listed{"alarm1", "alarm2", "overdraft", "exhausted",
                                              "cut_notice"};
    std::vector<std::string> got;
    for (const auto& note : r.notifications) {
      if (listed.count(note.code) != 0) got.push_back(note.code);
    }
    EXPECT_EQ(got, x.at("notifications").get<std::vector<std::string>>());
    if (x.contains("deducted")) {
      EXPECT_EQ(deducted, yuan(x.at("deducted")));
      ASSERT_TRUE(r.committed.has_value());
      EXPECT_EQ(r.committed->balance_delta(), -deducted);
    }
    EXPECT_EQ(r.has("trip_suppressed"), x.contains("trip_suppressed"));
    EXPECT_EQ(r.has("cut_executed"), x.contains("cut_executed"));
    EXPECT_EQ(r.has("pending_cut_cancelled"), x.contains("pending_cut_cancelled"));
    if (x.contains("cut_deferred_from")) {
      std::string from;
      for (const auto& note : r.notifications) {
        if (note.code == "cut_deferred") from = note.detail.substr(0, 16);
      }
      EXPECT_EQ(from, x.at("cut_deferred_from").get<std::string>());
    } else {
      EXPECT_FALSE(r.has("cut_deferred"));
    }
    if (x.contains("reversed_amount")) {
      ASSERT_TRUE(r.committed.has_value());
      EXPECT_EQ(r.committed->what.amount, yuan(x.at("reversed_amount")));
    }
    if (x.contains("balance_before_refund")) {
      ASSERT_TRUE(r.committed.has_value());
      EXPECT_EQ(r.committed->balance_before, yuan(x.at("balance_before_refund")));
    }
    if (type == "recharge" && r.status == posting_status::ok) {
      seq_of_counter[ev.at("counter").get<std::int64_t>()] = r.committed->seq;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(prepaid_json, prepaid_vectors,
                         ::testing::Values("pp-seq-1", "pp-seq-2", "pp-seq-3"),
                         [](const ::testing::TestParamInfo<std::string>& param_info) {
                           std::string name = param_info.param;
                           for (auto& c : name) {
                             if (c == '-') c = '_';
                           }
                           return name;
                         });

}  // namespace
}  // namespace submeter::ledger
