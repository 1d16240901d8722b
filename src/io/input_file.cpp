// Bounded reads of regular files (input_file.hpp).
#include "io/input_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <string_view>

#include "io/echo.hpp"
#include "submeter/core/error.hpp"

namespace submeter::io {
namespace {

/// Closes a file descriptor when it goes out of scope.
class descriptor {
 public:
  explicit descriptor(int fd) noexcept : fd_(fd) {}
  descriptor(const descriptor&) = delete;
  descriptor& operator=(const descriptor&) = delete;
  ~descriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  [[nodiscard]] int get() const noexcept { return fd_; }

 private:
  int fd_;
};

const char* kind_of(mode_t mode) noexcept {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  return "not a regular file";
}

error too_large(const std::string& name, std::uint64_t limit) {
  return error(errc::invalid_argument, "the file is larger than the size limit",
               {{"file", name},
                {"limit_bytes", std::to_string(limit)},
                {"set_by", max_file_bytes_variable}});
}

}  // namespace

std::uint64_t max_file_bytes() {
  const char* text = std::getenv(max_file_bytes_variable);
  if (text == nullptr || *text == '\0') return default_max_file_bytes;
  const std::string_view s(text);
  std::uint64_t v = 0;
  bool ok = s.size() <= 19;
  for (const char c : s) {
    if (c < '0' || c > '9') ok = false;
    if (ok) v = v * 10 + static_cast<std::uint64_t>(c - '0');
  }
  if (!ok || v == 0 || v > (std::uint64_t{1} << 62)) {
    throw error(errc::invalid_argument, "expected a whole number of bytes from 1 to 2^62",
                {{"variable", max_file_bytes_variable}, {"text", echo(s)}});
  }
  return v;
}

std::string read_file(const std::filesystem::path& file) {
  return read_file(file, max_file_bytes());
}

std::string read_file(const std::filesystem::path& file, std::uint64_t limit) {
  const auto name = file.string();
  // O_NONBLOCK: opening a FIFO must not wait for a writer; the kind is checked before reading.
  const descriptor fd(::open(file.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY));
  if (fd.get() < 0) throw error(errc::not_found, "cannot read file", {{"file", name}});
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0)
    throw error(errc::not_found, "cannot read file", {{"file", name}});
  if (!S_ISREG(st.st_mode)) {
    throw error(errc::invalid_argument, "not a regular file",
                {{"file", name}, {"kind", kind_of(st.st_mode)}});
  }
  if (st.st_size < 0 || static_cast<std::uint64_t>(st.st_size) > limit)
    throw too_large(name, limit);
  std::string text;
  text.reserve(static_cast<std::size_t>(st.st_size));
  char buffer[65536];
  for (;;) {
    const auto n = ::read(fd.get(), buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw error(errc::not_found, "cannot read file", {{"file", name}});
    }
    if (n == 0) break;
    if (text.size() + static_cast<std::size_t>(n) > limit) throw too_large(name, limit);
    text.append(buffer, static_cast<std::size_t>(n));
  }
  return text;
}

}  // namespace submeter::io
