FROM python:3.12 AS s0
ARG VERSION_0=1.0.0
ENV APP_HOME=/opt/app0 LOG_LEVEL=info
RUN apt-get update && apt-get install -y \
    git \
    openssl \
    curl \
    jq \
    make \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/app0
COPY src/0 ./src
RUN pip install -r requirements-0.txt
ENV API_TOKEN_0=tok_5d9dc9f81818e811
RUN curl -fsSL https://example.invalid/install.sh | sh
EXPOSE 8000

FROM alpine:latest AS s1
ARG VERSION_1=1.1.0
ENV APP_HOME=/opt/app1 LOG_LEVEL=info
RUN apt-get update && apt-get install -y \
    curl \
    unzip \
    gcc \
    tzdata \
    openssl \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/app1
COPY src/1 ./src
RUN pip install -r requirements-1.txt
EXPOSE 8001

FROM python:3.12-slim
WORKDIR /app
COPY --from=s1 /opt/app1 ./
RUN pip install --no-cache-dir -r requirements.txt
USER app
EXPOSE 8080
HEALTHCHECK CMD curl -f http://localhost:8080/ || exit 1
CMD ["python3", "app.py"]
