#pragma once
/// \file
/// The one door for every JSON file submeter reads (site.json, TOU schedules, holiday calendars,
/// price changes, issued bills, register maps, URDB records): read the file, parse it strictly,
/// and name the file and the place in every error (docs/formats.md "Errors").
///
/// Strict means a key given twice in one object is refused (a JSON reader would silently keep the
/// last value), as is anything that is not JSON, a number beyond the range of a double (`1e400`)
/// and nesting deeper than max_json_depth. A UTF-8 byte-order mark is skipped. Files are read by
/// io::read_file (input_file.hpp): regular files only, under the size limit.

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "io/input_file.hpp"
#include "submeter/core/error.hpp"

namespace submeter::io {

/// The deepest nesting of arrays and objects a JSON file may have (the formats need at most 6).
inline constexpr std::size_t max_json_depth = 64;

/// Parses JSON text; `file` names it in errors (left out of the context when empty, e.g. text
/// handed over from Python). Refuses (submeter::error):
/// - text that is not JSON: errc::parse "not valid JSON", context file, line, column (1-based,
///   where the parser stopped: the last character of the offending token) and the parser's
///   detail;
/// - a key given twice in one object: errc::duplicate "a key is given twice in one object",
///   context file, line and column (of the second key's closing quote), the JSON path of the key
///   (`$.tariffs[0].energy_price`) and the key as field;
/// - a number a double cannot hold (`1e400`): errc::parse "a number out of range", with line,
///   column and the number as text;
/// - an array or object nested deeper than max_json_depth: errc::parse "JSON nested too deeply",
///   with line, column (of the opening bracket) and the limit.
/// Keys and text quoted in errors are cut and escaped (io::echo).
[[nodiscard]] nlohmann::json parse_json(std::string_view text, const std::string& file);

/// Takes the elements of chosen arrays at the top of a document one at a time, as the parser
/// finishes each, instead of in the document: a reader of a 1,000,000-tenant site.json then holds
/// one tenant's tree at a time, not the whole document's.
class element_stream {
 public:
  element_stream() = default;
  element_stream(const element_stream&) = delete;
  element_stream& operator=(const element_stream&) = delete;
  virtual ~element_stream() = default;

  /// The root object's member `key` is an array about to be read; `document` holds the members
  /// read before it. True to take its elements through element() and end(), leaving an empty
  /// array in the document.
  virtual bool stream(const std::string& key, const nlohmann::json& document) = 0;
  /// Element `index` of the streamed array `key`, checked as parse_json checks everything.
  virtual void element(const std::string& key, std::size_t index, nlohmann::json&& value) = 0;
  /// The streamed array `key` has ended after `count` elements.
  virtual void end(const std::string& key, std::size_t count) = 0;
};

/// parse_json, handing the elements of the top-level arrays that `stream` chooses to it one by
/// one. The text is refused exactly as parse_json refuses it, the errors named the same way;
/// whatever `stream` throws goes through unchanged.
[[nodiscard]] nlohmann::json parse_json(std::string_view text, const std::string& file,
                                        element_stream& stream);

/// read_file then parse_json, naming the file by its path.
[[nodiscard]] nlohmann::json read_json(const std::filesystem::path& file);

/// `e` with {"file", file} first in its context (unless it names a file already), for an error
/// thrown while building a value from a file's parsed document.
[[nodiscard]] error in_file(const error& e, const std::string& file);

/// The submeter::error for a nlohmann exception a format's reader let escape (a type or range
/// error on a field it did not check): errc::parse "a field has the wrong type" with nlohmann's
/// detail (cut and escaped).
[[nodiscard]] error json_type_error(const nlohmann::json::exception& e);

/// Reads `file` (read_json) and builds a value from the document with `build`, e.g.
/// `read_json(path, tou_schedule_from_json)`; an error `build` throws names the file first. A
/// nlohmann type or range error that `build` lets escape (a field of the wrong type it did not
/// check) becomes errc::parse "a field has the wrong type", naming the file, never an internal
/// error.
template <class Build>
[[nodiscard]] auto read_json(const std::filesystem::path& file, Build&& build)
    -> std::invoke_result_t<Build, const nlohmann::json&> {
  const auto doc = read_json(file);
  try {
    return std::forward<Build>(build)(doc);
  } catch (const error& e) {
    throw in_file(e, file.string());
  } catch (const nlohmann::json::exception& e) {
    throw in_file(json_type_error(e), file.string());
  }
}

}  // namespace submeter::io
