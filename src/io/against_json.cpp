// Issued bills for a dry run (against_json.hpp).
#include "io/against_json.hpp"

#include <set>
#include <string>
#include <utility>

#include "io/echo.hpp"
#include "io/json_fields.hpp"
#include "io/read_json.hpp"
#include "io/rerate_json.hpp"
#include "submeter/core/error.hpp"

namespace submeter::io {

std::vector<bill::compared_bill> against_bills_from_json(const nlohmann::json& doc,
                                                         const std::string& period_label) {
  if (!doc.is_object() || !doc.contains("format") || !doc.at("format").is_string() ||
      doc.at("format").get_ref<const std::string&>() != "submeter-bills-v0") {
    throw error(errc::unsupported, "not issued bills (a submeter-bills-v0 document)",
                {{"path", "format"},
                 {"format", doc.is_object() && doc.contains("format") ? describe(doc.at("format"))
                                                                      : std::string("(none)")}});
  }
  const auto& period = detail::as_object(detail::require(doc, "period", ""), "period");
  const auto label = detail::text_of(period, "label", "period");
  if (label != period_label) {
    throw error(errc::inconsistent, "the issued bills are for another period",
                {{"path", "period.label"}, {"issued", echo(label)}, {"billed", period_label}});
  }
  std::vector<bill::compared_bill> out;
  std::set<std::string> tenants;
  const auto& bills = detail::as_array(detail::require(doc, "bills", ""), "bills");
  out.reserve(bills.size());
  for (std::size_t i = 0; i < bills.size(); ++i) {
    const std::string path = "bills[" + std::to_string(i) + "]";
    const auto& b = detail::as_object(bills[i], path);
    bill::compared_bill cb;
    cb.tenant_id = detail::id_of(detail::require(b, "tenant", path), "id", path + ".tenant");
    if (!tenants.insert(cb.tenant_id).second) {
      throw error(errc::duplicate, "a tenant has two bills",
                  {{"path", path + ".tenant.id"}, {"tenant", cb.tenant_id}});
    }
    if (b.contains("number")) cb.number = detail::id_of(b, "number", path);
    cb.total = detail::decimal_of<money>(b, "total", path);
    const auto& lines = detail::as_array(detail::require(b, "lines", path), path + ".lines");
    for (std::size_t k = 0; k < lines.size(); ++k) {
      const std::string lpath = path + ".lines[" + std::to_string(k) + "]";
      cb.lines.push_back(detail::issued_line_of(detail::as_object(lines[k], lpath), lpath));
    }
    out.push_back(std::move(cb));
  }
  return out;
}

std::vector<bill::compared_bill> load_against(const std::filesystem::path& file,
                                              const std::string& period_label) {
  return read_json(file, [&period_label](const nlohmann::json& doc) {
    return against_bills_from_json(doc, period_label);
  });
}

}  // namespace submeter::io
