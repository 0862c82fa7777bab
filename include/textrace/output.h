// Writing outputs so that a failed run never leaves a half-written file that looks complete.
#ifndef TEXTRACE_OUTPUT_H_
#define TEXTRACE_OUTPUT_H_

#include <functional>
#include <string>
#include <string_view>

#include "textrace/status.h"

namespace textrace {

// Receives output a piece at a time (a file writer, a string builder).
using Emit = std::function<Status(std::string_view)>;
// Produces output through an Emit.
using Producer = std::function<Status(const Emit&)>;

// Writes what `produce` emits to `path`. A regular (or new) file is written to a temporary file
// beside it, synced and renamed into place, so a failed run (full disk, read-only folder, an error
// inside `produce`) leaves the old file, or none, never a half-written one. Symlinks are followed
// (the target is replaced); devices and pipes (/dev/stdout, >(cmd)) are written directly; "-" or
// "" is standard output. Errors name the path.
Status WriteFileAtomically(const std::string& path, const Producer& produce);
Status WriteFileAtomically(const std::string& path, std::string_view data);

}  // namespace textrace

#endif  // TEXTRACE_OUTPUT_H_
