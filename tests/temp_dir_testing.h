// A fresh directory under the system's temporary directory for one test, removed with everything
// in it when the test ends.
#ifndef TEXTRACE_TESTS_TEMP_DIR_TESTING_H_
#define TEXTRACE_TESTS_TEMP_DIR_TESTING_H_

#include <stdlib.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>

namespace textrace {

class TempDir {
 public:
  // Named textrace-`name`-XXXXXX; a failure to make it ends the test, failed.
  explicit TempDir(std::string_view name) {
    std::string tmpl =
        (std::filesystem::temp_directory_path() / ("textrace-" + std::string(name) + "-XXXXXX"))
            .string();
    if (mkdtemp(tmpl.data()) == nullptr) {
      // Fatal (googletest reports the exception as the test's failure): a test going on with no
      // directory would write its files elsewhere.
      throw std::runtime_error("cannot make " + tmpl + ": " + std::strerror(errno));
    }
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::string string() const { return path_.string(); }
  std::filesystem::path operator/(std::string_view name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

}  // namespace textrace

#endif  // TEXTRACE_TESTS_TEMP_DIR_TESTING_H_
