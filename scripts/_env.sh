# Shared by scripts/setup, scripts/test, scripts/develop and scripts/bench.
# AutoArr targets Home Assistant 2026.10+, which needs Python 3.14. When the
# host has no python3.14, the scripts run everything inside a cached Debian
# testing root file system (a chroot entered in a private mount namespace, so
# concurrent runs never see each other's mounts and nothing is left mounted).

REPO_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE_DIR="${AUTOARR_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/autoarr}"
ROOTFS="$CACHE_DIR/rootfs-forky"
MIN_PY_MINOR_PATCH=2 # 3.14.2 or newer

# The Home Assistant versions the tests run on, each in its own virtual
# environment: the oldest supported one (the default) and the newest release.
HA_VERSIONS=(2026.10.4 2026.11.0)

# Select the environment of a Home Assistant version ("2026.11" or
# "2026.11.0"; default: $AUTOARR_HA, else the oldest supported): sets
# HA_VERSION, REQS_FILE (relative to the repository), ROOTFS_VENV and HOST_VENV.
select_ha() {
  local wanted="${1:-${AUTOARR_HA:-${HA_VERSIONS[0]}}}" version
  for version in "${HA_VERSIONS[@]}"; do
    if [ "$wanted" = "$version" ] || [ "$wanted" = "${version%.*}" ]; then
      HA_VERSION="$version"
      if [ "$version" = "${HA_VERSIONS[0]}" ]; then
        REQS_FILE=requirements_test.txt
        ROOTFS_VENV=/opt/autoarr-venv
        HOST_VENV="$REPO_DIR/.venv"
      else
        local short="${version%.*}"
        REQS_FILE="requirements_test_ha${short//./_}.txt"
        ROOTFS_VENV="/opt/autoarr-venv-ha$short"
        HOST_VENV="$REPO_DIR/.venv-ha$short"
      fi
      return 0
    fi
  done
  echo "Unknown Home Assistant version '$wanted' (known: ${HA_VERSIONS[*]})." >&2
  return 1
}
select_ha || exit 1

# The host python3.14 to use, if it is recent enough; empty otherwise.
host_python() {
  local py
  py="$(command -v python3.14 2>/dev/null)" || return 0
  if "$py" -c "import sys; sys.exit(0 if sys.version_info >= (3, 14, $MIN_PY_MINOR_PATCH) else 1)"; then
    echo "$py"
  fi
}

# Which environment is in use: "host" or "rootfs".
env_kind() {
  if [ -n "${AUTOARR_FORCE_ROOTFS:-}" ]; then echo rootfs; return; fi
  if [ -n "$(host_python)" ]; then echo host; else echo rootfs; fi
}

# Run a command in the test environment of the selected Home Assistant version
# (select_ha; AUTOARR_HA in the environment chooses it for scripts/run), from
# the repository root. Extra environment variables can be passed as
# NAME=value before the command.
in_env() {
  if [ "$(env_kind)" = host ]; then
    (cd "$REPO_DIR" && env PATH="$HOST_VENV/bin:$PATH" VIRTUAL_ENV="$HOST_VENV" "$@")
    return
  fi
  [ -x "$ROOTFS/usr/bin/python3.14" ] || {
    echo "The test environment is missing: run scripts/setup first." >&2
    return 1
  }
  # The project's shared folder beside the repository (the official API specs
  # the vendored copies are checked against), when there is one.
  local shared=""
  if [ -d "$REPO_DIR/../shared" ]; then
    shared="$(cd "$REPO_DIR/../shared" && pwd)"
  fi
  local q
  q="$(printf '%q ' "$@")"
  unshare --mount --propagation private -- /bin/bash -c '
    set -e
    root="$1"; repo="$2"; shared="$3"; shift 3
    # A fresh /tmp first: the repository itself may live below /tmp.
    mount -t tmpfs tmpfs "$root/tmp"
    mkdir -p "$root$repo"
    mount --bind "$repo" "$root$repo"
    if [ -n "$shared" ]; then
      mkdir -p "$root$shared"
      mount --bind -o ro "$shared" "$root$shared"
    fi
    mount -t proc proc "$root/proc"
    mount --rbind /dev "$root/dev"
    mount --rbind /sys "$root/sys"
    cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
    # Trust what the host trusts (a site may add its own authorities).
    if [ -f /etc/ssl/certs/ca-certificates.crt ]; then
      mount --bind -o ro /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/ca-certificates.crt"
    fi
    exec "$@"
  ' _ "$ROOTFS" "$REPO_DIR" "$shared" \
    chroot "$ROOTFS" /usr/bin/env -i \
    HOME=/root LANG=C.UTF-8 TERM="${TERM:-dumb}" CI="${CI:-}" \
    PATH="$ROOTFS_VENV/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
    VIRTUAL_ENV="$ROOTFS_VENV" \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    /bin/bash -c "cd $(printf '%q' "$REPO_DIR") && exec env $q"
}
