// The strict, exact JSON reader of gateway messages (message_json.hpp).
#include "ingest/message_json.hpp"

#include <exception>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace submeter::ingest {
namespace {

using json = nlohmann::json;

/// Thrown inside the SAX handler to stop at the first refusal; caught in read_message_json.
struct refused {
  std::string why;
};

class message_builder : public nlohmann::json_sax<json> {
 public:
  message_builder(json& root, const message_limits& limits) : root_(&root), limits_(limits) {}

  bool null() override { return value(nullptr); }
  bool boolean(bool v) override { return value(v); }
  bool number_integer(number_integer_t v) override { return value(v); }
  bool number_unsigned(number_unsigned_t v) override { return value(v); }
  bool number_float(number_float_t, const string_t& text) override { return value(text); }
  bool string(string_t& v) override { return value(std::move(v)); }
  bool binary(binary_t&) override { throw refused{"binary values are not JSON"}; }

  bool start_object(std::size_t) override {
    open(json::value_t::object);
    return true;
  }
  bool key(string_t& k) override {
    if (!keys_.back().insert(k).second) throw refused{"a key is given twice in one object: " + k};
    slot_ = &(*open_.back())[k];
    return true;
  }
  bool end_object() override { return close(); }
  bool start_array(std::size_t) override {
    open(json::value_t::array);
    return true;
  }
  bool end_array() override { return close(); }
  bool parse_error(std::size_t byte, const std::string&,
                   const nlohmann::detail::exception& ex) override {
    std::string what = ex.what();
    // "[json.exception.parse_error.101] parse error at line 1, column 2: syntax error …"
    const auto colon = what.find(": ");
    throw refused{"not JSON at byte " + std::to_string(byte) +
                  (colon == std::string::npos ? "" : ": " + what.substr(colon + 2))};
  }

 private:
  json* place(json&& v) {
    if (open_.empty()) {
      *root_ = std::move(v);
      return root_;
    }
    json& parent = *open_.back();
    if (parent.is_array()) {
      parent.push_back(std::move(v));
      return &parent.back();
    }
    *slot_ = std::move(v);
    return slot_;
  }
  template <class T>
  bool value(T&& v) {
    place(json(std::forward<T>(v)));
    return true;
  }
  void open(json::value_t type) {
    if (open_.size() >= limits_.max_depth) {
      throw refused{"nested deeper than " + std::to_string(limits_.max_depth) + " levels"};
    }
    open_.push_back(place(json(type)));
    keys_.emplace_back();
  }
  bool close() {
    open_.pop_back();
    keys_.pop_back();
    return true;
  }

  json* root_;
  message_limits limits_;
  std::vector<json*> open_;
  std::vector<std::set<std::string>> keys_;
  json* slot_ = nullptr;
};

}  // namespace

message_document read_message_json(std::string_view text, const message_limits& limits) noexcept {
  message_document out;
  try {
    if (text.size() > limits.max_bytes) {
      out.why = "larger than " + std::to_string(limits.max_bytes) + " bytes";
      return out;
    }
    json doc;
    message_builder builder(doc, limits);
    json::sax_parse(text.begin(), text.end(), &builder);
    out.json = std::move(doc);
  } catch (const refused& r) {
    out.why = r.why;
  } catch (const std::exception& e) {
    out.why = std::string("unreadable: ") + e.what();
  } catch (...) {
    out.why = "unreadable";
  }
  return out;
}

}  // namespace submeter::ingest
