#pragma once
/// \file
/// The wire frame of an outbox supply command (issue 17): the DL/T 645 relay-control or CJ/T 188
/// valve frame that carries a cut or a restore to the meter whose address site.json gives
/// (format v2 `comm`). Written once here, for every edge that creates or shows outbox rows: the
/// live store's run (`submeter prepaid run`), `prepaid outbox --site` for rows stored without a
/// frame, and Python's submeter.ledger.Prepaid.
///
/// Why here (src/io) and not in the core: it needs both the site's `comm` addresses
/// (submeter/site) and the meters' codecs (submeter/meters), and the layering (DESIGN.md
/// "Layers", tests/layering/allowed_edges.txt) lets neither include the other; the ledger builds
/// the rows without knowing any meter's protocol. submeter_io already links the codecs (it reads
/// the `comm` addresses of site.json), and every edge that needs the frame links submeter_io.

#include <string>

#include "submeter/ledger/outbox.hpp"
#include "submeter/site/site.hpp"

namespace submeter::io {

/// The wire frame (hex, bytes separated by spaces, as meters::to_hex prints them) of the supply
/// command row `r` for its meter, whose address `s` gives (format v2 `comm`); "" for a
/// notification row, a meter the site does not know or without `comm`, an address that does not
/// parse, an unknown CJ/T 188 profile, or a deadline outside 2000-2099. DL/T 645: relay control
/// 1C, 跳闸 (N1 1A) for a cut and 直接合闸 (N1 1C) for a restore, with the meter's password and
/// operator code, valid for 24 hours from the row's time. CJ/T 188: write data A017, 关阀 99 for
/// a cut and 开阀 55 for a restore, SER 01 (a deliverer that numbers its frames rewrites SER and
/// the checksum). Both with 4 FE bytes before the frame.
[[nodiscard]] std::string command_frame(const site::site& s, const ledger::outbox_row& r);

}  // namespace submeter::io
