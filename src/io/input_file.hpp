#pragma once
/// \file
/// The one way src/io reads a file: bounded and regular files only (issue 16 #20, "Bounded
/// input"; docs/formats.md "Limits").
///
/// Site files, issued bills, price changes, TOU schedules, calendars, register maps and URDB
/// records are all read whole into memory, so a file pointed at a FIFO would hang the reader and
/// one pointed at /dev/zero would grow without limit. A file is therefore refused, naming it,
/// unless it is a regular file (after following symbolic links) no larger than the limit, and
/// this is checked on the open file before a byte is read.

#include <cstdint>
#include <filesystem>
#include <string>

namespace submeter::io {

/// The default size limit of a file submeter reads: 256 MiB.
inline constexpr std::uint64_t default_max_file_bytes = std::uint64_t{256} << 20;

/// The environment variable that sets the size limit, in bytes (a whole number ≥ 1).
inline constexpr const char* max_file_bytes_variable = "SUBMETER_MAX_FILE_BYTES";

/// The size limit of a file submeter reads: SUBMETER_MAX_FILE_BYTES when it is set, else
/// default_max_file_bytes. Refuses (errc::invalid_argument, naming the variable and its value) a
/// value that is not a whole number of bytes from 1 to 2^62.
[[nodiscard]] std::uint64_t max_file_bytes();

/// The whole file as bytes, read under max_file_bytes(). Refuses (submeter::error, context
/// `file` first): a file that does not exist or cannot be opened (errc::not_found, "cannot read
/// file"); a directory, FIFO, socket or device (errc::invalid_argument, "not a regular file",
/// naming its kind), before reading from it; a file larger than the limit (errc::invalid_argument,
/// naming the limit and the variable that sets it), whether it was that large when opened or grew
/// while read.
[[nodiscard]] std::string read_file(const std::filesystem::path& file);

/// read_file with an explicit limit in bytes.
[[nodiscard]] std::string read_file(const std::filesystem::path& file, std::uint64_t limit);

}  // namespace submeter::io
