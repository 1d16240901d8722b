// Tests of include/submeter/core/id_table.hpp: the first repeated id is the one a check in order
// finds, lookups find every id and no other, and ids of one hash (or one slot) are told apart.
#include "submeter/core/id_table.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cstddef>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace {

using submeter::id_table;
using submeter::repeated_id;
using submeter::detail::hashed_id;

// The answer of a set filled in order: the first id already in it, and its first index.
std::optional<repeated_id> repeated_in_order(const std::vector<std::string>& ids) {
  std::unordered_map<std::string, std::size_t> first;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const auto [it, inserted] = first.emplace(ids[i], i);
    if (!inserted) return repeated_id{it->second, i};
  }
  return std::nullopt;
}

std::optional<repeated_id> repeated_by_table(const std::vector<std::string>& ids) {
  return id_table::first_repeated(ids.size(),
                                  [&ids](std::size_t i) -> const std::string& { return ids[i]; });
}

TEST(IdTable, FirstRepeatedIsTheFirstIdSeenBefore) {
  EXPECT_FALSE(repeated_by_table({}));
  EXPECT_FALSE(repeated_by_table({"A", "B", "C"}));
  // "B" repeats at 3, "A" at 4: the check in order stops at 3, naming B's first index 1.
  const auto r = repeated_by_table({"A", "B", "C", "B", "A", "A"});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->first, 1u);
  EXPECT_EQ(r->second, 3u);
  // Three copies: the second copy is named, with the first.
  const auto three = repeated_by_table({"X", "Y", "Y", "Y"});
  ASSERT_TRUE(three);
  EXPECT_EQ(three->first, 1u);
  EXPECT_EQ(three->second, 2u);
}

TEST(IdTable, FindsEveryIdAndNoOther) {
  std::vector<std::string> ids;
  for (int i = 0; i < 5000; ++i) ids.push_back("L" + std::to_string(i));
  const auto id_at = [&ids](std::size_t i) -> const std::string& { return ids[i]; };
  const auto t = id_table::make(ids.size(), id_at);
  for (std::size_t i = 0; i < ids.size(); ++i) EXPECT_EQ(t.find(ids[i], id_at), i);
  EXPECT_FALSE(t.find("L5000", id_at));
  EXPECT_FALSE(t.find("", id_at));
  EXPECT_FALSE(id_table{}.find("L1", id_at));
}

TEST(IdTable, RenumberMovesEveryIndex) {
  const std::vector<std::string> ids{"a", "b", "c", "d"};
  const std::vector<std::string> reversed{"d", "c", "b", "a"};
  auto t =
      id_table::make(ids.size(), [&ids](std::size_t i) -> const std::string& { return ids[i]; });
  t.renumber({3, 2, 1, 0});
  const auto at = [&reversed](std::size_t i) -> const std::string& { return reversed[i]; };
  EXPECT_EQ(t.find("a", at), 3u);
  EXPECT_EQ(t.find("d", at), 0u);
}

