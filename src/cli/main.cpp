// submeter: bill and validate submetered sites, re-rate, keep the ledger and talk to meters from
// the command line. Each subcommand lives in its own file and registers itself (commands.hpp).
//
// Output discipline: a command writes its whole output into a temporary file first (spool.hpp);
// stdout is written only when the whole command succeeded. Any error goes to stderr, with a
// non-zero exit status, and nothing to stdout (no partial bills).
#include <unistd.h>
#include <CLI/CLI.hpp>

#include <exception>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/spool.hpp"
#include "submeter/core/error.hpp"

namespace {

/// Exit statuses.
constexpr int exit_ok = 0;
constexpr int exit_bad_input = 1;  // a submeter::error: the site, readings or arguments are wrong
constexpr int exit_internal = 3;   // anything else (overflow, I/O)

}  // namespace

int main(int argc, char** argv) {
  // A closed stdin, stdout or stderr is /dev/null from here on: no file opened later takes its
  // number (issue 16 #17). A command run with stdout closed is refused below, before it runs.
  const unsigned closed = submeter::cli::open_standard_descriptors();
  CLI::App app{"submeter: exact billing for submetered electricity and water"};
  app.require_subcommand(1);
  submeter::cli::context commands;
  submeter::cli::add_bill_command(app, commands);
  submeter::cli::add_invoice_command(app, commands);
  submeter::cli::add_pay_command(app, commands);
  submeter::cli::add_history_command(app, commands);
  submeter::cli::add_validate_command(app, commands);
  submeter::cli::add_decode_command(app, commands);
  submeter::cli::add_rerate_command(app, commands);
  submeter::cli::add_configure_command(app, commands);
#ifdef SUBMETER_CLI_WITH_MODBUS
  submeter::cli::add_read_command(app, commands);
#endif
  submeter::cli::add_ledger_command(app, commands);
  submeter::cli::add_prepaid_command(app, commands);
  submeter::cli::add_meter_data_commands(app, commands);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }

  try {
    if ((closed & (1U << STDOUT_FILENO)) != 0) {
      throw submeter::error(submeter::errc::invalid_argument,
                            "standard output is closed: nothing was run", {{"fd", "1"}});
    }
    submeter::cli::spool output;
    int status = exit_ok;
    try {
      if (const auto* run = commands.parsed()) (*run)(output.stream());
    } catch (const submeter::cli::finished_with_status& e) {
      status = e.exit_code();  // the output is complete: it is written, then this status
    }
    output.finish();
    std::cout << std::flush;
    output.copy_to(STDOUT_FILENO);
    if (status != exit_ok) return std::cout ? status : exit_internal;
  } catch (const submeter::cli::command_failure& e) {
    std::cerr << "submeter: " << e.what() << "\n";
    return e.exit_code();
  } catch (const submeter::error& e) {
    std::cerr << "submeter: error: " << e.what() << "\n";
    return exit_bad_input;
  } catch (const std::exception& e) {
    std::cerr << "submeter: internal error: " << e.what() << "\n";
    return exit_internal;
  }
  return std::cout ? exit_ok : exit_internal;
}
