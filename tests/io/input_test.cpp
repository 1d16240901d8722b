// The bounded-input helpers of src/io (issue 16 #15, #16, #20, "Bounded input", "One rule for
// every identifier and name"): read_file (input_file.hpp), echo (echo.hpp), the identifier and
// name rule (identifier.hpp) and the checked integer (json_fields.hpp).
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <limits>
#include <string>

#include "io/echo.hpp"
#include "io/identifier.hpp"
#include "io/input_file.hpp"
#include "io/json_fields.hpp"
#include "support/error_of.hpp"

namespace {

using submeter::errc;
using submeter::io::echo;
using submeter::io::id_problem;
using submeter::io::integer_in;
using submeter::io::name_problem;
using submeter::io::read_file;
using submeter::test_support::error_of;
using json = nlohmann::json;

/// A fresh temporary directory, removed with its contents.
class temp_dir {
 public:
  temp_dir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "submeter-in-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) ADD_FAILURE() << "mkdtemp failed";
    dir_ = pattern;
  }
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;
  ~temp_dir() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  [[nodiscard]] std::filesystem::path file(const std::string& name, const std::string& text) const {
    std::ofstream(dir_ / name, std::ios::binary) << text;
    return dir_ / name;
  }
  [[nodiscard]] const std::filesystem::path& path() const noexcept { return dir_; }

 private:
  std::filesystem::path dir_;
};

/// Sets an environment variable for the scope of the object.
class scoped_env {
 public:
  scoped_env(const char* name, const char* value) : name_(name) { ::setenv(name, value, 1); }
  scoped_env(const scoped_env&) = delete;
  scoped_env& operator=(const scoped_env&) = delete;
  ~scoped_env() { ::unsetenv(name_); }

 private:
  const char* name_;
};

TEST(ReadFile, ReadsARegularFileWhole) {
  const temp_dir d;
  EXPECT_EQ(read_file(d.file("a.txt", std::string("a\0b", 3))), std::string("a\0b", 3));
  EXPECT_EQ(read_file(d.file("empty.txt", "")), "");
}

TEST(ReadFile, AFifoIsRefusedBeforeReadingFromIt) {
  // issue 16 #20: site.json pointing at a FIFO hung the reader.
  const temp_dir d;
  const auto fifo = d.path() / "site.json";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const auto e = error_of([&] { (void)read_file(fifo); });
  EXPECT_EQ(e.code(), errc::invalid_argument);
  EXPECT_EQ(e.message(), "not a regular file");
  EXPECT_EQ(e.context_value("file"), fifo.string());
  EXPECT_EQ(e.context_value("kind"), "a FIFO");
}

TEST(ReadFile, ADeviceOrADirectoryIsRefused) {
  // issue 16 #20: /dev/zero grew memory without limit.
  const auto zero = error_of([] { (void)read_file("/dev/zero"); });
  EXPECT_EQ(zero.code(), errc::invalid_argument);
  EXPECT_EQ(zero.context_value("kind"), "a character device");
  const temp_dir d;
  EXPECT_EQ(error_of([&] { (void)read_file(d.path()); }).context_value("kind"), "a directory");
  const auto link = d.path() / "zero.json";
  std::filesystem::create_symlink("/dev/zero", link);
  EXPECT_EQ(error_of([&] { (void)read_file(link); }).context_value("kind"), "a character device");
}

TEST(ReadFile, AFileOverTheLimitIsRefusedNamingTheLimit) {
  const temp_dir d;
  const auto f = d.file("big.csv", std::string(1000, 'x'));
  EXPECT_EQ(read_file(f, 1000).size(), 1000u);
  const auto e = error_of([&] { (void)read_file(f, 999); });
  EXPECT_EQ(e.code(), errc::invalid_argument);
  EXPECT_EQ(e.context_value("file"), f.string());
  EXPECT_EQ(e.context_value("limit_bytes"), "999");
  EXPECT_EQ(e.context_value("set_by"), "SUBMETER_MAX_FILE_BYTES");
}

