#pragma once
// A progress bar on stderr for long runs, shown only when stderr is a terminal (never in pipes,
// files or CI logs), and only past a size where it helps.
#include <unistd.h>

#include <cstddef>
#include <cstdio>
#include <string>

namespace submeter::cli {

class progress {
 public:
  /// `total` steps; shown when stderr is a TTY and total >= `threshold`.
  progress(std::string what, std::size_t total, std::size_t threshold = 2000)
      : what_(std::move(what)), total_(total), on_(total >= threshold && isatty(2) == 1) {}
  progress(const progress&) = delete;
  progress& operator=(const progress&) = delete;
  ~progress() {
    if (on_) std::fputs("\n", stderr);
  }

  /// Marks step `done` (1..total); redraws at most every 1 % of the way.
  void update(std::size_t done) {
    if (!on_ || total_ == 0) return;
    const std::size_t percent = done * 100 / total_;
    if (percent == last_ && done != total_) return;
    last_ = percent;
    constexpr std::size_t width = 40;
    const std::size_t filled = done * width / total_;
    std::string bar(filled, '#');
    bar.resize(width, '.');
    std::fprintf(stderr, "\r%s [%s] %3zu%% %zu/%zu", what_.c_str(), bar.c_str(), percent, done,
                 total_);
    std::fflush(stderr);
  }

 private:
  std::string what_;
  std::size_t total_;
  bool on_;
  std::size_t last_ = static_cast<std::size_t>(-1);
};

}  // namespace submeter::cli
