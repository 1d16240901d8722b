#pragma once
/// \file
/// id_table: a flat index of unique string ids (meters, sharers) by their hash, built without a
/// random memory access per id.
///
/// A hash map filled one id at a time writes each id to a random place of a table larger than
/// the cache once there are a few hundred thousand ids, so the cost per id grew with the count
/// (issue 23). Here the ids' (hash, index) pairs are ordered by the slot they hash to with a
/// stable radix sort (each pass reads in order and writes to at most 2,048 places), repeated ids
/// are found by comparing neighbours in that order, and the table is written in slot order: one
/// sequential pass. Looking an id up is one probe of a linear-probing table, as before.
///
/// The table keeps indices, not ids: a lookup compares the id with the caller's id at the found
/// index (`id_of`), so the table can be moved with its owner and holds no pointers.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace submeter {

/// The first id listed twice: `second` is the smallest index whose id occurs at an earlier index,
/// `first` the earliest index with that id.
struct repeated_id {
  std::size_t first = 0;
  std::size_t second = 0;
};

namespace detail {

/// An id's hash and its index in the caller's list.
struct hashed_id {
  std::size_t hash = 0;
  std::size_t index = 0;
};

inline constexpr unsigned id_hash_digits = std::numeric_limits<std::size_t>::digits;

[[nodiscard]] inline std::size_t id_hash_of(std::string_view id) noexcept {
  return std::hash<std::string_view>{}(id);
}

/// log2 of the number of home slots for `count` ids: at least twice as many slots as ids.
[[nodiscard]] inline unsigned id_slot_bits(std::size_t count) noexcept {
  unsigned bits = 4;
  while (bits < id_hash_digits - 1 && (std::size_t{1} << bits) < 2 * count) ++bits;
  return bits;
}

/// The home slot of a hash: its top `bits` bits (the well mixed ones of std::hash).
[[nodiscard]] inline std::size_t id_home_slot(std::size_t hash, unsigned bits) noexcept {
  return hash >> (id_hash_digits - bits);
}

/// `ids` ordered by home slot, ids of one slot in their given order (a stable LSD radix sort on
/// the slot's bits, at most 11 bits a pass).
[[nodiscard]] inline std::vector<hashed_id> sort_by_home_slot(std::vector<hashed_id> ids,
                                                              unsigned bits) {
  const unsigned passes = (bits + 10) / 11;
  const unsigned width = (bits + passes - 1) / passes;
  const std::size_t radix = std::size_t{1} << width;
  const std::size_t mask = radix - 1;
  // Every pass's counts in one read of the input.
  std::vector<std::size_t> counts(passes * radix, 0);
  for (const auto& h : ids) {
    for (unsigned p = 0; p < passes; ++p)
      ++counts[p * radix + ((h.hash >> (id_hash_digits - bits + p * width)) & mask)];
  }
  std::vector<hashed_id> out(ids.size());
  for (unsigned p = 0; p < passes; ++p) {
    const unsigned shift = id_hash_digits - bits + p * width;
    std::size_t* at = counts.data() + p * radix;
    std::size_t sum = 0;
    for (std::size_t d = 0; d < radix; ++d) sum += std::exchange(at[d], sum);
    for (const auto& h : ids) out[at[(h.hash >> shift) & mask]++] = h;
    ids.swap(out);
  }
  return ids;
}

/// The first id listed twice (see repeated_id), or nullopt. `sorted` comes from
/// sort_by_home_slot over the indices 0..n-1 in order; `id_of(i)` is the id at index i.
template <class IdOf>
[[nodiscard]] std::optional<repeated_id> first_repeated_id(const std::vector<hashed_id>& sorted,
                                                           unsigned bits, const IdOf& id_of) {
  std::optional<repeated_id> found;
  const std::size_t n = sorted.size();
  for (std::size_t begin = 0; begin < n;) {
    const std::size_t home = id_home_slot(sorted[begin].hash, bits);
    std::size_t end = begin + 1;
    while (end < n && id_home_slot(sorted[end].hash, bits) == home) ++end;
    // One slot's ids are in index order: the first j equal to an earlier i is this slot's
    // smallest second occurrence, and that i is the id's earliest occurrence.
    for (std::size_t j = begin + 1; j < end; ++j) {
      if (found && sorted[j].index >= found->second) break;
      std::size_t i = begin;
      while (i < j &&
             !(sorted[i].hash == sorted[j].hash && std::string_view(id_of(sorted[i].index)) ==
                                                       std::string_view(id_of(sorted[j].index))))
        ++i;
      if (i < j) {
        found = repeated_id{sorted[i].index, sorted[j].index};
        break;
      }
    }
    begin = end;
  }
  return found;
}

}  // namespace detail

