#pragma once
// `submeter bill --format html`.
#include <string>

namespace submeter::cli {

/// Bills a site for a month and writes one printable HTML bill per tenant into `out_dir`
/// (<tenant>-<period>.html), through `template_path` or the shipped template when empty.
/// Everything is rendered before the first file is written. Returns the summary line.
std::string write_html_bills(const std::string& site_dir, const std::string& period_text,
                             const std::string& out_dir, const std::string& template_path);

}  // namespace submeter::cli
