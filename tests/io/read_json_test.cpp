// src/io/read_json.hpp: the one strict reader every JSON format goes through.
#include "io/read_json.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "io/calendar_json.hpp"
#include "io/tou_json.hpp"
#include "support/error_of.hpp"

namespace {

using submeter::errc;
using submeter::error;
using submeter::io::parse_json;
using submeter::io::read_json;
using submeter::test_support::error_of;

/// A file with `text` in a fresh temporary directory, removed with it.
class temp_file {
 public:
  temp_file(const std::string& name, const std::string& text) {
    std::string pattern = (std::filesystem::temp_directory_path() / "submeter-io-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) ADD_FAILURE() << "mkdtemp failed";
    dir_ = pattern;
    std::ofstream(dir_ / name, std::ios::binary) << text;
    path_ = (dir_ / name).string();
  }
  temp_file(const temp_file&) = delete;
  temp_file& operator=(const temp_file&) = delete;
  ~temp_file() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  [[nodiscard]] const std::string& path() const noexcept { return path_; }

 private:
  std::filesystem::path dir_;
  std::string path_;
};

TEST(ReadJson, ReadsAFileWithAByteOrderMark) {
  const temp_file f("a.json", "\xEF\xBB\xBF{\"b\": [1, \"2\", {\"c\": null}]}");
  const auto doc = read_json(f.path());
  EXPECT_EQ(doc.at("b").at(1), "2");
  EXPECT_TRUE(doc.at("b").at(2).at("c").is_null());
}

TEST(ReadJson, DuplicateKeyIsRefusedWithFileLineColumnAndPath) {
  // The second "price" is on line 3, its closing quote in column 24.
  const temp_file f("prices.json",
                    "{\"tariffs\": [{\"id\": \"a\"},\n"
                    "  {\"id\": \"b\",\n"
                    "   \"price\": \"1\", \"price\": \"2\"}]}\n");
  const auto e = error_of([&] { (void)read_json(f.path()); });
  EXPECT_EQ(e.code(), errc::duplicate);
  EXPECT_EQ(e.message(), "a key is given twice in one object");
  ASSERT_FALSE(e.context().empty());
  EXPECT_EQ(e.context().front().key, "file");  // the file comes first
  EXPECT_EQ(e.context_value("file"), f.path());
  EXPECT_EQ(e.context_value("line"), "3");
  EXPECT_EQ(e.context_value("column"), "24");
  EXPECT_EQ(e.context_value("path"), "$.tariffs[1].price");
  EXPECT_EQ(e.context_value("field"), "price");
}

TEST(ReadJson, DuplicateKeysAreFoundAtEveryDepth) {
  const auto at_root = error_of([] { (void)parse_json(R"({"a": 1, "a": 1})", "x.json"); });
  EXPECT_EQ(at_root.context_value("path"), "$.a");
  EXPECT_EQ(at_root.context_value("column"), "12");
  const auto in_array =
      error_of([] { (void)parse_json(R"([[], [{}, {"k": {"a": 1, "a": 2}}]])", ""); });
  EXPECT_EQ(in_array.context_value("path"), "$[1][1].k.a");
  // The same key in two objects is not a duplicate.
  EXPECT_EQ(parse_json(R"([{"a": 1}, {"a": 2}, {"b": {"a": 3}}])", "x.json").size(), 3u);
}

TEST(ReadJson, MissingFileIsNotFoundNamingIt) {
  const auto e = error_of([] { (void)read_json("/nonexistent/submeter/site.json"); });
  EXPECT_EQ(e.code(), errc::not_found);
  EXPECT_EQ(e.message(), "cannot read file");
  EXPECT_EQ(e.context_value("file"), "/nonexistent/submeter/site.json");
}

TEST(ReadJson, TextThatIsNotJsonNamesFileLineAndColumn) {
  // The fixture of the CLI's bad_json case: an object where a ',' or ']' belongs, line 8.
  const std::string file = SUBMETER_TEST_DATA "/sites/bad-json/site.json";
  const auto e = error_of([&] { (void)read_json(file); });
  EXPECT_EQ(e.code(), errc::parse);
  EXPECT_EQ(e.message(), "not valid JSON");
  EXPECT_EQ(e.context().front().key, "file");
  EXPECT_EQ(e.context_value("file"), file);
  EXPECT_EQ(e.context_value("line"), "8");
  EXPECT_EQ(e.context_value("column"), "5");
  EXPECT_NE(e.context_value("detail").find("syntax error"), std::string::npos);

  const auto text = error_of([] { (void)parse_json("not json", "t.json"); });
  EXPECT_EQ(text.code(), errc::parse);
  EXPECT_EQ(text.context_value("file"), "t.json");
  EXPECT_EQ(text.context_value("line"), "1");
  const auto empty = error_of([] { (void)parse_json("", "t.json"); });
  EXPECT_EQ(empty.code(), errc::parse);
  EXPECT_EQ(empty.context_value("column"), "1");
  // Text from memory (e.g. from Python) has no file to name.
  const auto unnamed = error_of([] { (void)parse_json("{", ""); });
  EXPECT_EQ(unnamed.code(), errc::parse);
  EXPECT_EQ(unnamed.context().front().key, "line");
}

TEST(ReadJson, ABuilderErrorNamesTheFileFirst) {
  const temp_file f("tou.json", R"({"format": "submeter-tou-v0"})");
  const auto e = error_of([&] { (void)submeter::io::load_tou_schedule(f.path()); });
  EXPECT_EQ(e.context().front().key, "file");
  EXPECT_EQ(e.context_value("file"), f.path());
  EXPECT_EQ(e.context_value("path"), "$.format");
  // An error that names its file already keeps it.
  const error named(errc::parse, "bad", {{"path", "$"}, {"file", "other.json"}});
  EXPECT_EQ(submeter::io::in_file(named, "this.json").context_value("file"), "other.json");
  const auto built = read_json(f.path(), [](const nlohmann::json& doc) { return doc.size(); });
  EXPECT_EQ(built, 1u);
}

TEST(ReadJson, EveryShippedFileIsStrictJson) {
  int files = 0;
  for (const auto& entry :
       std::filesystem::recursive_directory_iterator(SUBMETER_SOURCE_DIR "/src/data")) {
    if (entry.path().extension() != ".json") continue;
    EXPECT_NO_THROW((void)read_json(entry.path())) << entry.path();
    ++files;
  }
  EXPECT_GE(files, 9);
  EXPECT_EQ(submeter::io::load_calendar(SUBMETER_SOURCE_DIR "/src/data/calendars/cn.json").name(),
            "cn");
}

TEST(ReadJson, NestingDeeperThanTheLimitIsRefusedNotRecursedInto) {
  // issue 16 #5: 100,000 brackets used to overflow the stack in an error path's dump(). The 64th
  // '[' opens the 65th container, in column 11 + 64.
  const std::string deep =
      "{\"places\": " + std::string(100000, '[') + std::string(100000, ']') + "}";
  const auto e = error_of([&] { (void)parse_json(deep, "site.json"); });
  EXPECT_EQ(e.code(), errc::parse);
  EXPECT_EQ(e.message(), "JSON nested too deeply");
  EXPECT_EQ(e.context_value("file"), "site.json");
  EXPECT_EQ(e.context_value("line"), "1");
  EXPECT_EQ(e.context_value("column"), std::to_string(11 + submeter::io::max_json_depth));
  EXPECT_EQ(e.context_value("limit"), "64");
  // At the limit it is read.
  const std::string at_limit = std::string(64, '[') + std::string(64, ']');
  EXPECT_TRUE(parse_json(at_limit, "x.json").is_array());
  const auto over = std::string(65, '[') + std::string(65, ']');
  EXPECT_EQ(error_of([&] { (void)parse_json(over, "x.json"); }).code(), errc::parse);
  // Python's loaders go through the same reader.
  const temp_file f("deep-tou.json",
                    "{\"format\": " + std::string(5000, '[') + std::string(5000, ']') + "}");
  EXPECT_EQ(error_of([&] { (void)submeter::io::load_tou_schedule(f.path()); }).message(),
            "JSON nested too deeply");
}

TEST(ReadJson, ANumberADoubleCannotHoldIsRefusedWithItsPlace) {
  // issue 16 #14: nlohmann's out_of_range.406 used to escape as an internal error.
  const auto e = error_of([] { (void)parse_json("{\n  \"places\": 1e400}", "site.json"); });
  EXPECT_EQ(e.code(), errc::parse);
  EXPECT_EQ(e.message(), "a number out of range");
  EXPECT_EQ(e.context_value("file"), "site.json");
  EXPECT_EQ(e.context_value("line"), "2");
  EXPECT_EQ(e.context_value("text"), "1e400");
}

TEST(ReadJson, AMistypedFieldABuilderMissedIsAParseErrorNamingTheFile) {
  const temp_file f("x.json", R"({"n": "seven"})");
  const auto e = error_of([&] {
    (void)read_json(f.path(), [](const nlohmann::json& d) { return d.at("n").get<int>(); });
  });
  EXPECT_EQ(e.code(), errc::parse);
  EXPECT_EQ(e.message(), "a field has the wrong type");
  EXPECT_EQ(e.context_value("file"), f.path());
  EXPECT_NE(e.context_value("detail").find("type must be number"), std::string::npos);
}

TEST(ReadJson, AHugeDuplicateKeyIsQuotedCutAndEscaped) {
  const std::string key = "a\\u0000b" + std::string(5000, 'k');  // JSON's escape of NUL
  const auto e =
      error_of([&] { (void)parse_json("{\"" + key + "\": 1, \"" + key + "\": 2}", "x.json"); });
  EXPECT_EQ(e.code(), errc::duplicate);
  EXPECT_EQ(e.context_value("field").substr(0, 8), "a\\x00bkk");
  EXPECT_LT(e.context_value("field").size(), 100u);
  EXPECT_LT(std::string(e.what()).size(), 400u);
}

}  // namespace

namespace streamed {

// The elements of the top-level arrays an element_stream chooses, one at a time.
class recorder final : public submeter::io::element_stream {
 public:
  std::vector<std::string> seen;
  bool stream(const std::string& key, const nlohmann::json& document) override {
    seen.push_back("stream " + key + " after " + std::to_string(document.size()));
    return key == "list";
  }
  void element(const std::string& key, std::size_t index, nlohmann::json&& value) override {
    seen.push_back(key + "[" + std::to_string(index) + "] " + value.dump());
  }
  void end(const std::string& key, std::size_t count) override {
    seen.push_back("end " + key + " " + std::to_string(count));
  }
};

TEST(ParseJsonStreamed, ElementsOfAChosenTopLevelArrayArriveOneByOne) {
  recorder r;
  const auto doc = parse_json(
      R"({"a": [1], "list": [{"x": [2, 3]}, 4, [5], "s"], "b": {"list": [6]}})", "f.json", r);
  const std::vector<std::string> expected{
      "stream a after 1", "stream list after 2", "list[0] {\"x\":[2,3]}",
      "list[1] 4",        "list[2] [5]",         "list[3] \"s\"",
      "end list 4"};
  EXPECT_EQ(r.seen, expected);  // a nested "list" is not a top-level array: not offered
  EXPECT_EQ(doc.at("list"), nlohmann::json::array());
  EXPECT_EQ(doc.at("a"), nlohmann::json::array({1}));
  EXPECT_EQ(doc.at("b").at("list"), nlohmann::json::array({6}));
}

TEST(ParseJsonStreamed, AStreamedElementIsCheckedAsEverythingElse) {
  recorder r;
  const auto e =
      error_of([&] { (void)parse_json("{\"list\": [{}, {\"k\": 1,\n \"k\": 2}]}", "f.json", r); });
  EXPECT_EQ(e.code(), errc::duplicate);
  EXPECT_EQ(e.context_value("path"), "$.list[1].k");
  EXPECT_EQ(e.context_value("line"), "2");
  const auto bad = error_of([&] { (void)parse_json("{\"list\": [1, 2,]}", "f.json", r); });
  EXPECT_EQ(bad.message(), "not valid JSON");
}

}  // namespace streamed
