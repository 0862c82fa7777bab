#include "scan/spill.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace textrace {

StatusOr<std::unique_ptr<SpillFile>> SpillFile::Create(const std::string& dir_option) {
  std::string dir = dir_option;
  if (dir.empty()) {
    const char* env = std::getenv("TMPDIR");
    dir = env != nullptr && *env != '\0' ? env : "/tmp";
  }
  std::string path = dir + "/textrace-spill-XXXXXX";
  const int fd = ::mkstemp(path.data());
  if (fd < 0) {
    return IoError("cannot create a temporary file in " + dir +
                   " (--tmp): " + std::strerror(errno));
  }
  ::unlink(path.c_str());
  return std::unique_ptr<SpillFile>(new SpillFile(fd, dir));
}

SpillFile::~SpillFile() { ::close(fd_); }

StatusOr<uint64_t> SpillFile::Append(std::string_view data) {
  const uint64_t offset = size_;
  size_t done = 0;
  while (done < data.size()) {
    const ssize_t n =
        ::pwrite(fd_, data.data() + done, data.size() - done, static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      return IoError("writing a temporary file in " + dir_ +
                     " (--tmp) failed: " + std::strerror(n < 0 ? errno : ENOSPC));
    }
    done += static_cast<size_t>(n);
  }
  size_ += data.size();
  return offset;
}

Status SpillFile::Read(uint64_t offset, uint64_t size, std::string* out) const {
  out->resize(size);
  return Read(offset, size, out->data());
}

Status SpillFile::Read(uint64_t offset, uint64_t size, char* out) const {
  size_t done = 0;
  while (done < size) {
    const ssize_t n = ::pread(fd_, out + done, size - done, static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      return IoError("reading a temporary file in " + dir_ +
                     " back failed: " + (n < 0 ? std::strerror(errno) : "unexpected end"));
    }
    done += static_cast<size_t>(n);
  }
  return Status::Ok();
}

}  // namespace textrace
