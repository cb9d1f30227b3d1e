#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace sa::test {

struct CertificateFiles {
  std::filesystem::path cert;
  std::filesystem::path key;
};

// What a leaf certificate says about its holder.
struct LeafSpec {
  std::string common_name;
  std::vector<std::string> dns_names;  // subjectAltName DNS entries; none and no IPs: no SAN
  std::vector<std::string> ip_addresses;
  bool server = true;  // extendedKeyUsage serverAuth, else clientAuth
};

// A throw-away certificate authority made with the openssl command line: P-256 keys, valid for
// two days, everything in `dir`.
class TestCa {
 public:
  // Creates the CA's key and self-signed certificate; `name` becomes its CN.
  static ::testing::AssertionResult create(const std::filesystem::path& dir,
                                           const std::string& name, TestCa& out);

  const std::filesystem::path& cert_file() const { return files_.cert; }
  // Signs a new key pair for `spec`; files are named after `stem`.
  ::testing::AssertionResult issue(const LeafSpec& spec, const std::string& stem,
                                   CertificateFiles& out) const;

 private:
  std::filesystem::path dir_;
  CertificateFiles files_;
};

}  // namespace sa::test
