#include "cli/spool.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <streambuf>
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

  int sync() override {
    const char* p = pbase();
    const char* const end = pptr();
    while (error_ == 0 && p < end) {
      const auto n = ::write(fd_, p, static_cast<std::size_t>(end - p));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        error_ = n < 0 ? errno : EIO;
        break;
      }
      p += n;
    }
    setp(buf_.data(), buf_.data() + buf_.size());
    return error_ == 0 ? 0 : -1;
  }

 private:
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
  return fd;
}

}  // namespace

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

void spool::copy_to(std::ostream& out) {
  finish();
  if (::lseek(buffer_->fd(), 0, SEEK_SET) != 0) {
    throw std::runtime_error(std::string("cannot read back the temporary output file: ") +
                             std::strerror(errno));
  }
  std::vector<char> block(std::size_t{1} << 20);
  for (;;) {
    const auto n = ::read(buffer_->fd(), block.data(), block.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      throw std::runtime_error(std::string("cannot read back the temporary output file: ") +
                               std::strerror(errno));
    }
    if (n == 0) break;
    if (!out.write(block.data(), n)) break;
  }
  out.flush();
}

}  // namespace submeter::cli
