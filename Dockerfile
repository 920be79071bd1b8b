# Loopline image: build with the Maven Wrapper, run on a JRE.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
RUN ./mvnw -B -q dependency:go-offline
COPY frontend-assets frontend-assets
COPY src src
RUN ./mvnw -B -q package -DskipTests

FROM eclipse-temurin:17-jre
RUN useradd --system --home /app loopline && mkdir -p /data && chown loopline /data
WORKDIR /app
COPY --from=build /src/target/loopline-*.jar /app/loopline.jar
USER loopline
ENV LOOPLINE_DATA_DIR=/data
VOLUME /data
EXPOSE 8080 9092
# ZGC: branch databases are served from this JVM, and G1's pauses would stall their clients (see bench/README.md)
ENTRYPOINT ["java", "-XX:+UseZGC", "-jar", "/app/loopline.jar"]
