#pragma once
/// \file
/// A streaming JSON writer whose bytes are those of nlohmann::json's `dump(2)`: 2-space indent,
/// `": "` after a key, `,` + newline between members, `[]` and `{}` for empty containers, UTF-8
/// passed through, `"` `\` and control characters escaped as nlohmann escapes them (`\n`, `\t`,
/// `\u001f`…). The bills document of 100,000 tenants (700 MB) is written as it is produced instead
/// of being built as a tree and a string (DESIGN.md "Interfaces users see", docs/performance.md).

#include <cstddef>
#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace submeter::render {

/// Appends `text` to `out` as a JSON string (quotes included), escaped as nlohmann's `dump` with
/// `ensure_ascii = false`: `\"`, `\\`, `\b`, `\f`, `\n`, `\r`, `\t`, other bytes below 0x20 as
/// `\u00xx` (lower-case hex); everything else, UTF-8 included, unchanged. Refuses text that is not
/// well-formed UTF-8 (errc::invalid_argument, naming the byte and its index), as nlohmann refuses
/// it, so that no program reading the document meets invalid UTF-8.
void append_json_string(std::string& out, std::string_view text);

/// The most bytes put_json_string writes for a text of `size` bytes: every byte a `\u00xx`
/// escape, and the two quotes.
[[nodiscard]] constexpr std::size_t json_string_bound(std::size_t size) noexcept {
  return 6 * size + 2;
}

/// Writes `text` at `out` as append_json_string appends it, byte for byte, and returns the end of
/// what it wrote; `out` has room for json_string_bound(text.size()) bytes. For a text written
/// into one buffer sized once (the ledger's entries, store/ledger_json.cpp). Refuses text that is
/// not well-formed UTF-8 as append_json_string refuses it (what it wrote before is left).
[[nodiscard]] char* put_json_string(char* out, std::string_view text);

/// Writes one JSON document to an ostream in nlohmann's `dump(2)` layout. Members are written in
/// the order they are given (as `nlohmann::ordered_json`); the caller gives each key once. Output
/// is buffered and passed to the stream in blocks; `finish()` writes what is left.
///
///     json_writer w(out);
///     w.begin_object().key("site").value("Plaza").key("bills").begin_array();
///     ...
///     w.end_array().end_object().finish();
class json_writer {
 public:
  /// Writes to `out`, in blocks of about `block` bytes.
  explicit json_writer(std::ostream& out, std::size_t block = std::size_t{1} << 20);
  /// Continues a document whose beginning another writer wrote (a document written in parts,
  /// each by its own writer, concatenated in order): `open` has one entry per container open at
  /// this point, outermost first, true when nothing was written in it yet. The next value or key
  /// gets the separator and indent it would get in one writer's document.
  json_writer(std::ostream& out, std::vector<bool> open, std::size_t block = std::size_t{1} << 20);
  json_writer(const json_writer&) = delete;
  json_writer& operator=(const json_writer&) = delete;
  /// Does not flush: a writer abandoned by an exception leaves its last block unwritten.
  ~json_writer() = default;

  /// Opens an object (as a value: in an array, after a key, or as the document).
  json_writer& begin_object();
  /// Closes the innermost object: `{}` when it got no member.
  json_writer& end_object();
  /// Opens an array.
  json_writer& begin_array();
  /// Closes the innermost array: `[]` when it got no element.
  json_writer& end_array();
  /// The next member's key (inside an object); its value follows.
  json_writer& key(std::string_view name);

  /// A string value, escaped by `append_json_string`.
  json_writer& value(std::string_view text);
  json_writer& value(const char* text) { return value(std::string_view(text)); }
  json_writer& value(const std::string& text) { return value(std::string_view(text)); }
  /// `true` or `false`.
  json_writer& value(bool b);
  /// An integer, in decimal.
  template <typename Int,
            std::enable_if_t<std::is_integral_v<Int> && !std::is_same_v<Int, bool>, int> = 0>
  json_writer& value(Int n) {
    if constexpr (std::is_signed_v<Int>) {
      return integer(static_cast<std::int64_t>(n));
    } else {
      return unsigned_integer(static_cast<std::uint64_t>(n));
    }
  }
  /// An array of strings.
  json_writer& strings(const std::vector<std::string>& list);

  /// Ends the document with a newline (as a text file's last line ends) and writes the buffered
  /// bytes to the stream; call once, when the document is complete.
  void finish();
  /// Writes the buffered bytes to the stream without ending the document: the end of a part of a
  /// document that another writer continues.
  void finish_part();

 private:
  void element();  // the separator and indent before a value in an array or a key in an object
  void close(char bracket);
  json_writer& integer(std::int64_t n);
  json_writer& unsigned_integer(std::uint64_t n);
  void maybe_write();

  std::ostream& out_;
  std::size_t block_;
  std::string buf_;
  std::vector<bool> empty_;  // per open container: nothing written in it yet
  bool after_key_ = false;
};

/// `text` as nlohmann's `dump(2)` writes the JSON string: `append_json_string` into a new string.
[[nodiscard]] std::string json_string(std::string_view text);

}  // namespace submeter::render