/// A lookup table of unique ids: id -> index. Build it with `make` from ids already known to be
/// unique (`first_repeated` finds the ones that are not).
class id_table {
 public:
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);

  id_table() = default;

  /// The hashes of `count` ids (`id_of(i)`, i < count), ordered by home slot.
  template <class IdOf>
  [[nodiscard]] static std::vector<detail::hashed_id> sorted_hashes(std::size_t count,
                                                                    const IdOf& id_of) {
    std::vector<detail::hashed_id> ids(count);
    for (std::size_t i = 0; i < count; ++i)
      ids[i] = detail::hashed_id{detail::id_hash_of(id_of(i)), i};
    return detail::sort_by_home_slot(std::move(ids), detail::id_slot_bits(count));
  }

  /// The first id listed twice among `count` ids, or nullopt (see repeated_id): the same answer
  /// as inserting the ids into a set in order and stopping at the first one already there.
  template <class IdOf>
  [[nodiscard]] static std::optional<repeated_id> first_repeated(std::size_t count,
                                                                 const IdOf& id_of) {
    return detail::first_repeated_id(sorted_hashes(count, id_of), detail::id_slot_bits(count),
                                     id_of);
  }

  /// The table of `count` unique ids. Precondition: no id repeats (first_repeated is nullopt).
  template <class IdOf>
  [[nodiscard]] static id_table make(std::size_t count, const IdOf& id_of) {
    return from_sorted(sorted_hashes(count, id_of), detail::id_slot_bits(count));
  }

  /// The table of the ids in `sorted` (from sort_by_home_slot with `bits`), written in slot
  /// order: each id goes to its home slot or the first free one after it.
  [[nodiscard]] static id_table from_sorted(const std::vector<detail::hashed_id>& sorted,
                                            unsigned bits) {
    id_table t;
    t.bits_ = bits;
    const std::size_t slots = std::size_t{1} << bits;
    const detail::hashed_id empty{0, npos};
    // One sequential write of the table: the free slots before each id, then the id, in its
    // home slot or the first free one after it.
    t.slots_.reserve(slots + 64);
    for (const auto& h : sorted) {
      const std::size_t home = detail::id_home_slot(h.hash, bits);
      if (home > t.slots_.size()) t.slots_.resize(home, empty);
      t.slots_.push_back(h);
    }
    // One empty slot past the last one used or the last home slot stops every probe.
    t.slots_.resize((t.slots_.size() > slots ? t.slots_.size() : slots) + 1, empty);
    return t;
  }

  /// The index of `id`, or nullopt; `id_of(i)` is the id at index i as the table was built (or
  /// renumbered).
  template <class IdOf>
  [[nodiscard]] std::optional<std::size_t> find(std::string_view id, const IdOf& id_of) const {
    return find_hashed(detail::id_hash_of(id), id, id_of);
  }

  /// find, with the id's hash (detail::id_hash_of) already known.
  template <class IdOf>
  [[nodiscard]] std::optional<std::size_t> find_hashed(std::size_t h, std::string_view id,
                                                       const IdOf& id_of) const {
    if (slots_.empty()) return std::nullopt;
    const std::size_t home = detail::id_home_slot(h, bits_);
    // Slots hold ids in home order: past an id of a later home slot, `id` is not in the table.
    for (std::size_t at = home; slots_[at].index != npos; ++at) {
      const auto& s = slots_[at];
      if (s.hash == h && std::string_view(id_of(s.index)) == id) return s.index;
      if (detail::id_home_slot(s.hash, bits_) > home) break;
    }
    return std::nullopt;
  }

  /// The same ids at new indices: index i becomes new_index[i].
  void renumber(const std::vector<std::size_t>& new_index) {
    for (auto& s : slots_)
      if (s.index != npos) s.index = new_index[s.index];
  }

 private:
  std::vector<detail::hashed_id> slots_;
  unsigned bits_ = 0;
};

}  // namespace submeter
