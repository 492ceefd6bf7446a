// The HTML report: one self-contained page per command that shows the command's JSON document
// for people (tables, charts, the dominator tree as a treemap, retainer paths as chains).
//
// The page is a renderer of the JSON: whatever `heapsnap <kind> --json` prints goes into the page
// verbatim (escaped for HTML) and the page's own script draws it. Scripts and styles are embedded
// at build time (src/report/html/, cmake/embed_files.cmake), so the page needs no network: it
// works from disk, from a CI artifact, offline. docs/html-report.md describes what each kind
// shows and the optional `dominator_tree` section the treemap of summary and top draws.
#pragma once

#include <string>
#include <string_view>

namespace heapsnap::report {

// A complete HTML document showing `json`, the command's JSON document, exactly what
// `heapsnap <kind> --json` prints. `kind` is the command: "diff", "gate", "summary", "top",
// "suspects", "dominators"; any other kind gets a generic view (figures, tables of the arrays).
// The JSON is not parsed here; invalid JSON makes a page that says so.
std::string render_html_page(std::string_view kind, std::string_view json);

// `json` made safe to embed as the text of a <script type="application/json"> element: `<`,
// `>` and `&` (which valid JSON holds only inside strings) become \u003c, \u003e and \u0026, and
// the line separators U+2028/U+2029 become \u2028/\u2029, so no "</script>" or "<!--" can end or
// change the element, and the text parses back to the same document. Whitespace between tokens
// is dropped (the indentation of --json output), so a big report's page stays small.
std::string escape_json_for_script(std::string_view json);

}  // namespace heapsnap::report
