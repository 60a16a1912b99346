#!/usr/bin/env bash
# Builds the project's container images without Docker or a registry, as OCI layouts cached by a content key
# under ~/.cache/sqlmi/images, and imports them into the real node's containerd.
#
#   build-images.sh [--import] [--archive-dir DIR] [IMAGE...]
#
# IMAGE is any of: pause coredns java-base toolbox engine operator gateway (default: all that can be built;
# gateway only once the module exists). Every image is named ${IMAGE_PREFIX}/<name>:<version>, the version
# being the chart's appVersion (pause and coredns carry their upstream version). The content key of an image
# is the hash of what goes into it (its base, its files, this script), so an unchanged image is never rebuilt
# and never imported twice. --archive-dir also writes each image as an OCI archive (for `kind load
# image-archive`, `ctr images import` or `docker load`).
source "$(dirname "${BASH_SOURCE[0]}")/../cluster/common.sh"
IMAGES_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "${IMAGES_DIR}/../.." && pwd)"
LAYOUTS="${IMAGE_CACHE}/layouts"
WORK_DIR="${IMAGE_CACHE}/work"
# One build at a time on the machine: two builds share the work directory (a second debootstrap would delete
# the first one's root file system under it).
mkdir -p "${IMAGE_CACHE}"
exec 9>"${IMAGE_CACHE}/.build.lock"
if ! flock -n 9; then
  log "another image build runs on this machine; waiting for it"
  flock 9
fi
VERSION="$(awk -F'"' '/^appVersion:/{print $2}' "${REPO_ROOT}/helm/sqlmi-operator/Chart.yaml")"
DEBIAN_SUITE=bookworm
DEBIAN_MIRROR="${SQLMI_DEBIAN_MIRROR:-$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null)}"
DEBIAN_MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
JAVA_BASE_PACKAGES="openjdk-17-jre-headless"
TOOLBOX_PACKAGES="freetds-bin,curl,bind9-dnsutils,netcat-openbsd,iproute2,procps"
# Users of the product images: the engine runs as mssql (as the SQL Server image does), the operator and
# the gateway as 185 (as the Quarkus images do).
ENGINE_UID=10001
APP_UID=185

do_import=false archive_dir="" requested=()
while (( $# )); do
  case "$1" in
    --import) do_import=true ;;
    --archive-dir) archive_dir="$2"; shift ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) requested+=("$1") ;;
  esac
  shift
done
mkdir -p "$LAYOUTS" "$WORK_DIR"
for tool in umoci debootstrap python3; do
  command -v "$tool" >/dev/null 2>&1 || die "building images needs ${tool} (Debian packages: umoci debootstrap python3; e2e/cluster/node-packages.sh installs them)"
done

key_of() { # inputs (files or directories, hashed by content and path) -> 16 hex characters
  { declare -f "${FUNCNAME[1]}"; cat "${IMAGES_DIR}/layer.py"
    for input in "$@"; do
      if [[ -d "$input" ]]; then (cd "$input" && find . -type f -print0 | sort -z | xargs -0 sha256sum)
      elif [[ -f "$input" ]]; then sha256sum < "$input"
      else printf '%s\n' "$input"; fi
    done; } | sha256sum | cut -c1-16
}

layout_of() { echo "${LAYOUTS}/$1-$2"; } # name, key
cached() { [[ -f "$(layout_of "$1" "$2")/ref" ]]; }

# Starts a layout from scratch (base "-") or from another layout, adds one layer and a config, and names the
# image by its full reference in index.json (containerd takes the name from that annotation).
make_image() { # name, key, ref, base layout or -, layer tar, umoci config arguments...
  local name="$1" key="$2" ref="$3" base="$4" layer="$5"; shift 5
  local dir tmp
  dir="$(layout_of "$name" "$key")"
  tmp="${dir}.tmp"
  rm -rf "$tmp"
  if [[ "$base" == "-" ]]; then
    umoci init --layout "$tmp" >/dev/null
    umoci new --image "$tmp:img" >/dev/null
  else
    mkdir -p "$tmp"
    cp -al "$base/blobs" "$tmp/blobs"
    cp "$base/oci-layout" "$tmp/"
    # The base is named by its full reference; umoci works on a plain tag.
    sed 's|"org.opencontainers.image.ref.name": *"[^"]*"|"org.opencontainers.image.ref.name": "img"|' \
      "$base/index.json" > "$tmp/index.json"
  fi
  umoci raw add-layer --image "$tmp:img" --history.created_by "sqlmi build-images.sh ${name}" "$layer" >/dev/null
  umoci config --image "$tmp:img" --author "sqlmi-operator" --created "2026-01-01T00:00:00Z" \
    --config.label "org.opencontainers.image.title=${name}" --config.label "io.sqlmi.content-key=${key}" "$@" >/dev/null
  python3 - "$tmp/index.json" "$ref" <<'PY'
import json, sys
path, ref = sys.argv[1], sys.argv[2]
index = json.load(open(path))
chosen = [m for m in index["manifests"] if m.get("annotations", {}).get("org.opencontainers.image.ref.name") == "img"]
for m in chosen:
    m["annotations"]["org.opencontainers.image.ref.name"] = ref
index["manifests"] = chosen
json.dump(index, open(path, "w"))
PY
  umoci gc --layout "$tmp" >/dev/null
  echo "$ref" > "$tmp/ref"
  rm -rf "$dir" && mv "$tmp" "$dir"
  rm -f "$layer"
  # Older builds of the same image are never used again.
  find "$LAYOUTS" -mindepth 1 -maxdepth 1 -name "${name}-*" ! -path "$dir" -exec rm -rf {} +
}