TEST(ReadFile, TheLimitIsSetByTheEnvironment) {
  EXPECT_EQ(submeter::io::max_file_bytes(), submeter::io::default_max_file_bytes);
  EXPECT_EQ(submeter::io::default_max_file_bytes, 256u * 1024 * 1024);
  const temp_dir d;
  const auto f = d.file("a.json", std::string(100, ' '));
  {
    const scoped_env env("SUBMETER_MAX_FILE_BYTES", "99");
    EXPECT_EQ(submeter::io::max_file_bytes(), 99u);
    EXPECT_EQ(error_of([&] { (void)read_file(f); }).context_value("limit_bytes"), "99");
  }
  for (const char* bad : {"0", "-1", "1e9", "12 MB", "99999999999999999999"}) {
    const scoped_env env("SUBMETER_MAX_FILE_BYTES", bad);
    const auto e = error_of([] { (void)submeter::io::max_file_bytes(); });
    EXPECT_EQ(e.code(), errc::invalid_argument) << bad;
    EXPECT_EQ(e.context_value("variable"), "SUBMETER_MAX_FILE_BYTES") << bad;
  }
}

TEST(ReadFile, AMissingFileIsNotFound) {
  const auto e = error_of([] { (void)read_file("/nonexistent/x.json"); });
  EXPECT_EQ(e.code(), errc::not_found);
  EXPECT_EQ(e.message(), "cannot read file");
}

TEST(Echo, AShortPrintableTextIsUnchanged) {
  EXPECT_EQ(echo("M-07"), "M-07");
  EXPECT_EQ(echo("宏达精密 Hongda"), "宏达精密 Hongda");
  EXPECT_EQ(echo(""), "");
}

TEST(Echo, AHugeCellIsCutAtSixtyCharactersWithItsLength) {
  // issue 16 #16: a 10 MB cell made a 10 MB line on stderr.
  const std::string cell(10 * 1024 * 1024, 'A');
  const auto shown = echo(cell);
  EXPECT_EQ(shown, std::string(60, 'A') + "\xE2\x80\xA6(10485760 bytes)");
  // Characters, not bytes: 60 Chinese characters are kept whole.
  std::string chinese;
  for (int i = 0; i < 61; ++i) chinese += "电";
  EXPECT_EQ(echo(chinese).substr(0, 180), chinese.substr(0, 180));
  EXPECT_NE(echo(chinese).find("(183 bytes)"), std::string::npos);
  EXPECT_EQ(echo(std::string(60, 'x')), std::string(60, 'x'));
}

TEST(Echo, ControlsAndBytesThatAreNotUtf8AreEscaped) {
  EXPECT_EQ(echo(std::string("a\0b", 3)), "a\\x00b");
  EXPECT_EQ(echo("\x1b[2J"), "\\x1B[2J");
  EXPECT_EQ(echo("line\nTotal: 0.00"), "line\\x0ATotal: 0.00");
  EXPECT_EQ(echo("\x7f"), "\\x7F");
  EXPECT_EQ(echo("\xC2\x9B"), "\\xC2\\x9B");  // C1 CSI
  EXPECT_EQ(echo("\xff\xfe"), "\\xFF\\xFE");
  EXPECT_EQ(echo("\xC0\xAF"), "\\xC0\\xAF");           // overlong '/'
  EXPECT_EQ(echo("\xED\xA0\x80"), "\\xED\\xA0\\x80");  // a surrogate
  EXPECT_EQ(echo("\xE7\x94"), "\\xE7\\x94");           // cut short
}

TEST(Echo, EchoAllCutsQuotedTextShorterThanOtherContext) {
  const auto items = submeter::io::echo_all(
      {{"text", std::string(100, 't')}, {"reason", std::string(100, 'r')}, {"x", "\x01"}});
  EXPECT_EQ(items[0].value.substr(0, 61), std::string(60, 't') + "\xE2");
  EXPECT_EQ(items[1].value, std::string(100, 'r'));
  EXPECT_EQ(items[2].value, "\\x01");
}

