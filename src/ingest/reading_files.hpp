#pragma once
/// \file
/// The files `submeter ingest file` reads and `submeter readings export` writes
/// (docs/reference/file-formats.md):
/// - readings.csv (`meter_id,time,total,t1..t8`), the site format, without a site: every row is
///   taken (the store holds many sites' meters);
/// - reads as JSON lines: one register value per line,
///   `{"meter": "M-1", "register": 0, "time": "2026-07-01T00:00", "value": "1234.56"}` with
///   optional `received`, `source` and `quality`;
/// - captured frames (`time,meter,frame`): a device time, the meter (empty: a DL/T 645 reply's
///   address) and the frame(s) as hex;
/// - gateway captures: one message per line, `TOPIC PAYLOAD` (as `mosquitto_sub -v` prints) or
///   the payload alone.
/// The first three are strict: a malformed line refuses the file (submeter::error naming file,
/// line and column, nothing taken). Captures are read as a subscriber reads a broker: each
/// message is taken or counted by its status.

#include <array>
#include <cstddef>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/gateway_message.hpp"
#include "submeter/metering/reading.hpp"
#include "submeter/vee/multiplier_change.hpp"

namespace submeter::ingest {

/// readings.csv into register values (source `file`, quality actual, no received time): one
/// value per non-empty cell. Refuses (submeter::error, naming file, line, column and field) a bad
/// header, a row of another width, an empty meter id, a bad time, a bad or negative value.
[[nodiscard]] std::vector<metering::register_value> parse_readings_csv_values(
    std::string_view text, const std::string& file);

/// readings.csv row by row, refusing what parse_readings_csv_values refuses: `row` gets each
/// row's meter, time, line number and registers ([0] the total, [1..8] the rates; absent when
/// the cell is empty) as the row is read, so a caller can keep readings in its own compact form
/// (`submeter prepaid run` over millions of readings).
void for_each_readings_csv_row(
    std::string_view text, const std::string& file,
    const std::function<void(
        std::string_view meter, local_time time, std::size_t line,
        const std::array<std::optional<energy>, metering::max_rate_registers + 1>& values)>& row);

/// Reads as JSON lines. Refuses (naming file and line) a line that is not one JSON object with
/// exactly the keys above, a register outside 0..8, a bad time or value, an unknown source or
/// quality.
[[nodiscard]] std::vector<metering::register_value> parse_value_lines(std::string_view text,
                                                                      const std::string& file);

/// Captured frames (`time,meter,frame` with that header): each row through parse_frames.
/// Refuses (naming file, line and column) a malformed row, and a frame parse_frames does not
/// take (its status and detail in the message). Values and multipliers are appended to `out`.
void parse_frames_csv(std::string_view text, const std::string& file, const parse_options& options,
                      parse_result& out);

/// What a capture of gateway messages gave.
struct capture_summary {
  std::vector<metering::register_value> values;
  std::vector<vee::multiplier_observation> multipliers;
  /// Messages per status (ok, ignored, malformed, unsupported).
  std::array<std::size_t, 4> messages{};
  /// Records skipped inside messages taken.
  std::size_t skipped = 0;
  /// The first few refusals, "line 3: malformed: $.time: not a time (YYYYMMDDhhmmss)".
  std::vector<std::string> problems;
};

/// A capture of gateway messages of `format`, one per line. Blank lines and lines starting with
/// '#' are skipped. Never refuses the file: each message is taken or counted.
[[nodiscard]] capture_summary parse_capture(std::string_view text, message_format format,
                                            const parse_options& options);

/// Writes register values as readings.csv: one row per meter and device time, sorted by time then
/// meter (the site files' order), `total` and `t1..tN` (N the highest rate register present, at
/// least 4) with two decimal places or more when a value has them; times as YYYY-MM-DDTHH:MM
/// (with :SS when not whole minutes). Refuses (errc::inconsistent, naming meter and time) a
/// reading with rate registers and no total, which readings.csv cannot hold.
void write_readings_csv(std::ostream& out, const std::vector<metering::register_value>& values);

}  // namespace submeter::ingest
