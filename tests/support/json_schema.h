#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace sa::test {

// agent/schema/reading-v1.schema.json in the source tree.
std::filesystem::path reading_schema_path();

// Validates every document against the JSON Schema in `schema` with python3-jsonschema (the
// schema's own draft, formats checked where the library can); the failure lists each violation.
::testing::AssertionResult matches_schema(const std::vector<std::string>& documents,
                                          const std::filesystem::path& schema,
                                          const std::filesystem::path& scratch_dir);

}  // namespace sa::test
