#include "cli/spool.hpp"

#include <fcntl.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/sendfile.h>
#endif

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <streambuf>
#include <string>
#include <vector>

namespace submeter::cli {

// A std::streambuf over a file descriptor with one large buffer. A failed write is remembered
// (errno) and makes the stream bad; the file is closed with the buffer.
class spool::file_buffer : public std::streambuf {
 public:
  file_buffer(int fd, std::size_t size) : fd_(fd), buf_(size) {
    setp(buf_.data(), buf_.data() + buf_.size());
  }
  file_buffer(const file_buffer&) = delete;
  file_buffer& operator=(const file_buffer&) = delete;
  ~file_buffer() override { ::close(fd_); }

  [[nodiscard]] int fd() const noexcept { return fd_; }
  [[nodiscard]] int error() const noexcept { return error_; }

 protected:
  int_type overflow(int_type c) override {
    if (sync() != 0) return traits_type::eof();
    if (!traits_type::eq_int_type(c, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(c);
      pbump(1);
    }
    return traits_type::not_eof(c);
  }

  // A block as large as the buffer goes straight to the file (the JSON and CSV writers hand over
  // blocks of 1 MiB: 700 MB need not be copied twice).
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    if (n <= epptr() - pptr()) {
      traits_type::copy(pptr(), s, static_cast<std::size_t>(n));
      pbump(static_cast<int>(n));
      return n;
    }
    if (sync() != 0) return 0;
    if (static_cast<std::size_t>(n) < buf_.size()) {
      traits_type::copy(pptr(), s, static_cast<std::size_t>(n));
      pbump(static_cast<int>(n));
      return n;
    }
    return write_all(s, s + n) ? n : 0;
  }

  int sync() override {
    const bool ok = write_all(pbase(), pptr());
    setp(buf_.data(), buf_.data() + buf_.size());
    return ok ? 0 : -1;
  }

 private:
  bool write_all(const char* p, const char* const end) {
    while (error_ == 0 && p < end) {
      const auto n = ::write(fd_, p, static_cast<std::size_t>(end - p));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        error_ = n < 0 ? errno : EIO;
        break;
      }
      p += n;
    }
    return error_ == 0;
  }

  int fd_;
  std::vector<char> buf_;
  int error_ = 0;
};

namespace {

std::string temp_dir() {
  std::error_code ec;
  const auto dir = std::filesystem::temp_directory_path(ec);
  return ec ? std::string("/tmp") : dir.string();
}

int open_unlinked(const std::string& dir) {
  std::string path = (std::filesystem::path(dir) / "submeter-out-XXXXXX").string();
  const int fd = ::mkstemp(path.data());
  if (fd < 0) {
    throw std::runtime_error("cannot create a temporary file for the output in " + dir + ": " +
                             std::strerror(errno));
  }
  ::unlink(path.c_str());
  if (fd <= STDERR_FILENO) {  // a standard stream was closed: the output would go nowhere
    ::close(fd);
    throw std::runtime_error("standard descriptor " + std::to_string(fd) +
                             " is closed: no output file");
  }
  return fd;
}

}  // namespace

unsigned open_standard_descriptors() noexcept {
  unsigned closed = 0;
  for (int fd = STDIN_FILENO; fd <= STDERR_FILENO; ++fd) {
    if (::fcntl(fd, F_GETFD) != -1 || errno != EBADF) continue;
    closed |= 1U << fd;
    // The lowest free number is fd (the ones below are open by now).
    const int null = ::open("/dev/null", fd == STDIN_FILENO ? O_RDONLY : O_WRONLY);
    if (null >= 0 && null != fd) {
      ::dup2(null, fd);
      ::close(null);
    }
  }
  return closed;
}

spool::spool(std::size_t buffer)
    : dir_(temp_dir()),
      buffer_(std::make_unique<file_buffer>(open_unlinked(dir_), buffer)),
      stream_(buffer_.get()) {}

spool::~spool() = default;

void spool::finish() {
  stream_.flush();
  if (buffer_->error() != 0 || !stream_) {
    throw std::runtime_error("cannot write the output to a temporary file in " + dir_ + ": " +
                             std::strerror(buffer_->error() != 0 ? buffer_->error() : EIO));
  }
}

void spool::copy_to(int fd) {
  finish();
  const int from = buffer_->fd();
  if (fd == from) {
    throw std::runtime_error("the output would be written into its own temporary file");
  }
  const auto size = ::lseek(from, 0, SEEK_END);
  if (size < 0 || ::lseek(from, 0, SEEK_SET) != 0) {
    throw std::runtime_error(std::string("cannot read back the temporary output file: ") +
                             std::strerror(errno));
  }
  auto left = static_cast<std::size_t>(size);
#ifdef __linux__
  // The kernel copies file to file, pipe or socket without passing through user memory.
  while (left > 0) {
    const auto n = ::sendfile(fd, from, nullptr, std::min<std::size_t>(left, std::size_t{1} << 30));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // not supported for this pair (or an error): the plain loop finds out
    left -= static_cast<std::size_t>(n);
  }
#endif
  std::vector<char> block(std::min<std::size_t>(left, std::size_t{1} << 20));
  while (left > 0) {
    const auto n = ::read(from, block.data(), std::min(left, block.size()));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      throw std::runtime_error(std::string("cannot read back the temporary output file: ") +
                               (n < 0 ? std::strerror(errno) : "it is shorter than written"));
    }
    for (auto p = block.data(), end = block.data() + n; p < end;) {
      const auto w = ::write(fd, p, static_cast<std::size_t>(end - p));
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) {
        throw std::runtime_error(std::string("cannot write the output: ") +
                                 std::strerror(w < 0 ? errno : EIO));
      }
      p += w;
    }
    left -= static_cast<std::size_t>(n);
  }
}

}  // namespace submeter::cli