debootstrap_rootfs() { # directory, comma-separated packages
  local root="$1" packages="$2"
  rm -rf "$root"
  log "debootstrap ${DEBIAN_SUITE} (minbase + ${packages}) from ${DEBIAN_MIRROR}; once per content key, about 2 minutes"
  if ! debootstrap --variant=minbase --include="$packages" "$DEBIAN_SUITE" "$root" "$DEBIAN_MIRROR" \
      >"${WORK_DIR}/debootstrap.log" 2>&1; then
    die "debootstrap failed; see ${WORK_DIR}/debootstrap.log"
  fi
  # What a container never needs: package indexes and caches, documentation, logs.
  rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/* "$root"/var/cache/debconf/*-old \
    "$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/usr/share/info/* "$root"/usr/share/lintian \
    "$root"/var/log/* "$root"/tmp/* "$root"/debootstrap
  find "$root/usr/share/locale" -mindepth 1 -maxdepth 1 ! -name 'C.*' -exec rm -rf {} + 2>/dev/null || true
}

image_ref() { echo "${IMAGE_PREFIX}/$1:$2"; }

build_pause() {
  local key; key="$(key_of "$PAUSE_BIN/pause")"
  REF[pause]="$(image_ref pause "$PAUSE_VERSION")"; LAYOUT[pause]="$(layout_of pause "$key")"
  cached pause "$key" && return 0
  [[ -x "$PAUSE_BIN/pause" ]] || die "no pause binary; run e2e/cluster/build-binaries.sh"
  python3 "${IMAGES_DIR}/layer.py" "$WORK_DIR/pause.tar" "file:$PAUSE_BIN/pause:/pause:0755:0:0"
  make_image pause "$key" "${REF[pause]}" - "$WORK_DIR/pause.tar" \
    --config.entrypoint /pause --config.user 65535:65535
}

build_coredns() {
  local key; key="$(key_of "$COREDNS_BIN/coredns")"
  REF[coredns]="$(image_ref coredns "${COREDNS_VERSION#v}")"; LAYOUT[coredns]="$(layout_of coredns "$key")"
  cached coredns "$key" && return 0
  [[ -x "$COREDNS_BIN/coredns" ]] || die "no coredns binary; run e2e/cluster/build-binaries.sh"
  python3 "${IMAGES_DIR}/layer.py" "$WORK_DIR/coredns.tar" "file:$COREDNS_BIN/coredns:/coredns:0755:0:0" \
    "dir:/etc/coredns:0755:0:0" "dir:/tmp:1777:0:0"
  make_image coredns "$key" "${REF[coredns]}" - "$WORK_DIR/coredns.tar" \
    --config.entrypoint /coredns --config.cmd -conf --config.cmd /etc/coredns/Corefile \
    --config.user 65532:65532 --config.exposedports 53/udp --config.exposedports 53/tcp
}

# A Debian root filesystem with a Java runtime: the base of every product image.
build_java_base() {
  local key; key="$(key_of "$DEBIAN_SUITE" "$JAVA_BASE_PACKAGES" "$ENGINE_UID" "$APP_UID")"
  REF[java-base]="$(image_ref java-base "17-${key}")"; LAYOUT[java-base]="$(layout_of java-base "$key")"
  cached java-base "$key" && return 0
  local root="$WORK_DIR/java-base-rootfs"
  debootstrap_rootfs "$root" "$JAVA_BASE_PACKAGES"
  chroot "$root" groupadd --gid "$ENGINE_UID" mssql
  chroot "$root" useradd --uid "$ENGINE_UID" --gid mssql --home-dir /var/opt/mssql --no-create-home \
    --shell /usr/sbin/nologin mssql
  chroot "$root" groupadd --system --gid "$APP_UID" sqlmi
  chroot "$root" useradd --system --uid "$APP_UID" --gid sqlmi --home-dir /deployments --no-create-home \
    --shell /usr/sbin/nologin sqlmi
  install -d -o "$ENGINE_UID" -g "$ENGINE_UID" -m 0770 "$root/var/opt/mssql"
  install -d -m 0755 "$root/opt/sqlmi" "$root/deployments"
  python3 "${IMAGES_DIR}/layer.py" "$WORK_DIR/java-base.tar" "rootfs:$root"
  rm -rf "$root"
  make_image java-base "$key" "${REF[java-base]}" - "$WORK_DIR/java-base.tar" \
    --config.env LANG=C.UTF-8 --config.env JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64
}

# Client tools for tests and demonstrations inside the cluster: FreeTDS tsql, curl, dig, nc.
build_toolbox() {
  local key; key="$(key_of "$DEBIAN_SUITE" "$TOOLBOX_PACKAGES")"
  REF[toolbox]="$(image_ref toolbox "$VERSION")"; LAYOUT[toolbox]="$(layout_of toolbox "$key")"
  cached toolbox "$key" && return 0
  local root="$WORK_DIR/toolbox-rootfs"
  debootstrap_rootfs "$root" "$TOOLBOX_PACKAGES"
  python3 "${IMAGES_DIR}/layer.py" "$WORK_DIR/toolbox.tar" "rootfs:$root"
  rm -rf "$root"
  make_image toolbox "$key" "${REF[toolbox]}" - "$WORK_DIR/toolbox.tar" \
    --config.env LANG=C.UTF-8 --config.cmd sleep --config.cmd infinity --config.user 65534:65534
}

# Packages a module with Maven when its output is missing or older than its sources.
ensure_built() { # module, output that must exist
  local module="$1" output="$2"
  if [[ ! -e "$output" ]] || [[ -n "$(find "${REPO_ROOT}/$module/src" "${REPO_ROOT}/$module/pom.xml" -newer "$output" -print -quit 2>/dev/null)" ]]; then
    log "packaging the ${module} module"
    (cd "$REPO_ROOT" && mvn -B -q --no-transfer-progress -pl "$module" -am package -DskipTests)
  fi
}

build_engine() {
  build_java_base
  local jar="${REPO_ROOT}/engine/target/sqlmi-engine-0.1.0-SNAPSHOT.jar"
  ensure_built engine "$jar"
  local key; key="$(key_of "${LAYOUT[java-base]}/ref" "$jar" "${REPO_ROOT}/engine/target/lib")"
  REF[engine]="$(image_ref sqlmi-engine "$VERSION")"; LAYOUT[engine]="$(layout_of engine "$key")"
  cached engine "$key" && return 0
  python3 "${IMAGES_DIR}/layer.py" "$WORK_DIR/engine.tar" \
    "tree:${REPO_ROOT}/engine/target/lib:/opt/sqlmi/lib:0:0" "file:$jar:/opt/sqlmi/sqlmi-engine.jar:0644:0:0"
  make_image engine "$key" "${REF[engine]}" "${LAYOUT[java-base]}" "$WORK_DIR/engine.tar" \
    --config.env MSSQL_TCP_PORT=1433 --config.env SQLMI_DATA_DIR=/var/opt/mssql \
    --config.env SQLMI_HEALTH_PORT=8080 --config.env SQLMI_MINIMAL_TLS_VERSION=1.2 \
    --config.env "JDK_JAVA_OPTIONS=${SQLMI_ENGINE_JAVA_OPTIONS:-$(engine_java_options)}" \
    --config.user "${ENGINE_UID}:${ENGINE_UID}" --config.workingdir /var/opt/mssql \
    --config.volume /var/opt/mssql --config.exposedports 1433/tcp --config.exposedports 8080/tcp \
    --config.stopsignal SIGTERM --config.entrypoint java --config.entrypoint -jar \
    --config.entrypoint /opt/sqlmi/sqlmi-engine.jar
}

# The engine's JVM settings in the image; docs/engine-contract.md explains the figures behind them.
engine_java_options() {
  echo "-XX:+UseSerialGC -XX:MaxRAMPercentage=75 -XX:TieredStopAtLevel=1 -Xss512k -XX:+ExitOnOutOfMemoryError"
}

build_operator() {
  build_java_base
  local app="${REPO_ROOT}/operator/target/quarkus-app"
  ensure_built operator "$app/quarkus-run.jar"
  local key; key="$(key_of "${LAYOUT[java-base]}/ref" "$app")"
  REF[operator]="$(image_ref sqlmi-operator "$VERSION")"; LAYOUT[operator]="$(layout_of operator "$key")"
  cached operator "$key" && return 0
  python3 "${IMAGES_DIR}/layer.py" "$WORK_DIR/operator.tar" "tree:$app:/deployments:0:0" "dir:/deployments/config:0755:0:0"
  make_image operator "$key" "${REF[operator]}" "${LAYOUT[java-base]}" "$WORK_DIR/operator.tar" \
    --config.env "JDK_JAVA_OPTIONS=-XX:MaxRAMPercentage=75.0 -Djava.util.logging.manager=org.jboss.logmanager.LogManager" \
    --config.user "${APP_UID}:${APP_UID}" --config.workingdir /deployments --config.exposedports 8080/tcp \
    --config.entrypoint java --config.entrypoint -jar --config.entrypoint /deployments/quarkus-run.jar
}

build_gateway() {
  build_java_base
  local jar="${REPO_ROOT}/gateway/target/sqlmi-gateway-0.1.0-SNAPSHOT.jar" options="${REPO_ROOT}/gateway/jvm.options"
  ensure_built gateway "$jar"
  local key; key="$(key_of "${LAYOUT[java-base]}/ref" "$jar" "${REPO_ROOT}/gateway/target/lib" "$options")"
  REF[gateway]="$(image_ref sqlmi-gateway "$VERSION")"; LAYOUT[gateway]="$(layout_of gateway "$key")"
  cached gateway "$key" && return 0
  python3 "${IMAGES_DIR}/layer.py" "$WORK_DIR/gateway.tar" \
    "tree:${REPO_ROOT}/gateway/target/lib:/opt/sqlmi/lib:0:0" "file:$jar:/opt/sqlmi/sqlmi-gateway.jar:0644:0:0" \
    "file:$options:/opt/sqlmi/jvm.options:0644:0:0"
  # The JVM options the gateway's own Dockerfile uses (its memory figures are measured with them).
  make_image gateway "$key" "${REF[gateway]}" "${LAYOUT[java-base]}" "$WORK_DIR/gateway.tar" \
    --config.env MALLOC_ARENA_MAX=2 \
    --config.user "${APP_UID}:${APP_UID}" --config.exposedports 1433/tcp --config.exposedports 3342/tcp --config.exposedports 1435/tcp \
    --config.exposedports 8080/tcp --config.stopsignal SIGTERM \
    --config.entrypoint java --config.entrypoint @/opt/sqlmi/jvm.options --config.entrypoint -jar \
    --config.entrypoint /opt/sqlmi/sqlmi-gateway.jar
}

ctr_k8s() { ctr --address "$CONTAINERD_SOCK" --namespace k8s.io "$@"; }

# Imports a layout unless containerd already holds that exact manifest under that name.
import_image() { # name
  local dir="${LAYOUT[$1]}" ref="${REF[$1]}" digest
  digest="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["manifests"][0]["digest"])' "$dir/index.json")"
  if ctr_k8s images ls "name==${ref}" 2>/dev/null | awk 'NR>1{print $3}' | grep -qx "$digest"; then
    return 0
  fi
  tar -C "$dir" -cf - oci-layout index.json blobs | ctr_k8s images import - >/dev/null \
    || die "importing ${ref} into the node's containerd failed"
  log "imported ${ref}"
}

declare -A REF LAYOUT
if (( ${#requested[@]} == 0 )); then
  requested=(pause coredns toolbox engine operator)
  [[ -f "${REPO_ROOT}/gateway/pom.xml" ]] && requested+=(gateway)
fi
for image in "${requested[@]}"; do
  case "$image" in
    pause|coredns|java-base|toolbox|engine|operator|gateway) "build_${image//-/_}" ;;
    *) die "unknown image ${image}; known: pause coredns java-base toolbox engine operator gateway" ;;
  esac
done
for image in "${requested[@]}"; do
  if $do_import; then import_image "$image"; fi
  if [[ -n "$archive_dir" ]]; then
    mkdir -p "$archive_dir"
    tar -C "${LAYOUT[$image]}" -cf "${archive_dir}/${image}.tar" oci-layout index.json blobs
  fi
  printf '%s\n' "${REF[$image]}"
done
