#include "support/test_pki.h"

#include <chrono>

#include "support/subprocess.h"
#include "support/temp_dir.h"
#include "support/tool_paths.h"

namespace sa::test {
namespace {

constexpr auto kOpensslTimeout = std::chrono::seconds(60);

::testing::AssertionResult openssl(const std::filesystem::path& dir,
                                   std::vector<std::string> args) {
  args.insert(args.begin(), kOpensslPath);
  CommandResult result = run_command(args, dir, kOpensslTimeout);
  if (!result.succeeded()) {
    std::string line;
    for (const std::string& arg : args) {
      line += arg + " ";
    }
    return ::testing::AssertionFailure() << line << "failed: " << result.describe();
  }
  return ::testing::AssertionSuccess();
}

::testing::AssertionResult make_key(const std::filesystem::path& dir,
                                    const std::filesystem::path& key) {
  return openssl(dir, {"genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out",
                       key.string()});
}

// A minimal request config, so the system's openssl.cnf defaults add nothing unexpected.
std::string request_config(const std::string& extensions) {
  return "[req]\ndistinguished_name = dn\nprompt = no\n[dn]\n[ext]\n" + extensions;
}

std::string subject_alt_names(const LeafSpec& spec) {
  std::string names;
  for (const std::string& dns : spec.dns_names) {
    names += (names.empty() ? "" : ",") + std::string("DNS:") + dns;
  }
  for (const std::string& ip : spec.ip_addresses) {
    names += (names.empty() ? "" : ",") + std::string("IP:") + ip;
  }
  return names.empty() ? std::string() : "subjectAltName = " + names + "\n";
}

}  // namespace

::testing::AssertionResult TestCa::create(const std::filesystem::path& dir, const std::string& name,
                                          TestCa& out) {
  std::filesystem::create_directories(dir);
  out.dir_ = dir;
  out.files_.cert = dir / "ca.crt";
  out.files_.key = dir / "ca.key";
  std::filesystem::path config = dir / "ca.cnf";
  write_file(config, request_config("basicConstraints = critical,CA:TRUE\n"
                                    "keyUsage = critical,keyCertSign,cRLSign\n"
                                    "subjectKeyIdentifier = hash\n"));
  if (auto made = make_key(dir, out.files_.key); !made) {
    return made;
  }
  return openssl(dir, {"req", "-x509", "-new", "-key", out.files_.key.string(), "-subj",
                       "/O=sensor-agent tests/CN=" + name, "-days", "2", "-config", config.string(),
                       "-extensions", "ext", "-out", out.files_.cert.string()});
}

::testing::AssertionResult TestCa::issue(const LeafSpec& spec, const std::string& stem,
                                         CertificateFiles& out) const {
  out.cert = dir_ / (stem + ".crt");
  out.key = dir_ / (stem + ".key");
  std::filesystem::path csr = dir_ / (stem + ".csr");
  std::filesystem::path config = dir_ / (stem + ".cnf");
  write_file(config,
             request_config(std::string("basicConstraints = CA:FALSE\n") +
                            "keyUsage = critical,digitalSignature,keyEncipherment\n" +
                            "extendedKeyUsage = " + (spec.server ? "serverAuth" : "clientAuth") +
                            "\n" + subject_alt_names(spec)));
  if (auto made = make_key(dir_, out.key); !made) {
    return made;
  }
  if (auto requested = openssl(dir_, {"req", "-new", "-key", out.key.string(), "-subj",
                                      "/O=sensor-agent tests/CN=" + spec.common_name, "-config",
                                      config.string(), "-out", csr.string()});
      !requested) {
    return requested;
  }
  return openssl(
      dir_, {"x509", "-req", "-in", csr.string(), "-CA", files_.cert.string(), "-CAkey",
             files_.key.string(), "-set_serial",
             std::to_string(std::chrono::system_clock::now().time_since_epoch().count()), "-days",
             "2", "-extfile", config.string(), "-extensions", "ext", "-out", out.cert.string()});
}

}  // namespace sa::test
