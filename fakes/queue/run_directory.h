#ifndef FREEZEDRILL_FAKES_QUEUE_RUN_DIRECTORY_H_
#define FREEZEDRILL_FAKES_QUEUE_RUN_DIRECTORY_H_

#include <filesystem>

namespace freezedrill {

// The directory one run keeps its files in (the intent queue). A temporary
// one is created fresh under the system temp directory and removed with
// everything in it when the object is destroyed; a kept one is created if
// needed and left in place. Its path never appears in histories or
// reports. Move-only.
class RunDirectory {
 public:
  // A fresh directory "freezedrill-run-XXXXXX" under the system temp dir.
  // Throws std::filesystem::filesystem_error if it cannot be created.
  static RunDirectory temporary();
  // `path`, created if needed, kept after the run.
  static RunDirectory kept(const std::filesystem::path& path);

  RunDirectory(RunDirectory&& other) noexcept;
  RunDirectory& operator=(RunDirectory&& other) noexcept;
  RunDirectory(const RunDirectory&) = delete;
  RunDirectory& operator=(const RunDirectory&) = delete;
  ~RunDirectory();

  const std::filesystem::path& path() const { return path_; }

 private:
  RunDirectory(std::filesystem::path path, bool remove) : path_(std::move(path)), remove_(remove) {}
  void remove_now() noexcept;

  std::filesystem::path path_;
  bool remove_ = false;
};

}  // namespace freezedrill

#endif  // FREEZEDRILL_FAKES_QUEUE_RUN_DIRECTORY_H_
