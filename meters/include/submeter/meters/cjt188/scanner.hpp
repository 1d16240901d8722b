#pragma once
/// \file
/// cjt188::scanner: the incremental CJ/T 188 stream scanner (protocols.md 8).

#include "submeter/meters/cjt188/frame.hpp"
#include "submeter/meters/frame_scanner.hpp"

namespace submeter::meters::cjt188 {

/// Feed received bytes, take CJ/T 188 frames out (see frame_scanner).
using scanner = frame_scanner<frame_codec>;

}  // namespace submeter::meters::cjt188
