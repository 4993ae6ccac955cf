# syntax=docker/dockerfile:1
# The StatusStream server image: built with JDK 21, run on a JRE 21 as an unprivileged user.
#   docker build -t statusstream .
#   docker run -p 8080:8080 -e STATUS_DATABASE_URL=postgres://u:p@db/status -e STATUS_REDIS_URL=redis://redis:6379 statusstream
# The operator CLI is in the image too: docker exec <container> status list

FROM eclipse-temurin:21-jdk AS build
WORKDIR /src
COPY . .
# the cache mount keeps downloaded dependencies between builds
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q -ntp -DskipTests package

FROM eclipse-temurin:21-jre
RUN groupadd --system statusstream \
 && useradd --system --gid statusstream --home-dir /var/lib/statusstream --create-home --shell /usr/sbin/nologin statusstream \
 && printf '#!/bin/sh\nexec java -jar /opt/statusstream/status-cli.jar "$@"\n' > /usr/local/bin/status \
 && chmod 755 /usr/local/bin/status
COPY --from=build /src/status-server/target/status-server.jar /src/status-cli/target/status-cli.jar /opt/statusstream/
USER statusstream
WORKDIR /var/lib/statusstream
# the JVM flags measured best for many streams (README, "Running many streams")
ENV STATUS_HOST=0.0.0.0 \
    STATUS_PORT=8080 \
    STATUS_DATA_DIR=/var/lib/statusstream \
    JAVA_TOOL_OPTIONS="-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
EXPOSE 8080
# alive, not ready: /readyz fails while PostgreSQL is away, and the node keeps serving its last snapshot then
HEALTHCHECK --interval=10s --timeout=3s --start-period=40s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${STATUS_PORT} && printf 'GET /healthz HTTP/1.0\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
# SIGTERM ends every stream cleanly so browsers reconnect to another node
STOPSIGNAL SIGTERM
ENTRYPOINT ["java", "-jar", "/opt/statusstream/status-server.jar"]
