#pragma once
// The CLI's output discipline for large outputs: nothing on stdout unless the whole command
// succeeded, without holding the output in memory. The bills of 100,000 tenants (700 MB of JSON)
// are written to a temporary file as they render and copied to stdout at the end, only on success.
#include <cstddef>
#include <memory>
#include <ostream>
#include <string>

namespace submeter::cli {

/// Opens /dev/null on each of the standard descriptors 0, 1 and 2 that is closed (`submeter bill
/// … >&-`), so that no file opened later (the spool's own, a ledger, a bill) takes its number and
/// receives what was meant for stdout or stderr (issue 16 #17). Returns the ones that were closed,
/// bit n for descriptor n. Call first thing in main.
unsigned open_standard_descriptors() noexcept;

/// An anonymous temporary file (in std::filesystem::temp_directory_path(), i.e. $TMPDIR or /tmp,
/// unlinked as soon as it is open, so nothing is left behind even if the program is killed)
/// behind a buffered std::ostream.
class spool {
 public:
  /// Creates the file; throws std::runtime_error naming the directory when it cannot, or when the
  /// file would take the number of a closed standard descriptor (0, 1 or 2).
  explicit spool(std::size_t buffer = std::size_t{1} << 20);
  spool(const spool&) = delete;
  spool& operator=(const spool&) = delete;
  ~spool();

  /// Where the output is written.
  [[nodiscard]] std::ostream& stream() noexcept { return stream_; }

  /// Writes out what is buffered; throws std::runtime_error (with the system's reason, e.g. no
  /// space left) when any write to the file failed. Call before anything goes to stdout.
  void finish();

  /// Copies the whole file to the file descriptor `fd` (stdout: 1), by sendfile(2) on Linux,
  /// else in blocks of 1 MiB; throws std::runtime_error on a read or write error, and without
  /// writing anything when `fd` is the spool's own file.
  void copy_to(int fd);

 private:
  class file_buffer;
  std::string dir_;
  std::unique_ptr<file_buffer> buffer_;
  std::ostream stream_;
};

}  // namespace submeter::cli
