#include "fakes/queue/run_directory.h"

#include <stdlib.h>

#include <cerrno>
#include <string>
#include <system_error>
#include <utility>

namespace freezedrill {

RunDirectory RunDirectory::temporary() {
  std::string pattern = (std::filesystem::temp_directory_path() / "freezedrill-run-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) {
    throw std::filesystem::filesystem_error("cannot create a run directory", pattern,
                                            std::error_code(errno, std::generic_category()));
  }
  return RunDirectory(pattern, true);
}

RunDirectory RunDirectory::kept(const std::filesystem::path& path) {
  std::filesystem::create_directories(path);
  return RunDirectory(path, false);
}

RunDirectory::RunDirectory(RunDirectory&& other) noexcept
    : path_(std::move(other.path_)), remove_(std::exchange(other.remove_, false)) {}

RunDirectory& RunDirectory::operator=(RunDirectory&& other) noexcept {
  if (this != &other) {
    remove_now();
    path_ = std::move(other.path_);
    remove_ = std::exchange(other.remove_, false);
  }
  return *this;
}

RunDirectory::~RunDirectory() { remove_now(); }

void RunDirectory::remove_now() noexcept {
  if (!remove_) return;
  std::error_code ignored;  // a destructor must not throw; a leftover temp dir is harmless
  std::filesystem::remove_all(path_, ignored);
  remove_ = false;
}

}  // namespace freezedrill
