#pragma once
// `submeter bill --format html`.
#include <string>

#include "render/lang.hpp"

namespace submeter::cli {

/// Bills a site for a month and writes one printable HTML bill per tenant into `out_dir`
/// (<tenant>-<period>.html) and the site report (site-report-<period>.txt), through
/// `template_path` or the shipped template when empty. All or nothing: every file name is derived
/// and checked (render::bill_file_name: no path, no hidden or truncated name; no two files the
/// same, case folded; each stays in `out_dir`, links resolved) and every page rendered before
/// anything is written; the pages go to a staging folder in `out_dir` and are renamed into place
/// once all are written, and on a failure the staging folder (and `out_dir`, if created here) is
/// removed. Throws submeter::error for bad input (exit 1), std::runtime_error or
/// std::filesystem::filesystem_error for an I/O failure (exit 3). Returns the summary line.
/// The bills' words are in `lang` (render/lang.hpp); the site report stays English. With
/// `readings_db`, the readings come from that readings store (load_site_from_store).
std::string write_html_bills(const std::string& site_dir, const std::string& period_text,
                             const std::string& out_dir, const std::string& template_path,
                             render::lang lang = render::lang::en,
                             const std::string& readings_db = {});

}  // namespace submeter::cli
