# Shared steps for ci/test and ci/drill. Source it; do not run it.

# The Debian packages freezedrill needs to build and test.
FREEZEDRILL_PACKAGES=(
  cmake g++ make
  libboost-dev libboost-system-dev nlohmann-json3-dev libfmt-dev libcli11-dev
  libsqlite3-dev libgtest-dev libgmock-dev libbenchmark-dev libspdlog-dev
  libxml2-utils
)

log() { printf '[%s] %s\n' "${0##*/}" "$*" >&2; }

# Installs the packages that are missing; does nothing when all are present.
install_missing_packages() {
  local missing=()
  for pkg in "${FREEZEDRILL_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    log "all build packages are installed"
    return 0
  fi
  log "installing: ${missing[*]}"
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

# Configures and builds one CMake preset: every target, or only the one named.
build_preset() {
  local preset=$1 target=${2:-}
  log "configuring preset $preset"
  cmake --preset "$preset" >/dev/null
  log "building preset $preset${target:+ (target $target)}"
  if [ -n "$target" ]; then
    cmake --build --preset "$preset" -j "$(nproc)" --target "$target"
  else
    cmake --build --preset "$preset" -j "$(nproc)"
  fi
}
