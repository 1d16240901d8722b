#pragma once
/// \file
/// One rule for every identifier and name submeter reads from a file (issue 16, "One rule for
/// every identifier and name"; docs/formats.md "Identifiers and names").
///
/// An identifier (a tenant, meter, tariff, price version, common area or register map id) ends up
/// in file names (`<tenant>-<period>.html`), ledger keys (`rerate/<version>/<bill>/<line>`), CSV
/// cells and terminal lines; a name (a site, tenant, holiday or register name, a reference, a
/// document) is printed on bills and reports. The rule lives here, at the edge where files are
/// read, rather than in the core's validating factories: it is a rule of the file formats (what a
/// file may say), not of the billing domain, and a platform that links the core with ids of its
/// own keeps them. Every reader of src/io applies it once, at load, naming the file and place;
/// writers that derive file names from ids may call id_problem as a second check.

#include <cstddef>
#include <string_view>

namespace submeter::io {

/// The longest identifier, in bytes (a file name `<id>-YYYY-MM.html` stays under 255 bytes).
inline constexpr std::size_t max_id_bytes = 200;
/// The longest name, in bytes.
inline constexpr std::size_t max_name_bytes = 1024;

/// Why `id` is not an identifier, or nullptr when it is one. An identifier is 1..200 bytes of
/// valid UTF-8 without `/`, `\`, NUL or any other C0 control, DEL or C1 control, and does not
/// start with `.` (so it can never name `.`, `..` or a hidden file, or reach outside a folder).
[[nodiscard]] const char* id_problem(std::string_view id) noexcept;

/// Why `name` is not a name, or nullptr when it is one. A name is at most 1024 bytes of valid
/// UTF-8 without C0 controls (tab and newline included: a name is one line), DEL or C1 controls
/// (so it cannot forge a line of a text bill or move a terminal's cursor). It may be empty (a
/// reader that needs a non-empty name says so itself).
[[nodiscard]] const char* name_problem(std::string_view name) noexcept;

}  // namespace submeter::io
