#include "terminal.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>

#include "heapsnap/util/byte_units.h"

namespace heapsnap::cli {

bool stderr_is_tty() { return ::isatty(STDERR_FILENO) == 1; }
bool stdout_is_tty() { return ::isatty(STDOUT_FILENO) == 1; }

void TtyProgress::begin(std::string_view phase, uint64_t total) {
  phase_ = phase;
  total_ = total;
  last_draw_ = {};
}

void TtyProgress::update(uint64_t done) {
  const auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  draw(done);
}

void TtyProgress::draw(uint64_t done) {
  constexpr int kWidth = 30;
  std::string line;
  if (total_ > 0) {
    const double fraction = std::min(1.0, static_cast<double>(done) / static_cast<double>(total_));
    const int filled = static_cast<int>(fraction * kWidth);
    line = fmt::format("\r{} [{}{}] {:3.0f}%", phase_, std::string(filled, '#'),
                       std::string(kWidth - filled, '.'), fraction * 100);
    if (units_ == Units::kBytes)
      line += fmt::format("  {} / {}", format_bytes(done), format_bytes(total_));
  } else {
    line = fmt::format("\r{} {}", phase_, format_bytes(done));
  }
  std::fputs(line.c_str(), stderr);
  std::fputs("\x1b[K", stderr);  // clear the rest of the line
  std::fflush(stderr);
  drawn_ = true;
}

void TtyProgress::end() {
  if (!drawn_) return;
  std::fputs("\r\x1b[K", stderr);
  std::fflush(stderr);
  drawn_ = false;
}

}  // namespace heapsnap::cli
