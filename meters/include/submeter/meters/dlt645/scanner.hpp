#pragma once
/// \file
/// dlt645::scanner: the incremental DL/T 645 stream scanner (FE preambles, noise, split and
/// coalesced frames, resynchronisation after a bad checksum or end byte; protocols.md 8).

#include "submeter/meters/dlt645/frame.hpp"
#include "submeter/meters/frame_scanner.hpp"

namespace submeter::meters::dlt645 {

/// Feed received bytes, take DL/T 645 frames out (see frame_scanner).
using scanner = frame_scanner<frame_codec>;

}  // namespace submeter::meters::dlt645
