// Writing outputs so that a failed run never leaves a half-written file that looks complete.
#ifndef TEXTRACE_OUTPUT_H_
#define TEXTRACE_OUTPUT_H_

#include <functional>
#include <string>
#include <string_view>
#include <vector>

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

// Checks, before any work, that a run that reads `inputs` may write `outputs` (paths as given;
// "-" and "" are standard input or output and always pass). InvalidArgument, naming both paths,
// when an output is an input (the same file by device and inode: through symlinks and hard links
// too), lies inside an input directory, or is the same file as another output; InvalidArgument
// when an output is a directory. IoError naming the output when its folder does not exist or no
// file can be created there (tried with a temporary file, removed at once), so that a run does
// not fail only at its end. An output that is a device or a pipe (/dev/null, >(cmd)) is written
// as it is and passes. Inputs that do not exist are left to the reader.
Status CheckOutputs(const std::vector<std::string>& inputs,
                    const std::vector<std::string>& outputs);

}  // namespace textrace

#endif  // TEXTRACE_OUTPUT_H_
