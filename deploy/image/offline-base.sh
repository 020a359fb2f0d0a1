#!/usr/bin/env bash
# A base image for Jib made from this machine's JDK, for a machine that reaches no container registry.
#
#   deploy/image/offline-base.sh [OUT_DIR]        (default: target/image-base)
#   ./mvnw -Pimage package -DskipTests -Dimage.base=tar://$PWD/target/image-base/timelab-base.tar
#
# It writes OUT_DIR/timelab-base.tar in the `docker save` layout (manifest.json, config.json, one layer tar), the
# local-tarball format Jib takes as a base (tar://). The one layer holds:
#   /opt/java/openjdk   a runtime jlink'ed from a JDK >= 21 found here (JAVA_HOME, then /usr/lib/jvm/*), with the
#                       modules timelab uses (as jdeps found them on target/timelab.jar, plus the JFR/JMX/attach ones it loads
#                       by name); JAVA_HOME and PATH point at it, as in eclipse-temurin images
#   the glibc files     every shared library ldd names for that runtime's binaries and libraries, the dynamic
#                       loader, and the NSS modules getaddrinfo loads (host name look-ups), copied from this machine
#   /etc, /tmp          passwd/group (root and nonroot 65532), hosts, nsswitch.conf; /tmp (1777) for JFR and Netty
# No shell and no package manager: the image runs java and nothing else. Users with a registry keep the default
# base, eclipse-temurin:21-jre.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="${1:-$root/target/image-base}"
modules=java.base,java.desktop,java.logging,java.management,java.naming,java.sql,java.xml,jdk.attach,jdk.jfr
modules+=,jdk.management,jdk.management.jfr,jdk.net,jdk.unsupported,jdk.zipfs

jdk=""
for d in "${JAVA_HOME:-}" /usr/lib/jvm/*; do
  [[ -n "$d" && -x "$d/bin/jlink" ]] || continue
  v="$("$d/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p')"
  if [[ "$v" =~ ^[0-9]+$ && "$v" -ge 21 ]]; then jdk="$d"; break; fi
done
[[ -n "$jdk" ]] || { echo "offline-base: no JDK >= 21 with jlink (set JAVA_HOME)" >&2; exit 2; }

rm -rf "$out"
fs="$out/rootfs"
mkdir -p "$fs/etc" "$fs/tmp" "$fs/proc" "$fs/opt/java"
chmod 1777 "$fs/tmp"
"$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
    --output "$fs/opt/java/openjdk"

# Every library the runtime links against, found by ldd, at the path the loader looks for it.
libs="$(find "$fs/opt/java/openjdk" -type f \( -name '*.so' -o -path '*/bin/*' -o -name jspawnhelper \) \
    -exec ldd {} \; 2>/dev/null | grep -o '/[^ ]*' | grep -v "^$fs" | sort -u)"
nss="$(ls /lib/x86_64-linux-gnu/libnss_{files,dns}.so.2 /lib/x86_64-linux-gnu/libresolv.so.2 2>/dev/null || true)"
for f in $libs $nss; do
  [[ -e "$f" ]] || continue
  mkdir -p "$fs$(dirname "$f")"
  cp -L "$f" "$fs$f"
done
# Debian's loader path is /lib64/ld-linux-x86-64.so.2 while the libraries live in /lib/x86_64-linux-gnu; /lib and
# /lib64 are symlinks into /usr there: keep both spellings resolvable.
if [[ -d "$fs/usr/lib" && ! -e "$fs/lib" ]]; then ln -s usr/lib "$fs/lib"; fi
if [[ -d "$fs/usr/lib64" && ! -e "$fs/lib64" ]]; then ln -s usr/lib64 "$fs/lib64"; fi

printf 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n' \
    > "$fs/etc/passwd"
printf 'root:x:0:\nnonroot:x:65532:\n' > "$fs/etc/group"
printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost\n' > "$fs/etc/hosts"
printf 'passwd: files\ngroup: files\nhosts: files dns\n' > "$fs/etc/nsswitch.conf"
mkdir -p "$fs/root" "$fs/home/nonroot"
chown 65532:65532 "$fs/home/nonroot"

# The docker-save layout: one layer, its config naming the layer's digest (diff_id), a manifest listing both.
img="$out/image"
mkdir -p "$img"
tar --numeric-owner --sort=name --mtime=@0 -C "$fs" -cf "$img/layer.tar" .
diff_id="sha256:$(sha256sum "$img/layer.tar" | cut -d' ' -f1)"
jv="$("$fs/opt/java/openjdk/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.runtime\.version = //p')"
cat > "$img/config.json" <<JSON
{"architecture":"amd64","os":"linux",
 "config":{"Env":["PATH=/opt/java/openjdk/bin:/usr/local/bin:/usr/bin:/bin","JAVA_HOME=/opt/java/openjdk",
   "JAVA_VERSION=$jv","LANG=C.UTF-8"],"WorkingDir":"/"},
 "rootfs":{"type":"layers","diff_ids":["$diff_id"]},
 "history":[{"created":"1970-01-01T00:00:00Z","created_by":"deploy/image/offline-base.sh: jlink $modules"}]}
JSON
echo '[{"Config":"config.json","RepoTags":["timelab-base:local"],"Layers":["layer.tar"]}]' > "$img/manifest.json"
tar -C "$img" -cf "$out/timelab-base.tar" manifest.json config.json layer.tar
rm -rf "$img"
echo "offline-base: $out/timelab-base.tar ($(du -h "$out/timelab-base.tar" | cut -f1), java $jv from $jdk)"
