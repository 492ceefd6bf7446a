// heapsnap-html KIND IN.json OUT.html: the HTML report of a command's JSON document
// (`heapsnap KIND ... --json >IN.json`), written without running the command again. Used by the
// browser test (tests/html/) and handy for pages of reports made earlier. IN or OUT may be '-'
// (stdin, stdout).
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>

#include "heapsnap/report/html_page.h"

namespace {

int fail(const std::string& message) {
  std::cerr << "heapsnap-html: error: " << message << "\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: heapsnap-html KIND IN.json OUT.html\n"
                 "  KIND: diff, gate, summary, top, dominators (others: a generic view)\n"
                 "  IN.json: what 'heapsnap KIND ... --json' printed ('-': stdin)\n"
                 "  OUT.html: the self-contained page ('-': stdout)\n";
    return 2;
  }
  const std::string kind = argv[1];
  const std::string in_path = argv[2];
  const std::string out_path = argv[3];
  std::string json;
  if (in_path == "-") {
    json.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  } else {
    std::ifstream in(in_path, std::ios::binary);
    if (!in) return fail("'" + in_path + "': cannot open: " + std::strerror(errno));
    std::ostringstream text;
    text << in.rdbuf();
    json = std::move(text).str();
  }
  if (json.find_first_not_of(" \t\r\n") == std::string::npos)
    return fail("'" + in_path + "': empty (expected the JSON of heapsnap " + kind + " --json)");
  const std::string page = heapsnap::report::render_html_page(kind, json);
  if (out_path == "-") {
    std::cout << page;
    std::cout.flush();
    if (!std::cout) return fail("cannot write to stdout");
    return 0;
  }
  std::ofstream out(out_path, std::ios::binary | std::ios::trunc);
  if (!out) return fail("'" + out_path + "': cannot open for writing: " + std::strerror(errno));
  out << page;
  out.close();
  if (!out) return fail("'" + out_path + "': write failed");
  return 0;
}
