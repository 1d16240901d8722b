#pragma once
/// \file
/// dlt645::follow_up_reader: collecting an item that a meter sends over several frames.
///
/// DL/T 645-2007 7.1-7.2 / protocols.md 2.2: a read reply with D5 set (B1) means more frames
/// follow; the master asks for each with a read follow-up (12: DI + SEQ, SEQ = 1, 2, …) and the
/// meter answers B2 (more after this one) or 92 (the last), each with DI + data + SEQ. The
/// reader is a pure state machine: feed it the decoded replies, send what next_request() gives.

#include <cstdint>
#include <vector>

#include "submeter/core/result.hpp"
#include "submeter/meters/dlt645/read_response.hpp"
#include "submeter/meters/dlt645/request.hpp"

namespace submeter::meters::dlt645 {

/// Collects the data of item `di` across a read reply and its follow-up frames.
class follow_up_reader {
 public:
  /// A reader of item `di`.
  explicit follow_up_reader(std::uint32_t di) noexcept : di_(di) {}

  /// Takes the next reply. Returns ok when the item is complete (data()), need_more when another
  /// follow-up must be requested (next_request()), unsupported for a reply to another DI or an
  /// abnormal reply (the meter's error word is in the reply), bad_value for a SEQ out of order.
  /// After an error the reader is unchanged.
  [[nodiscard]] decode_status accept(const read_response& r) {
    if (done_ || r.error || r.di != di_) return decode_status::unsupported;
    const bool first = next_seq_ == 0;
    if (first == r.sequence.has_value())
      return decode_status::bad_value;  // 91/B1 first, then 92/B2
    if (!first && *r.sequence != next_seq_) return decode_status::bad_value;
    data_.insert(data_.end(), r.raw.begin(), r.raw.end());
    next_seq_ = static_cast<std::uint8_t>(next_seq_ + 1);
    done_ = !r.more_follows;
    return done_ ? decode_status::ok : decode_status::need_more;
  }

  /// The follow-up request for the next frame (12 DI SEQ).
  [[nodiscard]] std::vector<std::uint8_t> next_request(const address& to,
                                                       std::size_t preamble = 4) const {
    return read_follow_up(to, di_, next_seq_, preamble);
  }
  /// The item's data so far (all frames, in order, −0x33 applied, DI and SEQ removed).
  [[nodiscard]] const std::vector<std::uint8_t>& data() const noexcept { return data_; }
  /// True once the last frame (91 or 92) has been taken.
  [[nodiscard]] bool complete() const noexcept { return done_; }
  /// Frames taken so far.
  [[nodiscard]] int frames() const noexcept { return next_seq_; }

 private:
  std::uint32_t di_;
  std::vector<std::uint8_t> data_;
  std::uint8_t next_seq_ = 0;
  bool done_ = false;
};

}  // namespace submeter::meters::dlt645