// Equal hashes of different ids (a collision std::hash does not give on demand, so the hashes
// are made up): only equal ids are repeats, and a lookup compares the ids themselves.
TEST(IdTable, IdsOfOneHashAreToldApart) {
  const std::vector<std::string> ids{"p", "q", "r", "q", "s"};
  const auto id_at = [&ids](std::size_t i) -> const std::string& { return ids[i]; };
  const unsigned bits = submeter::detail::id_slot_bits(ids.size());
  std::vector<hashed_id> same;
  for (std::size_t i = 0; i < ids.size(); ++i) same.push_back({42, i});
  const auto sorted = submeter::detail::sort_by_home_slot(same, bits);
  const auto r = submeter::detail::first_repeated_id(sorted, bits, id_at);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->first, 1u);
  EXPECT_EQ(r->second, 3u);
  // Distinct ids, one hash: all in one run of slots, each found by comparing ids.
  const std::vector<std::string> distinct{"p", "q", "r", "s"};
  const auto distinct_at = [&distinct](std::size_t i) -> const std::string& { return distinct[i]; };
  std::vector<hashed_id> one_hash;
  for (std::size_t i = 0; i < distinct.size(); ++i) one_hash.push_back({42, i});
  const auto one_sorted = submeter::detail::sort_by_home_slot(one_hash, bits);
  EXPECT_FALSE(submeter::detail::first_repeated_id(one_sorted, bits, distinct_at));
  const auto t = id_table::from_sorted(one_sorted, bits);
  for (std::size_t i = 0; i < distinct.size(); ++i)
    EXPECT_EQ(t.find_hashed(42, distinct[i], distinct_at), i);
  EXPECT_FALSE(t.find_hashed(42, "t", distinct_at));
  // The last home slot: probes run past the end of the home slots, to the sentinel.
  std::vector<hashed_id> last_slot;
  for (std::size_t i = 0; i < distinct.size(); ++i)
    last_slot.push_back({static_cast<std::size_t>(-1), i});
  const auto t2 = id_table::from_sorted(submeter::detail::sort_by_home_slot(last_slot, bits), bits);
  for (std::size_t i = 0; i < distinct.size(); ++i)
    EXPECT_EQ(t2.find_hashed(static_cast<std::size_t>(-1), distinct[i], distinct_at), i);
  EXPECT_FALSE(t2.find_hashed(static_cast<std::size_t>(-1), "t", distinct_at));
}

// Sorting by slot keeps the given order among ids of one slot, for any count (one radix pass
// or several) and any hashes.
RC_GTEST_PROP(IdTable, SortBySlotIsStable, ()) {
  const auto hashes =
      *rc::gen::container<std::vector<std::size_t>>(rc::gen::arbitrary<std::size_t>());
  const auto bits = *rc::gen::inRange(4u, 40u);
  std::vector<hashed_id> in;
  for (std::size_t i = 0; i < hashes.size(); ++i) in.push_back({hashes[i], i});
  const auto out = submeter::detail::sort_by_home_slot(in, bits);
  RC_ASSERT(out.size() == in.size());
  for (std::size_t k = 1; k < out.size(); ++k) {
    const auto a = submeter::detail::id_home_slot(out[k - 1].hash, bits);
    const auto b = submeter::detail::id_home_slot(out[k].hash, bits);
    RC_ASSERT(a <= b);
    if (a == b) RC_ASSERT(out[k - 1].index < out[k].index);
  }
  std::vector<char> seen(in.size(), 0);
  for (const auto& h : out) {
    RC_ASSERT(h.hash == hashes[h.index]);
    RC_ASSERT(!seen[h.index]);
    seen[h.index] = 1;
  }
}

// Random ids from a small alphabet (so that they repeat): the first repeat is the set's, and a
// table of the ids before it finds each of them and nothing else.
RC_GTEST_PROP(IdTable, SameAnswersAsASetFilledInOrder, ()) {
  const auto ids = *rc::gen::container<std::vector<std::string>>(
      rc::gen::container<std::string>(rc::gen::element('a', 'b', 'c')));
  const auto got = repeated_by_table(ids);
  const auto expected = repeated_in_order(ids);
  RC_ASSERT(got.has_value() == expected.has_value());
  if (got) {
    RC_ASSERT(got->first == expected->first);
    RC_ASSERT(got->second == expected->second);
  }
  std::vector<std::string> unique;
  std::unordered_set<std::string> in;
  for (const auto& id : ids)
    if (in.insert(id).second) unique.push_back(id);
  const auto at = [&unique](std::size_t i) -> const std::string& { return unique[i]; };
  const auto t = id_table::make(unique.size(), at);
  for (std::size_t i = 0; i < unique.size(); ++i) RC_ASSERT(t.find(unique[i], at) == i);
  const auto probe = *rc::gen::container<std::string>(rc::gen::element('a', 'b', 'c', 'd'));
  RC_ASSERT(t.find(probe, at).has_value() == (in.count(probe) == 1));
}

}  // namespace
