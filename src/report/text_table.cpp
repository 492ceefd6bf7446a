#include "heapsnap/report/text_table.h"

#include <fmt/format.h>

#include <algorithm>

#include "heapsnap/analysis/distances.h"

namespace heapsnap::report {

size_t display_width(const std::string& text) {
  size_t width = 0;
  for (const unsigned char c : text) width += (c & 0xC0) != 0x80;
  return width;
}

std::string format_percent(int64_t part, uint64_t total) {
  return total ? fmt::format("{:.1f}%", 100.0 * static_cast<double>(part) / static_cast<double>(total))
               : "-";
}

std::string one_line(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    if (c == '\n') out += "\\n";
    else if (c == '\r') out += "\\r";
    else if (c == '\t') out += "\\t";
    else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) out += '?';
    else out += c;
  }
  return out;
}

namespace {

// Cuts to at most `max` code points, ending in "..." when cut.
std::string fit(const std::string& text, size_t max) {
  if (max == 0 || display_width(text) <= max) return text;
  size_t points = 0, i = 0;
  for (; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80 && points++ == max - 3) break;
  }
  return text.substr(0, i) + "...";
}

}  // namespace

std::string short_line(const std::string& text, size_t max) { return fit(one_line(text), max); }

// DevTools' HeapSnapshotGridNode.toUIDistance: a number only below baseSystemDistance.
std::string format_distance(int32_t d) {
  return d >= 0 && d < analysis::kBaseSystemDistance ? std::to_string(d) : std::string("-");
}

std::string describe_distance(int32_t d) {
  if (d >= 0 && d < analysis::kBaseSystemDistance) return std::to_string(d);
  if (d >= analysis::kBaseSystemDistance) return fmt::format("system {}", d - analysis::kBaseSystemDistance);
  return "unreachable";
}

std::string TextTable::render() const {
  std::vector<size_t> widths(columns_.size());
  std::vector<std::vector<std::string>> cells;
  auto measure = [&](const std::vector<std::string>& row) {
    std::vector<std::string> fitted(columns_.size());
    for (size_t c = 0; c < columns_.size() && c < row.size(); ++c) {
      fitted[c] = fit(one_line(row[c]), columns_[c].max_width);
      widths[c] = std::max(widths[c], display_width(fitted[c]));
    }
    cells.push_back(std::move(fitted));
  };
  std::vector<std::string> header;
  for (const auto& column : columns_) header.push_back(column.header);
  measure(header);
  for (const auto& row : rows_) measure(row);

  std::string out;
  auto emit = [&](const std::vector<std::string>& row) {
    std::string line;
    for (size_t c = 0; c < columns_.size(); ++c) {
      const size_t pad = widths[c] - display_width(row[c]);
      if (c) line += "  ";
      if (columns_[c].align == Align::kRight) line += std::string(pad, ' ') + row[c];
      else line += row[c] + (c + 1 < columns_.size() ? std::string(pad, ' ') : "");
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  };
  size_t total = 0;
  for (size_t w : widths) total += w;
  total += 2 * (widths.empty() ? 0 : widths.size() - 1);
  emit(cells[0]);
  for (size_t r = 1; r < cells.size(); ++r) {
    if (std::find(rules_.begin(), rules_.end(), r - 1) != rules_.end()) out += std::string(total, '-') + "\n";
    emit(cells[r]);
  }
  return out;
}

}  // namespace heapsnap::report