TEST(IdentifierRule, AcceptsTheIdsOfTheShippedSites) {
  for (const char* id : {"T-01", "M-001", "flat-general", "two-part-capacity", "2026-01", "宏达",
                         "a.b", "x y", "T_1"}) {
    EXPECT_EQ(id_problem(id), nullptr) << id;
  }
}

TEST(IdentifierRule, RefusesPathsControlsAndLeadingDots) {
  // issue 16 #3 / #15: ids reach file names, ledger keys and terminals.
  for (const std::string& id :
       {std::string(), std::string("../../pwned"), std::string("/tmp/abs"), std::string("a/b"),
        std::string("a\\b"), std::string(".hidden"), std::string("."), std::string("a\0b", 3),
        std::string("T-1\n== T-9 FAKE =="), std::string("\x1b[2J"), std::string("a\tb"),
        std::string("\x7f"), std::string("\xC2\x85"), std::string("\xff"), std::string(201, 'x')}) {
    EXPECT_NE(id_problem(id), nullptr) << echo(id);
  }
  EXPECT_EQ(id_problem(std::string(200, 'x')), nullptr);
}

TEST(NameRule, RefusesControlsButNotSlashesOrDots) {
  EXPECT_EQ(name_problem("宏达精密机械 Hongda Precision Machining"), nullptr);
  EXPECT_EQ(name_problem(".../\\ (1/2)"), nullptr);
  EXPECT_EQ(name_problem(""), nullptr);
  for (const std::string& name :
       {std::string("Bakery\nTotal: 0.00"), std::string("a\x1b[2Jb"), std::string("tab\there"),
        std::string("a\0b", 3), std::string("\xC3"), std::string(1025, 'n')}) {
    EXPECT_NE(name_problem(name), nullptr) << echo(name);
  }
}

TEST(IntegerIn, NeverTruncates) {
  // issue 16 #12: get<int>() read places 4294967298 as 2 and register 4294967296 as 0.
  EXPECT_EQ(integer_in(json(2), 0, 4), 2);
  EXPECT_FALSE(integer_in(json(4294967298LL), 0, 4));
  EXPECT_FALSE(integer_in(json(4294967296LL), 0, 8));
  EXPECT_FALSE(integer_in(json(18446744073709551615ULL), 1, 1000000));
  EXPECT_FALSE(integer_in(json(-1), 0, 4));
  EXPECT_FALSE(integer_in(json(2.0), 0, 4));
  EXPECT_FALSE(integer_in(json("2"), 0, 4));
  EXPECT_EQ(integer_in(json(std::numeric_limits<std::int64_t>::max()), 0,
                       std::numeric_limits<std::int64_t>::max()),
            std::numeric_limits<std::int64_t>::max());
  const auto e = error_of(
      [] { (void)submeter::io::detail::as_integer(json(4294967299LL), 3, 4, "/function"); });
  EXPECT_EQ(e.code(), errc::parse);
  EXPECT_EQ(e.context_value("path"), "/function");
  EXPECT_EQ(e.context_value("text"), "4294967299");
}

TEST(Describe, NeverRecursesIntoAnUntrustedValue) {
  json deep = json::array();
  json* at = &deep;
  for (int i = 0; i < 100; ++i) {
    at->push_back(json::array());
    at = &at->back();
  }
  EXPECT_EQ(submeter::io::describe(deep), "an array");
  EXPECT_EQ(submeter::io::describe(json::object()), "an object");
  EXPECT_EQ(submeter::io::describe(json(std::string(100, 's'))).size(), 60u + 3 + 11);
  EXPECT_EQ(submeter::io::describe(json(40)), "40");
}

}  // namespace
