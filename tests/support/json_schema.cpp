#include "support/json_schema.h"

#include "support/subprocess.h"
#include "support/temp_dir.h"
#include "support/tool_paths.h"

namespace sa::test {
namespace {

// argv: schema file, file of JSON documents one per line. Prints one line per violation.
constexpr const char* kValidator = R"(
import json, sys
import jsonschema
with open(sys.argv[1], encoding="utf-8") as f:
    schema = json.load(f)
cls = jsonschema.validators.validator_for(schema)
cls.check_schema(schema)
validator = cls(schema, format_checker=jsonschema.FormatChecker())
bad = 0
with open(sys.argv[2], encoding="utf-8") as f:
    for number, line in enumerate(f, 1):
        for error in validator.iter_errors(json.loads(line)):
            bad += 1
            path = "/".join(str(p) for p in error.absolute_path)
            print(f"document {number}: /{path}: {error.message}: {line.strip()}")
sys.exit(1 if bad else 0)
)";

}  // namespace

std::filesystem::path reading_schema_path() {
  return std::filesystem::path(SA_SOURCE_DIR) / "agent" / "schema" / "reading-v1.schema.json";
}

::testing::AssertionResult matches_schema(const std::vector<std::string>& documents,
                                          const std::filesystem::path& schema,
                                          const std::filesystem::path& scratch_dir) {
  std::string lines;
  for (const std::string& document : documents) {
    lines += document + "\n";
  }
  std::filesystem::path input = scratch_dir / "documents.jsonl";
  write_file(input, lines);
  CommandResult result =
      run_command({kPython3Path, "-c", kValidator, schema.string(), input.string()}, scratch_dir);
  if (!result.succeeded()) {
    return ::testing::AssertionFailure() << "not valid against " << schema.string() << ":\n"
                                         << result.describe();
  }
  return ::testing::AssertionSuccess();
}

}  // namespace sa::test
