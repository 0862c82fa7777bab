// The example collection (examples/sample) for tests: one file's bytes.
#ifndef TEXTRACE_TESTS_SAMPLE_TESTING_H_
#define TEXTRACE_TESTS_SAMPLE_TESTING_H_

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace textrace {

// The bytes of examples/sample/`name` (empty when it cannot be read).
inline std::string ReadSample(const char* name) {
  std::ifstream in(std::filesystem::path(TEXTRACE_SOURCE_DIR) / "examples" / "sample" / name,
                   std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace textrace

#endif  // TEXTRACE_TESTS_SAMPLE_TESTING_H_
