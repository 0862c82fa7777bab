// Outputs written so that a failed run never leaves a half-written file (textrace/output.h).
#include "textrace/output.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

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

// Where WriteFileAtomically writes `path`: the target of a symlink (to be created when the link
// dangles), else the path itself.
std::filesystem::path WriteTarget(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_symlink(fs::symlink_status(path, ec))) return path;
  fs::path target = fs::canonical(path, ec);
  if (!ec) return target;
  const fs::path link = fs::read_symlink(path, ec);
  if (ec) return path;
  target = fs::path(path).parent_path() / link;  // `link` itself when absolute
  const fs::path resolved = fs::weakly_canonical(target, ec);
  return ec ? target : resolved;
}

// The folder a target is written in.
std::filesystem::path FolderOf(const std::filesystem::path& target) {
  return target.has_parent_path() ? target.parent_path() : std::filesystem::path(".");
}

// A temporary file beside `target` (mkstemp): its descriptor, or -1 with errno set; `*tmp` is its
// name.
int CreateTempBeside(const std::filesystem::path& target, std::string* tmp) {
  *tmp = (FolderOf(target) / (target.filename().string() + ".tmp-XXXXXX")).string();
  return ::mkstemp(tmp->data());
}

// A file by device and inode.
struct FileId {
  dev_t dev = 0;
  ino_t ino = 0;
  bool operator==(const FileId&) const = default;
};

FileId IdOf(const struct stat& s) { return {s.st_dev, s.st_ino}; }

bool IsStandardStream(const std::string& path) { return path.empty() || path == "-"; }

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
  const fs::path target = WriteTarget(path);
  std::string tmp;
  const int fd = CreateTempBeside(target, &tmp);
  if (fd < 0)
    return IoError(path + ": cannot create a temporary file in " + FolderOf(target).string() +
                   ": " + std::strerror(errno));
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

Status CheckOutputs(const std::vector<std::string>& inputs,
                    const std::vector<std::string>& outputs) {
  namespace fs = std::filesystem;
  struct Input {
    const std::string* path;
    FileId id;
    bool directory;
  };
  std::vector<Input> ins;
  for (const std::string& in : inputs) {
    struct stat s;
    if (IsStandardStream(in) || ::stat(in.c_str(), &s) != 0) continue;
    ins.push_back({&in, IdOf(s), S_ISDIR(s.st_mode)});
  }
  // An output is known by its file, or while it does not exist by its folder and name.
  struct Output {
    const std::string* path;
    FileId id;
    std::string name;
  };
  std::vector<Output> outs;
  for (const std::string& out : outputs) {
    if (IsStandardStream(out)) continue;
    struct stat s;
    const bool exists = ::stat(out.c_str(), &s) == 0;
    if (exists && S_ISDIR(s.st_mode)) return InvalidArgumentError(out + ": is a directory");
    if (exists && !S_ISREG(s.st_mode)) continue;  // a device or a pipe: written as it is
    const fs::path target = WriteTarget(out);
    const fs::path folder = FolderOf(target);
    struct stat f;
    const bool found = ::stat(folder.c_str(), &f) == 0;
    if (!found || !S_ISDIR(f.st_mode)) {
      return IoError(out + ": cannot write in " + folder.string() + ": " +
                     std::strerror(found ? ENOTDIR : errno));
    }
    const Output o{&out, exists ? IdOf(s) : IdOf(f), exists ? "" : target.filename().string()};
    // The folder and each folder above it, for the input directories.
    std::vector<FileId> folders;
    std::error_code ec;
    for (fs::path p = fs::canonical(folder, ec); !ec && !p.empty(); p = p.parent_path()) {
      struct stat a;
      if (::stat(p.c_str(), &a) == 0) folders.push_back(IdOf(a));
      if (p == p.parent_path()) break;
    }
    for (const Input& in : ins) {
      if (!in.directory && exists && in.id == o.id) {
        return InvalidArgumentError(out + ": is the input " + *in.path +
                                    " (the same file); an output may not overwrite an input");
      }
      if (in.directory && std::find(folders.begin(), folders.end(), in.id) != folders.end()) {
        return InvalidArgumentError(out + ": is inside the input directory " + *in.path +
                                    "; write outputs outside the inputs");
      }
    }
    for (const Output& other : outs) {
      if (other.id == o.id && other.name == o.name) {
        return InvalidArgumentError(out + ": is also the output " + *other.path +
                                    " (the same file); give each output its own file");
      }
    }
    outs.push_back(o);
    std::string tmp;
    const int fd = CreateTempBeside(target, &tmp);
    if (fd < 0) {
      return IoError(out + ": cannot create a file in " + folder.string() + ": " +
                     std::strerror(errno));
    }
    ::close(fd);
    ::unlink(tmp.c_str());
  }
  return Status::Ok();
}

}  // namespace textrace
