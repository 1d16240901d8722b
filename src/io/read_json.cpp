// The strict JSON reader every file format goes through (read_json.hpp).
#include "io/read_json.hpp"

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <stdexcept>
#include <string_view>
#include <utility>

#include "io/echo.hpp"

namespace submeter::io {
namespace {

using json = nlohmann::json;

/// How much of nlohmann's own message an error quotes (it holds the last token read).
constexpr std::size_t detail_chars = 200;

/// 1-based line and column of the byte at 1-based offset `byte` in `text` (the byte itself
/// counts: the parser reports where it stopped, the last character it read).
std::pair<std::size_t, std::size_t> line_and_column(std::string_view text, std::size_t byte) {
  std::size_t line = 1;
  std::size_t column = 1;
  const std::size_t end = byte == 0 ? 0 : std::min<std::size_t>(byte - 1, text.size());
  for (std::size_t i = 0; i < end; ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return {line, column};
}

/// The place items of an error: the file (when named) and then `more`.
std::vector<context_item> where(const std::string& file, std::vector<context_item> more) {
  if (!file.empty()) more.insert(more.begin(), {"file", file});
  return more;
}

/// A character iterator that keeps, in `*read`, how far the parser has read: at a SAX event the
/// parser has read exactly through the token that raised it (a key: its closing quote), which
/// gives a duplicate key its line and column without a second pass.
class tracked_char {
 public:
  using iterator_category = std::input_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;

  tracked_char(const char* at, const char** read) : at_(at), read_(read) {}
  reference operator*() const { return *at_; }
  tracked_char& operator++() {
    *read_ = ++at_;
    return *this;
  }
  tracked_char operator++(int) {
    auto before = *this;
    ++*this;
    return before;
  }
  bool operator==(const tracked_char& o) const { return at_ == o.at_; }
  bool operator!=(const tracked_char& o) const { return at_ != o.at_; }

 private:
  const char* at_;
  const char** read_;
};

/// Builds the document from nlohmann's SAX events, refusing a key given twice in one object and
/// naming its JSON path, line and column. A SAX builder rather than a parser callback: nlohmann
/// 3.11's callback parser rescans a whole array each time one of its objects ends, which is
/// quadratic in the number of tenants and meters of a site.
class checked_builder : public nlohmann::json_sax<json> {
 public:
  checked_builder(json& root, std::string_view text, const char* const* read,
                  const std::string& file, element_stream* stream)
      : root_(&root), text_(text), read_(read), file_(&file), stream_(stream) {}

  bool null() override { return value(nullptr); }
  bool boolean(bool v) override { return value(v); }
  bool number_integer(number_integer_t v) override { return value(v); }
  bool number_unsigned(number_unsigned_t v) override { return value(v); }
  bool number_float(number_float_t v, const string_t&) override { return value(v); }
  bool string(string_t& v) override { return value(std::move(v)); }
  bool binary(binary_t& v) override { return value(json::binary(std::move(v))); }

  bool start_object(std::size_t) override {
    open(json::value_t::object, true);
    return true;
  }
  bool key(string_t& k) override {
    // The object being built is the set of its keys so far: a key it holds is given twice.
    auto& members = *open_.back()->get_ptr<json::object_t*>();
    const auto [it, fresh] = members.emplace(std::move(k), json());
    frames_.back().key = &it->first;
    if (!fresh) {
      const auto [line, column] = here();
      throw error(errc::duplicate, "a key is given twice in one object",
                  where(*file_, {{"line", std::to_string(line)},
                                 {"column", std::to_string(column)},
                                 {"path", path()},
                                 {"field", echo(it->first)}}));
    }
    slot_ = &it->second;
    return true;
  }
  bool end_object() override { return close(); }
  bool start_array(std::size_t) override {
    open(json::value_t::array, false);
    return true;
  }
  bool end_array() override { return close(); }

  bool parse_error(std::size_t position, const std::string& last_token,
                   const nlohmann::detail::exception& ex) override {
    if (const auto* pe = dynamic_cast<const json::parse_error*>(&ex)) throw *pe;
    // out_of_range.406: a number a double cannot hold (1e400).
    const auto [line, column] = line_and_column(text_, position);
    throw error(errc::parse, ex.id == 406 ? "a number out of range" : "not valid JSON",
                where(*file_, {{"line", std::to_string(line)},
                               {"column", std::to_string(column)},
                               {"text", echo(last_token)}}));
  }

 private:
  struct frame {
    bool is_object;
    const std::string* key;  // the current key (objects): a key of the object being built
    std::size_t index;       // the current element (arrays)
    bool streamed = false;   // a top-level array whose elements go to stream_
  };

  // Places a value where the parser is: the root, the next array element, or the current key.
  // An element of a streamed array is built in element_ (a container, handed over when it
  // closes) or handed over at once (a scalar); nullptr then.
  json* place(json&& v) {
    if (open_.empty()) {
      *root_ = std::move(v);
      return root_;
    }
    json& parent = *open_.back();
    if (parent.is_array()) {
      auto& f = frames_.back();
      ++f.index;
      if (f.streamed) {
        element_ = std::move(v);
        return &element_;
      }
      parent.push_back(std::move(v));
      return &parent.back();
    }
    *slot_ = std::move(v);
    return slot_;
  }
  // Hands the element just read of the streamed array being read to stream_.
  void hand_over() {
    const auto& f = frames_.back();
    stream_->element(*frames_.front().key, f.index - 1, std::move(element_));
    element_ = json();
  }
  template <class T>
  bool value(T&& v) {
    place(json(std::forward<T>(v)));
    if (!frames_.empty() && frames_.back().streamed) hand_over();
    return true;
  }
  void open(json::value_t type, bool is_object) {
    if (frames_.size() == max_json_depth) {
      const auto [line, column] = here();
      throw error(errc::parse, "JSON nested too deeply",
                  where(*file_, {{"line", std::to_string(line)},
                                 {"column", std::to_string(column)},
                                 {"limit", std::to_string(max_json_depth)}}));
    }
    // A member of the root object that is an array: streamed when stream_ takes it.
    const bool streamed = !is_object && stream_ != nullptr && frames_.size() == 1 &&
                          frames_.front().is_object &&
                          stream_->stream(*frames_.front().key, *root_);
    open_.push_back(place(json(type)));
    frames_.push_back({is_object, nullptr, 0, streamed});
  }
  bool close() {
    const auto closed = frames_.back();
    open_.pop_back();
    frames_.pop_back();
    if (closed.streamed) {
      stream_->end(*frames_.front().key, closed.index);
    } else if (!frames_.empty() && frames_.back().streamed) {
      hand_over();
    }
    return true;
  }
  std::string path() const {
    std::string p = "$";
    for (const auto& f : frames_) {
      // An array's index has already moved past the element being read.
      p += f.is_object ? "." + echo(f.key == nullptr ? std::string() : *f.key)
                       : "[" + std::to_string(f.index == 0 ? 0 : f.index - 1) + "]";
    }
    return p;
  }
  // Where the parser is: the line and column of the last character it read.
  std::pair<std::size_t, std::size_t> here() const {
    return line_and_column(text_, static_cast<std::size_t>(*read_ - text_.data()));
  }

  json* root_;
  std::string_view text_;
  const char* const* read_;
  const std::string* file_;
  element_stream* stream_;
  std::vector<json*> open_;
  std::vector<frame> frames_;
  json* slot_ = nullptr;
  json element_;  // the element of a streamed array being built
};

json parse_json_to(std::string_view text, const std::string& file, element_stream* stream) {
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  json doc;
  try {
    const char* read = text.data();
    checked_builder builder(doc, text, &read, file, stream);
    json::sax_parse(tracked_char(text.data(), &read),
                    tracked_char(text.data() + text.size(), &read), &builder);
  } catch (const json::parse_error& e) {
    const auto [line, column] = line_and_column(text, e.byte);
    // nlohmann's message is "[json.exception.parse_error.101] parse error at line 1, column 2:
    // syntax error while parsing ..."; keep the part after the location.
    std::string detail = e.what();
    const auto colon = detail.find(": ");
    if (colon != std::string::npos) detail = detail.substr(colon + 2);
    throw error(errc::parse, "not valid JSON",
                where(file, {{"line", std::to_string(line)},
                             {"column", std::to_string(column)},
                             {"detail", echo(detail, detail_chars)}}));
  }
  return doc;
}

}  // namespace

json parse_json(std::string_view text, const std::string& file) {
  return parse_json_to(text, file, nullptr);
}

json parse_json(std::string_view text, const std::string& file, element_stream& stream) {
  return parse_json_to(text, file, &stream);
}

json read_json(const std::filesystem::path& file) {
  return parse_json(read_file(file), file.string());
}

error json_type_error(const nlohmann::json::exception& e) {
  // "[json.exception.type_error.302] type must be string, but is number": keep the sentence.
  std::string detail = e.what();
  const auto bracket = detail.find("] ");
  if (bracket != std::string::npos) detail = detail.substr(bracket + 2);
  return error(errc::parse, "a field has the wrong type", {{"detail", echo(detail, detail_chars)}});
}

error in_file(const error& e, const std::string& file) {
  for (const auto& item : e.context()) {
    if (item.key == "file") return e;
  }
  return error(e.code(), e.message(), where(file, e.context()));
}

}  // namespace submeter::io
