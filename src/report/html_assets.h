// The HTML report's style sheet and scripts (src/report/html/), compiled into the library by
// cmake/embed_files.cmake, which writes their definitions into the build directory.
#pragma once

#include <string_view>

namespace heapsnap::report::html_assets {

extern const std::string_view kStyle;       // heapsnap.css
extern const std::string_view kLibScript;   // heapsnap-lib.js
extern const std::string_view kPageScript;  // heapsnap-page.js

}  // namespace heapsnap::report::html_assets
