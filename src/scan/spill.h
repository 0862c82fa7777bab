// A scratch file for data that waits between the scan's stages: appended once, read back by
// offset from any thread. The file is unlinked as soon as it is created, so nothing is left
// behind, however the process ends.
#ifndef TEXTRACE_SCAN_SPILL_H_
#define TEXTRACE_SCAN_SPILL_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "textrace/status.h"

namespace textrace {

class SpillFile {
 public:
  // Creates the file in `dir` (empty: $TMPDIR, else /tmp).
  static StatusOr<std::unique_ptr<SpillFile>> Create(const std::string& dir);
  ~SpillFile();
  SpillFile(const SpillFile&) = delete;
  SpillFile& operator=(const SpillFile&) = delete;

  // Appends `data`; returns its offset. Not thread-safe (one writer).
  StatusOr<uint64_t> Append(std::string_view data);
  // Reads `size` bytes at `offset` into `out`. Thread-safe.
  Status Read(uint64_t offset, uint64_t size, std::string* out) const;
  // Reads `size` bytes at `offset` into out[0, size). Thread-safe.
  Status Read(uint64_t offset, uint64_t size, char* out) const;
  uint64_t size() const { return size_; }

 private:
  SpillFile(int fd, std::string dir) : fd_(fd), dir_(std::move(dir)) {}
  int fd_;
  std::string dir_;  // for messages
  uint64_t size_ = 0;
};

}  // namespace textrace

#endif  // TEXTRACE_SCAN_SPILL_H_
