#include <catch2/catch.hpp>

#include "heapsnap/report/json_writer.h"

using heapsnap::report::JsonWriter;

TEST_CASE("json writer nests and escapes", "[report]") {
  JsonWriter w(false);
  w.begin_object()
      .field("a", uint64_t{1})
      .field("s", "q\"\\\n\x01")
      .key("list").begin_array().value(true).value(-3).null().end_array()
      .key("empty").begin_object().end_object()
      .end_object();
  CHECK(w.str() == "{\"a\":1,\"s\":\"q\\\"\\\\\\n\\u0001\",\"list\":[true,-3,null],\"empty\":{}}\n");
}

TEST_CASE("json writer replaces invalid UTF-8 and keeps valid UTF-8", "[report]") {
  JsonWriter w(false);
  w.begin_array().value("caf\xc3\xa9").value("bad\xff\xc3").value("\xed\xa0\x80").end_array();
  CHECK(w.str() == "[\"caf\xc3\xa9\",\"bad\\ufffd\\ufffd\",\"\\ufffd\\ufffd\\ufffd\"]\n");
}

TEST_CASE("pretty output indents", "[report]") {
  JsonWriter w;
  w.begin_object().field("k", uint64_t{2}).end_object();
  CHECK(w.str() == "{\n  \"k\": 2\n}\n");
}
