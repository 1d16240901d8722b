#pragma once
// How the subcommands of `submeter` are registered: every subcommand lives in its own file
// (bill_command.cpp, validate_command.cpp, decode_command.cpp, …) with one hook,
// `void add_<name>_command(CLI::App& app, context& ctx)`, that adds the subcommand to the app and
// registers its action in `ctx`; main.cpp calls the hooks in the order `--help` lists them and
// runs the action of the subcommand that was parsed.
#include <CLI/CLI.hpp>

#include <functional>
#include <ostream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace submeter::cli {

/// What a subcommand does once parsed: writes its whole output to `out` (a temporary file that
/// main copies to stdout only when the action returned, see spool.hpp), or throws
/// submeter::error (bad input, exit 1) or command_failure (its own exit status).
using action = std::function<void(std::ostream& out)>;

/// The actions of the registered subcommands.
class context {
 public:
  /// Registers `run` as what `sub` does when it is given on the command line.
  void add(CLI::App& sub, action run) { actions_.emplace_back(&sub, std::move(run)); }

  /// The action of the subcommand that was parsed (the first registered one that was, so a
  /// nested subcommand registers its own action and its parent none), or nullptr.
  [[nodiscard]] const action* parsed() const {
    for (const auto& [sub, run] : actions_) {
      if (sub->parsed()) return &run;
    }
    return nullptr;
  }

 private:
  std::vector<std::pair<CLI::App*, action>> actions_;
};

/// A failure that is neither bad input nor a bug, with its own exit status (e.g. a meter that
/// does not answer). main prints "submeter: <what>" on stderr and exits with `exit_code`.
class command_failure : public std::runtime_error {
 public:
  command_failure(int exit_code, const std::string& what)
      : std::runtime_error(what), exit_code_(exit_code) {}
  [[nodiscard]] int exit_code() const noexcept { return exit_code_; }

 private:
  int exit_code_;
};

/// The whole output was written and the command ends with its own exit status (not a failure:
/// `bill --dry-run` found bills that would change). main copies the output to stdout, then
/// exits with `exit_code`.
class finished_with_status : public std::exception {
 public:
  explicit finished_with_status(int exit_code) noexcept : exit_code_(exit_code) {}
  [[nodiscard]] int exit_code() const noexcept { return exit_code_; }
  [[nodiscard]] const char* what() const noexcept override { return "finished with a status"; }

 private:
  int exit_code_;
};

/// Exit status of `bill --dry-run` when billing again would change a bill (0 when nothing would).
inline constexpr int exit_bills_differ = 4;

/// Exit status of a link failure (timeout, connection refused, Modbus exception).
inline constexpr int exit_link_failure = 2;

/// `submeter bill <site> --period P [--format text|json|csv|html]`: every tenant's bill.
void add_bill_command(CLI::App& app, context& ctx);

/// `submeter invoice <site> --bill NUMBER --invoice TEXT`: records a bill's invoice number.
void add_invoice_command(CLI::App& app, context& ctx);

/// `submeter pay <site> --db LEDGER --bill NUMBER --amount A --time T`: records the payment of a
/// payment bill (PAY-5).
void add_pay_command(CLI::App& app, context& ctx);

/// `submeter history <site> --tenant ID --from T1 --to T2`: a tenant's bills, consumption,
/// recharges and deductions in a range.
void add_history_command(CLI::App& app, context& ctx);

/// `submeter validate <site> [--period P]`: checks a site directory, optionally bills a month.
void add_validate_command(CLI::App& app, context& ctx);

/// `submeter decode dlt645|cjt188|modbus <hex>`: a frame as JSON.
void add_decode_command(CLI::App& app, context& ctx);

/// `submeter rerate <site> --bills FILE --version FILE`: 电费退补 adjustment lines.
void add_rerate_command(CLI::App& app, context& ctx);

/// `submeter configure dlt645|cjt188|send|verify`: settings out to prepaid meters
/// (configure_command.cpp); send and verify only with the transport.
void add_configure_command(CLI::App& app, context& ctx);

#ifdef SUBMETER_CLI_WITH_MODBUS
/// `submeter read modbus <endpoint> --map M --unit N` (libmodbus) and `read dlt645 <endpoint>
/// --address A` (read_dlt645.cpp): a meter reading, appended to the readings store with --store.
void add_read_command(CLI::App& app, context& ctx);
#endif

/// `submeter ledger open|recharge|refund|reverse|statement|close|…`: the ledger in SQLite.
void add_ledger_command(CLI::App& app, context& ctx);

/// `submeter prepaid run|status|outbox|ack`: live prepaid on the ledger's SQLite file
/// (prepaid_command.cpp).
void add_prepaid_command(CLI::App& app, context& ctx);

/// `submeter ingest file|mqtt … --store DB`, `submeter readings export|conflicts`, `submeter vee
/// STORE --period P`: meter data in, out, and validated (ingest_command.cpp, readings_command.cpp,
/// vee_command.cpp).
void add_ingest_command(CLI::App& app, context& ctx);
void add_readings_command(CLI::App& app, context& ctx);
void add_vee_command(CLI::App& app, context& ctx);
/// The three above, in that order (main.cpp's one line for meter data).
inline void add_meter_data_commands(CLI::App& app, context& ctx) {
  add_ingest_command(app, ctx);
  add_readings_command(app, ctx);
  add_vee_command(app, ctx);
}

}  // namespace submeter::cli
