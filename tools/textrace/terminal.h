// The width of the terminal a stream goes to, for the text views and the progress line.
#ifndef TEXTRACE_TOOLS_TERMINAL_H_
#define TEXTRACE_TOOLS_TERMINAL_H_

#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdlib>

namespace textrace::cli {

// The columns of the terminal on `fd` (TIOCGWINSZ), else $COLUMNS (which shells set but seldom
// export), else `fallback`.
inline int TerminalColumns(int fd, int fallback) {
  struct winsize ws {};
  if (::ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
  if (const char* cols = std::getenv("COLUMNS"); cols != nullptr && std::atoi(cols) > 0) {
    return std::atoi(cols);
  }
  return fallback;
}

}  // namespace textrace::cli

#endif  // TEXTRACE_TOOLS_TERMINAL_H_
