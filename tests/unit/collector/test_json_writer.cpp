#include <catch2/catch.hpp>

#include <string>

#include "core/json_writer.hpp"

using migready::collector::json_quote;
using migready::collector::JsonWriter;

TEST_CASE("json: escaping", "[collector][json]") {
  CHECK(json_quote("plain") == "\"plain\"");
  CHECK(json_quote("a\"b\\c") == "\"a\\\"b\\\\c\"");
  CHECK(json_quote("\b\f\n\r\t") == "\"\\b\\f\\n\\r\\t\"");
  CHECK(json_quote(std::string("\x00\x01\x1f", 3)) == "\"\\u0000\\u0001\\u001f\"");
  CHECK(json_quote("\x7f") == "\"\x7f\"");
  CHECK(json_quote("/") == "\"/\"");
}

TEST_CASE("json: UTF-8 passes through, invalid bytes become U+FFFD", "[collector][json]") {
  CHECK(json_quote("Gr\xc3\xbc\xc3\x9f" "e \xe2\x82\xac \xf0\x9f\x98\x80") == "\"Gr\xc3\xbc\xc3\x9f" "e \xe2\x82\xac \xf0\x9f\x98\x80\"");
  CHECK(json_quote("\xef\xbf\xbd") == "\"\xef\xbf\xbd\"");                 // a real U+FFFD stays
  CHECK(json_quote("a\xff" "b") == "\"a\xef\xbf\xbd" "b\"");              // stray byte
  CHECK(json_quote("\xc3") == "\"\xef\xbf\xbd\"");                        // truncated sequence
  CHECK(json_quote("\xc0\xaf") == "\"\xef\xbf\xbd\xef\xbf\xbd\"");        // overlong
  CHECK(json_quote("\xed\xa0\x80") == "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"");  // encoded surrogate
}

TEST_CASE("json: writer nesting and values", "[collector][json]") {
  JsonWriter w;
  w.begin_object();
  w.key("a").value(std::int64_t{-5});
  w.key("b").value(std::uint64_t{4294967295u});
  w.key("c").value(true);
  w.key("d").null();
  w.key("e").begin_array().value("x").begin_object().end_object().begin_array().end_array().end_array();
  w.end_object();
  CHECK(w.str() ==
        "{\n"
        "  \"a\": -5,\n"
        "  \"b\": 4294967295,\n"
        "  \"c\": true,\n"
        "  \"d\": null,\n"
        "  \"e\": [\n"
        "    \"x\",\n"
        "    {},\n"
        "    []\n"
        "  ]\n"
        "}\n");
}
