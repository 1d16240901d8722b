#pragma once
// Subcommands that live in their own files (decode_command.cpp, read_command.cpp, …). Each file
// has one registration hook that adds its subcommand to the app and returns what to run when the
// subcommand was given; main.cpp calls the hooks and runs the one that was parsed.
#include <CLI/CLI.hpp>

#include <functional>
#include <stdexcept>
#include <string>

namespace submeter::cli {

/// A registered subcommand: the CLI11 subcommand and the action that renders its stdout (or
/// throws submeter::error / command_failure).
struct command {
  CLI::App* app = nullptr;
  std::function<std::string()> run;
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

/// Exit status of a link failure (timeout, connection refused, Modbus exception).
inline constexpr int exit_link_failure = 2;

/// `submeter decode dlt645|cjt188|modbus <hex>`: a frame as JSON.
command add_decode_command(CLI::App& app);

/// `submeter rerate <site> --bills FILE --version FILE`: 电费退补 adjustment lines.
command add_rerate_command(CLI::App& app);

/// `submeter configure dlt645|cjt188|send|verify`: settings out to prepaid meters
/// (configure_command.cpp); send and verify only with the transport.
command add_configure_command(CLI::App& app);

#ifdef SUBMETER_CLI_WITH_MODBUS
/// `submeter read modbus <endpoint> --map M --unit N`: a meter reading through libmodbus.
command add_read_command(CLI::App& app);
#endif

}  // namespace submeter::cli
