// `submeter decode dlt645|cjt188|modbus <hex>`: one frame, decoded by the pure codecs of
// submeter::meters, printed as JSON (decimal values as exact strings). A frame the codec refuses
// is an error naming the decoder's status (bad_checksum, bad_end, …); so is text that is not hex.
// Each protocol is its own file (decode_dlt645.cpp, decode_cjt188.cpp, decode_modbus.cpp).
#include "cli/commands.hpp"
#include "cli/decode.hpp"

namespace submeter::cli {

void add_decode_command(CLI::App& app, context& ctx) {
  auto* sub = app.add_subcommand("decode", "Decode one meter frame (hex) and print it as JSON");
  sub->require_subcommand(1);
  decode::add_dlt645(*sub, ctx);
  decode::add_cjt188(*sub, ctx);
  decode::add_modbus(*sub, ctx);
}

}  // namespace submeter::cli
