// Outputs written so that a failed run never leaves a half-written file (textrace/output.h).
#include "textrace/output.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace textrace {
namespace {

// Buffered writes to a file descriptor.
class FdWriter {
 public:
  explicit FdWriter(int fd) : fd_(fd) {}
  Status Write(std::string_view data) {
    buffer_.append(data);
    return buffer_.size() >= (1u << 20) ? Flush() : Status::Ok();
  }
  Status Flush() {
    size_t done = 0;
    while (done < buffer_.size()) {
      const ssize_t n = ::write(fd_, buffer_.data() + done, buffer_.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return IoError(std::strerror(n < 0 ? errno : ENOSPC));
      done += static_cast<size_t>(n);
    }
    buffer_.clear();
    return Status::Ok();
  }

 private:
  int fd_;
  std::string buffer_;
};

}  // namespace

Status WriteFileAtomically(const std::string& path, const Producer& produce) {
  namespace fs = std::filesystem;
  auto write_fd = [&](int fd) -> Status {
    FdWriter w(fd);
    RETURN_IF_ERROR(produce([&](std::string_view piece) { return w.Write(piece); }));
    return w.Flush();
  };
  auto named = [&](const Status& st) {
    return st.ok() ? st : Status(st.code(), path + ": write failed: " + st.message());
  };
  if (path.empty() || path == "-") {
    std::fflush(stdout);
    const Status st = write_fd(STDOUT_FILENO);
    return st.ok() ? st : IoError("writing to standard output failed: " + st.message());
  }
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  if (fs::is_directory(st)) return InvalidArgumentError(path + ": is a directory");
  if (fs::exists(st) && !fs::is_regular_file(st)) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
    if (fd < 0) return IoError(path + ": cannot open: " + std::strerror(errno));
    const Status written = write_fd(fd);
    ::close(fd);
    return named(written);
  }
  fs::path target(path);
  if (fs::is_symlink(fs::symlink_status(path, ec))) target = fs::canonical(path, ec);
  const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::string tmp = (dir / (target.filename().string() + ".tmp-XXXXXX")).string();
  const int fd = ::mkstemp(tmp.data());
  if (fd < 0)
    return IoError(path + ": cannot create a temporary file in " + dir.string() + ": " +
                   std::strerror(errno));
  Status written = ::fchmod(fd, 0644) == 0 ? write_fd(fd) : IoError(std::strerror(errno));
  if (written.ok() && ::fsync(fd) != 0) written = IoError(std::strerror(errno));
  if (::close(fd) != 0 && written.ok()) written = IoError(std::strerror(errno));
  if (!written.ok()) {
    ::unlink(tmp.c_str());
    // A failure inside the producer (not the disk) keeps its own message.
    if (written.code() != StatusCode::kIoError) return written;
    return IoError(path + ": write failed (" + written.message() + "); no report written");
  }
  if (::rename(tmp.c_str(), target.c_str()) != 0) {
    const int rerr = errno;
    ::unlink(tmp.c_str());
    return IoError(path + ": cannot move the report into place: " + std::strerror(rerr));
  }
  return Status::Ok();
}

Status WriteFileAtomically(const std::string& path, std::string_view data) {
  return WriteFileAtomically(path, [&](const Emit& emit) { return emit(data); });
}

}  // namespace textrace
