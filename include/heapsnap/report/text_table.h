// Aligned plain-text tables for the human-readable output of every command.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace heapsnap::report {

class TextTable {
 public:
  enum class Align { kLeft, kRight };
  struct Column {
    std::string header;
    Align align = Align::kRight;
    size_t max_width = 0;  // 0: unlimited; longer cells are cut with "..."
  };
  // Cells are shown one_line() (below): a heap string's line breaks never break a row.
  explicit TextTable(std::vector<Column> columns) : columns_(std::move(columns)) {}
  void add_row(std::vector<std::string> cells) { rows_.push_back(std::move(cells)); }
  // A horizontal rule before the next row (e.g. above a totals row).
  void add_rule() { rules_.push_back(rows_.size()); }
  size_t row_count() const { return rows_.size(); }
  // Header, rows; columns separated by two spaces; no trailing spaces.
  std::string render() const;

 private:
  std::vector<Column> columns_;
  std::vector<std::vector<std::string>> rows_;
  std::vector<size_t> rules_;
};

// Display width of UTF-8 text (code points; good enough for names and arrows).
size_t display_width(const std::string& text);

// "12.3%" of total, "-" when total is 0.
std::string format_percent(int64_t part, uint64_t total);
inline std::string format_percent(uint64_t part, uint64_t total) {
  return format_percent(static_cast<int64_t>(part), total);
}

// Text fit for one table row: line breaks and tabs escaped (\n, \r, \t), other control
// characters shown as '?'. Heap strings may hold anything.
std::string one_line(const std::string& text);
// one_line(), cut to at most `max` code points (ending in "...") when longer: names of objects
// in running text (plain objects list their properties, strings can be long).
std::string short_line(const std::string& text, size_t max = 60);

// A distance as DevTools' tables show it: the number for objects reachable from a user root
// (window, `global`), "-" for those reachable only from GC roots (V8's distances of 100000000
// and more) or not at all (negative).
std::string format_distance(int32_t distance);
// The same, spelt out for one object: "12", "system 3" (the third step from a GC root),
// "unreachable".
std::string describe_distance(int32_t distance);

}  // namespace heapsnap::report
