#include "fakes/banner/status_page.h"

namespace freezedrill {

void StatusPage::post(std::string_view kind, std::string_view stated_start, std::string_view stated_end) {
  History& history = runtime_.history();
  runtime_.record(
      ev::StatusPosted{history.intern(kind), history.intern(stated_start), history.intern(stated_end)});
}

}  // namespace freezedrill
