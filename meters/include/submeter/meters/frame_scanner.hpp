#pragma once
/// \file
/// frame_scanner<Codec>: an incremental stream scanner for framings that start with a fixed byte
/// (0x68 for DL/T 645 and CJ/T 188).
///
/// protocols.md 8 "Stream scanner separate from the frame codec": it skips noise and any number
/// of FE bytes, keeps an incomplete frame until more bytes arrive, splits coalesced frames, drops
/// a frame with a bad checksum, length or end byte and resynchronises on the next start byte, and
/// never holds more than one maximum-size frame of undecided bytes. Behaviours follow the tests
/// of `600888/dlt645` (read, not copied).
///
/// Codec requirements: `frame_type`; `static constexpr std::uint8_t start_byte`;
/// `static constexpr std::size_t max_frame_size`; and
/// `static decode_result<frame_type> decode(byte_span)` that decodes one frame at the start of its
/// input (no preamble) and, on an error, reports consumed >= 1.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "submeter/core/result.hpp"
#include "submeter/meters/byte_span.hpp"

namespace submeter::meters {

/// Counters of what a scanner has seen, for diagnostics.
struct scanner_stats {
  std::size_t frames = 0;           ///< frames decoded
  std::size_t noise_bytes = 0;      ///< bytes dropped while looking for a start byte (FE included)
  std::size_t rejected_frames = 0;  ///< candidate frames dropped (bad checksum, length, end, start)
};

/// Feed bytes as they arrive with feed(); take frames out with next() until it says need_more.
template <class Codec>
class frame_scanner {
 public:
  using frame_type = typename Codec::frame_type;

  /// Appends received bytes. Never decodes; cheap.
  void feed(byte_span bytes) {
    compact();
    buffer_.insert(buffer_.end(), bytes.begin(), bytes.end());
  }

  /// The next event: ok with a frame; need_more when the buffered bytes hold no complete frame
  /// (they are kept); or the error of a candidate frame that was dropped (bad_checksum,
  /// bad_length, bad_end, bad_start), after which scanning resumes one byte past its start.
  [[nodiscard]] decode_result<frame_type> next() {
    for (;;) {
      const std::size_t avail = buffer_.size() - pos_;
      if (avail == 0) return decode_result<frame_type>::failure(decode_status::need_more);
      const auto* begin = buffer_.data() + pos_;
      const void* hit = std::memchr(begin, Codec::start_byte, avail);
      if (hit == nullptr) {
        stats_.noise_bytes += avail;
        pos_ = buffer_.size();
        return decode_result<frame_type>::failure(decode_status::need_more);
      }
      const auto skip = static_cast<std::size_t>(static_cast<const std::uint8_t*>(hit) - begin);
      stats_.noise_bytes += skip;
      pos_ += skip;
      auto r = Codec::decode(byte_span{buffer_.data() + pos_, buffer_.size() - pos_});
      if (r.status == decode_status::need_more) return r;
      if (r.ok()) {
        ++stats_.frames;
        pos_ += r.consumed;
        return r;
      }
      ++stats_.rejected_frames;
      pos_ += 1;  // resynchronise on the next start byte after this one
      return decode_result<frame_type>::failure(r.status, 1);
    }
  }

  /// Bytes held that are not yet decided (an incomplete frame, at most max_frame_size − 1 once
  /// next() has returned need_more).
  [[nodiscard]] std::size_t pending() const noexcept { return buffer_.size() - pos_; }
  /// What the scanner has seen so far.
  [[nodiscard]] const scanner_stats& stats() const noexcept { return stats_; }
  /// Drops everything buffered (e.g. after a transport timeout).
  void reset() noexcept {
    buffer_.clear();
    pos_ = 0;
  }

 private:
  void compact() {
    if (pos_ == 0) return;
    buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(pos_));
    pos_ = 0;
  }

  std::vector<std::uint8_t> buffer_;
  std::size_t pos_ = 0;
  scanner_stats stats_;
};

}  // namespace submeter::meters
