# mooring's container image: builds target/mooring.jar with Maven on JDK 21, then runs it on a
# JRE 21 as the non-root user 10001. With no command it runs the daemon on $MOORING_REPO (see
# src/main/docker/entrypoint.sh); ECS passes its own command, such as "run --repo URL ...".
#
# Both base images are pinned by the digest of their multi-platform index, which covers
# linux/amd64 and linux/arm64 among others. The tag names the release behind that digest, so
# update tag and digest together.

FROM maven:3.9.11-eclipse-temurin-21@sha256:6fdc855a6ed81d288ca7ca37ac6ff5e9308b612485c0801d70b25a858c83d237 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q -ntp dependency:go-offline
COPY src ./src
RUN mvn -B -q -ntp package -DskipTests

# Temurin 21.0.11+10 JRE on Ubuntu 26.04. It includes curl, which the task definition's health
# check calls.
FROM eclipse-temurin:21.0.11_10-jre@sha256:8ec353b20d3aab0758572236b81b967c7077c40c4d0819ce97f9a1329d684603

# /var/lib/mooring is the only path that mooring writes: the git checkout, java.io.tmpdir and
# JGit's user configuration. Everything else can be mounted read-only.
ENV MOORING_HOME=/var/lib/mooring \
    HOME=/var/lib/mooring \
    XDG_CONFIG_HOME=/var/lib/mooring/.config

RUN groupadd --system --gid 10001 mooring \
    && useradd --system --uid 10001 --gid 10001 --home-dir /var/lib/mooring --no-create-home \
        --shell /usr/sbin/nologin mooring \
    && install -d -o 10001 -g 10001 -m 0750 /var/lib/mooring

COPY --from=build --chmod=0444 /src/target/mooring.jar /opt/mooring/mooring.jar
COPY --from=build --chmod=0555 /src/src/main/docker/entrypoint.sh /opt/mooring/entrypoint.sh

# A numeric user, so that a platform can check that it is not root without reading /etc/passwd.
USER 10001:10001
WORKDIR /var/lib/mooring
VOLUME ["/var/lib/mooring"]

# The HTTP port of "mooring run" (--port): /healthz, /readyz and /status.
EXPOSE 8080

# No HEALTHCHECK: on ECS the task definition's health check (the Service document's healthCheck)
# decides whether the container is healthy, and a one-off command such as "plan" has no server to
# check.
ENTRYPOINT ["/opt/mooring/entrypoint.sh"]
